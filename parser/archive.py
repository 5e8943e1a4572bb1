"""An archive: a folder of page files, its issues and articles, backed by the cache.

Opening an archive scans the folder (recursively, ``.txt`` and ``.md``), re-parses only files
whose size, mtime and content hash changed, and then builds the light in-memory view (issues
and headlines) from the cache.  Article bodies stay in SQLite until someone asks for one, which
is what lets a 100,000-article archive open in about a second and fit in a few hundred MB.

The folder itself is never written to.
"""

from __future__ import annotations

import gc
import hashlib
import json
import marshal
import os
import signal
import sqlite3
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from . import ids
from .cache import (
    Cache,
    CacheError,
    article_row,
    brief,
    cache_file_for,
    entity_rows_json,
    is_damage,
)
from .model import Article, Extra, Headline, Issue, Page, PageInfo
from .pipeline import SkippedFile, page_from_bytes, read_bytes

if TYPE_CHECKING:
    from .entities import EntityStat
    from .search import Hit

Progress = Callable[[int, int, str], None]

PAGE_SUFFIXES = {".txt", ".md"}
#: Files parsed per transaction: small enough that a kill loses little, large enough to be fast.
BATCH = 100
#: Below this many files to parse, worker processes cost more than they save.
PARALLEL_THRESHOLD = 200
#: From this many files to parse, a build writes bigger transactions with settings for bulk
#: writing (``Cache.bulk``): a kill then loses up to ``BIG_BATCH`` parsed files, a few seconds.
BIG_BUILD = 2000
BIG_BATCH = 1000
#: Bytes of page files parsed ahead of the writer (their rows take a few times as much memory).
IN_FLIGHT_BYTES = 32 << 20


