"""Parallelism (排比): runs of three or more clauses sharing a frame.

以更大的力度解放思想，以更高的目标引领发展，以更好的作风狠抓落实 -> template ``以更□的□``;
夜郎文化出精髓、三线文化出精神、… -> ``□□文化出精□``.
"""

from __future__ import annotations

import functools
import re
from difflib import SequenceMatcher
from typing import Any

import pandas as pd

from .sections import _docs

__all__ = ["find_parallels"]

PARALLEL_COLUMNS = ["doc_id", "start", "end", "template", "segments", "n_segments", "segment_starts", "score",
                    "surface"]
SLOT = "□"
# a run longer than this is reported as consecutive runs: growing a run re-aligns all its clauses, so an unbounded
# run is quadratic (the longest run in the shared corpus has 16 clauses)
_MAX_SEGMENTS = 32
# clause delimiters; sentence ends and quotes are hard breaks (a run never crosses them)
_SOFT = "，,、；;："
_HARD = "。！？!?\n\r“”\"‘’「」『』《》（）()【】…"
_CLAUSE = re.compile(rf"[^{re.escape(_SOFT + _HARD)}]+")


def _clauses(text: str) -> list[list[tuple[int, int]]]:
    """Clauses ``(start, end)`` grouped into blocks separated by hard breaks."""
    blocks: list[list[tuple[int, int]]] = [[]]
    pos = 0
    for m in _CLAUSE.finditer(text):
        if any(ch in _HARD for ch in text[pos:m.start()]):
            blocks.append([])
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            blocks[-1].append((s, e))
        pos = m.end()
    return [b for b in blocks if b]


@functools.lru_cache(maxsize=8192)
def _aligned(pivot: str, other: str) -> frozenset[int]:
    """Positions of ``pivot`` that ``difflib`` aligns with ``other`` (cached: a run grown clause by clause aligns
    the same pairs again, and repeated clauses repeat pairs — fuzzing found 6,000 characters taking 12 s)."""
    matched: set[int] = set()
    for a, _b, size in SequenceMatcher(None, pivot, other, autojunk=False).get_matching_blocks():
        matched.update(range(a, a + size))
    return frozenset(matched)


def _template(segs: list[str]) -> tuple[str, int, int]:
    """Shared template of ``segs`` aligned on the first one: (template, literal chars, longest literal chunk)."""
    pivot = segs[0]
    keep = set(range(len(pivot)))
    for other in segs[1:]:
        keep &= _aligned(pivot, other)
        if not keep:
            break
    out: list[str] = []
    chunk = best = 0
    for i, ch in enumerate(pivot):
        if i in keep:
            out.append(ch)
            chunk += 1
            best = max(best, chunk)
        else:
            chunk = 0
            if not out or out[-1] != SLOT:
                out.append(SLOT)
    return "".join(out), len(keep), best


def _ok(segs: list[str], min_literal: int, min_share: float) -> tuple[bool, str, float]:
    lens = [len(s) for s in segs]
    if min(lens) < 2 or max(lens) > 40 or max(lens) > 2.5 * min(lens):
        return False, "", 0.0
    tpl, lit, chunk = _template(segs)
    share = lit / (sum(lens) / len(lens))
    if SLOT not in tpl:  # identical clauses are repetition, not parallelism
        return False, tpl, share
    ok = lit >= min_literal and share >= min_share and (chunk >= 2 or share >= 0.4)
    return ok, tpl, share


def _trim(text: str, run: list[tuple[int, int]], tail: bool = True) -> list[tuple[int, int]]:
    """Drop a lead-in from the first clause and a tail from the last (要坚持摸实情 -> 摸实情) when longer."""
    out = list(run)
    m = max(e - s for s, e in (run[1:-1] if tail and len(run) >= 3 else run[1:]))
    s, e = out[0]
    # cut the lead-in where the second clause's opening appears (要以更大… -> 以更大…), else by length
    first, second = text[s:e], text[run[1][0]:run[1][1]]
    k = -1
    for n in (2, 1):
        k = first.find(second[:n], 1)
        if k > 0:
            break
    if k > 0:
        out[0] = (s + k, e)
    elif e - s > m + 1:
        out[0] = (e - m, e)
    if tail and len(run) >= 3:
        m = max(e - s for s, e in run[1:-1])
        s, e = out[-1]
        if e - s > m + 1:
            out[-1] = (s, s + m)
    return out


