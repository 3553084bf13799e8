"""Near-duplicate documents: wire copies (新华社…电 plus the same speech), re-posted reports, scraped twins.

Candidates come from MinHash LSH over character shingles (``datasketch``, a maintained implementation of
Broder's MinHash and of banded LSH, so that a corpus is not compared pair by pair); every candidate pair is then
measured exactly — Jaccard similarity of the shingle sets, containment of the shorter document in the longer one,
and the longest block of text the two share — so the reported numbers do not depend on the hashing.
"""

from __future__ import annotations

import difflib
from typing import Any

import pandas as pd

__all__ = ["NEAR_DUPLICATE_COLUMNS", "near_duplicates"]

NEAR_DUPLICATE_COLUMNS = ["doc_id", "duplicate_of", "similarity", "containment", "shared_chars", "start",
                          "end", "start_of", "end_of"]


def _shingles(text: str, k: int) -> set[str]:
    t = "".join(text.split())  # whitespace and layout do not make two copies different
    return {t[i:i + k] for i in range(max(1, len(t) - k + 1))}


def near_duplicates(corpus: Any, threshold: float = 0.8, shingle: int = 5, num_perm: int = 128,
                    seed: int = 1) -> pd.DataFrame:
    """Pairs of documents whose texts are near-duplicates (Jaccard similarity of character shingles ≥ threshold).

    Parameters
    ----------
    corpus : Corpus or iterable of (doc_id, text)
    threshold : float
        Minimum Jaccard similarity of the ``shingle``-character shingle sets (whitespace removed).
    shingle : int
        Shingle length in characters.
    num_perm, seed : int
        MinHash permutations and seed of the candidate search (results are exact for the pairs found; more
        permutations find borderline pairs more reliably).

    Returns
    -------
    pandas.DataFrame
        One row per pair, the later document first: ``doc_id``, ``duplicate_of`` (the earlier one, in corpus
        order), ``similarity`` (exact Jaccard), ``containment`` (share of the shorter document's shingles found in
        the longer), ``shared_chars`` and the span of the longest shared block in each text (``start``/``end`` in
        ``doc_id``, ``start_of``/``end_of`` in ``duplicate_of``). Sorted by ``duplicate_of``, ``doc_id``.

    Examples
    --------
    >>> import policytext as pt
    >>> speech = "同志们：今天我们召开会议，回顾过去一年的工作，分析当前形势，研究部署明年的改革发展稳定各项任务。"
    >>> c = pt.Corpus({"a": speech, "b": "新华社北京电 " + speech, "c": "各位代表：现在我代表国务院作报告。"})
    >>> near_duplicates(c)[["doc_id", "duplicate_of"]].values.tolist()
    [['b', 'a']]
    """
    from datasketch import MinHash, MinHashLSH

    docs = [(str(d), t) for d, t in corpus]
    order = {d: i for i, (d, _) in enumerate(docs)}
    shingles = [_shingles(t, shingle) for _, t in docs]
    lsh = MinHashLSH(threshold=threshold * 0.9, num_perm=num_perm)  # a margin: candidates are checked exactly
    candidates: set[tuple[int, int]] = set()
    for i, sh in enumerate(shingles):
        m = MinHash(num_perm=num_perm, seed=seed)
        m.update_batch([s.encode("utf-8") for s in sh])
        for j in lsh.query(m):
            candidates.add((int(j), i))
        lsh.insert(str(i), m)
    rows = []
    for i, j in sorted(candidates):
        a, b = shingles[i], shingles[j]
        inter = len(a & b)
        jac = inter / len(a | b)
        if jac < threshold:
            continue
        ta, tb = docs[i][1], docs[j][1]
        sm = difflib.SequenceMatcher(None, tb, ta, autojunk=False)
        blk = sm.find_longest_match(0, len(tb), 0, len(ta))
        rows.append({"doc_id": docs[j][0], "duplicate_of": docs[i][0], "similarity": round(jac, 4),
                     "containment": round(inter / min(len(a), len(b)), 4), "shared_chars": blk.size,
                     "start": blk.a, "end": blk.a + blk.size, "start_of": blk.b, "end_of": blk.b + blk.size})
    out = pd.DataFrame(rows, columns=NEAR_DUPLICATE_COLUMNS)
    if len(out):
        out = out.sort_values(["duplicate_of", "doc_id"], key=lambda s: s.map(order), kind="stable")
    return out.reset_index(drop=True)
