"""The encoding ladder (policytext.corpus.encoding) on real text from the shared corpus."""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from policytext.corpus.encoding import (
    _common_chars,
    decode_bytes,
    normalize_newlines,
    plausibility,
    to_simplified,
)
from policytext.errors import CorpusReadError, EncodingDetectionError


@pytest.fixture(scope="module")
def paragraph(corpus_raw: Path) -> str:
    """A real paragraph of the 2024 national GWR (UTF-8 file), read without policytext."""
    text = (corpus_raw / "national_gwr" / "gwr_2024.txt").read_text(encoding="utf-8")
    para = next(line for line in text.split("\n") if line.startswith("二是依靠创新引领产业升级"))
    # checked by reading the file: the paragraph reviews 2023 and mentions the 66.2% urbanisation rate
    assert "常住人口城镇化率提高到66.2%" in para
    return para


@pytest.fixture(scope="module")
def paragraph_trad(paragraph: str) -> str:
    trad = opencc.OpenCC("s2t").convert(paragraph)
    assert "依靠創新引領產業升級" in trad  # hand-checked traditional forms
    return trad


@pytest.mark.parametrize(
    "codec, expected",
    [("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
     ("utf-16", "utf-16"), ("utf-16-be-bom", "utf-16"), ("utf-32", "utf-32")],
)
def test_same_paragraph_in_every_encoding(paragraph: str, codec: str, expected: str) -> None:
    if codec == "utf-16-be-bom":
        data = b"\xfe\xff" + paragraph.encode("utf-16-be")
    else:
        data = paragraph.encode(codec)
    r = decode_bytes(data, "para.txt")
    assert r.text == paragraph
    assert r.encoding == expected
    assert "\ufffd" not in r.text


def test_big5_paragraph_beats_gb18030_garbage(paragraph_trad: str) -> None:
    data = paragraph_trad.encode("big5")
    # the trap: these Big5 bytes ALSO decode strictly as GB18030, into nonsense
    garbage = data.decode("gb18030")
    assert garbage != paragraph_trad
    assert plausibility(garbage)[0] < 0.2
    r = decode_bytes(data, "para_big5.txt")
    assert r.encoding == "big5"
    assert r.text == paragraph_trad
    assert r.plausibility > 0.8


def test_gb_sentences_that_are_also_valid_big5_read_as_gb18030(corpus_raw: Path) -> None:
    text = (corpus_raw / "national_gwr" / "gwr_2024.txt").read_text(encoding="utf-8")
    sentences = [s for s in re.findall(r"[^。\n]+。", text) if len(s) >= 8]
    ambiguous = []
    for s in sentences:
        try:
            data = s.encode("gb18030")
            data.decode("big5")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        ambiguous.append((s, data))
    assert len(ambiguous) >= 3  # real sentences whose GB bytes are valid Big5 exist
    for s, data in ambiguous:
        r = decode_bytes(data, "s.txt")
        assert (r.encoding, r.text) == ("gb18030", s)


def test_to_simplified_recovers_the_simplified_paragraph(paragraph: str, paragraph_trad: str) -> None:
    assert to_simplified(paragraph_trad) == paragraph
    assert to_simplified("堅持發展") == "坚持发展"


def test_newlines() -> None:
    assert normalize_newlines("各位代表：\r\n现在，\r我代表国务院。\n") == "各位代表：\n现在，\n我代表国务院。\n"
    assert normalize_newlines("\r\r\n") == "\n\n"


# --- properties -------------------------------------------------------------------------------------------------
_COMMON = sorted(ch for ch in _common_chars() if "\u4e00" <= ch <= "\u9fff" and ch.encode("gb18030"))
_ALPHABET = st.sampled_from(_COMMON + list("，。、；：？！“”《》（）") + list("abcXYZ0123456789 \n\r"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, min_size=1, max_size=80).map("".join))
def test_gb18030_round_trip(text: str) -> None:
    """Text of common characters, punctuation and ASCII written as GB18030 reads back identically.

    Precisely: read(text.encode("gb18030")) == normalize_newlines(text); the reported encoding is "gb18030",
    or "utf-8" exactly when the bytes are valid UTF-8 (then the ladder cannot tell the two apart; this
    happens for pure ASCII, and we exclude the rare non-ASCII strings whose GB bytes form valid UTF-8, such as
    茅 = C3 A9 = "é").
    """
    data = text.encode("gb18030")
    assume(data.strip(b" \n\r"))
    try:
        data.decode("utf-8")
        valid_utf8 = True
    except UnicodeDecodeError:
        valid_utf8 = False
    assume(not valid_utf8 or text.isascii())
    r = decode_bytes(data, "p.txt")
    assert normalize_newlines(r.text) == normalize_newlines(text)
    assert r.encoding == ("utf-8" if valid_utf8 else "gb18030")


_ANY_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"), min_size=1, max_size=60
)


