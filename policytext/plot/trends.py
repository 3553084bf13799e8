"""Term trends over a docvar such as year."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._util import axes_context, palette, require_columns

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["term_trends", "trend_table"]

#: y-axis labels naming the counting convention behind each rate column
CONVENTIONS = {
    "tokens": "per 10,000 tokens (count of whole tokens)",
    "substrings": "per 10,000 characters (count of substrings)",
}


def trend_table(
    data: Any,
    terms: Sequence[str],
    *,
    by: str = "year",
    convention: str | None = None,
) -> pd.DataFrame:
    """Long table of term rates per value of a docvar, the input of :func:`term_trends`.

    Two sources, two counting conventions:

    - a grouped frequency table, ``frequency(d, groups="year")`` (``feature, frequency, group, per_10k``):
      **tokens**; rows missing for a group (the term did not occur) become 0;
    - a :class:`policytext.Corpus` whose docvars hold ``by``: **substrings** (``str.count`` on the cleaned
      text, as newspaper figures count), summed over the documents of each group, per 10,000 characters.

    Parameters
    ----------
    data : DataFrame or Corpus
    terms : sequence of str
    by : str
        The docvar (Corpus) or the name given to the ``group`` column (frequency table).
    convention : {"tokens", "substrings"}, optional
        Default: inferred from ``data``.

    Returns
    -------
    DataFrame
        Columns ``<by>, feature, count, total, per_10k, convention``; ``total`` is the number of tokens or
        characters of the group.

    Examples
    --------
    >>> import pandas as pd
    >>> import policytext as pt
    >>> years = pd.DataFrame({"year": [2013, 2014]}, index=["a", "b"])
    >>> c = pt.Corpus({"a": "深化改革，扩大开放。", "b": "全面深化改革。"}, docvars=years)
    >>> trend_table(c, ["改革"], by="year")[["year", "count"]].values.tolist()
    [[2013, 1], [2014, 1]]
    """
    terms = list(dict.fromkeys(terms))
    if not terms:
        raise ValueError("trend_table: no terms")
    if isinstance(data, pd.DataFrame):
        require_columns(data, ["feature", "frequency", "group", "per_10k"], "trend_table")
        conv = convention or "tokens"
        groups = list(dict.fromkeys(data["group"].tolist()))
        # tokens per group, recovered from any row: frequency * 1e4 / per_10k
        tot = data[data["per_10k"] > 0].groupby("group", sort=False).first()
        totals = (tot["frequency"] * 1e4 / tot["per_10k"]).round().to_dict()
        sub = data[data["feature"].isin(terms)].set_index(["group", "feature"])["frequency"]
        rows = []
        for g in groups:
            for t in terms:
                cnt = int(sub.get((g, t), 0))
                total = float(totals.get(g, np.nan))
                rows.append((g, t, cnt, total))
        out = pd.DataFrame(rows, columns=[by, "feature", "count", "total"])
    elif hasattr(data, "docvars") and hasattr(data, "texts"):
        conv = convention or "substrings"
        if conv != "substrings":
            raise ValueError("trend_table: a Corpus is counted as substrings; pass a frequency table for tokens")
        dv = data.docvars
        if by not in dv.columns:
            raise ValueError(f"trend_table: docvar {by!r} not in {list(dv.columns)}")
        keys = dv[by].reindex(data.doc_ids).tolist()
        rows = []
        for key, text in zip(keys, data.texts, strict=True):
            if key is None or (isinstance(key, float) and np.isnan(key)):
                continue
            for t in terms:
                rows.append((key, t, text.count(t), len(text)))
        raw = pd.DataFrame(rows, columns=[by, "feature", "count", "total"])
        out = raw.groupby([by, "feature"], sort=False, as_index=False)[["count", "total"]].sum()
        out["feature"] = pd.Categorical(out["feature"], categories=terms)
        out = out.sort_values([by, "feature"], kind="stable").reset_index(drop=True)
        out["feature"] = out["feature"].astype(str)
    else:
        raise TypeError(f"trend_table: expected a frequency DataFrame or a Corpus, got {type(data).__name__}")
    out["per_10k"] = out["count"] * 1e4 / out["total"].where(out["total"] > 0)
    out["convention"] = conv
    return out


def term_trends(
    trends: pd.DataFrame,
    *,
    x: str | None = None,
    y: str = "per_10k",
    terms: Sequence[str] | None = None,
    ax: Axes | None = None,
    ylabel: str | None = None,
    markers: bool = True,
    title: str | None = None,
) -> Axes:
    """Lines of several terms' rates over a docvar (year), with the counting convention in the axis label.

    Parameters
    ----------
    trends : DataFrame
        Long table with a docvar column, ``feature`` and ``y``: the output of :func:`trend_table`, or of
        ``frequency(d, groups="year")`` (then ``x`` is the ``group`` column).
    x : str, optional
        The docvar column; default: the first column of the table that is neither ``feature`` nor a count
        (``year``/``group``).
    y : str
        Rate column (default ``per_10k``).
    terms : sequence of str, optional
        Terms drawn (default: all, in order of appearance).
    ax : matplotlib.axes.Axes, optional
    ylabel : str, optional
        Default: names the convention (``per 10,000 tokens (count of whole tokens)`` or ``per 10,000
        characters (count of substrings)``), from the ``convention`` column or the table's origin.
    markers : bool
        Mark each observed value (years with no document stay visible as gaps between markers).
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> import policytext as pt
    >>> years = pd.DataFrame({"year": [2013, 2014]}, index=["a", "b"])
    >>> c = pt.Corpus({"a": "深化改革，扩大开放。", "b": "全面深化改革，开放。"}, docvars=years)
    >>> ax = pt.plot.term_trends(pt.plot.trend_table(c, ["改革", "开放"]))
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['改革', '开放']
    >>> ax.get_ylabel()
    'per 10,000 characters (count of substrings)'
    """
    require_columns(trends, ["feature", y], "term_trends")
    if x is None:
        skip = {"feature", y, "count", "total", "convention", "frequency", "rank", "docfreq", "per_10k"}
        cands = [c for c in trends.columns if c not in skip]
        if not cands:
            raise ValueError("term_trends: no docvar column; pass x=...")
        x = cands[0]
    require_columns(trends, [x], "term_trends")
    if terms is None:
        terms = list(dict.fromkeys(trends["feature"].tolist()))
    if ylabel is None:
        if "convention" in trends.columns and len(trends):
            ylabel = CONVENTIONS.get(str(trends["convention"].iloc[0]), y)
        elif y == "per_10k" and "rank" in trends.columns:
            ylabel = CONVENTIONS["tokens"]
        elif y == "per_10k_chars":
            ylabel = CONVENTIONS["substrings"]
        else:
            ylabel = y
    cols = palette(len(terms))
    with axes_context(ax, (7.5, 4.0)) as ax:
        numeric_x = pd.api.types.is_numeric_dtype(trends[x])
        for t, c in zip(terms, cols, strict=True):
            sub = trends[trends["feature"] == t]
            if sub.empty:
                raise ValueError(f"term_trends: term {t!r} not in the table")
            sub = sub.sort_values(x, kind="stable") if numeric_x else sub
            ax.plot(sub[x].to_numpy(), sub[y].to_numpy(dtype=float), color=c, lw=1.5,
                    marker="o" if markers else None, ms=3.5, label=str(t))
        ax.set_xlabel(str(x))
        ax.set_ylabel(ylabel)
        ax.set_ylim(bottom=0)
        if numeric_x:
            from matplotlib.ticker import MaxNLocator

            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(frameon=False, ncols=1 if len(terms) <= 8 else 2, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="0.9", lw=0.6)
        if title:
            ax.set_title(title)
    return ax
