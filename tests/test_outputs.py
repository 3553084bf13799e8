"""Output folders are written safely (issue 13, point 7): atomic re-runs, one run at a time per folder, only our
files listed and cleaned up, no output inside the input, unwritable folders and bad regular expressions refused
before any work. Each test runs the real CLI (or ``pt.report``) on a small corpus of Chinese reports."""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import policytext as pt
import policytext.corpus
from policytext.cli import main
from policytext.outputs import LOCK_NAME, OutputFolderError, output_folder

report_mod = importlib.import_module("policytext.report")  # the module (pt.report is the function)

TEXTS = {
    "gwr_2019.txt": "各位代表：坚持“四个全面”战略布局。坚持稳中求进工作总基调。打好三大攻坚战。全面深化改革。"
                    "推动高质量发展。坚持以人民为中心的发展思想。",
    "gwr_2020.txt": "各位代表：疫情防控取得重大战略成果。统筹推进疫情防控和经济社会发展。复工复产。"
                    "打好三大攻坚战。坚持稳中求进。做好“六稳”工作，落实“六保”任务。",
    "gwr_2021.txt": "各位代表：全面建成小康社会取得伟大历史性成就。乡村振兴全面推进。坚持“四个全面”战略布局。"
                    "构建新发展格局。推动高质量发展。",
}


