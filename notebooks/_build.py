"""Build the analysis notebooks of ``notebooks/`` (stored without outputs) from the cell lists below.

Run from anywhere::

    python notebooks/_build.py            # all notebooks
    python notebooks/_build.py 02         # only those whose file name contains "02"

Each notebook is a list of ``("md" | "code", source)`` pairs. ``tests/test_notebooks.py`` executes the
notebooks and checks that they are stored without outputs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent

NB1 = [
("md", r"""
# The anatomy of one local speech

A district party secretary's speech to a 区委务虚会 (a retreat of the district party committee to set the
direction for the coming years), Guizhou, around 2020 — the project's seed document. Local speeches of this kind
are built from a small set of devices: numbered **sections** (第一个问题…), **enumerations** (一是…二是…),
**numbered formulations** (三大战略行动, 四条新路, 六个攻坚战) whose members the speaker spells out, and quoted
slogans. This notebook takes the speech apart with `policytext` and asks which themes each section carries.

The text is read through `pt.fetch_corpus` from a local mirror of the project's shared corpus (set
`POLICYTEXT_MIRROR` to point elsewhere). The speech comes from a paid 范文 website: names, numbers and the city
are redacted with `×` in the source, and it may be under copyright — use it for research only.
"""),
("code", r"""
import os
import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import policytext as pt
import policytext.plot  # noqa: F401  (pt.plot: figures with the bundled CJK font)

pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 160)
MIRROR = os.environ.get("POLICYTEXT_MIRROR", "../../shared/corpus_raw")
DATA_HOME = os.environ.get("POLICYTEXT_DATA")  # None: the default cache (~/policytext_data)
"""),
("code", r"""
speeches = pt.fetch_corpus("local_speeches", data_home=DATA_HOME, mirror=MIRROR)
doc_id = speeches.doc_ids[0]
text = speeches[doc_id]
prov = speeches.provenance.loc[doc_id]
print(doc_id, "|", speeches.docvars.loc[doc_id, "title"], "|", speeches.docvars.loc[doc_id, "year"])
print(f"{prov['n_chars_raw']:,} characters read ({prov['encoding']}), {prov['n_removed']} removed by cleaning, "
      f"{len(text):,} kept")
pd.DataFrame(prov["removed"])[["rule", "text"]]
"""),
("md", r"""
Cleaning removed the advertising block of the 范文 website that precedes the speech (`仅供学习 禁止外传`, the site
name, the 会员群 line); each removed span is reported with the rule that removed it, so the reader can check that
no part of the speech itself was lost.

## 1. Sections

`find_sections` finds the heading structure. The speech has five top-level 问题, each titled with the same
frame *加快发展的……要更加……* — the five titles are themselves a parallel construction.
"""),
("code", r"""
sections = pt.find_sections(speeches)
sections["n_chars"] = sections["end"] - sections["start"]
sections[["level", "marker", "title", "start", "end", "n_chars"]]
"""),
("code", r"""
enums = pt.find_enumerations(speeches)
numbered = pt.find_numbered(speeches)
quoted = pt.find_quoted(speeches)
parallels = pt.find_parallels(speeches)

def section_of(offset):
    hit = sections[(sections["start"] <= offset) & (offset < sections["end"]) & (sections["level"] == 1)]
    return hit["marker"].iloc[0] if len(hit) else "开场"

for frame in (enums, numbered, quoted, parallels):
    frame["section"] = frame["start"].map(section_of)

order = ["开场"] + sections.loc[sections["level"] == 1, "marker"].tolist()
anatomy = pd.DataFrame({
    "characters": pd.Series([sections["start"].min()] + sections.loc[sections["level"] == 1, "n_chars"].tolist(),
                            index=order),
    "enumerations": enums.groupby("section")["enum_id"].nunique(),
    "enumeration items": enums.groupby("section").size(),
    "numbered formulations (mentions)": numbered.groupby("section").size(),
    "quoted slogans": quoted[quoted["kind"] == "slogan"].groupby("section").size(),
    "parallel runs (排比)": parallels.groupby("section").size(),
}).reindex(order).fillna(0).astype(int)
anatomy.loc["total"] = anatomy.sum()
anatomy
"""),
("md", r"""
The table counts, section by section, the devices the finders detect. The second 问题 (加快发展的思路要更加清晰, the
longest section, about 3,800 characters) is where the programme is laid out: it carries most numbered formulations
and quoted slogans. The fourth 问题 (氛围) is built from enumerations — four paragraphs opening with
*营造加快发展的氛围，必须要有“……”*, then 一要/二要/三要 and 第一/第二/第三 lists.

The figure below places every device on the speech's character axis (the speech runs left to right; the shaded
bands are the five sections).
"""),
("code", r"""
def speech_map(ax):
    rows = [
        ("enumeration items", enums["start"], "tab:blue"),
        ("numbered formulations", numbered["start"], "tab:red"),
        ("quoted slogans", quoted.loc[quoted["kind"] == "slogan", "start"], "tab:green"),
        ("parallel runs (排比)", parallels["start"], "tab:purple"),
    ]
    top = sections[sections["level"] == 1].reset_index(drop=True)
    for i, sec in top.iterrows():
        ax.axvspan(sec["start"], sec["end"], color="0.92" if i % 2 == 0 else "0.98", zorder=0)
        ax.text((sec["start"] + sec["end"]) / 2, len(rows) - 0.35, f"{sec['marker']}\n{sec['title'][5:]}",
                ha="center", va="bottom", fontsize=8)
    for y, (label, starts, colour) in enumerate(rows[::-1]):
        ax.vlines(starts, y - 0.35, y + 0.35, color=colour, linewidth=1.2)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows[::-1]])
    ax.set_xlim(0, len(text))
    ax.set_ylim(-0.6, len(rows) + 0.6)
    ax.set_xlabel("character offset in the cleaned speech")
    ax.set_title("在区委务虚会上的讲话: where the rhetorical devices sit")
    return ax

