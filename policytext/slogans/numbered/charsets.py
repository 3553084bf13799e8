"""Character classes and small regexes shared by the numbered-formulation scanner.
"""

from __future__ import annotations

import re

HAN = "\u4e00-\u9fff"
NUMC = "一二两三四五六七八九十双"
RUNC = "一二两三四五六七八九十百千万〇零"
QUANTITY_NEXT = frozenset("年月日天周岁次倍元角分亿%‰米吨斤亩户人名家所座台辆批届期号成份层级度些万千百侧岸边端旁头连季")
NOT_BEFORE = frozenset("之第初周数几零〇一二两三四五六七八九十百千万0123456789０１２３４５６７８９×.．")
NOT_BEFORE_ONE = frozenset("统唯同单划万专逐进每")
QN_CLASS = "".join(sorted(QUANTITY_NEXT - set("%‰")))

MEASURES = ("方面", "个", "大", "项", "条", "种", "类", "件", "位", "点", "线", "句", "字", "场", "支", "张",
             "轮", "道", "型", "化", "严", "实")
MEASURE_RX = re.compile("方面|[" + "".join(m for m in MEASURES if len(m) == 1) + "]")
RUN_RX = re.compile("[" + RUNC + "]{1,4}")
BARE_MEASURES = frozenset({"方面", "点", "句", "字"})  # 三点, 两个方面: the measure is the head
# words that end a head although they are dictionary words (两国之间, 四大指标应该, 两方面都)
HEAD_END_WORDS = frozenset({"之间", "之一", "之后", "之前", "之中", "以上", "以下", "以来", "以后", "以前",
                             "应该", "应当", "需要", "必须", "可以", "能够", "作出", "进行"})
# nouns that close a long head: 九大有色金属基地 (not 九大有色金属), 五大重点产业集群
HEAD_NOUNS = frozenset({"基地", "工程", "项目", "集群", "产业", "体系", "战略", "行动", "原则", "任务", "领域",
                         "园区", "中心", "板块", "城市", "矿区", "油田", "港口", "设施", "方针", "政策", "服务业",
                         "产业链", "平台", "片区"})
HEAD_STOP = frozenset("的和与及或是在上中为了着要就都也还又并而以把被对向从到给让等这那其之各每所将已由该此得地来")
SENT_END = "。！？；!?;\n"
CLAUSE_DELIM = "，。；：！？!?;:\n（(“”)）"
ITEM_SEP = re.compile(r"[、·]")
ITEM_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z0-9“”‘’·（）]+")  # (5G网络)

QUOTE = re.compile(r"“([^“”\n]{1,80})”")
_BREAK_LINE = re.compile(r"第[一二三四五六七八九十]+(?:个问题|部分|章|节)|[一二三四五六七八九十]+、")
BREAK_RE = re.compile(r"\n[ \u3000]*(?:" + _BREAK_LINE.pattern + ")")

def is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"
