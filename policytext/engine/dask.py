"""The Dask engine: read, clean, tokenize and count a corpus partitioned by documents over a Dask cluster.

How it stays exactly equal to the local engine
----------------------------------------------
Documents are independent except for one corpus-global step of :func:`policytext.read_corpus`: the cleaning
rule ``repeated_line`` (lines repeated across at least ``max(repeated_min_docs, repeated_min_share x n_docs)``
documents are boilerplate). The engine therefore makes **two passes** over the files:

1. *scan*: every partition reads and decodes its files, applies the per-document cleaning rules and returns
   the set of short line keys of each document plus the metadata of its documents (doc_ids, paths, sha256,
   table docvars, provenance). The client merges the line document frequencies and decides the boilerplate
   lines exactly as :func:`policytext.corpus.cleaning.clean_corpus` does.
2. *count*: every partition re-reads its files (or the state pass 1 spilled to disk), cleans them with the
   global boilerplate set, tokenizes with the same :class:`~policytext.Segmenter` (rebuilt once per worker
   process) and returns only aggregates: token and document frequencies per group (``want="frequency"``),
   per-document counts (``want="dfm"``), numbered-formulation / section rows, and per-document cleaning
   metadata (characters removed, body start, detected title and salutation).

How memory stays bounded
------------------------
With ``want=("frequency",)`` nothing the client or the cluster holds during the run grows with the number of
documents except one 64-bit hash per doc_id (8 bytes per document, to find duplicate doc_ids before pass 2):

- the file list is made in a child process (:meth:`MetaStore.list_files`; listing with ``pathlib`` left about
  1.1 KB per file in the process) and written, one packed partition per file, to a :class:`MetaStore` (a
  client-side temporary folder); partitions are read back one at a time as they are submitted;
- at most two partitions per worker thread are on the cluster at a time (:func:`_map_partitions` submits the
  next one when a result arrives), so the task graph does not grow with the corpus, and each result is released
  on the cluster once fetched; a worker holds one partition at a time;
- the per-document metadata of both passes is written to the store partition by partition as results arrive
  and never held; the doc_ids (sorted) and digests (for the manifest's corpus hash,
  :func:`policytext.manifest.corpus_hash_sorted`) are read back once the cluster is closed, and
  ``AnalysisResult.docvars`` and ``.provenance`` on first access (with the reader's own functions, so they are
  the local engine's tables);
- docvars are assembled during the run only when they are needed (``group_by``, a ``pattern`` or docvars table
  to check, dates for ``numbered``); the client then keeps one ``(group code, date)`` per document for pass 2;
- frequencies are merged into one Counter per group (bounded by the vocabulary); the line document
  frequencies into one Counter of the distinct lines of at most ``repeated_max_chars`` characters: it grows
  with the number of *distinct* short lines (headings, signatures, dates), not with the number of documents
  (constant on a corpus of repeated documents; on a real corpus it is the one structure that can still grow,
  about 200 bytes per distinct short line, since deciding the boilerplate exactly needs the line itself);
- the ``LocalCluster`` started here (:func:`get_client`) runs without Dask's statistical profiler and with
  short developer logs (``_BOUNDED_CONFIG``): both keep up to 1000 entries (one call tree per second of work
  in every worker; the last messages of every scheduler connection, each holding a task with its partition's
  file list), which made worker and client memory grow by 15-20 MiB per GB of corpus. On a cluster of your
  own, set ``distributed.worker.profile.enabled: false`` and ``distributed.admin.low-level-log-length: 20``
  for the same effect.

``want="dfm"``, ``"numbered"`` and ``"sections"`` bring back results that are O(corpus) by nature.

Results are merged in document order (doc_ids sorted, as :class:`~policytext.Corpus` sorts them), features are
sorted by code point (as :func:`policytext.dfm` sorts them), so neither the partitioning nor the order in which
partitions finish changes any table.

Limits: grouping by ``title_detected``/``salutation`` (found during cleaning) is not supported here; a single
table file with many rows is one partition (split large tables into several files).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import pickle
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

__all__ = ["MetaStore", "get_client", "scan_partition", "count_partition", "run_dask", "partition_files",
           "pack_partition", "unpack_partition"]

# ---------------------------------------------------------------------------------------------------------------
# worker-side state
# ---------------------------------------------------------------------------------------------------------------
_SEGMENTERS: dict[str, Any] = {}


def _worker_segmenter(params: dict[str, Any]) -> Any:
    """One Segmenter per worker process and configuration (its dictionary is built once)."""
    from ..tokenize import Segmenter

    key = repr(sorted(params.items()))
    seg = _SEGMENTERS.get(key)
    if seg is None:
        seg = Segmenter(**params)
        seg._get_state()
        _SEGMENTERS[key] = seg
    return seg


def _decode_docs(path: str, root: str, opts: dict[str, Any]) -> list[Any]:
    from ..corpus.encoding import to_simplified
    from ..corpus.reader import _read_file

    docs = _read_file(Path(path), Path(root), id_from=opts["id_from"], text_column=opts["text_column"],
                      errors=opts["errors"], encoding=opts["encoding"])
    for d in docs:
        d.prov["n_chars_raw"] = len(d.text)
        d.prov["to_simplified"] = bool(opts["to_simplified"])
        if opts["to_simplified"]:
            d.text = to_simplified(d.text)
    return docs


def scan_partition(files: Sequence[tuple[str, str]] | str, opts: dict[str, Any],
                   spill: str | None = None) -> dict[str, Any]:
    """Pass 1 on one partition: document metadata and line document frequencies (for ``repeated_line``).

    ``files``: ``(path, root)`` pairs, or the same packed into one string by :func:`pack_partition`.

    With ``spill`` (a file path), the decoded and per-document-cleaned state of every document is pickled there
    so that pass 2 (:func:`count_partition` with the same ``spill``) does not decode and clean the files again.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from policytext.engine.dask import scan_partition, default_options
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "gwr_2020.txt").write_text("各位代表：\\n全面深化改革。", encoding="utf-8")
    >>> out = scan_partition([(str(d / "gwr_2020.txt"), str(d))], default_options())
    >>> out["docs"][0]["doc_id"], out["line_df"]["各位代表："]
    ('gwr_2020', 1)
    """
    from ..corpus.cleaning import _prepare, _resolve_rules

    rules = _resolve_rules(opts["clean_rules"]) if opts["clean"] else None
    max_chars = int(rules.setting("repeated_max_chars")) if rules is not None else 0
    line_df: Counter[str] = Counter()
    metas: list[dict[str, Any]] = []
    state: list[tuple[str, Any]] = []
    for path, root in unpack_partition(files):
        for d in _decode_docs(path, root, opts):
            metas.append({"doc_id": d.doc_id, "path": str(d.path), "root": str(d.root),
                          "docvars": d.docvars, "prov": d.prov})
            if rules is not None:
                doc = _prepare(d.text, rules)
                keys = {doc.key(li) for li in range(len(doc.lines))}
                line_df.update(k for k in keys if k and len(k) <= max_chars)
                state.append((d.doc_id, doc))
            else:
                state.append((d.doc_id, d.text))
    if spill is not None:
        tmp = f"{spill}.tmp"
        with open(tmp, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, spill)
    return {"docs": metas, "line_df": line_df}


def _load_spill(spill: str | None) -> list[tuple[str, Any]] | None:
    """The pass-1 state of a partition, or None when pass 1 ran elsewhere (file not on this machine)."""
    if spill is None or not os.path.exists(spill):
        return None
    with open(spill, "rb") as fh:
        state: list[tuple[str, Any]] = pickle.load(fh)
    os.remove(spill)
    return state


def _clean_one(text: Any, rules: Any, boiler: frozenset[str]) -> Any:
    """Clean a text (or a ``_Doc`` already prepared by pass 1) with the corpus-global boilerplate lines."""
    from ..corpus.cleaning import REPEATED_RULE, _finish, _prepare

    doc = _prepare(text, rules) if isinstance(text, str) else text
    if boiler:
        for li in range(len(doc.lines)):
            a, b, _ = doc.lines[li]
            if doc.key(li) in boiler and not rules.is_kept(doc.kept(a, b)):
                doc.remove_line(li, REPEATED_RULE)
    return _finish(doc, rules)


def count_partition(
    files: Sequence[tuple[str, str]] | str,
    opts: dict[str, Any],
    boiler: frozenset[str],
    seg_params: dict[str, Any],
    doc_info: dict[str, tuple[int, str | None]] | None,
    want: tuple[str, ...],
    spill: str | None = None,
) -> dict[str, Any]:
    """Pass 2 on one partition: clean, tokenize and count; return aggregates only.

    When ``spill`` names the file written by :func:`scan_partition` for this partition (and it exists here), the
    documents are taken from it (then it is deleted); otherwise the files are decoded and cleaned again.

    ``doc_info`` maps doc_id to ``(group code, date)`` (group code -1: in no group; ``None``: every document in
    group 0, without a date). ``want`` holds any of
    ``"frequency"`` (per group: token counts, document frequencies, token totals), ``"dfm"`` (per-document
    counts), ``"numbered"``, ``"sections"``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from policytext.engine.dask import count_partition, default_options
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("坚持稳中求进。坚持改革。", encoding="utf-8")
    >>> out = count_partition([(str(d / "a.txt"), str(d))], default_options(), frozenset(), {},
    ...                       {"a": (0, None)}, ("frequency",))
    >>> out["freq"][0]["坚持"], out["ntokens"][0]  # 坚持/稳中求进/。/坚持/改革/。
    (2, 6)
    """
    from ..corpus.cleaning import _resolve_rules
    from ..corpus.reader import _covered

    rules = _resolve_rules(opts["clean_rules"]) if opts["clean"] else None
    seg = _worker_segmenter(seg_params)
    stop = seg._get_state().stopset
    freq: dict[int, Counter[str]] = {}
    docfreq: dict[int, Counter[str]] = {}
    ntok: dict[int, int] = {}
    per_doc: list[tuple[str, dict[str, int], int]] = []
    docs_meta: list[dict[str, Any]] = []
    texts: list[tuple[str, str]] = []
    state: Iterable[tuple[str, Any]] | None = _load_spill(spill)
    if state is None:
        state = ((d.doc_id, d.text) for path, root in unpack_partition(files)
                 for d in _decode_docs(path, root, opts))
    for doc_id, raw in state:
        if rules is not None:
            r = _clean_one(raw, rules, boiler)
            text = r.text
            meta = {"doc_id": doc_id, "n_removed": _covered(r.removed), "body_start": int(r.body_start),
                    "title_detected": r.title, "salutation": r.salutation, "n_chars": len(text)}
        else:
            text = raw
            meta = {"doc_id": doc_id, "n_removed": 0, "body_start": 0, "title_detected": None,
                    "salutation": None, "n_chars": len(text)}
        words = [w for w in seg._segment(text) if not (w.isspace() or w in stop)]
        counts = Counter(words)
        meta["ntokens"] = len(words)
        docs_meta.append(meta)
        code = 0 if doc_info is None else doc_info.get(doc_id, (-1, None))[0]
        if "frequency" in want and code >= 0:
            freq.setdefault(code, Counter()).update(counts)
            docfreq.setdefault(code, Counter()).update(counts.keys())
            ntok[code] = ntok.get(code, 0) + len(words)
        if "dfm" in want:
            per_doc.append((doc_id, dict(counts), len(words)))
        if "numbered" in want or "sections" in want:
            texts.append((doc_id, text))
    out: dict[str, Any] = {"docs": docs_meta, "freq": freq, "docfreq": docfreq, "ntokens": ntok,
                           "per_doc": per_doc}
    if texts and "numbered" in want:
        from ..corpus import Corpus
        from ..slogans import find_numbered

        info = doc_info or {}
        dates = pd.DataFrame({"date": [info.get(i, (-1, None))[1] for i, _ in texts]},
                             index=pd.Index([i for i, _ in texts], name="doc_id", dtype=object))
        out["numbered"] = find_numbered(Corpus(dict(texts), docvars=dates, order="given"))
    if texts and "sections" in want:
        from ..slogans import find_sections

        out["sections"] = find_sections(texts)
    return out


# ---------------------------------------------------------------------------------------------------------------
# client side
# ---------------------------------------------------------------------------------------------------------------
def default_options(**kw: Any) -> dict[str, Any]:
    """Reading options shipped to the workers (the subset of :func:`policytext.read_corpus` arguments)."""
    opts = {"id_from": "stem", "text_column": None, "errors": "strict", "encoding": None, "clean": True,
            "clean_rules": None, "repeated_min_docs": 5, "to_simplified": False}
    unknown = set(kw) - set(opts)
    if unknown:
        raise TypeError(f"unknown reading options for the dask engine: {sorted(unknown)}")
    opts.update(kw)
    return opts


def partition_files(files: Iterable[tuple[Path, Path]], partition_bytes: int) -> list[list[tuple[str, str]]]:
    """Group files (in order) into partitions of at most ``partition_bytes`` (a larger file is alone).

    The partitions hold plain strings (about 170 bytes per file, the folder's string shared), so the caller can
    drop its ``Path`` objects (about 900 bytes per file) for the length of the run.

    Examples
    --------
    >>> from pathlib import Path
    >>> from policytext.engine.dask import partition_files
    >>> partition_files([], 1000)
    []
    """
    parts: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    roots: dict[Path, str] = {}  # one string per root folder, not one per file
    size = 0
    for f, root in files:
        b = os.path.getsize(f)
        if cur and size + b > partition_bytes:
            parts.append(cur)
            cur, size = [], 0
        cur.append((str(f), roots.setdefault(root, str(root))))
        size += b
    if cur:
        parts.append(cur)
    return parts


def pack_partition(files: Sequence[tuple[str, str]]) -> str:
    """One partition's ``(path, root)`` pairs as one string (NUL-separated: no path holds NUL), about 80 bytes
    per file instead of about 170 for a list of tuples.

    Examples
    --------
    >>> from policytext.engine.dask import pack_partition, unpack_partition
    >>> packed = pack_partition([("/data/gwr_2019.txt", "/data"), ("/data/gwr_2020.txt", "/data")])
    >>> unpack_partition(packed)
    [('/data/gwr_2019.txt', '/data'), ('/data/gwr_2020.txt', '/data')]
    """
    return "\0".join(f"{path}\0{root}" for path, root in files)


def unpack_partition(files: Sequence[tuple[str, str]] | str) -> list[tuple[str, str]]:
    """The ``(path, root)`` pairs of a partition, packed by :func:`pack_partition` or not.

    Examples
    --------
    >>> from policytext.engine.dask import unpack_partition
    >>> unpack_partition("/data/讲话.txt\\0/data")
    [('/data/讲话.txt', '/data')]
    """
    if not isinstance(files, str):
        return [(str(p), str(r)) for p, r in files]
    if not files:
        return []
    xs = files.split("\0")
    return list(zip(xs[::2], xs[1::2], strict=True))


def _list_into(folder: str, source: Any, glob: str | None, exclude: set[Path],
               partition_bytes: int) -> tuple[int, list[tuple[str, str]]]:
    from ..corpus.reader import list_document_files

    files, skipped = list_document_files(source, glob, exclude)
    parts = partition_files(files, partition_bytes)
    for i, p in enumerate(parts):
        _dump(_store_path(folder, "files", i), pack_partition(p))
    return len(parts), skipped


def _in_child(start_method: str | None, fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` in a child process (``fork`` where safe, else ``spawn``); its exceptions are raised here."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from ..tokenize.parallel import choose_start_method

    ctx = mp.get_context(choose_start_method(start_method))
    with ProcessPoolExecutor(1, mp_context=ctx) as ex:
        return ex.submit(fn, *args).result()


#: Settings for the clusters started here, so that their memory does not grow with the length of the run.
#: Dask's statistical profiler keeps one call tree per second of work in every worker, and the scheduler's
#: connections keep their last 1000 messages (each ``compute-task`` message holds the task: its partition's
#: file list and the boilerplate set); both are capped only by ``distributed.admin.low-level-log-length``
#: (1000), which a 1 GB corpus does not reach, so worker and client memory grew by 15-20 MiB per GB of corpus.
_BOUNDED_CONFIG = {"distributed.worker.profile.enabled": False, "distributed.admin.low-level-log-length": 20}


@contextmanager
def get_client(client: Any = None, address: str | None = None, n_workers: int = 2,
               memory_limit: str | None = "2GiB") -> Iterator[Any]:
    """A ``distributed.Client``: the one given, one connected to ``address``, or a new ``LocalCluster``.

    Clients and clusters created here are closed on exit.

    Examples
    --------
    >>> from policytext.engine.dask import get_client
    >>> with get_client(n_workers=1) as c:  # doctest: +SKIP
    ...     len(c.scheduler_info()["workers"])
    1
    """
    if client is not None:
        yield client
        return
    from distributed import Client, LocalCluster

    if address:
        c = Client(address)
        try:
            yield c
        finally:
            c.close()
        return
    import dask

    with dask.config.set(_BOUNDED_CONFIG):
        # no dashboard; the scheduler's HTTP routes (health, metrics) on a free local port, not on 8787
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, memory_limit=memory_limit, silence_logs=40,
                               scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"})
        c = Client(cluster)
        try:
            yield c
        finally:
            c.close()
            cluster.close()


def _call(item: tuple[int, tuple[Any, ...]], func: Callable[..., dict[str, Any]]) -> tuple[int, dict[str, Any]]:
    i, own = item
    return i, func(*own)


def _map_partitions(client: Any, func: Callable[..., dict[str, Any]], items: Iterable[tuple[Any, ...]],
                    n_items: int, desc: str, progress: bool) -> Iterator[tuple[int, dict[str, Any]]]:
    """Run ``func(*item)`` for every partition's item with dask.bag; yield ``(i, result)`` as they finish.

    At most two partitions per worker thread are on the cluster at a time: the next item is taken from
    ``items`` (an iterator, read from disk) when a result arrives, and each result is released on the cluster
    once fetched, so neither the task graph nor the results grow with the corpus."""
    import dask.bag as db
    from distributed import as_completed

    window = max(2, 2 * sum(client.nthreads().values()))
    todo = enumerate(items)

    def submit(i: int, own: tuple[Any, ...]) -> Any:
        bag = db.from_sequence([(i, own)], partition_size=1).map(_call, func)
        return client.compute(bag.to_delayed()[0])

    running = as_completed([submit(i, own) for i, own in itertools.islice(todo, window)])
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=n_items, desc=desc, unit="part")
    try:
        for fut in running:
            result = fut.result()
            fut.release()
            nxt = next(todo, None)
            if nxt is not None:
                running.add(submit(*nxt))
            yield from result
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()


def _store_path(folder: str, kind: str, i: int) -> str:
    return os.path.join(folder, f"{kind}{i:06d}.pkl")


def _dump(path: str, obj: Any) -> None:
    with open(path, "wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _id64(doc_id: str) -> int:
    """A 64-bit hash of a doc_id (to find duplicate doc_ids without holding them)."""
    return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


class MetaStore:
    """What a run knows per document, kept on disk on the client side (one pickle per partition and kind).

    The client never holds the corpus' file list or per-document metadata: the partitions (``"files"``, written
    by :meth:`list_files`), pass 1 (doc_ids, paths, table docvars, provenance with sha256) and pass 2 (characters
    removed, body start, detected title and salutation) are written here partition by partition, read back one
    partition at a time during the run, and in full only when the run is over or the docvars or provenance
    tables are asked for. The folder is removed by :meth:`close` (or when the object is garbage-collected).

    Examples
    --------
    >>> from policytext.engine.dask import MetaStore
    >>> st = MetaStore()
    >>> st.write("scan", 1, [{"doc_id": "gwr_2020"}]); st.write("scan", 0, [{"doc_id": "gwr_2019"}])
    >>> [m["doc_id"] for m in st.read("scan")]  # partition order
    ['gwr_2019', 'gwr_2020']
    >>> st.part("scan", 1)
    [{'doc_id': 'gwr_2020'}]
    >>> st.close()
    """

    def __init__(self) -> None:
        import weakref

        self.folder = tempfile.mkdtemp(prefix="policytext-meta-")
        self.n_parts: dict[str, int] = {}
        self.skipped: list[tuple[str, str]] = []  # (path, reason) of what list_files found but will not read
        self._finalizer = weakref.finalize(self, shutil.rmtree, self.folder, True)

    def write(self, kind: str, i: int, records: Any) -> None:
        """Store the records of partition ``i`` for ``kind`` (``"files"``, ``"scan"`` or ``"count"``)."""
        _dump(_store_path(self.folder, kind, i), records)
        self.n_parts[kind] = max(self.n_parts.get(kind, 0), i + 1)

    def part(self, kind: str, i: int) -> Any:
        """The records of partition ``i`` for ``kind`` (``[]`` when none were written)."""
        path = _store_path(self.folder, kind, i)
        if not os.path.exists(path):
            return []
        with open(path, "rb") as fh:
            return pickle.load(fh)

    def read(self, kind: str) -> Iterator[dict[str, Any]]:
        """The records of ``kind``, partition by partition (file order)."""
        for i in range(self.n_parts.get(kind, 0)):
            yield from self.part(kind, i)

    def list_files(self, source: Any, glob: str | None = None, exclude: set[Path] | None = None,
                   partition_bytes: int = 8 << 20, start_method: str | None = None) -> int:
        """List the files of ``source`` (as :func:`policytext.read_corpus` finds them) in a child process, group
        them into partitions of about ``partition_bytes`` and store each, packed (:func:`pack_partition`), as
        partition ``i`` of kind ``"files"``; return the number of partitions.

        Listing a folder builds a ``Path`` per file, and the memory they took stays with the process after they
        are freed (about 1.1 KB per file: pathlib interns every file name, and the allocator keeps pages that the
        file names listed still pin): the client of a 20,000-document run kept 22 MB for the listing alone.
        Listed in a child (``fork`` where safe, else ``spawn``:
        :func:`policytext.tokenize.parallel.choose_start_method`), the client holds none of it. Errors (missing
        path, empty folder) are raised here as :func:`policytext.read_corpus` raises them.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from policytext.engine.dask import MetaStore, unpack_partition
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> for y in (2019, 2020):
        ...     _ = (d / f"gwr_{y}.txt").write_text("坚持稳中求进。", encoding="utf-8")
        >>> st = MetaStore()
        >>> st.list_files(d, start_method="spawn")
        1
        >>> [pathlib.Path(p).name for p, _ in unpack_partition(st.part("files", 0))]
        ['gwr_2019.txt', 'gwr_2020.txt']
        >>> st.close()
        """
        from ..corpus.reader import warn_skipped

        n, skipped = _in_child(start_method, _list_into, self.folder, source, glob, exclude or set(),
                               partition_bytes)
        warn_skipped(skipped)  # what the local reader names, the Dask engine names too
        self.skipped = [(str(p), str(r)) for p, r in skipped]
        self.n_parts["files"] = n
        return n

    def close(self) -> None:
        """Remove the folder."""
        self._finalizer()


def run_dask(
    store: MetaStore,
    opts: dict[str, Any],
    seg_params: dict[str, Any],
    assemble_docvars: Callable[[list[dict[str, Any]]], pd.DataFrame],
    group_codes: Callable[[pd.DataFrame], tuple[np.ndarray, list[Any]]],
    want: tuple[str, ...],
    *,
    client: Any = None,
    address: str | None = None,
    n_workers: int = 2,
    progress: bool = False,
    spill_dir: str | os.PathLike[str] | None | bool = None,
    need_docvars: bool = True,
) -> dict[str, Any]:
    """Both passes on a cluster over the partitions listed in ``store`` (:meth:`MetaStore.list_files`); return
    merged raw results (see :func:`policytext.engine.analyze`). The caller closes the store.

    ``spill_dir``: a folder that every worker can read and write; pass 1 leaves each partition's decoded and
    cleaned state there and pass 2 reads it instead of decoding and cleaning the files again (the folder holds
    about 3 bytes per character of the corpus between the passes). ``None`` (default): a temporary folder when
    a ``LocalCluster`` is started here (workers on this machine), no spilling with ``client``/``address``;
    ``False``: never spill.

    ``need_docvars``: assemble the docvars during the run (to group, to date numbered formulations, or to check a
    pattern or docvars table); otherwise every document counts in group 0 and the docvars are assembled only
    when asked for, from the store.

    Examples
    --------
    >>> from policytext.engine.dask import run_dask  # used through pt.engine.analyze(..., engine="dask")
    """
    n_parts = store.n_parts.get("files", 0)
    own_tmp = None
    if spill_dir is None and client is None and not address:
        own_tmp = tempfile.mkdtemp(prefix="policytext-dask-")
        spill_dir = own_tmp
    spills: list[str | None] = [None] * n_parts
    if spill_dir not in (None, False):
        spills = [os.path.join(os.fspath(spill_dir), f"part{i:06d}.pkl")  # type: ignore[arg-type]
                  for i in range(n_parts)]
    try:
        out = _run_passes(n_parts, spills, opts, seg_params, assemble_docvars, group_codes, want, client, address,
                          n_workers, progress, store, need_docvars)
    finally:
        if own_tmp is not None:
            shutil.rmtree(own_tmp, ignore_errors=True)
        else:
            for sp_file in spills:  # pass 2 deletes what it read; a failed run leaves the rest
                if sp_file is not None and os.path.exists(sp_file):
                    os.remove(sp_file)
    # corpus order and the digests in that order, read back once the cluster is gone
    pairs = sorted((m["doc_id"], bytes.fromhex(m["prov"]["sha256"])) for m in store.read("scan"))
    out["doc_ids"] = [d for d, _ in pairs]
    out["sha256"] = b"".join(h for _, h in pairs)
    return out


def _duplicates_error(store: MetaStore, dup_ids: set[str]) -> Exception:
    """The reader's error for duplicate doc_ids (where each one comes from), read back from the store."""
    from ..errors import CorpusReadError

    where: dict[str, list[str]] = {}
    for m in store.read("scan"):
        if m["doc_id"] in dup_ids:
            row = m["prov"].get("row")
            where.setdefault(m["doc_id"], []).append(Path(m["path"]).as_posix() + (f" row {row}" if row else ""))
    shown = "; ".join(f"{k!r} from {v}" for k, v in sorted(where.items()))
    return CorpusReadError(f"duplicate doc_ids: {shown}; use id_from='relpath' or rename the files")


