"""Shared fixtures: the shared corpus lives beside the project root (../shared/corpus_raw)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis: random exploration locally; CI (.ci/run sets HYPOTHESIS_PROFILE=ci) uses a fixed derandomized
# search so that a main branch that was green stays green. Failing examples found locally become explicit tests.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("POLICYTEXT_SHARED", ROOT.parent / "shared")).resolve()
CORPUS_RAW = SHARED / "corpus_raw"
SEED = CORPUS_RAW / "local_speeches" / "speech_district_party_secretary_wuxuhui_2020.txt"


@pytest.fixture(scope="session")
def corpus_raw() -> Path:
    if not (CORPUS_RAW / "INDEX.csv").exists():
        pytest.fail(f"shared corpus not found at {CORPUS_RAW} (set POLICYTEXT_SHARED)")
    return CORPUS_RAW


@pytest.fixture(scope="session")
def seed_path(corpus_raw: Path) -> Path:
    return SEED


def index_rows(corpus_raw: Path) -> list[dict[str, str]]:
    """The rows of the shared corpus's INDEX.csv (one per file)."""
    with open(corpus_raw / "INDEX.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def table_rows(corpus_raw: Path, row: dict[str, str]) -> list[str]:
    """The texts of a table file of the shared corpus (column full_text or Text), decoded independently of
    policytext with the INDEX.csv encoding."""
    text = (corpus_raw / row["path"]).read_bytes().decode(row["encoding"])
    records = list(csv.DictReader(io.StringIO(text)))
    col = next(c for c in ("full_text", "Text", "text") if c in records[0])
    return [r[col] for r in records]


def expected_doc_ids(corpus_raw: Path, row: dict[str, str]) -> list[str]:
    """The doc_ids the reader should give a file: its doc_id, or doc_id.NN (1-based, zero-padded) for each row
    of a table of several rows."""
    if not row["path"].endswith(".csv"):
        return [row["doc_id"]]
    n = len(table_rows(corpus_raw, row))
    return [row["doc_id"]] if n == 1 else [f"{row['doc_id']}.{i:0{len(str(n))}d}" for i in range(1, n + 1)]


@pytest.fixture(scope="session")
def congress_pair(tmp_path_factory: pytest.TempPathFactory, corpus_raw: Path) -> Path:
    """A folder ``congress_reports`` holding the two hand-checked congress reports (19th, UTF-16 with CRLF; 20th,
    UTF-8), copied byte for byte: a fixed input for tests whose expectations were checked by hand on these two,
    so that they stand when the shared folder grows."""
    import shutil

    folder = tmp_path_factory.mktemp("pair") / "congress_reports"
    folder.mkdir()
    for name in ("congress_19th_2017.txt", "congress_20th_2022.txt"):
        shutil.copyfile(corpus_raw / "congress_reports" / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def shared_texts(corpus_raw: Path) -> dict[str, str]:
    """Every document of the shared corpus, decoded with its INDEX.csv encoding (tables: one document per row,
    named as the reader names them) — independently of policytext's reader, and once per test session."""
    out: dict[str, str] = {}
    for row in index_rows(corpus_raw):
        if row["path"].endswith(".csv"):
            out.update(zip(expected_doc_ids(corpus_raw, row), table_rows(corpus_raw, row), strict=True))
        else:
            out[row["doc_id"]] = (corpus_raw / row["path"]).read_bytes().decode(row["encoding"])
    return out
