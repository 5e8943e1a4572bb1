"""The archive's in-memory view (issues, headlines, skipped files) and its saved form in the cache.

The saved view is a list of issue records (id, date, counts, where its pages and headlines are),
valid while the cache generation it was made from is current; else it is patched for the files
changed since (``Cache.stale_view``) or read from the tables, and saved again.  Each issue's pages
and headlines are packed (a marshal of NamedTuple field tuples) into a chunk of its month
(``view_chunks``); reading the list decodes no issue and reads no chunk: an issue's pages and
headlines are read and decoded when something asks for them (``Issue.packed``).
"""

from __future__ import annotations

import gc
import json
import marshal
import sqlite3
import threading
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from itertools import groupby
from typing import Any, NamedTuple

from .cache import Cache, ViewChunks, is_damage
from .model import Extra, Headline, Issue, PageInfo
from .scan import issue_id_for

#: Format of the saved view (``Cache.view``); another number is simply rebuilt.
_VIEW_VERSION = 7


ViewLoader = Callable[[Cache], tuple[tuple[Issue, ...], list[tuple[str, str]]]]


class HeadlineIndex(NamedTuple):
    """Every headline of the view in order, by id, and each one's position in that order."""

    headlines: tuple[Headline, ...]
    by_id: dict[str, Headline]
    position: dict[str, int]


class ViewState:
    """The view in memory: the issues (each decodes its pages and headlines when first asked)
    and the skipped files.  The archive-wide :class:`HeadlineIndex` is built on first use
    (``index``): the TUI shows the issue list and one issue's headlines without it, which at a
    million articles is the difference between one second and eleven."""

    __slots__ = ("_index", "_lock", "issues", "issues_by_id", "skipped")

    def __init__(self, issues: tuple[Issue, ...], skipped: tuple[str, ...]) -> None:
        self.issues = issues
        self.issues_by_id = {i.id: i for i in issues}
        self.skipped = skipped
        self._index: HeadlineIndex | None = None
        self._lock = threading.Lock()

    @property
    def indexed(self) -> bool:
        return self._index is not None

    def index(self) -> HeadlineIndex:
        index = self._index
        if index is None:
            with self._lock:
                if self._index is None:
                    with gc_paused():
                        heads = tuple(h for i in self.issues for h in i.headlines)
                        self._index = HeadlineIndex(heads, {h.id: h for h in heads},
                                                    {h.id: n for n, h in enumerate(heads)})
                index = self._index
        return index


def load_view(cache: Cache, have: int | None = None) -> tuple[ViewLoader, int] | None:
    """How to get the issues, headlines and skipped files, and the generation they belong to;
    None when ``have`` is that generation already.

    From the view saved by the last change, decoded when first needed; else made now (the
    stale saved view patched for the files changed since, or read from the tables) and saved.
    Reading the headlines from ``articles`` walks every row of the table, article bodies
    included (hundreds of MB at 100,000 articles); the saved view is a few MB.
    """
    gen, saved = cache.view(blob=False)
    if have is not None and have == gen:
        return None
    if saved is not None:
        # Read when first needed too: ``kanbao search`` and ``show`` never need the few MB.
        return (lambda current: _read_saved(current, gen)), gen
    made, gen = _made_and_saved(cache)
    return (lambda _current: made), gen


def _made_and_saved(cache: Cache) -> tuple[tuple[tuple[Issue, ...], list[tuple[str, str]]], int]:
    """The current view and its generation, saved for the next reader (-1: it could not be)."""
    try:
        with cache.transaction():  # no writer between reading the tables and saving the view
            gen = cache.generation()
            patched = _patched(cache)
            made = _save(cache, gen, *patched) if patched is not None else _save_from_tables(cache, gen)
    except sqlite3.OperationalError as exc:
        if is_damage(exc):
            raise
        return _load_issues(cache), -1  # a read-only or busy cache: the view is saved another time
    return made, gen


def _read_saved(cache: Cache, gen: int) -> tuple[tuple[Issue, ...], list[tuple[str, str]]]:
    now, blob = cache.view()
    if blob is None or now != gen:
        return _load_issues(cache)  # changed since it was looked at: the tables, as they are now
    try:
        return _view_from_blob(blob, cache.view_chunks())
    except (ValueError, EOFError, TypeError, IndexError):
        # An older format or unreadable: made again and saved, or every later command would read
        # the tables (40 s at a million articles) until some file changed.
        return _made_and_saved(cache)[0]


