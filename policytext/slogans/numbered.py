"""Numbered formulations (数字式提法): 三大战略, 四条新路, 两不愁三保障, 5个100工程, 十四五 …

One scanner (:func:`match_numbered`) decides what is a formulation; :func:`find_numbered` reports it with its
members and :func:`policytext.slogans.spans.protected_spans` keeps the same surfaces whole for the tokenizer.
The labelling rule is written down in ``docs/numbered_formulations.md``.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .lexicon import Lexicon, load_lexicon
from .numerals import parse_numeral as _parse_numeral

__all__ = ["NumberedMatch", "find_numbered", "match_numbered", "numbered_spans"]

_HAN = "\u4e00-\u9fff"
_NUMC = "一二两三四五六七八九十双"
_RUNC = "一二两三四五六七八九十百千万〇零"
_QUANTITY_NEXT = frozenset("年月日天周岁次倍元角分亿%‰米吨斤亩户人名家所座台辆批届期号成份层级度些万千百侧岸边端旁头连")
_NOT_BEFORE = frozenset("之第初周数几零〇一二两三四五六七八九十百千万0123456789０１２３４５６７８９×.．")
_NOT_BEFORE_ONE = frozenset("统唯同单划万专逐进每")
_QN_CLASS = "".join(sorted(_QUANTITY_NEXT - set("%‰")))
# A candidate starts at a numeral.  Every alternative begins with a plain character (class) so that the regex
# engine can skip non-numeral text quickly; numerals directly followed by a quantity word (三年, 两个月 is
# kept: 个 is a measure) are dropped here unless they open a quotation or a quoted item.  Ordinal/date contexts (第三, 初一, 周五) and words such as 统一 are
# checked on the character before the match (_NOT_BEFORE, _NOT_BEFORE_ONE).
_CAND = re.compile(
    r"[\d一二两三四五六七八九十双百“、·]"  # one leading character class: the engine's fast skip
    r"(?:"
    rf"(?<=[二两三四五六七八九十双])(?![{_QN_CLASS}%‰])"
    r"|(?<=[“、·])[二两三四五六七八九十双]"  # a quoted item may start with a quantity-looking word (“四级三类”)
    r"|(?<=一)(?=[个大项条种类件位带国学区核心]|[\u4e00-\u9fff]{1,3}[一二两三四五六七八九十双])"
    r"|(?<=百)千万|(?<=十)百千|(?<=\d)\d*(?=个\d|\s?[+＋]\s?[\dNnXx]))"
)
_MEASURES = ("方面", "个", "大", "项", "条", "种", "类", "件", "位", "点", "线", "句", "字", "场", "支", "张",
             "轮", "道", "型", "化", "严", "实")
_MEASURE_RX = re.compile("方面|[" + "".join(m for m in _MEASURES if len(m) == 1) + "]")
_RUN_RX = re.compile("[" + _RUNC + "]{1,4}")
_BARE_MEASURES = frozenset({"方面", "点", "句", "字"})  # 三点, 两个方面: the measure is the head
# words that end a head although they are dictionary words (两国之间, 四大指标应该, 两方面都)
_HEAD_END_WORDS = frozenset({"之间", "之一", "之后", "之前", "之中", "以上", "以下", "以来", "以后", "以前",
                             "应该", "应当", "需要", "必须", "可以", "能够", "作出", "进行"})
# nouns that close a long head: 九大有色金属基地 (not 九大有色金属), 五大重点产业集群
_HEAD_NOUNS = frozenset({"基地", "工程", "项目", "集群", "产业", "体系", "战略", "行动", "原则", "任务", "领域",
                         "园区", "中心", "板块", "城市", "矿区", "油田", "港口", "设施", "方针", "政策"})
_HEAD_STOP = frozenset("的和与及或是在上中为了着要就都也还又并而以把被对向从到给让等这那其之各每所将已由该此得地来")
_SENT_END = "。！？；!?;\n"
_CLAUSE_DELIM = "，。；：！？!?;:\n（(“”)）"
_ITEM_SEP = re.compile(r"[、·]")
_ITEM_CHARS = re.compile(r"[\u4e00-\u9fff“”‘’·（）]+")
_FIRST_ITEM_MARKERS = (
    "突出抓好", "着力抓好", "守住", "抓好", "走好", "打好", "做好", "实现", "实施", "构建", "推进", "围绕",
    "坚持", "加强", "落实", "统筹", "聚焦", "发挥", "建设", "提出", "和", "与", "及", "在", "把", "将", "对",
    "以", "为", "是", "有", "了", "即", "的", "重点发展", "推动", "加快发展", "加快", "促进", "打造", "培育",
    "壮大", "以及", "从", "自", "加上", "包括", "如果", "做到", "达到", "着", "根据", "按照", "遵循", "本着",
)
_WORD_MARKERS = frozenset({"从", "自", "加上", "包括", "如果", "做到", "达到", "着", "根据", "按照", "遵循", "本着"})
# prepositions that open a list's first item: what follows them is the whole item (在互相尊重主权和领土完整、…)
_ITEM_OPENERS = frozenset({"在", "从", "根据", "按照", "遵循", "本着"})


def _word_bounds(s: str) -> set[int]:
    """Offsets in ``s`` where a jieba word starts or ends."""
    out = {0}
    k = 0
    for w in _words(s):
        k += len(w)
        out.add(k)
    return out
# 和/与/及 end the text before the first item only in the two-item form (A和B两…); inside a 、-list the first
# item may itself contain them (互相尊重主权和领土完整、互不侵犯、…)
_CONJ_MARKERS = frozenset({"和", "与", "及"})
_PLAN = re.compile(r"十[一二三四五六七八九]五|[六七八九]五|十五")
_PLAN_NEXT = ("计划", "规划", "时期", "期间", "期末", "末", "以来", "头", "开局", "收官", "纲要", "前", "中期")
_CODE_NXM = re.compile(rf"(\d+)个(\d+)([{_HAN}]{{1,4}})")
_CODE_PLUS = re.compile(r"(\d+)\s?[+＋]\s?(\d+|[NnXx])(?![\d%.．])")
_CODE_TIERS = re.compile(r"百千万|十百千")
_CODE_REPEAT = re.compile(r"([二三四五六七八九])\1(?=[\u4e00-\u9fff])")
_CODE_PCT = re.compile(r"([二两三四五六七八九十])个(\d+(?:\.\d+)?%)")
_AMOUNT = ("亿", "元", "万元", "千元")
# 全国十大考古新发现, 世界十大…: a ranking (top ten), not a set of items named by a count
_RANKING_SCOPE = ("全国", "全省", "全市", "全球", "世界", "中国", "国内", "国际", "年度")
_CODE_NEXT = ("工程", "计划", "行动", "人才", "活动", "人次")
_CODE_REPEAT_NEXT = re.compile("|".join(_CODE_NEXT + ("战略",)))
_QUOTE = re.compile(r"“([^“”\n]{1,80})”")
_BREAK_LINE = re.compile(r"第[一二三四五六七八九十]+(?:个问题|部分|章|节)|[一二三四五六七八九十]+、")
_BREAK_RE = re.compile(r"\n[ \u3000]*(?:" + _BREAK_LINE.pattern + ")")


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


def _group_ok(key: str, members: list[str]) -> bool:
    m = re.match(rf"[{_NUMC}百千万]+", key)
    if not m:
        return True
    n = parse_numeral(m.group(0))
    return n is None or n == len(members)


# --------------------------------------------------------------------------------------------------------
# context helpers
class _Ctx:
    """Per-text precomputation: quoted spans, lexicon surfaces."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.quotes = [(m.start(1), m.end(1)) for m in _QUOTE.finditer(text)]
        self.q_starts = [s for s, _ in self.quotes]

    def quote_at(self, start: int, end: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.q_starts, start) - 1
        if i >= 0:
            qs, qe = self.quotes[i]
            if qs <= start and end <= qe:
                return qs, qe
        return None


