"""The blind gold set (tests/annotations/blind): frozen test split, sizes the issue asks for, offsets that slice
to their surfaces, and a scorer that gives the gold itself a perfect score."""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

BLIND = Path(__file__).resolve().parent / "annotations" / "blind"
sys.path.insert(0, str(BLIND))

import gold_tool  # noqa: E402
import scoring  # noqa: E402


def test_test_split_is_frozen() -> None:
    lines = (BLIND / "TEST_MANIFEST.sha256").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
        assert hashlib.sha256((BLIND / name).read_bytes()).hexdigest() == digest, f"{name} changed"
    test_docs = {r["doc_id"] for r in scoring.read_split() if r["split"] == "test"}
    assert {f"gold/{d}.yaml" for d in test_docs} | {"split.csv"} == set(listed)


def test_split_sizes_and_disjointness() -> None:
    split = scoring.read_split()
    assert len({r["doc_id"] for r in split}) == len(split)  # every document in one split only
    test = scoring.load_gold(("test",))
    dev = scoring.load_gold(("dev",))
    assert len(test) == sum(r["split"] == "test" for r in split) >= 12  # every test document is annotated
    core = [m for d in test for m in d.mentions if not m.get("borderline")]
    clear = [m for m in core if m.get("members") is not None and m.get("members_confidence") == "clear"]
    assert len(core) >= 400 and len(clear) >= 60
    genres = {"gwr_national", "gwr_provincial", "congress_report", "communique", "speech"}
    assert {d.genre for d in test} == genres == {d.genre for d in dev}
    # the wire copies of speeches_xi_2020 (.22 = .08, .35 = .34, .32 = .31, .38 = .14) are in no split
    assert not {"speeches_xi_2020.22", "speeches_xi_2020.35", "speeches_xi_2020.32",
                "speeches_xi_2020.38"} & {r["doc_id"] for r in split}


@pytest.mark.parametrize("row", [r for r in scoring.read_split() if r["annotation"] == "blind"],
                         ids=lambda r: r["doc_id"])
def test_gold_offsets_slice_to_surfaces(row: dict[str, str], corpus_raw: Path) -> None:
    gold = yaml.safe_load((BLIND / "gold" / f"{row['doc_id']}.yaml").read_text(encoding="utf-8"))
    text = gold_tool.text_of(row["doc_id"])
    assert gold_tool.sha(text) == gold["sha256_text"], "the annotated text can no longer be rebuilt"
    for m in gold["mentions"]:
        assert text[m["start"]:m["end"]] == m["surface"]
        if m.get("members") is not None:
            a, b = m["members_evidence"]
            assert all(x in text[a:b] for x in m["members"]), m["surface"]
            assert m["members_confidence"] in ("clear", "interpretive")


def test_scorer_gives_the_gold_itself_a_perfect_score() -> None:
    for doc in scoring.load_gold(("dev", "test")):
        pred = [{**m, "members_source": "listed" if m.get("members") is not None else None}
                for m in doc.mentions]
        s = scoring.score_doc(doc, pred)
        assert s.hits == s.gold == s.predicted and s.invented == 0
        assert s.members_exact == s.clear_members


def test_scorer_counts_errors_by_hand() -> None:
    doc = scoring.GoldDoc("x", "dev", "speech", "speech", [
        {"start": 0, "end": 4, "surface": "四个全面", "members": None},
        {"start": 10, "end": 13, "surface": "三条底线", "members": ["发展", "生态", "安全"],
         "members_confidence": "clear"},
        {"start": 20, "end": 24, "surface": "两个方面", "borderline": True, "members": None},
    ], Path("x"))
    pred = [
        {"start": 0, "end": 4, "members": ["坚持", "落实"], "members_source": "listed", "label": "四个全面"},
        {"start": 10, "end": 13, "members": ["发展", "生态"], "members_source": "listed", "label": "三条底线"},
        {"start": 20, "end": 24, "members": None, "members_source": None},  # borderline: not counted
        {"start": 30, "end": 32, "members": None, "members_source": None, "surface": "三点"},  # extra
    ]
    s = scoring.score_doc(doc, pred)
    assert (s.gold, s.predicted, s.hits) == (2, 3, 2)
    assert (s.clear_members, s.members_exact) == (1, 0)
    assert (s.rows_text_members, s.invented) == (2, 1)
    assert Counter(e["type"] for e in s.errors) == {"extra": 1, "invented_members": 1, "members": 1}