def _save(cache: Cache, gen: int, issues: tuple[Issue, ...],
          skipped: list[tuple[str, str]]) -> tuple[tuple[Issue, ...], list[tuple[str, str]]]:
    """Save ``issues`` and ``skipped`` as the view of generation ``gen``; the view as saved (its
    issues read from the chunks just written, decoded when first needed).

    Issues are packed a month to a chunk (undated ones a folder to a chunk; a chunk is cut at
    ``CHUNK_BYTES``).  A month whose issues are all the ones its saved chunks hold keeps them:
    an everyday update writes the chunk of its day's month and the list of issues (a few MB at
    a million articles), not every issue.  An issue that was read from a
    chunk and not changed is copied as bytes, never decoded and encoded again.  The list of
    issues carries a checksum, and each issue its own, checked when it is read.
    """
    chunks = cache.view_chunks()
    live = cache.live_view_chunks()
    slots: list[list[tuple[Issue | None, tuple[Any, ...]]]] = []  # (the issue if it is kept as it is, record)
    fresh: list[tuple[int, list[Issue], list[bytes]]] = []
    for _month, run in groupby(issues, key=_group_of):
        group = list(run)
        refs = [i.saved() for i in group]
        held = {r[0] for r in refs if isinstance(r, tuple)}
        if all(isinstance(r, tuple) for r in refs) and held <= live.keys() \
                and sum(live[c] for c in held) == len(refs):  # (a chunk holds one group's issues)
            slots.append([(i, (i.id, i.date, i.page_count, i.article_count, r)) for i, r in zip(group, refs, strict=True)])
            continue
        fresh.append((len(slots), group, [_bytes_of(i, r, chunks) for i, r in zip(group, refs, strict=True)]))
        slots.append([])
    for at, group, bodies in fresh:
        slots[at] = [(None, r) for r in _write_chunks(cache, group, bodies)]
    return _put(cache, gen, slots, skipped)


def _save_from_tables(cache: Cache, gen: int) -> tuple[tuple[Issue, ...], list[tuple[str, str]]]:
    """The view read from the tables and saved as :func:`_save` would save it, a chunk's
    worth of issues at a time: at a million articles, every headline held at once was the
    largest memory of a whole build (1.9 GB at its end)."""
    same: dict[Any, Any] = {}
    slots: list[list[tuple[Issue | None, tuple[Any, ...]]]] = []
    skipped: list[tuple[str, str]] = []

    def group_of(row: tuple) -> str:  # (path, status, message, id, date, …)
        return _group_key(row[4], issue_id_for(row[0], row[4]))

    for _key, rows in groupby(cache.page_rows_by_date(), key=group_of):
        pages, now_skipped = _pages_of(rows, same)
        skipped += now_skipped
        if not pages:
            continue
        by_page = _headlines_of(cache.headline_rows(sorted(pages)), pages, same)
        group = sorted((_issue_of(i, infos, by_page) for i, infos in _by_issue(pages).items()), key=_issue_order)
        slots.append([(None, r) for r in _write_chunks(cache, group, [_packed(i) for i in group])])
    # (undated issues came in path order; issues are listed in date, then id order)
    ordered = sorted((x for s in slots for x in s), key=lambda x: (x[1][1] is None, x[1][1] or "", x[1][0]))
    return _put(cache, gen, [ordered], sorted(skipped))


def _write_chunks(cache: Cache, group: list[Issue], bodies: list[bytes]) -> list[tuple[Any, ...]]:
    """Store the packed issues of one group in chunks of at most ``CHUNK_BYTES``; their records."""
    records = []
    start = 0
    while start < len(group):
        end, size = start + 1, len(bodies[start])
        while end < len(group) and size + len(bodies[end]) <= CHUNK_BYTES:
            size += len(bodies[end])
            end += 1
        chunk = cache.add_view_chunk(b"".join(bodies[start:end]), end - start)
        offset = 0
        for i, body in zip(group[start:end], bodies[start:end], strict=True):
            ref = (chunk, offset, len(body), zlib.crc32(body), i.id, i.date)
            records.append((i.id, i.date, i.page_count, i.article_count, ref))
            offset += len(body)
        start = end
    return records