class ArchiveError(Exception):
    """The archive cannot be opened; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class SyncStats:
    files: int = 0
    parsed: int = 0
    unchanged: int = 0
    skipped: int = 0
    removed: int = 0


def sample_path() -> Path:
    """The bundled sample archive (two Wujin Daily front pages), wherever kanbao is installed."""
    import sample_data

    return Path(sample_data.__file__).parent


def scan(root: Path) -> tuple[list[tuple[str, str, os.stat_result]], list[str]]:
    """Page files under ``root`` as (relative POSIX path, path, stat), sorted by relative path.

    Symlinked folders are followed once (a symlink loop is reported, not followed forever);
    hidden files and folders are ignored.  Plain strings and ``os.scandir`` keep this at a few
    microseconds per file: it runs on every open, over every file of the archive.
    """
    found: list[tuple[str, str, os.stat_result]] = []
    warnings: list[str] = []
    seen_dirs: set[tuple[int, int]] = set()
    stack: list[tuple[str, str]] = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            st = os.stat(folder)
        except OSError as exc:
            warnings.append(f"{folder}: cannot read folder ({exc.strerror})")
            continue
        if (st.st_dev, st.st_ino) in seen_dirs:
            warnings.append(f"{folder}: folder already visited (symlink loop?); skipped")
            continue
        seen_dirs.add((st.st_dev, st.st_ino))
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            warnings.append(f"{folder}: cannot list folder ({exc.strerror})")
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    stack.append((entry.path, f"{prefix}{name}/"))
                    continue
                dot = name.rfind(".")
                if dot <= 0 or name[dot:].lower() not in PAGE_SUFFIXES or not entry.is_file():
                    continue
                fst = entry.stat()
            except OSError as exc:
                warnings.append(f"{entry.path}: cannot read ({exc.strerror or exc}); skipped")
                continue
            found.append((prefix + name, entry.path, fst))
    found.sort(key=lambda t: t[0])
    return found, warnings


def issue_id_for(rel_path: str, date: str | None) -> str:
    """Dated pages share the issue named by their date; an undated file is an issue of its own."""
    return date or str(PurePosixPath(rel_path).with_suffix(""))


def _parse_job(path: str, rel: str) -> tuple[str, Any, str, int]:
    """Worker-process entry: parse one file. Returns (status, page-or-message, sha1, size)."""
    try:
        data = read_bytes(Path(path))
    except SkippedFile as exc:
        return "gone", str(exc), "", 0
    sha1 = hashlib.sha1(data).hexdigest()
    try:
        page = page_from_bytes(data, source=path, rel_path=rel)
    except SkippedFile as exc:
        return "skipped", str(exc), sha1, len(data)
    except (MemoryError, RecursionError, ValueError, TypeError, LookupError, ArithmeticError,
            AttributeError, AssertionError) as exc:
        # A parser or tagger bug on one odd file must not cost the user the rest of the archive:
        # skip the file with a warning naming the error (a fixed parser re-reads it: new fingerprint).
        return "skipped", f"could not be parsed ({type(exc).__name__}: {exc})"[:300], sha1, len(data)
    return "ok", page, sha1, len(data)


@dataclass(frozen=True, slots=True)
class _Rows:
    """One parsed page as the rows the cache and the search index store.

    Made in the worker process of a big build: serialising the articles, their entity rows and
    their search rows there leaves the main process, which must write serially, little but SQL
    to run (unpickling a page of dataclasses cost it more than inserting the rows).
    """

    page_json: str
    issue: str
    warnings: tuple[str, ...]
    articles: tuple[tuple[Any, ...], ...]  # cache ``articles`` rows: id, path, ordinal, ..., data
    entities: tuple[str, ...]  # per article: JSON [[type, text, confirmed], ...]
    search: tuple[Any, ...]  # per article: ``search.Prepared``


def _article_rows(rel: str, articles: tuple[Article, ...]) -> tuple[tuple[tuple[Any, ...], ...], tuple[str, ...]]:
    return tuple(article_row(a, rel) for a in articles), tuple(entity_rows_json(a) for a in articles)


def _rows_of(page: Page, rel: str) -> _Rows:
    from .search import prepare

    issue = issue_id_for(rel, page.date)
    articles = tuple(replace(a, issue=issue) for a in page.articles)
    head = replace(page, articles=()).to_dict()
    head["articles"] = [a.id for a in articles]
    rows, ents = _article_rows(rel, articles)
    return _Rows(json.dumps(head, ensure_ascii=False), issue, page.warnings, rows, ents,
                 tuple(prepare(a) for a in articles))


def _parse_prepare_job(path: str, rel: str) -> tuple[str, Any, str, int]:
    """Parse one file and turn it into rows (in a worker process when the build is big).

    Returns ``_parse_job``'s tuple with a :class:`_Rows` in place of the page.
    """
    result = _parse_job(path, rel)
    if result[0] != "ok":
        return result
    try:
        return "ok", _rows_of(result[1], rel), result[2], result[3]
    except (MemoryError, RecursionError, ValueError, TypeError, LookupError) as exc:
        return "skipped", f"could not be indexed ({type(exc).__name__}: {exc})"[:300], result[2], result[3]


def _worker_init() -> None:
    """Set up a parse worker process.

    Workers leave Ctrl-C to the parent, which stops the pool and reports it once.  And they
    exit when the parent dies: a parent killed with SIGKILL cannot shut the pool down, and its
    workers would otherwise wait on the job queue forever (holding the caller's pipes open).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="kanbao-parent-watch", daemon=True).start()


class Archive:
    """Issues and articles of one folder.  Thread-safe: the TUI reads it from worker threads."""

    def __init__(self, root: Path, cache: Cache, issues: tuple[Issue, ...], warnings: tuple[str, ...],
                 new_warnings: tuple[str, ...], stats: SyncStats):
        self.root = root
        self.cache = cache
        self.new_warnings = new_warnings
        self.stats = stats
        self._lock = threading.RLock()
        self._search: Any = None
        self._view_gen: int | None = None  # the cache generation the view in memory was made from
        self._later: list[str] = []  # warnings found after opening (a damaged row re-read)
        self._set_view(lambda _cache: (issues, []), warnings)

    def _set_view(self, load: ViewLoader, warnings: tuple[str, ...]) -> None:
        """Install a view, decoded when first needed: ``kanbao search`` or ``show`` never need
        the 100,000 headlines, and decoding them is half a second."""
        self._load, self._warnings_now, self._state = load, warnings, None

    def _view(self) -> _ViewState:
        state = self._state
        if state is None:
            with self._lock:
                if self._state is None:
                    with _gc_paused():
                        try:
                            issues, skipped = self._load(self.cache)
                        except (sqlite3.DatabaseError, ValueError) as exc:
                            if not is_damage(exc):
                                raise
                            # Garbled bytes in the saved view and in the rows it was made from:
                            # set the cache aside and rebuild it from the folder, as opening would.
                            self._refresh(self.cache.reopen_damaged(exc), None, None)
                            issues, skipped = self._load(self.cache)
                        heads = tuple(h for i in issues for h in i.headlines)
                        self._state = _ViewState(
                            issues, heads, {h.id: h for h in heads}, {h.id: n for n, h in enumerate(heads)},
                            {i.id: i for i in issues}, tuple(f"{self.root / p}: {m}; skipped" for p, m in skipped))
                state = self._state
        return state

    @property
    def issues(self) -> tuple[Issue, ...]:
        return self._view().issues

    @property
    def headlines(self) -> tuple[Headline, ...]:
        return self._view().headlines

    @property
    def warnings(self) -> tuple[str, ...]:
        """One line per skipped or damaged file (and per cache problem) of this archive."""
        return tuple(dict.fromkeys([*self._warnings_now, *self._view().skipped, *self._later]))

    @property
    def _by_id(self) -> dict[str, Headline]:
        return self._view().by_id

    @property
    def _position(self) -> dict[str, int]:
        return self._view().position

    @property
    def _issues_by_id(self) -> dict[str, Issue]:
        return self._view().issues_by_id

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path | None = None, *, cache_dir: Path | None = None,
             progress: Progress | None = None, in_memory: bool = False,
             workers: int | None = None, sync: bool = True) -> Archive:
        """Open the archive at ``path`` (default: the bundled sample), updating its cache.

        With ``sync=False`` the folder is not read: the archive is what the cache saw last
        (a fraction of a second even for 100,000 articles, which lets the TUI paint at once),
        and :meth:`sync` brings it up to date.  Raises :class:`ArchiveError` with a one-line
        message when the folder cannot be used.
        """
        root = Path(path).expanduser() if path is not None else sample_path()
        if not root.exists():
            raise ArchiveError(f"archive not found: {root}")
        if not root.is_dir():
            raise ArchiveError(f"archive is not a folder: {root}")
        if not os.access(root, os.R_OK | os.X_OK):
            raise ArchiveError(f"archive is not readable: {root}")
        root = root.resolve()
        try:
            cache = Cache.open(None if in_memory else cache_file_for(root, cache_dir))
        except CacheError as exc:
            raise ArchiveError(str(exc)) from exc
        archive = cls(root, cache, (), (), (), SyncStats())
        if not sync:
            try:
                view = _load_view(cache)
            except (sqlite3.DatabaseError, ValueError):
                pass  # a damaged cache: the full open below sets it aside
            else:
                assert view is not None
                archive._set_view(view[0], tuple(cache.warnings))
                archive._view_gen = view[1]
                return archive
        archive._refresh(cache, progress, workers)
        return archive

    def sync(self, progress: Progress | None = None, workers: int | None = None) -> SyncStats:
        """Read the folder again: parse what changed, then show the new issues and headlines.

        Runs on a connection of its own, so readers of this archive (the TUI's panes) are not
        held up while files are parsed; the new view replaces the old one at the end.
        """
        if self.cache.path is None:
            return self._refresh(self.cache, progress, workers)
        try:
            cache = Cache.open(self.cache.path)
        except CacheError as exc:
            raise ArchiveError(str(exc)) from exc
        return self._refresh(cache, progress, workers)

    def _refresh(self, cache: Cache, progress: Progress | None, workers: int | None) -> SyncStats:
        with _gc_paused():
            files, scan_warnings = scan(self.root)
        for attempt in range(2):
            new_warnings = list(cache.warnings) + scan_warnings
            try:
                stats, search_index = _sync(cache, self.root, files, progress, new_warnings, workers)
                # Unchanged since the view in memory (same file, nothing written): keep it.
                view = _load_view(cache, self._view_gen if attempt == 0 and cache.path == self.cache.path else None)
                break
            except (sqlite3.DatabaseError, ValueError) as exc:
                if attempt or not is_damage(exc):
                    if cache is not self.cache:
                        cache.close()
                    raise ArchiveError(f"cannot use cache {cache.path or ':memory:'}: {brief(exc)}") from exc
                cache = cache.reopen_damaged(exc)  # damage in a row that quick_check cannot see
        with self._lock:
            old, self.cache = self.cache, cache
            if view is not None:
                load, self._view_gen = view
                self._set_view(load, tuple(dict.fromkeys([*cache.warnings, *scan_warnings])))
            else:
                self._warnings_now = tuple(dict.fromkeys([*self._warnings_now, *cache.warnings, *scan_warnings]))
            self.new_warnings = tuple(dict.fromkeys(new_warnings))
            self.stats = stats
            self._search = search_index  # already loaded while indexing: don't load it twice
            if old is not cache:
                old.close()
        return stats

    def close(self) -> None:
        with self._lock:
            self.cache.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lookups -------------------------------------------------------------------------
    def headline(self, article_id: str) -> Headline:
        return self._by_id[article_id]

    def resolve(self, ref: str) -> str:
        """The article id that ``ref`` names: an exact id or a unique prefix.

        Raises KeyError (no such article) or ValueError (prefix matches several).
        """
        ref = ref.strip().lower()
        if ref in self._by_id:
            return ref
        matches = [i for i in self._by_id if i.startswith(ref)] if ref else []
        if not matches:
            raise KeyError(ref)
        if len(matches) > 1:
            raise ValueError(f"{ref!r} matches {len(matches)} articles: {', '.join(sorted(matches)[:5])}")
        return matches[0]

    def article(self, article_id: str) -> Article:
        """The full article with its body, loaded from the cache."""
        with self._lock:
            try:
                data = self.cache.article_data(article_id)
            except (sqlite3.DatabaseError, ValueError) as exc:
                if not is_damage(exc):
                    raise
                return self._repair(article_id, exc)
        if data is None:
            raise KeyError(article_id)
        return Article.from_dict(data)

    def _repair(self, article_id: str, exc: BaseException) -> Article:
        """Re-read an article whose cache row is damaged from its page file, and store it again.

        Bytes garbled inside a body pass the structural check at open and only fail here; the
        archive is the truth, so the article is parsed again rather than lost.  (Its entities
        miss the archive-wide consistency pass until the next full re-index.)
        """
        from .pipeline import read_page

        head = self._by_id.get(article_id)
        if head is None:
            raise KeyError(article_id) from exc
        try:
            page = read_page(self.root / head.source, rel_path=head.source).page
        except SkippedFile as err:
            raise KeyError(article_id) from err
        fresh = next((a for a in page.articles if a.ordinal == head.ordinal), None)
        if fresh is None:
            raise KeyError(article_id) from exc
        article = replace(fresh, id=article_id, issue=head.issue)
        try:
            with self.cache.transaction():
                self.cache.put_articles(head.source, [article])
        except sqlite3.DatabaseError:
            pass  # still damaged or busy: the article is shown anyway, and re-read next time
        self._later.append(f"cache entry of article {article_id} was damaged ({brief(exc)}); "
                                         f"re-read from {self.root / head.source}")
        return article

    def iter_articles(self) -> Iterator[Article]:
        """Every article, in no particular order, streamed from the cache."""
        with self._lock:
            rows = list(self.cache.iter_article_data())
        for data in rows:
            yield Article.from_dict(data)

    def issue(self, ref: str) -> Issue:
        """An issue by id (date or file stem) or a unique prefix of one."""
        if ref in self._issues_by_id:
            return self._issues_by_id[ref]
        matches = [i for k, i in self._issues_by_id.items() if k.startswith(ref)] if ref else []
        if not matches:
            raise KeyError(ref)
        if len(matches) > 1:
            raise ValueError(f"{ref!r} matches {len(matches)} issues: {', '.join(sorted(i.id for i in matches)[:5])}")
        return matches[0]

    def entity_index(self, type: str | None = None) -> list[EntityStat]:
        """Entities of the archive with the articles naming them, most mentioned first."""
        with self._lock:
            rows = self.cache.entity_rows(type)
        pos = self._position
        from .entities import EntityStat  # the tagger's module is heavy to import; only this needs it

        return [EntityStat(text, t, n, tuple(sorted(set(ids_.split()), key=lambda i: pos.get(i, -1))))
                for t, text, n, ids_ in rows]

    # -- search --------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20, read_ids: Any = None,
               bookmarked_ids: Any = None) -> list[Hit]:
        """Articles matching ``query`` best first (see ``parser.search``)."""
        with self._lock:
            if self._search is None:
                from .search import SearchIndex

                SearchIndex.ensure_schema(self.cache.conn)
                self._search = SearchIndex(self.cache.conn)
            return self._search.search(query, limit, read_ids=read_ids, bookmarked_ids=bookmarked_ids)


