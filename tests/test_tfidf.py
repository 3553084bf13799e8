"""TF-IDF equals scikit-learn's TfidfVectorizer on the same tokens (real reports) and hand values."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

import policytext as pt


@pytest.fixture(scope="module")
def lists(corpus_raw: Path) -> list[list[str]]:
    idx = pd.read_csv(corpus_raw / "INDEX.csv").set_index("doc_id")
    ids = ["gwr_2015", "gwr_2016", "gwr_2017", "gwr_2019", "gwr_2020", "congress_20th_2022"]
    texts = {d: (corpus_raw / idx.loc[d, "path"]).read_bytes().decode(idx.loc[d, "encoding"]) for d in ids}
    return pt.tokens(pt.Corpus(texts)).to_lists()


@pytest.mark.parametrize(
    "kw, sk",
    [
        ({}, {}),
        ({"tf": "log"}, {"sublinear_tf": True}),
        ({"idf_scheme": "plain"}, {"smooth_idf": False}),
        ({"norm": "l1"}, {"norm": "l1"}),
        ({"norm": None, "tf": "log", "idf_scheme": "plain"}, {"norm": None, "sublinear_tf": True, "smooth_idf": False}),
    ],
)
def test_tfidf_equals_sklearn(lists: list[list[str]], kw: dict, sk: dict) -> None:
    d = pt.dfm(lists)
    w = pt.tfidf(d, **kw)
    vec = TfidfVectorizer(analyzer=lambda x: x, **sk)
    x = vec.fit_transform(lists)
    names = vec.get_feature_names_out()
    order = np.argsort(names.astype(str), kind="stable")
    assert list(names[order]) == d.features
    np.testing.assert_allclose(w.matrix.toarray(), x[:, order].toarray(), rtol=1e-12, atol=1e-15)
    assert w.weighting == "tfidf"


def test_tfidf_hand_values() -> None:
    d = pt.dfm([["党", "建", "建"], ["党", "改革"], ["改革", "开放"]])
    w = pt.tfidf(d, idf_scheme="inverse", norm=None).to_frame()
    assert w.loc["text1", "建"] == pytest.approx(2 * math.log10(3 / 1))
    assert w.loc["text2", "党"] == pytest.approx(math.log10(3 / 2))
    aug = pt.tfidf(d, tf="augmented", idf_scheme="unary", norm=None).to_frame()
    assert aug.loc["text1", "党"] == pytest.approx(0.5 + 0.5 * 1 / 2)
    prop = pt.tfidf(d, tf="prop", idf_scheme="unary", norm=None).to_frame()
    assert prop.loc["text1", "建"] == pytest.approx(2 / 3)
    prob = pt.textstat.idf(d, "probabilistic")
    # 党: df=2 of 3 -> log10(1/2) < 0 -> floored at 0; 建: log10(2/1)
    assert prob[d.features.index("党")] == 0.0 and prob[d.features.index("建")] == pytest.approx(math.log10(2))
