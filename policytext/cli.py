"""The ``policytext`` command line: batch work over a corpus folder, one output folder per run.

Every command that writes results writes tidy tables (CSV and Parquet) and ``manifest.json`` into ``-o OUT``,
safely (:mod:`policytext.outputs`): into a hidden temporary folder first, moved into ``OUT`` only when the run
succeeded (``manifest.json`` last), one run at a time per folder (lock file ``OUT/.policytext.lock``), never
inside the corpus folder. Errors in the input (missing path, undecodable file, unknown docvar, bad option, bad
regular expression, unusable output folder) exit with status 2 and a message naming the problem.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import PolicyTextError

F = TypeVar("F", bound=Callable[..., Any])

_EPILOG_EXAMPLES = """\b
Examples (政府工作报告 in corpus/sample/national_gwr are named gwr_2019.txt, gwr_2020.txt, ...):
  policytext corpus info corpus/sample
  policytext report corpus/sample -o out/
  policytext report corpus/sample/national_gwr --pattern "gwr_{year}.txt" --group-by year --target year=2020 -o out/gwr
  policytext freq corpus/sample/national_gwr --pattern "gwr_{year}.txt" --group-by year -o out/freq
  policytext freq big_corpus/ --engine dask --workers 2 -o out/freq      # 一台机器装不下的语料
  policytext keyness corpus/sample/national_gwr --pattern "gwr_{year}.txt" --target year=2019 -o out/key
  policytext kwic corpus/sample 四个全面 --window 8 -o out/kwic
  policytext slogans corpus/sample -o out/slogans                        # 数字化提法: 四个全面, 三大攻坚战 ...
  policytext tokenize corpus/sample --segmenter-config seg.yaml -o out/tokens
  policytext topics corpus/sample -k 8 --seed 1 -o out/topics

