"""Output folders written safely: one place for how every command (and :func:`policytext.report`) writes ``-o OUT``.

:func:`output_folder` gives a run a fresh, hidden temporary folder beside the destination and moves the files
into the destination only once the whole run has succeeded:

* **Checked before any work**: the destination may not be the input folder or inside it (its tables would be
  read as documents by the next run), it must be a folder (created if missing) and writable.
* **Locked**: a lock file ``OUT/.policytext.lock`` (created with ``O_EXCL``, holding the pid, host and command)
  refuses a second run into the same folder while the first is writing; it is removed when the run ends, also
  on errors and Ctrl-C. A run killed with ``kill -9`` leaves it behind: the error message says how to remove it.
* **Atomic**: the run writes into ``.OUT.policytext-tmp-XXXXXXXX`` (same parent, so moves are renames; inside
  ``OUT`` when the parent is not writable or on another file system). On success the earlier ``manifest.json``
  is taken away first, the new files are moved in, then the new ``manifest.json`` last: a ``manifest.json``
  present always describes complete files. On failure (an exception, Ctrl-C, a failed move) the temporary
  folder is removed and the destination is left as it was.
* **Only our files**: the new manifest lists only the files this run wrote. Files an earlier policytext run
  wrote (listed in its ``manifest.json``) that this run does not rewrite are removed on commit and named in
  :attr:`OutputFolder.removed`. Any other file in the folder (notes, data, symlinks, ...) is never read,
  hashed, listed or deleted.
"""

from __future__ import annotations

import glob as globmod
import json
import os
import shlex
import shutil
import socket
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import PolicyTextError

__all__ = ["LOCK_NAME", "MANIFEST_NAME", "OutputFolder", "OutputFolderError", "output_folder"]

#: Name of the lock file inside the output folder.
LOCK_NAME = ".policytext.lock"
#: Name of the manifest, moved into the output folder last.
MANIFEST_NAME = "manifest.json"

# Manifests written before manifest_version 2 listed every file of the folder (user files too): of their
# entries, only the names policytext itself writes are taken as outputs of that earlier run.
_LEGACY_TABLES = frozenset({"corpus_info", "doc_topics", "frequency", "frequency_by_group", "keyness",
                            "keyness_by_collection", "kwic", "numbered", "numbered_summary", "quoted", "sections",
                            "tfidf", "tokens", "topic_terms"})
_LEGACY_FILES = frozenset({"summary.md", "summary.html", "frequency.png", "keyness.png", "collections.png",
                           "formulations.png", "trends.png"})
_MAX_MANIFEST_BYTES = 64 << 20


class OutputFolderError(PolicyTextError):
    """An output folder cannot be used: inside the input, not writable, or in use by another run."""


def _has_magic(s: str) -> bool:
    return any(ch in s for ch in "*?[")


def _input_roots(inputs: Iterable[Any]) -> tuple[list[tuple[Path, str]], list[tuple[Path, str]]]:
    """Folders a later run on the same inputs would read: ``(recursive, flat)`` lists of (resolved, as given).

    A folder input and the directories a glob matches are read recursively (the output folder may not be them or
    inside them); the folders holding the files a non-recursive glob matches may not be the output folder.
    """
    deep: list[tuple[Path, str]] = []
    flat: list[tuple[Path, str]] = []
    for src in inputs:
        if src is None:
            continue
        if isinstance(src, (list, tuple)):
            d, f = _input_roots(src)
            deep += d
            flat += f
            continue
        if not isinstance(src, (str, os.PathLike)):
            continue  # a DataFrame, a Corpus ...: nothing on disk to protect
        given = os.fspath(src)
        if not isinstance(given, str):
            continue
        p = Path(os.path.expanduser(given))
        if p.exists() or not _has_magic(given):
            if p.is_dir():
                deep.append((p.resolve(), given))
            continue
        if "**" in given:
            parts = p.parts
            k = next(i for i, part in enumerate(parts) if _has_magic(part))
            deep.append((Path(*parts[:k]).resolve() if k else Path.cwd(), given))
        for m in globmod.glob(str(p), recursive=True):
            q = Path(m)
            if q.is_dir():
                deep.append((q.resolve(), given))
            else:
                flat.append((q.resolve().parent, given))
    return deep, flat


