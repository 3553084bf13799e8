"""Shared helpers of the plot functions (private)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from .fonts import apply_font, chinese_font

if TYPE_CHECKING:
    from matplotlib.axes import Axes


@contextlib.contextmanager
def axes_context(ax: Axes | None, figsize: tuple[float, float]) -> Iterator[Axes]:
    """Yield ``ax`` (or a new Axes of a new constrained-layout figure) inside :func:`chinese_font`.

    On exit the bundled font is applied to every text of the Axes, including tick labels created later.
    """
    with chinese_font():
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=figsize, layout="constrained")
        yield ax
        apply_font(ax)


def require_columns(df: Any, columns: Iterable[str], what: str) -> pd.DataFrame:
    """Check that ``df`` is a DataFrame holding ``columns``; name the missing ones otherwise."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {missing}; got columns {list(df.columns)}")
    return df


def shorten(label: Any, width: int) -> str:
    """``label`` as a string cut to ``width`` characters with an ellipsis."""
    s = str(label)
    return s if len(s) <= width else s[: max(1, width - 1)] + "…"


def single_group(df: pd.DataFrame, group: Any, what: str) -> pd.DataFrame:
    """Rows of one ``group`` of a frequency table (the only group when there is just one)."""
    if "group" not in df.columns:
        return df
    groups = list(dict.fromkeys(df["group"].tolist()))
    if group is None:
        if len(groups) > 1:
            shown = ", ".join(map(str, groups[:8])) + (" ..." if len(groups) > 8 else "")
            raise ValueError(f"{what}: the table has {len(groups)} groups ({shown}); pass group=...")
        return df
    out = df[df["group"] == group]
    if out.empty:
        raise ValueError(f"{what}: group {group!r} not in the table (groups: {groups[:8]})")
    return out


def palette(n: int) -> Sequence[Any]:
    """``n`` distinct colours (tab10, then tab20 beyond ten)."""
    import matplotlib

    cmap = matplotlib.colormaps["tab10" if n <= 10 else "tab20"]
    return [cmap(i % cmap.N) for i in range(n)]


def place_labels(
    ax: Axes,
    items: Sequence[tuple[float, float, str, Any]],
    *,
    fontsize: float | str = "small",
    gid: str | None = None,
) -> list[Any]:
    """Annotate data points with labels that do not overlap each other, the labelled points or the Axes edge.

    Greedy and deterministic: labels are placed in the order given (most important first), each at the
    first free position among candidates around its point at increasing distance (right, left, above,
    below); a label moved away from its point gets a thin leader line. The layout of the figure is computed
    first (``Figure.draw_without_rendering``) so that the positions are those of the saved figure.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes with final scales and limits.
    items : sequence of (x, y, text, colour)
        Points in data coordinates.
    fontsize : float or str
        Label size.
    gid : str, optional
        ``gid`` set on every annotation (lets callers and tests find them).

    Returns
    -------
    list of matplotlib.text.Annotation
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    from .fonts import font_properties

    fig = ax.get_figure(root=True)  # type: ignore[call-arg]
    if fig is None or not items:
        return []
    apply_font(ax)
    fig.draw_without_rendering()
    scale = 72.0 / fig.dpi  # display pixels -> points
    frame = ax.get_window_extent()
    x0a, y0a, x1a, y1a = frame.x0 * scale, frame.y0 * scale, frame.x1 * scale, frame.y1 * scale
    size = FontProperties(size=fontsize).get_size_in_points()
    prop = font_properties(size)
    ttp = TextToPath()
    pts = [ax.transData.transform((x, y)) * scale for x, y, _, _ in items]
    boxes: list[tuple[float, float, float, float]] = [(px - 3.5, py - 3.5, px + 3.5, py + 3.5) for px, py in pts]

    def overlap(b: tuple[float, float, float, float]) -> float:
        area = 0.0
        for o in boxes:
            w = min(b[2], o[2]) - max(b[0], o[0])
            h = min(b[3], o[3]) - max(b[1], o[1])
            if w > 0 and h > 0:
                area += w * h
        # outside the Axes counts as overlap too
        out_w = max(0.0, x0a - b[0]) + max(0.0, b[2] - x1a)
        out_h = max(0.0, y0a - b[1]) + max(0.0, b[3] - y1a)
        return area + 4.0 * (out_w * (b[3] - b[1]) + out_h * (b[2] - b[0]))

    out = []
    for (x, y, text, color), (px, py) in zip(items, pts, strict=True):
        w, h, d = ttp.get_text_width_height_descent(text, prop, ismath=False)
        h = h + d
        best: tuple[float, float, float, float] | None = None
        for dist in (5.0, 10.0, 16.0, 24.0, 34.0, 46.0):
            lift = 0.35 * dist
            for ox, oy in (
                (dist, lift * 0.3),
                (dist, -h - lift * 0.3),
                (-w - dist, lift * 0.3),
                (-w - dist, -h - lift * 0.3),
                (-w / 2, dist),
                (-w / 2, -h - dist),
                (dist, -h / 2),
                (-w - dist, -h / 2),
            ):
                b = (px + ox, py + oy, px + ox + w, py + oy + h)
                cost = overlap(b)
                if best is None or cost < best[0]:
                    best = (cost, ox, oy, dist)
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        assert best is not None
        _, ox, oy, dist = best
        arrow = dict(arrowstyle="-", color=color, lw=0.5, shrinkA=0, shrinkB=2.5) if dist > 10 else None
        ann = ax.annotate(text, (x, y), xytext=(ox, oy), textcoords="offset points", ha="left", va="bottom",
                          fontsize=size, color=color, arrowprops=arrow, gid=gid)
        ann.set_fontfamily(list(prop.get_family()))
        boxes.append((px + ox, py + oy, px + ox + w, py + oy + h))
        out.append(ann)
    return out
