"""Topic models: tidy outputs, reproducibility with a seed, coherence by hand, grid over k."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import policytext as pt


@pytest.fixture(scope="module")
def d(corpus_raw: Path) -> pt.DFM:
    idx = pd.read_csv(corpus_raw / "INDEX.csv").set_index("doc_id")
    ids = ["gwr_2016", "gwr_2017", "gwr_2018", "gwr_2019", "gwr_2020"] + [
        f"plenum_communique_{y}" for y in (2003, 2004, 2006, 2008, 2010)
    ]
    texts = {i: (corpus_raw / idx.loc[i, "path"]).read_bytes().decode(idx.loc[i, "encoding"]) for i in ids}
    seg = pt.Segmenter(stopwords="default")
    full = pt.dfm(pt.tokens(pt.Corpus(texts), segmenter=seg))
    keep = [f for f in full.features if len(f) > 1 and not f.isdigit()]
    return pt.dfm_trim(full.select(keep), min_docfreq=0.2, max_docfreq=0.9, docfreq_type="prop", max_features=800)


@pytest.mark.parametrize("method", ["lda", "nmf"])
def test_fit_topics_tidy_and_reproducible(d: pt.DFM, method: str) -> None:
    a = pt.fit_topics(d, k=2, method=method, random_state=7, max_iter=30)
    b = pt.fit_topics(d, k=2, method=method, random_state=7, max_iter=30)
    pd.testing.assert_frame_equal(a.topic_terms, b.topic_terms)
    pd.testing.assert_frame_equal(a.doc_topics, b.doc_topics)
    assert list(a.topic_terms.columns) == ["topic", "feature", "weight", "rank"]
    assert list(a.doc_topics.columns) == ["doc_id", "topic", "weight"]
    sums = a.doc_topics.groupby("doc_id")["weight"].sum()
    np.testing.assert_allclose(sums.values, 1.0)
    np.testing.assert_allclose(a.components.sum(axis=1), 1.0)
    for _, g in a.topic_terms.groupby("topic"):
        assert g["rank"].tolist() == list(range(1, 21)) and g["weight"].is_monotonic_decreasing
    # the two genres separate: every GWR shares its dominant topic, every communiqué the other
    dom = a.doc_topics.loc[a.doc_topics.groupby("doc_id")["weight"].idxmax()].set_index("doc_id")["topic"]
    gw = {dom[i] for i in dom.index if i.startswith("gwr")}
    co = {dom[i] for i in dom.index if i.startswith("plenum")}
    assert len(gw) == 1 and len(co) == 1 and gw != co


def test_coherence_hand_values() -> None:
    d = pt.dfm([["脱贫", "扶贫", "攻坚"], ["脱贫", "扶贫"], ["改革", "攻坚"], ["改革"]])
    # UMass, terms in rank order [脱贫, 扶贫, 改革]: D(扶贫,脱贫)=2, D(脱贫)=2; D(改革,脱贫)=0; D(改革,扶贫)=0
    u = pt.textstat.coherence(d, [["脱贫", "扶贫", "改革"]], "umass")[0]
    assert u == pytest.approx(math.log(3 / 2) + math.log(1 / 2) + math.log(1 / 2))
    # NPMI: 脱贫/扶贫 p=2/4 with p(each)=2/4 -> ln(0.5/0.25)/-ln 0.5 = 1; pairs with 改革 never together -> -1
    n = pt.textstat.coherence(d, [["脱贫", "扶贫", "改革"]], "npmi")[0]
    assert n == pytest.approx((1 - 1 - 1) / 3)


def test_topic_grid_and_choose_k(d: pt.DFM) -> None:
    g = pt.topic_grid(d, [2, 3], method="nmf", measure="npmi", random_state=0, max_iter=200)
    assert g["k"].tolist() == [2, 3] and list(g.columns) == ["k", "coherence", "coherence_sd", "measure", "method"]
    assert g["coherence"].between(-1, 1).all()
    best = pt.choose_k(d, [2, 3], method="nmf", measure="npmi", random_state=0, max_iter=200)
    assert best == int(g.loc[g["coherence"].idxmax(), "k"])