def _duplicate_doc_ids(store: MetaStore, hashes: np.ndarray) -> set[str]:
    """The doc_ids that occur more than once, from their 64-bit hashes (a repeated hash is checked on the ids)."""
    h = np.sort(hashes)
    rep = set(h[1:][h[1:] == h[:-1]].tolist())
    if not rep:
        return set()
    seen: Counter[str] = Counter(m["doc_id"] for m in store.read("scan") if _id64(m["doc_id"]) in rep)
    return {d for d, k in seen.items() if k > 1}


def _run_passes(n_parts: int, spills: list[str | None], opts: dict[str, Any],
                seg_params: dict[str, Any], assemble_docvars: Callable[[list[dict[str, Any]]], pd.DataFrame],
                group_codes: Callable[[pd.DataFrame], tuple[np.ndarray, list[Any]]], want: tuple[str, ...],
                client: Any, address: str | None, n_workers: int, progress: bool, store: MetaStore,
                need_docvars: bool) -> dict[str, Any]:
    from ..corpus.cleaning import _resolve_rules

    with get_client(client, address, n_workers) as c:
        # pass 1: line document frequencies; per-document metadata goes to the store; the client keeps only a
        # 64-bit hash per doc_id (8 bytes per document) to find duplicate doc_ids before pass 2
        hashes: list[np.ndarray] = []
        n_docs = 0
        line_df: Counter[str] = Counter()
        scan_items = ((store.part("files", i), opts, spills[i]) for i in range(n_parts))
        for i, res in _map_partitions(c, scan_partition, scan_items, n_parts, "scan", progress):
            store.write("scan", i, res["docs"])
            hashes.append(np.fromiter((_id64(m["doc_id"]) for m in res["docs"]), np.uint64, len(res["docs"])))
            n_docs += len(res["docs"])
            line_df.update(res["line_df"])
            del res
        dup_ids = _duplicate_doc_ids(store, np.concatenate(hashes) if hashes else np.zeros(0, np.uint64))
        del hashes
        if dup_ids:
            raise _duplicates_error(store, dup_ids)
        boiler: frozenset[str] = frozenset()
        if opts["clean"]:
            rs = _resolve_rules(opts["clean_rules"])
            threshold = max(opts["repeated_min_docs"], rs.setting("repeated_min_share") * n_docs)
            boiler = frozenset(k for k, n in line_df.items()
                               if n >= threshold and not k.endswith(("。", "？")) and not rs.is_kept(k))
        del line_df
        names: list[Any] = ["all"]
        info: dict[str, tuple[int, str | None]] | None = None
        if need_docvars:
            docvars = assemble_docvars(list(store.read("scan")))  # index doc_id, sorted
            codes, names = group_codes(docvars)
            dates = _dates(docvars) if "numbered" in want else {}
            info = {d: (int(g), dates.get(d)) for d, g in zip(docvars.index, codes, strict=True)}
            del docvars, codes, dates

        def part_info(i: int) -> dict[str, tuple[int, str | None]] | None:
            return None if info is None else {m["doc_id"]: info[m["doc_id"]] for m in store.part("scan", i)}

        # pass 2: counts
        n_groups = len(names)
        freq: list[Counter[str]] = [Counter() for _ in range(n_groups)]
        docfreq: list[Counter[str]] = [Counter() for _ in range(n_groups)]
        ntok = np.zeros(n_groups, dtype=np.int64)
        per_doc: dict[str, tuple[dict[str, int], int]] = {}
        numbered: list[pd.DataFrame] = []
        sections: list[pd.DataFrame] = []
        items = ((store.part("files", i), opts, boiler, seg_params, part_info(i), want, spills[i])
                 for i in range(n_parts))
        for i, res in _map_partitions(c, count_partition, items, n_parts, "count", progress):
            for g, cnt in res["freq"].items():
                freq[g].update(cnt)
            for g, cnt in res["docfreq"].items():
                docfreq[g].update(cnt)
            for g, n in res["ntokens"].items():
                ntok[g] += n
            for doc_id, cnt, n in res["per_doc"]:
                per_doc[doc_id] = (cnt, n)
            store.write("count", i, res["docs"])
            if "numbered" in res:
                numbered.append(res["numbered"])
            if "sections" in res:
                sections.append(res["sections"])
            del res
    return {"group_names": names, "freq": freq, "docfreq": docfreq, "ntokens": ntok, "per_doc": per_doc,
            "numbered": numbered, "sections": sections, "boiler": boiler}


