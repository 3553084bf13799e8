"""Decoding raw bytes into text with an encoding ladder that fails loudly.

The ladder, in order:

1. empty file → :class:`~policytext.errors.CorpusReadError`;
2. byte-order marks: UTF-8 BOM → ``utf-8-sig``; UTF-32 LE/BE BOM → ``utf-32``; UTF-16 LE/BE BOM → ``utf-16``;
3. binary content (image/archive/PDF magic numbers, or NUL bytes without a UTF-16/32 BOM) → ``CorpusReadError``;
4. strict UTF-8;
5. strict GB18030 and strict Big5; when both decode, the more *plausible* text wins: the share of Chinese
   characters (and CJK punctuation) that are among the common characters listed in
   ``policytext/data/common_hanzi.tsv`` (simplified and traditional forms); ties go to GB18030;
6. only then a statistical guess (charset-normalizer), accepted only if it decodes strictly and no Chinese
   candidate decoded a plausible prefix of the file (a damaged GB/UTF-8 file must not be read as cp1252).

Nothing decodes → :class:`~policytext.errors.EncodingDetectionError` naming the file and the byte offset of the
first byte the most plausible candidate could not decode (a multibyte sequence cut off at the end of the file
is reported as truncated). Replacement characters are never produced silently: ``errors="replace"`` allows a
lossy read and counts the replaced bytes.

Encoding names are canonical Python codec names: ``utf-8``, ``utf-8-sig``, ``utf-16``, ``utf-32``, ``gb18030``,
``big5`` (and whatever codec a statistical guess returns, e.g. ``euc_kr``).
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import CorpusReadError, EncodingDetectionError

__all__ = ["DecodeResult", "decode_bytes", "decode_utf8_file", "normalize_newlines", "plausibility", "to_simplified"]

#: Candidates tried strictly after UTF-8, in tie-break order.
CHINESE_CANDIDATES: tuple[str, ...] = ("gb18030", "big5")

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (also .docx/.xlsx/.pptx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 file (legacy .doc/.xls)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"BM", "BMP image"),
    (b"PAR1", "Parquet file"),
)
_CJK_PUNCT = frozenset("，。、；：？！“”‘’《》（）〈〉【】「」『』—…·．％　")
# Plausibility of the best candidate below which a statistical guess may be consulted.
_LOW_PLAUSIBILITY = 0.5
_SCORE_SAMPLE = 10_000  # characters scored per candidate (real text >= 0.8, garbage <= 0.1)
_INFO_SAMPLE = 2_000  # characters scored when the encoding is already decided (informational only)
_ASCII_OR_SPACE = re.compile(r"[\x00-\x7f\s]+")
# Characters of rank <= _TOP_N count as common. On the shared corpus (117 real documents, simplified and their
# OpenCC s2t traditional versions) at least 80% of non-ASCII characters are among the top 1000, while GB18030
# read as Big5, Big5 read as GB18030 and EUC-KR read as GB18030 all stay below 10% (the top 3500 would cover
# almost all of GB2312 level 1 and could not tell Korean-as-GB18030 from Chinese).
_TOP_N = 1000
# Codecs a statistical guess may not choose: EBCDIC decodes any byte string into plausible-looking letters.
_NEVER_GUESS = frozenset({"cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140"})


@dataclass(frozen=True)
class DecodeResult:
    """Outcome of :func:`decode_bytes`.

    Attributes
    ----------
    text : str
        Decoded text (BOM removed; newlines as found — see :func:`normalize_newlines`).
    encoding : str
        Canonical codec name (``utf-8``, ``utf-8-sig``, ``utf-16``, ``gb18030``, ``big5``, ...).
    replaced : int
        Number of bytes replaced by U+FFFD (always 0 unless ``errors="replace"``).
    plausibility : float
        Share of Chinese characters that are common characters, on a leading sample (1.0 when there is
        no non-ASCII text).
    method : str
        Ladder step that decided: ``bom``, ``utf-8``, ``chinese``, ``guess``, ``given`` or ``replace``.
    """

    text: str
    encoding: str
    replaced: int = 0
    plausibility: float = 1.0
    method: str = "utf-8"


@lru_cache(maxsize=4)
def _common_chars(top: int = _TOP_N) -> frozenset[str]:
    """The ``top`` most frequent characters (simplified and their traditional forms) plus CJK punctuation."""
    path = resources.files("policytext") / "data" / "common_hanzi.tsv"
    chars: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("char\t"):
                continue
            ch, _form, rank, *_ = line.rstrip("\n").split("\t")
            if ch and int(rank) <= top:
                chars.add(ch)
    return frozenset(chars) | _CJK_PUNCT


def plausibility(text: str, sample: int = _SCORE_SAMPLE) -> tuple[float, int]:
    """Share of non-ASCII, non-space characters that are common Chinese characters or CJK punctuation.

    Common = the 1000 most frequent characters of ``policytext/data/common_hanzi.tsv`` (simplified, with their
    traditional forms).

    Parameters
    ----------
    text : str
        Decoded text to judge.
    sample : int
        Only the first ``sample`` characters are scored.

    Returns
    -------
    (share, n_common) : tuple of float and int
        ``share`` is 1.0 when the text has no non-ASCII characters.

    Examples
    --------
    >>> from policytext.corpus.encoding import plausibility
    >>> plausibility("坚持稳中求进工作总基调。")[0]
    1.0
    >>> plausibility("瑞瑈瑍")[0] < 0.5   # Big5 bytes of 中文字 read as GB18030
    True
    """
    common = _common_chars()
    chunk = _ASCII_OR_SPACE.sub("", text[:sample])
    n_total = len(chunk)
    n_common = sum(map(common.__contains__, chunk))
    return (n_common / n_total if n_total else 1.0), n_common


def normalize_newlines(text: str) -> str:
    r"""Turn CRLF and lone CR into LF.

    Examples
    --------
    >>> from policytext.corpus.encoding import normalize_newlines
    >>> normalize_newlines("同志们：\r\n发展。\r改革。")
    '同志们：\n发展。\n改革。'
    """
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional to simplified characters with OpenCC ``t2s``.

    Examples
    --------
    >>> from policytext.corpus.encoding import to_simplified
    >>> to_simplified("堅持發展")
    '坚持发展'
    """
    return str(_t2s().convert(text))


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            if magic == b"BM" and not _looks_like_bmp(data):
                continue
            return kind
    if data[:12].startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return f"RIFF {data[8:12].decode('ascii').strip()} file"
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"NUL byte at offset {nul} and no UTF-16/UTF-32 byte-order mark"
    return None


