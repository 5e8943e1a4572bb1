"""The main screen: issues | headlines of the issue, by page | the article.

This screen owns the browsing state (current issue, current article, reader open or not,
highlighting on or off); the lists and the reader only draw what they are given and post
messages (highlighted / selected) back up.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Label, OptionList, ProgressBar
from textual.widgets.option_list import Option, OptionDoesNotExist

from parser.model import Article, Headline, Issue
from parser.state import StateStore
from tui.archive_view import ArchiveView
from tui.commands import bindings
from tui.messages import Progress, SearchRequested
from tui.output import safe_text
from tui.strings import count, t
from tui.widgets.footer import KanbaoFooter
from tui.widgets.lists import KanbaoList
from tui.widgets.reader import ArticleView
from tui.widgets.render import headline_row, issue_row, page_header
from tui.widgets.rows import RowList


def display_order(issues: tuple[Issue, ...]) -> list[Issue]:
    """Issues as listed: dated ones newest first (today's paper on top), then undated by path."""
    dated = [i for i in issues if i.date]
    undated = [i for i in issues if not i.date]
    dated.sort(key=lambda i: (i.date or "", i.id), reverse=True)
    undated.sort(key=lambda i: i.id)
    return dated + undated


NORMAL_WIDTH = 110  # columns from which the three panes sit side by side at full size
WIDE_WIDTH = 170  # columns from which the story keeps its measure and the lists take the rest
ISSUE_SETTLE = 0.06  # seconds the issue cursor must rest before its headlines are shown


class IssueList(RowList[Issue]):
    """Issues of the archive, newest first: two lines each, drawn on demand (a national paper
    has tens of thousands; ``RowList`` holds none of their rows in memory)."""


class HeadlineList(KanbaoList):
    """Headlines of one issue, grouped under page dividers."""


class MainScreen(Screen[None]):
    """Attributes down: the app sets ``archive``, ``progress``, ``search_state``, ``load_error``
    and ``chosen`` (an article picked in search or the entities view); the screen draws them."""

    BINDINGS = bindings("main")
    # Classes for the layout (kanbao.tcss): -narrow at 80 columns, -wide from 170.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [
        (0, "-narrow"), (NORMAL_WIDTH, "-normal"), (WIDE_WIDTH, "-wide")]

    highlight: reactive[bool] = reactive(True)
    reading: reactive[bool] = reactive(False)
    lists_toggled: reactive[bool] = reactive(False)  # w: the lists beside the story, or not
    current_article: reactive[Article | None] = reactive(None)  # the article on screen (data-bound)
    archive: reactive[ArchiveView | None] = reactive(None, always_update=True, init=False)
    progress: reactive[Progress | None] = reactive(None, init=False)
    search_state: reactive[str] = reactive("loading", init=False)  # loading | ready | unavailable
    load_error: reactive[str | None] = reactive(None, init=False)
    chosen: reactive[str | None] = reactive(None, always_update=True, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.state: StateStore | None = None  # set by the app before ``archive``
        self.search_error: str | None = None
        self.issue_order: list[Issue] = []
        self._article_total = 0  # articles of the issues in issue_order (counted without decoding)
        self.current_issue: str | None = None
        self.wanted_article: str | None = None  # the one the cursor is on (may still be loading)
        self._last_pipe_command = ""
        self._issue_timer: Timer | None = None
        self._shown_headlines: tuple[Headline, ...] = ()  # what the headline list was filled with

    # -- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="报")
        with Horizontal(id="panes"):
            issues = IssueList(self._issue_row, key=_issue_id, row_height=2, id="issues")
            issues.border_title = t("pane.issues")
            yield issues
            heads = HeadlineList(id="headlines")
            heads.border_title = t("pane.headlines")
            yield heads
            yield ArticleView(id="reader").data_bind(MainScreen.highlight, article=MainScreen.current_article)
        with Horizontal(id="statusbar"):
            yield Label(t("status.opening"), id="status")
            yield ProgressBar(id="progress", show_eta=False, show_percentage=True)
        yield KanbaoFooter()

    def on_mount(self) -> None:
        self.query_one("#reader").border_title = t("pane.reader")
        self.query_one(HeadlineList).focus()

    # -- loading --------------------------------------------------------------------------------

    def watch_progress(self, progress: Progress | None) -> None:
        if progress is None:
            return
        done, total, what = progress.done, progress.total, progress.what
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=max(total, 1), progress=done)
        name = safe_text(what).rsplit("/", 1)[-1][:40]
        text = t("status.reading", done=done, total=total) + (f" · {name}" if name else "")
        if what == "names":  # the archive's second pass: confirmed names into every article
            text = t("status.names", done=done, total=total)
        if done >= total:
            text = t("status.sorting", total=total)
        self.query_one("#status", Label).update(text)

    def watch_load_error(self, message: str | None) -> None:
        if message is None:
            return
        self.query_one(ProgressBar).display = False
        self.query_one("#status", Label).update(
            Content.assemble((t("status.cannot_open"), "bold $text-error"), safe_text(message)))

    def watch_archive(self, old: ArchiveView | None, archive: ArchiveView | None) -> None:
        """The archive is open: fill the issue list and select the newest issue.

        The same archive again means the folder changed while its first view was on screen:
        an issue the reader moved to stays selected; one still on the newest issue gets the
        new newest.
        """
        if archive is None:
            return
        keep = old is archive
        self.query_one(ProgressBar).display = False
        self.issue_order = display_order(archive.issues)
        self._article_total = sum(i.article_count for i in self.issue_order)
        issues = self.query_one(IssueList)
        current = self.current_issue if keep and issues.highlighted else None
        at = next((n for n, i in enumerate(self.issue_order) if i.id == current), 0)
        issues.set_items(self.issue_order)
        self.update_status()
        if not self.issue_order:
            return
        if current is not None and self._shown_headlines == self.issue_order[at].headlines:
            issues.highlighted = at  # the issue being read did not change (a long build's next
            return                    # view): its headline list and cursor stay as they are
        self.current_issue = None
        issues.highlighted = at
        self.show_issue(self.issue_order[at].id)

    def watch_search_state(self) -> None:
        self.update_status()

    def watch_chosen(self, article_id: str | None) -> None:
        if article_id:
            self.goto_article(article_id)

    def update_status(self) -> None:
        archive = self.archive
        if archive is None:
            return
        if not archive.issues:  # one line that says why the panes are empty
            skipped = t("status.unreadable", n=len(archive.warnings)) if archive.warnings else ""
            self.query_one("#status", Label).update(
                Content.assemble((t("status.no_pages"), "bold $text-warning"), skipped))
            return
        parts = [count("status.issues", len(archive.issues)), count("status.articles", self._article_total)]
        if archive.warnings:
            parts.append(count("status.skipped", len(archive.warnings)))
        parts.append(t({"ready": "status.search_ready", "loading": "status.search_loading"}.get(
            self.search_state, "status.search_off")))
        self.query_one("#status", Label).update(" · ".join(parts))

    def _issue_row(self, issue: Issue) -> Content:
        """An issue's row, drawn when it scrolls into view (its unread count as of then)."""
        state = self.state
        # (an issue's headlines are decoded only when some article was read)
        unread = sum(1 for h in issue.headlines if not state.is_read(h.id)) if state and state.has_read \
            else issue.article_count
        return issue_row(issue, unread)

    def _headline_option(self, h: Headline) -> Option:
        state = self.state
        return Option(headline_row(h, read=bool(state and state.is_read(h.id)),
                                   bookmarked=bool(state and state.is_bookmarked(h.id))), id=h.id)

    # -- issue / headline selection -------------------------------------------------------------

    def show_issue(self, issue_id: str, *, last: bool = False) -> None:
        """Fill the headline list with ``issue_id``'s articles, grouped by page."""
        if issue_id == self.current_issue:
            return
        archive = self.archive
        if archive is None:
            return
        issue = next((i for i in self.issue_order if i.id == issue_id), None)
        if issue is None:
            return
        self.current_issue = issue_id
        self._shown_headlines = issue.headlines
        options: list[Option] = []
        page_key: object = object()
        for h in issue.headlines:
            # One divider per printed page: crawls store each article of a page in its own file.
            key = (h.page_number, h.page_name) if h.page_number is not None else (None, h.page_name, h.page_id)
            if key != page_key:
                page_key = key
                options.append(Option(page_header(h), disabled=True))
            options.append(self._headline_option(h))
        heads = self.query_one(HeadlineList)
        heads.set_options(options)
        heads.border_title = t("pane.headlines_of", issue=issue.label)
        heads.highlighted = None
        heads.step(-1 if last else 1)

    @on(RowList.Highlighted, "#issues")
    def _issue_highlighted(self, event: RowList.Highlighted) -> None:
        issue_id = event.row_id
        # Holding j in the issue list should not rebuild the headlines and the reader for every
        # issue flown past: wait until the cursor rests for a moment.
        if self._issue_timer is not None:
            self._issue_timer.stop()
        self._issue_timer = self.set_timer(ISSUE_SETTLE, lambda: self.show_issue(issue_id))

    @on(RowList.Selected, "#issues")
    def _issue_selected(self, event: RowList.Selected) -> None:
        self.query_one(HeadlineList).focus()

    @on(OptionList.OptionHighlighted, "#headlines")
    def _headline_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.preview(event.option.id)

    @on(OptionList.OptionSelected, "#headlines")
    def _headline_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open_article(event.option.id)

    def preview(self, article_id: str) -> None:
        """Show ``article_id`` in the reader pane without marking it read.

        The body is loaded in a thread worker: the archive serialises access with a lock that a
        search or the entity index may hold for a moment, and moving the cursor must never wait
        for that.  A load that finishes after the cursor has moved on is dropped.
        """
        if self.archive is None:
            return
        self.wanted_article = article_id
        if self.current_article is not None and self.current_article.id == article_id:
            return
        self._load_article(article_id)

    @work(thread=True, exclusive=True, group="article")
    def _load_article(self, article_id: str) -> None:
        try:
            article: Article | None = self.archive.article(article_id)
        except KeyError:
            article = None
        self.app.call_from_thread(self._article_loaded, article_id, article)

    def _article_loaded(self, article_id: str, article: Article | None) -> None:
        if article_id != self.wanted_article:
            return  # stale: the cursor has moved on
        if article is None:
            self.notify(t("note.gone", id=article_id), severity="warning")
            return
        self.current_article = article

    def open_article(self, article_id: str) -> None:
        """Open in the reader: wide reader, focus, and mark read."""
        self.preview(article_id)
        self.reading = True
        self.query_one(ArticleView).focus()
        state = self.state
        if state is not None and not state.is_read(article_id):
            state.set_read(article_id)
            self.refresh_row(article_id)

    def goto_article(self, article_id: str) -> None:
        """Jump anywhere (from search or the entities view): select its issue and open it."""
        archive = self.archive
        if archive is None:
            return
        issue_id = _issue_of(archive, article_id)
        if issue_id is None:
            self.notify(t("note.gone", id=article_id), severity="warning")
            return
        issues = self.query_one(IssueList)
        issues.highlight_id(issue_id)
        self.show_issue(issue_id)
        self.query_one(HeadlineList).highlight_id(article_id)
        self.open_article(article_id)

    def refresh_row(self, article_id: str) -> None:
        """Redraw one headline row (read/bookmark marks) and its issue's unread count."""
        archive = self.archive
        heads = self.query_one(HeadlineList)
        try:
            index = heads.get_option_index(article_id)
            h = archive.headline(article_id)
        except (OptionDoesNotExist, KeyError):
            return  # not in the list on screen (or gone from the archive): nothing to redraw
        heads.replace_option_prompt_at_index(index, self._headline_option(h).prompt)
        self.query_one(IssueList).refresh_row(h.issue)

    def watch_reading(self, reading: bool) -> None:
        self.set_class(reading, "-reading")

    def watch_lists_toggled(self, toggled: bool) -> None:
        self.set_class(toggled, "-lists-toggled")

    # -- actions (keys come from tui.commands) --------------------------------------------------

    def action_back(self) -> None:
        if self.reading:
            self.reading = False
            self.query_one(HeadlineList).focus()
        elif self.focused is self.query_one(HeadlineList):
            self.query_one(IssueList).focus()

    def _move_article(self, delta: int) -> None:
        heads = self.query_one(HeadlineList)
        if not heads.step(delta):
            # Past the end of this issue: continue in the next (or previous) one, like turning pages.
            if not self._move_issue(delta, last=delta < 0):
                self.notify(t("note.last_article" if delta > 0 else "note.first_article"), timeout=2)
                return
        self._read_if_reading()

    def action_next_article(self) -> None:
        self._move_article(1)

    def action_prev_article(self) -> None:
        self._move_article(-1)

    def _move_issue(self, delta: int, last: bool = False) -> bool:
        issues = self.query_one(IssueList)
        if not self.issue_order:
            return False
        index = (issues.highlighted if issues.highlighted is not None else -1) + delta
        if not 0 <= index < len(self.issue_order):
            return False
        issues.highlighted = index
        self.show_issue(self.issue_order[index].id, last=last)
        return True

    def action_next_issue(self) -> None:
        if not self._move_issue(1):
            self.notify(t("note.last_issue"), timeout=2)
        else:
            self._read_if_reading()

    def action_prev_issue(self) -> None:
        if not self._move_issue(-1):
            self.notify(t("note.first_issue"), timeout=2)
        else:
            self._read_if_reading()

    def _read_if_reading(self) -> None:
        """With the reader open, the article a move lands on is read, whichever key moved."""
        if self.reading and (article_id := self.query_one(HeadlineList).highlighted_id()):
            self.open_article(article_id)

    def _need_article(self) -> Article | None:
        """The article on screen, if it is the one the cursor is on (its text is needed)."""
        article = self.current_article
        if article is None or article.id != self.wanted_article:
            self.notify(t("note.pick_article" if self.wanted_article is None else "note.loading_article"),
                        severity="warning", timeout=2)
            return None
        return article

    def action_bookmark(self) -> None:
        self._toggle_flag(lambda state, i: state.toggle_bookmark(i), "note.bookmarked", "note.unbookmarked")

    def action_toggle_read(self) -> None:
        self._toggle_flag(lambda state, i: state.toggle_read(i), "note.read", "note.unread")

    def _toggle_flag(self, toggle: Callable[[Any, str], bool], on_text: str, off_text: str) -> None:
        """Flip a reading-state flag of the article under the cursor (needs only its id, not its text)."""
        article_id = self.wanted_article
        if article_id is None or self.state is None:
            self.notify(t("note.pick_article"), severity="warning", timeout=2)
            return
        on = toggle(self.state, article_id)
        self.refresh_row(article_id)
        self.notify(t(on_text if on else off_text), timeout=2)

    def action_toggle_lists(self) -> None:
        self.lists_toggled = not self.lists_toggled

    def action_highlight(self) -> None:
        self.highlight = not self.highlight

    def action_copy(self) -> None:
        article = self._need_article()
        if article is None:
            return
        self.app.copy_to_clipboard(article_text(article))
        self.notify(t("note.copied"), timeout=2)

    def action_pipe(self) -> None:
        article = self._need_article()
        if article is None:
            return
        from tui.screens.pipe import PipeOutput, PipePrompt, PipeRunning

        def run(command: str | None) -> None:
            if command:
                self._last_pipe_command = command
                self.app.push_screen(PipeRunning(command, article_text(article)), partial(show, command))

        def show(command: str, result: tuple[int | None, str, bool] | None) -> None:
            if result is not None:
                self.app.push_screen(PipeOutput(command, *result))

        self.app.push_screen(PipePrompt(self._last_pipe_command), run)

    def action_entity_search(self) -> None:
        article = self._need_article()
        if article is None:
            return
        if not article.entities:
            self.notify(t("note.no_entities"), timeout=2)
            return
        from tui.screens.pickers import EntityPicker

        def search(text: str | None) -> None:
            if text:
                self.post_message(SearchRequested(text))

        self.app.push_screen(EntityPicker(article), search)

    def action_entity_clicked(self, index: int) -> None:
        """A click on an entity mention in the reader: search the archive for it."""
        article = self.current_article
        if article is None or not 0 <= index < len(article.entities):
            return
        self.post_message(SearchRequested(article.entities[index].text))

    def action_credit_clicked(self, index: int) -> None:
        """A click on a credited name in the byline: search the archive for that person."""
        article = self.current_article
        if article is None or not 0 <= index < len(article.credits):
            return
        self.post_message(SearchRequested(article.credits[index].name))


def _issue_of(archive: ArchiveView, article_id: str) -> str | None:
    try:
        return archive.headline(article_id).issue
    except KeyError:  # named by an index newer than this view
        return None


def article_text(article: Article) -> str:
    """Plain text of the article for pipes and the clipboard (same as ``kanbao show``)."""
    from tui.output import render_text

    return render_text(article, colour=False)


def _issue_id(issue: Issue) -> str:
    return issue.id
