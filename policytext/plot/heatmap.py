"""Themes x documents heatmap (dictionary ``lookup`` counts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._util import axes_context, require_columns, shorten

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["theme_heatmap"]


def _needs_rotation(ax: Axes, labels: list[str]) -> bool:
    """Whether the widest column label is wider than a column (then the labels are rotated)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    from .fonts import font_properties

    fig = ax.get_figure(root=True)  # type: ignore[call-arg]
    if fig is None or not labels:
        return False
    col_pt = ax.get_position().width * fig.get_figwidth() * 72.0 / len(labels)
    size = FontProperties(size=ax.xaxis.get_ticklabels()[0].get_fontsize()).get_size_in_points()
    ttp = TextToPath()
    widest = max(ttp.get_text_width_height_descent(t, font_properties(size), ismath=False)[0] for t in labels)
    return bool(widest > 0.85 * col_pt)


def theme_heatmap(
    counts: pd.DataFrame,
    *,
    normalize: str | None = None,
    ax: Axes | None = None,
    cmap: str = "Blues",
    annotate: bool | None = None,
    doc_labels: dict[Any, str] | pd.Series | None = None,
    label_width: int = 16,
    title: str | None = None,
    value_label: str | None = None,
    fmt: str | None = None,
) -> Axes:
    """Heatmap of dictionary themes (rows) by documents (columns).

    Parameters
    ----------
    counts : DataFrame
        The output of :func:`policytext.lookup`: documents x themes, index ``doc_id``.
    normalize : {None, "document", "theme"}, optional
        ``None``: raw counts; ``"document"``: each document's column as shares of its theme matches (compares
        emphasis across documents of different lengths); ``"theme"``: each theme's row scaled to its maximum.
    ax : matplotlib.axes.Axes, optional
    cmap : str
        A matplotlib colormap name.
    annotate : bool, optional
        Write the value in each cell; default when there are at most 15 documents and 200 cells (beyond
        that the numbers become too small to read).
    doc_labels : dict or Series, optional
        Column labels per ``doc_id`` (e.g. the ``year`` docvar); default the doc_ids.
    label_width : int
        Labels longer than this are cut with an ellipsis.
    title : str, optional
    value_label : str, optional
        Colour-bar label; default says what ``normalize`` computed ("matches (count)", ...). Set it when
        ``counts`` already holds rates or shares (e.g. per 10k tokens, topic shares).
    fmt : str, optional
        Format of the cell values (``"{:.0f}"``, ``"{:.1%}"``); default whole numbers for integer counts,
        two decimals otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> import policytext as pt
    >>> counts = pd.DataFrame({"脱贫攻坚": [12, 0], "从严治党": [3, 5]},
    ...                       index=pd.Index(["gwr_2019", "gwr_2012"], name="doc_id"))
    >>> ax = pt.plot.theme_heatmap(counts)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['脱贫攻坚', '从严治党']
    """
    require_columns(counts, [], "theme_heatmap")
    integral = bool(np.all(np.mod(counts.to_numpy(dtype=float), 1) == 0)) if counts.size else True
    mat = counts.T.astype(float)  # themes x documents
    if normalize == "document":
        mat = mat / mat.sum(axis=0).where(mat.sum(axis=0) > 0)
        cbar_label = "share of the document's theme matches"
    elif normalize == "theme":
        mat = mat.div(mat.max(axis=1).where(mat.max(axis=1) > 0), axis=0)
        cbar_label = "count / theme maximum"
    elif normalize is None:
        cbar_label = "matches (count)" if integral else "value"
    else:
        raise ValueError(f"theme_heatmap: normalize must be None, 'document' or 'theme', got {normalize!r}")
    if value_label is not None:
        cbar_label = value_label
    if fmt is None:
        fmt = "{:.0f}" if normalize is None and integral else "{:.2f}"
    n_t, n_d = mat.shape
    if annotate is None:
        annotate = n_d <= 15 and n_t * n_d <= 200
    if doc_labels is not None:
        lab = pd.Series(doc_labels)
        cols = [str(lab.get(d, d)) for d in mat.columns]
    else:
        cols = [str(d) for d in mat.columns]
    width = min(12.0, 2.0 + 0.5 * n_d + 0.12 * max((len(str(t)) for t in mat.index), default=4))
    with axes_context(ax, (width, 1.2 + 0.38 * n_t)) as ax:
        vals = mat.to_numpy()
        im = ax.imshow(vals, aspect="auto", cmap=cmap, interpolation="nearest")
        ax.set_yticks(np.arange(n_t), labels=[shorten(t, label_width) for t in mat.index])
        ax.set_xticks(np.arange(n_d), labels=[shorten(c, label_width) for c in cols])
        if _needs_rotation(ax, [shorten(c, label_width) for c in cols]):
            ax.tick_params(axis="x", labelrotation=60)
            for t in ax.get_xticklabels():
                t.set_horizontalalignment("right")
                t.set_rotation_mode("anchor")
        if annotate:
            vmax = np.nanmax(vals) if np.isfinite(vals).any() else 1.0
            for i in range(n_t):
                for j in range(n_d):
                    v = vals[i, j]
                    if not np.isfinite(v):
                        continue
                    txt = fmt.format(v)
                    ax.text(j, i, txt, ha="center", va="center", fontsize="x-small",
                            color="white" if vmax and v > 0.6 * vmax else "0.15")
        fig = ax.get_figure()
        if fig is not None:
            cb = fig.colorbar(im, ax=ax, shrink=0.8, pad=0.02)
            cb.set_label(cbar_label)
        ax.spines[:].set_visible(False)
        if title:
            ax.set_title(title)
    return ax
