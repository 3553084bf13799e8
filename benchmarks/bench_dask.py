"""Benchmark: ``policytext freq --engine dask`` on corpora of ~250 MB, ~500 MB and ~1 GB; peak memory and throughput.

The corpora are made by repeating the document files of the shared corpus (``corpus_raw/*/*``, ~11.6 MB per copy;
copy ``k`` of ``gwr_2020.txt`` is ``r{k:03d}/national_gwr/gwr_2020__r{k:03d}.txt`` so every doc_id is unique).
Every copy is written once, into a pool folder; each corpus folder holds hard links to the first copies of the
pool, so the three corpora share their bytes on disk.

For every corpus the script runs ``python -m policytext.cli freq CORPUS --engine dask --workers 2 -q -o OUT`` in a
subprocess (a LocalCluster of 2 single-threaded worker processes) and samples, every 0.2 s, the resident set
size of the whole process tree (the CLI, the scheduler, the nannies and the workers; summed RSS, so shared pages
count once per process). Peak memory must not grow with corpus size.

Throughput: on a corpus that fits in memory (the shared corpus x ``--fit-copies``), the same command with
``--engine local`` (one process) and ``--engine dask`` (2 workers on the machine's cores); printed as raw MB/s
and as the ratio dask / local, measured in the same run; also CPU seconds of the whole process tree, and
the ratio of MB per CPU-second (which a machine shared with other work does not distort; the load average is
printed with each run). The two frequency tables are compared byte for byte.

    python benchmarks/bench_dask.py [--sizes 250,1000,500] [--fit-copies 4] [--workdir DIR] [--keep]
                                    [--json results.json]

Peak RSS is sampled with psutil when it is installed, else from /proc.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("POLICYTEXT_SHARED", ROOT.parent / "shared")).resolve() / "corpus_raw"
MB = 1_000_000


def base_files() -> list[Path]:
    """The document files of the shared corpus (every collection folder; INDEX.csv and README.md excluded)."""
    return sorted(p for p in SHARED.glob("*/*") if p.is_file())


def build_pool(pool: Path, n_copies: int) -> list[Path]:
    """Write ``n_copies`` renamed copies of the shared corpus under ``pool`` (each file once); return the copy
    folders."""
    files = base_files()
    dirs = []
    for k in range(n_copies):
        d = pool / f"r{k:03d}"
        dirs.append(d)
        if d.exists():
            continue
        tmp = pool / f".tmp{k:03d}"
        for f in files:
            t = tmp / f.parent.name / f"{f.stem}__r{k:03d}{f.suffix}"
            t.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, t)
        tmp.rename(d)
    return dirs


def link_corpus(target: Path, copies: list[Path]) -> int:
    """A corpus folder of hard links to the files of ``copies``; return its size in bytes."""
    total = 0
    for d in copies:
        for f in sorted(d.rglob("*")):
            if f.is_file():
                t = target / f.relative_to(d.parent)
                t.parent.mkdir(parents=True, exist_ok=True)
                if not t.exists():
                    os.link(f, t)
                total += f.stat().st_size
    return total


# -- process-tree memory ----------------------------------------------------------------------------------------
def _tree_rss_psutil(pid: int, cpu: dict[int, float] | None = None) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            with p.oneshot():
                total += p.memory_info().rss
                if cpu is not None:
                    t = p.cpu_times()
                    cpu[p.pid] = max(cpu.get(p.pid, 0.0), t.user + t.system)
        except psutil.NoSuchProcess:
            pass
    return total


def _tree_rss_proc(pid: int, cpu: dict[int, float] | None = None) -> int:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            if cpu is not None:
                with open(f"/proc/{p}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                tick = os.sysconf("SC_CLK_TCK")
                cpu[p] = max(cpu.get(p, 0.0), (int(fields[11]) + int(fields[12])) / tick)
        except (OSError, IndexError, ValueError):
            pass
    return total


def _tree_rss_fn():
    try:
        import psutil  # noqa: F401

        return _tree_rss_psutil, "psutil"
    except ImportError:
        return _tree_rss_proc, "/proc"


def run_freq(corpus: Path, out: Path, engine: str, workers: int = 2) -> dict[str, float]:
    """Run ``policytext freq`` in a subprocess; return wall seconds, CPU seconds (user+system, summed over the
    process tree as last sampled) and peak RSS (bytes) of its process tree."""
    tree_rss, _ = _tree_rss_fn()
    cmd = [sys.executable, "-m", "policytext.cli", "freq", str(corpus), "--engine", engine, "-q", "-o", str(out)]
    if engine == "dask":
        cmd += ["--workers", str(workers)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    cpu: dict[int, float] = {}
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(proc.pid, cpu))
            stop.wait(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    th.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-3000:]}")
    return {"seconds": wall, "cpu_seconds": sum(cpu.values()), "peak_rss": float(peak)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="250,1000,500", help="corpus sizes in MB (10^6 bytes), run in this order")
    ap.add_argument("--fit-copies", type=int, default=4, help="copies of the shared corpus for the throughput run")
    ap.add_argument("--workdir", default=None, help="where the corpora are written (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the corpora")
    ap.add_argument("--json", default=None, help="also write the results here")
    args = ap.parse_args()

    files = base_files()
    if not files:
        raise SystemExit(f"shared corpus not found at {SHARED} (set POLICYTEXT_SHARED)")
    copy_bytes = sum(f.stat().st_size for f in files)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    n_copies = {s: math.ceil(s * MB / copy_bytes) for s in sizes}
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="bench_dask_"))
    work.mkdir(parents=True, exist_ok=True)
    _, sampler = _tree_rss_fn()
    print(f"shared corpus: {len(files)} files, {copy_bytes / MB:.2f} MB per copy; work dir {work}; "
          f"RSS sampled with {sampler}; {os.cpu_count()} cores", flush=True)
    results: dict[str, object] = {"copy_bytes": copy_bytes, "n_files_per_copy": len(files), "sampler": sampler}
    try:
        t0 = time.perf_counter()
        pool = build_pool(work / "pool", max([*n_copies.values(), args.fit_copies]))
        print(f"wrote {len(pool)} copies in {time.perf_counter() - t0:.1f} s", flush=True)

        # throughput on a corpus that fits in memory
        fit = work / f"fit_x{args.fit_copies}"
        fit_bytes = link_corpus(fit, pool[: args.fit_copies])
        loc = run_freq(fit, work / "out_fit_local", "local")
        dsk = run_freq(fit, work / "out_fit_dask", "dask")
        same = (work / "out_fit_local" / "frequency.csv").read_bytes() == \
            (work / "out_fit_dask" / "frequency.csv").read_bytes()
        ratio = loc["seconds"] / dsk["seconds"]
        cpu_ratio = loc["cpu_seconds"] / dsk["cpu_seconds"]
        print(f"\nthroughput on {fit_bytes / MB:.1f} MB (shared corpus x{args.fit_copies}):", flush=True)
        for name, r in (("local", loc), ("dask x2", dsk)):
            print(f"  {name:8s} {r['seconds']:8.1f} s wall  {fit_bytes / MB / r['seconds']:6.3f} MB/s  "
                  f"{r['cpu_seconds']:8.1f} CPU-s  {fit_bytes / MB / r['cpu_seconds']:6.3f} MB per CPU-s  "
                  f"peak RSS {r['peak_rss'] / 2**20:7.0f} MiB", flush=True)
        print(f"  ratio dask/local throughput (wall): {ratio:.3f}   per CPU-second: {cpu_ratio:.3f}   "
              f"load average {os.getloadavg()[0]:.1f}   frequency.csv identical: {same}", flush=True)
        results["fit"] = {"bytes": fit_bytes, "local": loc, "dask": dsk, "ratio_dask_over_local": ratio,
                          "cpu_ratio_dask_over_local": cpu_ratio, "identical": same}

        # peak memory vs corpus size
        rows = []
        print("\npolicytext freq --engine dask --workers 2:", flush=True)
        print(f"  {'target':>8s} {'copies':>6s} {'MB':>8s} {'docs':>6s} {'seconds':>9s} {'MB/s':>7s} "
              f"{'CPU-s':>8s} {'peak RSS MiB':>12s} {'load':>5s}", flush=True)
        for s in sizes:
            corpus = work / f"c{s}"
            nbytes = link_corpus(corpus, pool[: n_copies[s]])
            out = work / f"out_{s}"
            r = run_freq(corpus, out, "dask")
            man = json.loads((out / "manifest.json").read_text("utf-8"))
            ndocs = man["corpus"]["n_documents"]
            rows.append({"target_mb": s, "copies": n_copies[s], "bytes": nbytes, "documents": ndocs, **r})
            print(f"  {s:8d} {n_copies[s]:6d} {nbytes / MB:8.1f} {ndocs:6d} {r['seconds']:9.1f} "
                  f"{nbytes / MB / r['seconds']:7.3f} {r['cpu_seconds']:8.1f} {r['peak_rss'] / 2**20:12.0f} "
                  f"{os.getloadavg()[0]:5.1f}", flush=True)
            shutil.rmtree(out)
        results["sizes"] = rows
        if len(rows) > 1:
            big = max(rows, key=lambda r: r["bytes"])
            small = min(rows, key=lambda r: r["bytes"])
            growth = big["peak_rss"] / small["peak_rss"]
            print(f"  peak RSS ratio largest/smallest corpus: {growth:.3f} "
                  f"(corpus size ratio {big['bytes'] / small['bytes']:.2f})", flush=True)
            results["peak_rss_growth"] = growth
    finally:
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2) + "\n", "utf-8")
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
