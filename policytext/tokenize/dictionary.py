"""User dictionaries (jieba format) and the domain dictionary shipped in ``policytext/data``."""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import DictionaryError

DOMAIN_DICT_NAME = "domain_dict.tsv"
_TAG = re.compile(r"^[A-Za-z]+$")
# BOM / zero-width / soft hyphen: never part of a word, a sign of concatenated or badly converted files
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")
_DOMAIN_COLUMNS = ["word", "freq", "pos", "source", "note"]


@dataclass(frozen=True)
class DictEntry:
    """One dictionary word; ``freq=None`` means "suggest a frequency"."""

    word: str
    freq: int | None = None
    tag: str | None = None


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        enc = "utf-16"
    elif raw.startswith(codecs.BOM_UTF8):
        enc = "utf-8-sig"
    else:
        enc = "utf-8"
    try:
        return raw.decode(enc)
    except UnicodeDecodeError as exc:
        bom = len(codecs.BOM_UTF8) if enc == "utf-8-sig" else 0
        line = raw[: exc.start + bom].count(b"\n") + 1 if enc != "utf-16" else None
        where = f"line {line}, " if line is not None else ""
        guess = f" (it looks like {_guess_encoding(raw)})" if enc == "utf-8" and _guess_encoding(raw) else ""
        raise DictionaryError(
            f"{path}: {where}not valid {enc.upper()}{guess} (first bad byte at offset {exc.start}); "
            "save the dictionary as UTF-8 (jieba format: 'word [freq] [tag]' per line)"
        ) from None


def _guess_encoding(raw: bytes) -> str:
    """A likely encoding of bytes that are not UTF-8, for the error message ("" when unsure)."""
    for enc, name in (("utf-16-le", "UTF-16 LE without BOM"), ("utf-16-be", "UTF-16 BE without BOM")):
        with contextlib.suppress(UnicodeDecodeError):
            text = raw.decode(enc)
            if "\n" in text and not any(ord(c) < 32 and c not in "\t\r\n" for c in text):
                return name
    with contextlib.suppress(UnicodeDecodeError):
        raw.decode("gb18030")
        return "GBK/GB18030"
    return ""


def read_user_dict(path: str | os.PathLike[str]) -> list[DictEntry]:
    """Read a jieba-format user dictionary: one ``word [freq] [tag]`` per line.

    UTF-8 (with or without BOM) and UTF-16 with BOM are read; CRLF line ends are accepted; blank lines and
    lines starting with ``#`` are skipped. Anything else that is not a valid entry raises
    :class:`~policytext.errors.DictionaryError` naming the file and line; nothing is skipped silently.

    Examples
    --------
    >>> import tempfile, os
    >>> from policytext.tokenize.dictionary import read_user_dict
    >>> p = os.path.join(tempfile.mkdtemp(), "d.txt")
    >>> _ = open(p, "w", encoding="utf-8").write("放管服 1000 n\\n精准脱贫\\n")
    >>> [(e.word, e.freq, e.tag) for e in read_user_dict(p)]
    [('放管服', 1000, 'n'), ('精准脱贫', None, None)]
    """
    p = Path(path)
    if not p.is_file():
        raise DictionaryError(
            f"{p}: user dictionary file not found (to pass words directly, give a list: user_dicts=[['放管服']])"
        )
    text = _decode(p, p.read_bytes())
    if "\x00" in text:
        raise DictionaryError(f"{p}: contains NUL characters; is it a binary file or UTF-16 without BOM?")
    entries: list[DictEntry] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        entries.append(parse_entry(s, where=f"{p}: line {lineno}"))
    return entries


