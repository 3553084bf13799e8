"""Diffusion of numbered formulations from national to local documents, with the evidence for every row.

A local mention of a label the national texts use is one of:

* ``echo``: the local text states the national members (the same items, maybe in short form: 责任 for
  摘帽不摘责任, see :func:`same_members`);
* ``redefinition``: the local text states other members for the same label (the district speech's 五位一体 of
  山、水、城、景、田) — reported, never counted as an echo;
* ``label_only``: the local text names the label without stating members, so it cannot be told from a homonym;

and a label that no national text of the corpus uses, and that the lexicon does not list as national, is a
``local_invention``.  Labels are matched by the lexicon's canonical label and aliases (五大发展理念 = 新发展理念;
labels without a leading numeral, such as 新发展理念, are found as strings).  Generic tallies (三点, 两个方面 and
other counts whose head is only a measure, and lexicon entries marked ``generic``) are left out unless the text
quotes them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from ..errors import DocvarsError
from .numbered.charsets import BARE_MEASURES

__all__ = ["DIFFUSION_COLUMNS", "MENTION_COLUMNS", "diffusion", "diffusion_mentions", "same_members"]

DIFFUSION_COLUMNS = ["label", "origin", "first_year_national", "first_doc_national", "first_year_local",
                     "lag_years", "n_national_docs", "n_local_docs", "local_share", "n_echo", "n_redefinition",
                     "n_label_only", "use", "national_members"]
MENTION_COLUMNS = ["side", "doc_id", "year", "start", "end", "surface", "label", "members", "members_source",
                   "members_evidence", "use"]
_TEXT_SOURCES = ("listed", "enumeration", "glossary")  # members read from the text itself
# a tally's head: a bare measure (三点, 两个方面) or a generic noun (三个问题, 六个部分)
_BARE_HEADS = BARE_MEASURES | {"条", "个方面", "个问题", "问题", "部分", "个部分"}


def _years(corpus: Any, year_col: str, what: str) -> dict[str, int | None]:
    docvars = getattr(corpus, "docvars", None)
    if docvars is None or year_col not in getattr(docvars, "columns", ()):
        raise DocvarsError(f"diffusion: the {what} corpus needs a '{year_col}' docvar (one year per document)")
    out: dict[str, int | None] = {}
    for doc_id, year in docvars[year_col].items():
        try:
            y = int(year)
        except (TypeError, ValueError):
            y = None
        out[str(doc_id)] = y
    return out


def _member_key(members: Any) -> frozenset[str] | None:
    if members is None or (isinstance(members, float) and math.isnan(members)):
        return None
    return frozenset(str(m) for m in members)


def _generic(row: Any, lexicon: Any) -> bool:
    """A tally such as 三点 or 两个方面 (head only a measure or a generic noun) or a lexicon entry marked generic,
    not quoted in the text."""
    if bool(row.quoted):
        return False
    ent = lexicon.get(row.label) if lexicon is not None else None
    if ent is not None:
        return bool(ent.generic)
    head = row.head if isinstance(row.head, str) else ""
    return head in _BARE_HEADS or not head


def _mentions(corpus: Any, finder: Callable[[Any], pd.DataFrame], lexicon: Any, side: str,
              years: dict[str, int | None]) -> pd.DataFrame:
    found = finder(corpus)
    missing = {"doc_id", "start", "end", "surface", "label", "members", "members_source"} - set(found.columns)
    if missing:
        raise ValueError(f"diffusion: finder result lacks columns {sorted(missing)}")
    found = found[found["label"].notna()].copy()
    if "quoted" not in found.columns:
        found["quoted"] = False
    if "head" not in found.columns:
        found["head"] = None
    if "members_evidence" not in found.columns:
        found["members_evidence"] = None
    keep = pd.Series([not _generic(r, lexicon) for r in found.itertuples()], index=found.index, dtype=bool)
    found = found[keep]  # (a Series: an empty list would select no columns and lose doc_id)
    found["doc_id"] = found["doc_id"].astype(str)
    # labels of the lexicon that do not start with a numeral (新发展理念) are never candidates of the scanner:
    # find them, and their aliases, as strings
    extra = []
    if lexicon is not None:
        plain = {s: e.label for e in lexicon.entries for s in (e.label, *e.aliases) if s and not _numeral_first(s)}
        if plain:
            rx = re.compile("|".join(re.escape(s) for s in sorted(plain, key=len, reverse=True)))
            for doc_id, text in corpus:
                for m in rx.finditer(text):
                    extra.append({"doc_id": str(doc_id), "start": m.start(), "end": m.end(), "surface": m.group(0),
                                  "label": plain[m.group(0)], "members": None, "members_source": None,
                                  "members_evidence": None, "quoted": False, "head": None})
    if extra:
        found = pd.concat([found, pd.DataFrame(extra)], ignore_index=True)
    if lexicon is not None:  # aliases to the canonical label (五大发展理念 -> 新发展理念)
        found["label"] = [lexicon.get(x).label if lexicon.get(x) is not None else x for x in found["label"]]
    found["side"] = side
    found["year"] = found["doc_id"].map(years).astype("Int64")
    return found.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def same_members(a: Iterable[str], b: Iterable[str]) -> bool:
    """Two member sets name the same items: as many items, each item of one contained in a distinct item of
    the other (责任 in 摘帽不摘责任, 国内 in 国内循环); order is ignored.

    Examples
    --------
    >>> same_members(["责任", "政策"], ["摘帽不摘政策", "摘帽不摘责任"])
    True
    >>> same_members(["新能源汽车", "光伏产品"], ["电动汽车", "光伏产品"])
    False
    """
    xs, ys = sorted(set(a)), list(set(b))
    if len(xs) != len(ys):
        return False
    for x in sorted(xs, key=len, reverse=True):
        hit = next((y for y in ys if x in y or y in x), None)
        if hit is None:
            return False
        ys.remove(hit)
    return True


def _numeral_first(s: str) -> bool:
    return s[:1] in "一二两三四五六七八九十百千万双" or s[:1].isdigit()


def diffusion_mentions(national: Any, local: Any, finder: Callable[[Any], pd.DataFrame] | None = None,
                       lexicon: Any = None, year_col: str = "year") -> pd.DataFrame:
    """Every mention behind :func:`diffusion`, with its evidence: one row per mention in either corpus.

    Columns: ``side`` (national/local), ``doc_id``, ``year``, ``start``, ``end`` (offsets into that document's
    text), ``surface``, ``label`` (canonical), ``members``, ``members_source``, ``members_evidence``, and ``use``
    for local mentions of labels the national texts use (``echo``, ``redefinition``, ``label_only``) or
    ``local_invention``; ``national`` for national rows.

    Examples
    --------
    >>> import policytext as pt
    >>> import pandas as pd
    >>> nat = pt.Corpus({"n": "统筹推进经济建设、政治建设、文化建设、社会建设、生态文明建设“五位一体”总体布局"},
    ...                 docvars=pd.DataFrame({"year": [2017]}, index=["n"]))
    >>> loc = pt.Corpus({"a": "构建山、水、城、景、田“五位一体”"}, docvars=pd.DataFrame({"year": [2020]}, index=["a"]))
    >>> diffusion_mentions(nat, loc)[["side", "label", "use"]].values.tolist()
    [['national', '五位一体', 'national'], ['local', '五位一体', 'redefinition']]
    """
    return _classified(national, local, *_defaults(lexicon, finder), year_col)[0]


def _classified(national: Any, local: Any, lexicon: Any, finder: Callable[[Any], pd.DataFrame], year_col: str
                ) -> tuple[pd.DataFrame, dict[str, frozenset[str] | None], int]:
    """(every mention with its use, the national member set of each label, number of local documents)."""
    loc_years = _years(local, year_col, "local")
    nat = _mentions(national, finder, lexicon, "national", _years(national, year_col, "national"))
    loc = _mentions(local, finder, lexicon, "local", loc_years)
    refs = _references(nat, lexicon)
    national_labels = set(nat["label"]) | {e.label for e in getattr(lexicon, "entries", ()) if e.origin == "national"}
    uses = []
    for r in loc.itertuples():
        if r.label not in national_labels:
            uses.append("local_invention")
            continue
        key = _member_key(r.members) if r.members_source in _TEXT_SOURCES else None
        ref = refs.get(str(r.label))
        if key is None:
            uses.append("label_only")
        elif ref is not None and not same_members(key, ref):
            uses.append("redefinition")
        else:
            uses.append("echo")
    loc["use"] = uses
    nat["use"] = "national"
    out = pd.concat([nat, loc], ignore_index=True)
    return out[MENTION_COLUMNS].reset_index(drop=True), refs, len(loc_years)


def _defaults(lexicon: Any, finder: Any) -> tuple[Any, Callable[[Any], pd.DataFrame]]:
    if lexicon is None:
        from .lexicon import load_lexicon

        lexicon = load_lexicon()
    if finder is None:
        from .numbered import find_numbered

        def finder(c: Any) -> pd.DataFrame:
            return find_numbered(c, lexicon=lexicon)

    return lexicon, finder


def _references(nat: pd.DataFrame, lexicon: Any) -> dict[str, frozenset[str] | None]:
    """The national member set of each label: the lexicon's, else the most frequent set the national texts
    state themselves."""
    refs: dict[str, frozenset[str] | None] = {}
    for label_, rows in nat.groupby("label", sort=True):
        label = str(label_)
        ref = None
        ent = lexicon.get(label) if lexicon is not None else None
        if ent is not None:
            ref = _member_key(ent.members_at(None))
        if ref is None:
            sets = [k for m, src in zip(rows["members"], rows["members_source"], strict=True)
                    if src in _TEXT_SOURCES and (k := _member_key(m))]
            if sets:
                ref = sorted(Counter(sets).most_common(), key=lambda kv: (-kv[1], sorted(kv[0])))[0][0]
        refs[label] = ref
    if lexicon is not None:
        for e in lexicon.entries:
            refs.setdefault(e.label, _member_key(e.members_at(None)))
    return refs


def diffusion(national: Any, local: Any, finder: Callable[[Any], pd.DataFrame] | None = None,
              lexicon: Any = None, year_col: str = "year", labels: Iterable[str] | None = None) -> pd.DataFrame:
    """For each numbered formulation: when national and local texts use it, and how local texts use it.

    Parameters
    ----------
    national, local : Corpus
        Corpora with a ``year`` docvar (``year_col``).
    finder : callable, optional
        ``finder(corpus) -> DataFrame`` with the :func:`policytext.find_numbered` columns. Default:
        ``find_numbered`` with ``lexicon``.
    lexicon : Lexicon, optional
        Canonical labels, aliases, origins and reference members (default: the bundled lexicon).
    year_col : str
        Name of the year docvar.
    labels : iterable of str, optional
        Only these (canonical) labels.

    Returns
    -------
    pandas.DataFrame
        One row per label: ``label``, ``origin`` (the lexicon's: national/local/foreign; ``unlisted``),
        ``first_year_national`` and ``first_doc_national`` (in this national corpus), ``first_year_local``,
        ``lag_years``, ``n_national_docs``, ``n_local_docs``, ``local_share`` (share of local documents with a
        mention), ``n_echo``, ``n_redefinition``, ``n_label_only`` (local mentions of each use, see the module
        docstring), ``use`` (``echo`` if some local text states the national members and none states others;
        ``redefinition`` if one states other members; ``label_only``; ``local_invention``; ``national_only``)
        and ``national_members``.  :func:`diffusion_mentions` gives every mention behind a row with its
        offsets.  Sorted by first national year, then label.

    Examples
    --------
    >>> import policytext as pt
    >>> import pandas as pd
    >>> nat = pt.Corpus({"n": "协调推进“四个全面”战略布局，坚持新发展理念"},
    ...                 docvars=pd.DataFrame({"year": [2015]}, index=["n"]))
    >>> loc = pt.Corpus({"a": "落实“四个全面”，贯彻五大发展理念。", "b": "抓好项目建设。"},
    ...                 docvars=pd.DataFrame({"year": [2016, 2016]}, index=["a", "b"]))
    >>> d = diffusion(nat, loc)
    >>> d[["label", "first_year_national", "lag_years", "local_share", "use"]].values.tolist()
    [['四个全面', 2015, 1, 0.5, 'label_only'], ['新发展理念', 2015, 1, 0.5, 'label_only']]
    """
    lexicon, finder = _defaults(lexicon, finder)
    ments, refs, n_local = _classified(national, local, lexicon, finder, year_col)
    if labels is not None:
        ments = ments[ments["label"].isin(set(labels))]
    rows: list[dict[str, Any]] = []
    for label, m in ments.groupby("label", sort=True):
        nat = m[m["side"] == "national"]
        loc = m[m["side"] == "local"]
        first = nat.dropna(subset=["year"]).sort_values(["year", "doc_id", "start"]).head(1)
        uses = Counter(loc["use"])
        if loc.empty:
            use = "national_only"
        elif uses["local_invention"]:
            use = "local_invention"
        elif uses["redefinition"]:
            use = "redefinition"
        elif uses["echo"]:
            use = "echo"
        else:
            use = "label_only"
        ent = lexicon.get(label) if lexicon is not None else None
        fy_n = int(first["year"].iloc[0]) if len(first) else None
        ly = loc["year"].dropna()
        fy_l = int(ly.min()) if len(ly) else None
        ref = refs.get(str(label))
        rows.append({
            "label": label, "origin": ent.origin if ent is not None else "unlisted",
            "first_year_national": fy_n, "first_doc_national": first["doc_id"].iloc[0] if len(first) else None,
            "first_year_local": fy_l,
            "lag_years": fy_l - fy_n if fy_n is not None and fy_l is not None else None,
            "n_national_docs": nat["doc_id"].nunique(), "n_local_docs": loc["doc_id"].nunique(),
            "local_share": loc["doc_id"].nunique() / n_local if n_local else float("nan"),
            "n_echo": uses["echo"], "n_redefinition": uses["redefinition"], "n_label_only": uses["label_only"],
            "use": use, "national_members": sorted(ref) if ref is not None else None,
        })
    df = pd.DataFrame(rows, columns=DIFFUSION_COLUMNS)
    df = df.astype({"first_year_national": "Int64", "first_year_local": "Int64", "lag_years": "Int64",
                    "n_national_docs": "int64", "n_local_docs": "int64", "local_share": "float64",
                    "n_echo": "int64", "n_redefinition": "int64", "n_label_only": "int64"})
    return df.sort_values(["first_year_national", "label"], na_position="last", kind="stable").reset_index(drop=True)
