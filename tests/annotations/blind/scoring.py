"""Load the gold set of numbered formulations and score predicted mentions against it (exact spans).

Independent of the matcher: predictions come in as rows (start, end, members, members_source, label); the
scoring rules are those of README.md beside this file:

* borderline gold mentions are left out both ways (a prediction with their exact span, or overlapping them, is
  neither a true nor a false positive);
* precision = exact-span hits / predictions that are not borderline; recall = hits / non-borderline gold;
* members: over non-borderline gold mentions whose members the text states with ``members_confidence: clear``,
  the share whose prediction (same span) has exactly the gold list (same items, same order; whitespace ignored);
* invented: predicted rows whose members come from the text (``listed``/``enumeration``/``document``) where the
  gold says the text states none for that mention, or that is no formulation at all (for ``document``: none for
  that label anywhere in the document), as a share of predicted rows with text members.  Lexicon members are a labelled fallback and
  counted apart.
"""
from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROUND1 = HERE.parent  # tests/annotations: round-1 gold files (dev by construction)
ROUND1_FILES = {
    "speech_district_party_secretary_wuxuhui_2020": ("seed_gold.yaml", "formulations"),
    "gwr_2019": ("numbered_gwr_2019.yaml", "mentions"),
    "gwr_guizhou_2026": ("numbered_gwr_guizhou_2026.yaml", "mentions"),
    "congress_20th_2022": ("numbered_congress_20th_2022.yaml", "mentions"),
    "gwr_1978": ("numbered_gwr_1978.yaml", "mentions"),
}
TEXT_SOURCES = ("listed", "enumeration", "document")


@dataclass
class GoldDoc:
    doc_id: str
    split: str
    stratum: str
    genre: str
    mentions: list[dict[str, Any]]
    path: Path


def read_split() -> list[dict[str, str]]:
    with open(HERE / "split.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def genre_of(stratum: str, doc_id: str) -> str:
    if stratum != "round1":
        return stratum.split("/")[0]
    return {"speech_district_party_secretary_wuxuhui_2020": "speech", "gwr_2019": "gwr_national",
            "gwr_1978": "gwr_national", "gwr_guizhou_2026": "gwr_provincial",
            "congress_20th_2022": "congress_report"}[doc_id]


def load_gold(splits: Iterable[str] = ("dev", "test")) -> list[GoldDoc]:
    """Every annotated document of the given splits (a document not annotated yet is left out)."""
    out = []
    for row in read_split():
        if row["split"] not in splits:
            continue
        if row["annotation"] == "round1":
            name, key = ROUND1_FILES[row["doc_id"]]
            path = ROUND1 / name
            mentions = yaml.safe_load(path.read_text(encoding="utf-8"))[key]
            for m in mentions:  # round 1 had no confidence: a stated list counts as clear
                if m.get("members") is not None:
                    m.setdefault("members_confidence", "clear")
        else:
            path = HERE / "gold" / f"{row['doc_id']}.yaml"
            if not path.exists():
                continue
            mentions = yaml.safe_load(path.read_text(encoding="utf-8"))["mentions"] or []
        out.append(GoldDoc(row["doc_id"], row["split"], row["stratum"], genre_of(row["stratum"], row["doc_id"]),
                           mentions, path))
    return out


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _norm(items: Any) -> list[str] | None:
    if items is None:
        return None
    return ["".join(str(x).split()) for x in items]


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    hits: int = 0
    clear_members: int = 0
    members_exact: int = 0
    rows_text_members: int = 0
    invented: int = 0
    rows_lexicon_members: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for k in ("gold", "predicted", "hits", "clear_members", "members_exact", "rows_text_members", "invented",
                  "rows_lexicon_members"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.errors += other.errors

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else float("nan")

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else float("nan")

    @property
    def members(self) -> float:
        return self.members_exact / self.clear_members if self.clear_members else float("nan")

    @property
    def invented_share(self) -> float:
        return self.invented / self.rows_text_members if self.rows_text_members else 0.0


def score_doc(doc: GoldDoc, predicted: Iterable[Mapping[str, Any]]) -> Score:
    s = Score()
    core = {(m["start"], m["end"]): m for m in doc.mentions if not m.get("borderline")}
    border = [(m["start"], m["end"]) for m in doc.mentions if m.get("borderline")]
    labels_with_members = {m.get("label") for m in doc.mentions if m.get("members") is not None}
    s.gold = len(core)
    pred = {}
    for p in predicted:
        span = (int(p["start"]), int(p["end"]))
        if span not in core and any(a < span[1] and span[0] < b for a, b in border):
            continue  # on a borderline mention: neither right nor wrong
        pred[span] = p
    s.predicted = len(pred)
    for span, p in pred.items():
        g = core.get(span)
        if g is not None:
            s.hits += 1
        else:
            s.errors.append({"doc_id": doc.doc_id, "type": "extra", "start": span[0], "end": span[1],
                             "surface": p.get("surface"), "label": p.get("label")})
        members, source = p.get("members"), p.get("members_source")
        if members is None:
            continue
        if source == "lexicon":
            s.rows_lexicon_members += 1
            continue
        s.rows_text_members += 1
        gold_null = g is None or g.get("members") is None
        if gold_null and not (source == "document" and p.get("label") in labels_with_members):
            s.invented += 1
            s.errors.append({"doc_id": doc.doc_id, "type": "invented_members", "start": span[0],
                             "surface": p.get("surface"), "members": list(members), "source": source})
    for span, g in core.items():
        if span not in pred:
            s.errors.append({"doc_id": doc.doc_id, "type": "missed", "start": span[0], "end": span[1],
                             "surface": g["surface"]})
        if g.get("members") is not None and g.get("members_confidence") == "clear":
            s.clear_members += 1
            p = pred.get(span)
            got = _norm(p.get("members")) if p is not None else None
            if got == _norm(g["members"]):
                s.members_exact += 1
            else:
                s.errors.append({"doc_id": doc.doc_id, "type": "members", "start": span[0], "surface": g["surface"],
                                 "gold": g["members"], "got": None if p is None else p.get("members"),
                                 "source": None if p is None else p.get("members_source")})
    return s
