"""Lexical dispersion of terms through documents (quanteda's ``textplot_xray``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._util import axes_context, palette, require_columns, shorten

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["lexical_dispersion"]


def _lengths(lengths: Any) -> dict[str, int]:
    if isinstance(lengths, pd.Series):
        return {str(k): int(v) for k, v in lengths.items()}
    if isinstance(lengths, Mapping):
        return {str(k): (len(v) if isinstance(v, str) else int(v)) for k, v in lengths.items()}
    if hasattr(lengths, "doc_ids") and hasattr(lengths, "texts"):
        return {str(d): len(t) for d, t in zip(lengths.doc_ids, lengths.texts, strict=True)}
    raise TypeError(
        "lexical_dispersion: lengths must be a Corpus, a mapping doc_id -> text or length, or a Series"
    )


def lexical_dispersion(
    data: Any,
    terms: Sequence[str] | None = None,
    *,
    lengths: Any = None,
    ax: Axes | None = None,
    relative: bool = True,
    doc_labels: Mapping[Any, str] | pd.Series | None = None,
    title: str | None = None,
    label_width: int = 18,
) -> Axes:
    """Where terms occur in each document: one row per document, one tick per occurrence.

    Parameters
    ----------
    data : Corpus or DataFrame
        A :class:`policytext.Corpus` (then ``terms`` are found as character substrings with
        :func:`policytext.kwic`), or hits such as ``kwic(..., unit="char")`` returns: ``doc_id, start`` and a
        term column ``pattern`` or ``keyword``.
    terms : sequence of str, optional
        Terms to show (required with a Corpus; a filter with hits).
    lengths : Corpus, mapping or Series, optional
        Document lengths in characters (doc_id -> length or text). Taken from ``data`` when it is a Corpus;
        required with hits when ``relative=True``.
    ax : matplotlib.axes.Axes, optional
    relative : bool
        x = position / document length (0–1, documents of different length comparable); else character
        offset.
    doc_labels : mapping or Series, optional
        Row labels per doc_id (e.g. years); default the doc_ids.
    title : str, optional
    label_width : int
        Row labels longer than this are cut with an ellipsis.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import policytext as pt
    >>> c = pt.Corpus({"gwr_a": "改革开放。深化改革。", "gwr_b": "脱贫攻坚，全面小康，改革。"})
    >>> ax = pt.plot.lexical_dispersion(c, ["改革", "脱贫"])
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['gwr_b', 'gwr_a']
    """
    if isinstance(data, pd.DataFrame):
        hits = data
        term_col = "pattern" if "pattern" in hits.columns else "keyword"
        require_columns(hits, ["doc_id", "start", term_col], "lexical_dispersion")
        doc_order = list(dict.fromkeys(hits["doc_id"].astype(str).tolist()))
        lens = _lengths(lengths) if lengths is not None else None
        if lens is not None:
            doc_order = list(lens)  # documents without hits keep their (empty) row
    elif hasattr(data, "doc_ids") and hasattr(data, "texts"):
        if not terms:
            raise ValueError("lexical_dispersion: pass terms=[...] with a Corpus")
        from ..textstat import kwic

        hits = kwic(data, list(terms), window=0, unit="char")
        term_col = "pattern"
        lens = _lengths(data)
        doc_order = [str(d) for d in data.doc_ids]
    else:
        raise TypeError(f"lexical_dispersion: expected a Corpus or a hits DataFrame, got {type(data).__name__}")
    if relative and lens is None:
        raise ValueError("lexical_dispersion: relative=True needs lengths=... (a Corpus or doc_id -> length)")
    if terms is None:
        terms = list(dict.fromkeys(hits[term_col].astype(str).tolist()))
    terms = [str(t) for t in terms]
    hits = hits[hits[term_col].astype(str).isin(terms)]
    row_of = {d: i for i, d in enumerate(reversed(doc_order))}  # first document on top
    cols = palette(len(terms))
    n_docs = len(doc_order)
    n_terms = len(terms)
    with axes_context(ax, (8.0, 0.8 + 0.35 * max(n_docs, 2) + 0.1 * n_terms)) as ax:
        band = 0.8 / max(n_terms, 1)
        for k, (t, c) in enumerate(zip(terms, cols, strict=True)):
            sub = hits[hits[term_col].astype(str) == t]
            d_ids = sub["doc_id"].astype(str).to_numpy()
            xs = sub["start"].to_numpy(dtype=float)
            if relative:
                assert lens is not None
                xs = xs / np.array([max(lens.get(d, 1), 1) for d in d_ids], dtype=float)
            ys = np.array([row_of.get(d, np.nan) for d in d_ids], dtype=float)
            # each term gets its own thin lane inside the document's row
            off = -0.4 + band * (k + 0.5)
            ax.vlines(xs, ys + off - band * 0.45, ys + off + band * 0.45, color=c, lw=0.9,
                      label=f"{t} ({len(sub)})")
        labels_src = pd.Series(doc_labels) if doc_labels is not None else None
        ticks = np.arange(n_docs)
        labels = [
            shorten(labels_src.get(d, d) if labels_src is not None else d, label_width)
            for d in reversed(doc_order)
        ]
        ax.set_yticks(ticks, labels=labels)
        ax.set_ylim(-0.6, n_docs - 0.4)
        for yy in ticks[:-1]:
            ax.axhline(yy + 0.5, color="0.9", lw=0.6)
        if relative:
            ax.set_xlim(0, 1)
            ax.set_xlabel("relative position in the document (characters)")
        else:
            ax.set_xlim(left=0)
            ax.set_xlabel("character offset in the document")
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), handlelength=0.8)
        ax.spines[["top", "right"]].set_visible(False)
        if title:
            ax.set_title(title)
    return ax
