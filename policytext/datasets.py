"""Fetch public documents listed in the package manifest, verify their sha256 and cache them.

Like scikit-learn's ``fetch_*`` functions, documents are referred to by manifest (source, checksum) and
fetched on demand into a per-user data home; a local mirror directory (a folder holding the files under the
manifest's relative paths, such as a copy of the project's shared ``corpus_raw``) is tried first. Nothing is
downloaded at import time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import urllib.error
import urllib.request
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from .errors import FetchError

__all__ = ["get_data_home", "load_manifest", "fetch_corpus", "list_collections"]

_ENV_HOME = "POLICYTEXT_DATA"
_ENV_MIRROR = "POLICYTEXT_MIRROR"
_DOCVAR_COLUMNS = ["title", "year", "date", "level", "region", "genre", "speaker"]


class _Row(NamedTuple):
    path: str
    sha256: str
    url: str
    license: str


def get_data_home(data_home: str | os.PathLike[str] | None = None) -> Path:
    """The folder where fetched documents are cached.

    ``data_home`` if given, else ``$POLICYTEXT_DATA``, else ``~/policytext_data``.

    Examples
    --------
    >>> from policytext.datasets import get_data_home
    >>> get_data_home("/tmp/中文数据").name
    '中文数据'
    """
    home = data_home or os.environ.get(_ENV_HOME) or Path.home() / "policytext_data"
    return Path(home).expanduser()


def load_manifest() -> pd.DataFrame:
    """The manifest of known public documents shipped with the package (one row per file).

    Columns: collection, path, doc_id, title, year, date, level, region, genre, speaker, encoding, bytes,
    sha256, url, source_repo, source_commit, source_path, license, notes.

    Examples
    --------
    >>> from policytext.datasets import load_manifest
    >>> m = load_manifest()
    >>> m.loc[m.doc_id == "gwr_2019", "title"].item()
    '2019年国务院政府工作报告'
    """
    with resources.files("policytext.data").joinpath("manifest.csv").open("rb") as fh:
        frame = pd.read_csv(fh, dtype=str, keep_default_na=False)
    frame["bytes"] = frame["bytes"].astype("int64")
    return frame


def list_collections() -> list[str]:
    """Names accepted by :func:`fetch_corpus`: each collection and ``"all"``.

    Examples
    --------
    >>> from policytext.datasets import list_collections
    >>> "national_gwr" in list_collections()
    True
    """
    return sorted(load_manifest()["collection"].unique()) + ["all"]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _download(url: str, dest: Path, timeout: float) -> None:
    tmp = dest.with_suffix(dest.suffix + ".part")
    with urllib.request.urlopen(url, timeout=timeout) as resp, tmp.open("wb") as out:  # noqa: S310
        shutil.copyfileobj(resp, out)
    tmp.replace(dest)


def fetch_corpus(
    name: str,
    data_home: str | os.PathLike[str] | None = None,
    mirror: str | os.PathLike[str] | None = None,
    *,
    download_if_missing: bool = True,
    return_path: bool = False,
    timeout: float = 30.0,
    _opener: Callable[[str, Path, float], None] | None = None,
) -> Any:
    """Fetch a collection of the manifest, verify every file's sha256, and return it as a Corpus.

    Each file is looked up, in order, in the cache (``data_home/<path>``), in ``mirror`` (or
    ``$POLICYTEXT_MIRROR``), then downloaded from its source URL. A file whose sha256 differs from the
    manifest is never used: a bad cached copy is replaced, a bad mirror or downloaded copy raises
    :class:`~policytext.errors.FetchError`.

    Parameters
    ----------
    name : str
        A collection (``national_gwr``, ``communiques``, ``congress_reports``, ``provincial_gwr``,
        ``local_speeches``, ``other``), ``"all"``, or a single ``doc_id``.
    data_home : path, optional
        Cache folder (default :func:`get_data_home`).
    mirror : path, optional
        A local folder holding the files under the manifest's relative paths.
    download_if_missing : bool
        If False, never touch the network: missing files raise FetchError.
    return_path : bool
        Return the folder of the collection instead of a Corpus.

    Returns
    -------
    Corpus (docvars from the manifest: title, year, date, level, region, genre, speaker) or Path.

    Examples
    --------
    >>> import policytext as pt
    >>> c = pt.fetch_corpus("congress_reports", mirror="../shared/corpus_raw")  # doctest: +SKIP
    >>> c.docvars.loc["congress_20th_2022", "title"]  # doctest: +SKIP
    '高举中国特色社会主义伟大旗帜 为全面建设社会主义现代化国家而团结奋斗'
    """
    manifest = load_manifest()
    if name == "all":
        rows = manifest
    elif name in set(manifest["collection"]):
        rows = manifest[manifest["collection"] == name]
    elif name in set(manifest["doc_id"]):
        rows = manifest[manifest["doc_id"] == name]
    else:
        raise FetchError(f"unknown dataset {name!r}; choose one of {list_collections()} or a doc_id")
    home = get_data_home(data_home)
    mirror = mirror if mirror is not None else os.environ.get(_ENV_MIRROR)
    mirror_dir = Path(mirror).expanduser() if mirror else None
    if mirror_dir is not None and not mirror_dir.is_dir():
        raise FetchError(f"mirror {str(mirror_dir)!r} is not a directory")
    opener = _opener or _download
    paths: list[Path] = []
    for rec in rows.to_dict("records"):
        row = _Row(**{k: str(rec[k]) for k in _Row._fields})
        dest = home / row.path
        if dest.exists() and _sha256(dest) == row.sha256:
            paths.append(dest)
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        src = mirror_dir / row.path if mirror_dir is not None else None
        if src is not None and src.exists():
            got = _sha256(src)
            if got != row.sha256:
                raise FetchError(
                    f"{src}: sha256 {got} does not match the manifest ({row.sha256}); the mirror copy is not "
                    f"the published document"
                )
            shutil.copyfile(src, dest)
        elif not download_if_missing:
            raise FetchError(f"{row.path}: not in the cache {home} nor in the mirror, and download_if_missing=False")
        elif not row.url:
            raise FetchError(
                f"{row.path}: this document is not redistributed ({row.license}); pass mirror= a folder that holds it"
            )
        else:
            try:
                opener(row.url, dest, timeout)
            except (urllib.error.URLError, OSError, TimeoutError) as exc:
                raise FetchError(
                    f"{row.path}: could not download {row.url} ({exc}). If you are offline, pass mirror= a local "
                    f"folder holding the files under the manifest's paths (or set ${_ENV_MIRROR}), or copy the "
                    f"files into {home}."
                ) from exc
            got = _sha256(dest)
            if got != row.sha256:
                dest.unlink()
                raise FetchError(f"{row.url}: downloaded file has sha256 {got}, manifest says {row.sha256}")
        paths.append(dest)
    if return_path:
        return home if name == "all" else (home / str(rows["path"].iloc[0])).parent
    from .corpus import read_corpus

    docvars = rows.set_index("doc_id")[_DOCVAR_COLUMNS].replace("", None)
    docvars["year"] = pd.to_numeric(docvars["year"], errors="coerce").astype("Int64")
    return read_corpus([str(p) for p in paths], docvars=docvars)
