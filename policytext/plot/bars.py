"""Bar charts: feature frequencies, keyness (two-sided bars and target-vs-reference scatter), topic terms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._util import axes_context, palette, place_labels, require_columns, shorten, single_group

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["frequency_bars", "keyness_bars", "keyness_scatter", "topic_terms_bars"]

_VALUE_LABELS = {
    "frequency": "frequency (tokens)",
    "per_10k": "per 10,000 tokens",
    "docfreq": "documents containing the feature",
}


def frequency_bars(
    freq: pd.DataFrame,
    *,
    n: int = 20,
    value: str = "frequency",
    group: Any = None,
    ax: Axes | None = None,
    color: Any = "C0",
    annotate: bool = True,
    title: str | None = None,
    label_width: int = 14,
) -> Axes:
    """Horizontal bars of the most frequent features, the most frequent on top.

    Parameters
    ----------
    freq : DataFrame
        The output of :func:`policytext.frequency` (columns ``feature`` and ``value``; ``group`` optional).
    n : int
        Number of features shown (the first ``n`` rows by ``value``).
    value : {"frequency", "per_10k", "docfreq"} or any numeric column
        Bar length.
    group : optional
        Which group of a grouped table (``frequency(d, groups="year")``) to draw; required when the table
        holds several groups.
    ax : matplotlib.axes.Axes, optional
        Draw here; default: a new figure.
    color : matplotlib colour
    annotate : bool
        Write the value at the end of each bar.
    title : str, optional
    label_width : int
        Feature labels longer than this many characters are cut with an ellipsis.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> import policytext as pt
    >>> freq = pd.DataFrame({"feature": ["发展", "改革", "建设"], "frequency": [120, 80, 75]})
    >>> ax = pt.plot.frequency_bars(freq)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['建设', '改革', '发展']
    """
    require_columns(freq, ["feature", value], "frequency_bars")
    df = single_group(freq, group, "frequency_bars")
    df = df.sort_values(value, ascending=False, kind="stable").head(n).iloc[::-1]
    with axes_context(ax, (6.0, 0.6 + 0.32 * max(len(df), 3))) as ax:
        y = np.arange(len(df))
        vals = df[value].to_numpy(dtype=float)
        ax.barh(y, vals, color=color, height=0.7)
        ax.set_yticks(y, labels=[shorten(f, label_width) for f in df["feature"]])
        ax.set_ylim(-0.6, len(df) - 0.4)
        ax.set_xlabel(_VALUE_LABELS.get(value, value))
        if annotate and len(df):
            fmt = "{:,.0f}" if np.allclose(vals, np.round(vals)) else "{:,.2f}"
            for yi, v in zip(y, vals, strict=True):
                ax.text(v, float(yi), " " + fmt.format(v), va="center", ha="left", fontsize="small")
            ax.set_xlim(0, vals.max() * 1.15 if vals.max() > 0 else 1)
        ax.spines[["top", "right"]].set_visible(False)
        if title is None and group is not None:
            title = str(group)
        if title:
            ax.set_title(title)
    return ax


def keyness_bars(
    key: pd.DataFrame,
    *,
    n: int = 10,
    ax: Axes | None = None,
    target: str = "target",
    reference: str = "reference",
    colors: tuple[Any, Any] = ("#b2182b", "#2166ac"),
    title: str | None = None,
    label_width: int = 12,
) -> Axes:
    """Two-sided keyness bars: the ``n`` most over-used features of the target (right, on top) and the ``n``
    most over-used features of the reference (left, below), like quanteda's ``textplot_keyness``.

    Parameters
    ----------
    key : DataFrame
        The output of :func:`policytext.keyness` (``feature, statistic, measure``; signed statistic).
    n : int
        Features per side.
    ax : matplotlib.axes.Axes, optional
    target, reference : str
        Legend names of the two sides (e.g. ``"2020"`` and ``"其他年份"``).
    colors : (colour, colour)
        Target and reference colours.
    title : str, optional
    label_width : int
        Feature labels longer than this are cut with an ellipsis.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> import policytext as pt
    >>> key = pd.DataFrame({"feature": ["脱贫", "攻坚", "开放", "改革"], "statistic": [9.0, 4.0, -3.0, -8.0],
    ...                     "measure": "chi2"})
    >>> ax = pt.plot.keyness_bars(key, n=2)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['改革', '开放', '攻坚', '脱贫']
    """
    require_columns(key, ["feature", "statistic"], "keyness_bars")
    df = key[np.isfinite(key["statistic"].to_numpy(dtype=float))]
    pos = df[df["statistic"] > 0].sort_values("statistic", ascending=False, kind="stable").head(n)
    neg = df[df["statistic"] < 0].sort_values("statistic", ascending=True, kind="stable").head(n)
    # bottom to top: the strongest reference feature at the bottom, the strongest target feature on top
    rows = pd.concat([neg, pos.iloc[::-1]], ignore_index=True)
    measure = str(key["measure"].iloc[0]) if "measure" in key.columns and len(key) else "statistic"
    with axes_context(ax, (6.5, 0.8 + 0.3 * max(len(rows), 4))) as ax:
        y = np.arange(len(rows))
        vals = rows["statistic"].to_numpy(dtype=float)
        cols = [colors[0] if v > 0 else colors[1] for v in vals]
        ax.barh(y, vals, color=cols, height=0.7)
        ax.set_yticks(y, labels=[shorten(f, label_width) for f in rows["feature"]])
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.axvline(0, color="0.3", lw=0.8)
        if len(neg) and len(pos):
            ax.axhline(len(neg) - 0.5, color="0.7", lw=0.6, ls=":")
        ax.set_xlabel(f"keyness ({measure}); > 0: more frequent in {target}")
        from matplotlib.patches import Patch

        ax.legend(
            handles=[Patch(color=colors[0], label=str(target)), Patch(color=colors[1], label=str(reference))],
            loc="lower right", frameon=False,
        )
        ax.spines[["top", "right"]].set_visible(False)
        if title:
            ax.set_title(title)
    return ax


def keyness_scatter(
    key: pd.DataFrame,
    *,
    n_labels: int = 10,
    ax: Axes | None = None,
    target: str = "target",
    reference: str = "reference",
    colors: tuple[Any, Any] = ("#b2182b", "#2166ac"),
    title: str | None = None,
) -> Axes:
    """Scatter of every feature's rate in the target (y) against the reference (x), log-log, per 10,000
    tokens; the ``n_labels`` strongest features on each side are labelled and coloured.

    Parameters
    ----------
    key : DataFrame
        The output of :func:`policytext.keyness` (``feature, statistic, n_target, n_reference``; the per-feature
        counts are divided by their column totals, i.e. all tokens of the target and of the reference).
    n_labels : int
        Features labelled per side.
    ax : matplotlib.axes.Axes, optional
    target, reference : str
        Axis names of the two sides.
    colors : (colour, colour)
        Target and reference colours.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
        Labels are annotations with ``gid="keyness-label"``; features drawn at the same point share one label
        (joined with ``、``), and labels are placed so that they do not overlap.

    Examples
    --------
    >>> import pandas as pd
    >>> import policytext as pt
    >>> key = pd.DataFrame({"feature": ["脱贫", "发展", "改革"], "statistic": [9.0, 0.1, -8.0],
    ...                     "n_target": [30, 50, 5], "n_reference": [2, 60, 40]})
    >>> ax = pt.plot.keyness_scatter(key, n_labels=1, target="2020", reference="1992")
    >>> sorted(t.get_text() for t in ax.texts if t.get_gid() == "keyness-label")
    ['改革', '脱贫']
    """
    require_columns(key, ["feature", "statistic", "n_target", "n_reference"], "keyness_scatter")
    nt, nr = float(key["n_target"].sum()), float(key["n_reference"].sum())
    if nt <= 0 or nr <= 0:
        raise ValueError("keyness_scatter: target or reference has no tokens")
    df = key.assign(
        x=key["n_reference"].to_numpy(dtype=float) * 1e4 / nr,
        y=key["n_target"].to_numpy(dtype=float) * 1e4 / nt,
    )
    # a feature absent on one side sits at half the smallest non-zero rate (log axes cannot show 0)
    floor = 0.5 * min(df.loc[df["x"] > 0, "x"].min(), df.loc[df["y"] > 0, "y"].min())
    df["x"] = df["x"].where(df["x"] > 0, floor)
    df["y"] = df["y"].where(df["y"] > 0, floor)
    stat = df["statistic"].to_numpy(dtype=float)
    top = df.iloc[np.argsort(-np.nan_to_num(stat, nan=0.0), kind="stable")[:n_labels]]
    top = top[top["statistic"] > 0]
    bottom = df.iloc[np.argsort(np.nan_to_num(stat, nan=0.0), kind="stable")[:n_labels]]
    bottom = bottom[bottom["statistic"] < 0]
    # labelled points, strongest first; features at the same position share one label (joined with 、)
    items: dict[tuple[float, float, str], list[str]] = {}
    for part, c in ((top, colors[0]), (bottom, colors[1])):
        for fx, fy, feat in zip(part["x"], part["y"], part["feature"], strict=True):
            items.setdefault((float(fx), float(fy), c), []).append(str(feat))
    with axes_context(ax, (6.0, 6.0)) as ax:
        ax.scatter(df["x"], df["y"], s=6, color="0.7", alpha=0.6, linewidths=0, rasterized=len(df) > 5000)
        for part, c in ((top, colors[0]), (bottom, colors[1])):
            ax.scatter(part["x"], part["y"], s=18, color=c, zorder=3)
        ax.set_xscale("log")
        ax.set_yscale("log")
        lo = floor * 0.7
        hi = max(df["x"].max(), df["y"].max()) * 1.5
        ax.plot([lo, hi], [lo, hi], color="0.4", lw=0.8, ls="--")
        # features absent on one side sit on the floor lines
        ax.axhline(floor, color="0.8", lw=0.6, ls=":", zorder=0)
        ax.axvline(floor, color="0.8", lw=0.6, ls=":", zorder=0)
        ax.text(hi, floor, f"0 in {target}", ha="right", va="top", fontsize="x-small", color="0.5")
        ax.text(floor, hi, f"0 in {reference}", ha="left", va="top", rotation=90, fontsize="x-small",
                color="0.5")
        ax.set_xlim(lo, hi)
        ax.set_ylim(lo, hi)
        ax.set_xlabel(f"{reference}: per 10,000 tokens")
        ax.set_ylabel(f"{target}: per 10,000 tokens")
        ax.spines[["top", "right"]].set_visible(False)
        if title:
            ax.set_title(title)
        place_labels(ax, [(x, y, "、".join(f), c) for (x, y, c), f in items.items()], gid="keyness-label")
    return ax


def topic_terms_bars(
    topic_terms: pd.DataFrame,
    *,
    topics: list[Any] | None = None,
    n: int = 8,
    ax: Axes | None = None,
    topic_names: dict[Any, str] | None = None,
    title: str | None = None,
) -> Axes:
    """Top terms of each topic as blocks of horizontal bars (one colour and one heading per topic).

    Parameters
    ----------
    topic_terms : DataFrame
        ``TopicModel.topic_terms`` from :func:`policytext.fit_topics` (``topic, feature, weight, rank``).
    topics : list, optional
        Topics to draw, in this order; default all, sorted.
    n : int
        Terms per topic (lowest ``rank`` first).
    ax : matplotlib.axes.Axes, optional
    topic_names : dict, optional
        Headings per topic (default ``"topic <k>"``).
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> import policytext as pt
    >>> tt = pd.DataFrame({"topic": [0, 0, 1, 1], "feature": ["脱贫", "攻坚", "改革", "开放"],
    ...                    "weight": [0.3, 0.2, 0.4, 0.1], "rank": [1, 2, 1, 2]})
    >>> ax = pt.plot.topic_terms_bars(tt)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['开放', '改革', '攻坚', '脱贫']
    """
    require_columns(topic_terms, ["topic", "feature", "weight"], "topic_terms_bars")
    if topics is None:
        topics = sorted(topic_terms["topic"].unique().tolist())
    sort_col = "rank" if "rank" in topic_terms.columns else "weight"
    blocks = []
    for k in topics:
        sub = topic_terms[topic_terms["topic"] == k]
        if sub.empty:
            raise ValueError(f"topic_terms_bars: topic {k!r} not in the table")
        sub = sub.sort_values(sort_col, ascending=(sort_col == "rank"), kind="stable").head(n)
        blocks.append((k, sub))
    n_rows = sum(len(b) for _, b in blocks) + len(blocks)
    cols = palette(len(blocks))
    with axes_context(ax, (6.0, 0.6 + 0.28 * n_rows)) as ax:
        ticks: list[float] = []
        labels: list[str] = []
        y = 0.0
        wmax = float(topic_terms["weight"].max()) if len(topic_terms) else 1.0
        # draw bottom-up so that the first topic is on top
        for (k, sub), c in zip(reversed(blocks), reversed(cols), strict=True):
            ys = y + np.arange(len(sub))[::-1]
            ax.barh(ys, sub["weight"].to_numpy(dtype=float), color=c, height=0.75)
            ticks += list(ys)
            labels += [str(f) for f in sub["feature"]]
            head = (topic_names or {}).get(k, f"topic {k}")
            ax.text(wmax * 1.02, y + len(sub) - 0.5, str(head), ha="right", va="bottom", color=c,
                    fontsize="medium")
            y += len(sub) + 1.0
        order = np.argsort(ticks)
        ax.set_yticks(np.asarray(ticks)[order], labels=[labels[i] for i in order])
        ax.set_ylim(-0.6, y - 0.4)
        ax.set_xlim(0, wmax * 1.05)
        ax.set_xlabel("weight")
        ax.spines[["top", "right"]].set_visible(False)
        if title:
            ax.set_title(title)
    return ax
