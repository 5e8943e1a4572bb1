"""What the search index stores about an article: FTS5 bigram texts, rowids, vocabulary rows.

Everything here is a pure function of an article's text, so the parse workers compute it
(:func:`prepare`) and the main process, which writes serially, only inserts rows.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import add
from typing import Any, NamedTuple

from . import pinyin as py
from .model import Article


# -- text → FTS tokens --------------------------------------------------------------------------
def norm(text: str) -> str:
    """NFKC and lower case: how the index and the queries both see text."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def grams(text: str) -> str:
    """Overlapping bigrams separated by spaces; the tokenizer drops punctuation inside them."""
    s = norm(text)
    if not s:
        return ""
    return " ".join(map(add, s, s[1:] + " "))


def phrase(term: str) -> str | None:
    """FTS5 query for a literal substring: a phrase of its bigrams, or a prefix for one char."""
    s = norm(term)
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


def rowid_base(date: str | None, page: int | None, ordinal: int) -> int:
    """(day, page, ordinal) packed so that a larger rowid is a newer issue, then an earlier page
    and position; the low 22 bits separate articles that share all three."""
    p = 255 - max(0, min(page or 0, 255))
    o = 1023 - max(0, min(ordinal, 1023))
    return (_day(date) << 40) | (p << 32) | (o << 22)


def day_range(start: str | None, end: str | None) -> tuple[int, int]:
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
def columns(headline: str, kicker: str | None, sub: str | None, credits: Sequence[str],
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
def reading_of(word: str) -> str:
    return " ".join(py.context_pinyin(word))


def words_of(a: Article, hints: dict[str, str]) -> Counter[tuple[str, str]]:
    """Vocabulary contributed by one article: (word, entity type or ''), counted once.

    Word pairs get their reading from their parts (``hints``), which saves a pypinyin call for
    the most numerous kind of vocabulary entry.
    """
    cut = _segmenter().cut
    out: Counter[tuple[str, str]] = Counter()
    for text in (a.headline, a.kicker, a.subheadline):
        if not text:
            continue
        low = norm(text)
        words = [w.strip() for w in cut(low, HMM=False)]
        for i, w in enumerate(words):
            if len(w) >= 2 and (any(py.is_han(c) for c in w) or w.isalnum()):
                out[(w, "")] = 1
            # adjacent pairs and triples too, so pinyin and initials may span words (kjcx: 科技创新;
            # a place name cut into three pieces)
            for k in (2, 3):
                parts = words[i - k + 1:i + 1] if i >= k - 1 else []
                if parts and all(p and all(py.is_han(c) for c in p) for p in parts) \
                        and sum(map(len, parts)) <= 6:
                    joined = "".join(parts)
                    out[(joined, "")] = 1
                    if joined not in hints:
                        hints[joined] = " ".join(reading_of(p) for p in parts)
        for c in low:
            if py.is_han(c):
                out[(c, "")] = 1
    for c in a.credits:
        if c.name and c.is_person:
            out[(norm(c.name), "person")] = 1
    for e in a.entities:
        if e.text and e.type in ("person", "place", "org"):
            out[(norm(e.text), e.type)] = 1
    return out


#: Longest word (in characters) the word table keeps; longer tokens are rare compounds whose parts
#: are words of their own.
MAX_WORD = 6


def text_words(a: Article, body: str | None = None) -> dict[str, str]:
    """Every word of every text of ``a`` (headline, kicker, subheadline, body and captions), with
    its word-table row: what pinyin, initials, fuzzy pairs and typos reach through that table.

    Cut by jieba with its HMM, which joins words missing from its dictionary (new coinages, most
    names); a word and a one-character neighbour are kept joined too (two single characters in a
    row are a word the HMM left apart), read from their parts, as the vocabulary reads headline
    word pairs: most distinct strings are such pairs, and pypinyin per pair cost a cold build
    more than everything else here.  ``body`` is the body already normalised, when the caller has
    it (normalising a body costs as much as cutting it).
    """
    cut = _segmenter().cut
    out: dict[str, str] = {}
    rows = _ROWS
    if len(rows) > 300_000:  # a worker of a huge build: start over rather than grow without end
        rows.clear()
    texts = (norm(t) for t in (a.headline, a.kicker, a.subheadline) if t)
    for text in (*texts, norm(a.body) if body is None else body):
        if not text:
            continue
        # tokens between NULs, so that regexes find whole tokens and neighbours in C
        joined = "\x00" + "\x00".join(cut(text, HMM=True)) + "\x00"
        words = dict.fromkeys(_WORD.findall(joined))
        for w in [w for w in words if w not in rows]:
            rows[w] = _row(w, reading_of(w))
        out.update(zip(words, map(rows.__getitem__, words), strict=True))
        # a word with a one-character neighbour (糕 after 重阳): compounds jieba splits, which
        # readers remember whole
        parts = _WORD_CHAR.findall(joined) + _CHAR_WORD.findall(joined)
        pairs = dict.fromkeys(map("".join, parts))
        if any(w not in rows for w in pairs):
            for x, y in parts:
                if x + y not in rows:
                    rows[x + y] = _row(x + y, reading_of(x) + " " + reading_of(y))
        out.update(zip(pairs, map(rows.__getitem__, pairs), strict=True))
    return out


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]{{2,}}")
_WORD = re.compile(f"(?<=\x00)[{_HAN}]{{2,{MAX_WORD}}}(?=\x00)")
_WORD_CHAR = re.compile(f"(?<=\x00)(?=([{_HAN}]{{1,3}})\x00([{_HAN}])\x00)")
_CHAR_WORD = re.compile(f"(?<=\x00)(?=([{_HAN}])\x00([{_HAN}]{{2,3}})\x00)")
_ROWS: dict[str, str] = {}  # word → its row, per process (a build meets the same words again)


