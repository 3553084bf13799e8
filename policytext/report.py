"""The main batch job: a corpus folder in, tidy tables + figures + a one-page summary + ``manifest.json`` out.

Table files
-----------
Every table is written twice, with the same rows and columns:

* ``name.csv``: **UTF-8 with a BOM** (``utf-8-sig``) so that Excel opens the Chinese text correctly; pandas,
  R (``readr``) and Python's ``csv`` module read it as plain UTF-8 (use ``encoding="utf-8-sig"`` with ``open``).
  List-valued cells (e.g. the members of a numbered formulation) are written as JSON arrays (``["a", "b"]``).
* ``name.parquet``: typed columns; list-valued cells stay lists.

Outputs are reproducible: running the same job twice on the same corpus gives byte-identical tables (rows in a
fixed order, no timestamps); timings are kept only in ``manifest.json``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .dfm import is_punct

__all__ = ["report", "write_table", "target_mask", "corpus_table", "REPORT_TABLES"]

REPORT_TABLES = ("corpus_info", "frequency", "frequency_by_group", "keyness", "numbered", "numbered_summary",
                 "sections")


def _is_listlike(v: Any) -> bool:
    return isinstance(v, (list, tuple, np.ndarray))


def _json_cell(v: Any) -> Any:
    if _is_listlike(v) or isinstance(v, dict):
        return json.dumps(_plain(v), ensure_ascii=False)
    return v


def _plain(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return [_plain(x) for x in v.tolist()]
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    item = getattr(v, "item", None)
    return item() if callable(item) else v


def write_table(df: pd.DataFrame, folder: str | os.PathLike[str], name: str) -> list[Path]:
    """Write ``df`` as ``name.csv`` (UTF-8 with BOM, list cells as JSON) and ``name.parquet`` (lists kept).

    Parameters
    ----------
    df : DataFrame
    folder : path
        Created if missing.
    name : str
        File name without suffix.

    Returns
    -------
    list of Path
        The CSV and Parquet paths.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> from policytext.report import write_table
    >>> df = pd.DataFrame({"label": ["四个全面"], "members": [["全面建成小康社会", "全面深化改革"]]})
    >>> csv, pq = write_table(df, tempfile.mkdtemp(), "numbered")
    >>> pd.read_parquet(pq)["members"][0].tolist()
    ['全面建成小康社会', '全面深化改革']
    >>> pd.read_csv(csv)["members"][0]
    '["全面建成小康社会", "全面深化改革"]'
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    df = df.reset_index(drop=True)
    csv_df = df.copy()
    pq_df = df.copy()
    for col in df.columns:
        if df[col].dtype == object and any(_is_listlike(v) or isinstance(v, dict) for v in df[col]):
            csv_df[col] = [_json_cell(v) for v in df[col]]
            pq_df[col] = [_plain(v) if _is_listlike(v) else v for v in df[col]]
    csv_path = out / f"{name}.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        csv_df.to_csv(fh, index=False, lineterminator="\n")
    pq_path = out / f"{name}.parquet"
    try:
        pq_df.to_parquet(pq_path, index=False, engine="pyarrow")
    except (TypeError, ValueError, ImportError) as exc:  # mixed nested cells: fall back to JSON strings
        import pyarrow as pa  # noqa: F401  (re-raise below if pyarrow itself is missing)

        if isinstance(exc, ImportError):
            raise
        csv_df.to_parquet(pq_path, index=False, engine="pyarrow")
    return [csv_path, pq_path]


