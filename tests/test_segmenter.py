"""Segmenter: political formulations kept whole, jieba compatibility, dictionaries, stopwords."""

from __future__ import annotations

import pickle
from pathlib import Path

import jieba
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import policytext as pt
from policytext.errors import DictionaryError
from policytext.tokenize import load_stopwords, read_domain_dict, read_user_dict


@pytest.fixture(scope="module")
def plain_jieba() -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


@pytest.fixture(scope="module")
def default_seg() -> pt.Segmenter:
    return pt.Segmenter()


# -- protected spans and domain terms ---------------------------------------------------------------
SEED_SINGLE_TOKENS = ["三大战略", "三件大事", "五个一批", "六个精准", "5个100工程", "1+7", "双服务", "百千万", "十四五"]


@pytest.mark.parametrize("backend", ["rjieba", "jieba"])
def test_seed_formulations_are_single_tokens(seed_path: Path, backend: str) -> None:
    text = seed_path.read_text(encoding="utf-8")
    words = pt.Segmenter(backend=backend).cut(text)
    for f in SEED_SINGLE_TOKENS:
        assert f in text, f
        assert f in words, f"{f} not kept whole"
    # and plain jieba splits them (the point of protection)
    plain = set(pt.Segmenter(backend=backend, domain_dict=False, protect=()).cut(text))
    assert {"三大战略", "5个100工程", "1+7", "双服务"}.isdisjoint(plain)


def test_quoted_slogan_and_context(seed_path: Path, default_seg: pt.Segmenter) -> None:
    # seed: 大力推进“百千万”工程和“双服务”活动，集中打造“5个100工程”“1+7”等重大平台
    text = seed_path.read_text(encoding="utf-8")
    i = text.index("集中打造“5个100工程”")
    sent = text[i : text.index("平台", i) + 2]
    assert default_seg.cut(sent) == ["集中", "打造", "“", "5个100工程", "”", "“", "1+7", "”", "等", "重大", "平台"]


HAND_CHECKED = [
    # gwr_2018
    (
        "全面推进精准扶贫、精准脱贫，",
        ["全面", "推进", "精准扶贫", "、", "精准脱贫", "，"],
    ),
    # gwr_2018
    (
        "我们持续深化“放管服”改革，加快转变政府职能，减少微观管理、直接干预，注重加强宏观调控、市场监管和公共服务。",
        ["我们", "持续", "深化", "“", "放管服", "”", "改革", "，", "加快", "转变", "政府职能", "，", "减少",
         "微观", "管理", "、", "直接", "干预", "，", "注重", "加强", "宏观调控", "、", "市场监管", "和",
         "公共服务", "。"],
    ),
    # gwr_2019
    ("三是深化供给侧结构性改革，实体经济活力不断释放。",
     ["三是", "深化", "供给侧结构性改革", "，", "实体经济", "活力", "不断", "释放", "。"]),
    # gwr_2018
    ("（五）大力实施乡村振兴战略。", ["（", "五", "）", "大力", "实施", "乡村振兴战略", "。"]),
    # congress_19th_2017
    ("我们统筹推进“五位一体”总体布局、协调推进“四个全面”战略布局，",
     ["我们", "统筹", "推进", "“", "五位一体", "”", "总体布局", "、", "协调", "推进", "“", "四个全面", "”"]),
]


@pytest.mark.parametrize("sentence,expected", HAND_CHECKED)
def test_hand_checked_sentences(shared_texts: dict[str, str], sentence: str, expected: list[str]) -> None:
    assert any(sentence in t for t in shared_texts.values()), "sentence must come from the shared corpus"
    words = pt.Segmenter().cut(sentence)
    assert words[: len(expected)] == expected
    assert pt.Segmenter(backend="jieba").cut(sentence) == words


def test_unquoted_numbered_formulations() -> None:
    seg = pt.Segmenter()
    assert "两不愁三保障" in seg.cut("实现两不愁三保障目标")
    assert "四个全面" in seg.cut("协调推进四个全面战略布局")
    assert "两个维护" in seg.cut("坚决做到两个维护")


def test_domain_dict_entries_are_split_by_jieba_and_attested(
    shared_texts: dict[str, str], plain_jieba: jieba.Tokenizer
) -> None:
    rows = read_domain_dict()
    assert len(rows) >= 100
    alltext = "\n".join(shared_texts.values())
    seg = pt.Segmenter(protect=())
    for r in rows:
        w = str(r["word"])
        assert r["source"], w
        assert plain_jieba.lcut(w) != [w], f"{w}: jieba's default dictionary already keeps it whole"
        assert w in alltext, f"{w}: does not occur in the shared corpus"
        assert seg.cut(w) == [w], f"{w}: not kept whole by the domain dictionary"


