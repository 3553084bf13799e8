"""The Dask engine gives exactly the local engine's tables, on real documents of the shared corpus.

One LocalCluster (2 single-threaded worker processes) serves the whole module.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import policytext as pt
from policytext.cli import main
from policytext.engine import analyze
from policytext.engine.dask import MetaStore, pack_partition, partition_files, unpack_partition

pytestmark = pytest.mark.slow  # the slow tier: python -m pytest -m slow

distributed = pytest.importorskip("distributed")


def _sources(corpus_raw: Path) -> list[str]:
    """Communiqués, the 1-row provincial CSV tables (their web residue 收藏/下载/相关报道： recurs in 18 of them:
    corpus boilerplate), the dirty scrapes and the 范文 seed speech (advertising block): every cleaning path."""
    return [str(corpus_raw / d) for d in ("communiques", "provincial_gwr", "other", "local_speeches")]


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                       silence_logs=40)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def both(corpus_raw: Path, client):
    kw = dict(docvars=corpus_raw / "INDEX.csv", extra_docvars="drop", group_by="genre",
              want=("frequency", "dfm", "numbered", "sections"))
    local = analyze(_sources(corpus_raw), engine="local", **kw)
    # small partitions: many partitions finishing in any order
    dsk = analyze(_sources(corpus_raw), engine="dask", client=client, partition_bytes=150_000, **kw)
    return local, dsk


def _resolve_sources(corpus_raw: Path) -> list:
    from policytext.corpus.reader import list_document_files

    return list_document_files(_sources(corpus_raw))[0]


def test_partitioning_is_real(corpus_raw: Path) -> None:
    from policytext.corpus.reader import list_document_files

    parts = partition_files(list_document_files(_sources(corpus_raw))[0], 150_000)
    assert len(parts) >= 6
    assert sum(len(p) for p in parts) == 38 + 25 + 2 + 1


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_partitions_listed_in_a_child_are_the_readers_files(corpus_raw: Path, start_method: str) -> None:
    """The packed partitions listed in a child process hold exactly the files the reader finds, in order."""
    import multiprocessing as mp

    from policytext.corpus.reader import list_document_files

    if start_method not in mp.get_all_start_methods():
        pytest.skip(f"no {start_method} on this platform")
    store = MetaStore()
    n = store.list_files(_sources(corpus_raw), partition_bytes=150_000, start_method=start_method)
    expected = partition_files(list_document_files(_sources(corpus_raw))[0], 150_000)
    assert [unpack_partition(store.part("files", i)) for i in range(n)] == expected
    with pytest.raises(pt.errors.CorpusReadError, match="no_such_folder: no such file or directory"):
        store.list_files(str(corpus_raw / "no_such_folder"), start_method=start_method)
    store.close()


@given(st.lists(st.tuples(st.text(st.characters(blacklist_characters="\0"), min_size=1),
                          st.text(st.characters(blacklist_characters="\0"), min_size=1)), max_size=20))
def test_packed_partition_round_trips(files: list[tuple[str, str]]) -> None:
    assert unpack_partition(pack_partition(files)) == files


def test_frequency_table_identical(both) -> None:
    local, dsk = both
    assert set(local.frequency["group"]) == {"communique", "gwr", "speech"}
    pd.testing.assert_frame_equal(local.frequency, dsk.frequency, check_exact=True)
    top = dsk.frequency[dsk.frequency["group"] == "communique"].iloc[0]
    assert top["feature"] == "，" and top["rank"] == 1


def test_dfm_identical(both) -> None:
    local, dsk = both
    assert local.dfm.doc_ids == dsk.dfm.doc_ids
    assert local.dfm.features == dsk.dfm.features
    assert local.dfm.matrix.shape == dsk.dfm.matrix.shape
    assert (local.dfm.matrix != dsk.dfm.matrix).nnz == 0
    np.testing.assert_array_equal(local.dfm.ntokens, dsk.dfm.ntokens)
    pd.testing.assert_frame_equal(local.dfm.docvars, dsk.dfm.docvars)
    assert "title_detected" in dsk.docvars.columns and "province" in dsk.docvars.columns  # from the CSV rows


def test_slogan_tables_identical(both) -> None:
    local, dsk = both
    assert len(local.numbered) > 50
    pd.testing.assert_frame_equal(local.numbered, dsk.numbered)
    pd.testing.assert_frame_equal(local.sections, dsk.sections)
    # list columns come back as lists
    listed = dsk.numbered[dsk.numbered["members_source"] == "listed"]
    assert len(listed) and all(isinstance(m, list) for m in listed["members"])


def test_corpus_global_cleaning_reproduced(both) -> None:
    local, dsk = both
    cols = ["sha256", "bytes", "encoding", "n_chars", "n_removed", "body_start"]
    assert local.provenance[cols].astype(object).values.tolist() == dsk.provenance[cols].astype(object).values.tolist()
    # the corpus-global repeated_line rule fired (provincial web residue) and the seed lost its ad block
    hit = [d for d, rs in local.provenance["removed"].items() if any(r["rule"] == "repeated_line" for r in rs)]
    assert len(hit) >= 13
    assert all(not any(line.strip() == "相关报道：" for line in local.corpus[d].split("\n")) for d in hit)
    seed = dsk.provenance.loc["speech_district_party_secretary_wuxuhui_2020"]
    assert seed["n_removed"] > 0


def test_ungrouped_top_n_identical(corpus_raw: Path, client) -> None:
    src = [str(corpus_raw / "congress_reports"), str(corpus_raw / "local_speeches")]
    a = analyze(src, n=30)
    b = analyze(src, n=30, engine="dask", client=client)
    pd.testing.assert_frame_equal(a.frequency, b.frequency)
    assert len(b.frequency) == 30 and (b.frequency["group"] == "all").all()


def test_report_tables_identical_local_vs_dask(corpus_raw: Path, client, tmp_path: Path) -> None:
    src = str(corpus_raw / "congress_reports")
    pt.report(src, tmp_path / "local", target="congress_20th_2022", figures=False)
    pt.report(src, tmp_path / "dask", target="congress_20th_2022", figures=False, engine="dask", client=client)
    tables = sorted(p.name for p in (tmp_path / "local").glob("*.csv"))
    assert tables == sorted(p.name for p in (tmp_path / "dask").glob("*.csv"))
    assert "keyness.csv" in tables and "numbered.csv" in tables
    for name in tables:
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name


def test_cli_freq_dask_on_scheduler_address(corpus_raw: Path, client, tmp_path: Path) -> None:
    src = str(corpus_raw / "congress_reports")
    r = CliRunner().invoke(main, ["freq", src, "--engine", "dask", "--scheduler", client.scheduler.address,
                                  "--top", "40", "-q", "-o", str(tmp_path / "d")])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["freq", src, "--top", "40", "-q", "-o", str(tmp_path / "l")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "d" / "frequency.csv").read_bytes() == (tmp_path / "l" / "frequency.csv").read_bytes()
    man = pt.manifest.read_manifest(tmp_path / "d")
    assert man["engine"]["name"] == "dask" and man["engine"]["address"] == client.scheduler.address


def test_dask_engine_errors(corpus_raw: Path, client, tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="no docvar 'province'"):
        analyze(str(corpus_raw / "congress_reports"), engine="dask", client=client, group_by="province")
    with pytest.raises(pt.CorpusReadError, match="no such file"):
        analyze(str(tmp_path / "missing"), engine="dask", client=client)
    with pytest.raises(ValueError, match="engine must be one of"):
        analyze(str(corpus_raw / "congress_reports"), engine="spark")


def test_spilled_first_pass_gives_identical_tables(corpus_raw: Path, client, both, tmp_path: Path) -> None:
    """Pass 2 reads the decoded and cleaned documents that pass 1 left in ``spill_dir`` (files decoded once)."""
    local, _ = both
    spill = tmp_path / "spill"
    spill.mkdir()
    dsk = analyze(_sources(corpus_raw), engine="dask", client=client, partition_bytes=150_000, spill_dir=spill,
                  docvars=corpus_raw / "INDEX.csv", extra_docvars="drop", group_by="genre",
                  want=("frequency", "dfm", "numbered", "sections"))
    pd.testing.assert_frame_equal(local.frequency, dsk.frequency, check_exact=True)
    assert (local.dfm.matrix != dsk.dfm.matrix).nnz == 0
    pd.testing.assert_frame_equal(local.numbered, dsk.numbered)
    cols = ["n_chars", "n_removed", "body_start"]
    assert local.provenance[cols].astype(object).values.tolist() == dsk.provenance[cols].astype(object).values.tolist()
    assert list(spill.iterdir()) == []  # pass 2 consumed (deleted) every spill file


def test_scan_then_count_with_spill_file(corpus_raw: Path, tmp_path: Path) -> None:
    """The spill file written by pass 1 is what pass 2 counts: a partition whose files vanished in between still
    gives the counts of the files as they were read (and the same counts as without spilling)."""
    from policytext.engine.dask import count_partition, default_options, scan_partition

    src = tmp_path / "c"
    src.mkdir()
    seed = corpus_raw / "local_speeches" / "speech_district_party_secretary_wuxuhui_2020.txt"
    (src / "seed.txt").write_bytes(seed.read_bytes())
    files = [(str(src / "seed.txt"), str(src))]
    opts = default_options()
    plain = count_partition(files, opts, frozenset(), {}, {"seed": (0, None)}, ("frequency",))
    spill = str(tmp_path / "p0.pkl")
    scan_partition(files, opts, spill)
    (src / "seed.txt").unlink()
    spilled = count_partition(files, opts, frozenset(), {}, {"seed": (0, None)}, ("frequency",), spill)
    assert spilled["freq"][0] == plain["freq"][0] and spilled["ntokens"] == plain["ntokens"]
    assert plain["ntokens"][0] > 1000 and not Path(spill).exists()


def test_freq_run_keeps_metadata_on_disk_until_asked(corpus_raw: Path, client) -> None:
    """A plain frequency run does not build docvars/provenance; they are assembled on first access from the
    metadata the run left on disk (then the folder is removed) and equal the local engine's."""
    src = [str(corpus_raw / "communiques"), str(corpus_raw / "provincial_gwr")]
    local = analyze(src)
    dsk = analyze(src, engine="dask", client=client, partition_bytes=150_000)
    assert dsk._docvars is None and dsk._provenance is None  # nothing assembled yet
    folder = Path(dsk._tables.folder)
    assert len(list(folder.glob("scan*.pkl"))) >= 6 and len(list(folder.glob("count*.pkl"))) >= 6
    # the sha256s come from the compact digests, in doc_id order, without the provenance table
    assert list(dsk.sha256_items()) == list(local.sha256_items()) and dsk._provenance is None
    assert dict(dsk.sha256_items())["plenum_communique_1958"] == local.provenance.loc["plenum_communique_1958",
                                                                                  "sha256"]
    pd.testing.assert_frame_equal(local.docvars, dsk.docvars)  # incl. the CSV-row docvars and title_detected
    cols = ["path", "format", "row", "bytes", "sha256", "encoding", "n_chars_raw", "n_chars", "n_removed",
            "body_start", "cleaned"]
    assert local.provenance[cols].astype(object).values.tolist() == dsk.provenance[cols].astype(object).values.tolist()
    assert list(local.provenance.index) == list(dsk.provenance.index) == dsk.doc_ids
    assert not folder.exists()


