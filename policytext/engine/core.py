"""``analyze``: one entry point for the counting pipeline, run locally or on Dask with identical results."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["ENGINES", "WANTS", "AnalysisResult", "analyze", "frequency_from_counts"]

ENGINES = ("local", "dask")
WANTS = ("frequency", "dfm", "numbered", "sections")
FREQ_COLUMNS = ["feature", "frequency", "rank", "docfreq", "group", "per_10k"]
_READ_OPTIONS = ("id_from", "text_column", "errors", "encoding", "clean", "clean_rules", "repeated_min_docs",
                 "to_simplified", "by", "extra_docvars", "on_error")


@dataclass
class AnalysisResult:
    """What :func:`analyze` computed. Tables not asked for are ``None``.

    Attributes
    ----------
    doc_ids : list of str
        Corpus order (sorted doc_ids).
    docvars : DataFrame
        Index ``doc_id``. With the Dask engine it is assembled on first access from the per-document metadata
        the run left on disk (so a run that does not need it never holds it in memory).
    provenance : DataFrame
        Index ``doc_id``: path, bytes, sha256, encoding, n_chars, n_removed, ... (no ``removed`` spans with the
        Dask engine; assembled on first access, like ``docvars``).
    frequency, numbered, sections : DataFrame or None
        As :func:`policytext.frequency`, :func:`policytext.find_numbered`, :func:`policytext.find_sections`.
    dfm : DFM or None
    segmenter : Segmenter
    engine : str
    corpus : Corpus or None
        The in-memory corpus (local engine only).
    skipped : list of (path, reason)
        Files and folders the reader found but did not read (as ``Corpus.skipped``).
    """

    doc_ids: list[str]
    _docvars: pd.DataFrame | None
    _provenance: pd.DataFrame | None
    segmenter: Any
    engine: str
    frequency: pd.DataFrame | None = None
    dfm: Any = None
    numbered: pd.DataFrame | None = None
    sections: pd.DataFrame | None = None
    corpus: Any = None
    timings: dict[str, float] = field(default_factory=dict)
    _tables: Callable[[], tuple[pd.DataFrame, pd.DataFrame]] | None = field(default=None, repr=False)
    _sha256: bytes | None = field(default=None, repr=False)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def _load(self) -> None:
        if self._tables is not None:
            self._docvars, self._provenance = self._tables()
            self._tables = None

    @property
    def docvars(self) -> pd.DataFrame:
        """Document variables (index ``doc_id``, corpus order)."""
        self._load()
        assert self._docvars is not None
        return self._docvars

    @property
    def provenance(self) -> pd.DataFrame:
        """Per-document provenance (index ``doc_id``, corpus order)."""
        self._load()
        assert self._provenance is not None
        return self._provenance

    def sha256_items(self) -> Iterator[tuple[str, str]]:
        """``(doc_id, sha256 of the raw bytes)`` in doc_id order, without building the provenance table.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from policytext.engine import analyze
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "gwr_2019.txt").write_text("坚持稳中求进。", encoding="utf-8")
        >>> [(k, v[:12]) for k, v in analyze(d).sha256_items()]
        [('gwr_2019', '8a6c27124834')]
        """
        if self._sha256 is not None:
            sha = self._sha256
            for i, d in enumerate(self.doc_ids):
                yield d, sha[32 * i: 32 * i + 32].hex()
            return
        col = self.provenance["sha256"]
        for k in sorted(col.index):
            yield str(k), str(col[k])

    @property
    def sha256s(self) -> dict[str, str]:
        """Per-document sha256 of the raw bytes (input of :func:`policytext.manifest.corpus_hash`)."""
        return dict(self.sha256_items())


def frequency_from_counts(freq: Sequence[Counter[str]], docfreq: Sequence[Counter[str]], ntokens: Sequence[int],
                          names: Sequence[Any], n: int | None = None) -> pd.DataFrame:
    """The :func:`policytext.frequency` table from per-group token counts, document counts and token totals.

    Same columns, order, ranks and dtypes as ``pt.frequency(pt.dfm(toks), n=n, groups=...)``: rows of each
    group by descending frequency then feature (code point); ties share the minimum rank.

    Examples
    --------
    >>> from collections import Counter
    >>> from policytext.engine import core
    >>> f = core.frequency_from_counts([Counter({"党": 2, "坚持": 1, "的": 2})], [Counter({"党": 2, "坚持": 1,
    ...     "的": 2})], [5], ["all"], n=2)
    >>> f[["feature", "frequency", "rank"]].values.tolist()
    [['党', 2, 1], ['的', 2, 1]]
    """
    frames = []
    for gi, gname in enumerate(names):
        cnt = freq[gi]
        items = sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0]))
        items = [kv for kv in items if kv[1] > 0]
        feats = np.empty(len(items), dtype=object)
        feats[:] = [w for w, _ in items]
        f = np.asarray([c for _, c in items], dtype=np.int64)
        first = np.r_[True, f[1:] != f[:-1]] if f.size else np.zeros(0, dtype=bool)
        pos = np.arange(1, f.size + 1)
        rank = np.maximum.accumulate(np.where(first, pos, 0)) if f.size else pos
        dfreq = np.asarray([docfreq[gi][w] for w, _ in items], dtype=np.int64)
        total = float(ntokens[gi])
        frame = pd.DataFrame(
            {
                "feature": feats,
                "frequency": f,
                "rank": rank.astype(np.int64),
                "docfreq": dfreq,
                "group": [gname] * f.size,
                "per_10k": f * 10000.0 / total if total > 0 else np.full(f.size, np.nan),
            }
        )
        if n is not None:
            frame = frame.iloc[:n]
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=FREQ_COLUMNS)
    out["frequency"] = out["frequency"].astype(np.int64)
    return out


def _group_codes(docvars: pd.DataFrame, by: str | None) -> tuple[np.ndarray, list[Any]]:
    if by is None:
        return np.zeros(len(docvars), dtype=np.int64), ["all"]
    if by in ("title_detected", "salutation"):
        raise ValueError(f"group_by={by!r}: docvars found by cleaning cannot group with the dask engine")
    if by not in docvars.columns:
        raise KeyError(f"dfm_group: no docvar {by!r}; docvars are {list(docvars.columns)}")
    lab = docvars[by].reset_index(drop=True)
    keep = lab.notna().to_numpy()
    codes, uniques = pd.factorize(lab, sort=True)
    return np.where(keep, codes, -1), list(uniques)


def _docvars_frame(ids: list[str], records: list[dict[str, Any]]) -> pd.DataFrame:
    """Docvars as read_corpus builds them: a frame in file order, then rows in sorted doc_id order."""
    frame = pd.DataFrame(records, index=pd.Index(ids, name="doc_id", dtype=object))
    frame.index = frame.index.astype(str)
    frame.index.name = "doc_id"
    return frame.loc[pd.Index(sorted(ids), name="doc_id", dtype=object)]


def _docvars_assembler(docvars: Any, pattern: str | None, by: str | None, extra: str) -> Any:
    """Client-side docvars, built with the reader's own functions from pass-1 metadata."""
    from ..corpus.reader import _apply_docvars, _Doc

    def records(metas: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
        """doc_ids and docvars records of the documents, in file order."""
        docs = [_Doc(m["doc_id"], "", Path(m["path"]), Path(m["root"]), dict(m["docvars"]), m["prov"])
                for m in metas]
        _apply_docvars(docs, pattern, docvars, by, extra)
        return [d.doc_id for d in docs], [d.docvars for d in docs]

    def assemble(metas: list[dict[str, Any]]) -> pd.DataFrame:
        """Docvars of the documents (sorted)."""
        return _docvars_frame(*records(metas))

    assemble.records = records  # type: ignore[attr-defined]
    return assemble


def analyze(
    source: Any,
    docvars: Any = None,
    *,
    pattern: str | None = None,
    glob: str | None = None,
    segmenter: Any = None,
    engine: str = "local",
    group_by: str | None = None,
    n: int | None = None,
    want: Sequence[str] = ("frequency",),
    n_jobs: int = 1,
    progress: bool = False,
    client: Any = None,
    address: str | None = None,
    n_workers: int = 2,
    partition_bytes: int = 8 << 20,
    spill_dir: str | os.PathLike[str] | None | bool = None,
    **read_options: Any,
) -> AnalysisResult:
    """Read, clean, tokenize and count a corpus, in memory (``engine="local"``) or on Dask (``"dask"``).

    Both engines return identical frequency tables, DFMs, numbered-formulation and section tables for the same
    corpus and parameters. The Dask engine never holds the corpus in memory: it partitions the files over the
    workers and brings back only counts (``want=("frequency",)`` keeps memory bounded by the vocabulary;
    ``"dfm"``, ``"numbered"`` and ``"sections"`` bring back results that grow with the corpus).

    Parameters
    ----------
    source : path, glob or list of them
        As for :func:`policytext.read_corpus`.
    docvars : path or DataFrame, optional
        Document variables joined on doc_id or file name.
    pattern, glob : str, optional
        As for :func:`policytext.read_corpus`.
    segmenter : Segmenter, optional
        Default ``Segmenter()``.
    engine : {"local", "dask"}
    group_by : str, optional
        Docvar for the frequency table's ``group`` column (``None``: one group ``"all"``).
    n : int, optional
        Keep the top ``n`` features of each group.
    want : sequence of {"frequency", "dfm", "numbered", "sections"}
    n_jobs : int
        Tokenizer workers of the local engine.
    progress : bool
        tqdm progress bars (stderr) for reading, tokenizing and counting.
    client, address, n_workers, partition_bytes
        Dask engine: an existing ``distributed.Client``, or a scheduler address (``"tcp://host:8786"``), else a
        ``LocalCluster`` of ``n_workers`` single-threaded worker processes; files are grouped into partitions of
        about ``partition_bytes``.
    spill_dir : path, None or False
        Dask engine: a folder shared by the workers where the first pass (decoding, per-document cleaning)
        leaves its result for the second (tokenizing, counting), so files are decoded and cleaned once. Default:
        a temporary folder when a ``LocalCluster`` is started here; no spilling with ``client`` or ``address``
        unless a folder is given; ``False``: never.
    **read_options
        Passed to :func:`policytext.read_corpus` (``clean``, ``to_simplified``, ``encoding``, ``errors``,
        ``id_from``, ``text_column``, ``repeated_min_docs``, ``clean_rules``, ``by``, ``extra_docvars``).

    Returns
    -------
    AnalysisResult

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from policytext.engine import analyze
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "gwr_2019.txt").write_text("坚持稳中求进，坚持改革开放，坚持创新。", encoding="utf-8")
    >>> r = analyze(d, n=2)
    >>> r.frequency[["feature", "frequency"]].values.tolist()
    [['坚持', 3], ['，', 2]]
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, got {engine!r}")
    bad = [w for w in want if w not in WANTS]
    if bad:
        raise ValueError(f"want must be among {WANTS}, got {bad}")
    unknown = sorted(set(read_options) - set(_READ_OPTIONS))
    if unknown:
        raise TypeError(f"analyze() got unknown reading options {unknown}")
    from ..tokenize import Segmenter

    seg = segmenter if segmenter is not None else Segmenter()
    if engine == "dask" and read_options.get("on_error", "raise") != "raise":
        raise ValueError("on_error='skip' is supported by the local engine only: the Dask engine stops at the first "
                         "file it cannot read (run with engine='local', or remove the file)")
    read_options = {k: v for k, v in read_options.items() if not (k == "on_error" and v == "raise")}
    if engine == "local":
        return _analyze_local(source, docvars, pattern, glob, seg, group_by, n, tuple(want), n_jobs, progress,
                              read_options)
    return _analyze_dask(source, docvars, pattern, glob, seg, group_by, n, tuple(want), progress, client, address,
                         n_workers, partition_bytes, read_options, spill_dir)


def _step_bar(progress: bool, steps: int) -> Any:
    if not progress:
        return nullcontext(None)
    from tqdm.auto import tqdm

    return tqdm(total=steps, desc="steps", unit="step")


def _analyze_local(source: Any, docvars: Any, pattern: str | None, glob: str | None, seg: Any,
                   group_by: str | None, n: int | None, want: tuple[str, ...], n_jobs: int, progress: bool,
                   read_options: dict[str, Any]) -> AnalysisResult:
    import time

    from ..corpus import read_corpus
    from ..dfm import dfm
    from ..slogans import find_numbered, find_sections
    from ..textstat import frequency
    from ..tokenize import tokens

    timings: dict[str, float] = {}
    with _step_bar(progress, 4) as bar:
        t0 = time.perf_counter()
        if bar is not None:
            bar.set_description("reading")
        corpus = read_corpus(source, docvars, pattern=pattern, glob=glob, **read_options)
        timings["read"] = time.perf_counter() - t0
        if bar is not None:
            bar.update(1)
            bar.set_description("tokenizing")
        t0 = time.perf_counter()
        toks = tokens(corpus, seg, n_jobs=n_jobs, progress=progress)
        timings["tokenize"] = time.perf_counter() - t0
        if bar is not None:
            bar.update(1)
            bar.set_description("counting")
        t0 = time.perf_counter()
        d = dfm(toks)
        freq = frequency(d, n=n, groups=group_by) if "frequency" in want else None
        timings["count"] = time.perf_counter() - t0
        if bar is not None:
            bar.update(1)
            bar.set_description("slogans")
        t0 = time.perf_counter()
        numbered = find_numbered(corpus) if "numbered" in want else None
        sections = find_sections(corpus) if "sections" in want else None
        timings["slogans"] = time.perf_counter() - t0
        if bar is not None:
            bar.update(1)
    return AnalysisResult(list(corpus.doc_ids), corpus.docvars, corpus.provenance, seg, "local", freq,
                          d, numbered, sections, corpus, {k: round(v, 4) for k, v in timings.items()},
                          skipped=list(corpus.skipped.itertuples(index=False, name=None)))


def _analyze_dask(source: Any, docvars: Any, pattern: str | None, glob: str | None, seg: Any,
                  group_by: str | None, n: int | None, want: tuple[str, ...], progress: bool, client: Any,
                  address: str | None, n_workers: int, partition_bytes: int,
                  read_options: dict[str, Any], spill_dir: Any = None) -> AnalysisResult:
    import time

    from ..slogans.numbered import COLUMNS as NUMBERED_COLUMNS
    from . import dask as dk

    ro = dict(read_options)
    by = ro.pop("by", None)
    extra = ro.pop("extra_docvars", "error")
    opts = dk.default_options(**ro)
    exclude: set[Path] = set()
    if docvars is not None and not isinstance(docvars, pd.DataFrame):
        exclude.add(Path(os.fspath(docvars)).expanduser().resolve())
    assemble = _docvars_assembler(docvars, pattern, by, extra)
    need = pattern is not None or docvars is not None or group_by is not None or "numbered" in want
    t0 = time.perf_counter()
    store = dk.MetaStore()  # the file list and per-document metadata, on disk
    try:
        store.list_files(source, glob, exclude, partition_bytes)  # in a child: no Path kept here
        raw = dk.run_dask(store, opts, seg.get_params(), assemble, lambda dv: _group_codes(dv, group_by), want,
                          client=client, address=address, n_workers=n_workers, progress=progress,
                          spill_dir=spill_dir, need_docvars=need)
    except BaseException:
        store.close()
        raise
    timings = {"dask_total": round(time.perf_counter() - t0, 4)}
    doc_ids: list[str] = raw["doc_ids"]
    clean = bool(opts["clean"])

    def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
        """docvars and provenance, as the local engine builds them, from the metadata the run left on disk."""
        metas = list(store.read("scan"))
        meta = {m["doc_id"]: m for m in store.read("count")}
        ids, records = assemble.records(metas)  # type: ignore[attr-defined]
        if clean:
            records = [{**r, "title_detected": meta[i]["title_detected"], "salutation": meta[i]["salutation"]}
                       for i, r in zip(ids, records, strict=True)]
        dv = _docvars_frame(ids, records)
        prov_rows = {m["doc_id"]: {**m["prov"], "n_chars": meta[m["doc_id"]]["n_chars"],
                                   "n_removed": meta[m["doc_id"]]["n_removed"],
                                   "body_start": meta[m["doc_id"]]["body_start"], "cleaned": clean}
                     for m in metas}
        prov_cols = ["path", "format", "row", "bytes", "sha256", "encoding", "newlines", "errors", "replaced",
                     "to_simplified", "n_chars_raw", "n_chars", "n_removed", "body_start", "cleaned"]
        prov = pd.DataFrame([{c: prov_rows[d].get(c) for c in prov_cols} for d in doc_ids],
                            index=pd.Index(doc_ids, name="doc_id", dtype=object), columns=prov_cols)
        prov["row"] = prov["row"].astype("Int64")
        store.close()
        return dv, prov

    tables.folder = store.folder  # type: ignore[attr-defined]
    freq = None
    if "frequency" in want:
        freq = frequency_from_counts(raw["freq"], raw["docfreq"], raw["ntokens"].tolist(), raw["group_names"], n)
    res = AnalysisResult(doc_ids, None, None, seg, "dask", _tables=tables, _sha256=raw["sha256"],
                         skipped=list(store.skipped))
    if "dfm" in want:
        res.dfm = dk.dfm_from_counts(raw["per_doc"], doc_ids, res.docvars)
    numbered = None
    if "numbered" in want:
        numbered = dk.order_rows(raw["numbered"], doc_ids, NUMBERED_COLUMNS)
    sections = None
    if "sections" in want:
        sections = dk.order_rows(raw["sections"], doc_ids, ["doc_id", "start", "end", "level", "marker", "title",
                                                            "text"])
    res.frequency, res.numbered, res.sections, res.timings = freq, numbered, sections, timings
    return res
