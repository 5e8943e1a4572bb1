"""Byline and credit parsing on invented names."""

from __future__ import annotations

import pytest

from parser.credits import (
    parse_credit_line,
    parse_credit_text,
    parse_lead,
    parse_staff_line,
    photo_source,
    split_photo_credit,
    strip_trailing_credit,
)


def pairs(credits) -> list[tuple[str, str]]:
    return [(c.role, c.name) for c in credits]


@pytest.mark.parametrize(("text", "expected"), [
    ("记者 林晓岚", [("reporter", "林晓岚")]),
    ("通讯员 沈一帆 记者 林晓岚", [("correspondent", "沈一帆"), ("reporter", "林晓岚")]),
    ("沈一帆 记者 林晓岚", [("correspondent", "沈一帆"), ("reporter", "林晓岚")]),
    ("记者 方卓然、林晓岚", [("reporter", "方卓然"), ("reporter", "林晓岚")]),
    ("记者 方卓然 林晓岚", [("reporter", "方卓然"), ("reporter", "林晓岚")]),
    ("记者林晓岚", [("reporter", "林晓岚")]),
    ("记者 叶 舟", [("reporter", "叶舟")]),
    ("本报记者 叶 舟 顾 晴", [("reporter", "叶舟"), ("reporter", "顾晴")]),
    ("记者 方卓然 实习生 白若溪", [("reporter", "方卓然"), ("intern", "白若溪")]),
    ("本报评论员 顾一鸣", [("commentator", "顾一鸣")]),
    ("综合本报记者林晓岚、方卓然报道", [("reporter", "林晓岚"), ("reporter", "方卓然")]),
])
def test_parse_credit_text(text: str, expected: list[tuple[str, str]]) -> None:
    assert pairs(parse_credit_text(text)) == expected


@pytest.mark.parametrize(("text", "source", "dateline", "credits", "rest"), [
    ("本报讯（记者 林晓岚）昨天开幕。", "本报讯", None, [("reporter", "林晓岚")], "昨天开幕。"),
    ("本报讯 昨天开幕。", "本报讯", None, [], "昨天开幕。"),
    ("本报桐江1月31日电（记者林晓岚）今天开幕。", "本报", "本报桐江1月31日电", [("reporter", "林晓岚")], "今天开幕。"),
    ("新华社云岭3月5日电 （记者 方卓然 顾一鸣）今天开工。", "新华社", "新华社云岭3月5日电",
     [("reporter", "方卓然"), ("reporter", "顾一鸣")], "今天开工。"),
    ("据新华社云岭3月5日电 今天开工。", "新华社", "据新华社云岭3月5日电", [], "今天开工。"),
    ("（记者 林晓岚）昨天开幕。", None, None, [("reporter", "林晓岚")], "昨天开幕。"),
])
def test_parse_lead(text: str, source, dateline, credits, rest: str) -> None:
    byline, body = parse_lead(text)
    assert (byline.source, byline.dateline, pairs(byline.credits), body) == (source, dateline, credits, rest)


@pytest.mark.parametrize("text", [
    "昨天，桐江新区召开会议。",
    "本报记者从桐江新区获悉，会议昨天召开。",
    "（上接第1版）会议指出。",
    "新华书店今天开门。",
])
def test_parse_lead_leaves_ordinary_paragraphs_alone(text: str) -> None:
    byline, body = parse_lead(text)
    assert body == text and not byline.credits and byline.source is None


@pytest.mark.parametrize(("line", "expected"), [
    ("□ 记者 林晓岚 通讯员 沈一帆", [("reporter", "林晓岚"), ("correspondent", "沈一帆")]),
    ("□ 本报评论员 顾一鸣", [("commentator", "顾一鸣")]),
    ("何星河 季远山 摄", [("photographer", "何星河"), ("photographer", "季远山")]),
    ("何星河 季远山摄", [("photographer", "何星河"), ("photographer", "季远山")]),
    ("本报记者 叶 舟摄", [("photographer", "叶舟")]),
    ("本报记者 林晓岚文 叶 舟摄", [("author", "林晓岚"), ("photographer", "叶舟")]),
    ("林晓岚文 方卓然摄", [("author", "林晓岚"), ("photographer", "方卓然")]),
    ("孟子衿摄（城市影像）", [("photographer", "孟子衿")]),
    ("（记者 林晓岚）", [("reporter", "林晓岚")]),
    ("本报记者 林晓岚", [("reporter", "林晓岚")]),
    ("（林晓岚采访整理）", [("author", "林晓岚")]),
])
def test_parse_credit_line(line: str, expected) -> None:
    byline = parse_credit_line(line)
    assert byline is not None
    assert pairs(byline.credits) == expected


def test_credit_line_with_dateline_only() -> None:
    byline = parse_credit_line("（本报桐江5月15日电）")
    assert byline is not None and byline.dateline == "本报桐江5月15日电" and byline.source == "本报"


@pytest.mark.parametrize("line", [
    "记者手记",
    "桐江新区召开园区招商推介会",
    "（作者为桐江大学教授）",
    "会议由林晓岚主持。",
    "这是一段普通的正文，没有署名",
    "（桐江时评）",
])
def test_prose_and_titles_are_not_credit_lines(line: str) -> None:
    assert parse_credit_line(line) is None


def test_split_photo_credit_from_caption() -> None:
    got = split_photo_credit("图为改造后的老街。 何星河 季远山 摄")
    assert got is not None
    caption, byline = got
    assert caption == "图为改造后的老街。"
    assert pairs(byline.credits) == [("photographer", "何星河"), ("photographer", "季远山")]
    assert split_photo_credit("记者在现场进行拍摄。") is None


def test_strip_trailing_credit_of_a_brief_item() -> None:
    got = strip_trailing_credit("新馆藏书三十万册。（通讯员 许知远 记者 方卓然）")
    assert got is not None
    text, byline = got
    assert text == "新馆藏书三十万册。"
    assert pairs(byline.credits) == [("correspondent", "许知远"), ("reporter", "方卓然")]
    assert strip_trailing_credit("（作者为桐江大学教授，记者林晓岚整理）") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("版式设计：韩小满", [("designer", "韩小满")]),
    ("本版制图：顾 晴", [("graphics", "顾晴")]),
    ("制图：方卓然、叶舟", [("graphics", "方卓然"), ("graphics", "叶舟")]),
    ("本版制图：顾晴  责任编辑：林晓岚", [("graphics", "顾晴"), ("editor", "林晓岚")]),
    ("编辑部今天召开会议，讨论春季选题", None),
    ("制图：这是一段说明文字而不是人名的长句子", None),
    ("记者 林晓岚", None),
])
def test_parse_staff_line(text: str, expected: list[tuple[str, str]] | None) -> None:
    got = parse_staff_line(text)
    assert (pairs(got) if got is not None else None) == expected


@pytest.mark.parametrize(("text", "name"), [
    ("（桐江视觉）", "桐江视觉"),
    ("云岭图片社", "云岭图片社"),
    ("（记者 林晓岚）", None),
    ("（这是一段很长的说明文字不是来源）", None),
])
def test_photo_source(text: str, name: str | None) -> None:
    c = photo_source(text)
    assert (c.name if c else None) == name
    assert c is None or c.role == "photo_source"


@pytest.mark.parametrize("text", ["（记者手记）", "（记者观察）", "记者手记"])
def test_column_genre_after_a_role_word_names_nobody(text: str) -> None:
    assert parse_credit_line(text) is None
    assert strip_trailing_credit(f"种树就是种希望{text}") is None
