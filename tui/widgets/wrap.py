"""Styled text that wraps by the Chinese line-breaking rules of :mod:`tui.linebreak`.

:class:`ChineseText` is a Textual ``Content`` that, whenever a widget asks for its lines at a
width (``render_strips``, ``get_height``), first breaks each paragraph by those rules and hands
Textual lines that already fit, so Textual's own whitespace wrapping never runs.  It is the one
hook for every wrapped text of the TUI: the reader, the headline list, search snippets and the
entities view.  Spaces stay real spaces (a line drops the spaces it breaks at), so text copied
from the terminal is the text of the article.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions

from tui.linebreak import line_spans


def _spans(para: str, width: int) -> list[tuple[int, int]]:
    """Lines of one paragraph; a paragraph that fits (most list rows) is not examined further."""
    return [(0, len(para))] if cell_len(para) <= width else line_spans(para, width)


def fold(content: Content, width: int) -> Content:
    """``content`` with explicit newlines where the Chinese rules break it at ``width`` cells."""
    plain = content.plain
    pieces: list[Content] = []
    at = 0
    for para in plain.split("\n"):
        for start, end in _spans(para, width):
            pieces.append(content[at + start:at + end])
        at += len(para) + 1
    return Content("\n").join(pieces)


def line_count(text: str, width: int) -> int:
    """How many lines ``text`` takes at ``width`` cells (what a list needs to place its rows)."""
    return sum(len(_spans(para, width)) for para in text.split("\n"))


class ChineseText(Content):
    """Content folded by :func:`fold` at whatever width it is drawn (cached per width)."""

    __slots__ = ["_folds"]

    def __init__(self, content: Content | str) -> None:
        if isinstance(content, str):
            content = Content(content)
        super().__init__(content.plain, list(content.spans), strip_control_codes=False)
        self._folds: dict[int, Content] = {}

    def folded(self, width: int) -> Content:
        """The lines drawn at ``width`` cells, as plain Content with newlines."""
        if (lines := self._folds.get(width)) is None:
            if len(self._folds) > 8:
                self._folds.clear()
            lines = self._folds[width] = fold(Content(self.plain, list(self.spans),
                                                      strip_control_codes=False), max(width, 1))
        return lines

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        pad = options.rules.get("line_pad", 0) * 2
        return self.folded(width - pad).render_strips(width, height, style, options)

    def get_height(self, rules: RulesMap, width: int) -> int:
        # Counted on the plain text: a list asks this of every row, and draws only a screenful.
        pad = rules.get("line_pad", 0) * 2
        return line_count(self.plain, max(width - pad, 1))

    def selected_text(self, selection: Selection, width: int) -> str | None:
        """What a mouse selection covers, on the lines as drawn at ``width``."""
        return selection.extract(self.folded(width).plain)
