"""frequency() (token convention) and count_substrings() (published-figure convention) on gwr_2019."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import policytext as pt

ANN = Path(__file__).parent / "annotations" / "counts.yaml"


def raw_text(corpus_raw: Path, doc_id: str) -> str:
    idx = pd.read_csv(corpus_raw / "INDEX.csv").set_index("doc_id")
    r = idx.loc[doc_id]
    return (corpus_raw / r["path"]).read_bytes().decode(r["encoding"]).replace("\r\n", "\n")


@pytest.fixture(scope="module")
def gold() -> dict:
    return yaml.safe_load(ANN.read_text(encoding="utf-8"))["substring_counts_gwr_2019"]


def test_count_substrings_equals_hand_counts(corpus_raw: Path, gold: dict) -> None:
    text = raw_text(corpus_raw, "gwr_2019")
    terms = list(gold["counts"])
    whole = pt.count_substrings({"gwr_2019": text}, terms).set_index("feature")["count"]
    body = pt.count_substrings({"gwr_2019": text[49:]}, terms).set_index("feature")["count"]
    for t, v in gold["counts"].items():
        assert whole[t] == v["whole_text_count"], t
        assert body[t] == v["count"], t
    assert whole["人民"] == 33 and body["人民"] == 32  # header: 全国人民代表大会


def test_count_substrings_overlapping() -> None:
    c = pt.count_substrings(["党党党"], ["党党"], overlapping=True)["count"].tolist()
    c2 = pt.count_substrings(["党党党"], ["党党"])["count"].tolist()
    assert c == [2] and c2 == [1]


def test_frequency_token_counts_on_real_report(corpus_raw: Path, gold: dict) -> None:
    c = pt.Corpus({"gwr_2019": raw_text(corpus_raw, "gwr_2019")})
    toks = pt.tokens(c)
    d = pt.dfm(toks)
    f = pt.frequency(d).set_index("feature")
    counter = Counter(toks.to_lists()[0])
    subs = pt.count_substrings(c, gold["counts"]).set_index("feature")["count"]
    freq = f["frequency"].to_dict()
    for t in gold["counts"]:
        # token count = independent Counter over the token list, and never above the substring count
        assert freq.get(t, 0) == counter[t]
        assert freq.get(t, 0) <= subs[t]
    assert freq["发展"] > 100 and freq["改革"] > 50
    # the two conventions differ: 小康 only occurs inside longer tokens (全面建成小康社会, ...)
    assert freq.get("小康", 0) < subs["小康"] == 7
    # every token occurrence of 改革 is a substring occurrence at the same offset
    pos = [s for w, s in zip(toks.to_lists()[0], toks.starts, strict=True) if w == "改革"]
    assert all(c["gwr_2019"][p : p + 2] == "改革" for p in pos)
    assert f["frequency"].sum() == len(toks.to_lists()[0])
    total = len(toks.to_lists()[0])
    np.testing.assert_allclose(f.loc["发展", "per_10k"], counter["发展"] * 10000 / total)


def test_frequency_ranks_ties_and_groups() -> None:
    d = pt.dfm(
        [["党", "的", "领导", "党"], ["的", "改革", "党"], ["改革", "开放", "改革"]], doc_ids=["a", "b", "c"]
    )
    f = pt.frequency(d)
    # hand: 党 3, 改革 3, 的 2, 开放 1, 领导 1 -> ranks 1, 1, 3, 4, 4 (ties in feature order)
    assert f[["feature", "frequency", "rank", "docfreq"]].values.tolist() == [
        ["党", 3, 1, 2],
        ["改革", 3, 1, 2],
        ["的", 2, 3, 2],
        ["开放", 1, 4, 1],
        ["领导", 1, 4, 1],
    ]
    assert list(f.columns) == ["feature", "frequency", "rank", "docfreq", "group", "per_10k"]
    assert set(f["group"]) == {"all"}
    np.testing.assert_allclose(f["per_10k"].iloc[0], 3 / 10 * 10000)
    g = pt.frequency(d, groups=["x", "x", "y"], n=2)
    assert g[["group", "feature", "frequency", "rank"]].values.tolist() == [
        ["x", "党", 3, 1],
        ["x", "的", 2, 2],
        ["y", "改革", 2, 1],
        ["y", "开放", 1, 2],
    ]
    np.testing.assert_allclose(g.loc[g["group"] == "y", "per_10k"], [2 / 3 * 10000, 1 / 3 * 10000])