def _put(cache: Cache, gen: int, slots: list[list[tuple[Issue | None, tuple[Any, ...]]]],
         skipped: list[tuple[str, str]]) -> tuple[tuple[Issue, ...], list[tuple[str, str]]]:
    """Save the list of issue records; the view as saved (an issue given beside its record is
    returned as it is, the others are read from their chunk when first needed)."""
    records = [r for slot in slots for _i, r in slot]
    inner = marshal.dumps((records, [list(x) for x in skipped]))
    cache.put_view(gen, marshal.dumps((_VIEW_VERSION, zlib.crc32(inner), inner)), {r[4][0] for r in records})
    decode = partial(_decode_saved, cache.view_chunks())
    return tuple(i if i is not None else _issue(r, decode) for slot in slots for i, r in slot), list(skipped)


#: A chunk of the saved view is cut after this many bytes (a month of a big daily is about 1 MB).
CHUNK_BYTES = 1 << 20


def _group_of(issue: Issue) -> str:
    return _group_key(issue.date, issue.id)


def _group_key(date: str | None, issue_id: str) -> str:
    """Which chunks an issue is saved in: its month, or an undated issue's folder."""
    return date[:7] if date else "/" + issue_id.rpartition("/")[0]


def _bytes_of(issue: Issue, ref: Any, chunks: ViewChunks) -> bytes:
    """An issue's packed pages and headlines: copied from its chunk when it was read from one."""
    if isinstance(ref, tuple):
        got = chunks.piece(*ref[:4])
        if got is not None:
            return got
    return _packed(issue)


def _packed(issue: Issue) -> bytes:
    return marshal.dumps(([(*p[:6], tuple(map(tuple, p.extras)), p.warnings) for p in issue.pages],
                          list(map(tuple, issue.headlines))))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Build many small long-lived objects without the cyclic collector running.

    Each of its runs walks every young object; building 100,000 headlines set it off hundreds of
    times, which cost four times as much as building them.  None of these objects form cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _view_from_blob(blob: bytes, chunks: ViewChunks) -> tuple[tuple[Issue, ...], list[tuple[str, str]]]:
    records, skipped = _records(blob)
    decode = partial(_decode_saved, chunks)
    return tuple(_issue(r, decode) for r in records), [(p, m) for p, m in skipped]


def _records(blob: bytes) -> tuple[list[Any], list[Any]]:
    """The issue records and skipped files of a saved view; ValueError (or EOFError, TypeError)
    when it is of another format or its bytes are not the ones saved."""
    version, crc, inner = marshal.loads(blob)
    if version != _VIEW_VERSION:
        raise ValueError("old view")
    if zlib.crc32(inner) != crc:  # (TypeError if it is not bytes)
        raise ValueError("damaged saved view")
    records, skipped = marshal.loads(inner)
    return records, skipped


def _issue(record: tuple[Any, ...], decode: Callable[[Any], Any]) -> Issue:
    """An issue of the saved view: its pages and headlines are read when first needed.
    (Runs 200,000 times when a million-article view is read.)"""
    issue_id, date, page_count, article_count, ref = record
    return Issue.packed(issue_id, date, ref, decode, page_count, article_count)


def _decode_saved(chunks: ViewChunks, ref: tuple[Any, ...]) -> tuple[tuple[PageInfo, ...], tuple[Headline, ...]]:
    """The pages and headlines a saved issue points to (chunk, offset, length, CRC32, id, date).

    When the chunk is gone (another process saved the view twice since this one was read) or
    its bytes are not the ones saved (damage), the issue is read from the tables instead: slower,
    and what the archive holds now."""
    raw = chunks.piece(*ref[:4])
    if raw is not None:
        try:
            return _decode_issue(raw)
        except (ValueError, EOFError, TypeError, IndexError):
            pass
    with chunks.tables() as tables:
        return _issue_from_tables(tables, ref[4], ref[5])