def _looks_like_bmp(data: bytes) -> bool:
    # "BM" is also the start of ordinary ASCII text; check the declared file size.
    return len(data) >= 6 and int.from_bytes(data[2:6], "little") == len(data)


_STREAM_CHUNK = 1 << 20


def decode_utf8_file(path: str | Path) -> tuple[DecodeResult, str, int] | None:
    """Read a large file in 1 MB chunks as strict UTF-8 (no byte-order mark, no NUL byte), hashing as it reads.

    Returns ``(result, sha256, n_bytes)``, or None when the file is not plain UTF-8 (a byte-order mark, a NUL
    byte, binary content or an invalid sequence): the caller then reads it whole and runs the full detection
    ladder of :func:`decode_bytes`. Decoding chunk by chunk keeps the peak memory near the size of the text
    (``bytes.decode`` of a whole file of Chinese text briefly needs about three times the file).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "讲话.txt"
    >>> _ = p.write_text("同志们：坚持稳中求进。", encoding="utf-8")
    >>> r, sha, n = decode_utf8_file(p)
    >>> r.text, r.encoding, n
    ('同志们：坚持稳中求进。', 'utf-8', 33)
    """
    h = hashlib.sha256()
    dec = codecs.getincrementaldecoder("utf-8")("strict")
    pieces: list[str] = []
    n = 0
    with open(path, "rb") as fh:
        first = True
        while True:
            chunk = fh.read(_STREAM_CHUNK)
            if first and (chunk.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
                          or _binary_kind(chunk) is not None):
                return None
            first = False
            if not chunk:
                break
            if b"\x00" in chunk:
                return None
            h.update(chunk)
            n += len(chunk)
            try:
                pieces.append(dec.decode(chunk))
            except UnicodeDecodeError:
                return None
    try:
        pieces.append(dec.decode(b"", final=True))
    except UnicodeDecodeError:
        return None
    text = "".join(pieces)
    del pieces
    return DecodeResult(text, "utf-8", 0, plausibility(text, _INFO_SAMPLE)[0], "utf-8"), h.hexdigest(), n


