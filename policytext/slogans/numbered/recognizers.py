"""Recognizers: each decides whether a candidate at a numeral is a numbered formulation and returns a
:class:`Rec` (end, label, number, head, kind) or None.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, NamedTuple

from ..lexicon import Lexicon
from .charsets import (
    BARE_MEASURES,
    HAN,
    HEAD_STOP,
    MEASURE_RX,
    MEASURES,
    NOT_BEFORE,
    NOT_BEFORE_ONE,
    NUMC,
    QN_CLASS,
    QUANTITY_NEXT,
    QUOTE,
    RUNC,
    is_han,
)
from .heads import cut_head, dict_words, numeral_run, parse_numeral, strip_measure

# A candidate starts at a numeral.  Every alternative begins with a plain character (class) so that the regex
# engine can skip non-numeral text quickly; numerals directly followed by a quantity word (三年, 两个月 is
# kept: 个 is a measure) are dropped here unless they open a quotation or a quoted item.  Ordinal/date contexts (第三, 初一, 周五) and words such as 统一 are
# checked on the character before the match (NOT_BEFORE, NOT_BEFORE_ONE).
CAND = re.compile(
    r"(?<![\d+＋])(?<![+＋]\s)"  # never inside a digit run or a code (“1111…”, 1+1+1…: one candidate per run, linear time)
    r"[\d一二两三四五六七八九十双百千“、·]"  # one leading character class: the engine's fast skip
    r"(?:"
    rf"(?<=[二两三四五六七八九十双])(?![{QN_CLASS}%‰])"
    r"|(?<=[“、·])[二两三四五六七八九十双]"  # a quoted item may start with a quantity-looking word (“四级三类”)
    r"|(?<=一)(?=[个大项条种类件位带国学区核心]|[\u4e00-\u9fff]{1,3}[一二两三四五六七八九十双])"
    r"|(?<=百)千|(?<=千)万|(?<=十)百千|(?<=\d)\d*(?=个\d|\s?[+＋]\s?[\dA-Za-z])"
    r"|(?<=“)\d{2,6}(?=”)"  # a quoted bare code (“1650”)
    r"|(?<=\d)\d?(?=大))"  # digits before 大: 5大支柱产业, 7大要素交易服务平台
)

_PLAN = re.compile(r"十[一二三四五六七八九]五|[六七八九]五|十五")
_PLAN_NEXT = ("计划", "规划", "时期", "期间", "期末", "末", "以来", "头", "开局", "收官", "纲要", "前", "中期")
CODE_NXM = re.compile(rf"(\d+)个(\d+)([{HAN}]{{0,4}})")
_CODE_PLUS = re.compile(r"(\d+)(?:\s?[+＋]\s?(?:\d+|[A-Za-z]))+(?![\d%.．A-Za-z])")
_CODE_TIERS = re.compile(r"百千万|十百千|千万|百千")
_CODE_BARE = re.compile(r"\d{3,6}")
_CODE_REPEAT = re.compile(r"([二三四五六七八九])\1(?=[\u4e00-\u9fff])")
_CODE_PCT = re.compile(r"([二两三四五六七八九十])个(\d+(?:\.\d+)?%)")
_AMOUNT = ("亿", "元", "万元", "千元")
# 全国十大考古新发现, 世界十大…: a ranking (top ten), not a set of items named by a count
_RANKING_SCOPE = ("全国", "全省", "全市", "全球", "世界", "中国", "国内", "国际", "年度")
_CODE_NEXT = ("工程", "计划", "行动", "人才", "活动", "人次")
_CODE_REPEAT_NEXT = re.compile("|".join(_CODE_NEXT + ("战略",)))

# --------------------------------------------------------------------------------------------------------
# context helpers
class DocContext:
    """Per-text precomputation: quoted spans, lexicon surfaces."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.quotes = [(m.start(1), m.end(1)) for m in QUOTE.finditer(text)]
        self.q_starts = [s for s, _ in self.quotes]
        self.glossary: list[Any] = []  # the notes-section entries (glossary.GlossaryEntry), read once by the scan

    def quote_at(self, start: int, end: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(self.q_starts, start) - 1
        if i >= 0:
            qs, qe = self.quotes[i]
            if qs <= start and end <= qe:
                return qs, qe
        return None


# --------------------------------------------------------------------------------------------------------
# recognisers; each returns (end, label, number, head, kind) or None
class Rec(NamedTuple):
    """What a recognizer found at a candidate: the mention ends at ``end``; ``label`` (surface or canonical),
    ``number`` (the first numeral), ``head`` (label minus numeral and measure) and ``kind``
    (count / compound / code / plan_period)."""

    end: int
    label: str
    number: int | None
    head: str
    kind: str


def plan_period(text: str, p: int, ctx: DocContext) -> Rec | None:
    if text[p] not in "十六七八九":  # the first character of every _PLAN alternative
        return None
    m = _PLAN.match(text, p)
    if not m:
        return None
    e = m.end()
    s = m.group(0)
    nxt = text[e: e + 1]
    if nxt and (nxt in QUANTITY_NEXT or nxt in RUNC or nxt.isdigit() or nxt in "个大条项"):
        return None
    strong = len(s) == 3
    if not strong:
        q = e + 1 if nxt == "”" else e
        ok_next = text.startswith(_PLAN_NEXT, q)
        quoted = ctx.quote_at(p, e) == (p, e)
        if not (ok_next or quoted):
            return None
    number = parse_numeral(s[:-1])
    return Rec(e, s, number, "五年规划", "plan_period")


def code_label(text: str, p: int, ctx: DocContext) -> Rec | None:
    c = text[p]
    if not c.isdecimal() and c not in "百十千" and text[p + 1: p + 2] not in (c, "个"):
        return None  # none of the patterns below can match (they start with \d, 百/十/千, a doubled numeral or N个)
    m = _CODE_BARE.fullmatch(text, p, text.find("”", p, p + 8) if text.find("”", p, p + 8) > 0 else p)
    if m and ctx.quote_at(p, m.end()) == (p, m.end()) and not m.group(0).startswith(("19", "20")):
        return Rec(m.end(), m.group(0), int(m.group(0)), "", "code")  # “1650”: a quoted bare code, not a year
    m = CODE_NXM.match(text, p)
    if m:
        if m.group(3).startswith(_AMOUNT) and ctx.quote_at(p, m.end()) is None:
            return None  # 12个百亿元项目, 70个30亿元以上项目: amounts
        if not m.group(3) and ctx.quote_at(p, m.end()) != (p, m.end()):
            return None  # “3个100” is a code only as a whole quotation
        return Rec(m.end(), m.group(0), int(m.group(1)), m.group(2) + m.group(3), "code")
    m = _CODE_REPEAT.match(text, p)
    if m:  # “六六就业稳岗计划”, 八八战略
        qq = ctx.quote_at(p, m.end())
        if qq is not None and qq[0] == p and qq[1] - p <= 12 and all(is_han(c) for c in text[p:qq[1]]):
            return Rec(qq[1], text[p:qq[1]], parse_numeral(m.group(1)), text[p + 2:qq[1]], "code")
        w = _CODE_REPEAT_NEXT.match(text, m.end())
        if w is not None:
            return Rec(w.end(), text[p:w.end()], parse_numeral(m.group(1)), w.group(0), "code")
        return None
    m = _CODE_PCT.match(text, p)
    if m:  # “三个80%”: a quoted count of percentages
        if ctx.quote_at(p, m.end()) == (p, m.end()):
            return Rec(m.end(), m.group(0), parse_numeral(m.group(1)), m.group(2), "code")
        return None
    before = text[p - 1: p]
    m = None if before and (before in "+＋-－=×*/" or before.isdigit()) else _CODE_PLUS.match(text, p)
    if m:
        nxt = text[m.end(): m.end() + 1]
        quoted = ctx.quote_at(p, m.end()) is not None
        if not quoted and not ("\u4e00" <= nxt <= "\u9fff"):
            return None
        if not quoted and re.search(r"[A-Za-z]", m.group(0)) and not re.fullmatch(r"\d+[+＋]\s?[NnXx]", m.group(0)):
            return None  # letters other than 1+N/1+X only in a quotation (“1+X+Y”)
        return Rec(m.end(), re.sub(r"\s", "", m.group(0)).replace("＋", "+"), int(m.group(1)), "", "code")
    m = _CODE_TIERS.match(text, p)
    if m:
        e = m.end()
        q = e + 1 if text[e: e + 1] == "”" else e
        qq = ctx.quote_at(p, e)
        if qq is not None and qq[0] == p and qq[1] - p <= 8 and all(is_han(c) for c in text[p:qq[1]]):
            return Rec(qq[1], text[p:qq[1]], parse_numeral(m.group(0)[0]), text[e:qq[1]], "code")  # “千万工程”
        if text.startswith(_CODE_NEXT, q):
            return Rec(e, m.group(0), parse_numeral(m.group(0)[0]), "", "code")
    return None


_WEIYITI = re.compile(r"[二三四五六七八九]位一体")
_GE_YI = re.compile(rf"[{NUMC}]+个一")
_YI_X_YI_Y = re.compile(rf"一[{HAN}]一[{HAN}]")


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
            while j < n and item[j] in RUNC and j - i < 3:
                j += 1
        if j == i:
            return None
        num = parse_numeral(item[i:j])
        if num is None:
            return None
        k = j
        while k < n and item[k] not in NUMC and item[k] != "、" and "\u4e00" <= item[k] <= "\u9fff":
            k += 1
        if k == j or k - j > 4:
            return None
        segs.append((item[i:j], num, item[j:k]))
        i = k
    return segs if len(segs) >= 2 else None



def quoted_item(text: str, p: int, ctx: DocContext) -> Rec | None:
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
            return Rec(qe, inner, segs[0][1], "", "compound")
    e = p
    whole = p == qs and "、" not in inner and len(inner) <= 12  # “四在农家·和美乡村”: the whole quote
    while e < qe and (whole or text[e] not in "、·"):
        e += 1
    item = text[p:e]
    if item in ctx.lex.non_formulations or len(item) > (12 if whole else 9):
        return None
    segs = _split_compound(item)
    if segs is not None and p == qs and e == qe:
        return Rec(e, item, segs[0][1], "", "compound")
    run, j = numeral_run(text, p)
    num = parse_numeral(run)
    if num is None or j >= e:
        return None
    rest = text[j:e]
    if rest[0] in QUANTITY_NEXT and not (run == "双" and p == qs and e == qe and len(inner) <= 4):
        return None  # (“双百”: 双 is never a quantity with a measure; the whole short quotation is the label)
    if not all("\u4e00" <= c <= "\u9fff" or c == "·" for c in rest):
        return None
    if run == "一" and (not rest.startswith(MEASURES) or (whole and p == qs and e == qe)):
        return None  # “一件事” alone is no set; “一个定位、两个目标…” counts it as an item of a series
    head = strip_measure(rest)
    if len(head) > (10 if whole else 4):
        return None
    return Rec(e, item, num, head, "count")


def prefixed_quote(text: str, p: int, ctx: DocContext) -> tuple[int, Rec] | None:
    """A short quotation whose prefix precedes the numeral: “新三样”, “强双基”, “清四乱”, “支点建设七大战略”.

    The prefix is one character, or two to four that are not a verb governing the label (“坚持两个毫不动摇”
    is a verb and a label). Returns ``(start, rec)`` with ``start`` at the opening character of the quotation
    (the whole quoted content is the surface, as for any quoted label).
    """
    q = ctx.quote_at(p, p + 1)
    if q is None:
        return None
    qs, qe = q
    k = p - qs
    if not 1 <= k <= 4 or qe - qs > (6 if k == 1 else 12):
        return None
    inner = text[qs:qe]
    pre = inner[:k]
    if not all(is_han(c) and c not in RUNC and c not in "双" for c in pre):
        return None
    if k == 1 and (pre in HEAD_STOP or pre in NOT_BEFORE or pre in NOT_BEFORE_ONE):
        return None
    if inner in ctx.lex.non_formulations or not all(is_han(c) for c in inner):
        return None
    run, j = numeral_run(text, p)
    num = parse_numeral(run)
    if num is None or j >= qe or text[j] in QUANTITY_NEXT or text[j] in RUNC:
        return None
    if run == "一":  # 统一, 唯一, 专一 …: a word, not a count
        return None
    if k > 1:
        from .members import governing_verbs  # (members imports this module)

        words = dict_words(pre)
        if (pre[0] in HEAD_STOP or words[0] in governing_verbs() or words[0] in _RANKING_SCOPE
                or not MEASURE_RX.match(text, j)):
            return None  # “坚持两个毫不动摇”, “全国十大考古新发现” (a ranking); a long prefix only before a measure
    return qs, Rec(qe, inner, num, strip_measure(text[j:qe]), "count")


def compound_quote(text: str, p: int, ctx: DocContext) -> tuple[int, Rec] | None:
    """A quotation of short 、-parts that is one label: “和平统一、一国两制”, “一枢纽、四中心”,
    “两圈联动、三核引领、陆海统筹、全面发力”.

    Two parts with a numeral counting two or more: one label. Three or more parts: one label when at least two
    parts hold a numeral and at least one holds none (a four-part slogan); when every part is numbered
    (“一个定位、两个目标、三大战略”) it is a series of labels and each is reported on its own, and a list with
    one numbered item (“债务重组、三资盘活、金融创新”) is a list of items, not a label.

    Returns ``(start, rec)`` with ``start`` at the quotation's first character (the whole quoted content is the
    surface, as for any quoted label).
    """
    q = ctx.quote_at(p, p + 1)
    if q is None:
        return None
    qs, qe = q
    inner = text[qs:qe]
    parts = inner.split("、")
    if len(parts) < 2 or not all(2 <= len(x) <= 7 for x in parts) or not all(is_han(c) for c in "".join(parts)):
        return None
    numbers = []
    numbered = 0
    for part in parts:
        found = []
        i = 0
        while i < len(part):
            c = part[i]
            if (c in RUNC or c == "双") and not (i and c == "一" and part[i - 1] in NOT_BEFORE_ONE):
                run, j = numeral_run(part, i)
                n = parse_numeral(run)
                if j < len(part) and part[j] in QUANTITY_NEXT:
                    return None  # “一年小灶、三年大灶”: durations and quantities, not labels
                if n is not None:
                    found.append(n)
                i = max(j, i + 1)
            else:
                i += 1
        if found:
            numbers += found
            numbered += 1
    if not numbers or max(numbers) < 2 or inner in ctx.lex.non_formulations:
        return None
    if len(parts) > 2 and not (2 <= numbered < len(parts)):
        return None
    return qs, Rec(qe, inner, numbers[0], "", "compound")


def count_label(text: str, p: int, ctx: DocContext) -> tuple[Rec, bool] | None:
    """Unquoted (or partly quoted) count label; returns (rec, strong) where strong = accepted without members."""
    run, j = numeral_run(text, p)
    num = parse_numeral(run)
    if num is None or j >= len(text):
        return None
    nxt = text[j]
    if nxt in QUANTITY_NEXT:
        return None
    mm = MEASURE_RX.match(text, j)
    measure = "" if mm is None else mm.group(0)
    if run == "一":
        return None  # one item is not a set: 一大步, 一件事 (一带一路-type labels come from the lexicon)
    if run in ("百", "千", "万"):
        return None
    h = j + len(measure)
    if measure == "点" and text[h: h + 1] and (text[h] in RUNC or text[h].isdigit()):
        return None  # 三点二倍: a decimal, not three points
    strong = False
    if text[h: h + 1] == "“":  # 四个“必须”
        close = text.find("”", h + 1, h + 9)
        if close < 0:
            return None
        inner = text[h + 1: close]
        if not inner or not all("\u4e00" <= c <= "\u9fff" for c in inner):
            return None
        return Rec(close + 1, run + measure + inner, num, inner, "count"), True
    e = cut_head(text, h, measured=bool(measure))
    head = text[h:e]
    if run.isdigit() and (measure != "大" or not head or head[0] in "类项个种批"):
        return None  # 3大类: a quantity of kinds
    if not head:
        if measure in BARE_MEASURES:
            return Rec(h, text[p:h], num, measure, "count"), False
        return None
    if measure == "大" and num == 10 and text[max(0, p - 2): p] in _RANKING_SCOPE:
        return None
    if measure == "大" and 11 <= num <= 30:  # 十九大, 二十大: a party congress
        return Rec(e, text[p:e], num, head, "count"), False
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
    return Rec(e, text[p:e], num, head if measure else head, "count"), strong
