"""Search as you type: Chinese substrings, pinyin, initials, fuzzy pairs and typos.

How it works (details and numbers in ``docs/search.md``):

* **One FTS5 table of character bigrams** (stdlib sqlite3, ``search_fts``).  Every text is
  stored as its overlapping bigrams, so a Chinese term of any length is a phrase of bigrams and a
  one-character term is a prefix query.  SQLite's own trigram tokenizer cannot find two-character
  words, which most Chinese words and names are.  The rowid encodes (date, page, ordinal), so
  ``ORDER BY rowid DESC`` is "newest issue first" and stops early inside SQLite.
* **Pinyin is expanded, never stored per body character.**  A Latin term is cut into syllables
  (``parser.pinyin``); the character classes they allow are matched against a small vocabulary
  of words that occur in the archive (headline words, entities, bylines); the matching Chinese
  strings are searched like typed Chinese.
* **Ranking is by level**: (match tier, field), then newest first.  Tiers: exact text, pinyin in
  its context reading, pinyin with an unfinished last syllable, other heteronyms, initials,
  southern fuzzy pairs, one typo.  Fields: headline, kicker/subheadline, bylines/entities, body.
  Levels are queried best first and the loop stops as soon as ``limit`` hits are found, so a
  one-letter query costs no more than a precise one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import logging
import re
import sqlite3
import threading
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, product
from operator import add
from typing import Any, NamedTuple

from . import pinyin as py
from .model import Article
from .query import Query, parse_query

log = logging.getLogger(__name__)

SCHEMA_VERSION = "3"

# Match tiers, best first.
EXACT, PINYIN, PARTIAL, HETERONYM, INITIALS, FUZZY, TYPO = range(7)
TIER_NAMES = ("exact", "pinyin", "pinyin-prefix", "heteronym", "initials", "fuzzy", "typo")
# FTS columns searched for terms, in rank order; person/place/org only serve filters.
FIELDS = ("head", "deck", "meta", "body")
COLUMNS = ("head", "deck", "meta", "person", "place", "org", "body")
HEAD_COLUMNS = COLUMNS[:-1]

MAX_EXPANSIONS = 48   # Chinese strings one tier of one pinyin term may expand to
TYPO_MIN_LEN = 4      # shorter Latin terms are too ambiguous for typo matching
#: FTS5 settings of the body table.  Merges (defaults 4 and 16): 10,000 synthetic articles took
#: 0.49 ms per insert with the defaults, 0.35 ms with these (docs/search.md).  A 32 MB buffer of
#: pending terms (default 1 MB) writes a big build's 1,000-file batches as one segment each:
#: 100,000 articles' body bigrams took 27 CPU-s instead of 32.
FTS_MERGE = (("automerge", 16), ("crisismerge", 64), ("hashsize", 32 << 20))


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


# -- text → FTS tokens --------------------------------------------------------------------------
def _norm(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def grams(text: str) -> str:
    """Overlapping bigrams separated by spaces; the tokenizer drops punctuation inside them."""
    s = _norm(text)
    if not s:
        return ""
    return " ".join(map(add, s, s[1:] + " "))


def phrase(term: str) -> str | None:
    """FTS5 query for a literal substring: a phrase of its bigrams, or a prefix for one char."""
    s = _norm(term)
    if not any(c.isalnum() for c in s):
        return None
    if len(s) == 1:
        return '"' + s.replace('"', '""') + '"*'
    body = " ".join(map(add, s, s[1:]))
    return '"' + body.replace('"', '""') + '"'


# -- rowids: newest first ------------------------------------------------------------------------
def _day(date: str | None) -> int:
    if not date:
        return 0
    try:
        return dt.date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return 0


def _rowid_base(date: str | None, page: int | None, ordinal: int) -> int:
    """(day, page, ordinal) packed so that a larger rowid is a newer issue, then an earlier page
    and position; the low 22 bits separate articles that share all three."""
    p = 255 - max(0, min(page or 0, 255))
    o = 1023 - max(0, min(ordinal, 1023))
    return (_day(date) << 40) | (p << 32) | (o << 22)


def _day_range(start: str | None, end: str | None) -> tuple[int, int]:
    def clamp(s: str, hi: bool) -> int:
        y, m, d = (int(x) for x in s.split("-"))
        while True:
            try:
                return dt.date(y, m, d).toordinal()
            except ValueError:
                d -= 1
                if d < 1:
                    return 1 if not hi else dt.date(y, m, 1).toordinal()
    lo = clamp(start, False) if start else 1
    hi = clamp(end, True) if end else (1 << 20) - 1
    return lo << 40, ((hi + 1) << 40) - 1


# -- a document's column texts -------------------------------------------------------------------
def _columns(headline: str, kicker: str | None, sub: str | None, credits: Sequence[str],
             entities: Sequence[tuple[str, str]], body: str) -> tuple[str, ...]:
    # dicts as ordered sets: a page with thousands of entities must not dedupe quadratically
    by_type: dict[str, dict[str, None]] = {"person": dict.fromkeys(credits), "place": {}, "org": {}}
    for text, typ in entities:
        if typ in by_type:
            by_type[typ][text] = None
    meta = list(dict.fromkeys([*credits, *(t for t, _ in entities)]))
    return (grams(headline), grams("\n".join(x for x in (kicker, sub) if x)), grams("\n".join(meta)),
            grams("\n".join(by_type["person"])), grams("\n".join(by_type["place"])),
            grams("\n".join(by_type["org"])), grams(body))


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    """jieba's plain dictionary, never the tagger's (whose gazetteer words would change what the
    index calls a word); in rjieba when installed, which cuts the same way (checked on 36,000
    lines) about 14 times faster."""
    from .entities.lexicon import make_tokenizer

    return make_tokenizer()


@lru_cache(maxsize=200_000)
def _reading(word: str) -> str:
    return " ".join(py.context_pinyin(word))


def _words_of(a: Article, hints: dict[str, str]) -> Counter[tuple[str, str]]:
    """Vocabulary contributed by one article: (word, entity type or ''), counted once.

    Word pairs get their reading from their parts (``hints``), which saves a pypinyin call for
    the most numerous kind of vocabulary entry.
    """
    cut = _segmenter().cut
    out: Counter[tuple[str, str]] = Counter()
    for text in (a.headline, a.kicker, a.subheadline):
        if not text:
            continue
        norm = _norm(text)
        words = [w.strip() for w in cut(norm, HMM=False)]
        for i, w in enumerate(words):
            if len(w) >= 2 and (any(py.is_han(c) for c in w) or w.isalnum()):
                out[(w, "")] = 1
            # adjacent pairs too, so pinyin and initials may span two words (kjcx: 科技创新)
            prev = words[i - 1] if i else ""
            if prev and py.is_han(w[:1]) and py.is_han(prev[-1:]) and len(prev) + len(w) <= 6:
                pair = prev + w
                out[(pair, "")] = 1
                if pair not in hints:
                    hints[pair] = _reading(prev) + " " + _reading(w)
        for c in norm:
            if py.is_han(c):
                out[(c, "")] = 1
    for c in a.credits:
        if c.name:
            out[(_norm(c.name), "person")] = 1
    for e in a.entities:
        if e.text and e.type in ("person", "place", "org"):
            out[(_norm(e.text), e.type)] = 1
    return out


@dataclass(frozen=True, slots=True)
class Prepared:
    """The index rows of one article, computed from its text alone (picklable).

    A cold build prepares articles in the parse worker processes (``prepare``), so the main
    process, which must insert serially inside the archive's transactions, only writes rows.
    Everything is plain strings and bytes: unpickling thousands of small tuples cost the main
    process more than the inserts.  ``vocab`` is a JSON list of ``[word, type, reading]``.
    """

    credits: str
    entities: str
    body: bytes
    cols: tuple[str, ...]
    vocab: str


class Doc(NamedTuple):
    """What the index stores about an article besides its prepared rows (the attributes it
    reads from an :class:`Article`), for callers that never build the article object."""

    id: str
    issue: str
    date: str | None
    page_number: int | None
    ordinal: int
    headline: str
    kicker: str | None
    subheadline: str | None


def prepare(a: Article) -> Prepared:
    """Everything about ``a`` the index stores except its rowid, id and issue (readings are
    memoized per process)."""
    credits = [c.name for c in a.credits if c.name]
    entities = list(dict.fromkeys((e.text, e.type) for e in a.entities if e.text))
    raw = a.body.encode("utf-8")
    hints: dict[str, str] = {}
    words = _words_of(a, hints)
    vocab = [[w, typ, hints.get(w) or _reading(w)] for w, typ in words]
    return Prepared(json.dumps(credits, ensure_ascii=False),
                    json.dumps(entities, ensure_ascii=False), zlib.compress(raw, 1),
                    _columns(a.headline, a.kicker, a.subheadline, credits, entities, a.body),
                    json.dumps(vocab, ensure_ascii=False))


# -- the vocabulary held in memory ----------------------------------------------------------------
class _Vocab:
    """Words joined into one string, so a regex of character classes scans them all in C.

    Words are ordered by document frequency, most frequent first: a scan that stops after
    enough distinct matches has then found the most useful expansions.  Readings stay one string
    per word until a match needs them, and the whole thing round-trips through one compressed
    blob, so reopening a 100,000-article index does not rebuild it from rows.
    """

    def __init__(self, words: list[str], df: list[int], readings: list[str]) -> None:
        self.words = words
        self.df = df
        self._readings = readings
        self.hay = "\n".join(words)
        self.starts = list(accumulate((len(w) + 1 for w in words), initial=0))[:-1]
        self.chars = frozenset(self.hay) - {"\n"}
        # the context readings, aligned word by word: full pinyin and initials are literal-led
        # regexes over this string, much faster than character classes over the words
        self.py_hay = "\n".join(readings)
        self.py_starts = list(accumulate((len(r) + 1 for r in readings), initial=0))[:-1]
        initials = ["".join(t[:1] for t in r.split(" ")) if r else "" for r in readings]
        # a leading newline so that every word start is "\n" + its initials
        self.initials_hay = "\n" + "\n".join(initials)
        self.initials_starts = list(accumulate((len(i) + 1 for i in initials), initial=1))[:-1]
        keys = [r.replace(" ", "") for r in readings]
        self.keys_hay = "\n".join(keys)
        self.keys_starts = list(accumulate((len(k) + 1 for k in keys), initial=0))[:-1]
        self._char_order: list[str] | None = None
        self._keys: list[str] | None = None
        self._by_key: dict[str, list[int]] | None = None
        self._by_reading: dict[str, list[int]] | None = None
        self._build_lock = threading.Lock()

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, int, str]]) -> _Vocab:
        words, df, readings = [], [], []
        for word, n, reading in rows:
            if word and "\n" not in word and "\x00" not in word:
                words.append(word)
                df.append(int(n))
                readings.append(reading or "")
        return cls(words, df, readings)

    def to_blob(self) -> bytes:
        text = "\x00".join((self.hay, "\n".join(self._readings), " ".join(map(str, self.df))))
        return zlib.compress(text.encode("utf-8"), 1)

    @classmethod
    def from_blob(cls, blob: bytes) -> _Vocab:
        hay, readings, df = zlib.decompress(blob).decode("utf-8").split("\x00")
        if not hay:
            return cls([], [], [])
        return cls(hay.split("\n"), list(map(int, df.split())), readings.split("\n"))

    def reading(self, i: int) -> tuple[str, ...]:
        r = self._readings[i]
        return tuple(r.split(" ")) if r else ()

    @property
    def char_order(self) -> list[str]:
        """Every character, most frequent first (single-character entries carry the counts)."""
        if self._char_order is None:
            self._char_order = list(dict.fromkeys(
                [w for w in self.words if len(w) == 1] + [c for w in self.words for c in w]))
        return self._char_order

    @property
    def keys(self) -> list[str]:
        """Each word's context pinyin run together (or the word itself), for typo matching."""
        if self._keys is None:
            self._keys = [r.replace(" ", "") if r else w for w, r in zip(self.words, self._readings, strict=True)]
        return self._keys

    def by_key(self) -> dict[str, list[int]]:
        """Word indices by pinyin run together (``chuangxin``), for typo lookups; built once."""
        with self._build_lock:
            if self._by_key is None:
                by: dict[str, list[int]] = {}
                for i, k in enumerate(self.keys):
                    by.setdefault(k, []).append(i)
                self._by_key = by
            return self._by_key

    def by_reading(self) -> dict[str, list[int]]:
        """Word indices by spaced context reading (``sheng huo``), for fuzzy-pair lookups."""
        with self._build_lock:
            if self._by_reading is None:
                by: dict[str, list[int]] = {}
                for i, r in enumerate(self._readings):
                    if r:
                        by.setdefault(r, []).append(i)
                self._by_reading = by
            return self._by_reading

    def warm(self) -> None:
        """Build the lookup tables now (in a background thread after opening), so the first
        typo or fuzzy query does not stall a keystroke."""
        _ = self.char_order
        self.by_reading()
        self.by_key()

    def word_at(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1


# -- one term, expanded into literal strings per tier ---------------------------------------------
SCAN_CAP = 4000  # regex matches looked at per segmentation before settling for what was found
# A lone syllable or letter (the first keystrokes) stands for its most frequent characters only:
# every extra character is another doclist for SQLite to merge on each keystroke.
SINGLE_CHAR_EXPANSIONS = 16


class _Term:
    """A typed term and the Chinese strings it stands for, tier by tier, computed lazily."""

    def __init__(self, text: str, index: SearchIndex, vocab: _Vocab) -> None:
        self.text = text
        self.index = index
        self.vocab = vocab
        self._tiers: dict[int, list[str]] = {}
        self._found: dict[str, int] = {text: EXACT}
        self.segs = py.segment(text) if any("a" <= c <= "z" for c in text) else []
        self._stage = 0

    def literals(self, tier: int) -> tuple[str, ...]:
        if tier == EXACT:
            return (self.text,) if phrase(self.text) else ()
        if tier == TYPO:
            if TYPO not in self._tiers:
                self._tiers[TYPO] = list(self._typos())
        else:
            stage = {PINYIN: 1, PARTIAL: 1, HETERONYM: 2, INITIALS: 3, FUZZY: 4}[tier]
            stages = (self._stage_pinyin, self._stage_heteronym, self._stage_initials, self._stage_fuzzy)
            while self._stage < stage:
                self._stage += 1
                stages[self._stage - 1]()
        return tuple(self._tiers.get(tier, ())[:MAX_EXPANSIONS])

    def upto(self, tier: int) -> list[str]:
        out: list[str] = []
        for t in range(tier + 1):
            out.extend(self.literals(t))
        return list(dict.fromkeys(out))

    def _add(self, s: str, tier: int) -> bool:
        """Record an expansion; True when it is new."""
        if s in self._found:
            return False
        self._found[s] = tier
        self._tiers.setdefault(tier, []).append(s)
        return True

    def _full(self, *tiers: int) -> bool:
        return all(len(self._tiers.get(t, ())) >= MAX_EXPANSIONS for t in tiers)

    def _stage_pinyin(self) -> None:
        """Context readings: lone syllables by character, Latin-only terms over the readings."""
        letters = self.text.replace("'", "").replace("’", "")
        latin = letters.isascii() and letters.isalpha() and any(
            not g.is_initials and len(g.units) > 1 for g in self.segs)
        if latin:
            self._scan_keys(letters)
        for seg in self.segs:
            if seg.is_initials or (latin and len(seg.units) > 1):
                continue
            good = PARTIAL if seg.partial else PINYIN
            if len(seg.units) == 1:  # one syllable: the characters themselves, most frequent first
                (u,) = seg.units
                chars = py.unit_chars(u)
                counts = Counter[int]()
                for c in self.vocab.char_order:
                    if c in chars:
                        fits = py.context_fits(seg.units, c, py.context_pinyin(c))
                        tier = good if fits else HETERONYM
                        if counts[tier] < SINGLE_CHAR_EXPANSIONS and self._add(c, tier):
                            counts[tier] += 1
                        if min(counts[good], counts[HETERONYM]) >= SINGLE_CHAR_EXPANSIONS:
                            break
            elif all(u.kind != "lit" for u in seg.units):
                for s in self.index._scan_readings(self.vocab, seg, anchored=False):
                    self._add(s, good)
                    if self._full(good):
                        break
            else:  # mixed Chinese and pinyin: character classes, classified by context
                for n, m in enumerate(self.index._scan(self.vocab, seg, fuzzy=False, anchored=False)):
                    s = m.group()
                    if s not in self._found:
                        w = self.vocab.word_at(m.start())
                        at = m.start() - self.vocab.starts[w]
                        fits = py.context_fits(seg.units, s, self.vocab.reading(w)[at:at + len(s)])
                        self._add(s, good if fits else HETERONYM)
                    if n >= SCAN_CAP or self._full(good, HETERONYM):
                        break

    def _scan_keys(self, letters: str) -> None:
        """Find the typed letters in the words' readings run together (``changjiang``), starting
        on a syllable: one fast substring search settles every way to cut the letters at once.
        Ending on a syllable is the pinyin tier, inside one the unfinished-syllable tier."""
        v = self.vocab
        hay, starts = v.keys_hay, v.keys_starts
        spellings = {letters}
        if "lu" in letters or "nu" in letters:  # ü typed as u
            spellings.add(re.sub(r"(?<=[ln])u", "v", letters))
        for spelling in spellings:
            pos = hay.find(spelling)
            scanned = 0
            while pos >= 0 and scanned < SCAN_CAP:
                scanned += 1
                w = bisect.bisect_right(starts, pos) - 1
                offset = pos - starts[w]
                tokens = v.reading(w)
                bounds = list(accumulate((len(t) for t in tokens), initial=0))
                if offset in bounds and len(tokens) == len(v.words[w]):
                    first = bounds.index(offset)
                    end = offset + len(spelling)
                    last = bisect.bisect_left(bounds, end)
                    if last < len(bounds):
                        self._add(v.words[w][first:last], PINYIN if bounds[last] == end else PARTIAL)
                        if self._full(PINYIN, PARTIAL):
                            return
                pos = hay.find(spelling, pos + 1)

    def _stage_heteronym(self) -> None:
        """Readings other than the context one (长江 for zhangjiang): character classes."""
        segs = [g for g in self.segs if not g.is_initials and len(g.units) > 1
                and all(u.kind != "lit" for u in g.units)]
        for seg in segs[:2]:
            for n, m in enumerate(self.index._scan(self.vocab, seg, fuzzy=False, anchored=False)):
                s = m.group()
                if s not in self._found:
                    w = self.vocab.word_at(m.start())
                    at = m.start() - self.vocab.starts[w]
                    if not py.context_fits(seg.units, s, self.vocab.reading(w)[at:at + len(s)]):
                        self._add(s, HETERONYM)
                if n >= SCAN_CAP or self._full(HETERONYM):
                    break

    def _stage_initials(self) -> None:
        for seg in self.segs:
            if not seg.is_initials:
                continue
            if any(u.kind == "lit" for u in seg.units):
                for n, m in enumerate(self.index._scan(self.vocab, seg, fuzzy=False, anchored=True)):
                    self._add(m.group(), INITIALS)
                    if n >= SCAN_CAP or self._full(INITIALS):
                        break
            elif all(len(u.text) == 1 for u in seg.units):
                # one letter per character (kjcx): the words' initials, found at a word start
                v, key = self.vocab, "\n" + "".join(u.text for u in seg.units)
                pos = v.initials_hay.find(key)
                while pos >= 0:
                    w = bisect.bisect_right(v.initials_starts, pos + 1) - 1
                    if len(v.reading(w)) == len(v.words[w]):
                        self._add(v.words[w][:len(seg.units)], INITIALS)
                        if self._full(INITIALS):
                            break
                    pos = v.initials_hay.find(key, pos + 1)
            else:
                for s in self.index._scan_readings(self.vocab, seg, anchored=True):
                    self._add(s, INITIALS)
                    if self._full(INITIALS):
                        break

    def _stage_fuzzy(self) -> None:
        """Whole words whose reading differs by southern fuzzy pairs only: dictionary lookups of
        every variant spelling (a handful to a few hundred), not a scan."""
        index = self.vocab.by_reading()
        for seg in self.segs:
            if seg.is_initials or seg.partial or any(u.kind != "syl" for u in seg.units):
                continue
            options = [[u.text, *sorted(py.fuzzy_variants(u.text))] for u in seg.units]
            combos = 1
            for o in options:
                combos *= len(o)
            if combos > 512:
                continue
            for spelling in product(*options):
                for i in index.get(" ".join(spelling), ()):
                    self._add(self.vocab.words[i], FUZZY)
                if self._full(FUZZY):
                    return

    def _typos(self) -> tuple[str, ...]:
        """Words whose pinyin (or Latin spelling) is one edit away: every edit of the typed term
        (delete, swap, replace, insert: ~50 per letter) looked up in a dictionary."""
        t = self.text
        if len(t) < TYPO_MIN_LEN or not t.isascii() or not t.isalpha():
            return ()
        index = self.vocab.by_key()
        seen = set(self.upto(FUZZY))
        found: list[tuple[int, str]] = []
        for edit in _edits1(t):
            for i in index.get(edit, ()):
                w = self.vocab.words[i]
                if w not in seen:
                    seen.add(w)
                    found.append((-self.vocab.df[i], w))
        found.sort()
        return tuple(w for _, w in found[:MAX_EXPANSIONS])


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + swaps + replaces + inserts) - {word}