def target_mask(docvars: pd.DataFrame, target: str) -> np.ndarray:
    """Documents selected by ``--target``: ``column=value[,value...]`` on a docvar, or doc_ids separated by commas.

    Values are compared as strings (``year=2019`` matches the integer 2019).

    Examples
    --------
    >>> import pandas as pd
    >>> from policytext.report import target_mask
    >>> dv = pd.DataFrame({"year": [2019, 2020]}, index=pd.Index(["政府工作报告2019", "政府工作报告2020"], name="doc_id"))
    >>> target_mask(dv, "year=2019").tolist(), target_mask(dv, "政府工作报告2020").tolist()
    ([True, False], [False, True])
    """
    if "=" in target:
        col, _, vals = target.partition("=")
        col = col.strip()
        if col not in docvars.columns and col != "doc_id":
            raise KeyError(f"--target {target!r}: no docvar {col!r}; docvars are {list(docvars.columns)}")
        wanted = {v.strip() for v in vals.split(",") if v.strip()}
        series = pd.Series(docvars.index, index=docvars.index) if col == "doc_id" else docvars[col]
        mask = np.array([pd.notna(v) and str(v) in wanted for v in series], dtype=bool)
    else:
        wanted = {v.strip() for v in target.split(",") if v.strip()}
        unknown = sorted(wanted - {str(i) for i in docvars.index})
        if unknown:
            raise KeyError(f"--target {target!r}: no documents {unknown} (use column=value for a docvar)")
        mask = np.array([str(i) in wanted for i in docvars.index], dtype=bool)
    if not mask.any():
        raise ValueError(f"--target {target!r} selects no document")
    if mask.all():
        raise ValueError(f"--target {target!r} selects every document: nothing left to compare with")
    return mask


def corpus_table(result: Any) -> pd.DataFrame:
    """One row per document: doc_id, title, encoding, bytes, chars, removed_chars, tokens, sha256, and docvars.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from policytext.engine import analyze
    >>> from policytext.report import corpus_table
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "gwr_2019.txt").write_text("坚持稳中求进。", encoding="utf-8")
    >>> corpus_table(analyze(d, want=("dfm",)))[["doc_id", "chars", "tokens"]].values.tolist()  # 坚持/稳中求进/。
    [['gwr_2019', 7, 3]]
    """
    prov = result.provenance
    dv = result.docvars
    n = len(result.doc_ids)

    def col(frame: pd.DataFrame, name: str, default: Any = None) -> list[Any]:
        return list(frame[name]) if name in frame.columns else [default] * n

    titles = [t if isinstance(t, str) and t else d for t, d in zip(col(dv, "title"), col(dv, "title_detected"),
                                                                    strict=True)]
    table = pd.DataFrame({
        "doc_id": result.doc_ids,
        "title": titles,
        "encoding": col(prov, "encoding"),
        "bytes": [int(x) for x in col(prov, "bytes", 0)],
        "chars": [int(x) for x in col(prov, "n_chars", 0)],
        "removed_chars": [int(x) if x is not None and x == x else 0 for x in col(prov, "n_removed", 0)],
    })
    if result.dfm is not None:
        table["tokens"] = result.dfm.ntokens.astype(np.int64)
    table["sha256"] = col(prov, "sha256")
    skip = {"title", "title_detected", "salutation"}
    for c in dv.columns:
        if c not in skip and c not in table.columns:
            table[c] = [_json_cell(v) for v in dv[c]]
    return table


def _punct(w: str) -> bool:
    """Punctuation-only or a bare number (１, 2019, 三十): not a word for the report's word tables."""
    return is_punct(w) or w.isnumeric()