def find_parallels(text_or_corpus: Any, min_segments: int = 3, min_literal: int = 2,
                   min_share: float = 0.25) -> pd.DataFrame:
    """Find runs of ``min_segments`` or more adjacent clauses that share a frame (排比).

    Clauses are split at ``，、；：``; a run never crosses a sentence end, a line break or a quotation mark. The
    shared template keeps the characters of the first clause that align (``difflib``) with every other clause,
    other stretches becoming ``□``. A run is kept when the template has at least ``min_literal`` characters,
    covering at least ``min_share`` of the mean clause length, with a literal chunk of 2+ characters or a share
    of 0.4+, and clause lengths within a factor 2.5. A lead-in before the first clause (要坚持|摸实情) and a tail
    after the last are trimmed when the other clauses are shorter. A run has at most 32 clauses (a longer one is
    reported as consecutive runs), which keeps the search linear in the text.

    Parameters
    ----------
    text_or_corpus : str or Corpus
    min_segments : int
        Minimum number of clauses in a run.
    min_literal : int
        Minimum number of shared characters in the template.
    min_share : float
        Minimum share of the mean clause length covered by the template.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, start, end, template, segments, n_segments, segment_starts, score, surface`` with
        ``surface == text[start:end]`` and ``text[s:s + len(seg)] == seg`` for each segment. ``score`` is the
        template share of the mean clause length.

    Examples
    --------
    >>> from policytext.slogans import find_parallels
    >>> p = find_parallels("干部要以更大的力度解放思想，以更高的目标引领发展，以更好的作风狠抓落实。")
    >>> p.loc[0, "template"], int(p.loc[0, "n_segments"]), p.loc[0, "segments"][0]
    ('以更□的□', 3, '以更大的力度解放思想')
    """
    rows: list[dict[str, Any]] = []
    for doc_id, text in _docs(text_or_corpus):
        for block in _clauses(text):
            sets = [set(text[s:e]) for s, e in block]
            i = 0
            while i <= len(block) - min_segments:
                if not (sets[i] & sets[i + 1]):
                    # no character shared by the first two clauses: no frame can start here (the template keeps
                    # characters present in every clause; trimming only removes characters)
                    i += 1
                    continue
                j = i + 2
                best: tuple[int, list[tuple[int, int]], str, float] | None = None
                common = sets[i] & sets[i + 1]
                while j <= len(block) and j - i <= _MAX_SEGMENTS:
                    if j > i + 2:
                        common &= sets[j - 1]
                        if not common:
                            break  # no character in every clause of the window: no template (see above)
                    # the run as is, or without a lead-in / tail: keep the better frame
                    options = []
                    for run in (block[i:j], _trim(text, block[i:j], tail=False)):
                        ok, tpl, share = _ok([text[s:e] for s, e in run], min_literal, min_share)
                        if ok:
                            options.append((share, run, tpl))
                    if not options:
                        run = _trim(text, block[i:j])
                        ok, tpl, share = _ok([text[s:e] for s, e in run], min_literal, min_share)
                        if ok:
                            options.append((share, run, tpl))
                    if not options:
                        break
                    share, run, tpl = max(options, key=lambda o: o[0])
                    ok = True
                    if not ok:
                        break
                    if j - i >= min_segments:
                        best = (j, run, tpl, share)
                    j += 1
                if best is None:
                    i += 1
                    continue
                j, run, tpl, share = best
                segs = [text[s:e] for s, e in run]
                rows.append({"doc_id": doc_id, "start": run[0][0], "end": run[-1][1], "template": tpl,
                             "segments": segs, "n_segments": len(segs), "segment_starts": [s for s, _ in run],
                             "score": round(share, 4), "surface": text[run[0][0]:run[-1][1]]})
                i = j
    df = pd.DataFrame(rows, columns=PARALLEL_COLUMNS)
    return df.astype({"start": "int64", "end": "int64", "n_segments": "int64", "score": "float64"})