_NonForm = list[tuple[int, frozenset[str], re.Pattern[str]]]
_LEX_RX: dict[int, tuple[re.Pattern[str], _NonForm]] = {}


def _lex_patterns(lex: Lexicon) -> tuple[re.Pattern[str], _NonForm]:
    """(lexicon surfaces, longest first, as one anchored regex; non-formulation words by numeral offset).

    A non-formulation word such as 红十字 is stored under offset 1 (the candidate numeral is its 2nd character),
    so the scanner checks it with one ``match`` at ``p - 1`` instead of scanning the whole text for it.
    """
    key = id(lex)
    got = _LEX_RX.get(key)
    if got is None:
        surf = re.compile("|".join(re.escape(x) for x in lex.surfaces) or r"(?!)")
        by_off: dict[int, list[str]] = {}
        for w in lex.non_formulations:
            for k, c in enumerate(w):
                if c in _NUMC or c.isdigit() or (c == "百" and w.startswith("百千万", k)):
                    by_off.setdefault(k, []).append(w)
        nf = [(k, frozenset(w[0] for w in ws),
               re.compile("|".join(re.escape(w) for w in sorted(set(ws), key=len, reverse=True))))
              for k, ws in sorted(by_off.items())]
        got = (surf, nf)
        _LEX_RX[key] = got
    return got


@functools.lru_cache(maxsize=8192)
def parse_numeral(s: str) -> int | None:
    """Cached :func:`policytext.slogans.numerals.parse_numeral` (the scanner parses the same few runs)."""
    return _parse_numeral(s)


def _numeral_run(text: str, p: int) -> tuple[str, int]:
    if text[p] == "双":
        return "双", p + 1
    m = _RUN_RX.match(text, p)
    if m is None:
        return "", p
    return m.group(0), m.end()


_HAN_RUN = re.compile(f"[{_HAN}]+")


def _cut_head(text: str, q: int, max_len: int = 4, measured: bool = False) -> int:
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
    for w in _words(text[q:k]):
        if (len(w) == 1 and w in _HEAD_STOP) or w in _HEAD_END_WORDS:
            break
        if e and w[0] in _RUNC and w[0] != "一":
            break
        if e + len(w) > max_len:
            if measured and e and w in _HEAD_NOUNS and e + len(w) <= max_len + 2:
                e += len(w)
            break
        e += len(w)
    if e:
        return q + e
    # no whole word fits (a long first word): the character rule
    e = q
    if measured and e + 1 < n and text[e] in _HEAD_STOP and _is_han(text[e + 1]) and text[e + 1] not in _HEAD_STOP:
        e += 1
    while e < n and e - q < max_len and _is_han(text[e]) and text[e] not in _HEAD_STOP:
        if e > q and text[e] in _RUNC and text[e] != "一":
            break
        e += 1
    return e


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


@functools.lru_cache(maxsize=65536)
def _words(s: str) -> tuple[str, ...]:
    """jieba words of ``s`` (dictionary only, no HMM), cached: heads are short and repeat."""
    return tuple(_rjieba().cut(s, hmm=False))


@functools.lru_cache(maxsize=1)
def _rjieba() -> Any:
    """A private jieba-rs instance with the default dictionary (words added elsewhere never reach it)."""
    import rjieba  # a dependency of the package; imported on first use

    return rjieba.Jieba()


