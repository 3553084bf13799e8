"""Compact token storage (:class:`Tokens`) and corpus tokenization (:func:`tokens`)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import pandas as pd

from .parallel import batches, map_batches, process_pool
from .segmenter import Segmenter

if TYPE_CHECKING:
    from ..corpus.corpus import Corpus


class Tokens:
    """Tokenized documents stored as integer ids into a vocabulary, with character offsets.

    ``ids`` (int32) and ``starts`` (int32) hold every token of every document, concatenated; ``indptr``
    (int64, length ``n_docs + 1``) marks document boundaries. Token ``k`` of document ``i`` is
    ``vocab[ids[indptr[i] + k]]`` and sits at ``texts[i][start:start + len(token)]``. That is 8 bytes per
    token, against about 85 for lists of Python strings.

    Parameters
    ----------
    vocab : list of str
        Id → type.
    ids, indptr, starts : array-like
        See above.
    doc_ids : list of str
    docvars : DataFrame, optional
        Indexed by doc_id.
    texts : list of str, optional
        The texts the offsets refer to (for character KWIC).
    config_hash : str
        The segmenter's configuration hash (empty when unknown).

    Examples
    --------
    >>> import policytext as pt
    >>> t = pt.tokens(["深化供给侧结构性改革。"])
    >>> t[0], t.starts.tolist()
    (['深化', '供给侧结构性改革', '。'], [0, 2, 10])
    """

    def __init__(
        self,
        vocab: Sequence[str],
        ids: Any,
        indptr: Any,
        starts: Any,
        doc_ids: Sequence[str],
        docvars: pd.DataFrame | None = None,
        texts: Sequence[str] | None = None,
        config_hash: str = "",
    ) -> None:
        self.vocab: list[str] = list(vocab)
        self.ids = np.ascontiguousarray(ids, dtype=np.int32)
        self.indptr = np.ascontiguousarray(indptr, dtype=np.int64)
        self.starts = np.ascontiguousarray(starts, dtype=np.int32)
        self.doc_ids: list[str] = [str(d) for d in doc_ids]
        n = len(self.doc_ids)
        if self.indptr.shape != (n + 1,) or (n + 1 and self.indptr[0] != 0):
            raise ValueError(f"indptr must have n_docs + 1 = {n + 1} entries starting at 0")
        if self.indptr[-1] != len(self.ids) or len(self.starts) != len(self.ids):
            raise ValueError("ids, starts and indptr[-1] must have the same length")
        if len(self.ids) and (self.ids.min() < 0 or self.ids.max() >= len(self.vocab)):
            raise ValueError("token ids must index into vocab")
        index = pd.Index(self.doc_ids, name="doc_id", dtype=object)
        if docvars is None:
            self.docvars = pd.DataFrame(index=index)
        else:
            if len(docvars) != n:
                raise ValueError(f"docvars has {len(docvars)} rows for {n} documents")
            self.docvars = docvars.copy()
            self.docvars.index = index
        self.texts: list[str] | None = list(texts) if texts is not None else None
        if self.texts is not None and len(self.texts) != n:
            raise ValueError(f"{len(self.texts)} texts for {n} documents")
        self.config_hash = config_hash

    # -- constructors -----------------------------------------------------------------------------
    @classmethod
    def from_lists(
        cls,
        token_lists: Sequence[Sequence[str]],
        doc_ids: Sequence[str] | None = None,
        docvars: pd.DataFrame | None = None,
        texts: Sequence[str] | None = None,
    ) -> Tokens:
        """Build from lists of strings; offsets are found by scanning ``texts`` when given.

        Examples
        --------
        >>> from policytext import Tokens
        >>> t = Tokens.from_lists([["坚持", "发展"]], texts=["坚持 发展"])
        >>> t.starts.tolist(), t.vocab
        ([0, 3], ['坚持', '发展'])
        """
        if doc_ids is None:
            doc_ids = [f"text{i + 1}" for i in range(len(token_lists))]
        flat: list[str] = []
        starts: list[int] = []
        indptr = [0]
        for i, toks in enumerate(token_lists):
            pos = 0
            text = texts[i] if texts is not None else None
            for w in toks:
                if text is not None:
                    at = text.find(w, pos)
                    if at < 0:
                        raise ValueError(f"document {doc_ids[i]!r}: token {w!r} not found in its text after {pos}")
                    pos = at
                starts.append(pos)
                pos += len(w)
                flat.append(w)
            indptr.append(len(flat))
        vocab = _Vocab()
        codes = np.fromiter(map(vocab.__getitem__, flat), dtype=np.int32, count=len(flat))
        return cls(list(vocab), codes, indptr, starts, doc_ids, docvars=docvars, texts=texts)

    # -- protocol ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.doc_ids)

    @overload
    def __getitem__(self, i: int) -> list[str]: ...
    @overload
    def __getitem__(self, i: str) -> list[str]: ...
    def __getitem__(self, i: int | str) -> list[str]:
        """Tokens of document ``i`` (position or doc_id) as strings."""
        if isinstance(i, str):
            try:
                i = self.doc_ids.index(i)
            except ValueError:
                raise KeyError(f"no document with doc_id {i!r}") from None
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(f"document {i} out of range for {len(self)} documents")
        vocab = self.vocab
        return [vocab[k] for k in self.ids[self.indptr[i] : self.indptr[i + 1]].tolist()]

    def __iter__(self) -> Iterator[list[str]]:
        for i in range(len(self)):
            yield self[i]

    def __repr__(self) -> str:
        return (
            f"Tokens({len(self)} documents, {len(self.ids):,} tokens, {len(self.vocab):,} types; "
            f"{self.nbytes / max(len(self.ids), 1):.1f} bytes/token)"
        )

    def to_lists(self) -> list[list[str]]:
        """All documents as lists of strings."""
        return list(self)

    @property
    def n_tokens(self) -> int:
        """Total number of tokens."""
        return int(len(self.ids))

    @property
    def nbytes(self) -> int:
        """Bytes held by the token arrays (ids, starts, indptr); the vocabulary is not counted."""
        return int(self.ids.nbytes + self.starts.nbytes + self.indptr.nbytes)

    def ends(self) -> np.ndarray:
        """End offsets (exclusive) of every token: ``starts + len(type)``."""
        lens = np.fromiter(map(len, self.vocab), dtype=np.int32, count=len(self.vocab))
        return self.starts + lens[self.ids]

    def doc_index(self) -> np.ndarray:
        """Document position of every token (int32)."""
        return np.repeat(np.arange(len(self), dtype=np.int32), np.diff(self.indptr))

    def remove(self, words: Iterable[str]) -> Tokens:
        """A copy without the given types (offsets of the kept tokens unchanged; vocabulary compacted).

        Examples
        --------
        >>> import policytext as pt
        >>> pt.tokens(["坚持和发展"]).remove(["和"])[0]
        ['坚持', '发展']
        """
        drop = set(words)
        mask_vocab = np.fromiter((w in drop for w in self.vocab), dtype=bool, count=len(self.vocab))
        return self._select(~mask_vocab[self.ids])

    def _select(self, keep: np.ndarray) -> Tokens:
        ids = self.ids[keep]
        starts = self.starts[keep]
        counts = np.add.reduceat(keep.astype(np.int64), self.indptr[:-1]) if len(keep) else None
        if counts is not None:
            counts[np.diff(self.indptr) == 0] = 0
        indptr = np.zeros(len(self) + 1, dtype=np.int64)
        if counts is not None:
            np.cumsum(counts, out=indptr[1:])
        vocab, ids = _compact(self.vocab, ids)
        return Tokens(vocab, ids, indptr, starts, self.doc_ids, self.docvars, self.texts, self.config_hash)


def _compact(vocab: Sequence[str], ids: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Renumber ids by first occurrence and drop unused types (deterministic)."""
    if len(ids) == 0:
        return [], ids.astype(np.int32)
    used, first = np.unique(ids, return_index=True)
    order = used[np.argsort(first, kind="stable")]
    remap = np.full(len(vocab), -1, dtype=np.int32)
    remap[order] = np.arange(len(order), dtype=np.int32)
    return [vocab[k] for k in order.tolist()], remap[ids]