# -- syncing the cache with the folder ------------------------------------------------------
def _sync(cache: Cache, root: Path, files: list[tuple[str, str, os.stat_result]],
          progress: Progress | None, warnings: list[str], workers: int | None) -> tuple[SyncStats, Any]:
    """Bring the cache in line with the folder.

    Two passes when anything was parsed: first every changed file is parsed, tagged and
    written (with its search rows); then the names confirmed anywhere are spread to every
    article that mentions them (see :func:`_spread_confirmed`).  A big build runs both passes
    in worker processes; the main process only writes.
    """
    with _gc_paused():
        known = cache.files(with_page=False)
    fresh_ids: set[str] = set()
    present = {rel for rel, _, _ in files}
    todo = [(rel, path, st) for rel, path, st in files
            if not ((row := known.get(rel)) and row.size == st.st_size and row.mtime_ns == st.st_mtime_ns)]
    gone = sorted(set(known) - present)
    # Only a run that parses something can confirm new names; the query costs time on big caches.
    confirmed_before = cache.confirmed_names() if todo else {}
    had_articles = bool(todo) and cache.conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None
    index = _LazyIndex(cache)
    if gone:
        with cache.transaction():
            removed = [i for rel in gone for i in cache.remove_file(rel)]
            index.add_rows([], removed)
    total = len(todo)
    if progress:
        progress(0, total, "")
    parsed = skipped = 0
    batch: list[tuple[str, os.stat_result, tuple[str, Any, str, int]]] = []

    def flush() -> None:
        nonlocal parsed, skipped
        if not batch:
            return
        docs: list[tuple[Any, Any]] = []
        removed: list[str] = []
        with cache.transaction():
            for rel, st, (status, payload, sha1, _size) in batch:
                old = known.get(rel)
                if status == "gone":
                    removed += cache.remove_file(rel)
                    warnings.append(f"{root / rel}: {payload}; skipped")
                    skipped += 1
                elif old is not None and old.sha1 == sha1 and old.status == "ok" and status == "ok":
                    cache.touch_file(rel, st.st_size, st.st_mtime_ns)  # same bytes, new mtime
                elif status == "skipped":
                    removed += cache.remove_file(rel)
                    cache.put_skipped(rel, st.st_size, st.st_mtime_ns, sha1, payload)
                    warnings.append(f"{root / rel}: {payload}; skipped")
                    skipped += 1
                else:
                    if old is not None:  # (a file new to the cache has nothing to remove)
                        removed += cache.remove_file(rel)
                    rows = _place_rows(cache, rel, payload)
                    cache.put_rows(rel, st.st_size, st.st_mtime_ns, sha1, rows.page_json, rows.articles,
                                   rows.entities)
                    docs += zip(_docs(rows), rows.search, strict=True)
                    fresh_ids.update(r[0] for r in rows.articles)
                    warnings.extend(f"{root / rel}: {w}" for w in rows.warnings)
                    parsed += 1
            index.add_rows(docs, removed)
        batch.clear()

    big = total >= BIG_BUILD
    size = BIG_BATCH if big else BATCH
    with _pool(len(todo), workers) as pool, cache.bulk(cold=not had_articles) if big else nullcontext():
        results = _parse_all(todo, pool)
        for n, ((rel, _path, st), result) in enumerate(zip(todo, results, strict=True), 1):
            batch.append((rel, st, result))
            if progress:
                progress(n, total, rel)
            if len(batch) >= size:
                flush()
        flush()
        if fresh_ids:
            _spread_confirmed(cache, index, confirmed_before, fresh_ids, had_articles, pool, progress)
    stats = SyncStats(len(files), parsed, len(files) - len(todo), skipped, len(gone))
    return stats, index.index


