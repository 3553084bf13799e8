"""Tests for policytext.corpus.cleaning on the shared corpus (known answers read from the files)."""

from __future__ import annotations

import csv
import difflib
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policytext as pt
from policytext.corpus.cleaning import (
    DEDUP_RULE,
    LAYOUT_RULE,
    REPEATED_RULE,
    CleaningRulesError,
    clean_corpus,
    clean_text,
    delete_spans,
    load_cleaning_rules,
    normalize_layout,
)

CHROME = (
    "当前位置",
    "<U+00A0>",
    "<!--",
    "-->",
    "责任编辑",
    "【字体",
    "E-mail推荐",
    "上一页",
    "www.gov.cn",
    "turnpage",
)


# ------------------------------------------------------------------------------------------- helpers


def _index(corpus_raw: Path) -> dict[str, dict[str, str]]:
    with open(corpus_raw / "INDEX.csv", encoding="utf-8") as f:
        return {r["doc_id"]: r for r in csv.DictReader(f)}


def _decode(corpus_raw: Path, row: dict[str, str]) -> str:
    """Own small decoder (independent of the reader): encoding from INDEX.csv, CRLF -> LF."""
    raw = (corpus_raw / row["path"]).read_bytes()
    enc = row["encoding"]
    text = raw.decode("utf-16" if enc == "utf-16" else enc)
    return text.replace("\r\n", "\n")


@pytest.fixture(scope="module")
def index(corpus_raw: Path) -> dict[str, dict[str, str]]:
    return _index(corpus_raw)


@pytest.fixture(scope="module")
def load(corpus_raw: Path, index: dict[str, dict[str, str]]):
    cache: dict[str, str] = {}

    def _load(doc_id: str) -> str:
        if doc_id not in cache:
            cache[doc_id] = _decode(corpus_raw, index[doc_id])
        return cache[doc_id]

    return _load


def _key(s: str) -> str:
    return re.sub(r"\s", "", s)


def _paras(text: str) -> list[str]:
    return [_key(ln) for ln in text.split("\n") if ln.strip()]


def _check_invariant(inp: str, res) -> None:
    rm = res.removed
    prev_end = 0
    for r in rm:
        assert set(r) == {"start", "end", "rule", "text"}
        assert prev_end <= r["start"] < r["end"] <= len(inp)
        assert inp[r["start"] : r["end"]] == r["text"]
        prev_end = r["end"]
    # every removed character is in a span: the input minus the spans is the cleaned text, exactly
    assert res.text == delete_spans(inp, rm)
    # the layout spans are whitespace only and are what normalize_layout deletes after the rule spans
    assert all(not r["text"].strip() for r in rm if r["rule"] == LAYOUT_RULE)
    assert res.text == normalize_layout(delete_spans(inp, [r for r in rm if r["rule"] != LAYOUT_RULE]))
    # text is a subsequence of the input: no character that is not in the input
    it = iter(inp)
    assert all(ch in it for ch in res.text)


# ------------------------------------------------------------------------------------- seed speech

SEED_AD_LINES = [  # read by hand from the first 9 lines of the seed file
    "仅供学习 禁止外传",
    "酷乐文行",
    "自建平台、实时分享",
    "根据实际需求和形式任务不断迭代",
    "现在订阅立享前3年的所有权益和资料",
    "【打击倒卖活动】",
    "举报倒卖会员资料的人，举报成功免费赠送一年会员材料！",
    "会员群：                      免费QQ群：",
]


def test_seed_ads_removed_body_starts_at_title(seed_path: Path) -> None:
    raw = seed_path.read_bytes().decode("utf-8")
    res = clean_text(raw)
    _check_invariant(raw, res)
    # body starts at the title; everything before it is exactly the hand-listed ad block
    assert res.body_start == raw.index("在区委务虚会上的讲话")
    head = [ln.strip() for ln in raw[: res.body_start].split("\n") if ln.strip()]
    assert head == SEED_AD_LINES
    assert res.title == "在区委务虚会上的讲话"
    assert res.salutation == "同志们："
    assert res.text.startswith("在区委务虚会上的讲话\n同志们：\n这次会议的主要任务是")
    # every ad line is reported as removed, nothing of the body is removed
    removed_text = "".join(r["text"] for r in res.removed)
    for ad in SEED_AD_LINES:
        assert ad in removed_text
        assert ad not in res.text
    assert all(r["end"] <= res.body_start for r in res.removed if r["rule"] != LAYOUT_RULE)
    assert {r["rule"] for r in res.removed} >= {"ad_study_only", "ad_member_group", "ad_anti_resale"}
    # 72 redaction marks in the raw file (grep -o × | wc -l), all kept
    assert raw.count("×") == 72
    assert res.text.count("×") == 72
    # the closing paragraph survives
    assert res.text.rstrip().endswith("为加快×发展奠定坚实的基础。")


