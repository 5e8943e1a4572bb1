"""People, places and organisations of the whole archive, by number of articles.

Each row has a sparkline of how many articles named the entity, over the issues in date order,
so a name that was news for one week stands out from one that is always there.  The counts come
first (one pass over the index of entity texts); the sparklines follow row by row, top rows
first, each drawn from at most :data:`SPARK_SAMPLE` of the entity's articles — a uniform sample
(article ids are hashes), so a name in 900,000 articles of a million costs what one in 1,000
does.  Enter lists the entity's articles.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from parser.model import EntityCount
from parser.state import StateStore
from tui.archive_view import ArchiveView
from tui.commands import bindings
from tui.output import safe_text
from tui.strings import t
from tui.widgets.footer import KanbaoFooter
from tui.widgets.lists import KanbaoList
from tui.widgets.render import ENTITY_LABELS, bucket_counts, entity_row, headline_row, sparkline
from tui.widgets.rows import RowList

PER_TYPE = 500  # rows per column: the long tail is reachable through search
SPARK_WIDTH = 16  # cells of the sparkline when the columns have room
SPARK_SAMPLE = 1000  # articles a sparkline is drawn from, at most
SPARK_BATCH = 30  # rows whose sparklines are drawn together


class EntityList(KanbaoList):
    """One column (人名, 地名 or 机构)."""


class EntitiesScreen(Screen[str | None]):
    """Dismisses with an article id chosen from an entity's articles, or None."""

    BINDINGS = bindings("dialog")

    def __init__(self, archive: ArchiveView, state: StateStore | None) -> None:
        super().__init__()
        self.archive = archive
        self.state = state
        self.stats: dict[str, EntityCount] = {}  # option id -> entity
        self.loaded = False  # counts and every sparkline shown

    def compose(self) -> ComposeResult:
        yield Label(t("entities.counting"), id="entities-status")
        with Horizontal(id="entity-columns"):
            for etype in ENTITY_LABELS:
                column = EntityList(id=f"ent-{etype}")
                column.border_title = t(f"entity.{etype}")
                yield column
        yield KanbaoFooter()

    def on_mount(self) -> None:
        self.query_one("#ent-person").focus()
        self.load()

    def _fit(self, shown: list[EntityCount]) -> None:
        """Share a column between name, count and sparkline for the entities ``shown``.  Three
        columns share the width: at 80 columns a row gets ~22 cells, so the sparkline shrinks
        before the row would wrap (names are clipped to what is left); counts take the digits
        of the biggest (926099篇 at a million articles wrapped every row when four were assumed)."""
        column = max(16, self.size.width // 3 - 4)
        self.count_width = max(4, len(str(max((e.count for e in shown), default=0))))
        fixed = cell_len(t("entity.articles", n="0" * self.count_width)) + 2  # the count and the list's padding
        self.spark_width = max(4, min(SPARK_WIDTH, column - fixed - 8))
        name_room = column - fixed - self.spark_width
        self.name_width = min(max((cell_len(e.text) for e in shown), default=8) + 2, 20, name_room)

    @work(thread=True, exclusive=True, group="entities")
    def load(self) -> None:
        worker = get_current_worker()
        archive = self.archive
        rows: dict[str, list[EntityCount]] = {t: [] for t in ENTITY_LABELS}
        totals: dict[str, int] = dict.fromkeys(ENTITY_LABELS, 0)
        for entity in archive.entity_counts():  # by number of articles naming them
            if entity.type not in rows:
                continue
            totals[entity.type] += 1
            if len(rows[entity.type]) < PER_TYPE:
                rows[entity.type].append(entity)
        n_issues = len(archive.issues)
        self.app.call_from_thread(self._show, rows, totals, n_issues)
        if not any(rows.values()):
            return
        issue_at = {issue.id: n for n, issue in enumerate(archive.issues)}
        batch: list[tuple[str, int, str]] = []
        for rank in range(max(map(len, rows.values()))):  # row by row: what is on screen first
            for etype, col in rows.items():
                if rank < len(col):
                    issues = archive.entity_issues(col[rank], SPARK_SAMPLE)
                    counts = bucket_counts((issue_at.get(i, -1) for i in issues), n_issues, self.spark_width)
                    batch.append((etype, rank, sparkline(counts)))
            if worker.is_cancelled:
                return
            if len(batch) >= SPARK_BATCH:
                self.app.call_from_thread(self._sparks, batch)
                batch = []
        self.app.call_from_thread(self._sparks, batch, n_issues)

    def _row(self, entity: EntityCount, spark: str) -> Content:
        return entity_row(entity.text, entity.type, entity.count, spark, self.name_width, self.count_width)

    def _show(self, rows: dict[str, list[EntityCount]], totals: dict[str, int], n_issues: int) -> None:
        self._fit([e for col in rows.values() for e in col])
        blank = " " * self.spark_width
        for etype, col in rows.items():
            widget = self.query_one(f"#ent-{etype}", EntityList)
            keys = [f"{etype}:{n}" for n in range(len(col))]
            widget.set_options(Option(self._row(e, blank), id=k) for k, e in zip(keys, col, strict=True))
            widget.border_subtitle = t("entities.total", n=totals[etype])
            if col:
                widget.highlighted = 0
            self.stats.update(zip(keys, col, strict=True))
        status = self.query_one("#entities-status", Label)
        if not any(rows.values()):
            status.update(t("entities.none"))
            self.loaded = True
        else:
            status.update(t("entities.drawing", n=n_issues))

    def _sparks(self, batch: list[tuple[str, int, str]], n_issues: int | None = None) -> None:
        """Put drawn sparklines in their rows; with ``n_issues``, the last of them."""
        for etype, rank, spark in batch:
            key = f"{etype}:{rank}"
            self.query_one(f"#ent-{etype}", EntityList).replace_option_prompt(key, self._row(self.stats[key], spark))
        if n_issues is not None:
            self.query_one("#entities-status", Label).update(t("entities.legend", n=n_issues))
            self.loaded = True

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        stat = self.stats.get(event.option.id or "")
        if stat is None:
            return

        def chosen(article_id: str | None) -> None:
            if article_id:
                self.dismiss(article_id)

        self.app.push_screen(EntityArticles(stat, self.archive, self.state), chosen)

    def action_close(self) -> None:
        self.dismiss(None)


class EntityArticleList(RowList[str]):
    """Article ids, drawn on demand: a name can be in most of a million articles."""


class EntityArticles(Screen[str | None]):
    """The articles naming one entity, in reading order; Enter opens one."""

    BINDINGS = bindings("dialog")

    def __init__(self, entity: EntityCount, archive: ArchiveView, state: StateStore | None) -> None:
        super().__init__()
        self.entity = entity
        self.archive = archive
        self.state = state
        self.loaded = False

    def compose(self) -> ComposeResult:
        entity = self.entity
        label = t(f"entity.{entity.type}") if entity.type in ENTITY_LABELS else entity.type
        yield Label(t("entities.title", label=label, text=entity.text, n=entity.count), id="entity-title")
        articles = EntityArticleList(self._row, key=str, id="entity-articles")
        articles.border_title = entity.text
        articles.border_subtitle = t("entities.listing")
        yield articles
        yield KanbaoFooter()

    def on_mount(self) -> None:
        self.query_one(EntityArticleList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="entity-articles")
    def load(self) -> None:
        ids = self.archive.entity_articles(self.entity)
        self.app.call_from_thread(self._show, ids)

    def _show(self, ids: tuple[str, ...]) -> None:
        widget = self.query_one(EntityArticleList)
        widget.set_items(ids)
        widget.border_subtitle = ""
        if ids:
            widget.highlighted = 0
        self.loaded = True

    def _row(self, article_id: str) -> Content:
        state = self.state
        try:
            h = self.archive.headline(article_id)
        except KeyError:  # named by the index but no longer in the archive
            return Content.styled(article_id, "dim")
        row = headline_row(h, read=bool(state and state.is_read(article_id)),
                           bookmarked=bool(state and state.is_bookmarked(article_id)))
        where = (h.date or h.issue) + (" " + t("page.number", n=h.page_number) if h.page_number is not None else "")
        return Content.assemble((safe_text(where), "dim"), " ", row)

    @on(RowList.Selected, "#entity-articles")
    def _selected(self, event: RowList.Selected) -> None:
        self.dismiss(event.row_id)

    def action_close(self) -> None:
        self.dismiss(None)
