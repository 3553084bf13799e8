"""Nothing skipped silently (issue 13, points 5-6): folders walked with symlinks followed once, every entry not
read listed in ``Corpus.skipped`` and named in a warning, ``on_error="skip"``, undecodable file names, JSON Lines
errors naming the line."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

import policytext as pt
from policytext.errors import CorpusReadError

SPEECH = "同志们：坚持稳中求进。"


def _write(p: Path, text: str = SPEECH) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def test_symlinked_folder_is_read_and_a_loop_is_reported(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    _write(outside / "gwr_2020.txt")
    root = tmp_path / "corpus"
    _write(root / "gwr_2019.txt")
    (root / "linked").symlink_to(outside, target_is_directory=True)
    (root / "loop").symlink_to(root, target_is_directory=True)  # would walk forever if followed blindly
    with pytest.warns(UserWarning, match=r"loop") as rec:
        c = pt.read_corpus(root, clean=False)
    assert c.doc_ids == ["gwr_2019", "gwr_2020"]
    assert any("loop" in str(w.message) and str(root / "loop") in str(w.message) for w in rec)
    assert c.skipped["path"].tolist() == [str(root.resolve() / "loop")]


def test_two_links_to_one_file_are_one_document(tmp_path: Path) -> None:
    f = _write(tmp_path / "a" / "gwr_2019.txt")
    (tmp_path / "a" / "again.txt").symlink_to(f)
    c = pt.read_corpus([f, tmp_path / "a" / "again.txt"], clean=False)
    assert c.doc_ids == ["gwr_2019"]


def test_unreadable_folder_reported_through_the_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder that cannot be listed (permission denied; simulated, as root may list anything) is named."""
    _write(tmp_path / "gwr_2019.txt")
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    _write(tmp_path / "locked" / "gwr_2020.txt")
    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.warns(UserWarning, match=r"locked: cannot list folder: Permission denied"):
        c = pt.read_corpus(tmp_path, clean=False)
    assert c.doc_ids == ["gwr_2019"]
    assert c.skipped["reason"].str.startswith("cannot list folder").sum() == 1


def test_everything_not_read_is_listed_and_named(tmp_path: Path) -> None:
    _write(tmp_path / "gwr_2019.txt")
    _write(tmp_path / "README.md", "# 说明")  # listed, but no warning: a folder's own documentation
    _write(tmp_path / "说明.md", "# 说明")
    _write(tmp_path / ".ipynb_checkpoints" / "gwr_2019-checkpoint.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block forever
    with pytest.warns(UserWarning) as rec:
        c = pt.read_corpus(tmp_path, clean=False)
    assert c.doc_ids == ["gwr_2019"]
    reasons = dict(zip(c.skipped["path"].map(lambda p: Path(p).name), c.skipped["reason"], strict=True))
    assert set(reasons) == {"README.md", "说明.md", ".ipynb_checkpoints", "dangling.txt", "pipe.txt"}
    assert "not a document type" in reasons["README.md"] and "not a document type" in reasons["说明.md"]
    assert "hidden folder" in reasons[".ipynb_checkpoints"]
    assert reasons["dangling.txt"] == "broken symbolic link"
    assert "not a regular file" in reasons["pipe.txt"]
    message = str(rec[0].message)
    assert all(name in message for name in reasons if name != "README.md") and "README.md" not in message


def test_the_docvars_table_is_listed_but_not_warned_about(tmp_path: Path) -> None:
    _write(tmp_path / "gwr_2019.txt")
    (tmp_path / "meta.csv").write_text("doc_id,year\ngwr_2019,2019\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c = pt.read_corpus(tmp_path, docvars=tmp_path / "meta.csv", clean=False)
    assert c.skipped["reason"].tolist() == ["the docvars table"]


def test_on_error_skip_keeps_going_and_names_every_file(tmp_path: Path) -> None:
    _write(tmp_path / "gwr_2019.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(CorpusReadError, match="empty.txt"):
        pt.read_corpus(tmp_path, clean=False)
    with pytest.warns(UserWarning, match=r"2 file\(s\)") as rec:
        c = pt.read_corpus(tmp_path, clean=False, on_error="skip")
    assert c.doc_ids == ["gwr_2019"]
    skipped = dict(zip(c.skipped["path"].map(lambda p: Path(p).name), c.skipped["reason"], strict=True))
    assert set(skipped) == {"empty.txt", "image.txt"}
    assert "empty file" in skipped["empty.txt"] and "PNG" in skipped["image.txt"]
    assert "empty.txt" in str(rec[0].message) and "image.txt" in str(rec[0].message)
    with pytest.raises(CorpusReadError, match="no document could be read"), pytest.warns(UserWarning):
        pt.read_corpus(tmp_path / "empty.txt", clean=False, on_error="skip")
    with pytest.raises(ValueError, match="on_error"):
        pt.read_corpus(tmp_path, on_error="ignore")


def test_gb18030_file_name_is_read_with_a_warning(tmp_path: Path) -> None:
    name = "政府工作报告2020".encode("gb18030") + b".txt"
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as fh:
        fh.write(SPEECH.encode("utf-8"))
    with pytest.warns(UserWarning, match=r"政府工作报告2020\.txt: the file name is not UTF-8"):
        c = pt.read_corpus(tmp_path, clean=False)
    assert c.doc_ids == ["政府工作报告2020"]
    assert c.provenance["path"].iloc[0].endswith("政府工作报告2020.txt")
    assert c["政府工作报告2020"] == SPEECH


def test_undecodable_file_name_is_an_error_naming_its_bytes(tmp_path: Path) -> None:
    name = b"\xff\xfe\x80report.txt"  # neither UTF-8 nor GB18030
    with open(os.path.join(os.fsencode(tmp_path), name), "wb") as fh:
        fh.write(SPEECH.encode("utf-8"))
    with pytest.raises(CorpusReadError, match=r"xff\\xfe\\x80report\.txt.*neither UTF-8 nor GB18030"):
        pt.read_corpus(tmp_path, clean=False)


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        ('{"text": "同志们：发展。"}\n{"text": "改革。"\n{"text": "开放。"}\n', r"line 2 is not valid JSON"),
        ('{"text": "同志们：发展。"}\n\n["改革。"]\n', r"line 3 is a JSON list, not an object"),
    ],
)
def test_malformed_json_lines_name_the_line(tmp_path: Path, lines: str, problem: str) -> None:
    p = tmp_path / "speeches.jsonl"
    p.write_text(lines, encoding="utf-8")
    with pytest.raises(CorpusReadError, match=rf"speeches\.jsonl: {problem}"):
        pt.read_corpus(p, clean=False)


def test_json_lines_with_a_line_separator_inside_a_string(tmp_path: Path) -> None:
    p = tmp_path / "speeches.jsonl"
    p.write_text('{"text": "同志们：\\u2028发展。"}\n{"text": "改革\u2028开放。"}\n', encoding="utf-8")
    c = pt.read_corpus(p, clean=False)
    assert c.texts == ["同志们：\u2028发展。", "改革\u2028开放。"]