def test_redaction_marks_never_touched() -> None:
    raw = "在××县委全会上的讲话\n同志们：\n×××同志、ＸＸ同志和***同志出席。\n××、××\n一、×\n"
    res = clean_text(raw)
    assert res.removed == [{"start": len(raw) - 1, "end": len(raw), "rule": LAYOUT_RULE, "text": "\n"}]
    for mark in ("×", "ＸＸ", "***"):
        assert res.text.count(mark) == raw.count(mark)


def test_contact_details_and_urls() -> None:
    raw = (
        "关于推进改革的讲话\n同志们：\n联系电话：13812345678\n加QQ：123456789 领取全套资料\n"
        "更多范文请访问 www.example-fanwen.com\n投稿邮箱 fanwen@example.com\n"
        "我们要坚定信心，真抓实干。" + "推动高质量发展。" * 20 + "详见 http://www.gov.cn/zhengce/ 。\n"
    )
    res = clean_text(raw)
    _check_invariant(raw, res)
    rules = [r["rule"] for r in res.removed]
    assert rules == ["contact_phone", "contact_qq", "contact_url", "contact_email", "contact_url", LAYOUT_RULE]
    for gone in ("13812345678", "123456789", "example", "http"):
        assert gone not in res.text
    # the long paragraph only lost the URL
    assert "我们要坚定信心，真抓实干。" in res.text and "详见  。" in res.text


# ------------------------------------------------------------------------- scraped national reports


def _independent_paragraphs(raw: str) -> list[str]:
    """Independent estimate: distinct long raw lines (first occurrence order), minus chrome and fragments."""
    seen: dict[str, None] = {}
    for ln in raw.split("\n"):
        k = _key(ln.replace("<U+00A0>", ""))
        if len(k) >= 40 and not any(c in k for c in ("中央政府门户网站", "turnpage")):
            seen.setdefault(k, None)
    keys = list(seen)
    return [k for k in keys if not any(k != o and k in o for o in keys)]


@pytest.mark.parametrize(
    ("doc_id", "copies", "once", "first_para", "last_para", "length"),
    [
        (
            "gwr_1954",
            6,
            "我国同挪威和荷兰改进关系的谈判正在进行中。",
            "我们第一届全国人民代表大会第一次会议，在听了刘少奇同志关于宪法草案的报告",
            "（《人民日报》1 9 5 4 0 9 2 4 第1至2 版）",
            (20_000, 26_000),
        ),
        (
            "gwr_1991",
            12,  # 6 scraped copies, each holding the body twice
            "关于１９９０年国民经济和社会发展计划执行情况与１９９１年计划草案的报告",
            "国务院根据中共中央《建议》精神",
            "促进国民经济持续、稳定、协调地向前发展。",
            (11_000, 15_000),
        ),
        (
            "gwr_1988",
            6,
            "我代表国务院，向大会作政府工作报告，请予审议。",
            "我代表国务院，向大会作政府工作报告，请予审议。",
            "当前的国内形势和国际形势，对我国的建设和改革都很有利。我们一定要在中国共产党的领导下",
            (27_000, 33_000),
        ),
    ],
)
def test_scraped_report_recovered_once(load, doc_id, copies, once, first_para, last_para, length) -> None:
    raw = load(doc_id)
    assert raw.count(once) == copies  # counted by hand in the raw file
    res = clean_text(raw)
    _check_invariant(raw, res)
    text = res.text
    assert text.count(once) == 1
    assert text.count(first_para) == 1
    assert text.count(last_para) == 1
    assert length[0] <= len(text) <= length[1]
    assert res.title == f"{doc_id[-4:]}年国务院政府工作报告"
    assert res.body_start == raw.index(res.title)
    long_paras = [k for k in _paras(text) if len(k) >= 40]
    assert long_paras == _independent_paragraphs(raw)  # same paragraphs, same order, each once
    # the report ends with its closing paragraph
    assert last_para.replace(" ", "") in long_paras[-1].replace(" ", "") or last_para in text.split("\n")[-1]


