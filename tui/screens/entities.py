"""People, places and organisations of the whole archive, by number of articles.

Each row has a sparkline of how many articles named the entity, over the issues in date order,
so a name that was news for one week stands out from one that is always there.  The index is
built in a worker; Enter lists the entity's articles.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from parser.state import StateStore
from tui.archive_view import ArchiveView, EntityStatView
from tui.commands import bindings
from tui.output import safe_text
from tui.strings import t
from tui.widgets.footer import KanbaoFooter
from tui.widgets.lists import KanbaoList
from tui.widgets.render import ENTITY_LABELS, bucket_counts, entity_row, headline_row, sparkline

PER_TYPE = 500  # rows per column: the long tail is reachable through search
SPARK_WIDTH = 16  # cells of the sparkline when the columns have room


class EntityList(KanbaoList):
    """One column (人名, 地名 or 机构)."""


class EntitiesScreen(Screen[str | None]):
    """Dismisses with an article id chosen from an entity's articles, or None."""

    BINDINGS = bindings("dialog")

    def __init__(self, archive: ArchiveView, state: StateStore | None) -> None:
        super().__init__()
        self.archive = archive
        self.state = state
        self.stats: dict[str, EntityStatView] = {}  # option id -> entity
        self.loaded = False

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
        # Three columns share the width: at 80 columns a row gets ~22 cells, so the sparkline
        # shrinks before the row would wrap (names are clipped to what is left).
        column = max(16, self.size.width // 3 - 4)
        fixed = cell_len(t("entity.articles", n=0)) + 2  # the count ("   0篇 ") and the list's padding
        self.spark_width = max(4, min(SPARK_WIDTH, column - fixed - 8))
        self.name_room = column - fixed - self.spark_width
        self.load()

    @work(thread=True, exclusive=True, group="entities")
    def load(self) -> None:
        archive = self.archive
        # By number of articles naming them (the index orders by mentions); stable, so ties keep its order.
        order, issue_at = archive.reading_order()  # (each article's issue: the sparklines)
        stats = sorted(archive.entity_index(positions=order), key=lambda s: -len(s.article_ids))
        n_issues = len(archive.issues)
        rows: dict[str, list[tuple[str, Any, str]]] = {t: [] for t in ENTITY_LABELS}
        totals: dict[str, int] = dict.fromkeys(ENTITY_LABELS, 0)
        for stat in stats:
            if stat.type not in rows:
                continue
            totals[stat.type] += 1
            if len(rows[stat.type]) >= PER_TYPE:
                continue
            counts = bucket_counts((issue_at.get(a, -1) for a in stat.article_ids), n_issues, self.spark_width)
            key = f"{stat.type}:{len(rows[stat.type])}"
            rows[stat.type].append((key, stat, sparkline(counts)))
        self.app.call_from_thread(self._show, rows, totals, n_issues)

    def _show(self, rows: dict[str, list[tuple[str, Any, str]]], totals: dict[str, int], n_issues: int) -> None:
        width = max((cell_len(stat.text) for col in rows.values() for _, stat, _ in col), default=8)
        width = min(width + 2, 20, self.name_room)
        for etype, col in rows.items():
            widget = self.query_one(f"#ent-{etype}", EntityList)
            widget.set_options(Option(entity_row(stat.text, stat.type, len(stat.article_ids), spark, width), id=key)
                               for key, stat, spark in col)
            widget.border_subtitle = t("entities.total", n=totals[etype])
            if col:
                widget.highlighted = 0
            self.stats.update({key: stat for key, stat, _ in col})
        if not any(rows.values()):
            self.query_one("#entities-status", Label).update(t("entities.none"))
        else:
            self.query_one("#entities-status", Label).update(
                t("entities.legend", n=n_issues))
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


class EntityArticles(Screen[str | None]):
    """The articles naming one entity, in reading order; Enter opens one."""

    BINDINGS = bindings("dialog")

    def __init__(self, stat: EntityStatView, archive: ArchiveView, state: StateStore | None) -> None:
        super().__init__()
        self.stat = stat
        self.archive = archive
        self.state = state

    def compose(self) -> ComposeResult:
        label = t(f"entity.{self.stat.type}") if self.stat.type in ENTITY_LABELS else self.stat.type
        yield Label(t("entities.title", label=label, text=self.stat.text, n=len(self.stat.article_ids)),
                    id="entity-title")
        articles = KanbaoList(id="entity-articles")
        articles.border_title = self.stat.text
        yield articles
        yield KanbaoFooter()

    def on_mount(self) -> None:
        archive = self.archive
        state = self.state
        options = []
        for aid in self.stat.article_ids:
            try:
                h = archive.headline(aid)
            except KeyError:  # named by the index but no longer in the archive
                continue
            row = headline_row(h, read=bool(state and state.is_read(aid)),
                               bookmarked=bool(state and state.is_bookmarked(aid)))
            where = (h.date or h.issue) + (" " + t("page.number", n=h.page_number) if h.page_number is not None else "")
            options.append(Option(Content.assemble((safe_text(where), "dim"), " ", row), id=aid))
        widget = self.query_one(KanbaoList)
        widget.set_options(options)
        if options:
            widget.highlighted = 0
        widget.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
