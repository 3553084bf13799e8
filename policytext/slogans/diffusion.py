"""Diffusion of numbered formulations from national to local documents."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from ..errors import DocvarsError

__all__ = ["diffusion"]

DIFFUSION_COLUMNS = ["label", "first_year_national", "first_year_local", "lag_years", "local_share",
                     "n_local_docs", "local_keeps_members", "n_national_docs", "n_local_with_members",
                     "local_members_share", "national_members"]
_TEXT_SOURCES = ("listed", "enumeration")  # members read from the text itself (not filled from the lexicon)


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


def _mentions(corpus: Any, finder: Callable[[Any], pd.DataFrame]) -> pd.DataFrame:
    found = finder(corpus)
    missing = {"doc_id", "label", "members", "members_source"} - set(found.columns)
    if missing:
        raise ValueError(f"diffusion: finder result lacks columns {sorted(missing)}")
    found = found[found["label"].notna()].copy()
    found["doc_id"] = found["doc_id"].astype(str)
    return found


def _member_key(members: Any) -> frozenset[str] | None:
    if members is None or (isinstance(members, float) and math.isnan(members)):
        return None
    return frozenset(str(m) for m in members)


def diffusion(national: Any, local: Any, finder: Callable[[Any], pd.DataFrame] | None = None,
              lexicon: Any = None, year_col: str = "year", labels: Iterable[str] | None = None) -> pd.DataFrame:
    """For each numbered formulation: when it appears nationally and locally, and how faithfully.

    Parameters
    ----------
    national, local : Corpus
        Corpora with a ``year`` docvar (``year_col``).
    finder : callable, optional
        ``finder(corpus) -> DataFrame`` with ``doc_id, label, members, members_source`` (the
        ``find_numbered`` contract). Defaults to :func:`policytext.slogans.find_numbered`.
    lexicon : Lexicon, optional
        Reference members (``lexicon.members(label)``; default: the bundled lexicon, ``load_lexicon()``);
        when it has no entry for a label, the most frequent member set read in the national texts is the
        reference.
    year_col : str
        Name of the year docvar.
    labels : iterable of str, optional
        Only these labels (e.g. ``load_lexicon().to_frame()["label"]`` to drop generic counts such as 三点,
        两个方面 that the finder also reports).

    Returns
    -------
    pandas.DataFrame
        One row per label seen in either corpus: ``label, first_year_national, first_year_local, lag_years``
        (local minus national; ``<NA>`` if either is missing), ``local_share`` (share of local documents
        that mention it), ``n_local_docs`` (number of local documents that mention it),
        ``local_keeps_members`` (True if every local mention whose members are read from the text has the
        reference member set, False if one differs, ``<NA>`` without evidence), plus ``n_national_docs``,
        ``n_local_with_members``, ``local_members_share`` and ``national_members`` (the reference).
        Sorted by first national year, then label.

    Examples
    --------
    >>> import policytext as pt
    >>> import pandas as pd
    >>> nat = pt.Corpus({"n": "协调推进“四个全面”战略布局"}, docvars=pd.DataFrame({"year": [2015]}, index=["n"]))
    >>> loc = pt.Corpus({"a": "落实“四个全面”。", "b": "抓好项目建设。"},
    ...                 docvars=pd.DataFrame({"year": [2016, 2016]}, index=["a", "b"]))
    >>> d = diffusion(nat, loc)
    >>> d.loc[d.label == "四个全面", ["first_year_national", "lag_years", "local_share"]].values.tolist()
    [[2015, 1, 0.5]]
    """
    if lexicon is None:
        from .lexicon import load_lexicon

        lexicon = load_lexicon()
    if finder is None:
        from .numbered import find_numbered

        def finder(c: Any) -> pd.DataFrame:
            return find_numbered(c, lexicon=lexicon)

    nat_years = _years(national, year_col, "national")
    loc_years = _years(local, year_col, "local")
    nat = _mentions(national, finder)
    loc = _mentions(local, finder)
    if labels is not None:
        keep = set(labels)
        nat = nat[nat["label"].isin(keep)]
        loc = loc[loc["label"].isin(keep)]
    n_local = len(loc_years)
    rows: list[dict[str, Any]] = []
    for label in sorted(set(nat["label"]) | set(loc["label"])):
        n_rows = nat[nat["label"] == label]
        l_rows = loc[loc["label"] == label]
        n_docs = sorted(set(n_rows["doc_id"]))
        l_docs = sorted(set(l_rows["doc_id"]))
        ny = [y for d in n_docs if (y := nat_years.get(d)) is not None]
        ly = [y for d in l_docs if (y := loc_years.get(d)) is not None]
        fy_n = min(ny) if ny else None
        fy_l = min(ly) if ly else None
        ref: frozenset[str] | None = None
        if lexicon is not None and lexicon.get(label) is not None:
            ref = _member_key(lexicon.members(label))
        if ref is None:
            sets = [k for m, src in zip(n_rows["members"], n_rows["members_source"], strict=True)
                    if src in _TEXT_SOURCES and (k := _member_key(m))]
            if sets:
                ref = sorted(Counter(sets).most_common(), key=lambda kv: (-kv[1], sorted(kv[0])))[0][0]
        local_sets = [k for m, src in zip(l_rows["members"], l_rows["members_source"], strict=True)
                      if src in _TEXT_SOURCES and (k := _member_key(m))]
        if ref is None or not local_sets:
            keeps, share = None, None
        else:
            same = [s == ref for s in local_sets]
            keeps, share = all(same), sum(same) / len(same)
        rows.append({
            "label": label, "first_year_national": fy_n, "first_year_local": fy_l,
            "lag_years": fy_l - fy_n if fy_n is not None and fy_l is not None else None,
            "local_share": len(l_docs) / n_local if n_local else float("nan"),
            "n_local_docs": len(l_docs), "local_keeps_members": keeps, "n_national_docs": len(n_docs),
            "n_local_with_members": len(local_sets), "local_members_share": share,
            "national_members": sorted(ref) if ref is not None else None,
        })
    df = pd.DataFrame(rows, columns=DIFFUSION_COLUMNS)
    df = df.astype({"first_year_national": "Int64", "first_year_local": "Int64", "lag_years": "Int64",
                    "local_share": "float64", "n_local_docs": "int64", "local_keeps_members": "boolean",
                    "n_national_docs": "int64", "n_local_with_members": "int64",
                    "local_members_share": "Float64"})
    return df.sort_values(["first_year_national", "label"], na_position="last", kind="stable").reset_index(drop=True)