def _try(data: bytes, encoding: str) -> tuple[str | None, UnicodeDecodeError | None]:
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as exc:
        return None, exc


def _decode_replace(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode with U+FFFD for undecodable bytes, counting the replaced bytes."""
    parts: list[str] = []
    replaced = 0
    pos = 0
    while pos < len(data):
        try:
            parts.append(data[pos:].decode(encoding))
            break
        except UnicodeDecodeError as exc:
            parts.append(data[pos : pos + exc.start].decode(encoding))
            parts.append("\ufffd")
            replaced += exc.end - exc.start
            pos += exc.end
    return "".join(parts), replaced


def _is_truncation(exc: UnicodeDecodeError, n: int) -> bool:
    return exc.end >= n and exc.start >= n - 4 and (
        "end of data" in exc.reason or "incomplete" in exc.reason or "truncated" in exc.reason
    )


def _canonical(name: str) -> str:
    return codecs.lookup(name).name


def decode_bytes(data: bytes, path: str = "<bytes>", *, errors: str = "strict",
                 encoding: str | None = None) -> DecodeResult:
    """Decode raw document bytes with the encoding ladder (see module docstring).

    Parameters
    ----------
    data : bytes
        Raw file content.
    path : str
        File name used in error messages.
    errors : "strict" or "replace"
        ``"replace"`` allows a lossy read when nothing decodes strictly: the most plausible candidate is used
        and undecodable bytes become U+FFFD, counted in :attr:`DecodeResult.replaced`.
    encoding : str, optional
        Skip detection and decode with this codec (still strict unless ``errors="replace"``).

    Returns
    -------
    DecodeResult

    Raises
    ------
    CorpusReadError
        Empty or binary input.
    EncodingDetectionError
        Nothing decodes strictly (and ``errors="strict"``); names the byte offset.

    Examples
    --------
    >>> from policytext.corpus.encoding import decode_bytes
    >>> r = decode_bytes("坚持稳中求进工作总基调。".encode("gb18030"))
    >>> r.text, r.encoding
    ('坚持稳中求进工作总基调。', 'gb18030')
    >>> decode_bytes("堅持穩中求進".encode("big5")).encoding
    'big5'
    """
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', got {errors!r}")
    if len(data) == 0:
        raise CorpusReadError(f"{path}: empty file (0 bytes)")

    if encoding is not None:
        enc = _canonical(encoding)
        text, exc = _try(data, enc)
        if text is not None:
            return DecodeResult(text, enc, 0, plausibility(text, _INFO_SAMPLE)[0], "given")
        assert exc is not None
        if errors == "replace":
            text, n = _decode_replace(data, enc)
            return DecodeResult(text, enc, n, plausibility(text)[0], "replace")
        raise EncodingDetectionError(path, exc.start, f"{enc} (given) fails: {exc.reason}")

    # 2. byte-order marks
    bom: str | None = None
    if data.startswith(codecs.BOM_UTF8):
        bom = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        bom = "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        bom = "utf-16"
    if bom is not None:
        text, exc = _try(data, bom)
        if text is not None:
            return DecodeResult(text, bom, 0, plausibility(text, _INFO_SAMPLE)[0], "bom")
        assert exc is not None
        if errors == "replace":
            text, n = _decode_replace(data, bom)
            return DecodeResult(text, bom, n, plausibility(text)[0], "replace")
        what = "ends inside a character (truncated file?)" if _is_truncation(exc, len(data)) else exc.reason
        raise EncodingDetectionError(path, exc.start, f"it has a {bom} byte-order mark but {what}")

    # 3. binary content
    kind = _binary_kind(data)
    if kind is not None:
        raise CorpusReadError(f"{path}: binary file, not text ({kind})")

    # 4. strict UTF-8
    text, utf8_exc = _try(data, "utf-8")
    if text is not None:
        return DecodeResult(text, "utf-8", 0, plausibility(text, _INFO_SAMPLE)[0], "utf-8")

    # 5. GB18030 vs Big5 by plausibility
    decoded: list[tuple[float, int, str, str]] = []
    failures: dict[str, UnicodeDecodeError] = {"utf-8": utf8_exc} if utf8_exc else {}
    for i, enc in enumerate(CHINESE_CANDIDATES):
        text, exc = _try(data, enc)
        if text is not None:
            share, _ = plausibility(text)
            decoded.append((share, -i, enc, text))
        elif exc is not None:
            failures[enc] = exc
    best: tuple[float, int, str, str] | None = max(decoded) if decoded else None
    if best is not None and best[0] >= _LOW_PLAUSIBILITY:
        return DecodeResult(best[3], best[2], 0, best[0], "chinese")

    # the most plausible failing candidate: most common characters in its decodable prefix
    prefix_best: tuple[int, str, UnicodeDecodeError] | None = None
    for enc, exc in failures.items():
        prefix = data[: exc.start].decode(enc, errors="ignore")
        share, n_common = plausibility(prefix, sample=len(prefix))
        if share >= _LOW_PLAUSIBILITY and (prefix_best is None or n_common > prefix_best[0]):
            prefix_best = (n_common, enc, exc)

    # 6. statistical guess, only when no Chinese candidate looked right
    if prefix_best is None or prefix_best[0] == 0:
        guess = _statistical_guess(data)
        if guess is not None:
            text, exc = _try(data, guess)
            if text is not None and _clean_guess(text) and (best is None or guess not in CHINESE_CANDIDATES):
                return DecodeResult(text, guess, 0, plausibility(text)[0], "guess")
    if best is not None and (prefix_best is None or prefix_best[0] == 0):
        # a strict but implausible Chinese decoding, and no candidate that reads plausibly before failing
        return DecodeResult(best[3], best[2], 0, best[0], "chinese")

    if prefix_best is not None:
        _, enc, exc = prefix_best
    else:
        enc, exc = max(failures.items(), key=lambda kv: kv[1].start)
    if errors == "replace":
        text, n = _decode_replace(data, enc)
        return DecodeResult(text, enc, n, plausibility(text)[0], "replace")
    if _is_truncation(exc, len(data)):
        detail = (f"truncated multibyte sequence at end of file: the text reads as {enc} up to byte offset "
                  f"{exc.start} of {len(data)}, then the file ends inside a character")
    else:
        tried = ", ".join(f"{e} fails at byte {x.start}" for e, x in failures.items())
        detail = f"most plausible: {enc} ({exc.reason}); {tried}"
    raise EncodingDetectionError(path, exc.start, detail)


def _statistical_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency
        return None
    match = from_bytes(data[:200_000]).best()
    if match is None or match.encoding is None:
        return None
    if match.percent_chaos > 20.0:
        return None
    try:
        name = _canonical(match.encoding)
    except LookupError:
        return None
    return None if name in _NEVER_GUESS else name


def _clean_guess(text: str) -> bool:
    """A guessed decoding must not contain control, private-use or unassigned characters."""
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Co", "Cn", "Cs") or (cat == "Cc" and ch not in "\t\n\r\f\v"):
            return False
    return True

