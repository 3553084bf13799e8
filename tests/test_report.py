"""``policytext report``, the main job: the README command on corpus/sample, run twice (identical outputs), and a
grouped/targeted run on the national government work reports; tables checked against independent counts."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import policytext as pt
from policytext.cli import main
from policytext.tokenize import load_stopwords

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "sample"
TABLES = ["corpus_info", "frequency", "keyness_by_collection", "numbered", "numbered_summary", "sections"]
FIGURES = ["frequency.png", "collections.png", "formulations.png"]


def run(*args: object) -> None:
    r = CliRunner().invoke(main, [str(a) for a in args])
    assert r.exit_code == 0, r.stderr


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("report")
    run("report", SAMPLE, "-q", "-o", base / "a")  # the README's main job
    run("report", SAMPLE, "-q", "-o", base / "b")
    return base / "a", base / "b"


@pytest.fixture(scope="module")
def sample_counts() -> tuple[pt.Corpus, dict[str, Counter[str]]]:
    c = pt.read_corpus(SAMPLE)
    seg = pt.Segmenter()
    return c, {d: Counter(w for w in seg.cut(t) if not w.isspace()) for d, t in c}


def test_readme_job_writes_tables_figures_summary_manifest(twice: tuple[Path, Path]) -> None:
    out = twice[0]
    names = {p.name for p in out.iterdir()}
    expected = {f"{t}.{ext}" for t in TABLES for ext in ("csv", "parquet")} | set(FIGURES) | {
        "summary.md", "summary.html", "manifest.json"}
    assert names == expected
    for fig in FIGURES:
        data = (out / fig).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, fig
    html = (out / "summary.html").read_text("utf-8")
    assert html.count("data:image/png;base64,") == len(FIGURES) and "三农" in html and "<table>" in html
    md = (out / "summary.md").read_text("utf-8")
    assert "27 documents" in md and all(f"]({fig})" in md for fig in FIGURES)


def test_two_runs_give_identical_outputs(twice: tuple[Path, Path]) -> None:
    a, b = twice
    for p in sorted(a.iterdir()):
        if p.name != "manifest.json":
            assert p.read_bytes() == (b / p.name).read_bytes(), p.name
    ma, mb = (json.loads((d / "manifest.json").read_text("utf-8")) for d in twice)
    assert set(ma["timings_seconds"]) == set(mb["timings_seconds"])
    ma.pop("timings_seconds")
    mb.pop("timings_seconds")
    ma["parameters"].pop("source"), mb["parameters"].pop("source")
    assert ma == mb
    for name, digest in ma["outputs"].items():
        assert digest == hashlib.sha256((a / name).read_bytes()).hexdigest()


def test_corpus_info_and_collections(twice: tuple[Path, Path], sample_counts) -> None:
    info = pd.read_csv(twice[0] / "corpus_info.csv", encoding="utf-8-sig")
    on_disk = Counter(p.parent.name for p in SAMPLE.glob("*/*") if p.is_file())
    assert info["collection"].value_counts().to_dict() == dict(on_disk)
    assert len(info) == 27 and info["doc_id"].is_monotonic_increasing
    for r in info.itertuples():
        path = next(SAMPLE.glob(f"*/{r.doc_id}.*"))
        assert r.sha256 == hashlib.sha256(path.read_bytes()).hexdigest() and r.bytes == path.stat().st_size
    _, counts = sample_counts
    assert info.set_index("doc_id")["tokens"].to_dict() == {d: sum(c.values()) for d, c in counts.items()}


def test_word_tables_leave_out_stopwords_and_count_right(twice: tuple[Path, Path], sample_counts) -> None:
    freq = pd.read_csv(twice[0] / "frequency.csv", encoding="utf-8-sig")
    stop = set(load_stopwords())
    assert len(freq) == 100 and not set(freq["feature"]) & stop
    assert not any(all(not ch.isalnum() for ch in w) or w.isnumeric() for w in freq["feature"])
    _, counts = sample_counts
    total: Counter[str] = sum(counts.values(), Counter())
    content = [w for w, _ in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
               if w not in stop and any(ch.isalnum() for ch in w) and not w.isnumeric()]
    assert freq["feature"].tolist() == content[:100]
    assert freq["frequency"].tolist() == [total[w] for w in content[:100]]
    assert freq["feature"].iloc[0] == "发展"


def test_distinctive_words_per_collection(twice: tuple[Path, Path], sample_counts) -> None:
    key = pd.read_csv(twice[0] / "keyness_by_collection.csv", encoding="utf-8-sig")
    assert sorted(key["collection"].unique()) == ["communiques", "congress_reports", "national_gwr",
                                                  "provincial_gwr"]
    assert (key["statistic"] > 0).all()
    first = key[key["rank"] == 1].set_index("collection")["feature"].to_dict()
    assert first["communiques"] == "全会"  # a plenum communiqué calls the plenum 全会
    assert first["provincial_gwr"] == "贵州"  # the one provincial report in the sample is Guizhou's
    c, counts = sample_counts
    comm = [d for d in c.doc_ids if d.startswith("plenum_communique")]
    row = key[(key["collection"] == "communiques") & (key["feature"] == "全会")].iloc[0]
    assert row["n_target"] == sum(counts[d]["全会"] for d in comm)
    assert row["n_reference"] == sum(counts[d]["全会"] for d in c.doc_ids if d not in comm)


def test_numbered_summary(twice: tuple[Path, Path]) -> None:
    summ = pd.read_parquet(twice[0] / "numbered_summary.parquet").set_index("label")
    num = pd.read_parquet(twice[0] / "numbered.parquet")
    assert list(summ["members"].loc["三农"]) == ["农业", "农村", "农民"]  # agriculture, villages, farmers
    assert summ.loc["三农", "mentions"] == (num["label"] == "三农").sum()
    assert summ["mentions"].is_monotonic_decreasing


def test_grouped_targeted_report(tmp_path: Path) -> None:
    gwr = SAMPLE / "national_gwr"
    run("report", gwr, "--pattern", "gwr_{year}.txt", "--group-by", "year", "--target", "year=2020", "--top", "30",
        "-q", "-o", tmp_path)
    names = {p.name for p in tmp_path.iterdir()}
    assert {"frequency_by_group.csv", "keyness.csv", "trends.png", "keyness.png"} <= names
    assert "keyness_by_collection.csv" not in names  # one folder: no collections
    fbg = pd.read_csv(tmp_path / "frequency_by_group.csv", encoding="utf-8-sig")
    years = sorted(int(p.stem.split("_")[1]) for p in gwr.glob("gwr_*.txt"))
    assert sorted(fbg["group"].unique()) == years and (fbg.groupby("group").size() == 30).all()
    key = pd.read_csv(tmp_path / "keyness.csv", encoding="utf-8-sig")
    assert key["feature"].iloc[0] == "疫情"
    md = (tmp_path / "summary.md").read_text("utf-8")
    assert "Keyness: year=2020 vs the rest" in md and "Top words by year" in md and f"Years: {years[0]}" in md
    man = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    assert man["parameters"]["group_by"] == "year" and man["parameters"]["target"] == "year=2020"


def test_keep_stopwords_and_python_api(corpus_raw: Path, tmp_path: Path) -> None:
    out = pt.report(corpus_raw / "congress_reports", tmp_path, stopwords=False, figures=False, top=5)
    freq = pd.read_csv(out / "frequency.csv", encoding="utf-8-sig")
    assert freq["feature"].iloc[0] == "的"
    assert json.loads((out / "manifest.json").read_text("utf-8"))["parameters"]["stopwords"] is False
    assert not list(out.glob("*.png"))
