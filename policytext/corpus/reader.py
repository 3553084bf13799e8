"""``read_corpus``: files, folders, globs and tables → :class:`~policytext.corpus.corpus.Corpus`.

Which files are read
    * a **file** is read whatever its suffix: tables (``.csv .tsv .xlsx .xlsm .parquet .jsonl .ndjson``) give one
      document per row, anything else is a plain-text document;
    * a **folder** is searched recursively for ``*.txt`` and table files (sorted by path), skipping hidden
      files/folders (name starting with ``.``), Office lock files (``~$...``) and the file passed as ``docvars``;
      other suffixes (``README.md``, images, ...) are not documents and are ignored. Use ``glob=`` (e.g.
      ``"**/*.txt"``) to choose the files yourself;
    * a **glob** string (``"corpus/*/gwr_*.txt"``, ``**`` recursive) and a **list** of any of these.

doc_ids
    The file stem (``gwr_2020.txt`` → ``gwr_2020``), or with ``id_from="relpath"`` the path relative to the
    folder/glob root without suffix (``national_gwr/gwr_2020``). Table rows take a ``doc_id`` column if there
    is one, else the file stem for a one-row table and ``{stem}.{row}`` (1-based, zero-padded) otherwise.
    Duplicate doc_ids are an error naming every file involved.
"""

from __future__ import annotations

import glob as globmod
import hashlib
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import CorpusReadError, DocvarsError
from .corpus import Corpus
from .encoding import decode_bytes, decode_utf8_file, normalize_newlines
from .encoding import to_simplified as _to_simplified
from .tables import TABLE_SUFFIXES, find_text_column, read_table

__all__ = ["list_document_files", "parse_pattern", "read_corpus", "read_docvars", "warn_skipped"]

PathLike = str | os.PathLike[str]
_FOLDER_SUFFIXES = frozenset({".txt"}) | TABLE_SUFFIXES
_FILE_KEYS = ("path", "file", "filename", "file_name", "relpath")
_INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_DOC_FILE = re.compile(r"(?i)(?:readme|license|licence|changelog)(?:\.[a-z]+)?$")


@dataclass
class _Doc:
    doc_id: str
    text: str
    path: Path
    root: Path
    docvars: dict[str, Any] = field(default_factory=dict)
    prov: dict[str, Any] = field(default_factory=dict)
    file_id: str | None = None  # for a row of a table: the doc_id the whole file would have (its stem)


# ---------------------------------------------------------------------------------------------------------------
# resolving inputs
# ---------------------------------------------------------------------------------------------------------------
def _has_magic(s: str) -> bool:
    return any(ch in s for ch in "*?[")


def _skip(p: Path, root: Path) -> bool:
    rel = p.relative_to(root).parts if p.is_relative_to(root) else p.parts[-1:]
    return any(part.startswith(".") for part in rel) or p.name.startswith("~$")


Skipped = list[tuple[str, str]]  # (path, reason) of every file or folder found but not read


