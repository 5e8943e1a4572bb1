"""The entity tagger, one rule family at a time, on invented sentences.

Every name here is made up for the test (surnames and place suffixes are general knowledge);
nothing is taken from the seed pages or the evaluation sets.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parser.entities import EntityStat, tag_articles, tag_page, tag_text
from parser.model import Article, Credit, Page

REPO = Path(__file__).resolve().parent.parent


# Known misses of the sequence model (issue #13) that the rules alone got right: the model scored
# higher on the dev split as a whole (docs/entities.md), so these stay marked until it learns them.
MODEL_MISS = "sequence model regression, see docs/entities.md"


def found(text: str, kind: str | None = None) -> list[str]:
    return [e.text for e in tag_text(text) if kind is None or e.type == kind]


def typed(text: str) -> set[tuple[str, str]]:
    return {(e.text, e.type) for e in tag_text(text)}


def article(*paragraphs: str, credits: tuple[Credit, ...] = (), ident: str = "a1", headline: str = "标题") -> Article:
    return Article(id=ident, kind="news", headline=headline, paragraphs=paragraphs, credits=credits)


# -- loading --------------------------------------------------------------------------------------
def test_importing_the_package_does_not_load_jieba() -> None:
    code = "import sys, parser.entities; print('jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- people -----------------------------------------------------------------------------------------
def test_title_then_name_with_a_rare_surname() -> None:
    text = "区委书记恽思远主持会议。"
    [e] = [e for e in tag_text(text) if e.type == "person"]
    assert (e.text, e.start, e.end, e.field, e.paragraph) == ("恽思远", 4, 7, "text", None)


def test_titles_joined_by_a_pause_mark() -> None:
    assert "钱一鸣" in found("市委副书记、代市长钱一鸣出席仪式。", "person")
    assert "孔令波" in found("区委常委、副区长孔令波参加调研。", "person")


@pytest.mark.parametrize(("text", "name"), [
    ("副区长欧阳晓岚说，要抓好落实。", "欧阳晓岚"),
    ("董事长司马青峰表示，公司将扩大投资。", "司马青峰"),
    ("村民上官春燕告诉记者，今年收成不错。", "上官春燕"),
])
def test_compound_surnames(text: str, name: str) -> None:
    assert name in found(text, "person")


def test_names_listed_after_leaders() -> None:
    people = found("区领导陆文涛、郑海川、韩雨桐参加活动。", "person")
    assert people == ["陆文涛", "郑海川", "韩雨桐"]


def test_a_pause_mark_list_of_names_without_any_title() -> None:
    people = found("出席会议的有柏青禾、竺文、庞立森等。", "person")
    assert people == ["柏青禾", "竺文", "庞立森"]
    assert found("美国、英国、法国和德国", "person") == []


def test_a_name_cut_one_character_short_by_the_segmenter_is_whole() -> None:
    # 刘海 is a dictionary word; after a title the third character still belongs to the name.
    assert "刘海涛" in found("镇党委副书记刘海涛介绍了情况。", "person")


def test_ordinary_words_that_start_with_a_surname_are_not_people() -> None:
    text = "肩负光荣使命，增进人民福祉，崇尚科学精神，尽享高峰时段的便利。"
    assert found(text, "person") == []


def test_a_title_followed_by_a_verb_is_no_name() -> None:
    assert found("区委书记强调，要把工作做实。", "person") == []


def test_transliterated_name_after_a_title() -> None:
    assert "萨维诺夫" in found("主教练萨维诺夫说，球队状态很好。", "person")


def test_long_transliteration_after_a_title_is_one_person() -> None:
    assert found("财政部长贝尔托拉尼乘车抵达。", "person") == ["贝尔托拉尼"]
    assert found("财政部长贝尔托拉尼乘车抵达。", "org") == ["财政部"]


def test_a_foreign_name_grows_over_loose_transliteration_characters() -> None:
    # jieba knows 特雷斯 as a name piece; 佩尔 before it and 库 after it belong to the same name.
    assert found("该队2号佩尔特雷斯库被红牌罚下。", "person") == ["佩尔特雷斯库"]


def test_dot_joined_foreign_names() -> None:
    assert "马里奥·贝托内" in found("主持人马里奥·贝托内说，节目很成功。", "person")


def test_japanese_name_with_an_honorific() -> None:
    assert "中村健司" in found("日本学者中村健司先生曾撰文。", "person")


# -- places ---------------------------------------------------------------------------------------
def test_settlement_suffixes() -> None:
    places = found("他走访了青溪镇桃源村和湖滨街道。", "place")
    assert places == ["青溪镇", "桃源村", "湖滨街道"]


def test_gazetteer_of_divisions_full_and_short_names() -> None:
    assert typed("江苏省和浙江省的企业") >= {("江苏省", "place"), ("浙江省", "place")}
    assert typed("来自扬州、嘉兴和合肥的代表") >= {("扬州", "place"), ("嘉兴", "place"), ("合肥", "place")}


def test_regions_and_countries() -> None:
    assert typed("珠三角的企业和东南亚市场") >= {("珠三角", "place"), ("东南亚", "place")}
    assert ("法国", "place") in typed("法国客商来访")


def test_generic_words_tagged_as_places_by_jieba_are_dropped() -> None:
    assert found("城市更新让山水更美，上市公司持续增加。", "place") == []


# -- organisations ---------------------------------------------------------------------------------
def test_company_suffixes() -> None:
    assert "青禾数字科技股份有限公司" in found("他来到青禾数字科技股份有限公司调研。", "org")


def test_district_abbreviations() -> None:
    assert "区文旅局" in found("连日来，区文旅局组织开展检查。", "org")
    assert "县财政局" in found("县财政局负责资金拨付。", "org")


def test_nested_names_are_one_organisation() -> None:
    text = "国家税务总局青州市东湖区税务局召开会议。"
    assert found(text, "org") == ["国家税务总局青州市东湖区税务局"]


def test_a_body_inside_a_body() -> None:
    assert found("随后，青禾集团党委组织学习。", "org") == ["青禾集团党委"]


@pytest.mark.xfail(strict=True, reason=MODEL_MISS)  # the model reads 青州市 + 总商会
def test_a_verb_between_two_bodies_keeps_them_apart_and_venues_are_places() -> None:
    # jieba's dictionary calls 会见 a noun; it must not glue the hall and the chamber together.
    assert typed("他在东湖大会堂会见青州市总商会代表。") >= {("东湖大会堂", "place"), ("青州市总商会", "org")}
    assert not any("会见" in e.text for e in tag_text("他在东湖大会堂会见青州市总商会代表。"))


def test_generic_departments_are_not_organisations() -> None:
    assert found("各部门要加强协作，干部要做好部署。", "org") == []


# -- offsets and shapes -----------------------------------------------------------------------------
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    "区长", "钱一鸣", "说", "，", "青溪镇", "的", "有限公司", "江苏省", "欧阳", "、", "A1", " ", "\u3000",
    "领导", "局", "村", "光荣", "。", "恽", "思", "远", "市委", "科技",
]), max_size=25))
def test_spans_are_exact_in_bounds_and_disjoint(parts: list[str]) -> None:
    text = "".join(parts)
    ents = tag_text(text)
    last = 0
    for e in ents:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
        assert e.start >= last
        last = e.end
        assert e.type in ("person", "place", "org")


def test_empty_and_non_chinese_text() -> None:
    assert tag_text("") == []
    assert tag_text("hello world 123") == []


# -- articles and pages: credits and consistency ---------------------------------------------------
def test_every_credited_name_is_a_person() -> None:
    a = article("简平在现场采访。", credits=(Credit("reporter", "简平"), Credit("correspondent", "莫小川")))
    tagged = tag_page(Page("p.txt", "pg", None, None, None, "utf-8", (a,))).articles[0]
    credits = [(e.text, e.field, e.paragraph, e.start, e.end) for e in tagged.entities if e.field == "credits"]
    assert credits == [("简平", "credits", 0, 0, 2), ("莫小川", "credits", 1, 0, 3)]
    body = [(e.text, e.type) for e in tagged.entities if e.field == "paragraphs"]
    assert ("简平", "person") in body  # the credit vouches for the bare mention in the body


def test_a_name_confirmed_by_a_title_is_found_again_without_it() -> None:
    a = article("区长时雨安到企业调研。", "时雨安指出，要稳住基本盘。")
    tagged = tag_articles([a])[0]
    mentions = [(e.paragraph, e.start, e.end) for e in tagged.entities if e.text == "时雨安"]
    assert mentions == [(0, 2, 5), (1, 0, 3)]


def test_one_string_never_has_two_types_in_one_article() -> None:
    # 黄山 is a city and, after a title, a person: within one article it must get one type.
    a = article("市长黄山到企业考察。", "黄山风景区游客众多。", "来自黄山的客商和黄山交谈。", headline="黄山纪行")
    tagged = tag_page(Page("p.txt", "pg", None, None, None, "utf-8", (a,))).articles[0]
    kinds: dict[str, set[str]] = {}
    for e in tagged.entities:
        kinds.setdefault(e.text, set()).add(e.type)
    assert kinds.get("黄山") == {"person"}  # the title is the strongest evidence
    assert all(len(v) == 1 for v in kinds.values()), kinds


def test_archive_wide_consistency_tags_a_confirmed_name_everywhere() -> None:
    bare = "时雨安带来了新作品。"
    assert "时雨安" not in found(bare)  # alone, nothing says this is a person
    first = article("副县长时雨安出席开幕式。", ident="a1")
    second = article(bare, ident="a2")
    tagged = tag_articles([first, second])
    assert [(e.text, e.type, e.start) for e in tagged[1].entities] == [("时雨安", "person", 0)]
    # Without the confirming article the bare mention stays untagged.
    assert tag_articles([second])[0].entities == ()


def test_credited_names_spread_across_the_archive() -> None:
    first = article("今天天气晴朗。", credits=(Credit("photographer", "米粒"),), ident="a1")
    second = article("米粒拍下了这一幕。", ident="a2")
    tagged = tag_articles([first, second])
    assert ("米粒", "person") in {(e.text, e.type) for e in tagged[1].entities}


# -- the command bodies -------------------------------------------------------------------------------
def test_kanbao_tag_json_one_line_per_input_line(tmp_path: Path) -> None:
    from tui.cmd_tag import add_tag_arguments, run_tag

    src = tmp_path / "in.txt"
    src.write_bytes("区委书记恽思远到青溪镇调研。\r\n\r\n没有实体的一行\r\n".encode())
    p = argparse.ArgumentParser()
    add_tag_arguments(p)
    out = io.StringIO()
    assert run_tag(p.parse_args([str(src), "--json"]), out) == 0
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["text"] for r in rows] == ["区委书记恽思远到青溪镇调研。", "", "没有实体的一行"]
    assert rows[0]["entities"] == [
        {"type": "org", "text": "区委", "start": 0, "end": 2},  # the district Party committee (model, #13)
        {"type": "person", "text": "恽思远", "start": 4, "end": 7},
        {"type": "place", "text": "青溪镇", "start": 8, "end": 11},
    ]
    assert rows[1]["entities"] == [] and rows[2]["entities"] == []


def test_kanbao_tag_plain_marks_entities(tmp_path: Path) -> None:
    from tui.cmd_tag import add_tag_arguments, run_tag

    src = tmp_path / "in.txt"
    src.write_text("区委书记恽思远到青溪镇调研。\n", encoding="gb18030")
    p = argparse.ArgumentParser()
    add_tag_arguments(p)
    out = io.StringIO()
    run_tag(p.parse_args([str(src)]), out)
    assert out.getvalue() == "[机构:区委]书记[人名:恽思远]到[地名:青溪镇]调研。\n"


def test_kanbao_tag_missing_file_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cmd_tag import add_tag_arguments, run_tag

    p = argparse.ArgumentParser()
    add_tag_arguments(p)
    with pytest.raises(SystemExit) as exc:
        run_tag(p.parse_args([str(tmp_path / "nope.txt")]), io.StringIO())
    assert exc.value.code == 2
    assert "nope.txt" in capsys.readouterr().err


def test_kanbao_entities_plain_json_and_empty() -> None:
    from tui.cmd_tag import add_entities_arguments, run_entities

    class FakeArchive:
        def __init__(self, stats: list[EntityStat]) -> None:
            self.stats = stats

        def entity_index(self, type: str | None = None) -> list[EntityStat]:
            return [s for s in self.stats if type is None or s.type == type]

    arc = FakeArchive([EntityStat("甲城", "place", 2, ("x1", "x2")), EntityStat("乙某", "person", 1, ("x3",))])
    p = argparse.ArgumentParser()
    add_entities_arguments(p)
    out = io.StringIO()
    assert run_entities(p.parse_args([]), arc, out) == 0
    assert out.getvalue().splitlines() == ["1\t地名\t甲城\t2\tx1 x2", "2\t人名\t乙某\t1\tx3"]
    out = io.StringIO()
    assert run_entities(p.parse_args(["--type", "person", "--json"]), arc, out) == 0
    assert json.loads(out.getvalue()) == {"text": "乙某", "type": "person", "count": 1, "articles": ["x3"]}
    assert run_entities(p.parse_args(["--type", "org"]), arc, io.StringIO()) == 1


def test_dictionary_statistics_are_cached_and_a_broken_cache_is_ignored(tmp_path: Path) -> None:
    from parser.entities import lexicon

    dict_path = tmp_path / "dict.txt"
    dict_path.write_text("张伟 10 nr\n李明 8 nr\n伟大 50 a\n明天 40 t\n", encoding="utf-8")
    first = lexicon._cached_dictionary_stats(dict_path)
    from parser.paths import user_dir

    cache = user_dir("cache") / lexicon._stats_cache_name(dict_path)
    assert cache.exists()
    assert first[0]["张伟"] == "nr" and first[1]["伟大"] == 50
    assert first[2]["伟"] > first[2].get("天", -99)  # 伟 is seen in a given name, 天 is not
    cache.write_bytes(b"not marshal data")
    assert lexicon._cached_dictionary_stats(dict_path) == first


def test_rust_and_python_jieba_cut_the_same_words() -> None:
    """The tagger prefers rjieba for speed; its cut must be jieba's, gazetteer words included."""
    from parser.entities.lexicon import get_lexicon, make_tokenizer

    lex = get_lexicon()
    rust, pure = make_tokenizer(prefer_rust=True), make_tokenizer(prefer_rust=False)
    for word in ("青州市", "珠三角", "东湖区"):
        rust.add_word(word, 50, "ns")
        pure.add_word(word, 50, "ns")
    texts = ["区委书记恽思远到青州市东湖区调研，珠三角一体化。", "Hello 世界 2024年，ABC公司 3.5%", "", "　　全角空格　"]
    for text in texts:
        assert list(rust.cut(text, HMM=False)) == list(pure.cut(text, HMM=False))
    assert lex.tokenizer is not None


