"""Throughput of read_corpus on the whole shared corpus, against a baseline measured in the same run.

Baseline: for every file listed in INDEX.csv, ``open(path, encoding=<known encoding>).read()`` (tables: the same
plus ``pandas.read_csv``), i.e. reading with the answer already known. Measured: ``read_corpus`` (detection with
the encoding ladder, newline normalisation, sha256, provenance, docvars join) with ``clean=False`` and with
``clean=True``. Prints MB/s (raw bytes) and the ratio to the baseline; best of ``--repeat`` runs.

    python benchmarks/bench_read.py [--shared ../shared] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

import pandas as pd

import policytext as pt


def baseline(root: Path, index: pd.DataFrame) -> int:
    n = 0
    for row in index.itertuples():
        path = root / row.path
        with open(path, encoding=row.encoding, newline=None) as fh:
            text = fh.read()
        if path.suffix == ".csv":
            text = pd.read_csv(io.StringIO(text))["full_text"].iloc[0]
        n += len(text)
    return n


def best_of(repeat: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    root = Path(args.shared) / "corpus_raw"
    index = pd.read_csv(root / "INDEX.csv")
    mb = index["bytes"].sum() / 1e6

    t_base = best_of(args.repeat, lambda: baseline(root, index))
    t_raw = best_of(args.repeat, lambda: pt.read_corpus(root, docvars=root / "INDEX.csv", clean=False))
    t_clean = best_of(args.repeat, lambda: pt.read_corpus(root, docvars=root / "INDEX.csv", clean=True))

    print(f"corpus: {len(index)} files, {mb:.2f} MB (best of {args.repeat})")
    print(f"{'method':<42}{'seconds':>9}{'MB/s':>9}{'x baseline':>12}")
    for name, t in [("baseline open().read(known encoding)", t_base),
                    ("read_corpus(clean=False)", t_raw),
                    ("read_corpus(clean=True)", t_clean)]:
        print(f"{name:<42}{t:>9.3f}{mb / t:>9.1f}{t / t_base:>12.2f}")


if __name__ == "__main__":
    main()
