"""The bundled lexicon of numbered formulations."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml

import policytext as pt
from policytext.errors import PolicyTextError
from policytext.slogans.numerals import parse_numeral


def _docs(corpus_raw: Path, ids: set[str]) -> dict[str, str]:
    out = {}
    with open(corpus_raw / "INDEX.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["doc_id"] in ids:
                t = (corpus_raw / row["path"]).read_bytes().decode(row["encoding"])
                if row["path"].endswith(".csv"):
                    t = next(csv.DictReader(io.StringIO(t)))["full_text"]
                out[row["doc_id"]] = t
    return out


def test_loads_and_every_entry_has_origin_attestation_and_source() -> None:
    lex = pt.load_lexicon()
    assert len(lex) >= 300
    for e in lex.entries:
        assert e.sources, e.label
        assert e.verified in {"corpus", "source", "partial"}
        assert e.origin in {"national", "local", "foreign"}
        assert e.origin != "local" or e.region, e.label
    df = lex.to_frame()
    assert df.label.is_unique
    surfaces = [s for e in lex.entries for s in (e.label, *e.aliases)]
    assert len(surfaces) == len(set(surfaces))  # a surface names one entry
    assert not set(surfaces) & lex.non_formulations
    raw = yaml.safe_load((Path(pt.__file__).parent / "data" / "formulations.yaml").read_text(encoding="utf-8"))
    assert all("first_national" in e for e in raw["formulations"])  # computed for every entry (null: not found)


def test_first_national_attestations_recompute_from_the_corpus(corpus_raw: Path) -> None:
    """The first national document of the shared corpus holding the label or an alias, recomputed here with an
    independent reader (INDEX.csv encoding; the 1954-2002 scrapes hold each report several times, so their raw
    text answers the same question) and compared with the stored value for every entry."""
    docs = []
    with open(corpus_raw / "INDEX.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if (row["level"] == "national" and row["genre"] in ("gwr", "congress_report", "communique")
                    and not row["path"].startswith("other/") and (row["date"] or row["year"])):
                text = (corpus_raw / row["path"]).read_bytes().decode(row["encoding"])
                docs.append((row["date"] or row["year"], row["doc_id"], text))
    docs.sort()
    raw = yaml.safe_load((Path(pt.__file__).parent / "data" / "formulations.yaml").read_text(encoding="utf-8"))
    for e in raw["formulations"]:
        surfaces = [e["label"], *(e.get("aliases") or [])]
        first = next(({"doc_id": d, "date": w} for w, d, t in docs if any(s in t for s in surfaces)), None)
        stored = e["first_national"]
        assert (None if stored is None else {k: str(v) for k, v in stored.items()}) == first, e["label"]


def test_numbers_agree_with_labels() -> None:
    for e in pt.load_lexicon().entries:
        lead = next((s for s in (e.label, *e.aliases) if parse_numeral(s[0]) is not None), None)
        if e.kind == "count" and lead is not None and e.members is not None:
            if "字" in e.label[1:3]:  # 八字方针: the number counts characters (调整、改革、整顿、提高)
                assert sum(map(len, e.members)) == e.number, e.label
            else:
                assert len(e.members) == e.number, e.label
        if e.groups and parse_numeral(e.label[0]) is not None:  # (稳住一头、放开一片: the numeral is not first)
            assert parse_numeral(next(iter(e.groups))[0]) == e.number, e.label


def test_corpus_verified_members_occur_in_evidence(corpus_raw: Path) -> None:
    """Entries marked verified: corpus must have every member (or its core) in an evidence document."""
    lex = pt.load_lexicon()
    ents = [e for e in lex.entries if e.verified == "corpus"]
    docs = _docs(corpus_raw, {d for e in ents for d in e.evidence})
    for e in ents:
        texts = [docs[d] for d in e.evidence if d in docs]
        assert texts, e.label
        members = e.members_at(None) or []
        for m in members:
            core = m.split("、")[0][-6:]  # 毫不动摇鼓励、支持… / 把…相结合: check the stated core
            assert any(core in t for t in texts), (e.label, m)


def test_four_comprehensives_change_oct_2020(corpus_raw: Path) -> None:
    lex = pt.load_lexicon()
    assert lex.members("四个全面", "2015-10-29")[0] == "全面建成小康社会"
    assert lex.members("四个全面", "2020-10-29")[0] == "全面建设社会主义现代化国家"
    assert lex.members("四个全面", "2019")[0] == "全面建成小康社会"
    docs = _docs(corpus_raw, {"plenum_communique_2015", "plenum_communique_2020"})
    assert "坚持全面建成小康社会、全面深化改革、全面依法治国、全面从严治党" in docs["plenum_communique_2015"]
    assert "全面建设社会主义现代化国家、全面深化改革、全面依法治国、全面从严治党" in docs["plenum_communique_2020"]


def test_alias_lookup_and_groups() -> None:
    lex = pt.load_lexicon()
    assert lex.get("八项规定").label == "中央八项规定"
    assert lex.get("五大发展理念").label == "新发展理念"
    assert lex.get("两不愁三保障").groups["三保障"][0] == "义务教育有保障"
    assert lex.get("不存在的提法") is None


def test_bad_file_names_the_problem(tmp_path: Path) -> None:
    p = tmp_path / "lex.yaml"
    p.write_text("formulations:\n- label: 三个X\n  number: 3\n  members: [a, b, c]\n  sources: []\n", "utf-8")
    with pytest.raises(PolicyTextError, match="no source"):
        pt.load_lexicon(str(p))
