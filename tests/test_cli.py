"""The ``policytext`` command line on real documents of the shared corpus and corpus/sample.

Each command runs once (module-scoped) and its tables are checked against an independent computation on the
same texts: ``pt.read_corpus`` + ``Segmenter().cut`` + ``collections.Counter`` / scikit-learn / a hand-written
chi-squared, or plain substring search in the cleaned text.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import index_rows

import policytext as pt
from policytext.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_GWR = ROOT / "corpus" / "sample" / "national_gwr"
CJK = re.compile(r"[\u4e00-\u9fff]")
FREQ_COLUMNS = ["feature", "frequency", "rank", "docfreq", "group", "per_10k"]


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, [str(a) for a in args])
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r.exit_code, r.stdout, r.stderr


def both_formats(folder: Path, name: str) -> pd.DataFrame:
    """The CSV and the Parquet table hold the same rows and columns; return the CSV."""
    csv = pd.read_csv(folder / f"{name}.csv", encoding="utf-8-sig")
    pq = pd.read_parquet(folder / f"{name}.parquet")
    assert list(csv.columns) == list(pq.columns), name
    assert len(csv) == len(pq), name
    assert (folder / f"{name}.csv").read_bytes()[:3] == b"\xef\xbb\xbf"  # BOM for Excel
    return csv


def words(text: str, seg: pt.Segmenter) -> list[str]:
    return [w for w in seg.cut(text) if not w.isspace()]


@pytest.fixture(scope="module")
def seg() -> pt.Segmenter:
    return pt.Segmenter()


@pytest.fixture(scope="module")
def congress(congress_pair: Path) -> Path:
    return congress_pair


@pytest.fixture(scope="module")
def congress_texts(congress: Path) -> pt.Corpus:
    return pt.read_corpus(congress)


@pytest.fixture(scope="module")
def outs(tmp_path_factory: pytest.TempPathFactory, corpus_raw: Path, congress: Path) -> dict[str, Path]:
    """Every batch command once, on real documents; the output folder of each."""
    base = tmp_path_factory.mktemp("cli")
    comm = corpus_raw / "communiques"
    index = corpus_raw / "INDEX.csv"
    cmds = {
        "tokenize": ["tokenize", congress],
        "freq": ["freq", comm, "--docvars", index, "--extra-docvars", "drop", "--group-by", "level"],
        "tfidf": ["tfidf", congress, "--top", "15"],
        "keyness": ["keyness", SAMPLE_GWR, "--pattern", "gwr_{year}.txt", "--target", "year=2020"],
        "kwic": ["kwic", congress, "四个全面", "--unit", "char", "--window", "10"],
        "kwic_tok": ["kwic", congress, "四个全面", "--window", "3"],
        "slogans": ["slogans", congress],
        "topics": ["topics", comm, "-k", "3", "--seed", "1"],
    }
    out = {}
    for name, args in cmds.items():
        out[name] = base / name
        code, _, err = run(*args, "-q", "-o", out[name])
        assert code == 0, f"{name}: {err}"
    return out


def test_every_command_writes_its_tables_and_a_manifest(outs: dict[str, Path]) -> None:
    expected = {
        "tokenize": {"tokens": ["doc_id", "position", "token", "start", "end"]},
        "freq": {"frequency": FREQ_COLUMNS},
        "tfidf": {"tfidf": ["doc_id", "feature", "tfidf", "rank"]},
        "keyness": {"keyness": ["feature", "statistic", "p_value", "n_target", "n_reference", "measure"]},
        "kwic": {"kwic": ["doc_id", "from", "to", "start", "end", "pre", "keyword", "post", "pattern"]},
        "slogans": {"numbered": ["doc_id", "start", "end", "surface", "label", "number", "head", "kind",
                                 "quoted", "members", "members_source", "members_structure", "members_evidence",
                                 "members_confidence", "members_note", "n_members", "count_matches", "groups"],
                    "numbered_summary": ["label", "number", "mentions", "documents", "first_doc_id", "members"],
                    "sections": ["doc_id", "start", "end", "level", "marker", "title"],
                    "quoted": ["doc_id", "start", "end", "surface", "inner", "kind"]},
        "topics": {"topic_terms": ["topic", "feature", "weight", "rank"], "doc_topics": ["doc_id", "topic", "weight"]},
    }
    for cmd, tables in expected.items():
        folder = outs[cmd]
        names = {p.name for p in folder.iterdir()}
        assert "manifest.json" in names, cmd
        assert json.loads((folder / "manifest.json").read_text("utf-8"))["command"] == cmd
        for table, cols in tables.items():
            assert {f"{table}.csv", f"{table}.parquet"} <= names, (cmd, table)
            df = both_formats(folder, table)
            assert list(df.columns)[: len(cols)] == cols, (cmd, table, list(df.columns))
            assert len(df) > 0, (cmd, table)


def test_tokenize_offsets_point_into_the_cleaned_text(outs: dict[str, Path], congress_texts: pt.Corpus,
                                                      seg: pt.Segmenter) -> None:
    tok = both_formats(outs["tokenize"], "tokens")
    for doc_id, g in tok.groupby("doc_id"):
        text = congress_texts[doc_id]
        assert g["token"].tolist() == words(text, seg)
        assert all(text[s:e] == w for s, e, w in zip(g["start"], g["end"], g["token"], strict=True))
        assert g["position"].tolist() == list(range(len(g)))


def test_freq_grouped_counts_equal_an_independent_count(outs: dict[str, Path], corpus_raw: Path,
                                                        seg: pt.Segmenter) -> None:
    freq = both_formats(outs["freq"], "frequency")
    assert set(freq["group"]) == {"national"}  # every communiqué is national-level (INDEX.csv)
    c = pt.read_corpus(corpus_raw / "communiques")
    assert len(c) == 38
    counts: Counter[str] = Counter()
    docfreq: Counter[str] = Counter()
    for _, text in c:
        ws = words(text, seg)
        counts.update(ws)
        docfreq.update(set(ws))
    total = sum(counts.values())
    got = freq.set_index("feature")
    for w in ("全会", "中央委员会", "毛泽东", "改革开放", "同志"):
        assert got.loc[w, "frequency"] == counts[w], w
        assert got.loc[w, "docfreq"] == docfreq[w], w
        assert math.isclose(got.loc[w, "per_10k"], counts[w] * 1e4 / total, rel_tol=1e-12)
        # a token count never exceeds the substring count in the cleaned text
        assert counts[w] <= sum(t.count(w) for t in c.texts)
    assert got.loc["全会", "docfreq"] >= 30  # “全会” is how a plenum communiqué refers to itself
    assert freq["frequency"].is_monotonic_decreasing


def test_keyness_2020_is_about_the_epidemic_and_matches_a_hand_computed_chi2(outs: dict[str, Path],
                                                                             seg: pt.Segmenter) -> None:
    key = both_formats(outs["keyness"], "keyness")
    assert key["feature"].iloc[0] == "疫情"  # the 2020 report was given after the COVID-19 outbreak
    assert {"抗疫", "防控", "复工"} <= set(key["feature"].head(10))
    c = pt.read_corpus(SAMPLE_GWR)
    tgt, ref = Counter(), Counter()
    for doc_id, text in c:
        (tgt if doc_id == "gwr_2020" else ref).update(words(text, seg))
    nt, nr = sum(tgt.values()), sum(ref.values())
    a, b = tgt["疫情"], ref["疫情"]
    cc, dd = nt - a, nr - b
    n = a + b + cc + dd
    chi2 = n * (a * dd - b * cc) ** 2 / ((a + b) * (cc + dd) * (a + cc) * (b + dd))
    row = key.set_index("feature").loc["疫情"]
    assert (row["n_target"], row["n_reference"]) == (a, b)
    assert math.isclose(row["statistic"], chi2, rel_tol=1e-9)


def test_tfidf_equals_scikit_learn_on_the_same_tokens(outs: dict[str, Path], congress_texts: pt.Corpus,
                                                      seg: pt.Segmenter) -> None:
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    from policytext.tokenize import load_stopwords

    drop = set(load_stopwords())
    docs = [[w for w in words(t, seg) if w not in drop and any(ch.isalnum() for ch in w) and not w.isnumeric()]
            for t in congress_texts.texts]
    cv = CountVectorizer(analyzer=lambda x: x)
    w = TfidfTransformer().fit_transform(cv.fit_transform(docs)).toarray()
    vocab = cv.get_feature_names_out()
    tf = both_formats(outs["tfidf"], "tfidf")
    for i, doc_id in enumerate(congress_texts.doc_ids):
        got = tf[tf["doc_id"] == doc_id]
        assert len(got) == 15 and got["rank"].tolist() == list(range(1, 16))
        order = sorted(range(len(vocab)), key=lambda j: (-w[i, j], vocab[j]))[:15]
        assert got["feature"].tolist() == [vocab[j] for j in order]
        np.testing.assert_allclose(got["tfidf"].to_numpy(), w[i, order], rtol=1e-9)
        assert not set(got["feature"]) & {"的", "和", "在"}


def test_kwic_char_windows_are_slices_of_the_text(outs: dict[str, Path], congress_texts: pt.Corpus) -> None:
    kw = both_formats(outs["kwic"], "kwic")
    assert len(kw) == sum(t.count("四个全面") for t in congress_texts.texts) > 0
    for r in kw.itertuples():
        text = congress_texts[r.doc_id]
        assert text[r.start:r.end] == r.keyword == "四个全面"
        assert (r.pre if isinstance(r.pre, str) else "") == text[max(0, r.start - 10):r.start]
        assert (r.post if isinstance(r.post, str) else "") == text[r.end:r.end + 10]
    tok = both_formats(outs["kwic_tok"], "kwic")
    assert set(tok["keyword"]) == {"四个全面"} and len(tok) == len(kw)  # kept whole by the segmenter


def test_slogans_tables(outs: dict[str, Path], congress_texts: pt.Corpus) -> None:
    num = both_formats(outs["slogans"], "numbered")
    four = num[num["label"] == "四个全面"]
    assert len(four) == sum(t.count("四个全面") for t in congress_texts.texts)
    for r in num.itertuples():
        assert congress_texts[r.doc_id][r.start:r.end] == r.surface
    pq = pd.read_parquet(outs["slogans"] / "numbered.parquet")
    listed = pq[pq["members"].notna()]
    assert len(listed) > 0
    csv_members = num.loc[listed.index, "members"].map(json.loads)
    assert [list(m) for m in listed["members"]] == csv_members.tolist()  # JSON in CSV, lists in Parquet
    summ = both_formats(outs["slogans"], "numbered_summary").set_index("label")
    assert summ.loc["四个全面", "mentions"] == len(four)
    assert summ["mentions"].sum() == len(num)


def test_topics_reproducible_with_seed(outs: dict[str, Path], corpus_raw: Path, tmp_path: Path) -> None:
    terms = both_formats(outs["topics"], "topic_terms")
    docs = both_formats(outs["topics"], "doc_topics")
    assert sorted(terms["topic"].unique()) == [0, 1, 2]
    assert docs["doc_id"].nunique() == 38 and len(docs) == 38 * 3
    np.testing.assert_allclose(docs.groupby("doc_id")["weight"].sum().to_numpy(), 1.0, atol=1e-6)
    man = json.loads((outs["topics"] / "manifest.json").read_text("utf-8"))
    assert man["random_seeds"] == {"topics": 1}
    code, _, err = run("topics", corpus_raw / "communiques", "-k", "3", "--seed", "1", "-q", "-o", tmp_path)
    assert code == 0, err
    for name in ("topic_terms.csv", "doc_topics.csv"):
        assert (tmp_path / name).read_bytes() == (outs["topics"] / name).read_bytes()


def test_corpus_info_lists_every_document(corpus_raw: Path) -> None:
    code, out, _ = run("corpus", "info", corpus_raw / "communiques", "--csv")
    assert code == 0
    from io import StringIO

    table = pd.read_csv(StringIO(out))
    assert list(table.columns) == ["doc_id", "encoding", "chars", "removed_chars", "title"]
    assert len(table) == sum(r["path"].startswith("communiques/") for r in index_rows(corpus_raw))
    index = pd.read_csv(corpus_raw / "INDEX.csv").set_index("doc_id")
    row = table.set_index("doc_id").loc["plenum_communique_1978"]
    assert row["encoding"] == index.loc["plenum_communique_1978", "encoding"] == "utf-8"
    raw = (corpus_raw / "communiques" / "plenum_communique_1978.txt").read_text("utf-8")
    # clean file: only layout whitespace is cut, and every removed character is counted
    assert row["removed_chars"] == len(raw) - row["chars"] <= 0.02 * len(raw)
    n = sum(r["path"].startswith("congress_reports/") for r in index_rows(corpus_raw))
    code, out, _ = run("corpus", "info", corpus_raw / "congress_reports")
    assert code == 0 and f"{n} documents" in out and "utf-16" in out  # the 19th report is UTF-16 (INDEX.csv)
    assert "高举中国特色社会主义伟大旗帜" in out  # title line of the 20th congress report


# ---------------------------------------------------------------------------------------------------------------
# progress bars
# ---------------------------------------------------------------------------------------------------------------
def test_progress_bars_on_stderr_unless_quiet(congress: Path, tmp_path: Path) -> None:
    code, _, err = run("freq", congress, "-o", tmp_path / "a")
    assert code == 0
    assert "tokens:" in err and "100%" in err and "counting" in err
    code, _, err = run("freq", congress, "-q", "-o", tmp_path / "b")
    assert code == 0 and "%|" not in err


# ---------------------------------------------------------------------------------------------------------------
# bad input: non-zero exit and a message naming the problem
# ---------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("cmd", [["freq"], ["tokenize"], ["report"], ["slogans"], ["kwic", "_", "四个全面"]])
def test_missing_corpus_path(cmd: list[str], tmp_path: Path) -> None:
    missing = tmp_path / "没有这个文件夹"
    args = [a if a != "_" else str(missing) for a in cmd]
    if "_" not in cmd:
        args.append(str(missing))
    code, _, err = run(*args, "-q", "-o", tmp_path / "out")
    assert code == 2
    assert str(missing) in err and "no such file or directory" in err
    assert not (tmp_path / "out").exists()


def test_corpus_info_missing_path(tmp_path: Path) -> None:
    code, _, err = run("corpus", "info", tmp_path / "nope")
    assert code == 2 and "nope: no such file or directory" in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["freq", "{c}", "--top", "0"], "--top"),
        (["freq", "{c}", "--engine", "spark"], "--engine"),
        (["topics", "{c}", "-k", "1"], "-k"),
        (["kwic", "{c}"], "PATTERNS"),
        (["keyness", "{c}"], "--target"),
        (["freq", "{c}", "--jobs", "-5"], "--jobs"),
        (["freq", "{c}", "--extra-docvars", "ignore"], "--extra-docvars"),
    ],
)
def test_bad_options_exit_2_naming_the_option(args: list[str], needle: str, congress: Path, tmp_path: Path) -> None:
    code, _, err = run(*[str(congress) if a == "{c}" else a for a in args], "-o", tmp_path / "o")
    assert code == 2
    assert needle in err


@pytest.mark.parametrize(
    ("target", "needle"),
    [
        ("year=2020", "no docvar 'year'"),
        ("congress_19th_2017,第二十次", "no documents ['第二十次']"),
        ("congress_19th_2017,congress_20th_2022", "selects every document"),
        ("doc_id=congress_18th_2012", "selects no document"),
    ],
)
def test_bad_target(target: str, needle: str, congress: Path, tmp_path: Path) -> None:
    code, _, err = run("keyness", congress, "--target", target, "-q", "-o", tmp_path / "o")
    assert code == 2 and needle in err and "--target" in err


def test_bad_group_by_docvars_and_output(congress: Path, corpus_raw: Path, tmp_path: Path) -> None:
    code, _, err = run("freq", congress, "--group-by", "province", "-q", "-o", tmp_path / "o")
    assert code == 2 and "no docvar 'province'" in err
    code, _, err = run("freq", congress, "--docvars", tmp_path / "政策.csv", "-q", "-o", tmp_path / "o")
    assert code == 2 and "政策.csv: docvars file not found" in err
    code, _, err = run("freq", congress, "--docvars", corpus_raw / "INDEX.csv", "-q", "-o", tmp_path / "o")
    assert code == 2 and "docvars rows without a document" in err and "--extra-docvars drop" in err
    afile = tmp_path / "a.txt"
    afile.write_text("x", "utf-8")
    code, _, err = run("freq", congress, "-q", "-o", afile)
    assert code == 2 and "a.txt" in err and "is a file" in err


def test_bad_segmenter_config(congress: Path, tmp_path: Path) -> None:
    code, _, err = run("tokenize", congress, "--segmenter-config", tmp_path / "seg.yaml", "-q", "-o", tmp_path / "o")
    assert code == 2 and "seg.yaml: segmenter config file not found" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("backend: rjieba\nstopword: default\n", "utf-8")  # misspelt parameter
    code, _, err = run("tokenize", congress, "--segmenter-config", bad, "-q", "-o", tmp_path / "o")
    assert code == 2 and "bad.yaml: bad Segmenter parameter" in err and "stopword" in err
    bad.write_text("backend: [unclosed\n", "utf-8")
    code, _, err = run("tokenize", congress, "--segmenter-config", bad, "-q", "-o", tmp_path / "o")
    assert code == 2 and "bad.yaml: cannot parse segmenter config" in err


def test_segmenter_config_is_used(congress: Path, congress_texts: pt.Corpus, tmp_path: Path) -> None:
    cfg = tmp_path / "seg.yaml"
    cfg.write_text("stopwords: default\n", "utf-8")
    code, _, err = run("tokenize", congress, "--segmenter-config", cfg, "-q", "-o", tmp_path / "o")
    assert code == 0, err
    tok = pd.read_parquet(tmp_path / "o" / "tokens.parquet")
    assert not {"的", "，", "。"} & set(tok["token"])
    seg = pt.Segmenter(stopwords="default")
    first = congress_texts.doc_ids[0]
    assert tok.loc[tok["doc_id"] == first, "token"].tolist() == words(congress_texts[first], seg)


# ---------------------------------------------------------------------------------------------------------------
# help
# ---------------------------------------------------------------------------------------------------------------
COMMANDS = [["corpus", "info"], ["tokenize"], ["freq"], ["tfidf"], ["keyness"], ["kwic"], ["slogans"], ["topics"],
            ["report"]]


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: " ".join(c))
def test_help_shows_examples_on_chinese_text(cmd: list[str]) -> None:
    code, out, _ = run(*cmd, "--help")
    assert code == 0
    assert "Example" in out and f"policytext {' '.join(cmd)} " in out
    assert CJK.search(out.split("Example", 1)[1]), "no Chinese text in the examples"


def test_main_help_and_console_script() -> None:
    code, out, _ = run("--help")
    assert code == 0 and "policytext report corpus/sample -o out/" in out and "四个全面" in out
    for cmd in ("report", "freq", "keyness", "kwic", "slogans", "topics", "tokenize", "tfidf", "corpus"):
        assert re.search(rf"^\s+{cmd}\s", out, re.M), cmd
    r = subprocess.run([sys.executable, "-m", "policytext.cli", "--help"], capture_output=True, text=True, check=False)
    assert r.returncode == 0 and "四个全面" in r.stdout


@pytest.mark.parametrize("command", ["tfidf", "freq"])
def test_manifest_parameters_are_the_commands_options(tmp_path: Path, command: str) -> None:
    """The manifest records the command's click parameters only (not imported modules or functions), so two runs
    of one job give the same parameters."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gwr_2019.txt").write_text("坚持稳中求进。推动高质量发展。", encoding="utf-8")
    (docs / "gwr_2020.txt").write_text("全面深化改革。推动高质量发展。", encoding="utf-8")
    params = []
    for k in range(2):
        code, _, _ = run(command, docs, "-o", tmp_path / f"out{k}", "--quiet")
        assert code == 0
        params.append(json.loads((tmp_path / f"out{k}" / "manifest.json").read_text("utf-8"))["parameters"])
    option_names = {p.name for p in main.commands[command].params}
    assert set(params[0]) - {"extra_docvars"} <= option_names
    assert "<function" not in json.dumps(params[0]) and "<module" not in json.dumps(params[0])
    assert {k: v for k, v in params[0].items() if k != "out"} == {k: v for k, v in params[1].items() if k != "out"}


def test_on_error_skip_names_every_skipped_file_and_lists_it_in_the_manifest(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gwr_2019.txt").write_text("坚持稳中求进。推动高质量发展。", encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    code, _, err = run("freq", docs, "-o", tmp_path / "out", "--quiet")
    assert code == 2 and "empty.txt: empty file" in err and not (tmp_path / "out").exists()
    code, _, err = run("freq", docs, "-o", tmp_path / "out", "--quiet", "--on-error", "skip")
    assert code == 0
    assert "policytext: warning: read_corpus: 1 file(s)" in err and "empty.txt" in err and "Traceback" not in err
    man = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert man["corpus"]["n_documents"] == 1
    assert [Path(s["path"]).name for s in man["corpus"]["skipped"]] == ["empty.txt"]
    assert "empty file" in man["corpus"]["skipped"][0]["reason"]
    assert man["parameters"]["on_error"] == "skip"
