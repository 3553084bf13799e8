"""tokens() and Tokens: compact ids, offsets, docvars, determinism across n_jobs."""

from __future__ import annotations

import csv
import multiprocessing
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policytext as pt


@pytest.fixture(scope="module")
def gwr_corpus(corpus_raw: Path) -> pt.Corpus:
    """National reports 2012–2024 plus the seed, decoded with their INDEX.csv encodings, with docvars."""
    texts: dict[str, str] = {}
    rows: dict[str, dict[str, object]] = {}
    with open(corpus_raw / "INDEX.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            keep = row["genre"] == "gwr" and row["level"] == "national" and int(row["year"]) >= 2012
            if keep or row["path"].startswith("local_speeches/"):
                texts[row["doc_id"]] = (corpus_raw / row["path"]).read_bytes().decode(row["encoding"])
                rows[row["doc_id"]] = {"year": int(row["year"]), "genre": row["genre"]}
    return pt.Corpus(texts, docvars=pd.DataFrame.from_dict(rows, orient="index"))


@pytest.fixture(scope="module")
def gwr_tokens(gwr_corpus: pt.Corpus) -> pt.Tokens:
    return pt.tokens(gwr_corpus)


def test_tokens_structure_and_docvars(gwr_corpus: pt.Corpus, gwr_tokens: pt.Tokens) -> None:
    t = gwr_tokens
    assert t.doc_ids == gwr_corpus.doc_ids
    assert list(t.docvars["year"]) == list(gwr_corpus.docvars["year"])
    assert t.ids.dtype == np.int32 and t.starts.dtype == np.int32 and t.indptr.dtype == np.int64
    assert len(t.indptr) == len(t) + 1 and t.indptr[-1] == len(t.ids)
    assert t.config_hash == pt.Segmenter().config_hash
    # 8 bytes per token (ids + starts), plus a negligible indptr
    assert (t.ids.nbytes + t.starts.nbytes) / len(t.ids) == 8
    assert t.nbytes / len(t.ids) < 8.01


def test_offsets_slice_the_cleaned_text(gwr_tokens: pt.Tokens) -> None:
    t = gwr_tokens
    assert t.texts is not None
    lens = np.array([len(w) for w in t.vocab])
    for i in range(len(t)):
        a, b = t.indptr[i], t.indptr[i + 1]
        words = t[i]
        text = t.texts[i]
        starts = t.starts[a:b].tolist()
        assert all(text[s : s + len(w)] == w for w, s in zip(words, starts, strict=True))
        assert np.all(np.diff(t.starts[a:b]) >= lens[t.ids[a:b - 1]])
        # only whitespace is left out between tokens
        covered = "".join(words)
        assert covered == "".join(text.split())


def test_tokens_equal_segmenter_cut(gwr_corpus: pt.Corpus, gwr_tokens: pt.Tokens) -> None:
    seg = pt.Segmenter()
    for i, (doc_id, text) in enumerate(gwr_corpus):
        assert gwr_tokens[i] == [w for w in seg.cut(text) if not w.isspace()], doc_id
    assert gwr_tokens["gwr_2018"] == gwr_tokens[gwr_corpus.doc_ids.index("gwr_2018")]


def test_vocabulary_ids_by_first_occurrence(gwr_tokens: pt.Tokens) -> None:
    t = gwr_tokens
    first = {}
    for k in t.ids.tolist():
        first.setdefault(k, len(first))
    assert list(first) == list(range(len(t.vocab)))
    assert len(set(t.vocab)) == len(t.vocab)


@pytest.mark.slow
def test_identical_for_any_n_jobs_and_runs(gwr_corpus: pt.Corpus, gwr_tokens: pt.Tokens) -> None:
    from policytext.tokenize.parallel import shutdown_pools

    settings_list: list[dict[str, object]] = [
        {"n_jobs": 2}, {"n_jobs": 2, "start_method": "spawn"}, {"n_jobs": 2, "executor": "threads"}, {"n_jobs": 1}]
    if "fork" in multiprocessing.get_all_start_methods():
        settings_list.append({"n_jobs": 2, "start_method": "fork"})
    for kw in settings_list:
        shutdown_pools()  # each start method from a fresh pool
        other = pt.tokens(gwr_corpus, **kw)  # type: ignore[arg-type]
        assert other.vocab == gwr_tokens.vocab, kw
        assert np.array_equal(other.ids, gwr_tokens.ids), kw
        assert np.array_equal(other.starts, gwr_tokens.starts), kw
        assert np.array_equal(other.indptr, gwr_tokens.indptr), kw


@pytest.mark.slow
def test_process_pool_kept_between_calls(gwr_corpus: pt.Corpus) -> None:
    from policytext.tokenize.parallel import _POOLS, shutdown_pools

    shutdown_pools()
    small = gwr_corpus[["gwr_2019", "gwr_2020", "gwr_2024"]]
    first = pt.tokens(small, n_jobs=2)
    pools = list(_POOLS.values())
    assert len(pools) == 1
    assert pt.tokens(small, pt.Segmenter(), n_jobs=2).to_lists() == first.to_lists()
    assert list(_POOLS.values()) == pools  # same configuration: same workers
    pt.tokens(small, pt.Segmenter(stopwords="default"), n_jobs=2)
    assert len(_POOLS) == 1 and list(_POOLS.values()) != pools  # another configuration replaces it
    shutdown_pools()
    assert not _POOLS


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 10_000), max_size=60), st.integers(1, 8))
def test_batches_cover_documents_in_order(lengths: list[int], n_jobs: int) -> None:
    from policytext.tokenize.parallel import batches

    parts = batches(lengths, n_jobs)
    assert [i for r in parts for i in r] == list(range(len(lengths)))
    assert all(len(r) > 0 for r in parts)


