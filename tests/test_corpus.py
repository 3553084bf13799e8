"""The Corpus class on real documents: indexing, subset, group, segment, to_frame."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policytext as pt
from policytext.errors import DocvarsError


@pytest.fixture(scope="module")
def index(corpus_raw: Path) -> pd.DataFrame:
    return pd.read_csv(corpus_raw / "INDEX.csv").set_index("doc_id")


@pytest.fixture(scope="module")
def corpus(corpus_raw: Path) -> pt.Corpus:
    files = [corpus_raw / "national_gwr" / f"gwr_{y}.txt" for y in (2019, 2020, 2022, 2024)]
    files += sorted((corpus_raw / "communiques").glob("plenum_communique_20*.txt"))
    return pt.read_corpus(files, docvars=corpus_raw / "INDEX.csv", extra_docvars="drop", clean=False)


def test_indexing(corpus: pt.Corpus, corpus_raw: Path) -> None:
    assert corpus.doc_ids == sorted(corpus.doc_ids)
    assert corpus["gwr_2024"] == (corpus_raw / "national_gwr" / "gwr_2024.txt").read_text("utf-8")
    sub = corpus[["gwr_2024", "gwr_2019"]]
    assert sub.doc_ids == ["gwr_2024", "gwr_2019"]
    assert sub.docvars["speaker"].tolist() == ["李强", "李克强"]
    assert sub.provenance.index.tolist() == ["gwr_2024", "gwr_2019"]
    assert "gwr_2019" in corpus and "gwr_1900" not in corpus
    with pytest.raises(KeyError, match="gwr_1900"):
        corpus["gwr_1900"]
    ids = [d for d, _ in corpus]
    assert ids == corpus.doc_ids and len(corpus) == len(ids)


def test_subset(corpus: pt.Corpus, index: pd.DataFrame) -> None:
    assert corpus.subset(genre="gwr").doc_ids == ["gwr_2019", "gwr_2020", "gwr_2022", "gwr_2024"]
    assert corpus.subset(speaker="李克强", year=[2019, 2022]).doc_ids == ["gwr_2019", "gwr_2022"]
    late = corpus.subset(genre="communique", year=lambda y: y >= 2020).doc_ids
    assert late == ["plenum_communique_2020", "plenum_communique_2022", "plenum_communique_2023"]
    mask = [t.count("改革") > 60 for t in corpus.texts]
    assert corpus.subset(mask).doc_ids == [d for d, m in zip(corpus.doc_ids, mask, strict=True) if m]
    with pytest.raises(KeyError, match="no docvar 'province'"):
        corpus.subset(province="北京市")


def test_group(corpus: pt.Corpus, index: pd.DataFrame) -> None:
    g = corpus.group("genre")
    assert g.doc_ids == ["communique", "gwr"]
    n_comm = sum(d.startswith("plenum_communique_20") for d in index.index)
    assert g.docvars.loc["communique", "n_docs"] == n_comm
    assert g.docvars.loc["gwr", "doc_ids"] == "gwr_2019;gwr_2020;gwr_2022;gwr_2024"
    assert g["gwr"] == "\n\n".join(corpus[d] for d in ["gwr_2019", "gwr_2020", "gwr_2022", "gwr_2024"])
    assert g.docvars.loc["gwr", "speaker"] == "李克强;李强"  # differing values are joined


def test_segment_paragraphs_and_sentences(corpus: pt.Corpus) -> None:
    paras = corpus[["gwr_2024"]].segment("paragraph")
    # the first four non-blank lines of the 2024 report, read by hand
    assert paras.texts[:4] == ["政府工作报告", "——2024年3月5日在第十四届全国人民代表大会第二次会议上",
                               "国务院总理\u2002李强", "各位代表："]
    sents = corpus[["gwr_2024"]].segment("sentence")
    assert "现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。" in sents.texts
    text = corpus["gwr_2024"]
    for seg in (paras, sents):
        dv = seg.docvars
        assert set(dv["parent_id"]) == {"gwr_2024"} and dv["speaker"].eq("李强").all()
        for sid, s in seg:
            assert text[dv.loc[sid, "start"]:dv.loc[sid, "end"]] == s
    assert len(paras) == len([line for line in text.split("\n") if line.strip()])
    assert len(sents) >= text.count("。") - text.count("。”")


def test_to_frame(corpus: pt.Corpus) -> None:
    f = corpus.to_frame()
    assert f.columns[:2].tolist() == ["doc_id", "text"]
    assert f["doc_id"].tolist() == corpus.doc_ids and f["text"].tolist() == corpus.texts
    assert f.set_index("doc_id").loc["gwr_2020", "year"] == 2020


def test_constructor_checks() -> None:
    assert pt.Corpus(["坚持发展。", "深化改革。"]).doc_ids == ["text1", "text2"]
    with pytest.raises(DocvarsError, match=r"no row for \['b'\]; rows without a document \['c'\]"):
        pt.Corpus({"a": "x", "b": "y"}, docvars=pd.DataFrame({"v": [1, 2]}, index=["a", "c"]))
    with pytest.raises(TypeError, match="document 'a': text must be str"):
        pt.Corpus({"a": 1})  # type: ignore[dict-item]


_TEXT = st.text(st.sampled_from(list("坚持发展改革。！？；\n “”ab ")), max_size=80)


@settings(max_examples=100, deadline=None)
@given(_TEXT, st.sampled_from(["paragraph", "sentence"]))
def test_segments_cover_the_text(text: str, by: str) -> None:
    """Segments are exact, ordered, non-overlapping slices that together hold every non-space character."""
    seg = pt.Corpus({"d": text}).segment(by)
    dv = seg.docvars
    prev_end = 0
    pieces = []
    for sid, s in seg:
        start, end = int(dv.loc[sid, "start"]), int(dv.loc[sid, "end"])
        assert text[start:end] == s and s == s.strip() and s
        assert start >= prev_end
        prev_end = end
        pieces.append(s)
    assert re.sub(r"\s", "", "".join(pieces)) == re.sub(r"\s", "", text)
