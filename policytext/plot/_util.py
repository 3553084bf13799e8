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
