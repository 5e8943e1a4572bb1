"""Search as you type: the index (schema, the one write path, the ranked search loop) and hits.

How it works (details and numbers in ``docs/search.md``); one job per module:

* ``search_rows``: what is stored about an article.  **One FTS5 table of character bigrams**
  (stdlib sqlite3, ``search_fts``): a Chinese term of any length is a phrase of bigrams, a
  one-character term a prefix query (SQLite's trigram tokenizer cannot find two-character words,
  which most Chinese words and names are).  The rowid encodes (date, page, ordinal), so
  ``ORDER BY rowid DESC`` is "newest issue first" and stops early inside SQLite.
* ``search_vocab``: **pinyin is expanded, never stored per body character.**  A Latin term is
  cut into syllables (``parser.pinyin``) and matched against a vocabulary of words that occur in
  the archive; the matching Chinese strings are searched like typed Chinese.
* ``search_terms``: one typed term expanded tier by tier.
* here: **ranking by level**: (match tier, field), then newest first.  Tiers: exact text, pinyin
  in its context reading, pinyin with an unfinished last syllable, other heteronyms, initials,
  southern fuzzy pairs, one typo.  Fields: headline, kicker/subheadline, bylines/entities, body.
  Levels are queried best first and the loop stops as soon as ``limit`` hits are found, so a
  one-letter query costs no more than a precise one.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .entities.divisions import all_forms
from .entities.spread import recalled_names
from .query import Query, parse_query
from .search_rows import (
    Doc,
    Prepared,
    bigram_keys,
    columns,
    day_range,
    grams,
    norm,
    phrase,
    prepare,
    rowid_base,
)
from .search_terms import EXACT, INITIALS, TIER_NAMES, TYPO_MIN_LEN, Term, join_spaced_syllables
from .search_vocab import BigramTable, Vocab, WordTable, pack_stored, unpack_stored

__all__ = ["Doc", "Hit", "Prepared", "SearchError", "SearchIndex", "grams", "phrase", "prepare"]

log = logging.getLogger(__name__)

SCHEMA_VERSION = "6"

# FTS columns searched for terms, in rank order; person/place/org only serve filters.
FIELDS = ("head", "deck", "meta", "body")
COLUMNS = ("head", "deck", "meta", "person", "place", "org", "body")
#: Up to this many vocabulary words, a long-lived reader (the TUI) builds the typo and fuzzy
#: lookups as dicts in the background (``Vocab.warm``); beyond, it uses the sorted tables kept in
#: the cache: the dicts over the 1.8 million words of a million articles took more memory than
#: the rest of the app.
WARM_MAX_WORDS = 500_000
#: A stored vocabulary of more words than this is used even when the index has changed since it
#: was made (a day's paper added): rebuilding it from its rows made the first search after an
#: update wait 9 s, and took 760 MB, at a million articles (1.8 million words).  Meanwhile pinyin
#: still reaches the new articles' words through the word and bigram tables (SQL, always
#: current); their headline pairs, initials, typos and fuzzy spellings wait for
#: :meth:`SearchIndex.refresh_vocab`, which the TUI runs in the background and ``kanbao index``
#: at its end.  A smaller vocabulary is rebuilt by the first search that needs it (about a
#: second at 100,000 articles).
STALE_OK_WORDS = 500_000
HEAD_COLUMNS = COLUMNS[:-1]

#: FTS5 settings of the body table.  Merges (defaults 4 and 16): 10,000 synthetic articles took
#: 0.49 ms per insert with the defaults, 0.35 ms with these (docs/search.md).  A 32 MB buffer of
#: pending terms (default 1 MB) writes a big build's 1,000-file batches as one segment each:
#: 100,000 articles' body bigrams took 27 CPU-s instead of 32.
FTS_MERGE = (("automerge", 16), ("crisismerge", 64), ("hashsize", 32 << 20))


_PAIR = re.compile("..", re.S)  # a prepared article's bigrams, two characters each
#: Articles in one write from which the known bigrams are held in memory rather than looked up.
KNOWN_BIGRAMS_FROM = 500


class SearchError(Exception):
    """The index could not answer a query (SQLite failed); the message is one line for a user."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result, with spans (start, end) to highlight in the headline and snippet."""

    id: str
    headline: str
    score: float
    snippet: str
    issue: str
    date: str | None
    page: int | None
    field: str
    headline_spans: tuple[tuple[int, int], ...] = ()
    snippet_spans: tuple[tuple[int, int], ...] = ()
    tier: str = "exact"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "issue": self.issue, "date": self.date, "page": self.page,
                "headline": self.headline, "score": self.score, "field": self.field, "tier": self.tier,
                "snippet": self.snippet, "headline_spans": [list(s) for s in self.headline_spans],
                "snippet_spans": [list(s) for s in self.snippet_spans]}


