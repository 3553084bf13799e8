"""Inputs that used to hang (issue 13): CPU time per MB must stay flat as the input grows.

Usage: python benchmarks/bench_pathological.py [--sizes 1,4,16]

* read_corpus with cleaning on synthetic text files of unique lines (the paragraph de-duplication rebuilt and
  searched all earlier text for every new line: 1/2/4/8 MB took 0.4/1.5/13.8/112.8 s);
* find_numbered and tokens on digit runs and codes ("1"*n, "1+"*n, "1 + "*n: every position of a run was a
  candidate scanned to its end: 10 s at n = 20,000), and on dense short lines each holding a label
  ("\n分《十部"*n: the parallel-sentence reader listed every sentence of a 4,000-character window per label).

Prints seconds per MB for each size and the ratio largest/smallest (1.0 = linear), median of 3 runs.
"""
from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import policytext as pt


def synthetic(path: Path, mb: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    lines, size = [], 0
    while size < mb * 1_000_000:
        line = "".join(rng.choice(chars) for _ in range(rng.randint(20, 120))) + "。"
        lines.append(line)
        size += len(line.encode("utf-8"))
    path.write_text("\n".join(lines), encoding="utf-8")


def median_time(fn, repeat: int = 3) -> float:
    out = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        out.append(time.process_time() - t)
    return statistics.median(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,4,16")
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(",")]
    pt.find_numbered("三大攻坚战")  # load the lexicon outside the timings
    with tempfile.TemporaryDirectory() as d:
        per_mb = []
        for mb in sizes:
            p = Path(d) / f"t{mb}.txt"
            synthetic(p, mb)
            s = median_time(lambda p=p: pt.read_corpus(p))
            per_mb.append(s / mb)
            print(f"read_corpus + cleaning, {mb:>3} MB: {s:7.2f} CPU-s, {s / mb:.2f} s/MB")
        print(f"  ratio s/MB largest/smallest: {per_mb[-1] / per_mb[0]:.2f}")
    for name, unit in (("digits", "1"), ("plus code", "1+"), ("spaced code", "1 + "),
                       ("dense labels", "\n分《十部")):  # (fuzzing, session 6: 8,200 characters took 0.7 s)
        per_char = []
        for n in (5_000, 20_000, 80_000):
            text = unit * (n // len(unit))
            s = median_time(lambda text=text: (pt.find_numbered(text), pt.tokens(pt.Corpus({"d": text}))))
            per_char.append(s / n)
            print(f"find_numbered + tokens, {name:11s} n={n:>6}: {s:6.3f} CPU-s")
        print(f"  ratio s/char largest/smallest: {per_char[-1] / per_char[0]:.2f}")
    per_char = []
    for n in (2_000, 8_000, 32_000):  # repeated short clauses (fuzzing, session 6: 6,000 characters took 12.6 s)
        text = ("标准、标准一是；" * n)[:n]
        s = median_time(lambda text=text: pt.find_parallels(text))
        per_char.append(s / n)
        print(f"find_parallels, repeated clauses n={n:>6}: {s:6.3f} CPU-s")
    print(f"  ratio s/char largest/smallest: {per_char[-1] / per_char[0]:.2f}")


if __name__ == "__main__":
    main()
