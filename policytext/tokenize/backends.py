"""Segmentation backends: one private dictionary per instance, never jieba's module-level tokenizer.

Both backends start from jieba's default dictionary (jieba-rs embeds the same ``dict.txt``) and receive user
words with an explicit frequency, so that they agree token for token. The only known difference, ASCII runs
joined by ``.``, ``-`` or ``_`` with HMM on (jieba: ``E/-/mail``, rjieba: ``E-mail``), is repaired by
:func:`jieba_ascii_recut`.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import re
from collections.abc import Collection, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
import platformdirs

BACKENDS = ("rjieba", "jieba")

# jieba 0.42.1: blocks of "Han" text, and the HMM's split of non-Han runs inside a block
_RE_HAN_DEFAULT = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
_RE_FINALSEG_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
# a separator with a non-Han, non-space neighbour: the only places where a re-cut can be needed
_GATE = re.compile(r"(?<=[^\u4E00-\u9FD5\s])[._\-]|[._\-](?=[^\u4E00-\u9FD5\s])")
_HAN = re.compile(r"[\u4E00-\u9FD5]")
_SEP = re.compile(r"[._\-]")


class Backend(Protocol):
    name: str
    version: str

    #: whether :meth:`cut_raw` output needs the repairs of :mod:`policytext.tokenize.compat` to equal jieba's
    needs_recut: bool

    def cut(self, text: str, hmm: bool) -> list[str]: ...

    def cut_raw(self, text: str, hmm: bool) -> list[str]: ...

    def add_word(self, word: str, freq: int, tag: str | None) -> None: ...


def cache_dir() -> Path:
    """Per-user cache directory of policytext (``platformdirs.user_cache_dir("policytext")``)."""
    path = Path(platformdirs.user_cache_dir("policytext"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def _quiet_jieba() -> Iterator[None]:
    """Silence jieba's "Building prefix dict ..." messages while our own Tokenizer loads."""
    logger = logging.getLogger("jieba")
    old = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(old)


class JiebaBackend:
    """A private ``jieba.Tokenizer`` whose cache lives in the per-user cache directory."""

    name = "jieba"

    def __init__(self) -> None:
        import jieba

        self.version = str(getattr(jieba, "__version__", "unknown"))
        tk = jieba.Tokenizer()
        tk.tmp_dir = str(cache_dir())
        tk.cache_file = f"jieba-{self.version}-default.cache"
        with _quiet_jieba():
            tk.initialize()
        self._tk = tk

    needs_recut = False

    def cut(self, text: str, hmm: bool) -> list[str]:
        return list(self._tk.cut(text, HMM=hmm))

    cut_raw = cut

    def add_word(self, word: str, freq: int, tag: str | None) -> None:
        tk = self._tk
        old = tk.FREQ.get(word, 0)
        tk.add_word(word, freq, tag)
        # jieba adds the new frequency to the total without removing the old one; jieba-rs replaces it.
        # Keep the total exact in both so that route probabilities agree.
        tk.total -= old


class RJiebaBackend:
    """A private ``rjieba.Jieba`` instance (jieba-rs; releases the GIL while cutting)."""

    name = "rjieba"

    def __init__(self) -> None:
        import rjieba

        self.version = importlib.metadata.version("rjieba")
        self._jb = rjieba.Jieba()

    needs_recut = True

    def cut(self, text: str, hmm: bool) -> list[str]:
        words: list[str] = self._jb.cut(text, hmm)
        if hmm:
            return jieba_ascii_recut(words, text)
        return words

    def cut_raw(self, text: str, hmm: bool) -> list[str]:
        """jieba-rs output as is (no re-cut of ASCII runs)."""
        words: list[str] = self._jb.cut(text, hmm)
        return words

    def add_word(self, word: str, freq: int, tag: str | None) -> None:
        self._jb.add_word(word, freq, tag)


def make_backend(name: str) -> JiebaBackend | RJiebaBackend:
    if name == "jieba":
        return JiebaBackend()
    if name == "rjieba":
        return RJiebaBackend()
    raise ValueError(f"backend must be one of {BACKENDS}, got {name!r}")


