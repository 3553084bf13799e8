"""Topic models (LDA, NMF via scikit-learn) with tidy outputs, and a grid over k scored by coherence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..dfm import DFM

__all__ = ["TopicModel", "fit_topics", "coherence", "topic_grid", "choose_k"]


@dataclass
class TopicModel:
    """A fitted topic model.

    Attributes
    ----------
    topic_terms : DataFrame
        ``topic, feature, weight, rank`` — the top ``n_terms`` features of each topic; ``weight`` is the
        topic's feature distribution (each topic's full row sums to 1); rank 1 = heaviest (ties: feature order).
    doc_topics : DataFrame
        ``doc_id, topic, weight`` — each document's topic proportions (sum to 1 per document).
    model : the scikit-learn estimator
    k : int
    method : str
    """

    topic_terms: pd.DataFrame
    doc_topics: pd.DataFrame
    model: Any
    k: int
    method: str
    components: np.ndarray
    features: list[str]

    def top_terms(self, n: int = 10) -> dict[int, list[str]]:
        """Topic -> its ``n`` heaviest features."""
        tt = self.topic_terms.sort_values(["topic", "rank"])
        return {int(t): tt.loc[tt["topic"] == t, "feature"].head(n).tolist() for t in range(self.k)}


def fit_topics(
    d: DFM,
    k: int,
    method: str = "lda",
    random_state: int = 0,
    n_terms: int = 20,
    max_iter: int | None = None,
    **kwargs: Any,
) -> TopicModel:
    """Fit an LDA or NMF topic model on a count DFM.

    ``lda`` is ``sklearn.decomposition.LatentDirichletAllocation(learning_method="batch")`` on counts;
    ``nmf`` is ``sklearn.decomposition.NMF(init="nndsvda")`` on TF-IDF (l2) weights. Same ``random_state``,
    same result.

    Parameters
    ----------
    d : DFM
        Counts (trim rare and ubiquitous features first: ``dfm_trim(d, min_docfreq=2, max_docfreq=0.9,
        docfreq_type=...)``).
    k : int
        Number of topics.
    method : {"lda", "nmf"}
    random_state : int
    n_terms : int
        Features per topic in ``topic_terms``.
    max_iter : int, optional
        Passed to the estimator (defaults: 50 for LDA, 400 for NMF).
    **kwargs
        Other estimator parameters.

    Returns
    -------
    TopicModel
        ``.topic_terms`` (topic, feature, weight, rank) and ``.doc_topics`` (doc_id, topic, weight); topics are
        numbered 0..k-1.

    Examples
    --------
    >>> import policytext as pt
    >>> d = pt.dfm([["脱贫", "攻坚", "扶贫"], ["改革", "开放", "改革"], ["脱贫", "扶贫", "扶贫"]])
    >>> tm = pt.fit_topics(d, k=2, method="nmf", random_state=1)
    >>> sorted(tm.doc_topics.columns.tolist())
    ['doc_id', 'topic', 'weight']
    """
    if k < 1:
        raise ValueError("k must be >= 1")
    if d.weighting != "count":
        raise ValueError(f"fit_topics: needs a count DFM, got weighting {d.weighting!r}")
    x = d.to_sklearn()
    if method == "lda":
        from sklearn.decomposition import LatentDirichletAllocation

        model = LatentDirichletAllocation(
            n_components=k,
            learning_method="batch",
            random_state=random_state,
            max_iter=max_iter or 50,
            **kwargs,
        )
        theta = model.fit_transform(x)
    elif method == "nmf":
        from sklearn.decomposition import NMF

        from .tfidf import tfidf

        x = tfidf(d).to_sklearn()
        model = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=max_iter or 400, **kwargs)
        theta = model.fit_transform(x)
    else:
        raise ValueError(f"method must be 'lda' or 'nmf', got {method!r}")
    comp = np.asarray(model.components_, dtype=np.float64)
    rs = comp.sum(axis=1, keepdims=True)
    comp = np.divide(comp, rs, out=np.zeros_like(comp), where=rs > 0)
    ts = theta.sum(axis=1, keepdims=True)
    theta = np.divide(theta, ts, out=np.full_like(theta, 1.0 / k), where=ts > 0)
    feats = np.asarray(d.features, dtype=object)
    rows = []
    for t in range(k):
        order = np.lexsort((np.arange(comp.shape[1]), -comp[t]))[:n_terms]
        rows.append(
            pd.DataFrame(
                {"topic": t, "feature": feats[order], "weight": comp[t, order], "rank": np.arange(1, order.size + 1)}
            )
        )
    topic_terms = pd.concat(rows, ignore_index=True)
    n = len(d.doc_ids)
    doc_topics = pd.DataFrame(
        {
            "doc_id": np.repeat(np.asarray(d.doc_ids, dtype=object), k),
            "topic": np.tile(np.arange(k), n),
            "weight": theta.ravel(),
        }
    )
    return TopicModel(topic_terms, doc_topics, model, k, method, comp, list(d.features))


def coherence(d: DFM, top_terms: Sequence[Sequence[str]], measure: str = "umass", eps: float = 1e-12) -> np.ndarray:
    """Coherence of each topic's top terms, from document co-occurrence in ``d``.

    ``"umass"`` (Mimno et al. 2011): Σ_{i>j} ln((D(w_i, w_j) + 1) / D(w_j)), terms in rank order.
    ``"npmi"`` (Bouma 2009; Aletras & Stevenson 2013): mean over pairs of ln(P(w_i, w_j) / (P(w_i) P(w_j))) /
    -ln P(w_i, w_j), document probabilities; a pair never seen together scores -1.

    Examples
    --------
    >>> import policytext as pt
    >>> d = pt.dfm([["脱贫", "扶贫"], ["脱贫", "扶贫"], ["改革"]])
    >>> pt.textstat.coherence(d, [["脱贫", "扶贫"]], "umass").round(3).tolist()   # ln((2 + 1) / 2)
    [0.405]
    """
    if measure not in ("umass", "npmi"):
        raise ValueError(f"measure must be 'umass' or 'npmi', got {measure!r}")
    pos = {f: j for j, f in enumerate(d.features)}
    b = sp.csc_matrix(d.matrix, dtype=np.float64)
    b.data = (b.data > 0).astype(np.float64)
    n = float(b.shape[0])
    out = []
    for terms in top_terms:
        cols = [pos[t] for t in terms if t in pos]
        sub = b[:, cols]
        co = (sub.T @ sub).toarray()
        df = np.diag(co)
        vals = []
        for i in range(1, len(cols)):
            for j in range(i):
                if measure == "umass":
                    vals.append(np.log((co[i, j] + 1.0) / df[j]))
                else:
                    pij = co[i, j] / n
                    if pij <= 0:
                        vals.append(-1.0)
                    elif pij >= 1.0:
                        vals.append(1.0)
                    else:
                        vals.append(np.log(pij / (df[i] / n * df[j] / n)) / -np.log(pij + eps))
        if not vals:
            out.append(np.nan)
        else:
            out.append(float(np.sum(vals)) if measure == "umass" else float(np.mean(vals)))
    return np.asarray(out)


def topic_grid(
    d: DFM,
    ks: Sequence[int],
    method: str = "lda",
    measure: str = "umass",
    n_top: int = 10,
    random_state: int = 0,
    **kwargs: Any,
) -> pd.DataFrame:
    """Fit one model per k and score it by mean topic coherence.

    Returns
    -------
    DataFrame
        ``k, coherence, coherence_sd, measure, method`` (one row per k, in the order given). Higher is better
        for both measures.

    Examples
    --------
    >>> import policytext as pt
    >>> d = pt.dfm([["脱贫", "扶贫"], ["脱贫", "攻坚"], ["改革", "开放"], ["改革", "创新"]])
    >>> pt.topic_grid(d, [1, 2], method="nmf")["k"].tolist()
    [1, 2]
    """
    rows = []
    for k in ks:
        tm = fit_topics(d, k, method=method, random_state=random_state, n_terms=n_top, **kwargs)
        tops = [tm.top_terms(n_top)[t] for t in range(k)]
        c = coherence(d, tops, measure)
        rows.append((int(k), float(np.nanmean(c)), float(np.nanstd(c)), measure, method))
    return pd.DataFrame(rows, columns=["k", "coherence", "coherence_sd", "measure", "method"])


def choose_k(
    d: DFM, ks: Sequence[int], method: str = "lda", measure: str = "umass", random_state: int = 0, **kwargs: Any
) -> int:
    """The k of :func:`topic_grid` with the highest mean coherence (ties: the smallest k).

    Examples
    --------
    >>> import policytext as pt
    >>> d = pt.dfm([["脱贫", "扶贫"], ["脱贫", "扶贫"], ["改革", "开放"], ["改革", "开放"]])
    >>> pt.choose_k(d, [1, 2], method="nmf") in (1, 2)
    True
    """
    g = topic_grid(d, ks, method=method, measure=measure, random_state=random_state, **kwargs)
    best = g["coherence"].max()
    return int(g.loc[g["coherence"] == best, "k"].min())
