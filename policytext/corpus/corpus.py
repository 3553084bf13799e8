"""The :class:`Corpus`: cleaned texts, document variables and provenance, in a fixed order."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, overload

import pandas as pd

from ..errors import DocvarsError

_SENTENCE_END = re.compile(r"[^。！？!?；;\n]*(?:[。！？!?；;]+[”’」』）)]*|\n|$)")


_SURROGATE = re.compile("[\ud800-\udfff]")

class Corpus:
    """A collection of documents with document variables and per-document provenance.

    Parameters
    ----------
    texts : mapping of doc_id to text, or a sequence of texts
        The cleaned texts. A sequence gets doc_ids ``text1``, ``text2``, ...
    docvars : DataFrame, optional
        Document variables indexed by ``doc_id`` (one row per document).
    provenance : DataFrame, optional
        Per-document provenance indexed by ``doc_id`` (path, bytes, sha256, encoding, n_chars, removed, ...).
    order : "sorted" or "given"
        Documents are kept sorted by doc_id unless ``order="given"``.

    Examples
    --------
    >>> import policytext as pt
    >>> c = pt.Corpus({"a": "同志们：坚持发展。", "b": "全面深化改革。"})
    >>> len(c), c["a"]
    (2, '同志们：坚持发展。')
    """

    def __init__(
        self,
        texts: Mapping[str, str] | Sequence[str],
        docvars: pd.DataFrame | None = None,
        provenance: pd.DataFrame | None = None,
        order: str = "sorted",
        skipped: pd.DataFrame | None = None,
    ) -> None:
        if isinstance(texts, Mapping):
            items = [(str(k), v) for k, v in texts.items()]
        else:
            items = [(f"text{i + 1}", t) for i, t in enumerate(texts)]
        for doc_id, text in items:
            if not isinstance(text, str):
                raise TypeError(f"document {doc_id!r}: text must be str, got {type(text).__name__}")
            bad = _SURROGATE.search(text)
            if bad is not None:  # not Unicode text: every later step (tokenizer, files, hashes) would fail
                raise ValueError(
                    f"document {doc_id!r}: lone surrogate U+{ord(bad.group(0)):04X} at offset {bad.start()} (not valid "
                    "Unicode, e.g. text decoded with errors='surrogateescape'); decode the source with "
                    "errors='replace' or repair the text"
                )
        if order == "sorted":
            items.sort(key=lambda kv: kv[0])
        elif order != "given":
            raise ValueError(f"order must be 'sorted' or 'given', got {order!r}")
        self._doc_ids: list[str] = [k for k, _ in items]
        self._texts: list[str] = [v for _, v in items]
        self._pos = {d: i for i, d in enumerate(self._doc_ids)}
        self._docvars = self._align(docvars, "docvars")
        self._provenance = self._align(provenance, "provenance")
        self._skipped = (skipped if skipped is not None else pd.DataFrame(columns=["path", "reason"])).copy()

    def _align(self, frame: pd.DataFrame | None, what: str) -> pd.DataFrame:
        index = pd.Index(self._doc_ids, name="doc_id", dtype=object)
        if frame is None:
            return pd.DataFrame(index=index)
        frame = frame.copy()
        frame.index = frame.index.astype(str)
        frame.index.name = "doc_id"
        dup = frame.index[frame.index.duplicated()].unique().tolist()
        if dup:
            raise DocvarsError(f"{what}: duplicate doc_ids {dup}")
        missing = sorted(set(self._doc_ids) - set(frame.index))
        extra = sorted(set(frame.index) - set(self._doc_ids))
        if missing or extra:
            raise DocvarsError(
                f"{what} do not match the documents: no row for {missing}; rows without a document {extra}"
            )
        return frame.loc[index]

    # -- basic protocol -------------------------------------------------------------------------
    @property
    def doc_ids(self) -> list[str]:
        """Document ids, in corpus order."""
        return list(self._doc_ids)

    @property
    def texts(self) -> list[str]:
        """Cleaned texts, in corpus order."""
        return list(self._texts)

    @property
    def docvars(self) -> pd.DataFrame:
        """Document variables (a copy), indexed by ``doc_id``."""
        return self._docvars.copy()

    @property
    def provenance(self) -> pd.DataFrame:
        """Per-document provenance (a copy), indexed by ``doc_id``."""
        return self._provenance.copy()

    @property
    def skipped(self) -> pd.DataFrame:
        """Files and folders the reader found but did not read, with the reason (columns ``path``, ``reason``).

        Empty unless the corpus came from :func:`~policytext.corpus.reader.read_corpus`: hidden folders, other
        suffixes, the docvars table, unreadable folders, symlink loops and, with ``on_error="skip"``, files
        that could not be read.

        Examples
        --------
        >>> import policytext as pt
        >>> pt.Corpus({"a": "同志们：坚持发展。"}).skipped.columns.tolist()
        ['path', 'reason']
        """
        return self._skipped.copy()

    def __len__(self) -> int:
        return len(self._doc_ids)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        """Iterate over ``(doc_id, text)`` pairs in corpus order."""
        return iter(zip(self._doc_ids, self._texts, strict=True))

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._pos

    @overload
    def __getitem__(self, key: str) -> str: ...
    @overload
    def __getitem__(self, key: list[str]) -> Corpus: ...
    def __getitem__(self, key: str | list[str]) -> str | Corpus:
        """``corpus[doc_id]`` is the text; ``corpus[[id1, id2]]`` is a sub-corpus in that order."""
        if isinstance(key, str):
            try:
                return self._texts[self._pos[key]]
            except KeyError:
                raise KeyError(f"no document with doc_id {key!r}") from None
        keys = [str(k) for k in key]
        unknown = [k for k in keys if k not in self._pos]
        if unknown:
            raise KeyError(f"no documents with doc_ids {unknown}")
        return self._take(keys, order="given")

    def __repr__(self) -> str:
        n_chars = sum(len(t) for t in self._texts)
        cols = ", ".join(map(str, self._docvars.columns[:6]))
        return f"Corpus({len(self)} documents, {n_chars:,} characters; docvars: {cols or '-'})"

    def _take(self, keys: list[str], order: str = "given") -> Corpus:
        return Corpus(
            {k: self._texts[self._pos[k]] for k in keys},
            docvars=self._docvars.loc[keys],
            provenance=self._provenance.loc[keys],
            order=order,
        )

    # -- selection and reshaping -----------------------------------------------------------------
    def subset(self, mask: Iterable[bool] | pd.Series | None = None, /, **conditions: Any) -> Corpus:
        """Documents whose docvars satisfy every condition.

        A condition value may be a scalar (equality), a list/set/tuple (membership) or a callable applied to
        the column. A boolean mask aligned with the documents may be passed positionally.

        Examples
        --------
        >>> import pandas as pd, policytext as pt
        >>> dv = pd.DataFrame({"year": [2019, 2020]}, index=["a", "b"])
        >>> pt.Corpus({"a": "坚持发展。", "b": "全面深化改革。"}, docvars=dv).subset(year=2020).doc_ids
        ['b']
        """
        keep = pd.Series(True, index=self._docvars.index)
        if mask is not None:
            m = pd.Series(list(mask), index=self._docvars.index) if not isinstance(mask, pd.Series) else mask
            if len(m) != len(self):
                raise ValueError(f"mask has {len(m)} entries for {len(self)} documents")
            keep &= m.reindex(self._docvars.index).fillna(False).astype(bool).to_numpy()
        for col, cond in conditions.items():
            if col not in self._docvars.columns:
                raise KeyError(f"no docvar {col!r}; docvars are {list(self._docvars.columns)}")
            series = self._docvars[col]
            if callable(cond):
                keep &= series.map(cond).astype(bool)
            elif isinstance(cond, (list, set, tuple, frozenset)):
                keep &= series.isin(list(cond))
            else:
                keep &= series == cond
        return self._take([d for d, k in zip(self._doc_ids, keep.to_numpy(), strict=True) if k])

    def group(self, by: str | list[str], sep: str = "\n\n") -> Corpus:
        """Concatenate documents per group of docvar values.

        The new doc_id joins the group values with ``|``. Docvars that are constant within a group are kept;
        others become a sorted, ``;``-joined string of their distinct values; ``n_docs`` counts members and
        ``doc_ids`` lists them.

        Examples
        --------
        >>> import pandas as pd, policytext as pt
        >>> dv = pd.DataFrame({"year": [2020, 2020]}, index=["a", "b"])
        >>> pt.Corpus({"a": "坚持发展。", "b": "深化改革。"}, docvars=dv).group("year")["2020"]
        '坚持发展。\\n\\n深化改革。'
        """
        cols = [by] if isinstance(by, str) else list(by)
        for c in cols:
            if c not in self._docvars.columns:
                raise KeyError(f"no docvar {c!r}; docvars are {list(self._docvars.columns)}")
        dv = self._docvars.copy()
        dv["_text"] = self._texts
        groups: dict[str, str] = {}
        rows: dict[str, dict[str, Any]] = {}
        for key, frame in dv.groupby(cols, sort=True, dropna=False):
            keys = key if isinstance(key, tuple) else (key,)
            gid = "|".join(str(k) for k in keys)
            groups[gid] = sep.join(frame["_text"])
            row: dict[str, Any] = {}
            for c in self._docvars.columns:
                vals = frame[c].dropna().unique()
                if c in cols or len(vals) <= 1:
                    row[c] = frame[c].iloc[0]
                else:
                    row[c] = ";".join(sorted(str(v) for v in vals))
            row["n_docs"] = len(frame)
            row["doc_ids"] = ";".join(frame.index)
            rows[gid] = row
        docvars = pd.DataFrame.from_dict(rows, orient="index")
        return Corpus(groups, docvars=docvars)

    def segment(self, by: str = "paragraph") -> Corpus:
        """Split every document into paragraphs, sentences or sections.

        New doc_ids are ``{doc_id}.{n}`` (1-based). Docvars are copied from the parent and ``parent_id``,
        ``segment``, ``start`` and ``end`` (character offsets in the parent text) are added, so
        ``parent_text[start:end] == segment_text``. Empty segments are dropped.

        Examples
        --------
        >>> import policytext as pt
        >>> pt.Corpus({"a": "坚持发展。深化改革！"}).segment("sentence").texts
        ['坚持发展。', '深化改革！']
        """
        if by == "paragraph":
            splitter = _paragraph_spans
        elif by == "sentence":
            splitter = _sentence_spans
        elif by == "section":
            splitter = _section_spans
        else:
            raise ValueError(f"by must be 'paragraph', 'sentence' or 'section', got {by!r}")
        texts: dict[str, str] = {}
        rows: list[dict[str, Any]] = []
        ids: list[str] = []
        for doc_id, text in self:
            n = 0
            for start, end, extra in splitter(text):
                n += 1
                sid = f"{doc_id}.{n}"
                texts[sid] = text[start:end]
                row = dict(self._docvars.loc[doc_id]) if len(self._docvars.columns) else {}
                row.update({"parent_id": doc_id, "segment": n, "start": start, "end": end, **extra})
                rows.append(row)
                ids.append(sid)
        docvars = pd.DataFrame(rows, index=pd.Index(ids, name="doc_id"))
        return Corpus(texts, docvars=docvars, order="given")

    def near_duplicates(self, threshold: float = 0.8, shingle: int = 5) -> pd.DataFrame:
        """Pairs of near-duplicate documents with their similarity and shared span
        (:func:`policytext.corpus.duplicates.near_duplicates`).

        Examples
        --------
        >>> speech = "同志们：今天我们召开会议，回顾过去一年的工作，分析当前形势，研究部署明年的改革发展稳定各项任务。"
        >>> Corpus({"a": speech, "b": "新华社北京电 " + speech}).near_duplicates()["duplicate_of"].tolist()
        ['a']
        """
        from .duplicates import near_duplicates

        return near_duplicates(self, threshold=threshold, shingle=shingle)

    def to_frame(self) -> pd.DataFrame:
        """A DataFrame with ``doc_id``, ``text`` and every docvar, one row per document.

        Examples
        --------
        >>> import policytext as pt
        >>> pt.Corpus({"a": "坚持发展。"}).to_frame().columns.tolist()
        ['doc_id', 'text']
        """
        frame = self._docvars.copy()
        frame.insert(0, "text", self._texts)
        return frame.reset_index()


def _paragraph_spans(text: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e, {}


def _sentence_spans(text: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
    for para_start, para_end, _ in _paragraph_spans(text):
        para = text[para_start:para_end]
        for m in _SENTENCE_END.finditer(para):
            s, e = m.span()
            chunk = para[s:e]
            stripped = chunk.strip()
            if not stripped:
                continue
            lead = len(chunk) - len(chunk.lstrip())
            yield para_start + s + lead, para_start + s + lead + len(stripped), {}


def _section_spans(text: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
    from ..slogans.sections import find_sections

    secs = find_sections(text)
    top = secs[secs["level"] == secs["level"].min()] if len(secs) else secs
    if len(top) == 0:
        if text.strip():
            yield 0, len(text), {"section_title": None}
        return
    first = int(top["start"].iloc[0])
    if text[:first].strip():
        yield 0, first, {"section_title": None}
    bounds = [int(s) for s in top["start"]] + [len(text)]
    for row, end in zip(top.itertuples(), bounds[1:], strict=True):
        yield int(row.start), end, {"section_title": row.title}
