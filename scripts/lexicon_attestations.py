"""First national attestation of every lexicon entry, computed from the dated national documents of the corpus.

Usage: python scripts/lexicon_attestations.py [../shared/corpus_raw] [--write]

For each entry of ``policytext/data/formulations.yaml`` the first national government work report, party-congress
report or plenum communiqué (by date; INDEX.csv ``date``, else its ``year``; ties by doc_id) whose text contains
the label or one of its aliases as a string.  The 1954-2002 gov.cn scrapes are read with ``pt.read_corpus``
(page chrome removed), the others decoded with their INDEX.csv encoding.  ``--write`` stores the result as
``first_national: {doc_id, date}`` (or null) in the YAML; without it, prints the differences.
``tests/test_lexicon.py`` recomputes the same and compares.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LEXICON = ROOT / "policytext" / "data" / "formulations.yaml"
GENRES = ("gwr", "congress_report", "communique")


def national_documents(raw: Path) -> list[tuple[str, str, str]]:
    """(sort date, doc_id, text) of every dated national document, oldest first."""
    import policytext as pt

    out = []
    with open(raw / "INDEX.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["level"] != "national" or row["genre"] not in GENRES or row["path"].startswith("other/"):
                continue
            when = row["date"] or row["year"]
            if not when:
                continue
            path = raw / row["path"]
            if row["path"].startswith("national_gwr/") and int(row["year"]) <= 2002:
                text = pt.read_corpus(path).texts[0]
            else:
                text = path.read_bytes().decode(row["encoding"]).replace("\r\n", "\n")
            out.append((when, row["doc_id"], text))
    return sorted(out)


def first_attestations(entries: list[dict], docs: list[tuple[str, str, str]]) -> dict[str, dict | None]:
    out: dict[str, dict | None] = {}
    for e in entries:
        surfaces = [e["label"], *(e.get("aliases") or [])]
        out[e["label"]] = next(({"doc_id": d, "date": when} for when, d, text in docs
                                if any(s in text for s in surfaces)), None)
    return out


def main(argv: list[str]) -> int:
    write = "--write" in argv
    args = [a for a in argv if a != "--write"]
    raw = Path(args[0]) if args else ROOT.parent / "shared" / "corpus_raw"
    data = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))
    got = first_attestations(data["formulations"], national_documents(raw))
    changed = 0
    for e in data["formulations"]:
        if "first_national" not in e or e["first_national"] != got[e["label"]]:
            changed += 1
            print(f"{e['label']}: {e.get('first_national')} -> {got[e['label']]}")
            e["first_national"] = got[e["label"]]
    if write and changed:
        head = LEXICON.read_text(encoding="utf-8").split("\nversion:", 1)[0]
        body = yaml.safe_dump({k: v for k, v in data.items()}, allow_unicode=True, sort_keys=False, width=120)
        LEXICON.write_text(head + "\n" + body, encoding="utf-8")
    print(f"{changed} entries changed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