@contextmanager
def _pool(jobs: int, workers: int | None) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for a big build (None below ``PARALLEL_THRESHOLD`` files: they cost more
    than they save); shut down without waiting when the build is interrupted."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or jobs < PARALLEL_THRESHOLD:
        yield None
        return
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")  # fork is unsafe from a threaded TUI
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _parse_all(todo: list[tuple[str, str, os.stat_result]], pool: ProcessPoolExecutor | None) -> Iterator[tuple]:
    """Parse files in order, in the worker processes when there are some."""
    if pool is None:
        for rel, path, _st in todo:
            yield _parse_prepare_job(str(path), rel)
        return
    # About one batch of files in flight, at most IN_FLIGHT_BYTES of them: the workers go on
    # parsing while the main process writes the previous batch (-12 % wall time at 10,000
    # files against a window of 128 files, which the workers finished early in every write).
    yield from _bounded_map(pool, _parse_prepare_job, [(str(p), r) for r, p, _ in todo], chunk=16,
                            window=BIG_BATCH // 16, sizes=[st.st_size for _, _, st in todo],
                            budget=IN_FLIGHT_BYTES)


def _run_chunk(fn: Callable[..., Any], args: list[tuple[Any, ...]]) -> list[Any]:
    return [fn(*a) for a in args]


