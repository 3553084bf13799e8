"""Members read from the text's own definitions, one structure at a time, on real documents (checked by hand
against the text; none of these documents is in the frozen test split of tests/annotations/blind)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

import policytext as pt


def _text(corpus_raw: Path, rel: str, encoding: str) -> str:
    raw = (corpus_raw / rel).read_bytes().decode(encoding).replace("\r\n", "\n")
    if rel.endswith(".csv"):
        return next(csv.DictReader(io.StringIO(raw)))["full_text"]
    return raw


def _row(df: pd.DataFrame, text: str, surface: str, near: str) -> pd.Series:
    at = text.index(near)
    rows = df[(df["surface"] == surface) & (df["start"] >= at) & (df["start"] < at + len(near))]
    assert len(rows) == 1, (surface, near, df[df["surface"] == surface][["start", "members"]])
    return rows.iloc[0]


@pytest.fixture(scope="module")
def docs(corpus_raw: Path) -> dict[str, tuple[str, pd.DataFrame]]:
    files = {
        "congress_19th_2017": ("congress_reports/congress_19th_2017.txt", "utf-16"),
        "congress_18th_2012": ("congress_reports/congress_18th_2012.txt", "utf-8"),
        "congress_20th_2022": ("congress_reports/congress_20th_2022.txt", "utf-8"),
        "gwr_2007": ("national_gwr/gwr_2007.txt", "gb18030"),
        "gwr_2010": ("national_gwr/gwr_2010.txt", "gb18030"),
        "gwr_2025": ("national_gwr/gwr_2025.txt", "utf-8"),
        "gwr_guangdong_2026": ("provincial_gwr/gwr_guangdong_2026.csv", "utf-8-sig"),
        "plenum_communique_1978": ("communiques/plenum_communique_1978.txt", "utf-8"),
    }
    out = {}
    for doc, (rel, enc) in files.items():
        text = _text(corpus_raw, rel, enc)
        out[doc] = (text, pt.find_numbered(text))
    out["gwr_1981"] = ((t := pt.read_corpus(corpus_raw / "national_gwr" / "gwr_1981.txt").texts[0]),
                       pt.find_numbered(t))
    out["gwr_1984"] = ((t := pt.read_corpus(corpus_raw / "national_gwr" / "gwr_1984.txt").texts[0]),
                       pt.find_numbered(t))
    return out


def _check(docs, doc: str, surface: str, near: str, members: list[str], structure: str) -> pd.Series:
    text, df = docs[doc]
    r = _row(df, text, surface, near)
    assert r["members"] == members
    assert r["members_structure"] == structure
    a, b = r["members_evidence"]
    assert all(m in text[a:b] for m in members) and b - a < 400
    return r


def test_list_before_without_the_verb_that_governs_the_list(docs) -> None:
    # 完成生态保护红线、永久基本农田、城镇开发边界三条控制线划定工作: 完成 governs the whole list
    r = _check(docs, "congress_19th_2017", "三条控制线", "城镇开发边界三条控制线",
               ["生态保护红线", "永久基本农田", "城镇开发边界"], "list_before")
    assert r["members_source"] == "listed" and r["members_confidence"] == "clear"  # the items are written as a list


def test_list_before_keeps_the_verb_when_every_item_has_one(docs) -> None:
    _check(docs, "congress_18th_2012", "三大历史任务", "促进共同发展这三大历史任务",
           ["推进现代化建设", "完成祖国统一", "维护世界和平与促进共同发展"], "list_before")


def test_bracket_after_the_label(docs) -> None:
    r = _check(docs, "gwr_2007", "两基", "“两基”（基本普及", ["基本普及九年义务教育", "基本扫除青壮年文盲"], "bracket")
    assert r["members_confidence"] == "clear"


def test_label_then_colon_list(docs) -> None:
    _check(docs, "congress_20th_2022", "两步走", "分两步走：",
           ["从二〇二〇年到二〇三五年基本实现社会主义现代化",
            "从二〇三五年到本世纪中叶把我国建成富强民主文明和谐美丽的社会主义现代化强国"], "label_then_list")


def test_enumerated_items_up_to_the_first_delimiter(docs) -> None:
    # 四项工作：一是整顿和完善经济责任制，改进企业经营管理…二是整顿劳动组织，…
    _check(docs, "gwr_1981", "四项工作", "四项工作：一是", ["整顿和完善经济责任制", "整顿劳动组织", "整顿和加强劳动纪律",
                                                       "整顿财政纪律"], "enumerated")


def test_glossary_defines_body_mentions(docs) -> None:
    text, df = docs["gwr_2010"]
    notes = text.index("注释：")
    hits = df[df["members_source"] == "glossary"]
    body = hits[hits["start"] < notes]
    assert len(body) >= 1  # 加快推进电信网、广播电视网和互联网三网融合 (body) is linked to note 2
    assert set(hits["surface"]) == {"三网", "八项新举措"}  # (三网融合 is marked as the count 三网, as annotators mark it)
    for r in hits[hits["surface"].str.startswith("三网")].itertuples():
        assert r.members == ["电信网", "广播电视网", "互联网"]
        a, b = r.members_evidence
        assert a > notes and text[a:b].startswith("电信网")
    # note 7 counts its own list: 在建立中非应对气候变化伙伴关系、加强科技合作、…、扩大人文交流等八个方面 (read by hand)
    eight = hits[hits["surface"] == "八项新举措"]
    assert len(eight) == 2 and all(m == ["建立中非应对气候变化伙伴关系", "加强科技合作", "增加非洲融资能力", "扩大对非产品开放市场",
                                         "加强农业合作", "深化医疗卫生合作", "加强人力资源开发和教育合作", "扩大人文交流"]
                                        for m in eight["members"])
    text, df = docs["gwr_guangdong_2026"]
    _check(docs, "gwr_guangdong_2026", "五篇大文章", "金融“五篇大文章”：",
           ["科技金融", "绿色金融", "普惠金融", "养老金融", "数字金融"], "glossary")
    # 指干线铁路、城际铁路、市域（郊）铁路和城市轨道交通的融合: the label's own head (融合) is not an item
    rows = df[(df["surface"] == "四网融合") & (df["members_source"] == "glossary")]
    assert len(rows) >= 2
    assert rows["members"].map(tuple).unique().tolist() == [("干线铁路", "城际铁路", "市域（郊）铁路", "城市轨道交通")]


def test_no_members_rather_than_wrong_ones(docs) -> None:
    text, df = docs["gwr_2025"]
    for r in df[df["surface"] == "两个毫不动摇"].itertuples():  # 坚持和落实“两个毫不动摇”: verbs, not members
        assert r.members is None or r.members_source == "lexicon"
    text, df = docs["plenum_communique_1978"]
    at = text.index("三同志")  # 增选邓颖超、胡耀邦、王震三同志为中央政治局委员: a count of people
    assert not ((df["start"] <= at) & (df["end"] > at)).any()
    text, df = docs["gwr_1984"]
    # 我国同西欧各国和加拿大、澳大利亚、新西兰等许多发达国家也在和平共处五项原则的基础上: a list of countries
    r = _row(df, text, "五项原则", "发达国家也在和平共处五项原则")
    assert r["members_source"] != "listed" and "等" in r["members_note"]
    # …the five principles the text itself quotes elsewhere (“互相尊重主权和领土完整、…、和平共处”五项原则)
    assert r["members"] == ["互相尊重主权和领土完整", "互不侵犯", "互不干涉内政", "平等互利", "和平共处"]


def test_rejected_lists_say_why() -> None:
    df = pt.find_numbered("要坚持和落实“两个毫不动摇”，协调推进“四个全面”战略布局")
    notes = df["members_note"].dropna().tolist()
    assert any("governing verb" in n for n in notes)
    assert df["members_source"].isin(["lexicon"]).all()


def test_count_mismatch_kept_only_when_flagged(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    df = pt.find_numbered(text)
    r = _row(df, text, "三大战略行动", "突出抓好大数据、大健康三大战略行动")
    assert r["members"] == ["大数据", "大健康"] and r["count_matches"] is False or not r["count_matches"]
    assert r["members_confidence"] == "interpretive" and "2 items for the number 3" in r["members_note"]


def test_evidence_holds_the_members_on_every_row(docs) -> None:
    for text, df in docs.values():
        for r in df[df["members_evidence"].notna()].itertuples():
            a, b = r.members_evidence
            assert all(m in text[a:b] for m in r.members), (r.surface, r.members, text[a:b][:80])
            assert r.members_confidence in ("clear", "interpretive")


# --- session 6 dev errors, as hand examples -------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "label", "members"), [
    ("——扎实抓好稳增长、防风险、保民生三项基本任务，高质量发展", "三项基本任务", ["稳增长", "防风险", "保民生"]),
    ("用好农业科技创新与农村综合改革“两大动力”，大力推进", "两大动力", ["农业科技创新", "农村综合改革"]),
    ("守住保障国家粮食安全和防止规模性返贫致贫“两条底线”，严守", "两条底线", ["保障国家粮食安全", "防止规模性返贫致贫"]),
    ("做强“神武峡”“赤黄红”两大文旅主轴，提升", "两大文旅主轴", ["神武峡", "赤黄红"]),
    ("建设武汉、宜昌、“襄十”三大算力圈，推进", "三大算力圈", ["武汉", "宜昌", "襄十"]),
    ("农村寄递物流、充电桩、5G网络、四好农村路实现“四个全覆盖”，赤壁", "四个全覆盖",
     ["农村寄递物流", "充电桩", "5G网络", "四好农村路"]),
    ("全省技术、数据、水权等3大要素交易平台全部挂牌", "3大要素交易平台", ["技术", "数据", "水权"]),
])
def test_list_before_dev_examples(text: str, label: str, members: list[str]) -> None:
    df = pt.find_numbered(text)
    row = df[df["surface"] == label]
    assert len(row) == 1, df["surface"].tolist()
    assert row["members"].iloc[0] == members


@pytest.mark.parametrize(("text", "label"), [
    ("累计有16所高校、48个学科入选“双一流”", "双一流"),  # counts, not names
    ("支持大连建设现代海洋城市、加快“三个中心”建设", "三个中心"),  # 加快 governs the label
    ("整治校园餐、殡葬、高标准农田建设、农村集体“三资”", "三资"),  # one item too many: the last qualifies the label
])
def test_no_members_invented_dev_examples(text: str, label: str) -> None:
    df = pt.find_numbered(text)
    row = df[df["surface"] == label]
    source = row["members_source"].iloc[0]
    assert len(row) == 1 and (pd.isna(source) or source == "lexicon"), row[["members", "members_source"]]


def test_glossary_list_counted_inside_the_definition() -> None:
    text = ("关键核心技术加快突破，人工智能、航空航天等六大科技专项深入实施。\n名词解释\n"
            "1.六大科技专项：省委全会明确提出，全力推进人工智能、航空航天、先进装备、生物制造、清洁能源、先进材料等6个"
            "重大科技专项，着力突破一批关键核心技术。\n"
            "2.重大慢性病防治“四早”工程：重大慢性病综合防治早预防、早干预、早发现、早诊治工程。\n")
    df = pt.find_numbered(text)
    six = df[df["surface"] == "六大科技专项"]
    assert len(six) == 2 and all(m == ["人工智能", "航空航天", "先进装备", "生物制造", "清洁能源", "先进材料"]
                                     for m in six["members"])
    four = df[df["surface"] == "四早"]
    assert four["members"].iloc[0] == ["早预防", "早干预", "早发现", "早诊治"]  # the text's, not the lexicon's
    assert four["members_source"].iloc[0] == "glossary"


def test_two_words_written_together_before_a_double_label() -> None:
    # 国内国际双循环: the two members are written without a separator (as the blind annotators split them)
    df = pt.find_numbered("加快构建以国内大循环为主体、国内国际双循环相互促进的新发展格局")
    assert df.loc[df["surface"] == "双循环", "members"].iloc[0] == ["国内", "国际"]
    # only the paired words of political prose, after a delimiter or a verb: 实施新基建双千兆 is not split
    df = pt.find_numbered("全面实施新基建双千兆行动")
    assert df["members_source"].isna().all() or "listed" not in set(df["members_source"])


def test_a_clause_with_pronouns_is_not_a_member_list() -> None:
    # gwr_1979: …没有任何力量能够阻止我们和我们的下一代始终不渝地为实现、发展和保卫社会主义四个现代化的伟大事业
    text = "没有任何力量能够阻止我们和我们的下一代始终不渝地为实现、发展和保卫社会主义四个现代化的伟大事业。"
    row = pt.find_numbered(text)
    row = row[row["surface"] == "四个现代化"]
    assert len(row) == 1 and row["members_source"].iloc[0] != "listed"
