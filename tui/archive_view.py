"""What the TUI needs of an archive, as a Protocol.

``parser.Archive`` satisfies it, and so does the small invented archive of the tests: the
screens are written against this, never bent for a test double.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from parser.model import Article, Headline, Issue


class EntityStatView(Protocol):
    """One entity of the archive's index."""

    @property
    def text(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def article_ids(self) -> tuple[str, ...]: ...


@runtime_checkable
class ArchiveView(Protocol):
    """The read side of ``parser.Archive`` that the screens use."""

    @property
    def issues(self) -> tuple[Issue, ...]: ...
    @property
    def headlines(self) -> tuple[Headline, ...]: ...
    @property
    def warnings(self) -> tuple[str, ...]: ...

    def headline(self, article_id: str) -> Headline:
        """The headline of ``article_id``; raises KeyError if it is not in the archive."""
        ...

    def article(self, article_id: str) -> Article:
        """The whole article; raises KeyError if it is not in the archive."""
        ...

    def search(self, query: str, limit: int = 20, read_ids: Any = None,
               bookmarked_ids: Any = None) -> Sequence[Any]: ...

    def entity_index(self, type: str | None = None,
                     positions: Mapping[str, int] | None = None) -> Sequence[EntityStatView]: ...

    def reading_order(self) -> tuple[Mapping[str, int], Mapping[str, int]]:
        """(position in reading order, index of its issue in ``issues``) by article id."""
        ...

