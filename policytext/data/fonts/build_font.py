"""Rebuild ``PolicytextNotoSansSC-Regular.ttf`` from the OFL variable Noto Sans CJK collection.

Run once by a maintainer (not at install or import time)::

    pip download --no-deps manimgx-fonts-cjk==2026.9.26.post1   # ships NotoSansCJK-VF.otf.ttc (OFL-1.1)
    unzip manimgx_fonts_cjk-*.whl 'manimgx_fonts_cjk/*'
    python policytext/data/fonts/build_font.py manimgx_fonts_cjk/NotoSansCJK-VF.otf.ttc \
        --corpus ../shared/corpus_raw --out policytext/data/fonts/PolicytextNotoSansSC-Regular.ttf

Steps: take face 2 of the collection (Noto Sans CJK SC), pin the ``wght`` axis at 400 (a static Regular
instance: matplotlib cannot choose a weight of a variable font and would render the default, Thin), subset it
to the character set below, convert the cubic CFF2 outlines to quadratic TrueType ``glyf`` outlines (so that
matplotlib's PDF backend can embed a Type 42 *subset* of it), and rename the family (OFL section 3: the
modified font carries neither the Reserved Font Name "Source" nor the original name).

Character set: printable ASCII and Latin-1, General Punctuation, Letterlike/Number forms (Ⅰ–Ⅻ), arrows,
mathematical operators used in tables (≤ ≥ ± − ∶), enclosed alphanumerics (① ⑴ ⒈), box/geometric shapes
(○ ● □ ■ △ ▲ ◆ ★), CJK Symbols and Punctuation, Bopomofo-free CJK compatibility forms, half/full-width forms,
every CJK Unified Ideograph that GBK/GB18030 two-byte encodes (U+4E00–U+9FA5: 20,902 Hanzi, a superset of
GB2312 levels 1 and 2 and of the 通用规范汉字表 in the BMP), and every character that occurs anywhere in the
shared corpus (``--corpus``), so that nothing seen in our documents can render as tofu.
"""

from __future__ import annotations

import argparse
import csv
import pathlib

RANGES: list[tuple[int, int]] = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement
    (0x0100, 0x017F),  # Latin extended-A (pinyin tone letters ā ī ō ū ǚ live here and below)
    (0x01CD, 0x01DC),  # pinyin ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ
    (0x0391, 0x03C9),  # Greek (α, β in statistical labels)
    (0x0401, 0x0451),  # Cyrillic (GB2312 row 7)
    (0x2000, 0x206F),  # General Punctuation (— ‘ ’ “ ” … ‰ ※)
    (0x2100, 0x218F),  # Letterlike symbols, Number forms (℃ № Ⅰ–Ⅻ ⅰ–ⅻ)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical operators (− ≤ ≥ ∶ ∈ ∑)
    (0x2460, 0x24FF),  # Enclosed alphanumerics (① ⑴ ⒈)
    (0x2500, 0x257F),  # Box drawing
    (0x25A0, 0x25FF),  # Geometric shapes (○ ● □ ■ △ ▲ ◆)
    (0x2600, 0x26FF),  # Misc symbols (★ ☆)
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。《》「」【】〇)
    (0x3200, 0x32FF),  # Enclosed CJK (㈠ ㈡)
    (0x4E00, 0x9FA5),  # CJK Unified Ideographs encoded by GBK/GB18030 two-byte
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # Half/full-width forms
]


def corpus_characters(root: pathlib.Path) -> set[str]:
    """All characters of every file listed in ``root/INDEX.csv`` (decoded with its recorded encoding)."""
    chars: set[str] = set()
    with open(root / "INDEX.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            chars.update((root / row["path"]).read_bytes().decode(row["encoding"], errors="replace"))
    return {c for c in chars if c.isprintable() and c != "\ufffd"}


def build(src: pathlib.Path, out: pathlib.Path, corpus: pathlib.Path | None) -> None:
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTCollection, newTable

    font = TTCollection(str(src), lazy=False).fonts[2]
    assert font["name"].getDebugName(1) == "Noto Sans CJK SC", font["name"].getDebugName(1)

    unicodes = {cp for lo, hi in RANGES for cp in range(lo, hi + 1)}
    if corpus is not None:
        unicodes |= {ord(c) for c in corpus_characters(corpus)}
    opts = subset.Options()
    # matplotlib lays text out with FreeType and the legacy 'kern' table only: OpenType layout is dead weight
    opts.layout_features = []
    opts.drop_tables += ["vhea", "vmtx", "VORG", "DSIG", "BASE", "STAT", "GSUB", "GPOS", "GDEF", "VVAR"]
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.recalc_bounds = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)

    # Draw every glyph at wght=400 (the variable outlines and HVAR advances evaluated at that location),
    # converting cubic CFF2 curves to quadratic TrueType ones (as fontTools' otf2ttf snippet does). This is the
    # static Regular instance, made far faster than with varLib.instancer on 20k CFF2 glyphs.
    glyph_order = font.getGlyphOrder()
    gs = font.getGlyphSet(location={"wght": 400})
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    hmtx = font["hmtx"]
    for name in glyph_order:
        pen = TTGlyphPen(None)
        g = gs[name]
        g.draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        tt_glyph = pen.glyph()
        glyf.glyphs[name] = tt_glyph
        tt_glyph.recalcBounds(glyf)
        lsb = tt_glyph.xMin if tt_glyph.numberOfContours else 0  # TrueType: lsb must equal xMin
        hmtx.metrics[name] = (int(round(g.width)), lsb)
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF2", "fvar", "avar", "HVAR", "MVAR", "STAT", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    maxp.maxPoints = maxp.maxContours = maxp.maxCompositePoints = maxp.maxCompositeContours = 0
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0  # no glyph names: smaller
    font.sfntVersion = "\x00\x01\x00\x00"

    family = "Policytext Noto Sans SC"
    name = font["name"]
    name.removeNames(nameID=16)
    name.removeNames(nameID=17)
    for rec in list(name.names):
        if rec.nameID == 1:
            name.setName(family, 1, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 2:
            name.setName("Regular", 2, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 3:
            name.setName(f"{family} Regular; built with fontTools from Noto Sans CJK SC 2.004",
                         3, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 4:
            name.setName(f"{family} Regular", 4, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID == 6:
            name.setName("PolicytextNotoSansSC-Regular", 6, rec.platformID, rec.platEncID, rec.langID)
    font["OS/2"].usWeightClass = 400
    font.save(str(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", type=pathlib.Path)
    ap.add_argument("--corpus", type=pathlib.Path, default=None)
    ap.add_argument("--out", type=pathlib.Path, required=True)
    args = ap.parse_args()
    build(args.src, args.out, args.corpus)


if __name__ == "__main__":
    main()
