"""find_sections and Corpus.segment(by="section") on real documents (counts checked by reading the texts)."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import policytext as pt
from policytext.slogans import find_sections

CN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"]


def read(corpus_raw: Path, rel: str, encoding: str = "utf-8") -> str:
    """Decode a shared-corpus file; CRLF/CR -> LF (the gold annotations use the same coordinates)."""
    text = (corpus_raw / rel).read_bytes().decode(encoding)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def test_seed_five_questions(corpus_raw: Path, seed_path: Path) -> None:
    text = read(corpus_raw, "local_speeches/" + seed_path.name)
    s = find_sections(text)
    top = s[s["level"] == 1]
    assert top["marker"].tolist() == [f"第{n}个问题" for n in "一二三四五"]
    # titles read off the seed (each heading is its own line)
    assert top["title"].tolist() == ["加快发展的信心要更加坚定", "加快发展的思路要更加清晰", "加快发展的举措要更加有效",
                                     "加快发展的氛围要更加浓厚", "加快发展的合力要更加强大"]
    # the independent gold annotation (tests/annotations/seed_gold.yaml) has the same offsets
    gold = yaml.safe_load((Path(__file__).parent / "annotations" / "seed_gold.yaml").read_text("utf-8"))
    assert top["start"].tolist() == [g["start"] for g in gold["sections"]]
    assert len(s) == 5  # no other heading levels in the speech
    # sections tile the body from the first heading to the end
    assert top["end"].tolist()[:-1] == top["start"].tolist()[1:]
    assert top["end"].iloc[-1] == len(text)
    assert all(row.text == text[row.start:row.end] for row in s.itertuples())
    assert s["text"].iloc[3].startswith("第四个问题：加快发展的氛围要更加浓厚\n今后工作的发展思路")


def test_gwr_2019_two_levels(corpus_raw: Path) -> None:
    text = read(corpus_raw, "national_gwr/gwr_2019.txt")
    s = find_sections(text)
    top, sub = s[s["level"] == 1], s[s["level"] == 2]
    assert top["marker"].tolist() == ["一、", "二、", "三、"]
    assert top["title"].tolist() == ["2018年工作回顾", "2019年经济社会发展总体要求和政策取向", "2019年政府工作任务"]
    # section 三 has ten numbered tasks (一)…(十), each opening a paragraph; the title is its first sentence
    assert sub["marker"].tolist() == [f"（{n}）" for n in CN[:10]]
    assert sub["title"].iloc[0] == "继续创新和完善宏观调控，确保经济运行在合理区间"
    assert sub["title"].iloc[9] == "加快发展社会事业，更好保障和改善民生"
    assert (sub["start"] > top["start"].iloc[2]).all()
    assert sub["end"].iloc[-1] == top["end"].iloc[-1] == len(text)


def test_congress_20th_fifteen_sections(corpus_raw: Path) -> None:
    text = read(corpus_raw, "congress_reports/congress_20th_2022.txt")
    s = find_sections(text)
    top, sub = s[s["level"] == 1], s[s["level"] == 2]
    assert top["marker"].tolist() == [f"{n}、" for n in CN]
    assert top["title"].iloc[0] == "过去五年的工作和新时代十年的伟大变革"
    assert top["title"].iloc[12] == "坚持和完善“一国两制”，推进祖国统一"
    assert top["title"].iloc[14] == "坚定不移全面从严治党，深入推进新时代党的建设新的伟大工程"
    # sub-sections counted by reading: 四 5, 五 4, 六 4, 七 4, 八 5, 九 4, 十 4, 十一 4, 十五 7
    parent = [top[top["start"] <= st_]["marker"].iloc[-1] for st_ in sub["start"]]
    counts = {m: parent.count(m) for m in dict.fromkeys(parent)}
    assert counts == {"四、": 5, "五、": 4, "六、": 4, "七、": 4, "八、": 5, "九、": 4, "十、": 4, "十一、": 4, "十五、": 7}


def test_congress_19th_utf16_truncated_start(corpus_raw: Path) -> None:
    # the stored copy starts inside section 一 (its heading is missing): numbering starts at 二、
    text = read(corpus_raw, "congress_reports/congress_19th_2017.txt", "utf-16")
    top = find_sections(text).query("level == 1")
    assert top["marker"].tolist() == [f"{n}、" for n in CN[1:13]]
    assert top["title"].iloc[-1] == "坚定不移全面从严治党，不断提高党的执政能力和领导水平"


def test_corpus_segment_by_section(corpus_raw: Path, seed_path: Path) -> None:
    text = read(corpus_raw, "local_speeches/" + seed_path.name)
    c = pt.Corpus({"seed": text, "flat": "没有标题的短文。"})
    seg = c.segment(by="section")
    dv = seg.docvars
    seed = dv[dv["parent_id"] == "seed"]
    # preamble (ad block + 同志们…) and the five questions
    assert len(seed) == 6
    assert seed["section_title"].iloc[0] is None or seed["section_title"].isna().iloc[0]
    assert seed["section_title"].iloc[1:].tolist()[0] == "加快发展的信心要更加坚定"
    assert "".join(seg[d] for d in seed.index) == text
    assert dv[dv["parent_id"] == "flat"].shape[0] == 1


def test_multi_document_input() -> None:
    c = pt.Corpus({"a": "一、总结\n内容\n二、任务\n内容", "b": "无标题"})
    s = find_sections(c)
    assert s["doc_id"].tolist() == ["a", "a"]
    assert s["title"].tolist() == ["总结", "任务"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_offsets(text: str) -> None:
    s = find_sections(text)
    for row in s.itertuples():
        assert 0 <= row.start < row.end <= len(text)
        assert text[row.start:row.end] == row.text
        assert row.level >= 1


_title = st.text(alphabet="发展改革创新建设经济社会文化生态党", min_size=2, max_size=12)
_body = st.text(alphabet="发展改革创新建设经济社会文化，。", min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_title, st.lists(st.tuples(_title, _body), max_size=4)), min_size=2, max_size=8))
def test_generated_outline_recovered(outline: list[tuple[str, list[tuple[str, str]]]]) -> None:
    # independent construction: write an outline 一、 / （一） and check the finder recovers it
    lines, n_sub = ["同志们："], 0
    for i, (title, subs) in enumerate(outline):
        lines.append(f"{CN[i]}、{title}")
        for j, (st_, body) in enumerate(subs):
            lines.append(f"（{CN[j]}）{st_}。{body}")
        n_sub += len(subs) if len(subs) else 0
    text = "\n".join(lines)
    s = find_sections(text)
    top = s[s["marker"].str.endswith("、")]
    assert top["title"].tolist() == [t for t, _ in outline]
    assert (top["level"] == 1).all()
    subs_found = s[s["marker"].str.startswith("（")]
    has_two = any(len(subs) >= 2 for _, subs in outline)
    if has_two:  # a style that never reaches item 2 is not treated as headings
        assert (subs_found["level"] == 2).all()
        assert subs_found["title"].tolist() == [st_ for _, subs in outline for st_, _ in subs]
