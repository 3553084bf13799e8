"""Scanning speed of find_numbered / protected_spans on the shared corpus.

Prints MB/s (UTF-8 bytes of the decoded texts) and the ratio against a plain regex scan for numeral
characters measured in the same run.  Usage: python benchmarks/bench_slogans.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import time
from pathlib import Path

from policytext.slogans import find_numbered, protected_spans

ROOT = Path(__file__).resolve().parent.parent
RAW = Path(os.environ.get("POLICYTEXT_SHARED", ROOT.parent / "shared")) / "corpus_raw"


def load() -> list[str]:
    texts = []
    with open(RAW / "INDEX.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            t = (RAW / row["path"]).read_bytes().decode(row["encoding"]).replace("\r\n", "\n")
            if row["path"].endswith(".csv"):
                rows = list(csv.DictReader(io.StringIO(t)))
                texts.extend(r.get("full_text") or r.get("Text") or "" for r in rows)
                continue
            texts.append(t)
    return texts


def best(fn, texts: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = load()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    baseline_re = re.compile(r"[一二两三四五六七八九十双百千万\d]+[个大项条]?[\u4e00-\u9fff]{1,4}")
    find_numbered("预热“四个全面”")  # load the lexicon once
    t_base = best(lambda t: baseline_re.findall(t), texts, args.repeat)
    t_spans = best(protected_spans, texts, args.repeat)
    t_find = best(find_numbered, texts, args.repeat)
    n = sum(len(find_numbered(t)) for t in texts)
    print(f"corpus: {len(texts)} docs, {mb:.1f} MB UTF-8, {n} numbered mentions")
    print(f"plain regex scan : {mb / t_base:8.1f} MB/s")
    print(f"protected_spans  : {mb / t_spans:8.1f} MB/s  ratio to regex {t_spans / t_base:6.1f}x slower")
    print(f"find_numbered    : {mb / t_find:8.1f} MB/s  ratio to regex {t_find / t_base:6.1f}x slower")
    print(f"target >= 10 MB/s : {'met' if mb / t_find >= 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
