"""The :class:`Segmenter`: jieba-compatible word segmentation for political Chinese."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..slogans.spans import protected_spans
from .backends import BACKENDS, backend_version, file_sha256, make_backend
from .compat import Fix, JiebaReplica, rjieba_fixes, splice
from .dictionary import (
    DictEntry,
    domain_dict_path,
    entries_from_words,
    read_domain_dict,
    read_user_dict,
    words_sha256,
)
from .stopwords import load_stopwords, stopwords_version, words_hash

#: Words given without a frequency get jieba's suggested frequency, raised to at least this value, so that a
#: dictionary word also stays whole inside a sentence (jieba's suggestion only guarantees it when cut alone).
MIN_USER_FREQ = 1000

_PARAMS = ("backend", "hmm", "user_dicts", "domain_dict", "stopwords", "protect")
_PROTECT_KINDS = ("numbered", "quoted")


class _State:
    """Everything a Segmenter builds lazily: backend dictionary, stopword set, configuration."""

    def __init__(self, seg: Segmenter) -> None:
        import rjieba

        self.backend = make_backend(seg.backend)
        # Frequencies are suggested by a jieba-rs instance that receives exactly the same words, so both
        # backends get the same explicit numbers.
        self._oracle = self.backend._jb if seg.backend == "rjieba" else rjieba.Jieba()  # type: ignore[union-attr]
        self.added: list[tuple[str, int]] = []  # (word, freq) in the order given to the backend
        self._replica: JiebaReplica | None = None
        dict_hashes: list[dict[str, str]] = []
        if seg.domain_dict:
            path = domain_dict_path()
            for row in read_domain_dict(path):
                self._add(DictEntry(str(row["word"]), row["freq"], row["pos"]))  # type: ignore[arg-type]
            dict_hashes.append({"domain_dict": file_sha256(path)})
        for i, ud in enumerate(seg.user_dicts):
            if isinstance(ud, (str, os.PathLike)):
                entries = read_user_dict(ud)
                dict_hashes.append({"file": Path(ud).name, "sha256": file_sha256(ud)})
            else:
                entries = entries_from_words(ud, where=f"user_dicts[{i}]")
                dict_hashes.append({"list": str(i), "sha256": words_sha256(entries)})
            for e in entries:
                self._add(e)
        self.stopset: frozenset[str] = frozenset(seg._stopword_list())
        sw_conf: dict[str, str] | None = None
        if seg.stopwords is not None:
            sw_conf = {"version": stopwords_version(), "sha256": words_hash(self.stopset)}
        from ..slogans import spans as _spans_mod

        self.config: dict[str, Any] = {
            "backend": seg.backend,
            "backend_version": backend_version(seg.backend),
            "hmm": bool(seg.hmm),
            "dictionaries": dict_hashes,
            "stopwords": sw_conf,
            "protect": list(seg._protect_kinds()),
            "protect_rule_sha256": file_sha256(_spans_mod.__file__) if seg._protect_kinds() else None,
        }
        self.config_hash = hashlib.sha256(
            json.dumps(self.config, sort_keys=True, ensure_ascii=False).encode("utf-8")
        ).hexdigest()

    def replica(self) -> JiebaReplica:
        """jieba's algorithm on this dictionary, in Python (built on first use; see :mod:`.compat`)."""
        if self._replica is None:
            self._replica = JiebaReplica(self.added)
        return self._replica

    def _add(self, e: DictEntry) -> None:
        freq = e.freq if e.freq is not None else max(int(self._oracle.suggest_freq(e.word)), MIN_USER_FREQ)
        self.backend.add_word(e.word, freq, e.tag)
        self.added.append((e.word, freq))
        if self._oracle is not getattr(self.backend, "_jb", None):
            self._oracle.add_word(e.word, freq, e.tag)


