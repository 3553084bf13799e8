"""Quoted spans “…”, classified as formulation, slogan, quotation of a person, or other."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .sections import _docs, slogan_patterns

__all__ = ["find_quoted"]

QUOTED_COLUMNS = ["doc_id", "start", "end", "surface", "inner", "kind", "speaker", "verb"]

# curly and corner quotes are scanned separately so that one nested in the other is found too: 「他说“两个维护”」
_QUOTES = (re.compile(r"“([^“”\n]{0,300})”"), re.compile(r"「([^「」\n]{0,300})」"))
# fallback numbered formulation inside a quotation: 四个全面, 十四五, 三变, 5个100工程, 1+7, 双服务, 百千万
_NUM = "一二两三四五六七八九十百千万"
_NUMBERED = re.compile(
    rf"^(?:[{_NUM}]+个[\u4e00-\u9fff]{{1,6}}|[二两三四五六七八九十百千万][{_NUM}]*[\u4e00-\u9fff]{{1,6}}|[{_NUM}]{{2,4}}|[0-9]+个?[0-9]*[\u4e00-\u9fff]{{0,4}}"
    rf"|[0-9]+[+＋][0-9]+|双[\u4e00-\u9fff]{{1,3}})$"
)
# a count right before the quote: 四个“必须”, 三个“一批”
_COUNT_BEFORE = re.compile(rf"[{_NUM}0-9]+[个大条项种][ \u3000]*$")
_SENTENCE = re.compile(r"[。！？!?]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _numbered_spans(text: str) -> list[tuple[int, int]] | None:
    """Spans of numbered formulations in ``text`` from find_numbered (None if it is unavailable or fails)."""
    try:
        from .numbered import find_numbered
    except ImportError:  # the numbered-formulation finder is optional here
        return None
    try:
        found = find_numbered(text)
    except Exception:  # noqa: BLE001 - a failing optional finder must not break quotation finding
        return None
    return [(int(st), int(en)) for st, en in zip(found["start"], found["end"], strict=True)]


def _is_numbered(inner: str, start: int, spans: list[tuple[int, int]] | None) -> bool:
    """Inner text (starting at ``start``) is one or more numbered formulations."""
    parts = [p for p in re.split(r"[、，,·]", inner) if p]
    if parts and all(_NUMBERED.match(p) for p in parts):
        return True
    if not spans or not inner:
        return False
    end = start + len(inner)
    covered = sum(max(0, min(e, end) - max(s, start)) for s, e in spans)
    return covered >= 0.5 * len(inner)


def find_quoted(text_or_corpus: Any) -> pd.DataFrame:
    """Find quotations in “…” (and 「…」) and classify them.

    Curly and corner quotes are matched independently, so a quotation nested in the other kind
    (「他说“两个维护”」) is reported as well as the outer one; rows are ordered by ``start``.

    ``kind`` is decided in this order:

    - ``person_quote``: a speech verb (``speech_verbs`` in ``data/slogan_patterns.yaml``: 指出, 强调, 讲, 说…)
      stands right before the opening mark, optionally followed by ：or ，. ``speaker`` is the stretch before
      the verb back to the previous punctuation (习总书记, 俗语 -- sayings introduced this way count as well).
    - ``formulation``: the inner text is one or more numbered formulations (四个全面, 十四五, 三变, 1+7,
      一个定位、两个目标…); the numbered-formulation finder is used when installed, else a regex.
    - ``slogan``: 3 to 20 characters, mostly Chinese, no sentence-final punctuation (精气神, 新常态,
      解放思想、勇于进取, 实干就是能力，落实才是水平).
    - ``other``: everything else (scare quotes of one or two characters such as “出山”, long unattributed
      sentences, non-Chinese text).

    Parameters
    ----------
    text_or_corpus : str or Corpus

    Returns
    -------
    pandas.DataFrame
        ``doc_id, start, end, surface, inner, kind, speaker, verb`` with ``surface == text[start:end]``
        (quote marks included) and ``inner`` the text between them.

    Examples
    --------
    >>> from policytext.slogans import find_quoted
    >>> q = find_quoted("协调推进“四个全面”，习总书记指出，“打铁还需自身硬。”要有“精气神”。")
    >>> q[["inner", "kind"]].values.tolist()
    [['四个全面', 'formulation'], ['打铁还需自身硬。', 'person_quote'], ['精气神', 'slogan']]
    """
    verbs = sorted(slogan_patterns()["speech_verbs"], key=len, reverse=True)
    verb_rx = re.compile("(" + "|".join(map(re.escape, verbs)) + r")[：:，,]?[ \u3000]*$")
    rows: list[dict[str, Any]] = []
    for doc_id, text in _docs(text_or_corpus):
        spans = _numbered_spans(text) if ("“" in text or "「" in text) else None
        matches = sorted((m for rx in _QUOTES for m in rx.finditer(text)), key=lambda m: (m.start(), m.end()))
        for m in matches:
            inner = m.group(1)
            before = text[max(0, m.start() - 30):m.start()]
            vm = verb_rx.search(before)
            speaker = verb = None
            if vm and len(inner) >= 4:
                kind = "person_quote"
                verb = vm.group(1)
                head = before[: vm.start()]
                speaker = re.split(r"[，。；：！？、,.;:!?\n“”]", head)[-1].strip() or None
            elif inner and (_is_numbered(inner, m.start() + 1, spans) or _COUNT_BEFORE.search(before)):
                kind = "formulation"
            else:
                n_cjk = len(_CJK.findall(inner))
                parts = [p for p in re.split(r"[、，,]", inner) if p]
                short = len(inner) <= 20 or (len(inner) <= 60 and max(map(len, parts)) <= 10)
                if 3 <= len(inner) and short and n_cjk >= 0.6 * len(inner) and not _SENTENCE.search(inner) \
                        and len(inner) >= 2 * len(parts):
                    kind = "slogan"
                else:
                    kind = "other"
            rows.append({"doc_id": doc_id, "start": m.start(), "end": m.end(), "surface": m.group(0),
                         "inner": inner, "kind": kind, "speaker": speaker, "verb": verb})
    df = pd.DataFrame(rows, columns=QUOTED_COLUMNS)
    return df.astype({"start": "int64", "end": "int64"})