def current_gen(conn: sqlite3.Connection) -> str:
    """The index's update generation (counted up by every write)."""
    row = conn.execute("SELECT value FROM search_meta WHERE key = 'gen'").fetchone()
    return str(row[0]) if row else "0"


def _build_main(conn: sqlite3.Connection, gen: str) -> Vocab:
    """The main vocabulary of the index as of ``gen``, from its rows, kept (best effort) for the
    next process."""
    vocab = Vocab.from_rows(conn.execute(
        "SELECT word, sum(df), min(reading) FROM search_vocab GROUP BY word ORDER BY 2 DESC, 1"))
    vocab.parts = VocabParts(conn, gen)
    try:  # keep it for the next reopen; not worth failing a search over
        ours = not conn.in_transaction
        before = conn.execute("SELECT value FROM search_meta WHERE key = 'vocab_gen'").fetchone()
        if before is not None:
            # The tables of the vocabulary replaced here stay one generation more, for a reader
            # still using it (a big one is used until refreshed); older ones go.
            conn.execute("DELETE FROM search_meta WHERE key LIKE 'vocab:%:%'"
                         " AND CAST(substr(key, 7, instr(substr(key, 7), ':') - 1) AS INTEGER) < ?",
                         (int(before[0]),))
        blob = vocab.to_blob()
        conn.executemany("INSERT OR REPLACE INTO search_meta VALUES (?, ?)",
                         [("vocab", blob), ("vocab_gen", gen), ("vocab_words", str(vocab.size)),
                          ("vocab_parts", " ".join(map(str, Vocab.part_lengths(blob))))])
        del blob
        if ours and conn.in_transaction:
            conn.commit()
    except sqlite3.Error:
        log.debug("could not store the vocabulary blob", exc_info=True)
    return vocab


def read_meta(conn: sqlite3.Connection, key: str) -> Any:
    """The value of ``key`` in ``search_meta`` (None if there is none).

    A big blob is read by incremental blob I/O where Python has it (3.11): a plain SELECT holds
    it twice at once, SQLite's copy and Python's — 137 MB for the vocabulary of a million
    articles, the TUI's peak memory."""
    with _meta_blob(conn, key, 1 << 20) as blob:
        if blob is not None:
            return blob.read()
    got = conn.execute("SELECT value FROM search_meta WHERE key = ?", (key,)).fetchone()
    return got[0] if got else None


@contextmanager
def _meta_blob(conn: sqlite3.Connection, key: str, at_least: int = 0) -> Iterator[Any]:
    """The blob of ``key`` in ``search_meta`` open for incremental reading (``sqlite3.Blob``),
    or None: no such blob of ``at_least`` bytes, or no blob I/O in this Python."""
    opener = getattr(conn, "blobopen", None)
    row = conn.execute("SELECT rowid FROM search_meta WHERE key = ? AND typeof(value) = 'blob'"
                       " AND length(value) >= ?", (key, at_least)).fetchone() if opener else None
    if row is None:
        yield None
        return
    with opener("search_meta", "value", row[0], readonly=True) as blob:
        yield blob


class VocabParts:
    """The main vocabulary's derived tables (initials, line starts, sorted lookups), kept in
    ``search_meta`` as ``vocab:GEN:NAME`` (with a CRC32, see ``search_vocab.pack_stored``), for
    the update generation they were built from.  Storing a new vocabulary deletes the tables of
    generations before the one it replaces (``_build_main``).

    Building them over a 300,000-word vocabulary took most of a one-shot ``kanbao search cj``;
    the first process that needs one builds and keeps it, later ones read it.  Keeping is best
    effort (a locked or read-only cache only costs the next process the rebuild).
    """

    def __init__(self, conn: sqlite3.Connection, gen: str) -> None:
        self.conn = conn
        self.gen = gen

    def get(self, name: str) -> bytes | memoryview | None:
        value = read_meta(self.conn, f"vocab:{self.gen}:{name}")
        if not isinstance(value, bytes):
            return None
        try:
            return unpack_stored(value)
        except (ValueError, zlib.error):
            return None

    def put(self, name: str, value: bytes) -> None:
        ours = not self.conn.in_transaction
        try:
            made = self.conn.execute("SELECT value FROM search_meta WHERE key = 'vocab_gen'").fetchone()
            if made is not None and int(made[0]) > int(self.gen):
                return  # a vocabulary in use after a newer one was kept (``STALE_OK_WORDS``): its tables are not
            self.conn.execute("INSERT OR REPLACE INTO search_meta VALUES (?, ?)",
                              (f"vocab:{self.gen}:{name}", pack_stored(value)))
            if ours and self.conn.in_transaction:
                self.conn.commit()
        except sqlite3.Error:
            log.debug("could not keep the vocabulary's %s table", name, exc_info=True)
            if ours and self.conn.in_transaction:
                self.conn.rollback()


