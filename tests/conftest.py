"""Shared fixtures: the shared corpus lives beside the project root (../shared/corpus_raw)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
