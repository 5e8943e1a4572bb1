"""Syncing the cache with the folder: parse what changed (in worker processes for a big build),
write it in batches, then spread the names confirmed anywhere to every article.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import ids
from .cache import Cache, unpack_json
from .model import Article
from .scan import Found, Scan, folder_of, found_of, rescan, scan
from .view import gc_paused
from .workers import Rows, article_rows, parse_prepare_job, run_chunk, spread_job

if TYPE_CHECKING:
    from .pool import WorkerPool
    from .search import SearchIndex

Progress = Callable[[int, int, str], None]

#: How an open or sync looks at the folder: ``"full"`` stats every file; ``"quick"`` stats the
#: folders and lists those whose mtime changed, unless the last full check is older than
#: ``FULL_CHECK_INTERVAL`` (then it is a full one).
Check = Literal["full", "quick"]

#: Seconds a full check stays good for quick checks.  A page file rewritten in place changes no
#: folder's mtime, so only a full check sees it: one an hour bounds how long that goes unseen.
FULL_CHECK_INTERVAL = 3600.0
#: A folder modified this recently (ns) may change again within the same mtime tick: its mtime
#: is not trusted, so the next quick check lists it again (as git treats "racy" index entries).
RACY_NS = 2_000_000_000


def wall_clock() -> float:
    """The time, as quick checks see it (a function of its own so that tests can move it)."""
    return time.time()


def look(cache: Cache, root: Path, check: Check) -> Scan:
    """Scan the folder as ``check`` asks: the full scan, or the folder-mtime check when the
    cache holds a recent enough full one (a new or interrupted cache has none)."""
    now = wall_clock()
    if check == "quick":
        known, checked = cache.dirs()
        if known and checked is not None and 0 <= now - checked < FULL_CHECK_INTERVAL:
            return rescan(root, known)._replace(started=now)
    return scan(root)._replace(started=now)

#: Files parsed per transaction: small enough that a kill loses little, large enough to be fast.
BATCH = 100
#: Below this many files to parse, worker processes cost more than they save.
PARALLEL_THRESHOLD = 200
#: From this many files to parse, a build writes bigger transactions with settings for bulk
#: writing (``Cache.bulk``): a kill then loses up to ``BIG_BATCH`` parsed files, a few seconds.
BIG_BUILD = 2000
BIG_BATCH = 1000
#: At most this many changed files are written untagged first by a staged sync (they are parsed
#: twice, in this process: a bigger build shows its progress instead).
STAGED_MAX = PARALLEL_THRESHOLD
#: Bytes of page files parsed ahead of the writer (their rows take a few times as much memory).
IN_FLIGHT_BYTES = 32 << 20


@dataclass(frozen=True, slots=True)
class SyncStats:
    files: int = 0
    parsed: int = 0
    unchanged: int = 0
    skipped: int = 0
    removed: int = 0
    full_check: bool = True  # every file was stat'ed (else only the folders whose mtime changed)


def sync_cache(cache: Cache, root: Path, found: Scan, progress: Progress | None, warnings: list[str],
               workers: int | None, staged: Callable[[], None] | None = None,
               written: Callable[[list[str]], None] | None = None,
               later_names: bool = False) -> tuple[SyncStats, Any]:
    """Bring the cache in line with what ``found`` saw of the folder (all of it, or the folders
    a quick check listed), then record the folders' mtimes for the next quick check.

    Two passes when anything was parsed: first every changed file is parsed, tagged and
    written (with its search rows); then the names confirmed anywhere are spread to every
    article that mentions them (see :func:`_spread_confirmed`).  A big build runs both passes
    in worker processes; the main process only writes.

    With ``staged``, when at most ``STAGED_MAX`` files changed, their pages are first written
    parsed but untagged (:func:`_write_untagged`) and ``staged()`` is called, so that a reader
    can show the headlines and text while the tagger loads; the passes above then replace them
    with exactly the rows a sync without ``staged`` writes.

    ``written(paths)`` is called after each committed batch of the first pass with the files it
    wrote or removed (the first call also with the files found gone), between transactions, so
    that a reader can show what a long build has indexed so far (not when at most
    ``STAGED_MAX`` files changed).

    With ``later_names``, names this run confirmed for the first time are recorded
    (``names_pending``) instead of looked for in the articles stored before it: in a big archive
    they recur in thousands of older articles (4 of the 9 seconds a day's paper took at a
    million articles).  The search filters match them at once (``SearchIndex.add_names``); the
    next sync without ``later_names`` (``kanbao index``, the TUI) tags them in older articles.
    """
    files = found.files
    with gc_paused():
        stored = cache.file_stats(None if found.full else [*found.dirs, *found.gone])
        todo, gone = _compare(files, stored)
    listed = 0
    if not found.full:  # pages a stopped staged sync left untagged, in folders not listed now
        compared = {*found.dirs, *found.gone}
        for rel in cache.untagged():
            if folder_of(rel) not in compared:
                try:
                    todo.append(found_of(rel, os.stat(root / rel)))
                    listed += 1
                except OSError:
                    gone.append(rel)
    fresh_ids: set[str] = set()
    had_articles = bool(todo) and cache.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None
    index = _LazyIndex(cache)
    if gone:
        with cache.transaction():
            removed = [i for rel in gone for i in cache.remove_file(rel)]
            index.add_rows([], removed)
    done_paths: list[str] = list(gone)  # not yet reported to ``written``
    if staged is not None and 0 < len(todo) <= STAGED_MAX and _write_untagged(cache, index, root, todo):
        staged()
    total = len(todo)
    if progress:
        progress(0, total, "")
    parsed = skipped = 0
    batch: list[tuple[Found, tuple[str, Any, str, int]]] = []

    def flush() -> None:
        nonlocal parsed, skipped
        if not batch:
            return
        docs: list[tuple[Any, Any]] = []
        removed: list[str] = []
        with cache.transaction():
            known = cache.file_rows(f[0] for f, _result in batch)
            for (rel, size, mtime_ns), (status, payload, sha1, _size) in batch:
                old = known.get(rel)
                if status == "gone":
                    removed += cache.remove_file(rel)
                    warnings.append(f"{root / rel}: {payload}; skipped")
                    skipped += 1
                elif old is not None and old.sha1 == sha1 and old.status == "ok" and status == "ok":
                    cache.touch_file(rel, size, mtime_ns)  # same bytes, new mtime
                elif status == "skipped":
                    removed += cache.remove_file(rel)
                    cache.put_skipped(rel, size, mtime_ns, sha1, payload)
                    warnings.append(f"{root / rel}: {payload}; skipped")
                    skipped += 1
                else:
                    if old is not None:  # (a file new to the cache has nothing to remove)
                        removed += cache.remove_file(rel)
                    rows = _place_rows(cache, rel, payload)
                    cache.put_rows(rel, size, mtime_ns, sha1, rows.page_json, rows.articles, rows.entities)
                    docs += zip(_docs(rows), rows.search, strict=True)
                    fresh_ids.update(r[0] for r in rows.articles)
                    warnings.extend(f"{root / rel}: {w}" for w in rows.warnings)
                    parsed += 1
            index.add_rows(docs, removed)
        if written is not None:
            done_paths.extend(f[0] for f, _result in batch)
            written(done_paths[:])
            done_paths.clear()
        batch.clear()

    big = total >= BIG_BUILD
    if total <= STAGED_MAX:
        written = None  # a few files: shown when the sync ends (or staged), not batch by batch
    size = BIG_BATCH if big else BATCH
    with _pool(len(todo), workers) as pool, cache.bulk(cold=not had_articles) if big else nullcontext():
        results = _parse_all(root, todo, pool)
        for n, (f, result) in enumerate(zip(todo, results, strict=True), 1):
            batch.append((f, result))
            if progress:
                progress(n, total, f[0])
            if len(batch) >= size:
                flush()
        flush()
        if fresh_ids or not later_names:
            _spread_confirmed(cache, index, fresh_ids, had_articles, pool, progress, later_names)
    if found.dirs or found.gone or found.full:
        # Last: a sync killed before this point lists the same folders again next time.
        racy = int(wall_clock() * 1e9) - RACY_NS
        with cache.transaction():
            cache.put_dirs({d: -1 if m >= racy else m for d, m in found.dirs.items()}, found.gone,
                           found.started if found.full else None)
    stats = SyncStats(len(files) + listed, parsed, len(files) + listed - len(todo), skipped, len(gone), found.full)
    return stats, index.index


def _compare(files: list[Found], stored: Iterable[tuple[str, int, int, str]]) -> tuple[list[Found], list[str]]:
    """(todo, gone): the files that are new, changed (size or mtime) or left untagged, and the
    stored paths no file has.  Both inputs are in path order, so this is one merge: no dict of
    the cache's rows (the todo list holds the scan's own tuples, not copies)."""
    todo: list[Found] = []
    gone: list[str] = []
    rows = iter(stored)
    row = next(rows, None)
    for f in files:
        rel = f[0]
        while row is not None and row[0] < rel:
            gone.append(row[0])
            row = next(rows, None)
        if row is not None and row[0] == rel:
            if row[1] != f[1] or row[2] != f[2] or row[3] == "untagged":
                todo.append(f)
            row = next(rows, None)
        else:
            todo.append(f)
    if row is not None:
        gone.append(row[0])
        gone.extend(r[0] for r in rows)
    return todo, gone


def _write_untagged(cache: Cache, index: _LazyIndex, root: Path, todo: list[Found]) -> bool:
    """A staged sync's first step: the changed files' pages and articles as parsed, without
    entities or search rows (status ``untagged``), in one transaction.  Parsing without the
    tagger imports neither jieba nor the lexicon.  The second step reads these rows back and
    replaces them as it replaces any changed file's.  A file that cannot be parsed, or
    whose bytes did not change, is left to the second step.  True if anything was written.
    """
    written = False
    with cache.transaction():
        removed: list[str] = []
        known = cache.file_rows(f[0] for f in todo)
        for rel, size, mtime_ns in todo:
            status, rows, sha1, _size = parse_prepare_job(os.path.join(root, rel), rel, tag=False)
            old = known.get(rel)
            if status != "ok" or (old is not None and old.sha1 == sha1 and old.status == "ok"):
                continue
            if old is not None:
                removed += cache.remove_file(rel)
            rows = _place_rows(cache, rel, rows)
            cache.put_rows(rel, size, mtime_ns, sha1, rows.page_json, rows.articles, rows.entities,
                           status="untagged")
            written = True
        index.add_rows([], removed)  # the old articles' search rows (their ids may be gone now)
    return written


@contextmanager
def _pool(jobs: int, workers: int | None) -> Iterator[WorkerPool | None]:
    """Worker processes for a big build (None below ``PARALLEL_THRESHOLD`` files: they cost more
    than they save); shut down without waiting when the build is interrupted."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or jobs < PARALLEL_THRESHOLD:
        yield None
        return
    from .pool import WorkerPool  # (concurrent.futures, subprocess: not for a quick command)

    pool = WorkerPool(workers)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _parse_all(root: Path, todo: list[Found], pool: WorkerPool | None) -> Iterator[tuple]:
    """Parse files in order, in the worker processes when there are some."""
    if pool is None:
        for rel, _size, _mtime in todo:
            yield parse_prepare_job(os.path.join(root, rel), rel)
        return
    # About one batch of files in flight, at most IN_FLIGHT_BYTES of them: the workers go on
    # parsing while the main process writes the previous batch (-12 % wall time at 10,000
    # files against a window of 128 files, which the workers finished early in every write).
    yield from bounded_map(pool, parse_prepare_job, ((os.path.join(root, f[0]), f[0]) for f in todo), chunk=16,
                            window=BIG_BATCH // 16, sizes=(f[1] for f in todo),
                            budget=IN_FLIGHT_BYTES)


