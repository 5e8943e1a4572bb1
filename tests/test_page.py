"""The page parser on small invented pages: one test per layout variant it must handle.

Every name, place and sentence here is made up; none comes from the seeds or eval sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parser.decode import decode_bytes
from parser.ids import article_id, page_id
from parser.model import Article, Page
from parser.page import date_from_path, page_number_from_path, parse_page

FIXTURES = Path(__file__).parent / "fixtures" / "pages"


def parse(text: str, rel: str = "page.txt") -> Page:
    page = parse_page(text, source=f"/some/where/{rel}", rel_path=rel)
    assert not any("parser failed" in w for w in page.warnings), page.warnings
    return page


def one(text: str) -> Article:
    page = parse(text)
    assert len(page.articles) == 1, [a.headline for a in page.articles]
    return page.articles[0]


def names(a: Article, role: str) -> list[str]:
    return [c.name for c in a.credits if c.role == role]


# --- headlines ------------------------------------------------------------------------------
def test_markdown_headlines_start_articles_and_lose_their_marks() -> None:
    page = parse("# 桐江新区举办科技周\n\n科技周吸引市民参观。\n\n## 云岭县修缮古桥\n\n古桥修缮工程完工。\n")
    assert [a.headline for a in page.articles] == ["桐江新区举办科技周", "云岭县修缮古桥"]
    assert page.articles[1].paragraphs == ("古桥修缮工程完工。",)


def test_plain_short_line_followed_by_byline_is_a_headline() -> None:
    page = parse("青溪镇新建文化礼堂\n\n本报讯（记者 林晓岚）日前，青溪镇文化礼堂落成。\n\n"
                 "云岭县开通城乡公交\n\n本报讯（记者 方卓然）昨天，云岭县首条城乡公交线路开通。\n")
    assert [a.headline for a in page.articles] == ["青溪镇新建文化礼堂", "云岭县开通城乡公交"]
    assert page.articles[0].paragraphs == ("日前，青溪镇文化礼堂落成。",)


def test_one_line_title_with_main_and_sub_parts_is_split() -> None:
    a = one("## 桐江新区召开园区发展大会 优化营商环境 打造“创新型特色园区”\n\n"
            "本报讯（记者 林晓岚）会议总结了去年的工作。\n")
    assert a.headline == "桐江新区召开园区发展大会"
    assert a.subheadline == "优化营商环境 打造“创新型特色园区”"


def test_one_line_title_with_a_single_space_is_kept_whole() -> None:
    a = one("区委常委会听取2023年度 乡镇党委书记述职\n\n本报讯（记者 林晓岚）会议日前召开。\n")
    assert a.headline == "区委常委会听取2023年度 乡镇党委书记述职"
    assert a.subheadline is None


def test_headline_then_longer_subheadline_line() -> None:
    a = one("顾一鸣走访企业\n\n坚持服务企业这一首要任务 不负高质量发展的时代使命\n\n"
            "本报讯（记者 林晓岚）昨天，顾一鸣走访了多家企业。\n")
    assert a.headline == "顾一鸣走访企业"
    assert a.subheadline == "坚持服务企业这一首要任务 不负高质量发展的时代使命"


def test_kicker_above_headline_and_dash_subtitle_below() -> None:
    a = one("云岭县委书记在全县大会上强调\n\n守住耕地红线 做强特色农业\n\n"
            "本报讯（记者 方卓然）全县农业工作大会昨天召开。\n")
    assert a.kicker == "云岭县委书记在全县大会上强调"
    assert a.headline == "守住耕地红线 做强特色农业"
    b = one("“家门口就能看好病”\n\n——桐江基层医疗见闻\n\n本报讯（记者 林晓岚）早上八点，社区医院已坐满了人。\n")
    assert b.headline == "“家门口就能看好病”"
    assert b.subheadline == "——桐江基层医疗见闻"
    c = one("乡村振兴在行动——\n\n桐江稻香飘万家\n\n——云岭县农田建设见闻\n\n本报讯（记者 林晓岚）初夏时节，秧苗整齐。\n")
    assert (c.kicker, c.headline, c.subheadline) == ("乡村振兴在行动——", "桐江稻香飘万家", "——云岭县农田建设见闻")


# --- credits --------------------------------------------------------------------------------
def test_byline_with_correspondent_and_reporter_is_removed_from_the_body() -> None:
    a = one("青溪镇举办农技培训\n\n本报讯（通讯员 沈一帆 记者 林晓岚）昨天，青溪镇举办农技培训。\n")
    assert a.source == "本报讯"
    assert names(a, "correspondent") == ["沈一帆"]
    assert names(a, "reporter") == ["林晓岚"]
    assert a.paragraphs == ("昨天，青溪镇举办农技培训。",)


def test_unlabelled_name_before_reporter_is_a_correspondent() -> None:
    a = one("青溪镇举办农技培训\n\n本报讯（顾一鸣 记者 林晓岚）昨天，培训开班。\n")
    assert names(a, "correspondent") == ["顾一鸣"]
    assert names(a, "reporter") == ["林晓岚"]


def test_intern_and_several_reporters() -> None:
    a = one("云岭县开展防汛演练\n\n本报讯（记者 方卓然、林晓岚 实习生 白若溪）演练昨天举行。\n")
    assert names(a, "reporter") == ["方卓然", "林晓岚"]
    assert names(a, "intern") == ["白若溪"]
    b = one("云岭县开展防汛演练\n\n本报讯（记者 方卓然 林晓岚）演练昨天举行。\n")
    assert names(b, "reporter") == ["方卓然", "林晓岚"]


def test_padded_two_character_names_are_one_person() -> None:
    a = one("云岭县开展防汛演练\n\n本报讯（记者 叶 舟）演练昨天举行。\n")
    assert names(a, "reporter") == ["叶舟"]


def test_datelines_of_the_paper_and_the_agency() -> None:
    a = one("桐江港吞吐量创新高\n\n本报桐江1月31日电（记者林晓岚）桐江港去年吞吐量创新高。\n")
    assert (a.source, a.dateline) == ("本报", "本报桐江1月31日电")
    assert names(a, "reporter") == ["林晓岚"]
    assert a.paragraphs == ("桐江港去年吞吐量创新高。",)
    b = one("云岭高铁站开工\n\n新华社云岭3月5日电（记者 方卓然 顾一鸣）云岭高铁站今天开工。\n")
    assert (b.source, b.dateline) == ("新华社", "新华社云岭3月5日电")
    assert names(b, "reporter") == ["方卓然", "顾一鸣"]
    c = one("云岭高铁站开工\n\n据新华社云岭3月5日电 云岭高铁站今天开工。\n")
    assert c.source == "新华社" and c.dateline == "据新华社云岭3月5日电"
    assert c.paragraphs == ("云岭高铁站今天开工。",)


def test_trailing_credit_line_and_commentator() -> None:
    a = one("青溪老街焕新颜\n\n老街改造完成，游客络绎不绝。\n\n□ 记者 林晓岚 通讯员 沈一帆\n")
    assert names(a, "reporter") == ["林晓岚"] and names(a, "correspondent") == ["沈一帆"]
    assert a.paragraphs == ("老街改造完成，游客络绎不绝。",)
    c = one("让服务走在需求前面\n\n服务企业，贵在主动。\n\n□ 本报评论员 顾一鸣\n")
    assert c.kind == "commentary"
    assert names(c, "commentator") == ["顾一鸣"]


def test_text_and_photo_credit_line() -> None:
    a = one("图片报道\n\n桐江两岸灯火璀璨。\n\n本报记者 林晓岚文 叶 舟摄\n")
    assert a.kind == "photo"
    assert names(a, "author") == ["林晓岚"]
    assert names(a, "photographer") == ["叶舟"]


# --- paragraphs -----------------------------------------------------------------------------
def test_blocks_cut_mid_sentence_are_rejoined_numbers_without_space() -> None:
    a = one("桐江外贸稳步增长\n\n本报讯（记者 林晓岚）今年一季度，桐江外贸进出口总额同比增长\n\n"
            "9.2%，其中出口增长较快。\n\n企业普遍反映，“订单\n\n比去年多”。\n")
    assert a.paragraphs == ("今年一季度，桐江外贸进出口总额同比增长9.2%，其中出口增长较快。",
                            "企业普遍反映，“订单比去年多”。")


def test_latin_words_cut_by_a_blank_line_keep_a_space() -> None:
    a = one("桐江举办开发者大会\n\n本报讯（记者 林晓岚）大会主题为 open\n\nsource 与产业协同。\n")
    assert a.paragraphs == ("大会主题为 open source 与产业协同。",)


@pytest.mark.parametrize("ending", ["。", "！", "？", "……", "；", "：", "”", "。）", "——"])
def test_finished_blocks_stay_separate(ending: str) -> None:
    a = one(f"桐江新闻\n\n本报讯（记者 林晓岚）第一段话{ending}\n\n第二段话。\n")
    assert len(a.paragraphs) == 2


def test_closing_bracket_after_a_word_is_mid_sentence() -> None:
    a = one("桐江新闻\n\n本报讯（记者 林晓岚）各村（社区）\n\n党组织书记参加会议。\n")
    assert a.paragraphs == ("各村（社区）党组织书记参加会议。",)


def test_short_clause_after_a_finished_paragraph_is_body_not_a_headline() -> None:
    a = one("桐江调研组走访企业\n\n本报讯（记者 林晓岚）调研组首先来到桐江港。\n\n"
            "此后，调研组一行\n\n来到青溪镇，察看了老街改造。\n")
    assert a.paragraphs == ("调研组首先来到桐江港。", "此后，调研组一行来到青溪镇，察看了老街改造。")


def test_new_headline_is_not_swallowed_by_an_unfinished_paragraph() -> None:
    page = parse("桐江新闻\n\n本报讯（记者 林晓岚）会议要求各部门抓\n\n"
                 "云岭县举办农民丰收节\n\n本报讯（记者 方卓然）丰收节昨天开幕。\n")
    assert [a.headline for a in page.articles] == ["桐江新闻", "云岭县举办农民丰收节"]


# --- photos ---------------------------------------------------------------------------------
def test_photo_with_label_before_and_inline_credit() -> None:
    page = parse("桐江新闻\n\n本报讯（记者 林晓岚）会议召开。\n\n\n\n城市更新 看变化\n\n"
                 "青溪老街改造工程已完工。图为改造后的老街。 何星河 季远山 摄\n")
    photo = page.articles[-1]
    assert photo.kind == "photo"
    assert photo.headline == "城市更新 看变化"
    assert photo.caption == "青溪老街改造工程已完工。图为改造后的老街。"
    assert names(photo, "photographer") == ["何星河", "季远山"]
    assert "看变化" not in photo.body


def test_photo_with_credit_line_and_hard_break_label_after() -> None:
    page = parse("桐江新闻\n\n本报讯（记者 林晓岚）会议召开。\n\n\n\n"
                 "桐江智造产业园二期项目已完成主体施工。\n\n何星河 季远山摄\n\n美丽乡村  \n新画卷\n")
    assert len(page.articles) == 2
    photo = page.articles[1]
    assert photo.kind == "photo"
    assert photo.headline == "美丽乡村 新画卷"
    assert "新画卷" not in photo.body
    assert names(photo, "photographer") == ["何星河", "季远山"]
    assert page.articles[0].paragraphs == ("会议召开。",)


def test_photo_with_own_title_and_column_label() -> None:
    a = one("图片新闻\n\n春到田间\n\n农户在田里插秧。 孟子衿 摄\n")
    assert a.kind == "photo"
    assert (a.kicker, a.headline) == ("图片新闻", "春到田间")
    assert a.caption == "农户在田里插秧。"


def test_photographer_on_own_line_with_reporter_prefix() -> None:
    a = one("图片报道\n\n桐江两岸灯火璀璨。\n\n本报记者 叶 舟摄\n")
    assert a.kind == "photo" and a.headline == "图片报道"
    assert names(a, "photographer") == ["叶舟"]
    assert a.caption == "桐江两岸灯火璀璨。"


# --- furniture ------------------------------------------------------------------------------
def test_header_banner_jump_and_footer_go_to_extras() -> None:
    page = parse((FIXTURES / "tongjiang_page.txt").read_text(encoding="utf-8"), rel="tongjiang_page.txt")
    kinds = {(e.kind, e.text) for e in page.extras}
    assert ("header", "桐江日报") in kinds
    assert ("header", "2023年5月16日 星期二") in kinds
    assert ("header", "第2版 要闻") in kinds
    assert ("header", "责任编辑：梅若雪") in kinds
    assert ("banner", "善治桐江 幸福家园") in kinds
    assert ("jump", "（下转第3版）") in kinds
    assert ("footer", "校对：陆清和 美编：韩小满") in kinds
    assert page.date == "2023-05-16"
    assert (page.page_number, page.page_name) == (2, "要闻")
    body = "".join(a.body + a.headline + (a.kicker or "") for a in page.articles)
    for furniture in ("善治桐江", "幸福家园", "下转", "校对", "桐江日报", "星期二"):
        assert furniture not in body


def test_full_fixture_page_structure() -> None:
    page = parse((FIXTURES / "tongjiang_page.txt").read_text(encoding="utf-8"), rel="tongjiang_page.txt")
    heads = [(a.kind, a.headline) for a in page.articles]
    assert heads == [
        ("news", "桐江新区召开园区招商推介会"),
        ("news", "青溪镇打造“一河两岸”景观带"),
        ("news", "云岭县启动春季森林防火专项行动"),
        ("photo", "春到田间"),
        ("brief", "简讯"),
        ("photo", "美丽乡村 新画卷"),
    ]
    first = page.articles[0]
    assert first.paragraphs[0].endswith("增速居全市前列。")
    assert "招商清单" in first.paragraphs[0] and "增长12.5%" in first.paragraphs[0]
    assert names(page.articles[2], "intern") == ["白若溪"]
    assert page.articles[2].paragraphs[1].startswith("此后，检查组一行深入林区")


def test_jump_line_on_its_own_line() -> None:
    page = parse("桐江新闻\n\n本报讯（记者 林晓岚）会议召开。\n\n（上接第1版）\n")
    assert [e.kind for e in page.extras] == ["jump"]
    assert page.articles[0].paragraphs == ("会议召开。",)


# --- briefs ---------------------------------------------------------------------------------
def test_brief_roundup_keeps_items_and_their_credits() -> None:
    page = parse("简讯\n\n●桐江图书馆新馆开放 新馆藏书三十万册。（记者 林晓岚）\n\n"
                 "●云岭县举办丰收节 活动吸引游客一万人次。（通讯员 许知远 记者 方卓然）\n")
    assert len(page.articles) == 1
    a = page.articles[0]
    assert a.kind == "brief" and a.headline == "简讯"
    assert a.paragraphs == ("桐江图书馆新馆开放 新馆藏书三十万册。", "云岭县举办丰收节 活动吸引游客一万人次。")
    assert names(a, "reporter") == ["林晓岚", "方卓然"]
    assert names(a, "correspondent") == ["许知远"]


# --- article-per-file crawls ----------------------------------------------------------------
def test_crawled_article_is_one_article_with_title_block_and_credits() -> None:
    raw = (FIXTURES / "20230516-05-02.txt").read_bytes()
    page = parse_page(decode_bytes(raw).text, source="x/20230516-05-02.txt", rel_path="20230516-05-02.txt")
    assert page.date == "2023-05-16" and page.page_number == 5
    assert len(page.articles) == 1
    a = page.articles[0]
    assert (a.kicker, a.headline, a.subheadline) == ("乡村振兴在行动——", "桐江稻香飘万家", "——云岭县推进高标准农田建设见闻")
    assert (a.source, a.dateline) == ("本报", "本报桐江5月15日电")
    assert names(a, "reporter") == ["林晓岚", "方卓然", "叶舟", "顾晴"]
    assert a.paragraphs[0] == "初夏时节，云岭县的高标准农田里，新插的秧苗整齐排列。"
    assert "田成方渠相通" in a.paragraphs  # a crosshead stays in the body
    assert not any("\u3000" in p or "版式设计" in p for p in a.paragraphs)
    assert ("footer", "版式设计：韩小满") in {(e.kind, e.text) for e in page.extras}


def test_crawled_photo_with_label_title() -> None:
    text = "\n图片报道\n\n\u3000\u3000桐江两岸灯火璀璨，游人如织。\n\u3000\u3000本报记者\u00a0叶\u00a0舟摄\u00a0\n"
    a = one(text)
    assert (a.kind, a.headline) == ("photo", "图片报道")
    assert names(a, "photographer") == ["叶舟"]
    assert a.caption == "桐江两岸灯火璀璨，游人如织。"


def test_crawled_commentary_with_column_tag() -> None:
    a = one("让老街留住乡愁（桐江时评）\n\n\u3000\u3000老街是城市的记忆。\n\u3000\u3000保护老街，就是保护记忆。\n")
    assert a.kind == "commentary"
    assert a.headline == "让老街留住乡愁（桐江时评）"


# --- ids, dates, page numbers ---------------------------------------------------------------
def test_ids_ordinals_and_placement_fields() -> None:
    page = parse("# 甲新闻\n\n正文一。\n\n# 乙新闻\n\n正文二。\n", rel="2023/05/16/p02.txt")
    assert page.id == page_id("2023/05/16/p02.txt")
    assert [a.id for a in page.articles] == [article_id("2023/05/16/p02.txt", i) for i in (0, 1)]
    assert [a.ordinal for a in page.articles] == [0, 1]
    assert all(a.page_id == page.id and a.date == "2023-05-16" and a.issue == "" and a.entities == ()
               for a in page.articles)
    assert page.source == "/some/where/2023/05/16/p02.txt"


@pytest.mark.parametrize(("path", "date"), [
    ("20190201-03-05.txt", "2019-02-01"),
    ("papers/2019-02-01/a.txt", "2019-02-01"),
    ("2019/02/01/front.md", "2019-02-01"),
    ("2019年2月1日/第3版.txt", "2019-02-01"),
    ("000_96d3a571e01fa9e4.txt", None),
    ("20191332-01.txt", None),
])
def test_date_from_path(path: str, date: str | None) -> None:
    assert date_from_path(path) == date


@pytest.mark.parametrize(("path", "number"), [
    ("20190201-03-05.txt", 3),
    ("20190201-12-01.txt", 12),
    ("2019年2月1日/第3版.txt", 3),
    ("x/A03版.txt", 3),
    ("000_96d3a571e01fa9e4.txt", None),
])
def test_page_number_from_path(path: str, number: int | None) -> None:
    assert page_number_from_path(path) == number


def test_header_date_wins_over_path_and_encoding_and_warnings_pass_through() -> None:
    page = parse_page("2023年5月16日 星期二\n\n第4版\n\n# 标题\n\n正文。\n", source="s", rel_path="20190201-01-01.txt",
                      encoding="gb18030", warnings=("1 undecodable byte(s) replaced",))
    assert page.date == "2023-05-16" and page.page_number == 4
    assert page.encoding == "gb18030"
    assert page.warnings == ("1 undecodable byte(s) replaced",)


def test_normalisation_nbsp_fullwidth_digits_and_spaces() -> None:
    a = one("# 标题\n\n本报讯（记者\u00a0林晓岚）２０２３ 年产值增长\u200b１２%。\n")
    assert a.paragraphs == ("2023年产值增长12%。",)


def test_empty_and_blank_input() -> None:
    for text in ("", "\n\n\n", "\u3000\u3000\n  \n"):
        page = parse(text)
        assert page.articles == () and page.extras == ()


# --- more layouts ---------------------------------------------------------------------------
def test_paragraphs_on_consecutive_lines_without_blank_lines() -> None:
    page = parse("桐江新区召开推介会\n本报讯（记者 林晓岚）昨天，桐江新区召开推介会。\n会上，新区发布了招商清单。\n"
                 "云岭县启动防火行动\n本报讯（记者 方卓然）云岭县启动专项行动。\n")
    assert [a.headline for a in page.articles] == ["桐江新区召开推介会", "云岭县启动防火行动"]
    assert page.articles[0].paragraphs == ("昨天，桐江新区召开推介会。", "会上，新区发布了招商清单。")


def test_soft_wrapped_lines_are_one_paragraph() -> None:
    a = one("## 桐江新区召开推介会\n\n本报讯（记者 林晓岚）昨天，桐江新区在会展中心召开\n园区招商推介会，三十余家企业参加，"
            "会上\n新区发布了招商清单。\n\n会议要求，各部门要主动服务企业，\n优化营商环境。\n")
    assert a.paragraphs == ("昨天，桐江新区在会展中心召开园区招商推介会，三十余家企业参加，会上新区发布了招商清单。",
                            "会议要求，各部门要主动服务企业，优化营商环境。")


def test_markdown_levels_pick_the_headline() -> None:
    page = parse("### 乡村振兴在行动\n\n## 桐江稻香飘万家\n\n#### 云岭县推进农田建设\n\n本报讯（记者 林晓岚）秧苗整齐。\n\n"
                 "## 云岭县修缮古桥\n\n短副题\n\n本报讯（记者 方卓然）古桥修缮完工。\n")
    a, b = page.articles
    assert (a.kicker, a.headline, a.subheadline) == ("乡村振兴在行动", "桐江稻香飘万家", "云岭县推进农田建设")
    assert (b.kicker, b.headline, b.subheadline) == (None, "云岭县修缮古桥", "短副题")


def test_photo_label_after_credit_before_next_heading() -> None:
    page = parse("## 桐江新闻\n\n本报讯（记者 林晓岚）会议召开。\n\n\n\n产业园二期项目已完成主体施工。\n\n"
                 "何星河 季远山摄\n\n美丽乡村  \n新画卷\n\n## 云岭县修缮古桥\n\n本报讯（记者 方卓然）古桥修缮完工。\n")
    assert [(a.kind, a.headline) for a in page.articles] == [
        ("news", "桐江新闻"), ("photo", "美丽乡村 新画卷"), ("news", "云岭县修缮古桥")]
    assert not page.extras


def test_hard_break_label_before_a_titled_photo_is_not_a_banner() -> None:
    page = parse("桐江新闻\n\n本报讯（记者 林晓岚）会议召开。\n\n\n\n美丽乡村  \n新画卷\n\n春到田间\n\n"
                 "农户在田里插秧。 孟子衿 摄\n")
    photo = page.articles[-1]
    assert (photo.kind, photo.kicker, photo.headline) == ("photo", "美丽乡村 新画卷", "春到田间")
    assert not page.extras


def test_commentary_without_lead_byline_and_enumerated_crossheads() -> None:
    page = parse("桐江新闻\n\n本报讯（记者 林晓岚）会议召开。\n\n让服务走在需求前面\n\n服务企业，贵在主动。\n\n"
                 "一、把工作做在前面\n\n各部门要主动对接。\n\n□ 本报评论员 顾一鸣\n")
    assert [a.kind for a in page.articles] == ["news", "commentary"]
    c = page.articles[1]
    assert c.paragraphs == ("服务企业，贵在主动。", "一、把工作做在前面", "各部门要主动对接。")
    assert names(c, "commentator") == ["顾一鸣"]


def test_slash_credits_and_bare_byline_after_source() -> None:
    a = one("老街新貌\n\n老街改造完成，游客络绎不绝。\n\n文/林晓岚 图/方卓然\n")
    assert names(a, "author") == ["林晓岚"] and names(a, "photographer") == ["方卓然"]
    b = one("桐江新闻\n\n本报讯 记者 林晓岚 通讯员 沈一帆报道：昨天，会议召开。\n")
    assert names(b, "reporter") == ["林晓岚"] and names(b, "correspondent") == ["沈一帆"]
    assert b.paragraphs == ("昨天，会议召开。",)


def test_jump_at_the_end_closes_the_paragraph_and_chinese_page_numbers() -> None:
    page = parse("第三版 要闻\n\n桐江新闻\n\n本报讯（记者 林晓岚）会议要求各部门抓（下转第2版）\n\n"
                 "云岭县修缮古桥\n\n古桥修缮完工。\n")
    assert (page.page_number, page.page_name) == (3, "要闻")
    assert [a.headline for a in page.articles] == ["桐江新闻", "云岭县修缮古桥"]
    assert page.articles[0].paragraphs == ("会议要求各部门抓",)


def test_bracketed_photo_credit_in_news_and_in_photo_items() -> None:
    news = one("桐江新闻\n\n本报讯（记者 林晓岚）会议召开，与会者合影。（叶舟 摄）\n")
    assert news.kind == "news" and names(news, "photographer") == ["叶舟"]
    assert news.paragraphs == ("会议召开，与会者合影。",)
    photo = one("图片新闻\n\n农户在田里插秧。（叶舟 摄）\n")
    assert (photo.kind, photo.caption) == ("photo", "农户在田里插秧。")


def test_masthead_variants_numeric_date_and_page_count() -> None:
    page = parse("桐江日报 2024-12-30 星期一 农历甲辰年十一月三十\n\n总第12345期 今日8版\n\nA3版·评论\n\n# 标题\n\n正文。\n")
    assert page.date == "2024-12-30"
    assert (page.page_number, page.page_name) == (3, "评论")
    assert [e.kind for e in page.extras] == ["header"] * 3
    assert [a.headline for a in page.articles] == ["标题"]


def test_caption_with_inline_credit_after_a_story_is_its_own_photo_item() -> None:
    page = parse("桐江新闻\n\n本报讯（记者 林晓岚）会议召开。\n\n\n\n桐江新区夜景。 叶舟 摄\n\n"
                 "云岭新闻\n\n本报讯（记者 方卓然）古桥完工。\n")
    assert [a.kind for a in page.articles] == ["news", "photo", "news"]
    assert page.articles[1].caption == "桐江新区夜景。"
    assert page.articles[0].paragraphs == ("会议召开。",)


def test_headline_wrapped_over_two_lines_is_one_headline() -> None:
    page = parse("区委常委会听取2023年度\n乡镇党委书记抓党建述职\n\n本报讯（记者 林晓岚）会议日前召开。\n\n"
                 "乡村振兴在行动——\n桐江稻香飘万家\n\n本报讯（记者 方卓然）秧苗整齐。\n")
    a, b = page.articles
    assert (a.kicker, a.headline) == (None, "区委常委会听取2023年度 乡镇党委书记抓党建述职")
    assert (b.kicker, b.headline) == ("乡村振兴在行动——", "桐江稻香飘万家")


def test_trailing_spaces_after_a_headline_do_not_glue_the_byline_to_it() -> None:
    a = one("桐江新闻  \n本报讯（记者 林晓岚）昨天开会。\n")
    assert a.headline == "桐江新闻" and a.paragraphs == ("昨天开会。",)


def test_other_layout_gb18030_crlf_page() -> None:
    raw = (FIXTURES / "yunling_gb18030_crlf.txt").read_bytes()
    decoded = decode_bytes(raw)
    assert decoded.encoding == "gb18030"
    page = parse_page(decoded.text, source="y.txt", rel_path="y.txt", encoding=decoded.encoding)
    assert (page.date, page.page_number, page.page_name) == ("2025-03-06", 2, "要闻")
    assert [(a.kind, a.headline) for a in page.articles] == [
        ("news", "政协委员热议科技创新"), ("news", "云岭县春耕备耕忙"), ("commentary", "为基层减负要动真格"),
        ("brief", "简讯"), ("photo", "图为云岭县农户在田间劳作")]
    xinhua, farm, comment, brief, photo = page.articles
    assert (xinhua.source, xinhua.dateline) == ("新华社", "新华社北京3月5日电")
    assert names(xinhua, "reporter") == ["王一", "李二", "程远"] and names(xinhua, "correspondent") == ["苏禾"]
    assert names(farm, "correspondent") == ["梅雨"] and names(farm, "intern") == ["江小白"]
    assert farm.paragraphs == ("连日来，云岭县抢抓农时，全县已完成春播面积3.2万亩。", "县农业农村局表示，将持续做好农资供应。")
    assert names(comment, "commentator") == ["程远"]
    assert names(brief, "reporter") == ["程远"] and names(brief, "correspondent") == ["苏禾"]
    assert names(photo, "photographer") == ["江小白"] and photo.caption == "图为云岭县农户在田间劳作。"
    assert {e.kind for e in page.extras} == {"header", "jump", "footer"}


def test_title_block_after_a_story_cut_at_its_end_is_not_swallowed() -> None:
    page = parse("桐江新闻\n\n本报讯（记者 林晓岚）会议要求各部门抓\n\n让服务走在需求前面\n\n——写在营商环境大会召开之际\n\n"
                 "服务企业，贵在主动。\n")
    assert [a.headline for a in page.articles] == ["桐江新闻", "让服务走在需求前面"]
    assert page.articles[1].subheadline == "——写在营商环境大会召开之际"


def test_commentary_marked_in_the_title_block() -> None:
    a = one("本报评论员文章\n\n让服务走在需求前面\n\n服务企业，贵在主动。\n")
    assert a.kind == "commentary" and a.kicker == "本报评论员文章"


def test_byline_printed_above_the_headline_belongs_to_it() -> None:
    a = one("本报记者 林晓岚\n\n桐江新区召开推介会\n\n昨天，桐江新区召开推介会。\n")
    assert a.headline == "桐江新区召开推介会" and names(a, "reporter") == ["林晓岚"]


def test_dash_subtitle_on_the_headline_line() -> None:
    a = one("## 桐江稻香飘万家 ——云岭县农田建设见闻\n\n本报讯（记者 林晓岚）秧苗整齐。\n")
    assert (a.headline, a.subheadline) == ("桐江稻香飘万家", "——云岭县农田建设见闻")


def test_photo_essay_with_several_paragraphs_stays_one_photo_item() -> None:
    a = one("图片报道\n\n桐江两岸灯火璀璨。\n\n夜游线路吸引大批游客。\n\n图为游客在江边拍照。\n\n本报记者 叶 舟摄\n")
    assert a.kind == "photo" and a.headline == "图片报道"
    assert a.caption == "桐江两岸灯火璀璨。\n夜游线路吸引大批游客。\n图为游客在江边拍照。"


def test_photo_caption_after_a_bylined_story_is_split_off() -> None:
    page = parse("桐江新闻\n\n本报讯（记者 林晓岚）会议召开。\n\n会议要求抓好落实。\n\n图为会议现场。\n\n叶舟 摄\n")
    assert [a.kind for a in page.articles] == ["news", "photo"]
    assert page.articles[0].paragraphs == ("会议召开。", "会议要求抓好落实。")
    assert page.articles[1].caption == "图为会议现场。"


def test_box_marked_short_lines_are_titles_without_the_box() -> None:
    page = parse("桐江新闻\n\n本报讯（记者 林晓岚）会议召开。\n\n\n\n■图片新闻\n\n农户在田里插秧。 孟子衿 摄\n")
    photo = page.articles[-1]
    assert (photo.kind, photo.headline, photo.caption) == ("photo", "图片新闻", "农户在田里插秧。")
    a = one("桐江新闻\n\n本报讯（记者 林晓岚）会议召开。\n\n□ 记者 林晓岚 通讯员 沈一帆\n")
    assert names(a, "correspondent") == ["沈一帆"]


def test_jump_line_of_its_own_closes_the_open_sentence() -> None:
    page = parse("桐江新闻\n\n本报讯（记者 林晓岚）会议要求各部门抓\n\n（下转第2版）\n\n云岭县修缮古桥\n\n古桥修缮完工。\n")
    assert [a.headline for a in page.articles] == ["桐江新闻", "云岭县修缮古桥"]


def test_roundup_items_with_their_own_title_lines() -> None:
    page = parse("简讯\n\n桐江图书馆新馆开放\n\n新馆藏书三十万册。（记者 林晓岚）\n\n云岭县举办丰收节\n\n"
                 "活动吸引游客一万人次。（记者 方卓然）\n\n桐江新闻\n\n本报讯（记者 叶 舟）会议召开。\n")
    brief, news = page.articles
    assert brief.kind == "brief"
    assert brief.paragraphs == ("桐江图书馆新馆开放", "新馆藏书三十万册。", "云岭县举办丰收节", "活动吸引游客一万人次。")
    assert names(brief, "reporter") == ["林晓岚", "方卓然"]
    assert news.headline == "桐江新闻"


def test_bracketed_titles_and_uncredited_photo_label() -> None:
    page = parse("【桐江新区召开推介会】\n\n本报讯（记者 林晓岚）推介会昨天召开。\n\n\n\n图片新闻\n\n桐江两岸灯火璀璨。\n")
    assert [(a.kind, a.headline) for a in page.articles] == [("news", "桐江新区召开推介会"), ("photo", "图片新闻")]
    assert page.articles[1].caption == "桐江两岸灯火璀璨。"


def test_long_headline_is_recognised_by_the_byline_below_it() -> None:
    title = "桐江新区召开园区招商推介会暨重点项目集中签约仪式 三十余家企业现场签约 总投资超过一百亿元"
    page = parse(f"桐江新闻\n\n本报讯（记者 林晓岚）会议召开。\n\n{title}\n\n本报讯（记者 方卓然）签约仪式昨天举行。\n")
    assert len(page.articles) == 2
    assert page.articles[1].paragraphs == ("签约仪式昨天举行。",)
    assert names(page.articles[1], "reporter") == ["方卓然"]


def test_indented_dumps_new_story_after_blank_line_but_stray_line_in_a_crawl_is_body() -> None:
    crawl = one("桐江稻香飘万家\n\u3000\u3000初夏时节，秧苗整齐。\n图为插秧现场\n\u3000\u3000农户说，今年收成好。\n")
    assert crawl.paragraphs == ("初夏时节，秧苗整齐。", "图为插秧现场", "农户说，今年收成好。")
    page = parse("桐江稻香飘万家\n\u3000\u3000初夏时节，秧苗整齐。\n\u3000\u3000农户说，今年收成好。\n\n"
                 "云岭古桥修缮完工\n\u3000\u3000古桥修缮工程完工。\n\u3000\u3000游客络绎不绝。\n")
    assert [a.headline for a in page.articles] == ["桐江稻香飘万家", "云岭古桥修缮完工"]
