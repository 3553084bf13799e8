"""Lexicon of national numbered formulations (数字式提法), shipped as ``policytext/data/formulations.yaml``.

Each entry has a label, aliases, members (or groups for compounds such as 两不愁三保障), an origin date,
dated member changes (四个全面's first member changed in October 2020), sources and a verification status.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import pandas as pd
import yaml

from ..errors import PolicyTextError

_DATA_FILE = "formulations.yaml"
_ORIGINS = frozenset({"national", "local", "foreign"})


@dataclass(frozen=True)
class Formulation:
    """One lexicon entry. ``members`` are the current members; use :meth:`members_at` for a date."""

    label: str
    kind: str
    number: int
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] | None = None
    groups: dict[str, tuple[str, ...]] | None = None
    member_changes: tuple[dict[str, Any], ...] = ()
    origin_date: str | None = None
    sources: tuple[str, ...] = ()
    verified: str = "source"
    evidence: tuple[str, ...] = ()
    note: str = ""
    generic: bool = False
    origin: str = "national"
    region: str | None = None
    homonyms: str | None = None
    first_national: dict[str, str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def members_at(self, date: str | _dt.date | None = None) -> list[str] | None:
        """Members valid at ``date`` (ISO string, ``date`` or year as string); current members if ``None``.

        Examples
        --------
        >>> lex = load_lexicon()
        >>> lex.get("四个全面").members_at("2017-10-18")[0]
        '全面建成小康社会'
        """
        if self.members is None:
            if self.groups is None:
                return None
            return [m for g in self.groups.values() for m in g]
        out = list(self.members)
        if date is None:
            return out
        when = _iso(date)
        # undo changes that happened after `when`, newest first
        for ch in sorted(self.member_changes, key=lambda c: str(c["date"]), reverse=True):
            if when < str(ch["date"]):
                for pos, old in ch.get("before", {}).items():
                    out[int(pos) - 1] = str(old)
        return out


def _iso(date: str | _dt.date) -> str:
    if isinstance(date, _dt.date):
        return date.isoformat()
    s = str(date).strip()
    if len(s) == 4 and s.isdigit():
        return s + "-12-31"  # a bare year means "during that year": use its end
    return s


class Lexicon:
    """Lookup of formulations by label or alias.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> lex.get("五大发展理念").label
    '新发展理念'
    >>> "四个全面" in lex
    True
    """

    def __init__(self, entries: list[Formulation], non_formulations: list[str] | None = None) -> None:
        self.entries = list(entries)
        self.non_formulations: frozenset[str] = frozenset(non_formulations or ())
        self._by_surface: dict[str, Formulation] = {}
        for e in self.entries:
            for s in (e.label, *e.aliases):
                self._by_surface.setdefault(s, e)
        # surfaces that begin with a numeral, longest first, for the scanner
        self.surfaces: list[str] = sorted(self._by_surface, key=len, reverse=True)
        self._compiled: dict[str, tuple[re.Pattern[str], list[tuple[int, frozenset[str], re.Pattern[str]]]]] = {}

    def scanner_patterns(self, numerals: str) -> tuple[re.Pattern[str], list[tuple[int, frozenset[str], re.Pattern[str]]]]:
        """The lexicon compiled for the numbered-formulation scanner, once per Lexicon and numeral set.

        Returns ``(surfaces, non_formulations)``: every label and alias as one regex, longest first; and the
        non-formulation words grouped by the offset of a numeral inside them (红十字 under offset 1), so that
        the scanner checks them with one ``match`` at ``p - offset``.  ``numerals`` are the characters that
        start a candidate.

        Examples
        --------
        >>> surfaces, _ = load_lexicon().scanner_patterns("一二两三四五六七八九十双")
        >>> surfaces.match("四个全面战略布局").group(0)
        '四个全面'
        """
        got = self._compiled.get(numerals)
        if got is None:
            surf = re.compile("|".join(re.escape(x) for x in self.surfaces) or r"(?!)")
            by_off: dict[int, list[str]] = {}
            for w in self.non_formulations:
                for k, c in enumerate(w):
                    if c in numerals or c.isdigit() or (c == "百" and w.startswith("百千万", k)):
                        by_off.setdefault(k, []).append(w)
            nonform = [(k, frozenset(x[0] for x in ws),
                        re.compile("|".join(re.escape(x) for x in sorted(set(ws), key=len, reverse=True))))
                       for k, ws in sorted(by_off.items())]
            got = (surf, nonform)
            self._compiled[numerals] = got
        return got

    def __contains__(self, surface: object) -> bool:
        return surface in self._by_surface

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, surface: str) -> Formulation | None:
        """Entry whose label or alias equals ``surface`` (None if absent)."""
        return self._by_surface.get(surface)

    def members(self, surface: str, date: str | _dt.date | None = None) -> list[str] | None:
        """Members of ``surface`` at ``date`` (None if unknown).

        Examples
        --------
        >>> load_lexicon().members("四个全面", "2021-03-05")[0]
        '全面建设社会主义现代化国家'
        """
        e = self.get(surface)
        return None if e is None else e.members_at(date)

    def to_frame(self) -> pd.DataFrame:
        """One row per entry: label, kind, number, aliases, members, groups, origin, region, origin_date,
        first_national_doc, first_national_date, n_changes, verified, sources, homonyms."""
        rows = [
            {
                "label": e.label,
                "kind": e.kind,
                "number": e.number,
                "aliases": list(e.aliases),
                "members": None if e.members is None else list(e.members),
                "groups": None if e.groups is None else {k: list(v) for k, v in e.groups.items()},
                "origin": e.origin,
                "region": e.region,
                "origin_date": e.origin_date,
                "first_national_doc": None if e.first_national is None else e.first_national["doc_id"],
                "first_national_date": None if e.first_national is None else e.first_national["date"],
                "n_changes": len(e.member_changes),
                "verified": e.verified,
                "sources": list(e.sources),
                "homonyms": e.homonyms,
            }
            for e in self.entries
        ]
        return pd.DataFrame(rows)


def _entry(raw: dict[str, Any], where: str) -> Formulation:
    try:
        label = str(raw["label"])
        kind = str(raw.get("kind", "count"))
        number = int(raw["number"])
        sources = tuple(str(s) for s in raw["sources"])
    except (KeyError, TypeError, ValueError) as exc:
        raise PolicyTextError(f"{where}: entry {raw.get('label', '?')!r} lacks a valid {exc}") from exc
    if not sources:
        raise PolicyTextError(f"{where}: entry {label!r} has no source")
    members = raw.get("members")
    groups = raw.get("groups")
    origin = str(raw.get("origin", ""))
    if origin not in _ORIGINS:
        raise PolicyTextError(f"{where}: entry {label!r} has origin {origin!r}; expected one of {sorted(_ORIGINS)}")
    if origin == "local" and not raw.get("region"):
        raise PolicyTextError(f"{where}: local entry {label!r} needs a region")
    if kind not in ("count", "compound", "code"):
        raise PolicyTextError(f"{where}: entry {label!r} has kind {kind!r}; expected count, compound or code")
    known = {"label", "kind", "number", "aliases", "members", "groups", "member_changes", "origin_date",
             "sources", "verified", "evidence", "note", "generic", "origin", "region", "homonyms",
             "first_national"}
    return Formulation(
        label=label,
        kind=kind,
        number=number,
        aliases=tuple(str(a) for a in raw.get("aliases") or ()),
        members=None if members is None else tuple(str(m) for m in members),
        groups=None if groups is None else {str(k): tuple(str(x) for x in v) for k, v in groups.items()},
        member_changes=tuple(raw.get("member_changes") or ()),
        origin_date=None if raw.get("origin_date") is None else str(raw["origin_date"]),
        sources=sources,
        verified=str(raw.get("verified", "source")),
        evidence=tuple(str(x) for x in raw.get("evidence") or ()),
        note=str(raw.get("note", "")),
        generic=bool(raw.get("generic", False)),
        origin=origin,
        region=None if raw.get("region") is None else str(raw["region"]),
        homonyms=None if raw.get("homonyms") is None else str(raw["homonyms"]),
        first_national=None if raw.get("first_national") is None else {str(k): str(v) for k, v in
                                                                        raw["first_national"].items()},
        extra={k: v for k, v in raw.items() if k not in known},
    )


@lru_cache(maxsize=4)
def load_lexicon(path: str | None = None) -> Lexicon:
    """Load the lexicon of numbered formulations.

    Parameters
    ----------
    path : str, optional
        A YAML file in the same format; default is the bundled ``policytext/data/formulations.yaml``.

    Returns
    -------
    Lexicon

    Examples
    --------
    >>> import policytext as pt
    >>> lex = pt.load_lexicon()
    >>> lex.members("两不愁三保障")[:2]
    ['不愁吃', '不愁穿']
    """
    if path is None:
        where = f"policytext/data/{_DATA_FILE}"
        text = resources.files("policytext").joinpath("data", _DATA_FILE).read_text(encoding="utf-8")
    else:
        where = str(path)
        with open(path, encoding="utf-8") as f:
            text = f.read()
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # safe; libyaml when present
    except yaml.YAMLError as exc:
        raise PolicyTextError(f"{where}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or "formulations" not in data:
        raise PolicyTextError(f"{where}: expected a mapping with a 'formulations' list")
    entries = [_entry(r, where) for r in data["formulations"]]
    nf = data.get("non_formulations") or {}
    return Lexicon(entries, list(nf.get("words", [])))
