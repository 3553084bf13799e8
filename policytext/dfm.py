"""The document-feature matrix (:class:`DFM`): sparse counts of tokens per document, with docvars.

Pipeline (after quanteda): ``corpus -> tokens -> dfm -> statistics``. A :class:`DFM` holds a
``scipy.sparse.csr_matrix`` of int64 counts (documents x features), the feature names, the doc_ids and the
document variables, plus the number of tokens each document had before any trimming (``ntokens``, used for
per-10,000-token rates).

Counting convention: a DFM counts **tokens**, i.e. the units produced by the segmenter. A term the segmenter
splits (e.g. ``四个全面`` -> ``四个`` + ``全面``) is not a feature; use :func:`policytext.textstat.kwic`,
:func:`policytext.textstat.lookup` (multi-token entries) or :func:`policytext.textstat.count_substrings`
for such terms.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

__all__ = ["DFM", "dfm", "dfm_group", "dfm_trim", "dfm_weight", "is_punct", "is_number"]

WEIGHTS = ("count", "prop", "per_10k", "boolean", "logcount")


# ---------------------------------------------------------------------------------------------------------
# token adapter (works with the Tokens contract or plain lists of token lists)
# ---------------------------------------------------------------------------------------------------------
@dataclass
class _TokArrays:
    vocab: list[str]
    ids: np.ndarray  # int64, concatenated
    indptr: np.ndarray  # int64, len n_docs + 1
    doc_ids: list[str]
    docvars: pd.DataFrame
    starts: np.ndarray | None
    texts: list[str] | None
    config_hash: str


def _as_arrays(x: Any, doc_ids: Sequence[str] | None = None) -> _TokArrays:
    """Normalise a ``Tokens`` object or a list of token lists into flat arrays."""
    if hasattr(x, "ids") and hasattr(x, "indptr") and hasattr(x, "vocab"):
        d_ids = [str(d) for d in x.doc_ids]
        dv = getattr(x, "docvars", None)
        if dv is None or not isinstance(dv, pd.DataFrame):
            dv = pd.DataFrame(index=pd.Index(d_ids, name="doc_id", dtype=object))
        starts = getattr(x, "starts", None)
        texts = getattr(x, "texts", None)
        return _TokArrays(
            vocab=list(x.vocab),
            ids=np.asarray(x.ids, dtype=np.int64),
            indptr=np.asarray(x.indptr, dtype=np.int64),
            doc_ids=d_ids,
            docvars=dv,
            starts=None if starts is None else np.asarray(starts, dtype=np.int64),
            texts=None if texts is None else list(texts),
            config_hash=str(getattr(x, "config_hash", "")),
        )
    if isinstance(x, (str, bytes)):
        raise TypeError("expected Tokens or a list of token lists, got a string; segment it first")
    lists = [list(doc) for doc in x]
    if doc_ids is None:
        doc_ids = [f"text{i + 1}" for i in range(len(lists))]
    if len(doc_ids) != len(lists):
        raise ValueError(f"{len(doc_ids)} doc_ids for {len(lists)} documents")
    index: dict[str, int] = {}
    flat = [index.setdefault(w, len(index)) for doc in lists for w in doc]
    indptr = np.zeros(len(lists) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(doc) for doc in lists])
    d_ids = [str(d) for d in doc_ids]
    return _TokArrays(
        vocab=list(index),
        ids=np.asarray(flat, dtype=np.int64),
        indptr=indptr,
        doc_ids=d_ids,
        docvars=pd.DataFrame(index=pd.Index(d_ids, name="doc_id", dtype=object)),
        starts=None,
        texts=None,
        config_hash="",
    )


# ---------------------------------------------------------------------------------------------------------
# DFM
# ---------------------------------------------------------------------------------------------------------
class DFM:
    """A document-feature matrix.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Documents x features; int64 counts (float64 after :func:`dfm_weight` / ``tfidf``).
    features : list of str
        Feature (token type) of every column, sorted by code point unless selected otherwise.
    doc_ids : list of str
    docvars : DataFrame
        Document variables, index ``doc_id``.
    ntokens : numpy.ndarray
        Tokens per document before any trimming/selection (denominator of per-10k rates).
    weighting : str
        ``"count"`` for raw counts, else the weighting scheme applied.

    Examples
    --------
    >>> import policytext as pt
    >>> d = pt.dfm([["坚持", "党", "的", "领导"], ["党", "建"]], doc_ids=["a", "b"])
    >>> d.shape, d.features[:2]
    ((2, 5), ['党', '坚持'])
    """

    def __init__(
        self,
        matrix: sp.spmatrix | sp.sparray | np.ndarray,
        features: Sequence[str],
        doc_ids: Sequence[str],
        docvars: pd.DataFrame | None = None,
        ntokens: np.ndarray | None = None,
        weighting: str = "count",
    ) -> None:
        m = sp.csr_matrix(matrix)
        m.sum_duplicates()
        m.sort_indices()
        self.matrix: sp.csr_matrix = m
        self.features: list[str] = [str(f) for f in features]
        self.doc_ids: list[str] = [str(d) for d in doc_ids]
        if m.shape != (len(self.doc_ids), len(self.features)):
            raise ValueError(
                f"matrix shape {m.shape} does not match {len(self.doc_ids)} docs x {len(self.features)} features"
            )
        index = pd.Index(self.doc_ids, name="doc_id", dtype=object)
        if docvars is None:
            docvars = pd.DataFrame(index=index)
        else:
            docvars = docvars.copy()
            docvars.index = index
        self.docvars: pd.DataFrame = docvars
        if ntokens is None:
            ntokens = np.asarray(m.sum(axis=1)).ravel()
        self.ntokens: np.ndarray = np.asarray(ntokens, dtype=np.float64)
        self.weighting: str = weighting

    # -- protocol ------------------------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, int]:
        return (int(self.matrix.shape[0]), int(self.matrix.shape[1]))

    @property
    def nnz(self) -> int:
        """Number of stored (non-zero) cells."""
        return int(self.matrix.nnz)

    @property
    def nbytes(self) -> int:
        """Bytes used by the sparse matrix arrays (data + indices + indptr)."""
        m = self.matrix
        return int(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes)

    def __len__(self) -> int:
        return len(self.doc_ids)

    def __repr__(self) -> str:
        n, v = self.shape
        dens = self.nnz / max(1, n * v)
        return f"DFM({n} documents x {v} features, {dens:.1%} non-zero, weighting={self.weighting!r})"

    def _copy(self, matrix: sp.csr_matrix, weighting: str | None = None) -> DFM:
        return DFM(matrix, self.features, self.doc_ids, self.docvars, self.ntokens, weighting or self.weighting)

    def __getitem__(self, key: str | Sequence[str] | np.ndarray | slice) -> DFM:
        """Select documents by doc_id, list of doc_ids, boolean mask, integer array or slice."""
        rows = self._rows(key)
        return DFM(
            self.matrix[rows],
            self.features,
            [self.doc_ids[i] for i in rows],
            self.docvars.iloc[rows],
            self.ntokens[rows],
            self.weighting,
        )

    def _rows(self, key: Any) -> np.ndarray:
        n = len(self.doc_ids)
        if isinstance(key, slice):
            return np.arange(n)[key]
        if isinstance(key, str):
            key = [key]
        arr = np.asarray(key)
        if arr.dtype == bool:
            if arr.shape != (n,):
                raise ValueError(f"boolean mask has length {arr.size}, DFM has {n} documents")
            return np.flatnonzero(arr)
        if arr.dtype.kind in "iu":
            return arr.astype(np.int64)
        pos = {d: i for i, d in enumerate(self.doc_ids)}
        missing = [k for k in arr.tolist() if k not in pos]
        if missing:
            raise KeyError(f"doc_ids not in the DFM: {missing}")
        return np.asarray([pos[k] for k in arr.tolist()], dtype=np.int64)

    # -- conversion ----------------------------------------------------------------------------------
    def to_sklearn(self) -> sp.csr_matrix:
        """Return the matrix as scikit-learn expects it: canonical float64 CSR (documents x features).

        Column ``j`` is ``self.features[j]`` (also :meth:`get_feature_names_out`).
        """
        m = self.matrix.astype(np.float64)
        m.sort_indices()
        return m

    def get_feature_names_out(self) -> np.ndarray:
        """Feature names as an object array (scikit-learn convention)."""
        return np.asarray(self.features, dtype=object)

    def to_frame(self) -> pd.DataFrame:
        """Dense DataFrame (index doc_id, one column per feature). Only for small DFMs."""
        return pd.DataFrame(
            self.matrix.toarray(), index=pd.Index(self.doc_ids, name="doc_id"), columns=self.features
        )

    def select(self, features: Iterable[str], keep_order: bool = True) -> DFM:
        """Keep only the given features (those absent from the DFM are ignored)."""
        pos = {f: j for j, f in enumerate(self.features)}
        cols = [pos[f] for f in features if f in pos]
        if keep_order:
            cols = sorted(set(cols))
        return DFM(
            self.matrix[:, cols],
            [self.features[j] for j in cols],
            self.doc_ids,
            self.docvars,
            self.ntokens,
            self.weighting,
        )

    def remove(self, features: Iterable[str]) -> DFM:
        """Drop the given features."""
        drop = set(features)
        return self.select([f for f in self.features if f not in drop])

    def docfreq(self) -> np.ndarray:
        """Number of documents in which each feature occurs (non-zero)."""
        return np.diff(self.matrix.tocsc().indptr).astype(np.int64)

    def featfreq(self) -> np.ndarray:
        """Column sums."""
        return np.asarray(self.matrix.sum(axis=0)).ravel()

    def group(self, by: str | Sequence[Any]) -> DFM:
        """Shortcut for :func:`dfm_group`."""
        return dfm_group(self, by)

    def trim(self, **kwargs: Any) -> DFM:
        """Shortcut for :func:`dfm_trim`."""
        return dfm_trim(self, **kwargs)

    def weight(self, scheme: str = "prop") -> DFM:
        """Shortcut for :func:`dfm_weight`."""
        return dfm_weight(self, scheme)


# ---------------------------------------------------------------------------------------------------------
# constructors and operations
# ---------------------------------------------------------------------------------------------------------
def is_punct(feature: str) -> bool:
    """True if every character of ``feature`` is punctuation, a symbol or whitespace (Unicode P*, S*, Z*).

    Examples
    --------
    >>> from policytext.dfm import is_punct
    >>> [is_punct(w) for w in ["。", "“", "——", "党", "十四五"]]
    [True, True, True, False, False]
    """
    return bool(feature) and all(unicodedata.category(c)[0] in "PSZ" or c.isspace() for c in feature)


def is_number(feature: str) -> bool:
    """True if ``feature`` is a number written in Arabic digits, half- or full-width (``2019``, ``７．５``, ``6.5%``).

    Chinese numerals (``三``, ``十四五``) are words of the political lexicon and are not numbers here.

    Examples
    --------
    >>> from policytext.dfm import is_number
    >>> [is_number(w) for w in ["2019", "７．５", "6.5%", "三", "5G"]]
    [True, True, True, False, False]
    """
    if not feature or not any(unicodedata.category(c) == "Nd" for c in feature):
        return False
    return all(unicodedata.category(c) == "Nd" or c in ".．,，%％‰" for c in feature)


def dfm(
    tokens: Any,
    doc_ids: Sequence[str] | None = None,
    remove: Iterable[str] | None = None,
    *,
    remove_punct: bool = False,
    remove_numbers: bool = False,
) -> DFM:
    """Build a document-feature matrix of token counts.

    Parameters
    ----------
    tokens : Tokens or list of list of str
        Output of :func:`policytext.tokens` (the fast path: counts straight from the id arrays), or plain token
        lists (then ``doc_ids`` names the documents, default ``text1``, ``text2``, ...).
    doc_ids : sequence of str, optional
        Only for plain token lists.
    remove : iterable of str, optional
        Features to drop (e.g. stopwords). ``ntokens`` still counts them.
    remove_punct : bool
        Drop features made only of punctuation and symbols (``。``, ``“``, ``——``; see :func:`is_punct`).
    remove_numbers : bool
        Drop Arabic-digit numbers (``2019``, ``７．５``; see :func:`is_number`). Chinese numerals stay.

    ``ntokens`` (the denominator of per-10k rates) counts the remaining word tokens when ``remove_punct`` or
    ``remove_numbers`` is set — as quanteda's ``tokens(remove_punct=TRUE)`` does — but still counts features
    dropped through ``remove``.

    Returns
    -------
    DFM
        int64 CSR counts; features sorted by code point (stable across runs and backends); one-character
        words such as ``党`` are kept.

    Examples
    --------
    >>> import policytext as pt
    >>> d = pt.dfm([["加强", "党", "的", "建设"], ["党", "的", "领导"]], doc_ids=["2019", "2020"])
    >>> d.to_frame().loc["2020", "党"]
    np.int64(1)
    >>> pt.dfm([["坚持", "，", "发展", "2019", "。"]], remove_punct=True, remove_numbers=True).features
    ['发展', '坚持']
    """
    ta = _as_arrays(tokens, doc_ids)
    n_docs = len(ta.doc_ids)
    nv = len(ta.vocab)
    ids = ta.ids
    rows = np.repeat(np.arange(n_docs, dtype=np.int64), np.diff(ta.indptr))
    valid = ids >= 0
    if remove_punct or remove_numbers:
        drop = np.fromiter(
            ((remove_punct and is_punct(w)) or (remove_numbers and is_number(w)) for w in ta.vocab),
            dtype=bool,
            count=nv,
        )
        valid &= ~drop[np.where(ids >= 0, ids, 0)]
    if not valid.all():
        ids, rows = ids[valid], rows[valid]
    ntokens = np.bincount(rows, minlength=n_docs).astype(np.float64)
    used = np.zeros(nv, dtype=bool)
    used[ids] = True
    vocab = np.asarray(ta.vocab, dtype=object)
    order = np.flatnonzero(used)
    order = order[np.argsort(vocab[order].astype(str), kind="stable")]
    remap = np.full(nv, -1, dtype=np.int64)
    remap[order] = np.arange(order.size)
    cols = remap[ids]
    m = sp.csr_matrix(
        (np.ones(cols.size, dtype=np.int64), (rows, cols)), shape=(n_docs, order.size), dtype=np.int64
    )
    out = DFM(m, vocab[order].tolist(), ta.doc_ids, ta.docvars, ntokens, "count")
    if remove is not None:
        out = out.remove(remove)
    return out


def _group_labels(d: DFM, by: str | Sequence[Any] | pd.Series) -> pd.Series:
    if isinstance(by, str):
        if by not in d.docvars.columns:
            raise KeyError(f"dfm_group: no docvar {by!r}; docvars are {list(d.docvars.columns)}")
        return d.docvars[by].reset_index(drop=True)
    labels = pd.Series(list(by))
    if len(labels) != len(d.doc_ids):
        raise ValueError(f"dfm_group: {len(labels)} labels for {len(d.doc_ids)} documents")
    return labels


def dfm_group(d: DFM, by: str | Sequence[Any] | pd.Series) -> DFM:
    """Sum documents into groups (e.g. by year, level, region or speaker).

    Parameters
    ----------
    d : DFM
        Must hold counts (group before weighting).
    by : str or sequence
        A docvar name, or one label per document. Missing labels (NaN) are dropped.

    Returns
    -------
    DFM
        One row per group, doc_ids are the group labels as strings (sorted); docvars keep the columns that are
        constant within every group, plus ``n_docs``.

    Examples
    --------
    >>> import pandas as pd, policytext as pt
    >>> d = pt.dfm([["党", "建"], ["党"], ["改革"]], doc_ids=["a", "b", "c"])
    >>> g = pt.dfm_group(d, by=["2019", "2019", "2020"])
    >>> g.doc_ids, g.to_frame().loc["2019", "党"]
    (['2019', '2020'], np.int64(2))
    """
    if d.weighting != "count":
        raise ValueError(f"dfm_group: group a count DFM, not one weighted by {d.weighting!r}")
    labels = _group_labels(d, by)
    keep = labels.notna().to_numpy()
    codes, uniques = pd.factorize(labels[keep], sort=True)
    rows = np.flatnonzero(keep)
    n_groups = len(uniques)
    g = sp.csr_matrix(
        (np.ones(rows.size, dtype=np.int64), (codes, rows)), shape=(n_groups, len(d.doc_ids)), dtype=np.int64
    )
    m = (g @ d.matrix).tocsr()
    ntok = g @ d.ntokens
    names = [str(u) for u in uniques]
    dv = d.docvars.reset_index(drop=True).loc[keep].copy()
    dv["_g"] = codes
    const = {}
    for col in d.docvars.columns:
        nun = dv.groupby("_g")[col].nunique(dropna=False)
        if (nun <= 1).all():
            const[col] = dv.groupby("_g")[col].first().to_numpy()
    out_dv = pd.DataFrame(const, index=pd.Index(names, name="doc_id", dtype=object))
    out_dv["n_docs"] = np.bincount(codes, minlength=n_groups)
    return DFM(m, d.features, names, out_dv, ntok, "count")


def dfm_trim(
    d: DFM,
    min_termfreq: float | None = None,
    max_termfreq: float | None = None,
    min_docfreq: float | None = None,
    max_docfreq: float | None = None,
    docfreq_type: str = "count",
    max_features: int | None = None,
) -> DFM:
    """Drop rare or ubiquitous features.

    Parameters
    ----------
    d : DFM
    min_termfreq, max_termfreq : number, optional
        Bounds (inclusive) on a feature's total count.
    min_docfreq, max_docfreq : number, optional
        Bounds (inclusive) on the number of documents containing the feature (``docfreq_type="count"``) or on
        the share of documents (``docfreq_type="prop"``, values in [0, 1]).
    max_features : int, optional
        Then keep only the most frequent features (ties broken by feature order).

    Examples
    --------
    >>> import policytext as pt
    >>> d = pt.dfm([["党", "建", "党"], ["党", "改革"]])
    >>> pt.dfm_trim(d, min_docfreq=2).features
    ['党']
    """
    if docfreq_type not in ("count", "prop"):
        raise ValueError(f"docfreq_type must be 'count' or 'prop', got {docfreq_type!r}")
    tf = d.featfreq()
    df = d.docfreq().astype(np.float64)
    if docfreq_type == "prop":
        df = df / max(1, len(d.doc_ids))
    keep = np.ones(len(d.features), dtype=bool)
    if min_termfreq is not None:
        keep &= tf >= min_termfreq
    if max_termfreq is not None:
        keep &= tf <= max_termfreq
    if min_docfreq is not None:
        keep &= df >= min_docfreq
    if max_docfreq is not None:
        keep &= df <= max_docfreq
    cols = np.flatnonzero(keep)
    if max_features is not None and cols.size > max_features:
        order = np.lexsort((cols, -tf[cols]))
        cols = np.sort(cols[order[:max_features]])
    return DFM(
        d.matrix[:, cols],
        [d.features[j] for j in cols],
        d.doc_ids,
        d.docvars,
        d.ntokens,
        d.weighting,
    )


def dfm_weight(d: DFM, scheme: str = "prop") -> DFM:
    """Weight a count DFM.

    Parameters
    ----------
    d : DFM
        Counts.
    scheme : {"count", "prop", "per_10k", "boolean", "logcount"}
        ``prop``: count / row sum of the (possibly trimmed) DFM, rows sum to 1. ``per_10k``: 10,000 x count /
        ``ntokens`` (all tokens of the document, trimmed ones included, so trimming does not inflate rates).
        ``boolean``: 1 where the feature occurs. ``logcount``: 1 + ln(count) for non-zero cells.

    Examples
    --------
    >>> import policytext as pt
    >>> d = pt.dfm([["党", "建", "党", "改革"]])
    >>> pt.dfm_weight(d, "prop").to_frame().loc["text1", "党"]
    np.float64(0.5)
    """
    if scheme not in WEIGHTS:
        raise ValueError(f"scheme must be one of {WEIGHTS}, got {scheme!r}")
    if d.weighting != "count":
        raise ValueError(f"dfm_weight: weight a count DFM, not one weighted by {d.weighting!r}")
    m = d.matrix.astype(np.float64)
    if scheme == "count":
        return d._copy(d.matrix.copy(), "count")
    if scheme == "boolean":
        m.data[:] = 1.0
    elif scheme == "logcount":
        m.data = 1.0 + np.log(m.data)
    else:
        denom = np.asarray(m.sum(axis=1)).ravel() if scheme == "prop" else d.ntokens / 10000.0
        inv = np.divide(1.0, denom, out=np.zeros_like(denom), where=denom > 0)
        m = sp.csr_matrix(sp.diags(inv) @ m)
    return d._copy(m, scheme)
