"""Decoding: every encoding and line-end variant users' archives mix, and junk that must be refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parser.decode import NotText, decode_bytes, normalize_text

TEXT = "本报讯（记者 王小明）第一段。\n\n第二段。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_encodings_are_detected_and_recorded(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert decoded.replaced == 0 and decoded.warning is None


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_ends_become_newlines(newline: str) -> None:
    assert decode_bytes(TEXT.replace("\n", newline).encode()).text == TEXT


def test_a_few_bad_bytes_keep_the_rest_and_say_so() -> None:
    data = ("第一段文字。" * 50).encode() + b"\xff\xfe" + ("第二段文字。" * 50).encode()
    decoded = decode_bytes(data)
    assert decoded.replaced > 0
    assert "第二段文字。" in decoded.text and "第一段文字。" in decoded.text
    assert "undecodable" in (decoded.warning or "")


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary\x00" * 10, bytes(range(256)) * 20])
def test_binary_data_is_not_text(data: bytes) -> None:
    with pytest.raises(NotText):
        decode_bytes(data)


def test_empty_file_is_empty_text() -> None:
    assert decode_bytes(b"").text == ""


def test_normalize_spaces_digits_and_cjk_number_gaps() -> None:
    raw = "2０24 年\u00a0共\u200b计 42.08 亿美元，\u3000缩进"
    assert normalize_text(raw) == "2024年 共计42.08亿美元，\u3000缩进"


def test_normalize_keeps_control_characters_for_the_printer_to_handle() -> None:
    assert "\x1b[31m" in normalize_text("红\x1b[31m字")


@given(st.binary(max_size=2000))
def test_decode_never_fails_except_with_not_text(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except NotText:
        return
    assert "\r" not in decoded.text