@pytest.mark.xfail(strict=True, reason=MODEL_MISS)  # the model reads 中锋段强 as one name
def test_kanbao_tag_finds_a_confirmed_name_again_in_later_lines() -> None:
    """A name a title vouched for in one line is a person in later lines of the same stream."""
    from parser.entities.consistency import LineTagger

    assert "段强" not in found("段强投中两球。", "person")  # alone the line gives no evidence
    tagger = LineTagger()
    assert [e.text for e in tagger.tag("中锋段强投中两球。") if e.type == "person"] == ["段强"]
    later = tagger.tag("下半场段强又投中一球。")
    assert [(e.text, e.start, e.end) for e in later if e.type == "person"] == [("段强", 3, 5)]


def test_a_misread_ordinary_word_is_not_carried_to_later_lines() -> None:
    """Only name-like strings are remembered: a pattern's misreading must not spread to every later line."""
    from parser.entities.consistency import _rememberable

    assert _rememberable("郝振学", "person") and _rememberable("卡罗维纳", "person")
    assert not _rememberable("光荣", "person")  # frequent everyday word the dictionary calls a name
    assert not _rememberable("明天下午", "person")  # two time words
    assert not _rememberable("和群众", "person")  # 和 + a word


def test_line_memory_is_bounded() -> None:
    from parser.entities.consistency import LineTagger

    tagger = LineTagger(memory=1)
    tagger.tag("中锋段强投中两球。")
    tagger.tag("队长宫明也来了。")
    assert [e.text for e in tagger.tag("段强投中两球。")] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("据悉，卡罗维纳公司已开始生产。", ("卡罗维纳公司", "org")),  # a company named like a person
        ("救援队在马库萨以南的山谷里扎营。", ("马库萨", "place")),  # X以南 is a place
        ("会议在马库萨举行。", ("马库萨", "place")),  # 在X举行
    ],
)
def test_a_guessed_foreign_name_framed_as_a_body_or_a_place(text: str, expected: tuple[str, str]) -> None:
    assert expected in typed(text)
    assert not found(text, "person")


