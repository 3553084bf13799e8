"""Cleaning decoded documents: advertisements, page chrome, repeated scraped copies.

Every removal is *reported*, never silent: :func:`clean_text` returns a :class:`CleanResult` whose
``removed`` list gives the removed spans (offsets into the input text) with the id of the rule that removed
them.  The rules live in the package data file ``policytext/data/cleaning_rules.yaml`` (each with an id,
pattern, scope and a note/source); :func:`load_cleaning_rules` reads it or a user file.

What cleaning does, in order
----------------------------
1. ``anywhere`` rules remove matched text (HTML comments, the literal ``<U+00A0>``, 【字体：大 中 小】, ...).
2. ``line`` rules remove whole lines containing a match (lines longer than ``max_line_chars`` only lose the
   match); ``head`` rules do the same, but only in the leading block of the document (before the first
   line no rule removes), e.g. the advertising block of 范文 sites.
3. De-duplication (rule id ``duplicate_paragraphs``): scraped pages repeat the whole report once per
   sub-page.  A line is a *repeat* if, with all whitespace dropped, it equals an earlier kept line, or is a
   substring (at least ``dedup_fragment_min_chars`` long) of one.  A maximal run of consecutive repeats
   (blank and removed lines do not break a run) is removed when it holds at least ``dedup_min_chars``
   characters.  Single repeated short lines (各位代表！, headings) therefore survive.
4. :func:`clean_corpus` adds the corpus rule ``repeated_line``: lines (≤ ``repeated_max_chars``) occurring
   verbatim in at least ``repeated_min_docs`` documents and ``repeated_min_share`` of them, except lines
   protected by ``keep`` patterns (salutations, headings, bylines, titles) or ending in 。/？ (formulaic
   sentences such as 现在，我代表国务院，向大会作政府工作报告… recur in every report).

Redaction marks (×, ××, ＸＸ, ***) are never removed or normalised.

5. Layout (rule id ``layout_whitespace``): once the spans above are deleted, :func:`normalize_layout` blanks
   whitespace-only lines, collapses runs of blank lines into one blank line and drops blank lines at the start
   and end.  The whitespace it deletes is reported as spans too.

Reconstruction invariant
------------------------
``result.text == delete_spans(input, result.removed)``: every character of the input that is not in the
cleaned text lies in exactly one removed span, with the rule that removed it (layout whitespace included).
Equivalently, ``result.text == normalize_layout(delete_spans(input, rule_spans))`` where ``rule_spans`` are the
spans of every rule other than ``layout_whitespace``.  ``text`` holds no character absent from the input.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import PolicyTextError

__all__ = [
    "CleanResult",
    "CleaningRule",
    "CleaningRules",
    "CleaningRulesError",
    "clean_corpus",
    "clean_text",
    "delete_spans",
    "load_cleaning_rules",
    "normalize_layout",
]

_SCOPES = ("line", "head", "anywhere")
_FLAGS = {"DOTALL": re.DOTALL, "IGNORECASE": re.IGNORECASE, "MULTILINE": re.MULTILINE}
_DEFAULT_SETTINGS: dict[str, float] = {
    "max_line_chars": 200,
    "head_max_lines": 40,
    "dedup_min_chars": 50,
    "dedup_fragment_min_chars": 20,
    "repeated_min_share": 0.2,
    "repeated_max_chars": 80,
}
DEDUP_RULE = "duplicate_paragraphs"
REPEATED_RULE = "repeated_line"
LAYOUT_RULE = "layout_whitespace"

_WS_RE = re.compile(r"\s+")
_TITLE_RE = re.compile(
    r"(?:报告|讲话|公报|决议|决定|致辞|发言|说明|纲要|规划|意见|通知|总结)\s*$|^\s*在.{1,40}上的(?:讲话|报告|发言)"
)
_TITLE_FOLLOW_RE = re.compile(r"^\s*——.{0,60}上的(?:报告|讲话|发言)\s*$")
_SALUTATION_RE = re.compile(
    r"^\s*(?:同志们|各位代表|各位委员|各位同志|同志们、朋友们|女士们、先生们)[：:！!，,]?[?？]?\s*$"
)
_SENTENCE_END = "。；;？?"


class CleaningRulesError(PolicyTextError, ValueError):
    """A cleaning-rules file is malformed (names the file, the rule and the problem)."""


@dataclass(frozen=True)
class CleaningRule:
    """One removal rule: ``id``, compiled ``pattern``, ``scope`` (line/head/anywhere), ``note``, ``source``."""

    id: str
    pattern: re.Pattern[str]
    scope: str
    note: str = ""
    source: str = ""
    max_line_chars: int | None = None


@dataclass(frozen=True)
class CleaningRules:
    """A set of cleaning rules, ``keep`` patterns and settings, as read by :func:`load_cleaning_rules`."""

    rules: tuple[CleaningRule, ...]
    keep: tuple[CleaningRule, ...] = ()
    settings: Mapping[str, float] = field(default_factory=lambda: dict(_DEFAULT_SETTINGS))
    path: str = "<memory>"

    def setting(self, name: str) -> float:
        return float(self.settings.get(name, _DEFAULT_SETTINGS[name]))

    def is_kept(self, line: str) -> bool:
        """True if ``line`` matches a ``keep`` pattern (salutation, heading, byline, title)."""
        return any(k.pattern.search(line) for k in self.keep)


@dataclass
class CleanResult:
    """Result of cleaning one document.

    Attributes
    ----------
    text : str
        Cleaned text.
    removed : list of dict
        ``{"start", "end", "rule", "text"}`` — sorted, non-overlapping spans (offsets into the INPUT text).
    body_start : int
        Offset in the input where the body begins (after ads / page chrome): the title line if detected.
    title : str or None
        Detected title line, e.g. ``在区委务虚会上的讲话`` (kept in the text).
    salutation : str or None
        Detected salutation line, e.g. ``同志们：`` (kept in the text).

    Examples
    --------
    >>> from policytext.corpus.cleaning import clean_text
    >>> r = clean_text("仅供学习 禁止外传\\n在区委务虚会上的讲话\\n同志们：\\n今年以来，×区经济稳中有进。")
    >>> r.title, r.salutation, r.body_start
    ('在区委务虚会上的讲话', '同志们：', 10)
    >>> [d["text"] for d in r.removed]
    ['仅供学习 禁止外传\\n']
    """

    text: str
    removed: list[dict[str, Any]]
    body_start: int
    title: str | None
    salutation: str | None

    @property
    def n_removed(self) -> int:
        """Number of characters of the input inside removed spans."""
        return sum(int(r["end"]) - int(r["start"]) for r in self.removed)


# --------------------------------------------------------------------------------------------- rules I/O


def _compile_rule(entry: Any, where: str, default_scope: str | None) -> CleaningRule:
    if not isinstance(entry, Mapping):
        raise CleaningRulesError(f"{where}: each rule must be a mapping, got {type(entry).__name__}")
    rid = entry.get("id")
    if not isinstance(rid, str) or not rid:
        raise CleaningRulesError(f"{where}: rule without an 'id'")
    pat = entry.get("pattern")
    if not isinstance(pat, str) or not pat:
        raise CleaningRulesError(f"{where}: rule {rid!r} has no 'pattern'")
    scope = entry.get("scope", default_scope)
    if scope not in _SCOPES:
        raise CleaningRulesError(f"{where}: rule {rid!r} has scope {scope!r}; expected one of {_SCOPES}")
    flags = 0
    for name in entry.get("flags", []) or []:
        if name not in _FLAGS:
            raise CleaningRulesError(f"{where}: rule {rid!r} has unknown flag {name!r}")
        flags |= _FLAGS[name]
    try:
        rx = re.compile(pat, flags)
    except re.error as exc:
        raise CleaningRulesError(f"{where}: rule {rid!r} has an invalid pattern: {exc}") from exc
    mlc = entry.get("max_line_chars")
    return CleaningRule(
        id=rid,
        pattern=rx,
        scope=str(scope),
        note=str(entry.get("note", "")),
        source=str(entry.get("source", "")),
        max_line_chars=int(mlc) if mlc is not None else None,
    )


def load_cleaning_rules(path: str | Path | None = None) -> CleaningRules:
    """Read cleaning rules from the packaged ``cleaning_rules.yaml`` or a user YAML file.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file with ``rules`` (id, pattern, scope, note, source), optional ``keep`` patterns and
        ``settings``.  ``None`` reads the packaged file.

    Returns
    -------
    CleaningRules

    Raises
    ------
    CleaningRulesError
        If the file is missing or a rule is malformed (the message names the file and the rule).

    Examples
    --------
    >>> rules = load_cleaning_rules()
    >>> "ad_study_only" in [r.id for r in rules.rules]
    True
    >>> clean_text("仅供学习 禁止外传\\n在区委务虚会上的讲话\\n同志们：", rules).text
    '在区委务虚会上的讲话\\n同志们：'
    """
    if path is None:
        ref = resources.files("policytext") / "data" / "cleaning_rules.yaml"
        where = "policytext/data/cleaning_rules.yaml"
        raw = ref.read_text(encoding="utf-8")
    else:
        where = str(path)
        try:
            raw = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise CleaningRulesError(f"{where}: cannot read cleaning rules: {exc}") from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise CleaningRulesError(f"{where}: not valid YAML: {exc}") from exc
    if not isinstance(data, Mapping) or not isinstance(data.get("rules"), list):
        raise CleaningRulesError(f"{where}: expected a mapping with a 'rules' list")
    rules = tuple(_compile_rule(e, where, None) for e in data["rules"])
    ids = Counter(r.id for r in rules)
    dups = [i for i, n in ids.items() if n > 1]
    if dups:
        raise CleaningRulesError(f"{where}: duplicate rule ids {dups}")
    keep = tuple(_compile_rule(e, where, "line") for e in data.get("keep", []) or [])
    settings = dict(_DEFAULT_SETTINGS)
    for k, v in (data.get("settings") or {}).items():
        if k not in _DEFAULT_SETTINGS:
            raise CleaningRulesError(f"{where}: unknown setting {k!r}")
        settings[k] = float(v)
    return CleaningRules(rules=rules, keep=keep, settings=settings, path=where)


_DEFAULT_RULES: CleaningRules | None = None


def _resolve_rules(rules: CleaningRules | str | Path | None) -> CleaningRules:
    global _DEFAULT_RULES
    if isinstance(rules, CleaningRules):
        return rules
    if rules is None:
        if _DEFAULT_RULES is None:
            _DEFAULT_RULES = load_cleaning_rules()
        return _DEFAULT_RULES
    return load_cleaning_rules(rules)


# ------------------------------------------------------------------------------------- reconstruction


def delete_spans(text: str, removed: list[dict[str, Any]]) -> str:
    """Delete the (sorted, non-overlapping) ``removed`` spans from ``text``.

    Examples
    --------
    >>> delete_spans("广告\\n政府工作报告", [{"start": 0, "end": 3, "rule": "x", "text": "广告\\n"}])
    '政府工作报告'
    """
    out: list[str] = []
    pos = 0
    for r in removed:
        out.append(text[pos : int(r["start"])])
        pos = int(r["end"])
    out.append(text[pos:])
    return "".join(out)


_BLANKS_RE = re.compile(r"\n{3,}")
_NL_RUN_RE = re.compile(r"\n\s*")  # from the first newline of a whitespace run to its end


def _layout_deletions(mid: str) -> list[tuple[int, int]]:
    """The intervals of ``mid`` that :func:`normalize_layout` deletes (sorted, disjoint).

    A whitespace run holding newlines reads ``p0 \\n p1 \\n ... \\n pk``: ``p0`` ends the previous line and ``pk``
    starts the next one (both kept), ``p1 .. p(k-1)`` are whitespace-only lines (blanked) and newlines after the
    second are collapsed.  At the start of the text everything up to ``pk`` goes, at the end everything after
    ``p0``; a text of whitespace only is deleted whole.
    """
    n = len(mid)
    out: list[tuple[int, int]] = []
    if not mid.strip():
        return [(0, n)] if n else []
    first_text = n - len(mid.lstrip())  # offset of the first character that is not whitespace
    for m in _NL_RUN_RE.finditer(mid):
        a, b = m.span()
        nls = [a + k for k, ch in enumerate(m.group()) if ch == "\n"]
        if a <= first_text:  # leading run: drop the whole prefix up to the last newline
            out.append((0, nls[-1] + 1))
        elif b == n:  # trailing run: drop from the first newline on
            out.append((a, n))
        elif len(nls) >= 2:
            if nls[1] > nls[0] + 1:
                out.append((nls[0] + 1, nls[1]))  # p1
            if len(nls) >= 3:
                out.append((nls[1] + 1, nls[-1] + 1))  # p2 .. newline k
    return out


def normalize_layout(text: str) -> str:
    """The documented layout normalisation applied after deleting removed spans.

    Whitespace-only lines become empty, runs of blank lines collapse into one blank line, and blank
    lines at the start and end are dropped.  Only whitespace is ever deleted.

    Examples
    --------
    >>> normalize_layout("\\n\\n各位代表：\\n \\u3000\\n\\n\\n现在，我代表国务院。\\n\\n")
    '各位代表：\\n\\n现在，我代表国务院。'
    """
    lines = [("" if not ln.strip() else ln) for ln in text.split("\n")]
    joined = "\n".join(lines)
    joined = _BLANKS_RE.sub("\n\n", joined)
    return joined.strip("\n")


# ----------------------------------------------------------------------------------------- the cleaner


class _LineTable:
    """Line offsets of a text in two machine-integer arrays (24 bytes a line instead of ~140 for a list of tuples):
    ``table[li]`` is ``(start, end_without_newline, end_with_newline)``."""

    def __init__(self, text: str) -> None:
        n = len(text)
        starts = array("q", [0])
        ends = array("q")
        pos = 0
        while pos < n:
            nl = text.find("\n", pos)
            if nl < 0:
                ends.append(n)
                break
            ends.append(nl)
            pos = nl + 1
            if pos < n:
                starts.append(pos)
        if n == 0:
            starts = array("q")
        self.starts, self.ends, self.n = starts, ends, n

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, li: int) -> tuple[int, int, int]:
        b = self.ends[li]
        return self.starts[li], b, min(b + 1, self.n)


class _Doc:
    """An input text with a removal mask; removals are recorded per rule."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.mask = bytearray(len(text))  # 1 = removed
        self.spans: list[tuple[int, int, str]] = []
        self.lines = _LineTable(text)  # (start, end_without_newline, end_with_newline) of each line

    def remove(self, start: int, end: int, rule: str) -> None:
        """Remove [start, end), skipping characters already removed."""
        i = start
        while i < end:
            while i < end and self.mask[i]:
                i += 1
            j = i
            while j < end and not self.mask[j]:
                j += 1
            if j > i:
                self.mask[i:j] = b"\x01" * (j - i)
                self.spans.append((i, j, rule))
            i = j

    def kept(self, a: int, b: int) -> str:
        """The characters of [a, b) not yet removed."""
        m = self.mask
        if not any(m[a:b]):
            return self.text[a:b]
        return "".join(self.text[k] for k in range(a, b) if not m[k])

    def key(self, li: int) -> str:
        a, b, _ = self.lines[li]
        return _WS_RE.sub("", self.kept(a, b))

    def remove_line(self, li: int, rule: str) -> None:
        a, _, c = self.lines[li]
        self.remove(a, c, rule)

    def removed_list(self) -> list[dict[str, Any]]:
        spans = sorted(self.spans)
        merged: list[list[Any]] = []
        for s, e, r in spans:
            if merged and merged[-1][1] == s and merged[-1][2] == r:
                merged[-1][1] = e
            else:
                merged.append([s, e, r])
        return [{"start": s, "end": e, "rule": r, "text": self.text[s:e]} for s, e, r in merged]