def parse_entry(line: str, where: str) -> DictEntry:
    """Parse ``word [freq] [tag]`` (fields separated by spaces or tabs)."""
    fields = line.split()
    bad = _INVISIBLE.search(line)
    if bad is not None:
        raise DictionaryError(
            f"{where}: invisible character U+{ord(bad.group()):04X} in {line!r} "
            "(a byte-order mark or zero-width character inside the file?)"
        )
    if len(fields) > 3:
        raise DictionaryError(f"{where}: expected 'word [freq] [tag]', got {len(fields)} fields: {line!r}")
    word = fields[0]
    freq: int | None = None
    tag: str | None = None
    rest = fields[1:]
    if rest and re.fullmatch(r"[+-]?\d+", rest[0]):
        freq = int(rest.pop(0))
        if freq < 1:
            raise DictionaryError(f"{where}: frequency must be a positive integer, got {freq} in {line!r}")
    if rest:
        if not _TAG.match(rest[0]) or len(rest) > 1:
            raise DictionaryError(
                f"{where}: expected 'word [freq] [tag]' (freq an integer, tag letters), got {line!r}"
            )
        tag = rest[0]
    return DictEntry(word, freq, tag)


def entries_from_words(words: Iterable[object], where: str) -> list[DictEntry]:
    """Entries from an in-memory list: strings (``'放管服'`` or ``'放管服 1000 n'``) or (word, freq, tag)."""
    out: list[DictEntry] = []
    for i, item in enumerate(words):
        if isinstance(item, str):
            if not item.strip():
                raise DictionaryError(f"{where}: item {i} is an empty word")
            out.append(parse_entry(item.strip(), where=f"{where}: item {i}"))
        elif isinstance(item, (tuple, list)) and 1 <= len(item) <= 3:
            word = str(item[0])
            freq = None if len(item) < 2 or item[1] is None else int(item[1])
            tag = None if len(item) < 3 or item[2] is None else str(item[2])
            if not word or any(c.isspace() for c in word) or (freq is not None and freq < 1):
                raise DictionaryError(f"{where}: item {i} is not a valid (word, freq, tag): {item!r}")
            out.append(DictEntry(word, freq, tag))
        else:
            raise DictionaryError(f"{where}: item {i} must be a string or a (word, freq, tag) tuple: {item!r}")
    return out


def domain_dict_path() -> Path:
    """Path of the shipped domain dictionary (``policytext/data/domain_dict.tsv``)."""
    return Path(str(resources.files("policytext") / "data" / DOMAIN_DICT_NAME))


def read_domain_dict(path: str | os.PathLike[str] | None = None) -> list[dict[str, object]]:
    """Rows of the domain dictionary: word, freq (int or None), pos, source, note.

    Examples
    --------
    >>> from policytext.tokenize.dictionary import read_domain_dict
    >>> rows = read_domain_dict()
    >>> any(r["word"] == "供给侧结构性改革" for r in rows)
    True
    """
    p = Path(path) if path is not None else domain_dict_path()
    text = _decode(p, p.read_bytes())
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    if reader.fieldnames != _DOMAIN_COLUMNS:
        raise DictionaryError(f"{p}: header must be {_DOMAIN_COLUMNS}, got {reader.fieldnames}")
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for lineno, row in enumerate(reader, start=2):
        word = (row["word"] or "").strip()
        if not word or any(c.isspace() for c in word):
            raise DictionaryError(f"{p}: line {lineno}: empty word or word with spaces: {row['word']!r}")
        if word in seen:
            raise DictionaryError(f"{p}: line {lineno}: duplicate word {word!r}")
        seen.add(word)
        if not (row["source"] or "").strip():
            raise DictionaryError(f"{p}: line {lineno}: {word!r} has no source")
        f = (row["freq"] or "").strip()
        if f and not f.isdigit():
            raise DictionaryError(f"{p}: line {lineno}: freq must be an integer or empty, got {f!r}")
        rows.append(
            {
                "word": word,
                "freq": int(f) if f else None,
                "pos": (row["pos"] or "").strip() or None,
                "source": row["source"].strip(),
                "note": (row["note"] or "").strip(),
            }
        )
    return rows


def words_sha256(entries: Sequence[DictEntry]) -> str:
    """Content hash of an in-memory word list."""
    payload = json.dumps([[e.word, e.freq, e.tag] for e in entries], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