def _walk(root: Path, skipped: Skipped) -> list[Path]:
    """Document files under ``root``, symlinked folders followed once; every entry not read goes to ``skipped``."""
    files: list[Path] = []
    seen_dirs: set[tuple[int, int]] = set()

    def unreadable(exc: OSError) -> None:
        skipped.append((str(exc.filename or root), f"cannot list folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=unreadable):
        here = Path(dirpath)
        st = here.stat()
        if (st.st_dev, st.st_ino) in seen_dirs:  # a symlink back to a folder already read (a loop)
            skipped.append((dirpath, "folder already read through another path (symlink loop or second link)"))
            dirnames[:] = []
            continue
        seen_dirs.add((st.st_dev, st.st_ino))
        kept_dirs = []
        for name in sorted(dirnames):
            if name.startswith("."):
                skipped.append((str(here / name), "hidden folder (name starts with '.'); pass glob= to read it"))
            else:
                kept_dirs.append(name)
        dirnames[:] = kept_dirs
        for name in sorted(filenames):
            q = here / name
            if name.startswith((".", "~$")):
                skipped.append((str(q), "hidden or Office lock file"))
            elif q.suffix.lower() not in _FOLDER_SUFFIXES:
                skipped.append((str(q), f"suffix {q.suffix or '(none)'!r} is not a document type (.txt or a table); "
                                        "pass the file itself or glob= to read it"))
            elif not q.exists():
                skipped.append((str(q), "broken symbolic link"))
            elif not q.is_file():
                skipped.append((str(q), "not a regular file (device, socket or pipe)"))
            else:
                files.append(q)
    return files


def _resolve_one(src: PathLike, glob: str | None, exclude: set[Path],
                 skipped: Skipped) -> list[tuple[Path, Path]]:
    s = os.fspath(src)
    p = Path(s).expanduser()
    if p.is_dir():
        root = p.resolve()
        if glob is not None:
            found = [q for q in root.glob(glob) if q.is_file() and not _skip(q, root)]
        else:
            found = _walk(root, skipped)
        files = []
        for q in found:
            if q.resolve() in exclude:
                skipped.append((str(q), "the docvars table"))
            else:
                files.append(q)
        if not files:
            what = f"glob {glob!r}" if glob is not None else f"*.txt or tables {sorted(TABLE_SUFFIXES)}"
            raise CorpusReadError(f"{p}: folder holds no documents (looked for {what})")
        return [(f, root) for f in sorted(files)]
    if p.is_file():
        return [(p.resolve(), p.resolve().parent)]
    if _has_magic(s):
        matches = sorted(Path(m).resolve() for m in globmod.glob(os.path.expanduser(s), recursive=True))
        matches = [m for m in matches if m.is_file() and m not in exclude]
        if not matches:
            raise CorpusReadError(f"{s}: glob matches no files")
        head = s.split("*")[0].split("?")[0].split("[")[0]
        root = Path(head if head.endswith(("/", os.sep)) else os.path.dirname(head) or ".").resolve()
        return [(m, root) for m in matches]
    if p.exists() or p.is_symlink():
        what = "a broken symbolic link" if not p.exists() else "not a regular file or folder"
        raise CorpusReadError(f"{s}: {what}")
    raise CorpusReadError(f"{s}: no such file or directory")


def _resolve(source: PathLike | Sequence[PathLike], glob: str | None,
             exclude: set[Path], skipped: Skipped) -> list[tuple[Path, Path]]:
    items: list[PathLike] = [source] if isinstance(source, (str, os.PathLike)) else list(source)
    if not items:
        raise CorpusReadError("read_corpus: empty list of paths")
    out: list[tuple[Path, Path]] = []
    seen: set[Path] = set()
    for it in items:
        for f, root in _resolve_one(it, glob, exclude, skipped):
            real = f.resolve()
            if real not in seen:  # the same file named twice (overlapping globs, two links) is one document
                seen.add(real)
                out.append((f, root))
    return out


def list_document_files(
    source: PathLike | Sequence[PathLike], glob: str | None = None, exclude: set[Path] | None = None
) -> tuple[list[tuple[Path, Path]], list[tuple[str, str]]]:
    """The files :func:`read_corpus` reads from ``source``, and every entry it found but will not read.

    Returns ``(files, skipped)``: ``files`` as ``(path, root)`` pairs (``root`` is the folder or glob root that
    relative doc_ids start from), ``skipped`` as ``(path, reason)`` pairs (hidden folders, other suffixes,
    unreadable folders, symlink loops, the excluded docvars table). Folders are walked recursively,
    following symlinked folders once. Missing paths and folders without documents raise
    :class:`~policytext.errors.CorpusReadError`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "gwr_2019.txt").write_text("坚持稳中求进。", encoding="utf-8")
    >>> _ = (d / "说明.md").write_text("# 说明", encoding="utf-8")
    >>> files, skipped = list_document_files(d)
    >>> [p.name for p, _ in files], [pathlib.Path(p).name for p, _ in skipped]
    (['gwr_2019.txt'], ['说明.md'])
    """
    skipped: Skipped = []
    files = _resolve(source, glob, exclude or set(), skipped)
    return files, skipped


def warn_skipped(skipped: Sequence[tuple[str, str]]) -> None:
    """One warning naming every file or folder found but not read.

    The docvars table and a folder's own documentation (README, LICENSE, CHANGELOG, any suffix) are listed in
    ``Corpus.skipped`` without a warning: nobody expects them to be read as documents.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     warn_skipped([("语料/说明.md", "suffix '.md' is not a document type")])
    >>> "语料/说明.md" in str(w[0].message)
    True
    """
    shown = [(p, r) for p, r in skipped if r != "the docvars table" and not _DOC_FILE.match(Path(p).name)]
    if not shown:
        return
    lines = [f"  {p}: {r}" for p, r in shown[:20]]
    more = f"\n  ... and {len(shown) - 20} more" if len(shown) > 20 else ""
    warnings.warn(f"read_corpus: {len(shown)} file(s) or folder(s) found but not read (listed in Corpus.skipped):\n"
                  + "\n".join(lines) + more, UserWarning, stacklevel=3)


def _readable_name(path: Path, root: Path) -> tuple[Path, Path]:
    """``path`` and ``root`` with file names that are not valid UTF-8 decoded as GB18030 (the usual case: names
    from a Chinese Windows zip); a warning names the file. A name that is neither is an error naming its bytes."""
    s = str(path)
    if not any("\udc80" <= ch <= "\udcff" for ch in s):
        return path, root
    raw = os.fsencode(s)
    try:
        shown = raw.decode("gb18030")
    except UnicodeDecodeError:
        raise CorpusReadError(
            f"{raw!r}: the file name is neither UTF-8 nor GB18030; rename the file (e.g. convmv -f gbk -t utf8)"
        ) from None
    root_raw = os.fsencode(str(root))
    shown_root = Path(root_raw.decode("gb18030", errors="replace")) if root_raw else root
    warnings.warn(f"{shown}: the file name is not UTF-8 ({raw!r}); read it as GB18030. Rename the file "
                  "(e.g. convmv -f gbk -t utf8 --notest) so that this path can be opened as shown", UserWarning,
                  stacklevel=4)
    return Path(shown), shown_root


# ---------------------------------------------------------------------------------------------------------------
# patterns
# ---------------------------------------------------------------------------------------------------------------
def _pattern_regex(pattern: str) -> re.Pattern[str]:
    out = []
    pos = 0
    for m in re.finditer(r"\{([A-Za-z_][A-Za-z0-9_]*)\}|\*", pattern):
        out.append(re.escape(pattern[pos : m.start()]))
        out.append(f"(?P<{m.group(1)}>[^/]+?)" if m.group(1) else "[^/]*?")
        pos = m.end()
    out.append(re.escape(pattern[pos:]))
    return re.compile("".join(out))


def parse_pattern(names: Sequence[str], pattern: str) -> pd.DataFrame:
    """Parse document variables out of file names with a pattern such as ``"gwr_{year}.txt"``.

    ``{field}`` captures part of the name (no ``/``), ``*`` matches anything without capturing. A field whose
    values are all integers without leading zeros becomes ``int``; other fields stay strings.

    Parameters
    ----------
    names : sequence of str
        File names (or relative paths, when the pattern contains ``/``).
    pattern : str
        The pattern; it must match each name completely.

    Returns
    -------
    DataFrame
        One row per name (index = the names), one column per field.

    Raises
    ------
    CorpusReadError
        Names that do not match, all listed.

    Examples
    --------
    >>> from policytext.corpus.reader import parse_pattern
    >>> parse_pattern(["gwr_2019.txt", "gwr_2020.txt"], "gwr_{year}.txt")["year"].tolist()
    [2019, 2020]
    """
    rx = _pattern_regex(pattern)
    rows: dict[str, dict[str, str]] = {}
    bad: list[str] = []
    for n in names:
        m = rx.fullmatch(n)
        if m is None:
            bad.append(n)
        else:
            rows[n] = m.groupdict()
    if bad:
        raise CorpusReadError(f"pattern {pattern!r} does not match these files: {bad}")
    frame = pd.DataFrame.from_dict(rows, orient="index", dtype=object)
    if frame.shape[1] == 0:
        frame = pd.DataFrame(index=list(rows))
    for col in frame.columns:
        vals = frame[col].tolist()
        if vals and all(isinstance(v, str) and _INT_RE.fullmatch(v) for v in vals):
            frame[col] = [int(v) for v in vals]
        else:
            frame[col] = frame[col].astype(str)
    return frame


# ---------------------------------------------------------------------------------------------------------------
# docvars tables
# ---------------------------------------------------------------------------------------------------------------
def read_docvars(path: PathLike) -> pd.DataFrame:
    """Read a table of document variables (CSV/TSV/Excel/Parquet/JSON Lines, any supported encoding).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from policytext.corpus.reader import read_docvars
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "meta.csv"
    >>> _ = p.write_bytes("doc_id,speaker\\ngwr_2020,李克强\\n".encode("gb18030"))
    >>> read_docvars(p)["speaker"].tolist()
    ['李克强']
    """
    p = Path(os.fspath(path))
    if not p.is_file():
        raise CorpusReadError(f"{p}: docvars file not found")
    frame, _, _ = read_table(p)
    return frame


def _file_key_parts(value: Any) -> tuple[str, ...]:
    s = str(value).replace("\\", "/").strip()
    return tuple(part for part in s.split("/") if part not in ("", "."))


def _join_docvars(docs: list[_Doc], docvars: pd.DataFrame, by: str | None, extra: str,
                  source: str) -> dict[str, dict[str, Any]]:
    frame = docvars.copy()
    frame.columns = [str(c) for c in frame.columns]
    if by is None:
        if "doc_id" in frame.columns:
            by = "doc_id"
        elif frame.index.name == "doc_id" or not isinstance(frame.index, pd.RangeIndex):
            by = "__index__"
        else:
            by = next((c for c in frame.columns if c.lower() in _FILE_KEYS), None)
            if by is None:
                raise DocvarsError(
                    f"{source}: cannot join docvars: no 'doc_id' column, no doc_id index and no file-name column "
                    f"({list(_FILE_KEYS)}); columns are {list(frame.columns)}; pass by=..."
                )
    if by == "__index__":
        keys = [str(k) for k in frame.index]
        frame = frame.reset_index(drop=True)
        by_file = False
    elif by not in frame.columns:
        raise DocvarsError(f"{source}: no column {by!r} to join on; columns are {list(frame.columns)}")
    else:
        keys = [str(k) for k in frame[by]]
        by_file = by.lower() in _FILE_KEYS
        if by == "doc_id":
            frame = frame.drop(columns=["doc_id"])
    frame = frame.reset_index(drop=True)

    dup = sorted({k for k in keys if keys.count(k) > 1}) if len(set(keys)) != len(keys) else []
    if dup:
        raise DocvarsError(f"{source}: duplicate keys in column {by!r}: {dup}")

    row_of_doc: dict[str, int] = {}
    unmatched_rows: list[str] = []
    if by_file:
        by_name: dict[str, list[_Doc]] = {}
        for d in docs:
            by_name.setdefault(d.path.name, []).append(d)
        for i, k in enumerate(keys):
            parts = _file_key_parts(k)
            hits = [d for d in by_name.get(parts[-1] if parts else "", [])
                    if d.path.parts[-len(parts):] == parts]
            if not hits:
                unmatched_rows.append(k)
            for d in hits:
                if d.doc_id in row_of_doc:
                    raise DocvarsError(f"{source}: document {d.doc_id!r} ({d.path}) matches two rows: "
                                       f"{keys[row_of_doc[d.doc_id]]!r} and {k!r}")
                row_of_doc[d.doc_id] = i
    else:
        ids = {d.doc_id for d in docs}
        # a row keyed by a table file's own id (its stem) holds that file's docvars: it applies to every row
        rows_of_file: dict[str, list[str]] = {}
        for d in docs:
            if d.file_id is not None and d.file_id not in ids:
                rows_of_file.setdefault(d.file_id, []).append(d.doc_id)
        for i, k in enumerate(keys):
            if k in ids:
                row_of_doc[k] = i
            elif k in rows_of_file:
                for did in rows_of_file[k]:
                    row_of_doc.setdefault(did, i)  # a row of its own (by the row's doc_id) wins
            else:
                unmatched_rows.append(k)
    no_row = sorted(d.doc_id for d in docs if d.doc_id not in row_of_doc)
    if no_row or (unmatched_rows and extra == "error"):
        raise DocvarsError(
            f"{source}: docvars do not match the documents (joined on {by if by != '__index__' else 'index'}): "
            f"documents without a docvars row: {no_row}; docvars rows without a document: {sorted(unmatched_rows)}"
            + ("; pass extra_docvars='drop' to ignore extra rows" if unmatched_rows else "")
        )
    records = frame.to_dict(orient="records")
    return {doc_id: {str(k): v for k, v in records[i].items()} for doc_id, i in row_of_doc.items()}


def _same(a: Any, b: Any) -> bool:
    try:
        if pd.isna(a) and pd.isna(b):
            return True
    except (TypeError, ValueError):
        pass
    if a == b:
        return True
    return str(a) == str(b)


def _merge(base: dict[str, Any], new: Mapping[str, Any]) -> None:
    """Add ``new`` to ``base``; a differing existing value is kept as ``{col}_file``."""
    for col, val in new.items():
        if col in base and not _same(base[col], val):
            try:
                missing = bool(pd.isna(base[col]))
            except (TypeError, ValueError):
                missing = False
            if not missing:
                base[f"{col}_file"] = base[col]
        base[col] = val


# ---------------------------------------------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------------------------------------------
def _newline_style(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    if crlf and not cr:
        return "crlf"
    if cr and not crlf:
        return "cr"
    return "mixed" if cr else "lf"


def _doc_id_from(path: Path, root: Path, id_from: str) -> str:
    if id_from == "stem":
        return path.stem
    rel = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
    return rel.with_suffix("").as_posix()


_STREAM_MIN_BYTES = 16 << 20  # plain-text files at least this large are first tried as streamed UTF-8


def _read_file(path: Path, root: Path, *, id_from: str, text_column: str | None, errors: str,
               encoding: str | None) -> list[_Doc]:
    streamed = None
    try:
        if (encoding is None and path.suffix.lower() not in TABLE_SUFFIXES
                and path.stat().st_size >= _STREAM_MIN_BYTES):
            streamed = decode_utf8_file(path)  # (a large file never held twice: bytes and text)
        data = b"" if streamed is not None else path.read_bytes()
    except OSError as exc:
        raise CorpusReadError(f"{path}: cannot read file: {exc.strerror or exc}") from exc
    sha = streamed[1] if streamed is not None else hashlib.sha256(data).hexdigest()
    n_bytes = streamed[2] if streamed is not None else len(data)
    path, root = _readable_name(path, root)
    base_prov = {"path": str(path), "format": path.suffix.lower().lstrip(".") or "txt", "bytes": n_bytes,
                 "sha256": sha, "errors": errors}
    stem_id = _doc_id_from(path, root, id_from)
    if path.suffix.lower() not in TABLE_SUFFIXES:
        res = streamed[0] if streamed is not None else decode_bytes(data, str(path), errors=errors,
                                                                     encoding=encoding)
        del data
        if not res.text.strip():
            raise CorpusReadError(f"{path}: the file holds only whitespace ({len(res.text)} characters): no document "
                                  "to read; leave it out (e.g. glob=...) or give it text")
        prov = {**base_prov, "format": "txt", "row": None, "encoding": res.encoding,
                "newlines": _newline_style(res.text), "replaced": res.replaced}
        return [_Doc(stem_id, normalize_newlines(res.text), path, root, {}, prov)]

    frame, enc, replaced = read_table(path, data, errors=errors, encoding=encoding)
    if len(frame) == 0:
        raise CorpusReadError(f"{path}: table has no rows")
    tcol = find_text_column(frame, path, text_column)
    has_id = "doc_id" in frame.columns
    width = len(str(len(frame)))
    docs = []
    for i, rec in enumerate(frame.to_dict(orient="records")):
        text = rec.pop(tcol)
        row = i + 1
        if not isinstance(text, str) or not text.strip():
            raise CorpusReadError(f"{path}: row {row} has no text in column {tcol!r} (got {text!r})")
        if has_id:
            did = str(rec.pop("doc_id"))
        elif len(frame) == 1:
            did = stem_id
        else:
            did = f"{stem_id}.{row:0{width}d}"
        prov = {**base_prov, "row": row, "encoding": enc, "newlines": _newline_style(text),
                "replaced": replaced if i == 0 else 0}
        docs.append(_Doc(did, normalize_newlines(text), path, root, {str(k): v for k, v in rec.items()}, prov,
                         file_id=stem_id if did != stem_id else None))
    return docs


def _apply_docvars(docs: list[_Doc], pattern: str | None, docvars: Any, by: str | None, extra: str) -> None:
    """Merge docvars parsed from file names (``pattern``) and from an external table into each document."""
    if pattern is not None:
        def name_of(d: _Doc) -> str:
            if "/" in pattern:
                return (d.path.relative_to(d.root) if d.path.is_relative_to(d.root) else Path(d.path.name)).as_posix()
            return d.path.name
        parsed = parse_pattern(sorted({name_of(d) for d in docs}), pattern)
        for d in docs:
            _merge(d.docvars, {str(k): _py(v) for k, v in parsed.loc[name_of(d)].items()})
    if docvars is not None:
        if isinstance(docvars, pd.DataFrame):
            frame, source_name = docvars, "docvars DataFrame"
        else:
            source_name = str(Path(os.fspath(docvars)))
            frame = read_docvars(docvars)
        joined = _join_docvars(docs, frame, by, extra, source_name)
        for d in docs:
            _merge(d.docvars, {k: _py(v) for k, v in joined[d.doc_id].items()})


def read_corpus(
    source: PathLike | Sequence[PathLike],
    docvars: pd.DataFrame | PathLike | None = None,
    *,
    pattern: str | None = None,
    glob: str | None = None,
    text_column: str | None = None,
    by: str | None = None,
    extra_docvars: str = "error",
    id_from: str = "stem",
    clean: bool = True,
    clean_rules: Any = None,
    repeated_min_docs: int = 5,
    to_simplified: bool = False,
    errors: str = "strict",
    encoding: str | None = None,
    order: str | None = None,
    dedupe: str | None = None,
    dedupe_threshold: float = 0.8,
    on_error: str = "raise",
) -> Corpus:
    """Read documents from files, folders, globs or tables into a :class:`Corpus`.

    Every file is decoded with the encoding ladder (BOMs, strict UTF-8, GB18030 vs Big5 by plausibility, then a
    strict statistical guess); CRLF/CR become LF. Nothing is silently lost: empty, binary or undecodable files,
    truncated multibyte sequences, duplicate doc_ids, missing paths and docvars that do not match the documents
    all raise :class:`~policytext.errors.CorpusReadError` (or a subclass) naming the file and the problem.

    Parameters
    ----------
    source : path, glob or list of them
        Files (tables give one document per row), folders (searched recursively for ``*.txt`` and tables,
        see module docs) or glob patterns (``**`` recursive).
    docvars : DataFrame or path, optional
        Document variables joined to the documents: on a ``doc_id`` column (or a doc_id index), else on a file
        column (``path``/``file``/``filename``/``file_name``, matched against the trailing part of each file's
        path, e.g. ``national_gwr/gwr_2020.txt`` or ``gwr_2020.txt``). Choose the key with ``by=``. Every
        document needs a row; rows without a document are an error unless ``extra_docvars="drop"``.
        Where a joined value differs from one found in the file (table column or pattern), the joined value
        wins and the file's value is kept as ``{column}_file``.
    pattern : str, optional
        Parse docvars from file names, e.g. ``"gwr_{year}.txt"`` (see :func:`parse_pattern`); matched against
        the relative path when it contains ``/``.
    glob : str, optional
        For folder inputs: which files to read (``"**/*.txt"``), instead of the default selection.
    text_column : str, optional
        Text column of tables; default: the first of ``text``, ``full_text``, ``content``, ``body``, ...
    by : str, optional
        Join key column of ``docvars``.
    extra_docvars : "error" or "drop"
        What to do with docvars rows that match no document.
    id_from : "stem" or "relpath"
        doc_id from the file stem (default) or the path relative to the folder/glob root, without suffix.
    clean : bool
        Run :func:`policytext.corpus.cleaning.clean_corpus` (page chrome, ads, repeated boilerplate). Its
        removals are recorded in provenance (``n_removed``, ``removed`` with offsets into the decoded text,
        ``body_start``); the detected title and salutation become docvars ``title_detected`` and
        ``salutation``.
    clean_rules, repeated_min_docs
        Passed to ``clean_corpus``.
    to_simplified : bool
        Convert traditional to simplified characters (OpenCC ``t2s``) after decoding and before cleaning.
    errors : "strict" or "replace"
        ``"replace"`` permits a lossy read of undecodable bytes (U+FFFD); provenance ``replaced`` counts them.
    encoding : str, optional
        Force an encoding instead of detecting it.
    order : "sorted" or "given", optional
        Documents sorted by doc_id (default) or in the order given (list order, then sorted paths, then rows).
    dedupe : None, "flag" or "keep_first"
        Near-duplicates (:func:`policytext.corpus.duplicates.near_duplicates`, Jaccard of character shingles
        >= ``dedupe_threshold``; wire copies of a speech): ``"flag"`` adds docvars ``duplicate_of`` and
        ``duplicate_similarity``; ``"keep_first"`` also drops each later copy, with a warning naming every
        dropped document and what it copies (nothing is dropped silently). Default: no check.

    Returns
    -------
    Corpus
        ``.provenance`` columns: path, format, row, bytes, sha256 (of the raw file), encoding, newlines,
        errors, replaced, to_simplified, n_chars_raw (decoded), n_chars (final), n_removed, removed,
        body_start, cleaned.

    Examples
    --------
    >>> import tempfile, pathlib, policytext as pt
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "gwr_2019.txt").write_bytes("各位代表：\\r\\n坚持稳中求进。".encode("gb18030"))
    >>> _ = (d / "gwr_2020.txt").write_text("各位代表：\\n全面深化改革。", encoding="utf-8")
    >>> c = pt.read_corpus(d, pattern="gwr_{year}.txt", clean=False)
    >>> c.doc_ids, c.docvars["year"].tolist(), c.provenance["encoding"].tolist()
    (['gwr_2019', 'gwr_2020'], [2019, 2020], ['gb18030', 'utf-8'])
    >>> c["gwr_2019"]
    '各位代表：\\n坚持稳中求进。'
    """
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', got {errors!r}")
    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', got {on_error!r}")
    if extra_docvars not in ("error", "drop"):
        raise ValueError(f"extra_docvars must be 'error' or 'drop', got {extra_docvars!r}")
    if id_from not in ("stem", "relpath"):
        raise ValueError(f"id_from must be 'stem' or 'relpath', got {id_from!r}")
    order = order or "sorted"
    if order not in ("sorted", "given"):
        raise ValueError(f"order must be 'sorted' or 'given', got {order!r}")

    exclude: set[Path] = set()
    if docvars is not None and not isinstance(docvars, pd.DataFrame):
        exclude.add(Path(os.fspath(docvars)).expanduser().resolve())
    files, skipped = list_document_files(source, glob, exclude)

    docs: list[_Doc] = []
    for path, root in files:
        try:
            docs.extend(_read_file(path, root, id_from=id_from, text_column=text_column, errors=errors,
                                   encoding=encoding))
        except CorpusReadError as exc:
            if on_error == "raise":
                raise
            skipped.append((str(path), f"not read: {exc}"))
    warn_skipped(skipped)
    if not docs:
        raise CorpusReadError("read_corpus: no document could be read; every file was skipped: "
                              + "; ".join(f"{p}: {r}" for p, r in skipped[:5]))

    # duplicate doc_ids
    where: dict[str, list[str]] = {}
    for d in docs:
        where.setdefault(d.doc_id, []).append(d.path.as_posix() + (f" row {d.prov['row']}" if d.prov["row"] else ""))
    dups = {k: v for k, v in where.items() if len(v) > 1}
    if dups:
        shown = "; ".join(f"{k!r} from {v}" for k, v in sorted(dups.items()))
        raise CorpusReadError(f"duplicate doc_ids: {shown}; use id_from='relpath' or rename the files")

    _apply_docvars(docs, pattern, docvars, by, extra_docvars)

    # transformations
    for d in docs:
        d.prov["n_chars_raw"] = len(d.text)
        d.prov["to_simplified"] = bool(to_simplified)
        if to_simplified:
            d.text = _to_simplified(d.text)

    texts = {d.doc_id: d.text for d in docs}
    if clean:
        try:
            from .cleaning import clean_corpus
        except ImportError as exc:  # pragma: no cover - only before cleaning.py exists
            raise NotImplementedError("cleaning is not available yet; pass clean=False") from exc
        results = clean_corpus(texts, rules=clean_rules, repeated_min_docs=repeated_min_docs)
        for d in docs:
            r = results[d.doc_id]
            texts[d.doc_id] = r.text
            d.prov["n_removed"] = _covered(r.removed)
            d.prov["removed"] = list(r.removed)
            d.prov["body_start"] = int(r.body_start)
            d.prov["cleaned"] = True
            d.docvars["title_detected"] = r.title
            d.docvars["salutation"] = r.salutation
    else:
        for d in docs:
            d.prov.update({"n_removed": 0, "removed": [], "body_start": 0, "cleaned": False})
    for d in docs:
        d.prov["n_chars"] = len(texts[d.doc_id])

    ids = [d.doc_id for d in docs]
    index = pd.Index(ids, name="doc_id", dtype=object)
    dv = pd.DataFrame([d.docvars for d in docs], index=index)
    prov_cols = ["path", "format", "row", "bytes", "sha256", "encoding", "newlines", "errors", "replaced",
                 "to_simplified", "n_chars_raw", "n_chars", "n_removed", "removed", "body_start", "cleaned"]
    prov = pd.DataFrame([{c: d.prov.get(c) for c in prov_cols} for d in docs], index=index, columns=prov_cols)
    prov["row"] = prov["row"].astype("Int64")
    corpus = Corpus(texts, docvars=dv, provenance=prov, order=order,
                    skipped=pd.DataFrame(skipped, columns=["path", "reason"]))
    if dedupe is None:
        return corpus
    if dedupe not in ("flag", "keep_first"):
        raise ValueError(f"dedupe must be None, 'flag' or 'keep_first', got {dedupe!r}")
    from .duplicates import near_duplicates

    pairs = near_duplicates(corpus, threshold=dedupe_threshold).drop_duplicates("doc_id")
    of = dict(zip(pairs["doc_id"], pairs["duplicate_of"], strict=True))
    sim = dict(zip(pairs["doc_id"], pairs["similarity"], strict=True))
    dv = corpus.docvars.copy()
    dv["duplicate_of"] = [of.get(d) for d in corpus.doc_ids]
    dv["duplicate_similarity"] = pd.array([sim.get(d) for d in corpus.doc_ids], dtype="Float64")
    corpus = Corpus(dict(corpus), docvars=dv, provenance=corpus.provenance, order="given", skipped=corpus.skipped)
    if dedupe == "keep_first" and of:
        warnings.warn("read_corpus(dedupe='keep_first') dropped near-duplicates: "
                      + "; ".join(f"{d} (copy of {o}, similarity {sim[d]:.3f})" for d, o in of.items()),
                      UserWarning, stacklevel=2)
        corpus = corpus[[d for d in corpus.doc_ids if d not in of]]
    return corpus


def _covered(removed: Sequence[Mapping[str, Any]]) -> int:
    """Characters covered by the union of removed spans (overlapping spans counted once)."""
    total = 0
    reach = -1
    for s, e in sorted((int(x["start"]), int(x["end"])) for x in removed):
        if e > reach:
            total += e - max(s, reach)
            reach = e
    return total


def _py(v: Any) -> Any:
    """numpy scalars → Python scalars (keeps docvars tidy and comparisons simple)."""
    item = getattr(v, "item", None)
    if callable(item) and not isinstance(v, (str, bytes)):
        try:
            return item()
        except (ValueError, TypeError):
            return v
    return v
