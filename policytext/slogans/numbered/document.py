"""The scanner over one document and the public functions: :func:`match_numbered`, :func:`numbered_spans`,
:func:`find_numbered`.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ..lexicon import Lexicon, load_lexicon
from .charsets import BARE_MEASURES, HEAD_STOP, NOT_BEFORE, NOT_BEFORE_ONE, NUMC, RUN_RX, RUNC, is_han
from .glossary import GlossaryEntry, entry_members, glossary_entries, headword_key
from .heads import numeral_run, parse_numeral, strip_measure
from .members import MemberResult, local_members
from .recognizers import (
    CAND,
    DocContext,
    Rec,
    code_label,
    compound_quote,
    count_label,
    plan_period,
    prefixed_quote,
    quoted_item,
)


@dataclass(frozen=True)
class NumberedMatch:
    """One numbered formulation found in a text (character offsets into that text)."""

    start: int
    end: int
    surface: str
    label: str
    number: int | None
    head: str
    kind: str
    quoted: bool
    members: list[str] | None
    members_source: str | None
    groups: dict[str, list[str]] | None
    members_structure: str | None = None
    members_evidence: tuple[int, int] | None = None
    members_confidence: str | None = None
    members_note: str | None = None

    @property
    def n_members(self) -> int | None:
        return None if self.members is None else len(self.members)

    @property
    def count_matches(self) -> bool | None:
        if self.kind == "compound" and self.groups:
            return all(_group_ok(k, v) for k, v in self.groups.items())
        if self.members is None or self.number is None:
            return None
        return len(self.members) == self.number


_SENTENCE_BREAK = re.compile(r"[，。；：！？!?;:\n]")
_ENTRY_NUMBER = re.compile(r"(?:^|\n)[ \u3000]*\d{1,2}[.．]$")  # a numbered entry's number: "\n6."


def _group_ok(key: str, members: list[str]) -> bool:
    m = re.match(rf"[{NUMC}百千万]+", key)
    if not m:
        return True
    n = parse_numeral(m.group(0))
    return n is None or n == len(members)



def match_numbered(text: str, lexicon: Lexicon | None = None, date: str | None = None) -> list[NumberedMatch]:
    """All numbered formulations in ``text``, in order, non-overlapping.

    This is the single matcher behind :func:`find_numbered` and
    :func:`policytext.slogans.protected_spans` (which uses its spans-only mode, :func:`numbered_spans`).

    Parameters
    ----------
    text : str
    lexicon : Lexicon, optional
        Default: the bundled lexicon (:func:`policytext.load_lexicon`).
    date : str, optional
        ISO date of the document, to pick lexicon members valid at that date.

    Returns
    -------
    list of NumberedMatch

    Examples
    --------
    >>> [m.label for m in match_numbered("牢牢守住发展、生态、安全三条底线")]
    ['三条底线']
    """
    out, _, weak, labels, ctx = _scan(text, lexicon, date, full=True)
    return _glossary_members(_document_labels(out, weak, labels, ctx), ctx.glossary)


def numbered_spans(text: str, lexicon: Lexicon | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of every numbered formulation in ``text``: exactly the spans of :func:`match_numbered`.

    The same scanner without what only the report needs: members are looked up only where they decide
    whether a mention is a formulation (a count label without quotes, lexicon entry or measure 大), and no
    :class:`NumberedMatch`, lexicon members or document-level members are built.  Used by
    :func:`policytext.slogans.protected_spans` (the tokenizer).

    Parameters
    ----------
    text : str
    lexicon : Lexicon, optional
        Default: the bundled lexicon.

    Returns
    -------
    list of (start, end)
        Sorted, non-overlapping.

    Examples
    --------
    >>> text = "打好三大攻坚战，解决“两不愁三保障”"
    >>> [text[s:e] for s, e in numbered_spans(text)]
    ['三大攻坚战', '两不愁三保障']
    """
    _, spans, weak, labels, _ = _scan(text, lexicon, None, full=False)
    if weak and labels:
        extra = _weak_mentions([s for s, _ in spans], [e for _, e in spans], weak, labels)
        if extra:
            spans = sorted(spans + [(w[0], w[1]) for w in extra])
    return spans


