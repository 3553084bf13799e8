"""manifest.json records what it claims: versions, segmenter configuration hash, corpus hash, parameters, seeds,
timings and the hash of every output; each is recomputed here independently of policytext."""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
from importlib import metadata
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import policytext as pt
from policytext.cli import main
from policytext.manifest import Manifest, corpus_hash, corpus_hash_sorted, jsonable, read_manifest


def run(*args: object) -> None:
    r = CliRunner().invoke(main, [str(a) for a in args])
    assert r.exit_code == 0, r.stderr


def independent_corpus_hash(folder: Path) -> str:
    """sha256 over ``doc_id<TAB>sha256(file bytes)`` lines sorted by doc_id (doc_id = file stem)."""
    lines = sorted(f"{p.stem}\t{hashlib.sha256(p.read_bytes()).hexdigest()}\n" for p in folder.iterdir()
                   if p.is_file())
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def freq_run(tmp_path_factory: pytest.TempPathFactory, congress_pair: Path) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("man") / "freq"
    cfg = out.parent / "seg.yaml"
    cfg.write_text("stopwords: default\nhmm: false\n", "utf-8")
    run("freq", congress_pair, "--top", "30", "--segmenter-config", cfg, "-q", "-o", out)
    return out, read_manifest(out)


def test_versions(freq_run: tuple[Path, dict]) -> None:
    import numpy
    import pandas

    env = freq_run[1]["environment"]
    assert env["python"] == platform.python_version()
    pk = env["packages"]
    for name in ("policytext", "jieba", "rjieba", "scipy", "pyarrow", "scikit-learn", "dask", "distributed"):
        assert pk[name] == metadata.version(name), name
    assert pk["numpy"] == numpy.__version__ and pk["pandas"] == pandas.__version__


def test_segmenter_config_hash(freq_run: tuple[Path, dict]) -> None:
    seg = freq_run[1]["segmenter"]
    used = pt.Segmenter(stopwords="default", hmm=False)
    assert seg["config_hash"] == used.config_hash
    assert seg["config_hash"] != pt.Segmenter().config_hash != pt.Segmenter(stopwords="default").config_hash
    assert seg["params"]["stopwords"] == "default" and seg["params"]["hmm"] is False
    assert seg["config"]["backend_version"] == metadata.version("rjieba")


def test_corpus_hash_recomputed_from_the_files(freq_run: tuple[Path, dict], corpus_raw: Path,
                                               congress_pair: Path, tmp_path: Path) -> None:
    folder = congress_pair
    man = freq_run[1]["corpus"]
    assert man["n_documents"] == 2
    assert man["corpus_sha256"] == independent_corpus_hash(folder)
    # the per-document hashes are those INDEX.csv gives for the files
    index = pd.read_csv(corpus_raw / "INDEX.csv").set_index("doc_id")
    lines = sorted(f"{d}\t{index.loc[d, 'sha256']}\n" for d in ("congress_19th_2017", "congress_20th_2022"))
    assert man["corpus_sha256"] == hashlib.sha256("".join(lines).encode()).hexdigest()
    # same bytes elsewhere: same hash; one character more in one document: another hash
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    run("freq", copy, "--top", "5", "-q", "-o", tmp_path / "o1")
    assert read_manifest(tmp_path / "o1")["corpus"]["corpus_sha256"] == man["corpus_sha256"]
    f = copy / "congress_20th_2022.txt"
    f.write_bytes(f.read_bytes() + "。".encode())
    run("freq", copy, "--top", "5", "-q", "-o", tmp_path / "o2")
    assert read_manifest(tmp_path / "o2")["corpus"]["corpus_sha256"] == independent_corpus_hash(copy)
    assert independent_corpus_hash(copy) != man["corpus_sha256"]


