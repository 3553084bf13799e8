"""Reading tables (CSV/TSV, Excel, Parquet, JSON Lines) of documents or of document variables.

Text-based tables (CSV, TSV, JSON Lines) are decoded with the same encoding ladder as plain-text documents, so a
GB18030 CSV or a UTF-8 CSV with a BOM reads correctly and an undecodable one fails loudly.
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ..errors import CorpusReadError
from .encoding import decode_bytes

__all__ = ["TABLE_SUFFIXES", "TEXT_COLUMN_CANDIDATES", "find_text_column", "read_table"]

#: File suffixes read as tables (one document per row).
TABLE_SUFFIXES: frozenset[str] = frozenset({".csv", ".tsv", ".xlsx", ".xlsm", ".parquet", ".jsonl", ".ndjson"})
#: Column names tried, in order, when ``text_column`` is not given (compared case-insensitively).
TEXT_COLUMN_CANDIDATES: tuple[str, ...] = ("text", "full_text", "content", "body", "正文", "全文", "内容")
#: A text column found by length (no candidate name) must average at least this many characters.
_MIN_FOUND_MEAN = 500


def read_table(
    path: str | Path,
    data: bytes | None = None,
    *,
    errors: str = "strict",
    encoding: str | None = None,
) -> tuple[pd.DataFrame, str | None, int]:
    """Read a table file into a DataFrame.

    Parameters
    ----------
    path : str or Path
        The file; its suffix selects the format.
    data : bytes, optional
        The file's bytes if already read.
    errors, encoding
        Passed to :func:`~policytext.corpus.encoding.decode_bytes` for text-based formats.

    Returns
    -------
    (frame, encoding, replaced) : DataFrame, str or None, int
        ``encoding`` is None for binary formats (Excel, Parquet); ``replaced`` counts bytes replaced under
        ``errors="replace"``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from policytext.corpus.tables import read_table
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = p.write_bytes("province,full_text\\n北京市,各位代表：\\n".encode("utf-8-sig"))
    >>> frame, enc, _ = read_table(p)
    >>> frame["province"].tolist(), enc
    (['北京市'], 'utf-8-sig')
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if data is None:
        data = path.read_bytes()
    if len(data) == 0:
        raise CorpusReadError(f"{path}: empty file (0 bytes)")
    enc: str | None = None
    replaced = 0
    try:
        if suffix in (".csv", ".tsv", ".jsonl", ".ndjson"):
            decoded = decode_bytes(data, str(path), errors=errors, encoding=encoding)
            enc, replaced = decoded.encoding, decoded.replaced
            buf = io.StringIO(decoded.text)
            if suffix == ".jsonl" or suffix == ".ndjson":
                _check_json_lines(decoded.text, path)
                frame = pd.read_json(buf, lines=True, dtype=False)
            else:
                # every cell as written: 001, 010 and 1e3 are ids, not numbers; a TSV cell may start with "
                sep = "\t" if suffix == ".tsv" else ","
                frame = pd.read_csv(buf, sep=sep, dtype=str, keep_default_na=False,
                                    quoting=_quoting(decoded.text, sep, path))
                frame = _typed(frame)
        elif suffix in (".xlsx", ".xlsm"):
            frame = _read_workbook(path, data)
        elif suffix == ".parquet":
            frame = pd.read_parquet(io.BytesIO(data))
        else:
            raise CorpusReadError(f"{path}: not a table format ({suffix or 'no suffix'}); "
                                  f"supported: {sorted(TABLE_SUFFIXES)}")
    except CorpusReadError:
        raise
    except Exception as exc:  # pandas/pyarrow/openpyxl parse errors
        raise CorpusReadError(f"{path}: cannot parse as {suffix.lstrip('.')} table: {exc}") from exc
    frame.columns = [str(c) for c in frame.columns]
    return frame, enc, replaced


_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_DEC = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+")


def _check_json_lines(text: str, path: Path) -> None:
    """Every non-blank line must be one JSON object: else an error naming the line (pandas names none)."""
    for no, line in enumerate(text.split("\n"), start=1):  # JSON strings may hold U+2028: split on LF only
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusReadError(f"{path}: line {no} is not valid JSON ({exc.msg} at column {exc.colno}): "
                                  f"{line[:60]!r}") from None
        if not isinstance(obj, dict):
            raise CorpusReadError(f"{path}: line {no} is a JSON {type(obj).__name__}, not an object "
                                  f"({{\"text\": ...}} per line): {line[:60]!r}")


