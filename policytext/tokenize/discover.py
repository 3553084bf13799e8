"""New multiword terms from the corpus itself: cohesion (PMI) plus left/right branching entropy."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .segmenter import Segmenter
from .stopwords import load_stopwords
from .tokens import Tokens, tokens

if TYPE_CHECKING:
    from ..corpus.corpus import Corpus

_WORDLIKE = re.compile(r"[\u3400-\u9fff]+")
#: Words that do not start or end a term (besides the "function" stopwords): modal, degree and resultative
#: single characters, negation, pronouns, and postpositions of time and extent (五年/内, 一倍/以上).
#: Grammatical closed classes, so kept in code.
EDGE_WORDS = ("要", "到", "能", "会", "各", "更", "不", "很", "最", "都", "就", "还", "又", "我们", "我", "你们", "他们",
              "它", "其它", "之间", "方面", "进一步", "内", "以内", "以来", "以上", "以下", "左右")

_COLUMNS = [
    "term",
    "parts",
    "n_parts",
    "n_chars",
    "count",
    "docfreq",
    "pmi",
    "left_entropy",
    "right_entropy",
    "score",
]


def _keys(cols: list[np.ndarray], base: int) -> np.ndarray:
    key = np.zeros(len(cols[0]), dtype=np.int64)
    for c in cols:
        key = key * base + c
    return key


def _entropy(group: np.ndarray, symbol: np.ndarray, n_groups: int) -> np.ndarray:
    """Shannon entropy (nats) of ``symbol`` within each group id in ``0..n_groups-1``."""
    if len(group) == 0:
        return np.zeros(n_groups)
    # symbols >= 0 are token ids; negative ones (unique per occurrence) are shifted above them
    sym = np.where(symbol >= 0, symbol, symbol.max(initial=0) + 1 - symbol).astype(np.int64)
    base = int(sym.max()) + 1
    key, c = np.unique(group.astype(np.int64) * base + sym, return_counts=True)
    g = key // base
    c = c.astype(float)
    tot = np.bincount(g, weights=c, minlength=n_groups)
    p = c / tot[g]
    return np.bincount(g, weights=-p * np.log(p), minlength=n_groups)


def discover_terms(
    tokens_or_corpus: Tokens | Corpus | Sequence[str],
    segmenter: Segmenter | None = None,
    max_n: int = 4,
    min_count: int = 5,
    min_pmi: float = 2.0,
    min_entropy: float = 1.0,
    min_chars: int = 3,
    top: int | None = None,
    edge_words: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Multiword terms that the segmenter splits but the corpus uses as units.

    Candidates are runs of 2..``max_n`` adjacent word tokens (Han characters only; no punctuation,
    whitespace or function word at either edge) within a document. A candidate is kept when it occurs at
    least ``min_count`` times, every split into two parts has pointwise mutual information of at least
    ``min_pmi`` (cohesion; natural log), and both its left and right branching entropies are at least
    ``min_entropy`` (freedom: the term combines with many different neighbours; a document edge counts as a
    new neighbour each time). ``score = log(count) * pmi * min(left_entropy, right_entropy)``.

    Parameters
    ----------
    tokens_or_corpus : Tokens, Corpus or list of str
        Texts are tokenized with ``segmenter`` (default ``Segmenter()``: domain dictionary and protected
        spans on, so only terms it still splits are found).
    segmenter : Segmenter, optional
    max_n : int
        Longest candidate, in tokens.
    min_count, min_pmi, min_entropy, min_chars : thresholds, see above.
    top : int, optional
        Keep only the best ``top`` rows.
    edge_words : list of str, optional
        Tokens that may not start or end a term, in addition to the "function" stopwords
        (default :data:`EDGE_WORDS`).

    Returns
    -------
    DataFrame
        term, parts (space-joined tokens), n_parts, n_chars, count, docfreq, pmi, left_entropy,
        right_entropy, score; sorted by score (then term), one row per term. Feed it back with
        ``Segmenter(user_dicts=[df["term"].tolist()])``.

    Examples
    --------
    >>> import policytext as pt
    >>> docs = [f"第{i}条，" + s for i in range(8) for s in ("推进营商环境优化提升。", "营商环境优化提升是关键。",
    ...         "抓好营商环境优化提升工作，", "各地营商环境优化提升，")]
    >>> pt.discover_terms(docs, min_count=5, min_entropy=0.5)["term"].iloc[0]
    '营商环境优化提升'
    """
    if isinstance(tokens_or_corpus, Tokens):
        toks = tokens_or_corpus
    else:
        toks = tokens(tokens_or_corpus, segmenter if segmenter is not None else Segmenter())
    if max_n < 2:
        raise ValueError(f"max_n must be at least 2, got {max_n}")
    vocab = toks.vocab
    V = len(vocab) + 1
    ids = toks.ids.astype(np.int64)
    n_tok = len(ids)
    if n_tok == 0:
        return pd.DataFrame(columns=_COLUMNS)
    lens = np.fromiter(map(len, vocab), dtype=np.int64, count=len(vocab))
    function = set(load_stopwords(["function"])) | set(EDGE_WORDS if edge_words is None else edge_words)
    wordlike = np.fromiter((bool(_WORDLIKE.fullmatch(w)) for w in vocab), dtype=bool, count=len(vocab))
    edge_ok = wordlike & ~np.fromiter((w in function for w in vocab), dtype=bool, count=len(vocab))
    doc = toks.doc_index()
    ends = toks.starts.astype(np.int64) + lens[ids]
    # link[i]: token i+1 directly follows token i in the same document
    link = np.zeros(n_tok, dtype=bool)
    link[:-1] = (doc[1:] == doc[:-1]) & (toks.starts[1:] == ends[:-1])
    valid = wordlike[ids]
    n_docs = len(toks)

    # counts of every n-gram order 1..max_n (for PMI of the splits)
    unigram = np.bincount(ids, minlength=len(vocab))
    tables: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    starts_by_n: dict[int, np.ndarray] = {}
    ok = valid.copy()
    for n in range(2, max_n + 1):
        # ok[i]: tokens i..i+n-1 all word-like and adjacent
        nxt = np.zeros(n_tok, dtype=bool)
        nxt[: n_tok - n + 1] = ok[: n_tok - n + 1] & link[: n_tok - n + 1].copy()
        if n > 2:
            nxt[: n_tok - n + 1] &= link[n - 2 : n_tok - 1]
        nxt[: n_tok - n + 1] &= valid[n - 1 :]
        ok = nxt
        pos = np.flatnonzero(ok)
        starts_by_n[n] = pos
        key = _keys([ids[pos + k] for k in range(n)], V)
        uk, cnt = np.unique(key, return_counts=True)
        tables[n] = (uk, cnt)

    def count_of(cols: list[np.ndarray]) -> np.ndarray:
        if len(cols) == 1:
            return unigram[cols[0]].astype(np.int64)
        uk, cnt = tables[len(cols)]
        key = _keys(cols, V)
        at = np.searchsorted(uk, key)
        return cnt[np.minimum(at, len(uk) - 1)]

    frames: list[pd.DataFrame] = []
    for n in range(2, max_n + 1):
        pos = starts_by_n[n]
        if len(pos) == 0:
            continue
        first = ids[pos]
        last = ids[pos + n - 1]
        pos = pos[edge_ok[first] & edge_ok[last]]
        if len(pos) == 0:
            continue
        cols = [ids[pos + k] for k in range(n)]
        key = _keys(cols, V)
        uk, inv, cnt = np.unique(key, return_inverse=True, return_counts=True)
        keep_c = cnt >= min_count
        if not keep_c.any():
            continue
        first_occ = np.zeros(len(uk), dtype=np.int64)
        first_occ[inv[::-1]] = np.arange(len(inv))[::-1]
        rep = pos[first_occ]  # one occurrence per candidate
        rep_cols = [ids[rep + k] for k in range(n)]
        n_chars = sum(lens[c] for c in rep_cols)
        total = float(n_tok)
        pmi = np.full(len(uk), np.inf)
        for k in range(1, n):
            left = count_of(rep_cols[:k]).astype(float)
            right = count_of(rep_cols[k:]).astype(float)
            pmi = np.minimum(pmi, np.log(cnt * total / (left * right)))
        cand = keep_c & (pmi >= min_pmi) & (n_chars >= min_chars)
        if not cand.any():
            continue
        cidx = np.cumsum(cand) - 1  # candidate index for each unique n-gram
        occ = cand[inv]
        g = cidx[inv[occ]]
        p = pos[occ]
        n_c = int(cand.sum())
        # left / right neighbours; a document edge or a gap is a new symbol each time
        lsym = np.where((p > 0) & link[np.maximum(p - 1, 0)], ids[np.maximum(p - 1, 0)], -1 - np.arange(len(p)))
        e = p + n - 1
        rsym = np.where(link[e], ids[np.minimum(e + 1, n_tok - 1)], -1 - np.arange(len(p)))
        h_left = _entropy(g, lsym, n_c)
        h_right = _entropy(g, rsym, n_c)
        dfreq = _docfreq(g, doc[p], n_c, n_docs)
        sel = np.flatnonzero(cand)
        parts = [[vocab[c] for c in row] for row in np.stack([c[sel] for c in rep_cols], axis=1).tolist()]
        frames.append(
            pd.DataFrame(
                {
                    "term": ["".join(x) for x in parts],
                    "parts": [" ".join(x) for x in parts],
                    "n_parts": n,
                    "n_chars": n_chars[sel],
                    "count": cnt[sel],
                    "docfreq": dfreq,
                    "pmi": pmi[sel],
                    "left_entropy": h_left,
                    "right_entropy": h_right,
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=_COLUMNS)
    df = pd.concat(frames, ignore_index=True)
    df = df[(df["left_entropy"] >= min_entropy) & (df["right_entropy"] >= min_entropy)]
    df["score"] = np.log(df["count"]) * df["pmi"] * np.minimum(df["left_entropy"], df["right_entropy"])
    # one row per surface (the same characters may be reached through different token splits)
    df = df.sort_values(["score", "term"], ascending=[False, True], kind="stable")
    df = df.drop_duplicates("term", keep="first")
    if top is not None:
        df = df.head(top)
    df = df.reset_index(drop=True)
    df["count"] = df["count"].astype(np.int64)
    df["n_chars"] = df["n_chars"].astype(np.int64)
    return df[_COLUMNS]


def _docfreq(g: np.ndarray, doc: np.ndarray, n_groups: int, n_docs: int) -> np.ndarray:
    """Number of distinct documents per group."""
    pair = np.unique(g.astype(np.int64) * (n_docs + 1) + doc, return_counts=False)
    return np.bincount(pair // (n_docs + 1), minlength=n_groups)
