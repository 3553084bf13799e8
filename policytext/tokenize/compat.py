"""Make jieba-rs (rjieba) output equal to jieba 0.42.1's, token for token, with HMM on.

Two known differences are repaired after the fast backend has cut a text:

1. ASCII runs joined by ``.``, ``-`` or ``_`` (jieba: ``E/-/mail``; jieba-rs: ``E-mail``):
   :func:`policytext.tokenize.backends.ascii_recut_fixes`.
2. Exact probability ties in the HMM (Viterbi) step. jieba breaks a tie between two state paths by the larger
   state letter, jieba-rs otherwise; the same happens in the dictionary route with HMM off). Exact ties need
   the same words in another order, hence a unit repeated three times or more (``振振振``: 振/振振 or
   振振/振; ``发发发发个``: jieba ``发发发/发个``, jieba-rs ``发发/发发个``). Around every such repeat that is
   not inside one dictionary word, the whole block (jieba's ``re_han`` run, bounded by protected spans) is
   cut again by :class:`JiebaReplica`, jieba's own algorithm in Python on the same dictionary. The shared
   corpus has few such repeats and no block differs there; on random text rich in repeats the repair makes
   both backends agree (tests/test_segmenter.py).

Examples
--------
>>> import policytext as pt
>>> pt.Segmenter(domain_dict=False, protect=()).cut("发发发发个")  # as jieba.lcut
['发发发', '发个']
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Sequence
from typing import Any

import numpy as np

from .backends import ascii_recut_fixes

__all__ = ["JiebaReplica", "rjieba_fixes", "splice"]

#: one replacement: tokens ``words[i:j]`` become ``pieces``
Fix = tuple[int, int, list[str]]

# jieba 0.42.1 re_han_default: the characters of a block that jieba segments with the dictionary and HMM
_BLOCK_TOKEN = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")
_HAN_LO, _HAN_HI = 0x4E00, 0x9FD5


class JiebaReplica:
    """jieba 0.42.1's segmentation of one block, in Python, from the same dictionary as a Segmenter.

    Word frequencies are jieba's default ``dict.txt`` plus the words the Segmenter added (``added``, in order,
    as ``(word, freq)``), with jieba's total; the route and the HMM are jieba's own algorithm (``calc`` with
    ties to the longer word, ``finalseg`` for runs of single characters). Only used on the few blocks where
    jieba-rs may break a tie differently, so its speed does not matter.

    Examples
    --------
    >>> from policytext.tokenize.compat import JiebaReplica
    >>> JiebaReplica([]).cut_block("发发发发个")
    ['发发发', '发个']
    """

    def __init__(self, added: Sequence[tuple[str, int]]) -> None:
        from .backends import default_frequencies

        base, total = default_frequencies()
        overlay: dict[str, int] = {}
        for word, freq in added:
            old = overlay.get(word, base.get(word, 0))
            overlay[word] = freq
            total += freq - old  # jieba adds the new frequency; the Segmenter removes the old one
        self._base = base
        self._overlay = overlay
        self._logtotal = math.log(total)
        self._maxlen = max([16, *map(len, overlay)])

    def freq(self, word: str) -> int:
        """jieba's ``FREQ.get(word, 0)``."""
        f = self._overlay.get(word)
        return f if f is not None else self._base.get(word, 0)

    def _route(self, block: str) -> list[str]:
        """jieba's ``get_DAG`` + ``calc``: the maximum-probability route (ties: the larger end index)."""
        n = len(block)
        freq = self.freq
        logtotal = self._logtotal
        best: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        for i in range(n - 1, -1, -1):
            ends = [j for j in range(i + 1, min(n, i + self._maxlen) + 1) if freq(block[i:j]) > 0] or [i + 1]
            best[i] = max((math.log(freq(block[i:j]) or 1) - logtotal + best[j][0], j - 1) for j in ends)
        route: list[str] = []
        i = 0
        while i < n:
            j = best[i][1] + 1
            route.append(block[i:j])
            i = j
        return route

    def cut_block(self, block: str, hmm: bool = True) -> list[str]:
        """jieba's ``__cut_DAG`` (HMM on) or ``__cut_DAG_NO_HMM`` on one ``re_han`` block."""
        from jieba import finalseg

        out: list[str] = []
        buf = ""
        if not hmm:  # single ASCII letters and digits of the route are joined
            for w in [*self._route(block), ""]:
                if len(w) == 1 and w.isascii() and w.isalnum():
                    buf += w
                    continue
                out += [buf, w] if buf else [w]
                buf = ""
            return [w for w in out if w]
        for w in [*self._route(block), ""]:  # "" flushes the last run
            if len(w) == 1:
                buf += w
                continue
            if len(buf) == 1:
                out.append(buf)
            elif buf:
                out.extend(finalseg.cut(buf) if not self.freq(buf) else buf)
            buf = ""
            if w:
                out.append(w)
        return out