def _apply_rules(doc: _Doc, rules: CleaningRules) -> None:
    text = doc.text
    for rule in rules.rules:
        if rule.scope != "anywhere":
            continue
        for m in rule.pattern.finditer(text):
            if m.end() > m.start():
                doc.remove(m.start(), m.end(), rule.id)
    default_max = int(rules.setting("max_line_chars"))
    line_rules = [r for r in rules.rules if r.scope in ("line", "head")]
    head_max = int(rules.setting("head_max_lines"))
    in_head = True
    head_seen = 0
    for li in range(len(doc.lines)):
        a, b, _ = doc.lines[li]
        content = doc.kept(a, b)
        if not content.strip():
            continue
        hit = False
        for rule in line_rules:
            if rule.scope == "head" and not in_head:
                continue
            found = rule.pattern.search(content)
            if found is None or found.end() == found.start():
                continue
            limit = rule.max_line_chars if rule.max_line_chars is not None else default_max
            if len(content.strip()) <= limit:
                doc.remove_line(li, rule.id)
                hit = True
                break
            # long line: remove only the matches (mapped back through the mask)
            _remove_matches_in_line(doc, li, rule)
            content = doc.kept(a, b)
        if in_head:
            head_seen += 1
            if (not hit and content.strip()) or head_seen >= head_max:
                in_head = False


