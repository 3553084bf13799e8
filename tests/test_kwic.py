"""KWIC on the seed speech (三变, hand-counted) and on gwr_2019 (whole formulations, multiword, regex)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

import policytext as pt

ANN = Path(__file__).parent / "annotations" / "counts.yaml"


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> pt.Corpus:
    return pt.Corpus({"seed": seed_path.read_bytes().decode("utf-8")})


@pytest.fixture(scope="module")
def sanbian() -> dict:
    return yaml.safe_load(ANN.read_text(encoding="utf-8"))["sanbian_in_seed"]


def test_kwic_char_finds_every_sanbian(seed: pt.Corpus, sanbian: dict) -> None:
    k = pt.kwic(seed, "三变", window=6, unit="char")
    assert len(k) == sanbian["count"] == 8
    assert k["start"].tolist() == [o["start"] for o in sanbian["occurrences"]]
    assert (k["keyword"] == "三变").all() and (k["pattern"] == "三变").all()
    assert list(k.columns) == ["doc_id", "from", "to", "start", "end", "pre", "keyword", "post", "pattern"]
    first = k.iloc[0]
    assert first["pre"] == "带头遍访工作，推进“"[-6:] and first["post"].startswith("”改革")


def test_kwic_token_finds_every_sanbian(seed: pt.Corpus, sanbian: dict) -> None:
    toks = pt.tokens(seed)
    k = pt.kwic(toks, "三变", window=3)
    assert k["start"].tolist() == [o["start"] for o in sanbian["occurrences"]]
    words = toks.to_lists()[0]
    for row in k.itertuples():
        assert "".join(words[row._2 : row.to]) == "三变"  # from .. to is the token span
        assert seed["seed"][row.start - len(row.pre) : row.end + len(row.post)] == row.pre + "三变" + row.post


def test_whole_formulation_found_even_when_split(corpus_raw: Path) -> None:
    idx = pd.read_csv(corpus_raw / "INDEX.csv").set_index("doc_id")
    text = (corpus_raw / idx.loc["gwr_2019", "path"]).read_bytes().decode("utf-8")
    c = pt.Corpus({"gwr_2019": text})
    n = text.count("四个全面")
    assert n >= 1
    split = pt.Segmenter(domain_dict=False, protect=())
    toks = pt.tokens(c, segmenter=split)
    assert "四个全面" not in toks.vocab  # the segmenter splits it: 四个 + 全面
    k = pt.kwic(toks, "四个全面", window=2)
    assert len(k) == n and (k["to"] - k["from"] >= 2).all()
    assert len(pt.kwic(pt.tokens(c), "四个全面")) == n  # protected as one token by the default segmenter
    # multiword pattern with spaces
    assert len(pt.kwic(toks, "深化 改革", unit="token")) == text.count("深化改革")
    # regex: 四个/五位 + formulation
    r = pt.kwic(c, r"(四个全面|五位一体)", unit="char", regex=True)
    assert len(r) == n + text.count("五位一体")


def test_token_alignment() -> None:
    toks = pt.Tokens.from_lists([["全面深化", "改革", "，", "全面", "发展"]], doc_ids=["a"])
    k = pt.kwic(toks, "全面", window=1)
    assert k[["from", "to", "pre", "keyword", "post"]].values.tolist() == [[3, 4, "，", "全面", "发展"]]
    kp = pt.kwic(toks, "全面", window=1, partial=True)
    assert kp["keyword"].tolist() == ["全面深化", "全面"]
    with pytest.raises(TypeError):
        pt.kwic({"a": "全面"}, "全面", unit="token")
