"""Small choosers: the entities of the open article (``s``), to search the archive for one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from parser.model import Article
from tui.commands import bindings
from tui.output import safe_text
from tui.strings import t
from tui.widgets.lists import KanbaoList
from tui.widgets.render import ENTITY_LABELS, ENTITY_STYLES


def unique_entities(article: Article) -> list[tuple[str, str, int]]:
    """(text, type, mentions) of the article's entities, in order of first mention."""
    seen: dict[tuple[str, str], int] = {}
    for e in article.entities:
        seen[(e.text, e.type)] = seen.get((e.text, e.type), 0) + 1
    return [(t, ty, n) for (t, ty), n in seen.items()]


class EntityPicker(ModalScreen[str | None]):
    BINDINGS = bindings("dialog")

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box") as box:
            box.border_title = t("picker.title")
            options = [
                Option(Content.assemble((safe_text(text), ENTITY_STYLES.get(etype, "")),
                                        (f"  {t(f'entity.{etype}') if etype in ENTITY_LABELS else etype} ×{n}", "dim")), id=text)
                for text, etype, n in unique_entities(self.article)
            ]
            yield KanbaoList(*options, id="picker-list")

    def on_mount(self) -> None:
        self.query_one(KanbaoList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