def test_1988_fragment_of_last_paragraph_dropped(load) -> None:
    raw = load("gwr_1988")
    res = clean_text(raw)
    lines = [ln.strip() for ln in res.text.split("\n") if ln.strip()]
    # the fragment line "国际形势，对我国的建设…" (a tail of the last paragraph) is gone; the full paragraph stays
    assert not any(ln.startswith("国际形势，对我国的建设和改革都很有利") for ln in lines)
    assert lines[-1].startswith("当前的国内形势和国际形势，对我国的建设和改革都很有利")
    frag = [
        r
        for r in res.removed
        if r["rule"] == DEDUP_RULE and "国际形势，对我国的建设和改革都很有利" in r["text"]
    ]
    assert frag


def test_no_page_chrome_left_in_national_corpus(load, index) -> None:
    scraped = [d for d, r in index.items() if r["source_repo"] == "ljtyduyu/Government_Report_Mining"]
    assert len(scraped) == 33  # 31 national_gwr years 1954-2002 + 2 dirty twins
    for doc_id in scraped:
        raw = load(doc_id)
        res = clean_text(raw)
        left = [c for c in CHROME if c in res.text]
        assert not left, f"{doc_id}: page chrome left: {left}"
        if doc_id == "gwr_2014_rawscrape":  # title glued into one line with the whole body: no title line
            assert res.title is None
        elif doc_id == "gwr_1958":  # the page heading is the report's own title
            assert res.title == "关于一九五八年度国民经济计划草案的报告"
        else:
            assert res.title == f"{doc_id[4:8]}年国务院政府工作报告", doc_id
        assert "\r" not in res.text, doc_id
        # every long paragraph occurs once
        long_paras = [k for k in _paras(res.text) if len(k) >= 40]
        assert len(long_paras) == len(set(long_paras)), doc_id
        # between 10% and 55% of the raw remains (raw = 2-12 copies + chrome)
        assert 0.05 < len(res.text) / len(raw) < 0.55, doc_id


def test_clean_modern_reports_lose_almost_nothing(load, index) -> None:
    clean_ids = [
        d
        for d, r in index.items()
        if (
            r["genre"] == "gwr"
            and r["level"] == "national"
            and int(r["year"]) >= 2003
            and "rawscrape" not in d
        )
        or r["genre"] in ("communique", "congress_report")
    ]
    assert len(clean_ids) >= 55
    for doc_id in clean_ids:
        raw = load(doc_id)
        res = clean_text(raw)
        _check_invariant(raw, res)
        lost = sum(r["end"] - r["start"] for r in res.removed if r["rule"] != LAYOUT_RULE)
        assert lost <= 0.01 * len(raw), (doc_id, res.removed)
        # non-whitespace characters kept
        assert len(_key(res.text)) >= 0.99 * len(_key(raw)), doc_id
        if res.salutation is not None:
            assert res.salutation in res.text
    # repeated short lines survive in a clean report: 各位代表！ occurs several times in gwr_2006
    raw = load("gwr_2006")
    assert clean_text(raw).text.count("各位代表！") == raw.count("各位代表！") >= 2


# ------------------------------------------------------------------------------------ dirty twins


def test_dirty_twin_2006_equals_clean_copy(load) -> None:
    clean = _paras(load("gwr_2006"))
    res = clean_text(load("gwr_2006_rawscrape"))
    dirty = _paras(res.text)
    # the raw scrape holds page 1 of 4 (section 一) four times; cleaning keeps it once
    assert dirty.count(_key("一、去年工作回顾")) == 1
    # every cleaned paragraph but the scraped header line equals a clean paragraph, in order, contiguously
    header = _key("政 府 工 作 报 告 ——2006年3月5日在第十届全国人民代表大会第四次会议上")
    assert [p for p in dirty if p not in clean] == [header]
    idx = [clean.index(p) for p in dirty if p != header]
    assert idx == sorted(idx) and idx[-1] - idx[2] == len(idx) - 3
    covered = "".join(clean[: idx[-1] + 1])
    ratio = difflib.SequenceMatcher(None, "".join(dirty), covered, autojunk=False).ratio()
    assert ratio >= 0.99  # measured 0.999