@settings(max_examples=150, deadline=None)
@given(_ANY_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_round_trip(text: str, codec: str) -> None:
    """Any text without NUL/BOM characters round-trips through UTF-8 (with or without BOM), UTF-16, UTF-32."""
    r = decode_bytes(text.encode(codec), "p.txt")
    assert r.text == text
    assert r.encoding == codec


# --- failures ---------------------------------------------------------------------------------------------------
def test_empty() -> None:
    with pytest.raises(CorpusReadError, match=r"gwr_x\.txt: empty file"):
        decode_bytes(b"", "gwr_x.txt")


@pytest.mark.parametrize(
    "data, kind",
    [(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "PNG image"), (b"\xff\xd8\xff\xe0" + b"JFIF", "JPEG image"),
     (b"%PDF-1.7\n", "PDF document"), (b"PK\x03\x04" + b"\x14" * 10, "ZIP archive"),
     ("各位代表".encode() + b"\x00\x00" + "现在".encode(), "NUL byte at offset 12")],
)
def test_binary(data: bytes, kind: str) -> None:
    with pytest.raises(CorpusReadError, match=rf"scan\.txt: binary file.*{re.escape(kind)}"):
        decode_bytes(data, "scan.txt")


def test_corrupt_byte_names_offset_and_replace_counts(paragraph: str) -> None:
    good = paragraph.encode("gb18030")
    cut = good.index("工业企业利润".encode("gb18030"))
    data = good[:cut] + b"\xff" + good[cut:]
    with pytest.raises(EncodingDetectionError, match=rf"bad\.txt: .*offset {cut}\b.*gb18030") as info:
        decode_bytes(data, "bad.txt")
    assert info.value.offset == cut and info.value.path == "bad.txt"
    r = decode_bytes(data, "bad.txt", errors="replace")
    assert r.replaced == 1 and r.encoding == "gb18030"
    assert r.text == paragraph[: paragraph.index("工业企业利润")] + "\ufffd" + paragraph[paragraph.index("工业企业利润"):]


@pytest.mark.parametrize("codec, cut", [("utf-8", 2), ("utf-8", 1), ("gb18030", 1)])
def test_truncated_multibyte_at_end(paragraph: str, codec: str, cut: int) -> None:
    # the paragraph ends with "。" (3 bytes in UTF-8, 2 in GB18030); drop `cut` of its bytes
    assert paragraph.endswith("。")
    data = paragraph.encode(codec)[:-cut]
    offset = len(paragraph[:-1].encode(codec))
    with pytest.raises(EncodingDetectionError, match=rf"t\.txt: .*offset {offset}\b.*truncated.*{codec}") as info:
        decode_bytes(data, "t.txt")
    assert info.value.offset == offset


def test_truncated_utf16() -> None:
    data = "坚持稳中求进".encode("utf-16")[:-1]
    with pytest.raises(EncodingDetectionError, match=r"t16\.txt: .*offset 12\b.*utf-16.*truncated"):
        decode_bytes(data, "t16.txt")


def test_nothing_decodes() -> None:
    with pytest.raises(EncodingDetectionError, match=r"junk\.bin: no encoding decodes.*offset 0"):
        decode_bytes(b"\x80" * 64, "junk.bin")


def test_given_encoding_is_strict(paragraph: str) -> None:
    data = paragraph.encode("gb18030")
    assert decode_bytes(data, "g.txt", encoding="gbk").text == paragraph
    with pytest.raises(EncodingDetectionError, match=r"g\.txt: .*offset 0.*utf-8 \(given\)"):
        decode_bytes(data, "g.txt", encoding="utf-8")


def test_statistical_guess_is_last_resort() -> None:
    jp = "日本語のテキストです。これはテストです。政府の報告書を読みます。"
    r = decode_bytes(jp.encode("shift_jis"), "jp.txt")
    assert r.text == jp and r.method == "guess"


# --- large files are streamed as UTF-8 when they are plain UTF-8 (issue 13: 200 MB within 3x the file) -----------
def test_streamed_utf8_read_equals_the_whole_file_read(tmp_path, monkeypatch) -> None:
    import hashlib

    import policytext as pt
    import policytext.corpus.reader as reader
    from policytext.corpus.encoding import decode_utf8_file

    text = "各位代表：\r\n" + "坚持稳中求进工作总基调，推动高质量发展。\n" * 50_000  # > 1 MB: several chunks
    cases = {
        "utf8.txt": text.encode("utf-8"),
        "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),  # a byte-order mark: the ladder decides
        "gb.txt": text.encode("gb18030"),  # not UTF-8: falls back to the whole-file ladder
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    streamed = decode_utf8_file(tmp_path / "utf8.txt")
    assert streamed is not None
    assert streamed[0].text == text and streamed[1] == hashlib.sha256(cases["utf8.txt"]).hexdigest()
    assert streamed[2] == len(cases["utf8.txt"])
    assert decode_utf8_file(tmp_path / "bom.txt") is None and decode_utf8_file(tmp_path / "gb.txt") is None
    whole = pt.read_corpus(tmp_path, clean=False)
    monkeypatch.setattr(reader, "_STREAM_MIN_BYTES", 1)
    stream = pt.read_corpus(tmp_path, clean=False)
    assert dict(whole) == dict(stream)
    cols = ["bytes", "sha256", "encoding", "newlines", "n_chars"]
    pd_eq = whole.provenance[cols].equals(stream.provenance[cols])
    assert pd_eq, (whole.provenance[cols], stream.provenance[cols])
    assert whole.provenance.loc["gb", "encoding"] == "gb18030" and whole.provenance.loc["bom", "encoding"] == "utf-8-sig"


def test_streamed_read_splits_no_character_across_chunks(tmp_path) -> None:
    from policytext.corpus.encoding import _STREAM_CHUNK, decode_utf8_file

    # a 3-byte character straddles the 1 MB chunk boundary
    text = "a" * (_STREAM_CHUNK - 1) + "发展" + "b" * 10
    (tmp_path / "x.txt").write_text(text, encoding="utf-8")
    r = decode_utf8_file(tmp_path / "x.txt")
    assert r is not None and r[0].text == text
    (tmp_path / "bad.txt").write_bytes(text.encode("utf-8")[:-11])  # ends inside 展: not UTF-8
    assert decode_utf8_file(tmp_path / "bad.txt") is None
