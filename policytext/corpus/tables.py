"""Reading tables (CSV/TSV, Excel, Parquet, JSON Lines) of documents or of document variables.

Text-based tables (CSV, TSV, JSON Lines) are decoded with the same encoding ladder as plain-text documents, so a
GB18030 CSV or a UTF-8 CSV with a BOM reads correctly and an undecodable one fails loudly.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from ..errors import CorpusReadError
from .encoding import decode_bytes

__all__ = ["TABLE_SUFFIXES", "TEXT_COLUMN_CANDIDATES", "find_text_column", "read_table"]

#: File suffixes read as tables (one document per row).
TABLE_SUFFIXES: frozenset[str] = frozenset({".csv", ".tsv", ".xlsx", ".xlsm", ".parquet", ".jsonl", ".ndjson"})
#: Column names tried, in order, when ``text_column`` is not given (compared case-insensitively).
TEXT_COLUMN_CANDIDATES: tuple[str, ...] = ("text", "full_text", "content", "body", "正文", "全文", "内容")


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
                frame = pd.read_json(buf, lines=True, dtype=False)
            else:
                frame = pd.read_csv(buf, sep="\t" if suffix == ".tsv" else ",")
        elif suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(io.BytesIO(data))
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


def find_text_column(frame: pd.DataFrame, path: str | Path, text_column: str | None = None) -> str:
    """The column holding document text: ``text_column`` if given, else the first candidate present.

    Examples
    --------
    >>> import pandas as pd
    >>> from policytext.corpus.tables import find_text_column
    >>> find_text_column(pd.DataFrame({"year": [2026], "full_text": ["各位代表："]}), "r.csv")
    'full_text'
    """
    cols = list(frame.columns)
    if text_column is not None:
        if text_column not in cols:
            raise CorpusReadError(f"{path}: no column {text_column!r} (columns: {cols})")
        return text_column
    lower = {c.lower(): c for c in cols}
    for cand in TEXT_COLUMN_CANDIDATES:
        if cand in lower:
            return lower[cand]
    raise CorpusReadError(
        f"{path}: no text column found (looked for {list(TEXT_COLUMN_CANDIDATES)}; columns: {cols}); "
        "pass text_column=..., or leave this file out (e.g. glob='**/*.txt') if it is a metadata table"
    )