def _dates(docvars: pd.DataFrame) -> dict[str, str]:
    """The date used by find_numbered for each document (``date`` docvar, else ``year``)."""
    out: dict[str, str] = {}
    for col in ("date", "year"):
        if col in docvars.columns:
            for k, v in docvars[col].items():
                if pd.notna(v) and str(v).strip():
                    out.setdefault(str(k), str(v))
    return out


def order_rows(frames: Iterable[pd.DataFrame], doc_ids: Sequence[str], columns: Sequence[str]) -> pd.DataFrame:
    """Concatenate per-partition row tables and put them in corpus order (rows of a document keep their order).

    Examples
    --------
    >>> import pandas as pd
    >>> from policytext.engine.dask import order_rows
    >>> a = pd.DataFrame({"doc_id": ["b"], "start": [0]}); b = pd.DataFrame({"doc_id": ["a"], "start": [3]})
    >>> order_rows([a, b], ["a", "b"], ["doc_id", "start"])["doc_id"].tolist()
    ['a', 'b']
    """
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=list(columns))
    df = pd.concat(frames, ignore_index=True)
    pos = {d: i for i, d in enumerate(doc_ids)}
    key = np.array([pos[str(d)] for d in df["doc_id"]], dtype=np.int64)
    return df.iloc[np.argsort(key, kind="stable")].reset_index(drop=True)


