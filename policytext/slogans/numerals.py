"""Parse Chinese and Arabic numerals as they occur in numbered formulations.

Handles 一…九, 两/双 (2), 〇/零, 十, 百, 千, 万 (e.g. 十四, 二十, 一百, 百, 三千五百),
ASCII and full-width digits.  Used by :mod:`policytext.slogans.numbered`.
"""

from __future__ import annotations

DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "双": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000, "万": 10000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)


def parse_numeral(s: str) -> int | None:
    """Value of a numeral string, or ``None`` if ``s`` is not a well-formed numeral.

    Parameters
    ----------
    s : str
        A numeral such as ``"四"``, ``"十四"``, ``"两"``, ``"一百"``, ``"百"``, ``"100"`` or ``"１００"``.

    Returns
    -------
    int or None

    Examples
    --------
    >>> parse_numeral("十四"), parse_numeral("两"), parse_numeral("二十"), parse_numeral("5")
    (14, 2, 20, 5)
    >>> parse_numeral("百"), parse_numeral("三千五百"), parse_numeral("四个") is None
    (100, 3500, True)
    """
    if not s:
        return None
    if s.isdecimal():
        try:
            return int(s)
        except ValueError:  # pragma: no cover - isdecimal guarantees int() works
            return None
    if any(c not in DIGITS and c not in UNITS for c in s):
        return None
    # plain digit strings written with Chinese digits (二〇二〇 style) are years/codes, not counts
    if len(s) > 1 and all(c in DIGITS for c in s):
        return None
    total = 0
    section = 0
    digit: int | None = None
    last_unit = 10**9
    for c in s:
        if c in DIGITS:
            if digit is not None and DIGITS[c] != 0:
                return None  # two digits in a row (一二)
            digit = DIGITS[c] if DIGITS[c] != 0 else None
        else:
            unit = UNITS[c]
            if unit == 10000:
                section += digit or (0 if section else 1)
                total += section * unit
                section = 0
                digit = None
                last_unit = 10**9
                continue
            if unit >= last_unit:
                return None  # 十百, 百百
            section += (digit if digit is not None else 1) * unit
            digit = None
            last_unit = unit
    section += digit or 0
    return total + section
