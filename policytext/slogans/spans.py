"""Spans that must stay whole: numbered formulations and short quoted slogans.

This is the single rule shared by the tokenizer (protected spans) and the slogan finders: the ``numbered``
spans are exactly the surfaces that :func:`policytext.slogans.find_numbered` reports (same scanner,
:func:`policytext.slogans.numbered.match_numbered`, in its spans-only mode
:func:`policytext.slogans.numbered.numbered_spans`, which skips the members the tokenizer does not need).
"""

from __future__ import annotations

import re

from .numbered import numbered_spans

# a short quoted slogan: 1-8 characters between Chinese quotes, no sentence punctuation inside
_QUOTED = re.compile(r"“([^“”\n，。；：！？、,;:!?]{1,8})”")


def protected_spans(text: str, kinds: tuple[str, ...] = ("numbered", "quoted")) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` that the tokenizer keeps as single tokens, sorted, non-overlapping.

    Parameters
    ----------
    text : str
    kinds : tuple of str
        ``"numbered"``: numbered formulations (四个全面, 两不愁三保障, 十四五, 5个100工程, 1+7, 百千万);
        ``"quoted"``: the inside of short quoted slogans (“双服务” -> 双服务).  Where both overlap the
        numbered span wins.

    Returns
    -------
    list of (start, end)

    Examples
    --------
    >>> from policytext.slogans import protected_spans
    >>> text = "协调推进“四个全面”战略布局，开展“双服务”活动"
    >>> [text[s:e] for s, e in protected_spans(text)]
    ['四个全面', '双服务']
    """
    numbered: list[tuple[int, int]] = []
    if "numbered" in kinds:
        numbered = numbered_spans(text)
    spans = list(numbered)
    if "quoted" in kinds:
        spans += [m.span(1) for m in _QUOTED.finditer(text)]
    # numbered first at equal starts, then longer first; drop anything overlapping a kept span
    prio = set(numbered)
    spans.sort(key=lambda se: (se[0], se not in prio, -se[1]))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if e <= s:
            continue
        if out and s < out[-1][1]:
            if (s, e) in prio and out[-1] not in prio:
                out[-1] = (s, e)  # a numbered span inside a quoted span replaces it
            continue
        out.append((s, e))
    # replacing may create overlaps with the previous kept span; resolve once more in order
    final: list[tuple[int, int]] = []
    for s, e in out:
        if final and s < final[-1][1]:
            continue
        final.append((s, e))
    return final
