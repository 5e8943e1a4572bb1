"""kanbao's core: newspaper text files in, issues, pages, articles, entities and search out.

Pure Python and free of any UI library, so it can be used as a library::

    from parser import Archive
    archive = Archive.open("~/papers")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import Article, Credit, Entity, Extra, Headline, Issue, Page, PageInfo

__version__ = "0.1.0"

__all__ = [
    "Archive",
    "Article",
    "Credit",
    "Entity",
    "Extra",
    "Headline",
    "Issue",
    "Page",
    "PageInfo",
    "__version__",
]

if TYPE_CHECKING:
    from .archive import Archive


def __getattr__(name: str) -> Any:
    # Archive pulls in sqlite and the cache; keep ``import parser`` cheap for the parse path.
    if name == "Archive":
        from .archive import Archive

        return Archive
    raise AttributeError(name)