def test_dirty_twin_2014_matches_clean_copy(load) -> None:
    res = clean_text(load("gwr_2014_rawscrape"))
    _check_invariant(load("gwr_2014_rawscrape"), res)
    assert "姚大伟摄" not in res.text  # photo credit removed
    assert "photo_credit" in {r["rule"] for r in res.removed}
    a, b = "".join(_paras(res.text)), "".join(_paras(load("gwr_2014")))
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    assert ratio >= 0.99  # measured 0.9995; the raw holds the report twice
    assert 0.95 < len(a) / len(b) < 1.02


# ---------------------------------------------------------------------------------- corpus rules


def test_clean_corpus_repeated_lines(load) -> None:
    ad = "更多精彩范文 尽在某某文库"
    ids = [f"gwr_{y}" for y in (2004, 2005, 2006, 2009, 2010, 2012)]
    texts = {d: load(d).replace("各位代表：\n", f"各位代表：\n{ad}\n", 1) for d in ids}
    for d in ids:
        assert texts[d].count(ad) == 1 and "各位代表：" in texts[d]
    res = clean_corpus(texts, repeated_min_docs=5)
    for d in ids:
        _check_invariant(texts[d], res[d])
        assert ad not in res[d].text
        rep = [r for r in res[d].removed if r["rule"] == REPEATED_RULE]
        assert [r["text"].strip() for r in rep] == [ad]
        # salutation, headings and the byline repeated across documents stay
        assert res[d].salutation == "各位代表：" and "各位代表：" in res[d].text
        assert "一、" in res[d].text
    # below the document threshold nothing is removed
    few = clean_corpus({d: texts[d] for d in ids[:4]}, repeated_min_docs=5)
    assert all(ad in r.text for r in few.values())


def test_clean_corpus_keeps_salutations_across_all_national_reports(load, index) -> None:
    ids = [
        d
        for d, r in index.items()
        if r["genre"] == "gwr" and r["level"] == "national" and int(r["year"]) >= 2003
    ]
    texts = {d: load(d) for d in ids}
    res = clean_corpus(texts, repeated_min_docs=3)
    assert sum("各位代表：" in t for t in texts.values()) >= 15
    for d in ids:
        assert not [r for r in res[d].removed if r["rule"] == REPEATED_RULE], d
        assert res[d].text == clean_text(texts[d]).text


# ---------------------------------------------------------------------------------- rules file


def test_packaged_rules_have_sources() -> None:
    rules = load_cleaning_rules()
    assert len(rules.rules) >= 15
    for r in rules.rules + rules.keep:
        assert r.id and r.note and r.source and r.scope in ("line", "head", "anywhere")
    assert rules.is_kept("各位代表：") and rules.is_kept("一、去年工作回顾") and not rules.is_kept("酷乐文行")


def test_user_rules_file_and_errors(tmp_path: Path) -> None:
    p = tmp_path / "my_rules.yaml"
    p.write_text(
        "rules:\n  - id: my_ad\n    pattern: '某某文库'\n    scope: line\n    note: test\n    source: test\n",
        encoding="utf-8",
    )
    res = clean_text("某某文库\n政府工作报告\n各位代表：", p)
    assert res.text == "政府工作报告\n各位代表：" and res.removed[0]["rule"] == "my_ad"
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: broken\n    pattern: '(['\n    scope: line\n", encoding="utf-8")
    with pytest.raises(CleaningRulesError, match=r"bad\.yaml.*broken"):
        load_cleaning_rules(bad)
    bad.write_text("rules:\n  - id: s\n    pattern: 'x'\n    scope: everywhere\n", encoding="utf-8")
    with pytest.raises(CleaningRulesError, match=r"bad\.yaml.*'s'.*scope"):
        load_cleaning_rules(bad)
    with pytest.raises(CleaningRulesError, match="missing.yaml"):
        load_cleaning_rules(tmp_path / "missing.yaml")


# ---------------------------------------------------------------------------------- properties

