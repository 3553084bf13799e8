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
    return all(not ch.isalnum() for ch in w)


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
    progress: bool = False,
    client: Any = None,
    address: str | None = None,
    n_workers: int = 2,
    **read_options: Any,
) -> Path:
    """Run the main job on a corpus and write tables, figures, ``summary.md`` and ``manifest.json`` to ``out``.

    Tables (each as CSV and Parquet, see module docs): ``corpus_info`` (one row per document), ``frequency``
    (top ``top`` words, punctuation excluded, over the whole corpus), ``frequency_by_group`` (top ``top`` per
    ``group_by`` value), ``keyness`` (``target`` documents vs the rest, chi2), ``numbered`` (every numbered
    formulation found, e.g. 四个全面 with its members), ``numbered_summary`` (per label: mentions, documents,
    first document), ``sections`` (section headings). Figures (PNG): ``frequency.png``, ``keyness.png``,
    ``formulations.png``, ``trends.png`` (when ``group_by`` is given).

    Parameters
    ----------
    source : path, glob or list of them
        Corpus folder, files or glob (see :func:`policytext.read_corpus`).
    out : path
        Output folder (created; existing files of the same names are overwritten).
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
    progress : bool
        tqdm progress bars on stderr.
    **read_options
        Passed to :func:`policytext.read_corpus`.

    Returns
    -------
    pathlib.Path
        The output folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import policytext as pt
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "gwr_2019.txt").write_text("坚持“四个全面”战略布局。坚持稳中求进。", encoding="utf-8")
    >>> _ = (d / "gwr_2020.txt").write_text("打好三大攻坚战。全面深化改革。", encoding="utf-8")
    >>> out = pt.report(d, d / "out", pattern="gwr_{year}.txt", target="year=2020", figures=False)
    >>> sorted(p.name for p in out.glob("*.csv"))[:3]
    ['corpus_info.csv', 'frequency.csv', 'keyness.csv']
    """
    import time

    from .engine import analyze
    from .manifest import Manifest
    from .textstat import keyness

    seg = segmenter if segmenter is not None else load_segmenter(segmenter_config)
    outdir = Path(out)
    outdir.mkdir(parents=True, exist_ok=True)
    params = {"source": [str(s) for s in source] if isinstance(source, (list, tuple)) else str(source),
              "docvars": None if docvars is None or isinstance(docvars, pd.DataFrame) else str(docvars),
              "pattern": pattern, "group_by": group_by, "target": target, "top": top, "engine": engine,
              "figures": figures, "segmenter_config": segmenter_config, "read_options": read_options}
    man = Manifest("report", params)
    t_all = time.perf_counter()
    with man.timed("analyze"):
        res = analyze(source, docvars, pattern=pattern, segmenter=seg, engine=engine, group_by=group_by,
                      want=("frequency", "dfm", "numbered", "sections"), n_jobs=n_jobs, progress=progress,
                      client=client, address=address, n_workers=n_workers, **read_options)
    man.timings.update({f"analyze.{k}": v for k, v in res.timings.items()})
    man.set_corpus(res.sha256s, params["source"] if isinstance(params["source"], str) else None)
    man.set_segmenter(seg)
    man.set_engine(engine, n_jobs=n_jobs, n_workers=n_workers if engine == "dask" else None,
                   address=address)
    d = res.dfm
    tables: dict[str, pd.DataFrame] = {}
    with man.timed("tables"):
        tables["corpus_info"] = corpus_table(res)
        freq = res.frequency
        assert freq is not None
        # the overall table (group "all"); the per-group table when group_by is given
        from .textstat import frequency as _frequency

        overall = _frequency(d) if group_by is not None else freq
        tables["frequency"] = _top_words(overall, top)
        if group_by is not None:
            tables["frequency_by_group"] = _top_words(freq, top)
        if target is not None:
            mask = target_mask(d.docvars, target)
            key = keyness(d, mask, measure="chi2")
            key = key[[not _punct(str(w)) for w in key["feature"]]]
            head = key.head(top)
            tail = key.iloc[::-1].head(top).iloc[::-1]
            tables["keyness"] = pd.concat([head, tail[~tail.index.isin(head.index)]]).reset_index(drop=True)
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
        _summary(outdir, res, tables, fig_names, group_by, target, seg, engine, skipped)
    man.timings["total"] = round(time.perf_counter() - t_all, 4)
    man.add_outputs(outdir)
    man.write(outdir)
    return outdir


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


