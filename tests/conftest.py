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


@pytest.fixture(scope="session")
def shared_texts(corpus_raw: Path) -> dict[str, str]:
    """Every document of the shared corpus, decoded with its INDEX.csv encoding (CSV: full_text) —
    independently of policytext's reader, and once per test session."""
    out: dict[str, str] = {}
    with open(corpus_raw / "INDEX.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            text = (corpus_raw / row["path"]).read_bytes().decode(row["encoding"])
            if row["path"].endswith(".csv"):
                text = "\n".join(r["full_text"] for r in csv.DictReader(io.StringIO(text)))
            out[row["doc_id"]] = text
    return out
