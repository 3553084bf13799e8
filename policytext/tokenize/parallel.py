"""Worker pools for :func:`policytext.tokens`: a process pool kept alive between calls.

Segmentation holds the GIL most of the time (jieba-rs returns Python strings; the protected-span matcher is
Python), so threads gain nothing and two cores need two processes. Starting a worker costs an import of
policytext and a dictionary (a few seconds with ``spawn``), so the pool is kept for the next call with the same
segmenter configuration and number of workers (as joblib's loky executor does), and shut down at exit or when
another configuration asks for one. Only one pool is alive at a time.

Start method: ``fork`` where the platform has it and the calling process runs a single thread (the workers
then inherit the dictionary already built, no import, no rebuild); ``spawn`` otherwise (Windows, macOS, a
process with threads such as a Jupyter kernel), or when asked for.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .segmenter import Segmenter

__all__ = ["batches", "choose_start_method", "live_start_method", "process_pool", "shutdown_pools"]

_POOLS: dict[tuple[str, int, str], ProcessPoolExecutor] = {}
_LOCK = threading.Lock()
_WORKER: Segmenter | None = None


def choose_start_method(requested: str | None = None) -> str:
    """``requested`` if the platform has it, else ``fork`` when it is safe here, else ``spawn``.

    Examples
    --------
    >>> from policytext.tokenize.parallel import choose_start_method
    >>> choose_start_method("spawn")
    'spawn'
    """
    methods = multiprocessing.get_all_start_methods()
    if requested is not None:
        if requested not in methods:
            raise ValueError(f"start_method must be one of {methods} on this platform, got {requested!r}")
        return requested
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _init(seg: Segmenter) -> None:
    global _WORKER
    # objects inherited from the parent (fork) or imported: out of the cyclic collector's way, so that its
    # passes neither cost time nor touch (copy) the parent's pages
    gc.freeze()
    _WORKER = seg
    seg._get_state()  # inherited with fork; rebuilt from the parameters with spawn


def _run_batch(texts: Sequence[str]) -> list[Any]:
    from .tokens import _doc_arrays

    assert _WORKER is not None
    return [_doc_arrays(_WORKER, t) for t in texts]


def process_pool(seg: Segmenter, n_jobs: int, start_method: str | None = None) -> ProcessPoolExecutor:
    """The live pool for this configuration (``seg.config_hash``) and ``n_jobs``, or a new one.

    ``start_method`` ``None`` reuses a live pool whatever its start method, else starts one with
    :func:`choose_start_method` (the pool's own manager thread does not count as a reason to avoid fork).

    Examples
    --------
    >>> import policytext as pt
    >>> from policytext.tokenize.parallel import process_pool, shutdown_pools
    >>> pool = process_pool(pt.Segmenter(), 2, "spawn")
    >>> pool is process_pool(pt.Segmenter(), 2)  # kept for the next call
    True
    >>> shutdown_pools()
    """
    with _LOCK:
        for (conf, n, method), pool in _POOLS.items():
            if conf == seg.config_hash and n == n_jobs and start_method in (None, method) \
                    and not getattr(pool, "_broken", False):
                return pool
        _shutdown_locked()  # workers hold a dictionary each: one pool at a time
        method = choose_start_method(start_method)
        pool = ProcessPoolExecutor(max_workers=n_jobs, mp_context=multiprocessing.get_context(method),
                                   initializer=_init, initargs=(seg,))
        _POOLS[(seg.config_hash, int(n_jobs), method)] = pool
        return pool


def live_start_method() -> str | None:
    """The start method of the live pool (None when there is none).

    Examples
    --------
    >>> from policytext.tokenize.parallel import live_start_method, shutdown_pools
    >>> shutdown_pools(); live_start_method() is None
    True
    """
    with _LOCK:
        return next((method for _, _, method in _POOLS), None)


def _shutdown_locked() -> None:
    for pool in _POOLS.values():
        pool.shutdown(wait=True, cancel_futures=True)
    _POOLS.clear()


def shutdown_pools() -> None:
    """Stop the worker processes kept by :func:`process_pool` (also done at interpreter exit).

    Examples
    --------
    >>> from policytext.tokenize.parallel import shutdown_pools
    >>> shutdown_pools()
    """
    with _LOCK:
        _shutdown_locked()


atexit.register(shutdown_pools)


def batches(lengths: Sequence[int], n_jobs: int, per_job: int = 8) -> list[range]:
    """Consecutive runs of documents of about equal total length, ``per_job`` per worker (order kept).

    Examples
    --------
    >>> from policytext.tokenize.parallel import batches
    >>> batches([5, 5, 5, 5], n_jobs=2, per_job=1)
    [range(0, 2), range(2, 4)]
    """
    total = sum(lengths)
    target = max(1, total // max(1, n_jobs * per_job))
    out: list[range] = []
    start = acc = 0
    for i, n in enumerate(lengths):
        acc += n
        if acc >= target:
            out.append(range(start, i + 1))
            start, acc = i + 1, 0
    if start < len(lengths):
        out.append(range(start, len(lengths)))
    return out


def map_batches(pool: ProcessPoolExecutor, texts: Sequence[str], parts: list[range]) -> Iterator[tuple[int, Any]]:
    """Submit every batch, then yield ``(number of documents, results)`` in document order."""
    futures: list[Future[list[Any]]] = [pool.submit(_run_batch, [texts[i] for i in r]) for r in parts]
    try:
        for r, f in zip(parts, futures, strict=True):
            yield len(r), f.result()
    finally:
        for f in futures:
            f.cancel()