def test_a_name_before_a_general_or_a_signing_stays_a_person() -> None:
    assert ("卡罗维纳", "person") in typed("卡罗维纳将军昨天抵达。")
    assert ("卡罗维纳", "person") in typed("由主席卡罗维纳签署命令。")


def test_surname_with_shi_stands_for_the_person() -> None:
    assert ("郝", "person") in typed("郝氏认为，这种说法站不住脚。")
    assert found("郝氏家族在当地很有名。", "person") == []


def test_a_reporter_credit_keeps_a_rare_last_character() -> None:
    assert "郝振学" in found("本报记者郝振学、蔺书同报道。", "person")


@pytest.mark.parametrize("text", ["他喝了一杯冷却水，又去上班。", "村里有个农家乐，生意很好。", "路边有农家乐和饭馆。"])
def test_a_dictionary_name_that_is_an_ordinary_word_needs_more_than_a_comma(text: str) -> None:
    """jieba lists some nouns as names (nr); a comma or 和 next to them is no evidence of a person."""
    assert found(text, "person") == []


def test_a_listed_dictionary_name_is_still_a_person() -> None:
    assert found("张三丰、李四光都来了。", "person") == ["张三丰", "李四光"]


def test_a_married_womans_double_surname_name_in_a_list_is_whole() -> None:
    assert "周刘美娟" in found("席上有郝文斌、蔡钦成、周刘美娟、宋子豪。", "person")


