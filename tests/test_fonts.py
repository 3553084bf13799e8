"""The bundled CJK font: licence, coverage of the whole shared corpus, weight, per-figure use, embedding."""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402

import policytext as pt  # noqa: E402
from policytext.plot import fonts  # noqa: E402

FONT_DIR = Path(fonts.__file__).resolve().parent.parent / "data" / "fonts"


@pytest.fixture(scope="module")
def ttf() -> TTFont:
    return TTFont(str(pt.plot.font_path()), lazy=True)


@pytest.fixture(scope="module")
def cmap(ttf: TTFont) -> set[int]:
    return set(ttf.getBestCmap())


def test_font_file_is_static_truetype_regular_and_small(ttf: TTFont) -> None:
    path = pt.plot.font_path()
    assert path.stat().st_size < 10 * 1024 * 1024
    assert "glyf" in ttf and "CFF " not in ttf and "CFF2" not in ttf  # TrueType outlines: PDF Type 42 subsetting
    assert "fvar" not in ttf  # static: a variable font renders at its default (Thin) weight in matplotlib
    assert ttf["OS/2"].usWeightClass == 400
    assert ttf["name"].getDebugName(1) == fonts.FAMILY
    # OFL: the licence and the provenance travel with the font
    ofl = (FONT_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in ofl
    readme = (FONT_DIR / "README.md").read_text(encoding="utf-8")
    assert "Noto Sans CJK" in readme and "sha256" in readme.lower()
    # the sha256 recorded in the README and in docs/fonts.md is that of the shipped file
    import hashlib

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest in readme
    docs = Path(__file__).resolve().parent.parent / "docs" / "fonts.md"
    assert digest in docs.read_text(encoding="utf-8")


def test_font_covers_every_character_of_the_shared_corpus(corpus_raw: Path, cmap: set[int]) -> None:
    seen: set[str] = set()
    with open(corpus_raw / "INDEX.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            seen.update((corpus_raw / row["path"]).read_bytes().decode(row["encoding"]))
    han = {c for c in seen if "\u4e00" <= c <= "\u9fff"}
    assert len(han) > 3000  # the corpus is what we think it is
    visible = {c for c in seen if c.isprintable() and not c.isspace()}
    missing = sorted(c for c in visible if ord(c) not in cmap)
    assert missing == []
    assert ord("镕") in cmap  # 朱镕基: not in GB2312


def test_font_covers_gb2312_gbk_hanzi_and_punctuation(cmap: set[int]) -> None:
    # GB2312 levels 1 and 2 (6,763 Hanzi): rows 16-87 of the GB2312 table
    gb2312 = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            gb2312.add(ch)
    assert len(gb2312) == 6763
    assert all(ord(c) in cmap for c in gb2312)
    # every Hanzi that GBK / GB18030 encodes in two bytes in the URO block
    assert all(cp in cmap for cp in range(0x4E00, 0x9FA6))
    punct = "，。、；：？！“”‘’（）《》〈〉【】「」『』…—－·．％℃①②③⑴⑵ⅠⅡⅢ〇○●★※→×÷±≤≥−"
    assert [c for c in punct if ord(c) not in cmap] == []
    assert all(cp in cmap for cp in range(0x21, 0x7F))  # ASCII


def test_register_does_not_touch_rcparams() -> None:
    before = dict(matplotlib.rcParams)
    assert pt.plot.register_font() == fonts.FAMILY
    from matplotlib import font_manager

    found = font_manager.findfont(pt.plot.font_properties(), fallback_to_default=False)
    assert Path(found) == pt.plot.font_path()
    assert dict(matplotlib.rcParams) == before


def test_chinese_font_context_is_per_figure_and_renders_without_missing_glyphs() -> None:
    before = dict(matplotlib.rcParams)
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        with pt.plot.chinese_font():
            fig, ax = plt.subplots()
            ax.set_title("朱镕基：政府工作报告")
            ax.bar(["改革", "发展", "稳定"], [3, 2, -1])
        pt.plot.apply_font(ax)
        assert dict(matplotlib.rcParams) == before
        fig.savefig(io.BytesIO(), format="png")
    assert [str(w.message) for w in rec if "missing from font" in str(w.message)] == []
    assert ax.get_xticklabels()[0].get_fontfamily()[0] == fonts.FAMILY
    plt.close(fig)
    # a figure made outside the context still uses matplotlib's default, and it lacks CJK glyphs
    fig2, ax2 = plt.subplots()
    ax2.set_title("改革")
    with warnings.catch_warnings(record=True) as rec2:
        warnings.simplefilter("always")
        fig2.savefig(io.BytesIO(), format="png")
    assert any("missing from font" in str(w.message) for w in rec2)
    plt.close(fig2)


# Stroke thickness of 一 (U+4E00, one horizontal stroke) in font units of 1000/em, measured with fontTools
# (BoundsPen) on the upstream NotoSansCJK-VF.otf.ttc face 2 at three instances of its wght axis:
UPSTREAM_STEM = {"Thin (wght 100, the variable default)": 33, "Regular (wght 400)": 82, "Bold (wght 700)": 131}


def test_outlines_have_the_regular_stem_width(ttf: TTFont) -> None:
    from fontTools.pens.boundsPen import BoundsPen

    glyphs = ttf.getGlyphSet()
    cmap = ttf.getBestCmap()
    pen = BoundsPen(glyphs)
    glyphs[cmap[ord("一")]].draw(pen)
    assert pen.bounds is not None
    thickness = pen.bounds[3] - pen.bounds[1]
    assert ttf["head"].unitsPerEm == 1000
    assert abs(thickness - UPSTREAM_STEM["Regular (wght 400)"]) <= 2


@pytest.mark.parametrize(("char", "axis"), [("一", "horizontal"), ("丨", "vertical")])
def test_text_renders_at_regular_weight_not_thin(char: str, axis: str) -> None:
    """Stroke thickness in rendered pixels: 144 pt at 100 dpi is an em of 200 px, so a Regular stroke
    (82/1000 em) is ~16.4 px, a Thin one (33/1000) ~6.6 px and a Bold one (131/1000) ~26.2 px."""
    import numpy as np

    fig = plt.figure(figsize=(3, 3), dpi=100)
    fig.text(0.5, 0.5, char, fontproperties=pt.plot.font_properties(), fontsize=144, ha="center", va="center")
    fig.canvas.draw()
    ink = np.asarray(fig.canvas.buffer_rgba())[..., 0] < 128  # type: ignore[attr-defined]
    plt.close(fig)
    if axis == "horizontal":  # count dark rows in the middle half of the stroke's columns
        cols = np.flatnonzero(ink.any(axis=0))
        runs = ink[:, cols[len(cols) // 4 : 3 * len(cols) // 4]].sum(axis=0)
    else:
        rows = np.flatnonzero(ink.any(axis=1))
        runs = ink[rows[len(rows) // 4 : 3 * len(rows) // 4], :].sum(axis=1)
    em_px = 144 * 100 / 72
    expected = {k: v * em_px / 1000 for k, v in UPSTREAM_STEM.items()}
    px = float(np.median(runs))
    assert abs(px - expected["Regular (wght 400)"]) <= 2.0, (px, expected)
    assert px > 2 * expected["Thin (wght 100, the variable default)"]


def test_pdf_embeds_a_small_type42_subset_and_svg_is_paths(tmp_path: Path) -> None:
    before = dict(matplotlib.rcParams)
    with pt.plot.chinese_font():
        fig, ax = plt.subplots()
        ax.set_title("坚持和完善中国特色社会主义制度")
    pdf = pt.plot.savefig(fig, tmp_path / "t.pdf")
    svg = pt.plot.savefig(ax, tmp_path / "t.svg")
    plt.close(fig)
    assert dict(matplotlib.rcParams) == before
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"/FontFile2" in data  # TrueType (Type 42) embedding, not Type 3 procedures
    assert re.search(rb"/BaseFont /[A-Z]{6}\+PolicytextNotoSansSC-Regular", data)  # ABCDEF+ marks a subset
    assert 5_000 < len(data) < 200_000  # a subset of a few glyphs, not the whole font
    text = svg.read_text(encoding="utf-8")
    assert "<path" in text and "font-family" not in text
    assert 5_000 < len(text) < 300_000
