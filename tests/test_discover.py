"""discover_terms on the national government work reports, checked against an independent count."""

from __future__ import annotations

import csv
import math
from collections import Counter
from pathlib import Path

import jieba
import pytest

import policytext as pt
from policytext.tokenize.discover import EDGE_WORDS


@pytest.fixture(scope="module")
def gwr_tokens(corpus_raw: Path) -> pt.Tokens:
    texts: dict[str, str] = {}
    with open(corpus_raw / "INDEX.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["path"].startswith("national_gwr/") and int(row["year"]) >= 2003:
                texts[row["doc_id"]] = (corpus_raw / row["path"]).read_bytes().decode(row["encoding"])
    # plain jieba dictionary (no domain dictionary): what the field gets from jieba
    return pt.tokens(pt.Corpus(texts), pt.Segmenter(domain_dict=False))


@pytest.fixture(scope="module")
def terms(gwr_tokens: pt.Tokens):  # type: ignore[no-untyped-def]
    return pt.discover_terms(gwr_tokens)


def test_columns_and_order(terms) -> None:  # type: ignore[no-untyped-def]
    assert list(terms.columns) == [
        "term", "parts", "n_parts", "n_chars", "count", "docfreq", "pmi", "left_entropy", "right_entropy", "score",
    ]
    assert terms["score"].is_monotonic_decreasing
    assert terms["term"].is_unique
    assert (terms["count"] >= 5).all() and (terms["pmi"] >= 2).all()
    assert (terms[["left_entropy", "right_entropy"]] >= 1).all().all()
    assert (terms["term"] == terms["parts"].str.replace(" ", "")).all()


def test_surfaces_known_terms_that_jieba_splits(terms) -> None:  # type: ignore[no-untyped-def]
    top = terms.head(60)["term"].tolist()
    # real policy terms, checked by reading the reports (e.g. gwr_2018: 高校毕业生, 转移支付, 小微企业)
    known = {"国内生产总值", "高校毕业生", "转移支付", "节能减排", "西部大开发", "小微企业", "战略性新兴产业",
             "安全生产", "失业保险", "保障性住房"}
    assert len(known & set(top)) >= 6, sorted(known & set(top))
    tk = jieba.Tokenizer()
    for term in top[:30]:
        assert tk.lcut(term) != [term], f"{term}: jieba keeps it whole"


def test_counts_pmi_entropy_match_independent_computation(gwr_tokens, terms) -> None:  # type: ignore[no-untyped-def]
    # independent, pure-Python recount over token lists with offsets
    docs = []
    for i in range(len(gwr_tokens)):
        a, b = gwr_tokens.indptr[i], gwr_tokens.indptr[i + 1]
        docs.append(list(zip(gwr_tokens[i], gwr_tokens.starts[a:b].tolist(), strict=True)))
    unigram = Counter(w for d in docs for w, _ in d)
    n_total = sum(unigram.values())
    for _, row in terms.head(15).iterrows():
        parts = row["parts"].split(" ")
        n = len(parts)
        count = 0
        left: Counter[object] = Counter()
        right: Counter[object] = Counter()
        for di, d in enumerate(docs):
            for k in range(len(d) - n + 1):
                window = d[k : k + n]
                if [w for w, _ in window] != parts:
                    continue
                if any(window[j][1] + len(window[j][0]) != window[j + 1][1] for j in range(n - 1)):
                    continue
                count += 1
                prev = d[k - 1] if k > 0 else None
                nxt = d[k + n] if k + n < len(d) else None
                left[prev[0] if prev and prev[1] + len(prev[0]) == window[0][1] else ("edge", di, k)] += 1
                end = window[-1][1] + len(window[-1][0])
                right[nxt[0] if nxt and nxt[1] == end else ("edge", di, k)] += 1
        assert count == row["count"], row["term"]

        def ent(c: Counter[object]) -> float:
            tot = sum(c.values())
            return -sum(v / tot * math.log(v / tot) for v in c.values())

        assert ent(left) == pytest.approx(row["left_entropy"])
        assert ent(right) == pytest.approx(row["right_entropy"])
        if n == 2:
            pmi = math.log(count * n_total / (unigram[parts[0]] * unigram[parts[1]]))
            assert pmi == pytest.approx(row["pmi"])


def test_feedback_as_user_dictionary(gwr_tokens, terms) -> None:  # type: ignore[no-untyped-def]
    new = terms.head(20)["term"].tolist()
    seg = pt.Segmenter(domain_dict=False, user_dicts=[new])
    text = gwr_tokens.texts[gwr_tokens.doc_ids.index("gwr_2018")]
    words = set(seg.cut(text))
    present = [t for t in new if t in text]
    assert present
    assert [t for t in present if t not in words] == []


def test_small_corpus_and_validation() -> None:
    docs = [f"第{i}条，" + s for i in range(8) for s in ("推进营商环境优化提升。", "各地营商环境优化提升，")]
    df = pt.discover_terms(docs, min_count=5, min_entropy=0.5)
    assert "营商环境优化提升" in df["term"].tolist()
    assert pt.discover_terms(["发展"]).empty
    with pytest.raises(ValueError, match="max_n"):
        pt.discover_terms(docs, max_n=1)


def test_terms_do_not_start_or_end_with_function_or_edge_words(gwr_tokens, terms) -> None:  # type: ignore[no-untyped-def]
    edge = set(pt.tokenize.load_stopwords(["function"])) | set(EDGE_WORDS)
    parts = terms["parts"].str.split(" ")
    assert not parts.str[0].isin(edge).any()
    assert not parts.str[-1].isin(edge).any()
    # without the edge words, phrases such as 我们/要, 各/方面, 提高/到 rank among the top 40
    loose = pt.discover_terms(gwr_tokens, edge_words=()).head(40)["term"].tolist()
    assert {"我们要", "各方面", "提高到"} <= set(loose)
    assert not {"我们要", "各方面", "提高到"} & set(terms["term"])