fig, ax = plt.subplots(figsize=(11, 3.6), layout="constrained")
pt.plot.apply_font(speech_map(ax));
"""),
("md", r"""
Numbered formulations cluster in the second 问题, where the speaker unpacks the district's programme
(一个定位、两个目标、三大战略、三件大事、四条新路、五个前列、六个攻坚战 is announced in the opening paragraph and
then spelled out: 34 of the 56 mentions); enumerations sit mostly in the first, second and fourth (the third
has one three-item list). The closing sections (氛围, 合力) contain almost no formulations (3 and 1 mentions) but
many quoted slogans (11 and 10) and parallel runs (排比): they are about cadres' attitude, not about policy
content, and they are written to be declaimed.

## 2. Enumerations

`find_enumerations` returns one row per item with its nesting level and the count announced just before the
list (信心主要来自于**两个方面**). `announced_matches` checks that the speaker delivered as many items as announced.
"""),
("code", r"""
lists = (enums.groupby("enum_id")
         .agg(section=("section", "first"), level=("level", "first"), style=("style", "first"),
              n_items=("n_items", "first"), announced=("announced_text", "first"),
              matches=("announced_matches", "first"), items=("heading", lambda h: "；".join(h))))
print(f"{len(lists)} lists, {int((lists['level'] > 1).sum())} nested inside an item of another list")
lists
"""),
("md", r"""
Eight lists, four of them nested inside an item of another list (level 2). Every list whose size is announced
(两个方面, 四条新路, 三点, 四个“必须”) has exactly the announced number of items. Note that the announcements are
themselves numbered formulations (四条新路, 四个“必须”): the speech announces a count, names it, and then
enumerates it — the enumeration is where the formulation's members come from (section 3).

## 3. Numbered formulations and their members

`find_numbered` finds every mention of a numbered formulation and reads its members from the text when the
speaker lists them (`listed`: 三件大事：循环经济、农村改革、山地旅游), from the enumeration that follows
(`enumeration`), or falls back to the bundled lexicon (`lexicon`: nationally fixed formulations such as
五个一批 or 六个精准). `count_matches` compares the number in the label with the number of members found.
"""),
("code", r"""
per_label = (numbered.sort_values("start")
             .groupby("label")
             .agg(mentions=("start", "size"), first_at=("start", "min"), kind=("kind", "first"),
                  source=("members_source", lambda s: s.dropna().iloc[0] if s.notna().any() else None),
                  members=("members", lambda m: next(("；".join(x) for x in m if isinstance(x, list)), None)),
                  count_matches=("count_matches", lambda s: bool(s.dropna().all()) if s.notna().any() else None))
             .sort_values(["mentions", "first_at"], ascending=[False, True]))
print(f"{len(numbered)} mentions of {len(per_label)} distinct formulations; "
      f"members found for {per_label['members'].notna().sum()} of them")
per_label
"""),
("code", r"""
ax = pt.plot.formulations_chart(numbered, max_rows=30,
                                title="Numbered formulations: number in the label vs members found in the text")
ax.figure.set_size_inches(8, 8)
"""),
("md", r"""
The table: 56 mentions of 34 distinct formulations. 三变 (资源变资产、资金变股金、农民变股东, the rural
shareholding reform that started in Liupanshui) is the most repeated (8 mentions); 十四五 and the district's
own programme labels (三件大事, 四条新路, 两大战略行动) follow.

The chart compares, for each formulation (first mention on top), the number in its label (outlined bar) with
the number of members found (filled bar; ×k counts mentions). The district's own labels (三件大事, 四条新路,
五个前列, 六个攻坚战, 四大业态, 三位一体, 五位一体) are defined *in the speech itself* (`listed`/`enumeration`): a
local programme is a set of local formulations that the audience has to be told. Formulations borrowed from
national or provincial discourse (五个一批, 六个精准, 四个切实, 六个小康) are mentioned without their members —
the speaker assumes the audience knows them; their members come from the bundled lexicon. Labels with no bar
(一个定位, 两个目标, 五大产业, 十大提升工程) are never unpacked in the text.

One formulation is flagged (`count_matches = False`, orange): 三大战略行动, whose members are read from
the sentence *市委提出了突出抓好大数据、大健康三大战略行动* — three actions, two named. The surrounding sentence explains why: the province's 两大战略行动 (大数据、大扶贫) and the
city's 大数据、大健康 add up to three (大数据、大扶贫、大健康), but the speech never lists them together. This is
the kind of inconsistency a count check surfaces and a human reader skims over.
"""),
("code", r"""
slogans = (quoted[quoted["kind"] == "slogan"]["inner"].value_counts().rename_axis("slogan").reset_index()
           .sort_values(["count", "slogan"], ascending=[False, True], ignore_index=True))  # ties by name
print(quoted["kind"].value_counts().to_dict())
slogans.head(15)
"""),
("md", r"""
Quoted slogans are mostly short labels of local campaigns (精气神, 大数据, 产城旅文, 特惠贷) and the national
新常态; `find_quoted` separates them from quoted formulations and from the two quotations introduced by a speech
verb.

## 4. Themes per section

Which policy areas does each section address? We segment the five sections with the project's `Segmenter`
(rjieba backend, domain dictionary, numbered formulations kept whole, default stopwords) and count the entries of
the shipped `policy_themes` dictionary, plus three themes the shipped dictionary does not cover but that local
speeches are full of (cadre conduct, industry and parks, agriculture). Counts are per 1,000 tokens of the section.
"""),
("code", r"""
seg = pt.Segmenter(backend="rjieba", stopwords="default")
by_section = speeches.segment(by="section")
by_section = by_section[[d for d in by_section.doc_ids if pd.notna(by_section.docvars.loc[d, "section_title"])]]
toks = pt.tokens(by_section, seg)

shipped = pt.load_dictionary("policy_themes", segmenter=seg)
local_themes = pt.load_dictionary({
    "cadre_conduct": ["作风", "担当", "干事", "实干", "落实", "精气神", "责任", "干部"],
    "industry_parks": ["工业", "企业", "园区", "招商引资", "项目", "产业"],
    "agriculture_rural": ["农业", "农村", "农民", "乡村", "三变", "合作社"],
}, segmenter=seg)
counts = pd.concat([pt.lookup(toks, shipped), pt.lookup(toks, local_themes)], axis=1)
n_tokens = pd.Series(np.diff(toks.indptr), index=toks.doc_ids)
rates = counts.div(n_tokens, axis=0) * 1000
rates.index = [f"{i}. {t[5:]}" for i, t in enumerate(by_section.docvars["section_title"], start=1)]
rates = rates.loc[:, rates.sum() > 0]
rates.round(1)
"""),
("code", r"""
ax = pt.plot.theme_heatmap(rates.round(1), cmap="Reds", label_width=20,
                           title="Themes per section (dictionary matches per 1,000 tokens)")
