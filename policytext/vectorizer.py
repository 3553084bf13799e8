"""A scikit-learn vectorizer that segments Chinese with the policytext :class:`~policytext.Segmenter`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

__all__ = ["PolicyVectorizer"]

_SKIP = re.compile(r"^[\W_]+$")


def _default_segmenter() -> Any:
    """The library's default Segmenter."""
    from .tokenize import Segmenter

    return Segmenter()


def _texts(raw: Any) -> list[str]:
    if isinstance(raw, str):
        raise ValueError("expected an iterable of documents, got a single string")
    if hasattr(raw, "texts") and hasattr(raw, "doc_ids"):
        return list(raw.texts)
    return [str(t) for t in raw]


class PolicyVectorizer(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Token counts of Chinese documents, segmented by a :class:`~policytext.Segmenter`.

    A drop-in replacement for ``CountVectorizer(tokenizer=jieba.lcut)`` in scikit-learn Pipelines: clonable
    (parameters only in ``__init__``), picklable, ``fit`` / ``transform`` / ``get_feature_names_out``.
    Unlike ``CountVectorizer``'s default ``token_pattern`` it keeps one-character words (``党``, ``国``).

    Parameters
    ----------
    segmenter : Segmenter, optional
        Default ``Segmenter()`` (rjieba, domain dictionary, numbered/quoted formulations protected).
    drop_punct : bool
        Drop tokens made only of punctuation or symbols. Whitespace tokens are always dropped (as
        :func:`policytext.tokens` does), so with ``drop_punct=False`` the matrix equals ``dfm(tokens(corpus))``.
    stop_words : list of str, optional
        Tokens to drop (in addition to the segmenter's own stopwords).
    min_df, max_df : int or float
        Document-frequency bounds as in ``CountVectorizer`` (int = documents, float = proportion).
    max_features : int, optional
        Keep the most frequent features (ties: feature order).
    binary : bool
        0/1 instead of counts.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Feature -> column (features sorted by code point).

    Examples
    --------
    >>> from policytext import PolicyVectorizer
    >>> v = PolicyVectorizer()
    >>> X = v.fit_transform(["坚持党的全面领导", "全面深化改革"])
    >>> "党" in v.get_feature_names_out()
    True
    """

    def __init__(
        self,
        segmenter: Any = None,
        drop_punct: bool = True,
        stop_words: Sequence[str] | None = None,
        min_df: float = 1,
        max_df: float = 1.0,
        max_features: int | None = None,
        binary: bool = False,
    ) -> None:
        self.segmenter = segmenter
        self.drop_punct = drop_punct
        self.stop_words = stop_words
        self.min_df = min_df
        self.max_df = max_df
        self.max_features = max_features
        self.binary = binary

    # -- helpers ------------------------------------------------------------------------------------
    def _seg(self) -> Any:
        return self.segmenter if self.segmenter is not None else _default_segmenter()

    def build_analyzer(self) -> Any:
        """The callable text -> list of tokens used by this vectorizer."""
        seg = self._seg()
        stop = set(self.stop_words or ())
        drop = self.drop_punct

        def analyze(text: str) -> list[str]:
            return [w for w in seg.cut(text) if w.strip() and w not in stop and not (drop and _SKIP.match(w))]

        return analyze

    def _count(self, docs: Iterable[str], vocab: dict[str, int] | None) -> tuple[sp.csr_matrix, dict[str, int]]:
        analyze = self.build_analyzer()
        fixed = vocab is not None
        voc: dict[str, int] = dict(vocab) if vocab is not None else {}
        cols: list[int] = []
        indptr = [0]
        for text in docs:
            for w in analyze(text):
                j = voc.get(w)
                if j is None:
                    if fixed:
                        continue
                    j = voc[w] = len(voc)
                cols.append(j)
            indptr.append(len(cols))
        ind = np.asarray(cols, dtype=np.int64)
        m = sp.csr_matrix(
            (np.ones(ind.size, dtype=np.int64), ind, np.asarray(indptr, dtype=np.int64)),
            shape=(len(indptr) - 1, len(voc)),
        )
        m.sum_duplicates()
        return m, voc

    # -- scikit-learn API ---------------------------------------------------------------------------
    def fit(self, raw_documents: Any, y: Any = None) -> PolicyVectorizer:
        """Learn the vocabulary."""
        self.fit_transform(raw_documents)
        return self

    def fit_transform(self, raw_documents: Any, y: Any = None, **fit_params: Any) -> sp.csr_matrix:
        """Learn the vocabulary and return the document-term matrix (int64 CSR)."""
        docs = _texts(raw_documents)
        m, voc = self._count(docs, None)
        n = m.shape[0]
        names = np.asarray(list(voc), dtype=object)
        order = np.argsort(names.astype(str), kind="stable")
        m = m[:, order]
        names = names[order]
        df = np.diff(m.tocsc().indptr)
        lo = self.min_df if isinstance(self.min_df, (int, np.integer)) else self.min_df * n
        hi = self.max_df if isinstance(self.max_df, (int, np.integer)) else self.max_df * n
        keep = np.flatnonzero((df >= lo) & (df <= hi))
        if self.max_features is not None and keep.size > self.max_features:
            tf = np.asarray(m[:, keep].sum(axis=0)).ravel()
            top = np.lexsort((keep, -tf))[: self.max_features]
            keep = np.sort(keep[top])
        m = m[:, keep].tocsr()
        self.vocabulary_ = {str(w): j for j, w in enumerate(names[keep])}
        return self._finish(m)

    def transform(self, raw_documents: Any) -> sp.csr_matrix:
        """Document-term matrix on the fitted vocabulary (unknown tokens ignored)."""
        check_is_fitted(self, "vocabulary_")
        m, _ = self._count(_texts(raw_documents), self.vocabulary_)
        return self._finish(m)

    def _finish(self, m: sp.csr_matrix) -> sp.csr_matrix:
        m = sp.csr_matrix(m)
        m.sort_indices()
        if self.binary:
            m.data[:] = 1
        return m

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Feature names (object array), column order."""
        check_is_fitted(self, "vocabulary_")
        return np.asarray(list(self.vocabulary_), dtype=object)
