"""Fuzz the public finders (issue 13): no crash, and no input under 10,000 characters slower than 0.5 CPU-s.

Usage:
    nice python benchmarks/fuzz_finders.py [--examples 10000 | --quick] [--only find_numbered,tokens]
        [--out /tmp/fuzz_out] [--seed 0] [--slow 0.5] [--budget-minutes 25]

Hypothesis (``@given`` run programmatically, fixed seed per finder, no example database, no deadline) draws
texts of up to ``--max-len`` characters built from pieces that hit the finders' hard cases: Chinese numerals,
digits, ``+``/``＋``/N/X codes, quotes, list and heading markers ((一), （一）, 一、, 第一, 一是 ...), policy words,
long runs of one character or unit (up to 5,000), short random Unicode, and excerpts of the raw shared corpus
(read at run time from ``$POLICYTEXT_SHARED/corpus_raw``, never copied into the repository). Lone surrogates
are drawn only where the API promises an error: texts put into a :class:`policytext.Corpus` (``tokens`` and
``kwic`` with a Corpus), whose constructor rejects them with a ValueError.

Finders: ``find_numbered``, ``find_enumerations``, ``find_parallels``, ``find_quoted``, ``find_sections``,
``protected_spans``, ``diffusion_mentions`` (the text split into a national and a local document),
``tokens`` (one shared default ``Segmenter``: building one costs ~0.1 s per call and does not depend on the
text), ``kwic`` (``unit="char"``, a pattern drawn from the text or the word list) and ``clean_text``.

Each call is timed with ``time.process_time``; ``hypothesis.target`` steers generation towards slow inputs.
A call over ``--slow`` seconds is timed again; if the second run is slow too, the input is saved to ``--out``
as ``<finder>_slow_<k>.txt`` (k = 0 for the slowest), and the slowest ``--max-minimize`` are shrunk while
they stay slow (``<finder>_slow_<k>_min.txt``): characters of a repeated unit and copies of it are dropped,
then chunks of the text. An exception that is not a documented clear error (a
``policytext.errors.PolicyTextError``, or a ValueError/TypeError with a message raised by policytext's own
code; codec errors from deep inside do not count) is a crash: saved as ``<finder>_crash_<k>.txt`` and shrunk
while the same exception is raised at the same place. ``findings.jsonl`` in ``--out`` lists every saved
input with its time or traceback; files are UTF-8 (lone surrogates written with ``surrogatepass``).

Prints a table: finder, examples, crashes (distinct), clear errors, slow calls, slowest CPU-s with its input
length, p99 CPU-s. A finder stops early after ``--budget-minutes`` (the table says how many examples ran).
Hold the benchmark lock while it runs (``touch /tmp/bench.lock``; ``rm -f /tmp/bench.lock`` after).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import gc
import json
import os
import signal
import sys
import time
import traceback
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, Phase, given, seed, settings, target
from hypothesis import strategies as st

import policytext as pt
from policytext.errors import PolicyTextError

ROOT = Path(__file__).resolve().parent.parent
RAW = Path(os.environ.get("POLICYTEXT_SHARED", ROOT.parent / "shared")) / "corpus_raw"
PKG_DIR = str(Path(pt.__file__).resolve().parent)

NUMERALS = "一二两三四五六七八九十百千万双"
DIGITS = "0123456789"
QUOTES = "“”‘’「」"
PUNCT = "、，。；：！？,.;:!?《》（）()"
SPACES = ["\n", " ", "\u3000", "\t", "\n\n", "\u00a0", "\r\n"]
WORDS = [
    "坚持", "全面", "发展", "建设", "改革", "工程", "行动", "战略", "个", "大", "项", "条", "方面",
    "深化", "推进", "加强", "要", "是", "和", "的", "问题", "部分", "同志们：", "总书记指出", "强调",
    "四个全面", "两不愁三保障", "十四五", "五位一体", "三大攻坚战", "1+N", "N+X", "双服务", "百千万",
]
CODE_PARTS = ["+", "＋", "N", "X", "1", "2", "3", "10", "100", "·", "—", "-"]
MEASURES = ["个", "大", "项", "条", "种", "化", "不", "有", "型", "位", "张", "场", "篇"]
RUN_UNITS = [
    "1", "一", "“", "”", "、", "\n", " ", "\t", "\u3000", "+", "＋", "十", "，", "。", "‘", "X", "N", "第",
    "  ", " \n", "\u3000\u3000", "\n\n",
    "（一）", "1+", "1 + ", "一是", "第一", "四个全面", "一、", "“四个全面”、", "发展，", "坚持",
]
MARKERS = [
    "（{cn}）", "({cn})", "{cn}、", "第{cn}", "第{cn}，", "第{cn}个问题", "第{cn}部分", "第{cn}方面", "{d}.",
    "（{d}）", "{cn}是", "{cn}要", "{d}、",
]
HARD = NUMERALS + DIGITS + "+＋NX" + QUOTES + PUNCT + "".join(SPACES) + "个大项条第是要部分"
_CN = "一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 as Chinese numerals (十, 十一, 二十三)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _CN[tens - 1] + "十")
    return head + (_CN[ones - 1] if ones else "")


def load_sources(max_files: int = 12) -> list[str]:
    """A few raw shared-corpus texts (decoded, LF line ends), spread over the collections."""
    if not (RAW / "INDEX.csv").exists():
        print(f"warning: {RAW / 'INDEX.csv'} not found; no real excerpts", file=sys.stderr)
        return []
    with open(RAW / "INDEX.csv", encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["path"].endswith(".txt")]
    step = max(1, len(rows) // max_files)
    out = []
    for r in rows[::step][:max_files]:
        text = (RAW / r["path"]).read_bytes().decode(r["encoding"]).replace("\r\n", "\n")
        out.append(text.lstrip("\ufeff"))
    return out


# ---------------------------------------------------------------- strategies


@st.composite
def numbered_piece(draw: st.DrawFn) -> str:
    num = draw(
        st.one_of(
            st.text(alphabet=NUMERALS, min_size=1, max_size=4),
            st.text(alphabet=DIGITS, min_size=1, max_size=4),
            st.lists(st.sampled_from(CODE_PARTS), min_size=1, max_size=6).map("".join),
        )
    )
    measure = draw(st.sampled_from(["", *MEASURES]))
    words = "".join(draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=3)))
    piece = num + measure + words
    if draw(st.booleans()):
        open_, close = draw(st.sampled_from([("“", "”"), ("‘", "’"), ("「", "」"), ("“", ""), ("", "”")]))
        piece = open_ + piece + close
    return piece


@st.composite
def marker_piece(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 99))
    cn = draw(st.one_of(st.just(chinese_number(n)), st.text(alphabet=NUMERALS, min_size=1, max_size=3)))
    marker = draw(st.sampled_from(MARKERS)).format(cn=cn, d=n)
    lead = draw(st.sampled_from(["\n", "", "\n\u3000\u3000", "。", "\n "]))
    title = "".join(draw(st.lists(st.sampled_from(WORDS), max_size=4)))
    return lead + marker + title + draw(st.sampled_from(["", "。", "\n", "；", "："]))


@st.composite
def run_piece(draw: st.DrawFn) -> str:
    unit = draw(st.one_of(st.sampled_from(RUN_UNITS), st.sampled_from(WORDS)))
    count = draw(st.one_of(st.integers(1, 30), st.integers(500, 5000)))
    lead = draw(st.sampled_from(["", "", "\n"]))  # runs at the start of a line (indentation, blank lines)
    return lead + unit * max(1, count // len(unit))


def excerpt_piece(sources: list[str]) -> st.SearchStrategy[str]:
    @st.composite
    def excerpt(draw: st.DrawFn) -> str:
        text = sources[draw(st.integers(0, len(sources) - 1))]
        start = draw(st.integers(0, max(0, len(text) - 1)))
        length = draw(st.one_of(st.integers(1, 300), st.integers(300, 10_000)))
        return text[start : start + length]

    return excerpt()


def text_strategy(sources: list[str], max_len: int, surrogates: bool) -> st.SearchStrategy[str]:
    """Texts of up to ``max_len`` characters: up to 30 hard-case pieces, a quarter of them repeated to 1,000+."""
    kinds: dict[str, tuple[int, st.SearchStrategy[str]]] = {
        "word": (4, st.sampled_from(WORDS)),
        "char": (3, st.sampled_from(list(HARD) + SPACES)),
        "numbered": (3, numbered_piece()),
        "marker": (2, marker_piece()),
        "run": (2, run_piece()),
        "soup": (2, st.text(alphabet=HARD, max_size=80)),
        "unicode": (1, st.text(max_size=20)),  # hypothesis leaves out surrogates (category Cs) by default
    }
    if sources:
        kinds["excerpt"] = (2, excerpt_piece(sources))
    if surrogates:
        kinds["surrogate"] = (1, st.integers(0xD800, 0xDFFF).map(chr))
    weighted = st.sampled_from([k for k, (w, _) in kinds.items() for _ in range(w)])

    @st.composite
    def piece(draw: st.DrawFn) -> str:
        return draw(kinds[draw(weighted)][1])

    @st.composite
    def text(draw: st.DrawFn) -> str:
        out = "".join(draw(st.lists(piece(), max_size=30)))
        if out and draw(st.integers(0, 3)) == 0:  # a quarter of the texts: repeated up to a long length
            out *= -(-draw(st.integers(1_000, max_len)) // len(out))
        return out[:max_len]

    return text()


@dataclasses.dataclass(frozen=True)
class Case:
    """One fuzz input: the text, plus the arguments some finders need."""

    text: str
    container: str = "str"  # tokens/kwic: "corpus", "list" or "dict"
    pattern: str = ""  # kwic
    window: int = 5  # kwic
    split: int = 0  # diffusion_mentions: national = text[:split], local = text[split:]

    def with_text(self, text: str) -> Case:
        return dataclasses.replace(self, text=text, split=min(self.split, len(text)))

    def params(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        del d["text"]
        return d


def case_strategy(name: str, sources: list[str], max_len: int) -> st.SearchStrategy[Case]:
    plain = text_strategy(sources, max_len, surrogates=False)
    with_surrogates = text_strategy(sources, max_len, surrogates=True)

    @st.composite
    def kwic_case(draw: st.DrawFn) -> Case:
        container = draw(st.sampled_from(["corpus", "dict", "list"]))
        text = draw(with_surrogates if container == "corpus" else plain)
        if text and draw(st.booleans()):  # a substring of the text: always matches
            s = draw(st.integers(0, len(text) - 1))
            pattern = text[s : s + draw(st.integers(1, 8))]
        else:
            words = st.sampled_from(WORDS + list(NUMERALS))
            pattern = draw(st.one_of(words, st.text(alphabet=HARD, min_size=1, max_size=4)))
        return Case(text, container, pattern, draw(st.integers(0, 30)))

    @st.composite
    def tokens_case(draw: st.DrawFn) -> Case:
        container = draw(st.sampled_from(["corpus", "list"]))
        return Case(draw(with_surrogates if container == "corpus" else plain), container)

    @st.composite
    def diffusion_case(draw: st.DrawFn) -> Case:
        text = draw(plain)
        return Case(text, split=draw(st.integers(0, len(text))))

    if name == "kwic":
        return kwic_case()
    if name == "tokens":
        return tokens_case()
    if name == "diffusion_mentions":
        return diffusion_case()
    return plain.map(Case)


# ---------------------------------------------------------------- finders

_SEGMENTER: pt.Segmenter | None = None


def _segmenter() -> pt.Segmenter:
    global _SEGMENTER
    if _SEGMENTER is None:
        _SEGMENTER = pt.Segmenter()
    return _SEGMENTER


def _container(case: Case) -> Any:
    if case.container == "corpus":
        return pt.Corpus({"d": case.text})
    if case.container == "dict":
        return {"d": case.text}
    return [case.text]


def _diffusion(case: Case) -> Any:
    years = pd.DataFrame({"year": [2017]}, index=["n"]), pd.DataFrame({"year": [2020]}, index=["l"])
    nat = pt.Corpus({"n": case.text[: case.split]}, docvars=years[0])
    loc = pt.Corpus({"l": case.text[case.split :]}, docvars=years[1])
    return pt.diffusion_mentions(nat, loc)


FINDERS: dict[str, Callable[[Case], Any]] = {
    "find_numbered": lambda c: pt.find_numbered(c.text),
    "find_enumerations": lambda c: pt.find_enumerations(c.text),
    "find_parallels": lambda c: pt.find_parallels(c.text),
    "find_quoted": lambda c: pt.find_quoted(c.text),
    "find_sections": lambda c: pt.find_sections(c.text),
    "protected_spans": lambda c: pt.protected_spans(c.text),
    "diffusion_mentions": _diffusion,
    "tokens": lambda c: pt.tokens(_container(c), segmenter=_segmenter()),
    "kwic": lambda c: pt.kwic(_container(c), c.pattern, window=c.window, unit="char"),
    "clean_text": lambda c: pt.clean_text(c.text),
}


# ---------------------------------------------------------------- recording


def crash_signature(exc: BaseException) -> str | None:
    """None for a documented clear error, else ``Type@file:line`` of the innermost policytext frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f.filename.startswith(PKG_DIR)]
    raised_by_us = bool(frames) and frames[-1].filename.startswith(PKG_DIR)
    if isinstance(exc, PolicyTextError):
        return None
    if (
        isinstance(exc, (ValueError, TypeError))
        and not isinstance(exc, UnicodeError)
        and str(exc).strip()
        and raised_by_us
    ):
        return None
    where = f"{os.path.relpath(ours[-1].filename, ROOT)}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__}@{where}"


