"""Messages of the kanbao TUI: what happened, posted up to whoever owns the state.

Textual's pattern is "attributes down, messages up": the app sets attributes (reactives) on its
screens, and screens and workers tell the app what happened with these typed messages.  No
screen imports the app, so the screens can be built and tested on their own.

Progress messages set ``can_replace``: when the archive reports faster than the screen draws,
Textual keeps only the newest one in the queue (as Toolong does for its scan progress).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui.archive_view import ArchiveView


@dataclass(frozen=True, slots=True)
class Progress:
    """How far opening the archive has come: ``done`` of ``total`` files, the file (or pass) now."""

    done: int
    total: int
    what: str


class ArchiveProgress(Message):
    """The opening worker read another batch of files."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ArchiveProgress)


class ArchiveOpened(Message):
    """The archive is open and can be shown: first the saved view (``final`` False), then the
    archive brought up to date with the folder.  During a long build, ``indexing`` views show
    what has been indexed so far (already searchable in Chinese)."""

    def __init__(self, archive: ArchiveView, *, final: bool, indexing: bool = False) -> None:
        super().__init__()
        self.archive = archive
        self.final = final
        self.indexing = indexing


class ArchiveUnchanged(Message):
    """The folder scan found nothing new since the saved view that is on screen."""


class ArchiveFailed(Message):
    """The archive cannot be opened; ``reason`` is one line for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class SearchState(Message):
    """The search index finished loading (``error`` None) or cannot be used."""

    def __init__(self, error: str | None) -> None:
        super().__init__()
        self.error = error


class SearchRequested(Message):
    """Search the archive for ``query`` (an entity clicked or picked in the reader)."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query
