"""fetch_corpus safety (issue 13, point 8): symlinks at cache entries, paths leaving data_home or the mirror,
mirror entries that are not regular files, unbounded reads, and the gap between hashing and copying."""

from __future__ import annotations

import hashlib
import io
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any, BinaryIO

import pytest

import policytext.datasets as datasets
from policytext.datasets import fetch_corpus, load_manifest
from policytext.errors import FetchError

DOC = "2019年政府工作报告\n\n各位代表：\n\n现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。\n".encode()
SHA = hashlib.sha256(DOC).hexdigest()
GWR_2019 = "national_gwr/gwr_2019.txt"


def _small_manifest(monkeypatch: pytest.MonkeyPatch, path: str, data: bytes = DOC) -> None:
    """Make fetch_corpus see a manifest of one row (doc_id gwr_2019) for ``path`` holding ``data``."""
    m = load_manifest()
    row = m[m["doc_id"] == "gwr_2019"].copy()
    row["path"] = path
    row["sha256"] = hashlib.sha256(data).hexdigest()
    row["bytes"] = len(data)
    row["url"] = "https://example.org/gwr_2019.txt"
    monkeypatch.setattr(datasets, "load_manifest", lambda: row.reset_index(drop=True))


def _mirror(tmp_path: Path, data: bytes = DOC, rel: str = GWR_2019) -> Path:
    mirror = tmp_path / "mirror"
    (mirror / rel).parent.mkdir(parents=True)
    (mirror / rel).write_bytes(data)
    return mirror


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def _serve(data: bytes) -> Callable[[str, float], BinaryIO]:
    def opener(url: str, timeout: float) -> BinaryIO:
        return io.BytesIO(data)

    return opener


def _run_with_timeout(call: Callable[[], Any], seconds: float = 20.0) -> BaseException | None:
    """Run ``call`` in a daemon thread; fail if it has not returned after ``seconds``; return what it raised."""
    raised: list[BaseException | None] = []

    def target() -> None:
        try:
            call()
            raised.append(None)
        except BaseException as exc:  # handed back to the test
            raised.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"fetch_corpus did not return within {seconds}s"
    return raised[0]


# 1. symlinks at cache entries and symlinked folders inside data_home


def test_symlink_at_cache_entry_is_replaced_and_its_target_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    victim = tmp_path / "victim.txt"
    victim.write_text("用户自己的文件，不得改写", encoding="utf-8")
    home = tmp_path / "home"
    entry = home / GWR_2019
    entry.parent.mkdir(parents=True)
    entry.symlink_to(victim)
    fetch_corpus("gwr_2019", data_home=home, mirror=_mirror(tmp_path), return_path=True)
    assert victim.read_text(encoding="utf-8") == "用户自己的文件，不得改写"
    assert not entry.is_symlink() and entry.read_bytes() == DOC
    c = fetch_corpus("gwr_2019", data_home=home, download_if_missing=False)  # now served from the cache
    assert "政府工作报告" in c["gwr_2019"]


def test_symlink_to_a_correct_copy_is_not_trusted_as_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_bytes(DOC)
    home = tmp_path / "home"
    entry = home / GWR_2019
    entry.parent.mkdir(parents=True)
    entry.symlink_to(elsewhere)
    fetch_corpus("gwr_2019", data_home=home, mirror=_mirror(tmp_path), return_path=True)
    assert not entry.is_symlink() and entry.read_bytes() == DOC


def test_fifo_at_cache_entry_does_not_hang_and_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    home = tmp_path / "home"
    entry = home / GWR_2019
    entry.parent.mkdir(parents=True)
    os.mkfifo(entry)
    mirror = _mirror(tmp_path)
    assert _run_with_timeout(lambda: fetch_corpus("gwr_2019", data_home=home, mirror=mirror)) is None
    assert entry.is_file() and entry.read_bytes() == DOC


def test_symlinked_folder_inside_data_home_cannot_redirect_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    outside = tmp_path / "outside"
    outside.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    (home / "national_gwr").symlink_to(outside, target_is_directory=True)
    with pytest.raises(FetchError, match=r"national_gwr/gwr_2019\.txt.*outside the data home"):
        fetch_corpus("gwr_2019", data_home=home, mirror=_mirror(tmp_path))
    assert _files(outside) == []


