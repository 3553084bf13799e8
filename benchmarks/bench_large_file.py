"""One large text file read and cleaned (issue 13 target: 200 MB in under 60 s, peak memory <= 3x the file).

Usage: python benchmarks/bench_large_file.py [--mb 200] [--repeat 3]

A synthetic UTF-8 file of ``--mb`` megabytes (random common Han characters in lines of 20-120 characters, a
blank line every 10 lines, an advertising head block, whitespace-only lines) is written to a temporary folder;
each run is a fresh Python process that calls ``pt.read_corpus(path)`` (cleaning on, the default call) and
reports its wall time and peak resident memory (``ru_maxrss``). The baseline in the same run is the same fresh
process doing ``open(path).read()``. Prints the median of ``--repeat`` runs and the ratios.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time, warnings
path, what = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if what == "read":
    n = len(open(path, encoding="utf-8").read())
    removed = 0
else:
    import policytext as pt
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = pt.read_corpus(path)
    n = int(c.provenance["n_chars"].iloc[0])
    removed = int(c.provenance["n_removed"].iloc[0])
wall = time.perf_counter() - t
print(json.dumps({"wall": wall, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "n_chars": n, "n_removed": removed}))
"""


def synthetic(path: Path, mb: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    target = mb * 1_000_000
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        head = "仅供学习 禁止外传\n会员群：   免费QQ群：\n\n政府工作报告\n各位代表：\n"
        fh.write(head)
        size += len(head.encode("utf-8"))
        k = 0
        while size < target:
            line = "".join(rng.choices(chars, k=rng.randint(20, 120))) + "。\n"
            if k % 10 == 9:
                line += "\n" if k % 20 else " \u3000\n\n\n"
            fh.write(line)
            size += len(line.encode("utf-8"))
            k += 1


def run(path: Path, what: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), what], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "large.txt"
        synthetic(path, a.mb)
        file_mb = path.stat().st_size / 1e6
        rows = {what: [run(path, what) for _ in range(a.repeat)] for what in ("read", "read_corpus")}
    med = {w: {k: statistics.median(r[k] for r in rs) for k in ("wall", "peak_mb")} for w, rs in rows.items()}
    rc = rows["read_corpus"][0]
    print(f"file: {file_mb:.1f} MB; read_corpus kept {rc['n_chars']:,} characters, removed {rc['n_removed']:,}")
    for w in ("read", "read_corpus"):
        print(f"{w:12s} wall {med[w]['wall']:7.2f} s  peak {med[w]['peak_mb']:8.1f} MB  "
              f"({med[w]['peak_mb'] / file_mb:.2f}x the file)")
    print(f"read_corpus: {file_mb / med['read_corpus']['wall']:.1f} MB/s; "
          f"{med['read_corpus']['wall'] / med['read']['wall']:.1f}x the plain read's time "
          f"(median of {a.repeat} fresh processes)")


if __name__ == "__main__":
    main()
