"""Collocations: hand-computed lambda / NPMI / G², document boundaries, real report."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from scipy.stats import chi2_contingency

import policytext as pt

TOY = [["脱贫", "攻坚", "取得", "胜利"], ["打赢", "脱贫", "攻坚", "战"]]


def test_bigram_hand_values() -> None:
    # bigram positions (N = 6): 脱贫攻坚 x2, 攻坚取得, 取得胜利, 打赢脱贫, 攻坚战; none crosses the documents
    lam = pt.collocations(TOY, method="lambda", min_count=2)
    assert lam["collocation"].tolist() == ["脱贫 攻坚"]
    # table: n11 = 2, n10 = 0 (脱贫 first, other second), n01 = 0, n00 = 4; each cell + 0.5
    hand = math.log(2.5) + math.log(4.5) - 2 * math.log(0.5)
    assert lam["statistic"].iloc[0] == pytest.approx(hand)
    assert lam["z"].iloc[0] == pytest.approx(hand / math.sqrt(1 / 2.5 + 1 / 4.5 + 2 / 0.5))
    npmi = pt.collocations(TOY, method="npmi", min_count=1).set_index("collocation")
    # 攻坚 取得: p = 1/6, p(攻坚 first) = 2/6, p(取得 second) = 1/6
    p = 1 / 6
    assert npmi.loc["攻坚 取得", "statistic"] == pytest.approx(math.log(p / (2 / 6 * 1 / 6)) / -math.log(p))
    assert npmi.loc["脱贫 攻坚", "statistic"] == pytest.approx(1.0)
    g = pt.collocations(TOY, method="g2", min_count=2)
    ref = chi2_contingency([[2, 0], [0, 4]], correction=False, lambda_="log-likelihood")[0]
    assert g["statistic"].iloc[0] == pytest.approx(ref)
    assert "战 打赢" not in set(npmi.index)  # would cross the document boundary


def test_trigram_lambda_hand() -> None:
    toks = [["全面", "深化", "改革"], ["全面", "深化", "改革"], ["全面", "推进", "改革"]]
    t = pt.collocations(toks, method="lambda", size=3, min_count=2)
    assert t["collocation"].tolist() == ["全面 深化 改革"] and t["count"].tolist() == [2]
    # N = 3 trigrams; cells (w1,w2,w3 match): 111=2, 101=1 (全面 推进 改革), all others 0; +0.5 each
    cells = {(1, 1, 1): 2, (1, 0, 1): 1}
    lam = 0.0
    for bits in [(i, j, k) for i in (0, 1) for j in (0, 1) for k in (0, 1)]:
        lam += (-1) ** (3 - sum(bits)) * math.log(cells.get(bits, 0) + 0.5)
    assert t["statistic"].iloc[0] == pytest.approx(lam)


def test_collocations_on_real_report(corpus_raw: Path) -> None:
    idx = pd.read_csv(corpus_raw / "INDEX.csv").set_index("doc_id")
    text = (corpus_raw / idx.loc["gwr_2019", "path"]).read_bytes().decode("utf-8")
    toks = pt.tokens(pt.Corpus({"gwr_2019": text}))
    col = pt.collocations(toks, method="lambda", size=[2, 3], min_count=5)
    assert set(col.columns) == {"collocation", "size", "count", "statistic", "z", "measure"}
    assert set(col["size"]) <= {2, 3} and (col["count"] >= 5).all()
    assert not col["collocation"].str.contains("，|。", regex=True).any()  # no punctuation inside
    # counts are true n-gram counts: check one by hand on the token list
    words = toks.to_lists()[0]
    row = col.iloc[0]
    parts = row["collocation"].split(" ")
    n = len(parts)
    assert row["count"] == sum(words[i : i + n] == parts for i in range(len(words) - n + 1))
    # reproducible ordering
    assert col.equals(pt.collocations(toks, method="lambda", size=[2, 3], min_count=5))