ax.figure.axes[-1].set_ylabel("matches per 1,000 tokens")  # the colour bar: the cells are rates, not counts
ax.figure.set_size_inches(8, 4.5)
"""),
("md", r"""
The heatmap (rows: themes; columns: sections; cells: matches per 1,000 tokens) shows a clear division of
labour. Policy content — agriculture and the rural economy, tourism, the digital economy (大数据), poverty
alleviation — is concentrated in the second 问题 (思路), reflecting the district's 山地特色农业 and 山地旅游
strategy. The fourth and fifth 问题 carry nothing from the shipped policy dictionary and instead score on cadre
conduct (作风, 担当, 干事, 落实): the fourth is the densest cell of the table (55.8 per 1,000 tokens). Two of the
five sections (2,267 of 8,742 characters, a quarter of the speech) are about *how* cadres should work, not
*what* they should do. A dictionary of national policy vocabulary alone (the shipped one) would have rated these sections
empty; local speeches need a vocabulary of cadre mobilisation as well.

Finally, the words that distinguish each section from the rest of the speech (log-odds with an informative
Dirichlet prior, Monroe et al. 2008) confirm the reading:
"""),
("code", r"""
d = pt.dfm(toks)
noise = [f for f in d.features if not re.search(r"[\u4e00-\u9fff]", f)]  # punctuation, digits, the redaction mark ×
d = pt.dfm(toks, remove=noise)
pd.DataFrame({label: pt.keyness(d, did, measure="log_odds").head(8)["feature"].tolist()
              for label, did in zip(rates.index, d.doc_ids)}).T
"""),
("md", r"""
Section 1 is about 政策, 优势, 基础 (the grounds for confidence); section 2 about 山地, 特色, 旅游, 文化; section 3
about 动能, 供给, 结构性 (supply-side reform vocabulary); sections 4 and 5 about 激情, 担当, 干事 and 合力, 部门,
责任. The speech moves from the situation, to the programme, to the means, and ends with two sections of
mobilisation — the canonical order of a 务虚会 speech.
"""),
]


NB2 = [
("md", r"""
# National government work reports over time

The 政府工作报告 delivered by the Premier to the National People's Congress is the most regular text of Chinese
national policy: one a year since 1978 (with earlier reports in 1954–1960, 1964 and 1975). This notebook reads
the 49 reports of the shared corpus (1954–2024, with gaps) through `pt.fetch_corpus`, follows six terms over
seventy years, compares the vocabulary of the Xi-era reports with that of the two decades before, and
reproduces a published figure: CGTN's 2019 count of 发展 in all reports since 1954.
"""),
("code", r"""
import os
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import policytext as pt
import policytext.plot  # noqa: F401  (pt.plot: figures with the bundled CJK font)

pd.set_option("display.width", 160)
MIRROR = os.environ.get("POLICYTEXT_MIRROR", "../../shared/corpus_raw")
DATA_HOME = os.environ.get("POLICYTEXT_DATA")  # None: the default cache (~/policytext_data)
"""),
("code", r"""
gwr = pt.fetch_corpus("national_gwr", data_home=DATA_HOME, mirror=MIRROR)
years = gwr.docvars["year"].astype(int)
lengths = pd.DataFrame({
    "year": years,
    "chars_raw": gwr.provenance["n_chars_raw"],
    "chars_clean": gwr.provenance["n_chars"],
    "heading": [t.split("\n", 3)[:3] for t in gwr.texts],
})
print(f"{len(gwr)} reports, {years.min()}–{years.max()}; missing years since 1978:",
      sorted(set(range(1978, years.max() + 1)) - set(years)))
lengths.loc[lengths["chars_raw"] > 2 * lengths["chars_clean"], ["year", "chars_raw", "chars_clean"]].T
"""),
("md", r"""
The 1954–2002 files are raw scrapes of gov.cn pages in which the whole report is repeated once per scraped
sub-page; the table shows, for those reports, the raw length and the length after `policytext`'s cleaning
(page chrome removed, repeated paragraphs de-duplicated) — typically one fifth of the raw file. Every count
below is on the cleaned text; counting on the raw files would inflate 1954–2002 four- to fivefold.

One caveat about the corpus rather than the software: the file for 1991 is not Premier Li Peng's report but
Zou Jiahua's companion report on the 1990 plan and the 1991 plan draft (see its heading below), which is
shorter and more technical. We keep it, but it is an outlier.
"""),
("code", r"""
print("\n".join(gwr["gwr_1991"].split("\n")[:8:2]))
"""),
("md", r"""
## 1. Terms rising and falling

`pt.plot.trend_table` counts each term as a **substring** of the cleaned text (so 发展 inside 高质量发展 counts)
and divides by the number of characters, per year; the rates are comparable across reports of very different
length.
"""),
("code", r"""
TERMS = ["发展", "改革", "创新", "安全", "小康", "高质量发展"]
trends = pt.plot.trend_table(gwr, TERMS, by="year")
wide = trends.pivot(index="year", columns="feature", values="per_10k")[TERMS]
wide.loc[[1954, 1978, 1985, 1992, 2002, 2012, 2017, 2020, 2024]].round(1)
"""),
("code", r"""
fig, axes = plt.subplots(2, 1, figsize=(10, 7), sharex=True, layout="constrained")
pt.plot.term_trends(trends, terms=["发展", "改革"], ax=axes[0],
                    title="发展 and 改革 in national government work reports, 1954–2024")
pt.plot.term_trends(trends, terms=["创新", "安全", "小康", "高质量发展"], ax=axes[1],
                    title="创新, 安全, 小康, 高质量发展")
axes[0].set_xlabel("")
for ax in axes:
    for start, end in [(1961, 1963), (1965, 1974), (1976, 1977)]:  # no report delivered in these years
        ax.axvspan(start - 0.5, end + 0.5, color="0.93", zorder=0)
