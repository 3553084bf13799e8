"""Glossaries (名词解释, 注释, 附注): a notes section after the body that defines labels the body uses.

    附注：
    1、“三网”融合：是指电信网、广播电视网和互联网融合发展，……

:func:`glossary_entries` finds the section and its numbered entries; :func:`entry_members` reads the items a
definition states (after 是指/指/即/包括/主要包括, or a definition that is itself the list), checked like any
other member list.  :mod:`.document` links every body mention of a defined label to its entry.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .heads import dict_words, parse_numeral, word_bounds
from .members import check_items, evidence_span, listed_before

# the heading of a notes section: a short line of its own (附件2 / 名词解释, 注释：, 附注：)
_HEADING = re.compile(r"^[ \u3000\t]*(?:附件\s*\d*\s*[：:]?\s*\n?[ \u3000\t]*|附[：:]?\s*|【)?"
                      r"(?:名词解释|名词注释|名词说明|注释|附注|注解|有关名词解释)】?[ \u3000\t]*[：:]?[ \u3000\t]*$", re.M)
# an entry: a number (1、 1. １、 ［1］ [1] 〔1〕 （1） (1)), a headword, a colon, the definition (same or next line)
_ENTRY = re.compile(
    r"^[ \u3000\t]*(?:(?:[0-9０-９]{1,2}[、.．]|[［\[〔（(【][0-9０-９]{1,2}[］\]〕）)】]|注[0-9０-９]{1,2}[：:.、]?)[ \u3000\t]*"
    r"(?P<head>[^\n：:]{1,40}?)|(?P<qhead>“[^”\n]{1,16}”[^\n：:“]{0,12}?))"  # numbered, or a quoted headword
    r"[ \u3000\t]*[：:][ \u3000\t]*\n?[ \u3000\t]*(?P<body>[^\n]*)",
    re.M,
)
_DEFINES = re.compile(r"(?:主要包括|具体包括|包括|是指|指的是|就是|即|指)[：:]?")
_ENUM_IN_BODY = re.compile(r"(?:^|[，,；;。：:])\s*([一二三四五六七八九十])是")
_END_OF_SECTION = re.compile(r"^(?:责任编辑|扫一扫|相关附件|相关链接)", re.M)


class GlossaryEntry(NamedTuple):
    """One entry of a notes section: its headword and definition with their offsets."""

    head: str
    head_start: int
    head_end: int
    body: str
    body_start: int
    end: int


def glossary_entries(text: str) -> list[GlossaryEntry]:
    """The numbered entries of the notes section (名词解释/注释/附注) of ``text``; [] if it has none.

    The section starts at a heading line of its own and runs to the end of the text (or to web-page residue such
    as 责任编辑); an entry is a number, a headword, a colon and the definition.

    Examples
    --------
    >>> text = "……推进三网融合。\\n附注：\\n1、“三网”融合：是指电信网、广播电视网和互联网融合发展。\\n"
    >>> [(e.head, e.body[:12]) for e in glossary_entries(text)]
    [('“三网”融合', '是指电信网、广播电视网和')]
    """
    headings = list(_HEADING.finditer(text))
    if not headings:
        return []
    m = headings[-1]  # the last heading: a notes section follows the body
    stop = _END_OF_SECTION.search(text, m.end())
    hi = stop.start() if stop else len(text)
    out = []
    for e in _ENTRY.finditer(text, m.end(), hi):
        key = "head" if e.group("head") is not None else "qhead"
        out.append(GlossaryEntry(e.group(key), e.start(key), e.end(key), e.group("body"),
                                 e.start("body"), e.end("body")))
    return out


def headword_key(head: str) -> str:
    """A headword as a label key: quotes and spaces removed (“三网”融合 -> 三网融合)."""
    return re.sub(r"[“”‘’\"\s\u3000]", "", head)


_COUNT_IN_BODY = re.compile(r"(?:\d{1,2}|[两二三四五六七八九十]{1,3})(?=[个项条大类])")


def _counted_list(body: str, number: int, kind: str) -> tuple[list[str], int, int] | None:
    """A 、-list in ``body`` that a count of ``number`` right after it closes (A、B、C等3个…, A、B和C“三个…”)."""
    for m in _COUNT_IN_BODY.finditer(body):
        n = int(m.group(0)) if m.group(0).isdigit() else parse_numeral(m.group(0))
        if n != number:
            continue
        p = m.start() - 1 if body[m.start() - 1: m.start()] == "“" else m.start()
        items = listed_before(body, p, 0, number, m.end())
        if items is not None and check_items(items, number, kind, "glossary") is None:
            a, b = evidence_span(body, items, 0, p)
            return items, a, b
    return None


def entry_members(entry: GlossaryEntry, number: int | None, kind: str = "count", label: str = ""
                  ) -> tuple[list[str], int, int, str] | None:
    """Items the definition of ``entry`` states for a label counting ``number``, with their span and confidence.

    The list is the first sentence after 是指/指/即/包括 (or the definition itself when it starts with the
    list), split at 、 and a final 和/及/以及/与; a trailing 的 + the label's own head word is not part of the last
    item (…和城市轨道交通的融合 -> 城市轨道交通).  The list must have exactly ``number`` items and pass
    :func:`.members.check_items`; otherwise None.

    Examples
    --------
    >>> e = glossary_entries("附注：\\n1、“三网”融合：是指电信网、广播电视网和互联网融合发展。")[0]
    >>> entry_members(e, 3, label="三网")[0]
    ['电信网', '广播电视网', '互联网']
    """
    if number is None or number < 2:
        return None
    body = entry.body
    marks = list(_ENUM_IN_BODY.finditer(body))
    if len(marks) >= 2 and [m.group(1) for m in marks] == list("一二三四五六七八九十")[: len(marks)]:
        items = []  # “两个确保”：一是确保…；二是确保… : the phrase after each marker, up to its first delimiter
        for m in marks:
            item = re.split(r"[，,；;。：:]", body[m.end():], maxsplit=1)[0].strip()
            items.append(item)
        if check_items(items, number, kind, "glossary") is not None:
            return None
        return items, entry.body_start + marks[0].start(), entry.end, "interpretive"
    d = _DEFINES.search(body, 0, 40)
    counted = _counted_list(body, number, kind)
    if counted is not None:  # …全力推进人工智能、航空航天…等6个重大科技专项: a list the definition itself counts
        items, a, b = counted
        return items, entry.body_start + a, entry.body_start + b, "interpretive"
    s = d.end() if d else 0
    e = s
    while e < len(body) and body[e] not in "。；;，,":
        e += 1
    if e < len(body) and body[e] in "，," and "、" not in body[s:e]:
        return None  # a sentence, not a list
    clause = body[s:e]
    parts = [x for x in re.split(r"[、]", clause) if x]
    if len(parts) < number - 1:
        return None
    last = parts[-1]
    for conj in ("以及", "和", "及", "与"):
        i = last.find(conj, 1)
        if i > 0 and len(parts) == number - 1:
            parts = parts[:-1] + [last[:i], last[i + len(conj):]]
            break
    key = headword_key(entry.head)
    label_text = key[key.find(label):] if label and label in key else key  # 轨道交通“四网融合” -> 四网融合
    head_words = [w for w in dict_words(label_text) if len(w) >= 2 and not any(c in "一二两三四五六七八九十双" for c in w)]
    cuts = [i for w in head_words for i in [parts[-1].find(w)] if i > 0]
    if cuts:  # 互联网融合发展 (三网融合) -> 互联网; 运营好农村公路 (四好农村路) -> 运营好; …的融合 -> …
        parts[-1] = parts[-1][: min(cuts)].removesuffix("的")
    parts = [x.strip() for x in parts]
    ref = {len(x) for x in parts[1:]}
    if len(ref) == 1 and len(parts) > 2 and len(parts[0]) > min(ref):  # 重大慢性病综合防治早预防、早干预… -> 早预防
        k = len(parts[0]) - min(ref)
        if k in word_bounds(parts[0]):
            parts[0] = parts[0][k:]
    if any(len(x) > 24 or "“" in x or "”" in x for x in parts):
        return None
    if d is None and any(len(x) > 10 or not re.fullmatch(r"[\u4e00-\u9fff（）()]+", x) for x in parts):
        return None  # without 是指/包括 the definition must itself be a list of short names
    if check_items(parts, number, kind, "glossary") is not None:
        return None
    start = entry.body_start + s
    written = re.sub(r"以及|和|及|与", "、", clause.strip())
    confidence = "clear" if written == "、".join(parts) else "interpretive"  # nothing cut by rule
    return parts, start, entry.body_start + e, confidence