def _scan(text: str, lexicon: Lexicon | None, date: str | None, full: bool
          ) -> tuple[list[NumberedMatch], list[tuple[int, int]], list[WeakRec], set[str], DocContext]:
    """The scanner: (matches if ``full``, spans of the matches, weak mentions, labels accepted on their own, ctx).

    With ``full=False`` members are computed only for mentions that are not accepted on their own (where
    they decide acceptance), so the spans are the same as with ``full=True``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    lex = lexicon if lexicon is not None else load_lexicon()
    ctx = DocContext(text, lex)
    lex_rx, nonform = lex.scanner_patterns(NUMC)
    out: list[NumberedMatch] = []
    spans: list[tuple[int, int]] = []
    weak: list[WeakRec] = []
    strong_labels: set[str] = set()
    pos = 0
    prev_end = 0
    prev_floor = 0  # where the list before the previous mention could start
    for cm in CAND.finditer(text):
        p = cm.start()
        if text[p] in "“、·":
            p += 1
        if p < pos:
            continue  # inside a reported mention or a skipped word
        pos = p + 1
        if p > 0:
            b = text[p - 1]
            if (b in NOT_BEFORE and not _ENTRY_NUMBER.search(text, max(0, p - 4), p)) or (
                    b in NOT_BEFORE_ONE and text[p] == "一"):
                continue  # (6.六大科技专项: an entry number at a line start is not a decimal point)
        # words around here that are never formulations (一体化, 千方百计, 红十字 …)
        skip = 0
        plan = plan_period(text, p, ctx)  # “十一五” is a plan period although 十一 is a word of its own
        for k, firsts, rx in nonform if plan is None else ():
            if k <= p and text[p - k] in firsts:
                w = rx.match(text, p - k)
                if w is not None and w.end() > p:
                    skip = max(skip, w.end())
        if skip:
            pos = skip
            continue
        rec: Rec | None = None
        strong = False
        lex_entry = None
        start = p
        in_quote = ctx.quote_at(p, p + 1) is not None  # else neither quoted recogniser applies
        two = compound_quote(text, p, ctx) if in_quote and p >= prev_end else None
        if two is not None and two[0] >= prev_end:
            start, rec = two
            end = rec.end
            spans.append((start, end))
            prev_floor = prev_end
            pos = prev_end = end
            strong_labels.add(rec.label)
            if full:
                ent = lex.get(rec.label)
                lex_members = None if ent is None else ent.members_at(date)
                out.append(NumberedMatch(
                    start=start, end=end, surface=text[start:end], label=rec.label, number=rec.number, head="",
                    kind="compound", quoted=True, members=lex_members,
                    members_source=None if lex_members is None else "lexicon", groups=None,
                ))
            continue
        quoted_rec = quoted_item(text, p, ctx) if in_quote else None
        lm = lex_rx.match(text, p)
        if lm is not None:
            ent = lex.get(lm.group(0))
            if ent is not None and ent.generic and ctx.quote_at(p, lm.end()) is None:
                lm = None  # a generic entry (四大, 两条道路) is a label only when quoted: else the count rules decide
        if lm is not None and not (quoted_rec is not None and quoted_rec[0] > lm.end()):
            # (a longer quoted item keeps its own label: “四个全面”战略布局)
            sf = lm.group(0)
            ent = lex.get(sf)
            assert ent is not None
            e = lm.end()
            lex_entry = ent
            rec = Rec(e, ent.label, ent.number, strip_measure(sf[len(numeral_run(sf, 0)[0]):]), ent.kind)
            strong = not ent.generic or ctx.quote_at(p, e) is not None
        if rec is None:
            rec = plan or code_label(text, p, ctx)
            strong = rec is not None
        if rec is None and quoted_rec is not None:
            rec, strong = quoted_rec, True
        if rec is None and in_quote and p > prev_end:
            pq = prefixed_quote(text, p, ctx)
            if pq is not None:
                start, rec = pq
                strong = True
                lex_entry = lex.get(rec[1])
                if lex_entry is not None:
                    rec = rec._replace(label=lex_entry.label, number=lex_entry.number, kind=lex_entry.kind)
        if rec is None:
            c = count_label(text, p, ctx)
            if c is None:
                continue
            rec, strong = c
        end, label, number, head, kind = rec
        members: list[str] | None = None
        source: str | None = None
        groups: dict[str, list[str]] | None = None
        found = MemberResult(None, None)
        if kind in ("count", "code") and (full or not strong) and start + 1 >= p:
            # (a label with a longer prefix, “收支两条线”, is not counted by a list before it)
            # a list may hold the mention just before as its last item (…、四好农村路实现“四个全覆盖”)
            # (only through a bridge word: “两重”、“两新” is a series of labels, not a list naming 两新's members)
            between = text[prev_end:start]
            bridged = prev_end and any(is_han(ch) for ch in between) and not _SENTENCE_BREAK.search(between)
            floor = prev_floor if bridged else prev_end
            found = local_members(text, start, end, floor, number, kind, head, accepted=strong)
        if found.members is not None:
            members, source = found.members.items, found.members.source
        if members is None and not strong:
            if head and head not in BARE_MEASURES:
                weak.append(WeakRec(start, end, label, number, head, kind))
            continue
        if strong:
            strong_labels.add(label)
        spans.append((start, end))
        pos = end
        prev_floor = prev_end
        prev_end = end
        if not full:
            continue
        if kind == "compound":
            if lex_entry is not None and lex_entry.groups:
                groups = {k: list(v) for k, v in lex_entry.groups.items()}
                members = [x for v in groups.values() for x in v]
                source = "lexicon"
        elif members is None and lex_entry is not None:
            members = lex_entry.members_at(date)
            source = "lexicon" if members is not None else None
        ml = found.members
        out.append(NumberedMatch(
            start=start, end=end, surface=text[start:end], label=label, number=number, head=head, kind=kind,
            quoted=ctx.quote_at(start, end) is not None, members=members, members_source=source, groups=groups,
            members_structure=ml.structure if ml is not None else ("lexicon" if source == "lexicon" else None),
            members_evidence=(ml.start, ml.end) if ml is not None else None,
            members_confidence=ml.confidence if ml is not None else None,
            members_note=found.note,
        ))
    ctx.glossary = glossary_entries(text) if "\n" in text else []
    return out, spans, weak, strong_labels | _repeated_labels(weak, text) | _glossary_keys(ctx.glossary), ctx


def _glossary_keys(entries: list[GlossaryEntry]) -> set[str]:
    """Labels a notes section defines: each headword without quotes, and its quoted part (“三网”融合 -> 三网融合,
    三网), when it holds a numeral."""
    keys: set[str] = set()
    for e in entries:
        for k in (headword_key(e.head), *re.findall(r"“([^”]{1,12})”", e.head)):
            if any(c in RUNC or c == "双" or c.isdigit() for c in k) and len(k) <= 12:
                keys.add(k)
    return keys


def _glossary_members(out: list[NumberedMatch], entries: list[GlossaryEntry]) -> list[NumberedMatch]:
    """Members from the notes section: the headword mention and every body mention of the label it defines.

    A mention's own list (stated next to it) is kept; one without members, or with members from the lexicon or
    carried over from another mention, gets the glossary's (``members_source="glossary"``).
    """
    if not entries:
        return out
    defs: dict[str, tuple[list[str], int, int, str]] = {}
    for e in entries:
        inside = [m for m in out if e.head_start <= m.start and m.end <= e.head_end]
        for m in inside:
            number = m.number
            if m.kind == "compound":  # 三区一中心: the definition lists 3 + 1 items
                runs = [parse_numeral(r) for r in re.findall(rf"[{RUNC}]+|双", m.surface)]
                number = sum(r for r in runs if r is not None) if all(r is not None for r in runs) else None
            got = entry_members(e, number, "count", m.surface)
            if got is not None:
                for k in {m.label, m.surface, headword_key(e.head)}:
                    defs.setdefault(k, got)
    if not defs:
        return out
    res = []
    for m in out:
        d = defs.get(m.label) or defs.get(m.surface)
        if d is not None and (m.members is None or m.members_source in ("lexicon", "document")):
            m = dataclasses.replace(m, members=list(d[0]), members_source="glossary", members_structure="glossary",
                                    members_evidence=(d[1], d[2]), members_confidence=d[3])
        res.append(m)
    return res


# counted things that stay quantities however often they are counted (三个问题, 两个地区, 五个城市)
_GENERIC_HEADS = frozenset({"问题", "部分", "方面", "环节", "阶段", "时期", "地区", "国家", "城市", "省份", "单位",
                            "企业", "项目", "措施", "办法", "步骤", "文件", "会议", "小时", "工作日", "百分点",
                            "部门", "人", "国", "字", "次", "品种", "产品", "方案", "批次", "年度计划"})
_LABEL_MEASURES = frozenset("个项条种类件位")
_UNIT_ENDS = frozenset("部厅局委办省市县区乡镇村国家厂校院所")


def _repeated_labels(weak: list[WeakRec], text: str) -> set[str]:
    """Labels of weak count mentions named twice or more in one document (三个世界, 接班人五项条件).

    A count with a measure (个/项/条/种/类/件/位) and a specific head that the document names again is a label
    it uses, not a passing quantity; 六项政治标准 and 六条政治标准 are one label (same number and head).  Generic
    heads (问题, 地区, 项目 …) never qualify, and the mentions must differ in the ten characters on either side (a
    scraped page that repeats the whole report names every quantity again, in the same words).
    """
    by_key: dict[tuple[int | None, str], list[str]] = {}
    seen: dict[tuple[int | None, str], set[str]] = {}
    for s, e, label, number, head, kind in weak:
        if (kind != "count" or number is None or not 2 <= number <= 20 or head in _GENERIC_HEADS or len(head) < 2
                or head[0] in HEAD_STOP or head[-1] in _UNIT_ENDS or any(c in RUNC for c in head)):
            continue  # (一百二十个大型项目: an amount; 一个又一个: not a head; 六个工业部: units of government)
        run = RUN_RX.match(label) if label[:1] != "双" else None
        measure = label[len(run.group(0)) if run else 1: len(label) - len(head)]
        if measure not in _LABEL_MEASURES:
            continue
        key = (number, head)
        by_key.setdefault(key, []).append(label)
        seen.setdefault(key, set()).add(text[max(0, s - 10): s] + "|" + text[e: e + 10])
    return {lab for key, labs in by_key.items() if len(seen[key]) >= 2 for lab in labs}


class WeakRec(NamedTuple):
    """A count mention not accepted on its own (no quotes, lexicon, 大 or members): reported only if the
    document accepts its label elsewhere."""

    start: int
    end: int
    label: str
    number: int | None
    head: str
    kind: str


def _weak_mentions(starts: list[int], ends: list[int], weak: list[WeakRec], labels: set[str]) -> list[WeakRec]:
    """The weak mentions whose label the document accepts elsewhere and that overlap no reported mention."""
    extra: list[WeakRec] = []
    for w in weak:
        s, e, label = w[0], w[1], w[2]
        if label not in labels:
            continue
        i = bisect.bisect_right(starts, s)
        if (i > 0 and ends[i - 1] > s) or (i < len(starts) and starts[i] < e):
            continue  # overlaps a reported mention
        if extra and extra[-1][1] > s:
            continue
        extra.append(w)
    return extra


def _document_labels(out: list[NumberedMatch], weak: list[WeakRec], labels: set[str], ctx: DocContext
                     ) -> list[NumberedMatch]:
    """Apply what the document itself establishes about a label to all its mentions.

    ``labels`` are the labels accepted on their own somewhere in the document (quoted, in the lexicon, a
    code, or with the measure 大).  Such a label is a label everywhere in the document: an unquoted
    十件民生实事 without members is reported when the same text elsewhere quotes “十件民生实事”.  The members
    the text defines for such a label (``listed``/``enumeration``) are given to its other mentions that have
    none or only lexicon members, with ``members_source="document"``.  Generic count words (两个方面, 三点)
    are never propagated.
    """
    defs: dict[str, NumberedMatch] = {}
    for m in out:
        if (m.members is not None and m.members_source in ("listed", "enumeration") and m.kind != "compound"
                and m.count_matches is not False
                and m.label in labels and m.head and m.head not in BARE_MEASURES and m.label not in defs):
            defs[m.label] = m
    extra: list[NumberedMatch] = []
    if weak and labels:
        for s, e, label, number, head, kind in _weak_mentions([m.start for m in out], [m.end for m in out],
                                                              weak, labels):
            extra.append(NumberedMatch(
                start=s, end=e, surface=ctx.text[s:e], label=label, number=number, head=head, kind=kind,
                quoted=ctx.quote_at(s, e) is not None, members=None, members_source=None, groups=None,
            ))
    if extra:
        out = sorted(out + extra, key=lambda m: m.start)
    if not defs:
        return out
    res = []
    for m in out:
        d = defs.get(m.label)
        if d is not None and d.members is not None and (m.members is None or m.members_source == "lexicon"):
            m = dataclasses.replace(m, members=list(d.members), members_source="document",
                                    members_structure=d.members_structure, members_evidence=d.members_evidence,
                                    members_confidence=d.members_confidence)
        res.append(m)
    return res


COLUMNS = ["doc_id", "start", "end", "surface", "label", "number", "head", "kind", "quoted", "members",
           "members_source", "members_structure", "members_evidence", "members_confidence", "members_note",
           "n_members", "count_matches", "groups"]


def _iter_docs(text_or_corpus: Any) -> Iterable[tuple[str | None, str, str | None]]:
    if isinstance(text_or_corpus, str):
        yield None, text_or_corpus, None
        return
    dates: dict[str, str] = {}
    dv = getattr(text_or_corpus, "docvars", None)
    if isinstance(dv, pd.DataFrame):
        for col in ("date", "year"):
            if col in dv.columns:
                for k, v in dv[col].items():
                    if pd.notna(v) and str(v).strip():
                        dates.setdefault(str(k), str(v))
    for doc_id, text in text_or_corpus:
        yield str(doc_id), text, dates.get(str(doc_id))


def find_numbered(text_or_corpus: Any, lexicon: Lexicon | None = None, date: str | None = None) -> pd.DataFrame:
    """Find numbered formulations (数字式提法) with their members.

    Parameters
    ----------
    text_or_corpus : str or Corpus
        A text (``doc_id`` is then None) or anything iterating ``(doc_id, text)`` pairs (a
        :class:`policytext.Corpus`; its ``date``/``year`` docvar picks date-dependent lexicon members).
    lexicon : Lexicon, optional
        Default: the bundled lexicon.
    date : str, optional
        Document date for a single text (ISO or year).

    Returns
    -------
    pandas.DataFrame
        One row per mention: doc_id, start, end, surface (``text[start:end]``), label, number, head,
        kind (``count``/``compound``/``code``/``plan_period``), quoted, members, members_source
        (``listed``: stated next to the label; ``enumeration``: the following 一是/二是… or parallel items;
        ``glossary``: a notes section (名词解释) of the document defines the label; ``document``: defined at
        another mention of the same label in this document; ``lexicon``: the bundled lexicon, a labelled
        fallback), members_structure (list_before, label_then_list, bracket, enumerated, parallel, glossary,
        lexicon), members_evidence (``(start, end)`` of the defining text), members_confidence (``clear`` or
        ``interpretive``), members_note (why a list found next to the label was rejected: its size differs
        from the number, or an item is a fragment or a governing verb — no members rather than wrong ones),
        n_members, count_matches, groups.  The text's own definition wins over the lexicon.

    Examples
    --------
    >>> import policytext as pt
    >>> df = pt.find_numbered("构建山、水、城、景、田“五位一体”，打好三大攻坚战")
    >>> df[["label", "members_source", "n_members"]].values.tolist()
    [['五位一体', 'listed', 5], ['三大攻坚战', 'lexicon', 3]]
    """
    cols: dict[str, list[Any]] = {c: [] for c in COLUMNS}
    for doc_id, text, d in _iter_docs(text_or_corpus):
        for mt in match_numbered(text, lexicon=lexicon, date=d if d is not None else date):
            for c, v in zip(COLUMNS, (
                doc_id, mt.start, mt.end, mt.surface, mt.label, mt.number, mt.head, mt.kind, mt.quoted,
                mt.members, mt.members_source, mt.members_structure, mt.members_evidence, mt.members_confidence,
                mt.members_note, mt.n_members, mt.count_matches, mt.groups,
            ), strict=True):
                cols[c].append(v)
    return pd.DataFrame({c: _column(c, v) for c, v in cols.items()}, columns=COLUMNS, copy=False)


_INT_COLS = frozenset({"number", "n_members"})
_OPTIONAL_STR_COLS = frozenset({"members_source", "members_structure", "members_confidence", "members_note"})


def _column(name: str, values: list[Any]) -> Any:
    """One result column with its contract dtype, built without per-value pandas overhead."""
    n = len(values)
    if name in ("start", "end"):
        return np.fromiter(values, dtype=np.int64, count=n)
    if name == "quoted":
        return np.fromiter(values, dtype=bool, count=n)
    if name in _INT_COLS or name == "count_matches":
        mask = np.fromiter((v is None for v in values), dtype=bool, count=n)
        if name == "count_matches":
            vals = np.fromiter((bool(v) for v in values), dtype=bool, count=n)
            return pd.arrays.BooleanArray(vals, mask)
        ints = np.fromiter((0 if v is None else v for v in values), dtype=np.int64, count=n)
        return pd.arrays.IntegerArray(ints, mask)
    if name in _OPTIONAL_STR_COLS:  # str dtype even where every value is missing (one dtype for any input)
        return pd.array(values, dtype="str")
    arr = np.empty(n, dtype=object)
    arr[:] = values
    return arr