def text_bigrams(a: Article, body: str | None = None) -> str:
    """Every two adjacent Han characters of every text of ``a``, once each, run together: the
    links from which pinyin reaches a string that crosses word boundaries (化建 + 建设 for
    化建设 of 文化建设).  Only the characters: the writer reads each distinct bigram once per
    batch (``bigram_keys``), which costs far less than reading every occurrence in context here."""
    out: set[str] = set()
    texts = (norm(t) for t in (a.headline, a.kicker, a.subheadline) if t)
    for text in (*texts, norm(a.body) if body is None else body):
        for run in _HAN_RUN.findall(text):
            out.update(map(add, run, run[1:]))
    return "".join(out)


def bigram_keys(bigrams: Iterable[str]) -> list[tuple[str, str]]:
    """(key, initials) of each bigram: its two characters' readings run together (化建 →
    ``huajian``) and their first letters (``hj``), read as a two-character phrase; other
    readings of its polyphones are tried at query time.  (The writer reads every new bigram of
    every batch: most are no phrase of pypinyin's, and their reading is each character's first,
    looked up here without ``context_pinyin``.)"""
    table, phrases = py.reading_table(), py.phrase_table()
    out = []
    for b in bigrams:
        first, second = table.get(b[0]), table.get(b[1])
        phrase = phrases.get(b)
        if first and second and phrase is None:
            x, y = first[0], second[0]
        elif phrase is not None and len(phrase) == 2 and phrase[0] and phrase[1]:
            x, y = py.strip_tone(phrase[0][0]), py.strip_tone(phrase[1][0])
        else:
            x, y = py.context_pinyin(b)
        out.append((x + y, x[:1] + y[:1]))
    return out


def _row(word: str, reading: str) -> str:
    """``word<TAB>reading<TAB>initials``: one row of the word table."""
    return f"{word}\t{reading}\t{''.join(t[:1] for t in reading.split(' '))}"


@dataclass(frozen=True, slots=True)
class Prepared:
    """The index rows of one article, computed from its text alone (picklable).

    A cold build prepares articles in the parse worker processes (``prepare``), so the main
    process, which must insert serially inside the archive's transactions, only writes rows.
    Everything is plain strings and bytes: unpickling thousands of small tuples cost the main
    process more than the inserts.  ``vocab`` is a JSON list of ``[word, type, reading]`` (the
    in-memory vocabulary: headline words and pairs, characters, names), ``words`` lines of
    ``word<TAB>reading<TAB>initials`` (the word table: every word of every text), ``bigrams``
    every two adjacent Han characters of every text, once, run together (the bigram table; two
    characters each, so no separator); the writer counts each across a whole batch with one
    ``Counter`` before it touches SQL.
    """

    credits: str
    entities: str
    body: bytes
    cols: tuple[str, ...]
    vocab: str
    words: str
    bigrams: str = ""


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
    credits = [c.name for c in a.credits if c.name and c.is_person]  # the index's person column
    entities = list(dict.fromkeys((e.text, e.type) for e in a.entities if e.text))
    raw = a.body.encode("utf-8")
    body = norm(a.body)
    hints: dict[str, str] = {}
    words = words_of(a, hints)
    vocab = [[w, typ, hints.get(w) or reading_of(w)] for w, typ in words]
    return Prepared(json.dumps(credits, ensure_ascii=False),
                    json.dumps(entities, ensure_ascii=False), zlib.compress(raw, 1),
                    columns(a.headline, a.kicker, a.subheadline, credits, entities, body),
                    json.dumps(vocab, ensure_ascii=False),
                    "\n".join(text_words(a, body).values()), text_bigrams(a, body))