def timed(fn: Callable[[Case], Any], case: Case) -> tuple[float, BaseException | None]:
    t0 = time.process_time()
    try:
        fn(case)
    except Exception as exc:  # every exception is classified by the caller
        return time.process_time() - t0, exc
    return time.process_time() - t0, None


def shrink_chunks(text: str, still_bad: Callable[[str], bool], stop: float) -> str:
    """Delete chunks of ``text`` (halving the chunk size) while ``still_bad`` holds, until ``stop``."""
    chunk = max(1, len(text) // 2)
    while time.monotonic() < stop:
        i, changed = 0, False
        while i < len(text) and time.monotonic() < stop:
            candidate = text[:i] + text[i + chunk :]
            if candidate != text and still_bad(candidate):
                text, changed = candidate, True
            else:
                i += chunk
        if not changed:
            if chunk == 1:
                break
            chunk //= 2
    return text


def period(text: str, longest: int = 64, tolerance: float = 0.0) -> int:
    """Length of the shortest unit whose repetition is ``text`` (the last copy possibly cut), allowing a share
    ``tolerance`` of mismatching characters; 0 if none up to ``longest``."""
    for p in range(1, min(longest, len(text) // 2) + 1):
        if tolerance == 0.0:
            if text[p:] == text[:-p]:
                return p
        elif sum(a != b for a, b in zip(text[p:], text[:-p], strict=True)) <= tolerance * len(text):
            return p
    return 0


def shrink_periodic(text: str, still_bad: Callable[[str], bool], stop: float) -> str:
    """For a (nearly) repeated unit: the unit alone repeated, characters of the unit dropped (from every copy,
    same length), then copies dropped (bisection)."""
    p = period(text, tolerance=0.02)
    if not p:
        return text
    chunks = Counter(text[i : i + p] for i in range(0, len(text) - p + 1, p))
    unit = chunks.most_common(1)[0][0]
    if not still_bad(unit * (len(text) // p)):
        return text
    j = 0
    while j < len(unit) and len(unit) > 1 and time.monotonic() < stop:
        candidate = unit[:j] + unit[j + 1 :]
        if still_bad(candidate * (len(text) // len(candidate))):
            unit = candidate
        else:
            j += 1
    lo, hi = 1, max(1, len(text) // len(unit))
    while lo < hi and time.monotonic() < stop:
        mid = (lo + hi) // 2
        if still_bad(unit * mid):
            hi = mid
        else:
            lo = mid + 1
    return unit * hi


def shrink(text: str, still_bad: Callable[[str], bool], seconds: float) -> str:
    """Smallest text found in ``seconds`` for which ``still_bad`` holds (repeated units, then chunks)."""
    stop = time.monotonic() + seconds
    text = shrink_periodic(text, still_bad, stop)
    text = shrink_chunks(text, still_bad, stop)
    return shrink_periodic(text, still_bad, stop)


def cpu_seconds(fn: Callable[[Case], Any], case: Case, repeat: int = 1) -> float:
    """Median CPU time of ``repeat`` calls, each after a garbage collection."""
    times = []
    for _ in range(repeat):
        gc.collect()
        times.append(timed(fn, case)[0])
    return float(np.median(times))


class BudgetExhausted(BaseException):
    """Raised through hypothesis (not an Exception, so it is not a test failure) to stop a finder early."""


@dataclasses.dataclass
class Finding:
    finder: str
    kind: str  # "crash" or "slow"
    case: Case
    seconds: float
    signature: str = ""
    traceback: str = ""


class Recorder:
    def __init__(self, name: str, fn: Callable[[Case], Any], slow: float, deadline: float, max_saved: int) -> None:
        self.name, self.fn, self.slow, self.deadline, self.max_saved = name, fn, slow, deadline, max_saved
        self.times: list[float] = []
        self.lengths: list[int] = []
        self.clear_errors = 0
        self.crashes: dict[str, Finding] = {}
        self.crash_count = 0
        self.slow_found: list[Finding] = []
        self.slow_calls = 0
        self.slow_unconfirmed = 0
        self.stopped_early = False
        self.interrupted = False

    def __call__(self, case: Case) -> None:
        if time.monotonic() > self.deadline:
            self.stopped_early = True
            raise BudgetExhausted
        seconds, exc = timed(self.fn, case)
        self.times.append(seconds)
        self.lengths.append(len(case.text))
        if len(self.slow_found) < self.max_saved:  # steer towards slow inputs until enough are saved
            target(seconds, label="cpu_seconds")
        if exc is not None:
            sig = crash_signature(exc)
            if sig is None:
                self.clear_errors += 1
            else:
                self.crash_count += 1
                if sig not in self.crashes:
                    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
                    self.crashes[sig] = Finding(self.name, "crash", case, seconds, sig, tb)
        if seconds > self.slow:
            self.slow_calls += 1
            if len(self.slow_found) < self.max_saved:  # confirm by a second run, save
                again = cpu_seconds(self.fn, case)
                if again > self.slow:
                    self.slow_found.append(Finding(self.name, "slow", case, min(seconds, again)))
                else:
                    self.slow_unconfirmed += 1
        n = len(self.times)
        if n % 1000 == 0:
            print(f"  {self.name}: {n} examples, slowest {max(self.times):.3f} s", file=sys.stderr, flush=True)

    def row(self) -> dict[str, Any]:
        t = np.asarray(self.times) if self.times else np.zeros(1)
        i = int(np.argmax(t))
        return {
            "finder": self.name,
            "examples": len(self.times),
            "crashes": f"{len(self.crashes)} ({self.crash_count})",
            "clear_errors": self.clear_errors,
            "slow_calls": self.slow_calls,
            "saved": f"{len(self.slow_found)} ({self.slow_unconfirmed} not slow again)",
            "slowest_s": round(float(t[i]), 3),
            "slowest_len": self.lengths[i] if self.lengths else 0,
            "p99_s": round(float(np.percentile(t, 99)), 4),
            "median_len": int(np.median(self.lengths)) if self.lengths else 0,
            "stopped_early": self.stopped_early,
            "interrupted": self.interrupted,
        }


def run_finder(rec: Recorder, args: argparse.Namespace, sources: list[str]) -> None:
    name = rec.name

    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.target],
    )
    @seed(args.seed + zlib.crc32(name.encode()))
    @given(case_strategy(name, sources, args.max_len))
    def fuzz(case: Case) -> None:
        rec(case)

    try:
        fuzz()
    except BudgetExhausted:
        pass


def minimize_and_save(rec: Recorder, args: argparse.Namespace, out: Path, log: Any) -> None:
    """Shrink and write each distinct crash and each confirmed slow input of one finder."""
    slow = sorted(rec.slow_found, key=lambda f: -f.seconds)  # the slowest ones are shrunk
    for k, f in enumerate(list(rec.crashes.values()) + slow):
        case = f.case
        if f.kind == "crash":

            def bad(text: str, case: Case = case, sig: str = f.signature) -> bool:
                _, exc = timed(rec.fn, case.with_text(text))
                return exc is not None and crash_signature(exc) == sig

        else:

            def bad(text: str, case: Case = case) -> bool:  # slow twice in a row
                return all(cpu_seconds(rec.fn, case.with_text(text)) > rec.slow for _ in range(2))

        shrunk = k < args.max_minimize
        small = shrink(case.text, bad, args.minimize_seconds) if shrunk else case.text
        small_s = cpu_seconds(rec.fn, case.with_text(small), repeat=3)
        p = period(small)
        while f.kind == "slow" and shrunk and p and small_s <= rec.slow and len(small) < len(case.text):
            small = small[:p] * (len(small) * 11 // (10 * p) + 1)  # timing noise: grow back by 10 %
            small_s = cpu_seconds(rec.fn, case.with_text(small), repeat=3)
        stem = f"{rec.name}_{f.kind}_{k}"
        for suffix, text in (("", case.text), ("_min", small)):
            (out / f"{stem}{suffix}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
        entry = {
            "finder": rec.name,
            "kind": f.kind,
            "file": str(out / f"{stem}.txt"),
            "min_file": str(out / f"{stem}_min.txt"),
            "length": len(case.text),
            "min_length": len(small),
            "seconds": round(f.seconds, 3),
            "min_seconds": round(small_s, 3),
            "shrunk": shrunk,
            "min_repr": repr(small) if len(small) <= 300 else repr(small[:150]) + " ... " + repr(small[-100:]),
            "params": case.params(),
            "signature": f.signature,
            "traceback": f.traceback[-2000:],
        }
        if p:
            entry["unit"], entry["copies"] = small[:p], len(small) / p
        if f.kind == "slow" and len(small) >= 2:  # growth hint: time of the first half vs the whole
            entry["half_seconds"] = round(cpu_seconds(rec.fn, case.with_text(small[: len(small) // 2]), 3), 3)
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        log.flush()
        what = f.signature if f.kind == "crash" else f"{f.seconds:.2f} s, {len(case.text)} chars"
        small_repr = f"{entry['unit']!r} x {entry['copies']:g}" if p else entry["min_repr"][:120]
        how = f"shrunk to {len(small)} chars ({small_s:.2f} s): {small_repr}" if shrunk else "not shrunk"
        print(f"  saved {stem}: {what}; {how}")


def print_table(rows: list[dict[str, Any]]) -> None:
    cols = ["finder", "examples", "crashes", "clear_errors", "slow_calls", "saved", "slowest_s", "slowest_len",
            "p99_s", "median_len"]
    print("\n| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for r in rows:
        note = " (stopped at the time budget)" if r["stopped_early"] else " (interrupted)" if r["interrupted"] else ""
        print("| " + " | ".join(str(r[c]) for c in cols) + f" |{note}")
    print("crashes: distinct signatures (crashing calls); slow_calls: calls over the threshold; saved: slow inputs\n"
          "confirmed by a second run and saved (calls that were not slow again); p99/slowest: CPU seconds")


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=10_000, help="examples per finder")
    ap.add_argument("--quick", action="store_true", help="500 examples per finder")
    ap.add_argument("--only", default="", help="comma-separated finder names (default: all)")
    ap.add_argument("--out", type=Path, default=Path("/tmp/fuzz_out"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--slow", type=float, default=0.5, help="CPU seconds that make a call slow")
    ap.add_argument("--max-len", type=int, default=10_000, help="longest text, in characters")
    ap.add_argument("--budget-minutes", type=float, default=25.0, help="stop a finder after this long")
    ap.add_argument("--max-saved", type=int, default=20, help="slow inputs saved per finder")
    ap.add_argument("--max-minimize", type=int, default=4, help="findings shrunk per finder")
    ap.add_argument("--minimize-seconds", type=float, default=90.0, help="time spent shrinking one finding")
    args = ap.parse_args()
    if args.quick:
        args.examples = 500
    names = [n for n in args.only.split(",") if n] or list(FINDERS)
    unknown = sorted(set(names) - set(FINDERS))
    if unknown:
        ap.error(f"unknown finders {unknown}; choose from {list(FINDERS)}")
    args.out.mkdir(parents=True, exist_ok=True)
    sources = load_sources()
    pt.find_numbered("预热“四个全面”")  # load the lexicon and the segmenter outside the timings
    pt.tokens(["预热"], segmenter=_segmenter())
    pt.clean_text("预热")
    print(f"policytext {pt.__version__} from {PKG_DIR}; {len(sources)} corpus texts; {args.examples} examples per finder")
    signal.signal(signal.SIGTERM, _interrupt)  # a SIGTERM still prints the table so far
    rows: list[dict[str, Any]] = []
    with open(args.out / "findings.jsonl", "a", encoding="utf-8") as log:
        for name in names:
            t0 = time.monotonic()
            deadline = t0 + 60 * args.budget_minutes
            rec = Recorder(name, FINDERS[name], args.slow, deadline, args.max_saved)
            try:
                run_finder(rec, args, sources)
                print(f"{name}: {len(rec.times)} examples in {time.monotonic() - t0:.0f} s", flush=True)
                minimize_and_save(rec, args, args.out, log)
            except KeyboardInterrupt:
                rec.interrupted = True
                print(f"{name}: interrupted after {len(rec.times)} examples", flush=True)
            rows.append(rec.row())
            (args.out / "summary.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
            if rec.interrupted:
                break
    print_table(rows)


if __name__ == "__main__":
    main()