# -- the index --------------------------------------------------------------------------------------
class SearchIndex:
    """The archive's search index, kept in the archive's SQLite cache (tables ``search_*``).

    Cheap to construct: the in-memory vocabulary is loaded on the first search and dropped by
    :meth:`update`, so indexing many batches never reloads it.
    """

    def __init__(self, conn: sqlite3.Connection, warm: bool = True) -> None:
        self.conn = conn
        #: Build the typo and fuzzy lookup tables in a background thread once the vocabulary is
        #: loaded (for the next keystroke); a one-shot command says no: the thread would only
        #: compete with its one search for the GIL (+0.6 s for ``kanbao search cj`` at 100k).
        self.warm = warm
        self._vocab: Vocab | None = None
        self._gen = ""  # update generation the loaded vocabulary belongs to
        self._lock = threading.RLock()
        self._refreshing = threading.Lock()  # (held while a refresh runs, not while searching)
        self.words = WordTable(conn)
        self.bigrams = BigramTable(conn)
        self._known_bigrams: set[str] | None = None  # loaded by the first big write

    # -- schema -------------------------------------------------------------------------------
    @staticmethod
    def ensure_schema(conn: sqlite3.Connection) -> None:
        """Create the ``search_*`` tables if missing; rebuild them if their version is older."""
        ours = not conn.in_transaction
        conn.execute("CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT)")
        row = conn.execute("SELECT value FROM search_meta WHERE key = 'version'").fetchone()
        if row is not None and row[0] != SCHEMA_VERSION:
            for name in ("search_docs", "search_fts", "search_head", "search_vocab", "search_names", "search_words",
                         "search_bigrams"):
                conn.execute(f"DROP TABLE IF EXISTS {name}")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS search_docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
            " issue TEXT, date TEXT, page INTEGER, headline TEXT, kicker TEXT, subheadline TEXT,"
            " credits TEXT, entities TEXT, body BLOB)")
        new = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search_fts'").fetchone() is None
        # No prefix index on the big table: it cost 40 % of the insert time and 40 % of the size
        # for one-character body queries only, which a prefix scan of the bigram terms answers.
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
            + ", ".join(COLUMNS) + ", content='', columnsize=0, tokenize='unicode61')")
        if new:
            # Merge segments less eagerly while a big archive is indexed (-25 % insert time;
            # FTS_MERGE below lists the measurements); queries merge what they read anyway.
            for key, value in FTS_MERGE:
                conn.execute("INSERT INTO search_fts(search_fts, rank) VALUES (?, ?)", (key, value))
        # The short fields again, alone: their doclists are tiny, so headline-level queries do
        # not walk every body occurrence of a term the way a column filter on search_fts would.
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_head USING fts5("
            + ", ".join(HEAD_COLUMNS) + ", content='', columnsize=0, prefix='1', tokenize='unicode61')")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS search_vocab (word TEXT NOT NULL, type TEXT NOT NULL,"
            " df INTEGER NOT NULL, reading TEXT NOT NULL, PRIMARY KEY (word, type)) WITHOUT ROWID")
        # Every word of every text, keyed by its pinyin run together and by its initials: pinyin
        # reaches body words through two indexed lookups, without holding them in memory.
        conn.execute("CREATE TABLE IF NOT EXISTS search_words (word TEXT PRIMARY KEY, df INTEGER NOT NULL,"
                     " reading TEXT NOT NULL, initials TEXT NOT NULL) WITHOUT ROWID")
        conn.execute("CREATE INDEX IF NOT EXISTS search_words_key ON search_words (replace(reading, ' ', ''))")
        conn.execute("CREATE INDEX IF NOT EXISTS search_words_initials ON search_words (initials)")
        # Every two adjacent Han characters, keyed by their reading run together: pinyin of a
        # string that spans words is chained from these (化建 + 建设 for huajianshe).
        conn.execute("CREATE TABLE IF NOT EXISTS search_bigrams (bigram TEXT PRIMARY KEY, key TEXT NOT NULL,"
                     " initials TEXT NOT NULL, df INTEGER NOT NULL) WITHOUT ROWID")
        conn.execute("CREATE INDEX IF NOT EXISTS search_bigrams_key ON search_bigrams (key)")
        conn.execute("CREATE INDEX IF NOT EXISTS search_bigrams_initials ON search_bigrams (initials, df)")
        conn.execute("CREATE TABLE IF NOT EXISTS search_names (text TEXT NOT NULL, type TEXT NOT NULL,"
                     " PRIMARY KEY (text, type)) WITHOUT ROWID")
        conn.execute("INSERT OR REPLACE INTO search_meta VALUES ('version', ?)", (SCHEMA_VERSION,))
        if ours and conn.in_transaction:
            conn.commit()

    # -- updates ---------------------------------------------------------------------------------
    def add_rows(self, rows: Sequence[tuple[Doc, Prepared]], removed_ids: Iterable[str]) -> None:
        """The one way in: remove ``removed_ids``, then (re)index ``rows`` (:func:`prepare` made in
        the parse workers), inside the caller's transaction.  An id in both is replaced.

        Vocabulary counts only grow: a word whose articles were all removed stays a harmless
        expansion candidate that finds nothing.
        """
        with self._lock:
            self._write(rows, set(removed_ids))

    def _write(self, rows: Sequence[tuple[Doc, Prepared]], removed: set[str]) -> None:
        fresh = {d.id: p for d, p in rows}
        for ident in removed | fresh.keys():
            self._remove(ident, fresh.get(ident))
        fts = sorted((self._insert_doc(d, p), p.cols) for d, p in rows)
        # FTS5 flushes its pending terms to a new segment whenever a rowid is not above the last
        # one, and a page's later articles get lower rowids (newest first): in rowid order, a
        # batch is one segment (2.2-2.7x faster inserts than in page order).
        self.conn.executemany(f"INSERT INTO search_fts(rowid, {', '.join(COLUMNS)}) VALUES"
                              f" (?, {', '.join('?' * len(COLUMNS))})", ((r, *c) for r, c in fts))
        self.conn.executemany(f"INSERT INTO search_head(rowid, {', '.join(HEAD_COLUMNS)}) VALUES"
                              f" (?, {', '.join('?' * len(HEAD_COLUMNS))})", ((r, *c[:-1]) for r, c in fts))
        vocab = ",".join(p.vocab[1:-1] for _, p in rows if len(p.vocab) > 2)
        if vocab:
            # Counted in SQL from the rows' JSON: one statement per batch, no Python objects
            # per word (readings of known words are ignored; a new word keeps its first one).
            self.conn.execute(
                "INSERT INTO search_vocab SELECT json_extract(value, '$[0]') AS w,"
                " json_extract(value, '$[1]') AS t, count(*), min(json_extract(value, '$[2]'))"
                " FROM json_each(?) WHERE true GROUP BY w, t"
                " ON CONFLICT (word, type) DO UPDATE SET df = df + excluded.df", ("[" + vocab + "]",))
        words: Counter[str] = Counter()
        for _, p in rows:
            if p.words:
                words.update(p.words.split("\n"))
        if words:
            # counted per batch first: each distinct word is one upsert however many articles use it
            self.conn.executemany(
                "INSERT INTO search_words VALUES (?, ?, ?, ?) ON CONFLICT (word) DO UPDATE SET df = df + excluded.df",
                [(w, n, r, i) for (w, r, i), n in ((line.split("\t"), n) for line, n in words.items())])
        self._add_bigrams(rows)
        self.conn.execute("INSERT INTO search_meta VALUES ('gen', '1') ON CONFLICT (key)"
                          " DO UPDATE SET value = CAST(value AS INTEGER) + 1")
        self._vocab = None

    def _add_bigrams(self, rows: Sequence[tuple[Doc, Prepared]]) -> None:
        """Record the bigrams of ``rows`` that the table does not hold yet.

        A bigram's ``df`` is the number of articles of the batch that first had it: an estimate of
        its frequency (what orders the links of a chain) that costs no write for a bigram already
        known.  Counting every occurrence was one upsert per distinct bigram per batch, +0.2 ms
        of the writer's time per article, the most expensive part of the table.  A big write
        keeps the known bigrams in a set (a few hundred thousand two-character strings); a
        small one lets SQLite skip them.
        """
        counts: Counter[str] = Counter()
        for _, p in rows:
            counts.update(_PAIR.findall(p.bigrams))
        if not counts:
            return
        if self._known_bigrams is None and len(rows) >= KNOWN_BIGRAMS_FROM:
            self._known_bigrams = {r[0] for r in self.conn.execute("SELECT bigram FROM search_bigrams")}
        known = self._known_bigrams
        new = list(counts.keys() - known) if known is not None else list(counts)
        self.conn.executemany("INSERT OR IGNORE INTO search_bigrams VALUES (?, ?, ?, ?)",
                              ((b, k, i, counts[b]) for b, (k, i) in zip(new, bigram_keys(new), strict=True)))
        if known is not None:
            known.update(new)

    def add_names(self, names: dict[str, str]) -> None:
        """Record names confirmed somewhere in the archive (text → type).

        The archive tags such a name in every article that mentions it; rather than re-index
        those articles, the person/place/org filters match a confirmed name wherever its text
        occurs, which is the same rule.
        """
        with self._lock:
            self.conn.executemany("INSERT OR IGNORE INTO search_names VALUES (?, ?)",
                                  [(norm(n), t) for n, t in names.items()])

    def ids_containing(self, texts: Iterable[str]) -> set[str] | None:
        """Ids of the indexed articles where one of ``texts`` occurs in some field (as a literal
        search finds it: a phrase of its bigrams); None when a text has no letter or digit to
        look for.  The archive's names pass asks this instead of reading every article."""
        queries = [phrase(t) for t in texts]
        if any(q is None for q in queries):
            return None
        out: set[str] = set()
        with self._lock:
            for start in range(0, len(queries), 200):  # (one MATCH of a few hundred phrases at a time)
                expr = " OR ".join(queries[start:start + 200])  # type: ignore[arg-type]
                out.update(r[0] for r in self.conn.execute(
                    "SELECT d.id FROM search_fts JOIN search_docs AS d ON d.rowid = search_fts.rowid"
                    " WHERE search_fts MATCH ?", (expr,)))
        return out

    def _remove(self, ident: str, replacement: Prepared | None = None) -> None:
        """Delete an article's rows; FTS5 needs the old column texts, recomputed from its row.

        When the article is re-indexed with the same body (new entity names found by the
        archive-wide pass), the replacement's body bigrams are the old ones: not computed twice.
        """
        row = self.conn.execute(
            "SELECT rowid, headline, kicker, subheadline, credits, entities, body FROM search_docs"
            " WHERE id = ?", (ident,)).fetchone()
        if row is None:
            return
        rowid, headline, kicker, sub, credits, entities, body = row
        same_body = replacement is not None and replacement.body == body
        cols = columns(headline, kicker, sub, json.loads(credits), [tuple(e) for e in json.loads(entities)],
                        "" if same_body else norm(zlib.decompress(body).decode("utf-8")))
        if same_body:
            cols = (*cols[:-1], replacement.cols[-1])  # type: ignore[union-attr]
        self.conn.execute(f"INSERT INTO search_fts(search_fts, rowid, {', '.join(COLUMNS)}) VALUES"
                          f" ('delete', ?, {', '.join('?' * len(COLUMNS))})", (rowid, *cols))
        self.conn.execute(f"INSERT INTO search_head(search_head, rowid, {', '.join(HEAD_COLUMNS)}) VALUES"
                          f" ('delete', ?, {', '.join('?' * len(HEAD_COLUMNS))})", (rowid, *cols[:-1]))
        self.conn.execute("DELETE FROM search_docs WHERE rowid = ?", (rowid,))

    def _insert_doc(self, a: Doc, p: Prepared) -> int:
        """Store the document row of ``a`` under a free rowid, and return it."""
        base = rowid_base(a.date, a.page_number, a.ordinal)
        top = self.conn.execute("SELECT max(rowid) FROM search_docs WHERE rowid BETWEEN ? AND ?",
                                (base, base + (1 << 22) - 1)).fetchone()[0]
        rowid = base if top is None else top + 1
        self.conn.execute(
            "INSERT INTO search_docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rowid, a.id, a.issue, a.date, a.page_number, a.headline, a.kicker, a.subheadline,
             p.credits, p.entities, p.body))
        return rowid

    # -- loading ---------------------------------------------------------------------------------
    def vocab(self, type: str = "") -> Vocab:
        """The vocabulary (all words, or the names of one entity type), loaded on first use."""
        with self._lock:
            if self._vocab is None:
                self._vocabs = {"": self._load_main()}
                self._vocab = self._vocabs[""]
                if self.warm and self._vocab.size <= WARM_MAX_WORDS:
                    threading.Thread(target=self._vocab.warm, name="kanbao-search-warm", daemon=True).start()
            if type not in self._vocabs:
                self._vocabs[type] = Vocab.from_rows(self.conn.execute(
                    "SELECT word, df, reading FROM search_vocab WHERE type = ? ORDER BY df DESC, word", (type,)))
            return self._vocabs[type]

    def _current_gen(self) -> str:
        return current_gen(self.conn)

    def _load_main(self) -> Vocab:
        meta = dict(self.conn.execute(
            "SELECT key, value FROM search_meta WHERE key IN ('gen', 'vocab_gen', 'vocab_words', 'vocab_parts')"))
        gen = str(meta.get("gen", "0"))
        self._gen = gen  # (what the index was at: a later change loads again)
        made = meta.get("vocab_gen")
        outgrown_small = str(made) != gen and int(meta.get("vocab_words") or STALE_OK_WORDS + 1) <= STALE_OK_WORDS
        if made is not None and not outgrown_small:
            try:
                vocab = self._read_kept(str(made), meta.get("vocab_parts"))
            except (ValueError, zlib.error, TypeError):
                log.warning("search vocabulary blob unreadable; rebuilding it")
            else:
                if vocab is not None and (str(made) == gen or vocab.size > STALE_OK_WORDS):
                    return vocab
                del vocab
        return _build_main(self.conn, gen)

    def _read_kept(self, made: str, lengths: str | None) -> Vocab | None:
        """The kept vocabulary (None if there is none): a text at a time by blob I/O when its
        texts' lengths are kept beside it, else from the whole blob."""
        parts = VocabParts(self.conn, made)
        if lengths:
            with _meta_blob(self.conn, "vocab") as blob:
                if blob is not None:
                    return Vocab.from_pieces(blob.read, [int(n) for n in lengths.split()], parts)
        kept = read_meta(self.conn, "vocab")
        return Vocab.from_blob(kept, parts) if kept is not None else None

    def refresh_vocab(self) -> bool:
        """Rebuild a stored vocabulary the index has outgrown and that searches keep using (see
        :data:`STALE_OK_WORDS`); True when one was rebuilt.

        The rebuild runs in a process of its own (``search_refresh``: seconds and hundreds of MB
        at a million articles), so searches go on with the old vocabulary meanwhile; the new one
        is read at the end, as a reopen reads it.  A smaller vocabulary is left to the search
        that needs it.  One refresh at a time: a second caller waits for the first, then finds
        the vocabulary current (or outgrown again by what was indexed meanwhile)."""
        with self._refreshing:
            return self._refresh_vocab()

    def _refresh_vocab(self) -> bool:
        with self._lock:
            meta = dict(self.conn.execute(
                "SELECT key, value FROM search_meta WHERE key IN ('gen', 'vocab_gen', 'vocab_words')"))
            gen, made = str(meta.get("gen", "0")), meta.get("vocab_gen")
            if made is None or str(made) == gen:
                return False
            size = int(meta["vocab_words"]) if "vocab_words" in meta else self.vocab().size
            if size <= STALE_OK_WORDS:
                return False
            path = self.conn.execute("PRAGMA database_list").fetchone()[2]
        if not path:  # an in-memory index: its one connection, in this process
            with self._lock:
                vocab = _build_main(self.conn, gen)
                self._vocabs = {"": vocab}
                self._vocab = vocab
                self._gen = gen
            return True
        from .search_refresh import rebuild_in_child

        if not rebuild_in_child(path):  # (the old vocabulary stays in use; the next refresh tries again)
            return False
        with self._lock:
            self._vocab = None  # (let go before the new one is read)
            self._vocabs = {}
            self.vocab()  # read now, as a reopen does, rather than in the next keystroke
        return True

    def load(self) -> None:
        """Load the in-memory parts now (they load on first search otherwise)."""
        self.vocab()

    # -- searching -------------------------------------------------------------------------------
    def search(self, query: str | Query, limit: int = 20, *, read_ids: Collection[str] | None = None,
               bookmarked_ids: Collection[str] | None = None) -> list[Hit]:
        """Hits best first.

        Raises :class:`SearchError` when SQLite cannot answer (a damaged, locked or missing index,
        a query it rejects); anything else is a bug and surfaces as itself.
        """
        with self._lock:
            try:
                return self._search(query if isinstance(query, Query) else parse_query(query),
                                    max(0, int(limit)), read_ids, bookmarked_ids)
            except sqlite3.Error as exc:
                raise SearchError(f"the search index cannot answer: {exc}") from exc

    def _search(self, q: Query, limit: int, read_ids: Collection[str] | None,
                bookmarked_ids: Collection[str] | None) -> list[Hit]:
        if limit == 0 or q.is_empty:
            return []
        if q.bookmarked and not bookmarked_ids:
            return []
        if self._vocab is not None and self._current_gen() != self._gen:
            self._vocab = None  # another SearchIndex on this cache indexed new articles
        terms = [Term(t, self.vocab, self.words, self.bigrams) for t in dict.fromkeys(join_spaced_syllables(q.terms))]
        filters = self._entity_filters(q)
        if filters is None:
            return []
        where, params = "", []
        if q.date:
            lo, hi = day_range(q.date.start, q.date.end)
            where, params = " AND rowid BETWEEN ? AND ?", [lo, hi]
        accept = self._acceptor(q, read_ids, bookmarked_ids)
        found: dict[int, tuple[int, int]] = {}
        fx = {table: self._filter_exprs(filters, table) for table in ("search_fts", "search_head")}
        if not terms:
            if filters:
                # names confirmed elsewhere may be mentioned in a body only
                table = "search_fts" if any(named for _t, _l, named in filters) else "search_head"
                sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ?{where} ORDER BY rowid DESC"
                self._collect(sql, [" AND ".join(fx[table]), *params], accept, found, (EXACT, 0), limit)
            else:
                sql = f"SELECT rowid FROM search_docs WHERE 1{where} ORDER BY rowid DESC"
                self._collect(sql, params, accept, found, (EXACT, 0), limit)
            return self._hits(found, terms)
        if any(not t.literals(EXACT) and not t.segs and len(t.text) < TYPO_MIN_LEN for t in terms):
            return []  # a term of punctuation only can match nothing
        for tier in range(len(TIER_NAMES)):
            if not any(t.literals(tier) for t in terms):
                continue
            for f in range(len(FIELDS)):
                table = "search_fts" if FIELDS[f] == "body" else "search_head"
                sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ?{where} ORDER BY rowid DESC"
                exprs = []
                if len(terms) == 1:
                    # Every better level was exhausted before this one (else we would have
                    # stopped), so one term needs only this tier in this field.
                    cur = terms[0].literals(tier)
                    if cur:
                        exprs.append("{" + FIELDS[f] + "} : (" + _or(cur) + ")")
                        self._collect(sql, [" AND ".join(exprs + fx[table]), *params], accept, found, (tier, f),
                                      limit)
                        if len(found) >= limit:
                            return self._hits(found, terms)
                    continue
                for t in terms:
                    low, cur = t.upto(tier - 1) if tier else [], t.literals(tier)
                    parts = []
                    if low:
                        cols = FIELDS if table == "search_fts" else FIELDS[:-1]
                        parts.append("{" + " ".join(cols) + "} : (" + _or(low) + ")")
                    if cur:
                        parts.append("{" + " ".join(FIELDS[: f + 1]) + "} : (" + _or(cur) + ")")
                    if not parts:
                        break
                    exprs.append("(" + " OR ".join(parts) + ")")
                else:
                    self._collect(sql, [" AND ".join(exprs + fx[table]), *params], accept, found, (tier, f), limit)
                    if len(found) >= limit:
                        return self._hits(found, terms)
        return self._hits(found, terms)

    def _collect(self, sql: str, params: list[Any], accept: Callable[[int], bool] | None,
                 found: dict[int, tuple[int, int]], level: tuple[int, int], limit: int) -> None:
        for (rowid,) in self.conn.execute(sql, params):
            if rowid in found or (accept is not None and not accept(rowid)):
                continue
            found[rowid] = level
            if len(found) >= limit:
                return

    def _acceptor(self, q: Query, read_ids: Collection[str] | None,
                  bookmarked_ids: Collection[str] | None) -> Callable[[int], bool] | None:
        checks: list[Callable[[str, int | None], bool]] = []
        if q.pages:
            lo, hi = q.pages
            checks.append(lambda _i, p: p is not None and lo <= p <= hi)
        if q.unread and read_ids:
            checks.append(lambda i, _p: i not in read_ids)
        if q.read:
            checks.append(lambda i, _p: bool(read_ids) and i in read_ids)  # type: ignore[operator]
        if q.bookmarked:
            checks.append(lambda i, _p: bool(bookmarked_ids) and i in bookmarked_ids)  # type: ignore[operator]
        if not checks:
            return None
        fetch = self.conn.execute

        def accept(rowid: int) -> bool:
            row = fetch("SELECT id, page FROM search_docs WHERE rowid = ?", (rowid,)).fetchone()
            return row is not None and all(c(row[0], row[1]) for c in checks)
        return accept

    def _entity_filters(self, q: Query) -> list[tuple[str, list[str], list[str]]] | None:
        """(type, strings, confirmed names among them) per person:/place:/org: filter, or None
        when one can match nothing."""
        out = []
        for typ, values in (("person", q.persons), ("place", q.places), ("org", q.orgs)):
            for v in values:
                t = Term(v, lambda typ=typ: self.vocab(typ))
                lits = t.upto(INITIALS)
                if typ == "place":
                    # place:绍兴 and place:绍兴市 find both spellings of one division.
                    lits = list(dict.fromkeys([*lits, *(f for lit in lits for f in all_forms(lit))]))
                if not lits:
                    return None
                named = recalled_names(lits, typ, lambda x, typ=typ: typ if self.conn.execute(
                    "SELECT 1 FROM search_names WHERE text = ? AND type = ?", (x, typ)).fetchone() else None)
                out.append((typ, lits, named))
        return out

    @staticmethod
    def _filter_exprs(filters: list[tuple[str, list[str], list[str]]], table: str) -> list[str]:
        """FTS conditions for the filters on ``table``: the entity column, or a confirmed name
        anywhere in the text (the archive tags those everywhere)."""
        cols = " ".join(FIELDS if table == "search_fts" else FIELDS[:-1])
        out = []
        for typ, lits, named in filters:
            expr = "{" + typ + "} : (" + _or(lits) + ")"
            out.append(f"({expr} OR {{{cols}}} : ({_or(named)}))" if named else expr)
        return out

    # -- hits ------------------------------------------------------------------------------------
    def _hits(self, found: dict[int, tuple[int, int]], terms: list[Term]) -> list[Hit]:
        if not found:
            return []
        order = sorted(found, key=lambda r: (found[r], -r))
        rows = {r[0]: r for r in self.conn.execute(
            "SELECT rowid, id, issue, date, page, headline, kicker, subheadline, credits, entities, body"
            f" FROM search_docs WHERE rowid IN ({', '.join('?' * len(order))})", order)}
        hits = []
        for rowid in order:
            row = rows.get(rowid)
            if row is None:
                continue
            tier, f = found[rowid]
            lits = [lit for t in terms for lit in t.upto(tier)]
            hits.append(_make_hit(row, lits, tier, f))
        return hits


