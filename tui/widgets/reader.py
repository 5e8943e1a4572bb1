"""The reader pane: one article, entities highlighted by type, mentions clickable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from parser.model import Article
from tui.commands import bindings
from tui.widgets.render import article_content, legend


class ArticleBody(Static):
    """The article text; a Static so it wraps CJK text to the reading width.

    ``auto_links`` is off: entity mentions carry ``@click`` actions, and Textual's link style would
    otherwise repaint them all in the link colour and hide the person/place/org colours.
    """

    def on_mount(self) -> None:
        self.auto_links = False


class ArticleView(VerticalScroll):
    """Scrollable reader.  Attributes down: ``article`` and ``highlight`` are set (or data-bound)
    by the screen; clicks on entity mentions run ``screen.entity_clicked(index)``."""

    BINDINGS = bindings("reader")
    article: reactive[Article | None] = reactive(None)
    highlight: reactive[bool] = reactive(True)
    _rendered_width: int | None = None  # the width the article's lines were broken for

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
        width = body.content_region.width or None  # unknown before the first layout: Textual folds
        self._rendered_width = width
        body.update(article_content(article, highlight=self.highlight, click_action="screen.entity_clicked",
                                    width=width))
        self.query_one("#legend").display = bool(article.entities)

    def watch_article(self, old: Article | None, new: Article | None) -> None:
        self._render_article()
        if old is None or new is None or old.id != new.id:
            self.scroll_home(animate=False)

    def watch_highlight(self) -> None:
        self._render_article()

    def on_mount(self) -> None:
        self._render_article()

    def on_resize(self) -> None:
        # Lines are broken for a width (Chinese line-breaking rules), so a new width re-breaks them.
        if self.article is not None and self.query_one(ArticleBody).content_region.width != self._rendered_width:
            self.call_after_refresh(self._render_article)