def _quoting(text: str, sep: str, path: Path) -> Literal[0, 3]:
    """How to read quotes: as CSV quoting where the file is well-formed CSV; a TSV whose quotes are not CSV
    quoting ("两个确立"具有…) keeps them as text; a malformed CSV is an error naming the line (pandas would drop
    the quotes silently)."""
    reader = csv.reader(io.StringIO(text), delimiter=sep, strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error as exc:
        if sep == "\t":
            return 3  # csv.QUOTE_NONE
        raise CorpusReadError(
            f"{path}: line {reader.line_num}: malformed CSV quoting ({exc}); a field that starts with a quote must "
            'end with one, and a quote inside a quoted field is written ""') from exc
    return 0  # csv.QUOTE_MINIMAL


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Columns read as text, typed only where nothing changes: a column of canonical integers (2020, -3, not
    001) becomes Int64, of canonical decimals (0.5) float; anything else stays as written (ids such as 001, 1e3).
    Empty cells are missing values."""
    out: dict[str, Any] = {}
    for col in frame.columns:
        values = frame[col]
        present = values[values != ""]
        if len(present) and present.map(lambda v: bool(_INT.fullmatch(v))).all():
            out[col] = pd.array([int(v) if v != "" else None for v in values], dtype="Int64")
        elif len(present) and present.map(lambda v: bool(_DEC.fullmatch(v) or _INT.fullmatch(v))).all():
            out[col] = pd.array([float(v) if v != "" else None for v in values], dtype="Float64")
        else:
            out[col] = values.where(values != "", None)
    return pd.DataFrame(out, index=frame.index)


def _read_workbook(path: Path, data: bytes) -> pd.DataFrame:
    """Every sheet of a workbook; with several non-empty sheets, their rows in sheet order with a ``sheet`` column.

    An empty sheet is reported with a warning naming it (nothing is skipped silently).
    """
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None)
    kept = {name: df for name, df in sheets.items() if len(df.dropna(how="all"))}
    empty = [name for name in sheets if name not in kept]
    if empty:
        warnings.warn(f"{path}: sheet(s) {empty} hold no rows and were not read", UserWarning, stacklevel=3)
    if not kept:
        return pd.DataFrame()
    if len(kept) == 1:
        return next(iter(kept.values()))
    if "sheet" in set().union(*(map(str, df.columns) for df in kept.values())):
        raise CorpusReadError(f"{path}: several sheets ({list(kept)}) and a column named 'sheet'; "
                              "rename that column so the sheet of each row can be recorded")
    return pd.concat([df.assign(sheet=str(name)) for name, df in kept.items()], ignore_index=True)


def find_text_column(frame: pd.DataFrame, path: str | Path, text_column: str | None = None) -> str:
    """The column holding document text: ``text_column`` if given, else the one candidate name present
    (:data:`TEXT_COLUMN_CANDIDATES`), else the column of strings that is clearly the longest (a mean of at
    least 500 characters and three times any other string column's: a column of documents, not of notes).
    Two candidate names, or no clearly longest column, is an error that names the columns: pass
    ``text_column=``.

    Examples
    --------
    >>> import pandas as pd
    >>> from policytext.corpus.tables import find_text_column
    >>> find_text_column(pd.DataFrame({"year": [2026], "full_text": ["各位代表："]}), "r.csv")
    'full_text'
    >>> find_text_column(pd.DataFrame({"标题": ["讲话"], "讲话稿": ["同志们：" * 200]}), "r.csv")
    '讲话稿'
    """
    cols = list(frame.columns)
    if text_column is not None:
        if text_column not in cols:
            raise CorpusReadError(f"{path}: no column {text_column!r} (columns: {cols})")
        return text_column
    lower = {c.lower(): c for c in cols}
    named = [lower[c] for c in TEXT_COLUMN_CANDIDATES if c in lower]
    if len(named) > 1:
        raise CorpusReadError(f"{path}: several columns could hold the text ({named}); pass text_column=...")
    if named:
        return named[0]
    lengths = {}
    for c in cols:
        values = frame[c].dropna()
        if len(values) and all(isinstance(v, str) for v in values):
            lengths[c] = float(values.str.len().mean())
    ranked = sorted(lengths.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= _MIN_FOUND_MEAN and (len(ranked) == 1 or ranked[0][1] >= 3 * ranked[1][1]):
        return ranked[0][0]
    raise CorpusReadError(
        f"{path}: no text column found (looked for {list(TEXT_COLUMN_CANDIDATES)} and for one clearly longest "
        f"column of strings; mean lengths: { {c: round(v) for c, v in ranked} }; columns: {cols}); "
        "pass text_column=..., or leave this file out (e.g. glob='**/*.txt') if it is a metadata table"
    )