def _clean_item(s: str) -> str:
    s = s.strip(" \u3000，,。：:；;")
    if s.startswith("“") and "”" in s:  # “解放思想、勇于进取”的开拓闯劲 -> the quoted part names the item
        return s[1: s.index("”")]
    return s.strip("“”")


def _trim_first(item: str, ref_len: int, conj: bool = True) -> str:
    best = item
    cut = False
    bounds: set[int] | None = None
    for mk in _FIRST_ITEM_MARKERS:
        if not conj and mk in _CONJ_MARKERS:
            continue
        i = item.rfind(mk)
        if i >= 0 and i + len(mk) < len(item):
            if mk in _WORD_MARKERS:  # only as a word of its own (党政同责: 同 is inside a word)
                if bounds is None:
                    bounds = _word_bounds(item)
                if i not in bounds or i + len(mk) not in bounds:
                    continue
            cand = item[i + len(mk):]
            if len(cand) < len(best):
                best, cut = cand, mk in _ITEM_OPENERS
    if cut and not conj:
        return best  # a list's first item starts after the marker (在互相尊重主权和领土完整、互不侵犯、…)
    if len(best) > ref_len + 2:
        best = best[-ref_len:]
    return best


def _listed_before(text: str, start: int, floor: int, number: int | None) -> list[str] | None:
    if number is not None and number < 2:
        return None
    j = start
    if j > 0 and text[j - 1] == "“":
        j -= 1
    if j > 0 and text[j - 1] == "”":  # “东、南、中、北”四线旅游网络: the list is quoted
        k = text.rfind("“", max(floor, j - 80), j - 1)
        if k < 0:
            return None
        clause = text[k + 1: j - 1]
    else:
        k = j
        lo = max(floor, j - 200)
        while k > lo and text[k - 1] not in _CLAUSE_DELIM:
            k -= 1
        clause = text[k:j]
    clause = clause.removesuffix("等")
    if clause[-1:] in ("这", "那") and _words(clause[-4:])[-1] in ("这", "那"):
        clause = clause[:-1]  # 计划生育和加强环境保护这两项基本国策: the demonstrative closes the list (not 印度支那)
    if number == 2:
        pair = _contrast_pair(clause)
        if pair is not None:
            return pair
    if not _ITEM_SEP.search(clause):
        chars = _char_members(clause, number)
        if chars is not None:
            return chars
        cut = _pair_conjunction(clause) if number == 2 else None
        if cut is not None:
            a, b = clause[:cut], clause[cut + 1:]
            b = _clean_item(b)
            a = _trim_first(_clean_item(a), len(b))
            # 发展、安全两件大事 / 经济快速发展和社会长期稳定两大奇迹: two items of similar length
            if (0 < len(a) <= 8 and 0 < len(b) <= 8 and abs(len(a) - len(b)) <= 2
                    and not any(x[0] in _DEMONSTRATIVES or x[-1] in _DEMONSTRATIVES for x in (a, b))):
                return [a, b]
        return None
    items = [_clean_item(x) for x in _ITEM_SEP.split(clause)]
    if len(items) < 2 or any(not x or len(x) > 24 for x in items[1:]) or not items[0]:
        return None
    if not all(_ITEM_CHARS.fullmatch(x) and not x.endswith("的") for x in items):
        return None  # 印发《…, 等6部门: not a list of names
    if items[-1][-1] in "和与及或":
        return None  # 茶叶等特色产品和“新三样”: the list ends before the label
    if number is not None and len(items) < number:
        for conj in ("以及", "和", "及", "与"):
            last = items[-1]
            if conj in last[1:-1]:
                a, b = last.split(conj, 1)
                items[-1:] = [a, b]
                break
    ref = max(len(x) for x in items[1:])
    first = _trim_first(items[0], ref, conj=False)
    lens = {len(x) for x in items[1:]}
    if len(lens) == 1 and len(first) > ref + 2:  # a uniform list: the first item is as long as the others
        first = first[-ref:]  # (在一定期限内缓缴养老、失业、医疗、工伤、生育 -> 养老)
    if len(lens) == 1 and len(first) != ref:
        # a uniform list (老、中、青): a conjunction before the first item ends the text before it
        # (接班人五项条件和老、中、青三结合)
        for conj in _CONJ_MARKERS:
            if first.rfind(conj) >= 0 and len(first) - first.rfind(conj) - 1 == ref:
                first = first[first.rfind(conj) + 1:]
    items[0] = first
    if not items[0]:
        return None
    return items


_PAIR_CONJ = frozenset({"和", "同", "与", "及", "跟"})
_DEMONSTRATIVES = frozenset("这那其此该")


def _pair_conjunction(clause: str) -> int | None:
    """Offset of the last conjunction word (和/同/与/及/跟 as a word of its own) in ``clause``, if not first.

    社会主义同资本主义(两条道路) -> at 同; 我们应当同时反对这(两种错误) -> None (同时 is a word).
    """
    words = _words(clause)
    pos = len(clause)
    for w in reversed(words):
        pos -= len(w)
        if w in _PAIR_CONJ:
            return pos if pos > 0 else None
    return None


def _char_members(clause: str, number: int | None) -> list[str] | None:
    """老中青(三结合), 工农兵: three one-character members written together right before a count of three.

    The run starts after a delimiter or a function character (和, 的 …) and has exactly three characters,
    none of them a function character (上 and 中 count as members here: 上中下, 老中青).
    """
    if number != 3 or len(clause) < number:  # (four or more characters together are words: 全面完成四种计划)
        return None
    run = clause[-number:]
    before = clause[-number - 1] if len(clause) > number else "，"
    if not (before in _CLAUSE_DELIM or before in _HEAD_STOP or not _is_han(before)):
        return None
    if not all(_is_han(c) and (c not in _HEAD_STOP or c in "上中") and c not in _RUNC for c in run):
        return None
    words = _words(run)
    if len(words) != 1 and any(len(w) > 1 for w in words):
        return None  # 全面完成(四种计划): words, not a run of one-character members
    return list(run)


