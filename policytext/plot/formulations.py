"""Numbered formulations (数字式提法) per document: labels, announced vs found members, mismatches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._util import axes_context, require_columns, shorten

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["formulation_summary", "formulations_chart"]

MATCH_COLORS = {"match": "#1b9e77", "mismatch": "#d95f02", "unknown": "0.75"}


def formulation_summary(numbered: pd.DataFrame, *, kinds: Sequence[str] | None = ("count", "compound")) -> pd.DataFrame:
    """One row per document and label: mentions, announced number, members found, status.

    Parameters
    ----------
    numbered : DataFrame
        The output of :func:`policytext.find_numbered` (``doc_id, label, number, n_members, count_matches``;
        ``kind`` optional).
    kinds : sequence of str, optional
        Keep these ``kind`` values (default counts and compounds; plan periods such as 十四五 and codes such
        as 1+7 have no members to count). ``None`` keeps all.

    Returns
    -------
    DataFrame
        ``doc_id, label, number, mentions, n_members, status`` in order of first mention; ``n_members`` is
        the largest member count found for the label in the document (NA when none was found); ``status`` is
        ``"mismatch"`` when any mention lists a number of members other than announced, ``"match"`` when
        members were found and all agree, ``"unknown"`` otherwise.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"doc_id": ["s", "s", "s"], "label": ["三大战略", "三大战略", "五位一体"],
    ...                      "number": [3, 3, 5], "n_members": [None, 2, 5],
    ...                      "count_matches": [None, False, True]})
    >>> formulation_summary(rows)[["label", "mentions", "status"]].values.tolist()
    [['三大战略', 2, 'mismatch'], ['五位一体', 1, 'match']]
    """
    require_columns(numbered, ["doc_id", "label", "number", "n_members", "count_matches"], "formulation_summary")
    df = numbered
    if kinds is not None and "kind" in df.columns:
        df = df[df["kind"].isin(list(kinds))]
    rows = []
    for (doc_id, label), sub in df.groupby(["doc_id", "label"], sort=False, dropna=False):
        nm = pd.to_numeric(sub["n_members"], errors="coerce")
        cm = sub["count_matches"]
        known = cm[cm.notna()]
        if (known == False).any():  # noqa: E712 - pandas boolean/NA column
            status = "mismatch"
        elif len(known):
            status = "match"
        else:
            status = "unknown"
        number = pd.to_numeric(sub["number"], errors="coerce").dropna()
        rows.append(
            {
                "doc_id": doc_id,
                "label": label,
                "number": int(number.iloc[0]) if len(number) else pd.NA,
                "mentions": len(sub),
                "n_members": int(nm.max()) if nm.notna().any() else pd.NA,
                "status": status,
            }
        )
    out = pd.DataFrame(rows, columns=["doc_id", "label", "number", "mentions", "n_members", "status"])
    out["number"] = out["number"].astype("Int64")
    out["n_members"] = out["n_members"].astype("Int64")
    return out


def formulations_chart(
    numbered: pd.DataFrame,
    *,
    doc_ids: Sequence[str] | None = None,
    kinds: Sequence[str] | None = ("count", "compound"),
    max_rows: int = 40,
    ax: Axes | None = None,
    title: str | None = None,
    label_width: int = 10,
) -> Axes:
    """Numbered formulations per document: announced number (outlined bar) vs members found (filled bar).

    Each row is a label in a document (first mention on top). The outlined bar is the number in the label
    (三大战略 → 3); the filled bar is the number of members the text lists (green: agrees, orange with ``≠``:
    mismatch); when no members were found the outlined bar is hatched grey. ``×k`` at the right counts the mentions.

    Parameters
    ----------
    numbered : DataFrame
        The output of :func:`policytext.find_numbered`, or of :func:`formulation_summary`.
    doc_ids : sequence of str, optional
        Documents to show (default all); with several, tick labels read ``doc_id · label``.
    kinds : sequence of str, optional
        ``kind`` values kept (see :func:`formulation_summary`).
    max_rows : int
        At most this many rows (mismatches first, then by first mention).
    ax : matplotlib.axes.Axes, optional
    title : str, optional
    label_width : int
        Labels longer than this are cut with an ellipsis.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> import policytext as pt
    >>> rows = pd.DataFrame({"doc_id": ["s", "s"], "label": ["三大战略", "五位一体"], "number": [3, 5],
    ...                      "n_members": [2, 5], "count_matches": [False, True]})
    >>> ax = pt.plot.formulations_chart(rows)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['五位一体', '三大战略']
    """
    if {"mentions", "status"} <= set(numbered.columns):
        summ = numbered
    else:
        summ = formulation_summary(numbered, kinds=kinds)
    if doc_ids is not None:
        summ = summ[summ["doc_id"].isin(list(doc_ids))]
    if summ.empty:
        raise ValueError("formulations_chart: no numbered formulations to draw")
    if len(summ) > max_rows:
        prio = (summ["status"] != "mismatch").astype(int)
        keep = prio.sort_values(kind="stable").index[:max_rows]
        summ = summ.loc[sorted(keep)]
    multi = summ["doc_id"].nunique() > 1
    rows = summ.iloc[::-1].reset_index(drop=True)  # first mention on top
    with axes_context(ax, (6.5, 0.8 + 0.3 * max(len(rows), 3))) as ax:
        y = np.arange(len(rows))
        number = rows["number"].astype("Float64").fillna(0).to_numpy(dtype=float)
        found = rows["n_members"].astype("Float64").fillna(0).to_numpy(dtype=float)
        colors = [MATCH_COLORS[s] for s in rows["status"]]
        unknown = (rows["status"] == "unknown").to_numpy()
        ax.barh(y, number, height=0.8, facecolor="none", edgecolor="0.35", lw=1.0)
        # no members found: the announced bar is hatched grey instead of filled
        ax.barh(y[unknown], number[unknown], height=0.8, facecolor="none", edgecolor=MATCH_COLORS["unknown"],
                hatch="////", lw=0)
        ax.barh(y[~unknown], found[~unknown], height=0.5, color=[c for c, u in zip(colors, unknown, strict=True)
                                                                 if not u])
        xmax = float(max(number.max(initial=0), found.max(initial=0), 1))
        for yi, r, nf in zip(y, rows.itertuples(index=False), found, strict=True):
            note = f"×{r.mentions}"
            if r.status == "mismatch":
                note = f"{int(nf)} ≠ {r.number}   " + note
            ax.text(xmax * 1.03, float(yi), note, va="center", ha="left", fontsize="small",
                    color=MATCH_COLORS["mismatch"] if r.status == "mismatch" else "0.3")
        labels = [
            (f"{shorten(r.doc_id, 14)} · " if multi else "") + shorten(r.label, label_width)
            for r in rows.itertuples(index=False)
        ]
        ax.set_yticks(y, labels=labels)
        for t, s in zip(ax.get_yticklabels(), rows["status"], strict=True):
            if s == "mismatch":
                t.set_color(MATCH_COLORS["mismatch"])
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xlim(0, xmax * 1.35)
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("members: announced (outline) vs found in the text (filled)")
        from matplotlib.patches import Patch

        handles: list[Any] = [
            Patch(facecolor="none", edgecolor="0.35", label="announced"),
            Patch(color=MATCH_COLORS["match"], label="found, agrees"),
            Patch(color=MATCH_COLORS["mismatch"], label="found, mismatch"),
            Patch(facecolor="none", edgecolor=MATCH_COLORS["unknown"], hatch="////", label="members not found"),
        ]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize="small")
        ax.spines[["top", "right"]].set_visible(False)
        if title:
            ax.set_title(title)
    return ax