"""),
("md", r"""
Shaded: years in which no report was delivered (1961–63, 1965–74, 1976–77); the line joins the reports on
either side of a gap, and also crosses the years whose report exists but is not in our corpus (1964, 1980, 1997,
2008, 2011, 2021, 2023). The y axis is the substring count per 10,000 characters of the cleaned text.

- 发展 roughly doubles its rate between the 1950s (21–29 per 10,000 characters; the short 1960 report is an
  outlier at 83.7) and the reform era, and from 1992 on stays between 47 (1999) and 94 (1996); 81.2 in 2024.
- 改革 is almost absent before 1978 (at most 6.8, in 1957), peaks in the mid-1980s (68.7 in 1985, the year of
  urban economic reform; 57.9 in 1988) and again in 1992–1995 (47–53), holds between 32 and 53 until 2019, and
  then falls to about half (26.8 in 2020, 25.1 in 2022, 20.2 in 2024).
- 创新 is a 21st-century word: at most 3.1 per 10,000 before 2001, it climbs with the 2006 "innovative country"
  programme (14.7) and peaks with the 2015–2016 mass-innovation push (20.4, 31.2); 23.6 in 2024.
- 安全 rises from a few mentions to between 7.6 and 18.0 from 2004 on (peak 2006), and is at 16.7 in 2024.
- 高质量发展 appears for the first time in 2018 (2.4) and reaches 14.4 per 10,000 characters in 2024.
- 小康 never exceeds 5.2 (2020, the deadline year of 全面建成小康社会) and disappears once the goal is declared
  met (0.6 in 2022, 0 in 2024).

## 2. Keyness: the Xi era against the two decades before

Which words distinguish the reports of 2013–2024 from those of 1993–2012? We segment all reports once with the
project's `Segmenter` (rjieba, domain dictionary, protected numbered formulations, default stopwords; the tokens
are reused in section 3), drop punctuation and digits, and compute Dunning's G² for every word of the 1993–2024
reports (positive: over-used in 2013–2024).
"""),
("code", r"""
seg = pt.Segmenter(backend="rjieba", stopwords="default")
toks = pt.tokens(gwr, seg)
d_all = pt.dfm(toks)
recent = gwr.subset(year=lambda y: y >= 1993)
d = d_all[recent.doc_ids]
d = d.select([f for f, n in zip(d.features, d.featfreq()) if n > 0 and re.search(r"[\u4e00-\u9fff]", f)])
target = [doc for doc in recent.doc_ids if recent.docvars.loc[doc, "year"] >= 2013]
key = pt.keyness(d, target, measure="g2")
row_tokens = pd.Series(np.asarray(d.matrix.sum(axis=1)).ravel(), index=d.doc_ids)
print(f"target 2013–2024: {len(target)} reports, {row_tokens[target].sum():,} tokens; "
      f"reference 1993–2012: {len(recent) - len(target)} reports, {row_tokens.drop(target).sum():,} tokens")
"""),
("code", r"""
ax = pt.plot.keyness_bars(key, n=15, target="2013–2024", reference="1993–2012",
                          title="Keyness (G²): national reports 2013–2024 vs 1993–2012")
ax.figure.set_size_inches(8, 8)
"""),
("md", r"""
The bars show the 15 words most over-used on each side (G², 1 degree of freedom: any value above 10.8 has
p < 0.001). The Xi-era reports (top, red) speak of 推动, 提升, 创新, 稳 (as in 稳增长, 稳就业), 高质量发展,
民生, 绿色, 打造, 风险, 全面建成小康社会, and name 习近平 (65 times, never before 2013 — in the phrase
习近平新时代中国特色社会主义思想). The reference period (bottom, blue) is the vocabulary of managing a planned
economy in transition: 进一步, 搞好, 继续, 条件, 国民经济, 进行, 管理, 调整, 逐步. The shift is from
adjusting and improving (搞好, 调整, 逐步) to promoting and upgrading (推动, 提升, 打造) under a risk frame
(风险, 稳) — consistent with the trend lines above (改革 falling, 安全 and 高质量发展 rising).
"""),
("code", r"""
pd.concat([key.head(12)[["feature", "statistic", "n_target", "n_reference"]].reset_index(drop=True),
           key.tail(12)[::-1][["feature", "statistic", "n_target", "n_reference"]].reset_index(drop=True)],
          axis=1, keys=["over-used 2013–2024", "over-used 1993–2012"]).round(1)
"""),
("md", r"""
## 3. Reproducing a published figure: CGTN 2019

CGTN reported in March 2019 that the 51 government work reports from 1954 to 2019 total **977,643 characters**
and use 发展 **5,410 times** — 55.3 occurrences per 10,000 characters. CGTN did not publish its counting
convention. Two conventions are common, and they give different numbers:

- **substring count** (the usual newspaper convention): every non-overlapping occurrence of the two characters
  发展 in the text, including those inside longer words (高质量发展, 发展中国家, 可持续发展);
- **token count**: occurrences of the word 发展 on its own after word segmentation, so 高质量发展 or
  发展中国家, which the segmenter keeps as one word, do not count.

We compute both on the reports of our corpus for 1954–2019, and divide by three definitions of "character".
"""),
("code", r"""
upto2019 = gwr.subset(year=lambda y: y <= 2019)
texts = upto2019.texts
n_substring = int(pt.count_substrings(upto2019, ["发展"])["count"].sum())
d19 = d_all[upto2019.doc_ids]                      # token counts of section 2, same 46 reports
tok_counts = pd.Series(np.asarray(d19.matrix.sum(axis=0)).ravel(), index=d19.features)
n_token = int(tok_counts["发展"])
n_chars = {
    "all characters": sum(len(t) for t in texts),
    "without whitespace": sum(len(re.sub(r"\s", "", t)) for t in texts),
    "Han characters only": sum(len(re.findall(r"[\u4e00-\u9fff]", t)) for t in texts),
}
rows = [("CGTN 2019", "(not stated)", "(not stated)", 51, 977_643, 5_410)]
rows += [("our corpus", "substring", chars, len(upto2019), n, n_substring) for chars, n in n_chars.items()]
rows += [("our corpus", "token", "Han characters only", len(upto2019), n_chars["Han characters only"], n_token)]
comparison = pd.DataFrame(rows, columns=["source", "count of 发展", "characters counted", "reports",
                                         "characters", "发展"])