def _contrast_pair(clause: str) -> list[str] | None:
    """国内国际(双循环), 线上线下(两个渠道): two two-character words sharing a character, written together."""
    if len(clause) < 4:
        return None
    x = clause[-4:]
    if not all(_is_han(c) and c not in _RUNC for c in x) or x[:2] == x[2:]:
        return None
    if len(clause) > 4 and _is_han(clause[-5]) and clause[-5] not in _HEAD_STOP:
        # inside a longer word run only when the pair is clearly delimited (以…为主体、国内国际双循环)
        return None
    if x[0] == x[2] or x[1] == x[3]:
        return [x[:2], x[2:]]
    return None


def _listed_after(text: str, end: int) -> list[str] | None:
    n = len(text)
    q = end
    if q < n and text[q] == "”":
        q += 1
    rest = text[q: q + 3]
    if rest.startswith(("（", "(")):
        close = "）" if rest[0] == "（" else ")"
        e = text.find(close, q + 1, q + 120)
        if e < 0:
            return None
        body = text[q + 1: e]
    elif rest.startswith(("，即", "即", "：即")):
        s = q + rest.index("即") + 1
        e = s
        while e < n and e - s < 120 and text[e] not in "。；;\n":
            e += 1
        body = text[s:e]
    elif rest.startswith(("：", ":")):
        s = q + 1
        e = s
        while e < n and e - s < 300 and text[e] not in "。\n":
            e += 1
        body = text[s:e]
        if "；" in body:  # 分两步走：从…；从…。
            parts = [_clean_item(x) for x in body.split("；")]
            return parts if len(parts) >= 2 and all(parts) else None
        e = s + (body.find("；") if "；" in body else len(body))
        body = text[s:e]
        if "，" in body:  # a colon followed by a sentence, not a list
            return None
    else:
        return None
    items = [_clean_item(x) for x in re.split(r"[、，,·]", body)]
    items = [x for x in items if x]
    if len(items) < 2 or any(len(x) > 24 for x in items):
        return None
    return items


def _arabic(k: int) -> str:
    return str(k)


def _cn(k: int) -> str:
    d = "一二三四五六七八九"
    if k < 10:
        return d[k - 1]
    if k == 10:
        return "十"
    if k < 20:
        return "十" + d[k - 11]
    return ""


_STYLES: tuple[tuple[str, str], ...] = (
    ("", "是"), ("", "要"), ("", "方面，"), ("第", "，"), ("第", "、"), ("第", "是"), ("（", "）"), ("(", ")"),
    ("", "、"), ("", "．"),
)


def _sentence_end(text: str, s: int, limit: int = 200) -> int:
    e = s
    n = len(text)
    while e < n and e - s < limit and text[e] not in _SENT_END and text[e] not in "：:":
        e += 1
    return e


def _after_label(text: str, end: int) -> int | None:
    """Position right after the sentence that the label closes (label + ” + 。/：), else None."""
    n = len(text)
    q = end
    if q < n and text[q] == "”":
        q += 1
    if q < n and text[q] in "。：:；;！!":
        q += 1
    elif q < n and text[q] == "\n":
        pass
    else:
        return None
    while q < n and text[q] in " \u3000\t\r\n":
        q += 1
    return q


def _enumeration_after(text: str, end: int) -> list[str] | None:
    q = _after_label(text, end)
    if q is None:
        return None
    n = len(text)
    line_start = q == 0 or text[q - 1] == "\n"
    style = None
    num = _cn
    for pre, post in _STYLES:
        if text.startswith(pre + "一" + post, q):
            style = (pre, post)
            break
    if style is None:
        for pre, post in (("（", "）"), ("(", ")")):  # （1）…（10）
            if text.startswith(pre + "1" + post, q):
                style, num = (pre, post), _arabic
                break
    if style is None:
        return None
    pre, post = style
    if post == "、" and not line_start:
        return None
    marks = [q]
    k = 2
    # where the run may continue: the paragraph for inline runs, up to a section break for line runs
    if line_start:
        limit = min(n, q + 8000)
        m = _BREAK_RE.search(text, q, limit)
        if m:
            limit = m.start()
    else:
        nl = text.find("\n", q)
        limit = n if nl < 0 else nl
    pos = q + len(pre) + 1 + len(post)
    while k < 20:
        tok = pre + num(k) + post
        found = -1
        i = text.find(tok, pos, limit)
        while i >= 0:
            before = text[i - 1] if i > 0 else "\n"
            if line_start:
                if before == "\n" or (before in " \u3000" and text[text.rfind("\n", 0, i) + 1: i].strip() == ""):
                    found = i
                    break
            elif before in _SENT_END or before in "：:\n":
                found = i
                break
            i = text.find(tok, i + 1, limit)
        if found < 0:
            break
        marks.append(found)
        pos = found + len(tok)
        k += 1
    if len(marks) < 2:
        return None
    items = []
    for i, mpos in enumerate(marks):
        s = mpos + len(pre) + len(num(i + 1)) + len(post)
        e = _sentence_end(text, s)
        item = _clean_item(text[s:e])
        if len(item) > 20 and "，" in item:
            item = item.split("，", 1)[0]
        items.append(item)
    return items