def _top_words(freq: pd.DataFrame, top: int) -> pd.DataFrame:
    keep = freq[[not _punct(str(w)) for w in freq["feature"]]]
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

    save("frequency.png", lambda: plot.frequency_bars(tables["frequency"], n=20, title="高频词 (tokens)"))
    if "keyness" in tables and len(tables["keyness"]):
        save("keyness.png", lambda: plot.keyness_bars(tables["keyness"], n=10, target=str(target)))
    if len(tables["numbered"]):
        save("formulations.png", lambda: plot.formulations_chart(tables["numbered"]))
    if group_by is not None and "frequency_by_group" in tables:
        fbg = tables["frequency_by_group"]
        terms = tables["frequency"]["feature"].head(5).tolist()
        sub = fbg[fbg["feature"].isin(terms)]
        if sub["group"].nunique() > 1:
            save("trends.png", lambda: plot.term_trends(sub, x="group", terms=terms))
    return made


def _md_table(df: pd.DataFrame, cols: Sequence[str], n: int) -> str:
    sub = df[list(cols)].head(n)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in sub.itertuples(index=False):
        cells = [f"{v:.1f}" if isinstance(v, float) else str(_json_cell(v)) for v in row]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def _summary(outdir: Path, res: Any, tables: Mapping[str, pd.DataFrame], figs: Sequence[str],
             group_by: str | None, target: str | None, seg: Any, engine: str, skipped: Mapping[str, str]) -> None:
    info = tables["corpus_info"]
    lines = [
        "# policytext report",
        "",
        f"**Corpus**: {len(info)} documents, {int(info['chars'].sum()):,} characters after cleaning "
        f"({int(info['removed_chars'].sum()):,} removed: page chrome, ads, repeated scraped copies), "
        f"{int(info['tokens'].sum()) if 'tokens' in info else 0:,} tokens.  ",
        f"**Segmenter**: `{seg!r}` (config hash `{seg.config_hash[:12]}`); **engine**: {engine}.  ",
        "Counts are **tokens** as produced by the segmenter (a word inside a longer token is not counted).",
        "",
        "## Most frequent words",
        "",
        _md_table(tables["frequency"], ["feature", "frequency", "docfreq", "per_10k"], 15),
        "",
    ]
    if "frequency.png" in figs:
        lines += ["![frequency](frequency.png)", ""]
    if target is not None and "keyness" in tables:
        key = tables["keyness"]
        lines += [f"## Keyness: {target} vs the rest (chi2)", "",
                  _md_table(key, ["feature", "statistic", "n_target", "n_reference"], 10), ""]
        if "keyness.png" in figs:
            lines += ["![keyness](keyness.png)", ""]
    if group_by is not None and "trends.png" in figs:
        lines += [f"## Top words by {group_by}", "", "![trends](trends.png)", ""]
    summ = tables["numbered_summary"]
    lines += ["## Numbered formulations (提法)", "",
              f"{len(tables['numbered'])} mentions of {len(summ)} distinct numbered formulations.", ""]
    if len(summ):
        lines += [_md_table(summ, ["label", "mentions", "documents", "members"], 10), ""]
    if "formulations.png" in figs:
        lines += ["![formulations](formulations.png)", ""]
    lines += [f"Sections found: {len(tables['sections'])} headings.", "",
              "Tables: " + ", ".join(f"`{n}.csv`/`.parquet`" for n in tables) + ". CSV files are UTF-8 with BOM.",
              "Reproducibility: see `manifest.json` (versions, segmenter config hash, corpus hash, parameters).", ""]
    if skipped:
        lines += ["Figures not drawn: " + "; ".join(f"`{k}` ({v})" for k, v in skipped.items()), ""]
    (outdir / "summary.md").write_text("\n".join(lines), "utf-8")
