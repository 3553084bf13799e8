"""similarity() against scikit-learn / numpy / scipy on real reports; one-character words count."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import jaccard
from sklearn.metrics.pairwise import cosine_similarity

import policytext as pt


@pytest.fixture(scope="module")
def d(corpus_raw: Path) -> pt.DFM:
    idx = pd.read_csv(corpus_raw / "INDEX.csv").set_index("doc_id")
    ids = ["gwr_2016", "gwr_2017", "gwr_2019", "gwr_2020", "plenum_communique_2010"]
    texts = {i: (corpus_raw / idx.loc[i, "path"]).read_bytes().decode(idx.loc[i, "encoding"]) for i in ids}
    return pt.dfm(pt.tokens(pt.Corpus(texts)))


def test_cosine_equals_sklearn(d: pt.DFM) -> None:
    s = pt.similarity(d, "cosine")
    np.testing.assert_allclose(s.values, cosine_similarity(d.to_sklearn()), rtol=1e-10)
    w = pt.tfidf(d)
    np.testing.assert_allclose(pt.similarity(w).values, cosine_similarity(w.to_sklearn()), rtol=1e-10)
    assert list(s.index) == d.doc_ids
    # consecutive GWRs are more alike than a GWR and a plenum communiqué
    assert s.loc["gwr_2016", "gwr_2017"] > s.loc["gwr_2016", "plenum_communique_2010"]


def test_jaccard_and_correlation(d: pt.DFM) -> None:
    dense = d.matrix.toarray()
    jac = pt.similarity(d, "jaccard")
    for i in range(len(d.doc_ids)):
        for j in range(len(d.doc_ids)):
            assert jac.iloc[i, j] == pytest.approx(1 - jaccard(dense[i] > 0, dense[j] > 0))
    cor = pt.similarity(d, "correlation")
    np.testing.assert_allclose(cor.values, np.corrcoef(dense), rtol=1e-9)
    tidy = pt.similarity(d, "cosine", tidy=True)
    assert len(tidy) == 10 and list(tidy.columns) == ["doc_id1", "doc_id2", "similarity"]


def test_one_character_words_count() -> None:
    d = pt.dfm([["坚持", "党", "的", "领导"], ["坚持", "的", "领导"]], doc_ids=["a", "b"])
    assert pt.similarity(d, "jaccard").loc["a", "b"] == pytest.approx(3 / 4)
    assert pt.similarity(d, "cosine").loc["a", "b"] == pytest.approx(3 / (2 * np.sqrt(3)))
    feat = pt.similarity(d, "cosine", margin="features")
    assert feat.loc["党", "坚持"] == pytest.approx(1 / np.sqrt(2))
