"""read_corpus on the real shared corpus, tables, docvars and bad inputs."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import expected_doc_ids, index_rows

import policytext as pt
from policytext.corpus.cleaning import delete_spans
from policytext.corpus.reader import parse_pattern
from policytext.errors import CorpusReadError, DocvarsError, EncodingDetectionError


@pytest.fixture(scope="module")
def index(corpus_raw: Path) -> pd.DataFrame:
    return pd.read_csv(corpus_raw / "INDEX.csv").set_index("doc_id")


@pytest.fixture(scope="module")
def raw_corpus(corpus_raw: Path) -> pt.Corpus:
    return pt.read_corpus(corpus_raw, docvars=corpus_raw / "INDEX.csv", clean=False)


# --- the whole shared corpus ------------------------------------------------------------------------------------
def test_every_indexed_document_reads_with_its_sha256_and_encoding(raw_corpus: pt.Corpus, index: pd.DataFrame,
                                                                   corpus_raw: Path,
                                                                   shared_texts: dict[str, str]) -> None:
    # one document per file, one per row of a table of several rows; README.md and INDEX.csv are not documents
    expected = {row["doc_id"]: expected_doc_ids(corpus_raw, row) for row in index_rows(corpus_raw)}
    assert sorted(raw_corpus.doc_ids) == sorted(d for ids in expected.values() for d in ids)
    prov = raw_corpus.provenance
    for file_id, row in index.iterrows():
        for doc_id in expected[file_id]:
            p = prov.loc[doc_id]
            assert p["sha256"] == row["sha256"], doc_id
            assert p["encoding"] == row["encoding"], doc_id
            assert p["bytes"] == row["bytes"], doc_id
            assert Path(p["path"]) == (corpus_raw / row["path"]).resolve()
            text = raw_corpus[doc_id]
            assert "\ufffd" not in text and "\r" not in text, doc_id
            assert p["n_chars"] == len(text) and p["replaced"] == 0
            # the file's INDEX.csv row applies to every row of a table
            assert raw_corpus.docvars.loc[doc_id, "genre"] == row["genre"], doc_id
            assert text == shared_texts[doc_id].replace("\r\n", "\n").replace("\r", "\n"), doc_id


def test_rows_of_a_table_keep_their_own_columns(raw_corpus: pt.Corpus, corpus_raw: Path) -> None:
    rows = [r for r in index_rows(corpus_raw) if r["path"].endswith(".csv")]
    for row in rows:
        ids = expected_doc_ids(corpus_raw, row)
        if len(ids) == 1:
            continue
        text = (corpus_raw / row["path"]).read_bytes().decode(row["encoding"])
        records = list(csv.DictReader(io.StringIO(text)))
        own = [c for c in records[0] if c not in ("Text", "text", "full_text")]
        for doc_id, rec in zip(ids, records, strict=True):
            for col in own:  # e.g. Date: the row's own publication date, next to INDEX.csv's file-level date
                assert str(raw_corpus.docvars.loc[doc_id, col]) == rec[col], (doc_id, col)
            assert raw_corpus.provenance.loc[doc_id, "row"] == ids.index(doc_id) + 1


def test_sha256_is_of_the_raw_bytes(raw_corpus: pt.Corpus, corpus_raw: Path) -> None:
    f = corpus_raw / "congress_reports" / "congress_19th_2017.txt"
    assert raw_corpus.provenance.loc["congress_19th_2017", "sha256"] == hashlib.sha256(f.read_bytes()).hexdigest()


def test_known_texts(raw_corpus: pt.Corpus) -> None:
    # UTF-16LE with BOM and CRLF: bytes FF FE 41 53 6B 51 27 59 = BOM 十 八 大 (checked with xxd)
    c19 = raw_corpus["congress_19th_2017"]
    assert c19.startswith("十八大以来的五年，是党和国家发展进程中极不平凡的五年。")
    assert raw_corpus.provenance.loc["congress_19th_2017", "newlines"] == "crlf"
    # GB18030 file (dxCarl 2003): title, date line, speaker; full-width digits kept as in the source
    g03 = raw_corpus["gwr_2003"]
    assert g03.startswith("2003年国务院政府工作报告\n\n——2003年3月5日在第十届全国人民代表大会第一次会议上")
    assert "本届政府１９９８年３月就职" in g03
    # one-row UTF-8-BOM CSV: text from full_text, other columns are docvars
    bj = raw_corpus["gwr_beijing_2026"]
    assert bj.startswith("下载\n打印\n全屏\n收藏")
    assert "殷勇同志作政府工作报告。本报记者 戴冰摄\n各位代表：" in bj
    dv = raw_corpus.docvars.loc["gwr_beijing_2026"]
    assert dv["province"] == "北京市" and dv["year"] == 2026 and dv["publish_date"] == "2026-02-02"
    prov = raw_corpus.provenance.loc["gwr_beijing_2026"]
    assert prov["format"] == "csv" and prov["row"] == 1 and prov["encoding"] == "utf-8-sig"


def test_index_join_on_file_name(corpus_raw: Path, index: pd.DataFrame) -> None:
    meta = index.reset_index()[["path", "year", "genre"]]
    c = pt.read_corpus(corpus_raw / "national_gwr", docvars=meta, extra_docvars="drop", clean=False)
    assert len(c) == (index["genre"].eq("gwr") & index["path"].str.startswith("national_gwr/")).sum()
    assert c.docvars.loc["gwr_1954", "year"] == 1954
    assert set(c.docvars["genre"]) == {"gwr"}
    # without extra_docvars="drop" the rows for communiqués etc. are reported
    with pytest.raises(DocvarsError, match=r"docvars rows without a document: \['communiques/plenum_communique_1958"):
        pt.read_corpus(corpus_raw / "national_gwr", docvars=meta, clean=False)


def test_pattern_docvars(corpus_raw: Path, index: pd.DataFrame) -> None:
    c = pt.read_corpus(corpus_raw / "national_gwr", pattern="gwr_{year}.txt", clean=False)
    years = c.docvars["year"]
    assert all(isinstance(y, int) for y in years)
    assert years.to_dict() == index.loc[c.doc_ids, "year"].to_dict()
    c2 = pt.read_corpus(corpus_raw / "provincial_gwr", pattern="gwr_{region}_{year}.csv", clean=False)
    assert c2.docvars.loc["gwr_beijing_2026", "region"] == "beijing"


def test_parse_pattern_rules() -> None:
    f = parse_pattern(["seed_007.txt", "seed_010.txt"], "seed_{n}.txt")
    assert f["n"].tolist() == ["007", "010"]  # leading zeros: kept as strings
    with pytest.raises(CorpusReadError, match=r"does not match these files: \['notes\.txt'\]"):
        parse_pattern(["gwr_2019.txt", "notes.txt"], "gwr_{year}.txt")


def test_clean_true_integrates_cleaning(corpus_raw: Path, seed_path: Path) -> None:
    c = pt.read_corpus(seed_path, docvars=pd.DataFrame({"title": ["用户标题"]},
                                                      index=[seed_path.stem]))
    d = seed_path.stem
    raw = pt.read_corpus(seed_path, clean=False)[d]
    # the seed starts with an advertising block (read by hand): 仅供学习 禁止外传 / 会员群 ...
    assert raw.startswith("仅供学习 禁止外传")
    text = c[d]
    assert text.startswith("在区委务虚会上的讲话\n同志们：")
    assert "仅供学习" not in text
    dv = c.docvars.loc[d]
    assert dv["title"] == "用户标题"  # the user's docvar is not clobbered
    assert dv["title_detected"] == "在区委务虚会上的讲话" and dv["salutation"] == "同志们："
    prov = c.provenance.loc[d]
    assert prov["cleaned"] and prov["n_removed"] > 0
    assert raw.index("在区委务虚会上的讲话") == prov["body_start"]
    for span in prov["removed"]:  # offsets refer to the decoded text
        assert raw[span["start"]:span["end"]] == span["text"]


# --- tables -----------------------------------------------------------------------------------------------------
@pytest.fixture()
def frame() -> pd.DataFrame:
    return pd.DataFrame({"year": [2019, 2020], "speaker": ["李克强", "李克强"],
                         "text": ["各位代表：\r\n坚持稳中求进。", "各位代表：\n全面深化改革。"]})


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".jsonl", ".tsv"])
def test_tables(tmp_path: Path, frame: pd.DataFrame, suffix: str) -> None:
    p = tmp_path / f"gwr{suffix}"
    if suffix == ".csv":
        p.write_bytes(frame.to_csv(index=False).encode("gb18030"))
    elif suffix == ".tsv":
        p.write_bytes(frame.to_csv(index=False, sep="\t").encode("utf-8-sig"))
    elif suffix == ".xlsx":
        frame.to_excel(p, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(p, index=False)
    else:
        p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in frame.to_dict("records")), "utf-8")
    c = pt.read_corpus(p, clean=False)
    assert c.doc_ids == ["gwr.1", "gwr.2"]
    assert c.texts == ["各位代表：\n坚持稳中求进。", "各位代表：\n全面深化改革。"]
    assert c.docvars["year"].tolist() == [2019, 2020] and c.docvars["speaker"].tolist() == ["李克强"] * 2
    prov = c.provenance
    assert prov["row"].tolist() == [1, 2]
    assert prov["sha256"].nunique() == 1 and prov["sha256"].iloc[0] == hashlib.sha256(p.read_bytes()).hexdigest()
    expected = {".csv": "gb18030", ".tsv": "utf-8-sig", ".jsonl": "utf-8"}.get(suffix)
    assert prov["encoding"].iloc[0] == expected or (expected is None and prov["encoding"].isna().all())


def test_table_doc_id_column_and_text_column(tmp_path: Path) -> None:
    p = tmp_path / "speeches.csv"
    pd.DataFrame({"doc_id": ["b", "a"], "body_text": ["同志们：", "各位代表："]}).to_csv(p, index=False)
    with pytest.raises(CorpusReadError, match=r"speeches\.csv: no text column found.*body_text"):
        pt.read_corpus(p, clean=False)
    c = pt.read_corpus(p, text_column="body_text", clean=False)
    assert c.doc_ids == ["a", "b"] and c["a"] == "各位代表："


def test_index_alone_is_not_a_corpus(corpus_raw: Path) -> None:
    with pytest.raises(CorpusReadError, match=r"INDEX\.csv: no text column found"):
        pt.read_corpus(corpus_raw / "INDEX.csv", clean=False)


def test_table_row_without_text(tmp_path: Path) -> None:
    p = tmp_path / "t.csv"
    p.write_text("year,text\n2019,各位代表：\n2020,\n", encoding="utf-8")
    with pytest.raises(CorpusReadError, match=r"t\.csv: row 2 has no text in column 'text'"):
        pt.read_corpus(p, clean=False)


# --- docvars ----------------------------------------------------------------------------------------------------
@pytest.fixture()
def two_docs(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    (d / "gwr_2019.txt").write_bytes("各位代表：\r\n坚持稳中求进。".encode("gb18030"))
    (d / "gwr_2020.txt").write_text("各位代表：\n全面深化改革。", encoding="utf-8")
    (d / "README.md").write_text("# not a document", encoding="utf-8")
    (d / ".hidden.txt").write_text("隐藏", encoding="utf-8")
    return d


def test_docvars_csv_in_gb18030_inside_the_folder(two_docs: Path) -> None:
    meta = two_docs / "meta.csv"
    meta.write_bytes("doc_id,speaker\ngwr_2019,李克强\ngwr_2020,李克强\n".encode("gb18030"))
    c = pt.read_corpus(two_docs, docvars=meta, clean=False)  # meta.csv itself is not read as a document
    assert c.doc_ids == ["gwr_2019", "gwr_2020"]
    assert c.docvars["speaker"].tolist() == ["李克强", "李克强"]
    assert c["gwr_2019"] == "各位代表：\n坚持稳中求进。"


def test_docvars_mismatch_lists_both_ways(two_docs: Path) -> None:
    dv = pd.DataFrame({"doc_id": ["gwr_2019", "gwr_2021"], "year": [2019, 2021]})
    with pytest.raises(DocvarsError, match=r"without a docvars row: \['gwr_2020'\].*without a document: \['gwr_2021'\]"):
        pt.read_corpus(two_docs, docvars=dv, clean=False)


def test_docvars_conflict_keeps_file_value(two_docs: Path) -> None:
    dv = pd.DataFrame({"year": [2018, 2020]}, index=["gwr_2019", "gwr_2020"])
    c = pt.read_corpus(two_docs, docvars=dv, pattern="gwr_{year}.txt", clean=False)
    assert c.docvars.loc["gwr_2019", "year"] == 2018 and c.docvars.loc["gwr_2019", "year_file"] == 2019


def test_order_given_and_list_input(two_docs: Path) -> None:
    files = [two_docs / "gwr_2020.txt", two_docs / "gwr_2019.txt"]
    assert pt.read_corpus(files, clean=False).doc_ids == ["gwr_2019", "gwr_2020"]
    assert pt.read_corpus(files, clean=False, order="given").doc_ids == ["gwr_2020", "gwr_2019"]
    assert pt.read_corpus(str(two_docs / "gwr_*.txt"), clean=False).doc_ids == ["gwr_2019", "gwr_2020"]


def test_to_simplified_and_replace_recorded(tmp_path: Path) -> None:
    p = tmp_path / "tw.txt"
    p.write_bytes("堅持穩中求進工作總基調".encode("big5") + b"\xff" + "深化改革".encode("big5"))
    with pytest.raises(EncodingDetectionError, match=r"tw\.txt: .*offset 22\b"):
        pt.read_corpus(p, clean=False)
    c = pt.read_corpus(p, clean=False, errors="replace", to_simplified=True)
    assert c["tw"] == "坚持稳中求进工作总基调\ufffd深化改革"
    prov = c.provenance.loc["tw"]
    assert prov["replaced"] == 1 and prov["errors"] == "replace" and bool(prov["to_simplified"])
    assert prov["encoding"] == "big5"


# --- bad input --------------------------------------------------------------------------------------------------
def test_missing_path_and_empty_glob(tmp_path: Path) -> None:
    with pytest.raises(CorpusReadError, match=r"nope\.txt: no such file or directory"):
        pt.read_corpus(tmp_path / "nope.txt", clean=False)
    with pytest.raises(CorpusReadError, match=r"gwr_\*\.txt: glob matches no files"):
        pt.read_corpus(str(tmp_path / "gwr_*.txt"), clean=False)
    with pytest.raises(CorpusReadError, match=r"folder holds no documents"):
        pt.read_corpus(tmp_path, clean=False)


def test_duplicate_doc_ids(tmp_path: Path) -> None:
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "a.txt").write_text("同志们：", encoding="utf-8")
    with pytest.raises(CorpusReadError, match=r"duplicate doc_ids: 'a' from \[.*x/a\.txt', .*y/a\.txt'\]"):
        pt.read_corpus(tmp_path, clean=False)
    assert pt.read_corpus(tmp_path, clean=False, id_from="relpath").doc_ids == ["x/a", "y/a"]


@pytest.mark.parametrize(
    "content, problem",
    [(b"", r"empty\.txt: empty file"),
     (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"empty\.txt: binary file, not text \(PNG image\)"),
     ("各位代表".encode() + b"\x00", r"empty\.txt: binary file.*NUL byte at offset 12"),
     ("各位代表：".encode()[:-1], r"empty\.txt: .*offset 12\b.*truncated"),
     (b"\x80" * 40, r"empty\.txt: no encoding decodes this file strictly")],
)
def test_bad_files(tmp_path: Path, content: bytes, problem: str) -> None:
    (tmp_path / "ok.txt").write_text("同志们：", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(content)
    with pytest.raises(CorpusReadError, match=problem):
        pt.read_corpus(tmp_path, clean=False)


def test_whole_corpus_with_cleaning(raw_corpus: pt.Corpus, corpus_raw: Path) -> None:
    c = pt.read_corpus(corpus_raw, docvars=corpus_raw / "INDEX.csv")
    assert c.doc_ids == raw_corpus.doc_ids
    prov = c.provenance
    assert (prov["sha256"] == raw_corpus.provenance["sha256"]).all()
    for doc_id, text in c:
        assert "\ufffd" not in text and text, doc_id
        raw = raw_corpus[doc_id]
        removed = prov.loc[doc_id, "removed"]
        for span in removed:  # every removal is recorded with offsets into the raw text
            assert raw[span["start"]:span["end"]] == span["text"]
        # nothing removed without a span: the raw text minus the spans is the cleaned text, character for character
        assert delete_spans(raw, removed) == text, doc_id
        assert prov.loc[doc_id, "n_chars"] + prov.loc[doc_id, "n_removed"] == prov.loc[doc_id, "n_chars_raw"]
        assert prov.loc[doc_id, "n_chars"] == len(text) <= len(raw)
    # the scraped 1954 report repeats itself once per sub-page: cleaning removes most of it
    assert prov.loc["gwr_1954", "n_removed"] > prov.loc["gwr_1954", "n_chars_raw"] / 2


# --- tables of many documents (issue 13, point 1) ------------------------------------------------------------------
def test_every_sheet_of_a_workbook_is_read(tmp_path: Path) -> None:
    p = tmp_path / "讲话.xlsx"
    with pd.ExcelWriter(p) as xw:
        pd.DataFrame({"text": ["同志们：今天开会。", "各位代表："]}).to_excel(xw, sheet_name="2020", index=False)
        pd.DataFrame({"text": ["女士们，先生们："]}).to_excel(xw, sheet_name="2021", index=False)
        pd.DataFrame().to_excel(xw, sheet_name="空表", index=False)
    with pytest.warns(UserWarning, match=r"讲话\.xlsx: sheet\(s\) \['空表'\] hold no rows"):
        c = pt.read_corpus(p, clean=False)
    assert c.texts == ["同志们：今天开会。", "各位代表：", "女士们，先生们："]
    assert c.docvars["sheet"].tolist() == ["2020", "2020", "2021"]
    assert c.provenance["row"].tolist() == [1, 2, 3]


def test_text_column_found_or_ambiguity_named(tmp_path: Path) -> None:
    speech = "同志们：" + "要坚持稳中求进工作总基调。" * 60
    p = tmp_path / "a.csv"
    pd.DataFrame({"标题": ["讲话", "致辞"], "讲话稿": [speech, speech[::-1]]}).to_csv(p, index=False)
    assert pt.read_corpus(p, clean=False).texts == [speech, speech[::-1]]
    q = tmp_path / "b.csv"
    pd.DataFrame({"text": ["同志们："], "content": ["各位代表："]}).to_csv(q, index=False)
    with pytest.raises(CorpusReadError, match=r"b\.csv: several columns could hold the text \(\['text', 'content'\]\)"):
        pt.read_corpus(q, clean=False)
    r = tmp_path / "c.csv"  # two long columns of similar length: no guess
    pd.DataFrame({"甲": [speech], "乙": [speech[:-5]]}).to_csv(r, index=False)
    with pytest.raises(CorpusReadError, match=r"c\.csv: no text column found.*mean lengths"):
        pt.read_corpus(r, clean=False)


def test_file_docvars_row_applies_to_every_row_of_its_table(tmp_path: Path) -> None:
    p = tmp_path / "speeches.csv"
    pd.DataFrame({"Date": ["2020-05-19", "2020-03-27"], "Text": ["来信收悉。", "各位同事："]}).to_csv(p, index=False)
    meta = pd.DataFrame({"doc_id": ["speeches", "speeches.2"], "speaker": ["甲", "乙"], "genre": ["speech", None]})
    c = pt.read_corpus(p, docvars=meta, clean=False)
    assert c.doc_ids == ["speeches.1", "speeches.2"]
    assert c.docvars["speaker"].tolist() == ["甲", "乙"]  # a row of its own wins over the file's row
    assert c.docvars["Date"].tolist() == ["2020-05-19", "2020-03-27"]


def test_whitespace_only_file_is_an_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("各位代表：", encoding="utf-8")
    (tmp_path / "blank.txt").write_text("  \n\t\u3000\n", encoding="utf-8")
    with pytest.raises(CorpusReadError, match=r"blank\.txt: the file holds only whitespace \(6 characters\)"):
        pt.read_corpus(tmp_path)


def test_table_cells_kept_as_written(tmp_path: Path) -> None:
    """ids 001, 010, 1e3 stay strings (pandas made them 1.0, 10.0, 1000.0); a TSV text may start with a quote."""
    meta = tmp_path / "meta.csv"
    meta.write_text("doc_id,year,share\n001,2020,0.5\n010,2021,\n1e3,2022,0.25\n", encoding="utf-8")
    from policytext.corpus.reader import read_docvars
    dv = read_docvars(meta)
    assert dv["doc_id"].tolist() == ["001", "010", "1e3"]
    assert dv["year"].tolist() == [2020, 2021, 2022] and str(dv["year"].dtype) == "Int64"
    assert dv["share"].tolist()[0] == 0.5 and pd.isna(dv["share"].tolist()[1])
    tsv = tmp_path / "speeches.tsv"
    tsv.write_text('title\ttext\n讲话\t"两个确立"具有决定性意义。\n', encoding="utf-8")
    assert pt.read_corpus(tsv, clean=False).texts == ['"两个确立"具有决定性意义。']


def test_malformed_csv_quoting_names_the_line(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_text('title,text\n讲话,各位代表：\n致辞,"两个确立"具有决定性意义。\n', encoding="utf-8")
    with pytest.raises(CorpusReadError, match=r"bad\.csv: line 3: malformed CSV quoting"):
        pt.read_corpus(p, clean=False)
