"""Spans that must stay whole: numbered formulations and short quoted slogans.

This is the single rule shared by the tokenizer (protected spans) and the slogan finders.
INITIAL STUB: the slogan-pattern work replaces the regexes below with the real finder; the signature stays.
"""

from __future__ import annotations

import re

_NUM = "一二两三四五六七八九十百千万"
_STUB_NUMBERED = re.compile(rf"[{_NUM}]个?[\u4e00-\u9fff]{{2,3}}|十[一二三四五]五|\d+个\d+工程|\d\+\d")
_STUB_QUOTED = re.compile(r"“([^”\n]{1,8})”")


def protected_spans(text: str, kinds: tuple[str, ...] = ("numbered", "quoted")) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` that the tokenizer keeps as single tokens, sorted, non-overlapping.

    Examples
    --------
    >>> from policytext.slogans import protected_spans
    >>> text = "协调推进“四个全面”战略布局"
    >>> [text[s:e] for s, e in protected_spans(text)]
    ['四个全面']
    """
    spans: list[tuple[int, int]] = []
    if "numbered" in kinds:
        spans += [m.span() for m in _STUB_NUMBERED.finditer(text)]
    if "quoted" in kinds:
        spans += [m.span(1) for m in _STUB_QUOTED.finditer(text)]
    spans.sort(key=lambda se: (se[0], -se[1]))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out