def _remove_matches_in_line(doc: _Doc, li: int, rule: CleaningRule) -> None:
    a, b, _ = doc.lines[li]
    idx = [k for k in range(a, b) if not doc.mask[k]]
    content = "".join(doc.text[k] for k in idx)
    for m in rule.pattern.finditer(content):
        for k in range(m.start(), m.end()):
            doc.remove(idx[k], idx[k] + 1, rule.id)


_FRAGMENT_WINDOW = 20_000  # characters of recently seen text searched for a fragment that is not a prefix/suffix


def _dedup(doc: _Doc, rules: CleaningRules) -> None:
    """Remove runs of lines that repeat earlier text: the same line, or a fragment of an earlier line.

    Linear in the size of the document: exact repeats by a set; a fragment (at least ``dedup_fragment_min_chars``)
    is found when it is a prefix or a suffix of any earlier line (anchored on its first/last characters) or a
    substring of the last ``_FRAGMENT_WINDOW`` characters of earlier lines (a scraped page repeating a tail of the
    paragraph before it).

    Memory: earlier lines are remembered by hashes of their key, head and tail (machine integers) and by their
    line number; a hash match is always confirmed on the lines' text, so a collision can never remove a line.
    """
    min_run = int(rules.setting("dedup_min_chars"))
    frag_min = int(rules.setting("dedup_fragment_min_chars"))
    n_lines = len(doc.lines)
    # earlier non-repeat lines by hash: hash -> line number, or a list of line numbers when hashes collide
    seen: dict[int, Any] = {}
    heads: dict[int, Any] = {}
    tails: dict[int, Any] = {}
    recent: deque[str] = deque()
    recent_len = 0
    run: list[tuple[int, int]] = []  # (line, key length)
    window = ""  # "\x00".join(recent) as of the last rebuild; lines appended since are in `pending`
    pending: list[str] = []

    def add(table: dict[int, Any], h: int, li: int) -> None:
        old = table.get(h)
        if old is None:
            table[h] = li
        elif isinstance(old, list):
            old.append(li)
        else:
            table[h] = [old, li]

    def lines_of(table: dict[int, Any], h: int) -> list[int]:
        got = table.get(h)
        return [] if got is None else got if isinstance(got, list) else [got]

    def flush() -> None:
        if run and sum(n for _, n in run) >= min_run:
            for li, _ in run:
                doc.remove_line(li, DEDUP_RULE)
        run.clear()

    def fragment(k: str) -> bool:
        nonlocal window
        n = len(k)
        if any(len(e) > n and e.startswith(k) for e in map(doc.key, lines_of(heads, hash(k[:frag_min])))):
            return True
        if any(len(e) > n and e.endswith(k) for e in map(doc.key, lines_of(tails, hash(k[-frag_min:])))):
            return True
        if len(pending) > 16:  # one C-level search of a joined window instead of a Python loop over its lines
            window = "\x00".join(recent)
            pending.clear()
        return k in window or any(k in line for line in pending)

    for li in range(n_lines):
        k = doc.key(li)
        if not k:
            continue
        hk = hash(k)
        exact = any(doc.key(j) == k for j in lines_of(seen, hk))
        if exact or (len(k) >= frag_min and fragment(k)):
            run.append((li, len(k)))
            continue
        flush()
        add(seen, hk, li)
        if len(k) >= frag_min:
            add(heads, hash(k[:frag_min]), li)
            add(tails, hash(k[-frag_min:]), li)
        recent.append(k)
        pending.append(k)
        recent_len += len(k)
        while recent_len > _FRAGMENT_WINDOW and len(recent) > 1:
            recent_len -= len(recent.popleft())
    flush()