def bounded_map(pool: WorkerPool, fn: Callable[..., Any], args: Iterable[tuple[Any, ...]],
                 chunk: int, window: int, sizes: Iterable[int] | None = None, budget: int = 0) -> Iterator[Any]:
    """``pool.map`` in order, with at most ``window`` chunks in flight.

    ``Executor.map`` submits everything at once, so when the writing main process falls behind
    the workers, every finished page waits in memory (about 1 GB for 100,000 articles).  Too
    small a window idles the workers instead: nothing new is submitted while the main process
    writes a batch.  With ``sizes`` (one per arg) the chunks in flight also stay within
    ``budget`` (a folder of huge pages must not hold a thousand of them in memory), though two
    per worker always go.  ``args`` and ``sizes`` are read as chunks are submitted (a million
    argument tuples made up front were a hundred MB of a build's memory).
    """
    from collections import deque
    from itertools import islice

    todo, weights = iter(args), iter(sizes) if sizes is not None else None

    def take() -> tuple[list[tuple[Any, ...]], int] | None:
        part = list(islice(todo, chunk))
        return (part, sum(islice(weights, len(part))) if weights is not None else 0) if part else None

    least = 2 * (getattr(pool, "max_workers", 2) or 2)
    window = max(window, least)
    pending: deque[tuple[Any, int]] = deque()
    flight = 0
    head = take()

    def fill() -> None:
        nonlocal flight, head
        while head is not None and len(pending) < window and (
                len(pending) < least or weights is None or flight + head[1] <= budget):
            part, size = head
            pending.append((pool.submit(run_chunk, fn, part), size))
            flight += size
            head = take()

    fill()
    while pending:
        fut, size = pending.popleft()
        done = fut.result()
        flight -= size
        fill()
        yield from done


