"""Document (or feature) similarity computed on the sparse matrix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..dfm import DFM

__all__ = ["similarity"]

METHODS = ("cosine", "jaccard", "correlation")


def similarity(d: DFM, method: str = "cosine", margin: str = "documents", tidy: bool = False) -> pd.DataFrame:
    """Pairwise similarity of documents (or features) of a DFM.

    Computed sparsely: one sparse product ``X Xᵀ`` (``n x n`` dense only at the end). Every feature of the DFM
    counts — including one-character words such as ``党``, which scikit-learn's default ``token_pattern``
    would drop.

    Methods
    -------
    ``"cosine"``: x·y / (‖x‖ ‖y‖) on the (weighted) values. ``"jaccard"``: |A ∩ B| / |A ∪ B| on the sets of
    features present. ``"correlation"``: Pearson correlation of the two rows over all features.

    Parameters
    ----------
    d : DFM
        Counts or weights (e.g. ``tfidf(d)``).
    method : {"cosine", "jaccard", "correlation"}
    margin : {"documents", "features"}
    tidy : bool
        Return long format ``doc_id1, doc_id2, similarity`` (upper triangle, i < j) instead of a square frame.

    Returns
    -------
    DataFrame
        Square, index and columns the doc_ids (or features); undefined values (an empty row) are NaN.

    Examples
    --------
    >>> import policytext as pt
    >>> d = pt.dfm([["坚持", "党", "的", "领导"], ["坚持", "的", "领导"]], doc_ids=["a", "b"])
    >>> round(float(pt.similarity(d, "jaccard").loc["a", "b"]), 2)
    0.75
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if margin == "documents":
        x = sp.csr_matrix(d.matrix, dtype=np.float64)
        names = d.doc_ids
    elif margin == "features":
        x = sp.csr_matrix(d.matrix.T, dtype=np.float64)
        names = d.features
    else:
        raise ValueError(f"margin must be 'documents' or 'features', got {margin!r}")
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "jaccard":
            b = x.copy()
            b.data = (b.data != 0).astype(np.float64)
            inter = (b @ b.T).toarray()
            size = np.asarray(b.sum(axis=1)).ravel()
            union = size[:, None] + size[None, :] - inter
            s = np.where(union > 0, inter / np.where(union > 0, union, 1.0), np.nan)
        else:
            g = (x @ x.T).toarray()
            if method == "cosine":
                nrm = np.sqrt(np.diag(g))
                s = g / np.outer(nrm, nrm)
            else:
                p = x.shape[1]
                mu = np.asarray(x.sum(axis=1)).ravel() / p
                cov = g - p * np.outer(mu, mu)
                sd = np.sqrt(np.diag(cov))
                s = cov / np.outer(sd, sd)
            s = np.where(np.isfinite(s), s, np.nan)
            s = np.clip(s, -1.0, 1.0)
    out = pd.DataFrame(s, index=pd.Index(names, name="doc_id"), columns=pd.Index(names))
    if tidy:
        i, j = np.triu_indices(len(names), k=1)
        return pd.DataFrame(
            {"doc_id1": np.asarray(names, dtype=object)[i], "doc_id2": np.asarray(names, dtype=object)[j],
             "similarity": s[i, j]}
        )
    return out