def _repeats(cp: np.ndarray, hmm: bool = False) -> np.ndarray:
    """Positions inside a Han unit repeated three times or more, with a unit of one character (``振振振``) or two
    (``哈哈哈哈哈哈`` as 哈哈 x 3): two routes can have exactly equal probability only when they hold the same
    words in another order, and two words that commute are powers of one unit (u·u² = u²·u), so ties need
    at least three repeats. With ``hmm``, also a two-character unit repeated twice: the HMM can cut ``发革五革五展``
    as 发革五革/五展 (B M M E B E) or 发革/五革五展 (B E B M M E), the same emissions and transitions in
    another order (found by hypothesis)."""
    han = (cp >= _HAN_LO) & (cp <= _HAN_HI)
    n = len(cp)
    one = np.flatnonzero(han[: n - 2] & (cp[: n - 2] == cp[1 : n - 1]) & (cp[1 : n - 1] == cp[2:]))
    out = [one, one + 1]
    if n >= 6:
        m = n - 5
        two = np.flatnonzero(han[:m] & han[1 : m + 1] & (cp[:m] == cp[2 : m + 2]) & (cp[2 : m + 2] == cp[4 : m + 4])
                             & (cp[1 : m + 1] == cp[3 : m + 3]) & (cp[3 : m + 3] == cp[5 : m + 5]))
        out += [two + k for k in range(5)]
    if hmm and n >= 4:
        m = n - 3
        twice = np.flatnonzero(han[:m] & han[1 : m + 1] & (cp[:m] != cp[1 : m + 1]) & (cp[:m] == cp[2 : m + 2])
                               & (cp[1 : m + 1] == cp[3 : m + 3]))
        out += [twice + k for k in range(3)]
    return np.unique(np.concatenate(out))


def tie_fixes(jb: Any, replica: Callable[[], JiebaReplica], words: list[str], cp: np.ndarray,
              ends: np.ndarray, skip: Collection[int], hmm: bool = True) -> list[Fix]:
    """Blocks around repeated Han characters re-cut by jieba's own algorithm, where they differ."""
    pos = _repeats(cp, hmm)
    if not len(pos):
        return []
    first = np.searchsorted(ends, pos, side="right").tolist()
    second = np.searchsorted(ends, pos + 1, side="right").tolist()
    fixes: list[Fix] = []
    done = -1
    n = len(words)
    for a, b in zip(first, second, strict=True):
        if a <= done or a in skip or b in skip:
            continue
        w = words[a]
        if a == b and len(w) > 1 and jb.has_word(w):
            continue  # inside one dictionary word (人人, 扎扎实实)
        lo, hi = a, b + 1
        while lo > 0 and lo - 1 not in skip and _BLOCK_TOKEN.fullmatch(words[lo - 1]):
            lo -= 1
        while hi < n and hi not in skip and _BLOCK_TOKEN.fullmatch(words[hi]):
            hi += 1
        done = hi - 1
        old = words[lo:hi]
        new = replica().cut_block("".join(old), hmm)
        if new != old:
            fixes.append((lo, hi, new))
    return fixes


def rjieba_fixes(jb: Any, replica: Callable[[], JiebaReplica], words: list[str], text: str, skip: Collection[int],
                 ends: np.ndarray, cp: np.ndarray, hmm: bool = True) -> list[Fix]:
    """All replacements that turn jieba-rs tokens into jieba's (``hmm``: as cut), sorted and non-overlapping.

    ``jb``: the ``rjieba.Jieba`` that cut ``text``; ``replica``: returns the :class:`JiebaReplica` of the same
    dictionary (built on first use); ``skip``: indices of protected tokens; ``ends``: cumulative token lengths;
    ``cp``: the text's code points.

    Examples
    --------
    >>> import numpy as np, rjieba
    >>> from policytext.tokenize.compat import JiebaReplica, rjieba_fixes, splice
    >>> jb = rjieba.Jieba()
    >>> text = "发发发发个E-mail"
    >>> words = jb.cut(text, True)
    >>> words
    ['发发', '发发个', 'E-mail']
    >>> ends = np.cumsum([len(w) for w in words])
    >>> cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    >>> splice(words, rjieba_fixes(jb, lambda: JiebaReplica([]), words, text, (), ends, cp))
    ['发发发', '发个', 'E', '-', 'mail']
    """
    ties = tie_fixes(jb, replica, words, cp, ends, skip, hmm)
    if not hmm:
        return ties
    ascii_fixes = [(i, i + 1, p) for i, p in ascii_recut_fixes(words, text, skip, ends)]
    if not ties:
        return ascii_fixes
    # a re-cut block is already jieba's: drop the ASCII fixes inside it
    covered = np.zeros(len(words), dtype=bool)
    for lo, hi, _ in ties:
        covered[lo:hi] = True
    return sorted(ties + [f for f in ascii_fixes if not covered[f[0]]])


def splice(words: list[str], fixes: list[Fix]) -> list[str]:
    """Apply sorted, non-overlapping fixes (the list itself is returned when there are none).

    Examples
    --------
    >>> from policytext.tokenize.compat import splice
    >>> splice(["发发", "发发个"], [(0, 2, ["发发发", "发个"])])
    ['发发发', '发个']
    """
    if not fixes:
        return words
    out: list[str] = []
    prev = 0
    for i, j, pieces in fixes:
        out.extend(words[prev:i])
        out.extend(pieces)
        prev = j
    out.extend(words[prev:])
    return out