_PIECES = [
    "仅供学习 禁止外传",
    "会员群：  免费QQ群：",
    "<!--\nfunction x(){}\n-->",
    "<U+00A0><U+00A0>",
    "当前位置： 首页>> 中国概况",
    "【字体：大 中 小】",
    "（责任编辑： 郭桢\n ）",
    "政府工作报告",
    "同志们：",
    "各位代表！",
    "一、",
    "加快×发展，推动××县高质量发展，坚持稳中求进工作总基调，全面深化改革开放。",
    "联系电话：13812345678",
    "\u3000\u3000",
    "",
    " ",
]


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_invariant_arbitrary_unicode(s: str) -> None:
    res = clean_text(s)
    _check_invariant(s, res)
    assert 0 <= res.body_start <= len(s)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=8), max_size=30))
def test_invariant_structured(pieces: list[str]) -> None:
    s = "\n".join(pieces)
    res = clean_text(s)
    _check_invariant(s, res)
    # redaction marks are only ever removed inside removed lines, never alone
    assert res.text.count("×") + sum(r["text"].count("×") for r in res.removed) == s.count("×")
    assert all(r["text"].strip("×") for r in res.removed)


@settings(max_examples=50, deadline=None)
@given(
    st.dictionaries(st.sampled_from("abcdefg"), st.lists(st.sampled_from(_PIECES), max_size=12), max_size=7)
)
def test_invariant_corpus(docs: dict[str, list[str]]) -> None:
    texts = {k: "\n".join(v) for k, v in docs.items()}
    res = clean_corpus(texts, repeated_min_docs=2)
    assert set(res) == set(texts)
    for k, t in texts.items():
        _check_invariant(t, res[k])
        for r in res[k].removed:
            if r["rule"] == REPEATED_RULE:
                assert not load_cleaning_rules().is_kept(r["text"])


def test_dedup_finds_prefix_suffix_and_recent_fragments() -> None:
    """The linear de-duplication (issue 13) still removes what the quadratic one did on these cases: an exact
    repeat, a truncated copy (prefix), a tail (suffix) and a middle fragment of a recent line."""
    para = "我们要坚定不移地推进改革开放，扩大内需，保持经济平稳较快发展，不断提高人民生活水平。"
    other = "各级政府要切实转变职能，深化行政管理体制改革，建设人民满意的服务型政府和法治政府。"
    for repeat in (para, para[:30], para[-30:], para[5:40]):
        text = f"各位代表：\n{para}\n{other}\n{repeat}\n{other}\n结束语。\n"
        out = clean_text(text).text
        assert out.count(para) == 1 and out.count(other) == 1, repeat
        assert repeat not in out.replace(para, "", 1), repeat


def test_reseller_watermarks_only_in_the_head_block(corpus_raw: Path) -> None:
    """Issue 13: the watermark words of 范文 sites occur in official text and must not be cut from the body."""
    body = "各位代表：\n严禁转载、倒卖国家秘密文件，禁止外传涉密材料。\n有的图纸注明“仅供参考”。\n"
    r = clean_text(body)
    assert "严禁转载、倒卖国家秘密文件，禁止外传涉密材料。" in r.text and "注明“仅供参考”" in r.text
    assert r.removed == [] or all(x["rule"] != "ad_study_only" for x in r.removed)
    # the 1955 report: 有的图纸注明“仅供参考” (read by hand in the raw file) survives cleaning
    c = pt.read_corpus(corpus_raw / "national_gwr" / "gwr_1955.txt")
    assert "注明“仅供参考”" in c.texts[0]
    # the seed's advertising block (lines 1-9) is still removed
    seed = pt.read_corpus(corpus_raw / "local_speeches")
    assert seed.texts[0].startswith("在区委务虚会上的讲话") and "仅供学习" not in seed.texts[0]


def test_long_runs_of_blanks_are_cleaned_without_backtracking() -> None:
    """Fuzzing (session 6): 9,850 tabs took 3 s in the photo-credit rule. The leading blanks are now matched
    atomically; the result is unchanged (a blank-only text cleans to nothing, every character in a span)."""
    for ch in ("\t", " ", "\u3000"):
        raw = ch * 9850
        res = clean_text(raw)
        assert res.text == "" and delete_spans(raw, res.removed) == ""
    res = clean_text("\t\t新华社记者姚大伟摄\n各位代表：\n发展。")
    assert res.text == "各位代表：\n发展。" and res.removed[0]["rule"] == "photo_credit"
