"""Theme dictionaries: load (nested YAML, cntext-style YAML), compile through the segmenter, look up.

Every entry is cut by the same :class:`~policytext.Segmenter` that produced the tokens, so an entry the
segmenter splits (``脱贫攻坚`` -> ``脱贫`` + ``攻坚``) is matched as that token sequence. An entry that can
never match (empty after segmentation: only stopwords or whitespace; or a multi-token entry
looked up in a unigram DFM) raises a :class:`DictionaryWarning` naming it.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from ..dfm import DFM, _as_arrays

__all__ = ["Dictionary", "DictionaryWarning", "load_dictionary", "lookup", "policy_themes_path"]


class DictionaryWarning(UserWarning):
    """A dictionary entry can never match."""


def policy_themes_path() -> Path:
    """Path of the shipped policy-theme dictionary (``policytext/data/themes/policy_themes.yaml``)."""
    return Path(str(resources.files("policytext") / "data" / "themes" / "policy_themes.yaml"))


class Dictionary:
    """Themes -> entries, compiled into token sequences by a segmenter.

    Attributes
    ----------
    entries : DataFrame
        ``theme, entry, source`` (one row per entry; nested themes joined by ``.``).
    compiled : dict
        theme -> list of (entry, tuple of tokens); an entry ending in ``*`` is a prefix of a single token.
    name, description : str

    Examples
    --------
    >>> import policytext as pt
    >>> dic = pt.load_dictionary({"poverty": ["脱贫攻坚", "扶贫"]})
    >>> dic.themes
    ['poverty']
    """

    def __init__(
        self,
        entries: pd.DataFrame,
        segmenter: Any = None,
        name: str = "",
        description: str = "",
        where: str = "dictionary",
    ) -> None:
        self.entries = entries.reset_index(drop=True)
        self.name = name
        self.description = description
        self.where = where
        if segmenter is None:
            from ..vectorizer import _default_segmenter

            segmenter = _default_segmenter()
        self.segmenter = segmenter
        self.compiled: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self._compile()

    @property
    def themes(self) -> list[str]:
        return list(dict.fromkeys(self.entries["theme"]))

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return f"Dictionary({self.name or self.where!r}: {len(self.themes)} themes, {len(self)} entries)"

    def _compile(self) -> None:
        impossible = []
        for theme in self.themes:
            self.compiled[theme] = []
        for theme, entry in zip(self.entries["theme"], self.entries["entry"], strict=True):
            e = str(entry).strip()
            if e.endswith("*") and len(e) > 1:
                self.compiled[theme].append((e, (e,)))
                continue
            toks = tuple(w for w in self.segmenter.cut(e) if w.strip())
            if not toks:
                impossible.append((theme, str(entry)))
                continue
            self.compiled[theme].append((e, toks))
        for theme, e in impossible:
            warnings.warn(
                f"{self.where}: entry {e!r} (theme {theme!r}) can never match: the segmenter leaves no token "
                "(stopwords or whitespace only)",
                DictionaryWarning,
                stacklevel=4,
            )

    def compiled_frame(self) -> pd.DataFrame:
        """``theme, entry, tokens, n_tokens``: how every entry is matched."""
        rows = [(t, e, " ".join(toks), len(toks)) for t, lst in self.compiled.items() for e, toks in lst]
        return pd.DataFrame(rows, columns=["theme", "entry", "tokens", "n_tokens"])


# ---------------------------------------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------------------------------------
def _flatten(node: Any, prefix: str, rows: list[tuple[str, str, str]], default_source: str) -> None:
    if isinstance(node, Mapping):
        leaf = None
        for key in ("entries", "terms", "words"):
            if key in node:
                leaf = node[key]
        if leaf is not None:
            src = str(node.get("source", default_source) or default_source)
            _flatten(leaf, prefix, rows, src)
            return
        for k, v in node.items():
            k = str(k)
            if k.startswith("_") or k in ("description", "source", "name"):
                continue
            _flatten(v, f"{prefix}.{k}" if prefix else k, rows, default_source)
        return
    if isinstance(node, str):
        node = [node]
    if not isinstance(node, Sequence):
        raise ValueError(f"theme {prefix!r}: expected a list of entries or a mapping, got {type(node).__name__}")
    if not prefix:
        raise ValueError("dictionary: entries must sit under a theme name")
    for item in node:
        if isinstance(item, Mapping):
            term = item.get("term", item.get("entry"))
            if term is None:
                raise ValueError(f"theme {prefix!r}: entry {dict(item)!r} has no 'term'")
            rows.append((prefix, str(term), str(item.get("source", default_source) or default_source)))
        else:
            rows.append((prefix, str(item), default_source))


def load_dictionary(
    source: str | os.PathLike[str] | Mapping[str, Any],
    format: str = "auto",
    segmenter: Any = None,
) -> Dictionary:
    """Load a theme dictionary and compile it through the segmenter.

    Formats
    -------
    ``"yaml"`` (nested themes)
        ``theme: [entry, ...]`` or ``theme: {subtheme: [...]}`` (themes become ``theme.subtheme``). An entry is
        a string or ``{term: ..., source: ...}``; a theme may be ``{description, source, entries: [...]}``;
        top-level keys starting with ``_`` are metadata.
    ``"cntext"``
        cntext's YAML dictionaries: ``Name, Desc, Refer, Category, Dictionary: {category: [words]}``.
    ``"auto"``
        cntext when there is a top-level ``Dictionary`` key, otherwise yaml.

    An entry ending in ``*`` matches any token starting with the prefix (``数字*``).

    Parameters
    ----------
    source : path or mapping
        A YAML file, or the already-parsed mapping. ``"policy_themes"`` loads the shipped dictionary.
    segmenter : Segmenter, optional
        Must be the segmenter that produced the tokens you look up in. Default ``Segmenter()``.

    Examples
    --------
    >>> import policytext as pt
    >>> dic = pt.load_dictionary({"ecology": {"protection": ["生态环境保护"], "carbon": ["碳达峰"]}})
    >>> dic.themes
    ['ecology.protection', 'ecology.carbon']
    """
    where = "dictionary"
    if isinstance(source, (str, os.PathLike)):
        path = policy_themes_path() if str(source) == "policy_themes" else Path(source)
        where = str(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError as err:
            raise FileNotFoundError(f"{path}: dictionary file not found") from err
        except yaml.YAMLError as err:
            raise ValueError(f"{path}: not valid YAML ({err})") from err
    else:
        data = source
    if not isinstance(data, Mapping):
        raise ValueError(f"{where}: a dictionary must be a YAML mapping of themes")
    if format == "auto":
        format = "cntext" if "Dictionary" in data else "yaml"
    rows: list[tuple[str, str, str]] = []
    name = description = ""
    if format == "cntext":
        name = str(data.get("Name", "") or "")
        description = str(data.get("Desc", "") or "")
        refer = str(data.get("Refer", "") or "")
        body = data.get("Dictionary")
        if not isinstance(body, Mapping):
            raise ValueError(f"{where}: cntext dictionary has no 'Dictionary' mapping")
        _flatten(body, "", rows, refer)
    elif format == "yaml":
        meta = data.get("_meta", {}) if isinstance(data.get("_meta", {}), Mapping) else {}
        name = str(meta.get("name", "") or "")
        description = str(meta.get("description", "") or "")
        _flatten(data, "", rows, "")
    else:
        raise ValueError(f"format must be 'auto', 'yaml' or 'cntext', got {format!r}")
    if not rows:
        raise ValueError(f"{where}: no entries found")
    entries = pd.DataFrame(rows, columns=["theme", "entry", "source"])
    return Dictionary(entries, segmenter=segmenter, name=name, description=description, where=where)


# ---------------------------------------------------------------------------------------------------------
# lookup
# ---------------------------------------------------------------------------------------------------------
def lookup(x: Any, dictionary: Dictionary | Mapping[str, Any], levels: int | None = None) -> pd.DataFrame:
    """Count dictionary matches per document and theme.

    With Tokens, every entry is matched as its token sequence (as compiled by the dictionary's segmenter);
    within a theme, a match nested in a longer match of the same theme (``扶贫`` inside ``精准 扶贫``) is
    counted once, longest first. With a DFM, single-token entries are summed over the features; multi-token
    entries cannot be matched in a unigram DFM and warn.

    Parameters
    ----------
    x : Tokens or DFM (or list of token lists)
    dictionary : Dictionary or mapping (compiled with the default Segmenter)
    levels : int, optional
        Aggregate nested themes to their first ``levels`` components (``economy.finance`` -> ``economy``).

    Returns
    -------
    DataFrame
        documents x themes (index ``doc_id``) of int64 counts.

    Examples
    --------
    >>> import policytext as pt
    >>> dic = pt.load_dictionary({"party": ["党的建设", "从严治党"]})
    >>> toks = pt.Tokens.from_lists([["加强", "党的建设", "全面", "从严治党"]], doc_ids=["a"])
    >>> pt.lookup(toks, dic).loc["a", "party"]
    np.int64(2)
    """
    if not isinstance(dictionary, Dictionary):
        dictionary = load_dictionary(dictionary)
    if isinstance(x, DFM):
        out = _lookup_dfm(x, dictionary)
    else:
        out = _lookup_tokens(x, dictionary)
    if levels is not None:
        keys = ["." .join(str(c).split(".")[:levels]) for c in out.columns]
        out = out.T.groupby(pd.Index(keys), sort=False).sum().T
        out.index.name = "doc_id"
    return out.astype(np.int64)


def _lookup_dfm(d: DFM, dic: Dictionary) -> pd.DataFrame:
    feats = np.asarray(d.features, dtype=object)
    pos = {f: j for j, f in enumerate(d.features)}
    res = {}
    multi = []
    for theme, lst in dic.compiled.items():
        cols: set[int] = set()
        for e, toks in lst:
            if len(toks) == 1 and toks[0].endswith("*"):
                pre = toks[0][:-1]
                cols.update(np.flatnonzero([str(f).startswith(pre) for f in feats]).tolist())
            elif len(toks) == 1:
                if toks[0] in pos:
                    cols.add(pos[toks[0]])
            else:
                multi.append((theme, e))
        c = sorted(cols)
        res[theme] = np.asarray(d.matrix[:, c].sum(axis=1)).ravel() if c else np.zeros(len(d.doc_ids))
    for theme, e in multi:
        warnings.warn(
            f"{dic.where}: entry {e!r} (theme {theme!r}) is several tokens and can never match a unigram DFM; "
            "look up in the Tokens instead",
            DictionaryWarning,
            stacklevel=3,
        )
    return pd.DataFrame(res, index=pd.Index(d.doc_ids, name="doc_id"))


def _lookup_tokens(x: Any, dic: Dictionary) -> pd.DataFrame:
    ta = _as_arrays(x)
    n_docs = len(ta.doc_ids)
    ids = ta.ids
    total = ids.size
    doc_of = np.repeat(np.arange(n_docs), np.diff(ta.indptr))
    vocab_pos = {w: i for i, w in enumerate(ta.vocab)}
    vocab = np.asarray(ta.vocab, dtype=object)
    res = {}
    for theme, lst in dic.compiled.items():
        covered = np.zeros(total, dtype=bool)
        counts = np.zeros(n_docs, dtype=np.int64)
        for _e, toks in sorted(lst, key=lambda et: -len(et[1])):
            if len(toks) == 1 and toks[0].endswith("*"):
                pre = toks[0][:-1]
                good = np.flatnonzero([str(w).startswith(pre) for w in vocab])
                starts = np.flatnonzero(np.isin(ids, good))
            else:
                tid = [vocab_pos.get(t, -1) for t in toks]
                if min(tid) < 0:
                    continue
                L = len(tid)
                starts = np.flatnonzero(ids == tid[0])
                starts = starts[starts + L <= total]
                for k in range(1, L):
                    starts = starts[(ids[starts + k] == tid[k]) & (doc_of[starts + k] == doc_of[starts])]
            L = len(toks) if not toks[0].endswith("*") else 1
            if starts.size == 0:
                continue
            free = np.ones(starts.size, dtype=bool)
            for k in range(L):
                free &= ~covered[starts + k]
            starts = starts[free]
            for k in range(L):
                covered[starts + k] = True
            counts += np.bincount(doc_of[starts], minlength=n_docs)
        res[theme] = counts
    return pd.DataFrame(res, index=pd.Index(ta.doc_ids, name="doc_id"))
