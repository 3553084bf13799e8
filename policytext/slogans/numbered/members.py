"""Members from the text's own definitions.

One function per structure (see docs/annotation_guidelines.md): a list before the label, the label then a bracket
or 即/：/包括 and a list, an enumerated run (一是…二是…, （一）…), parallel sentences with one frame, and codes
N个M with their list.  :func:`local_members` tries them in order for one mention.
"""

from __future__ import annotations

import re

from .charsets import BREAK_RE, CLAUSE_DELIM, HEAD_STOP, ITEM_CHARS, ITEM_SEP, RUNC, SENT_END, is_han
from .heads import dict_words, word_bounds
from .recognizers import CODE_NXM

_FIRST_ITEM_MARKERS = (
    "突出抓好", "着力抓好", "守住", "抓好", "走好", "打好", "做好", "实现", "实施", "构建", "推进", "围绕",
    "坚持", "加强", "落实", "统筹", "聚焦", "发挥", "建设", "提出", "和", "与", "及", "在", "把", "将", "对",
    "以", "为", "是", "有", "了", "即", "的", "重点发展", "推动", "加快发展", "加快", "促进", "打造", "培育",
    "壮大", "以及", "从", "自", "加上", "包括", "如果", "做到", "达到", "着", "根据", "按照", "遵循", "本着",
)
_WORD_MARKERS = frozenset({"从", "自", "加上", "包括", "如果", "做到", "达到", "着", "根据", "按照", "遵循", "本着"})
# prepositions that open a list's first item: what follows them is the whole item (在互相尊重主权和领土完整、…)
_ITEM_OPENERS = frozenset({"在", "从", "根据", "按照", "遵循", "本着"})

# 和/与/及 end the text before the first item only in the two-item form (A和B两…); inside a 、-list the first
# item may itself contain them (互相尊重主权和领土完整、互不侵犯、…)
_CONJ_MARKERS = frozenset({"和", "与", "及"})

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
                    bounds = word_bounds(item)
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
        while k > lo and text[k - 1] not in CLAUSE_DELIM:
            k -= 1
        clause = text[k:j]
    clause = clause.removesuffix("等")
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
    items = [_clean_item(x) for x in ITEM_SEP.split(clause)]
    if len(items) < 2 or any(not x or len(x) > 24 for x in items[1:]) or not items[0]:
        return None
    if not all(ITEM_CHARS.fullmatch(x) and not x.endswith("的") for x in items):
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
    m = BREAK_RE.search(text, q, limit)
    if m:
        limit = m.start()
    sents: list[tuple[int, int]] = []
    s = q
    for i in range(q, limit + 1):
        if i == limit or text[i] in SENT_END:
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


def local_members(text: str, start: int, end: int, floor: int, number: int | None, kind: str = "count",
                   head: str = "") -> tuple[list[str] | None, str | None]:
    if kind == "code":
        m = CODE_NXM.fullmatch(text, start, end)
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