def _parallel_after(text: str, end: int, number: int | None) -> list[str] | None:
    if number is None or number < 2 or number > 12:
        return None
    q = _after_label(text, end)
    if q is None:
        return None
    n = len(text)
    limit = min(n, q + 4000)
    p2 = text[q: q + 2]
    if len(p2) < 2 or sum(text.count(d + p2, q, limit) for d in "。\n；！？") + 1 < number:
        return None
    m = _BREAK_RE.search(text, q, limit)
    if m:
        limit = m.start()
    sents: list[tuple[int, int]] = []
    s = q
    for i in range(q, limit + 1):
        if i == limit or text[i] in _SENT_END:
            while s < i and text[s] in " \u3000\t\n":
                s += 1
            if i > s:
                sents.append((s, i))
            s = i + 1
    if len(sents) < number:
        return None
    first = text[sents[0][0]: sents[0][1]]
    for L in range(min(16, len(first) - 1), 1, -1):
        pref = first[:L]
        if pref[-1] in "“（(":
            continue
        hits = [(a, b) for a, b in sents if text.startswith(pref, a)]
        if len(hits) == number:
            items = [_clean_item(text[a + L: b]) for a, b in hits]
            if all(0 < len(x) <= 20 for x in items):
                return items
            return None
        if len(hits) > number:
            return None
    return None


def _headed_after(text: str, end: int, number: int | None, head: str) -> list[str] | None:
    """Members given by the following sentences that open with one frame and end with the head.

    全力打造“六大产业集群”。… 打造优势矿产资源精深加工产业集群。… 打造新能源新材料产业集群。… -> the six
    sentences 打造…产业集群 (up to the next section heading) name the six members.
    """
    if number is None or number < 2 or number > 12 or len(head) < 2:
        return None
    q = _after_label(text, end)
    if q is None:
        return None
    n = len(text)
    limit = min(n, q + 6000)
    m = _BREAK_RE.search(text, q, limit)
    if m:
        limit = m.start()
    groups: dict[str, list[str]] = {}
    i = text.find(head + "。", q, limit)
    while i >= 0:
        e = i + len(head)
        s = e
        while s > q and text[s - 1] not in _SENT_END and e - s <= 30:
            s -= 1
        sent = text[s:e].lstrip(" \u3000\t")
        if 2 + len(head) < len(sent) <= 30 and (s == q or text[s - 1] in "。\n"):
            groups.setdefault(sent[:2], []).append(sent)
        i = text.find(head + "。", e, limit)
    hits = [g for g in groups.values() if len(g) == number]
    if len(hits) != 1:
        return None
    sents = hits[0]
    k = 2
    while all(len(x) > k + len(head) and x[k] == sents[0][k] for x in sents):
        k += 1
    return [x[k:] for x in sents]


def _code_list_after(text: str, end: int, number: int | None, tail: str) -> list[str] | None:
    """3个100万: the following 、-list of three items that each end with 100万."""
    if number is None or number < 2 or not tail:
        return None
    n = len(text)
    q = end + 1 if text[end: end + 1] == "”" else end
    if q >= n or text[q] not in "，：:（(":
        return None
    e = _sentence_end(text, q + 1, 300)
    body = text[q + 1: e].rstrip("）)")
    items = body.split("、")
    if len(items) != number or not all(x.endswith(tail) for x in items):
        return None
    first = items[0]
    for w in ("时期", "期间", "，"):  # a leading time phrase (“十五五”时期…) is not part of the first item
        if w in first:
            first = first[first.rindex(w) + len(w):]
    items[0] = first
    items = [_clean_item(x) for x in items]
    return items if all(len(x) > len(tail) for x in items) else None


def _local_members(text: str, start: int, end: int, floor: int, number: int | None, kind: str = "count",
                   head: str = "") -> tuple[list[str] | None, str | None]:
    if kind == "code":
        m = _CODE_NXM.fullmatch(text, start, end)
        if m is None:
            return None, None
        items = _code_list_after(text, end, number, m.group(2) + m.group(3))
        return (items, "listed") if items is not None else (None, None)
    items = _listed_before(text, start, floor, number)
    if items is not None:
        return items, "listed"
    items = _listed_after(text, end)
    if items is not None:
        return items, "listed"
    if _after_label(text, end) is None:  # the three finders below start after the label's sentence
        return None, None
    items = _enumeration_after(text, end)
    if items is not None:
        return items, "enumeration"
    items = _parallel_after(text, end, number)
    if items is not None:
        return items, "enumeration"
    items = _headed_after(text, end, number, head)
    if items is not None:
        return items, "enumeration"
    return None, None


# --------------------------------------------------------------------------------------------------------
# recognisers; each returns (end, label, number, head, kind) or None
_Rec = tuple[int, str, "int | None", str, str]


def _plan_period(text: str, p: int, ctx: _Ctx) -> _Rec | None:
    if text[p] not in "十六七八九":  # the first character of every _PLAN alternative
        return None
    m = _PLAN.match(text, p)
    if not m:
        return None
    e = m.end()
    s = m.group(0)
    nxt = text[e: e + 1]
    if nxt and (nxt in _QUANTITY_NEXT or nxt in _RUNC or nxt.isdigit() or nxt in "个大条项"):
        return None
    strong = len(s) == 3
    if not strong:
        q = e + 1 if nxt == "”" else e
        ok_next = text.startswith(_PLAN_NEXT, q)
        quoted = ctx.quote_at(p, e) == (p, e)
        if not (ok_next or quoted):
            return None
    number = parse_numeral(s[:-1])
    return e, s, number, "五年规划", "plan_period"