def _find_title(doc: _Doc, rules: CleaningRules) -> tuple[int | None, str | None, int | None]:
    """(offset, title, line index) of the title: the first kept line if it looks like a title."""
    kept_lines = []  # the first three lines with kept text (all the title test looks at)
    for li in range(len(doc.lines)):
        if doc.kept(doc.lines[li][0], doc.lines[li][1]).strip():
            kept_lines.append(li)
            if len(kept_lines) == 3:
                break
    if not kept_lines:
        return None, None, None
    first = kept_lines[0]
    a, b, _ = doc.lines[first]
    content = doc.kept(a, b)
    stripped = content.strip()
    looks = (
        4 <= len(stripped) <= 80
        and not any(ch in stripped for ch in _SENTENCE_END)
        and not _SALUTATION_RE.match(stripped)
    )
    if looks and not _TITLE_RE.search(stripped):
        # a title spread over lines: 高举…旗帜 / 为…而团结奋斗 / ——在…上的报告
        follow = [doc.kept(doc.lines[li][0], doc.lines[li][1]) for li in kept_lines[1:3]]
        looks = any(_TITLE_FOLLOW_RE.match(f) for f in follow)
    if not looks:
        return None, None, None
    # offset of the first non-whitespace kept char
    for k in range(a, b):
        if not doc.mask[k] and not doc.text[k].isspace():
            return k, stripped, first
    return None, None, None  # pragma: no cover - stripped is non-empty


