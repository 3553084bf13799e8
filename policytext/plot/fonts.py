"""A CJK font that ships with policytext, applied per figure (never through the global ``rcParams``).

matplotlib ships no CJK font, so Chinese labels render as empty boxes ("tofu") on a machine without system
CJK fonts. policytext bundles ``PolicytextNotoSansSC-Regular.ttf`` (a static Regular, TrueType-outline subset
of Noto Sans CJK SC, SIL OFL 1.1; see ``policytext/data/fonts/README.md`` and ``docs/fonts.md``) and registers
it with matplotlib's font manager the first time a plot asks for it.

Three ways to use it:

- every ``policytext.plot`` function applies it to the Axes it draws on;
- ``with chinese_font(): ...`` makes every artist created inside the block use it (``rcParams`` are restored
  when the block exits);
- ``apply_font(ax)`` sets it on an existing Axes (titles, labels, tick labels including ticks created later,
  legend, texts).

``savefig(fig, path)`` writes PNG/PDF/SVG with the font embedded as a subset (PDF Type 42, SVG paths).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

FONT_DIR = Path(__file__).resolve().parent.parent / "data" / "fonts"
FONT_FILE = "PolicytextNotoSansSC-Regular.ttf"
FAMILY = "Policytext Noto Sans SC"
#: Families tried in order, glyph by glyph: the bundled CJK font, then matplotlib's own DejaVu Sans for any
#: symbol the subset lacks.
FAMILIES: tuple[str, ...] = (FAMILY, "DejaVu Sans")

#: rcParams set inside :func:`chinese_font` (and restored on exit). ``pdf/ps.fonttype`` 42 embeds a TrueType
#: subset instead of Type 3 procedures; ``svg.fonttype`` "path" makes the SVG self-contained.
FONT_RC: dict[str, Any] = {
    "font.family": list(FAMILIES),
    "axes.unicode_minus": True,
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "path",
}


def font_path() -> Path:
    """Path of the bundled CJK font file.

    Returns
    -------
    pathlib.Path
        ``.../policytext/data/fonts/PolicytextNotoSansSC-Regular.ttf``.

    Examples
    --------
    >>> from policytext.plot import font_path
    >>> font_path().name
    'PolicytextNotoSansSC-Regular.ttf'
    """
    path = FONT_DIR / FONT_FILE
    if not path.exists():  # pragma: no cover - broken installation
        raise FileNotFoundError(f"bundled CJK font missing: {path} (reinstall policytext)")
    return path


@functools.lru_cache(maxsize=1)
def register_font() -> str:
    """Register the bundled font with matplotlib's font manager (once) and return its family name.

    Only ``matplotlib.font_manager.fontManager`` learns about the file; ``rcParams`` are not touched.

    Returns
    -------
    str
        The family name, ``"Policytext Noto Sans SC"``.

    Examples
    --------
    >>> from policytext.plot import register_font
    >>> register_font()
    'Policytext Noto Sans SC'
    """
    from matplotlib import font_manager

    path = font_path()
    if not any(Path(f.fname) == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(path))
    return FAMILY


def font_properties(size: float | str | None = None) -> FontProperties:
    """A ``FontProperties`` for the bundled CJK font (with DejaVu Sans as glyph fallback).

    Parameters
    ----------
    size : float or str, optional
        Font size in points or a relative name (``"small"``); default: matplotlib's current default size.

    Returns
    -------
    matplotlib.font_manager.FontProperties

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from policytext.plot import font_properties
    >>> fig, ax = plt.subplots()
    >>> t = ax.set_title("全面深化改革", fontproperties=font_properties(14))
    >>> plt.close(fig)
    """
    from matplotlib.font_manager import FontProperties

    register_font()
    return FontProperties(family=list(FAMILIES), size=size)


@contextlib.contextmanager
def chinese_font() -> Iterator[None]:
    """Context manager: artists created inside the block use the bundled CJK font.

    Implemented with ``matplotlib.rc_context``: the global ``rcParams`` are exactly restored on exit. Text
    created inside keeps the font when drawn later; tick labels that matplotlib creates lazily at draw time
    outside the block do not, so call :func:`apply_font` on Axes you keep (policytext's plot functions do).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import policytext as pt
    >>> with pt.plot.chinese_font():
    ...     fig, ax = plt.subplots()
    ...     bars = ax.bar(["改革", "发展", "稳定"], [3, 2, 1])
    ...     ax = pt.plot.apply_font(ax)
    >>> plt.close(fig)
    """
    import matplotlib

    register_font()
    with matplotlib.rc_context(FONT_RC):  # type: ignore[arg-type]
        yield


def apply_font(ax: Axes, *, size: float | None = None) -> Axes:
    """Set the bundled CJK font on every text artist of ``ax`` (and on tick labels created later).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes to change.
    size : float, optional
        Tick-label size in points; default: leave sizes unchanged.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax`` itself.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from policytext.plot import apply_font
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_xlabel("年份")
    >>> ax = apply_font(ax)
    >>> plt.close(fig)
    """
    register_font()
    family = list(FAMILIES)
    kw: dict[str, Any] = {"labelfontfamily": family}
    if size is not None:
        kw["labelsize"] = size
    ax.tick_params(axis="both", which="both", **kw)
    texts = [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]  # type: ignore[attr-defined]
    texts += list(ax.texts)
    texts += list(ax.get_xticklabels(which="both")) + list(ax.get_yticklabels(which="both"))
    legend = ax.get_legend()
    if legend is not None:
        texts += list(legend.get_texts())
        texts.append(legend.get_title())
    for t in texts:
        t.set_fontfamily(family)
    for child in ax.get_children():  # colorbars live in their own Axes, but annotations are children
        if hasattr(child, "set_fontfamily") and child not in texts:
            child.set_fontfamily(family)
    fig = ax.get_figure()
    if fig is not None and getattr(fig, "_suptitle", None) is not None:
        fig._suptitle.set_fontfamily(family)  # type: ignore[union-attr]
    return ax


def savefig(fig: Figure | Axes, path: str | Path, **kwargs: Any) -> Path:
    """Save a figure with the CJK font embedded: PDF/PS as a Type 42 subset, SVG as paths.

    Sets ``pdf.fonttype``/``ps.fonttype``/``svg.fonttype`` for this call only (``rcParams`` restored).

    Parameters
    ----------
    fig : matplotlib.figure.Figure or matplotlib.axes.Axes
        The figure, or any Axes of it.
    path : str or pathlib.Path
        Output file; the format follows the suffix (``.png``, ``.pdf``, ``.svg``, ...).
    **kwargs
        Passed to ``Figure.savefig`` (default ``bbox_inches="tight"``, ``dpi=150``).

    Returns
    -------
    pathlib.Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import pandas as pd, matplotlib.pyplot as plt
    >>> import policytext as pt
    >>> freq = pd.DataFrame({"feature": ["改革", "发展"], "frequency": [5, 3]})
    >>> ax = pt.plot.frequency_bars(freq)
    >>> out = pt.plot.savefig(ax, pathlib.Path(tempfile.mkdtemp()) / "freq.pdf")
    >>> out.stat().st_size > 0
    True
    >>> plt.close(ax.figure)
    """
    import matplotlib

    figure = fig.get_figure() if not hasattr(fig, "savefig") else fig
    if figure is None:  # pragma: no cover - an Axes always has a figure
        raise ValueError("the Axes has no figure")
    figure = figure.get_figure(root=True) if hasattr(figure, "get_figure") else figure
    kwargs.setdefault("bbox_inches", "tight")
    kwargs.setdefault("dpi", 150)
    path = Path(path)
    rc = {k: v for k, v in FONT_RC.items() if k != "font.family"}
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        figure.savefig(path, **kwargs)  # type: ignore[union-attr]
    return path
