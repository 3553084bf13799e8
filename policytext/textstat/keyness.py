"""Keyness: which features are over-represented in a target (document, year, speaker) against a reference.

Every measure is a small vectorised function of the 2 x 2 table per feature::

                 target   reference
    feature        a          b
    other tokens   c          d

with ``a`` the feature's count in the target, ``b`` in the reference, ``c = n_target - a`` and
``d = n_reference - b``. Statistics are signed: positive when the feature is relatively more frequent in the
target.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from ..dfm import DFM

__all__ = ["keyness", "chi2", "g2", "log_odds_dirichlet", "log_ratio", "pmi", "MEASURES"]


def _f(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def chi2(a: Any, b: Any, c: Any, d: Any, correction: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Pearson's chi-squared for 2 x 2 tables, signed; optional Yates continuity correction.

    Pearson (1900); Yates (1934), as in ``scipy.stats.chi2_contingency(correction=True)``: every
    \\|O - E\\| is reduced by ``min(0.5, |O - E|)``. Returns (signed statistic, p-value with 1 df).

    Examples
    --------
    >>> from policytext.textstat.keyness import chi2
    >>> s, p = chi2(10, 5, 990, 1995)   # “党” 10 of 1000 tokens in 2020 vs 5 of 2000 in 2019
    >>> round(float(s[()]), 3)
    7.538
    """
    a, b, c, d = _f(a), _f(b), _f(c), _f(d)
    n = a + b + c + d
    r1, r2, c1, c2 = a + b, c + d, a + c, b + d
    denom = r1 * r2 * c1 * c2
    diff = np.abs(a * d - b * c) / np.where(n > 0, n, 1.0)  # |O - E|, equal in all four cells
    if correction:
        diff = diff - np.minimum(0.5, diff)
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = np.where(denom > 0, diff**2 * n**3 / np.where(denom > 0, denom, 1.0), 0.0)
    sign = np.sign(a * d - b * c)
    return sign * stat, stats.chi2.sf(stat, 1)


def g2(a: Any, b: Any, c: Any, d: Any) -> tuple[np.ndarray, np.ndarray]:
    """Log-likelihood ratio G² for 2 x 2 tables (Dunning 1993; Rayson & Garside 2000), signed.

    G² = 2 Σ O ln(O / E) with 0 ln 0 = 0; p-value from chi-squared with 1 df. Equals
    ``scipy.stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")``.

    Examples
    --------
    >>> from policytext.textstat.keyness import g2
    >>> s, p = g2(10, 5, 990, 1995)   # “党” 10 of 1000 tokens vs 5 of 2000
    >>> round(float(s[()]), 3)
    6.969
    """
    a, b, c, d = _f(a), _f(b), _f(c), _f(d)
    n = a + b + c + d
    r1, r2, c1, c2 = a + b, c + d, a + c, b + d
    safe_n = np.where(n > 0, n, 1.0)
    total = np.zeros(np.broadcast(a, b, c, d).shape)
    for o, r, cc in ((a, r1, c1), (b, r1, c2), (c, r2, c1), (d, r2, c2)):
        e = r * cc / safe_n
        with np.errstate(divide="ignore", invalid="ignore"):
            total = total + np.where(o > 0, o * np.log(np.where(o > 0, o, 1.0) / np.where(e > 0, e, 1.0)), 0.0)
    stat = np.maximum(2.0 * total, 0.0)
    return np.sign(a * d - b * c) * stat, stats.chi2.sf(stat, 1)


