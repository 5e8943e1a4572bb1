"""Search as you type, fzf-style: the input keeps focus, results follow every keystroke.

Typing never waits for the search: each change restarts a short debounce timer, the search runs
in an exclusive thread worker, and a result is shown only if its query is still the one in the
box (stale results are dropped, as in Textual's dictionary example).
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from parser.query import parse_query
from parser.search import SearchError
from parser.state import StateStore
from tui.archive_view import ArchiveView
from tui.commands import bindings
from tui.output import safe_text
from tui.strings import count, t
from tui.widgets.footer import KanbaoFooter
from tui.widgets.lists import KanbaoList
from tui.widgets.render import ENTITY_STYLES, hit_row
from tui.widgets.wrap import ChineseText

DEBOUNCE = 0.08  # seconds: below a typing interval, above a key-repeat burst
LIMIT = 200


def describe_query(text: str) -> Content | None:
    """How the engine read the query (terms, filters, errors), so filters are visible as typed."""
    q = parse_query(text)
    parts: list[tuple[str, str] | str] = []

    def add(label: str, value: str, style: str = "") -> None:
        if parts:
            parts.append(("  ", ""))
        parts.append((label + " ", "dim"))
        parts.append((safe_text(value), style or "bold"))

    if q.terms:
        add(t("query.terms"), " + ".join(q.terms))
    if q.date is not None:
        add(t("query.date"), f"{q.date.start or '…'}..{q.date.end or '…'}")
    if q.pages is not None:
        add(t("query.page"), f"{q.pages[0]}" if q.pages[0] == q.pages[1] else f"{q.pages[0]}-{q.pages[1]}")
    for etype, values in (("person", q.persons), ("place", q.places), ("org", q.orgs)):
        label = t(f"entity.{etype}")
        for v in values:
            add(label, v, ENTITY_STYLES[etype])
    for flag in ("unread", "read", "bookmarked"):
        if getattr(q, flag, False):
            add(t("query.only"), t(f"query.{flag}"))
    for err in q.errors:
        add("⚠", err, "$text-error")
    return Content.assemble(*parts) if parts else None


class ResultList(KanbaoList):
    """Search results (headline + snippet, matches marked)."""


class SearchScreen(Screen[str | None]):
    """Dismisses with the chosen article id, or None on Esc.

    Attributes down: the app sets ``search_state`` (and ``search_error``) when the index is ready
    or cannot be used; the screen searches again then.
    """

    SHOW_TIMING: ClassVar[bool] = True  # off in snapshot tests: milliseconds differ run to run
    BINDINGS: ClassVar[list[BindingType]] = [*bindings("dialog"), *bindings("search")]

    search_state: reactive[str] = reactive("loading", init=False)  # loading | ready | unavailable

    def __init__(self, archive: ArchiveView | None, state: StateStore | None, query: str = "") -> None:
        super().__init__()
        self.archive = archive
        self.state = state
        self.search_error: str | None = None
        self.initial_query = query
        self.shown_query: str | None = None  # query whose results are on screen
        self._timer: Timer | None = None
        self.searches = 0  # completed searches (tests/benchmarks wait on this)

    def compose(self) -> ComposeResult:
        yield Input(self.initial_query, placeholder=t("search.placeholder"),
                    id="search-input")
        yield Label(ChineseText(Content.styled(t("search.forms"), "dim")), id="search-forms")
        yield Label("", id="search-status")
        results = ResultList(id="results")
        results.border_title = t("search.results")
        yield results
        yield KanbaoFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.initial_query:
            self.start_search(self.initial_query)
        else:
            self._set_status(self._idle_text())

    def _idle_text(self) -> str:
        state = self.search_state
        if state == "ready":
            return t("search.idle")
        if state == "loading":
            return t("search.loading")
        return t("search.unavailable", why=self.search_error or t("search.not_ready"))

    def _set_status(self, text: str | Content) -> None:
        self.query_one("#search-status", Label).update(text)

    # -- typing ---------------------------------------------------------------------------------

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        value = event.value
        self._timer = self.set_timer(DEBOUNCE, lambda: self.start_search(value))

    def start_search(self, query: str) -> None:
        if query != self.query_one(Input).value:
            return  # superseded while the timer was pending
        if not query.strip():
            self.shown_query = query
            self.query_one(ResultList).clear_options()
            self._set_status(self._idle_text())
            self.searches += 1
            return
        if self.search_state != "ready" or self.archive is None:
            self._set_status(self._idle_text())
            return
        self.run_search(query)

    def watch_search_state(self) -> None:
        """The index became ready (or unusable): search what is typed, or say why not."""
        if not self.is_mounted:
            return
        value = self.query_one(Input).value
        if value.strip():
            self.start_search(value)
        else:
            self._set_status(self._idle_text())

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        archive = self.archive
        state = self.state
        assert archive is not None
        started = time.perf_counter()
        try:
            hits = archive.search(query, limit=LIMIT,
                                  read_ids=state.read_ids if state else None,
                                  bookmarked_ids=state.bookmarked_ids if state else None)
            error = None
        except SearchError as exc:  # the index cannot answer: say so in the status line
            hits, error = [], str(exc)
        elapsed = time.perf_counter() - started
        described = describe_query(query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_results, query, hits, elapsed, error, described)

    def _show_results(self, query: str, hits: list[Any], elapsed: float, error: str | None,
                      described: Content | None = None) -> None:
        if query != self.query_one(Input).value:
            return  # stale: the user kept typing
        archive = self.archive
        assert archive is not None
        results = self.query_one(ResultList)
        options = []
        for hit in hits:
            try:
                headline = archive.headline(hit.id)
            except KeyError:  # hit from an index newer than this view: show it without page name
                headline = None
            options.append(Option(hit_row(hit, headline), id=hit.id))
        results.set_options(options)
        if options:
            results.highlighted = 0
        self.shown_query = query
        self.searches += 1
        if error:
            self._set_status(Content.assemble((t("search.bad_query"), "bold $text-error"), error))
        else:
            more = "+" if len(hits) >= LIMIT else ""
            self._set_status(Content.assemble((count("search.count", len(hits), more=more), "bold"),
                                              (f"  {elapsed * 1000:.0f} ms" if self.SHOW_TIMING else "", "dim"),
                                              "   ", described or ""))

    # -- choosing -------------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        results = self.query_one(ResultList)
        if results.option_count:
            current = results.highlighted if results.highlighted is not None else -1
            results.highlighted = max(0, min(results.option_count - 1, current + delta))

    @on(Input.Submitted, "#search-input")
    def _submitted(self) -> None:
        article_id = self.query_one(ResultList).highlighted_id()
        if article_id:
            self.dismiss(article_id)

    @on(OptionList.OptionSelected, "#results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
