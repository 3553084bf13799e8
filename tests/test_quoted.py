"""find_quoted: quotations in the seed speech and the 2019 GWR, classified; properties."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policytext.slogans import find_quoted


def read(corpus_raw: Path, rel: str, encoding: str = "utf-8") -> str:
    text = (corpus_raw / rel).read_bytes().decode(encoding)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def naive_pairs(text: str) -> list[tuple[int, int]]:
    """Independent scan: each “ opens, the next ” closes (no nesting, no line breaks inside)."""
    out, open_at = [], None
    for i, ch in enumerate(text):
        if ch == "“":
            open_at = i
        elif ch == "”" and open_at is not None:
            out.append((open_at, i + 1))
            open_at = None
        elif ch == "\n":
            open_at = None
    return out


def test_seed_classification(corpus_raw: Path, seed_path: Path) -> None:
    text = read(corpus_raw, "local_speeches/" + seed_path.name)
    q = find_quoted(text)
    assert list(zip(q["start"], q["end"], strict=True)) == naive_pairs(text)
    kind = dict(zip(q["inner"], q["kind"], strict=False))
    # read in the speech: 习总书记指出，“看一个领导干部…” and 俗语讲：“大事难事看担当…”
    pq = q[q["kind"] == "person_quote"]
    assert pq["speaker"].tolist() == ["俗语", "习总书记"]
    assert pq["verb"].tolist() == ["讲", "指出"]
    assert pq["inner"].iloc[1].startswith("看一个领导干部")
    for f in ["四个切实", "六个精准", "五个一批", "三变", "十四五", "五位一体",
              "一个定位、两个目标、三大战略、三件大事、四条新路、五个前列、六个攻坚战"]:
        assert kind[f] == "formulation", f
    assert kind["必须"] == "formulation"  # 四个“必须”: the count stands before the quote
    for s in ["精气神", "新常态", "解放思想、勇于进取", "实干就是能力，落实才是水平", "敢于担当",
              "夜郎文化出精髓、三线文化出精神、民族文化出精彩、农耕文化出精致、生态文化出精品"]:
        assert kind[s] == "slogan", s
    for o in ["出山", "上网", "养"]:  # scare quotes
        assert kind[o] == "other", o
    assert (q["surface"].str[1:-1] == q["inner"]).all()
    assert all(text[r.start:r.end] == r.surface for r in q.itertuples())


def test_gwr_2019(corpus_raw: Path) -> None:
    text = read(corpus_raw, "national_gwr/gwr_2019.txt")
    q = find_quoted(text)
    assert list(zip(q["start"], q["end"], strict=True)) == naive_pairs(text)
    kind = dict(zip(q["inner"], q["kind"], strict=False))
    assert kind["放管服"] == "slogan" and kind["最多跑一次"] == "slogan"
    assert kind["不忘初心、牢记使命"] == "slogan"
    assert not (q["kind"] == "person_quote").any()  # the report quotes no one directly


def test_small_cases() -> None:
    q = find_quoted("他说：“我们一定要把工作做好。”大家要有“钉钉子”精神，落实“两个维护”。")
    assert q["kind"].tolist() == ["person_quote", "slogan", "formulation"]
    assert q["speaker"].iloc[0] == "他"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("“”「」说：，。四个全面发展a\n")) | st.characters(), max_size=200))
def test_arbitrary_unicode_offsets(text: str) -> None:
    q = find_quoted(text)
    for r in q.itertuples():
        assert text[r.start:r.end] == r.surface
        assert r.surface[1:-1] == r.inner
        assert r.kind in {"formulation", "slogan", "person_quote", "other"}
    curly = q[q["surface"].str.startswith("“")]
    assert list(zip(curly["start"], curly["end"], strict=True)) == naive_pairs(text)


def test_nested_quote_kinds_both_found() -> None:
    # hypothesis found 「“”」: the corner pair used to swallow the curly pair inside it
    text = "他写道：「要做到“两个维护”」。"
    q = find_quoted(text)
    assert [(r.start, r.end) for r in q.itertuples()] == [(4, 15), (8, 14)]
    assert q["inner"].tolist() == ["要做到“两个维护”", "两个维护"]
    assert q["kind"].iloc[1] == "formulation"
    assert find_quoted("「“”」")[["start", "end"]].values.tolist() == [[0, 4], [1, 3]]
