"""Numerals and heads: parsing a numeral run, cutting the head after numeral + measure on dictionary words.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..numerals import parse_numeral as _parse_numeral
from .charsets import HAN, HEAD_END_WORDS, HEAD_NOUNS, HEAD_STOP, MEASURE_RX, RUN_RX, RUNC, is_han


@functools.lru_cache(maxsize=8192)
def parse_numeral(s: str) -> int | None:
    """Cached :func:`policytext.slogans.numerals.parse_numeral` (the scanner parses the same few runs)."""
    return _parse_numeral(s)


def numeral_run(text: str, p: int) -> tuple[str, int]:
    if text[p] == "双":
        return "双", p + 1
    m = RUN_RX.match(text, p)
    if m is None:
        return "", p
    return m.group(0), m.end()


_HAN_RUN = re.compile(f"[{HAN}]+")



def cut_head(text: str, q: int, max_len: int = 4, measured: bool = False) -> int:
    """End of an unquoted head starting at q: whole words (jieba dictionary) of at most ``max_len`` characters.

    The head stops before a one-character function word (的, 和, 是, 要 …), a numeral or a non-Chinese
    character, and never ends inside a word: 两个重要环节 -> 重要环节, 两大奇迹新篇章 -> 奇迹, 三大污染源治理 ->
    污染源, 八大流域横向 -> 流域, 三大要素 -> 要素 (要 is a function character only as a word of its own).
    Without a dictionary split inside the limit the character rule alone decides.
    """
    n = len(text)
    m = _HAN_RUN.match(text, q, q + max_len + 4)  # the run of Chinese characters, at most max_len + 4
    if m is None:
        return q
    k = m.end()
    e = 0
    for w in dict_words(text[q:k]):
        if (len(w) == 1 and w in HEAD_STOP) or w in HEAD_END_WORDS:
            break
        if e and w[0] in RUNC and w[0] != "一":
            break
        if e + len(w) > max_len:
            if measured and e and e + 2 <= max_len + 2:
                noun = next((h for h in HEAD_NOUNS if w.startswith(h) and e + len(h) <= max_len + 2), None)
                if noun is not None:  # 十大重点节能工程(建设): a head noun, or a word that starts with one
                    e += len(noun)
            break
        e += len(w)
    if e:
        return q + e
    # no whole word fits (a long first word): the character rule
    e = q
    if measured and e + 1 < n and text[e] in HEAD_STOP and is_han(text[e + 1]) and text[e + 1] not in HEAD_STOP:
        e += 1
    while e < n and e - q < max_len and is_han(text[e]) and text[e] not in HEAD_STOP:
        if e > q and text[e] in RUNC and text[e] != "一":
            break
        e += 1
    return e



@functools.lru_cache(maxsize=65536)
def dict_words(s: str) -> tuple[str, ...]:
    """jieba words of ``s`` (dictionary only, no HMM), cached: heads are short and repeat."""
    return tuple(rjieba_instance().cut(s, hmm=False))


@functools.lru_cache(maxsize=1)
def rjieba_instance() -> Any:
    """A private jieba-rs instance with the default dictionary (words added elsewhere never reach it)."""
    import rjieba  # a dependency of the package; imported on first use

    return rjieba.Jieba()



def word_bounds(s: str) -> set[int]:
    """Offsets in ``s`` where a jieba word starts or ends."""
    out = {0}
    k = 0
    for w in dict_words(s):
        k += len(w)
        out.add(k)
    return out
# 和/与/及 end the text before the first item only in the two-item form (A和B两…); inside a 、-list the first

def strip_measure(rest: str) -> str:
    m = MEASURE_RX.match(rest)
    if m is not None and len(rest) > m.end():
        return rest[m.end():]
    return rest