def test_jieba_backend_in_process_matches(gwr_corpus: pt.Corpus) -> None:
    """The jieba backend with n_jobs=1 (its spawn pool runs the whole shared corpus in test_segmenter.py)."""
    small = gwr_corpus[["gwr_2019", "gwr_2020", "gwr_2024"]]
    ref = pt.tokens(small)
    got = pt.tokens(small, pt.Segmenter(backend="jieba"), n_jobs=1, progress=True)
    assert got.to_lists() == ref.to_lists()
    assert np.array_equal(got.starts, ref.starts) and got.vocab == ref.vocab


def test_stopwords_removed_offsets_kept() -> None:
    text = "各位代表，我们要坚持和发展中国特色社会主义。"
    t = pt.tokens([text], pt.Segmenter(stopwords="default"))
    assert t[0] == ["我们", "要", "坚持", "发展", "中国特色社会主义"]
    assert t.starts.tolist() == [5, 7, 8, 11, 13]


def test_remove_and_from_lists() -> None:
    t = pt.tokens(["坚持和发展", "改革和开放"])
    r = t.remove(["和"])
    assert r.to_lists() == [["坚持", "发展"], ["改革", "开放"]]
    assert r.starts.tolist() == [0, 3, 0, 3] and r.vocab == ["坚持", "发展", "改革", "开放"]
    f = pt.Tokens.from_lists([["坚持", "发展"], []], texts=["坚持 发展", ""])
    assert f.starts.tolist() == [0, 3] and f[1] == [] and len(f) == 2
    with pytest.raises(ValueError, match="not found"):
        pt.Tokens.from_lists([["改革"]], texts=["坚持"])


def test_empty_documents() -> None:
    t = pt.tokens(["", "   ", "发展"])
    assert t.to_lists() == [[], [], ["发展"]]
    assert t.indptr.tolist() == [0, 0, 0, 1]
    with pytest.raises(TypeError, match="list"):
        pt.tokens("发展")  # type: ignore[arg-type]


_PROPERTY_SEG = pt.Segmenter(stopwords=["的", "，"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="发展改革四个全面两不愁三保障 的，。“”\n1+7", max_size=30), min_size=1, max_size=5))
def test_property_tokens_match_cut(docs: list[str]) -> None:
    seg = _PROPERTY_SEG
    t = pt.tokens(docs, seg)
    assert t.to_lists() == [[w for w in seg.cut(d) if not w.isspace()] for d in docs]
    for i, d in enumerate(docs):
        for w, s in zip(t[i], t.starts[t.indptr[i] : t.indptr[i + 1]].tolist(), strict=True):
            assert d[s : s + len(w)] == w
