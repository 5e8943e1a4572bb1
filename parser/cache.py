"""The SQLite cache of parsed pages.

The archive folder is the truth and stays read-only; the cache is derived data that can always
be rebuilt.  That decides the failure policy: a cache that is corrupt, of another schema
version, or written by a different parser is set aside (corrupt) or cleared (outdated) with a
warning, never trusted.  Writes happen in short transactions (WAL mode), so a process killed
mid-index leaves every committed batch usable and the next run finishes the rest, and a TUI and
a CLI command can share one cache.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from .model import Article
from .paths import user_dir

SCHEMA_VERSION = 2  # 2: articles.data is zlib-compressed JSON
_BUSY_TIMEOUT_MS = 30_000
#: Caches up to this size get a full structural check on every open.
_FULL_CHECK_BYTES = 64 * 1024 * 1024

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sha1 TEXT NOT NULL,
    status TEXT NOT NULL,          -- 'ok', 'skipped', or 'untagged' (a staged sync's first step)
    message TEXT,                  -- why it was skipped
    page TEXT                      -- page JSON without article bodies
);
CREATE TABLE IF NOT EXISTS articles(
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    date TEXT,
    page_number INTEGER,
    kind TEXT NOT NULL,
    kicker TEXT,
    headline TEXT NOT NULL,
    subheadline TEXT,
    data BLOB NOT NULL             -- full article JSON, zlib-compressed (pack_json)
);
CREATE INDEX IF NOT EXISTS articles_path ON articles(path);
CREATE TABLE IF NOT EXISTS view_changes(   -- files changed since the saved view was made
    path TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS view_chunks(   -- the saved view's issues, packed, one chunk per month
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a reader's old reference cannot meet other bytes
    data BLOB NOT NULL,
    n INTEGER NOT NULL,            -- issues in it
    retired INTEGER                -- 1: no longer in the saved view; deleted when the next view is saved
);
CREATE TABLE IF NOT EXISTS names_pending(  -- confirmed by a quick update, not yet looked for in older articles
    text TEXT PRIMARY KEY,
    type TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS view_old_dates( -- of those, the ones the saved view may hold: their date then
    path TEXT PRIMARY KEY,
    date TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS article_entities(
    article_id TEXT NOT NULL,
    type TEXT NOT NULL,
    text TEXT NOT NULL,
    confirmed INTEGER NOT NULL DEFAULT 0,  -- found by a strong pattern somewhere in this article
    PRIMARY KEY(article_id, type, text)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS files_untagged ON files(path) WHERE status = 'untagged';
CREATE TABLE IF NOT EXISTS dirs(
    path TEXT PRIMARY KEY,         -- folder relative to the root, '' or ending in '/'
    mtime_ns INTEGER NOT NULL      -- as the last scan saw it (-1: list it again next time)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_entities_text ON article_entities(type, text);
CREATE INDEX IF NOT EXISTS article_entities_confirmed ON article_entities(text, type, confirmed) WHERE confirmed = 1;
"""


class CacheError(Exception):
    """The cache cannot be used at all (e.g. its folder is not writable)."""


class CacheDamage(ValueError):
    """A value stored in the cache no longer decodes: the file is damaged (set aside, rebuilt)."""


def cache_file_for(root: Path, cache_dir: Path | None = None) -> Path:
    """The cache file of the archive at ``root``: one per archive, named by its resolved path."""
    key = hashlib.sha1(str(root.resolve()).encode("utf-8")).hexdigest()[:16]
    return (cache_dir or user_dir("cache")) / f"archive-{key}.sqlite3"


def code_fingerprint() -> str:
    """A hash of the parser's own source, so a new parser never serves stale parses."""
    here = Path(__file__).parent
    h = hashlib.sha1(str(SCHEMA_VERSION).encode())
    for p in sorted(here.rglob("*")):
        if p.suffix == ".py" or p.parent.name == "data":
            try:
                h.update(p.relative_to(here).as_posix().encode())
                h.update(p.read_bytes() if p.suffix == ".py" else str(p.stat().st_size).encode())
            except OSError:
                continue
    return h.hexdigest()[:16]


class FileRow(NamedTuple):
    """A file the cache knows (a NamedTuple: every open makes one per file of the archive)."""

    path: str
    size: int
    mtime_ns: int
    sha1: str
    status: str
    message: str | None