def test_parameters_seeds_timings_outputs(freq_run: tuple[Path, dict], congress_pair: Path) -> None:
    out, man = freq_run
    assert man["command"] == "freq"
    p = man["parameters"]
    assert p["path"] == str(congress_pair) and p["top"] == 30 and p["engine"] == "local"
    assert p["group_by"] is None and p["extra_docvars"] == "error" and p["segmenter_config"].endswith("seg.yaml")
    assert man["random_seeds"] == {}
    assert man["engine"]["name"] == "local" and man["engine"]["n_jobs"] == 1
    t = man["timings_seconds"]
    assert {"analyze", "analyze.read", "analyze.tokenize", "write"} <= set(t)
    assert all(isinstance(v, float) and v >= 0 for v in t.values())
    assert t["analyze"] >= t["analyze.tokenize"]
    files = sorted(q.name for q in out.iterdir() if q.name != "manifest.json")
    assert sorted(man["outputs"]) == files == ["frequency.csv", "frequency.parquet"]
    for name, digest in man["outputs"].items():
        assert digest == hashlib.sha256((out / name).read_bytes()).hexdigest()
    assert len(pd.read_csv(out / "frequency.csv")) == 30


def test_manifest_round_trip_and_jsonable(tmp_path: Path) -> None:
    m = Manifest("report", {"target": "year=2020", "protect": ("numbered", "quoted"), "dict": Path("政策.txt")})
    m.seeds["topics"] = 7
    with m.timed("count"):
        sum(range(1000))
    m.write(tmp_path)
    back = read_manifest(tmp_path / "manifest.json")
    assert back["parameters"] == {"target": "year=2020", "protect": ["numbered", "quoted"], "dict": "政策.txt"}
    assert back["random_seeds"] == {"topics": 7} and back["timings_seconds"]["count"] >= 0
    assert json.loads((tmp_path / "manifest.json").read_text("utf-8")) == back
    assert jsonable({"s": {"稳中求进", "坚持"}}) == {"s": sorted(["稳中求进", "坚持"], key=repr)}  # sets: fixed order


@given(st.dictionaries(st.text(min_size=1, max_size=8), st.text(alphabet="0123456789abcdef", min_size=64,
                                                                  max_size=64), min_size=1, max_size=6))
def test_corpus_hash_is_the_sha256_of_sorted_doc_hash_lines(d: dict[str, str]) -> None:
    lines = "".join(f"{k}\t{d[k]}\n" for k in sorted(d))
    assert corpus_hash(d) == hashlib.sha256(lines.encode("utf-8")).hexdigest()
    assert corpus_hash(dict(reversed(list(d.items())))) == corpus_hash(d)
    # the streamed form (what the dask engine uses) gives the same hash without building a dict
    assert corpus_hash_sorted(iter(sorted(d.items()))) == (len(d), hashlib.sha256(lines.encode("utf-8")).hexdigest())


def test_corpus_hash_sorted_refuses_unsorted_or_repeated_doc_ids() -> None:
    with pytest.raises(ValueError, match="not strictly increasing"):
        corpus_hash_sorted([("讲话", "cd"), ("政府工作报告2019", "ab")])  # 讲 U+8BB2 > 政 U+653F
    with pytest.raises(ValueError, match="not strictly increasing"):
        corpus_hash_sorted([("gwr_2019", "ab"), ("gwr_2019", "ab")])
    m = Manifest("freq")
    m.set_corpus(iter([("gwr_2019", "ab"), ("gwr_2020", "cd")]), "c")
    assert m.corpus == {"path": "c", "n_documents": 2, "skipped": [], "corpus_sha256": corpus_hash({"gwr_2020": "cd",
                                                                                      "gwr_2019": "ab"})}


def test_output_hash_is_streamed_not_read_whole(tmp_path: Path) -> None:
    """A large output is hashed in chunks: memory does not grow with the file (a 2 GB file took 2.4 GB)."""
    import tracemalloc

    big = tmp_path / "tokens.parquet"
    size = 96 << 20
    with open(big, "wb") as fh:
        block = "坚持稳中求进工作总基调。".encode() * 4096
        for _ in range(size // len(block)):
            fh.write(block)
    expected = hashlib.sha256()
    with open(big, "rb") as fh:
        while chunk := fh.read(1 << 16):
            expected.update(chunk)
    m = Manifest("tokenize")
    tracemalloc.start()
    try:
        m.add_outputs(tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert m.outputs == {"tokens.parquet": expected.hexdigest()}
    assert peak < 8 << 20, f"hashing a {size >> 20} MiB file took {peak >> 20} MiB"
