"""Benchmark: policytext tokenization vs plain ``jieba.lcut`` single-process, on the whole shared corpus.

Both run in this process on the same decoded texts (every file of ``corpus_raw`` decoded with its INDEX.csv
encoding; provincial CSVs: their ``full_text``). Dictionaries are loaded before timing. Prints:

- throughput (MB/s of UTF-8 text, wall clock) of plain ``jieba.lcut`` (the baseline, one process) and of
  ``policytext.tokens()`` with the default Segmenter plus stopwords (rjieba backend, domain dictionary,
  protected spans) for ``n_jobs=1`` and ``2``, and the ratio to the baseline (target >= 10x). With
  ``n_jobs=2`` the worker pool is started by the first call and kept for the next ones: the first call is
  printed on its own, the best of ``--repeat`` warm calls as the throughput; also with the ``spawn`` start
  method (Windows, macOS) when the default here is ``fork``;
- bytes per token of :class:`Tokens` (ids + starts + indptr) against lists of Python strings (target <= 8);
- token-for-token agreement with jieba.lcut: the plain configuration (no domain dictionary, no protection;
  must be 100%) and the default configuration (by character spans);
- a breakdown of where policytext's time goes (segmentation backend, protected spans, the rest).

    python benchmarks/bench_tokenize.py [--repeat 3] [--fraction 1.0]

``--fraction`` < 1 uses the first documents only (for quick checks; report numbers with the default 1.0).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("POLICYTEXT_SHARED", ROOT.parent / "shared")).resolve() / "corpus_raw"


def load_shared() -> dict[str, str]:
    out: dict[str, str] = {}
    with open(SHARED / "INDEX.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            text = (SHARED / row["path"]).read_bytes().decode(row["encoding"])
            if row["path"].endswith(".csv"):
                text = "\n".join(r["full_text"] for r in csv.DictReader(io.StringIO(text)))
            out[row["doc_id"]] = text
    return out


def timed(fn, repeat: int = 1):  # type: ignore[no-untyped-def]
    """Best wall time and CPU time over ``repeat`` runs, and the last result."""
    best_w = best_c = float("inf")
    result = None
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        result = fn()
        best_w = min(best_w, time.perf_counter() - w)
        best_c = min(best_c, time.process_time() - c)
    return best_w, best_c, result


def list_bytes(lists: list[list[str]]) -> int:
    """Memory of lists of Python strings: list objects plus every distinct str object."""
    seen: set[int] = set()
    total = 0
    for lst in lists:
        total += sys.getsizeof(lst)
        for w in lst:
            k = id(w)
            if k not in seen:
                seen.add(k)
                total += sys.getsizeof(w)
    return total


def spans(words: list[str]) -> set[tuple[int, int]]:
    out: set[tuple[int, int]] = set()
    pos = 0
    for w in words:
        if not w.isspace():
            out.add((pos, pos + len(w)))
        pos += len(w)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs for policytext (jieba runs once)")
    ap.add_argument("--fraction", type=float, default=1.0)
    args = ap.parse_args()

    import logging

    import jieba
    import rjieba

    import policytext as pt
    from policytext.slogans.spans import protected_spans

    jieba.setLogLevel(logging.WARNING)
    docs = load_shared()
    texts = list(docs.values())
    texts = texts[: max(1, round(len(texts) * args.fraction))]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"corpus: {len(texts)} documents, {sum(map(len, texts)):,} characters, {mb:.2f} MB UTF-8")
    print(f"cpus: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")

    jieba.initialize()
    seg = pt.Segmenter(stopwords="default")
    seg.cut("预热")
    plain = pt.Segmenter(domain_dict=False, protect=())
    plain.cut("预热")
    default = pt.Segmenter()
    default.cut("预热")

    # -- throughput ---------------------------------------------------------------------------------
    jw, jc, ref = timed(lambda: [jieba.lcut(t) for t in texts], 1)
    print(f"\njieba.lcut (1 process)          {jw:7.2f} s wall {jc:7.2f} s cpu  {mb / jw:6.2f} MB/s   1.0x")
    from policytext.tokenize.parallel import choose_start_method, live_start_method, shutdown_pools

    results = {}
    walls = {}
    configs = [(1, None), (2, None)]
    if choose_start_method() != "spawn":
        configs.append((2, "spawn"))
    for n_jobs, method in configs:
        shutdown_pools()
        label = f"n_jobs={n_jobs}" + (f" {method}" if method else "")
        # first call: includes starting the worker pool (kept alive for the next calls)
        fw, fc, _ = timed(lambda: pt.tokens(texts, seg, n_jobs=n_jobs, start_method=method), 1)  # noqa: B023
        started_by = live_start_method()
        w, c, toks = timed(lambda: pt.tokens(texts, seg, n_jobs=n_jobs, start_method=method),  # noqa: B023
                           args.repeat)
        results[label] = toks
        walls[label] = w
        if n_jobs > 1:
            print(f"policytext tokens {label:<13s} first call {fw:5.2f} s wall ({jw / fw:4.1f}x), "
                  f"pool started by '{started_by}'")
        print(f"policytext tokens {label:<13s} {w:7.2f} s wall {c:7.2f} s cpu  {mb / w:6.2f} MB/s"
              f"  {jw / w:5.1f}x")
    shutdown_pools()
    first = results["n_jobs=1"]
    for label, toks in results.items():
        assert toks.to_lists() == first.to_lists(), label
        assert np.array_equal(toks.starts, first.starts), label

    # where the time goes (single thread)
    jb = rjieba.Jieba()
    jb.cut("预热", True)
    rw, _, _ = timed(lambda: [jb.cut(t, True) for t in texts], args.repeat)
    sw, _, _ = timed(lambda: [protected_spans(t) for t in texts], args.repeat)
    gw, _, _ = timed(lambda: [seg._segment(t) for t in texts], args.repeat)
    print(f"  breakdown n_jobs=1: rjieba.cut {rw:.2f} s, protected_spans {sw:.2f} s, "
          f"Segmenter._segment {gw:.2f} s (incl. both), arrays/vocabulary/stopwords {walls['n_jobs=1'] - gw:.2f} s")

    # -- memory ---------------------------------------------------------------------------------------
    toks = first
    lists = [seg.cut(t) for t in texts]
    lists = [[w for w in d if not w.isspace()] for d in lists]
    n = toks.n_tokens
    assert n == sum(map(len, lists))
    print(f"\ntokens: {n:,}, types: {len(toks.vocab):,}")
    print(f"Tokens arrays (ids+starts+indptr): {toks.nbytes / n:.3f} bytes/token  (target <= 8)")
    print(f"lists of Python strings:           {list_bytes(lists) / n:.1f} bytes/token")
    vocab_bytes = sum(sys.getsizeof(w) for w in toks.vocab) + sys.getsizeof(toks.vocab)
    print(f"  (vocabulary, shared, not per token: {vocab_bytes / 1e6:.2f} MB = {vocab_bytes / n:.2f} bytes/token)")

    # -- agreement with jieba.lcut -------------------------------------------------------------------------
    n_ref = sum(1 for d in ref for w in d if not w.isspace())
    plain_cut = [plain.cut(t) for t in texts]
    same_docs = sum(a == b for a, b in zip(ref, plain_cut, strict=True))
    print(f"\nagreement with jieba.lcut ({n_ref:,} non-space jieba tokens)")
    print(f"  plain config (domain_dict=False, protect=()): {same_docs}/{len(texts)} documents identical")
    default_cut = [default.cut(t) for t in texts]
    common = n_default = 0
    for a, b in zip(ref, default_cut, strict=True):
        sa, sb = spans(a), spans(b)
        common += len(sa & sb)
        n_default += len(sb)
    print(f"  default config: {common / n_ref:.4%} of jieba tokens are policytext tokens; "
          f"{common / n_default:.4%} of policytext tokens are jieba tokens")


if __name__ == "__main__":
    main()
