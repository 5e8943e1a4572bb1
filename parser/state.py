"""Per-user reading state: which articles were read, which are bookmarked.

Kept apart from the archive cache on purpose: the cache is disposable (delete it and kanbao
re-indexes), while a reader's bookmarks are not.  Rows are keyed by the article id, which is
derived from the page's archive-relative path and the article's ordinal (see ``parser.ids``),
so the state survives re-indexing and even moving the whole archive folder.

Two kanbao processes may run at once (a TUI and a CLI in another terminal), so the database
runs in WAL mode and every write is one short transaction.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from .paths import user_dir

STATE_FILE = "state.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS read (id TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS bookmarks (id TEXT PRIMARY KEY, at REAL NOT NULL);
"""


class StateStore:
    """Read/unread and bookmark flags in a small SQLite file.

    Reads are served from in-memory sets loaded at open (the TUI asks "is this read?" for every
    visible row, so that must not touch the disk); writes go straight to SQLite so that a crash
    loses nothing and another process sees them on its next open.
    """

    def __init__(self, data_dir: Path | None = None) -> None:
        self.dir = Path(data_dir) if data_dir is not None else user_dir("data")
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / STATE_FILE
        # check_same_thread=False: the TUI opens the store in a worker thread and writes from the
        # UI thread; every use is a short, serialised call, so sharing one connection is safe.
        self._db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._read = {row[0] for row in self._db.execute("SELECT id FROM read")}
        self._bookmarks = {row[0] for row in self._db.execute("SELECT id FROM bookmarks")}

    # -- queries (memory only) ------------------------------------------------------------------

    @property
    def read_ids(self) -> frozenset[str]:
        return frozenset(self._read)

    @property
    def bookmarked_ids(self) -> frozenset[str]:
        return frozenset(self._bookmarks)

    @property
    def has_read(self) -> bool:
        """True once any article was read (until then every issue's unread count is its size)."""
        return bool(self._read)

    def is_read(self, article_id: str) -> bool:
        return article_id in self._read

    def is_bookmarked(self, article_id: str) -> bool:
        return article_id in self._bookmarks

    # -- updates (one transaction each) ---------------------------------------------------------

    def set_read(self, article_id: str, read: bool = True) -> None:
        self._set("read", self._read, article_id, read)

    def toggle_read(self, article_id: str) -> bool:
        """Flip the read flag; returns the new value."""
        return self._toggle("read", self._read, article_id)

    def set_bookmark(self, article_id: str, on: bool = True) -> None:
        self._set("bookmarks", self._bookmarks, article_id, on)

    def toggle_bookmark(self, article_id: str) -> bool:
        """Flip the bookmark; returns the new value."""
        return self._toggle("bookmarks", self._bookmarks, article_id)

    def mark_many_read(self, article_ids: Iterable[str]) -> None:
        ids = [i for i in article_ids if i not in self._read]
        if not ids:
            return
        now = time.time()
        with self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO read(id, at) VALUES (?, ?)", [(i, now) for i in ids])
        self._read.update(ids)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ------------------------------------------------------------------------------

    def _toggle(self, table: str, cache: set[str], article_id: str) -> bool:
        new = article_id not in cache
        self._set(table, cache, article_id, new)
        return new

    def _set(self, table: str, cache: set[str], article_id: str, on: bool) -> None:
        with self._transaction():
            if on:
                self._db.execute(f"INSERT OR REPLACE INTO {table}(id, at) VALUES (?, ?)", (article_id, time.time()))
            else:
                self._db.execute(f"DELETE FROM {table} WHERE id = ?", (article_id,))
        if on:
            cache.add(article_id)
        else:
            cache.discard(article_id)

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: takes the write lock up front so two processes queue
    instead of failing half-way; rolled back on error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