def _bounded_map(pool: ProcessPoolExecutor, fn: Callable[..., Any], args: list[tuple[Any, ...]],
                 chunk: int, window: int, sizes: list[int] | None = None, budget: int = 0) -> Iterator[Any]:
    """``pool.map`` in order, with at most ``window`` chunks in flight.

    ``Executor.map`` submits everything at once, so when the writing main process falls behind
    the workers, every finished page waits in memory (about 1 GB for 100,000 articles).  Too
    small a window idles the workers instead: nothing new is submitted while the main process
    writes a batch.  With ``sizes`` (one per arg) the chunks in flight also stay within
    ``budget`` (a folder of huge pages must not hold a thousand of them in memory), though two
    per worker always go.
    """
    from collections import deque

    starts = range(0, len(args), chunk)
    chunks = deque((args[i:i + chunk], sum(sizes[i:i + chunk]) if sizes else 0) for i in starts)
    least = 2 * (getattr(pool, "_max_workers", 2) or 2)
    window = max(window, least)
    pending: deque[tuple[Any, int]] = deque()
    flight = 0

    def fill() -> None:
        nonlocal flight
        while chunks and len(pending) < window and (
                len(pending) < least or not sizes or flight + chunks[0][1] <= budget):
            part, size = chunks.popleft()
            pending.append((pool.submit(_run_chunk, fn, part), size))
            flight += size

    fill()
    while pending:
        fut, size = pending.popleft()
        done = fut.result()
        flight -= size
        fill()
        yield from done


