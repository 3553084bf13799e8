"""Collocations: contiguous 2- and 3-word sequences that occur together more often than chance."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..dfm import _as_arrays

__all__ = ["collocations"]

_PUNCT = re.compile(r"^[\W_]+$")
METHODS = ("lambda", "npmi", "g2")


def _ngram_codes(ids: np.ndarray, valid: np.ndarray, doc_of: np.ndarray, size: int, nv: int) -> np.ndarray:
    """int64 codes of all n-grams that stay within one document and contain no invalid token."""
    n = ids.size - size + 1
    if n <= 0:
        return np.zeros((0, size), dtype=np.int64)
    ok = np.ones(n, dtype=bool)
    for k in range(size):
        ok &= valid[k : k + n]
    ok &= doc_of[: n] == doc_of[size - 1 : size - 1 + n]
    pos = np.flatnonzero(ok)
    return np.stack([ids[pos + k] for k in range(size)], axis=1)


def collocations(
    tokens: Any,
    method: str = "lambda",
    size: int | Sequence[int] = 2,
    min_count: int = 2,
    drop_punct: bool = True,
    n: int | None = None,
) -> pd.DataFrame:
    """Score contiguous word sequences (collocations).

    N-grams never cross document boundaries; with ``drop_punct`` they never contain punctuation tokens
    (so they do not cross clause boundaries either). All statistics use the n-gram positions as the sample.

    Methods
    -------
    ``"lambda"``
        Log odds ratio of the 2^size contingency table (each cell + 0.5) and its z-score
        (Blaheta & Johnson 2001; as ``quanteda.textstats::textstat_collocations``):
        λ = Σ_cells (-1)^(size - b) ln n_cell, where b is the number of matching positions;
        σ = sqrt(Σ 1/n_cell); z = λ / σ.
    ``"npmi"``
        Normalised PMI (Bouma 2009): ln(p(w1..wk) / Π p(wi)) / -ln p(w1..wk), positional marginals.
    ``"g2"``
        Log-likelihood ratio G² of the 2^size table against independence (Dunning 1993).

    Parameters
    ----------
    tokens : Tokens or list of list of str
    method : {"lambda", "npmi", "g2"}
    size : int or list of int
        2 and/or 3.
    min_count : int
        Minimum count of the n-gram.
    n : int, optional
        Keep the top ``n`` rows.

    Returns
    -------
    DataFrame
        ``collocation`` (tokens joined by a space), ``size, count, statistic, z, measure``, sorted by
        statistic (descending), then count, then collocation. ``z`` is NaN except for ``lambda``.

    Examples
    --------
    >>> import policytext as pt
    >>> toks = [["脱贫", "攻坚", "取得", "胜利"], ["打赢", "脱贫", "攻坚", "战"]]
    >>> pt.collocations(toks, method="npmi", min_count=2)["collocation"].tolist()
    ['脱贫 攻坚']
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    sizes = [size] if isinstance(size, int) else list(size)
    if any(s not in (2, 3) for s in sizes):
        raise ValueError(f"size must be 2 or 3, got {size!r}")
    ta = _as_arrays(tokens)
    nv = len(ta.vocab)
    vocab = np.asarray(ta.vocab, dtype=object)
    ids = ta.ids
    valid = ids >= 0
    if drop_punct:
        bad = np.fromiter((bool(_PUNCT.match(str(w))) or not str(w).strip() for w in ta.vocab), bool, count=nv)
        valid &= ~bad[np.where(ids >= 0, ids, 0)]
    doc_of = np.repeat(np.arange(len(ta.doc_ids)), np.diff(ta.indptr))
    frames = []
    for s in sizes:
        grams = _ngram_codes(ids, valid, doc_of, s, nv)
        total = float(grams.shape[0])
        if total == 0:
            continue
        uniq, counts = np.unique(grams, axis=0, return_counts=True)
        keep = counts >= min_count
        uniq, counts = uniq[keep], counts[keep].astype(np.float64)
        if uniq.shape[0] == 0:
            continue
        # counts of every sub-pattern: positions in `subset` must match, others free
        sub_counts: dict[tuple[int, ...], np.ndarray] = {}
        for r in range(1, s + 1):
            for subset in itertools.combinations(range(s), r):
                if r == s:
                    sub_counts[subset] = counts
                    continue
                g_sub = grams[:, subset]
                u_sub, c_sub = np.unique(g_sub, axis=0, return_counts=True)
                # look up each candidate's sub-pattern
                key_all = _encode(u_sub, nv)
                key_q = _encode(uniq[:, subset], nv)
                order = np.argsort(key_all)
                idx = order[np.searchsorted(key_all[order], key_q)]
                sub_counts[subset] = c_sub[idx].astype(np.float64)
        # cells of the 2^s table by inclusion-exclusion: cell b = which positions match
        cells = {}
        for bits in itertools.product((1, 0), repeat=s):
            must = tuple(i for i in range(s) if bits[i] == 1)
            must_not = [i for i in range(s) if bits[i] == 0]
            val = np.zeros(uniq.shape[0])
            for r in range(len(must_not) + 1):
                for extra in itertools.combinations(must_not, r):
                    sset = tuple(sorted(must + extra))
                    c = np.full(uniq.shape[0], total) if not sset else sub_counts[sset]
                    val = val + (-1) ** r * c
            cells[bits] = val
        z = np.full(uniq.shape[0], np.nan)
        if method == "lambda":
            lam = np.zeros(uniq.shape[0])
            var = np.zeros(uniq.shape[0])
            for bits, val in cells.items():
                v = val + 0.5
                lam += (-1) ** (s - sum(bits)) * np.log(v)
                var += 1.0 / v
            stat = lam
            z = lam / np.sqrt(var)
        elif method == "npmi":
            pj = counts / total
            logind = sum(np.log(sub_counts[(i,)] / total) for i in range(s))
            stat = (np.log(pj) - logind) / -np.log(pj)
        else:
            marg = [sub_counts[(i,)] / total for i in range(s)]
            g = np.zeros(uniq.shape[0])
            for bits, val in cells.items():
                e = np.full(uniq.shape[0], total)
                for i, b in enumerate(bits):
                    e = e * (marg[i] if b else 1.0 - marg[i])
                with np.errstate(divide="ignore", invalid="ignore"):
                    g += np.where(val > 0, val * np.log(np.where(val > 0, val, 1.0) / e), 0.0)
            stat = 2.0 * g
        words = vocab[uniq]
        frames.append(
            pd.DataFrame(
                {
                    "collocation": [" ".join(map(str, row)) for row in words],
                    "size": s,
                    "count": counts.astype(np.int64),
                    "statistic": stat,
                    "z": z,
                    "measure": method,
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=["collocation", "size", "count", "statistic", "z", "measure"])
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["statistic", "count", "collocation"], ascending=[False, False, True], kind="stable")
    out = out.reset_index(drop=True)
    return out.iloc[:n].reset_index(drop=True) if n is not None else out


def _encode(rows: np.ndarray, nv: int) -> np.ndarray:
    code = np.zeros(rows.shape[0], dtype=np.int64)
    for k in range(rows.shape[1]):
        code = code * (nv + 1) + rows[:, k]
    return code