def _docs(rows: Rows) -> list[Any]:
    from .search import Doc

    return [Doc(r[0], rows.issue, r[3], r[4], r[2], r[7], r[6], r[8]) for r in rows.articles]


def _place_rows(cache: Cache, rel: str, rows: Rows) -> Rows:
    """Keep article ids unique in the cache: a hash collision with another file's article
    lengthens this one's id (rare: then the rows are rebuilt from the article JSON)."""
    taken = cache.conn.execute
    clash = False
    for r in rows.articles:
        row = taken("SELECT path, ordinal FROM articles WHERE id = ?", (r[0],)).fetchone()
        clash = clash or (row is not None and (row[0], row[1]) != (rel, r[2]))
    if not clash:
        return rows
    articles = []
    for r in rows.articles:
        a = Article.from_dict(json.loads(unpack_json(r[-1])))  # (the row stores it compressed)
        ident, length = a.id, ids.ARTICLE_ID_LEN
        while ((row := taken("SELECT path, ordinal FROM articles WHERE id = ?", (ident,)).fetchone()) \
                and (row[0], row[1]) != (rel, a.ordinal)) or ident in {x.id for x in articles}:
            length += 1
            ident = ids.article_id(rel, a.ordinal, length)
        articles.append(replace(a, id=ident))
    head = json.loads(rows.page_json)
    head["articles"] = [a.id for a in articles]
    new_rows, ents = article_rows(rel, tuple(articles))
    return replace(rows, page_json=json.dumps(head, ensure_ascii=False), articles=new_rows, entities=ents)