def _lock_text(command: str) -> str:
    return json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "command": command,
                       "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}, ensure_ascii=False) + "\n"


def _describe_lock(lock: Path) -> str:
    """Who holds a lock file, and whether that run is still alive (when it runs on this host)."""
    try:
        raw = lock.read_text("utf-8", errors="replace")[:2000]
    except OSError:
        return "held by an unknown run (the lock file cannot be read)"
    try:
        info = json.loads(raw)
        pid, host, command = int(info["pid"]), str(info["host"]), str(info["command"])
    except (ValueError, KeyError, TypeError):
        return f"held by an unknown run (the lock file says {raw.strip()!r})"
    alive = "perhaps still running"
    if host == socket.gethostname() and os.name == "posix":  # (os.kill(pid, 0) would end the process on Windows)
        try:
            os.kill(pid, 0)
            alive = "still running"
        except ProcessLookupError:
            alive = "no longer running"
        except OSError:
            alive = "still running"
    return f"held by {command!r} (pid {pid} on {host}, {alive}; started {info.get('started', '?')})"


class OutputFolder:
    """One run's output folder: write into :attr:`path`; the files reach :attr:`dest` only if the run succeeds.

    Use it through :func:`output_folder` (a context manager). After a successful ``with`` block,
    :attr:`written` lists the files moved into :attr:`dest` and :attr:`removed` the files of an earlier
    policytext run that this run did not rewrite (deleted).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from policytext.outputs import output_folder
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "结果"
    >>> with output_folder(out, command="示例") as folder:
    ...     _ = (folder.path / "提法.csv").write_text("四个全面\\n", "utf-8")
    >>> folder.written, (out / "提法.csv").read_text("utf-8")
    (['提法.csv'], '四个全面\\n')
    """

    def __init__(self, dest: str | os.PathLike[str], *, inputs: Iterable[Any] = (),
                 command: str = "policytext") -> None:
        self.dest = Path(dest)
        self.command = command
        self.inputs = list(inputs)
        self.path = Path()
        self.lock = Path()
        self.written: list[str] = []
        self.removed: list[str] = []
        self._real = Path()
        self._created: list[Path] = []
        self._lock_id: tuple[int, int] | None = None
        self._open = False

    # -- opening: checks, lock, temporary folder -------------------------------------------------------------
    def __enter__(self) -> OutputFolder:
        self.open()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close(commit=exc_type is None)

    def open(self) -> None:
        """Check the destination, take the lock and create the temporary folder (no analysis has run yet)."""
        dest = self.dest
        real = dest.expanduser().resolve()
        self._real = real
        if real.exists() and not real.is_dir():
            raise NotADirectoryError(f"{dest}: output path exists and is not a folder")
        deep, flat = _input_roots(self.inputs)
        for root, given in deep:
            if real == root or root in real.parents:
                where = "the input folder" if real == root else f"inside the input folder {given}"
                raise OutputFolderError(
                    f"output folder {dest} is {where}: its tables would be read as documents by later runs; "
                    f"choose a folder outside {given}")
        for root, given in flat:
            if real == root:
                raise OutputFolderError(f"output folder {dest} holds the input files {given}: its tables would "
                                        "sit among the documents; choose another folder")
        try:
            self._make_dirs(real)
            self._take_lock(real)
            self.path = self._make_temp(real)
        except BaseException:
            self._release()
            raise
        self._open = True

    def _make_dirs(self, real: Path) -> None:
        missing = [q for q in (real, *real.parents) if not q.exists()]
        for q in reversed(missing):
            try:
                q.mkdir()
            except FileExistsError:
                if not q.is_dir():
                    raise NotADirectoryError(f"{self.dest}: cannot create output folder: {q} is a file") from None
                continue
            except OSError as exc:
                raise OutputFolderError(f"cannot create output folder {self.dest}: "
                                        f"{exc.strerror or exc} ({q})") from exc
            self._created.append(q)

    def _take_lock(self, real: Path) -> None:
        self.lock = real / LOCK_NAME
        shown = self.dest / LOCK_NAME
        try:
            fd = os.open(self.lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            raise OutputFolderError(
                f"output folder {self.dest} is in use by another policytext run: lock file {shown} exists, "
                f"{_describe_lock(self.lock)}. Wait for that run to end or choose another output folder; if no "
                f"run is writing there (it was killed), remove the stale lock file: rm {shlex.quote(str(shown))}"
            ) from None
        except OSError as exc:
            raise OutputFolderError(f"output folder {self.dest} is not writable ({exc.strerror or exc}); "
                                    "nothing was run") from exc
        try:
            st = os.fstat(fd)
            self._lock_id = (st.st_dev, st.st_ino)
            os.write(fd, _lock_text(self.command).encode("utf-8"))
        finally:
            os.close(fd)

    def _make_temp(self, real: Path) -> Path:
        parent = real.parent
        beside = parent != real
        if beside:
            try:
                beside = os.stat(parent).st_dev == os.stat(real).st_dev  # a rename must not cross file systems
            except OSError:
                beside = False
        if beside:
            try:
                return Path(tempfile.mkdtemp(prefix=f".{real.name}.policytext-tmp-", dir=parent))
            except OSError:
                pass  # parent not writable: use a hidden folder inside the destination
        try:
            return Path(tempfile.mkdtemp(prefix=".policytext-tmp-", dir=real))
        except OSError as exc:
            raise OutputFolderError(f"output folder {self.dest} is not writable ({exc.strerror or exc}); "
                                    "nothing was run") from exc

    # -- closing: commit or roll back, then clean up ---------------------------------------------------------
    def close(self, commit: bool) -> None:
        """Commit (``commit=True``) or discard the run; always remove the temporary folder and the lock."""
        if not self._open:
            return
        ok = False
        try:
            if commit:
                self._commit()
                ok = True
        finally:
            self._open = False
            shutil.rmtree(self.path, ignore_errors=True)
            self._release(keep_dirs=ok)

    def _release(self, keep_dirs: bool = False) -> None:
        if self._lock_id is not None:
            try:
                st = os.lstat(self.lock)
                if (st.st_dev, st.st_ino) == self._lock_id:  # still ours (not removed and taken by another run)
                    os.unlink(self.lock)
            except OSError:
                pass
            self._lock_id = None
        if not keep_dirs:
            for q in reversed(self._created):  # folders this run created, innermost first, if still empty
                try:
                    q.rmdir()
                except OSError:
                    break
        self._created = []

    def _previous_outputs(self) -> set[str]:
        """Files of the folder that its current ``manifest.json`` lists as written by an earlier policytext run."""
        real = self._real
        try:
            st = os.lstat(real / MANIFEST_NAME)
        except OSError:
            return set()
        if not stat.S_ISREG(st.st_mode) or st.st_size > _MAX_MANIFEST_BYTES:
            return set()  # a symlink or something else: not ours to read
        try:
            data = json.loads((real / MANIFEST_NAME).read_text("utf-8"))
        except (OSError, ValueError):
            return set()
        if not isinstance(data, dict) or "command" not in data or not isinstance(data.get("outputs"), dict):
            return set()
        legacy = not isinstance(data.get("manifest_version"), int) or data["manifest_version"] < 2
        found: set[str] = set()
        for name in data["outputs"]:
            if (not isinstance(name, str) or not name or Path(name).name != name or name.startswith(".")
                    or name in (MANIFEST_NAME, LOCK_NAME)):
                continue  # nested, hidden or odd names: never touched
            if legacy and not (name in _LEGACY_FILES or (Path(name).suffix in (".csv", ".parquet")
                                                         and Path(name).stem in _LEGACY_TABLES)):
                continue
            try:
                if stat.S_ISREG(os.lstat(real / name).st_mode):
                    found.add(name)
            except OSError:
                continue
        return found

    def _commit(self) -> None:
        real, tmp = self._real, self.path
        names = sorted(e.name for e in os.scandir(tmp))
        for name in names:
            if not stat.S_ISREG(os.lstat(tmp / name).st_mode):
                raise OutputFolderError(f"{tmp / name}: an output must be a file (not a folder or a link)")
            target = real / name
            if target.is_dir() and not target.is_symlink():
                raise OutputFolderError(f"cannot write {self.dest / name}: a folder of that name is in the way; "
                                        "move it elsewhere (nothing was changed)")
        stale = sorted(self._previous_outputs() - set(names))
        new = [n for n in names if n != MANIFEST_NAME]
        backup = Path(tempfile.mkdtemp(prefix=".replaced-", dir=tmp))
        undo: list[tuple[str, str, bool]] = []  # (kind, name, an earlier file was moved to backup)
        try:
            # the earlier manifest goes first: while files are being swapped no manifest describes the folder
            if os.path.lexists(real / MANIFEST_NAME):
                os.replace(real / MANIFEST_NAME, backup / MANIFEST_NAME)
                undo.append(("manifest", MANIFEST_NAME, True))
            for name in new:
                had = os.path.lexists(real / name)
                if had:
                    os.replace(real / name, backup / name)
                undo.append(("new", name, had))
                os.replace(tmp / name, real / name)
            for name in stale:
                os.replace(real / name, backup / name)
                undo.append(("stale", name, True))
            if MANIFEST_NAME in names:
                os.replace(tmp / MANIFEST_NAME, real / MANIFEST_NAME)
        except BaseException:
            for kind, name, had in reversed(undo):  # put everything back as it was
                try:
                    if kind == "new" and os.path.lexists(real / name):
                        os.replace(real / name, tmp / name)
                    if had:
                        os.replace(backup / name, real / name)
                except OSError:
                    continue
            raise
        self.written = names
        self.removed = stale


def output_folder(dest: str | os.PathLike[str], *, inputs: Iterable[Any] = (),
                  command: str = "policytext") -> OutputFolder:
    """Write a run's outputs safely: ``with output_folder(out, inputs=[corpus]) as folder:`` write into ``folder.path``.

    On entering: refuses an output folder that is an input folder or inside one (resolved paths) and an output
    folder that cannot be created or written, takes the lock file ``out/.policytext.lock`` (refusing a second
    concurrent run, with a message naming the folder and the lock file) and creates the hidden temporary folder.
    On leaving without an exception: moves the files into ``out``, ``manifest.json`` last, and removes the
    outputs of an earlier policytext run that this run did not rewrite. On an exception or Ctrl-C: ``out`` is left
    unchanged. The temporary folder and the lock are removed in every case. See the module docs.

    Parameters
    ----------
    dest : path
        The output folder (created if missing).
    inputs : iterable of paths, globs or lists of them
        What the run reads; the output folder may not be inside any of them.
    command : str
        What is running (written into the lock file, shown to a second run).

    Returns
    -------
    OutputFolder
        A context manager; ``.path`` is the folder to write into.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from policytext.outputs import output_folder, OutputFolderError
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "政府工作报告2019.txt").write_text("坚持稳中求进。", encoding="utf-8")
    >>> with output_folder(d / "out", inputs=[d], command="policytext freq") as folder:
    ...     _ = (folder.path / "frequency.csv").write_text("稳中求进,1\\n", "utf-8")
    Traceback (most recent call last):
    ...
    policytext.outputs.OutputFolderError: output folder ... is inside the input folder ...
    >>> with output_folder(d.parent / (d.name + "_out"), inputs=[d]) as folder:
    ...     _ = (folder.path / "frequency.csv").write_text("稳中求进,1\\n", "utf-8")
    >>> sorted(p.name for p in (d.parent / (d.name + "_out")).iterdir())
    ['frequency.csv']
    """
    return OutputFolder(dest, inputs=inputs, command=command)
