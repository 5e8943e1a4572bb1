"""People, places and organisations in newspaper text.

Public interface (the rest of kanbao calls only these)::

    tag_text(text) -> list[Entity]                 # one line of plain text (``kanbao tag``)
    tag_page(page) -> Page                         # every article's ``entities`` filled in
    tag_articles(articles) -> list[Article]        # archive-wide consistency pass

Importing this package is cheap: jieba and the lexicon are loaded on the first call that tags.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["EntityStat", "tag_articles", "tag_page", "tag_text"]

if TYPE_CHECKING:
    from .consistency import EntityStat, tag_articles, tag_page, tag_text


def __getattr__(name: str) -> Any:
    # The tagger is imported when first used: the search index needs only the light modules of
    # this package (``lexicon``, ``spread``), and importing the tagger costs tens of milliseconds.
    if name in __all__:
        from . import consistency

        return getattr(consistency, name)
    raise AttributeError(name)
