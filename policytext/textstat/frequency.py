"""Feature frequencies (token counts) and substring counts (the published-figure convention)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..dfm import DFM, _group_labels

__all__ = ["frequency", "count_substrings"]


def frequency(d: DFM, n: int | None = None, groups: str | Sequence[Any] | None = None) -> pd.DataFrame:
    """Frequency table of the features of a DFM.

    Counting convention: **tokens**. ``frequency`` counts how often the segmenter produced the feature as a
    whole token; a word that also occurs inside longer tokens (``改革`` inside ``深化改革``) is not counted
    there. Newspaper-style figures ("改革 appears 80 times in the report") count **substrings**; use
    :func:`count_substrings` for that convention.

    Parameters
    ----------
    d : DFM
        A count DFM.
    n : int, optional
        Keep the top ``n`` rows (by rank) of each group.
    groups : str or sequence, optional
        A docvar name or one label per document; frequencies are then computed within each group.

    Returns
    -------
    DataFrame
        Columns ``feature, frequency, rank, docfreq, group, per_10k``. ``rank`` is 1 for the most frequent
        feature; ties get the minimum rank and are listed in feature order. ``docfreq`` is the number of
        documents (within the group) containing the feature. ``per_10k`` = 10,000 x frequency / all tokens of
        the group (``DFM.ntokens``, trimmed features included). ``group`` is ``"all"`` without ``groups``.
        Features with zero frequency in a group are omitted.

    Examples
    --------
    >>> import policytext as pt
    >>> d = pt.dfm([["坚持", "党", "的", "领导"], ["加强", "党", "的", "建设"]])
    >>> pt.frequency(d, n=2)[["feature", "frequency", "rank"]].values.tolist()
    [['党', 2, 1], ['的', 2, 1]]
    """
    if groups is None:
        labels = np.zeros(len(d.doc_ids), dtype=np.int64)
        names: list[Any] = ["all"]
    else:
        lab = _group_labels(d, groups)
        keep = lab.notna().to_numpy()
        codes, uniques = pd.factorize(lab, sort=True)
        labels = np.where(keep, codes, -1)
        names = list(uniques)
    frames = []
    feats = np.asarray(d.features, dtype=object)
    for gi, gname in enumerate(names):
        rows = np.flatnonzero(labels == gi)
        sub = d.matrix[rows]
        freq = np.asarray(sub.sum(axis=0)).ravel()
        dfreq = np.diff(sp.csc_matrix(sub).indptr)
        nz = np.flatnonzero(freq)
        order = nz[np.lexsort((nz, -freq[nz]))]
        f = freq[order]
        # min rank for ties: position of the first element with the same frequency
        first = np.r_[True, f[1:] != f[:-1]] if f.size else np.zeros(0, dtype=bool)
        pos = np.arange(1, f.size + 1)
        rank = np.maximum.accumulate(np.where(first, pos, 0)) if f.size else pos
        total = float(d.ntokens[rows].sum())
        frame = pd.DataFrame(
            {
                "feature": feats[order],
                "frequency": f,
                "rank": rank.astype(np.int64),
                "docfreq": dfreq[order].astype(np.int64),
                "group": [gname] * f.size,
                "per_10k": f * 10000.0 / total if total > 0 else np.full(f.size, np.nan),
            }
        )
        if n is not None:
            frame = frame.iloc[:n]
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["feature", "frequency", "rank", "docfreq", "group", "per_10k"]
    )
    if d.weighting == "count":
        out["frequency"] = out["frequency"].astype(np.int64)
    return out


def count_substrings(
    texts: Any, terms: Iterable[str], overlapping: bool = False, doc_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Count occurrences of terms as substrings of the texts (the published-figure convention).

    Reports in the press ("'改革' appears 80 times") usually count substrings of the text, so ``改革`` inside
    ``深化改革`` and ``改革开放`` counts. This differs from :func:`frequency`, which counts tokens.

    Parameters
    ----------
    texts : Corpus, Tokens (with texts), mapping doc_id -> text, or sequence of str
    terms : iterable of str
    overlapping : bool
        Count overlapping occurrences (``"党党"`` in ``"党党党"`` is 2 instead of 1).
    doc_ids : sequence of str, optional
        Names for a plain sequence of texts.

    Returns
    -------
    DataFrame
        Columns ``doc_id, feature, count, n_chars, per_10k_chars`` (one row per document and term).

    Examples
    --------
    >>> import policytext as pt
    >>> pt.count_substrings({"a": "深化改革，改革开放。"}, ["改革"])["count"].tolist()
    [2]
    """
    ids, docs = _texts_of(texts, doc_ids)
    terms = list(dict.fromkeys(terms))
    rows = []
    for doc_id, text in zip(ids, docs, strict=True):
        for t in terms:
            if not t:
                raise ValueError("count_substrings: empty term")
            if overlapping:
                c = len(re.findall(f"(?={re.escape(t)})", text))
            else:
                c = text.count(t)
            rows.append((doc_id, t, c, len(text)))
    out = pd.DataFrame(rows, columns=["doc_id", "feature", "count", "n_chars"])
    out["per_10k_chars"] = out["count"] * 10000.0 / out["n_chars"].where(out["n_chars"] > 0)
    return out


def _texts_of(x: Any, doc_ids: Sequence[str] | None = None) -> tuple[list[str], list[str]]:
    """doc_ids and texts from a Corpus, Tokens with texts, mapping or sequence of str."""
    if isinstance(x, str):
        return ["text1"], [x]
    if isinstance(x, Mapping):
        return [str(k) for k in x], [str(v) for v in x.values()]
    if hasattr(x, "texts") and hasattr(x, "doc_ids"):
        texts = x.texts
        if texts is None:
            raise ValueError("these Tokens carry no texts; pass the Corpus instead")
        return [str(d) for d in x.doc_ids], list(texts)
    docs = [str(t) for t in x]
    if doc_ids is None:
        doc_ids = [f"text{i + 1}" for i in range(len(docs))]
    return [str(d) for d in doc_ids], docs