def _code(text: str, p: int, ctx: _Ctx) -> _Rec | None:
    c = text[p]
    if not c.isdecimal() and c not in "百十" and text[p + 1: p + 2] not in (c, "个"):
        return None  # none of the patterns below can match (they start with \d, 百/十, a doubled numeral or N个)
    m = _CODE_NXM.match(text, p)
    if m:
        if m.group(3).startswith(_AMOUNT) and ctx.quote_at(p, m.end()) is None:
            return None  # 12个百亿元项目, 70个30亿元以上项目: amounts
        return m.end(), m.group(0), int(m.group(1)), m.group(2) + m.group(3), "code"
    m = _CODE_REPEAT.match(text, p)
    if m:  # “六六就业稳岗计划”, 八八战略
        qq = ctx.quote_at(p, m.end())
        if qq is not None and qq[0] == p and qq[1] - p <= 12 and all(_is_han(c) for c in text[p:qq[1]]):
            return qq[1], text[p:qq[1]], parse_numeral(m.group(1)), text[p + 2:qq[1]], "code"
        w = _CODE_REPEAT_NEXT.match(text, m.end())
        if w is not None:
            return w.end(), text[p:w.end()], parse_numeral(m.group(1)), w.group(0), "code"
        return None
    m = _CODE_PCT.match(text, p)
    if m:  # “三个80%”: a quoted count of percentages
        if ctx.quote_at(p, m.end()) == (p, m.end()):
            return m.end(), m.group(0), parse_numeral(m.group(1)), m.group(2), "code"
        return None
    m = _CODE_PLUS.match(text, p)
    if m:
        before = text[p - 1: p]
        if before and (before in "+＋-－=×*/" or before.isdigit()):
            return None
        nxt = text[m.end(): m.end() + 1]
        quoted = ctx.quote_at(p, m.end()) is not None
        if not quoted and not ("\u4e00" <= nxt <= "\u9fff"):
            return None
        return m.end(), re.sub(r"\s", "", m.group(0)).replace("＋", "+"), int(m.group(1)), "", "code"
    m = _CODE_TIERS.match(text, p)
    if m:
        e = m.end()
        q = e + 1 if text[e: e + 1] == "”" else e
        if ctx.quote_at(p, e) == (p, e) or text.startswith(_CODE_NEXT, q):
            return e, m.group(0), parse_numeral(m.group(0)[0]), "", "code"
    return None


_WEIYITI = re.compile(r"[二三四五六七八九]位一体")
_GE_YI = re.compile(rf"[{_NUMC}]+个一")
_YI_X_YI_Y = re.compile(rf"一[{_HAN}]一[{_HAN}]")


def _split_compound(item: str) -> list[tuple[str, int, str]] | None:
    """两不愁三保障 -> [('两', 2, '不愁'), ('三', 3, '保障')]; None unless >= 2 numeral+head segments."""
    if _WEIYITI.fullmatch(item) or _GE_YI.match(item):
        return None  # 五位一体, 五个一批: count labels, not compounds
    if _YI_X_YI_Y.fullmatch(item):
        return None  # distributive 一企一策 / 一县一策 (a lexicon entry such as 一带一路 is matched first)  # 五位一体 is a count label, not 五位 + 一体
    segs: list[tuple[str, int, str]] = []
    i = 0
    n = len(item)
    while i < n:
        if item[i] == "、":
            i += 1
            continue
        j = i
        if item[i] == "双":
            j = i + 1
        else:
            while j < n and item[j] in _RUNC and j - i < 3:
                j += 1
        if j == i:
            return None
        num = parse_numeral(item[i:j])
        if num is None:
            return None
        k = j
        while k < n and item[k] not in _NUMC and item[k] != "、" and "\u4e00" <= item[k] <= "\u9fff":
            k += 1
        if k == j or k - j > 4:
            return None
        segs.append((item[i:j], num, item[j:k]))
        i = k
    return segs if len(segs) >= 2 else None


def _strip_measure(rest: str) -> str:
    m = _MEASURE_RX.match(rest)
    if m is not None and len(rest) > m.end():
        return rest[m.end():]
    return rest


def _quoted_item(text: str, p: int, ctx: _Ctx) -> _Rec | None:
    """The candidate fills a whole quoted item: “四个全面”, “一个定位、两个目标、…”, “两不愁三保障”."""
    q = ctx.quote_at(p, p + 1)
    if q is None:
        return None
    qs, qe = q
    if p != qs and text[p - 1] not in "、·":
        return None
    inner = text[qs:qe]
    if p == qs and len(inner) <= 12:
        segs = _split_compound(inner)
        if segs is not None:
            return qe, inner, segs[0][1], "", "compound"
    e = p
    whole = p == qs and "、" not in inner and len(inner) <= 12  # “四在农家·和美乡村”: the whole quote
    while e < qe and (whole or text[e] not in "、·"):
        e += 1
    item = text[p:e]
    if item in ctx.lex.non_formulations or len(item) > (12 if whole else 9):
        return None
    segs = _split_compound(item)
    if segs is not None and p == qs and e == qe:
        return e, item, segs[0][1], "", "compound"
    run, j = _numeral_run(text, p)
    num = parse_numeral(run)
    if num is None or j >= e:
        return None
    rest = text[j:e]
    if rest[0] in _QUANTITY_NEXT and not (run == "双" and p == qs and e == qe and len(inner) <= 4):
        return None  # (“双百”: 双 is never a quantity with a measure; the whole short quotation is the label)
    if not all("\u4e00" <= c <= "\u9fff" or c == "·" for c in rest):
        return None
    if run == "一" and not rest.startswith(_MEASURES):
        return None
    head = _strip_measure(rest)
    if len(head) > (10 if whole else 4):
        return None
    return e, item, num, head, "count"