def test_transliterated_names_may_hold_one_rarer_character_inside() -> None:
    from parser.entities.resolve import mostly_translit

    assert mostly_translit("卡拉") and mostly_translit("伊苗诺")
    assert not mostly_translit("伊苗") and not mostly_translit("苗诺娃") and not mostly_translit("伊苗苗诺")


def test_an_everyday_word_made_of_a_surname_and_an_honorific_is_no_person() -> None:
    assert found("几位元老都到场了。", "person") == []


def test_a_surname_and_a_glued_given_name_at_the_start_before_a_noun() -> None:
    assert found("崔长河事迹感人。", "person") == ["崔长河"]


@pytest.mark.xfail(strict=True, reason=MODEL_MISS)
def test_a_place_word_before_a_noun_is_not_a_name() -> None:
    assert found("王国家庭和睦。", "person") == []


def test_a_name_put_together_by_the_rules_is_found_again_in_later_lines() -> None:
    from parser.entities.consistency import LineTagger, _composed_name

    assert _composed_name("郝振学", "person") and not _composed_name("光荣", "person")
    tagger = LineTagger()
    assert "段强" in [e.text for e in tagger.tag("段强、蔺书同、宋子豪都来了。") if e.type == "person"]
    assert "段强" not in found("段强投中两球。", "person")
    assert "段强" in [e.text for e in tagger.tag("段强投中两球。") if e.type == "person"]