def test_cli_manifest_corpus_hash_same_for_both_engines(corpus_raw: Path, client, tmp_path: Path) -> None:
    import hashlib

    src = corpus_raw / "communiques"
    for eng, extra in (("local", []), ("dask", ["--scheduler", client.scheduler.address])):
        r = CliRunner().invoke(main, ["freq", str(src), "--engine", eng, *extra, "-q", "-o", str(tmp_path / eng)])
        assert r.exit_code == 0, r.output
    lines = "".join(f"{p.stem}\t{hashlib.sha256(p.read_bytes()).hexdigest()}\n"
                    for p in sorted(src.glob("*.txt"), key=lambda p: p.stem))
    man_l = pt.manifest.read_manifest(tmp_path / "local")["corpus"]
    man_d = pt.manifest.read_manifest(tmp_path / "dask")["corpus"]
    assert man_d["corpus_sha256"] == man_l["corpus_sha256"] == hashlib.sha256(lines.encode()).hexdigest()
    assert man_d["n_documents"] == man_l["n_documents"] == len(list(src.glob("*.txt")))


def test_duplicate_doc_ids_reported_as_by_the_reader(corpus_raw: Path, client, tmp_path: Path) -> None:
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "gwr_2019.txt").write_bytes((corpus_raw / "national_gwr" / "gwr_2019.txt").read_bytes())
    with pytest.raises(pt.CorpusReadError) as local_err:
        analyze(str(tmp_path))
    with pytest.raises(pt.CorpusReadError) as dask_err:
        analyze(str(tmp_path), engine="dask", client=client)
    assert str(dask_err.value) == str(local_err.value)
    assert "duplicate doc_ids: 'gwr_2019' from [" in str(dask_err.value)


