"""Tool for the blind gold set of numbered formulations (see README.md beside this file).

Independent of the matcher: it never imports ``policytext.slogans``.  It

* ``export``     writes the exact text of every selected document (the text the annotators read and the scorer
                 runs on) to a folder, and prints each text's sha256;
* ``cands DOC``  lists every numeral run with context and offset (nothing here decides what is a formulation);
* ``find DOC S`` lists every offset of the string S with context;
* ``check F``    validates an annotation file against the schema (``schema.md``), fills ``end``, ``quoted`` and
                 ``context``, checks every member against its evidence span, and with ``--write`` rewrites it.

Texts (``text_of``): the file decoded with its INDEX.csv encoding, CRLF/CR -> LF, nothing else; a row of a table:
the text field of that row (``speeches_xi_2020.04`` = 4th data row, 1-based, as policytext's reader names rows);
a one-row provincial CSV: its ``full_text``.  The 1954-2002 gov.cn scrapes repeat the report once per sub-page,
so for them the text is ``policytext.read_corpus(file).texts[0]`` (the reader, not the matcher); its sha256 is in
``texts.sha256`` and the scorer re-anchors on ``context`` if the reader's output ever changes.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
RAW = Path(os.environ.get("POLICYTEXT_SHARED", HERE.parents[3] / "shared")).resolve() / "corpus_raw"

GENRES = ("gwr_national", "gwr_provincial", "congress_report", "communique", "speech")
KINDS = ("count", "compound", "code", "plan_period")
STRUCTURES = ("list_before", "label_then_list", "enumerated", "bracket", "glossary", "parallel", "other")
CONFIDENCE = ("clear", "interpretive")


def index() -> dict[str, dict[str, str]]:
    with open(RAW / "INDEX.csv", encoding="utf-8", newline="") as fh:
        return {r["doc_id"]: r for r in csv.DictReader(fh)}


def genre_of(doc_id: str) -> str:
    if doc_id.startswith("speech"):
        return "speech"
    row = index()[doc_id]
    if row["genre"] == "gwr":
        return "gwr_national" if row["level"] == "national" else "gwr_provincial"
    return row["genre"]


def is_scrape(row: dict[str, str]) -> bool:
    return row["path"].startswith("national_gwr/") and int(row["year"]) <= 2002


def text_of(doc_id: str) -> str:
    """The annotated text of one document (see the module docstring)."""
    base, _, rowno = doc_id.partition(".") if doc_id.startswith("speeches_") else (doc_id, "", "")
    row = index()[base]
    raw = (RAW / row["path"]).read_bytes()
    if hashlib.sha256(raw).hexdigest() != row["sha256"]:
        raise SystemExit(f"{row['path']}: sha256 differs from INDEX.csv")
    if is_scrape(row):
        import policytext as pt  # the reader only (page chrome and repeated sub-pages removed)

        return pt.read_corpus(RAW / row["path"]).texts[0]
    text = raw.decode(row["encoding"]).replace("\r\n", "\n").replace("\r", "\n")
    if row["path"].endswith(".csv"):
        rows = list(csv.DictReader(io.StringIO(text)))
        if rowno:
            return rows[int(rowno) - 1]["Text"].replace("\r\n", "\n").replace("\r", "\n")
        assert len(rows) == 1, doc_id
        return rows[0]["full_text"].replace("\r\n", "\n").replace("\r", "\n")
    return text


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


NUM = "一二三四五六七八九十两百千万双零〇"
PAT = re.compile(rf"[{NUM}]+|[0-9０-９]+(?:[+＋][0-9０-９A-Za-zＸ]+)*|[A-Za-z](?=[+＋])")


def show(text: str, s: int, e: int, width: int = 20) -> str:
    left = text[max(0, s - width):s].replace("\n", "⏎")
    right = text[e:e + width].replace("\n", "⏎")
    return f"{left}【{text[s:e]}】{right}"


def context(text: str, s: int, e: int, width: int = 15) -> str:
    return text[max(0, s - width):e + width].replace("\n", "⏎")


OPEN, CLOSE = "“「『‘\"", "”」』’\""


def quoted(text: str, s: int, e: int) -> bool:
    """The span lies inside a quotation pair on its line (“…”, 「…」, ‘…’, "…")."""
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    line_end = len(text) if line_end < 0 else line_end
    for o, c in zip(OPEN, CLOSE):
        before = text[line_start:s]
        if o == c:
            if before.count(o) % 2 == 1 and o in text[e:line_end]:
                return True
            continue
        depth = before.count(o) - before.count(c)
        if depth > 0 and c in text[e:line_end]:
            return True
    return False


def check(path: Path, texts: Path | None, write: bool) -> int:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors: list[str] = []
    doc_id = doc["doc_id"]
    text = (texts / f"{doc_id}.txt").read_text(encoding="utf-8") if texts else text_of(doc_id)
    if doc.get("sha256_text") and doc["sha256_text"] != sha(text):
        errors.append(f"sha256_text {doc['sha256_text']} != text's {sha(text)}")
    doc["sha256_text"] = sha(text)
    doc["n_chars"] = len(text)
    doc.setdefault("genre", genre_of(doc_id))
    seen = set()
    for i, m in enumerate(doc.get("mentions") or []):
        where = f"mention {i} ({m.get('surface')!r} at {m.get('start')})"
        s = m.get("start")
        surf = m.get("surface")
        if not isinstance(s, int) or not surf:
            errors.append(f"{where}: start (int) and surface are required")
            continue
        e = s + len(surf)
        if text[s:e] != surf:
            hits = [mm.start() for mm in re.finditer(re.escape(surf), text)]
            near = min(hits, key=lambda h: abs(h - s)) if hits else None
            errors.append(f"{where}: text[{s}:{e}] is {text[s:e]!r}; nearest occurrence at {near}")
            continue
        if (s, e) in seen:
            errors.append(f"{where}: duplicate span")
        seen.add((s, e))
        m["end"] = e
        m["quoted"] = quoted(text, s, e)
        m["context"] = context(text, s, e)
        m.setdefault("label", surf)
        m.setdefault("borderline", False)
        if m.get("kind") not in KINDS:
            errors.append(f"{where}: kind must be one of {KINDS}")
        if not isinstance(m.get("number"), int):
            errors.append(f"{where}: number (int) is required")
        if m.get("kind") in ("compound", "code") and not m.get("numbers"):
            errors.append(f"{where}: compound/code needs numbers")
        members = m.get("members")
        m.setdefault("members", None)
        if members is None:
            for k in ("members_confidence", "members_evidence", "members_structure"):
                if m.get(k) is not None:
                    errors.append(f"{where}: {k} given without members")
            continue
        if not isinstance(members, list) or not all(isinstance(x, str) and x for x in members):
            errors.append(f"{where}: members must be a list of non-empty strings or null")
            continue
        if m.get("members_confidence") not in CONFIDENCE:
            errors.append(f"{where}: members_confidence must be one of {CONFIDENCE}")
        if m.get("members_structure") not in STRUCTURES:
            errors.append(f"{where}: members_structure must be one of {STRUCTURES}")
        ev = m.get("members_evidence")
        if not (isinstance(ev, list) and len(ev) == 2 and all(isinstance(x, int) for x in ev) and ev[0] < ev[1]):
            errors.append(f"{where}: members_evidence must be [start, end] of the defining text")
            continue
        span = text[ev[0]:ev[1]]
        for x in members:
            if x not in span:
                errors.append(f"{where}: member {x!r} is not in text[{ev[0]}:{ev[1]}] = {span[:60]!r}…")
    doc["n_mentions"] = len(doc.get("mentions") or [])
    doc["n_borderline"] = sum(bool(m.get("borderline")) for m in doc.get("mentions") or [])
    doc["n_with_members"] = sum(m.get("members") is not None for m in doc.get("mentions") or [])
    for err in errors:
        print(f"{path}: {err}")
    if write and not errors:
        doc["mentions"] = sorted(doc.get("mentions") or [], key=lambda m: (m["start"], m["end"]))
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    print(f"{path}: {doc['n_mentions']} mentions, {doc['n_borderline']} borderline, "
          f"{doc['n_with_members']} with members, {len(errors)} errors")
    return len(errors)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    ex = sub.add_parser("export")
    ex.add_argument("docs", nargs="+")
    ex.add_argument("--out", type=Path, required=True)
    c = sub.add_parser("cands")
    c.add_argument("doc")
    c.add_argument("--texts", type=Path)
    f = sub.add_parser("find")
    f.add_argument("doc")
    f.add_argument("string")
    f.add_argument("--texts", type=Path)
    k = sub.add_parser("check")
    k.add_argument("files", nargs="+", type=Path)
    k.add_argument("--texts", type=Path)
    k.add_argument("--write", action="store_true")
    a = ap.parse_args(argv)

    def load(doc: str, texts: Path | None) -> str:
        return (texts / f"{doc}.txt").read_text(encoding="utf-8") if texts else text_of(doc)

    if a.cmd == "export":
        a.out.mkdir(parents=True, exist_ok=True)
        for d in a.docs:
            t = text_of(d)
            (a.out / f"{d}.txt").write_text(t, encoding="utf-8")
            print(f"{d}\t{len(t)}\t{sha(t)}")
    elif a.cmd == "cands":
        t = load(a.doc, a.texts)
        for m in PAT.finditer(t):
            print(f"{m.start()}\t{show(t, m.start(), m.end())}")
    elif a.cmd == "find":
        t = load(a.doc, a.texts)
        for m in re.finditer(re.escape(a.string), t):
            print(f"{m.start()}\t{m.end()}\t{show(t, m.start(), m.end())}")
    else:
        return 1 if sum(check(p, a.texts, a.write) for p in a.files) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
