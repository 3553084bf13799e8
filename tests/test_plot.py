"""Every plot function on real data: returns an Axes, no missing glyphs, expected Chinese tick labels,
rcParams untouched, and PNG/PDF/SVG files written."""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402

import policytext as pt  # noqa: E402
from policytext.plot import fonts  # noqa: E402

# set POLICYTEXT_PLOT_OUT=/some/dir to keep the PNGs for a look
OUT = Path(os.environ["POLICYTEXT_PLOT_OUT"]) if os.environ.get("POLICYTEXT_PLOT_OUT") else None
TREND_TERMS = ["改革", "创新", "脱贫", "高质量发展"]


@pytest.fixture(scope="module")
def reports(corpus_raw: Path) -> pt.Corpus:
    """National GWRs 2012-2018 (clean GBK copies), year docvar parsed from the file name."""
    files = [corpus_raw / "national_gwr" / f"gwr_{y}.txt" for y in (2012, 2013, 2014, 2015, 2016, 2017, 2018)]
    return pt.read_corpus(files, pattern="gwr_{year}.txt")


@pytest.fixture(scope="module")
def recent(corpus_raw: Path) -> pt.Corpus:
    """National GWRs 2003-2024 for trends (substring counts)."""
    files = sorted(p for p in (corpus_raw / "national_gwr").glob("gwr_*.txt") if int(p.stem[4:]) >= 2003)
    return pt.read_corpus(files, pattern="gwr_{year}.txt")


@pytest.fixture(scope="module")
def dfm_reports(reports: pt.Corpus) -> pt.DFM:
    seg = pt.Segmenter(stopwords="default")
    return pt.dfm(pt.tokens(reports, segmenter=seg))


@pytest.fixture(scope="module")
def seed(seed_path: Path) -> pt.Corpus:
    return pt.read_corpus([seed_path])


def _tick_texts(ax: Axes, axis: str = "y") -> list[str]:
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in labels]


