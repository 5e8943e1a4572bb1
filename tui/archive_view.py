"""What the TUI needs of an archive, as a Protocol.

``parser.Archive`` satisfies it, and so does the small invented archive of the tests: the
screens are written against this, never bent for a test double.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from parser.model import Article, EntityCount, Headline, Issue


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

    def refresh_search(self) -> bool:
        """Bring the search up to date after an update where that takes long; True if it did."""
        ...

    def entity_counts(self, type: str | None = None) -> Sequence[EntityCount]:
        """Every entity with the number of articles naming it, most first."""
        ...

    def entity_articles(self, entity: EntityCount) -> Sequence[str]:
        """The ids of the articles naming ``entity``, in reading order."""
        ...

    def entity_issues(self, entity: EntityCount, sample: int = -1) -> Sequence[str]:
        """The issue id of each article naming ``entity`` (of at most ``sample`` of them)."""
        ...
