"""The output contract: terminal-safe text, colour policy, renderers for pipes."""

from __future__ import annotations

import io

import pytest

from parser.model import Article, Credit, Entity
from tui.output import render_markdown, render_text, safe_text, use_colour

HOSTILE = "正文\x1b[31m红\x1b[0m\x1b]0;title\x07标题\x1b]52;c;ZXZpbA==\x1b\\剪贴\x07\x9b2J\x08结束"


def test_safe_text_strips_every_escape_and_control() -> None:
    clean = safe_text(HOSTILE)
    assert clean == "正文红标题剪贴结束"
    assert all(ord(c) >= 0x20 and not 0x7F <= ord(c) <= 0x9F for c in clean)


def test_safe_text_keeps_newlines_tabs_and_markup_like_text() -> None:
    assert safe_text("a\tb\n[bold red]x[/]") == "a\tb\n[bold red]x[/]"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not use_colour("auto", io.StringIO())
    assert use_colour("auto", _Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour("auto", _Tty())
    assert use_colour("always", io.StringIO())
    assert not use_colour("never", _Tty())


ARTICLE = Article(
    id="abc1234", kind="news", headline="标题[b]x[/b]", kicker="引题", subheadline="副题",
    source="本报讯", credits=(Credit("reporter", "王小明"), Credit("correspondent", "李四")),
    paragraphs=("王小明来到东山镇。\x1b[2J", "第二段。"),
    entities=(Entity("王小明", "person", "paragraphs", 0, 0, 3),),
)


def test_plain_text_has_paragraphs_separated_by_blank_lines_and_no_escapes() -> None:
    text = render_text(ARTICLE)
    assert "\x1b" not in text
    assert text.split("\n\n")[1:] == ["王小明来到东山镇。", "第二段。\n"]
    assert "记者 王小明" in text and "通讯员 李四" in text


def test_colour_text_highlights_entities_but_never_passes_article_escapes() -> None:
    text = render_text(ARTICLE, colour=True)
    assert "\x1b[36m王小明\x1b[0m" in text
    assert "\x1b[2J" not in text


def test_markdown_escapes_markup() -> None:
    md = render_markdown(ARTICLE)
    assert md.startswith("*引题*\n\n# 标题\\[b\\]x\\[/b\\]")
