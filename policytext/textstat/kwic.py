"""Keywords in context (KWIC) for words, multiword patterns, whole formulations and regular expressions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..dfm import _as_arrays
from .frequency import _texts_of

__all__ = ["kwic"]

COLUMNS = ["doc_id", "from", "to", "start", "end", "pre", "keyword", "post", "pattern"]


def _compile(patterns: Sequence[str], regex: bool) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for p in patterns:
        if not p or not p.strip():
            raise ValueError("kwic: empty pattern")
        if regex:
            out.append((p, re.compile(p)))
        else:
            # a multiword pattern "全面 深化 改革" is the text 全面深化改革 (Chinese has no spaces)
            out.append((p, re.compile(re.escape(re.sub(r"\s+", "", p)))))
    return out


def _is_tokens(x: Any) -> bool:
    return hasattr(x, "ids") and hasattr(x, "indptr") and hasattr(x, "vocab")


def kwic(
    x: Any,
    pattern: str | Sequence[str],
    window: int = 5,
    unit: str = "token",
    regex: bool = False,
    partial: bool = False,
) -> pd.DataFrame:
    """Find a pattern and show its context.

    Matching is done on the text, not on token types, so a whole formulation is found even when the segmenter
    splits it (``四个全面`` -> ``四个`` + ``全面``) or when only some of its parts are tokens. With
    ``unit="token"`` a match must start at a token start and end at a token end (``全面`` is not found inside
    the token ``全面深化``) unless ``partial=True``, which widens it to the tokens it touches.

    Parameters
    ----------
    x : Tokens, Corpus, mapping doc_id -> text or sequence of str
        ``unit="token"`` needs Tokens; ``unit="char"`` works on anything with texts.
    pattern : str or list of str
        Literal text; whitespace inside a pattern is ignored (``"全面 深化 改革"`` = ``全面深化改革``).
    window : int
        Tokens (or characters) of context on each side.
    unit : {"token", "char"}
    regex : bool
        Treat patterns as Python regular expressions.
    partial : bool
        Token unit only: accept matches that do not align with token boundaries.

    Returns
    -------
    DataFrame
        ``doc_id, from, to, start, end, pre, keyword, post, pattern``. ``from``/``to`` are 0-based token
        positions (``to`` exclusive) for the token unit and equal ``start``/``end`` for the char unit;
        ``start``/``end`` are character offsets in the text. Sorted by document order, then ``start``.
        Overlapping matches of one pattern are not reported (leftmost, non-overlapping).

    Examples
    --------
    >>> import policytext as pt
    >>> k = pt.kwic({"a": "坚持“四个全面”战略布局。"}, "四个全面", window=2, unit="char")
    >>> k[["pre", "keyword", "post"]].values.tolist()
    [['持“', '四个全面', '”战']]
    """
    if unit not in ("token", "char"):
        raise ValueError(f"unit must be 'token' or 'char', got {unit!r}")
    if window < 0:
        raise ValueError("window must be >= 0")
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    compiled = _compile(patterns, regex)
    rows: list[tuple[Any, ...]] = []
    if unit == "char":
        doc_ids, texts = _texts_of(x)
        for doc_id, text in zip(doc_ids, texts, strict=True):
            for label, rx in compiled:
                for m in rx.finditer(text):
                    s, e = m.start(), m.end()
                    if s == e:
                        continue
                    rows.append(
                        (doc_id, s, e, s, e, text[max(0, s - window) : s], text[s:e], text[e : e + window], label)
                    )
        return _frame(rows)
    if not _is_tokens(x):
        raise TypeError("kwic(unit='token') needs Tokens (policytext.tokens(corpus)); use unit='char' for texts")
    ta = _as_arrays(x)
    vocab = np.asarray(ta.vocab, dtype=object)
    for i, doc_id in enumerate(ta.doc_ids):
        lo, hi = int(ta.indptr[i]), int(ta.indptr[i + 1])
        words = [str(w) for w in vocab[ta.ids[lo:hi]]]
        lens = np.fromiter((len(w) for w in words), dtype=np.int64, count=len(words))
        if ta.texts is not None and ta.starts is not None:
            text = ta.texts[i]
            starts = ta.starts[lo:hi]
        else:  # no text: match on the concatenated tokens
            text = "".join(words)
            starts = np.concatenate([[0], np.cumsum(lens)[:-1]]) if len(words) else np.zeros(0, np.int64)
        ends = starts + lens
        if len(words) == 0:
            continue
        for label, rx in compiled:
            for m in rx.finditer(text):
                s, e = m.start(), m.end()
                if s == e:
                    continue
                # first token ending after s, last token starting before e
                t0 = int(np.searchsorted(ends, s, side="right"))
                t1 = int(np.searchsorted(starts, e, side="left"))  # exclusive
                if t0 >= t1:
                    continue
                if not partial and (starts[t0] != s or ends[t1 - 1] != e):
                    continue
                ks, ke = int(starts[t0]), int(ends[t1 - 1])
                p0 = max(0, t0 - window)
                p1 = min(len(words), t1 + window)
                if ta.texts is not None and ta.starts is not None:
                    pre = text[int(starts[p0]) : ks] if t0 > 0 else ""
                    post = text[ke : int(ends[p1 - 1])] if p1 > t1 else ""
                else:
                    pre = "".join(words[p0:t0])
                    post = "".join(words[t1:p1])
                rows.append((doc_id, t0, t1, ks, ke, pre, text[ks:ke], post, label))
    return _frame(rows)


def _frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("from", "to", "start", "end"):
        out[c] = out[c].astype(np.int64)
    if len(out):
        order = {d: i for i, d in enumerate(dict.fromkeys(out["doc_id"]))}
        out["_o"] = out["doc_id"].map(order)
        out = out.sort_values(["_o", "start", "end", "pattern"], kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)
