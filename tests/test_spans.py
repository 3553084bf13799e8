"""protected_spans: the one rule shared by the tokenizer and find_numbered."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policytext as pt
from policytext.slogans import protected_spans
from policytext.slogans import spans as spans_mod
from policytext.slogans.numbered import numbered_spans


def test_issue8_examples_are_single_spans() -> None:
    text = ("协调推进“四个全面”战略布局，实施“五个一批”，做好三件大事：一是甲。二是乙。三是丙。"
            "解决“两不愁三保障”，开启“十四五”，打造“5个100工程”“1+7”平台，推进“百千万”工程和“双服务”活动")
    got = [text[s:e] for s, e in protected_spans(text)]
    for want in ("四个全面", "五个一批", "三件大事", "两不愁三保障", "十四五", "5个100工程", "1+7", "百千万", "双服务"):
        assert want in got, want


def test_numbered_spans_equal_find_numbered(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    df = pt.find_numbered(text)
    numbered = protected_spans(text, kinds=("numbered",))
    assert numbered == list(zip(df.start.tolist(), df.end.tolist(), strict=False))


def test_quoted_only() -> None:
    text = "形成“九牛爬坡，个个使劲”的局面，树立“一盘棋”思想，当好“风向标”"
    got = [text[s:e] for s, e in protected_spans(text, kinds=("quoted",))]
    assert got == ["一盘棋", "风向标"]  # the long quote with a comma is not a slogan


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="一二两三四五六个大条“”、，。十双百千万全面工程1+7是山水", max_size=60))
def test_sorted_non_overlapping(s: str) -> None:
    spans = protected_spans(s)
    assert spans == sorted(spans)
    assert all(0 <= a < b <= len(s) for a, b in spans)
    assert all(x[1] <= y[0] for x, y in zip(spans, spans[1:], strict=False))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_unicode(s: str) -> None:
    for a, b in protected_spans(s):
        assert 0 <= a < b <= len(s)


def _find_numbered_spans(text: str) -> list[tuple[int, int]]:
    """The reference: spans of the full matcher (members, document-level members, DataFrame) via find_numbered."""
    df = pt.find_numbered(text)
    return list(zip(df.start.tolist(), df.end.tolist(), strict=True))


def test_fast_path_equals_find_numbered_on_whole_corpus(shared_texts: dict[str, str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The spans-only scanner gives exactly find_numbered's spans, and protected_spans is unchanged by it.

    protected_spans is computed twice on every document of the shared corpus: with its fast numbered path and
    with the numbered spans taken from find_numbered's DataFrame.
    """
    assert len(shared_texts) > 100
    fast = {d: protected_spans(t) for d, t in shared_texts.items()}
    fast_numbered = {d: numbered_spans(t) for d, t in shared_texts.items()}
    monkeypatch.setattr(spans_mod, "numbered_spans", _find_numbered_spans)
    n_numbered = 0
    for d, t in shared_texts.items():
        ref_numbered = _find_numbered_spans(t)
        n_numbered += len(ref_numbered)
        assert fast_numbered[d] == ref_numbered, d
        assert fast[d] == protected_spans(t), d
    assert n_numbered > 5000  # the corpus exercises the matcher (6,565 mentions when written)


def test_fast_path_keeps_document_level_labels() -> None:
    """A bare count label is a span where the document accepts it elsewhere (quoted), not otherwise."""
    text = "今年要办好“十件民生实事”。围绕十件民生实事，加大投入。"
    got = [text[s:e] for s, e in numbered_spans(text)]
    assert got == ["十件民生实事", "十件民生实事"]
    alone = "围绕十件民生实事，加大投入。"
    assert numbered_spans(alone) == _find_numbered_spans(alone) == []