# -- corpus tokenization ------------------------------------------------------------------------------
#: one document, compact: a key per token (>= 0: the code points of a token of at most 3 characters;
#: < 0: ``-1 - i`` for the document's long token ``longs[i]``), the long tokens, start offsets
_DocArrays = tuple[np.ndarray, list[str], np.ndarray]
_MAX_PACKED = 3  # characters packed into one int64 key: 3 x 21 bits
_FIELD = (1 << 21) - 1


def _doc_arrays(seg: Segmenter, text: str) -> _DocArrays:
    """Segment one document into integer token keys, its long tokens and start offsets.

    Same tokens as ``seg._segment(text)`` (whitespace and stopwords still in; they are dropped once for the
    whole vocabulary in :func:`_assemble`). Tokens of up to 3 characters (most of them) are identified by
    their code points packed into an int64, read from the text with numpy, so that no string is hashed;
    only longer tokens go through a dict. Only arrays and the long tokens cross a thread or process boundary.
    """
    words, protected = seg._segment_parts(text)
    if not words:
        return np.zeros(0, np.int64), [], np.zeros(0, np.int64)
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    lens = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    ends = np.cumsum(lens)
    fix = seg._fixes(words, text, protected, ends, cp)
    if fix:  # E-mail, www.gov.cn, HMM ties: splice the pieces into the words and their lengths
        out: list[str] = []
        len_parts: list[np.ndarray] = []
        prev = 0
        for i, j, pieces in fix:
            out.extend(words[prev:i])
            out.extend(pieces)
            len_parts += [lens[prev:i], np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))]
            prev = j
        out.extend(words[prev:])
        len_parts.append(lens[prev:])
        words, lens = out, np.concatenate(len_parts)
        ends = np.cumsum(lens)
    starts = ends - lens
    return (*_keys(words, cp, starts, lens), starts)


