"""text_length: the published counting conventions, against an independent count (unicodedata names)."""

from __future__ import annotations

import unicodedata

import pytest

import policytext as pt


def test_conventions_against_unicodedata(shared_texts: dict[str, str]) -> None:
    docs = {d: t for d, t in sorted(shared_texts.items())[:20]}
    c = pt.Corpus(docs)
    han = pt.text_length(c, "han")
    word = pt.text_length(c, "word")
    allc = pt.text_length(c, "all")
    for d, t in docs.items():
        assert allc[d] == len(t)
        assert han[d] == sum(unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH") for ch in t
                             if ch <= "\u9fff")
        # \w: letters, digits and ideographs (Unicode categories L*, N*, plus the underscore)
        assert word[d] == sum(unicodedata.category(ch)[0] in "LN" or ch == "_" for ch in t)
    assert han.name == "n_chars_han" and list(han.index) == list(docs)


def test_hand_counted_sentence_and_bad_convention() -> None:
    c = pt.Corpus({"a": "各位代表：\n2024年，GDP增长5.2%。"})  # Han 7; \w 16 (4 + 2024 + 年 + GDP + 2 + 5 + 2); all 22
    assert [int(pt.text_length(c, k)["a"]) for k in ("han", "word", "all")] == [7, 16, 22]
    with pytest.raises(ValueError, match="convention must be one of"):
        pt.text_length(c, "chars")