def test_domain_terms_whole_in_running_text(shared_texts: dict[str, str]) -> None:
    """In the national reports, most occurrences of each frequent domain term come out as one token."""
    seg = pt.Segmenter(protect=())
    text = "\n".join(t for d, t in shared_texts.items() if d.startswith("gwr_20"))
    counts: dict[str, int] = {}
    for w in seg.cut(text):
        counts[w] = counts.get(w, 0) + 1
    for w in ["供给侧结构性改革", "精准脱贫", "乡村振兴", "脱贫攻坚", "新发展理念", "高质量发展"]:
        n = text.count(w)
        assert n >= 3, w
        assert counts.get(w, 0) >= 0.8 * n, (w, counts.get(w, 0), n)


# -- jieba compatibility on the whole shared corpus ------------------------------------------------
# jieba.lcut runs once per document (about 30 s of CPU for the 5.5 M characters), in two spawned processes
# to halve the wall time; everything else is compared with it. The jieba backend (pure Python, as slow as
# jieba.lcut) runs the whole corpus twice, each time in a spawn process pool with n_jobs=2; its n_jobs=1
# path (the same per-document function in the calling process) runs on a few documents here and on
# national reports in tests/test_tokens.py.
def _lcut(text: str) -> list[str]:
    return jieba.lcut(text)


