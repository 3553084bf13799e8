"""TF-IDF weighting of a DFM, with the usual term-frequency, inverse-document-frequency and norm variants."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ..dfm import DFM

__all__ = ["tfidf", "idf"]

TF = ("count", "log", "prop", "boolean", "augmented")
IDF = ("smooth", "plain", "inverse", "inversemax", "probabilistic", "unary")


def idf(d: DFM, scheme: str = "smooth") -> np.ndarray:
    """Inverse document frequency of every feature.

    Schemes (``n`` documents, ``df`` document frequency):

    - ``"smooth"``: ln((1 + n) / (1 + df)) + 1 — scikit-learn ``TfidfTransformer(smooth_idf=True)``.
    - ``"plain"``: ln(n / df) + 1 — scikit-learn ``smooth_idf=False``.
    - ``"inverse"``: log10(n / df) — quanteda ``dfm_tfidf`` default (Manning, Raghavan & Schütze 2008, 6.2.1).
    - ``"inversemax"``: log10(max(df) / df).
    - ``"probabilistic"``: log10((n - df) / df), floored at 0 (Manning et al. 2008, table 6.15).
    - ``"unary"``: 1.

    Examples
    --------
    >>> import policytext as pt
    >>> d = pt.dfm([["党", "建"], ["党", "改革"]])
    >>> pt.textstat.idf(d, "inverse").round(3).tolist()   # 党, 建, 改革
    [0.0, 0.301, 0.301]
    """
    if scheme not in IDF:
        raise ValueError(f"idf scheme must be one of {IDF}, got {scheme!r}")
    n = float(len(d.doc_ids))
    df = d.docfreq().astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        if scheme == "smooth":
            return np.log((1.0 + n) / (1.0 + df)) + 1.0
        if scheme == "plain":
            return np.log(n / df) + 1.0
        if scheme == "inverse":
            return np.log10(n / df)
        if scheme == "inversemax":
            return np.log10(df.max(initial=1.0) / df)
        if scheme == "probabilistic":
            return np.maximum(0.0, np.log10((n - df) / df))
    return np.ones_like(df)


def tfidf(d: DFM, tf: str = "count", idf_scheme: str = "smooth", norm: str | None = "l2") -> DFM:
    """TF-IDF weights of a count DFM.

    The defaults (``tf="count", idf_scheme="smooth", norm="l2"``) reproduce scikit-learn's
    ``TfidfVectorizer``/``TfidfTransformer`` on the same tokens; ``tf="log"`` is its ``sublinear_tf=True``.
    quanteda's ``dfm_tfidf`` default is ``tf="count", idf_scheme="inverse", norm=None``.

    Parameters
    ----------
    d : DFM
        Counts.
    tf : {"count", "log", "prop", "boolean", "augmented"}
        ``log`` = 1 + ln(count); ``prop`` = count / row sum; ``augmented`` = 0.5 + 0.5 count / row max.
    idf_scheme : str
        See :func:`idf`.
    norm : {"l2", "l1", None}
        Row normalisation applied last.

    Returns
    -------
    DFM
        float64 weights, ``weighting="tfidf"``.

    Examples
    --------
    >>> import policytext as pt
    >>> d = pt.dfm([["党", "建", "建"], ["党", "改革"]])
    >>> w = pt.tfidf(d, idf_scheme="inverse", norm=None)
    >>> round(float(w.to_frame().loc["text1", "建"]), 3)   # 2 x log10(2/1)
    0.602
    """
    if tf not in TF:
        raise ValueError(f"tf must be one of {TF}, got {tf!r}")
    if norm not in ("l2", "l1", None):
        raise ValueError(f"norm must be 'l2', 'l1' or None, got {norm!r}")
    if d.weighting != "count":
        raise ValueError(f"tfidf: needs a count DFM, got weighting {d.weighting!r}")
    m = d.matrix.astype(np.float64)
    if tf == "log":
        m.data = 1.0 + np.log(m.data)
    elif tf == "boolean":
        m.data[:] = 1.0
    elif tf == "prop":
        s = np.asarray(m.sum(axis=1)).ravel()
        m = sp.csr_matrix(sp.diags(np.divide(1.0, s, out=np.zeros_like(s), where=s > 0)) @ m)
    elif tf == "augmented":
        mx = m.max(axis=1).toarray().ravel()
        rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
        m.data = 0.5 + 0.5 * m.data / mx[rows]
    w = idf(d, idf_scheme)
    m = sp.csr_matrix(m @ sp.diags(w))
    if norm is not None:
        if norm == "l2":
            s = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        else:
            s = np.asarray(abs(m).sum(axis=1)).ravel()
        m = sp.csr_matrix(sp.diags(np.divide(1.0, s, out=np.zeros_like(s), where=s > 0)) @ m)
    m.eliminate_zeros()
    return DFM(m, d.features, d.doc_ids, d.docvars, d.ntokens, "tfidf")