def _docs(rows: _Rows) -> list[Any]:
    from .search import Doc

    return [Doc(r[0], rows.issue, r[3], r[4], r[2], r[7], r[6], r[8]) for r in rows.articles]


def _place_rows(cache: Cache, rel: str, rows: _Rows) -> _Rows:
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
        a = Article.from_dict(json.loads(r[-1]))
        ident, length = a.id, ids.ARTICLE_ID_LEN
        while ((row := taken("SELECT path, ordinal FROM articles WHERE id = ?", (ident,)).fetchone()) \
                and (row[0], row[1]) != (rel, a.ordinal)) or ident in {x.id for x in articles}:
            length += 1
            ident = ids.article_id(rel, a.ordinal, length)
        articles.append(replace(a, id=ident))
    head = json.loads(rows.page_json)
    head["articles"] = [a.id for a in articles]
    new_rows, ents = _article_rows(rel, tuple(articles))
    return replace(rows, page_json=json.dumps(head, ensure_ascii=False), articles=new_rows, entities=ents)


#: Articles per task of the parallel name pass.
SPREAD_CHUNK = 1000
#: Up to this many freshly parsed articles, the name pass first keeps the names they contain.
FEW_FRESH = 50


def _spread_confirmed(cache: Cache, index: _LazyIndex, before: dict[str, str], fresh_ids: set[str],
                      had_articles: bool, pool: ProcessPoolExecutor | None, progress: Progress | None = None) -> None:
    """Archive-wide consistency: a name confirmed by a strong pattern anywhere is tagged everywhere.

    Articles parsed in this run learn every confirmed name; older articles only the names this
    run confirmed for the first time, so an incremental update rescans little.  Only mentions not
    already inside an entity are added, and never with a second type for a string an article
    already typed.  The search index is not rewritten: its person/place/org filters match a
    confirmed name wherever its text occurs (``SearchIndex.add_names``), which is the same rule.
    """
    names = {n: t for n, t in cache.confirmed_names().items() if len(n) >= 2}
    if not names:
        return
    new = {n: t for n, t in names.items() if n not in before}
    jobs: list[tuple[dict[str, str], list[str]]] = []
    fresh = sorted(fresh_ids)
    wanted = names
    if len(fresh) <= FEW_FRESH:
        # An everyday update parses a file or two: compiling every confirmed name of a big
        # archive into one pattern (about a second at 100,000 articles) is the cost to avoid.
        # The names those articles contain at all are enough.
        data = "\n".join(d for (d,) in cache.conn.execute(
            f"SELECT data FROM articles WHERE id IN ({', '.join('?' * len(fresh))})", fresh))
        wanted = {n: t for n, t in names.items() if n in data}
    if wanted:
        jobs += [(wanted, fresh[i:i + SPREAD_CHUNK]) for i in range(0, len(fresh), SPREAD_CHUNK)]
    from .entities.consistency import trie_regex

    if new and had_articles:
        pattern = trie_regex(new)
        cur = cache.conn.execute("SELECT id, data FROM articles")
        old = [i for rows in iter(lambda: cur.fetchmany(500), []) for i, d in rows
               if i not in fresh_ids and pattern.search(d)]
        jobs += [(new, old[i:i + SPREAD_CHUNK]) for i in range(0, len(old), SPREAD_CHUNK)]
    if pool is not None and cache.path is not None and len(fresh) >= PARALLEL_THRESHOLD:
        token = hashlib.sha1(json.dumps(sorted(names.items()), ensure_ascii=False).encode()).hexdigest()
        results: Iterator[list[tuple[str, str, str]]] = _bounded_map(
            pool, _spread_job, [(str(cache.path), token if n is names else "", n, i) for n, i in jobs], chunk=1,
            window=0)  # (two jobs per worker: each may return a thousand articles' JSON)
    else:
        patterns: dict[int, Any] = {}  # one compiled pattern per names dict (jobs share them)

        def pattern_of(n: dict[str, str]) -> Any:
            if id(n) not in patterns:
                patterns[id(n)] = trie_regex(n)
            return patterns[id(n)]

        results = (_spread_rows(cache.conn, n, pattern_of(n), i) for n, i in jobs)
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


_WORKER_STATE: dict[str, Any] = {}