@pytest.fixture(scope="module")
def lcut_ref(shared_texts: dict[str, str]) -> list[list[str]]:
    """``jieba.lcut`` (module-level tokenizer, defaults: HMM on) of every document: the field's reference."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        return list(pool.map(_lcut, shared_texts.values(), chunksize=4))


@pytest.fixture(scope="module")
def default_cuts(shared_texts: dict[str, str]) -> list[list[str]]:
    seg = pt.Segmenter()
    return [seg.cut(t) for t in shared_texts.values()]


def _as_tokens(cuts: list[list[str]]) -> tuple[list[list[str]], list[int]]:
    """What tokens() must give for these cuts: whitespace dropped, offsets from cumulative lengths."""
    words: list[list[str]] = []
    starts: list[int] = []
    for doc in cuts:
        kept = []
        pos = 0
        for w in doc:
            if not w.isspace():
                kept.append(w)
                starts.append(pos)
            pos += len(w)
        words.append(kept)
    return words, starts


def _first_difference(a: list[list[str]], b: list[list[str]]) -> object:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            k = next((k for k, (u, v) in enumerate(zip(x, y, strict=False)) if u != v), min(len(x), len(y)))
            return i, k, x[max(0, k - 3) : k + 3], y[max(0, k - 3) : k + 3]
    return None if len(a) == len(b) else ("lengths", len(a), len(b))


def _assert_tokens_equal(toks: pt.Tokens, cuts: list[list[str]]) -> None:
    words, starts = _as_tokens(cuts)
    got = toks.to_lists()
    assert got == words, _first_difference(got, words)
    assert toks.starts.tolist() == starts


@pytest.mark.slow
def test_plain_rjieba_identical_to_jieba_lcut_on_whole_corpus(shared_texts: dict[str, str], lcut_ref: list) -> None:
    """rjieba with jieba's dictionary and HMM, the ASCII re-cut included: identical to jieba.lcut, for cut()
    and for tokens() with n_jobs=1 and 2 (threads)."""
    texts = list(shared_texts.values())
    assert sum(map(len, lcut_ref)) > 2_500_000
    plain = pt.Segmenter(domain_dict=False, protect=())
    cuts = [plain.cut(t) for t in texts]
    assert cuts == lcut_ref, _first_difference(cuts, lcut_ref)
    for n_jobs in (1, 2):
        _assert_tokens_equal(pt.tokens(texts, plain, n_jobs=n_jobs), lcut_ref)
    # the ASCII re-cut is what makes HMM-on output identical; the corpus exercises it
    raw = pt.Segmenter(domain_dict=False, protect=())._get_state().backend
    assert any(raw.cut_raw(t, True) != c for t, c in zip(texts, cuts, strict=True))


@pytest.mark.slow
def test_plain_jieba_backend_spawn_pool_identical_to_jieba_lcut(shared_texts: dict[str, str], lcut_ref: list) -> None:
    """The jieba backend (a private jieba.Tokenizer, cache in the per-user cache directory) in a spawn pool."""
    plain = pt.Segmenter(backend="jieba", domain_dict=False, protect=())
    toks = pt.tokens(list(shared_texts.values()), plain, n_jobs=2, executor="processes", progress=True)
    _assert_tokens_equal(toks, lcut_ref)
    # n_jobs=1, in this process, on a few documents of each genre
    some = [i for i, d in enumerate(shared_texts) if d in ("gwr_2018", "congress_20th_2022", "gwr_1959")]
    some += [i for i, d in enumerate(shared_texts) if d.startswith(("plenum_communique_201", "speech_"))]
    assert len(some) >= 10
    toks = pt.tokens([list(shared_texts.values())[i] for i in some], plain, n_jobs=1)
    _assert_tokens_equal(toks, [lcut_ref[i] for i in some])


@pytest.mark.slow
def test_default_config_identical_for_backends_and_n_jobs(
    shared_texts: dict[str, str], default_cuts: list, lcut_ref: list
) -> None:
    texts = list(shared_texts.values())
    assert all("".join(w) == t for w, t in zip(default_cuts, texts, strict=True))
    for n_jobs in (1, 2):
        _assert_tokens_equal(pt.tokens(texts, pt.Segmenter(), n_jobs=n_jobs), default_cuts)
    _assert_tokens_equal(pt.tokens(texts, pt.Segmenter(backend="jieba"), n_jobs=2), default_cuts)
    # the domain dictionary and protection do change the output, in a small share of the tokens
    ref_words, _ = _as_tokens(lcut_ref)
    words, _ = _as_tokens(default_cuts)
    assert words != ref_words
    n_ref = sum(map(len, ref_words))
    assert 0.9 * n_ref < sum(map(len, words)) < n_ref


# one Segmenter per configuration for the property tests (dictionaries are built on first use)
# The backends agree on every token of the shared corpus (test_default_config_identical_for_backends_and_n_jobs).
# On arbitrary text jieba-rs can break exact probability ties differently, in the route and in the HMM; a tie needs
# a repeated character (发发发发个, 振振振). policytext.tokenize.compat re-cuts those blocks the jieba way, so the
# alphabet below is rich in repeats.
_RJIEBA = pt.Segmenter()
_JIEBA = pt.Segmenter(backend="jieba")
_RJIEBA_NOHMM = pt.Segmenter(hmm=False)
_JIEBA_NOHMM = pt.Segmenter(backend="jieba", hmm=False)
_PLAIN = pt.Segmenter(domain_dict=False, protect=())
_alphabet = st.sampled_from(list("发展改革四个全面乡村振兴的了和两不愁三保障供给侧精准脱贫ABab12.-_+%“”，。 \n五一")
                            + ["发发", "振振", "人人", "研究研究", "哈哈"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_alphabet, max_size=40).map("".join))
@example("发革五革五展")  # an HMM tie: 发革五革/五展 and 发革/五革五展 have the same probability
def test_backends_agree_and_offsets_slice(text: str) -> None:
    assert _RJIEBA.cut(text) == _JIEBA.cut(text)
    assert _RJIEBA_NOHMM.cut(text) == _JIEBA_NOHMM.cut(text)
    assert "".join(_RJIEBA.cut(text)) == text
    for w, s, e in _RJIEBA.tokenize(text):
        assert text[s:e] == w


def test_exact_ties_broken_as_jieba() -> None:
    # found by random search; jieba-rs alone breaks these ties the other way (second column)
    plain = pt.Segmenter(domain_dict=False, protect=())
    hmm_cases = {  # HMM ties, plain dictionary: the reference is jieba.lcut itself
        "发发发发个": (["发发发", "发个"], ["发发", "发发个"]),
        "障发发发发": (["障发发", "发发"], ["障发", "发发发"]),
    }
    for text, (expected, fast) in hmm_cases.items():
        assert jieba.lcut(text) == expected
        assert plain._get_state().backend.cut_raw(text, True) == fast
        assert plain.cut(text) == expected
        assert pt.tokens([text], plain)[0] == expected
    # route ties without HMM, domain dictionary (another total): the reference is the jieba backend
    nohmm = pt.Segmenter(hmm=False, protect=())
    ref = pt.Segmenter(backend="jieba", hmm=False, protect=())
    route_cases = {
        "振振振面两振三精": (["振", "振振", "面", "两", "振", "三精"], ["振振", "振", "面", "两", "振", "三精"]),
        "展和乡脱准。改改改愁": (["展", "和", "乡", "脱", "准", "。", "改", "改改", "愁"],
                        ["展", "和", "乡", "脱", "准", "。", "改改", "改", "愁"]),
    }
    for text, (expected, fast) in route_cases.items():
        assert ref.cut(text) == expected
        assert nohmm._get_state().backend.cut_raw(text, False) == fast
        assert nohmm.cut(text) == expected
        assert pt.tokens([text], nohmm)[0] == expected


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("Ea1mail2.-_wgov5PM% 中文")), max_size=25).map("".join))
def test_ascii_runs_cut_like_jieba(text: str) -> None:
    assert _PLAIN.cut(text) == jieba.lcut(text)


def test_ascii_recut_examples() -> None:
    seg = pt.Segmenter(domain_dict=False, protect=())
    assert seg.cut("E-mail") == ["E", "-", "mail"]
    assert seg.cut("www.gov.cn") == ["www", ".", "gov", ".", "cn"]
    assert seg.cut("PM_2.5") == ["PM", "_", "2.5"]
    assert seg.cut("增长2.5%") == ["增长", "2.5%"]


# -- user dictionaries ------------------------------------------------------------------------------
TERM = "五项全能攻坚"  # not in any dictionary; jieba splits it


@pytest.mark.slow
def test_user_word_honoured_on_every_path(tmp_path: Path) -> None:
    text = "全区上下要打好五项全能攻坚战役。"
    assert TERM not in pt.Segmenter(protect=()).cut(text)
    p = tmp_path / "user.txt"
    p.write_text(f"{TERM}\n", encoding="utf-8")
    for ud in ([p], [[TERM]], [str(p)]):
        for backend in ("rjieba", "jieba"):
            seg = pt.Segmenter(backend=backend, user_dicts=ud, protect=())
            assert TERM in seg.cut(text), (backend, ud)
            assert (TERM, 7, 13) in seg.tokenize(text)
    docs = [text, "第二篇" + text]
    for backend in ("rjieba", "jieba"):
        for ud in ([[TERM]], [p]):  # the file is read again in spawned workers
            seg = pt.Segmenter(backend=backend, user_dicts=ud, protect=())
            for n_jobs, executor in ((1, "auto"), (2, "threads"), (2, "processes")):
                if executor == "threads" and backend == "jieba":
                    continue  # jieba holds the GIL: its n_jobs=2 means processes
                if executor == "processes" and (ud != [p] or backend != "jieba"):
                    continue  # one spawn pool: the file is read again in the workers (rjieba: test_tokens.py)
                toks = pt.tokens(docs, seg, n_jobs=n_jobs, executor=executor)
                assert toks.to_lists() == [seg.cut(d) for d in docs]
                assert all(TERM in d for d in toks), (backend, ud, n_jobs, executor)
                k = toks[1].index(TERM)
                assert toks.starts[toks.indptr[1] + k] == 10


def test_user_dict_bom_crlf_utf16_read_correctly(tmp_path: Path) -> None:
    expected = [("放管服改革", 2000, "n"), ("五项全能攻坚", None, None)]
    body = "# comment\r\n放管服改革 2000 n\r\n\r\n五项全能攻坚\r\n"
    for name, data in [
        ("bom.txt", b"\xef\xbb\xbf" + body.encode("utf-8")),
        ("crlf.txt", body.encode("utf-8")),
        ("utf16.txt", body.encode("utf-16")),
    ]:
        p = tmp_path / name
        p.write_bytes(data)
        assert [(e.word, e.freq, e.tag) for e in read_user_dict(p)] == expected, name
        assert "五项全能攻坚" in pt.Segmenter(user_dicts=[p], protect=()).cut("打好五项全能攻坚战役")


@pytest.mark.parametrize(
    "data,message",
    [
        ("放管服改革\n五项全能攻坚\n".encode("gbk"), "line 1, not valid UTF-8 .it looks like GBK"),
        ("好词\n".encode() + "放管服改革\n".encode("gbk"), "line 2, not valid UTF-8"),
        ("放管服改革\n五项全能攻坚\n".encode("utf-16-le"), "UTF-16 LE without BOM"),
        ("fangguanfu\n".encode("utf-16-le"), "NUL"),
        ("好词\n".encode("utf-8-sig") + "放管服改革\n".encode("utf-8-sig"), "line 2: invisible character U.FEFF"),
        ("放管\u200b服改革\n".encode(), "line 1: invisible character U.200B"),
        ("放管服改革 many words here\n".encode(), "line 1"),
        ("好词\n放管服改革 12x\n".encode(), "line 2"),
        ("放管服改革 0\n".encode(), "positive integer"),
        ("放管服改革 1 n extra\n".encode(), "line 1"),
    ],
)
def test_bad_user_dict_raises_naming_file(tmp_path: Path, data: bytes, message: str) -> None:
    p = tmp_path / "bad_dict.txt"
    p.write_bytes(data)
    with pytest.raises(DictionaryError, match=message) as exc:
        pt.Segmenter(user_dicts=[p]).cut("测试")
    assert "bad_dict.txt" in str(exc.value)


def test_missing_user_dict_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DictionaryError, match="not found"):
        pt.Segmenter(user_dicts=[tmp_path / "nope.txt"]).cut("测试")


# -- stopwords --------------------------------------------------------------------------------------
def test_stopwords_are_tokens_the_segmenter_produces(default_cuts: list) -> None:
    produced = {w for doc in default_cuts for w in doc}
    sw = load_stopwords()
    missing = sorted(set(sw) - produced)
    assert missing == []
    for content in ["坚持", "发展", "改革", "人民", "必须", "我们", "进一步"]:
        assert content not in sw


def test_stopwords_categories_and_switch() -> None:
    text = "同志们，我们要坚持和发展中国特色社会主义。"
    assert pt.Segmenter().cut(text) == pt.Segmenter(stopwords=None).cut(text)
    with_sw = pt.Segmenter(stopwords="default").cut(text)
    assert with_sw == ["我们", "要", "坚持", "发展", "中国特色社会主义"]
    only_punct = pt.Segmenter(stopwords=load_stopwords(["punctuation"])).cut(text)
    assert only_punct == ["同志们", "我们", "要", "坚持", "和", "发展", "中国特色社会主义"]
    cats = pt.tokenize.stopword_categories()
    assert {"function", "procedural", "punctuation"} <= set(cats)


# -- configuration, pickling, no global state -------------------------------------------------------
def test_params_pickle_and_config_hash(tmp_path: Path) -> None:
    seg = pt.Segmenter(backend="jieba", hmm=False, user_dicts=[["五项全能攻坚"]], stopwords="default")
    params = seg.get_params()
    assert params["backend"] == "jieba" and params["hmm"] is False
    clone = pickle.loads(pickle.dumps(seg))
    assert clone == seg and clone.get_params() == params
    assert clone.config_hash == seg.config_hash
    cfg = seg.config
    assert cfg["backend_version"] == jieba.__version__
    assert cfg["stopwords"]["version"] == pt.tokenize.stopwords_version()
    assert len(cfg["dictionaries"]) == 2
    other = pt.Segmenter(backend="jieba", hmm=False, user_dicts=[["五项全能攻坚甲"]], stopwords="default")
    assert other.config_hash != seg.config_hash
    p = tmp_path / "d.txt"
    p.write_text("五项全能攻坚\n", encoding="utf-8")
    h1 = pt.Segmenter(user_dicts=[p]).config_hash
    p.write_text("五项全能攻坚 5000\n", encoding="utf-8")
    assert pt.Segmenter(user_dicts=[p]).config_hash != h1


def test_no_global_jieba_state_and_private_cache() -> None:
    import platformdirs

    seg = pt.Segmenter(backend="jieba", user_dicts=[["五项全能攻坚乙"]])
    seg.cut("五项全能攻坚乙")
    assert "五项全能攻坚乙" not in jieba.dt.FREQ
    assert "供给侧结构性改革" not in jieba.dt.FREQ
    cache = Path(platformdirs.user_cache_dir("policytext"))
    assert any(cache.glob("jieba-*.cache"))
    assert seg._get_state().backend._tk.tmp_dir == str(cache)  # type: ignore[union-attr]


def test_invalid_parameters() -> None:
    with pytest.raises(ValueError, match="backend"):
        pt.Segmenter(backend="thulac")
    with pytest.raises(ValueError, match="protect"):
        pt.Segmenter(protect=("numbred",))
    with pytest.raises(ValueError, match="stopwords"):
        pt.Segmenter(stopwords="english")
