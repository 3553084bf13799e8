"""Add the shared corpus's new files to corpus/MANIFEST.csv (and its package copy); existing rows are kept.

Usage: python corpus/update_manifest.py [../shared/corpus_raw]

A row gets a download URL (raw.githubusercontent.com at the source commit) when the shared file is the source
file byte for byte; a file written from one field of a JSONL record has no URL (fetch it from a mirror), and
documents not clearly covered by PRC Copyright Law Art. 5 (speeches) are never given one.
"""
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL = "official document, excluded from copyright (PRC Copyright Law Art. 5)"
SPEECH = "speeches of a state leader, not clearly covered by Art. 5; research use only; not redistributed; mirror only"


def main(raw: Path) -> None:
    out = ROOT / "corpus" / "MANIFEST.csv"
    with open(out, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    known = {r["path"] for r in rows}
    with open(raw / "INDEX.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["path"] in known:
                continue
            speech = r["genre"] == "speech"
            jsonl = r["source_path"].endswith(".jsonl")
            url = "" if speech or jsonl else (f"https://raw.githubusercontent.com/{r['source_repo']}/"
                                               f"{r['source_commit']}/{r['source_path']}")
            rows.append({**{k: r.get(k, "") for k in fields}, "collection": r["path"].split("/")[0],
                         "in_sample": "no", "url": url, "license": SPEECH if speech else OFFICIAL})
    rows.sort(key=lambda r: (r["collection"], r["path"]))
    for dest in (out, ROOT / "policytext" / "data" / "manifest.csv"):
        with open(dest, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus_raw")
