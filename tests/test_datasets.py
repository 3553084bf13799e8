"""fetch_corpus: manifest, sha256 verification, cache, local mirror, offline errors."""

from __future__ import annotations

import hashlib
import shutil
import urllib.error
import warnings
from pathlib import Path
from typing import NoReturn

import pandas as pd
import pytest

import policytext as pt
from policytext.datasets import fetch_corpus, load_manifest
from policytext.errors import FetchError

ROOT = Path(__file__).resolve().parent.parent


def test_project_manifest_equals_package_manifest() -> None:
    assert (ROOT / "corpus" / "MANIFEST.csv").read_bytes() == (
        ROOT / "policytext" / "data" / "manifest.csv"
    ).read_bytes()


def test_manifest_matches_shared_index(corpus_raw: Path) -> None:
    index = pd.read_csv(corpus_raw / "INDEX.csv", dtype=str, keep_default_na=False).set_index("path")
    m = load_manifest().set_index("path")
    # the shared corpus only grows: every manifest entry is still there, with the same bytes and metadata
    assert set(m.index) <= set(index.index)
    common = m.index
    for col in ("doc_id", "sha256", "year", "genre", "level", "encoding"):
        assert (m[col] == index.loc[common, col]).all(), col
    missing = sorted(set(index.index) - set(m.index))
    if missing:
        warnings.warn(f"corpus/MANIFEST.csv lacks {len(missing)} shared files (regenerate it): {missing}",
                      stacklevel=1)
    # a public document has a source URL unless it is one field of a JSONL record (no file to download);
    # speeches of unclear licence have none
    public = m[m["genre"] != "speech"]
    assert ((public["url"] != "") | public["source_path"].str.endswith(".jsonl")).all()
    assert (m.loc[m["genre"] == "speech", "url"] == "").all()


def test_sample_files_match_manifest_and_stay_small() -> None:
    m = load_manifest()
    sample = m[m["in_sample"] == "yes"]
    total = 0
    for row in sample.itertuples():
        p = ROOT / "corpus" / "sample" / row.path
        data = p.read_bytes()
        total += len(data)
        assert hashlib.sha256(data).hexdigest() == row.sha256, p
        assert row.genre != "speech"  # only official documents are redistributed
    files = [p for p in (ROOT / "corpus" / "sample").rglob("*") if p.is_file() and p.name != "README.md"]
    assert len(files) == len(sample) == 27
    assert total <= 3 * 1024 * 1024


def test_fetch_from_mirror_verifies_and_caches(tmp_path: Path, corpus_raw: Path) -> None:
    home = tmp_path / "home"
    c = fetch_corpus("congress_reports", data_home=home, mirror=corpus_raw)
    m = load_manifest()
    assert c.doc_ids == sorted(m.loc[m["collection"] == "congress_reports", "doc_id"])
    assert {"congress_19th_2017", "congress_20th_2022"} <= set(c.doc_ids)
    assert c.docvars.loc["congress_20th_2022", "year"] == 2022
    assert c.docvars.loc["congress_19th_2017", "speaker"] == "习近平"
    assert (home / "congress_reports" / "congress_20th_2022.txt").exists()
    # second call: served from the cache, even with no mirror and no network
    c2 = fetch_corpus("congress_reports", data_home=home, download_if_missing=False)
    assert c2.texts == c.texts


def test_fetch_single_doc_and_return_path(tmp_path: Path, corpus_raw: Path) -> None:
    path = fetch_corpus("gwr_2019", data_home=tmp_path, mirror=corpus_raw, return_path=True)
    assert (Path(path) / "gwr_2019.txt").exists()


def test_corrupt_mirror_copy_is_refused(tmp_path: Path, corpus_raw: Path) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(corpus_raw / "congress_reports", mirror / "congress_reports")
    p = mirror / "congress_reports" / "congress_20th_2022.txt"
    p.write_bytes(p.read_bytes()[:-10])
    with pytest.raises(FetchError, match=r"congress_20th_2022\.txt.*sha256"):
        fetch_corpus("congress_reports", data_home=tmp_path / "home", mirror=mirror)


def test_bad_cached_copy_is_replaced_from_mirror(tmp_path: Path, corpus_raw: Path) -> None:
    home = tmp_path / "home"
    bad = home / "national_gwr" / "gwr_2019.txt"
    bad.parent.mkdir(parents=True)
    bad.write_text("被篡改的副本", encoding="utf-8")
    c = fetch_corpus("gwr_2019", data_home=home, mirror=corpus_raw)
    assert "政府工作报告" in c["gwr_2019"]
    assert bad.read_bytes() == (corpus_raw / "national_gwr" / "gwr_2019.txt").read_bytes()


def test_offline_without_mirror_says_what_to_do(tmp_path: Path) -> None:
    def offline(url: str, timeout: float) -> NoReturn:
        raise urllib.error.URLError("network unreachable")

    with pytest.raises(FetchError, match=r"gwr_2019\.txt.*offline.*mirror="):
        fetch_corpus("gwr_2019", data_home=tmp_path, _opener=offline)
    with pytest.raises(FetchError, match=r"download_if_missing=False"):
        fetch_corpus("gwr_2019", data_home=tmp_path, download_if_missing=False)


def test_speech_of_unclear_licence_needs_a_mirror(tmp_path: Path, corpus_raw: Path) -> None:
    with pytest.raises(FetchError, match="not redistributed"):
        fetch_corpus("local_speeches", data_home=tmp_path)
    c = fetch_corpus("local_speeches", data_home=tmp_path, mirror=corpus_raw)
    assert c.docvars["salutation"].iloc[0] == "同志们："


def test_unknown_name_and_bad_mirror(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="unknown dataset 'gwr_1066'"):
        fetch_corpus("gwr_1066", data_home=tmp_path)
    with pytest.raises(FetchError, match="not a directory"):
        fetch_corpus("gwr_2019", data_home=tmp_path, mirror=tmp_path / "nope")


def test_fetch_corpus_is_top_level() -> None:
    assert pt.fetch_corpus is fetch_corpus
