"""DFM construction, grouping, trimming, weighting and the scikit-learn vectorizer, on real reports."""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

import policytext as pt

YEARS = ["gwr_2018", "gwr_2019", "gwr_2020"]


def load(corpus_raw: Path, doc_ids: list[str]) -> pt.Corpus:
    """Decode shared files with INDEX.csv's encoding (independent of the reader)."""
    idx = pd.read_csv(corpus_raw / "INDEX.csv").set_index("doc_id").loc[doc_ids]
    texts = {
        d: (corpus_raw / r["path"]).read_bytes().decode(r["encoding"]).replace("\r\n", "\n")
        for d, r in idx.iterrows()
    }
    return pt.Corpus(texts, docvars=idx[["year", "level", "speaker"]])


@pytest.fixture(scope="module")
def toks(corpus_raw: Path) -> pt.Tokens:
    return pt.tokens(load(corpus_raw, YEARS))


@pytest.fixture(scope="module")
def d(toks: pt.Tokens) -> pt.DFM:
    return pt.dfm(toks)


def test_dfm_counts_equal_counter_of_tokens(toks: pt.Tokens, d: pt.DFM) -> None:
    lists = toks.to_lists()
    for i, words in enumerate(lists):
        expected = Counter(words)
        row = d.matrix.getrow(i)
        got = {d.features[j]: int(v) for j, v in zip(row.indices, row.data, strict=True)}
        assert got == dict(expected)
    assert d.matrix.dtype == np.int64 and sp.isspmatrix_csr(d.matrix)
    assert d.features == sorted(d.features)
    assert d.doc_ids == YEARS
    assert list(d.docvars["year"]) == [2018, 2019, 2020]
    np.testing.assert_array_equal(d.ntokens, [len(w) for w in lists])


def test_dfm_equals_sklearn_countvectorizer_on_same_tokens(toks: pt.Tokens, d: pt.DFM) -> None:
    cv = CountVectorizer(analyzer=lambda x: x)
    x = cv.fit_transform(toks.to_lists())
    names = list(cv.get_feature_names_out())
    assert sorted(names) == d.features
    order = np.argsort(np.asarray(names, dtype=object).astype(str), kind="stable")
    assert (x[:, order] != d.to_sklearn()).nnz == 0
    # one-character words such as 党 are features (CountVectorizer's default token_pattern drops them)
    assert "党" in d.features and d.to_frame()["党"].min() > 0


def test_dfm_is_sparse(d: pt.DFM) -> None:
    n, v = d.shape
    assert d.nnz < n * v
    assert d.nbytes == d.matrix.data.nbytes + d.matrix.indices.nbytes + d.matrix.indptr.nbytes
    assert d.nbytes < n * v * 8


def test_group_by_docvar_sums_rows(d: pt.DFM) -> None:
    dv = d.docvars.copy()
    dv["period"] = ["first", "first", "second"]
    d2 = pt.DFM(d.matrix, d.features, d.doc_ids, dv, d.ntokens)
    g = pt.dfm_group(d2, by="period")
    assert g.doc_ids == ["first", "second"]
    dense = d.matrix.toarray()
    np.testing.assert_array_equal(g.matrix.toarray(), np.vstack([dense[:2].sum(0), dense[2]]))
    assert list(g.docvars["n_docs"]) == [2, 1]
    assert list(g.docvars["speaker"]) == ["李克强", "李克强"]  # constant within groups: kept
    assert "year" not in g.docvars.columns  # varies within a group: dropped
    np.testing.assert_array_equal(g.ntokens, [d.ntokens[:2].sum(), d.ntokens[2]])


def test_trim_by_count_and_docfreq(d: pt.DFM) -> None:
    tf = d.featfreq()
    df = d.docfreq()
    t = pt.dfm_trim(d, min_termfreq=10, min_docfreq=3)
    expected = [f for f, a, b in zip(d.features, tf, df, strict=True) if a >= 10 and b >= 3]
    assert t.features == expected and len(expected) > 50
    t2 = pt.dfm_trim(d, max_docfreq=0.34, docfreq_type="prop")  # in one document only
    assert t2.features == [f for f, b in zip(d.features, df, strict=True) if b == 1]
    t3 = pt.dfm_trim(d, max_features=5)
    top = np.lexsort((np.arange(tf.size), -tf))[:5]
    assert set(t3.features) == {d.features[j] for j in top}


