"""The search box language: plain terms plus ``key:value`` filters, in any order.

    长江 wujin date:2025-02 page:1 person:沈东 is:unread

Terms are split on spaces (ASCII or full-width) and must all match; ``"quoted text"`` is one
term.  Filters: ``date:`` (``2025``, ``2025-02``, ``2025-02-03``, ``20250203``, ranges with
``..``, open ends allowed), ``page:`` (``1`` or ``1..3``), ``person:``/``place:``/``org:``
(Chinese or pinyin), ``is:unread``/``is:read``/``is:bookmarked``.  Full-width colons work too.

:func:`parse_query` never raises: a filter it cannot read is reported in ``Query.errors`` and
otherwise ignored, so a half-typed ``date:20`` does not blank the results while someone types.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field

_DATE_RE = re.compile(r"^(\d{4})(?:-?(\d{1,2})(?:-?(\d{1,2}))?)?$")
_KEYS = {"date": "date", "日期": "date", "page": "page", "版": "page", "版面": "page",
         "person": "person", "人": "person", "人物": "person", "place": "place", "地": "place",
         "地点": "place", "org": "org", "机构": "org", "is": "is"}
_IS = {"unread": "unread", "未读": "unread", "read": "read", "已读": "read", "bookmarked": "bookmarked",
       "bookmark": "bookmarked", "bm": "bookmarked", "starred": "bookmarked", "收藏": "bookmarked"}


@dataclass(frozen=True, slots=True)
class DateRange:
    """Inclusive ISO-date bounds; ``None`` is an open end.  ``end`` may be a day past the
    month's last (``2025-02-31``) — ISO strings still compare correctly."""

    start: str | None
    end: str | None

    def contains(self, date: str | None) -> bool:
        if date is None:
            return False
        return (self.start is None or date >= self.start) and (self.end is None or date <= self.end)


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query; empty ``terms`` with filters lists the newest matching articles."""

    text: str = ""
    terms: tuple[str, ...] = ()
    date: DateRange | None = None
    pages: tuple[int, int] | None = None
    persons: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    unread: bool = False
    read: bool = False
    bookmarked: bool = False
    errors: tuple[str, ...] = field(default=())

    @property
    def has_filters(self) -> bool:
        return bool(self.date or self.pages or self.persons or self.places or self.orgs
                    or self.unread or self.read or self.bookmarked)

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.has_filters


def _bound(text: str, end: bool) -> str | None:
    m = _DATE_RE.match(text)
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    if mo is None:
        return f"{y:04d}-12-31" if end else f"{y:04d}-01-01"
    month = int(mo)
    if not 1 <= month <= 12:
        return None
    if d is None:
        last = calendar.monthrange(y, month)[1]
        return f"{y:04d}-{month:02d}-{last:02d}" if end else f"{y:04d}-{month:02d}-01"
    day = int(d)
    if not 1 <= day <= calendar.monthrange(y, month)[1]:
        return None
    return f"{y:04d}-{month:02d}-{day:02d}"


def parse_date(value: str) -> DateRange | None:
    """``2025-02`` → the whole month; ``2024-12..2025-03`` → December to March; ``..2025`` ok.
    None when unreadable, including a reversed range (``2025-03..2024-12``)."""
    value = value.strip()
    if ".." in value:
        a, _, b = value.partition("..")
        start = _bound(a, False) if a else None
        end = _bound(b, True) if b else None
        if (a and start is None) or (b and end is None) or (not a and not b):
            return None
        if start is not None and end is not None and start > end:
            return None  # reversed: matches nothing, so it was surely mistyped
        return DateRange(start, end)
    start, end = _bound(value, False), _bound(value, True)
    if start is None or end is None:
        return None
    return DateRange(start, end)


def parse_pages(value: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"(\d{1,4})(?:(?:\.\.|-)(\d{1,4}))?", value.strip())
    if not m:
        return None
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else lo
    return (min(lo, hi), max(lo, hi))


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for m in re.finditer(r'"([^"]*)"?|(\S+)', text):
        if m.group(1) is not None:
            if m.group(1).strip():
                out.append('"' + m.group(1).strip())  # marker: a quoted term, never a filter
        else:
            out.append(m.group(2))
    return out


def parse_query(text: str) -> Query:
    """Parse what was typed into the search box.  Never raises."""
    try:
        return _parse(text)
    except Exception as exc:  # pragma: no cover - belt and braces for a UI that calls per keystroke
        return Query(text=str(text), errors=(f"could not read query: {exc}",))


def _parse(text: str) -> Query:
    raw = text if isinstance(text, str) else str(text)
    norm = unicodedata.normalize("NFKC", raw).replace("\x00", "")
    terms: list[str] = []
    errors: list[str] = []
    date: DateRange | None = None
    pages: tuple[int, int] | None = None
    ents: dict[str, list[str]] = {"person": [], "place": [], "org": []}
    flags = {"unread": False, "read": False, "bookmarked": False}
    for tok in _tokens(norm):
        if tok.startswith('"'):
            terms.append(tok[1:].lower())
            continue
        key, sep, value = tok.partition(":")
        kind = _KEYS.get(key.lower()) if sep else None
        if kind is None:
            terms.append(tok.lower())
            continue
        if not value:
            continue  # "date:" while typing: wait for the value
        if kind == "date":
            parsed = parse_date(value)
            if parsed is None:
                errors.append(f"date:{value} is not a date or range (try 2025-02 or 2024-12..2025-03)")
            else:
                date = parsed
        elif kind == "page":
            pr = parse_pages(value)
            if pr is None:
                errors.append(f"page:{value} is not a page number")
            else:
                pages = pr
        elif kind == "is":
            flag = _IS.get(value.lower())
            if flag is None:
                errors.append(f"is:{value} is not one of unread, read, bookmarked")
            else:
                flags[flag] = True
        else:
            ents[kind].append(value.lower())
    return Query(text=raw, terms=tuple(terms), date=date, pages=pages, persons=tuple(ents["person"]),
                 places=tuple(ents["place"]), orgs=tuple(ents["org"]), unread=flags["unread"],
                 read=flags["read"], bookmarked=flags["bookmarked"], errors=tuple(errors))
