"""Fixed-head crawl files (``YYYYMMDD-PP-NN.txt``): head read by position, credits, no line lost.

In this layout line 1 is the kicker or empty, line 2 the headline, line 3 the subheadline or
empty, then the body, one full-width-indented paragraph per line.  Every name, place and
sentence here is invented.
"""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from parser.decode import decode_bytes
from parser.model import Article, Credit, Issue, Page, PageInfo
from parser.page import parse_page

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
CRAWL = "20210305-04-02.txt"
IND = "\u3000\u3000"
BODY = f"{IND}本报桐江3月4日电（记者林晓岚）桐江新区日前启动春季植树活动。\n{IND}活动持续一个月。\n"


def parse(text: str, rel: str = CRAWL) -> Page:
    page = parse_page(text, source=f"/archive/{rel}", rel_path=rel)
    assert not any("parser failed" in w for w in page.warnings), page.warnings
    return page


def one(text: str, rel: str = CRAWL) -> Article:
    page = parse(text, rel)
    assert len(page.articles) == 1, [a.headline for a in page.articles]
    return page.articles[0]


def head(a: Article) -> tuple[str | None, str, str | None]:
    return a.kicker, a.headline, a.subheadline


def roles(a: Article) -> list[tuple[str, str]]:
    return [(c.role, c.name) for c in a.credits]


# --- the head, by position ------------------------------------------------------------------
@pytest.mark.parametrize(("lines", "expected"), [
    (("桐江新区召开大会强调", "植树造林 共建绿色家园", "各乡镇各部门负责人参加"),
     ("桐江新区召开大会强调", "植树造林 共建绿色家园", "各乡镇各部门负责人参加")),
    # No kicker: the headline must not move up, nor the subheadline into its place.
    (("", "云岭县举行春季植树活动", "千名志愿者种下万株树苗"), (None, "云岭县举行春季植树活动", "千名志愿者种下万株树苗")),
    # No subheadline: a kicker without a kicker's ending is still the kicker.
    (("桐江市林业局发布通知", "开展“绿色家园”创建活动", ""), ("桐江市林业局发布通知", "开展“绿色家园”创建活动", None)),
    # Kicker ending in —— and a headline with a long column tag.
    (("云岭县把群众意见贯穿植树全过程——", "把“意见清单”变成“绿色清单”（春季行动·基层实践·绿色家园创建）", ""),
     ("云岭县把群众意见贯穿植树全过程——", "把“意见清单”变成“绿色清单”（春季行动·基层实践·绿色家园创建）", None)),
    # A headline longer than a usual title is not taken for a deck.
    (("桐江市委书记在全市植树动员大会上发表讲话强调",
      "一以贯之推进国土绿化持续改善生态环境质量为建设美丽桐江提供坚实的生态保障和绿色支撑",
      "市领导出席会议"),
     ("桐江市委书记在全市植树动员大会上发表讲话强调",
      "一以贯之推进国土绿化持续改善生态环境质量为建设美丽桐江提供坚实的生态保障和绿色支撑", "市领导出席会议")),
    (("", "桐江两岸 春色正好", ""), (None, "桐江两岸 春色正好", None)),
])
def test_head_lines_are_read_by_position(lines: tuple[str, str, str], expected: tuple) -> None:
    a = one("\n".join(lines) + "\n" + BODY)
    assert head(a) == expected
    assert a.dateline == "本报桐江3月4日电" and roles(a) == [("reporter", "林晓岚")]
    assert a.paragraphs == ("桐江新区日前启动春季植树活动。", "活动持续一个月。")


def test_page_and_date_come_from_the_file_name() -> None:
    page = parse("\n桐江新区启动植树活动\n\n" + BODY)
    assert (page.date, page.page_number) == ("2021-03-05", 4)
    assert page.articles[0].page_number == 4 and page.extras == ()


def test_a_roundup_headline_makes_a_brief() -> None:
    assert one("\n简讯\n\n" + BODY).kind == "brief"