rate = comparison["发展"] / comparison["characters"] * 10_000
comparison["per_10k"] = rate.round(1)
comparison["vs CGTN rate"] = (rate / rate[0] - 1).map("{:+.1%}".format)
comparison["chars per report"] = (comparison["characters"] / comparison["reports"]).round().astype(int)
comparison["发展 per report"] = (comparison["发展"] / comparison["reports"]).round(1)
missing = sorted({1954, 1955, 1956, 1957, 1958, 1959, 1960, 1964, 1975, *range(1978, 2020)} - set(
    upto2019.docvars["year"].astype(int)))
print("reports in CGTN's set that our corpus lacks:", missing)
comparison
"""),
("md", r"""
The gap between the two counting conventions is the words that contain 发展. The segmenter's tokens that contain
发展, with their counts in the same 46 reports:
"""),
("code", r"""
compounds = tok_counts[[f != "发展" and "发展" in f for f in tok_counts.index]]
compounds = (compounds[compounds > 0].rename_axis("word").reset_index(name="count")
             .sort_values(["count", "word"], ascending=[False, True], ignore_index=True))  # ties by name
in_compounds = int(sum(w.count("发展") * n for w, n in zip(compounds["word"], compounds["count"])))
print(f"substring count {n_substring:,} = token count {n_token:,} + 发展 inside {len(compounds)} longer words "
      f"{in_compounds:,} + {n_substring - n_token - in_compounds:,} split across a word boundary")
compounds.head(15)
"""),
("md", r"""
The corpus holds 46 of CGTN's 51 reports (1964, 1980, 1997, 2008 and 2011 are missing or held out), so raw
counts are not comparable (5,348 substrings or 4,849 tokens in 46 reports against CGTN's 5,410 in 51); rates
per 10,000 characters and averages per report are. Against CGTN's 55.3 occurrences per 10,000 characters:

| count of 发展 | characters counted | per 10,000 | vs CGTN |
|---|---|---|---|
| substring | all characters of the cleaned text (997,048) | 53.6 | −3.1% |
| substring | without whitespace (981,469) | 54.5 | −1.5% |
| substring | Han characters only (883,150) | 60.6 | +9.4% |
| token | Han characters only (883,150) | 54.9 | −0.8% |

Which convention did CGTN use? Its average report length, 977,643 / 51 = 19,169 characters, is almost exactly
our Han-only average (883,150 / 46 = 19,199, +0.2%) and well below our all-character average (21,675): CGTN
most likely counted Han characters. With that denominator, the **token** count reproduces CGTN's rate within
1% (54.9 against 55.3; 105.4 occurrences per report against CGTN's 106.1), while the **substring** count is
9.4% too high. The difference between the two counts is exactly the 499 occurrences of 发展 inside the 33
longer words the segmenter keeps whole (大力发展 146, 发展中国家 98, 优先发展 36, 科学发展观 31, …); no
occurrence is split across a word boundary. Our best reading is that CGTN counted the *word* 发展 in segmented
text — what a jieba-style word-frequency count gives — over Han characters. We cannot be certain: five reports
are missing from our corpus, our copies may differ from CGTN's (our 2010 and 2012 copies carry 名词解释
glossaries), and the 1991 file is the plan report rather than the Premier's report. Anyone citing such a figure
should state the convention: here, *token count of 发展 (rjieba segmentation with the project's domain
dictionary) per 10,000 Han characters of the cleaned text*.
"""),
]


NB3 = [
("md", r"""
# Local speeches and reports against national texts

Do local leaders take up the formulations and themes of the centre, how fast, and do they keep their content?
This notebook compares the national texts of the shared corpus (50 government work reports 1954–2025 and 10
party-congress reports 1969–2022) with the local ones: the 25 provincial government work reports of 2026 and the
district party secretary's speech of about 2020 (notebook 01).

The design is limited by the data: the local texts are a cross-section (2026) plus one speech (2020), so
"how quickly" cannot be measured (see section 1); what can be read is which national formulations local texts
use, and whether they keep their content when they state it.
"""),
("code", r"""
import os

import matplotlib.pyplot as plt
import pandas as pd

import policytext as pt
import policytext.plot  # noqa: F401  (pt.plot: figures with the bundled CJK font)

pd.set_option("display.width", 160)
pd.set_option("display.max_colwidth", 70)
MIRROR = os.environ.get("POLICYTEXT_MIRROR", "../../shared/corpus_raw")
DATA_HOME = os.environ.get("POLICYTEXT_DATA")  # None: the default cache (~/policytext_data)

def fetch(name):
    return pt.fetch_corpus(name, data_home=DATA_HOME, mirror=MIRROR)

def combine(*corpora):
    return pt.Corpus({d: t for c in corpora for d, t in c},
                     docvars=pd.concat([c.docvars for c in corpora]))

gwr, congress = fetch("national_gwr"), fetch("congress_reports")
provincial, speeches = fetch("provincial_gwr"), fetch("local_speeches")
national = combine(gwr, congress)
local = combine(provincial, speeches)
print(f"national: {len(national)} documents {national.docvars['year'].min()}–{national.docvars['year'].max()}; "
      f"local: {len(provincial)} provincial reports (2026) + {len(speeches)} speech (2020)")
"""),
("md", r"""
## 1. Which numbered formulations do local texts take up?

`pt.diffusion` runs `find_numbered` on both corpora, maps aliases to the lexicon's labels (五大发展理念 →
新发展理念; labels without a leading numeral, such as 新发展理念, are found as strings), leaves out generic tallies
(三点, 两个方面) unless quoted, and classifies every local mention: an **echo** states the national members, a
**redefinition** states other members under the same label, **label only** names the label without members (and so
cannot be told from a local homonym), and a label no national text uses is a **local invention**.
`pt.diffusion_mentions` gives every mention behind the table with its offsets, so each row can be checked.
"""),
("code", r"""
diff = pt.diffusion(national, local)
mentions = pt.diffusion_mentions(national, local)
local_uses = mentions.loc[mentions["side"] == "local", "use"].value_counts()
print("local mentions by use:", local_uses.to_dict())
shared = diff[(diff["origin"] != "foreign") & (diff["n_national_docs"] > 0) & (diff["n_local_docs"] > 0)]
print(f"{len(diff)} labels; {len(shared)} used in both corpora")
cols = ["label", "first_year_national", "first_doc_national", "local_share", "n_echo", "n_redefinition",
        "n_label_only", "use"]
