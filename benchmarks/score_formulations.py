"""Score find_numbered on the blind gold set (tests/annotations/blind), per split and genre, exact spans.

Usage: python benchmarks/score_formulations.py [--split dev|test|both] [--errors dev] [--json out.json]

Prints P, R, clear-cut member lists exact and invented-member share, pooled and per genre.  Errors are printed
only for the dev split (``--errors dev``): rules may be written from dev errors, never from test errors.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "annotations" / "blind"))

import gold_tool  # noqa: E402
import scoring  # noqa: E402

import policytext as pt  # noqa: E402

TARGETS = "targets (test): P >= 0.95, R >= 0.93, members >= 0.85, invented <= 0.02; every genre P >= 0.90, R >= 0.88"


def text_for(doc: scoring.GoldDoc) -> str:
    if doc.doc_id == "gwr_1978":  # round 1: offsets on the read_corpus text, like the scrapes of round 2
        return pt.read_corpus(gold_tool.RAW / "national_gwr" / "gwr_1978.txt").texts[0]
    return gold_tool.text_of(doc.doc_id)


def run(splits: tuple[str, ...]) -> dict[str, dict[str, scoring.Score]]:
    table: dict[str, dict[str, scoring.Score]] = {}
    for doc in scoring.load_gold(splits):
        text = text_for(doc)
        pred = pt.find_numbered(text).to_dict("records")
        s = scoring.score_doc(doc, pred)
        for key in (doc.genre, "ALL"):
            table.setdefault(doc.split, {}).setdefault(key, scoring.Score()).add(s)
        table[doc.split].setdefault("_docs", scoring.Score())
        table[doc.split]["_docs"].gold += 1
    return table


def fmt(s: scoring.Score) -> str:
    return (f"P {s.hits}/{s.predicted} = {s.precision:.3f}  R {s.hits}/{s.gold} = {s.recall:.3f}  "
            f"members {s.members_exact}/{s.clear_members} = {s.members:.3f}  "
            f"invented {s.invented}/{s.rows_text_members} = {s.invented_share:.3f}  "
            f"(lexicon-member rows {s.rows_lexicon_members})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "test", "both"), default="both")
    ap.add_argument("--errors", choices=("dev",), help="print the dev split's errors")
    ap.add_argument("--json", type=Path)
    a = ap.parse_args(argv)
    splits = ("dev", "test") if a.split == "both" else (a.split,)
    table = run(splits)
    out = {}
    for split in splits:
        scores = table.get(split, {})
        print(f"== {split}: {scores.pop('_docs', scoring.Score()).gold} documents")
        for genre in sorted(scores, key=lambda g: (g == "ALL", g)):
            print(f"  {genre:16s} {fmt(scores[genre])}")
            out[f"{split}/{genre}"] = {"P": scores[genre].precision, "R": scores[genre].recall,
                                       "members": scores[genre].members, "invented": scores[genre].invented_share,
                                       "gold": scores[genre].gold, "predicted": scores[genre].predicted,
                                       "hits": scores[genre].hits, "clear_members": scores[genre].clear_members}
        if a.errors == "dev" and split == "dev" and "ALL" in scores:
            for e in scores["ALL"].errors:
                print("   ", json.dumps(e, ensure_ascii=False))
    print(TARGETS)
    if a.json:
        a.json.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
