"""The kanbao Textual app: paints at once, opens the archive in a worker.

``kanbao`` (no subcommand) calls :func:`run_app`.  Nothing slow happens before the first paint:
the archive (scanning, parsing, entity tagging, the search index) is opened in a thread worker
that reports progress to the main screen, and search turns on when the archive is ready.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.command import CommandPalette
from textual.screen import Screen

from parser.state import StateStore
from tui.archive_view import ArchiveView
from tui.commands import BY_ID, COMMANDS, binding, bindings, effective_keys
from tui.config import Config, ConfigError, load_config
from tui.memory import return_big_frees
from tui.messages import (
    ArchiveFailed,
    ArchiveOpened,
    ArchiveProgress,
    ArchiveUnchanged,
    Progress,
    SearchRequested,
    SearchState,
)
from tui.screens.entities import EntitiesScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.search import SearchScreen
from tui.strings import TEXT, t
from tui.strings import use as use_language

ProgressCallback = Callable[[int, int, str], None]
Opener = Callable[[ProgressCallback], ArchiveView]


class KanbaoApp(App[int]):
    """Issue → headlines → article, plus search, entities, bookmarks and read state."""

    CSS_PATH = "kanbao.tcss"
    TITLE = "看报 kanbao"
    # The palette's binding is ours too, so the footer labels it in the app's language.
    BINDINGS: ClassVar[list[BindingType]] = [*bindings("app"), binding(BY_ID["palette"])]
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, archive_path: Path | None = None, *, cache_dir: Path | None = None,
                 data_dir: Path | None = None, config: Config | None = None,
                 opener: Opener | None = None) -> None:
        super().__init__()
        self.config = config if config is not None else load_config()
        use_language(self.config.language)  # before any screen is built
        self.archive_path = archive_path if archive_path is not None else self.config.archive
        self.cache_dir = cache_dir
        self.data_dir = data_dir
        self._opener = opener
        self.archive: ArchiveView | None = None
        self.state: StateStore | None = None
        self.search_state = "loading"  # loading | ready | unavailable
        self.search_error: str | None = None
        self.load_error: str | None = None
        self.ready = threading.Event()  # set when the archive is open (or failed): tests, benchmarks
        self._shown = threading.Event()  # the first lists have been drawn
        self.started = time.perf_counter()
        self.first_paint: float | None = None
        self.lists_shown: float | None = None  # seconds from start to the first headlines on screen
        if self.config.keys:
            known = {c.id for c in COMMANDS}
            self._bad_keys = sorted(set(self.config.keys) - known)
            self.set_keymap({k: v for k, v in self.config.keys.items() if k in known})
        else:
            self._bad_keys = []

    def get_default_screen(self) -> Screen[Any]:
        return MainScreen()

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def on_mount(self) -> None:
        if self.config.theme:
            if self.config.theme in self.available_themes:
                self.theme = self.config.theme
            else:
                self.notify(t("app.unknown_theme", theme=repr(self.config.theme)), severity="warning")
        if self._bad_keys:
            self.notify(t("app.unknown_keys", ids=", ".join(self._bad_keys)), severity="warning")
        self.sub_title = str(self.archive_path) if self.archive_path else t("app.sample")
        self.call_after_refresh(self._painted)
        self.open_archive()

    def _painted(self) -> None:
        if self.first_paint is None:
            self.first_paint = time.perf_counter() - self.started

    # -- opening the archive (worker) -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="open")
    def open_archive(self) -> None:
        """Show what the cache saw last at once, then read the folder and show what changed.

        Scanning 100,000 files and checking them against the cache takes a second or more; the
        saved view takes a fraction of that, so the lists fill before the check is done.  The
        worker reports by messages (``tui.messages``); the app hands the results down.
        """
        last = 0.0

        def progress(done: int, total: int, what: str) -> None:
            nonlocal last
            now = time.perf_counter()
            if total and (now - last > 0.05 or done >= total):  # the UI needs ~20 updates/s at most
                last = now
                self.post_message(ArchiveProgress(Progress(done, total, what)))

        try:
            self.state = StateStore(self.data_dir)
            if self._opener is not None:  # tests and benchmarks hand in an archive
                archive = self._opener(progress)
            else:
                from parser import Archive

                archive = Archive.open(self.archive_path, cache_dir=self.cache_dir, sync=False)

                def show() -> None:
                    self.post_message(ArchiveOpened(archive, final=False))
                    # Let the lists reach the screen before the folder scan competes for the GIL.
                    self._shown.wait(2.0)

                if archive.issues:
                    show()
                def so_far() -> None:  # a long build: what is indexed so far, every few seconds
                    self.post_message(ArchiveOpened(archive, final=False, indexing=True))

                # New pages are shown parsed, before the tagger loads; highlights follow.
                stats = archive.sync(progress, staged=show, partial=so_far)
                if not (stats.parsed or stats.removed or stats.skipped) and self.archive is archive:
                    self.post_message(ArchiveUnchanged())  # nothing changed since the view
                    return
        except Exception as exc:  # ArchiveError, OSError, sqlite3.Error: one line for the user
            self.post_message(ArchiveFailed(str(exc) or type(exc).__name__))
            return
        self.post_message(ArchiveOpened(archive, final=True))

    def on_archive_progress(self, message: ArchiveProgress) -> None:
        self.main.progress = message.progress

    def on_archive_failed(self, message: ArchiveFailed) -> None:
        self.load_error = message.reason
        self._set_search_state("unavailable", message.reason)
        self.main.load_error = message.reason
        self.notify(message.reason, title=t("app.cannot_open"), severity="error", timeout=10)
        self.ready.set()

    def on_archive_opened(self, message: ArchiveOpened) -> None:
        if message.archive is self.archive and not message.indexing:  # shown before: the article on screen may have gained
            self.main.current_article = None  # its entities (a staged sync), so it is loaded again
        # 100,000 headlines are a few hundred thousand long-lived objects; without this every
        # full garbage collection walks them all and a keystroke now and then stalls.
        gc.freeze()
        self.archive = message.archive
        self.call_after_refresh(self._lists_painted)  # first in line after the refresh that draws them
        self.main.state = self.state
        self.main.archive = message.archive
        self.ready.set()
        if message.final or (message.indexing and self.search_state == "loading"):
            self.warm_search()  # (while indexing: Chinese queries need no vocabulary loaded)

    def on_archive_unchanged(self, message: ArchiveUnchanged) -> None:
        self.warm_search()

    def _lists_painted(self) -> None:
        if self.lists_shown is None:
            self.lists_shown = time.perf_counter() - self.started
        self._shown.set()

    @work(thread=True, exclusive=True, group="search-warm")
    def warm_search(self) -> None:
        """Load the search index before the first keystroke needs it."""
        try:
            # Import the engine (pypinyin, jieba dictionaries: the slow part) before calling into the
            # archive, whose lock the reader pane also needs: browsing must not wait on imports.
            import parser.search  # noqa: F401
            self.archive.search("报", limit=1)
        except Exception as exc:  # damaged index, sqlite3.Error…: search is off, reading goes on
            self.post_message(SearchState(str(exc) or type(exc).__name__))
            return
        self.post_message(SearchState(None))
        # after an update, a big vocabulary is rebuilt here rather than in a keystroke (the search
        # goes on with the old one meanwhile)
        self.archive.refresh_search()

    def on_search_state(self, message: SearchState) -> None:
        self._set_search_state("ready" if message.error is None else "unavailable", message.error)

    def _set_search_state(self, state: str, error: str | None) -> None:
        """Hand the search state down to every screen that shows it."""
        self.search_state = state
        self.search_error = error
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen | SearchScreen):
                screen.search_error = error
                screen.search_state = state

    # -- app-wide actions -----------------------------------------------------------------------

    def on_search_requested(self, message: SearchRequested) -> None:
        self.action_search(message.query)

    def action_search(self, query: str = "") -> None:
        if isinstance(self.screen, SearchScreen):
            return
        screen = SearchScreen(self.archive, self.state, query)
        screen.search_error = self.search_error
        screen.search_state = self.search_state
        self.push_screen(screen, self._open_chosen)

    def action_entities(self) -> None:
        if self.archive is None:
            self.notify(t("app.still_opening"), timeout=2)
            return
        if isinstance(self.screen, EntitiesScreen):
            return
        self.push_screen(EntitiesScreen(self.archive, self.state), self._open_chosen)

    def _open_chosen(self, article_id: str | None) -> None:
        if article_id:
            self.main.chosen = article_id

    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt in the app's language."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("palette.placeholder"), id="--command-palette"))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
            return
        self.push_screen(HelpScreen(dict(self.config.keys)))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The command palette: every action of ``tui.commands`` valid on this screen, then
        Textual's own (theme, screenshot…) in the same language; each described once."""
        for c in COMMANDS:
            if not c.palette or c.scope in ("builtin", "list", "reader", "search", "dialog"):
                continue
            if c.scope == "main" and not isinstance(screen, MainScreen):
                continue
            target = self if c.scope == "app" else screen
            keys = effective_keys(c, self.config.keys)
            yield SystemCommand(f"{c.label}  {keys}", c.help, _runner(target, c.action))
        for command in super().get_system_commands(screen):
            if command.title in DROPPED_TEXTUAL_COMMANDS:
                continue
            key = f"textual.{command.title}"
            if key in TEXT:
                yield SystemCommand(t(key), t(f"{key}.help"), command.callback, command.discover)
            else:
                yield command


# Textual's palette entries that ours cover (its Quit) or that a reader has no use for.
DROPPED_TEXTUAL_COMMANDS = frozenset({"Quit", "Bell"})


def _runner(target: Any, action: str) -> Callable[[], Any]:
    async def run() -> None:
        await target.run_action(action)

    return run


def run_app(archive_path: Path | None, *, cache_dir: Path | None = None) -> int:
    """Run the TUI until the user quits; returns the process exit code."""
    try:
        config = load_config()
    except ConfigError as exc:
        print(f"kanbao: {exc}", file=sys.stderr)
        return 2
    return_big_frees()  # (a long-lived process reading big buffers: see tui.memory)
    app = KanbaoApp(archive_path, cache_dir=cache_dir, config=config)
    result = app.run()
    if app.state is not None:
        app.state.close()
    return result if isinstance(result, int) else (app.return_code or 0)