def _keys(words: list[str], codepoints: np.ndarray, starts: np.ndarray, lens: np.ndarray
          ) -> tuple[np.ndarray, list[str]]:
    """Integer keys of the tokens (see :data:`_DocArrays`); ``codepoints`` of ``"".join(words)``."""
    n = len(codepoints)
    cp = np.zeros(n + _MAX_PACKED, dtype=np.int64)
    cp[:n] = codepoints
    cp[:n] += 1  # every character of a token is a non-zero field: the key also encodes the length
    short = lens <= _MAX_PACKED
    key = cp[starts]
    for k in range(1, _MAX_PACKED):
        key |= np.where(lens > k, cp[np.minimum(starts + k, len(cp) - 1)], 0) << (21 * k)
    longs: dict[str, int] = {}
    long_at = np.flatnonzero(~short)
    if len(long_at):
        get = longs.setdefault
        codes = [get(words[i], len(longs)) for i in long_at.tolist()]
        key[long_at] = -1 - np.asarray(codes, dtype=np.int64)
    return key, list(longs)


def _unpack(key: int) -> str:
    """The token of a non-negative key."""
    chars = []
    while key:
        chars.append(chr((key & _FIELD) - 1))
        key >>= 21
    return "".join(chars)


def tokens(
    corpus: Corpus | Sequence[str],
    segmenter: Segmenter | None = None,
    n_jobs: int = 1,
    progress: bool = False,
    executor: str = "auto",
    start_method: str | None = None,
) -> Tokens:
    """Tokenize a corpus into a compact :class:`Tokens` object.

    Whitespace tokens are dropped (their characters stay in ``texts`` and offsets are unaffected);
    stopwords are removed when the segmenter has them. Vocabulary ids are assigned by first occurrence
    in corpus order, so the result is identical for every ``n_jobs`` and every run.

    Parameters
    ----------
    corpus : Corpus or list of str
    segmenter : Segmenter, optional
        Default ``Segmenter()`` (rjieba, domain dictionary, protected spans, no stopwords).
    n_jobs : int
        Number of worker processes (``-1``: all cores). The pool is kept alive for the next call with the same
        configuration (see :mod:`policytext.tokenize.parallel`); documents go to the workers in batches of
        about equal length and come back in order, so the result does not depend on ``n_jobs``.
    progress : bool
        Show a tqdm progress bar over documents.
    executor : {"auto", "threads", "processes"}
        ``"auto"``: processes. Threads gain nothing (jieba-rs and the protected-span matcher hold the GIL
        most of the time) but start instantly.
    start_method : {None, "fork", "spawn", "forkserver"}
        Start method of the worker processes; ``None``: ``fork`` where available when this process runs a
        single thread (workers inherit the dictionary), else ``spawn`` (a few seconds per worker to import
        policytext and build the dictionary, paid once per pool).

    Returns
    -------
    Tokens

    Examples
    --------
    >>> import policytext as pt
    >>> t = pt.tokens(["推进乡村振兴。", "坚持“两不愁三保障”标准"])
    >>> t[1]
    ['坚持', '“', '两不愁三保障', '”', '标准']
    >>> t.ids.dtype, t.starts.dtype
    (dtype('int32'), dtype('int32'))
    """
    seg = segmenter if segmenter is not None else Segmenter()
    if isinstance(corpus, str):
        raise TypeError("tokens() takes a Corpus or a list of texts, not a single string; wrap it in a list")
    if hasattr(corpus, "doc_ids") and hasattr(corpus, "texts"):
        doc_ids = list(corpus.doc_ids)
        texts = list(corpus.texts)
        docvars = getattr(corpus, "docvars", None)
    else:
        texts = list(corpus)
        doc_ids = [f"text{i + 1}" for i in range(len(texts))]
        docvars = None
    for d, t in zip(doc_ids, texts, strict=True):
        if not isinstance(t, str):
            raise TypeError(f"document {d!r}: text must be str, got {type(t).__name__}")
    if n_jobs == -1:
        n_jobs = os.cpu_count() or 1
    n_jobs = max(1, min(int(n_jobs), len(texts) or 1))
    state = seg._get_state()

    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(texts), unit="doc", desc="tokens")
    results: list[_DocArrays] = []
    try:
        if n_jobs == 1:
            for t in texts:
                results.append(_doc_arrays(seg, t))
                if bar is not None:
                    bar.update(1)
        else:
            kind = executor
            if kind == "auto":
                kind = "processes"
            if kind == "threads":
                with ThreadPoolExecutor(max_workers=n_jobs) as tpool:
                    futures = [tpool.submit(_doc_arrays, seg, t) for t in texts]
                    for f in futures:  # in document order: deterministic
                        results.append(f.result())
                        if bar is not None:
                            bar.update(1)
            elif kind == "processes":
                pool = process_pool(seg, n_jobs, start_method)
                parts = batches([len(t) for t in texts], n_jobs)
                for n_docs, res in map_batches(pool, texts, parts):
                    results.extend(res)
                    if bar is not None:
                        bar.update(n_docs)
            else:
                raise ValueError(f"executor must be 'auto', 'threads' or 'processes', got {executor!r}")
    finally:
        if bar is not None:
            bar.close()
    return _assemble(results, doc_ids, docvars, texts, state.stopset, state.config_hash)