shared.sort_values(["local_share", "label"], ascending=[False, True])[cols].head(20)
"""),
("code", r"""
top = shared.sort_values(["local_share", "label"], ascending=[False, True]).head(25).iloc[::-1]
fig, ax = plt.subplots(figsize=(9, 7), layout="constrained")
years = top["first_year_national"].astype(float)
norm = plt.Normalize(years.min(), years.max())
bars = ax.barh([f"{l}  ({int(y)})" for l, y in zip(top["label"], top["first_year_national"])], top["local_share"],
               color=plt.cm.viridis(norm(years)))
fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap="viridis"), ax=ax, label="first year in the national texts")
ax.set_xlabel("share of local documents (25 provincial reports 2026 + 1 speech) that mention the formulation")
ax.set_xlim(0, 1)
ax.set_title("National formulations in local texts (first national year in brackets)")
pt.plot.apply_font(ax);
"""),
("md", r"""
Almost every local mention of a national formulation names the label without stating its members (`label only`);
when a local text does state them, they are mostly the national set (42 of 59 mentions; the 17 redefinitions
are read in section 2). At the top of the bars are the plan periods 十四五 and 十五五, the development concept
新发展理念 and the party-discipline and loyalty formulas — 中央八项规定, 两个维护, 两个确立 — present in all but
one of the 26 local documents (the district speech), together with 一带一路, 两重 and 双拥: formulations of
political allegiance and of the current plan, which a provincial report could not omit. Policy formulations are taken up more selectively:
四个自信 and 四个意识 in half of the local documents, 两个毫不动摇 in 42%, 双循环 in 38%, 三农 in 27%.

"First national year" is the first year in *this* corpus (government work reports, party-congress reports,
plenum communiqués), not the year a formulation was coined: 中央八项规定 appears in the government work reports
from 2014, more than a year after the Politburo adopted it (December 2012).
"""),
("code", r"""
diff[diff["use"] == "local_invention"].sort_values(["n_local_docs", "label"], ascending=[False, True])[
    ["label", "origin", "first_year_local", "local_share", "n_local_docs"]].head(10)
"""),
("md", r"""
### How quickly?

With one cross-section of local texts (2026, plus one speech of 2020), speed cannot be measured: the labels in
use in 2026 are simply the recent ones, and there are no local texts in between to date a take-up. What the
cross-section shows is the relation between a formulation's age in the national texts and its spread in the
local ones, with its uncertainty (a bootstrap over labels).
"""),
("code", r"""
import numpy as np

x = shared["first_year_national"].astype(float).to_numpy()
y = shared["local_share"].to_numpy()
rho = pd.Series(x).corr(pd.Series(y), method="spearman")
rng = np.random.default_rng(0)
boot = []
for _ in range(2000):
    i = rng.integers(0, len(x), len(x))
    boot.append(pd.Series(x[i]).corr(pd.Series(y[i]), method="spearman"))
lo, hi = np.nanpercentile(boot, [2.5, 97.5])
print(f"Spearman correlation of first national year and local share: {rho:.2f} "
      f"(95% bootstrap interval {lo:.2f} to {hi:.2f}, {len(x)} labels)")
fig, ax = plt.subplots(figsize=(9, 5), layout="constrained")
ax.scatter(x, y, s=18 + 3 * shared["n_national_docs"], alpha=0.6, color="tab:blue", edgecolor="white")
for r in shared[shared["local_share"] >= 0.5].itertuples():
    ax.annotate(r.label, (r.first_year_national, r.local_share), xytext=(4, 2), textcoords="offset points",
                fontsize=8)
ax.set_xlabel("first year in the national texts of the corpus")
ax.set_ylabel("share of local documents using it")
ax.set_title("Age of a national formulation and its spread in local texts (marker size: national documents)")
pt.plot.apply_font(ax);
"""),
("md", r"""
Newer national formulations are, if anything, used by more local documents (Spearman correlation about 0.33),
but the 95% interval runs from 0.03 to 0.58: on 50 labels the relation is only just distinguishable from none, and
its size is not pinned down.

## 2. When local texts state the members, do they keep them?
"""),
("code", r"""
stated = mentions[(mentions["side"] == "local") & mentions["use"].isin(["echo", "redefinition"])]
texts = dict(iter(local))
national_members = diff.set_index("label")["national_members"]
rows = stated.assign(
    national=stated["label"].map(national_members),
    evidence=[texts[d][a:b][:40] for d, (a, b) in zip(stated["doc_id"], stated["members_evidence"])])
print(f"{len(stated)} local mentions state members: {(stated['use'] == 'echo').sum()} echo, "
      f"{(stated['use'] == 'redefinition').sum()} redefinition")
rows[rows["use"] == "redefinition"][["doc_id", "label", "members", "national", "evidence"]]
"""),
("md", r"""
Reading each redefinition in its text (the `evidence` column is the defining passage), they fall into three
groups:

- **genuine local variants**: the district speech's 五位一体 (山、水、城、景、田) re-uses the national label for a
  local tourism layout; Sichuan's 新三样 has 新能源汽车 where the 2024 government work report has 电动汽车;
  Heilongjiang's 三改联动 lists 节能降耗 where the national set has 节能降碳; Henan's 双一流 names its two
  universities (郑州大学, 河南大学) — a local application of the label rather than other content;
- **homonyms**: the district speech's four “必须” are its own (解放思想、勇于进取 …), not the lexicon's 四个必须
  on Hong Kong; Sichuan's 四早 (twice) is the chronic-disease programme its notes define (早预防、早干预、早发现、
  早诊治), not the epidemic-control 四早 of the lexicon; Guangdong's, Hubei's and Shandong's 两个大局 is the older
  统筹国内国际两个大局 (国内, 国际), not the lexicon's pair of 中华民族伟大复兴战略全局 and 世界百年未有之大变局;
