"""diffusion(national, local): injected finder with hand-computed answers, and real documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import policytext as pt
from policytext.errors import DocvarsError


def read(corpus_raw: Path, rel: str, encoding: str = "utf-8") -> str:
    text = (corpus_raw / rel).read_bytes().decode(encoding)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def corpus(texts: dict[str, str], years: dict[str, int]) -> pt.Corpus:
    return pt.Corpus(texts, docvars=pd.DataFrame({"year": list(years.values())}, index=list(years)))


def toy_finder(c: Any) -> pd.DataFrame:
    """Stand-in for find_numbered: 'A' and 'B' are formulations; members listed after a colon as x/y/z."""
    rows = []
    for doc_id, text in c:
        for label in ("A", "B"):
            i = text.find(label)
            if i < 0:
                continue
            members, source = None, None
            if text[i + 1:i + 2] == ":":
                members, source = text[i + 2:].split()[0].split("/"), "listed"
            rows.append({"doc_id": doc_id, "label": label, "members": members, "members_source": source})
    return pd.DataFrame(rows, columns=["doc_id", "label", "members", "members_source"])


def test_injected_finder_hand_computed() -> None:
    nat = corpus({"n1": "A:x/y/z", "n2": "A B", "n3": "A:x/y/z"}, {"n1": 2012, "n2": 2015, "n3": 2013})
    loc = corpus({"l1": "A:z/y/x", "l2": "A:x/y", "l3": "B", "l4": "none"},
                 {"l1": 2014, "l2": 2016, "l3": 2018, "l4": 2019})
    d = pt.diffusion(nat, loc, finder=toy_finder).set_index("label")
    a, b = d.loc["A"], d.loc["B"]
    # A: national 2012 (n1), local 2014 (l1) -> lag 2; used by l1, l2 of 4 local docs
    assert (a.first_year_national, a.first_year_local, a.lag_years) == (2012, 2014, 2)
    assert (a.n_local_docs, a.local_share, a.n_national_docs) == (2, 0.5, 3)
    # reference x/y/z (from the national texts); l1 keeps it (order ignored), l2 drops z
    assert a.national_members == ["x", "y", "z"]
    assert not a.local_keeps_members and a.local_members_share == 0.5
    # B: national 2015, local 2018 -> lag 3; no members anywhere -> unknown
    assert (b.first_year_national, b.first_year_local, b.lag_years, b.n_local_docs) == (2015, 2018, 3, 1)
    assert pd.isna(b.local_keeps_members)
    assert d.index.tolist() == ["A", "B"]  # sorted by first national year


def test_label_only_local_or_national() -> None:
    nat = corpus({"n": "B"}, {"n": 2010})
    loc = corpus({"l": "A:x/y"}, {"l": 2011})
    d = pt.diffusion(nat, loc, finder=toy_finder).set_index("label")
    assert pd.isna(d.loc["A", "first_year_national"]) and pd.isna(d.loc["A", "lag_years"])
    assert d.loc["B", "n_local_docs"] == 0 and d.loc["B", "local_share"] == 0.0
    assert list(pt.diffusion(nat, loc, finder=toy_finder, labels=["B"])["label"]) == ["B"]


def test_needs_year() -> None:
    with pytest.raises(DocvarsError, match="year"):
        pt.diffusion(pt.Corpus({"n": "A"}), corpus({"l": "A"}, {"l": 2000}), finder=toy_finder)


def test_real_documents(corpus_raw: Path, seed_path: Path) -> None:
    nat_texts = {"gwr_2016": read(corpus_raw, "national_gwr/gwr_2016.txt", "gb18030"),
                 "gwr_2019": read(corpus_raw, "national_gwr/gwr_2019.txt"),
                 "congress_20th": read(corpus_raw, "congress_reports/congress_20th_2022.txt")}
    nat = corpus(nat_texts, {"gwr_2016": 2016, "gwr_2019": 2019, "congress_20th": 2022})
    loc = corpus({"seed": read(corpus_raw, "local_speeches/" + seed_path.name)}, {"seed": 2020})
    d = pt.diffusion(nat, loc).set_index("label")
    # 五位一体 occurs in all three national texts (plain substring check) and in the seed, where it names
    # 山、水、城、景、田 (…构建山、水、城、景、田“五位一体”…), not the national five spheres of construction
    assert sum("五位一体" in t for t in nat_texts.values()) == 3
    row = d.loc["五位一体"]
    assert (row.first_year_national, row.first_year_local, row.lag_years) == (2016, 2020, 4)
    assert row.n_national_docs == 3 and row.n_local_docs == 1 and row.local_share == 1.0
    assert sorted(row.national_members) == sorted(["经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设"])
    assert not row.local_keeps_members
    # 十四五: only the 2022 congress report among the national texts -> the seed (2020) is 2 years earlier
    assert [k for k, t in nat_texts.items() if "十四五" in t] == ["congress_20th"]
    assert d.loc["十四五", "lag_years"] == -2
    # every label's national document count agrees with the finder run per document
    per_doc = pt.find_numbered(nat)
    counts = per_doc.groupby("label")["doc_id"].nunique()
    both = d[d["n_national_docs"] > 0]
    assert (both["n_national_docs"] == counts.reindex(both.index)).all()
