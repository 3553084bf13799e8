"""What a user waits for in a fresh kernel: ``pt.tokens(corpus)`` first and second call against ``jieba.lcut``
(issue 14 targets: first call >= 10x jieba.lcut, warm >= 15x).

Usage: python benchmarks/bench_first_call.py [../shared/corpus_raw] [--repeat 3]

The corpus is read once here and its cleaned texts written to a temporary JSON file. Each run is a fresh Python
process: the jieba baseline imports jieba and cuts every text with ``jieba.lcut`` (its dictionary load included,
as a user pays it); the policytext run imports policytext and calls ``pt.tokens(corpus)`` twice with the default
Segmenter (first call = dictionary and pool set-up included; second call = warm). Medians of ``--repeat`` runs.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

JIEBA = r"""
import json, sys, time
texts = json.load(open(sys.argv[1], encoding="utf-8"))
t = time.perf_counter()
import jieba
jieba.setLogLevel(60)
n = sum(len(jieba.lcut(x)) for x in texts.values())
print(json.dumps({"first": time.perf_counter() - t, "n": n}))
"""
POLICYTEXT = r"""
import json, sys, time
texts = json.load(open(sys.argv[1], encoding="utf-8"))
t = time.perf_counter()
import policytext as pt
c = pt.Corpus(texts)
toks = pt.tokens(c)
first = time.perf_counter() - t
t = time.perf_counter()
toks = pt.tokens(c)
warm = time.perf_counter() - t
print(json.dumps({"first": first, "warm": warm, "n": int(toks.n_tokens if isinstance(toks.n_tokens, int) else sum(toks.n_tokens))}))
"""


def child(code: str, path: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus_raw"))
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    import policytext as pt

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        index = Path(a.corpus) / "INDEX.csv"
        corpus = pt.read_corpus(a.corpus, docvars=index if index.exists() else None)
    texts = dict(corpus)
    mb = sum(len(t.encode("utf-8")) for t in texts.values()) / 1e6
    with tempfile.TemporaryDirectory() as d:
        path = str(Path(d) / "texts.json")
        Path(path).write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        jb = [child(JIEBA, path) for _ in range(a.repeat)]
        ptr = [child(POLICYTEXT, path) for _ in range(a.repeat)]
    j = statistics.median(r["first"] for r in jb)
    first = statistics.median(r["first"] for r in ptr)
    warm = statistics.median(r["warm"] for r in ptr)
    print(f"{len(texts)} documents, {mb:.2f} MB of cleaned text; medians of {a.repeat} fresh processes")
    print(f"jieba.lcut (import + dictionary + cut)      {j:7.2f} s  {mb / j:6.2f} MB/s  1.0x")
    print(f"pt.tokens(c) first call (import included)   {first:7.2f} s  {mb / first:6.2f} MB/s  {j / first:.1f}x")
    print(f"pt.tokens(c) second call (warm)             {warm:7.2f} s  {mb / warm:6.2f} MB/s  {j / warm:.1f}x")


if __name__ == "__main__":
    main()