def _decode_issue(packed: bytes) -> tuple[tuple[PageInfo, ...], tuple[Headline, ...]]:
    pages, heads = marshal.loads(packed)
    page, extra = PageInfo._make, Extra._make
    return (tuple(page((*p[:6], tuple(map(extra, p[6])), p[7])) for p in pages),
            tuple(map(Headline._make, heads)))


def _issue_from_tables(cache: Cache, issue_id: str, date: str | None) -> tuple[tuple[PageInfo, ...], tuple[Headline, ...]]:
    """One issue's pages and headlines read from the tables (its files found by their date)."""
    rows = cache.conn.execute("SELECT path FROM files WHERE page IS NOT NULL AND json_extract(page, '$.date') IS ?",
                              (date,))
    paths = [p for (p,) in rows if issue_id_for(p, date) == issue_id]
    same: dict[Any, Any] = {}
    pages, _skipped = _pages_of(cache.page_rows(paths), same)
    if not pages:
        return (), ()
    issue = _issue_of(issue_id, list(pages.values()), _headlines_of(cache.headline_rows(paths), pages, same))
    return issue.pages, issue.headlines


def saved_issues(cache: Cache, gen: int | None, ref: str) -> list[Issue] | None:
    """The issues of the saved view whose id is ``ref`` (that one alone) or starts with it,
    decoding only those; None when there is no readable saved view of generation ``gen``."""
    raw = _saved_records(cache, gen)
    if raw is None:
        return None
    decode = partial(_decode_saved, cache.view_chunks())
    try:
        exact = [r for r in raw if r[0] == ref]
        return [_issue(r, decode) for r in (exact or [r for r in raw if ref and r[0].startswith(ref)])]
    except (ValueError, EOFError, TypeError, IndexError):
        return None


def saved_issue_counts(cache: Cache, gen: int | None) -> list[tuple[str, str | None, int, int]] | None:
    """(id, date, printed pages, articles) of every issue of the saved view, in order, decoding
    no issue; None when there is no readable saved view of generation ``gen``."""
    raw = _saved_records(cache, gen)
    if raw is None:
        return None
    try:
        return [(r[0], r[1], r[2], r[3]) for r in raw]
    except (TypeError, IndexError):
        return None


def _saved_records(cache: Cache, gen: int | None) -> list[Any] | None:
    """The saved view's issue records (id, date, counts, where its pages and headlines are);
    None when there is no readable saved view of generation ``gen`` in this format."""
    now, blob = cache.view()
    if blob is None or now != gen:
        return None
    try:
        return _records(blob)[0]
    except (ValueError, EOFError, TypeError):
        return None


def _load_issues(cache: Cache) -> tuple[tuple[Issue, ...], list[tuple[str, str]]]:
    with gc_paused():
        return _issues_from_tables(cache)


def current_view(cache: Cache) -> tuple[tuple[Issue, ...], list[tuple[str, str]]]:
    """The current view: the stale saved one patched for the files changed since, when the cache
    knows them (an everyday update touches one issue of thousands: reading every headline again
    cost 2-3 s at 100,000 articles), else read from the tables."""
    patched = _patched(cache)
    return patched if patched is not None else _load_issues(cache)


def _patched(cache: Cache) -> tuple[tuple[Issue, ...], list[tuple[str, str]]] | None:
    """The stale saved view patched for the files changed since; None when the cache does not
    know them or the saved view is unreadable."""
    stale = cache.stale_view()
    if stale is None:
        return None
    try:
        with gc_paused():
            return patch_view(cache, _view_from_blob(stale[0], cache.view_chunks()), set(stale[1]))
    except (ValueError, EOFError, TypeError, IndexError):
        return None  # an unreadable saved view: from the tables


def _issues_from_tables(cache: Cache) -> tuple[tuple[Issue, ...], list[tuple[str, str]]]:
    # Repeated strings (dates, page names, kinds, kickers) as one object each: less memory, and
    # the saved view writes each once.
    same: dict[Any, Any] = {}
    pages, skipped = _pages_of(cache.page_rows(), same)
    by_page = _headlines_of(cache.headline_rows(), pages, same)
    issues = [_issue_of(issue_id, infos, by_page) for issue_id, infos in _by_issue(pages).items()]
    issues.sort(key=_issue_order)
    return tuple(issues), sorted(skipped)