# --- when the layout applies ----------------------------------------------------------------
def test_other_file_names_keep_the_general_reading() -> None:
    text = "\n桐江新区召开大会\n各部门负责人参加\n" + BODY
    assert head(one(text)) == (None, "桐江新区召开大会", "各部门负责人参加")
    # The same text under a name the crawl does not use: the general parser guesses by shape,
    # as it always has (an empty first line is just a blank line there).
    general = one(text, "桐江日报/第4版.txt")
    assert general.headline != "" and general.paragraphs[-1] == "活动持续一个月。"


def test_a_page_dump_with_a_crawl_like_name_is_not_read_by_position() -> None:
    # Titles not padded to three lines, unindented blocks: a printed page, not the fixed head.
    text = ("桐江新区召开大会\n\n本报讯（记者 林晓岚）会议召开。\n\n云岭县开通公交\n\n"
            "本报讯（记者 方卓然）公交开通。\n")
    page = parse(text)
    assert [a.headline for a in page.articles] == ["桐江新区召开大会", "云岭县开通公交"]


def test_a_head_without_a_body_is_still_read_by_position() -> None:
    assert head(one("桐江市林业局发布通知\n开展“绿色家园”创建活动\n\n")) == (
        "桐江市林业局发布通知", "开展“绿色家园”创建活动", None)
    # ... but two lines of prose are not a head.
    a = one("桐江新区召开大会\n会议由区长主持，各部门负责人参加。\n")
    assert a.kicker is None


def test_body_that_starts_on_line_three_is_not_a_fixed_head() -> None:
    a = one("桐江新区召开大会\n各部门负责人参加\n" + f"{IND}本报讯（记者 林晓岚）会议召开。\n")
    assert a.headline in ("桐江新区召开大会", "各部门负责人参加")
    assert a.paragraphs == ("会议召开。",)


# --- credits --------------------------------------------------------------------------------
def test_photo_agency_after_the_credit_is_a_photo_source_not_the_kicker(page_schema: dict) -> None:
    page = parse(f"\n桐江 春来早\n\n{IND}3月4日，桐江两岸桃花盛开。\n{IND}林晓岚摄（桐江视觉）\n")
    a = page.articles[0]
    assert head(a) == (None, "桐江 春来早", None)
    assert a.kind == "photo" and a.caption == "3月4日，桐江两岸桃花盛开。"
    assert roles(a) == [("photographer", "林晓岚"), ("photo_source", "桐江视觉")]
    # The JSON keeps to the shared contract's roles and says the precise one beside it.
    jsonschema.validate(page.to_dict(), page_schema)
    credits = page.to_dict()["articles"][0]["credits"]
    assert credits[1] == {"role": "contributor", "name": "桐江视觉", "role_detail": "photo_source"}
    assert Page.from_dict(page.to_dict()).articles[0].credits == a.credits


def test_photo_agency_on_its_own_line_after_the_credit() -> None:
    a = one(f"\n桐江 春来早\n\n{IND}桐江两岸桃花盛开。\n{IND}本报记者 叶 舟摄\n{IND}（云岭图片社）\n")
    assert roles(a) == [("photographer", "叶舟"), ("photo_source", "云岭图片社")]
    assert a.caption == "桐江两岸桃花盛开。"


def test_a_bracket_that_follows_no_photo_credit_stays_in_the_body() -> None:
    a = one(f"\n桐江新区启动植树活动\n\n{BODY}{IND}（桐江视觉）\n")
    assert a.paragraphs[-1] == "（桐江视觉）" and not any(c.role == "photo_source" for c in a.credits)


def test_staff_lines_become_designer_and_graphics_credits() -> None:
    page = parse(f"\n桐江新区启动植树活动\n\n{BODY}{IND}版式设计：韩小满\n{IND}本版制图：顾 晴\n{IND}制图：方卓然\n")
    a = page.articles[0]
    assert roles(a)[1:] == [("designer", "韩小满"), ("graphics", "顾晴"), ("graphics", "方卓然")]
    assert a.paragraphs == ("桐江新区日前启动春季植树活动。", "活动持续一个月。")
    assert page.extras == ()


