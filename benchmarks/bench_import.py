"""``import policytext`` in a fresh process against ``import pandas`` (issue 14 target: <= 0.5 s and <= 1.2x
pandas), and the first call a user makes after it.

Usage: python benchmarks/bench_import.py [--repeat 3]

Each figure is the median over ``--repeat`` fresh Python processes, timed inside the child with
``time.perf_counter`` around the statement.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

CASES = {
    "import pandas": ("", "import pandas"),
    "import policytext": ("", "import policytext"),
    "pt.Corpus + find_numbered (first call)": (
        "import policytext as pt", "pt.find_numbered(pt.Corpus({'a': '坚持“四个全面”战略布局。'}))"),
}
CHILD = "import time\n{setup}\nt = time.perf_counter()\n{stmt}\nprint(time.perf_counter() - t)"


def timed(setup: str, stmt: str) -> float:
    out = subprocess.run([sys.executable, "-c", CHILD.format(setup=setup, stmt=stmt)], capture_output=True,
                         text=True, check=True).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    med = {name: statistics.median(timed(*case) for _ in range(a.repeat)) for name, case in CASES.items()}
    for name, t in med.items():
        print(f"{name:42s} {t:7.3f} s")
    print(f"import policytext / import pandas: {med['import policytext'] / med['import pandas']:.3f}")


if __name__ == "__main__":
    main()