class _Vocab(dict):  # type: ignore[type-arg]
    """str → id, ids given in order of first lookup."""

    def __missing__(self, key: str) -> int:
        n = len(self)
        self[key] = n
        return n


def _assemble(
    results: list[_DocArrays],
    doc_ids: list[str],
    docvars: pd.DataFrame | None,
    texts: list[str],
    stopset: frozenset[str],
    config_hash: str,
) -> Tokens:
    """Merge per-document keys into ids by first occurrence in corpus order (deterministic); drop
    whitespace tokens and stopwords (offsets of the kept tokens unchanged)."""
    long_vocab = _Vocab()
    get = long_vocab.__getitem__
    parts: list[np.ndarray] = []
    for key, longs, _ in results:
        if longs:  # document-local long codes -> corpus-wide ones (still negative)
            glob = np.fromiter(map(get, longs), dtype=np.int64, count=len(longs))
            neg = key < 0
            key = key.copy()
            key[neg] = -1 - glob[-1 - key[neg]]
        parts.append(key)
    raw_indptr = np.zeros(len(results) + 1, dtype=np.int64)
    np.cumsum([len(r[0]) for r in results], out=raw_indptr[1:])
    all_keys = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    all_starts = np.concatenate([r[2] for r in results]) if results else np.zeros(0, np.int64)
    codes, uniq = pd.factorize(all_keys)  # uniques in order of first appearance
    longs_list = list(long_vocab)
    types = [_unpack(k) if k >= 0 else longs_list[-1 - k] for k in uniq.tolist()]
    all_ids = codes.astype(np.int32)
    drop = np.fromiter((w.isspace() or w in stopset for w in types), dtype=bool, count=len(types))
    if not drop.any():
        return Tokens(types, all_ids, raw_indptr, all_starts, doc_ids, docvars, texts, config_hash)
    # dropping whole types keeps the first-occurrence order of the others
    keep = ~drop[all_ids]
    remap = (np.cumsum(~drop) - 1).astype(np.int32)
    kept = np.concatenate([[0], np.cumsum(keep, dtype=np.int64)])
    return Tokens(
        [w for w, d in zip(types, drop.tolist(), strict=True) if not d],
        remap[all_ids[keep]],
        kept[raw_indptr],
        all_starts[keep],
        doc_ids,
        docvars=docvars,
        texts=texts,
        config_hash=config_hash,
    )