def invoke(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def snapshot(folder: Path) -> dict[str, tuple[str, object]]:
    """Every entry of ``folder`` (hidden ones too): file bytes, symlink targets, folders."""
    out: dict[str, tuple[str, object]] = {}
    for p in sorted(folder.iterdir()):
        if p.is_symlink():
            out[p.name] = ("link", os.readlink(p))
        elif p.is_dir():
            out[p.name] = ("dir", snapshot(p))
        else:
            out[p.name] = ("file", p.read_bytes())
    return out


def hidden_leftovers(parent: Path) -> list[str]:
    """Temporary folders or lock files a run left behind in ``parent`` or its sub-folders."""
    return sorted(str(p.relative_to(parent)) for p in parent.rglob(".*"))


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    d = tmp_path / "gwr"
    d.mkdir()
    for name, text in TEXTS.items():
        (d / name).write_text(text, "utf-8")
    return d


# ---------------------------------------------------------------------------------------------------------------
# 1. an interrupted re-run leaves the earlier outputs as they were
# ---------------------------------------------------------------------------------------------------------------
def test_interrupted_rerun_leaves_the_folder_byte_identical(corpus: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    r = invoke("freq", corpus, "-q", "-o", out)
    assert r.exit_code == 0, r.output
    before = snapshot(out)
    assert {"frequency.csv", "frequency.parquet", "manifest.json"} == set(before)
    real_write = report_mod.write_table

    def write_then_interrupt(df, folder, name):  # type: ignore[no-untyped-def]
        csv, _ = real_write(df, folder, name)
        csv.write_bytes(csv.read_bytes()[:40])  # truncated mid-write, then Ctrl-C
        raise KeyboardInterrupt

    monkeypatch.setattr(report_mod, "write_table", write_then_interrupt)
    r = invoke("freq", corpus, "--top", "3", "-q", "-o", out)
    assert r.exit_code == 1 and "Aborted" in r.output
    assert snapshot(out) == before
    assert hidden_leftovers(tmp_path) == []


def test_report_interrupted_while_drawing_figures_keeps_old_outputs(corpus: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import policytext.plot as plot

    out = tmp_path / "out"
    r = invoke("report", corpus, "--pattern", "gwr_{year}.txt", "--target", "year=2020", "-q", "-o", out)
    assert r.exit_code == 0, r.output
    before = snapshot(out)
    assert {"keyness.csv", "frequency.png", "summary.html", "manifest.json"} <= set(before)
    man = json.loads(before["manifest.json"][1])  # type: ignore[arg-type]
    assert sorted(man["outputs"]) == sorted(set(before) - {"manifest.json"})

    def half_a_png(ax, path, **kw):  # type: ignore[no-untyped-def]
        Path(path).write_bytes(b"\x89PNG\r\n\x1a\n")
        raise KeyboardInterrupt

    monkeypatch.setattr(plot, "savefig", half_a_png)
    r = invoke("report", corpus, "--top", "5", "-q", "-o", out)  # tables differ from the first run's
    assert r.exit_code == 1
    assert snapshot(out) == before
    # the Python API gets the same guarantee
    with pytest.raises(KeyboardInterrupt):
        pt.report(corpus, out, top=5)
    assert snapshot(out) == before
    assert hidden_leftovers(tmp_path) == []


def test_manifest_moved_in_last_and_a_failed_commit_is_rolled_back(corpus: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import policytext.outputs as outputs

    out = tmp_path / "out"
    assert invoke("slogans", corpus, "-q", "-o", out).exit_code == 0
    before = snapshot(out)
    real_replace = os.replace
    moved_in: list[str] = []

    def record(src, dst):  # type: ignore[no-untyped-def]
        real_replace(src, dst)
        if Path(dst).parent == out:
            moved_in.append(Path(dst).name)

    monkeypatch.setattr(outputs.os, "replace", record)
    r = invoke("freq", corpus, "-q", "-o", out)
    assert r.exit_code == 0, r.output
    assert moved_in[-1] == "manifest.json" and set(moved_in) == {"frequency.csv", "frequency.parquet",
                                                                "manifest.json"}
    assert set(snapshot(out)) == {"frequency.csv", "frequency.parquet", "manifest.json"}  # slogans' tables gone
    # a move that fails half-way through the commit (the second file moved in): everything is put back
    before = snapshot(out)
    moves_in = []

    def fail_once(src, dst):  # type: ignore[no-untyped-def]
        if Path(dst).parent == out and Path(src).parent.name.startswith(".out.policytext-tmp-"):
            moves_in.append(Path(dst).name)
            if len(moves_in) == 2:
                raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(outputs.os, "replace", fail_once)
    with pytest.raises(OSError, match="No space left"):
        pt.report(corpus, out, figures=False)
    assert moves_in == ["corpus_info.csv", "corpus_info.parquet"]
    assert snapshot(out) == before
    assert hidden_leftovers(tmp_path) == []


# ---------------------------------------------------------------------------------------------------------------
# 2. one run at a time per output folder
# ---------------------------------------------------------------------------------------------------------------
def test_a_lock_file_refuses_a_second_run_and_says_how_to_remove_a_stale_one(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("freq", corpus, "-q", "-o", out).exit_code == 0
    lock = out / LOCK_NAME
    lock.write_text(json.dumps({"pid": os.getpid(), "host": "elsewhere", "command": "policytext topics gwr -o out",
                                "started": "2024-03-05T09:00:00"}), "utf-8")
    before = snapshot(out)
    r = invoke("freq", corpus, "--top", "3", "-q", "-o", out)
    assert r.exit_code == 2
    err = r.stderr
    assert "Traceback" not in err and err.count("\n") == 1
    assert f"output folder {out} is in use" in err and str(lock) in err
    assert "policytext topics gwr -o out" in err and f"rm {lock}" in err and "stale" in err
    assert snapshot(out) == before  # the other run's lock and files are left alone
    lock.unlink()
    assert invoke("freq", corpus, "--top", "3", "-q", "-o", out).exit_code == 0


def test_concurrent_run_is_refused_and_the_lock_is_released_on_exit(corpus: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    alias = tmp_path / "alias"
    alias.symlink_to(out, target_is_directory=True)  # the same folder under another name
    seen: dict[str, object] = {}
    real_write = report_mod.write_table

    def write_and_try_a_second_run(df, folder, name):  # type: ignore[no-untyped-def]
        seen["lock"] = json.loads((out / LOCK_NAME).read_text("utf-8"))
        second = invoke("freq", corpus, "-q", "-o", alias)
        seen["second"] = (second.exit_code, second.stderr)
        return real_write(df, folder, name)

    monkeypatch.setattr(report_mod, "write_table", write_and_try_a_second_run)
    r = invoke("tokenize", corpus, "-q", "-o", out)
    assert r.exit_code == 0, r.output
    lock = seen["lock"]
    assert isinstance(lock, dict) and lock["pid"] == os.getpid() and lock["command"].startswith("policytext tokenize")
    code, err = seen["second"]  # type: ignore[misc]
    assert code == 2 and "is in use by another policytext run" in err and LOCK_NAME in err
    assert "still running" in err  # this process holds it
    assert not (out / LOCK_NAME).exists() and (out / "tokens.csv").exists()
    monkeypatch.setattr(report_mod, "write_table", real_write)
    # released on errors too: a bad option after the lock was taken
    r = invoke("freq", corpus, "--group-by", "province", "-q", "-o", out)
    assert r.exit_code == 2 and "no docvar 'province'" in r.stderr
    assert hidden_leftovers(tmp_path) == []


# ---------------------------------------------------------------------------------------------------------------
# 3. the manifest lists this run's files; earlier outputs are cleaned up; other files are not touched
# ---------------------------------------------------------------------------------------------------------------
def test_manifest_lists_only_this_runs_files_and_other_files_are_untouched(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "笔记.txt").write_text("我的笔记", "utf-8")
    (out / "data.csv").write_text("a,b\n1,2\n", "utf-8")
    outside = tmp_path / "hostname"
    outside.write_text("policy-server\n", "utf-8")
    (out / "host").symlink_to(outside)
    (out / "mine").mkdir()
    (out / "mine" / "x.parquet").write_bytes(b"PAR1")
    before = snapshot(out)
    for _ in range(2):
        r = invoke("freq", corpus, "-q", "-o", out)
        assert r.exit_code == 0, r.output
        assert "removed" not in r.stderr
        man = json.loads((out / "manifest.json").read_text("utf-8"))
        assert sorted(man["outputs"]) == ["frequency.csv", "frequency.parquet"]
        after = snapshot(out)
        assert {k: v for k, v in after.items() if k in before} == before
        assert set(after) - set(before) == {"frequency.csv", "frequency.parquet", "manifest.json"}


def test_stale_outputs_of_an_earlier_run_are_removed_and_named(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = invoke("report", corpus, "--pattern", "gwr_{year}.txt", "--target", "year=2020", "--no-figures", "-q",
               "-o", out)
    assert r.exit_code == 0, r.output
    assert (out / "keyness.csv").exists()
    (out / "notes.md").write_text("# 我的笔记", "utf-8")
    r = invoke("report", corpus, "--pattern", "gwr_{year}.txt", "--no-figures", "-q", "-o", out)
    assert r.exit_code == 0, r.output
    assert not (out / "keyness.csv").exists() and not (out / "keyness.parquet").exists()
    assert (out / "notes.md").read_text("utf-8") == "# 我的笔记"
    man = json.loads((out / "manifest.json").read_text("utf-8"))
    assert "keyness.csv" not in man["outputs"] and "notes.md" not in man["outputs"]
    assert sorted(man["outputs"]) == sorted(p.name for p in out.iterdir() if p.name not in ("manifest.json",
                                                                                             "notes.md"))
    removed = [ln for ln in r.stderr.splitlines() if ln.startswith("removed")]
    assert len(removed) == 1 and str(out / "keyness.csv") in removed[0] and str(out / "keyness.parquet") in removed[0]
    assert "notes.md" not in r.stderr


def test_manifest_of_an_older_version_does_not_get_user_files_deleted(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in ("keyness.csv", "keyness.parquet", "notes.csv", "summary.md"):
        (out / name).write_text(name, "utf-8")
    # an earlier version listed every file of the folder in its manifest, user files too
    old = {"command": "report", "outputs": {n: "0" * 64 for n in ("keyness.csv", "keyness.parquet", "notes.csv",
                                                                   "summary.md", "../escape.csv")}}
    (out / "manifest.json").write_text(json.dumps(old), "utf-8")
    (tmp_path / "escape.csv").write_text("outside", "utf-8")
    r = invoke("freq", corpus, "-q", "-o", out)
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == ["frequency.csv", "frequency.parquet", "manifest.json",
                                                     "notes.csv"]
    assert (out / "notes.csv").read_text("utf-8") == "notes.csv" and (tmp_path / "escape.csv").exists()
    assert "keyness.csv" in r.stderr and "summary.md" in r.stderr and "notes.csv" not in r.stderr


# ---------------------------------------------------------------------------------------------------------------
# 4. the output folder: not inside the input, writable, checked before any work
# ---------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cmd", [["report"], ["freq"], ["kwic", "_", "四个全面"]])
@pytest.mark.parametrize("where", ["same", "inside", "through_link"])
def test_output_folder_in_the_input_folder_is_refused(cmd: list[str], where: str, corpus: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import policytext.engine as engine

    def no_work(*a: object, **k: object) -> None:
        raise AssertionError("the analysis started")

    monkeypatch.setattr(engine, "analyze", no_work)
    monkeypatch.setattr(policytext.corpus, "read_corpus", no_work)
    link = tmp_path / "link"
    link.symlink_to(corpus, target_is_directory=True)
    out = {"same": corpus, "inside": corpus / "out", "through_link": link / "results"}[where]
    before = snapshot(corpus)
    args = [a if a != "_" else str(corpus) for a in cmd] + ([] if "_" in cmd else [str(corpus)])
    r = invoke(*args, "-q", "-o", out)
    assert r.exit_code == 2, r.output
    assert f"output folder {out} is" in r.stderr and str(corpus) in r.stderr
    assert "the input folder" in r.stderr
    assert snapshot(corpus) == before
    with pytest.raises(OutputFolderError, match="input folder"):
        pt.report(corpus, out)
    assert snapshot(corpus) == before


def test_output_beside_the_input_files_of_a_glob_is_refused(corpus: Path, tmp_path: Path) -> None:
    r = invoke("freq", f"{corpus}/*.txt", "-q", "-o", corpus)
    assert r.exit_code == 2 and "holds the input files" in r.stderr
    r = invoke("freq", f"{tmp_path}/**/*.txt", "-q", "-o", tmp_path / "out")
    assert r.exit_code == 2 and "inside the input folder" in r.stderr
    r = invoke("freq", f"{corpus}/*.txt", "-q", "-o", corpus / "out")  # the glob does not look in there
    assert r.exit_code == 0, r.output


@contextlib.contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """``folder`` made read-only: mode 0555, and immutable (chattr +i) when running as root."""
    folder.chmod(0o555)
    immutable = False
    if os.geteuid() == 0 and shutil.which("chattr"):
        immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    try:
        try:
            (folder / ".probe").touch()
        except OSError:
            pass
        else:
            (folder / ".probe").unlink()
            pytest.skip("cannot make a folder read-only here (root without chattr)")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_read_only_output_folder_fails_before_any_work(corpus: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import policytext.engine as engine

    def no_work(*a: object, **k: object) -> None:
        raise AssertionError("the analysis started")

    monkeypatch.setattr(engine, "analyze", no_work)
    out = tmp_path / "只读"
    out.mkdir()
    (out / "frequency.csv").write_text("old", "utf-8")
    with unwritable(out):
        r = invoke("freq", corpus, "-q", "-o", out)
        assert r.exit_code == 2, r.output
        assert r.stderr.startswith(f"policytext: error: output folder {out} is not writable")
        r = invoke("report", corpus, "-q", "-o", out / "sub")  # a folder that cannot be created
        assert r.exit_code == 2, r.output
        assert f"cannot create output folder {out / 'sub'}" in r.stderr
        with pytest.raises(OutputFolderError, match="not writable"):
            pt.report(corpus, out)
    assert (out / "frequency.csv").read_text("utf-8") == "old"


def test_parent_not_writable_uses_a_temporary_folder_inside_the_output_folder(corpus: Path, tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    parent = tmp_path / "shared"
    out = parent / "out"
    out.mkdir(parents=True)
    (out / "notes.txt").write_text("笔记", "utf-8")
    seen: list[Path] = []
    real_write = report_mod.write_table

    def spy(df, folder, name):  # type: ignore[no-untyped-def]
        seen.append(Path(folder))
        return real_write(df, folder, name)

    monkeypatch.setattr(report_mod, "write_table", spy)
    with unwritable(parent):
        r = invoke("freq", corpus, "-q", "-o", out)
        assert r.exit_code == 0, r.output
    assert seen[0].parent == out and seen[0].name.startswith(".policytext-tmp-")
    assert sorted(p.name for p in out.iterdir()) == ["frequency.csv", "frequency.parquet", "manifest.json",
                                                     "notes.txt"]


# ---------------------------------------------------------------------------------------------------------------
# 5. a pattern that is not a valid regular expression: a usage error, no traceback
# ---------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("patterns", [["("], ["四个全面", "[三大"], ["*攻坚战"]])
def test_invalid_regex_is_a_one_line_usage_error(patterns: list[str], corpus: Path, tmp_path: Path) -> None:
    r = invoke("kwic", corpus, *patterns, "--regex", "-q", "-o", tmp_path / "kwic")
    assert r.exit_code == 2
    assert isinstance(r.exception, SystemExit)
    error = [ln for ln in r.stderr.splitlines() if ln.startswith("Error:")]
    assert len(error) == 1 and "PATTERNS" in error[0] and f"{patterns[-1]!r} is not a valid regular expression" in error[0]
    assert not (tmp_path / "kwic").exists()
    # without --regex the same text is searched literally
    r = invoke("kwic", corpus, *patterns, "-q", "-o", tmp_path / "kwic")
    assert r.exit_code == 0, r.output


def test_invalid_regex_prints_no_traceback_from_the_console(corpus: Path, tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "policytext.cli", "kwic", str(corpus), "(", "--regex", "-q", "-o",
                        str(tmp_path / "k")], capture_output=True, text=True, check=False)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "'(' is not a valid regular expression: missing ), unterminated subpattern" in r.stderr


def test_bad_file_name_pattern_is_a_one_line_error(corpus: Path, tmp_path: Path) -> None:
    # --pattern is the other pattern option: a format pattern for file names, checked by the reader
    r = invoke("freq", corpus, "--pattern", "gwr_{year.txt", "-q", "-o", tmp_path / "o")
    assert r.exit_code == 2 and isinstance(r.exception, SystemExit)
    assert r.stderr.startswith("policytext: error:") and "gwr_{year.txt" in r.stderr
    assert not (tmp_path / "o").exists()


# ---------------------------------------------------------------------------------------------------------------
# the context manager itself
# ---------------------------------------------------------------------------------------------------------------
def test_output_folder_created_only_on_success(tmp_path: Path) -> None:
    dest = tmp_path / "a" / "b" / "结果"
    with pytest.raises(ValueError, match="中途失败"):
        with output_folder(dest, command="测试") as folder:
            (folder.path / "frequency.csv").write_text("发展,1\n", "utf-8")
            raise ValueError("中途失败")
    assert list(tmp_path.iterdir()) == []  # the folders it created are gone again
    with output_folder(dest, command="测试") as folder:
        assert folder.path.parent == dest.parent and folder.path.name.startswith(".结果.policytext-tmp-")
        (folder.path / "frequency.csv").write_text("发展,1\n", "utf-8")
        assert not (dest / "frequency.csv").exists()
    assert folder.written == ["frequency.csv"] and (dest / "frequency.csv").read_text("utf-8") == "发展,1\n"
    assert hidden_leftovers(tmp_path) == []