def _or(lits: Iterable[str]) -> str:
    return " OR ".join(p for p in (phrase(x) for x in lits) if p)


def _spans(text: str, lits: Sequence[str]) -> list[tuple[int, int]]:
    low = text.lower()
    if len(low) != len(text):
        low = text
    spans: list[tuple[int, int]] = []
    for lit in sorted(set(lits), key=len, reverse=True):
        if not lit:
            continue
        start = low.find(lit)
        while start >= 0:
            end = start + len(lit)
            if not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
            start = low.find(lit, end)
    return sorted(spans)


SNIPPET_LEN = 80


def _contains(text: str, lits: Sequence[str]) -> bool:
    low = text.lower()
    return any(lit in low for lit in lits)


def _make_hit(row: tuple[Any, ...], lits: Sequence[str], tier: int, f: int) -> Hit:
    _rowid, ident, issue, date, page, headline, kicker, sub, credits, entities, body = row
    text = zlib.decompress(body).decode("utf-8") if body else ""
    fields = [("headline", headline or ""), ("kicker", kicker or ""), ("subheadline", sub or ""),
              ("credits", " ".join(json.loads(credits or "[]"))),
              ("entities", " ".join(e[0] for e in json.loads(entities or "[]"))), ("body", text)]
    field = next((name for name, value in fields if value and _contains(value, lits)), FIELDS[f])
    flat = text.replace("\n", " ")
    start = 0
    if field == "body" or f == len(FIELDS) - 1:
        low = flat.lower() if len(flat.lower()) == len(flat) else flat
        firsts = [i for i in (low.find(lit) for lit in lits if lit) if i >= 0]
        if firsts:
            start = max(0, min(min(firsts) - 20, len(flat) - SNIPPET_LEN))
    snippet = flat[start:start + SNIPPET_LEN]
    score = round(100.0 - 12 * tier - 3 * f, 1)
    return Hit(ident, headline or "", score, snippet, issue or "", date, page, field,
               tuple(_spans(headline or "", lits)), tuple(_spans(snippet, lits)), TIER_NAMES[tier])
