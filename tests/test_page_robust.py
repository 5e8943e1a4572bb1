"""The page parser never raises and always prints schema-valid pages, whatever it is fed."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parser.decode import NotText, decode_bytes
from parser.page import parse_page

# Text built from the characters page dumps are made of, so the generator reaches the
# interesting branches (bylines, brackets, bullets, markdown, indents) instead of only noise.
_PIECES = st.sampled_from([
    "本报讯", "（", "）", "(", ")", "记者", "通讯员", "实习生", "本报评论员", "摄", "文", "图", " ",
    "  ", "\n", "\n\n", "\n\n\n", "\u3000\u3000", "#", "## ", "●", "□", "——", "。", "，", "、", "！",
    "？", "“", "”", "……", "：", "林晓岚", "叶 舟", "桐江", "新华社桐江1月2日电", "第2版", "星期一",
    "2023年5月16日", "（下转第3版）", "校对：", "简讯", "图片新闻", "12.5%", "abc", "\u00a0",
    "\u200b", "１２", "\t", "**", "---", "青溪镇举办活动", "\ufffd",
])
page_texts = st.one_of(
    st.lists(_PIECES, max_size=80).map("".join),
    st.text(max_size=400),
)


_VALIDATORS: dict[int, jsonschema.protocols.Validator] = {}


def _check(page_dict: dict, schema: dict) -> None:
    validator = _VALIDATORS.get(id(schema))
    if validator is None:
        cls = jsonschema.validators.validator_for(schema)
        validator = _VALIDATORS[id(schema)] = cls(schema)
    validator.validate(page_dict)
    json.dumps(page_dict, ensure_ascii=False)
    assert not any("parser failed" in w for w in page_dict["warnings"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=page_texts)
def test_any_text_parses_to_a_valid_page(text: str, page_schema: dict) -> None:
    page = parse_page(text, source="any.txt", rel_path="any.txt")
    _check(page.to_dict(), page_schema)
    ids = [a.id for a in page.articles]
    assert len(ids) == len(set(ids))
    assert [a.ordinal for a in page.articles] == list(range(len(page.articles)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600))
def test_any_bytes_decode_or_are_refused_then_parse(data: bytes, page_schema: dict) -> None:
    try:
        decoded = decode_bytes(data)
    except NotText:
        return
    page = parse_page(decoded.text, source="b.txt", rel_path="b.txt", encoding=decoded.encoding)
    _check(page.to_dict(), page_schema)


@pytest.mark.parametrize("text", ids=lambda t: repr(t[:12]), argvalues=[
    "本报讯" * 50_000,
    "（" * 100_000 + "摄",
    "记者 " * 100_000,
    "甲 " * 100_000 + "摄",
    "短行\n" * 20_000,
    "标语  \n" * 20_000,
    "\u3000\u3000段落。\n" * 20_000,
    "#" * 50_000 + "x",
    "# 标题" + "#" * 50_000 + " " * 50_000 + "尾",
    "标题\n（" + "评" * 100_000 + "\n\u3000\u3000正文。\n\u3000\u3000正文。\n",
    "- " * 50_000 + "x",
])
def test_pathological_inputs_finish_with_valid_output(text: str, page_schema: dict) -> None:
    page = parse_page(text, source="p.txt", rel_path="p.txt")
    _check(page.to_dict(), page_schema)


def test_a_million_character_line_keeps_its_text(page_schema: dict) -> None:
    body = ("桐江新区推进产业升级，" * 90_910)[:999_999] + "。"
    page = parse_page("# 长文\n\n" + body, source="long.txt", rel_path="long.txt")
    _check(page.to_dict(), page_schema)
    assert len(page.articles) == 1
    assert page.articles[0].paragraphs == (body,)