def _prefixed_quote(text: str, p: int, ctx: _Ctx) -> tuple[int, _Rec] | None:
    """A short quotation whose one-character prefix precedes the numeral: “新三样”, “强双基”, “清四乱”.

    Returns ``(start, rec)`` with ``start`` at the opening character of the quotation (the whole quoted content
    is the surface, as for any quoted label).
    """
    q = ctx.quote_at(p, p + 1)
    if q is None:
        return None
    qs, qe = q
    if p - qs != 1 or qe - qs > 6:
        return None
    inner = text[qs:qe]
    pre = inner[0]
    if not _is_han(pre) or pre in _HEAD_STOP or pre in _RUNC or pre in _NOT_BEFORE or pre in _NOT_BEFORE_ONE:
        return None
    if inner in ctx.lex.non_formulations or not all(_is_han(c) for c in inner):
        return None
    run, j = _numeral_run(text, p)
    num = parse_numeral(run)
    if num is None or j >= qe or text[j] in _QUANTITY_NEXT or text[j] in _RUNC:
        return None
    if run == "一":  # 统一, 唯一, 专一 …: a word, not a count
        return None
    return qs, (qe, inner, num, _strip_measure(text[j:qe]), "count")


def _count(text: str, p: int, ctx: _Ctx) -> tuple[_Rec, bool] | None:
    """Unquoted (or partly quoted) count label; returns (rec, strong) where strong = accepted without members."""
    run, j = _numeral_run(text, p)
    num = parse_numeral(run)
    if num is None or j >= len(text):
        return None
    nxt = text[j]
    if nxt in _QUANTITY_NEXT:
        return None
    mm = _MEASURE_RX.match(text, j)
    measure = "" if mm is None else mm.group(0)
    if run == "一" and measure not in ("个", "大", "项", "条", "种", "类", "件", "位"):
        return None
    if run in ("百", "千", "万"):
        return None
    h = j + len(measure)
    strong = False
    if text[h: h + 1] == "“":  # 四个“必须”
        close = text.find("”", h + 1, h + 9)
        if close < 0:
            return None
        inner = text[h + 1: close]
        if not inner or not all("\u4e00" <= c <= "\u9fff" for c in inner):
            return None
        return (close + 1, run + measure + inner, num, inner, "count"), True
    e = _cut_head(text, h, measured=bool(measure))
    head = text[h:e]
    if not head:
        if measure in _BARE_MEASURES:
            return (h, text[p:h], num, measure, "count"), False
        return None
    if measure == "大" and num == 10 and text[max(0, p - 2): p] in _RANKING_SCOPE:
        return None
    if measure == "大" and 11 <= num <= 30:  # 十九大, 二十大: a party congress
        return (e, text[p:e], num, head, "count"), False
    if measure == "大":
        if text[p - 2: p] == "党的" or head.startswith(("报告", "精神", "以来", "代表", "召开", "胜利", "提出", "作出", "确定",
                                         "部署", "通过", "开幕", "闭幕", "期间", "强调", "明确", "当选")):
            strong = False
        else:
            strong = True
    if measure == "" and run != "双" and len(head) < 1:
        return None
    if measure == "" and head[0] == "国":
        return None  # 两国, 两国人民, 中苏两国总理: the two countries, a quantity
    return (e, text[p:e], num, head if measure else head, "count"), strong


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
    return _document_labels(out, weak, labels, ctx)


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
          ) -> tuple[list[NumberedMatch], list[tuple[int, int]], list[_WeakRec], set[str], _Ctx]:
    """The scanner: (matches if ``full``, spans of the matches, weak mentions, labels accepted on their own, ctx).

    With ``full=False`` members are computed only for mentions that are not accepted on their own (where
    they decide acceptance), so the spans are the same as with ``full=True``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    lex = lexicon if lexicon is not None else load_lexicon()
    ctx = _Ctx(text, lex)
    lex_rx, nonform = _lex_patterns(lex)
    out: list[NumberedMatch] = []
    spans: list[tuple[int, int]] = []
    weak: list[_WeakRec] = []
    strong_labels: set[str] = set()
    pos = 0
    prev_end = 0
    for cm in _CAND.finditer(text):
        p = cm.start()
        if text[p] in "“、·":
            p += 1
        if p < pos:
            continue  # inside a reported mention or a skipped word
        pos = p + 1
        if p > 0:
            b = text[p - 1]
            if b in _NOT_BEFORE or (b in _NOT_BEFORE_ONE and text[p] == "一"):
                continue
        # words around here that are never formulations (一体化, 千方百计, 红十字 …)
        skip = 0
        for k, firsts, rx in nonform:
            if k <= p and text[p - k] in firsts:
                w = rx.match(text, p - k)
                if w is not None and w.end() > p:
                    skip = max(skip, w.end())
        if skip:
            pos = skip
            continue
        rec: _Rec | None = None
        strong = False
        lex_entry = None
        start = p
        in_quote = ctx.quote_at(p, p + 1) is not None  # else neither quoted recogniser applies
        quoted_rec = _quoted_item(text, p, ctx) if in_quote else None
        lm = lex_rx.match(text, p)
        if lm is not None and not (quoted_rec is not None and quoted_rec[0] > lm.end()):
            # (a longer quoted item keeps its own label: “四个全面”战略布局)
            sf = lm.group(0)
            ent = lex.get(sf)
            assert ent is not None
            e = lm.end()
            lex_entry = ent
            rec = (e, ent.label, ent.number, _strip_measure(sf[len(_numeral_run(sf, 0)[0]):]), ent.kind)
            strong = not ent.generic or ctx.quote_at(p, e) is not None
        if rec is None:
            rec = _plan_period(text, p, ctx) or _code(text, p, ctx)
            strong = rec is not None
        if rec is None and quoted_rec is not None:
            rec, strong = quoted_rec, True
        if rec is None and in_quote and p > prev_end:
            pq = _prefixed_quote(text, p, ctx)
            if pq is not None:
                start, rec = pq
                strong = True
                lex_entry = lex.get(rec[1])
                if lex_entry is not None:
                    rec = (rec[0], lex_entry.label, lex_entry.number, rec[3], lex_entry.kind)
        if rec is None:
            c = _count(text, p, ctx)
            if c is None:
                continue
            rec, strong = c
        end, label, number, head, kind = rec
        members: list[str] | None = None
        source: str | None = None
        groups: dict[str, list[str]] | None = None
        if kind in ("count", "code") and (full or not strong):
            members, source = _local_members(text, start, end, prev_end, number, kind, head)
        if members is None and not strong:
            if head and head not in _BARE_MEASURES:
                weak.append((start, end, label, number, head, kind))
            continue
        if strong:
            strong_labels.add(label)
        spans.append((start, end))
        pos = end
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
        out.append(NumberedMatch(
            start=start, end=end, surface=text[start:end], label=label, number=number, head=head, kind=kind,
            quoted=ctx.quote_at(start, end) is not None, members=members, members_source=source, groups=groups,
        ))
    return out, spans, weak, strong_labels | _repeated_labels(weak, text), ctx


# counted things that stay quantities however often they are counted (三个问题, 两个地区, 五个城市)
_GENERIC_HEADS = frozenset({"问题", "部分", "方面", "环节", "阶段", "时期", "地区", "国家", "城市", "省份", "单位",
                            "企业", "项目", "措施", "办法", "步骤", "文件", "会议", "小时", "工作日", "百分点",
                            "部门", "人", "国", "字", "次", "品种", "产品", "方案", "批次", "年度计划"})
_LABEL_MEASURES = frozenset("个项条种类件位")
_UNIT_ENDS = frozenset("部厅局委办省市县区乡镇村国家厂校院所")


def _repeated_labels(weak: list[_WeakRec], text: str) -> set[str]:
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
                or head[0] in _HEAD_STOP or head[-1] in _UNIT_ENDS or any(c in _RUNC for c in head)):
            continue  # (一百二十个大型项目: an amount; 一个又一个: not a head; 六个工业部: units of government)
        run = _RUN_RX.match(label) if label[:1] != "双" else None
        measure = label[len(run.group(0)) if run else 1: len(label) - len(head)]
        if measure not in _LABEL_MEASURES:
            continue
        key = (number, head)
        by_key.setdefault(key, []).append(label)
        seen.setdefault(key, set()).add(text[max(0, s - 10): s] + "|" + text[e: e + 10])
    return {lab for key, labs in by_key.items() if len(seen[key]) >= 2 for lab in labs}


_WeakRec = tuple[int, int, str, "int | None", str, str]


def _weak_mentions(starts: list[int], ends: list[int], weak: list[_WeakRec], labels: set[str]) -> list[_WeakRec]:
    """The weak mentions whose label the document accepts elsewhere and that overlap no reported mention."""
    extra: list[_WeakRec] = []
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


def _document_labels(out: list[NumberedMatch], weak: list[_WeakRec], labels: set[str], ctx: _Ctx
                     ) -> list[NumberedMatch]:
    """Apply what the document itself establishes about a label to all its mentions.

    ``labels`` are the labels accepted on their own somewhere in the document (quoted, in the lexicon, a
    code, or with the measure 大).  Such a label is a label everywhere in the document: an unquoted
    十件民生实事 without members is reported when the same text elsewhere quotes “十件民生实事”.  The members
    the text defines for such a label (``listed``/``enumeration``) are given to its other mentions that have
    none or only lexicon members, with ``members_source="document"``.  Generic count words (两个方面, 三点)
    are never propagated.
    """
    defs: dict[str, list[str]] = {}
    for m in out:
        if (m.members is not None and m.members_source in ("listed", "enumeration") and m.kind != "compound"
                and m.label in labels and m.head and m.head not in _BARE_MEASURES and m.label not in defs):
            defs[m.label] = m.members
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
        if d is not None and (m.members is None or m.members_source == "lexicon"):
            m = dataclasses.replace(m, members=list(d), members_source="document")
        res.append(m)
    return res


_COLUMNS = ["doc_id", "start", "end", "surface", "label", "number", "head", "kind", "quoted", "members",
            "members_source", "n_members", "count_matches", "groups"]


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
        ``document``: defined at another mention of the same label in this document; ``lexicon``),
        n_members, count_matches, groups.  The text's own definition wins over the lexicon.

    Examples
    --------
    >>> import policytext as pt
    >>> df = pt.find_numbered("构建山、水、城、景、田“五位一体”，打好三大攻坚战")
    >>> df[["label", "members_source", "n_members"]].values.tolist()
    [['五位一体', 'listed', 5], ['三大攻坚战', 'lexicon', 3]]
    """
    cols: dict[str, list[Any]] = {c: [] for c in _COLUMNS}
    for doc_id, text, d in _iter_docs(text_or_corpus):
        for mt in match_numbered(text, lexicon=lexicon, date=d if d is not None else date):
            for c, v in zip(_COLUMNS, (
                doc_id, mt.start, mt.end, mt.surface, mt.label, mt.number, mt.head, mt.kind, mt.quoted,
                mt.members, mt.members_source, mt.n_members, mt.count_matches, mt.groups,
            ), strict=True):
                cols[c].append(v)
    return pd.DataFrame({c: _column(c, v) for c, v in cols.items()}, columns=_COLUMNS, copy=False)


_INT_COLS = frozenset({"number", "n_members"})


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
    arr = np.empty(n, dtype=object)
    arr[:] = values
    return arr