class Segmenter:
    """Word segmentation for political Chinese, configured once in ``__init__`` (scikit-learn style).

    Each Segmenter owns its dictionary (a private ``jieba.Tokenizer`` or ``rjieba.Jieba``); jieba's
    module-level tokenizer is never touched. The dictionary is built on first use, and dropped when the
    Segmenter is pickled (it is rebuilt from the parameters in the receiving process).

    Parameters
    ----------
    backend : {"rjieba", "jieba"}
        ``"rjieba"`` (jieba-rs, fast, releases the GIL) or ``"jieba"`` (pure Python). Same output for the
        same configuration.
    hmm : bool
        Use jieba's HMM for words not in the dictionary (as ``jieba.lcut`` does by default).
    user_dicts : sequence
        Each item is a path to a jieba-format file (``word [freq] [tag]`` per line) or a list of words
        (strings, ``"word freq tag"`` strings or ``(word, freq, tag)`` tuples). Later items override
        earlier ones. Words without a frequency get ``max(jieba's suggested frequency, 1000)``.
    domain_dict : bool
        Load the shipped political/policy dictionary (``policytext/data/domain_dict.tsv``).
    stopwords : None, "default" or list of str
        ``None`` keeps every token; ``"default"`` removes the shipped government-register stopwords
        (all categories); a list gives the words to remove (see :func:`load_stopwords` for categories).
    protect : tuple of str
        Kinds of protected spans kept as single tokens whatever the dictionary says:
        ``"numbered"`` (四个全面, 两不愁三保障, 十四五, 5个100工程, 1+7) and ``"quoted"`` (“双服务”).
        Spans come from :func:`policytext.slogans.protected_spans`. ``()`` turns protection off.

    Examples
    --------
    >>> import policytext as pt
    >>> seg = pt.Segmenter()
    >>> seg.cut("协调推进“四个全面”战略布局")
    ['协调', '推进', '“', '四个全面', '”', '战略', '布局']
    >>> pt.Segmenter(domain_dict=False, protect=()).cut("协调推进四个全面战略布局")  # as jieba.lcut
    ['协调', '推进', '四个', '全面', '战略', '布局']
    """

    def __init__(
        self,
        backend: str = "rjieba",
        hmm: bool = True,
        user_dicts: Sequence[Any] = (),
        domain_dict: bool = True,
        stopwords: None | str | Sequence[str] = None,
        protect: Sequence[str] = ("numbered", "quoted"),
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
        if isinstance(user_dicts, (str, os.PathLike)):
            user_dicts = (user_dicts,)
        if isinstance(protect, str):
            protect = (protect,)
        bad = [k for k in protect if k not in _PROTECT_KINDS]
        if bad:
            raise ValueError(f"protect kinds must be among {_PROTECT_KINDS}, got {bad}")
        if isinstance(stopwords, str) and stopwords != "default":
            raise ValueError(f"stopwords must be None, 'default' or a list of words, got {stopwords!r}")
        self.backend = backend
        self.hmm = bool(hmm)
        self.user_dicts = tuple(tuple(u) if isinstance(u, list) else u for u in user_dicts)
        self.domain_dict = bool(domain_dict)
        self.stopwords = stopwords if stopwords is None or isinstance(stopwords, str) else tuple(stopwords)
        self.protect = tuple(protect)
        self._state: _State | None = None
        self._lock = threading.Lock()

    # -- scikit-learn style parameters, pickling ----------------------------------------------------
    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor parameters.

        Examples
        --------
        >>> import policytext as pt
        >>> pt.Segmenter(backend="jieba").get_params()["backend"]
        'jieba'
        """
        return {k: getattr(self, k) for k in _PARAMS}

    def __repr__(self) -> str:
        defaults = Segmenter.__init__.__defaults__ or ()
        changed = [f"{k}={getattr(self, k)!r}" for k, d in zip(_PARAMS, defaults, strict=True) if getattr(self, k) != d]
        return f"Segmenter({', '.join(changed)})"

    def __getstate__(self) -> dict[str, Any]:
        return self.get_params()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Segmenter) and self.get_params() == other.get_params()

    def __hash__(self) -> int:
        return hash(repr(self.get_params()))

    # -- lazily built state ----------------------------------------------------------------------
    def _protect_kinds(self) -> tuple[str, ...]:
        return tuple(k for k in _PROTECT_KINDS if k in self.protect)

    def _stopword_list(self) -> list[str]:
        if self.stopwords is None:
            return []
        if self.stopwords == "default":
            return load_stopwords()
        return list(self.stopwords)

    def _get_state(self) -> _State:
        st = self._state
        if st is None:
            with self._lock:
                if self._state is None:
                    self._state = _State(self)
                st = self._state
        return st

    @property
    def config(self) -> dict[str, Any]:
        """The resolved configuration: backend and version, HMM, dictionary sha256s, stopword version."""
        return dict(self._get_state().config)

    @property
    def config_hash(self) -> str:
        """sha256 of :attr:`config`; equal hashes mean equal output up to the backend."""
        return self._get_state().config_hash

    # -- segmentation -----------------------------------------------------------------------------
    def _segment_parts(self, text: str) -> tuple[list[str], list[int]]:
        """Backend tokens with protected spans kept whole, before the ASCII re-cut; and the protected positions."""
        cut = self._get_state().backend.cut_raw
        hmm = self.hmm
        kinds = self._protect_kinds()
        spans = protected_spans(text, kinds=kinds) if kinds and text else []
        protected: list[int] = []
        if not spans:
            return (cut(text, hmm) if text else []), protected
        words: list[str] = []
        pos = 0
        for s, e in spans:
            if s < pos or e <= s:
                raise ValueError(f"protected_spans returned overlapping or empty span {(s, e)} at {pos}")
            if s > pos:
                words.extend(cut(text[pos:s], hmm))
            protected.append(len(words))
            words.append(text[s:e])
            pos = e
        if pos < len(text):
            words.extend(cut(text[pos:], hmm))
        return words, protected

    @property
    def _needs_recut(self) -> bool:
        return self._get_state().backend.needs_recut

    def _fixes(self, words: list[str], text: str, protected: list[int], ends: np.ndarray,
               cp: np.ndarray) -> list[Fix]:
        """Replacements that make the fast backend's tokens equal jieba's (see :mod:`.compat`)."""
        if not self._needs_recut:
            return []
        st = self._get_state()
        jb = st.backend._jb  # type: ignore[union-attr]
        return rjieba_fixes(jb, st.replica, words, text, frozenset(protected), ends, cp, self.hmm)

    def _segment(self, text: str) -> list[str]:
        """All tokens (whitespace included, stopwords not removed); ``"".join(result) == text``."""
        words, protected = self._segment_parts(text)
        if self._needs_recut and words:
            ends = np.cumsum(np.fromiter(map(len, words), dtype=np.int64, count=len(words)))
            cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            words = splice(words, self._fixes(words, text, protected, ends, cp))
        return words

    def cut(self, text: str) -> list[str]:
        """Cut one text into words (stopwords removed when configured; whitespace tokens kept as jieba does).

        Examples
        --------
        >>> import policytext as pt
        >>> pt.Segmenter().cut("深化供给侧结构性改革")
        ['深化', '供给侧结构性改革']
        """
        words = self._segment(text)
        stop = self._get_state().stopset
        if stop:
            return [w for w in words if w not in stop]
        return words

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """Words with character offsets ``(word, start, end)``; ``text[start:end] == word``.

        Examples
        --------
        >>> import policytext as pt
        >>> pt.Segmenter().tokenize("推进乡村振兴")
        [('推进', 0, 2), ('乡村振兴', 2, 6)]
        """
        stop = self._get_state().stopset
        out: list[tuple[str, int, int]] = []
        pos = 0
        for w in self._segment(text):
            end = pos + len(w)
            if w not in stop:
                out.append((w, pos, end))
            pos = end
        return out