Output folders hold each table as CSV (UTF-8 with BOM, for Excel) and Parquet, plus manifest.json (the files
this run wrote). They are filled only when a run succeeds; files of an earlier run that the new one does not
write are removed, other files are left alone. -o may not be the corpus folder or inside it.
Exit status 2 with a message naming the problem on bad input.
"""


def _friendly_errors(func: F) -> F:
    """Turn library errors into a one-line message and exit status 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("default")
                warnings.showwarning = _echo_warning
                return func(*args, **kwargs)
        except (PolicyTextError, FileNotFoundError, NotADirectoryError, KeyError, ValueError) as exc:
            msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            msg = msg.replace("pass extra_docvars='drop'", "use --extra-docvars drop")
            click.echo(f"policytext: error: {msg}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def _extra_docvars() -> str:
    """The ``--extra-docvars`` choice of the running command ("error" outside a command)."""
    ctx = click.get_current_context(silent=True)
    return str(ctx.meta.get("policytext.extra_docvars", "error")) if ctx is not None else "error"


def _read_choices() -> dict[str, Any]:
    """The reading choices of the running command: ``extra_docvars`` and ``on_error``."""
    ctx = click.get_current_context(silent=True)
    on_error = str(ctx.meta.get("policytext.on_error", "raise")) if ctx is not None else "raise"
    return {"extra_docvars": _extra_docvars(), "on_error": on_error}


def _store_extra(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    ctx.meta["policytext.extra_docvars"] = value
    return value


def _store_on_error(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    ctx.meta["policytext.on_error"] = value
    return value


def _echo_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    """Warnings (files not read, documents dropped, ...) as ``policytext: warning: ...`` on stderr."""
    click.echo(f"policytext: warning: {message}", err=True)


def _corpus_options(func: F) -> F:
    func = click.option("--extra-docvars", type=click.Choice(["error", "drop"]), default="error",
                        show_default=True, expose_value=False, callback=_store_extra,
                        help="Rows of --docvars without a document: an error, or dropped (a master INDEX.csv "
                             "used on one sub-folder).")(func)
    func = click.option("--on-error", type=click.Choice(["raise", "skip"]), default="raise", show_default=True,
                        expose_value=False, callback=_store_on_error,
                        help="A file that cannot be read (empty, binary, undecodable): stop, or skip it (each skipped "
                             "file and the reason is printed as a warning and listed in the manifest).")(func)
    func = click.option("--docvars", "docvars", type=click.Path(), default=None,
                        help="CSV of document variables, joined on doc_id or file name.")(func)
    func = click.option("--pattern", default=None,
                        help='Parse docvars from file names, e.g. "gwr_{year}.txt".')(func)
    return click.argument("path", type=str)(func)


def _load_corpus(path: str, docvars: str | None, pattern: str | None) -> Any:
    from .corpus import read_corpus

    _check_input(path)
    return read_corpus(path, docvars=docvars, pattern=pattern, **_read_choices())


@click.group(epilog=_EPILOG_EXAMPLES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policytext")
def main() -> None:
    """policytext: mining Chinese political and policy texts (政府工作报告, 讲话, 党代会报告)."""


@main.group()
def corpus() -> None:
    """Inspect a corpus folder."""


@corpus.command("info", epilog="\b\nExamples:\n  policytext corpus info corpus/sample\n"
                "  policytext corpus info corpus/sample/national_gwr --pattern \"gwr_{year}.txt\" --csv\n"
                "  (每篇文档一行: 编码 gb18030/utf-16, 清洗后字数, 删除的网页杂质字数, 标题 如 2019年政府工作报告)")
@_corpus_options
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of an aligned table.")
@_friendly_errors
def corpus_info(path: str, docvars: str | None, pattern: str | None, as_csv: bool) -> None:
    """One line per document: doc_id, encoding, chars, removed chars, title."""
    c = _load_corpus(path, docvars, pattern)
    table = corpus_info_table(c)
    if as_csv:
        click.echo(table.to_csv(index=False), nl=False)
        return
    click.echo(table.to_string(index=False))
    click.echo(
        f"\n{len(c)} documents, {int(table['chars'].sum()):,} characters, "
        f"{int(table['removed_chars'].sum()):,} removed by cleaning"
    )


def corpus_info_table(c: Any) -> Any:
    """The ``corpus info`` table for a Corpus: doc_id, encoding, chars, removed_chars, title.

    Examples
    --------
    >>> import policytext as pt
    >>> from policytext.cli import corpus_info_table
    >>> corpus_info_table(pt.Corpus({"a": "在区委务虚会上的讲话\\n同志们：…"})).columns.tolist()
    ['doc_id', 'encoding', 'chars', 'removed_chars', 'title']
    """
    import pandas as pd

    prov = c.provenance
    dv = c.docvars
    n = len(c)

    def col(frame: pd.DataFrame, name: str, default: Any) -> list[Any]:
        return list(frame[name]) if name in frame.columns else [default] * n

    titles = col(dv, "title", None)
    detected = col(dv, "title_detected", None)
    title = [t if isinstance(t, str) and t else d for t, d in zip(titles, detected, strict=True)]
    return pd.DataFrame(
        {
            "doc_id": c.doc_ids,
            "encoding": col(prov, "encoding", None),
            "chars": [len(t) for t in c.texts],
            "removed_chars": [int(x) if x == x and x is not None else 0 for x in col(prov, "n_removed", 0)],
            "title": title,
        }
    )



# ---------------------------------------------------------------------------------------------------------------
# batch commands: one output folder per run, tables as CSV + Parquet, manifest.json
# ---------------------------------------------------------------------------------------------------------------
def _run_options(func: F) -> F:
    """Options shared by the commands that write an output folder."""
    opts = [
        click.option("-o", "--out", "out", type=click.Path(file_okay=False), required=True,
                     help="Output folder (created if missing; not inside the corpus folder). Filled only "
                          "when the run succeeds."),
        click.option("--segmenter-config", type=click.Path(), default=None,
                     help="YAML/JSON file of Segmenter parameters (backend, hmm, user_dicts, stopwords, ...)."),
        click.option("--jobs", "-j", type=click.IntRange(min=-1), default=1, show_default=True,
                     help="Tokenizer workers (-1: all cores)."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bars."),
    ]
    for opt in reversed(opts):
        func = opt(func)
    return func


def _engine_options(func: F) -> F:
    opts = [
        click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="local: in memory; dask: partitioned over a Dask cluster (same results)."),
        click.option("--scheduler", "address", default=None,
                     help="Dask scheduler address (tcp://host:8786); default: a LocalCluster."),
        click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
                     help="Workers of the LocalCluster (dask engine)."),
    ]
    for opt in reversed(opts):
        func = opt(func)
    return func


class _Run:
    """One CLI run: output folder (written safely, see :mod:`policytext.outputs`), manifest, segmenter, progress.

    Used as ``with _Run(...) as run:``; the tables reach ``-o OUT`` only when the block ends without an error.
    """

    def __init__(self, command: str, out: str, params: dict[str, Any], segmenter_config: str | None,
                 quiet: bool) -> None:
        from .manifest import Manifest
        from .report import load_segmenter

        self.command = command
        self.out = Path(out)
        self.path = str(params.get("path", ""))
        if self.out.exists() and not self.out.is_dir():
            raise NotADirectoryError(f"{out}: output path exists and is not a folder")
        self.progress = not quiet
        ctx = click.get_current_context(silent=True)  # the command's own parameters, never its local variables
        params = dict(ctx.params) if ctx is not None else params
        params = {k: v for k, v in params.items() if k not in ("quiet", "run")}
        params.update(_read_choices())
        self.manifest = Manifest(command, params)
        self.segmenter = load_segmenter(segmenter_config)
        self.written: dict[str, int] = {}

    def __enter__(self) -> _Run:
        from .outputs import output_folder

        _check_input(self.path)
        self.folder = output_folder(self.out, inputs=[self.path], command=_command_line(self.command, self.path,
                                                                                        self.out))
        self.folder.open()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        self.folder.close(commit=exc_type is None)
        if exc_type is None:
            for name, rows in self.written.items():
                click.echo(f"{self.out / name}.csv  ({rows} rows)", err=True)
            click.echo(f"{self.out / 'manifest.json'}", err=True)
            _echo_removed(self.out, self.folder.removed)

    def corpus(self, path: str, docvars: str | None, pattern: str | None) -> Any:
        with self.manifest.timed("read"):
            c = _load_corpus(path, docvars, pattern)
        self.manifest.set_corpus({str(k): str(v) for k, v in c.provenance["sha256"].items()}, path,
                                 skipped=c.skipped.itertuples(index=False, name=None))
        return c

    def tokens(self, c: Any, jobs: int) -> Any:
        from .tokenize import tokens

        with self.manifest.timed("tokenize"):
            toks = tokens(c, self.segmenter, n_jobs=jobs, progress=self.progress)
        self.manifest.set_segmenter(self.segmenter)
        return toks

    def write(self, tables: dict[str, Any]) -> None:
        """Write the tables and the manifest into the run's temporary folder (moved to ``-o OUT`` on exit)."""
        from .report import write_table

        tmp = self.folder.path
        with self.manifest.timed("write"):
            for name, df in tables.items():
                write_table(df, tmp, name)
        if not self.manifest.engine:
            self.manifest.set_engine("local")
        self.manifest.add_outputs(tmp)
        self.manifest.write(tmp)
        self.written = {name: len(df) for name, df in tables.items()}


def _check_input(path: str) -> None:
    if not Path(path).exists() and not any(ch in path for ch in "*?["):
        raise FileNotFoundError(f"{path}: no such file or directory")


def _check_regexes(patterns: tuple[str, ...], param: str) -> None:
    """Refuse an invalid regular expression before any work: a one-line usage error (exit status 2)."""
    import re

    for p in patterns:
        try:
            re.compile(p)
        except re.error as exc:
            raise click.BadParameter(f"{p!r} is not a valid regular expression: {exc}", param_hint=param) from None


def _command_line(command: str, path: str, out: str | Path) -> str:
    """The run as a command line, for the lock file of the output folder."""
    import shlex

    return shlex.join(["policytext", command, path, "-o", str(out)])


def _echo_removed(out: Path, removed: list[str]) -> None:
    if removed:
        click.echo(f"removed {len(removed)} file(s) an earlier policytext run wrote in {out} and this run does not: "
                   + ", ".join(str(out / name) for name in removed), err=True)


def _analyze(run: _Run, path: str, docvars: str | None, pattern: str | None, engine: str, address: str | None,
             workers: int, jobs: int, want: tuple[str, ...], **kw: Any) -> Any:
    from .engine import analyze

    _check_input(path)
    with run.manifest.timed("analyze"):
        res = analyze(path, docvars, pattern=pattern, segmenter=run.segmenter, engine=engine, want=want,
                      **_read_choices(),
                      n_jobs=jobs, progress=run.progress, address=address, n_workers=workers, **kw)
    run.manifest.timings.update({f"analyze.{k}": v for k, v in res.timings.items()})
    run.manifest.set_corpus(res.sha256_items(), path, skipped=res.skipped)
    run.manifest.set_segmenter(run.segmenter)
    run.manifest.set_engine(engine, n_jobs=jobs, n_workers=workers if engine == "dask" else None, address=address)
    return res


@main.command("tokenize", epilog="\b\nExample:\n  policytext tokenize corpus/sample --segmenter-config seg.yaml -o out/tok"
              "\n  (seg.yaml: `stopwords: default` → 坚持稳中求进 → 坚持 / 稳中求进)")
@_corpus_options
@_run_options
@_friendly_errors
def tokenize_cmd(path: str, docvars: str | None, pattern: str | None, out: str, segmenter_config: str | None,
                 jobs: int, quiet: bool) -> None:
    """Segment every document; write tokens (doc_id, position, token, start, end)."""
    import numpy as np
    import pandas as pd

    with _Run("tokenize", out, dict(locals()), segmenter_config, quiet) as run:
        c = run.corpus(path, docvars, pattern)
        toks = run.tokens(c, jobs)
        vocab = np.asarray(toks.vocab, dtype=object)
        counts = np.diff(toks.indptr)
        words = vocab[toks.ids]
        starts = np.asarray(toks.starts, dtype=np.int64)
        table = pd.DataFrame({
            "doc_id": np.repeat(np.asarray(toks.doc_ids, dtype=object), counts),
            "position": np.concatenate([np.arange(n) for n in counts]) if len(counts) else np.zeros(0, np.int64),
            "token": words,
            "start": starts,
            "end": starts + np.fromiter((len(w) for w in words), dtype=np.int64, count=len(words)),
        })
        run.write({"tokens": table})


@main.command("freq", epilog="\b\nExamples:\n  policytext freq corpus/sample --top 50 -o out/freq"
              "      # 发展 2906, 建设 1857, 改革 1078 ...\n"
              "  policytext freq corpus/sample/national_gwr --pattern \"gwr_{year}.txt\" --group-by year -o out/f\n"
              "  policytext freq big/ --engine dask --scheduler tcp://10.0.0.5:8786 -o out/f")
@_corpus_options
@click.option("--group-by", default=None, help="Docvar to count within (e.g. year).")
@click.option("--top", type=click.IntRange(min=1), default=None, help="Keep the top N words of each group.")
@_engine_options
@_run_options
@_friendly_errors
def freq_cmd(path: str, docvars: str | None, pattern: str | None, group_by: str | None, top: int | None,
             engine: str, address: str | None, workers: int, out: str, segmenter_config: str | None, jobs: int,
             quiet: bool) -> None:
    """Word frequencies (feature, frequency, rank, docfreq, group, per_10k); counts are tokens."""
    with _Run("freq", out, dict(locals()), segmenter_config, quiet) as run:
        res = _analyze(run, path, docvars, pattern, engine, address, workers, jobs, ("frequency",),
                       group_by=group_by, n=top)
        run.write({"frequency": res.frequency})


@main.command("tfidf", epilog="\b\nExample:\n  policytext tfidf corpus/sample/national_gwr --top 20 -o out/tfidf"
              "\n  (每篇报告的特征词: gwr_1978 → 四人帮, 毛主席; gwr_2020 → 发展, 要, 疫情, 就业 ...)")
@_corpus_options
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, help="Words kept per document.")
@click.option("--keep-stopwords", is_flag=True,
              help="Weight every token (default: punctuation, bare numbers and the shipped stopwords 的/和/在 ... "
                   "are removed before weighting).")
@_run_options
@_friendly_errors
def tfidf_cmd(path: str, docvars: str | None, pattern: str | None, top: int, keep_stopwords: bool, out: str,
              segmenter_config: str | None, jobs: int, quiet: bool) -> None:
    """TF-IDF (scikit-learn defaults: smooth idf, l2 norm): the top words of each document (doc_id, feature,
    tfidf, rank)."""
    import numpy as np
    import pandas as pd

    from .dfm import dfm
    from .report import _dropped_words, _punct
    from .textstat import tfidf

    with _Run("tfidf", out, dict(locals()), segmenter_config, quiet) as run:
        c = run.corpus(path, docvars, pattern)
        d = dfm(run.tokens(c, jobs))
        drop = _dropped_words(not keep_stopwords)
        if not keep_stopwords:
            d = d.select([f for f in d.features if f not in drop and not _punct(f)])
        with run.manifest.timed("tfidf"):
            w = tfidf(d).matrix.tocsr()
            feats = np.asarray(d.features, dtype=object)
            rows = []
            for i, doc_id in enumerate(d.doc_ids):
                lo, hi = w.indptr[i], w.indptr[i + 1]
                idx, val = w.indices[lo:hi], w.data[lo:hi]
                order = np.lexsort((feats[idx].astype(str), -val))
                for r, k in enumerate(order[:top], start=1):
                    rows.append((doc_id, feats[idx[k]], float(val[k]), r))
            table = pd.DataFrame(rows, columns=["doc_id", "feature", "tfidf", "rank"])
        run.write({"tfidf": table})


@main.command("keyness", epilog="\b\nExample:\n  policytext keyness corpus/sample/national_gwr "
              "--pattern \"gwr_{year}.txt\" --target year=2020 -o out/key\n  (2020 → 疫情, 保, 抗疫, 防控, 复工 ...)")
@_corpus_options
@click.option("--target", required=True, help="column=value[,value] or doc_ids: the target documents.")
@click.option("--measure", type=click.Choice(["chi2", "lr", "pmi", "log_odds"]), default="chi2",
              show_default=True)
@_run_options
@_friendly_errors
def keyness_cmd(path: str, docvars: str | None, pattern: str | None, target: str, measure: str, out: str,
                segmenter_config: str | None, jobs: int, quiet: bool) -> None:
    """Keyness of every word in the target documents against the rest."""
    from .dfm import dfm
    from .report import target_mask
    from .textstat import keyness

    with _Run("keyness", out, dict(locals()), segmenter_config, quiet) as run:
        c = run.corpus(path, docvars, pattern)
        d = dfm(run.tokens(c, jobs))
        mask = target_mask(d.docvars, target)
        with run.manifest.timed("keyness"):
            table = keyness(d, mask, measure=measure)
        run.write({"keyness": table})


@main.command("kwic", epilog="\b\nExample:\n  policytext kwic corpus/sample 四个全面 --window 8 -o out/kwic\n"
              "  policytext kwic corpus/sample 乡村振兴 --unit char --window 15 -o out/kwic")
@_corpus_options
@click.argument("patterns", nargs=-1, required=True)
@click.option("--window", type=click.IntRange(min=0), default=5, show_default=True)
@click.option("--unit", type=click.Choice(["token", "char"]), default="token", show_default=True)
@click.option("--regex", is_flag=True, help="Patterns are regular expressions.")
@_run_options
@_friendly_errors
def kwic_cmd(path: str, docvars: str | None, pattern: str | None, patterns: tuple[str, ...], window: int,
             unit: str, regex: bool, out: str, segmenter_config: str | None, jobs: int, quiet: bool) -> None:
    """Keywords in context (doc_id, from, to, start, end, pre, keyword, post, pattern)."""
    from .textstat import kwic

    if regex:
        _check_regexes(patterns, "PATTERNS")
    with _Run("kwic", out, dict(locals()), segmenter_config, quiet) as run:
        c = run.corpus(path, docvars, pattern)
        x = run.tokens(c, jobs) if unit == "token" else c
        with run.manifest.timed("kwic"):
            table = kwic(x, list(patterns), window=window, unit=unit, regex=regex)
        run.write({"kwic": table})


@main.command("slogans", epilog="\b\nExample:\n  policytext slogans corpus/sample -o out/slogans\n"
              "  (四个全面, 两不愁三保障, “三农” ... with their members; section headings; quotations)")
@_corpus_options
@_engine_options
@_run_options
@_friendly_errors
def slogans_cmd(path: str, docvars: str | None, pattern: str | None, engine: str, address: str | None,
                workers: int, out: str, segmenter_config: str | None, jobs: int, quiet: bool) -> None:
    """Numbered formulations, sections and (local engine) quotations."""
    from .report import _numbered_summary

    with _Run("slogans", out, dict(locals()), segmenter_config, quiet) as run:
        res = _analyze(run, path, docvars, pattern, engine, address, workers, jobs, ("numbered", "sections"))
        tables = {"numbered": res.numbered, "numbered_summary": _numbered_summary(res.numbered), "sections":
                  res.sections.drop(columns=["text"], errors="ignore")}
        if res.corpus is not None:
            from .slogans import find_quoted

            with run.manifest.timed("quoted"):
                tables["quoted"] = find_quoted(res.corpus)
        run.write(tables)


@main.command("topics", epilog="\b\nExample:\n  policytext topics corpus/sample -k 8 --seed 1 -o out/topics"
              "\n  (主题模型: 每个主题的关键词 如 改革/开放/市场, 每篇文档的主题比例; 种子写入 manifest.json)")
@_corpus_options
@click.option("-k", "k", type=click.IntRange(min=2), default=10, show_default=True, help="Number of topics.")
@click.option("--method", type=click.Choice(["lda", "nmf"]), default="lda", show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed (recorded in manifest.json).")
@click.option("--min-docfreq", type=click.IntRange(min=1), default=2, show_default=True,
              help="Drop words in fewer documents.")
@_run_options
@_friendly_errors
def topics_cmd(path: str, docvars: str | None, pattern: str | None, k: int, method: str, seed: int,
               min_docfreq: int, out: str, segmenter_config: str | None, jobs: int, quiet: bool) -> None:
    """Topic model (LDA or NMF): topic_terms and doc_topics tables."""
    from .dfm import dfm, dfm_trim
    from .textstat import fit_topics

    with _Run("topics", out, dict(locals()), segmenter_config, quiet) as run:
        c = run.corpus(path, docvars, pattern)
        d = dfm(run.tokens(c, jobs))
        d = dfm_trim(d.select([f for f in d.features if any(ch.isalnum() for ch in f)]), min_docfreq=min_docfreq)
        run.manifest.seeds["topics"] = seed
        with run.manifest.timed("topics"):
            tm = fit_topics(d, k, method=method, random_state=seed)
        run.write({"topic_terms": tm.topic_terms, "doc_topics": tm.doc_topics})


@main.command("report", epilog="""\b
Examples:
  policytext report corpus/sample -o out/
  policytext report corpus/sample/national_gwr --pattern "gwr_{year}.txt" --group-by year --target year=2020 -o out/gwr
  policytext report corpus/ --docvars INDEX.csv --group-by genre --target genre=gwr -o out/all
  policytext report big/ --engine dask --workers 4 -o out/big
\b
Writes corpus_info, frequency, frequency_by_group, keyness, keyness_by_collection (各文集的特征词), numbered
(四个全面, 三大攻坚战 ... with their members), numbered_summary, sections (.csv UTF-8 with BOM + .parquet), PNG
figures, summary.md, summary.html (one page, figures embedded) and manifest.json.""")
@_corpus_options
@click.option("--group-by", default=None, help="Docvar for per-group frequencies and the trends figure (year).")
@click.option("--target", default=None, help="column=value or doc_ids: keyness of these documents vs the rest.")
@click.option("--top", type=click.IntRange(min=1), default=100, show_default=True, help="Rows per frequency table.")
@click.option("--no-figures", is_flag=True, help="Skip the PNG figures.")
@click.option("--keep-stopwords", is_flag=True,
              help="Keep function words (的, 和, 在 ...) in the word tables (default: left out; rates still per all tokens).")
@_engine_options
@_run_options
@_friendly_errors
def report_cmd(path: str, docvars: str | None, pattern: str | None, group_by: str | None, target: str | None,
               top: int, no_figures: bool, keep_stopwords: bool, engine: str, address: str | None, workers: int, out: str,
               segmenter_config: str | None, jobs: int, quiet: bool) -> None:
    """The main job: tables, figures, a one-page summary.md and manifest.json for a corpus folder."""
    from .outputs import output_folder
    from .report import _write_report, load_segmenter

    _check_input(path)
    if Path(out).exists() and not Path(out).is_dir():
        raise NotADirectoryError(f"{out}: output path exists and is not a folder")
    seg = load_segmenter(segmenter_config)
    with output_folder(out, inputs=[path], command=_command_line("report", path, out)) as folder:
        _write_report(folder.path, path, docvars, pattern=pattern, **_read_choices(), group_by=group_by,
                      target=target, segmenter=seg, segmenter_config=segmenter_config, engine=engine, n_jobs=jobs,
                      top=top, figures=not no_figures, stopwords=not keep_stopwords, progress=not quiet,
                      address=address, n_workers=workers)
    for name in folder.written:
        click.echo(str(Path(out) / name), err=True)
    _echo_removed(Path(out), folder.removed)


if __name__ == "__main__":
    main()