class Cache:
    """A connection to one archive's cache file, with the few queries the archive needs."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, warnings: list[str]):
        self.conn = conn
        self.path = path
        self.warnings = warnings
        self._chunks: ViewChunks | None = None

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | None) -> Cache:
        """Open (creating if needed) the cache at ``path``; ``None`` keeps it in memory.

        A corrupt file is renamed aside, an outdated one is cleared; both leave a warning.
        """
        warnings: list[str] = []
        if path is None:
            conn = _connect(":memory:")
            _init(conn, warnings)
            return cls(conn, None, warnings)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return cls._in_memory(warnings, f"cache folder {path.parent} is not usable ({exc.strerror}); "
                                            "caching in memory")
        for attempt in range(2):
            try:
                conn = _connect(str(path))
                _init(conn, warnings)
                return cls(conn, path, warnings)
            except sqlite3.DatabaseError as exc:
                try:
                    conn.close()
                except Exception:
                    pass
                # A busy or unwritable cache is not a damaged one: setting it aside would throw
                # away a healthy cache that another kanbao process is using.  Reading still
                # works without a cache file, just slower, so fall back to memory.
                if attempt or not is_damage(exc):
                    return cls._in_memory(warnings, f"cache {path} is not usable ({brief(exc)}); caching in memory")
                try:
                    aside = _set_aside(path)
                except OSError as err:
                    return cls._in_memory(warnings, f"cache {path} is damaged ({brief(exc)}) and cannot be moved "
                                                    f"aside ({err.strerror}); caching in memory")
                warnings.append(f"cache {path} was damaged ({brief(exc)}); set aside as {aside.name} and rebuilt")
        raise AssertionError("unreachable")  # pragma: no cover

    @classmethod
    def _in_memory(cls, warnings: list[str], why: str) -> Cache:
        warnings.append(why)
        conn = _connect(":memory:")
        _init(conn, warnings)
        return cls(conn, None, warnings)

    def reopen_damaged(self, exc: BaseException) -> Cache:
        """Set this cache aside and open a fresh one, for damage found after opening.

        ``PRAGMA quick_check`` verifies the b-tree structure, not the bytes of stored text, so a
        few garbage bytes inside a row only show up when the row is read.
        """
        self.close()
        if self.path is None:
            fresh = Cache.open(None)
            fresh.warnings.insert(0, f"in-memory cache was damaged ({brief(exc)}); rebuilt")
            return fresh
        try:
            aside = _set_aside(self.path)
        except OSError as err:
            return Cache._in_memory([], f"cache {self.path} is damaged ({brief(exc)}) and cannot be moved aside "
                                        f"({err.strerror}); caching in memory")
        fresh = Cache.open(self.path)
        fresh.warnings.insert(0, f"cache {self.path} was damaged ({brief(exc)}); set aside as {aside.name} "
                                 "and rebuilt")
        return fresh

    def close(self) -> None:
        if self._chunks is not None:
            self._chunks.close()
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic batch of writes; a kill mid-batch leaves the previous batches intact."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    @contextmanager
    def bulk(self, cold: bool) -> Iterator[None]:
        """Settings for writing a big build's thousands of batches.

        A bigger page cache keeps a batch's dirty pages from spilling mid-transaction, and
        rarer checkpoints write a page that many batches touch to the file once instead of
        every time.  In a cold build the (type, text) index of the entity rows is made once at
        the end: kept up to date row by row, its random inserts were much of the disk traffic.
        (A build stopped midway leaves it to the next open, whose schema script recreates it.)
        """
        conn = self.conn
        conn.execute("PRAGMA cache_size = -262144")  # at most 256 MB, only while building
        conn.execute("PRAGMA wal_autocheckpoint = 16384")
        if cold:
            conn.execute("DROP INDEX IF EXISTS article_entities_text")
            conn.execute("DROP INDEX IF EXISTS article_entities_confirmed")
        try:
            yield
            if cold:
                conn.executescript(_SCHEMA)
        finally:
            conn.execute("PRAGMA wal_autocheckpoint = 1000")
            conn.execute("PRAGMA cache_size = -2000")

    # -- reading -------------------------------------------------------------------------
    def file_stats(self, folders: Iterable[str] | None = None) -> Iterator[tuple[str, int, int, str]]:
        """(path, size, mtime_ns, status) of every file row, or of the rows directly in ``folders``
        (``Scan.dirs`` keys: what a quick check compares), in path order.

        Streamed in the scan's order (UTF-8 byte order is code point order), so that a change
        check is one merge of the two: a dict of a million full file rows held 430 MB.
        """
        sql = "SELECT path, size, mtime_ns, status FROM files"
        if folders is None:
            yield from self.conn.execute(f"{sql} ORDER BY path")
            return
        wanted = set(folders)
        rows: list[tuple] = []
        for f in wanted:
            if f:  # a range of the primary key; its subfolders' rows are dropped by SQLite
                rows += self.conn.execute(f"{sql} WHERE path > ? AND path < ? AND instr(substr(path, ?), '/') = 0",
                                          (f, f + "\U0010ffff", len(f) + 1))
            else:  # the root (listed whenever a folder is added to it): a scan in C, not a
                rows += self.conn.execute(f"{sql} WHERE instr(path, '/') = 0")  # row object per file
        rows.sort()
        yield from (r for r in rows if r[0][:r[0].rfind("/") + 1] in wanted)

    def file_rows(self, paths: Iterable[str]) -> dict[str, FileRow]:
        """The stored rows of those of ``paths`` the cache knows (what a writer compares a
        re-parsed file with)."""
        rows = rows_in(self.conn, "SELECT path, size, mtime_ns, sha1, status, message FROM files WHERE path IN",
                       list(paths))
        return {r[0]: FileRow._make(r) for r in rows}

    def untagged(self) -> dict[str, FileRow]:
        """Files a staged sync stored without entities and search rows (stopped before tagging them)."""
        rows = self.conn.execute("SELECT path, size, mtime_ns, sha1, status, message FROM files"
                                 " WHERE status = 'untagged'")
        return {r[0]: FileRow._make(r) for r in rows}

    def dirs(self) -> tuple[dict[str, int], float | None]:
        """The folders the last scan listed, with their mtimes, and when the last full check began."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'checked'").fetchone()
        return dict(self.conn.execute("SELECT path, mtime_ns FROM dirs")), float(row[0]) if row else None

    def put_dirs(self, dirs: dict[str, int], gone: Iterable[str], full_check: float | None) -> None:
        """Record the folders a scan listed (all of them, and its start time, after a full check)."""
        if full_check is not None:
            self.conn.execute("DELETE FROM dirs")
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('checked', ?)", (repr(full_check),))
        else:
            self.conn.executemany("DELETE FROM dirs WHERE path = ?", [(g,) for g in gone])
        self.conn.executemany("INSERT OR REPLACE INTO dirs VALUES (?, ?)", dirs.items())

    _PAGE_ROWS = ("SELECT path, status, message, json_extract(page, '$.id'), json_extract(page, '$.date') AS date,"
                  " json_extract(page, '$.page.number'), json_extract(page, '$.page.name'),"
                  " json_extract(page, '$.encoding'), json_extract(page, '$.extras'),"
                  " json_extract(page, '$.warnings') FROM files")

    def page_rows(self, paths: list[str] | None = None) -> Iterator[tuple]:
        """(path, status, message, id, date, number, name, encoding, extras JSON, warnings JSON) per
        file (of ``paths`` only, when given).

        SQLite's JSON functions pick the few fields the issue list needs, in C: decoding every
        page's JSON in Python was the largest cost of opening a big archive.
        """
        return self._rows_of(self._PAGE_ROWS, paths)

    def page_rows_by_date(self) -> Iterator[tuple]:
        """Every file's :meth:`page_rows` row, dated pages by date first, then the rest by path
        (sorted by SQLite, so that the view can be made a month at a time)."""
        cur = self.conn.execute(self._PAGE_ROWS + " ORDER BY date IS NULL, date, path")
        for rows in iter(lambda: cur.fetchmany(1000), []):
            yield from rows

    def headline_rows(self, paths: list[str] | None = None) -> Iterator[tuple]:
        """(id, path, ordinal, date, page number, kind, kicker, headline, subheadline) per article
        (of the files ``paths`` only, when given)."""
        sql = "SELECT id, path, ordinal, date, page_number, kind, kicker, headline, subheadline FROM articles"
        return self._rows_of(sql, paths)

    def _rows_of(self, sql: str, paths: list[str] | None) -> Iterator[tuple]:
        """The rows one at a time: a million of them held at once cost more memory than the
        view made from them."""
        if paths is None:
            yield from self.conn.execute(sql)
            return
        yield from rows_in(self.conn, f"{sql} WHERE path IN", paths)

    def ids_from(self, prefix: str) -> list[str]:
        """The article ids that start with ``prefix``, in order."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id", (prefix, prefix + "\U0010ffff"))]

    def article_place(self, article_id: str) -> tuple[str, str | None] | None:
        """(file, page date) of an article: what names its issue (``scan.issue_id_for``)."""
        row = self.conn.execute("SELECT a.path, json_extract(f.page, '$.date') FROM articles a"
                                " JOIN files f ON f.path = a.path WHERE a.id = ?", (article_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def article_pages(self) -> Iterator[tuple[str, str, int, str | None, int | None]]:
        """(id, file, ordinal, page date, page number) of every article: where each stands in
        reading order, without decoding any issue (``Archive.reading_order``)."""
        yield from self.conn.execute("SELECT id, path, ordinal, date, page_number FROM articles")

    def entity_article_pages(self, type_: str, texts: Sequence[str], limit: int = -1,
                             ) -> list[tuple[str, str, int, str | None, int | None]]:
        """:meth:`article_pages` of the articles naming an entity (as any of ``texts``); with
        ``limit``, of the first ``limit`` of them by id — ids are hashes, so a uniform sample."""
        marks = ", ".join("?" * len(texts))
        return self.conn.execute(
            "SELECT id, path, ordinal, date, page_number FROM articles WHERE id IN (SELECT article_id"
            f" FROM article_entities WHERE type = ? AND text IN ({marks}) ORDER BY article_id LIMIT ?)",
            (type_, *texts, limit)).fetchall()

    def entity_counts(self, type_: str | None = None) -> list[tuple[str, str, int]]:
        """(type, text, articles) of every entity the index holds: one pass over its
        ``(type, text)`` index, no article ids."""
        return self._per_type("SELECT type, text, COUNT(*) FROM article_entities{where} GROUP BY type, text", type_)

    def entity_article_count(self, type_: str, texts: Sequence[str]) -> int:
        """Articles naming an entity as any of ``texts`` (an article naming two counts once)."""
        marks = ", ".join("?" * len(texts))
        return self.conn.execute(f"SELECT COUNT(DISTINCT article_id) FROM article_entities WHERE type = ?"
                                 f" AND text IN ({marks})", (type_, *texts)).fetchone()[0]

    def article_data(self, article_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
        return json.loads(unpack_json(row[0])) if row else None

    def entity_rows(self, type_: str | None = None) -> list[tuple[str, str, int, str]]:
        return self._per_type("SELECT type, text, COUNT(*), group_concat(article_id, ' ') FROM article_entities"
                              "{where} GROUP BY type, text ORDER BY COUNT(*) DESC, type, text", type_)

    def _per_type(self, sql: str, type_: str | None) -> list[Any]:
        """The rows of ``sql`` (with a ``{where}`` slot) for entities of ``type_``, or of every type."""
        if type_:
            return self.conn.execute(sql.format(where=" WHERE type = ?"), (type_,)).fetchall()
        return self.conn.execute(sql.format(where="")).fetchall()

    # -- writing -------------------------------------------------------------------------
    def touch_file(self, path: str, size: int, mtime_ns: int) -> None:
        """Record a new stat for a file whose content (hash) did not change."""
        self.conn.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE path = ?", (size, mtime_ns, path))

    def remove_file(self, path: str) -> list[str]:
        """Forget a file and its articles; returns the removed article ids."""
        ids = [r[0] for r in self.conn.execute("SELECT id FROM articles WHERE path = ?", (path,))]
        self.conn.executemany("DELETE FROM article_entities WHERE article_id = ?", [(i,) for i in ids])
        self.conn.execute("DELETE FROM articles WHERE path = ?", (path,))
        # The date its page had names the issue a saved view lists it in (see ``stale_view``).
        self.conn.execute("INSERT OR IGNORE INTO view_old_dates SELECT path, json_extract(page, '$.date')"
                          " FROM files WHERE path = ?", (path,))
        if self.conn.execute("DELETE FROM files WHERE path = ?", (path,)).rowcount:
            self._changed(path)
        return ids

    def _changed(self, path: str) -> None:
        """Count a change to the file ``path`` or its headlines (inside the writer's transaction):
        a saved view of the issues (:meth:`view`) made before it is stale, and ``path`` is one
        of the files that view must be patched for (:meth:`stale_view`)."""
        self.conn.execute("INSERT INTO meta VALUES ('gen', '1') ON CONFLICT (key)"
                          " DO UPDATE SET value = CAST(value AS INTEGER) + 1")
        self.conn.execute("INSERT OR IGNORE INTO view_changes VALUES (?)", (path,))

    def generation(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'gen'").fetchone()
        return int(row[0]) if row else 0

    def view(self, blob: bool = True) -> tuple[int, bytes | None]:
        """The generation, and the saved view of the issues if no file changed since it was made
        (without ``blob``: ``b""`` for "there is one", not reading its megabytes)."""
        keys = "('gen', 'view_gen', 'view')" if blob else "('gen', 'view_gen')"
        rows = dict(self.conn.execute(f"SELECT key, value FROM meta WHERE key IN {keys}"))
        gen = int(rows.get("gen") or 0)
        if str(rows.get("view_gen")) != str(gen):
            return gen, None
        if not blob:
            return gen, b""
        saved = rows.get("view")
        return gen, saved if isinstance(saved, bytes) else None

    def stale_view(self) -> tuple[bytes, list[str]] | None:
        """The saved view of an older generation and the files changed since it was made, when
        both are known (a cache from before ``view_changes`` has only the view): patching that
        view costs a fraction of reading every headline again."""
        rows = dict(self.conn.execute("SELECT key, value FROM meta WHERE key IN ('view', 'view_gen', 'view_changes')"))
        saved = rows.get("view")
        if not isinstance(saved, bytes) or rows.get("view_changes") is None \
                or str(rows.get("view_changes")) != str(rows.get("view_gen")):
            return None
        return saved, [r[0] for r in self.conn.execute("SELECT path FROM view_changes")]

    def old_dates(self, paths: list[str]) -> dict[str, str | None]:
        """Of ``paths`` (files changed since the saved view was made), those stored before they
        changed, with the date their page had then: the issue a saved view lists each in."""
        return dict(rows_in(self.conn, "SELECT path, date FROM view_old_dates WHERE path IN", paths))

    def put_view(self, gen: int, blob: bytes, chunks: Iterable[int]) -> None:
        """Save the view of generation ``gen`` (read inside the same transaction as the tables),
        whose issues are in the view chunks ``chunks``.  The other chunks are retired, and those
        an earlier save retired are deleted: a reader still holding the view before this one
        (another thread, another process) finds its chunks for one more save."""
        self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                              [("view", blob), ("view_gen", str(gen)), ("view_changes", str(gen))])
        self.conn.execute("DELETE FROM view_changes")
        self.conn.execute("DELETE FROM view_old_dates")
        self.conn.execute("DELETE FROM view_chunks WHERE retired IS NOT NULL")
        self.conn.execute("UPDATE view_chunks SET retired = 1 WHERE id NOT IN (SELECT value FROM json_each(?))",
                          (json.dumps(sorted(set(chunks))),))

    def live_view_chunks(self) -> dict[int, int]:
        """Chunk id → number of issues, of the chunks the saved view uses."""
        return dict(self.conn.execute("SELECT id, n FROM view_chunks WHERE retired IS NULL"))

    def add_view_chunk(self, data: bytes, issues: int) -> int:
        """Store a chunk of the view being saved (see :meth:`put_view`); its id."""
        cur = self.conn.execute("INSERT INTO view_chunks(data, n) VALUES (?, ?)", (data, issues))
        assert cur.lastrowid is not None
        return cur.lastrowid

    def view_chunks(self) -> ViewChunks:
        """Reads the saved view's chunks for this cache (one reader, made when first asked)."""
        if self._chunks is None:
            self._chunks = ViewChunks(self)
        return self._chunks

    def put_skipped(self, path: str, size: int, mtime_ns: int, sha1: str, message: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO files(path, size, mtime_ns, sha1, status, message, page) "
            "VALUES (?, ?, ?, ?, 'skipped', ?, NULL)", (path, size, mtime_ns, sha1, message))
        self._changed(path)

    def put_rows(self, path: str, size: int, mtime_ns: int, sha1: str, page_json: str,
                 articles: Iterable[tuple[Any, ...]], entities: Iterable[str], status: str = "ok") -> None:
        """Store a parsed page from rows made in a worker (``workers.Rows``): the page JSON
        without bodies, the ``articles`` rows, and per article its entity rows as JSON."""
        self.conn.execute(
            "INSERT OR REPLACE INTO files(path, size, mtime_ns, sha1, status, message, page) "
            "VALUES (?, ?, ?, ?, ?, NULL, ?)", (path, size, mtime_ns, sha1, status, page_json))
        self._changed(path)
        self._put_article_rows(list(articles), list(entities))

    def _put_article_rows(self, articles: list[tuple[Any, ...]], entities: list[str]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO articles(id, path, ordinal, date, page_number, kind, kicker, headline,"
            " subheadline, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", articles)
        self._put_entities(zip((r[0] for r in articles), entities, strict=True))

    def add_confirmed(self, rows: Iterable[tuple[str, bytes, str]]) -> None:
        """Store articles that gained confirmed mentions: (id, new article JSON packed, JSON list of the
        [type, text] pairs added).  Their entity rows gain those pairs, confirmed; the other rows
        stand (a new mention only ever adds or confirms a row)."""
        rows = list(rows)
        self.conn.executemany("UPDATE articles SET data = ? WHERE id = ?", [(d, i) for i, d, _ in rows])
        self.conn.executemany(
            "INSERT INTO article_entities(article_id, type, text, confirmed) SELECT ?,"
            " json_extract(value, '$[0]'), json_extract(value, '$[1]'), 1 FROM json_each(?) WHERE true"
            " ON CONFLICT (article_id, type, text) DO UPDATE SET confirmed = 1", [(i, e) for i, _, e in rows])

    def _put_entities(self, rows: Iterable[tuple[str, str]]) -> None:
        # Expanded by SQLite from JSON: no Python object per entity row in the writing process.
        self.conn.executemany(
            "INSERT OR REPLACE INTO article_entities(article_id, type, text, confirmed) SELECT ?,"
            " json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')"
            " FROM json_each(?)", rows)

    def put_articles(self, path: str, articles: Iterable[Article]) -> None:
        """Store articles of the file at ``path`` again (e.g. one re-read after damage)."""
        articles = list(articles)
        self.conn.executemany("DELETE FROM article_entities WHERE article_id = ?", [(a.id,) for a in articles])
        self._put_article_rows([article_row(a, path) for a in articles], [entity_rows_json(a) for a in articles])

    def newly_confirmed(self, fresh_ids: set[str], names: dict[str, str]) -> dict[str, str]:
        """Of ``names`` (the names confirmed now), those confirmed only by the articles
        ``fresh_ids`` this run parsed: new to the older articles.  (A name whose only confirming
        article was re-read is counted new too; looking for it again changes nothing.)  Two
        indexed queries, where the names confirmed before the run took a scan of every
        confirmed row (0.5 s at a million articles)."""
        fresh = sorted(fresh_ids)
        texts = {t for (t,) in rows_in(self.conn, "SELECT text FROM article_entities WHERE confirmed = 1"
                                                  " AND article_id IN", fresh)} & names.keys()
        elsewhere = {t for t, a in rows_in(self.conn, "SELECT text, article_id FROM article_entities"
                                                      " WHERE confirmed = 1 AND text IN", sorted(texts))
                     if a not in fresh_ids}
        return {t: names[t] for t in texts - elsewhere}

    def pending_names(self) -> dict[str, str]:
        """Names a quick update confirmed for the first time, not yet looked for in the articles
        stored before it (see ``sync_cache``'s ``later_names``)."""
        return dict(self.conn.execute("SELECT text, type FROM names_pending"))

    def put_pending_names(self, names: dict[str, str]) -> None:
        self.conn.executemany("INSERT OR REPLACE INTO names_pending VALUES (?, ?)", names.items())

    def clear_pending_names(self) -> None:
        self.conn.execute("DELETE FROM names_pending")

    def confirmed_names(self) -> dict[str, str]:
        """Strings some article confirms by a strong pattern, with their type (most votes win).

        Read from a partial index of the confirmed rows only: a scan of every entity row took
        seconds at 100,000 articles, and every update that parses a file asks.  The index holds
        ``confirmed`` too, so the query never visits the table (1.3 s -> 0.09 s at 100,000).
        """
        rows = self.conn.execute(
            "SELECT text, type FROM article_entities WHERE confirmed = 1 GROUP BY text, type"
            " ORDER BY COUNT(*) ASC")
        return {text: type_ for text, type_ in rows}


def article_row(a: Article, path: str) -> tuple[Any, ...]:
    """The ``articles`` row of an article of the file at ``path``."""
    return (a.id, path, a.ordinal, a.date, a.page_number, a.kind, a.kicker, a.headline, a.subheadline,
            pack_json(json.dumps(a.to_dict(), ensure_ascii=False)))


def pack_json(text: str) -> bytes:
    """An article's JSON as the cache stores it: zlib level 1, about a third of the size for
    ~40 µs of a worker's time.  Stored plain, the article rows were the biggest part of a cache
    (767 MB of 1.9 GB at 100,000 articles, twice the raw text with the index beside them)."""
    return zlib.compress(text.encode("utf-8"), 1)


def unpack_json(blob: bytes) -> str:
    """The JSON :func:`pack_json` stored; :class:`CacheDamage` when the bytes are damaged."""
    try:
        return zlib.decompress(blob).decode("utf-8")
    except (zlib.error, TypeError, UnicodeDecodeError) as exc:
        raise CacheDamage(f"damaged article data ({exc})") from exc


def entity_rows_json(a: Article) -> str:
    """The article's ``article_entities`` rows as JSON: one per (type, text), confirmed if any
    mention is (SQLite expands it, ``Cache._put_entities``)."""
    confirmed: dict[tuple[str, str], int] = {}
    for e in a.entities:
        key = (e.type, e.text)
        confirmed[key] = max(confirmed.get(key, 0), int(e.confirmed))
    return json.dumps([[t, x, c] for (t, x), c in confirmed.items()], ensure_ascii=False)


#: SQLite errors that say the cache is busy or its storage unusable, not that the file is damaged.
_NOT_DAMAGE_CODES = {"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_FULL",
                     "SQLITE_IOERR", "SQLITE_PERM", "SQLITE_INTERRUPT", "SQLITE_NOMEM"}
_NOT_DAMAGE_WORDS = ("locked", "busy", "readonly", "unable to open", "disk i/o", "is full", "interrupted")


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` (raised while reading the cache) means the cache file's content is damaged.

    Damage means: set the file aside and rebuild.  A locked, read-only or full cache is not
    damaged, and rebuilding it would not help (and would discard another process's work).
    """
    if isinstance(exc, ValueError):
        # A stored value that no longer decodes, and only that: any other ValueError is a bug,
        # and taking it for damage once set a million-article cache aside for an id clash.
        return isinstance(exc, CacheDamage | json.JSONDecodeError)
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = (getattr(exc, "sqlite_errorname", None) or "").split("_", 2)
    if "_".join(code[:2]) in _NOT_DAMAGE_CODES:
        return False
    message = str(exc).lower()
    return not any(w in message for w in _NOT_DAMAGE_WORDS)


class ViewChunks:
    """The bytes of saved issues, read from ``view_chunks`` a chunk at a time.

    Issues of the saved view point into chunks (chunk id, offset, length, CRC32); an issue's
    pages and headlines are read when first shown, so opening a million-article archive reads
    the small list of issues and not 200 MB of headlines.  Reads use a connection of their
    own: the archive's may be inside a writer's transaction in another thread, and an issue may
    be shown after its archive closed.  A cache in memory has no file to reopen, so its chunks
    are all read at once.  The last few chunks are kept: neighbouring issues share one.
    """

    KEEP = 8

    def __init__(self, cache: Cache) -> None:
        self._path = cache.path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None if cache.path is not None else cache.conn
        self._recent: OrderedDict[int, bytes] = OrderedDict()
        self._all: dict[int, bytes] | None = None
        if cache.path is None:
            self._all = dict(cache.conn.execute("SELECT id, data FROM view_chunks"))

    def piece(self, chunk: int, offset: int, length: int, crc: int) -> bytes | None:
        """The bytes at ``offset`` of chunk ``chunk``; None when the chunk is gone (a later
        save deleted it) or the bytes are not the ones saved there (damage)."""
        data = self._chunk(chunk)
        if data is None:
            return None
        piece = data[offset:offset + length]
        return piece if len(piece) == length and zlib.crc32(piece) == crc else None

    def _chunk(self, chunk: int) -> bytes | None:
        with self._lock:
            if self._all is not None:
                if chunk not in self._all and self._path is None:
                    try:  # saved since: read them all again while the connection is open
                        self._all = dict(self._connection().execute("SELECT id, data FROM view_chunks"))
                    except sqlite3.ProgrammingError:
                        pass  # closed
                return self._all.get(chunk)
            data = self._recent.get(chunk)
            if data is not None:
                self._recent.move_to_end(chunk)
                return data
            row = self._connection().execute("SELECT data FROM view_chunks WHERE id = ?", (chunk,)).fetchone()
            if row is None or not isinstance(row[0], bytes):
                return None
            self._recent[chunk] = row[0]
            if len(self._recent) > self.KEEP:
                self._recent.popitem(last=False)
            return row[0]

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            assert self._path is not None
            self._conn = _connect(str(self._path))
        return self._conn

    @contextmanager
    def tables(self) -> Iterator[Cache]:
        """The cache's tables through this reader's connection, for an issue its chunk cannot
        give (see ``view._decode_saved``)."""
        with self._lock:
            yield Cache(self._connection(), None, [])

    def close(self) -> None:
        """Close the reading connection (reopened if an issue is decoded later)."""
        with self._lock:
            if self._conn is not None and self._path is not None:
                self._conn.close()
                self._conn = None


def rows_in(conn: sqlite3.Connection, sql: str, values: Sequence[Any]) -> Iterator[tuple]:
    """The rows of ``sql``, which ends in ``IN``, for ``values``: queried 500 at a time (SQLite
    caps the parameters of one statement), yielded as they are read."""
    for start in range(0, len(values), 500):
        part = values[start:start + 500]
        yield from conn.execute(f"{sql} ({', '.join('?' * len(part))})", part)


def brief(exc: BaseException) -> str:
    """An error as a short single line: SQLite quotes whole damaged rows in its messages."""
    lines = str(exc).splitlines()
    text = lines[0] if lines else type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _set_aside(path: Path) -> Path:
    """Rename a damaged cache (and its WAL and shared-memory files) out of the way; returns the new name."""
    aside = path.with_name(f"{path.name}.corrupt-{time.time_ns()}")
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(path) + suffix)
        if src.exists():
            src.replace(Path(str(aside) + suffix))
    return aside


def _connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(target, timeout=_BUSY_TIMEOUT_MS / 1000, check_same_thread=False,
                           isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
    return conn


def _stored_meta(conn: sqlite3.Connection) -> dict[str, str]:
    """The schema version and code fingerprint the cache was written with (not the saved view:
    megabytes, read only when wanted)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone() is None:
        return {}
    return dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('schema', 'code')"))


def _has_bulk_indexes(conn: sqlite3.Connection) -> bool:
    """False when a cold build stopped midway left the indexes ``Cache.bulk`` makes at its end."""
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN"
                        " ('article_entities_text', 'article_entities_confirmed')").fetchone()[0] == 2


def _init(conn: sqlite3.Connection, warnings: list[str]) -> None:
    """Create or validate the schema; clear a cache from another schema or parser version."""
    # quick_check reads every page: ~4 s on a 100k-article cache, most of the "opens in a second"
    # budget.  Small caches get it; large ones rely on reading the schema here and on the damage
    # checks made whenever rows are read (a damaged body is re-read from its page file).
    pages = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
    if pages <= _FULL_CHECK_BYTES:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("integrity check failed")
    else:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if pages == 0:
        # A new cache: 8 KB pages hold an article's JSON (often over 4 KB) without an overflow
        # page; a cold build of 20,000 synthetic articles took 8 % less CPU in the writer.
        conn.execute("PRAGMA page_size = 8192")
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError:
        pass  # e.g. on a filesystem without shared memory: rollback journal still works
    conn.execute("PRAGMA synchronous = NORMAL")
    fingerprint = code_fingerprint()
    expected = {"schema": str(SCHEMA_VERSION), "code": fingerprint}
    if _stored_meta(conn) == expected and _has_bulk_indexes(conn):
        return  # the usual open: no write lock taken (an indexer may hold it for seconds)
    conn.execute("BEGIN IMMEDIATE")
    try:
        stored = _stored_meta(conn)
        if stored and (stored.get("schema") != str(SCHEMA_VERSION) or stored.get("code") != fingerprint):
            # Derived data only: drop it all (virtual tables first, their shadow tables go with them).
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            for t in tables:
                if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                (t,)).fetchone():
                    conn.execute(f'DROP TABLE IF EXISTS "{t}"')
            if stored.get("schema") != str(SCHEMA_VERSION):
                warnings.append(f"cache was from schema version {stored.get('schema')}; rebuilt")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.executescript(_SCHEMA)
    if stored != expected:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('code', ?)", (fingerprint,))
