"""Keyness measures against scipy.stats.chi2_contingency and hand-computed values, on 2x2 tables and real reports."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency

import policytext as pt
from policytext.textstat.keyness import chi2, g2, log_odds_dirichlet, log_ratio, pmi


def test_chi2_2x2_hand_and_scipy() -> None:
    # a=10 in 1000 target tokens, b=5 in 2000 reference tokens; N = 3000, ad - bc = 15000
    hand = 3000 * 15000**2 / (15 * 2985 * 1000 * 2000)
    s, p = chi2(10, 5, 990, 1995)
    assert float(s) == pytest.approx(hand, rel=1e-12) == pytest.approx(7.537688442211)
    ref = chi2_contingency([[10, 5], [990, 1995]], correction=False)
    assert float(s) == pytest.approx(ref[0], rel=1e-12) and float(p) == pytest.approx(ref[1], rel=1e-10)
    # Yates: |O - E| = 15000 / 3000 = 5 -> 4.5
    hand_y = 4.5**2 * 3000**3 / (15 * 2985 * 1000 * 2000)
    sy, py = chi2(10, 5, 990, 1995, correction=True)
    ref_y = chi2_contingency([[10, 5], [990, 1995]], correction=True)
    assert float(sy) == pytest.approx(hand_y, rel=1e-12) == pytest.approx(ref_y[0], rel=1e-12)
    assert float(py) == pytest.approx(ref_y[1], rel=1e-10)
    # under-represented: negative sign, same magnitude
    assert float(chi2(5, 10, 1995, 990)[0]) == pytest.approx(-hand)


def test_g2_and_effect_sizes_hand() -> None:
    a, b, c, d = 10, 5, 990, 1995
    e = [15 * 1000 / 3000, 15 * 2000 / 3000, 2985 * 1000 / 3000, 2985 * 2000 / 3000]
    hand = 2 * sum(o * math.log(o / x) for o, x in zip([a, b, c, d], e, strict=True))
    s, p = g2(a, b, c, d)
    assert float(s) == pytest.approx(hand, rel=1e-12)
    ref = chi2_contingency([[a, b], [c, d]], correction=False, lambda_="log-likelihood")
    assert float(s) == pytest.approx(ref[0], rel=1e-12) and float(p) == pytest.approx(ref[1], rel=1e-10)
    assert float(log_ratio(a, b, 1000, 2000)) == pytest.approx(2.0)  # 1% vs 0.25%
    assert float(log_ratio(4, 0, 1000, 1000)) == pytest.approx(math.log2(4 / 0.5))  # zero -> 0.5
    assert float(pmi(a, b, 1000, 2000)) == pytest.approx(math.log2(10 * 3000 / (15 * 1000)))
    z, pz = log_odds_dirichlet(np.array([10.0, 990]), np.array([5.0, 1995]), 1000, 2000, np.array([1.0, 1.0]))
    hand_z = (math.log(11 / 991) - math.log(6 / 1996)) / math.sqrt(1 / 11 + 1 / 6)
    assert z[0] == pytest.approx(hand_z, rel=1e-12)
    assert pz[0] == pytest.approx(math.erfc(abs(hand_z) / math.sqrt(2)), rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 300), st.integers(0, 300), st.integers(1, 3000), st.integers(1, 3000), st.booleans())
def test_chi2_property_equals_scipy(a: int, b: int, c: int, d: int, corr: bool) -> None:
    s, p = chi2(a, b, c, d, correction=corr)
    ref = chi2_contingency([[a, b], [c, d]], correction=corr)
    assert abs(float(s)) == pytest.approx(ref[0], rel=1e-9, abs=1e-9)
    assert float(p) == pytest.approx(ref[1], rel=1e-7, abs=1e-12)


@pytest.fixture(scope="module")
def d(corpus_raw: Path) -> pt.DFM:
    idx = pd.read_csv(corpus_raw / "INDEX.csv").set_index("doc_id")
    ids = ["gwr_2018", "gwr_2019", "gwr_2020"]
    texts = {i: (corpus_raw / idx.loc[i, "path"]).read_bytes().decode(idx.loc[i, "encoding"]) for i in ids}
    return pt.dfm(pt.tokens(pt.Corpus(texts)))


@pytest.mark.parametrize("correction", [False, True])
def test_keyness_chi2_on_real_reports_equals_scipy_loop(d: pt.DFM, correction: bool) -> None:
    k = pt.keyness(d, "gwr_2020", measure="chi2", correction=correction)
    assert list(k.columns) == ["feature", "statistic", "p_value", "n_target", "n_reference", "measure"]
    m = d.to_frame()
    nt, nr = int(m.loc["gwr_2020"].sum()), int(m.drop(index="gwr_2020").values.sum())
    assert (k["n_target"].sum(), k["n_reference"].sum()) == (nt, nr)
    top = k.head(30)
    for row in top.itertuples():
        a = int(m.loc["gwr_2020", row.feature])
        b = int(m.loc[["gwr_2018", "gwr_2019"], row.feature].sum())
        assert (a, b) == (row.n_target, row.n_reference)
        ref = chi2_contingency([[a, b], [nt - a, nr - b]], correction=correction)
        assert abs(row.statistic) == pytest.approx(ref[0], rel=1e-9)
        assert row.p_value == pytest.approx(ref[1], rel=1e-6)
    # the pandemic year: 疫情 never appears in 2018/2019 and is the top key term of 2020
    assert top["feature"].iloc[0] == "疫情" and top["n_reference"].iloc[0] == 0
    assert k["statistic"].is_monotonic_decreasing


def test_keyness_other_measures_on_real_reports(d: pt.DFM) -> None:
    g = pt.keyness(d, ["gwr_2020"], measure="g2").set_index("feature")
    a, b = g.loc["就业", "n_target"], g.loc["就业", "n_reference"]
    nt, nr = g["n_target"].sum(), g["n_reference"].sum()
    ref = chi2_contingency([[a, b], [nt - a, nr - b]], correction=False, lambda_="log-likelihood")
    assert g.loc["就业", "statistic"] == pytest.approx(ref[0], rel=1e-9)
    lr = pt.keyness(d, "gwr_2020", measure="log_ratio").set_index("feature")
    assert lr.loc["就业", "statistic"] == pytest.approx(math.log2((a / nt) / (b / nr)))
    assert lr["p_value"].isna().all()
    lo = pt.keyness(d, "gwr_2020", measure="log_odds").set_index("feature")
    n_all = a + b  # informative prior: alpha_w = total count of the feature; alpha_0 = all tokens
    a0 = nt + nr
    hand = (math.log((a + n_all) / (nt + a0 - a - n_all)) - math.log((b + n_all) / (nr + a0 - b - n_all))) / math.sqrt(
        1 / (a + n_all) + 1 / (b + n_all)
    )
    assert lo.loc["就业", "statistic"] == pytest.approx(hand, rel=1e-9)
    mask = np.array([False, False, True])
    assert pt.keyness(d, mask, measure="pmi").equals(pt.keyness(d, "gwr_2020", measure="pmi"))
    with pytest.raises(ValueError):
        pt.keyness(d, ["gwr_2018", "gwr_2019", "gwr_2020"])
    with pytest.raises(KeyError):
        pt.keyness(d, "gwr_1900")
