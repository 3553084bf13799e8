"""Theme dictionaries: compiled through the segmenter, impossible entries warn, cntext format, shipped themes."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
import yaml

import policytext as pt
from policytext.textstat import DictionaryWarning, policy_themes_path


def gwr(corpus_raw: Path, doc_id: str) -> str:
    idx = pd.read_csv(corpus_raw / "INDEX.csv").set_index("doc_id")
    return (corpus_raw / idx.loc[doc_id, "path"]).read_bytes().decode(idx.loc[doc_id, "encoding"])


def test_split_entry_is_matched_and_counts_by_hand() -> None:
    seg = pt.Segmenter()
    assert seg.cut("精准扶贫") != ["精准扶贫"] or seg.cut("脱贫攻坚战") != ["脱贫攻坚战"]
    entry = "地方政府债务"
    assert len(seg.cut(entry)) > 1  # the segmenter splits this entry
    dic = pt.load_dictionary({"risk": [entry, "金融风险"]}, segmenter=seg)
    text = "防范化解地方政府债务风险。严控地方政府债务增量，化解金融风险。"
    toks = pt.tokens(pt.Corpus({"a": text}), segmenter=seg)
    assert entry not in toks.vocab
    out = pt.lookup(toks, dic)
    assert out.loc["a", "risk"] == 3  # hand count: 地方政府债务 x2, 金融风险 x1


def test_impossible_entry_warns_naming_it() -> None:
    seg = pt.Segmenter(stopwords=["的", "了"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dic = pt.load_dictionary({"party": ["党的领导", "的", "  "]}, segmenter=seg)
    msgs = [str(w.message) for w in caught if issubclass(w.category, DictionaryWarning)]
    assert len(msgs) == 2 and "'的'" in msgs[0] and "'  '" in msgs[1] and "party" in msgs[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pt.load_dictionary({"party": ["党的领导"]}, segmenter=seg)  # a fine entry does not warn
    assert dic.compiled_frame()["entry"].tolist() == ["党的领导"]


def test_lookup_on_dfm_warns_for_multitoken_entries(corpus_raw: Path) -> None:
    c = pt.Corpus({"gwr_2019": gwr(corpus_raw, "gwr_2019")})
    toks = pt.tokens(c)
    dic = pt.load_dictionary({"eco": ["污染防治", "生态文明", "环保"]})
    multi = [e for e, t in dic.compiled["eco"] if len(t) > 1]
    assert multi  # 生态文明 -> 生态 + 文明
    with pytest.warns(DictionaryWarning, match=multi[0]):
        on_dfm = pt.lookup(pt.dfm(toks), dic)
    on_toks = pt.lookup(toks, dic)
    assert on_toks.loc["gwr_2019", "eco"] >= on_dfm.loc["gwr_2019", "eco"]
    words = toks.to_lists()[0]
    singles = sum(words.count(e) for e, t in dic.compiled["eco"] if len(t) == 1)
    assert on_dfm.loc["gwr_2019", "eco"] == singles


def test_nested_yaml_levels_and_cntext(tmp_path: Path) -> None:
    nested = tmp_path / "nested.yaml"
    nested.write_text(
        yaml.safe_dump({"economy": {"growth": ["经济增长"], "finance": ["金融风险", "金融*"]}}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    dic = pt.load_dictionary(nested)
    assert dic.themes == ["economy.growth", "economy.finance"]
    toks = pt.Tokens.from_lists([["保持", "经济", "增长", "，", "防范", "金融", "风险", "，", "金融业"]], doc_ids=["a"])
    out = pt.lookup(toks, dic)
    # 经济 增长 (1); 金融 风险 (1, longest first) + 金融业 (prefix 金融*): 2; nested 金融 inside 金融 风险 not twice
    assert out.loc["a"].tolist() == [1, 2]
    assert pt.lookup(toks, dic, levels=1).loc["a", "economy"] == 3
    cn = tmp_path / "cntext.yaml"
    cn.write_text(
        "Name: 测试词典\nDesc: toy\nRefer: none\nCategory: [pos, neg]\nDictionary:\n  pos: [发展, 增长]\n  neg: [风险]\n",
        encoding="utf-8",
    )
    d2 = pt.load_dictionary(cn)
    assert d2.name == "测试词典" and d2.themes == ["pos", "neg"]
    assert pt.lookup(toks, d2).loc["a"].tolist() == [1, 1]  # 增长 is a token once (发展 never); 风险 once


def test_shipped_policy_themes_have_attested_sources(corpus_raw: Path) -> None:
    dic = pt.load_dictionary("policy_themes")
    assert {"economy", "poverty_alleviation", "ecology", "party_building", "digital_economy", "tourism",
            "risk_security"} <= set(dic.themes)
    idx = pd.read_csv(corpus_raw / "INDEX.csv").set_index("doc_id")
    assert dic.entries["source"].str.len().gt(0).all()
    for row in dic.entries.itertuples():
        doc_id = row.source.split(" | ")[0]
        assert row.entry in gwr(corpus_raw, doc_id), (row.entry, doc_id)
        assert idx.loc[doc_id, "title"] in row.source
    assert policy_themes_path().exists()


def test_lookup_policy_themes_on_reports(corpus_raw: Path) -> None:
    c = pt.Corpus({d: gwr(corpus_raw, d) for d in ["gwr_2018", "gwr_2020"]})
    out = pt.lookup(pt.tokens(c), pt.load_dictionary("policy_themes"))
    assert list(out.index) == ["gwr_2018", "gwr_2020"] and out.index.name == "doc_id"
    assert (out.dtypes == "int64").all()
    assert out.loc["gwr_2018", "poverty_alleviation"] > 10 and out.loc["gwr_2020", "risk_security"] > 5
