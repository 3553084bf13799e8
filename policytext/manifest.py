"""Reproducibility manifest written next to every result (``manifest.json``).

It records what is needed to rerun an analysis months later and get the same tables: package and dependency
versions, the segmenter's configuration hash, a corpus hash (sha256 over the per-document sha256s, in doc_id
order), the parameters, the random seeds, the sha256 of every file the run wrote, and timings. Timings are kept in
their own section so that two runs can be compared on everything else.

``manifest_version`` 2: ``outputs`` lists only the files the run wrote (earlier versions listed every file found
in the output folder). :mod:`policytext.outputs` uses this list to remove the outputs of an earlier run that a new
run into the same folder does not rewrite.
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["MANIFEST_VERSION", "Manifest", "corpus_hash", "corpus_hash_sorted", "dependency_versions", "jsonable",
           "read_manifest"]

#: Version of the manifest layout (2: ``outputs`` lists only the files the run wrote).
MANIFEST_VERSION = 2
_HASH_CHUNK = 1 << 20

_DEPENDENCIES = (
    "policytext",
    "jieba",
    "rjieba",
    "numpy",
    "scipy",
    "pandas",
    "scikit-learn",
    "matplotlib",
    "pyyaml",
    "charset-normalizer",
    "opencc",
    "pyarrow",
    "dask",
    "distributed",
)


def dependency_versions(extra: tuple[str, ...] = ()) -> dict[str, str | None]:
    """Installed versions of policytext and its dependencies (None when not installed).

    Examples
    --------
    >>> from policytext.manifest import dependency_versions
    >>> "jieba" in dependency_versions()
    True
    """
    out: dict[str, str | None] = {}
    for name in _DEPENDENCIES + tuple(extra):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def corpus_hash(sha256s: Mapping[str, str]) -> str:
    """sha256 over ``doc_id<TAB>sha256`` lines sorted by doc_id: one fingerprint for a whole corpus.

    Examples
    --------
    >>> from policytext.manifest import corpus_hash
    >>> corpus_hash({"政府工作报告2019": "ab", "讲话": "cd"}) == corpus_hash({"讲话": "cd", "政府工作报告2019": "ab"})
    True
    """
    return corpus_hash_sorted((doc_id, sha256s[doc_id]) for doc_id in sorted(sha256s))[1]


def corpus_hash_sorted(pairs: Iterable[tuple[str, str]]) -> tuple[int, str]:
    """:func:`corpus_hash` from ``(doc_id, sha256)`` pairs already sorted by doc_id, streamed (no dict built).

    Returns the number of documents and the hash. Raises ``ValueError`` when the doc_ids are not strictly
    increasing (unsorted or duplicated), since the hash is defined on the sorted, unique doc_ids.

    Examples
    --------
    >>> from policytext.manifest import corpus_hash, corpus_hash_sorted
    >>> d = {"讲话": "cd", "政府工作报告2019": "ab"}
    >>> corpus_hash_sorted(sorted(d.items()))[1] == corpus_hash(d)
    True
    """
    h = hashlib.sha256()
    n = 0
    prev: str | None = None
    for doc_id, sha in pairs:
        if prev is not None and not prev < doc_id:
            raise ValueError(f"corpus_hash_sorted: doc_ids not strictly increasing ({prev!r} then {doc_id!r})")
        h.update(f"{doc_id}\t{sha}\n".encode())
        prev = doc_id
        n += 1
    return n, h.hexdigest()


def jsonable(x: Any) -> Any:
    """Parameters as plain JSON values (tuples → lists, paths → str, numpy scalars → Python).

    Examples
    --------
    >>> from pathlib import Path
    >>> from policytext.manifest import jsonable
    >>> jsonable({"protect": ("numbered", "quoted"), "dict": Path("政策词典.txt")})
    {'protect': ['numbered', 'quoted'], 'dict': '政策词典.txt'}
    """
    if isinstance(x, Mapping):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple, set, frozenset)):
        items = [jsonable(v) for v in x]
        return sorted(items, key=repr) if isinstance(x, (set, frozenset)) else items
    if isinstance(x, Path):
        return str(x)
    if x is None or isinstance(x, (str, bool, int, float)):
        return x
    item = getattr(x, "item", None)
    if callable(item):
        try:
            return jsonable(item())
        except (TypeError, ValueError):
            pass
    return str(x)


def read_manifest(folder_or_file: str | Path) -> dict[str, Any]:
    """Read ``manifest.json`` from an output folder (or the file itself).

    Examples
    --------
    >>> import tempfile
    >>> from policytext.manifest import Manifest, read_manifest
    >>> d = tempfile.mkdtemp()
    >>> _ = Manifest("freq", {"group_by": "year"}).write(d)
    >>> read_manifest(d)["parameters"]
    {'group_by': 'year'}
    """
    p = Path(folder_or_file)
    if p.is_dir():
        p = p / "manifest.json"
    data: dict[str, Any] = json.loads(p.read_text("utf-8"))
    return data


class Manifest:
    """Collects what a run did and writes it as ``manifest.json``.

    Examples
    --------
    >>> from policytext.manifest import Manifest
    >>> m = Manifest(command="freq", parameters={"target": "2019"})
    >>> with m.timed("count"):
    ...     n = len("坚持发展")
    >>> sorted(m.to_dict())[:3]
    ['command', 'corpus', 'engine']
    """

    def __init__(self, command: str, parameters: Mapping[str, Any] | None = None) -> None:
        self.command = command
        self.parameters: dict[str, Any] = jsonable(dict(parameters or {}))
        self.engine: dict[str, Any] = {}
        self.corpus: dict[str, Any] = {}
        self.segmenter: dict[str, Any] = {}
        self.seeds: dict[str, int] = {}
        self.outputs: dict[str, str] = {}
        self.timings: dict[str, float] = {}

    def set_corpus(self, sha256s: Mapping[str, str] | Iterable[tuple[str, str]], path: str | None = None,
                   skipped: Iterable[tuple[str, str]] = ()) -> None:
        """Record the corpus by its per-document sha256s: a mapping doc_id -> sha256, or ``(doc_id, sha256)``
        pairs sorted by doc_id (streamed, as :meth:`policytext.engine.AnalysisResult.sha256_items` gives them);
        ``skipped``: ``(path, reason)`` of every file or folder the reader found but did not read."""
        if isinstance(sha256s, Mapping):
            n, digest = len(sha256s), corpus_hash(sha256s)
        else:
            n, digest = corpus_hash_sorted(sha256s)
        self.corpus = {"path": path, "n_documents": n, "corpus_sha256": digest,
                       "skipped": [{"path": str(p), "reason": str(r)} for p, r in skipped]}

    def set_segmenter(self, segmenter: Any) -> None:
        """Record a Segmenter: its parameters, resolved configuration and configuration hash."""
        self.segmenter = {
            "config_hash": segmenter.config_hash,
            "params": jsonable(segmenter.get_params()),
            "config": jsonable(segmenter.config),
        }

    def set_engine(self, name: str, **details: Any) -> None:
        """Record the execution engine (``local`` or ``dask``) and its settings."""
        self.engine = {"name": name, **jsonable(details)}

    def add_outputs(self, root: Path) -> None:
        """Record every regular file under ``root`` (except ``manifest.json``; symlinks are skipped) with its sha256.

        Call it on the folder the run wrote into (the temporary folder of :func:`policytext.outputs.output_folder`),
        so that only the files of this run are listed.
        """
        root = Path(root)
        for p in sorted(root.rglob("*")):
            if p.name != "manifest.json" and not p.is_symlink() and p.is_file():
                self.add_output(p, root)

    @contextmanager
    def timed(self, step: str) -> Iterator[None]:
        """Time a step (wall-clock seconds, stored under ``timings``)."""
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[step] = round(time.perf_counter() - t0, 4)

    def add_output(self, path: Path, root: Path) -> None:
        """Record an output file with its sha256 (path relative to the output folder), read in 1 MiB chunks."""
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            while chunk := fh.read(_HASH_CHUNK):
                h.update(chunk)
        self.outputs[Path(path).relative_to(root).as_posix()] = h.hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """The manifest as a JSON-ready dict."""
        return {
            "manifest_version": MANIFEST_VERSION,
            "command": self.command,
            "parameters": self.parameters,
            "corpus": self.corpus,
            "segmenter": self.segmenter,
            "random_seeds": self.seeds,
            "engine": self.engine,
            "environment": {
                "python": sys.version.split()[0],
                "platform": platform.platform(),
                "packages": dependency_versions(),
            },
            "outputs": dict(sorted(self.outputs.items())),
            "timings_seconds": self.timings,
        }

    def write(self, folder: Path) -> Path:
        """Write ``manifest.json`` into ``folder`` and return its path."""
        path = Path(folder) / "manifest.json"
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n", "utf-8")
        return path
