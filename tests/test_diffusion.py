"""diffusion(national, local): injected finder with hand-computed answers, and real documents."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import policytext as pt
from policytext.errors import DocvarsError
from policytext.slogans.lexicon import Formulation, Lexicon


def read(corpus_raw: Path, rel: str, encoding: str = "utf-8") -> str:
    text = (corpus_raw / rel).read_bytes().decode(encoding)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def corpus(texts: dict[str, str], years: dict[str, int]) -> pt.Corpus:
    return pt.Corpus(texts, docvars=pd.DataFrame({"year": list(years.values())}, index=list(years)))


def toy_finder(c: Any) -> pd.DataFrame:
    """Stand-in for find_numbered: 'A', 'A2', 'B', 'C' are formulations; members listed after a colon as x/y/z."""
    rows = []
    for doc_id, text in c:
        for m in re.finditer(r"(A2|A|B|C)(?::(\S+))?", text):
            members = m.group(2).split("/") if m.group(2) else None
            rows.append({"doc_id": doc_id, "start": m.start(), "end": m.end(1), "surface": m.group(1),
                         "label": m.group(1), "members": members, "members_source": "listed" if members else None,
                         "quoted": True, "head": m.group(1)})
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "surface", "label", "members", "members_source",
                                       "quoted", "head"])


EMPTY = Lexicon([])


def test_injected_finder_hand_computed() -> None:
    nat = corpus({"n1": "A:x/y/z", "n2": "A B", "n3": "A:x/y/z"}, {"n1": 2012, "n2": 2015, "n3": 2013})
    loc = corpus({"l1": "A:z/y/x", "l2": "A:x/y", "l3": "B", "l4": "C:p/q", "l5": "none"},
                 {"l1": 2014, "l2": 2016, "l3": 2018, "l4": 2019, "l5": 2019})
    d = pt.diffusion(nat, loc, finder=toy_finder, lexicon=EMPTY).set_index("label")
    a, b, c = d.loc["A"], d.loc["B"], d.loc["C"]
    # A: national 2012 (n1), local 2014 (l1) -> lag 2; used by l1, l2 of 5 local docs
    assert (a.first_year_national, a.first_doc_national, a.first_year_local, a.lag_years) == (2012, "n1", 2014, 2)
    assert (a.n_local_docs, a.local_share, a.n_national_docs) == (2, 0.4, 3)
    # reference x/y/z (from the national texts); l1 states it (order ignored): echo; l2 drops z: redefinition
    assert a.national_members == ["x", "y", "z"]
    assert (a.n_echo, a.n_redefinition, a.n_label_only, a.use) == (1, 1, 0, "redefinition")
    # B: national 2015, local 2018 -> lag 3; no members locally -> label only
    assert (b.lag_years, b.n_label_only, b.use) == (3, 1, "label_only")
    # C: never national -> a local invention
    assert pd.isna(c.first_year_national) and c.use == "local_invention" and c.origin == "unlisted"
    assert d.index.tolist() == ["A", "B", "C"]  # sorted by first national year, unknown last
    m = pt.diffusion_mentions(nat, loc, finder=toy_finder, lexicon=EMPTY)
    assert m.loc[m["side"] == "local", "use"].tolist() == ["echo", "redefinition", "label_only", "local_invention"]


def test_lexicon_origin_and_aliases() -> None:
    lex = Lexicon([Formulation(label="A", kind="count", number=3, aliases=("A2",), members=("x", "y", "z"),
                               origin="national")])

    nat = corpus({"n": "B"}, {"n": 2010})
    loc = corpus({"l": "A2:x/y/z"}, {"l": 2011})  # the finder reports the alias A2 as its own label
    d = pt.diffusion(nat, loc, finder=toy_finder, lexicon=lex).set_index("label")
    # the alias counts as the canonical label; the lexicon says A is national: an echo of its members, not an
    # invention, although no national text of this corpus uses it
    assert d.loc["A", "use"] == "echo" and d.loc["A", "origin"] == "national"


def test_needs_year() -> None:
    with pytest.raises(DocvarsError, match="year"):
        pt.diffusion(pt.Corpus({"n": "A"}), corpus({"l": "A"}, {"l": 2000}), finder=toy_finder)


@pytest.fixture(scope="module")
def real(corpus_raw: Path, seed_path: Path) -> tuple[dict[str, str], str, pd.DataFrame, pd.DataFrame]:
    nat_texts = {"gwr_2016": read(corpus_raw, "national_gwr/gwr_2016.txt", "gb18030"),
                 "gwr_2019": read(corpus_raw, "national_gwr/gwr_2019.txt"),
                 "congress_20th": read(corpus_raw, "congress_reports/congress_20th_2022.txt")}
    nat = corpus(nat_texts, {"gwr_2016": 2016, "gwr_2019": 2019, "congress_20th": 2022})
    seed = read(corpus_raw, "local_speeches/" + seed_path.name)
    loc = corpus({"seed": seed}, {"seed": 2020})
    return nat_texts, seed, pt.diffusion(nat, loc).set_index("label"), pt.diffusion_mentions(nat, loc)


def test_real_documents_redefinition_is_not_an_echo(real) -> None:
    nat_texts, seed, d, m = real
    # 五位一体 occurs in all three national texts (plain substring check) and in the seed, where it names
    # 山、水、城、景、田 (…构建山、水、城、景、田“五位一体”…), not the national five spheres of construction
    assert sum("五位一体" in t for t in nat_texts.values()) == 3
    row = d.loc["五位一体"]
    assert (row.first_year_national, row.first_year_local, row.lag_years) == (2016, 2020, 4)
    assert row.n_national_docs == 3 and row.n_local_docs == 1 and row.local_share == 1.0
    assert sorted(row.national_members) == sorted(["经济建设", "政治建设", "文化建设", "社会建设", "生态文明建设"])
    assert row.use == "redefinition" and row.n_echo == 0
    # 十四五: only the 2022 congress report among the national texts -> the seed (2020) is 2 years earlier
    assert [k for k, t in nat_texts.items() if "十四五" in t] == ["congress_20th"]
    assert d.loc["十四五", "lag_years"] == -2


def test_real_documents_labels_without_a_numeral_and_generic_tallies(real) -> None:
    nat_texts, seed, d, m = real
    # 新发展理念 has no leading numeral: found as a string (substring count by hand: str.count)
    n_docs = sum("新发展理念" in t for t in nat_texts.values())
    assert n_docs >= 2 and d.loc["新发展理念", "n_national_docs"] == n_docs
    assert (m[(m["label"] == "新发展理念") & (m["side"] == "national")].shape[0]
            == sum(t.count("新发展理念") + t.count("五大发展理念") for t in nat_texts.values()))
    # 三点 and 两个方面 tally the speech's own lists (信心主要来自于两个方面。一是…): no diffusion rows
    assert "三点" not in d.index and "两个方面" not in d.index


def test_every_mention_points_into_its_text(real) -> None:
    nat_texts, seed, d, m = real
    texts = {**nat_texts, "seed": seed}
    for r in m.itertuples():
        assert texts[r.doc_id][r.start:r.end] == r.surface


def test_documents_without_any_formulation_give_empty_tables() -> None:
    """Fuzzing (session 6) found diffusion_mentions crashing with KeyError when a side had no mention."""
    years = pd.DataFrame({"year": [2017]}, index=["n"]), pd.DataFrame({"year": [2020]}, index=["l"])
    for nat, loc in (("", ""), ("", "坚持“四个全面”战略布局。"), ("坚持“四个全面”战略布局。", "")):
        out = pt.diffusion_mentions(pt.Corpus({"n": nat}, docvars=years[0]), pt.Corpus({"l": loc}, docvars=years[1]))
        assert "doc_id" in out.columns
        assert set(out["side"]) <= {"national", "local"}
        assert (out["side"] == "national").any() == bool(nat) and (out["side"] == "local").any() == bool(loc)