def report(
    source: Any,
    out: str | os.PathLike[str],
    docvars: Any = None,
    *,
    pattern: str | None = None,
    group_by: str | None = None,
    target: str | None = None,
    segmenter: Any = None,
    segmenter_config: str | None = None,
    engine: str = "local",
    n_jobs: int = 1,
    top: int = 100,
    figures: bool = True,
    stopwords: bool = True,
    progress: bool = False,
    client: Any = None,
    address: str | None = None,
    n_workers: int = 2,
    **read_options: Any,
) -> Path:
    """Run the main job on a corpus and write tables, figures, ``summary.md`` and ``manifest.json`` to ``out``.

    Tables (each as CSV and Parquet, see module docs): ``corpus_info`` (one row per document, with its
    ``collection``: the sub-folder of ``source`` it was read from), ``frequency`` (top ``top`` words over the
    whole corpus), ``frequency_by_group`` (top ``top`` per ``group_by`` value), ``keyness`` (``target``
    documents vs the rest, chi2), ``keyness_by_collection`` (when the folder has several sub-folders: the 20
    words most over-used in each collection against the others, chi2), ``numbered`` (every numbered
    formulation found, e.g. 四个全面 with its members), ``numbered_summary`` (per label: mentions, documents,
    first document, members), ``sections`` (section headings). Word tables leave out punctuation and, unless
    ``stopwords=False``, the shipped stopwords (function words such as 的/和/在 and procedural words such as
    各位代表; :func:`policytext.tokenize.load_stopwords`); rates (``per_10k``) stay per 10,000 tokens of all
    tokens. Figures (PNG): ``frequency.png``, ``keyness.png``, ``collections.png``, ``formulations.png``,
    ``trends.png`` (when ``group_by`` is given). ``summary.md`` and ``summary.html`` (figures embedded) give
    the one-page overview.

    Parameters
    ----------
    source : path, glob or list of them
        Corpus folder, files or glob (see :func:`policytext.read_corpus`).
    out : path
        Output folder (created if missing). It may not be the corpus folder or inside it. The run writes into a
        hidden temporary folder beside ``out`` and moves the files into ``out`` only when everything succeeded,
        ``manifest.json`` last; on an error or Ctrl-C ``out`` is left unchanged. A lock file
        ``out/.policytext.lock`` refuses a second run into ``out`` at the same time. Files of the same names are
        replaced; the outputs of an earlier run listed in its ``manifest.json`` that this run does not write
        (e.g. ``keyness.csv`` when ``target`` is dropped) are removed; other files in ``out`` are left alone
        (see :func:`policytext.outputs.output_folder`).
    docvars : path or DataFrame, optional
        Document variables (CSV...) joined on doc_id or file name.
    pattern : str, optional
        Docvars from file names, e.g. ``"gwr_{year}.txt"``.
    group_by : str, optional
        Docvar for the per-group frequency table and the trends figure (e.g. ``year``).
    target : str, optional
        ``column=value`` or doc_ids: the documents compared with the rest in the keyness table.
    segmenter : Segmenter, optional
    segmenter_config : path, optional
        YAML/JSON file of Segmenter parameters (ignored when ``segmenter`` is given).
    engine : {"local", "dask"}
        ``"dask"`` counts on a Dask cluster (LocalCluster of ``n_workers``, or ``address``/``client``); tables
        are identical.
    n_jobs : int
        Tokenizer workers of the local engine.
    top : int
        Rows kept per frequency table / keyness side.
    figures : bool
        Write PNG figures (needs matplotlib).
    stopwords : bool
        Leave the shipped stopwords out of the word tables (``False``: keep them).
    progress : bool
        tqdm progress bars on stderr.
    **read_options
        Passed to :func:`policytext.read_corpus`.

    Returns
    -------
    pathlib.Path
        The output folder.

    Raises
    ------
    policytext.outputs.OutputFolderError
        Before any work, when ``out`` is inside ``source``, cannot be written, or another run is writing there.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import policytext as pt
    >>> d = pathlib.Path(tempfile.mkdtemp()) / "gwr"
    >>> d.mkdir()
    >>> _ = (d / "gwr_2019.txt").write_text("坚持“四个全面”战略布局。坚持稳中求进。", encoding="utf-8")
    >>> _ = (d / "gwr_2020.txt").write_text("打好三大攻坚战。全面深化改革。", encoding="utf-8")
    >>> out = pt.report(d, d.parent / "out", pattern="gwr_{year}.txt", target="year=2020", figures=False)
    >>> sorted(p.name for p in out.glob("*.csv"))[:3]
    ['corpus_info.csv', 'frequency.csv', 'keyness.csv']
    """
    from .outputs import output_folder

    seg = segmenter if segmenter is not None else load_segmenter(segmenter_config)
    with output_folder(out, inputs=[source], command=f"policytext.report({source!r}, {os.fspath(out)!r})") as folder:
        _write_report(folder.path, source, docvars, pattern=pattern, group_by=group_by, target=target, segmenter=seg,
                      segmenter_config=segmenter_config, engine=engine, n_jobs=n_jobs, top=top, figures=figures,
                      stopwords=stopwords, progress=progress, client=client, address=address, n_workers=n_workers,
                      **read_options)
    return Path(out)


