"""Fetch public documents listed in the package manifest, verify their sha256 and cache them.

Like scikit-learn's ``fetch_*`` functions, documents are referred to by manifest (source, checksum) and
fetched on demand into a per-user data home; a local mirror directory (a folder holding the files under the
manifest's relative paths, such as a copy of the project's shared ``corpus_raw``) is tried first. Nothing is
downloaded at import time.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import pandas as pd

from .errors import FetchError

__all__ = ["get_data_home", "load_manifest", "fetch_corpus", "list_collections"]

_ENV_HOME = "POLICYTEXT_DATA"
_ENV_MIRROR = "POLICYTEXT_MIRROR"
_DOCVAR_COLUMNS = ["title", "year", "date", "level", "region", "genre", "speaker"]
_BLOCK = 1 << 20
# where the platform has them: never follow a symlink at a cache entry; never block opening a FIFO or device
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_KINDS = {"d": "a directory", "c": "a character device", "b": "a block device", "p": "a FIFO", "s": "a socket"}


class _Row(NamedTuple):
    path: str
    sha256: str
    url: str
    license: str
    bytes: int


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


def _inside(root: Path, rel: str, where: str) -> Path:
    """``root/rel`` with its folder resolved (the last component is not followed, so a symlink there is
    replaced, never written through). ``root`` must be resolved. FetchError if it leaves ``root``."""
    target = root / rel
    try:
        folder = target.parent.resolve()
    except RuntimeError as exc:  # a symlink loop
        raise FetchError(f"manifest path {rel!r} cannot be resolved in the {where} {root} ({exc})") from exc
    if target.name in ("", ".", "..") or not folder.is_relative_to(root):
        raise FetchError(f"manifest path {rel!r} resolves outside the {where} {root}; refusing to use it")
    return folder / target.name


def _blocks(src: BinaryIO, max_bytes: int) -> Iterator[bytes]:
    """The bytes of ``src`` block by block, stopping once ``max_bytes + 1`` have been read."""
    left = max_bytes + 1
    while left > 0 and (block := src.read(min(_BLOCK, left))):
        left -= len(block)
        yield block


def _cached(dest: Path, row: _Row) -> bool:
    """Whether the cache entry is a regular file (not a symlink) with the manifest's size and sha256."""
    if dest.is_symlink():
        return False
    try:
        fd = os.open(dest, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        h, n = hashlib.sha256(), 0
        for block in _blocks(fh, row.bytes):
            h.update(block)
            n += len(block)
        return n == row.bytes and h.hexdigest() == row.sha256


def _open_mirror(root: Path, row: _Row) -> BinaryIO | None:
    """The mirror's copy of a manifest file opened for reading, None if there is none. ``root`` must be
    resolved. FetchError unless it is, after resolving symlinks, a regular file inside the mirror."""
    src = root / row.path
    try:
        real = src.resolve()
        mode = real.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    except RuntimeError as exc:
        raise FetchError(f"{src}: mirror entry is a symlink loop ({exc})") from exc
    name = str(src) if real == src else f"{src} (-> {real})"
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.filemode(mode)[0], "not a regular file")
        raise FetchError(f"{name}: mirror entry is {kind}, not a regular file")
    if not real.is_relative_to(root):
        raise FetchError(f"{name}: mirror entry resolves outside the mirror {root}")
    # O_NONBLOCK: if the entry is swapped for a FIFO after the check, opening it still cannot hang
    return open(real, "rb", opener=lambda path, flags: os.open(path, flags | _O_NONBLOCK))


