"""Members from the text's own definitions.

One function per structure (see docs/annotation_guidelines.md): a list before the label, the label then a bracket
or 即/：/包括 and a list, an enumerated run (一是…二是…, （一）…), parallel sentences with one frame, and codes
N个M with their list.  :func:`local_members` tries them in order for one mention.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import NamedTuple

import yaml

from .charsets import BREAK_RE, CLAUSE_DELIM, HEAD_STOP, ITEM_CHARS, ITEM_SEP, RUNC, SENT_END, is_han
from .heads import dict_words, word_bounds
from .recognizers import CODE_NXM

_FIRST_ITEM_MARKERS = (
    "突出抓好", "着力抓好", "守住", "抓好", "走好", "打好", "做好", "实现", "实施", "构建", "推进", "围绕",
    "坚持", "加强", "落实", "统筹", "聚焦", "发挥", "建设", "提出", "和", "与", "及", "在", "把", "将", "对",
    "以", "为", "是", "有", "了", "即", "的", "重点发展", "推动", "加快发展", "加快", "促进", "打造", "培育",
    "壮大", "以及", "从", "自", "加上", "包括", "如果", "做到", "达到", "着", "根据", "按照", "遵循", "本着", "同",
    "分为", "对于", "关于",
)
_WORD_MARKERS = frozenset({"从", "自", "加上", "包括", "如果", "做到", "达到", "着", "根据", "按照", "遵循", "本着",
                           "对", "为", "有", "以", "将", "把", "是", "了", "在", "和", "与", "及", "即", "的", "同"})
# (a one-character marker cuts only as a word of its own: 应对气候变化 is not 应 + 对 + 气候变化)
# prepositions that open a list's first item: what follows them is the whole item (在互相尊重主权和领土完整、…)
_ITEM_OPENERS = frozenset({"在", "从", "根据", "按照", "遵循", "本着"})

# 和/与/及 end the text before the first item only in the two-item form (A和B两…); inside a 、-list the first
# item may itself contain them (互相尊重主权和领土完整、互不侵犯、…)
_CONJ_MARKERS = frozenset({"和", "与", "及"})
_SENTENCE = re.compile(f"[^{re.escape(SENT_END)}]+")
_SPACED_START = re.compile(f"[{re.escape(SENT_END)}][ \u3000\t]")
_PRONOUNS = frozenset({"我们", "你们", "他们", "她们", "咱们", "任何", "自己", "大家"})
_BARE_VERBS = frozenset({"做大", "做强", "做优", "做实", "做精", "做深", "做细", "做新"})
_COUNTED = re.compile(r"\d[\u4e00-\u9fff]")

def _clean_item(s: str) -> str:
    s = s.strip(" \u3000，,。：:；;").lstrip("—－-")  # ——扎实抓好稳增长、防风险…: a dash opens the line
    if s.startswith("“") and "”" in s:  # “解放思想、勇于进取”的开拓闯劲 -> the quoted part names the item
        return s[1: s.index("”")]
    return s.strip("“”")


def _trim_first(item: str, ref_len: int, conj: bool = True, keep_verbs: bool = False) -> str:
    best = item
    cut = False
    bounds: set[int] | None = None
    verbs = member_words("list_verbs") if keep_verbs else frozenset()
    for mk in _FIRST_ITEM_MARKERS:
        if (not conj and mk in _CONJ_MARKERS) or mk in verbs:
            continue
        i = item.rfind(mk)
        if i >= 0 and i + len(mk) < len(item):
            if mk in _WORD_MARKERS:  # only as a word of its own (党政同责: 同 is inside a word)
                if bounds is None:
                    bounds = word_bounds(item)
                if i not in bounds or i + len(mk) not in bounds:
                    continue
            cand = item[i + len(mk):]
            if len(cand) < len(best):
                best, cut = cand, mk in _ITEM_OPENERS
    if cut and not conj:
        return best  # a list's first item starts after the marker (在互相尊重主权和领土完整、互不侵犯、…)
    verbs = member_words("list_verbs")
    if keep_verbs:  # the other items start with a verb: so does this one, at its last verb before >= 2 words
        words = dict_words(best)
        k = 0
        for i, w in enumerate(words[:-2]):
            if w in verbs:
                k = i
        return "".join(words[k:]) if words and words[k] in verbs else best
    openers = verbs | member_words("scope_words")
    stripped = best != item  # (a marker already cut the item's opening verb: 守住保障… -> 保障…)
    while True:  # the list as a whole is governed by a verb: 完善空港、陆港… -> 空港; 全省技术、数据… -> 技术
        bounds = word_bounds(best)  # (a verb jieba splits, 用/好, still counts: 用好农业科技创新)
        v = next((w for w in sorted(openers, key=len, reverse=True) if best.startswith(w) and len(w) in bounds
                  and len(best) > len(w)), None)
        if v is None or len(best) - len(v) < min(2, ref_len) or (
                conj and stripped and len(best) - len(v) < ref_len - 2):
            break  # (守住保障国家粮食安全和防止规模性返贫致贫: the first verb, then only while as long as the other)
        best = best[len(v):]
        stripped = True
    if conj and len(best) > ref_len + 2:  # a pair (A和B): A as long as B, on word boundaries (牢牢守好发展 -> 发展)
        words = dict_words(best)
        acc = ""
        for w in reversed(words):
            acc = w + acc
            if len(acc) >= ref_len - 1:
                break
        best = acc
    return best


def _starts_with_verb(item: str) -> bool:
    words = dict_words(item)
    return bool(words) and words[0] in member_words("list_verbs")


def listed_before(text: str, start: int, floor: int, number: int | None, end: int) -> list[str] | None:
    """The items of a list written right before the label ``text[start:end]`` (not before ``floor``), or None.

    The list runs back to the clause start: 、-separated items (a verb or scope word governing the whole list
    stripped from the first, a naming verb from the last), a pair joined by 和/与, adjacent quotations, or a
    quoted list. Not checked against ``number`` here (see :func:`check_items`).

    Examples
    --------
    >>> t = "扎实抓好稳增长、防风险、保民生三项基本任务"
    >>> listed_before(t, t.index("三项"), 0, 3, len(t))
    ['稳增长', '防风险', '保民生']
    """
    if number is not None and number < 2:
        return None
    j = start
    if j > 0 and text[j - 1] == "“":
        j -= 1
    quoted_list = j > 0 and text[j - 1] == "”"
    if quoted_list:  # “东、南、中、北”四线旅游网络: the list is quoted
        k = text.rfind("“", max(floor, j - 80), j - 1)
        if k < 0:
            return None
        clause = text[k + 1: j - 1]
        quoted = [clause]
        while k > floor and text[k - 1] == "”":  # “神武峡”“赤黄红”两大文旅主轴: quotations side by side
            k2 = text.rfind("“", max(floor, k - 40), k - 1)
            if k2 < 0:
                break
            quoted.insert(0, text[k2 + 1: k - 1])
            k = k2
        if len(quoted) >= 2:
            return quoted if all(ITEM_CHARS.fullmatch(x) for x in quoted) else None
        quoted_list = k <= floor or text[k - 1] != "、"  # 武汉、宜昌、“襄十”三大算力圈: the last item is quoted
    if not quoted_list:
        k = j
        lo = max(floor, j - 200)
        delims = CLAUSE_DELIM if text[j - 1: j] != "”" else CLAUSE_DELIM.replace("“", "").replace("”", "")
        while k > lo and text[k - 1] not in delims:  # (武汉、宜昌、“襄十”三大算力圈: quotes inside the list)
            k -= 1
        clause = text[k:j]
    clause = clause.removesuffix("等")
    if clause.endswith("的") and ITEM_SEP.search(clause):
        # 不抓辫子、不扣帽子、不打棍子的“三不主义”，: the list names the label's items only when the label ends the
        # noun phrase (not 懂农业、爱农村、爱农民的“三农”工作队伍, where the list describes the 队伍)
        after = end + 1 if text[end: end + 1] == "”" else end
        if text[after: after + 1] and text[after] not in "，。；：、！？,;:!?\n的":
            return None
        clause = clause[:-1]
    if clause[-1:] in ("这", "那") and dict_words(clause[-4:])[-1] in ("这", "那"):
        clause = clause[:-1]  # 计划生育和加强环境保护这两项基本国策: the demonstrative closes the list (not 印度支那)
    if number == 2:
        pair = _contrast_pair(clause)
        if pair is not None:
            return pair
    if not ITEM_SEP.search(clause):
        chars = _char_members(clause, number)
        if chars is not None:
            return chars
        pair = _word_pair(clause) if number == 2 and text[start: start + 1] in "双两" else None
        if pair is not None:
            return pair
        cut = _pair_conjunction(clause) if number == 2 else None
        if cut is not None:
            a, b = clause[:cut], clause[cut + 1:]
            b = _clean_item(b)
            a = _trim_first(_clean_item(a), len(b))
            # 发展、安全两件大事 / 经济快速发展和社会长期稳定两大奇迹: two items of similar length
            if (0 < len(a) <= 10 and 0 < len(b) <= 10 and abs(len(a) - len(b)) <= 2
                    and not any(x[0] in _DEMONSTRATIVES or x[-1] in _DEMONSTRATIVES for x in (a, b))):
                return [a, b]
        return None
    items = [_clean_item(x) for x in ITEM_SEP.split(clause)]
    if len(items) < 2 or any(not x or len(x) > 24 for x in items[1:]) or not items[0]:
        return None
    if not all(ITEM_CHARS.fullmatch(x) and not x.endswith("的") and not _COUNTED.search(x) for x in items):
        return None  # 印发《…, 等6部门: not a list of names; 16所高校、48个学科: counts, not names (5G网络 is one)
    if items[-1][-1] in "和与及或":
        return None  # 茶叶等特色产品和“新三样”: the list ends before the label
    if number is not None and len(items) < number:
        items = _split_conjunction(items)
    naming = member_words("naming_verbs")
    for w in sorted(naming, key=len, reverse=True):  # …制度自信并列为(中国特色社会主义)“四个自信”
        i = items[-1].find(w)
        if i > 0:
            items[-1] = items[-1][:i]
            break
    if number is not None and len(items) < number:  # 文化自信和道路自信、理论自信、制度自信 (a 和 inside the first)
        items = _split_conjunction(items, first=True)
    ref = max(len(x) for x in items[1:])
    others_verbal = any(_starts_with_verb(x) for x in items[1:])
    first = _trim_first(items[0], ref, conj=False, keep_verbs=others_verbal)
    lens = {len(x) for x in items[1:]}
    if len(lens) == 1 and len(first) > ref + 2:  # a uniform list: the first item is as long as the others
        first = first[-ref:]  # (在一定期限内缓缴养老、失业、医疗、工伤、生育 -> 养老)
    elif len(lens) == 1 and len(items) > 2 and len(first) > ref and first[-ref:] != first:
        tail = first[-ref:]  # 实施新建布局、优化提升、整合重组、调整淘汰 -> 新建布局 (on a word boundary only)
        if len(first) - ref in word_bounds(first):
            first = tail
    if len(lens) == 1 and len(first) != ref:
        # a uniform list (老、中、青): a conjunction before the first item ends the text before it
        # (接班人五项条件和老、中、青三结合)
        for conj in _CONJ_MARKERS:
            if first.rfind(conj) >= 0 and len(first) - first.rfind(conj) - 1 == ref:
                first = first[first.rfind(conj) + 1:]
    if len(first) > 2 * ref + 4:
        return None  # the first item runs far into the sentence: no reliable start
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
    words = dict_words(clause)
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
    if not (before in CLAUSE_DELIM or before in HEAD_STOP or not is_han(before)):
        return None
    if not all(is_han(c) and (c not in HEAD_STOP or c in "上中") and c not in RUNC for c in run):
        return None
    words = dict_words(run)
    if len(words) != 1 and any(len(w) > 1 for w in words):
        return None  # 全面完成(四种计划): words, not a run of one-character members
    return list(run)


_PAIR_WORDS = frozenset({"国内", "国际", "城市", "农村", "城乡", "中央", "地方", "政府", "市场", "产业", "科技", "供给",
                         "需求", "总量", "强度", "线上", "线下", "境内", "境外", "存量", "增量", "投资", "消费"})


def _word_pair(clause: str) -> list[str] | None:
    """国内国际(双循环), 产业科技(互促双强): two two-character words written together right before a 双/两 label.

    Only the paired words political prose writes this way (``_PAIR_WORDS``; dev split: gwr_2025 国内国际双循环),
    right after a delimiter or a verb the list verbs know, so that a longer noun phrase is never split."""
    run = clause[-4:]
    if len(run) < 4 or not all(is_han(c) for c in run):
        return None
    a, b = run[:2], run[2:]
    if a == b or a not in _PAIR_WORDS or b not in _PAIR_WORDS or dict_words(run) != (a, b):
        return None
    rest = clause[:-4]
    if rest and not (rest[-1] in CLAUSE_DELIM or rest[-1] in HEAD_STOP or not is_han(rest[-1])
                     or dict_words(rest)[-1] in member_words("list_verbs")):
        return None
    return [a, b]


def _contrast_pair(clause: str) -> list[str] | None:
    """国内国际(双循环), 线上线下(两个渠道): two two-character words sharing a character, written together."""
    if len(clause) < 4:
        return None
    x = clause[-4:]
    if not all(is_han(c) and c not in RUNC for c in x) or x[:2] == x[2:]:
        return None
    if len(clause) > 4 and is_han(clause[-5]) and clause[-5] not in HEAD_STOP:
        # inside a longer word run only when the pair is clearly delimited (以…为主体、国内国际双循环)
        return None
    if x[0] == x[2] or x[1] == x[3]:
        return [x[:2], x[2:]]
    return None


_ENUM_MARK = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][0-9０-９一二三四五六七八九十]+[）)]|[0-9０-９]+[.、．])")
_COUNT_TAIL = re.compile(r"(?:等)?(?:\d+|[一二两三四五六七八九十]+)[个项条座家所类大][\u4e00-\u9fff]{0,8}$")  # …6个工程
_LIST_OPENERS = ("，即", "即", "：即", "，就是", "就是", "，是指", "是指", "，指的是", "指的是", "，分别是", "分别是",
                 "，包括", "包括")


def _listed_after(text: str, end: int) -> tuple[list[str], str] | None:
    """Items right after the label: in brackets (三农（农业、农村、农民）: ``bracket``), or after 即/就是/是指/
    分别是/包括 or a colon (``label_then_list``)."""
    n = len(text)
    q = end
    if q < n and text[q] == "”":
        q += 1
    rest = text[q: q + 5]
    structure = "label_then_list"
    opener = next((o for o in _LIST_OPENERS if rest.startswith(o)), None)
    if rest.startswith(("（", "(")):
        close = "）" if rest[0] == "（" else ")"
        e = text.find(close, q + 1, q + 120)
        if e < 0:
            return None
        body = text[q + 1: e]
        structure = "bracket"
    elif opener is not None or rest.startswith("指"):
        s = q + len(opener or "指")
        e = s
        while e < n and e - s < 120 and text[e] not in "。；;\n":
            e += 1
        body = text[s:e]
        inc = body.find("，包括", 0, 40)
        if opener is None or (opener.lstrip("，") in ("是指", "指的是") and inc >= 0):
            if inc < 0:  # “六横”指六个横向输水大动脉，包括A、B…6个工程: the list after the description
                return None
            body = body[inc + 3:]
        body = _COUNT_TAIL.sub("", body)
    elif rest.startswith(("：", ":")):
        s = q + 1
        d = re.match(r"(?:是指|指的是|就是|即|指|包括)", text[s: s + 4])  # “两重”：是指… (a notes entry)
        s += d.end() if d else 0
        e = s
        while e < n and e - s < 300 and text[e] not in "。\n":
            e += 1
        body = text[s:e]
        if "；" in body:  # 分两步走：从…；从…。  十个部分：一、…；二、…
            parts = [_clean_item(_ENUM_MARK.sub("", x.strip())) for x in body.split("；")]
            return (parts, structure) if len(parts) >= 2 and all(parts) else None
        e = s + (body.find("；") if "；" in body else len(body))
        body = text[s:e]
        if "，" in body:  # a colon followed by a sentence, not a list
            return None
    else:
        return None
    items = [_clean_item(x) for x in re.split(r"[、，,·]", body)]
    items = [x for x in items if x]
    items = _split_conjunction(items)
    if len(items) < 2 or any(len(x) > 24 for x in items):
        return None
    return items, structure


def _split_conjunction(items: list[str], first: bool = False) -> list[str]:
    """X、Y和Z: the last item holds two; with ``first``, A和B、C、D: the first one does (the conjunction
    和/及/与/以及 as a word of its own)."""
    if not items:
        return items
    k = 0 if first else len(items) - 1
    item = items[k]
    bounds = word_bounds(item)
    for conj in ("和", "及", "与") if first else ("以及", "和", "及", "与"):
        i = item.rfind(conj) if first else item.find(conj, 1)
        if 0 < i < len(item) - len(conj) and i in bounds and i + len(conj) in bounds:
            return items[:k] + [item[:i], item[i + len(conj):]] + items[k + 1:]
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
    while e < n and e - s < limit and text[e] not in SENT_END and text[e] not in "：:":
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
        m = BREAK_RE.search(text, q, limit)
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
            elif before in SENT_END or before in "：:\n":
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
        while s < n and text[s] in "，, \u3000":  # 一是，… : the item is the clause after the comma
            s += 1
        e = _sentence_end(text, s)
        item = _clean_item(re.split(r"[，,]", text[s:e], maxsplit=1)[0])  # up to the first delimiter
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
    m = BREAK_RE.search(text, q, limit)
    if m:
        limit = m.start()
    # Sentences of the window are listed only when a prefix could open exactly `number` of them: the counts of
    # "delimiter + prefix" are a C-level lower bound (exact unless a sentence opens with spaces), so dense windows
    # of short sentences cost no Python loop (fuzzing found 8,000 characters of "分《十部" lines taking 0.7 s).
    spaced = _SPACED_START.search(text, q, limit) is not None
    first_m = _SENTENCE.search(text, q, limit)
    if first_m is None:
        return None
    a0, b0 = first_m.span()
    while a0 < b0 and text[a0] in " \u3000\t":
        a0 += 1
    first = text[a0:b0]
    sents: list[tuple[int, int]] | None = None
    for L in range(min(16, len(first) - 1), 1, -1):
        pref = first[:L]
        if pref[-1] in "“（(":
            continue
        lower = sum(text.count(d + pref, q, limit) for d in SENT_END)
        if not (a0 > q and text[a0 - 1] in SENT_END):  # the first sentence, unless a delimiter in the window
            lower += 1                                   # before it was counted with it already
        if lower > number:
            return None
        if lower < number and not spaced:
            continue
        if sents is None:
            sents = []
            for m in _SENTENCE.finditer(text, q, limit):
                a, b = m.span()
                while a < b and text[a] in " \u3000\t":
                    a += 1
                if b > a:
                    sents.append((a, b))
            if len(sents) < number:
                return None
        hits = []
        for a, b in sents:
            if text.startswith(pref, a):
                hits.append((a, b))
                if len(hits) > number:
                    break
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
    m = BREAK_RE.search(text, q, limit)
    if m:
        limit = m.start()
    groups: dict[str, list[str]] = {}
    i = text.find(head + "。", q, limit)
    while i >= 0:
        e = i + len(head)
        s = e
        while s > q and text[s - 1] not in SENT_END and e - s <= 30:
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


class MemberList(NamedTuple):
    """Members a text states for one mention: the items, how they were found and where.

    ``source``: listed / enumeration (as in find_numbered's ``members_source``); ``structure``: list_before,
    label_then_list, bracket, enumerated, parallel (see docs/annotation_guidelines.md); ``start``/``end``: the
    defining text; ``confidence``: clear (items written out as a list) or interpretive (item boundaries cut by
    rule: a pair, a contrast pair, trimmed first item, sentence frames).
    """

    items: list[str]
    source: str
    structure: str
    start: int
    end: int
    confidence: str


class MemberResult(NamedTuple):
    """What :func:`local_members` found: a member list, or None with the reason a found list was rejected."""

    members: MemberList | None
    note: str | None


@functools.lru_cache(maxsize=1)
def _rules() -> dict[str, frozenset[str]]:
    text = resources.files("policytext").joinpath("data", "member_rules.yaml").read_text(encoding="utf-8")
    return {k: frozenset(v["words"]) for k, v in yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)).items()}


def member_words(kind: str) -> frozenset[str]:
    """A word list of ``policytext/data/member_rules.yaml``: ``governing_verbs`` (govern a label rather than
    name its members), ``list_verbs`` (open a list's first item), ``naming_verbs`` (close a list before the
    label), ``person_heads`` (counts of people).

    Examples
    --------
    >>> "坚持" in member_words("governing_verbs")
    True
    """
    return _rules()[kind]


def governing_verbs() -> frozenset[str]:
    """Words that govern a label rather than name its members (``policytext/data/member_rules.yaml``).

    Examples
    --------
    >>> "落实" in governing_verbs()
    True
    """
    return member_words("governing_verbs")


_FUNCTION_START = frozenset("的了和与及或之所")
_FUNCTION_END = frozenset("的了和与及或之所把被对将在从向为是于")  # (…献身于: a preposition ends no member)


def check_items(items: list[str], number: int | None, kind: str, structure: str,
                lenient: bool = False) -> str | None:
    """Why ``items`` cannot be the members of a label counting ``number`` (None if they can).

    A list is rejected when its size differs from the number, when an item is empty, a lone character among
    longer items, starts or ends with a function character, or is only a governing verb (坚持, 落实 …).
    ``lenient``: the mention is a label on its own (quoted, lexicon, measure 大), so a written list one item
    short of the number is what the text says (突出抓好大数据、大健康三大战略行动): kept, flagged. One item
    too many is not (殡葬、高标准农田建设、农村集体“三资”: the last item qualifies the label).

    Examples
    --------
    >>> check_items(["坚持", "落实"], 2, "count", "list_before")
    "item '坚持' is a governing verb, not a member"
    >>> check_items(["发展", "生态", "安全"], 3, "count", "list_before") is None
    True
    """
    if kind in ("count", "code") and number is not None and len(items) != number and not (
            lenient and structure == "list_before" and len(items) == number - 1
            and not any("的" in x for x in items)):
        return f"{len(items)} items for the number {number}"
    verbs = governing_verbs()
    single = [x for x in items if len(x) == 1]
    if single and len(single) != len(items):
        return f"item {single[0]!r} is a fragment (one character among longer items)"
    if single and len(items) < 3 and structure == "list_before":
        return "two one-character items"
    for x in items:
        if not x:
            return "an empty item"
        words = dict_words(x)
        if len(x) > 1 and (words[0] in _FUNCTION_START or words[-1] in _FUNCTION_END):
            return f"item {x!r} starts or ends with a function word"
        if structure == "list_before" and any(w in _PRONOUNS for w in words):
            return f"item {x!r} holds a pronoun: a clause, not a member"  # (没有任何力量能够阻止我们、…)
        if "等" in x[:-1] and "等" in words[:-1]:
            return f"item {x!r} runs past the 等 that closes the list"
        if x in verbs or (len(x) > 2 and all(w in verbs for w in dict_words(x))):
            return f"item {x!r} is a governing verb, not a member"
        if x in member_words("scope_words") or x in _BARE_VERBS:
            return f"item {x!r} is a verb or a scope word, not a member"  # (做优一产、做强二产、做大; 全国)
        if x is items[-1] and len(x) > 2 and dict_words(x)[-1] in verbs:
            return f"the last item {x!r} ends with a verb that governs the label"
    return None


def evidence_span(text: str, items: list[str], lo: int, hi: int) -> tuple[int, int]:
    """The smallest span of ``text[lo:hi]`` holding the items in order (else ``(lo, hi)``)."""
    pos, first = lo, -1
    for x in items:
        i = text.find(x, pos, hi)
        if i < 0:
            return lo, hi
        if first < 0:
            first = i
        pos = i + len(x)
    return first, pos


_LIST_SEP = re.compile(r"[、，,·“”]|以及|和|及|与")


def _written_as_list(text: str, items: list[str], span: tuple[int, int]) -> bool:
    """The defining text is exactly the items separated by 、/，/和/及/以及/与 (nothing cut by rule)."""
    return _LIST_SEP.sub("", text[span[0]:span[1]]) == _LIST_SEP.sub("", "".join(items))


def local_members(text: str, start: int, end: int, floor: int, number: int | None, kind: str = "count",
                  head: str = "", accepted: bool = False) -> MemberResult:
    """The members the text states next to one mention (``text[start:end]``), checked by :func:`check_items`.

    Structures are tried in order: a code's list (3个100万: …), a list before the label, a bracket or
    即/：/包括 list after it, an enumerated run, parallel sentences, sentences ending with the head.
    ``accepted``: the mention is a label without members (quoted, lexicon, measure 大); only then may a list
    whose size differs from the number by one be kept (flagged in ``note``, confidence interpretive).

    Examples
    --------
    >>> text = "牢牢守住发展、生态、安全三条底线"
    >>> r = local_members(text, 12, 16, 0, 3)
    >>> r.members.items, r.members.structure, text[r.members.start:r.members.end]
    (['发展', '生态', '安全'], 'list_before', '发展、生态、安全')
    """
    found: tuple[list[str], str, str, int, int] | None = None
    if head in member_words("person_heads"):
        return MemberResult(None, f"a count of people ({head})")
    if head in member_words("place_heads"):
        return MemberResult(None, f"a count of places ({head})")
    if kind == "code":
        m = CODE_NXM.fullmatch(text, start, end)
        if m is None:
            return MemberResult(None, None)
        items = _code_list_after(text, end, number, m.group(2) + m.group(3))
        if items is not None:
            found = (items, "listed", "label_then_list", end, min(len(text), end + 300))
    else:
        items = listed_before(text, start, floor, number, end)
        if items is not None:
            found = (items, "listed", "list_before", max(floor, start - 200), start)
        else:
            after = _listed_after(text, end)
            if after is not None:
                found = (after[0], "listed", after[1], end, min(len(text), end + 300))
            elif _after_label(text, end) is not None:  # the finders below start after the label's sentence
                hi = min(len(text), end + 8000)
                finders = (("enumerated", lambda: _enumeration_after(text, end)),
                           ("parallel", lambda: _parallel_after(text, end, number)),
                           ("parallel", lambda: _headed_after(text, end, number, head)))
                for structure, finder in finders:
                    items = finder()
                    if items is not None:
                        found = (items, "enumeration", structure, end, hi)
                        break
    if found is None:
        return MemberResult(None, None)
    items, source, structure, lo, hi = found
    reason = check_items(items, number, kind, structure, lenient=accepted)
    if reason is not None:
        return MemberResult(None, f"{structure} rejected: {reason}")
    span = evidence_span(text, items, lo, hi)
    clear = structure in ("list_before", "label_then_list", "bracket") and _written_as_list(text, items, span)
    if structure == "enumerated":
        clear = all(len(x) <= 16 for x in items)
    note = None
    if number is not None and kind in ("count", "code") and len(items) != number:
        clear, note = False, f"the text lists {len(items)} items for the number {number}"
    return MemberResult(MemberList(items, source, structure, span[0], span[1],
                                   "clear" if clear else "interpretive"), note)