def test_cluster_started_here_keeps_no_growing_logs() -> None:
    """The LocalCluster the engine starts runs without Dask's statistical profiler (one call tree per second of
    work, kept in every worker) and with short developer logs: worker memory must not grow with the length of a
    run. The user's own configuration is back once the cluster is closed."""
    import time

    import dask

    from policytext.engine.dask import get_client

    before = dask.config.get("distributed.worker.profile.enabled")
    with get_client(n_workers=1) as c:
        c.submit(time.sleep, 2.5, pure=False).result()  # 2.5 profile cycles of 1 s if the profiler ran
        seen = c.run(lambda dask_worker: (len(dask_worker.profile_history),
                                          dask.config.get("distributed.worker.profile.enabled"),
                                          dask_worker.state.stimulus_log.maxlen))
        assert list(seen.values()) == [(0, False, 20)]
        assert c.run_on_scheduler(lambda dask_scheduler: dask_scheduler.transition_log.maxlen) == 20
    assert dask.config.get("distributed.worker.profile.enabled") == before


def test_partitions_submitted_in_a_window(corpus_raw: Path, client) -> None:
    """Partitions go to the cluster a few at a time (two per worker thread), not as one graph of the whole
    corpus: the scheduler never holds tasks for more than the window, however many partitions there are."""
    from distributed.diagnostics.plugin import SchedulerPlugin

    class MaxTasks(SchedulerPlugin):
        def __init__(self, scheduler) -> None:  # type: ignore[no-untyped-def]
            self.scheduler = scheduler
            self.most = 0

        def transition(self, key, start, finish, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            self.most = max(self.most, len(self.scheduler.tasks))

    plugin = MaxTasks(client.cluster.scheduler)
    client.cluster.scheduler.add_plugin(plugin, name="max-tasks")
    try:
        n_parts = len(partition_files(_resolve_sources(corpus_raw), 40_000))
        analyze(_sources(corpus_raw), engine="dask", client=client, partition_bytes=40_000)
    finally:
        client.cluster.scheduler.remove_plugin("max-tasks")
    threads = sum(client.nthreads().values())
    assert n_parts >= 30
    assert 0 < plugin.most <= 2 * 2 * threads + 2  # a bag of one partition is 2 tasks


def test_duplicate_doc_ids_found_from_hashes_and_checked_on_the_ids() -> None:
    from policytext.engine.dask import _duplicate_doc_ids, _id64

    st = MetaStore()
    st.write("scan", 0, [{"doc_id": "讲话_2019"}, {"doc_id": "讲话_2020"}])
    st.write("scan", 1, [{"doc_id": "讲话_2020"}])
    h = np.array([_id64("讲话_2019"), _id64("讲话_2020"), _id64("讲话_2020")], dtype=np.uint64)
    assert _duplicate_doc_ids(st, h) == {"讲话_2020"}
    # two different ids with the same hash (a collision) are not duplicates
    st.write("scan", 1, [{"doc_id": "讲话_2021"}])
    assert _duplicate_doc_ids(st, np.array([5, 7, 5], dtype=np.uint64)) == set()
    st.close()