def _copy_verified(src: BinaryIO, dest: Path, sha256: str, max_bytes: int, origin: str) -> None:
    """Copy ``src`` into a temporary file beside ``dest``, hashing the bytes as they are written, and rename
    it onto ``dest`` only if they are exactly ``max_bytes`` bytes with the given sha256.

    At most ``max_bytes + 1`` bytes are read. The rename replaces ``dest`` itself (a symlink there is replaced,
    its target never touched); on any error the temporary file is removed and ``dest`` is left as it was.
    """
    tmp = dest.parent / f".{dest.name}.{secrets.token_hex(8)}.part"
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: a fresh file, never an existing one or a symlink; mode 0o666 so the umask applies as usual
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise FetchError(f"{dest}: cannot create a file in the cache folder ({exc})") from exc
    try:
        h, n = hashlib.sha256(), 0
        with os.fdopen(fd, "wb") as out:
            for block in _blocks(src, max_bytes):
                out.write(block)
                h.update(block)
                n += len(block)
        got = h.hexdigest()
        if n > max_bytes:
            raise FetchError(f"{origin}: larger than the manifest's {max_bytes} bytes (reading stopped there); "
                             f"this is not the published document")
        if n != max_bytes or got != sha256:
            raise FetchError(f"{origin}: {n} bytes with sha256 {got}, but the manifest says {max_bytes} bytes "
                             f"with sha256 {sha256}; this is not the published document")
        try:
            os.replace(tmp, dest)
        except OSError as exc:
            raise FetchError(f"{dest}: cannot replace the cache entry ({exc})") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _download(url: str, timeout: float) -> BinaryIO:
    response: BinaryIO = urllib.request.urlopen(url, timeout=timeout)  # noqa: S310
    return response


def fetch_corpus(
    name: str,
    data_home: str | os.PathLike[str] | None = None,
    mirror: str | os.PathLike[str] | None = None,
    *,
    download_if_missing: bool = True,
    return_path: bool = False,
    timeout: float = 30.0,
    _opener: Callable[[str, float], BinaryIO] | None = None,
) -> Any:
    """Fetch a collection of the manifest, verify every file's sha256, and return it as a Corpus.

    Each file is looked up, in order, in the cache (``data_home/<path>``), in ``mirror`` (or
    ``$POLICYTEXT_MIRROR``), then downloaded from its source URL. A file whose sha256 differs from the
    manifest is never used: a bad cached copy is replaced, a bad mirror or downloaded copy raises
    :class:`~policytext.errors.FetchError`.

    A cache entry counts only if it is a regular file; a new copy is written to a temporary file in the
    destination folder, hashed as it is written, and renamed onto the entry only if it matches (a symlink at
    the entry is replaced, never written through). Manifest paths must stay inside ``data_home`` and the
    mirror, mirror entries must be regular files, and no more than the manifest's size is ever read.

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
    home_root = home.resolve()
    mirror = mirror if mirror is not None else os.environ.get(_ENV_MIRROR)
    mirror_dir = Path(mirror).expanduser() if mirror else None
    if mirror_dir is not None and not mirror_dir.is_dir():
        raise FetchError(f"mirror {str(mirror_dir)!r} is not a directory")
    mirror_root = mirror_dir.resolve() if mirror_dir is not None else None
    opener = _opener or _download
    paths: list[Path] = []
    for rec in rows.to_dict("records"):
        row = _Row(str(rec["path"]), str(rec["sha256"]), str(rec["url"]), str(rec["license"]), int(rec["bytes"]))
        dest = _inside(home_root, row.path, "data home")
        if _cached(dest, row):
            paths.append(dest)
            continue
        src = _open_mirror(mirror_root, row) if mirror_root is not None else None
        if src is None and not download_if_missing:
            raise FetchError(f"{row.path}: not in the cache {home} nor in the mirror, and download_if_missing=False")
        if src is None and not row.url:
            raise FetchError(
                f"{row.path}: this document is not redistributed ({row.license}); pass mirror= a folder that holds it"
            )
        if src is not None:
            with src:
                _copy_verified(src, dest, row.sha256, row.bytes, f"mirror copy {src.name}")
        else:
            try:
                with opener(row.url, timeout) as resp:
                    _copy_verified(resp, dest, row.sha256, row.bytes, f"{row.url} (downloaded)")
            except FetchError:
                raise
            except (urllib.error.URLError, OSError, TimeoutError) as exc:
                raise FetchError(
                    f"{row.path}: could not download {row.url} ({exc}). If you are offline, pass mirror= a local "
                    f"folder holding the files under the manifest's paths (or set ${_ENV_MIRROR}), or copy the "
                    f"files into {home}."
                ) from exc
        paths.append(dest)
    if return_path:
        return home if name == "all" else (home / str(rows["path"].iloc[0])).parent
    from .corpus import read_corpus

    docvars = rows.set_index("doc_id")[_DOCVAR_COLUMNS].replace("", None)
    docvars["year"] = pd.to_numeric(docvars["year"], errors="coerce").astype("Int64")
    return read_corpus([str(p) for p in paths], docvars=docvars)