def backend_version(name: str) -> str:
    """Version of the package behind a backend (part of the configuration hash)."""
    if name == "jieba":
        import jieba

        return str(getattr(jieba, "__version__", "unknown"))
    if name == "rjieba":
        return importlib.metadata.version("rjieba")
    raise ValueError(f"backend must be one of {BACKENDS}, got {name!r}")


def _recut_one(token: str) -> list[str]:
    """Cut one non-Han token the way jieba 0.42.1 does with HMM on.

    jieba's block regex has no ``_`` (so ``_`` is a token of its own), and its HMM splits a run of
    single characters into ``[a-zA-Z0-9]+(\\.\\d+)?%?`` pieces and single other characters.
    """
    out: list[str] = []
    for blk in _RE_HAN_DEFAULT.split(token):
        if not blk:
            continue
        if _RE_HAN_DEFAULT.fullmatch(blk):
            out.extend(x for x in _RE_FINALSEG_SKIP.split(blk) if x)
        else:
            out.extend(blk)
    return out


def _gate_positions(text: str) -> list[int]:
    """Positions of ``.``, ``-``, ``_`` with a non-Han, non-space neighbour (same as ``_GATE``, faster)."""
    out: list[int] = []
    n = len(text)
    for m in _SEP.finditer(text):
        i = m.start()
        for j in (i - 1, i + 1):
            if 0 <= j < n:
                c = text[j]
                if not ("\u4e00" <= c <= "\u9fd5" or c.isspace()):
                    out.append(i)
                    break
    return out


def jieba_ascii_recut(
    words: list[str], text: str | None = None, skip: Collection[int] = (), ends: np.ndarray | None = None
) -> list[str]:
    """Re-cut jieba-rs tokens such as ``E-mail``, ``www.gov.cn``, ``PM_2.5`` the way jieba does.

    Only tokens without Han characters that contain ``.``, ``-`` or ``_`` and that jieba would cut
    differently are touched (``2.5`` is left alone). ``text`` (the joined words) lets the candidates be found
    with one regex scan instead of a look at every token; token positions in ``skip`` (protected spans) are
    left whole; ``ends`` (cumulative token lengths) is computed when not given. The list itself is returned
    when nothing changes.

    Examples
    --------
    >>> from policytext.tokenize.backends import jieba_ascii_recut
    >>> jieba_ascii_recut(["发送", "E-mail", "至", "www.gov.cn"])
    ['发送', 'E', '-', 'mail', '至', 'www', '.', 'gov', '.', 'cn']
    """
    fix = ascii_recut_fixes(words, text, skip, ends)
    if not fix:
        return words
    out: list[str] = []
    prev = 0
    for i, pieces in fix:
        out.extend(words[prev:i])
        out.extend(pieces)
        prev = i + 1
    out.extend(words[prev:])
    return out


def ascii_recut_fixes(
    words: list[str], text: str | None = None, skip: Collection[int] = (), ends: np.ndarray | None = None
) -> list[tuple[int, list[str]]]:
    """The replacements :func:`jieba_ascii_recut` makes: ``(token index, pieces)``, in token order."""
    if text is None:
        text = "".join(words)
    positions = _gate_positions(text)
    if not positions:
        return []
    if ends is None:
        ends = np.cumsum(np.fromiter(map(len, words), dtype=np.int64, count=len(words)))
    cand = np.unique(np.searchsorted(ends, positions, side="right")).tolist()
    fix: list[tuple[int, list[str]]] = []
    for i in cand:
        if i in skip:
            continue
        w = words[i]
        if len(w) > 1 and not _HAN.search(w):
            pieces = _recut_one(w)
            if pieces != [w]:
                fix.append((i, pieces))
    return fix


@lru_cache(maxsize=1)
def default_frequencies() -> tuple[dict[str, int], int]:
    """Word frequencies and their total from jieba's default ``dict.txt`` (read-only, loaded once)."""
    import jieba

    path = Path(os.path.dirname(jieba.__file__)) / "dict.txt"
    freq: dict[str, int] = {}
    total = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            f = int(parts[1])
            freq[parts[0]] = f
            total += f
    return freq, total


def file_sha256(path: str | os.PathLike[str]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