def _write_report(
    outdir: Path,
    source: Any,
    docvars: Any = None,
    *,
    pattern: str | None = None,
    group_by: str | None = None,
    target: str | None = None,
    segmenter: Any = None,
    segmenter_config: str | None = None,
    engine: str = "local",
    n_jobs: int = 1,
    top: int = 100,
    figures: bool = True,
    stopwords: bool = True,
    progress: bool = False,
    client: Any = None,
    address: str | None = None,
    n_workers: int = 2,
    **read_options: Any,
) -> None:
    """The work of :func:`report`, written into ``outdir`` (the temporary folder of the run), manifest last."""
    import time

    from .engine import analyze
    from .manifest import Manifest
    from .textstat import keyness

    seg = segmenter if segmenter is not None else load_segmenter(segmenter_config)
    params = {"source": [str(s) for s in source] if isinstance(source, (list, tuple)) else str(source),
              "docvars": None if docvars is None or isinstance(docvars, pd.DataFrame) else str(docvars),
              "pattern": pattern, "group_by": group_by, "target": target, "top": top, "engine": engine,
              "figures": figures, "stopwords": stopwords, "segmenter_config": segmenter_config,
              "read_options": read_options}
    man = Manifest("report", params)
    t_all = time.perf_counter()
    with man.timed("analyze"):
        res = analyze(source, docvars, pattern=pattern, segmenter=seg, engine=engine, group_by=group_by,
                      want=("frequency", "dfm", "numbered", "sections"), n_jobs=n_jobs, progress=progress,
                      client=client, address=address, n_workers=n_workers, **read_options)
    man.timings.update({f"analyze.{k}": v for k, v in res.timings.items()})
    man.set_corpus(res.sha256_items(), params["source"] if isinstance(params["source"], str) else None,
                   skipped=res.skipped)
    man.set_segmenter(seg)
    man.set_engine(engine, n_jobs=n_jobs, n_workers=n_workers if engine == "dask" else None,
                   address=address)
    d = res.dfm
    drop = _dropped_words(stopwords)
    tables: dict[str, pd.DataFrame] = {}
    with man.timed("tables"):
        info = corpus_table(res)
        collections = _collections(res.provenance, source)
        if collections is not None:
            info.insert(1, "collection", collections)
        tables["corpus_info"] = info
        freq = res.frequency
        assert freq is not None
        # the overall table (group "all"); the per-group table when group_by is given
        from .textstat import frequency as _frequency

        overall = _frequency(d) if group_by is not None else freq
        tables["frequency"] = _top_words(overall, top, drop)
        if group_by is not None:
            tables["frequency_by_group"] = _top_words(freq, top, drop)
        if target is not None:
            mask = target_mask(d.docvars, target)
            key = keyness(d, mask, measure="chi2")
            key = key[[str(w) not in drop and not _punct(str(w)) for w in key["feature"]]]
            head = key.head(top)
            tail = key.iloc[::-1].head(top).iloc[::-1]
            tables["keyness"] = pd.concat([head, tail[~tail.index.isin(head.index)]]).reset_index(drop=True)
        if collections is not None:
            tables["keyness_by_collection"] = _collection_keyness(d, collections, drop, 20)
        numbered = res.numbered if res.numbered is not None else pd.DataFrame()
        tables["numbered"] = numbered
        tables["numbered_summary"] = _numbered_summary(numbered)
        sections = res.sections if res.sections is not None else pd.DataFrame()
        if "text" in sections.columns:
            sections = sections.assign(n_chars=[len(t) for t in sections["text"]]).drop(columns=["text"])
        tables["sections"] = sections
        for name, df in tables.items():
            write_table(df, outdir, name)
    fig_names: list[str] = []
    skipped: dict[str, str] = {}
    if figures:
        with man.timed("figures"):
            fig_names = _figures(tables, outdir, group_by, target, skipped)
    if skipped:
        man.parameters["figures_skipped"] = skipped
    with man.timed("summary"):
        _summary(outdir, tables, fig_names, group_by, target, seg, engine, skipped, stopwords, man)
    man.timings["total"] = round(time.perf_counter() - t_all, 4)
    man.add_outputs(outdir)
    man.write(outdir)


