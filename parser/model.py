"""The data model: small, frozen, and the same shape as ``page.schema.json``.

Everything kanbao shows or searches is one of these records.  They are frozen so a page parsed
once can be shared between the cache, the search index and the TUI without anyone mutating it
behind another's back; ``to_dict``/``from_dict`` are the only (de)serialisation, so the schema,
the cache and ``kanbao parse --json`` cannot drift apart.

The records an open archive holds by the hundred thousand (:class:`Headline`, :class:`PageInfo`,
:class:`Extra`) are NamedTuples rather than frozen dataclasses: just as immutable, and built
three times faster, which is most of the time a 100,000-article archive takes to open.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal, NamedTuple

ArticleKind = Literal["news", "photo", "commentary", "brief"]
EntityType = Literal["person", "place", "org"]
CreditRole = Literal[
    "reporter", "correspondent", "intern", "photographer", "commentator", "author", "editor", "contributor",
    "designer", "graphics", "photo_source",
]
#: The roles ``page.schema.json`` enumerates.  Newer roles are written as their nearest contract
#: role plus ``role_detail`` (the schema allows extra keys), so old readers still validate.
CONTRACT_ROLES: frozenset[str] = frozenset(
    ("reporter", "correspondent", "intern", "photographer", "commentator", "author", "editor", "contributor"))
_CONTRACT_ROLE: dict[str, CreditRole] = {"designer": "contributor", "graphics": "contributor",
                                         "photo_source": "contributor"}
#: Credits that name an agency or a picture service, not a person: never a person entity.
NON_PERSON_ROLES: frozenset[str] = frozenset(("photo_source",))

ENTITY_TYPES: tuple[EntityType, ...] = ("person", "place", "org")
ROLE_LABELS: dict[str, str] = {
    "reporter": "记者",
    "correspondent": "通讯员",
    "intern": "实习生",
    "photographer": "摄影",
    "commentator": "评论员",
    "author": "作者",
    "editor": "编辑",
    "contributor": "供稿",
    "designer": "版式设计",
    "graphics": "制图",
    "photo_source": "图片来源",
}


@dataclass(frozen=True, slots=True)
class Credit:
    """A person credited for an article, with the role the byline gives them."""

    role: CreditRole
    name: str

    @property
    def is_person(self) -> bool:
        """A photo agency credited in brackets is a source, not someone to list among people."""
        return self.role not in NON_PERSON_ROLES

    def to_dict(self) -> dict[str, Any]:
        if self.role in CONTRACT_ROLES:
            return {"role": self.role, "name": self.name}
        return {"role": _CONTRACT_ROLE[self.role], "name": self.name, "role_detail": self.role}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Credit:
        return cls(d.get("role_detail") or d["role"], d["name"])


@dataclass(frozen=True, slots=True)
class Entity:
    """A mention of a person, place or organisation.

    ``field`` names where it was found (headline, kicker, subheadline, caption, paragraphs,
    credits); ``paragraph`` is the index into ``Article.paragraphs`` for body mentions;
    ``start``/``end`` are character offsets into that field's text (end exclusive), so the TUI
    can highlight the exact span.
    """

    text: str
    type: EntityType
    field: str = "paragraphs"
    paragraph: int | None = None
    start: int = 0
    end: int = 0
    #: Found by a strong pattern (credit, title + name, dateline): the archive then tags every
    #: other mention of the same string, in every article.
    confirmed: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "type": self.type, "field": self.field,
                             "start": self.start, "end": self.end}
        if self.paragraph is not None:
            d["paragraph"] = self.paragraph
        if self.confirmed:
            d["confirmed"] = True
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(d["text"], d["type"], d.get("field", "paragraphs"), d.get("paragraph"),
                   d.get("start", 0), d.get("end", 0), bool(d.get("confirmed", False)))


class Extra(NamedTuple):
    """Page furniture kept out of articles: header, banner, jump line, footer, label, noise."""

    kind: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text}


@dataclass(frozen=True, slots=True)
class Article:
    """One story (or photo item, commentary, brief) as printed on a page."""

    id: str
    kind: ArticleKind
    headline: str
    kicker: str | None = None
    subheadline: str | None = None
    source: str | None = None
    dateline: str | None = None
    credits: tuple[Credit, ...] = ()
    paragraphs: tuple[str, ...] = ()
    caption: str | None = None
    entities: tuple[Entity, ...] = ()
    # Where the article sits; filled in by the page parser / archive, not by article rules.
    page_id: str = ""
    ordinal: int = 0
    date: str | None = None
    page_number: int | None = None
    issue: str = ""

    @property
    def body(self) -> str:
        """Body text (paragraphs, then caption) joined by newlines; what search and tagging read."""
        parts = list(self.paragraphs)
        if self.caption:
            parts.append(self.caption)
        return "\n".join(parts)

    def field_texts(self) -> list[tuple[str, int | None, str]]:
        """Every text field as (field, paragraph index or None, text), in reading order."""
        out: list[tuple[str, int | None, str]] = []
        for name in ("kicker", "headline", "subheadline"):
            value = getattr(self, name)
            if value:
                out.append((name, None, value))
        out.extend(("paragraphs", i, p) for i, p in enumerate(self.paragraphs))
        if self.caption:
            out.append(("caption", None, self.caption))
        return out

    def with_entities(self, entities: tuple[Entity, ...]) -> Article:
        return replace(self, entities=entities)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "kicker": self.kicker,
            "headline": self.headline,
            "subheadline": self.subheadline,
            "source": self.source,
            "dateline": self.dateline,
            "credits": [c.to_dict() for c in self.credits],
            "paragraphs": list(self.paragraphs),
            "caption": self.caption,
            "entities": [e.to_dict() for e in self.entities],
            "page_id": self.page_id,
            "ordinal": self.ordinal,
            "date": self.date,
            "page_number": self.page_number,
            "issue": self.issue,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            id=d["id"],
            kind=d["kind"],
            headline=d["headline"],
            kicker=d.get("kicker"),
            subheadline=d.get("subheadline"),
            source=d.get("source"),
            dateline=d.get("dateline"),
            credits=tuple(Credit.from_dict(c) for c in d.get("credits") or ()),
            paragraphs=tuple(d.get("paragraphs") or ()),
            caption=d.get("caption"),
            entities=tuple(Entity.from_dict(e) for e in d.get("entities") or ()),
            page_id=d.get("page_id", ""),
            ordinal=d.get("ordinal", 0),
            date=d.get("date"),
            page_number=d.get("page_number"),
            issue=d.get("issue", ""),
        )


@dataclass(frozen=True, slots=True)
class Page:
    """One input file: a newspaper page, or one crawled article of a page."""

    source: str
    id: str
    date: str | None
    page_number: int | None
    page_name: str | None
    encoding: str
    articles: tuple[Article, ...]
    extras: tuple[Extra, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "id": self.id,
            "date": self.date,
            "page": {"number": self.page_number, "name": self.page_name},
            "encoding": self.encoding,
            "articles": [a.to_dict() for a in self.articles],
            "extras": [e.to_dict() for e in self.extras],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Page:
        page = d.get("page") or {}
        return cls(
            source=d["source"],
            id=d["id"],
            date=d.get("date"),
            page_number=page.get("number"),
            page_name=page.get("name"),
            encoding=d.get("encoding", "utf-8"),
            articles=tuple(Article.from_dict(a) for a in d.get("articles") or ()),
            extras=tuple(Extra(e["kind"], e["text"]) for e in d.get("extras") or ()),
            warnings=tuple(d.get("warnings") or ()),
        )


class Headline(NamedTuple):
    """The light record of an article that lists, the TUI and search keep in memory.

    An archive of 100,000 articles cannot hold every body in memory and still open in a second,
    so browsing works on headlines and the full :class:`Article` is loaded on demand.
    """

    id: str
    issue: str
    date: str | None
    page_number: int | None
    page_name: str | None
    ordinal: int
    kind: ArticleKind
    headline: str
    kicker: str | None = None
    subheadline: str | None = None
    page_id: str = ""
    source: str = ""

    @classmethod
    def of(cls, article: Article, page_name: str | None = None, source: str = "") -> Headline:
        return cls(article.id, article.issue, article.date, article.page_number, page_name,
                   article.ordinal, article.kind, article.headline, article.kicker,
                   article.subheadline, article.page_id, source)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "issue": self.issue, "date": self.date, "page": self.page_number,
                "page_name": self.page_name, "kind": self.kind, "kicker": self.kicker,
                "headline": self.headline, "subheadline": self.subheadline, "source": self.source}


class EntityCount(NamedTuple):
    """An entity of the archive and how many articles name it, without their ids: a million
    articles hold some 22 million mentions, and the entities view shows 1,500 entities."""

    text: str  # as listed: a division by its full name
    type: str
    count: int  # articles naming it in any of its ``variants``
    variants: tuple[str, ...]  # the texts the index holds for it (绍兴 and 绍兴市 are one place)


class PageInfo(NamedTuple):
    """A page of an issue without its article bodies: what the issue list needs."""

    id: str
    source: str
    date: str | None
    number: int | None
    name: str | None
    encoding: str
    extras: tuple[Extra, ...] = ()
    warnings: tuple[str, ...] = ()


#: Issues of the saved view kept decoded at once (see ``Issue._content``).
DECODED_KEPT = 2048
_decoded: deque[list[Any]] = deque()


class Issue(tuple):
    """One day's paper (期): the pages sharing a date, or one undated file.

    ``id`` is the date (``2019-02-01``) for dated issues, else the file's path in the archive
    without its extension, so either can be typed on the command line.

    Immutable like the other records.  An issue of the saved view (:meth:`packed`) decodes its
    pages and headlines when first asked for them: a million articles are 200,000 issues, and
    decoding every headline before showing the first cost the TUI six seconds.  Its counts are
    known without decoding.  A tuple underneath (id, date, a cell with the packed bytes or the
    decoded content, counts), like the NamedTuple records: 200,000 of them are made in a third of
    the time a slotted class took.
    """

    __slots__ = ()

    def __new__(cls, id: str, date: str | None, pages: tuple[PageInfo, ...],
                headlines: tuple[Headline, ...]) -> Issue:
        return tuple.__new__(cls, (id, date, [None, None, (pages, headlines)], None))

    @classmethod
    def packed(cls, id: str, date: str | None, blob: Any,
               decode: Callable[[Any], tuple[tuple[PageInfo, ...], tuple[Headline, ...]]],
               page_count: int, article_count: int) -> Issue:
        """An issue whose pages and headlines are ``decode(blob)``, decoded when first needed.
        ``blob`` is whatever the saved view hands in: the packed bytes, or where to find them."""
        return tuple.__new__(cls, (id, date, [blob, decode, None], (page_count, article_count)))

    @property
    def id(self) -> str:
        return self[0]

    @property
    def date(self) -> str | None:
        return self[1]

    def _content(self) -> tuple[tuple[PageInfo, ...], tuple[Headline, ...]]:
        """(pages, headlines), decoded on the way.

        The cell is [blob or None, decoder or None, (pages, headlines) or None].  A decoded
        issue of the saved view is let go again once :data:`DECODED_KEPT` others were decoded
        after it: a reader of a million articles searching all afternoon decoded thousands of
        issues for their hits' headlines, and kept them all.  (Two threads may both decode: the
        same values, harmless; the pair is one slot, so a reader never sees half of it.)"""
        cell = self[2]
        content = cell[2]
        if content is None:
            content = cell[2] = cell[1](cell[0])
            _decoded.append(cell)
            if len(_decoded) > DECODED_KEPT:
                try:
                    _decoded.popleft()[2] = None
                except IndexError:  # another thread emptied it meanwhile
                    pass
        return content

    def saved(self) -> Any:
        """The blob given to :meth:`packed` (kept after decoding: an issue never changes, so
        the view can be saved again without encoding it); None for an issue made otherwise."""
        return self[2][0]

    @property
    def pages(self) -> tuple[PageInfo, ...]:
        return self._content()[0]

    @property
    def headlines(self) -> tuple[Headline, ...]:
        return self._content()[1]

    def _fields(self) -> tuple[Any, ...]:
        return self[0], self[1], self.pages, self.headlines

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Issue):
            return NotImplemented
        return self._fields() == other._fields()

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, Issue):
            return NotImplemented
        return self._fields() != other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (f"Issue(id={self[0]!r}, date={self[1]!r}, pages={self.pages!r}, "
                f"headlines={self.headlines!r})")

    def __reduce__(self) -> tuple[Any, ...]:
        return Issue, self._fields()

    @property
    def article_count(self) -> int:
        counts = self[3]
        return counts[1] if counts is not None else len(self.headlines)

    @property
    def page_numbers(self) -> tuple[int, ...]:
        """The printed page numbers, each once, in order of first appearance.

        A crawl stores one article per file, so one printed page is often several files; a
        reader asking "how many pages" means printed pages, not files.
        """
        return tuple(dict.fromkeys(p.number for p in self.pages if p.number is not None))

    @property
    def page_count(self) -> int:
        """Printed pages: distinct page numbers, plus every file whose number is unknown."""
        counts = self[3]
        if counts is not None:
            return counts[0]
        return len(self.page_numbers) + sum(1 for p in self.pages if p.number is None)

    @property
    def label(self) -> str:
        """What a person calls this issue: its date, else its file name."""
        return self.date or self.id

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.date, "pages": self.page_count,
                "page_numbers": list(self.page_numbers), "articles": self.article_count,
                "sources": [p.source for p in self.pages]}