def _spread_job(cache_path: str, token: str, names: dict[str, str],
                article_ids: list[str]) -> list[tuple[str, str, str]]:
    """Worker-process entry of the name pass: read the articles from the cache, return the changed
    ones.  The connection and the compiled names (``token`` names the set) are kept per worker."""
    from .entities.consistency import trie_regex

    conn = _WORKER_STATE.get(cache_path)
    if conn is None:
        conn = _WORKER_STATE[cache_path] = sqlite3.connect(cache_path, timeout=30)
    pattern = _WORKER_STATE.get(token) if token else None
    if pattern is None:
        pattern = trie_regex(names)
        if token:
            _WORKER_STATE[token] = pattern
    return _spread_rows(conn, names, pattern, article_ids)


def _spread_rows(conn: sqlite3.Connection, names: dict[str, str], pattern: Any,
                 article_ids: list[str]) -> list[tuple[str, str, str]]:
    """(id, article JSON, added [type, text] pairs JSON) of the articles that gain mentions of ``names``.

    Works on the decoded JSON, not on :class:`Article`: in a cold build nearly every article is
    read here, and building and re-serialising the dataclasses was most of this pass's cost.
    """
    out = []
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start:start + 500]
        rows = conn.execute(f"SELECT id, data FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
        for ident, data in rows.fetchall():
            if not pattern.search(data):
                continue
            d = json.loads(data)
            extra = _missing_mentions(d, pattern, names)
            if extra:
                d["entities"] = (d.get("entities") or []) + extra
                pairs = list(dict.fromkeys((e["type"], e["text"]) for e in extra))
                out.append((ident, json.dumps(d, ensure_ascii=False), json.dumps(pairs, ensure_ascii=False)))
    return out


def _field_texts(d: dict[str, Any]) -> Iterator[tuple[str, int | None, str]]:
    """``Article.field_texts`` of an article's JSON."""
    for name in ("kicker", "headline", "subheadline"):
        if d.get(name):
            yield name, None, d[name]
    yield from (("paragraphs", i, p) for i, p in enumerate(d.get("paragraphs") or ()))
    if d.get("caption"):
        yield "caption", None, d["caption"]


def _missing_mentions(d: dict[str, Any], pattern: Any, names: dict[str, str]) -> list[dict[str, Any]]:
    """Entity dicts (``Entity.to_dict``) for the mentions of ``names`` in the article JSON ``d``
    that no entity covers yet, skipping strings the article already typed otherwise."""
    ents = d.get("entities") or ()
    typed = {e["text"]: e["type"] for e in ents}
    # Most mentions are tagged already at exactly their span: a set answers those; the spans of
    # one field are gathered only when a mention is not (to test it for overlaps).
    exact = {(e.get("field", "paragraphs"), e.get("paragraph"), e.get("start", 0), e.get("end", 0)) for e in ents}
    taken: dict[tuple[str, int | None], list[tuple[int, int]]] | None = None
    out: list[dict[str, Any]] = []
    for field, idx, text in _field_texts(d):
        for m in pattern.finditer(text):
            s, e = m.span()
            if (field, idx, s, e) in exact:
                continue
            name = m.group()
            kind = names.get(name)
            if kind is None or typed.get(name, kind) != kind:
                continue
            if taken is None:
                taken = defaultdict(list)
                for f, i, a, b in exact:
                    taken[(f, i)].append((a, b))
            spans = taken[(field, idx)]
            if any(s < b and a < e for a, b in spans):
                continue
            new: dict[str, Any] = {"text": name, "type": kind, "field": field, "start": s, "end": e}
            if idx is not None:
                new["paragraph"] = idx
            new["confirmed"] = True
            out.append(new)
            spans.append((s, e))
    return out


class _LazyIndex:
    """The search index, opened only when there is something to update (opening it costs time)."""

    def __init__(self, cache: Cache):
        self.cache = cache
        self.index: Any = None

    def add_rows(self, rows: list[tuple[Any, Any]], removed: list[str]) -> None:
        if (rows or removed) and self._open():
            self.index.add_rows(rows, removed)

    def add_names(self, names: dict[str, str]) -> None:
        if names and self._open():
            self.index.add_names(names)

    def _open(self) -> bool:
        if self.index is None:
            from .search import SearchIndex

            SearchIndex.ensure_schema(self.cache.conn)
            self.index = SearchIndex(self.cache.conn)
        return True


# -- building the in-memory view -------------------------------------------------------------
#: Format of the saved view (``Cache.view``); another number is simply rebuilt.
_VIEW_VERSION = 3


ViewLoader = Callable[[Cache], tuple[tuple[Issue, ...], list[tuple[str, str]]]]


class _ViewState(NamedTuple):
    issues: tuple[Issue, ...]
    headlines: tuple[Headline, ...]
    by_id: dict[str, Headline]
    position: dict[str, int]
    issues_by_id: dict[str, Issue]
    skipped: tuple[str, ...]


def _load_view(cache: Cache, have: int | None = None) -> tuple[ViewLoader, int] | None:
    """How to get the issues, headlines and skipped files, and the generation they belong to;
    None when ``have`` is that generation already.

    From the view saved by the last change, decoded when first needed; else read from the
    tables now and saved.  Reading the headlines from ``articles`` walks every row of the table,
    article bodies included (hundreds of MB at 100,000 articles); the saved view is a few MB.
    """
    gen, blob = cache.view()
    if have is not None and have == gen:
        return None
    if blob is not None:
        return (lambda current: _decode_or_read(blob, current)), gen
    try:
        with cache.transaction():  # no writer between reading the tables and saving the view
            gen = cache.generation()
            made = _load_issues(cache)
            cache.put_view(gen, _view_blob(*made))
    except sqlite3.OperationalError as exc:
        if is_damage(exc):
            raise
        made, gen = _load_issues(cache), -1  # a read-only or busy cache: the view is saved another time
    return (lambda _current: made), gen


def _decode_or_read(blob: bytes, cache: Cache) -> tuple[tuple[Issue, ...], list[tuple[str, str]]]:
    try:
        return _view_from_blob(blob)
    except (ValueError, EOFError, TypeError, IndexError):
        return _load_issues(cache)  # unreadable: from the tables (saved again after the next change)


def _view_blob(issues: tuple[Issue, ...], skipped: list[tuple[str, str]]) -> bytes:
    """The saved view: records as their own field tuples (loading is one C call per record).

    Equal strings should be one object (``_issues_from_tables`` makes them so): marshal then
    writes a repeated path, date or kind once and loads it once.
    """
    data = (_VIEW_VERSION,
            [(i.id, i.date, [(*p[:6], tuple(map(tuple, p.extras)), p.warnings) for p in i.pages],
              list(map(tuple, i.headlines))) for i in issues],
            [list(x) for x in skipped])
    return marshal.dumps(data)


@contextmanager
def _gc_paused() -> Iterator[None]:
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


def _view_from_blob(blob: bytes) -> tuple[tuple[Issue, ...], list[tuple[str, str]]]:
    version, raw, skipped = marshal.loads(blob)
    if version != _VIEW_VERSION:
        raise ValueError("old view")
    page, extra, head = PageInfo._make, Extra._make, Headline._make
    issues = tuple(Issue(issue_id, date, tuple(page((*p[:6], tuple(map(extra, p[6])), p[7])) for p in pages),
                         tuple(map(head, heads)))
                   for issue_id, date, pages, heads in raw)
    return issues, [(p, m) for p, m in skipped]


def _load_issues(cache: Cache) -> tuple[tuple[Issue, ...], list[tuple[str, str]]]:
    with _gc_paused():
        return _issues_from_tables(cache)


def _issues_from_tables(cache: Cache) -> tuple[tuple[Issue, ...], list[tuple[str, str]]]:
    pages: dict[str, PageInfo] = {}
    skipped: list[tuple[str, str]] = []
    # Repeated strings (dates, page names, kinds, kickers) as one object each: less memory, and
    # the saved view writes each once.
    same: dict[Any, Any] = {}
    one = same.setdefault
    for rel, status, message, pid, date, number, name, encoding, extras, warns in cache.page_rows():
        if status != "ok" or pid is None:
            skipped.append((rel, message or "skipped"))
            continue
        encoding = encoding or "utf-8"
        pages[rel] = PageInfo(pid, rel, one(date, date), number, one(name, name), one(encoding, encoding),
                              tuple(Extra(e["kind"], e["text"]) for e in json.loads(extras))
                              if extras and extras != "[]" else (),
                              tuple(json.loads(warns)) if warns and warns != "[]" else ())
    issue_of = {rel: issue_id_for(rel, info.date) for rel, info in pages.items()}
    by_page: dict[str, list[Headline]] = defaultdict(list)
    for aid, rel, ordinal, date, number, kind, kicker, headline, sub in cache.headline_rows():
        info = pages.get(rel)
        if info is None:
            continue
        by_page[rel].append(Headline(aid, issue_of[rel], one(date, date), number, info.name, ordinal, one(kind, kind),
                                     headline, one(kicker, kicker), sub, info.id, info.source))
    groups: dict[str, list[PageInfo]] = defaultdict(list)
    for rel, info in pages.items():
        groups[issue_of[rel]].append(info)
    issues = []
    for issue_id, infos in groups.items():
        infos.sort(key=lambda i: (i.number is None, i.number or 0, i.source))
        heads = tuple(h for i in infos for h in sorted(by_page[i.source], key=lambda h: h.ordinal))
        issues.append(Issue(issue_id, infos[0].date, tuple(infos), heads))
    issues.sort(key=lambda i: (i.date is None, i.date or "", i.id))
    return tuple(issues), sorted(skipped)