def _find_salutation(doc: _Doc, after_line: int) -> str | None:
    n_checked = 0
    for li in range(after_line, len(doc.lines)):
        a, b, _ = doc.lines[li]
        content = doc.kept(a, b).strip()
        if not content:
            continue
        if _SALUTATION_RE.match(content):
            return content.rstrip("?？").strip()
        n_checked += 1
        if n_checked > 40:
            break
    return None


def _finish(doc: _Doc, rules: CleaningRules) -> CleanResult:
    t_off, title, t_line = _find_title(doc, rules)
    salutation = _find_salutation(doc, t_line if t_line is not None else 0)
    if t_off is not None:
        body_start = t_off
    else:
        body_start = next(
            (k for k in range(len(doc.text)) if not doc.mask[k] and not doc.text[k].isspace()),
            len(doc.text),
        )
    removed = _with_layout_spans(doc.text, doc.removed_list())
    text = delete_spans(doc.text, removed)
    return CleanResult(text=text, removed=removed, body_start=body_start, title=title, salutation=salutation)


def _with_layout_spans(raw: str, removed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``removed`` plus the layout whitespace :func:`normalize_layout` deletes, as spans into ``raw``."""
    mid = delete_spans(raw, removed)
    dels = _layout_deletions(mid)
    if not dels:
        return removed
    # kept segments of raw, with their start in mid
    seg_raw: list[int] = []
    seg_mid: list[int] = []
    pos = mid_pos = 0
    for r in removed + [{"start": len(raw), "end": len(raw)}]:
        s0 = int(r["start"])
        if s0 > pos:
            seg_raw.append(pos)
            seg_mid.append(mid_pos)
            mid_pos += s0 - pos
        pos = int(r["end"])
    seg_mid.append(mid_pos)  # sentinel: end of mid
    layout: list[tuple[int, int]] = []
    for a, b in dels:
        k = bisect_right(seg_mid, a) - 1
        while a < b:
            seg_end_mid = seg_mid[k + 1]
            e = min(b, seg_end_mid)
            layout.append((seg_raw[k] + a - seg_mid[k], seg_raw[k] + e - seg_mid[k]))
            a = e
            k += 1
    spans = [(int(r["start"]), int(r["end"]), str(r["rule"])) for r in removed]
    spans += [(s0, e0, LAYOUT_RULE) for s0, e0 in layout]
    spans.sort()
    merged: list[list[Any]] = []
    for s0, e0, rule in spans:
        if merged and merged[-1][1] == s0 and merged[-1][2] == rule:
            merged[-1][1] = e0
        else:
            merged.append([s0, e0, rule])
    return [{"start": s0, "end": e0, "rule": rule, "text": raw[s0:e0]} for s0, e0, rule in merged]


def _prepare(text: str, rules: CleaningRules) -> _Doc:
    doc = _Doc(text)
    _apply_rules(doc, rules)
    _dedup(doc, rules)
    return doc


def clean_text(text: str, rules: CleaningRules | str | Path | None = None) -> CleanResult:
    """Clean one decoded, LF-normalised document and report every removal.

    Parameters
    ----------
    text : str
        Decoded text with ``\\n`` line ends.
    rules : CleaningRules, path or None
        Rules from :func:`load_cleaning_rules`, a path to a rules YAML file, or ``None`` for the packaged
        rules.

    Returns
    -------
    CleanResult
        ``text`` (cleaned), ``removed`` (spans into the input, with rule ids), ``body_start``, ``title``,
        ``salutation``.  ``text == normalize_layout(delete_spans(input, removed))``.

    Examples
    --------
    >>> raw = "仅供学习 禁止外传\\n会员群：   免费QQ群：\\n\\n在区委务虚会上的讲话\\n同志们：\\n加快×发展。"
    >>> r = clean_text(raw)
    >>> r.text
    '在区委务虚会上的讲话\\n同志们：\\n加快×发展。'
    >>> r.title, r.salutation, r.body_start == raw.index("在区委")
    ('在区委务虚会上的讲话', '同志们：', True)
    >>> [x["rule"] for x in r.removed]  # the blank line left at the top goes with the layout rule
    ['ad_study_only', 'ad_member_group', 'layout_whitespace']
    """
    if not isinstance(text, str):
        raise TypeError(f"clean_text expects str, got {type(text).__name__}")
    rs = _resolve_rules(rules)
    return _finish(_prepare(text, rs), rs)


def clean_corpus(
    texts: Mapping[str, str],
    rules: CleaningRules | str | Path | None = None,
    repeated_min_docs: int = 5,
) -> dict[str, CleanResult]:
    """Clean many documents; also remove boilerplate lines repeated across documents.

    Each document is cleaned as by :func:`clean_text`.  In addition, a line (whitespace-stripped, at most
    ``repeated_max_chars`` long) that occurs verbatim in at least ``repeated_min_docs`` documents *and* in at
    least ``repeated_min_share`` of them is removed with rule id ``repeated_line`` — unless a ``keep``
    pattern protects it (salutations such as 各位代表：, headings such as 一、, bylines, titles) or it ends in
    。 or ？ (formulaic sentences such as 现在，我代表国务院，向大会作政府工作报告… recur in every report).

    Parameters
    ----------
    texts : mapping of doc_id to str
        Decoded, LF-normalised texts.
    rules : CleaningRules, path or None
        As for :func:`clean_text`.
    repeated_min_docs : int, default 5
        Minimum number of documents a line must occur in to count as corpus boilerplate.

    Returns
    -------
    dict of doc_id to CleanResult

    Examples
    --------
    >>> ad = "本文来自某某范文网"
    >>> docs = {f"d{i}": f"{ad}\\n各位代表：\\n第{i}号报告正文。" for i in range(5)}
    >>> res = clean_corpus(docs)
    >>> res["d0"].text
    '各位代表：\\n第0号报告正文。'
    >>> res["d0"].removed[0]["rule"]
    'repeated_line'
    """
    rs = _resolve_rules(rules)
    docs = {doc_id: _prepare(t, rs) for doc_id, t in texts.items()}
    max_chars = int(rs.setting("repeated_max_chars"))
    share = rs.setting("repeated_min_share")
    df: Counter[str] = Counter()
    n_docs = len(docs)
    threshold = max(repeated_min_docs, share * n_docs)
    for doc in docs.values() if n_docs >= threshold else ():  # (fewer documents than the threshold: no line can be)
        lines = doc.lines
        keys = {k for li in range(len(lines)) if (k := doc.key(li)) and len(k) <= max_chars}
        df.update(keys)
    boiler = {
        k for k, n in df.items() if n >= threshold and not k.endswith(("。", "？")) and not rs.is_kept(k)
    }
    out: dict[str, CleanResult] = {}
    for doc_id, doc in docs.items():
        if boiler:
            for li in range(len(doc.lines)):
                a, b, _ = doc.lines[li]
                k = doc.key(li)
                if k in boiler and not rs.is_kept(doc.kept(a, b)):
                    doc.remove_line(li, REPEATED_RULE)
        out[doc_id] = _finish(doc, rs)
    return out