def test_data_home_that_is_itself_a_symlink_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    real = tmp_path / "real_home"
    real.mkdir()
    home = tmp_path / "home"
    home.symlink_to(real, target_is_directory=True)
    fetch_corpus("gwr_2019", data_home=home, mirror=_mirror(tmp_path))
    assert (real / GWR_2019).read_bytes() == DOC


# 2. manifest paths must stay inside data_home and the mirror


def test_manifest_path_with_dotdot_is_refused_and_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rel = "../../escaped.txt"
    _small_manifest(monkeypatch, rel)
    home = tmp_path / "h" / "h" / "home"  # home/../../escaped.txt is tmp_path/h/escaped.txt
    mirror = tmp_path / "m" / "m" / "mirror"  # the mirror holds a copy at the same relative path
    mirror.mkdir(parents=True)
    (tmp_path / "m" / "escaped.txt").write_bytes(DOC)
    with pytest.raises(FetchError, match=r"'\.\./\.\./escaped\.txt'.*outside the data home"):
        fetch_corpus("gwr_2019", data_home=home, mirror=mirror, return_path=True)
    assert not (tmp_path / "h" / "escaped.txt").exists()


def test_absolute_manifest_path_is_refused_and_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "abs" / "escaped.txt"
    _small_manifest(monkeypatch, str(target))
    with pytest.raises(FetchError, match=r"escaped\.txt.*outside the data home"):
        fetch_corpus("gwr_2019", data_home=tmp_path / "home", _opener=_serve(DOC))
    assert not target.exists() and not target.parent.exists()


def test_mirror_entry_resolving_outside_the_mirror_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "gwr_2019.txt").write_bytes(DOC)
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "national_gwr").symlink_to(outside, target_is_directory=True)
    home = tmp_path / "home"
    with pytest.raises(FetchError, match=r"gwr_2019\.txt.*outside the mirror"):
        fetch_corpus("gwr_2019", data_home=home, mirror=mirror)
    assert _files(home) == []


# 3. mirror entries must be regular files; reads are bounded by the manifest's size


def test_mirror_entry_that_is_a_directory_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    mirror = tmp_path / "mirror"
    (mirror / GWR_2019).mkdir(parents=True)
    with pytest.raises(FetchError, match=r"gwr_2019\.txt: mirror entry is a directory, not a regular file"):
        fetch_corpus("gwr_2019", data_home=tmp_path / "home", mirror=mirror)


def test_mirror_symlink_to_dev_zero_is_refused_promptly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    _small_manifest(monkeypatch, GWR_2019)
    mirror = tmp_path / "mirror"
    (mirror / "national_gwr").mkdir(parents=True)
    (mirror / GWR_2019).symlink_to("/dev/zero")
    home = tmp_path / "home"
    exc = _run_with_timeout(lambda: fetch_corpus("gwr_2019", data_home=home, mirror=mirror))
    assert isinstance(exc, FetchError)
    assert "gwr_2019.txt" in str(exc) and "a character device" in str(exc)
    assert not (home / GWR_2019).exists()


def test_mirror_fifo_is_refused_without_hanging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    mirror = tmp_path / "mirror"
    (mirror / "national_gwr").mkdir(parents=True)
    os.mkfifo(mirror / GWR_2019)
    exc = _run_with_timeout(lambda: fetch_corpus("gwr_2019", data_home=tmp_path / "home", mirror=mirror))
    assert isinstance(exc, FetchError) and "gwr_2019.txt: mirror entry is a FIFO" in str(exc)


def test_mirror_symlink_loop_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    mirror = tmp_path / "mirror"
    (mirror / "national_gwr").mkdir(parents=True)
    (mirror / "national_gwr" / "loop.txt").symlink_to(mirror / GWR_2019)
    (mirror / GWR_2019).symlink_to(mirror / "national_gwr" / "loop.txt")
    with pytest.raises(FetchError, match=r"gwr_2019\.txt: mirror entry is a symlink loop"):
        fetch_corpus("gwr_2019", data_home=tmp_path / "home", mirror=mirror, download_if_missing=False)