def patch_view(cache: Cache, view: tuple[tuple[Issue, ...], list[tuple[str, str]]],
               changed: set[str]) -> tuple[tuple[Issue, ...], list[tuple[str, str]]]:
    """``view`` with the pages of the files ``changed`` read again from the tables: exactly what
    :func:`_issues_from_tables` makes now (the tests compare the two), at the cost of the issues
    those files were or are in.  Patching a view that has some of them already is harmless."""
    issues, skipped = view
    paths = sorted(changed)
    same: dict[Any, Any] = {}
    pages, now_skipped = _pages_of(cache.page_rows(paths), same)
    by_page = _headlines_of(cache.headline_rows(paths), pages, same)
    groups = _by_issue(pages)
    # The issues the changed files were in, known without decoding any issue: a changed file
    # the cache stored before names its old issue by the date its page had then.
    touched = groups.keys() | {issue_id_for(rel, date) for rel, date in cache.old_dates(paths).items()}
    out = []
    for issue in issues:
        if issue.id not in touched:
            out.append(issue)  # untouched (and still undecoded, if it was)
            continue
        kept = [p for p in issue.pages if p.source not in changed]
        for h in issue.headlines:
            if h.source not in changed:
                by_page[h.source].append(h)
        groups[issue.id][:0] = kept
    out += [_issue_of(issue_id, infos, by_page) for issue_id, infos in groups.items() if infos]
    out.sort(key=_issue_order)
    return tuple(out), sorted([s for s in skipped if s[0] not in changed] + now_skipped)


def _by_issue(pages: dict[str, PageInfo]) -> defaultdict[str, list[PageInfo]]:
    """Pages (by file) grouped by the issue they belong to."""
    groups: defaultdict[str, list[PageInfo]] = defaultdict(list)
    for rel, info in pages.items():
        groups[issue_id_for(rel, info.date)].append(info)
    return groups


def _pages_of(rows: Iterable[tuple], same: dict[Any, Any]) -> tuple[dict[str, PageInfo], list[tuple[str, str]]]:
    """Page records by file, and the skipped files with why, from ``Cache.page_rows``."""
    pages: dict[str, PageInfo] = {}
    skipped: list[tuple[str, str]] = []
    one = same.setdefault
    for rel, status, message, pid, date, number, name, encoding, extras, warns in rows:
        if status == "skipped" or pid is None:  # ('untagged' pages have headlines already)
            skipped.append((rel, message or "skipped"))
            continue
        encoding = encoding or "utf-8"
        pages[rel] = PageInfo(pid, rel, one(date, date), number, one(name, name), one(encoding, encoding),
                              tuple(Extra(e["kind"], e["text"]) for e in json.loads(extras))
                              if extras and extras != "[]" else (),
                              tuple(json.loads(warns)) if warns and warns != "[]" else ())
    return pages, skipped


def _headlines_of(rows: Iterable[tuple], pages: dict[str, PageInfo], same: dict[Any, Any]) -> dict[str, list[Headline]]:
    """Headlines by file, from ``Cache.headline_rows`` (articles of files not in ``pages`` are left out)."""
    one = same.setdefault
    issue_of = {rel: issue_id_for(rel, info.date) for rel, info in pages.items()}
    by_page: dict[str, list[Headline]] = defaultdict(list)
    for aid, rel, ordinal, date, number, kind, kicker, headline, sub in rows:
        info = pages.get(rel)
        if info is None:
            continue
        by_page[rel].append(Headline(aid, issue_of[rel], one(date, date), number, info.name, ordinal, one(kind, kind),
                                     headline, one(kicker, kicker), sub, info.id, info.source))
    return by_page


def _issue_of(issue_id: str, infos: list[PageInfo], by_page: dict[str, list[Headline]]) -> Issue:
    """One issue from its pages and their headlines: pages by number, headlines by position."""
    infos.sort(key=lambda i: (i.number is None, i.number or 0, i.source))
    heads = tuple(h for i in infos for h in sorted(by_page.get(i.source, ()), key=lambda h: h.ordinal))
    return Issue(issue_id, infos[0].date, tuple(infos), heads)


def _issue_order(issue: Issue) -> tuple[bool, str, str]:
    return issue.date is None, issue.date or "", issue.id
