"""Search: every query form of issue #4 on a small invented archive."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parser.model import Article, Credit, Entity
from parser.pinyin import segment as py_segment
from parser.search import Doc, SearchError, SearchIndex, grams, phrase, prepare


def art(ident: str, date: str | None, headline: str, body: str = "", page: int = 1, ordinal: int = 0,
        kicker: str | None = None, sub: str | None = None, credits: tuple[str, ...] = (),
        ents: tuple[tuple[str, str], ...] = ()) -> Article:
    entities = tuple(Entity(t, typ, "paragraphs", 0, 0, len(t)) for t, typ in ents)  # type: ignore[arg-type]
    return Article(id=ident, kind="news", headline=headline, kicker=kicker, subheadline=sub,
                   credits=tuple(Credit("reporter", c) for c in credits), paragraphs=(body,) if body else (),
                   entities=entities, date=date, page_number=page, ordinal=ordinal, issue=date or ident)


def add(index: SearchIndex, articles: list[Article], removed: tuple[str, ...] | list[str] = ()) -> None:
    """Index ``articles`` the way the archive does: rows prepared per article, then ``add_rows``."""
    index.add_rows([(Doc(a.id, a.issue, a.date, a.page_number, a.ordinal, a.headline, a.kicker,
                         a.subheadline), prepare(a)) for a in articles], removed)


ARTICLES = [
    art("bridge1", "2025-03-02", "长江大桥主体完工", "大桥全长三千米，预计年底通车。", page=1,
        credits=("郑晓岚",), ents=(("郑晓岚", "person"),)),
    art("bank001", "2025-02-10", "城区银行网点延长服务时间", "多家网点周末照常营业，方便群众办事。", page=2,
        ents=(("城区", "place"),)),
    art("hotpot1", "2025-01-05", "重庆火锅节开幕", "来自各地的游客品尝美食。", page=3,
        ents=(("重庆", "place"),)),
    art("green01", "2024-12-20", "绿色出行成新风尚", "越来越多市民选择骑车上班。", page=1),
    art("innov01", "2025-02-20", "科技创新大会召开", "会议由贺明远主持，发布多项成果。", page=1,
        credits=("贺明远",), ents=(("贺明远", "person"), ("科技局", "org"))),
    art("zjpark1", "2024-11-11", "张江园区新添实验室", "园区内企业数量稳步增长。", page=4,
        ents=(("张江", "place"),)),
    art("farm001", "2025-03-05", "春季农事忙", "沿着长江两岸，农民抢抓农时播种。", page=2),
    art("lake001", "2025-01-15", "南湖湿地迎来候鸟", "观鸟爱好者聚集湖边。", page=5,
        ents=(("南湖", "place"),)),
    art("life001", "2025-01-20", "社区生活服务站启用", "居民在家门口就能办理多项业务。", page=6),
    art("fiveg01", "2025-02-01", "5G基站覆盖全县", "信号质量明显提升。", page=7, kicker="通信建设",
        sub="——记县通信公司"),
    art("qinghe1", "2024-10-01", "青河镇举办农民运动会", "比赛项目丰富多彩。", page=8,
        ents=(("青河镇", "place"), ("青河镇农业服务中心", "org"))),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    SearchIndex.ensure_schema(conn)
    idx = SearchIndex(conn)
    add(idx, ARTICLES, [])
    conn.commit()
    return idx


def ids(index: SearchIndex, q: str, **kw: object) -> list[str]:
    return [h.id for h in index.search(q, **kw)]  # type: ignore[arg-type]


# -- Chinese -------------------------------------------------------------------------------------
def test_chinese_substrings_of_any_length(index: SearchIndex) -> None:
    assert ids(index, "桥") == ["bridge1"]
    assert ids(index, "大桥") == ["bridge1"]
    assert ids(index, "大桥主体完工") == ["bridge1"]
    assert ids(index, "营业") == ["bank001"]  # body only


def test_several_terms_in_any_order_all_must_match(index: SearchIndex) -> None:
    assert ids(index, "完工 长江") == ["bridge1"]
    assert ids(index, "长江 完工") == ["bridge1"]
    assert ids(index, "长江 火锅") == []


def test_headline_before_body_even_when_older(index: SearchIndex) -> None:
    hits = index.search("长江")
    assert [h.id for h in hits] == ["bridge1", "farm001"]
    assert hits[0].field == "headline" and hits[1].field == "body"
    assert hits[0].score > hits[1].score


def test_newer_issue_first_on_ties(index: SearchIndex) -> None:
    assert ids(index, "会")[:2] == ["innov01", "qinghe1"] or ids(index, "会").index("innov01") < \
        ids(index, "会").index("qinghe1")


def test_fields_kicker_subheadline_credits_entities(index: SearchIndex) -> None:
    assert [(h.id, h.field) for h in index.search("通信建设")] == [("fiveg01", "kicker")]
    assert [(h.id, h.field) for h in index.search("通信公司")] == [("fiveg01", "subheadline")]
    hits = index.search("郑晓岚")
    assert [(h.id, h.field) for h in hits] == [("bridge1", "credits")]
    assert [(h.id, h.field) for h in index.search("科技局")] == [("innov01", "entities")]


def test_latin_and_digits(index: SearchIndex) -> None:
    assert ids(index, "5g") == ["fiveg01"]
    assert ids(index, "5G基站") == ["fiveg01"]


# -- pinyin ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("q", ["changjiang", "长jiang", "chang江", "changj", "chang jiang",
                               "chang'jiang", "ChangJiang"])
def test_pinyin_forms_find_the_headline_first(index: SearchIndex, q: str) -> None:
    assert ids(index, q)[0] == "bridge1"


def test_initials_find_every_word_they_abbreviate(index: SearchIndex) -> None:
    hits = index.search("cj")  # 长江 and 春季: both headline initials, newer first
    assert [h.id for h in hits][:2] == ["farm001", "bridge1"]
    assert {h.tier for h in hits[:2]} == {"initials"}


def test_full_pinyin_also_reaches_body_hits(index: SearchIndex) -> None:
    found = ids(index, "changjiang")
    assert found.index("bridge1") < found.index("farm001")


def test_polyphones_every_reading(index: SearchIndex) -> None:
    assert ids(index, "yinhang")[0] == "bank001"
    assert ids(index, "chongqing")[0] == "hotpot1"
    assert ids(index, "zhongqing")[0] == "hotpot1"  # a heteronym still finds it
    assert ids(index, "yinxing")[0] == "bank001"


def test_context_reading_ranked_first(index: SearchIndex) -> None:
    hits = index.search("zhangjiang")
    assert hits[0].id == "zjpark1" and hits[0].tier == "pinyin"
    assert "bridge1" in [h.id for h in hits]
    assert next(h for h in hits if h.id == "bridge1").tier == "heteronym"
    assert index.search("changjiang")[0].tier == "pinyin"


def test_other_reading_inside_a_longer_word_is_reached_through_the_bigrams() -> None:
    conn = sqlite3.connect(":memory:")
    SearchIndex.ensure_schema(conn)
    idx = SearchIndex(conn)
    add(idx, [art("bridge9", "2025-03-02", "长江大桥主体完工")])  # 长江 is only inside 长江大桥
    assert tiers(idx, "changjiang") == [("bridge9", "pinyin", "headline")]
    assert tiers(idx, "zhangjiang") == [("bridge9", "pinyin-span", "headline")]


def test_heteronym_keys_cover_other_readings_u_umlaut_and_unfinished_syllables() -> None:
    from parser.search_terms import _heteronym_keys

    seg = next(g for g in py_segment("zhangjiang") if len(g.units) == 2)
    assert "changjiang" in _heteronym_keys(seg, 8192)  # type: ignore[operator]
    assert _heteronym_keys(seg, 1) is None  # more spellings than allowed: the caller scans
    seg = next(g for g in py_segment("lvse") if len(g.units) == 2)
    assert "lvse" in _heteronym_keys(seg, 8192)  # type: ignore[operator]
    seg = next(g for g in py_segment("luse") if len(g.units) == 2 and g.units[0].text == "lu")
    assert "lvse" in _heteronym_keys(seg, 8192)  # type: ignore[operator]
    seg = next(g for g in py_segment("zhangjia") if g.partial and len(g.units) == 2)
    assert "changjiang" in _heteronym_keys(seg, 8192)  # type: ignore[operator]


@pytest.mark.parametrize("q", ["lvse", "luse", "lvs", "ls"])
def test_u_umlaut_typed_v_or_u(index: SearchIndex, q: str) -> None:
    assert ids(index, q)[0] == "green01"


def test_initials(index: SearchIndex) -> None:
    hits = index.search("kjcx")
    assert hits[0].id == "innov01" and hits[0].tier == "initials"


def test_person_name_in_pinyin(index: SearchIndex) -> None:
    assert ids(index, "hemingyuan") == ["innov01"]
    assert ids(index, "hmy")[0] == "innov01"


# -- fuzzy pairs and typos ---------------------------------------------------------------------------
def test_fuzzy_pairs_ranked_below_exact(index: SearchIndex) -> None:
    hits = index.search("lanhu")  # n/l: 南湖 for a southern speaker
    assert hits and hits[0].id == "lake001" and hits[0].tier == "fuzzy"
    assert index.search("nanhu")[0].tier == "pinyin"
    hits = index.search("senghuo")  # s/sh + en/eng: 生活
    assert hits and hits[0].id == "life001" and hits[0].tier == "fuzzy"


def test_exact_pinyin_beats_fuzzy(index: SearchIndex) -> None:
    hits = index.search("shenghuo")
    assert hits[0].id == "life001" and hits[0].tier == "pinyin"
    assert all(h.tier in ("pinyin", "pinyin-prefix", "heteronym", "fuzzy") for h in hits)


def test_one_typo(index: SearchIndex) -> None:
    hits = index.search("chaungxin")  # transposed letters
    assert hits and hits[0].id == "innov01" and hits[0].tier == "typo"
    assert ids(index, "chuangxn")[0] == "innov01"  # a dropped letter


@pytest.mark.parametrize("q", ["xyzzy", "火星探测", "qqqqzz", "zzzzzzzzz", "。", "wujinqu"])
def test_nothing_matches_nothing(index: SearchIndex, q: str) -> None:
    assert index.search(q) == []


# -- filters -----------------------------------------------------------------------------------------
def test_date_filters(index: SearchIndex) -> None:
    assert set(ids(index, "date:2025-02")) == {"bank001", "innov01", "fiveg01"}
    assert set(ids(index, "date:2024-12..2025-01")) == {"green01", "hotpot1", "lake001", "life001"}
    assert ids(index, "长江 date:2025-03") == ["bridge1", "farm001"]
    assert ids(index, "长江 date:..2025-03-03") == ["bridge1"]


def test_page_filter(index: SearchIndex) -> None:
    assert set(ids(index, "page:1")) == {"bridge1", "green01", "innov01"}
    assert ids(index, "长江 page:2") == ["farm001"]


def test_entity_filters_chinese_and_pinyin(index: SearchIndex) -> None:
    assert ids(index, "person:贺明远") == ["innov01"]
    assert ids(index, "person:hemingyuan") == ["innov01"]
    assert ids(index, "person:郑晓岚") == ["bridge1"]  # bylines are people too
    assert ids(index, "place:重庆") == ["hotpot1"]
    assert ids(index, "place:qinghe") == ["qinghe1"]
    assert ids(index, "org:科技局") == ["innov01"]
    assert ids(index, "大会 person:贺明远") == ["innov01"]
    assert ids(index, "person:重庆") == []
    assert ids(index, "person:nobodyhere") == []


def test_read_and_bookmark_filters(index: SearchIndex) -> None:
    everything = set(ids(index, "date:2025-02"))
    assert set(ids(index, "date:2025-02 is:unread", read_ids={"bank001"})) == everything - {"bank001"}
    assert ids(index, "is:bookmarked date:2025-02", bookmarked_ids={"fiveg01", "green01"}) == ["fiveg01"]
    assert ids(index, "is:bookmarked") == []
    assert set(ids(index, "date:2025-02 is:unread")) == everything


# -- hits ------------------------------------------------------------------------------------------
def test_snippet_marks_the_match(index: SearchIndex) -> None:
    (hit,) = index.search("营业")
    assert hit.field == "body"
    (s, e), = hit.snippet_spans
    assert hit.snippet[s:e] == "营业"
    hit = index.search("chongqing")[0]
    (s, e), = hit.headline_spans
    assert hit.headline[s:e] == "重庆"
    d = hit.to_dict()
    assert {"id", "issue", "date", "headline", "score", "snippet"} <= set(d)


def test_limit(index: SearchIndex) -> None:
    assert len(index.search("z", limit=2)) == 2
    assert index.search("长江", limit=0) == []


# What people type: Chinese, pinyin, filters, quotes and FTS5 operators, in any mix.
_TYPED = st.lists(st.one_of(
    st.text(max_size=6),
    st.sampled_from(["长江", "changjiang", "cj", "wuj", "zhangj", '"', '"长 江"', "*", "NEAR(", "AND", "OR",
                     "-", "^", "{head}:", "date:2025", "date:2025-02..2024", "page:1..3", "person:hmy",
                     "place:重", "is:unread", "is:bookmarked", "chaungxin", "lanhu", "5G", "：", "'"])),
    max_size=5).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_TYPED, st.integers(min_value=-3, max_value=30))
def test_any_typed_text_gives_hits_or_nothing_never_an_error(index: SearchIndex, text: str, limit: int) -> None:
    """No exception is swallowed any more, so an FTS5 syntax error or a bug fails this test."""
    hits = index.search(text, limit=limit, read_ids={"bridge1"}, bookmarked_ids={"bank001"})
    assert len(hits) <= max(0, limit)
    assert all(h.id for h in hits)


def test_a_damaged_index_raises_search_error() -> None:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    SearchIndex.ensure_schema(conn)
    idx = SearchIndex(conn)
    add(idx, ARTICLES[:2])
    assert ids(idx, "银行") == ["bank001"]
    conn.execute("DROP TABLE search_head")
    with pytest.raises(SearchError, match="search_head"):
        idx.search("银行")


# -- incremental updates and reopening -------------------------------------------------------------
def test_update_remove_replace_and_reopen(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite"
    conn = sqlite3.connect(db)
    SearchIndex.ensure_schema(conn)
    idx = SearchIndex(conn)
    add(idx, ARTICLES[:3], [])
    conn.commit()
    assert ids(idx, "火锅") == ["hotpot1"]
    add(idx, [art("hotpot1", "2025-01-05", "重庆灯会开幕", "游客赏灯。")], [])
    add(idx, [], ["bridge1"])
    conn.commit()
    assert ids(idx, "火锅") == []
    assert ids(idx, "灯会") == ["hotpot1"]
    assert ids(idx, "大桥") == []
    conn.close()
    conn2 = sqlite3.connect(db)
    SearchIndex.ensure_schema(conn2)
    again = SearchIndex(conn2)
    assert ids(again, "denghui") == ["hotpot1"]
    assert ids(again, "银行") == ["bank001"]


def test_same_date_page_and_ordinal_do_not_collide() -> None:
    conn = sqlite3.connect(":memory:")
    SearchIndex.ensure_schema(conn)
    idx = SearchIndex(conn)
    add(idx, [art("undated1", None, "无日期稿件一"), art("undated2", None, "无日期稿件二")], [])
    assert set(ids(idx, "无日期")) == {"undated1", "undated2"}


def test_fts_helpers() -> None:
    assert grams("长江") == "长江 江 "
    assert phrase("长江大") == '"长江 江大"'
    assert phrase("长") == '"长"*'
    assert phrase("。") is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=12), st.text(max_size=40), st.one_of(st.none(), st.dates().map(str))),
                min_size=1, max_size=4))
def test_update_accepts_any_text(items: list[tuple[str, str, str | None]]) -> None:
    conn = sqlite3.connect(":memory:")
    SearchIndex.ensure_schema(conn)
    idx = SearchIndex(conn)
    batch = [art(f"x{i}", date, head, body, ents=((head, "person"),) if head else ())
             for i, (head, body, date) in enumerate(items)]
    add(idx, batch, [])
    add(idx, batch[:1], ["x1"])
    for head, body, _ in items:
        idx.search(head)
        idx.search(body[:3])


def test_a_second_index_on_the_same_cache_sees_new_words(tmp_path: Path) -> None:
    """The archive indexes with one SearchIndex and searches with another."""
    db = tmp_path / "cache.sqlite"
    writer_conn = sqlite3.connect(db, isolation_level=None)
    SearchIndex.ensure_schema(writer_conn)
    writer = SearchIndex(writer_conn)
    add(writer, ARTICLES[:2], [])
    reader = SearchIndex(sqlite3.connect(db, isolation_level=None))
    assert ids(reader, "yinhang") == ["bank001"]
    add(writer, [ARTICLES[2]], [])
    assert ids(reader, "huoguo") == ["hotpot1"]


# -- words of article bodies (issue #12): every pinyin form reaches them ------------------------------
BODY_ARTICLES = [
    art("isle001", "2025-04-01", "海岛新建气象站", "站里配备了一台望远镜，灯塔守护者每天记录风向。", page=2),
    art("club001", "2025-04-03", "社区举办读书会", "志愿者带来绿萝和望远镜，孩子们听灯塔的故事。", page=3),
    art("show001", "2025-03-20", "望远镜展览开幕", "展出各式光学仪器。", page=1),
    art("map0001", "2025-04-05", "敬老活动温暖人心", "老人们品尝重阳糕，地图上标出了灯塔位置。", page=4),
]


@pytest.fixture(scope="module")
def body_index() -> SearchIndex:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    SearchIndex.ensure_schema(conn)
    idx = SearchIndex(conn)
    add(idx, BODY_ARTICLES)
    return idx


def tiers(index: SearchIndex, q: str) -> list[tuple[str, str, str]]:
    return [(h.id, h.tier, h.field) for h in index.search(q)]


@pytest.mark.parametrize("q", ["wangyuanjing", "wang yuan jing", "wang'yuan'jing", "望yuanjing", "wangyuan镜"])
def test_body_words_by_full_pinyin_spaced_and_mixed(body_index: SearchIndex, q: str) -> None:
    # the headline first (older), then the bodies newest first
    assert ids(body_index, q) == ["show001", "club001", "isle001"]
    assert {t for _i, t, _f in tiers(body_index, q)} == {"pinyin"}


def test_body_word_with_an_unfinished_last_syllable(body_index: SearchIndex) -> None:
    assert set(ids(body_index, "shouhuzh")) == {"isle001"}
    assert {t for _i, t, _f in tiers(body_index, "shouhuzh")} <= {"pinyin", "pinyin-prefix"}
    assert "isle001" in ids(body_index, "chongyangg") or "map0001" in ids(body_index, "chongyangg")


@pytest.mark.parametrize("q", ["lvluo", "luluo"])
def test_body_word_with_u_umlaut_typed_v_or_u(body_index: SearchIndex, q: str) -> None:
    assert ids(body_index, q) == ["club001"]


def test_body_word_polyphone_in_its_context_reading(body_index: SearchIndex) -> None:
    assert tiers(body_index, "chongyanggao") == [("map0001", "pinyin", "body")]


def test_body_word_initials(body_index: SearchIndex) -> None:
    assert ids(body_index, "wyj") == ["show001", "club001", "isle001"]
    assert {t for _i, t, _f in tiers(body_index, "wyj")} == {"initials"}
    assert ids(body_index, "cyg") == ["map0001"]
    assert set(ids(body_index, "shz")) >= {"isle001"}


def test_two_letter_initials_expand_to_the_most_frequent_words_first(body_index: SearchIndex) -> None:
    words = [w for w, _r in body_index.words.by_initials("dt", 10)]
    assert words[0] == "灯塔"  # in three articles
    assert "地图" in words  # in one
    assert set(ids(body_index, "dt")) >= {"isle001", "club001", "map0001"}


def test_body_word_fuzzy_pair_and_typo_rank_below_exact(body_index: SearchIndex) -> None:
    assert tiers(body_index, "wanyuanjin")[0][1] == "fuzzy"
    assert set(ids(body_index, "wanyuanjin")) == {"show001", "club001", "isle001"}
    assert tiers(body_index, "wangyaunjing")[0][1] == "typo"
    assert set(ids(body_index, "wangyaunjing")) == {"show001", "club001", "isle001"}


def test_a_string_across_words_is_found_by_its_pinyin(body_index: SearchIndex) -> None:
    # 塔守护 spans 灯塔 | 守护者: no word of the archive is read tashouhu, its bigrams are
    assert tiers(body_index, "tashouhu") == [("isle001", "pinyin-span", "body")]
    assert tiers(body_index, "ta shou hu") == [("isle001", "pinyin-span", "body")]


@pytest.mark.parametrize("q", ["塔shouhu", "ta守hu", "tashouh", "tashou护"])
def test_a_string_across_words_typed_mixed_or_unfinished(body_index: SearchIndex, q: str) -> None:
    assert tiers(body_index, q) == [("isle001", "pinyin-span", "body")]


def test_a_string_across_words_by_its_initials(body_index: SearchIndex) -> None:
    # 塔守护 spans 灯塔 | 守护者; three letters or more
    assert ("isle001", "initials", "body") in tiers(body_index, "tsh")


def test_a_string_across_words_with_a_southern_fuzzy_pair(body_index: SearchIndex) -> None:
    assert tiers(body_index, "tasouhu") == [("isle001", "fuzzy", "body")]  # s for sh


def test_a_string_across_words_by_another_reading_of_a_polyphone(body_index: SearchIndex) -> None:
    # 尝重阳 of 品尝 | 重阳糕: in context 重 is chong; zhong is its other reading
    assert tiers(body_index, "changchongyang") == [("map0001", "pinyin-span", "body")]
    assert tiers(body_index, "changzhongyang") == [("map0001", "pinyin-span", "body")]


def test_a_string_across_words_ranks_below_a_word_read_the_same() -> None:
    conn = sqlite3.connect(":memory:")
    SearchIndex.ensure_schema(conn)
    idx = SearchIndex(conn)
    add(idx, [art("market1", "2025-01-02", "早间新闻", "居民在市场里买菜。"),
              art("scene01", "2025-03-04", "晚间新闻", "重现历史场景的展览开幕。")])
    # the newer article only has 史场 (历史 | 场景); the word 市场 comes first all the same
    assert tiers(idx, "shichang") == [("market1", "pinyin", "body"), ("scene01", "pinyin-span", "body")]


@pytest.mark.parametrize("known_from", [1, 10_000])  # held in memory / looked up by SQLite
def test_the_bigram_table_records_each_bigram_once_with_its_first_batch_count(
        monkeypatch: pytest.MonkeyPatch, known_from: int) -> None:
    import parser.search as search

    monkeypatch.setattr(search, "KNOWN_BIGRAMS_FROM", known_from)
    conn = sqlite3.connect(":memory:")
    SearchIndex.ensure_schema(conn)
    idx = SearchIndex(conn)
    add(idx, [art("a1", "2025-01-01", "文化建设", "重阳"), art("a2", "2025-01-02", "文化", "")])
    add(idx, [art("a3", "2025-01-03", "建设文化", "")])
    rows = {b: (k, i, n) for b, k, i, n in conn.execute("SELECT bigram, key, initials, df FROM search_bigrams")}
    assert rows == {"文化": ("wenhua", "wh", 2), "化建": ("huajian", "hj", 1), "建设": ("jianshe", "js", 1),
                    "重阳": ("chongyang", "cy", 1), "设文": ("shewen", "sw", 1)}
    assert idx.bigrams.by_key(["wenhua", "jianshe"], 5) == [("文化", 2), ("建设", 1)]


def test_chains_of_bigrams_share_a_character_and_rank_by_their_rarest_link() -> None:
    from parser.search_spans import chain as _chain

    links = [[("文化", 9), ("问话", 2)], [("化建", 3), ("话剑", 5), ("花见", 7)], [("建设", 8), ("剑社", 1)]]
    assert _chain(links, 10) == ["文化建设", "问话剑社"]
    assert _chain(links[:2], 10) == ["文化建", "问话剑"]
    assert _chain([[("文化", 9)], [("建设", 8)]], 10) == []  # no shared character
    assert _chain([], 10) == []


def test_spaced_syllables_join_only_lone_syllables() -> None:
    from parser.search_terms import join_spaced_syllables

    assert join_spaced_syllables(["deng", "ta"]) == ["deng ta"]
    assert join_spaced_syllables(["长江", "deng", "ta", "wyj", "zhong"]) == ["长江", "deng ta", "wyj", "zhong"]
    assert join_spaced_syllables(["dengta", "zhong"]) == ["dengta", "zhong"]


def test_body_word_other_reading_of_a_polyphone_ranks_as_heteronym(body_index: SearchIndex) -> None:
    assert tiers(body_index, "zhongyanggao") == [("map0001", "heteronym", "body")]
    assert tiers(body_index, "chongyanggao") == [("map0001", "pinyin", "body")]


def test_ids_containing_finds_a_text_in_any_field_and_nothing_else(index: SearchIndex) -> None:
    # (what the archive's names pass asks instead of reading every stored article)
    assert index.ids_containing(["两岸"]) == {"farm001"}  # body
    assert index.ids_containing(["通信建设", "南湖湿地"]) == {"fiveg01", "lake001"}  # kicker, headline
    assert index.ids_containing(["明远"]) == {"innov01"}
    assert index.ids_containing(["长江两岸"]) == {"farm001"}  # a phrase: 长江 alone is in two
    assert index.ids_containing(["两岸，农民"]) == {"farm001"}  # punctuation inside
    assert index.ids_containing(["两江"]) == set()
    assert index.ids_containing([]) == set()
    assert index.ids_containing(["——"]) is None  # nothing the index can look for