def test_a_transliteration_the_dictionary_calls_a_place_is_a_person_after_a_title() -> None:
    assert ("丹尼斯", "person") in typed("主教练丹尼斯说，球队状态很好。")


def test_a_double_barrelled_foreign_name_joined_by_a_dash_is_one_person() -> None:
    assert ("卡罗维纳—萨斯基", "person") in typed("财政部长卡罗维纳—萨斯基昨天表示，预算平衡。")


@pytest.mark.parametrize("text", ["场馆处的郝处长介绍，明天开馆。", "郝主席首先对他表示感谢。"])
def test_a_bare_surname_before_a_title_is_the_person(text: str) -> None:
    assert found(text, "person") == ["郝"]


def test_a_body_before_its_title_is_no_surname() -> None:
    assert found("党主席说了话。", "person") == []


def test_the_item_before_a_pause_mark_is_a_person_when_the_next_one_is() -> None:
    assert found("演出时，程立、宋子豪担任主持。", "person") == ["程立", "宋子豪"]
    assert found("这次有苹果、宋子豪带来的梨。", "person") == ["宋子豪"]


@pytest.mark.parametrize("text", ["解放后，村里变了样。", "每年夏秋季，游客很多。", "这是古生代的化石。"])
def test_time_words_that_start_with_a_surname_are_no_people(text: str) -> None:
    assert found(text, "person") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [("于是，蔺书同四处求医。", "蔺书同"), ("他由衷敬佩郝文斌笔下所写的人。", "郝文斌"), ("席勒代表欧盟发言。", "席勒")],
)
def test_a_verb_after_a_guessed_name_does_not_make_it_an_organisation(text: str, name: str) -> None:
    """四处 and 笔下所 end like bodies (处, 所) and 代表 stands before 欧盟, but none is part of a name."""
    assert (name, "person") in typed(text)
    assert not any(name in e.text and e.type == "org" for e in tag_text(text))