def load_segmenter(config: str | os.PathLike[str] | Mapping[str, Any] | None) -> Any:
    """A Segmenter from a YAML/JSON file (or dict) of its parameters; ``None`` gives ``Segmenter()``.

    Examples
    --------
    >>> from policytext.report import load_segmenter
    >>> load_segmenter({"backend": "jieba", "stopwords": "default"}).cut("我们要坚持稳中求进，推动高质量发展。")
    ['我们', '要', '坚持', '稳中求进', '推动', '高质量发展']
    """
    from .errors import PolicyTextError
    from .tokenize import Segmenter

    if config is None:
        return Segmenter()
    if isinstance(config, Mapping):
        params = dict(config)
        where = "segmenter config"
    else:
        p = Path(config)
        where = str(p)
        if not p.is_file():
            raise FileNotFoundError(f"{p}: segmenter config file not found")
        text = p.read_text("utf-8")
        try:
            if p.suffix.lower() == ".json":
                params = json.loads(text)
            else:
                import yaml

                params = yaml.safe_load(text)
        except Exception as exc:  # noqa: BLE001 - any parse error is reported with the file name
            raise PolicyTextError(f"{p}: cannot parse segmenter config: {exc}") from exc
        if not isinstance(params, dict):
            raise PolicyTextError(f"{p}: segmenter config must be a mapping of Segmenter parameters")
    try:
        return Segmenter(**params)
    except TypeError as exc:
        raise PolicyTextError(f"{where}: bad Segmenter parameter: {exc}") from exc
    except ValueError as exc:
        raise PolicyTextError(f"{where}: {exc}") from exc


def _dropped_words(stopwords: bool) -> frozenset[str]:
    """Words left out of the report's word tables: the shipped stopwords (when ``stopwords``)."""
    if not stopwords:
        return frozenset()
    from .tokenize import load_stopwords

    return frozenset(load_stopwords())


def _collections(prov: pd.DataFrame, source: Any) -> list[str] | None:
    """The sub-folder of ``source`` each document was read from, when there are at least two (else None)."""
    if isinstance(source, (list, tuple)) or not Path(os.fspath(source)).is_dir():
        return None
    root = Path(os.fspath(source)).resolve()
    out: list[str] = []
    for p in prov["path"]:
        try:
            rel = Path(str(p)).resolve().relative_to(root)
        except ValueError:
            return None
        if len(rel.parts) < 2:
            return None
        out.append(rel.parts[0])
    return out if len(set(out)) >= 2 else None