# -- the index --------------------------------------------------------------------------------------
class SearchIndex:
    """The archive's search index, kept in the archive's SQLite cache (tables ``search_*``).

    Cheap to construct: the in-memory vocabulary is loaded on the first search and dropped by
    :meth:`update`, so indexing many batches never reloads it.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._vocab: _Vocab | None = None
        self._gen = ""  # update generation the loaded vocabulary belongs to
        self._lock = threading.RLock()
        self._regex_cache: dict[tuple[Any, ...], re.Pattern[str] | None] = {}

    # -- schema -------------------------------------------------------------------------------
    @staticmethod
    def ensure_schema(conn: sqlite3.Connection) -> None:
        """Create the ``search_*`` tables if missing; rebuild them if their version is older."""
        ours = not conn.in_transaction
        conn.execute("CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT)")
        row = conn.execute("SELECT value FROM search_meta WHERE key = 'version'").fetchone()
        if row is not None and row[0] != SCHEMA_VERSION:
            for name in ("search_docs", "search_fts", "search_head", "search_vocab", "search_names"):
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
        for d, p in rows:
            self._insert(d, p)
        vocab = ",".join(p.vocab[1:-1] for _, p in rows if len(p.vocab) > 2)
        if vocab:
            # Counted in SQL from the rows' JSON: one statement per batch, no Python objects
            # per word (readings of known words are ignored; a new word keeps its first one).
            self.conn.execute(
                "INSERT INTO search_vocab SELECT json_extract(value, '$[0]') AS w,"
                " json_extract(value, '$[1]') AS t, count(*), min(json_extract(value, '$[2]'))"
                " FROM json_each(?) WHERE true GROUP BY w, t"
                " ON CONFLICT (word, type) DO UPDATE SET df = df + excluded.df", ("[" + vocab + "]",))
        self.conn.execute("INSERT INTO search_meta VALUES ('gen', '1') ON CONFLICT (key)"
                          " DO UPDATE SET value = CAST(value AS INTEGER) + 1")
        self._vocab = None

    def add_names(self, names: dict[str, str]) -> None:
        """Record names confirmed somewhere in the archive (text → type).

        The archive tags such a name in every article that mentions it; rather than re-index
        those articles, the person/place/org filters match a confirmed name wherever its text
        occurs, which is the same rule.
        """
        with self._lock:
            self.conn.executemany("INSERT OR IGNORE INTO search_names VALUES (?, ?)",
                                  [(_norm(n), t) for n, t in names.items()])

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
        cols = _columns(headline, kicker, sub, json.loads(credits), [tuple(e) for e in json.loads(entities)],
                        "" if same_body else zlib.decompress(body).decode("utf-8"))
        if same_body:
            cols = (*cols[:-1], replacement.cols[-1])  # type: ignore[union-attr]
        self.conn.execute(f"INSERT INTO search_fts(search_fts, rowid, {', '.join(COLUMNS)}) VALUES"
                          f" ('delete', ?, {', '.join('?' * len(COLUMNS))})", (rowid, *cols))
        self.conn.execute(f"INSERT INTO search_head(search_head, rowid, {', '.join(HEAD_COLUMNS)}) VALUES"
                          f" ('delete', ?, {', '.join('?' * len(HEAD_COLUMNS))})", (rowid, *cols[:-1]))
        self.conn.execute("DELETE FROM search_docs WHERE rowid = ?", (rowid,))

    def _insert(self, a: Doc, p: Prepared) -> None:
        base = _rowid_base(a.date, a.page_number, a.ordinal)
        top = self.conn.execute("SELECT max(rowid) FROM search_docs WHERE rowid BETWEEN ? AND ?",
                                (base, base + (1 << 22) - 1)).fetchone()[0]
        rowid = base if top is None else top + 1
        self.conn.execute(
            "INSERT INTO search_docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rowid, a.id, a.issue, a.date, a.page_number, a.headline, a.kicker, a.subheadline,
             p.credits, p.entities, p.body))
        self.conn.execute(f"INSERT INTO search_fts(rowid, {', '.join(COLUMNS)}) VALUES"
                          f" (?, {', '.join('?' * len(COLUMNS))})", (rowid, *p.cols))
        self.conn.execute(f"INSERT INTO search_head(rowid, {', '.join(HEAD_COLUMNS)}) VALUES"
                          f" (?, {', '.join('?' * len(HEAD_COLUMNS))})", (rowid, *p.cols[:-1]))

    # -- loading ---------------------------------------------------------------------------------
    def vocab(self, type: str = "") -> _Vocab:
        """The vocabulary (all words, or the names of one entity type), loaded on first use."""
        with self._lock:
            if self._vocab is None:
                self._vocabs = {"": self._load_main()}
                self._vocab = self._vocabs[""]
                self._regex_cache.clear()
                threading.Thread(target=self._vocab.warm, name="kanbao-search-warm", daemon=True).start()
            if type not in self._vocabs:
                self._vocabs[type] = _Vocab.from_rows(self.conn.execute(
                    "SELECT word, df, reading FROM search_vocab WHERE type = ? ORDER BY df DESC, word", (type,)))
            return self._vocabs[type]

    def _current_gen(self) -> str:
        row = self.conn.execute("SELECT value FROM search_meta WHERE key = 'gen'").fetchone()
        return str(row[0]) if row else "0"

    def _load_main(self) -> _Vocab:
        meta = dict(self.conn.execute(
            "SELECT key, value FROM search_meta WHERE key IN ('gen', 'vocab_gen', 'vocab')"))
        gen = str(meta.get("gen", "0"))
        self._gen = gen
        if meta.get("vocab") is not None and str(meta.get("vocab_gen")) == gen:
            try:
                return _Vocab.from_blob(meta["vocab"])
            except (ValueError, zlib.error, TypeError):
                log.warning("search vocabulary blob unreadable; rebuilding it")
        vocab = _Vocab.from_rows(self.conn.execute(
            "SELECT word, sum(df), min(reading) FROM search_vocab GROUP BY word ORDER BY 2 DESC, 1"))
        try:  # keep it for the next reopen; not worth failing a search over
            ours = not self.conn.in_transaction
            self.conn.executemany("INSERT OR REPLACE INTO search_meta VALUES (?, ?)",
                                  [("vocab", vocab.to_blob()), ("vocab_gen", gen)])
            if ours and self.conn.in_transaction:
                self.conn.commit()
        except sqlite3.Error:
            log.debug("could not store the vocabulary blob", exc_info=True)
        return vocab

    def load(self) -> None:
        """Load the in-memory parts now (they load on first search otherwise)."""
        self.vocab()

    # -- pinyin expansion ------------------------------------------------------------------------
    def _regex(self, vocab: _Vocab, seg: py.Segmentation, fuzzy: bool, anchored: bool) -> re.Pattern[str] | None:
        key = (id(vocab), seg.units, fuzzy, anchored)
        if key in self._regex_cache:
            return self._regex_cache[key]
        parts = []
        any_fuzzy = False
        for u in seg.units:
            chars = py.unit_chars(u) & vocab.chars
            if fuzzy:
                extra = py.unit_chars(u, fuzzy=True) & vocab.chars
                any_fuzzy = any_fuzzy or bool(extra)
                chars = chars | extra
            if not chars:
                self._regex_cache[key] = None
                return None
            parts.append("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")
        rx = None
        if not fuzzy or any_fuzzy:
            rx = re.compile(("(?m)^" if anchored else "") + "".join(parts))
        if len(self._regex_cache) > 2048:
            self._regex_cache.clear()
        self._regex_cache[key] = rx
        return rx

    def _scan_readings(self, vocab: _Vocab, seg: py.Segmentation, anchored: bool) -> Iterator[str]:
        """Chinese strings whose context reading spells the segmentation (syllables, prefixes)."""
        key = ("py", seg.units)
        rx = self._regex_cache.get(key)
        if rx is None:
            parts = []
            for i, u in enumerate(seg.units):
                text = re.escape(u.text)
                if re.fullmatch(r"[ln]ue?", u.text):
                    text = u.text[0] + "[uv]" + u.text[2:]  # ü typed as u
                last = i == len(seg.units) - 1
                parts.append(text + ("[a-z]*" if u.kind == "pre" else "(?![a-z])" if last else ""))
            rx = re.compile(" ".join(parts))
            self._regex_cache[key] = rx
        hay, starts, words = vocab.py_hay, vocab.py_starts, vocab.words
        n_units = len(seg.units)
        for n, m in enumerate(rx.finditer(hay)):
            if n >= SCAN_CAP * 4:
                return
            pos = m.start()
            before = hay[pos - 1] if pos else "\n"
            if before != "\n" and (anchored or before != " "):
                continue
            w = bisect.bisect_right(starts, pos) - 1
            k = hay.count(" ", starts[w], pos)
            word = words[w]
            if k + n_units <= len(word):
                yield word[k:k + n_units]

    def _scan(self, vocab: _Vocab, seg: py.Segmentation, fuzzy: bool, anchored: bool) -> Iterator[re.Match[str]]:
        """Matches of the segmentation's character classes in the vocabulary, frequent words first."""
        rx = self._regex(vocab, seg, fuzzy, anchored)
        if rx is None:
            return iter(())
        return rx.finditer(vocab.hay)

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
        vocab = self.vocab()
        terms = [_Term(t, self, vocab) for t in dict.fromkeys(q.terms)]
        filters = self._entity_filters(q)
        if filters is None:
            return []
        where, params = "", []
        if q.date:
            lo, hi = _day_range(q.date.start, q.date.end)
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
                t = _Term(v, self, self.vocab(typ))
                lits = t.upto(INITIALS)
                if not lits:
                    return None
                named = [x for x in lits if self.conn.execute(
                    "SELECT 1 FROM search_names WHERE text = ? AND type = ?", (x, typ)).fetchone()]
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
    def _hits(self, found: dict[int, tuple[int, int]], terms: list[_Term]) -> list[Hit]:
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


@lru_cache(maxsize=1)
def fts5_available() -> bool:
    """True when this Python's sqlite3 has FTS5 (search needs it)."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        return True
    except sqlite3.OperationalError:
        return False