def test_a_reporter_name_before_a_credit_verb_is_whole() -> None:
    assert found("本报记者郝达发报道：今年春耕提前。", "person") == ["郝达发"]


def test_two_abutting_pieces_of_a_transliteration_are_one_person() -> None:
    assert found("有人提名让皮伊森贝赫出任行长。", "person") == ["皮伊森贝赫"]


def test_a_three_character_dictionary_name_standing_as_a_subject_is_a_person() -> None:
    assert found("只有高中文凭的杨富强被录用了。", "person") == ["杨富强"]


@pytest.mark.parametrize("text", ["“卡特尔效应”正在显现。", "他们争论卡特尔现象。"])
def test_a_transliteration_before_a_noun_names_a_thing(text: str) -> None:
    assert found(text, "person") == []


@pytest.mark.parametrize("text", ["卡塞尔政府宣布了新政策。", "只有伯利克亲王出席。"])
def test_a_transliteration_before_a_government_or_title_stays_a_person(text: str) -> None:
    assert found(text, "person") in (["卡塞尔"], ["伯利克"])


@pytest.mark.parametrize(("text", "name"), [("总理萨诺今天会见了客人。", "萨诺"), ("专家托凯率领考察团抵达。", "托凯")])
def test_loose_transliteration_characters_after_a_title_are_a_short_foreign_name(text: str, name: str) -> None:
    assert found(text, "person") == [name]


def test_a_two_character_dictionary_name_before_deng_closing_a_list_is_a_person() -> None:
    assert found("如何令耿咏等人保持状态。", "person") == ["耿咏"]
    assert found("学校师生等上千人参加。", "person") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("杨富强撰文主张：重视质量。", "杨富强"),  # at the start of a line, before a noun
        ("当时，伍龙章已离开工厂。", "伍龙章"),  # ends with a character many nouns end with
        ("在第二场比赛中，耿咏出战第三单打。", "耿咏"),  # a rare two-character dictionary name
    ],
)
def test_a_rare_dictionary_name_in_a_subject_slot_is_a_person(text: str, name: str) -> None:
    assert found(text, "person") == [name]


@pytest.mark.parametrize("text", ["当时，卫冕赛已经开始。", "这说明童谣出自胸臆。"])
def test_dictionary_words_in_a_subject_slot_stay_words(text: str) -> None:
    assert found(text, "person") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("宋培中教授对病人进行了治疗。", "宋培中"),  # 中 ends a given name before an honorific
        pytest.param("图为部队政委曾列超将捐款交给家长。", "曾列超",  # 曾 is a surname after a title
                     marks=pytest.mark.xfail(strict=True, reason=MODEL_MISS)),
        ("老汉因为袁建民带人催款说了几句。", "袁建民"),  # three loose characters as a subject
    ],
)
def test_surname_and_two_loose_characters_with_weak_evidence(text: str, name: str) -> None:
    assert found(text, "person") == [name]