- **errors of the member reader** that remain on the dense prose of provincial reports: 两项补贴 gets fragments
  of a list of allowance standards (Anhui, Hunan), 双循环 and 三保 get the neighbouring words of a sentence
  (Henan, Xinjiang), 双一流 gets [建设, 7所高校], 双高计划 gets [培优工程, 高职学校].

So a redefinition is a lead to read, not a measurement: on this corpus 10 of the 17 are real local variants or
homonyms, 7 are reading errors. Short forms of the national items (Sichuan's 四个不摘: 责任、政策、帮扶、监管 for
摘帽不摘责任 …) count as echoes.
"""),
("md", r"""
## 3. Themes: national against local

The shipped policy-theme dictionary counted in the 2024 government work report, the 20th party-congress report,
each 2026 provincial report and the local speech. Each document's column is shown as shares of its theme matches
(`normalize="document"`), so that long and short documents compare.
"""),
("code", r"""
seg = pt.Segmenter(backend="rjieba", stopwords="default")
docs = combine(gwr[["gwr_2024"]], congress[["congress_20th_2022"]], provincial, speeches)
toks = pt.tokens(docs, seg, n_jobs=2)
themes = pt.lookup(toks, pt.load_dictionary("policy_themes", segmenter=seg))
shares = themes.div(themes.sum(axis=1), axis=0)
summary = pd.DataFrame({
    "GWR 2024": shares.loc["gwr_2024"],
    "20th congress": shares.loc["congress_20th_2022"],
    "provinces 2026 (mean)": shares.loc[provincial.doc_ids].mean(),
    "provinces min": shares.loc[provincial.doc_ids].min(),
    "provinces max": shares.loc[provincial.doc_ids].max(),
    "district speech 2020": shares.loc[speeches.doc_ids[0]],
}).round(3)
summary
"""),
("code", r"""
labels = {d: docs.docvars.loc[d, "region"] if d in provincial.doc_ids else d for d in docs.doc_ids}
labels.update({"gwr_2024": "GWR 2024", "congress_20th_2022": "20th congress", speeches.doc_ids[0]: "district speech"})
ax = pt.plot.theme_heatmap(themes, normalize="document", doc_labels=labels, annotate=False, label_width=20,
                           title="Policy themes: shares of each document's dictionary matches")
ax.figure.set_size_inches(12, 4.5)
"""),
("md", r"""
The heatmap (rows: themes; columns: documents; colour: share of each document's dictionary matches) and the
table show two registers. The provincial government work reports of 2026 follow the national government work
report closely: economy takes about half of the matches in both (0.53 on average in the provinces, 0.50 in the
2024 GWR), and party building, ecology and risk/security take similar shares. The 20th party-congress report has
a different profile — party building (0.35) and risk/security (0.23) — that provincial reports do not copy: they
take their themes from the government report, their formulations of allegiance from the party. Provinces differ
most on tourism (2.5% to 22%) and the digital economy (4% to 18%), the themes where local endowments matter. The
district speech is an outlier on every theme: tourism (0.53) and the digital economy (大数据, 0.23) dominate, and
party building and risk/security are absent, consistent with notebook 01 — its political content is written in a
vocabulary of cadre conduct the national dictionary does not cover.
"""),
]


NB4 = [
("md", r"""
# Topics across the corpus

A topic model of 115 documents of the shared corpus — national government work reports (1954–2024), plenum
communiqués (1958–2023), the 19th and 20th party-congress reports, the 2026 provincial government work reports
and the district speech — with the number of topics chosen by coherence rather than by taste. (The corpus has
grown since: the first cell leaves out, by name, the documents added after this analysis was written, so that
its figures stay reproducible.)

Method: the project's `Segmenter` (rjieba, domain dictionary, numbered formulations kept whole, default
stopwords); only words of two or more Han characters; words in fewer than 3 documents or in more than 60% of
documents dropped; the 2,000 most frequent remaining words kept. Topics are fitted with NMF on TF-IDF weights
(`pt.fit_topics(method="nmf")`), for k = 4…10, and scored with UMass coherence of each topic's top 10 words
(`pt.topic_grid`); the k with the highest mean coherence is kept (`pt.choose_k` makes the same choice).
NMF is used rather than LDA because it fits the whole grid in seconds; `method="lda"` works the same way.
"""),
("code", r"""
import os
import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import policytext as pt
import policytext.plot  # noqa: F401  (pt.plot: figures with the bundled CJK font)

pd.set_option("display.width", 160)
MIRROR = os.environ.get("POLICYTEXT_MIRROR", "../../shared/corpus_raw")
DATA_HOME = os.environ.get("POLICYTEXT_DATA")  # None: the default cache (~/policytext_data)

parts = [pt.fetch_corpus(name, data_home=DATA_HOME, mirror=MIRROR)
         for name in ["national_gwr", "communiques", "congress_reports", "provincial_gwr", "local_speeches"]]
docvars = pd.concat([c.docvars for c in parts])
docvars["kind"] = np.where(docvars["genre"] == "gwr",
                           docvars["level"].map({"national": "national GWR", "provincial": "provincial GWR"}),
                           docvars["genre"])
# the documents this analysis was written on: the shared corpus before the congress reports 1969-2012 and the 2025
# report were added (delete this filter to refit on everything; k and the topics will change)
LATER = {"gwr_2025", "congress_09th_1969", "congress_10th_1973", "congress_11th_1977", "congress_13th_1987",
         "congress_14th_1992", "congress_15th_1997", "congress_17th_2007", "congress_18th_2012"}