def _spread_confirmed(cache: Cache, index: _LazyIndex, fresh_ids: set[str], had_articles: bool,
                      pool: WorkerPool | None, progress: Progress | None = None, later_names: bool = False) -> None:
    """Run the names pass (``entities.spread``): in the workers for a big build, then write what changed.

    The articles this run parsed (``fresh_ids``) learn every confirmed name, the older ones the
    names this run confirmed first (``Cache.newly_confirmed``).  With ``later_names`` the older
    articles are not read: those names wait in ``names_pending``; without it, names left pending
    by earlier runs are looked for too.
    The search index is not rewritten: its person/place/org filters match a confirmed name
    wherever its text occurs (``SearchIndex.add_names``), which is the same rule.
    """
    pending = {} if later_names else cache.pending_names()
    if not fresh_ids and not pending:
        return
    names = {n: t for n, t in cache.confirmed_names().items() if len(n) >= 2}
    if not names:
        return
    from .entities.consistency import trie_regex
    from .entities.spread import spread_jobs, spread_rows

    new = cache.newly_confirmed(fresh_ids, names) if fresh_ids and had_articles else {}
    if later_names:
        if new:
            with cache.transaction():
                cache.put_pending_names(new)
        older: dict[str, str] = {}
    else:  # names pending from quick updates are new to the older articles too
        older = {**{n: names[n] for n in pending if n in names}, **new}
    jobs = spread_jobs(cache.conn, names, older, fresh_ids, index.ids_containing)
    if pool is not None and cache.path is not None and len(fresh_ids) >= PARALLEL_THRESHOLD:
        token = hashlib.sha1(json.dumps(sorted(names.items()), ensure_ascii=False).encode()).hexdigest()
        results: Iterator[list[tuple[str, bytes, str]]] = bounded_map(
            pool, spread_job, [(str(cache.path), token if n is names else "", n, i) for n, i in jobs], chunk=1,
            window=0)  # (two jobs per worker: each may return a thousand articles' JSON)
    else:
        patterns: dict[int, Any] = {}  # one compiled pattern per names dict (jobs share them)

        def pattern_of(n: dict[str, str]) -> Any:
            if id(n) not in patterns:
                patterns[id(n)] = trie_regex(n)
            return patterns[id(n)]

        results = (spread_rows(cache.conn, n, pattern_of(n), i) for n, i in jobs)
    total, done = sum(len(j[1]) for j in jobs), 0
    for (_names, job_ids), changed in zip(jobs, results, strict=True):
        done += len(job_ids)
        if progress and len(jobs) > 1:
            progress(done, total, "names")  # the second pass: confirmed names to every article
        for start in range(0, len(changed), BATCH):
            with cache.transaction():
                cache.add_confirmed(changed[start:start + BATCH])
    with cache.transaction():
        index.add_names(names)
        if pending:
            cache.clear_pending_names()


class _LazyIndex:
    """The search index, opened only when there is something to update (opening it costs time)."""

    def __init__(self, cache: Cache):
        self.cache = cache
        self.index: SearchIndex | None = None

    def add_rows(self, rows: list[tuple[Any, Any]], removed: list[str]) -> None:
        if rows or removed:
            self._open().add_rows(rows, removed)

    def add_names(self, names: dict[str, str]) -> None:
        if names:
            self._open().add_names(names)

    def ids_containing(self, texts: Iterable[str]) -> set[str] | None:
        """The articles that may mention one of ``texts``, from the search index (see
        ``SearchIndex.ids_containing``); None unless it holds a row for every stored article
        (pages a stopped staged sync left untagged have none)."""
        conn = self.cache.conn
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_docs'").fetchone() is None:
            return None
        indexed = conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]
        if indexed != conn.execute("SELECT count(*) FROM articles").fetchone()[0]:
            return None
        return self._open().ids_containing(texts)

    def _open(self) -> SearchIndex:
        if self.index is None:
            from .search import SearchIndex

            SearchIndex.ensure_schema(self.cache.conn)
            self.index = SearchIndex(self.cache.conn)
        return self.index