def _check(ax: Any, name: str, tmp_path: Path) -> dict[str, int]:
    """The common contract: Axes, CJK font on tick labels, no missing glyphs, non-trivial PNG/PDF/SVG."""
    assert isinstance(ax, Axes)
    fig = ax.get_figure()
    assert fig is not None
    for t in ax.get_yticklabels() + ax.get_xticklabels():
        assert t.get_fontfamily()[0] == fonts.FAMILY
    sizes = {}
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        for ext in ("png", "pdf", "svg"):
            path = pt.plot.savefig(fig, tmp_path / f"{name}.{ext}")
            sizes[ext] = path.stat().st_size
    missing = [str(w.message) for w in rec if "missing from font" in str(w.message)]
    assert missing == []
    assert sizes["png"] > 10_000 and sizes["pdf"] > 8_000 and sizes["svg"] > 20_000, sizes
    assert sizes["pdf"] < 400_000, sizes  # font subset, not the 9 MB font
    png = (tmp_path / f"{name}.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    pdf = (tmp_path / f"{name}.pdf").read_bytes()
    assert b"/FontFile2" in pdf  # TrueType (Type 42), not Type 3 procedures
    assert re.search(rb"/BaseFont /[A-Z]{6}\+PolicytextNotoSansSC-Regular", pdf)  # ABCDEF+ = a subset
    svg = (tmp_path / f"{name}.svg").read_text(encoding="utf-8")
    assert "font-family" not in svg  # text drawn as paths: the SVG needs no font
    if OUT is not None:
        OUT.mkdir(parents=True, exist_ok=True)
        for ext in ("png", "pdf", "svg"):
            (OUT / f"{name}.{ext}").write_bytes((tmp_path / f"{name}.{ext}").read_bytes())
    plt.close(fig)
    return sizes


def _no_overlap(texts: list[Any]) -> None:
    """No two labels' rendered boxes intersect (after a draw, in display pixels)."""
    fig = texts[0].get_figure(root=True)
    fig.draw_without_rendering()
    boxes = [t.get_window_extent() for t in texts]
    clashes = [
        (texts[i].get_text(), texts[j].get_text())
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    ]
    assert clashes == []


@pytest.fixture(autouse=True)
def no_show(monkeypatch: pytest.MonkeyPatch) -> None:
    """Library plots never call show(): make it fail in every test of this module."""

    def fail(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a policytext plot function called show()")

    monkeypatch.setattr(plt, "show", fail)
    monkeypatch.setattr(matplotlib.figure.Figure, "show", fail)


PLOT_FUNCTIONS = {
    "frequency_bars": 1,
    "keyness_bars": 1,
    "keyness_scatter": 1,
    "term_trends": 1,
    "theme_heatmap": 1,
    "lexical_dispersion": 2,  # data, terms
    "topic_terms_bars": 1,
    "formulations_chart": 1,
}


@pytest.mark.parametrize(("name", "n_positional"), sorted(PLOT_FUNCTIONS.items()))
def test_signature_contract(name: str, n_positional: int) -> None:
    """Data first, then keyword-only options including ax=None; annotated to return an Axes."""
    import inspect

    sig = inspect.signature(getattr(pt.plot, name))
    params = list(sig.parameters.values())
    assert [p.kind for p in params[:n_positional]] == [inspect.Parameter.POSITIONAL_OR_KEYWORD] * n_positional
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[n_positional:])
    assert sig.parameters["ax"].default is None
    assert sig.return_annotation in ("Axes", Axes)


@pytest.fixture
def rc_guard() -> Any:
    plt.figure()  # make sure pyplot has resolved its backend before the snapshot
    plt.close("all")
    before = dict(matplotlib.rcParams)
    yield
    after = dict(matplotlib.rcParams)
    assert after == before


def test_frequency_bars(dfm_reports: pt.DFM, tmp_path: Path, rc_guard: Any) -> None:
    freq = pt.frequency(dfm_reports, n=15)
    ax = pt.plot.frequency_bars(freq, n=15, title="2012–2018年政府工作报告高频词")
    labels = _tick_texts(ax)
    assert labels[::-1] == freq["feature"].head(15).tolist()
    assert "发展" in labels and "改革" in labels
    assert ax.get_title() == "2012–2018年政府工作报告高频词"
    assert "tokens" in ax.get_xlabel()
    _check(ax, "frequency_bars", tmp_path)


def test_frequency_bars_grouped_needs_group(dfm_reports: pt.DFM, rc_guard: Any) -> None:
    freq = pt.frequency(dfm_reports, n=10, groups="year")
    with pytest.raises(ValueError, match="groups"):
        pt.plot.frequency_bars(freq)
    fig, ax = plt.subplots()
    out = pt.plot.frequency_bars(freq, group=2016, value="per_10k", ax=ax)
    assert out is ax
    assert ax.get_title() == "2016"
    assert _tick_texts(ax)[::-1] == freq[freq["group"] == 2016]["feature"].head(20).tolist()
    plt.close(fig)


def test_keyness_bars_and_scatter(dfm_reports: pt.DFM, tmp_path: Path, rc_guard: Any) -> None:
    key = pt.keyness(dfm_reports, "gwr_2016", measure="chi2")
    # Checked by hand (token counts in the DFM, chi2 recomputed with scipy.stats.chi2_contingency, no
    # correction): the strongest 2016 feature is 动能 (9 of 7,710 tokens in 2016 against 5 of 42,567 in the
    # other six reports, chi2 25.85; the 2016 report introduced 新动能, absent in 2012-2013), the strongest
    # reference feature is 控制 (0 against 32, chi2 5.80; 控制 appears 14 times in 2012).
    top = key.set_index("feature")
    assert (top.loc["动能", "n_target"], top.loc["动能", "n_reference"]) == (9, 5)
    assert (top.loc["控制", "n_target"], top.loc["控制", "n_reference"]) == (0, 32)
    ax = pt.plot.keyness_bars(key, n=8, target="2016", reference="2012–2018其他年份")
    labels = _tick_texts(ax)
    assert len(labels) == 16
    assert labels[-1] == "动能"  # strongest target feature on top
    assert labels[0] == "控制"  # strongest reference feature at the bottom
    assert "创新" in labels[8:] and "预算" in labels[:8]
    widths = [p.get_width() for p in ax.patches]
    assert widths[-1] == pytest.approx(top.loc["动能", "statistic"]) and widths[0] < 0
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["2016", "2012–2018其他年份"]
    _check(ax, "keyness_bars", tmp_path)

    ax2 = pt.plot.keyness_scatter(key, n_labels=6, target="2016年", reference="其他年份")
    notes = {f: t for t in ax2.texts if t.get_gid() == "keyness-label" for f in t.get_text().split("、")}
    assert {"动能", "控制", "2020"} <= set(notes) and len(notes) == 12
    # 实力 and 路 have the same counts (5 and 2): one point, one shared label
    assert notes["实力"] is notes["路"]
    _no_overlap([t for t in ax2.texts if t.get_gid() == "keyness-label"])
    # 动能 sits at its rate per 10,000 tokens in the reference (x) and in the target (y)
    rows = np.asarray(dfm_reports.matrix.sum(axis=1)).ravel()
    i16 = dfm_reports.doc_ids.index("gwr_2016")
    n16, n_other = rows[i16], rows.sum() - rows[i16]
    assert notes["动能"].xy == pytest.approx((5e4 / n_other, 9e4 / n16))
    assert ax2.get_xscale() == "log" and ax2.get_yscale() == "log"
    assert ax2.get_xlabel() == "其他年份: per 10,000 tokens"
    _check(ax2, "keyness_scatter", tmp_path)


def test_term_trends_substrings_and_tokens(recent: pt.Corpus, dfm_reports: pt.DFM, tmp_path: Path,
                                           rc_guard: Any) -> None:
    tr = pt.plot.trend_table(recent, TREND_TERMS, by="year")
    # the table is str.count on the cleaned texts, per 10k characters
    y2018 = tr[(tr["year"] == 2018) & (tr["feature"] == "脱贫")].iloc[0]
    text = recent["gwr_2018"]
    assert y2018["count"] == text.count("脱贫") > 10
    assert y2018["per_10k"] == pytest.approx(text.count("脱贫") * 1e4 / len(text))
    ax = pt.plot.term_trends(tr, title="政府工作报告中的提法")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == TREND_TERMS
    assert ax.get_ylabel() == "per 10,000 characters (count of substrings)"
    assert ax.get_xlabel() == "year"
    line = ax.get_lines()[TREND_TERMS.index("高质量发展")]
    xs, ys = line.get_data()
    assert ys[list(xs).index(2003)] == 0 and ys[list(xs).index(2018)] > 0  # 高质量发展: from 2017/18 on
    _check(ax, "term_trends", tmp_path)

    freq = pt.frequency(dfm_reports, groups="year")
    tok = pt.plot.trend_table(freq, ["改革", "创新"], by="year")
    assert set(tok["year"]) == set(range(2012, 2019))
    f16 = freq[(freq["group"] == 2016) & (freq["feature"] == "创新")].iloc[0]
    assert tok[(tok["year"] == 2016) & (tok["feature"] == "创新")]["per_10k"].iloc[0] == pytest.approx(f16["per_10k"])
    fig, ax2 = plt.subplots()
    assert pt.plot.term_trends(tok, ax=ax2) is ax2
    assert ax2.get_ylabel() == "per 10,000 tokens (count of whole tokens)"
    plt.close(fig)


def test_theme_heatmap(reports: pt.Corpus, tmp_path: Path, rc_guard: Any) -> None:
    themes = {
        "脱贫攻坚": ["脱贫攻坚", "精准扶贫", "贫困人口"],
        "生态文明": ["生态文明", "绿色发展", "污染防治"],
        "创新驱动": ["创新驱动", "科技创新", "大众创业"],
        "全面深化改革": ["深化改革", "简政放权", "放管服"],
        "对外开放": ["一带一路", "对外开放", "自由贸易试验区"],
    }
    toks = pt.tokens(reports)
    counts = pt.lookup(toks, themes)
    ax = pt.plot.theme_heatmap(counts, doc_labels=reports.docvars["year"], title="主题 × 年份")
    assert _tick_texts(ax) == list(themes)
    assert _tick_texts(ax, "x") == [str(y) for y in range(2012, 2019)]
    img = ax.get_images()[0].get_array()
    assert np.array_equal(np.asarray(img), counts.T.to_numpy(dtype=float))
    assert counts.loc["gwr_2018", "脱贫攻坚"] > counts.loc["gwr_2012", "脱贫攻坚"]
    # independent check with str.count: a token match is always also a substring match (not conversely: 深化改革
    # inside the token 全面深化改革 is not counted); for 脱贫攻坚 the two agree, 0 0 3 3 9 6 9 for 2012-2018
    subs = pd.DataFrame({th: [sum(t.count(w) for w in ws) for t in reports.texts] for th, ws in themes.items()},
                        index=reports.doc_ids)
    assert (counts.loc[reports.doc_ids, list(themes)].to_numpy() <= subs.to_numpy()).all()
    assert subs["脱贫攻坚"].tolist() == counts.loc[reports.doc_ids, "脱贫攻坚"].tolist() == [0, 0, 3, 3, 9, 6, 9]
    _check(ax, "theme_heatmap", tmp_path)
    ax2 = pt.plot.theme_heatmap(counts, normalize="document")
    col = np.asarray(ax2.get_images()[0].get_array())[:, 0]
    assert col.sum() == pytest.approx(1.0)
    plt.close(ax2.get_figure())
    # rates (per 10k tokens) are not counts: label and cell format follow the data or the caller
    ntok = pd.Series(np.diff(toks.indptr), index=toks.doc_ids)
    rates = counts.div(ntok, axis=0) * 10_000
    ax3 = pt.plot.theme_heatmap(rates.loc[reports.doc_ids[:2]], value_label="per 10k tokens", fmt="{:.1f}")
    fig3 = ax3.get_figure()
    assert fig3 is not None and fig3.axes[-1].get_ylabel() == "per 10k tokens"
    cells = [t.get_text() for t in ax3.texts]
    expected = rates.loc[reports.doc_ids[:2]].T.to_numpy().ravel()
    assert cells == [f"{v:.1f}" for v in expected]
    ax4 = pt.plot.theme_heatmap(rates.loc[reports.doc_ids[:2]])
    fig4 = ax4.get_figure()
    assert fig4 is not None and fig4.axes[-1].get_ylabel() == "value"
    plt.close(fig3)
    plt.close(fig4)


def test_lexical_dispersion(reports: pt.Corpus, tmp_path: Path, rc_guard: Any) -> None:
    terms = ["脱贫", "一带一路", "供给侧"]
    ax = pt.plot.lexical_dispersion(reports, terms, doc_labels={d: f"{d[4:]}年" for d in reports.doc_ids})
    assert _tick_texts(ax) == [f"{y}年" for y in range(2018, 2011, -1)]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    n_poverty = sum(t.count("脱贫") for t in reports.texts)
    assert legend[0] == f"脱贫 ({n_poverty})"
    segs = ax.collections[0].get_segments()
    assert len(segs) == n_poverty and all(0 <= s[0][0] <= 1 for s in segs)
    _check(ax, "lexical_dispersion", tmp_path)
    # the same from kwic hits plus lengths
    hits = pt.kwic(reports, terms, window=3, unit="char")
    ax2 = pt.plot.lexical_dispersion(hits, lengths=reports)
    assert len(ax2.collections[0].get_segments()) == n_poverty
    plt.close(ax2.get_figure())
    with pytest.raises(ValueError, match="lengths"):
        pt.plot.lexical_dispersion(hits)


def test_topic_terms_bars(dfm_reports: pt.DFM, tmp_path: Path, rc_guard: Any) -> None:
    d = pt.dfm_trim(dfm_reports, min_termfreq=5)
    model = pt.fit_topics(d, 3, method="nmf", random_state=0, n_terms=10)
    tt = model.topic_terms
    ax = pt.plot.topic_terms_bars(tt, n=6)
    labels = _tick_texts(ax)
    assert len(labels) == 18
    first = tt[tt["topic"] == sorted(tt["topic"].unique())[0]].sort_values("rank")["feature"].head(6).tolist()
    assert labels[-6:][::-1] == first  # first topic on top, its best term first
    assert "发展" in labels  # the most frequent token of these reports (874 times) weighs in every topic
    headings = [t.get_text() for t in ax.texts]
    assert len(headings) == 3 and all(h.startswith("topic") for h in headings)
    _check(ax, "topic_terms_bars", tmp_path)


def test_formulations_chart_on_seed(seed: pt.Corpus, tmp_path: Path, rc_guard: Any) -> None:
    num = pt.find_numbered(seed)
    summ = pt.plot.formulation_summary(num)
    by_label = summ.set_index("label")
    # the seed announces 三大战略行动 and lists two of them: a mismatch
    assert by_label.loc["三大战略行动", "status"] == "mismatch"
    assert by_label.loc["三件大事", "status"] == "match"
    assert by_label.loc["五位一体", "n_members"] == 5
    assert "十四五" not in by_label.index  # plan periods are not counts
    ax = pt.plot.formulations_chart(num, title="讲话中的数字式提法")
    labels = _tick_texts(ax)
    assert {"三大战略行动", "三件大事", "五位一体"} <= set(labels)
    assert labels[-1] == summ["label"].iloc[0]  # first mention on top
    red = [t.get_text() for t in ax.get_yticklabels() if t.get_color() == pt.plot.formulations.MATCH_COLORS["mismatch"]]
    assert red == ["三大战略行动"]
    assert any("2 ≠ 3" in t.get_text() for t in ax.texts)
    _check(ax, "formulations_chart", tmp_path)


def test_formulations_chart_hand_rows_several_documents(rc_guard: Any) -> None:
    rows = pd.DataFrame(
        {
            "doc_id": ["speech", "speech", "speech", "gwr_2019"],
            "label": ["三大战略", "三件大事", "五位一体", "三大攻坚战"],
            "number": [3, 3, 5, 3],
            "n_members": [2, 3, 5, 3],
            "count_matches": [False, True, True, True],
        }
    )
    ax = pt.plot.formulations_chart(rows)
    assert _tick_texts(ax) == ["gwr_2019 · 三大攻坚战", "speech · 五位一体", "speech · 三件大事", "speech · 三大战略"]
    plt.close(ax.get_figure())


@pytest.mark.parametrize(
    "call",
    [
        lambda: pt.plot.frequency_bars(pd.DataFrame({"term": ["改革"]})),
        lambda: pt.plot.keyness_bars(pd.DataFrame({"feature": ["改革"]})),
        lambda: pt.plot.theme_heatmap([[1, 2]]),  # type: ignore[arg-type]
        lambda: pt.plot.term_trends(pd.DataFrame({"feature": ["改革"], "per_10k": [1.0]})),
    ],
)
def test_bad_inputs_name_the_problem(call: Callable[[], Any]) -> None:
    with pytest.raises((ValueError, TypeError), match=r"(missing column|expected a pandas|docvar column)"):
        call()
    plt.close("all")
