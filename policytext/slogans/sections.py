"""Heading structure of a document: 第一个问题, 第X部分, 一、, （一）, 1., （1）.

The finders in this module (and the other slogan-pattern modules) accept a ``str`` (doc_id ``text1``) or any
object iterable as ``(doc_id, text)`` pairs, such as a :class:`policytext.Corpus`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd
import yaml

__all__ = ["find_sections"]

SECTION_COLUMNS = ["doc_id", "start", "end", "level", "marker", "title", "text"]

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
CN_NUM = "一二三四五六七八九十"
_WS = "[ \t\u3000\u00a0]*"


@lru_cache(maxsize=1)
def slogan_patterns() -> dict[str, list[str]]:
    """Word lists of ``policytext/data/slogan_patterns.yaml`` (speech verbs, count classifiers)."""
    path = resources.files("policytext") / "data" / "slogan_patterns.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {k: [str(x) for x in v] for k, v in data.items()}


def _docs(text_or_corpus: Any) -> list[tuple[str, str]]:
    """Normalise the input of every finder to a list of ``(doc_id, text)`` pairs."""
    if isinstance(text_or_corpus, str):
        return [("text1", text_or_corpus)]
    if isinstance(text_or_corpus, dict):
        return [(str(k), str(v)) for k, v in text_or_corpus.items()]
    if isinstance(text_or_corpus, Iterable):
        out: list[tuple[str, str]] = []
        for item in text_or_corpus:
            if isinstance(item, str):
                out.append((f"text{len(out) + 1}", item))
            else:
                doc_id, text = item
                out.append((str(doc_id), str(text)))
        return out
    raise TypeError(f"expected a str or a Corpus, got {type(text_or_corpus).__name__}")


def cn_int(s: str) -> int | None:
    """Parse a small Chinese (一…九十九, 两) or Arabic/full-width numeral; ``None`` if it is not one.

    Examples
    --------
    >>> cn_int("十五"), cn_int("二十一"), cn_int("两"), cn_int("１２")
    (15, 21, 2, 12)
    """
    s = s.translate(_FULLWIDTH)
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    if any(ch not in _CN_DIGITS and ch != "十" for ch in s):
        return None
    if "十" not in s:
        return _CN_DIGITS[s] if len(s) == 1 else None
    if s.count("十") > 1:
        return None
    tens, _, units = s.partition("十")
    if len(tens) > 1 or len(units) > 1:
        return None
    t = _CN_DIGITS[tens] if tens else 1
    u = _CN_DIGITS[units] if units else 0
    if tens and t < 2 or units and u == 0:
        return None
    return t * 10 + u


# Heading styles, from the highest rank to the lowest; the level of a heading is the rank of its style
# among the styles present in the document (so the top style present gets level 1).
_STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"(?m)^{_WS}(第([{CN_NUM}]+)(?:部分|篇))[：:、，,. \t\u3000]?")),
    ("question", re.compile(rf"(?m)^{_WS}(第([{CN_NUM}]+)个?(?:问题|方面))[：:、，,. \t\u3000]?")),
    ("cn_dun", re.compile(rf"(?m)^{_WS}(([{CN_NUM}]+)、)")),
    ("cn_paren", re.compile(rf"(?m)^{_WS}([（(]([{CN_NUM}]+)[）)])")),
    ("digit_dot", re.compile(r"(?m)^[ \t\u3000\u00a0]*(([0-9０-９]{1,2})[.．、](?![0-9０-９]))")),
    ("digit_paren", re.compile(r"(?m)^[ \t\u3000\u00a0]*([（(]([0-9０-９]{1,2})[）)])")),
]
_RANK = {name: i for i, (name, _) in enumerate(_STYLES)}
# a paragraph-opening heading that is a full sentence is cut at the first sentence end
_TITLE_END = re.compile(r"[。！？!?；;]|\n|\r")
_LINE_TITLE_MAX = 60


def _title(text: str, pos: int, style: str) -> str:
    """Heading title starting at ``pos``: the rest of a short line, else the first sentence."""
    line_end = text.find("\n", pos)
    if line_end < 0:
        line_end = len(text)
    line = text[pos:line_end].rstrip("\r")
    if style in ("part", "question", "cn_dun") and len(line) <= _LINE_TITLE_MAX and "。" not in line[:-1]:
        title = line
    else:
        m = _TITLE_END.search(line)
        title = line[: m.start()] if m else line
    return title.strip(" \t\u3000\u00a0：:").rstrip("。")


def _headings(text: str) -> list[dict[str, Any]]:
    """All plausible headings, sequence-checked per style (1, 2, 3, ... with restarts at 1)."""
    cands: list[tuple[int, str, int, str, int]] = []  # start, style, number, marker, title_pos
    for style, rx in _STYLES:
        for m in rx.finditer(text):
            n = cn_int(m.group(2))
            if n is None or n == 0:
                continue
            cands.append((m.start(1), style, n, m.group(1), m.end()))
    cands.sort()
    present = sorted({c[1] for c in cands}, key=_RANK.__getitem__)
    # keep a heading only if it continues its style's numbering (n == last + 1) or restarts it (n == 1);
    # a heading of a higher style resets the numbering of all lower styles
    last: dict[str, int] = {}
    kept: list[dict[str, Any]] = []
    for i, (start, style, n, marker, tpos) in enumerate(cands):
        if n != 1 and last.get(style) != n - 1:
            # a truncated text may start its numbering late: accept n if the next heading of this
            # style is n + 1
            nxt = next((c for c in cands[i + 1:] if c[1] == style), None)
            if style in last or nxt is None or nxt[2] != n + 1:
                continue
        last[style] = n
        for other in present:
            if _RANK[other] > _RANK[style]:
                last.pop(other, None)
        kept.append({"start": start, "style": style, "number": n, "marker": marker,
                     "title": _title(text, tpos, style)})
    # drop styles that never get past item 1 (a lone "一、" is not a heading structure)
    counts: dict[str, int] = {}
    for h in kept:
        counts[h["style"]] = max(counts.get(h["style"], 0), h["number"])
    kept = [h for h in kept if counts[h["style"]] >= 2]
    styles = sorted({h["style"] for h in kept}, key=_RANK.__getitem__)
    level = {s: i + 1 for i, s in enumerate(styles)}
    for h in kept:
        h["level"] = level[h["style"]]
    return kept


def find_sections(text_or_corpus: Any) -> pd.DataFrame:
    """Find the heading structure of each document.

    Recognised heading styles, in rank order: ``第一部分``/``第一篇``, ``第一个问题``/``第一方面``, ``一、``,
    ``（一）``, ``1.``, ``（1）`` -- each at the start of a line. Headings must number consecutively within
    their parent (restarting at 1 under a new parent); styles that never reach item 2 are ignored.
    ``level`` is the rank of the style among the styles present in the document, 1 = top.

    Parameters
    ----------
    text_or_corpus : str or Corpus
        A cleaned text (doc_id ``text1``) or an iterable of ``(doc_id, text)`` pairs.

    Returns
    -------
    pandas.DataFrame
        One row per heading: ``doc_id, start, end, level, marker, title, text, style, number``. ``start`` is
        the offset of the marker, ``end`` the start of the next heading of the same or a higher level (or the
        end of the text), and ``text == doc_text[start:end]``.

    Examples
    --------
    >>> from policytext.slogans import find_sections
    >>> s = find_sections("同志们：\\n第一个问题：信心要坚定\\n……\\n第二个问题：思路要清晰\\n……")
    >>> s[["level", "marker", "title"]].values.tolist()
    [[1, '第一个问题', '信心要坚定'], [1, '第二个问题', '思路要清晰']]
    """
    rows: list[dict[str, Any]] = []
    for doc_id, text in _docs(text_or_corpus):
        heads = _headings(text)
        for i, h in enumerate(heads):
            end = len(text)
            for nxt in heads[i + 1:]:
                if nxt["level"] <= h["level"]:
                    end = nxt["start"]
                    break
            rows.append({"doc_id": doc_id, "start": h["start"], "end": end, "level": h["level"],
                         "marker": h["marker"], "title": h["title"], "text": text[h["start"]:end],
                         "style": h["style"], "number": h["number"]})
    cols = SECTION_COLUMNS + ["style", "number"]
    df = pd.DataFrame(rows, columns=cols)
    return df.astype({"start": "int64", "end": "int64", "level": "int64", "number": "int64"})
