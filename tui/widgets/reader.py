"""The reader pane: one article, entities highlighted by type, mentions clickable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.selection import Selection
from textual.widgets import Static

from parser.model import Article
from tui.commands import bindings
from tui.widgets.render import article_content, legend
from tui.widgets.wrap import ChineseText


class ArticleBody(Static):
    """The article text, broken into lines by the Chinese rules at the reading width.

    ``auto_links`` is off: entity mentions carry ``@click`` actions, and Textual's link style would
    otherwise repaint them all in the link colour and hide the person/place/org colours.
    """

    def on_mount(self) -> None:
        self.auto_links = False

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """A mouse selection is taken from the lines as drawn, not from the unbroken text."""
        visual = self.visual
        if isinstance(visual, ChineseText):
            text = visual.selected_text(selection, self.content_region.width)
            return (text, "\n") if text is not None else None
        return super().get_selection(selection)


class ArticleView(VerticalScroll):
    """Scrollable reader.  Attributes down: ``article`` and ``highlight`` are set (or data-bound)
    by the screen; clicks on entity mentions run ``screen.entity_clicked(index)``."""

    BINDINGS = bindings("reader")
    article: reactive[Article | None] = reactive(None)
    highlight: reactive[bool] = reactive(True)

    def compose(self) -> ComposeResult:
        yield ArticleBody(id="article-body")
        yield Static(legend(), id="legend")

    def _render_article(self) -> None:
        if not self.is_mounted:
            return
        body = self.query_one(ArticleBody)
        article = self.article
        if article is None:
            body.update("")
            self.query_one("#legend").display = False
            return
        body.update(article_content(article, highlight=self.highlight, click_action="screen.entity_clicked"))
        self.query_one("#legend").display = bool(article.entities)

    def watch_article(self, old: Article | None, new: Article | None) -> None:
        self._render_article()
        if old is None or new is None or old.id != new.id:
            self.scroll_home(animate=False)

    def watch_highlight(self) -> None:
        self._render_article()

    def on_mount(self) -> None:
        self._render_article()