keep = [d for c in parts for d in c.doc_ids if d not in LATER]
docvars = docvars.loc[keep]
corpus = pt.Corpus({d: t for c in parts for d, t in c if d not in LATER}, docvars=docvars)
print(len(corpus), "documents,", f"{sum(map(len, corpus.texts)):,}", "characters")
corpus.docvars["kind"].value_counts()
"""),
("code", r"""
seg = pt.Segmenter(backend="rjieba", stopwords="default")
toks = pt.tokens(corpus, seg, n_jobs=2)
d = pt.dfm(toks)
d = pt.dfm(toks, remove=[f for f in d.features if not re.fullmatch(r"[\u4e00-\u9fff]{2,}", f)])
d = pt.dfm_trim(d, min_docfreq=3)
d = pt.dfm_trim(d, max_docfreq=0.6, docfreq_type="prop", max_features=2000)
print("document-feature matrix:", d.matrix.shape)
"""),
("code", r"""
KS = list(range(4, 11))
grid = pt.topic_grid(d, KS, method="nmf", measure="umass", random_state=0)
# pt.choose_k(d, KS, method="nmf", measure="umass", random_state=0) returns the same k; it refits the grid,
# so here the rule is applied to the grid directly: highest mean coherence, ties to the smaller k.
k = int(grid.loc[grid["coherence"] == grid["coherence"].max(), "k"].min())
fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
ax.errorbar(grid["k"], grid["coherence"], yerr=grid["coherence_sd"], marker="o", capsize=3)
ax.axvline(k, color="tab:red", linestyle=":")
ax.set_xlabel("number of topics k")
ax.set_ylabel("mean UMass coherence (±1 sd)")
ax.set_title(f"Coherence by k (NMF): k = {k} chosen")
print(f"chosen k = {k}")
grid.round(2)
"""),
("md", r"""
The grid fits one NMF model per k on the same document-feature matrix (115 documents × 2,000 words, fixed seed)
and scores each topic's top 10 words by UMass coherence (log co-document frequency of word pairs; closer to 0 is
more coherent). Mean coherence is highest at **k = 7** (about −15.3), ahead of k = 6 (about −16.4) and
k = 4–5 (about −18); from k = 8 on the mean drops to about −19 and the spread between topics doubles (sd 7–9.5
against 3–5): the extra topics are small, incoherent splits. The optimum is not sharp — k = 6 and 7 are within
one standard deviation of each other — so k = 7 is a defensible choice, not a discovery.
"""),
("code", r"""
model = pt.fit_topics(d, k=k, method="nmf", random_state=0, n_terms=10)
names = {t: "·".join(g.sort_values("rank")["feature"].head(3)) for t, g in model.topic_terms.groupby("topic")}
ax = pt.plot.topic_terms_bars(model.topic_terms, n=8, topic_names={t: f"{t}: {n}" for t, n in names.items()},
                              title=f"Top words of the {k} topics (NMF weights)")
ax.figure.set_size_inches(8, 1.6 * k)
"""),
("code", r"""
dt = model.doc_topics.pivot(index="doc_id", columns="topic", values="weight")
dt = dt.div(dt.sum(axis=1), axis=0)
dt["kind"] = corpus.docvars.loc[dt.index, "kind"]
dt["year"] = corpus.docvars.loc[dt.index, "year"].astype(int)
dt["period"] = pd.cut(dt["year"], [1950, 1977, 1992, 2012, 2030], labels=["–1977", "1978–92", "1993–2012", "2013–"])
by_group = dt.groupby(["kind", "period"], observed=True)[list(range(k))].mean()
by_group.columns = [f"{t}: {names[t]}" for t in by_group.columns]
by_group.round(2)
"""),
("code", r"""
percent = (100 * by_group).set_axis([f"{a} {b}" for a, b in by_group.index])
ax = pt.plot.theme_heatmap(percent, cmap="Greens", label_width=30,
                           title="Mean topic share (%) by kind of document and period")
ax.figure.axes[-1].set_ylabel("mean topic share (%)")  # the colour bar: shares, not counts
ax.figure.set_size_inches(12, 5.5)
"""),
("md", r"""
The seven topics (bars: top words by NMF weight; table and heatmap: mean topic share of each kind of document in
each period) separate **genre and era** rather than policy areas:

- topic 6 (一九五八年·人民公社·大跃进) is the Great Leap Forward: half of the pre-1978 government work reports
  (52%) and 42% of the pre-1978 communiqués;
- topic 4 (毛主席·无产阶级·四人帮·修正主义) is the language of class struggle: 45% of the pre-1978 communiqués and
  still a fifth (21%) of those of 1978–92;
- topic 3 (应该·治理整顿·经济效益) is the reform-era government report: 79% of the 1978–92 reports;
- topic 1 (社会主义市场经济·搞好·国有企业) is the 1993–2012 report (57%);
- topic 5 (加大·民生·力度) is the Xi-era report (81% of the 2013– reports, already 31% of those of 1993–2012);
- topic 2 (全会·中央委员会·中央政治局) is the genre of the plenum communiqué itself: 62–84% of every communiqué
  since 1978;
- topic 0 (提升·产业·行动·打造·全省) is the provincial government report: 92% of the 2026 provincial reports and
  62% of the district speech, against 16% of the national reports since 2013.

The two party-congress reports mix the communiqué (31%) and the Xi-era report (34%) topics. At this k, a topic
model of a corpus spanning seventy years and five genres finds the eras and the genres first; the vocabulary
shift documented in notebook 02 (搞好, 调整 → 推动, 提升, 打造) is strong enough to define topics on its own.
To find policy topics *within* an era, fit the model on one genre and period (for example the 25 provincial
reports of 2026) with the same grid.
"""),
]


NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "01_anatomy_of_a_local_speech.ipynb": NB1,
    "02_national_reports_over_time.ipynb": NB2,
    "03_local_vs_national.ipynb": NB3,
    "04_topics.ipynb": NB4,
}


def make_notebook(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    """The notebook (without outputs) for a list of ``("md" | "code", source)`` cells."""
    nb = nbformat.v4.new_notebook()
    nb.nbformat_minor = 4  # no cell ids: stable diffs
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    for kind, source in cells:
        source = source.strip("\n")
        cell = nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source)
        cell.pop("id", None)
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def build(name: str, cells: list[tuple[str, str]]) -> Path:
    """Write ``notebooks/<name>`` from its cells."""
    out = HERE / name
    nbformat.write(make_notebook(cells), out)
    return out


if __name__ == "__main__":
    wanted = sys.argv[1:]
    for name, cells in NOTEBOOKS.items():
        if not wanted or any(w in name for w in wanted):
            build(name, cells)
