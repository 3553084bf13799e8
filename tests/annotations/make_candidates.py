"""Throwaway candidate lister for the hand annotation of numbered formulations.

Lists EVERY occurrence of a numeral character (runs merged) with +-20 chars of
context and its character offset in the decoded, CRLF/CR->LF-normalised text.
The annotator then judged each candidate by reading it; nothing here decides
what is a formulation.  Independent of policytext (does not import it).

Usage:  python tests/annotations/make_candidates.py [--cleaned] DOC_ID [DOC_ID ...] > cands.tsv
        (--cleaned: on the pt.read_corpus text instead of the raw file, as for gwr_1978)
"""
import csv
import hashlib
import io
import re
import sys
from pathlib import Path

RAW = Path("/work/shared/corpus_raw")


def index():
    with open(RAW / "INDEX.csv", encoding="utf-8", newline="") as f:
        return {r["doc_id"]: r for r in csv.DictReader(f)}


def load(doc_id):
    """Return (normalised text, index row). CSV docs: the `full_text` field."""
    row = index()[doc_id]
    raw = (RAW / row["path"]).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == row["sha256"], doc_id
    text = raw.decode(row["encoding"])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if row["path"].endswith(".csv"):
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == 1
        text = rows[0]["full_text"]
    return text, row


NUM = "二三四五六七八九十两百千万双"
# 一 only when followed by a measure/head pattern, or in 一X一Y patterns
ONE = r"一(?=[个大带国体核主张网批项类条种套公+＋])|一(?=.一)|(?<=[、，])一"
DIG = r"[0-9０-９]+(?=[个+＋大])"
PAT = re.compile(rf"[{NUM}]+|{ONE}|{DIG}")


def candidates(text, width=20):
    for m in PAT.finditer(text):
        s, e = m.start(), m.end()
        left = text[max(0, s - width):s].replace("\n", "⏎")
        right = text[e:e + width].replace("\n", "⏎")
        yield s, e, m.group(), left, right


def check(paths):
    """Verify text[start:end] == surface for every mention/offset in annotation YAMLs."""
    import yaml
    bad = 0
    for p in paths:
        d = yaml.safe_load(open(p, encoding="utf-8"))
        if d.get("reader") == "read_corpus":  # offsets on the cleaned text (the only use of policytext here)
            import policytext as pt
            text = pt.read_corpus(RAW / d["source"].split("corpus_raw/", 1)[1]).texts[0]
        else:
            text, _ = load(d["doc_id"])
        items = list(d.get("mentions") or [])
        for key in ("formulations", "sections", "parallels", "occurrences"):
            items += d.get(key) or []
        for en in d.get("enumerations") or []:
            items += en.get("items") or []
        for m in items:
            if "start" in m and text[m["start"]:m["end"]] != m["surface"]:
                bad += 1
                print("BAD", p, m["start"], m["surface"], repr(text[m["start"]:m["end"]]))
        print(p, len(items), "items checked")
    return bad


if __name__ == "__main__":
    if sys.argv[1:2] == ["--check"]:
        sys.exit(1 if check(sys.argv[2:]) else 0)
    cleaned = sys.argv[1:2] == ["--cleaned"]  # list candidates on pt.read_corpus text (gwr_1978)
    for doc in sys.argv[1 + cleaned:]:
        text, row = load(doc)
        if cleaned:
            import policytext as pt
            text = pt.read_corpus(RAW / row["path"]).texts[0]
        for s, e, g, left, r in candidates(text):
            print(f"{doc}\t{s}\t{e}\t{left}【{g}】{r}")