def _collection_keyness(d: Any, collections: Sequence[str], drop: frozenset[str], n: int) -> pd.DataFrame:
    """For each collection: the ``n`` words most over-used against all other collections (chi2, positive)."""
    from .textstat import keyness

    labels = np.asarray(collections, dtype=object)
    frames = []
    for name in sorted(set(collections)):
        key = keyness(d, labels == name, measure="chi2")
        key = key[[str(w) not in drop and not _punct(str(w)) for w in key["feature"]]]
        key = key[key["statistic"] > 0].head(n)
        frames.append(key.assign(collection=name, rank=np.arange(1, len(key) + 1)))
    cols = ["collection", "rank", "feature", "statistic", "p_value", "n_target", "n_reference"]
    if not frames:
        return pd.DataFrame(columns=cols)
    return pd.concat(frames, ignore_index=True)[cols]


def _top_words(freq: pd.DataFrame, top: int, drop: frozenset[str] = frozenset()) -> pd.DataFrame:
    keep = freq[[str(w) not in drop and not _punct(str(w)) for w in freq["feature"]]]
    return keep.groupby("group", sort=False, group_keys=False).head(top).reset_index(drop=True)


def _numbered_summary(numbered: pd.DataFrame) -> pd.DataFrame:
    cols = ["label", "number", "mentions", "documents", "first_doc_id", "members"]
    if len(numbered) == 0 or "label" not in numbered.columns:
        return pd.DataFrame(columns=cols)
    rows = []
    for label, g in numbered.groupby("label", sort=False):
        members = next((m for m in g["members"] if _is_listlike(m) and len(m)), None)
        rows.append({"label": label, "number": g["number"].iloc[0], "mentions": len(g),
                     "documents": int(g["doc_id"].nunique()), "first_doc_id": g["doc_id"].iloc[0],
                     "members": _plain(members) if members is not None else None})
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["mentions", "label"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _figures(tables: Mapping[str, pd.DataFrame], outdir: Path, group_by: str | None,
             target: str | None, skipped: dict[str, str]) -> list[str]:
    """Write the PNG figures; a figure that cannot be drawn is listed in ``skipped`` with the reason."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from . import plot
    except ImportError:  # pragma: no cover - plotting is optional
        return []
    made: list[str] = []

    def save(name: str, draw: Any) -> None:
        try:
            ax = draw()
            plot.savefig(ax, outdir / name, metadata={"Software": None})
            plt.close(ax.figure)
            made.append(name)
        except (OSError, ValueError, KeyError) as exc:
            plt.close("all")
            skipped[name] = f"{type(exc).__name__}: {exc}"

    save("frequency.png", lambda: plot.frequency_bars(tables["frequency"], n=20, value="per_10k",
                                                     title="高频词 (per 10,000 tokens)"))
    if "keyness" in tables and len(tables["keyness"]):
        save("keyness.png", lambda: plot.keyness_bars(tables["keyness"], n=10, target=str(target),
                                                      reference="其他文档 (rest)"))
    if "keyness_by_collection" in tables and len(tables["keyness_by_collection"]):
        save("collections.png", lambda: _collections_figure(tables["keyness_by_collection"], plt, plot))
    summ = tables["numbered_summary"]
    if len(summ):
        top = summ.head(15).rename(columns={"label": "feature", "mentions": "frequency"})

        def formulations() -> Any:
            ax = plot.frequency_bars(top, n=15, color="C2", title="数字化提法 (numbered formulations)")
            ax.set_xlabel("mentions (all documents)")
            return ax

        save("formulations.png", formulations)
    if group_by is not None and "frequency_by_group" in tables:
        fbg = tables["frequency_by_group"]
        terms = tables["frequency"]["feature"].head(5).tolist()
        sub = fbg[fbg["feature"].isin(terms)]
        if sub["group"].nunique() > 1:
            def trends() -> Any:
                ax = plot.term_trends(sub, x="group", terms=terms)
                ax.set_xlabel(str(group_by))
                return ax

            save("trends.png", trends)
    return made


def _collections_figure(key: pd.DataFrame, plt: Any, plot: Any) -> Any:
    """Small multiples: the 10 most distinctive words of each collection (chi2 against the others)."""
    names = list(dict.fromkeys(key["collection"]))[:8]
    ncol = min(len(names), 4)
    nrow = -(-len(names) // ncol)
    fig, axes = plt.subplots(nrow, ncol, figsize=(3.2 * ncol, 3.6 * nrow), squeeze=False)
    for k, ax in enumerate(axes.ravel()):
        if k >= len(names):
            ax.set_visible(False)
            continue
        sub = key[key["collection"] == names[k]]
        plot.frequency_bars(sub, n=10, value="statistic", ax=ax, color=f"C{k % 10}", annotate=False,
                            title=names[k])
        ax.set_xlabel("chi2")
    from .plot.fonts import font_properties

    fig.suptitle("各文集的特征词 (distinctive words of each collection vs the others)",
                 fontproperties=font_properties(size=12))
    fig.tight_layout()
    return axes[0, 0]


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.1f}"
    if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
        return f"{int(v):,}"
    if v is None or (isinstance(v, float) and v != v):
        return ""
    c = _json_cell(v)
    return "" if c is None else str(c)


def _md_table(df: pd.DataFrame, cols: Sequence[str], n: int) -> str:
    sub = df[list(cols)].head(n)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in sub.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v).replace("|", "\\|") for v in row) + " |")
    return "\n".join(lines)


def _html_table(df: pd.DataFrame, cols: Sequence[str], n: int) -> str:
    import html

    sub = df[list(cols)].head(n)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
                   for row in sub.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _summary(outdir: Path, tables: Mapping[str, pd.DataFrame], figs: Sequence[str], group_by: str | None,
             target: str | None, seg: Any, engine: str, skipped: Mapping[str, str], stopwords: bool,
             man: Any) -> None:
    """Write ``summary.md`` and ``summary.html`` (the same page; figures embedded in the HTML)."""
    import base64
    import html

    info = tables["corpus_info"]
    blocks: list[tuple[str, Any]] = []  # ("h1"|"h2"|"p"|"table"|"img", payload)
    n_tokens = int(info["tokens"].sum()) if "tokens" in info else 0
    blocks.append(("h1", "policytext report"))
    blocks.append(("p", f"**Corpus**: {len(info):,} documents, {int(info['chars'].sum()):,} characters after "
                        f"cleaning ({int(info['removed_chars'].sum()):,} removed: page chrome, advertisements, "
                        f"repeated scraped copies; see `removed_chars` in `corpus_info.csv`), {n_tokens:,} tokens."))
    if "collection" in info.columns:
        per = info.groupby("collection", sort=True).agg(documents=("doc_id", "size"), chars=("chars", "sum"),
                                                         tokens=("tokens", "sum")).reset_index()
        blocks.append(("table", (per, ["collection", "documents", "chars", "tokens"], 50)))
    years = pd.to_numeric(info["year"], errors="coerce").dropna() if "year" in info.columns else pd.Series([])
    if len(years) == len(info) and years.nunique() > 1:
        blocks.append(("p", f"Years: {int(years.min())}–{int(years.max())} ({len(years)} documents with a year)."))
    words_note = "punctuation" + ("" if not stopwords else " and function/procedural stopwords (的, 和, 在, 各位代表 ...)")
    blocks.append(("p", f"Counts are **tokens** of the segmenter (a word inside a longer token is not counted); "
                        f"word tables leave out {words_note}; per_10k is per 10,000 tokens of all tokens."))
    blocks.append(("h2", "Most frequent words"))
    blocks.append(("table", (tables["frequency"], ["feature", "frequency", "docfreq", "per_10k"], 15)))
    if "frequency.png" in figs:
        blocks.append(("img", "frequency.png"))
    if "keyness_by_collection" in tables:
        key = tables["keyness_by_collection"]
        blocks.append(("h2", "Distinctive words of each collection (chi2 vs the other collections)"))
        wide = key[key["rank"] <= 8].groupby("collection", sort=True)["feature"].apply(lambda s: "、".join(s))
        blocks.append(("table", (wide.reset_index().rename(columns={"feature": "words (most distinctive first)"}),
                                 ["collection", "words (most distinctive first)"], 50)))
        if "collections.png" in figs:
            blocks.append(("img", "collections.png"))
    if target is not None and "keyness" in tables:
        key = tables["keyness"]
        blocks.append(("h2", f"Keyness: {target} vs the rest (chi2)"))
        blocks.append(("table", (key, ["feature", "statistic", "n_target", "n_reference"], 10)))
        if "keyness.png" in figs:
            blocks.append(("img", "keyness.png"))
    if group_by is not None and "trends.png" in figs:
        blocks.append(("h2", f"Top words by {group_by}"))
        blocks.append(("img", "trends.png"))
    summ = tables["numbered_summary"]
    blocks.append(("h2", "Numbered formulations (数字化提法)"))
    blocks.append(("p", f"{len(tables['numbered']):,} mentions of {len(summ):,} distinct numbered formulations "
                        "(members as the text or the lexicon defines them)."))
    if len(summ):
        blocks.append(("table", (summ, ["label", "mentions", "documents", "first_doc_id", "members"], 12)))
    if "formulations.png" in figs:
        blocks.append(("img", "formulations.png"))
    blocks.append(("p", f"Sections found: {len(tables['sections']):,} headings (`sections.csv`)."))
    blocks.append(("h2", "Files and reproducibility"))
    blocks.append(("p", "Tables: " + ", ".join(f"`{n}.csv`" for n in tables) + " (UTF-8 with BOM, for Excel), each "
                        "also as `.parquet`."))
    corpus = man.corpus
    blocks.append(("p", f"Segmenter `{seg!r}` (config hash `{seg.config_hash[:16]}`), engine {engine}, "
                        f"corpus sha256 `{str(corpus.get('corpus_sha256', ''))[:16]}` "
                        f"({corpus.get('n_documents', 0)} documents), policytext "
                        f"{man.to_dict()['environment']['packages'].get('policytext')}. `manifest.json` has the "
                        "full versions, parameters, seeds, hashes of every output and timings."))
    if skipped:
        blocks.append(("p", "Figures not drawn: " + "; ".join(f"`{k}` ({v})" for k, v in skipped.items())))

    md: list[str] = []
    htm: list[str] = []

    def inline(text: str) -> str:
        import re

        t = html.escape(text)
        t = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", t)
        return re.sub(r"`(.+?)`", r"<code>\1</code>", t)

    for kind, payload in blocks:
        if kind == "h1":
            md += [f"# {payload}", ""]
            htm.append(f"<h1>{html.escape(payload)}</h1>")
        elif kind == "h2":
            md += [f"## {payload}", ""]
            htm.append(f"<h2>{html.escape(payload)}</h2>")
        elif kind == "p":
            md += [payload, ""]
            htm.append(f"<p>{inline(payload)}</p>")
        elif kind == "table":
            df, cols, n = payload
            md += [_md_table(df, cols, n), ""]
            htm.append(_html_table(df, cols, n))
        elif kind == "img":
            md += [f"![{payload[:-4]}]({payload})", ""]
            data = base64.b64encode((outdir / payload).read_bytes()).decode("ascii")
            htm.append(f'<img alt="{payload[:-4]}" src="data:image/png;base64,{data}">')
    (outdir / "summary.md").write_text("\n".join(md), "utf-8")
    style = ("body{font-family:'Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif;max-width:60em;"
             "margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;margin:1em 0}"
             "td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top}"
             "th{background:#f3f3f3}img{max-width:100%;display:block;margin:1em 0}code{background:#f3f3f3}")
    page = ("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>policytext report</title>"
            f"<style>{style}</style></head><body>\n" + "\n".join(htm) + "\n</body></html>\n")
    (outdir / "summary.html").write_text(page, "utf-8")
