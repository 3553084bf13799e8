"""Enumerations: 一是…二是…, 一要…二要…, 第一，…第二，, （一）（二）, (1)(2), nested, with the announced count.

Also unmarked paragraph lists announced by a count (``要做到四个“必须”。`` followed by four paragraphs that share
an opening or the announced key word).
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .sections import CN_NUM, _docs, _headings, cn_int, slogan_patterns

__all__ = ["find_enumerations"]

ENUM_COLUMNS = ["doc_id", "start", "end", "enum_id", "level", "style", "index", "marker", "heading",
                "announced", "announced_matches", "n_items", "parent_enum", "parent_index", "announced_text",
                "section_marker", "section_title", "surface"]

# characters after which a marker such as 一是 may start (so 统一是 / 唯一要 / 世界第二， are not markers)
_B = r"(?:(?<=^)|(?<=[\s，。；：、！？!?;:,“”\"（）()【】《》—…]))"
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("shi", re.compile(rf"(?m){_B}([{CN_NUM}]{{1,2}})是")),
    ("yao", re.compile(rf"(?m){_B}([{CN_NUM}]{{1,2}})要")),
    ("di", re.compile(rf"(?m){_B}第([{CN_NUM}]{{1,2}})(?=[，,、：:])")),
    ("paren", re.compile(rf"[（(]([{CN_NUM}]{{1,2}})[）)]")),
    ("paren_digit", re.compile(r"[（(]([0-9０-９]{1,2})[）)]")),
]
# a count announced before a list: 两个方面, 这三点, 四个“必须”, 四条新路, 以下三点
_ANNOUNCE = re.compile(
    r"(?<!第)([两二三四五六七八九十]{1,2})("
    + "|".join(map(re.escape, sorted(slogan_patterns()["count_classifiers"], key=len, reverse=True)))
    + r")(“[^”\n]{1,12}”|[\u4e00-\u9fff]{0,6})"
)
_SENT_END = "。！？!?\n"
_HEAD_END = re.compile(r"[。！？!?；;\n\r]")
# heading styles that close every open list (paren headings are list items themselves)
_RESET_STYLES = {"part", "question", "cn_dun", "digit_dot"}


@dataclass
class _List:
    style: str
    line_level: bool
    items: list[tuple[int, str, int]] = field(default_factory=list)  # (start, marker, number)
    parent: tuple[int, int] | None = None  # (list number, item index 0-based)
    para_end: int = 0
    ends: list[int] = field(default_factory=list)


_ANNOUNCE_WINDOW = 400


def _line_end(text: str, pos: int) -> int:
    e = text.find("\n", pos)
    e = len(text) if e < 0 else e
    while e > pos and text[e - 1] in "\r \t\u3000":
        e -= 1
    return e


def _at_line_start(text: str, pos: int) -> bool:
    k = pos  # back over spaces only (an rfind to the line start is quadratic on one long line of markers)
    while k > 0 and text[k - 1] in " \t\u3000\u00a0\r":
        k -= 1
    return k == 0 or text[k - 1] == "\n"


def _announced(text: str, pos: int) -> tuple[int | None, str | None, str]:
    """Count announced in the sentence just before ``pos``: (number, matched text, key word)."""
    k = pos
    while k > 0 and text[k - 1] in " \t\u3000\r\n":
        k -= 1
    if k == 0:
        return None, None, ""
    lo = max(0, k - _ANNOUNCE_WINDOW)  # the count closes the sentence: its last few hundred characters suffice
    start = max(max(text.rfind(c, lo, k - 1) for c in _SENT_END) + 1, lo)
    window = text[start:k]
    best = None
    for m in _ANNOUNCE.finditer(window):
        # the count must close the sentence: 两个方面。 / 以下三点： / 四个“必须”。
        tail = window[m.end():].strip(" \t\u3000\r\n。：:，,；;！!？?”")
        if (cn_int(m.group(1)) or 0) >= 2 and len(tail) <= 2:
            best = m
    if best is None:
        return None, None, ""
    return cn_int(best.group(1)), best.group(0), best.group(3).strip("“”")


def _heading(text: str, pos: int, end: int) -> str:
    seg = text[pos:end]
    m = _HEAD_END.search(seg)
    return (seg[: m.start()] if m else seg).strip(" \t\u3000，,、：:")


def _marker_lists(text: str, resets: list[int]) -> list[_List]:
    events: list[tuple[int, int, str, int, str]] = []  # pos, kind(0 reset, 1 marker), style, n, marker
    for r in resets:
        events.append((r, 0, "", 0, ""))
    for style, rx in _MARKERS:
        for m in rx.finditer(text):
            n = cn_int(m.group(1))
            if n:
                events.append((m.start(), 1, style, n, m.group(0)))
    events.sort()
    lists: list[_List] = []
    stack: list[int] = []
    for pos, kind, style, n, marker in events:
        if kind == 0:
            stack.clear()
            continue
        # close inline lists whose paragraph has ended
        for depth, li in enumerate(stack):
            if not lists[li].line_level and lists[li].para_end < pos:
                del stack[depth:]
                break
        at_start = _at_line_start(text, pos)
        if n == 1:
            for depth, li in enumerate(stack):
                if lists[li].style == style and lists[li].line_level == at_start:
                    del stack[depth:]
                    break
            parent = (stack[-1], len(lists[stack[-1]].items) - 1) if stack else None
            lists.append(_List(style, at_start, [(pos, marker, n)], parent, _line_end(text, pos)))
            stack.append(len(lists) - 1)
            continue
        for depth in range(len(stack) - 1, -1, -1):
            cand = lists[stack[depth]]
            if cand.style == style and cand.items[-1][2] == n - 1 and (at_start or not cand.line_level):
                del stack[depth + 1:]
                cand.items.append((pos, marker, n))
                cand.para_end = _line_end(text, pos)
                break
    return lists


def _paragraph_lists(
    text: str, marker_starts: set[int], heading_starts: set[int]
) -> list[tuple[int | None, str | None, list[int], str]]:
    """Unmarked lists: paragraphs opening with ——, or a paragraph ending in a count followed by paragraphs
    sharing an opening or the key word."""
    out: list[tuple[int | None, str | None, list[int], str]] = []
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        s = pos + len(line) - len(line.lstrip(" \t\u3000\u00a0"))
        e = _line_end(text, pos) if line else pos
        if e > s:
            lines.append((s, e))
        pos += len(line) + 1
    # dash lists: consecutive paragraphs opening with ——
    used_until = -1
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and text.startswith(("——", "－－"), lines[j][0]):
            j += 1
        if j - i >= 2:
            n, ann, _ = _announced(text, lines[i][0])
            out.append((n, ann, [ln[0] for ln in lines[i:j]], "dash"))
        i = max(j, i + 1)
    dash_starts = {it for o in out for it in o[2]}
    for i, (s, e) in enumerate(lines[:-1]):
        if s < used_until:
            continue
        n, ann, key = _announced(text, e)
        if n is None or ann is None:
            continue
        # the count must sit in the last sentence of the paragraph
        nxt = lines[i + 1][0]
        if nxt in marker_starts or nxt in heading_starts or nxt in dash_starts:
            continue
        first = text[lines[i + 1][0]:lines[i + 1][1]]
        items = [lines[i + 1][0]]
        for s2, e2 in itertools.islice(lines, i + 2, None):
            if s2 in heading_starts or s2 in marker_starts or s2 in dash_starts:
                break
            para = text[s2:e2]
            lead = _heading(text, s2, e2)
            prefix = len(os.path.commonprefix([first, para]))
            if prefix >= 4 or (len(key) >= 2 and key in lead and key in _heading(text, *lines[i + 1])):
                items.append(s2)
            else:
                break
        if len(items) >= 2:
            out.append((n, ann, items, "paragraph"))
            used_until = items[-1] + 1
    return out


def find_enumerations(text_or_corpus: Any) -> pd.DataFrame:
    """Find enumerations and their items, with nesting and the count announced before them.

    Marked styles: ``shi`` (一是…二是…), ``yao`` (一要…二要…), ``di`` (第一，…第二，…), ``paren``
    (（一）（二）), ``paren_digit`` (（1）（2）). Items of a list that opens at the start of a paragraph must
    open paragraphs too; a list that opens inside a paragraph ends with that paragraph. A list opening inside
    an item of another list is nested in it (``level`` 2, ``parent_enum``/``parent_index``). Section headings
    (第一个问题, 一、…) close all open lists. Style ``paragraph``: unmarked paragraphs after a paragraph
    ending with a count (要做到四个“必须”。), kept while they share an opening of 4+ characters or the key word.

    Parameters
    ----------
    text_or_corpus : str or Corpus

    Returns
    -------
    pandas.DataFrame
        One row per item: ``doc_id, start, end, enum_id, level, style, index, marker, heading, announced,
        announced_matches, n_items, parent_enum, parent_index, announced_text, section_marker, section_title,
        surface`` with ``surface == text[start:end]``. ``announced`` is the count found in the sentence just
        before the first item (``<NA>`` if none); ``announced_matches`` compares it with ``n_items``.
        An item ends where the next item starts; the last item ends with its paragraph (for ``paren`` lists:
        at the next section heading), never after the end of its parent item.

    Examples
    --------
    >>> from policytext.slogans import find_enumerations
    >>> e = find_enumerations("信心来自于两个方面。一是外部机遇。二是工作基础。")
    >>> e[["index", "marker", "heading", "announced", "announced_matches"]].values.tolist()
    [[1, '一是', '外部机遇', 2, True], [2, '二是', '工作基础', 2, True]]
    """
    rows: list[dict[str, Any]] = []
    for doc_id, text in _docs(text_or_corpus):
        heads = _headings(text)
        resets = [h["start"] for h in heads if h["style"] in _RESET_STYLES]
        top = [h for h in heads if h["level"] == 1]
        lists = _marker_lists(text, resets)
        keep = [len(li.items) >= 2 for li in lists]
        marker_starts = {it[0] for li, k in zip(lists, keep, strict=False) if k for it in li.items}
        para = _paragraph_lists(text, marker_starts, {h["start"] for h in heads})
        # compute item ends; parents come before their children in `lists`
        for i, li in enumerate(lists):
            if not keep[i]:
                continue
            starts = [it[0] for it in li.items]
            if li.style in ("paren", "paren_digit") and li.line_level:
                last_end = next((r for r in resets if r > starts[-1]), len(text))
            else:
                last_end = _line_end(text, starts[-1])
            ends = starts[1:] + [last_end]
            p = li.parent
            while p is not None and not keep[p[0]]:
                p = lists[p[0]].parent
            li.parent = p
            if p is not None and lists[p[0]].ends:
                cap = lists[p[0]].ends[p[1]]
                ends = [min(e, cap) for e in ends]
            li.ends = [max(e, s) for s, e in zip(starts, ends, strict=False)]
        groups: list[dict[str, Any]] = []
        for i, li in enumerate(lists):
            if keep[i]:
                groups.append({"key": ("m", i), "style": li.style,
                               "items": [(s, mk, e) for (s, mk, _), e in zip(li.items, li.ends, strict=False)],
                               "parent": li.parent})
        for _n, _ann, starts, pstyle in para:
            ends = starts[1:] + [_line_end(text, starts[-1])]
            groups.append({"key": ("p", starts[0]), "style": pstyle,
                           "items": [(s, "——" if pstyle == "dash" else "", e) for s, e in zip(starts, ends, strict=False)],
                           "parent": None})
        groups.sort(key=lambda g: (g["items"][0][0], -g["items"][-1][2]))
        ids = {g["key"]: k + 1 for k, g in enumerate(groups)}
        levels: dict[int, int] = {}
        for g in groups:
            eid = ids[g["key"]]
            parent_enum = ids[("m", g["parent"][0])] if g["parent"] is not None else None
            parent_index = g["parent"][1] + 1 if g["parent"] is not None else None
            if parent_enum is None:
                # a list may sit inside an item of a list of another kind: take the tightest container
                best: tuple[int, int, int] | None = None  # (span, enum, index)
                for h in groups:
                    if h is g or ids[h["key"]] >= eid:
                        continue
                    for j, (s, _, e) in enumerate(h["items"]):
                        if s < g["items"][0][0] < e and (best is None or e - s < best[0]):
                            best = (e - s, ids[h["key"]], j + 1)
                if best is not None:
                    parent_enum, parent_index = best[1], best[2]
            levels[eid] = levels[parent_enum] + 1 if parent_enum is not None else 1
            first = g["items"][0][0]
            if g["style"] in ("paragraph", "dash"):
                n_ann, ann, _, _ = next(p for p in para if p[2][0] == first)
            else:
                n_ann, ann, _ = _announced(text, first)
            n_items = len(g["items"])
            sec = next((h for h in reversed(top) if h["start"] <= first), None)
            for idx, (s, mk, e) in enumerate(g["items"], start=1):
                rows.append({
                    "doc_id": doc_id, "start": s, "end": e, "enum_id": eid, "level": levels[eid],
                    "style": g["style"], "index": idx, "marker": mk,
                    "heading": _heading(text, s + len(mk), e),
                    "announced": n_ann, "announced_matches": None if n_ann is None else n_ann == n_items,
                    "n_items": n_items, "parent_enum": parent_enum, "parent_index": parent_index,
                    "announced_text": ann, "section_marker": sec["marker"] if sec else None,
                    "section_title": sec["title"] if sec else None, "surface": text[s:e],
                })
    df = pd.DataFrame(rows, columns=ENUM_COLUMNS)
    return df.astype({"start": "int64", "end": "int64", "enum_id": "int64", "level": "int64", "index": "int64",
                      "n_items": "int64", "announced": "Int64", "announced_matches": "boolean",
                      "parent_enum": "Int64", "parent_index": "Int64"})