def dfm_from_counts(per_doc: dict[str, tuple[dict[str, int], int]], doc_ids: Sequence[str],
                    docvars: pd.DataFrame) -> Any:
    """Assemble a :class:`~policytext.DFM` from per-document counts (features sorted by code point).

    Examples
    --------
    >>> import pandas as pd
    >>> from policytext.engine.dask import dfm_from_counts
    >>> d = dfm_from_counts({"a": ({"党": 2, "建设": 1}, 3)}, ["a"], pd.DataFrame(index=["a"]))
    >>> d.features, d.matrix.toarray().tolist()
    (['党', '建设'], [[2, 1]])
    """
    from ..dfm import DFM

    vocab = sorted({w for cnt, _ in per_doc.values() for w in cnt})
    col = {w: j for j, w in enumerate(vocab)}
    indptr = [0]
    indices: list[int] = []
    data: list[int] = []
    ntokens = np.zeros(len(doc_ids), dtype=np.float64)
    for i, d in enumerate(doc_ids):
        cnt, n = per_doc[d]
        indices.extend(col[w] for w in cnt)
        data.extend(cnt.values())
        indptr.append(len(indices))
        ntokens[i] = n
    m = sp.csr_matrix((np.asarray(data, dtype=np.int64), np.asarray(indices, dtype=np.int64),
                       np.asarray(indptr, dtype=np.int64)), shape=(len(doc_ids), len(vocab)))
    return DFM(m, vocab, list(doc_ids), docvars, ntokens, "count")