def test_digest_sign_offs_stay_in_the_body_after_the_first(page_schema: dict) -> None:
    raw = (FIXTURES / "20210305-18-03.txt").read_bytes()
    d = decode_bytes(raw)
    page = parse_page(d.text, source="x/20210305-18-03.txt", rel_path="20210305-18-03.txt", encoding=d.encoding)
    jsonschema.validate(page.to_dict(), page_schema)
    assert len(page.articles) == 1
    a = page.articles[0]
    assert head(a) == (None, "晨读", None) and page.page_number == 18
    assert a.dateline == "据新华社桐江电"  # the first sign-off
    assert a.paragraphs == (
        "桐江发现一种新的兰花", "桐江林业站日前在山谷里发现一种兰花，花瓣呈淡紫色。",
        "云岭古桥完成修缮", "云岭县的石拱古桥历时半年修缮完工，重新向行人开放。", "（本报云岭电）",
        "青溪灯会吸引游客", "青溪镇元宵灯会开幕，三天接待游客两万人次。", "（据新华社青溪电 记者方卓然）",
    )
    assert roles(a) == [("reporter", "林晓岚"), ("reporter", "方卓然"), ("graphics", "韩小满")]


def test_a_closing_sign_off_is_the_dateline() -> None:
    a = one(f"\n桐江新区启动植树活动\n\n{IND}桐江新区日前启动春季植树活动。\n{IND}（本报桐江3月4日电）\n")
    assert a.dateline == "本报桐江3月4日电" and a.source == "本报"
    assert a.paragraphs == ("桐江新区日前启动春季植树活动。",)


def test_reporters_notes_label_is_a_section_not_a_byline() -> None:
    a = one(f"\n桐江新区启动植树活动\n\n{BODY}{IND}种树就是种希望（记者手记）\n{IND}记者手记\n{IND}一棵树苗，一份希望。\n")
    assert roles(a) == [("reporter", "林晓岚")]
    assert a.paragraphs[-3:] == ("种树就是种希望（记者手记）", "记者手记", "一棵树苗，一份希望。")


def test_no_line_of_the_file_is_lost() -> None:
    lines = ["桐江新区召开大会强调", "植树造林 共建绿色家园", "",
             f"{IND}本报桐江3月4日电（记者林晓岚）大会日前召开。", f"{IND}一、明确目标", f"{IND}2021年3月1日",
             f"{IND}林晓岚", f"{IND}——编 者", f"{IND}（作者为桐江大学教授）", f"{IND}本报记者 叶 舟",
             f"{IND}版式设计：韩小满"]
    a = one("\n".join(lines) + "\n")
    # Every body line is a paragraph, in order, unless it is a byline or a credit line.
    assert a.paragraphs == ("大会日前召开。", "一、明确目标", "2021年3月1日", "林晓岚", "——编 者", "（作者为桐江大学教授）")
    assert roles(a) == [("reporter", "林晓岚"), ("reporter", "叶舟"), ("designer", "韩小满")]


def test_photo_source_is_not_a_person_entity() -> None:
    from parser.entities.consistency import tag_article

    a = one(f"\n桐江 春来早\n\n{IND}桐江两岸桃花盛开。\n{IND}林晓岚摄（桐江视觉）\n")
    people = {e.text for e in tag_article(a).entities if e.field == "credits"}
    assert people == {"林晓岚"}


# --- issues count printed pages ---------------------------------------------------------------
def _info(number: int | None, name: str) -> PageInfo:
    return PageInfo(name, name, "2021-03-05", number, None, "utf-8")


def test_issue_counts_printed_pages_not_files() -> None:
    pages = (_info(1, "a"), _info(1, "b"), _info(2, "c"), _info(4, "d"), _info(4, "e"), _info(None, "f"))
    issue = Issue("2021-03-05", "2021-03-05", pages, ())
    assert issue.page_numbers == (1, 2, 4)
    assert issue.page_count == 4  # three numbered pages and one file whose number is unknown
    d = issue.to_dict()
    assert d["pages"] == 4 and d["page_numbers"] == [1, 2, 4] and len(d["sources"]) == 6


def test_credit_round_trip_keeps_contract_roles_plain() -> None:
    assert Credit("reporter", "林晓岚").to_dict() == {"role": "reporter", "name": "林晓岚"}
    for role in ("designer", "graphics", "photo_source"):
        c = Credit(role, "韩小满")  # type: ignore[arg-type]
        assert Credit.from_dict(c.to_dict()) == c