def log_odds_dirichlet(
    a: Any, b: Any, n_target: float, n_reference: float, alpha: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio with an informative Dirichlet prior, as a z-score.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words", *Political Analysis* 16(4), eq. 16-22::

        delta_w = ln((a + α_w) / (n_t + α_0 - a - α_w)) - ln((b + α_w) / (n_r + α_0 - b - α_w))
        var     ≈ 1 / (a + α_w) + 1 / (b + α_w)
        z       = delta_w / sqrt(var)

    ``alpha`` holds α_w (``α_0`` = its sum). Returns (z, two-sided normal p-value).

    Examples
    --------
    >>> import numpy as np
    >>> from policytext.textstat.keyness import log_odds_dirichlet
    >>> z, p = log_odds_dirichlet(np.array([10.0, 990]), np.array([5.0, 1995]), 1000, 2000, np.array([1.0, 1.0]))
    >>> round(float(z[0]), 3)
    2.574
    """
    a, b, alpha = _f(a), _f(b), _f(alpha)
    a0 = float(alpha.sum())
    delta = np.log((a + alpha) / (n_target + a0 - a - alpha)) - np.log(
        (b + alpha) / (n_reference + a0 - b - alpha)
    )
    var = 1.0 / (a + alpha) + 1.0 / (b + alpha)
    z = delta / np.sqrt(var)
    return z, 2.0 * stats.norm.sf(np.abs(z))


def log_ratio(a: Any, b: Any, n_target: float, n_reference: float) -> np.ndarray:
    """Log Ratio (Hardie 2014): binary log of the ratio of relative frequencies.

    log2((a / n_t) / (b / n_r)); a zero count is replaced by 0.5 (Hardie's adjustment) so the value stays
    finite. An effect size: no p-value.

    Examples
    --------
    >>> from policytext.textstat.keyness import log_ratio
    >>> float(log_ratio(10, 5, 1000, 2000))   # 1% vs 0.25%: four times as frequent
    2.0
    """
    a, b = _f(a), _f(b)
    a = np.where(a == 0, 0.5, a)
    b = np.where(b == 0, 0.5, b)
    return np.log2((a / n_target) / (b / n_reference))


def pmi(a: Any, b: Any, n_target: float, n_reference: float) -> np.ndarray:
    """Pointwise mutual information of feature and target (Church & Hanks 1990), in bits.

    log2(P(w, target) / (P(w) P(target))) = log2(a N / ((a + b) n_t)); -inf when ``a == 0``.

    Examples
    --------
    >>> from policytext.textstat.keyness import pmi
    >>> round(float(pmi(10, 5, 1000, 2000)), 3)   # log2(10 * 3000 / (15 * 1000))
    1.0
    """
    a, b = _f(a), _f(b)
    n = n_target + n_reference
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log2(a * n / ((a + b) * n_target))


MEASURES = ("chi2", "g2", "log_odds", "log_ratio", "pmi")


def _target_mask(d: DFM, target: Any) -> np.ndarray:
    n = len(d.doc_ids)
    if isinstance(target, str):
        target = [target]
    arr = np.asarray(target)
    if arr.dtype == bool:
        if arr.shape != (n,):
            raise ValueError(f"keyness: boolean target has length {arr.size}, DFM has {n} documents")
        mask = arr.copy()
    elif arr.dtype.kind in "iu":
        mask = np.zeros(n, dtype=bool)
        mask[arr] = True
    else:
        pos = {x: i for i, x in enumerate(d.doc_ids)}
        missing = [t for t in arr.tolist() if t not in pos]
        if missing:
            raise KeyError(f"keyness: target doc_ids not in the DFM: {missing}")
        mask = np.zeros(n, dtype=bool)
        mask[[pos[t] for t in arr.tolist()]] = True
    if not mask.any() or mask.all():
        raise ValueError("keyness: the target must hold at least one document and leave a reference")
    return mask


def keyness(
    d: DFM,
    target: str | Sequence[str] | np.ndarray,
    measure: str = "chi2",
    correction: bool = False,
    prior: str = "informative",
    prior_scale: float | None = None,
    sort: bool = True,
) -> pd.DataFrame:
    """Keyness of every feature in a target against the rest of the DFM (the reference).

    Parameters
    ----------
    d : DFM
        Counts. Totals ``n_target`` / ``n_reference`` are the DFM row sums (after any trimming).
    target : doc_id, list of doc_ids, integer positions or boolean mask
    measure : {"chi2", "g2", "log_odds", "log_ratio", "pmi"}
        See :func:`chi2` (Pearson; Yates with ``correction=True``), :func:`g2` (Dunning 1993),
        :func:`log_odds_dirichlet` (Monroe, Colaresi & Quinn 2008, z-score), :func:`log_ratio` (Hardie 2014,
        no p-value), :func:`pmi` (no p-value).
    correction : bool
        Yates continuity correction for ``chi2``.
    prior : {"informative", "uninformative"}
        For ``log_odds``: α_w = ``prior_scale`` x the feature's count in the whole DFM (informative, the
        pooled corpus as background; default scale 1, as in the ``tidylo`` package) or α_w = ``prior_scale``
        (default 0.01).
    sort : bool
        Sort by statistic (descending), ties in feature order.

    Returns
    -------
    DataFrame
        ``feature, statistic, p_value, n_target, n_reference, measure`` (p_value NaN where undefined).

    Examples
    --------
    >>> import policytext as pt
    >>> d = pt.dfm([["脱贫", "攻坚", "脱贫"], ["改革", "开放", "改革"]], doc_ids=["2020", "1992"])
    >>> pt.keyness(d, "2020", measure="log_ratio").head(1)[["feature", "statistic"]].values.tolist()
    [['脱贫', 2.0]]
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, got {measure!r}")
    if d.weighting != "count":
        raise ValueError(f"keyness: needs a count DFM, got weighting {d.weighting!r}")
    mask = _target_mask(d, target)
    m = d.matrix
    ta = np.asarray(m[np.flatnonzero(mask)].sum(axis=0)).ravel().astype(np.float64)
    re_ = np.asarray(m[np.flatnonzero(~mask)].sum(axis=0)).ravel().astype(np.float64)
    nt, nr = float(ta.sum()), float(re_.sum())
    p = np.full(ta.shape, np.nan)
    if measure == "chi2":
        stat, p = chi2(ta, re_, nt - ta, nr - re_, correction=correction)
    elif measure == "g2":
        stat, p = g2(ta, re_, nt - ta, nr - re_)
    elif measure == "log_odds":
        if prior == "informative":
            alpha = (1.0 if prior_scale is None else prior_scale) * (ta + re_)
        elif prior == "uninformative":
            alpha = np.full(ta.shape, 0.01 if prior_scale is None else prior_scale)
        else:
            raise ValueError(f"prior must be 'informative' or 'uninformative', got {prior!r}")
        stat, p = log_odds_dirichlet(ta, re_, nt, nr, alpha)
    elif measure == "log_ratio":
        stat = log_ratio(ta, re_, nt, nr)
    else:
        stat = pmi(ta, re_, nt, nr)
    out = pd.DataFrame(
        {
            "feature": d.features,
            "statistic": np.asarray(stat, dtype=np.float64),
            "p_value": np.asarray(p, dtype=np.float64),
            "n_target": ta.astype(np.int64),
            "n_reference": re_.astype(np.int64),
            "measure": measure,
        }
    )
    if sort:
        order = np.lexsort((np.arange(len(out)), -out["statistic"].to_numpy()))
        out = out.iloc[order].reset_index(drop=True)
    return out
