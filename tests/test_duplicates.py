"""Near-duplicates: the wire copies of speeches_xi_2020.csv, checked against a brute-force Jaccard over all pairs."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import policytext as pt


def _shingles(text: str, k: int = 5) -> set[str]:
    t = "".join(text.split())
    return {t[i:i + k] for i in range(len(t) - k + 1)}


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


@pytest.fixture(scope="module")
def speeches(corpus_raw: Path) -> pt.Corpus:
    return pt.read_corpus(corpus_raw / "speeches" / "speeches_xi_2020.csv")


def test_pairs_equal_a_brute_force_jaccard(speeches: pt.Corpus) -> None:
    sh = {d: _shingles(t) for d, t in speeches}
    brute = {(b, a) for a, b in itertools.combinations(speeches.doc_ids, 2)
             if len(sh[a] & sh[b]) / len(sh[a] | sh[b]) >= 0.8}
    got = speeches.near_duplicates()
    assert set(zip(got["doc_id"], got["duplicate_of"], strict=True)) == brute
    assert len(brute) >= 2  # the table holds wire copies (README of the shared corpus)
    for r in got.itertuples():
        assert r.similarity == pytest.approx(_jaccard(speeches[r.doc_id], speeches[r.duplicate_of]), abs=1e-4)
        assert speeches[r.doc_id][r.start:r.end] == speeches[r.duplicate_of][r.start_of:r.end_of]
        assert r.shared_chars == r.end - r.start > 100


def test_wire_copy_found_by_hand(speeches: pt.Corpus) -> None:
    # row 32 is the 新华社北京11月19日电 copy of row 31's APEC keynote (read by hand)
    assert speeches["speeches_xi_2020.32"].startswith("新华社北京11月19日电")
    got = speeches.near_duplicates()
    assert ("speeches_xi_2020.32", "speeches_xi_2020.31") in set(zip(got["doc_id"], got["duplicate_of"], strict=True))


def test_read_corpus_dedupe_flags_or_drops_with_a_warning(corpus_raw: Path, speeches: pt.Corpus) -> None:
    src = corpus_raw / "speeches" / "speeches_xi_2020.csv"
    pairs = speeches.near_duplicates()
    flagged = pt.read_corpus(src, dedupe="flag")
    assert len(flagged) == len(speeches)
    assert flagged.docvars["duplicate_of"].dropna().to_dict() == dict(zip(pairs["doc_id"], pairs["duplicate_of"],
                                                                          strict=True))
    with pytest.warns(UserWarning, match=r"dropped near-duplicates: .*speeches_xi_2020\.32 \(copy of speeches_xi_2020\.31"):
        kept = pt.read_corpus(src, dedupe="keep_first")
    assert set(kept.doc_ids) == set(speeches.doc_ids) - set(pairs["doc_id"])
    with pytest.raises(ValueError, match="dedupe must be"):
        pt.read_corpus(src, dedupe="drop")