def test_weights(d: pt.DFM) -> None:
    p = pt.dfm_weight(d, "prop")
    np.testing.assert_allclose(np.asarray(p.matrix.sum(axis=1)).ravel(), 1.0)
    j = d.features.index("发展")
    counts = d.matrix[:, j].toarray().ravel()
    per = pt.dfm_weight(d, "per_10k").matrix[:, j].toarray().ravel()
    np.testing.assert_allclose(per, counts / d.ntokens * 10000)
    b = pt.dfm_weight(d, "boolean")
    assert set(np.unique(b.matrix.data)) == {1.0} and b.nnz == d.nnz
    # per_10k keeps the all-token denominator after trimming
    t = pt.dfm_trim(d, min_termfreq=50)
    np.testing.assert_allclose(pt.dfm_weight(t, "per_10k").matrix[:, t.features.index("发展")].toarray().ravel(), per)
    with pytest.raises(ValueError):
        pt.dfm_weight(p, "prop")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["党", "的", "领导", "改革", "开放", "脱贫攻坚"]), max_size=12), min_size=1, max_size=6))
def test_dfm_property_counts(lists: list[list[str]]) -> None:
    d = pt.dfm(lists)
    dense = d.matrix.toarray()
    for i, words in enumerate(lists):
        c = Counter(words)
        assert {f: int(dense[i, j]) for j, f in enumerate(d.features) if dense[i, j]} == dict(c)
    assert dense.sum() == sum(len(w) for w in lists)


def test_select_and_subset(d: pt.DFM) -> None:
    s = d[["gwr_2020"]].select(["改革", "发展", "不存在的词"])
    assert s.shape == (1, 2) and s.features == ["发展", "改革"]
    assert d[np.array([True, False, True])].doc_ids == ["gwr_2018", "gwr_2020"]


# --- PolicyVectorizer ------------------------------------------------------------------------------------
def test_vectorizer_matches_dfm_and_is_clonable_picklable(corpus_raw: Path) -> None:
    c = load(corpus_raw, YEARS)
    seg = pt.Segmenter()
    v = pt.PolicyVectorizer(segmenter=seg, drop_punct=False)
    x = v.fit_transform(c)
    d = pt.dfm(pt.tokens(c, segmenter=seg))
    assert list(v.get_feature_names_out()) == d.features
    assert (x != d.matrix).nnz == 0
    v2 = clone(v)
    assert v2.get_params()["drop_punct"] is False and not hasattr(v2, "vocabulary_")
    v3 = pickle.loads(pickle.dumps(v))
    assert (v3.transform(c.texts) != x).nnz == 0


def test_vectorizer_in_pipeline() -> None:
    docs = ["坚持党的全面领导，加强党的建设", "全面从严治党，党风廉政建设", "扩大内需，稳定经济增长", "深化改革，促进经济发展"]
    y = [1, 1, 0, 0]
    pipe = Pipeline([("vec", pt.PolicyVectorizer(min_df=1)), ("clf", LogisticRegression(random_state=0))])
    pipe.fit(docs, y)
    assert list(pipe.predict(["党的建设"])) == [1]
    names = pipe.named_steps["vec"].get_feature_names_out()
    assert "党" in names and "，" not in names  # punctuation dropped, one-character words kept
    assert pickle.loads(pickle.dumps(pipe)).predict(["经济增长"])[0] == 0


def test_remove_punct_and_numbers_hand_checked() -> None:
    # 2019 report: "国内生产总值增长6.6%，总量突破90万亿元。" — hand tokenization: words, the number 6.6%, punctuation
    toks = [["国内", "生产总值", "增长", "6.6%", "，", "总量", "突破", "90", "万亿元", "。"],
            ["全年", "城镇", "新增", "就业", "１３６１", "万人", "——", "“", "稳", "就业", "”"]]
    d = pt.dfm(toks, doc_ids=["a", "b"], remove_punct=True, remove_numbers=True)
    assert sorted(d.features) == sorted(["国内", "生产总值", "增长", "总量", "突破", "万亿元", "全年", "城镇",
                                         "新增", "就业", "万人", "稳"])
    assert d.to_frame().loc["b", "就业"] == 2
    # per-10k denominators count the remaining words only: 6 in a, 7 in b
    assert d.ntokens.tolist() == [6.0, 7.0]
    kept = pt.dfm(toks, doc_ids=["a", "b"])
    assert {"，", "。", "——", "“", "”", "6.6%", "90", "１３６１"} <= set(kept.features)
    assert kept.ntokens.tolist() == [10.0, 11.0]


def test_remove_punct_on_real_report(toks: pt.Tokens, d: pt.DFM) -> None:
    clean = pt.dfm(toks, remove_punct=True)
    top = pt.frequency(clean, n=5)["feature"].tolist()
    assert all(any("\u4e00" <= c <= "\u9fff" for c in w) for w in top), top
    # nothing but punctuation was dropped: every word feature keeps its count
    full = d.to_frame()
    part = clean.to_frame()
    assert (full[part.columns] == part).all().all()
    dropped = set(d.features) - set(clean.features)
    assert {"，", "。", "、"} <= dropped
    assert not [w for w in dropped if any("\u4e00" <= c <= "\u9fff" or c.isalnum() for c in w)]
