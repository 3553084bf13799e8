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


_DIGITS_DA = re.compile(r"[1-9]\d?(?=大)")


def numeral_run(text: str, p: int) -> tuple[str, int]:
    """The numeral starting at ``p``: 双, a run of Chinese numerals, or one or two digits before 大 (5大支柱产业)."""
    if text[p] == "双":
        return "双", p + 1
    if "0" <= text[p] <= "9":
        d = _DIGITS_DA.match(text, p)
        return ("", p) if d is None else (d.group(0), d.end())
    m = RUN_RX.match(text, p)
    if m is None:
        return "", p
    return m.group(0), m.end()


_HAN_RUN = re.compile(f"[{HAN}]+")
LONG_HEAD = 11  # the longest measured head: 四大千万千瓦级清洁能源基地 (head 11 characters)



def cut_head(text: str, q: int, max_len: int = 4, measured: bool = False) -> int:
    """End of an unquoted head starting at q: whole words (jieba dictionary) of at most ``max_len`` characters.

    The head stops before a one-character function word (的, 和, 是, 要 …), a numeral or a non-Chinese
    character, and never ends inside a word: 两个重要环节 -> 重要环节, 两大奇迹新篇章 -> 奇迹, 三大污染源治理 ->
    污染源, 八大流域横向 -> 流域, 三大要素 -> 要素 (要 is a function character only as a word of its own).
    Without a dictionary split inside the limit the character rule alone decides.
    """
    n = len(text)
    m = _HAN_RUN.match(text, q, q + (LONG_HEAD if measured else max_len) + 4)  # the run of Chinese characters
    if m is None:
        return q
    k = m.end()
    e = 0
    words = dict_words(text[q:k])
    for i, w in enumerate(words):
        if (len(w) == 1 and w in HEAD_STOP) or w in HEAD_END_WORDS:
            break
        if e and w[0] in RUNC and w[0] != "一":
            break
        if e + len(w) > max_len:
            if measured and e:
                e = _long_head(words, i, e, max_len)
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



def _long_head(words: tuple[str, ...], i: int, e: int, max_len: int) -> int:
    """Where a measured head longer than ``max_len`` ends: at the first head noun (基地, 集群, 服务业 …) within
    ``LONG_HEAD`` characters, reached through whole words with no function word — 五大现代服务业(产业集群),
    十大标志性改革任务, 十大专精特新外贸优品集群, 四大千万千瓦级清洁能源基地; else at ``e`` (三大污染源治理 -> 污染源)."""
    start = e
    rest = words[i:]
    for k, w in enumerate(rest):
        if (len(w) == 1 and w in HEAD_STOP) or w in HEAD_END_WORDS or e + len(w) > LONG_HEAD:
            break
        noun = next((h for h in HEAD_NOUNS if w.startswith(h)), None)
        closes = any(w.endswith(h) for h in HEAD_NOUNS)
        if noun is not None and not closes and e + len(noun) <= max_len + 2:
            return e + len(noun)  # 十大重点节能工程建设: a word that starts with a head noun
        e += len(w)
        if closes:  # the first head noun closes the head (五大现代服务业产业集群)
            nxt = rest[k + 1] if k + 1 < len(rest) else ""
            if len(nxt) == 1 and w[-2:] + nxt in HEAD_NOUNS and e + 1 <= LONG_HEAD:
                e += 1  # 产业 + 链
            return e
    return start


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