class _Endless(io.RawIOBase):
    """A download that never ends; counts the bytes handed out."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = len(buffer)
        buffer[:n] = b"\0" * n
        self.served += n
        return n


def test_endless_download_stops_after_manifest_size_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    stream = _Endless()
    home = tmp_path / "home"
    exc = _run_with_timeout(
        lambda: fetch_corpus("gwr_2019", data_home=home, _opener=lambda url, timeout: stream)
    )
    assert isinstance(exc, FetchError)
    assert f"larger than the manifest's {len(DOC)} bytes" in str(exc)
    assert stream.served == len(DOC) + 1
    assert _files(home) == ["national_gwr"]  # no entry and no temporary file


def test_mirror_copy_longer_than_manifest_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    home = tmp_path / "home"
    with pytest.raises(FetchError, match=r"mirror copy .*gwr_2019\.txt: larger than the manifest's"):
        fetch_corpus("gwr_2019", data_home=home, mirror=_mirror(tmp_path, DOC + "附件".encode()))
    assert _files(home) == ["national_gwr"]


# 4. the bytes that are hashed are the bytes that are kept


def test_mirror_swapped_right_after_hashing_does_not_reach_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An attacker replaces the mirror file the moment it has been hashed: what lands in the cache must still
    be the bytes that were hashed."""
    _small_manifest(monkeypatch, GWR_2019)
    mirror = _mirror(tmp_path)
    tampered = DOC.replace("国务院".encode(), "某某某".encode())

    def sha256(*args: Any) -> Any:
        h = hashlib.sha256(*args)

        def hexdigest() -> str:
            digest = h.hexdigest()
            (mirror / GWR_2019).write_bytes(tampered)
            return digest

        return SimpleNamespace(update=h.update, hexdigest=hexdigest)

    monkeypatch.setattr(datasets, "hashlib", SimpleNamespace(sha256=sha256))
    home = tmp_path / "home"
    c = fetch_corpus("gwr_2019", data_home=home, mirror=mirror)
    assert (home / GWR_2019).read_bytes() == DOC
    assert "国务院" in c["gwr_2019"]


def test_bad_download_names_url_and_both_hashes_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    bad = DOC.replace("国务院".encode(), "某某某".encode())
    home = tmp_path / "home"
    with pytest.raises(FetchError) as info:
        fetch_corpus("gwr_2019", data_home=home, _opener=_serve(bad))
    msg = str(info.value)
    assert "https://example.org/gwr_2019.txt" in msg
    assert hashlib.sha256(bad).hexdigest() in msg and SHA in msg
    assert _files(home) == ["national_gwr"]


def test_bad_download_keeps_the_previous_cache_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    home = tmp_path / "home"
    entry = home / GWR_2019
    entry.parent.mkdir(parents=True)
    entry.write_text("旧的副本", encoding="utf-8")
    with pytest.raises(FetchError, match="sha256"):
        fetch_corpus("gwr_2019", data_home=home, _opener=_serve(b"not the report"))
    assert entry.read_text(encoding="utf-8") == "旧的副本"
    assert _files(home) == ["national_gwr", GWR_2019]


def test_download_failing_midway_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_manifest(monkeypatch, GWR_2019)

    class Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            raise ConnectionResetError("connection reset by peer")

    home = tmp_path / "home"
    with pytest.raises(FetchError, match=r"gwr_2019\.txt: could not download .*reset.*mirror="):
        fetch_corpus("gwr_2019", data_home=home, _opener=lambda url, timeout: Broken())
    assert not any(p.is_file() for p in home.rglob("*"))


def test_cache_entry_gets_the_usual_permissions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    home = tmp_path / "home"
    old = os.umask(0o022)
    try:
        fetch_corpus("gwr_2019", data_home=home, mirror=_mirror(tmp_path), return_path=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE((home / GWR_2019).stat().st_mode) == 0o644  # not a private temporary file's 0o600


def test_download_that_matches_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _small_manifest(monkeypatch, GWR_2019)
    home = tmp_path / "home"
    c = fetch_corpus("gwr_2019", data_home=home, _opener=_serve(DOC))
    assert (home / GWR_2019).read_bytes() == DOC and _files(home) == ["national_gwr", GWR_2019]
    assert c.docvars.loc["gwr_2019", "year"] == 2019
