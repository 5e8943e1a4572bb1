"""The search vocabulary: words that occur in the archive, with their readings, held in memory.

Pinyin is expanded against it, never stored per body character: a Latin term's segmentation is
matched against these words (their readings, or character classes over the words themselves) and
the matching Chinese strings are then searched like typed Chinese.
"""

from __future__ import annotations

import bisect
import operator
import re
import sqlite3
import sys
import threading
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property, partial
from itertools import accumulate
from typing import Any, Protocol

from . import pinyin as py
from .cache import rows_in

SCAN_CAP = 4000  # regex matches looked at per segmentation before settling for what was found
_SINGLE = re.compile(r"(?m)^.$")  # a one-character line of joined words


def _positions(keys: Iterable[str]) -> dict[str, list[int]]:
    """Each key's indices in ``keys``, in order."""
    by: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        by.setdefault(k, []).append(i)
    return by


def _starts(text: str, first: int = 0) -> list[int]:
    """Where each line of ``text`` starts (plus ``first``), for bisecting a match to its word."""
    lines = text.split("\n")  # (C-level maps: a generator over 300,000 lines is twice as slow)
    return list(map(operator.add, accumulate(map(len, lines), initial=first), range(len(lines))))


def _line(text: str, starts: Sequence[int], i: int) -> str:
    """Line ``i`` of ``text``, whose lines start at ``starts``."""
    end = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
    return text[starts[i]:end]


def _key_at(readings: str, reading_starts: Sequence[int], hay: str, starts: Sequence[int], i: int) -> str:
    """Word ``i``'s reading run together, or the word itself when it has none (``Vocab._key_of``)."""
    return _line(readings, reading_starts, i).replace(" ", "") or _line(hay, starts, i)


def _int_bytes(values: Sequence[int]) -> bytes:
    got = array("i", values)
    if sys.byteorder != "little":
        got.byteswap()
    return got.tobytes()


# Stored tables: the bytes after a marker and their CRC32, not compressed.  Decompressing them was
# most of a one-shot pinyin search at a million articles (0.6 of 0.95 s: 150 MB of text and
# arrays); stored raw they cost the cache about 1 % more.  zlib data, as written before, is
# still read (its first byte is never the marker).
_RAW = b"\x00"


def pack_stored(data: bytes) -> bytes:
    """``data`` as kept in the cache (see :func:`unpack_stored`)."""
    return _RAW + zlib.crc32(data).to_bytes(4, "little") + data


def unpack_stored(value: bytes) -> bytes | memoryview:
    """What :func:`pack_stored` (or, before, ``zlib.compress``) was given, as a view of
    ``value`` when stored raw; ValueError (or zlib.error) when ``value`` is damaged."""
    if value[:1] != _RAW:
        return zlib.decompress(value)
    return _checked(value)


def _checked(value: bytes) -> memoryview:
    """The data of a raw stored table, checked, as a view (no copy of the vocabulary's tens of
    megabytes)."""
    data = memoryview(value)[5:]
    if len(value) < 5 or zlib.crc32(data) != int.from_bytes(value[1:5], "little"):
        raise ValueError("damaged stored table")
    return data


def _split3(raw: bytes, start: int = 0) -> tuple[memoryview, memoryview, memoryview]:
    """The three NUL-separated parts of ``raw`` from ``start``, as views (no copy); ValueError
    if not three."""
    a = raw.index(b"\x00", start)
    b = raw.index(b"\x00", a + 1)
    if raw.find(b"\x00", b + 1) >= 0:
        raise ValueError("not a stored vocabulary")
    view = memoryview(raw)
    return view[start:a], view[a + 1:b], view[b + 1:]


class Parts(Protocol):
    """Somewhere to keep the vocabulary's derived tables between processes (the cache)."""

    def get(self, name: str) -> bytes | memoryview | None: ...

    def put(self, name: str, value: bytes) -> None: ...


class Lookup(Protocol):
    """Word indices by key, ascending: a dict, or a :class:`SortedIndex`."""

    def get(self, key: str, default: Sequence[int], /) -> Sequence[int]: ...


class _Ordered(Sequence[str]):
    """Keys in sorted order without a sorted copy of their text: key ``i`` is ``key_of(order[i])``."""

    __slots__ = ("key_of", "order")

    def __init__(self, key_of: Callable[[int], str], order: Sequence[int]) -> None:
        self.key_of = key_of
        self.order = order

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]  # (no slices: bisect needs none)
        return self.key_of(self.order[i])


def sorted_order(keys: Sequence[str]) -> array[int]:
    """The indices of the non-empty ``keys`` (words with no reading have none), sorted by key,
    equal keys in index order."""
    return array("i", sorted((i for i, k in enumerate(keys) if k), key=keys.__getitem__))


class SortedIndex:
    """Word indices by key, looked up by bisecting the words' keys in sorted order (``order``):
    a dict's lookup without a dict.

    The keys are read where the vocabulary already holds them (one joined string per table,
    cut line by line) through the kept order, and every ``step``-th key is kept as a string to
    bisect first.  A dict over a 300,000-word vocabulary was a third of a second of every
    ``kanbao search`` process; a list of 1.8 million keys a tenth of the TUI's memory at a
    million articles; a sorted copy of their text, kept beside the text, 57 MB of it.
    """

    def __init__(self, key_of: Callable[[int], str], order: Sequence[int], step: int = 64) -> None:
        self.keys = _Ordered(key_of, order)
        self.idx = order
        self._step = step
        self._sample = [self.keys[i] for i in range(0, len(order), step)]

    @classmethod
    def build(cls, keys: Sequence[str], step: int = 64) -> SortedIndex:
        """Index ``keys`` by value; empty keys are left out."""
        return cls(keys.__getitem__, sorted_order(keys), step)

    def starting(self, prefix: str) -> Sequence[int]:
        """Indices of the keys that start with ``prefix`` (in key order)."""
        lo, hi = self._span(prefix, prefix + "\U0010ffff")
        return self.idx[lo:hi]

    def _span(self, first: str, last: str) -> tuple[int, int]:
        """Where the keys from ``first`` to ``last`` (both included) are in :attr:`keys`: the
        sample bisected first, then the blocks of ``step`` keys it points to."""
        keys, step, sample, n = self.keys, self._step, self._sample, len(self.keys)
        b = bisect.bisect_left(sample, first)  # sample[b - 1] < first <= sample[b]
        lo = bisect.bisect_left(keys, first, max(b - 1, 0) * step, min(b * step, n))
        e = bisect.bisect_right(sample, last, b)  # last < sample[e]
        return lo, bisect.bisect_right(keys, last, lo, min(e * step, n))

    def get(self, key: str, default: Sequence[int] = (), /) -> Sequence[int]:
        lo, hi = self._span(key, key)
        return self.idx[lo:hi] if hi > lo else default


#: From this many words up, typo and heteronym lookups ask a :class:`KeyFilter` before they
#: bisect the sorted keys (below, a bisection is cheap and the filter's building is not).
FILTER_MIN_WORDS = 500_000


class KeyFilter:
    """Whether a key may be in a table, without looking: a Bloom filter of ten bits a key and
    three bits set per key, from two CRC32s of its UTF-8 (about 1.7 % false positives; 2.2 MB
    for the 1.8 million keys of a million articles).

    Typo and heteronym lookups try hundreds to thousands of keys a term, nearly all absent, and
    each bisection of the sorted keys cuts a dozen keys out of the joined readings to compare: at
    a million articles that was 60 % of a fuzzy query's time."""

    BITS_PER_KEY = 10
    _SEED = 0x5BD1E995

    def __init__(self, bits: bytes | bytearray) -> None:
        self.bits = bits
        self.m = len(bits) * 8

    @classmethod
    def build(cls, keys: Sequence[str]) -> KeyFilter:
        """A filter holding every non-empty key of ``keys``."""
        bits = bytearray(max(8, (len(keys) * cls.BITS_PER_KEY + 7) // 8))
        m = len(bits) * 8
        for key in keys:
            if key:
                for pos in cls._positions(key, m):
                    bits[pos >> 3] |= 1 << (pos & 7)
        return cls(bits)

    @classmethod
    def _positions(cls, key: str, m: int) -> tuple[int, int, int]:
        data = key.encode("utf-8")
        h1, h2 = zlib.crc32(data), zlib.crc32(data, cls._SEED) | 1
        return h1 % m, (h1 + h2) % m, (h1 + 2 * h2) % m

    def __contains__(self, key: str) -> bool:
        bits = self.bits
        return all(bits[p >> 3] >> (p & 7) & 1 for p in self._positions(key, self.m))


class FilteredIndex:
    """A :class:`SortedIndex` asked only for keys its :class:`KeyFilter` may hold."""

    def __init__(self, index: SortedIndex, keys: KeyFilter) -> None:
        self.index = index
        self.filter = keys

    def get(self, key: str, default: Sequence[int] = (), /) -> Sequence[int]:
        return self.index.get(key, default) if key in self.filter else default


class Vocab:
    """Words joined into one string, so a regex of character classes scans them all in C.

    Words are ordered by document frequency, most frequent first: a scan that stops after
    enough distinct matches has then found the most useful expansions.  Readings stay one string
    per word until a match needs them, and the whole thing round-trips through one compressed
    blob, so reopening a 100,000-article index does not rebuild it from rows.
    """

    def __init__(self, words: list[str] | None, df: list[int] | str, readings: list[str] | str, *,
                 hay: str | None = None, parts: Parts | None = None) -> None:
        """``words`` may be None when ``hay`` is given: the list is split from it when first
        needed (a one-shot pinyin query reads a few words through :meth:`word`)."""
        if words is not None:
            self.words = words
        self._df = df  # or the counts still as text: only typo matching needs them
        self._readings_in = readings  # or still one text: a typo-only term never needs them
        self.hay = "\n".join(words or ()) if hay is None else hay
        self.parts = parts
        self._char_order: list[str] | None = None
        self._by_key: Lookup | None = None
        self._by_key_sorted: SortedIndex | None = None
        self._by_reading: Lookup | None = None
        self._build_lock = threading.Lock()
        self._regex_cache: dict[tuple[Any, ...], re.Pattern[str] | None] = {}

    # The word and reading lists below are split afresh for each derived table built from them
    # and dropped after it: kept on the object, the lists a big vocabulary's tables were built from
    # (1.8 million words and readings, and the typo keys) were 400 MB of a process that had
    # rebuilt them after an update.  Lookups cut single words from the joined text instead.
    @property
    def _readings(self) -> list[str]:
        r = self._readings_in
        return r.split("\n") if isinstance(r, str) else r

    @cached_property
    def df(self) -> Sequence[int]:
        return array("i", map(int, self._df.split())) if isinstance(self._df, str) else self._df

    @cached_property
    def words(self) -> list[str]:
        return self._word_list()

    def _word_list(self) -> list[str]:
        """The words as a list: the one :attr:`words` keeps when something asked for it, else a
        fresh one for the caller alone."""
        kept = self.__dict__.get("words")
        if kept is not None:
            return kept
        return self.hay.split("\n") if self.hay else []

    @cached_property
    def size(self) -> int:
        """How many words (counted without splitting them)."""
        return self.hay.count("\n") + 1 if self.hay else 0

    def word(self, i: int) -> str:
        """Word ``i``, cut from the joined words (splitting 1.8 million words to read a few
        thousand was a fifth of a one-shot pinyin query at a million articles)."""
        return _line(self.hay, self.starts, i)

    @cached_property
    def starts(self) -> Sequence[int]:
        return self._stored_starts("starts", self.hay)

    def _stored(self, name: str, build: Callable[[], bytes]) -> bytes | memoryview:
        """A derived table from :attr:`parts` when kept there, else built (and kept).

        Derived tables are built per vocabulary generation; a one-shot command that needs one
        then reads it instead of rebuilding it over every word."""
        if self.parts is not None:
            got = self.parts.get(name)
            if got is not None:
                return got
        data = build()
        if self.parts is not None:
            self.parts.put(name, data)
        return data

    def _stored_text(self, name: str, build: Callable[[], str]) -> str:
        return str(self._stored(name, lambda: build().encode("utf-8")), "utf-8")

    def _stored_starts(self, name: str, text: str, first: int = 0) -> Sequence[int]:
        """Where each line of ``text`` starts (:func:`_starts`), kept in :attr:`parts` as an array:
        reading it back costs milliseconds, computing it a split of every line."""
        if not text:
            return []
        data = self._stored(name, lambda: _int_bytes(_starts(text, first)))
        got = array("i")
        got.frombytes(data[:len(data) - len(data) % got.itemsize])
        if sys.byteorder != "little":
            got.byteswap()
        if len(got) != text.count("\n") + 1 or (got and got[0] != first):  # damaged: computed, not kept
            return _starts(text, first)
        return got

    def _stored_order(self, name: str, keys: Callable[[], Sequence[str]], key_of: Callable[[int], str]) -> SortedIndex:
        """A :class:`SortedIndex` over keys this vocabulary holds as text (``key_of(i)``: word
        ``i``'s key): only the sorted order of the words is kept in :attr:`parts`; ``keys()``
        lists the keys, only when it must be built."""
        data = self._stored(name, lambda: _int_bytes(sorted_order(keys())))
        order = array("i")
        order.frombytes(data[:len(data) - len(data) % order.itemsize])
        if sys.byteorder != "little":
            order.byteswap()
        if len(data) % order.itemsize or len(order) > self.size or (order and not 0 <= min(order) <= max(order) < self.size):
            order = sorted_order(keys())  # damaged: built, not kept
        return SortedIndex(key_of, order)

    # The pinyin tables below are built on first use: a Chinese query never needs them, and
    # building them for 180,000 words was half a second of every ``kanbao search`` process.
    # (Two threads may both build one; they build the same value.)
    # The initials and run-together keys are kept in the cache (:attr:`parts`) once built.
    @cached_property
    def _py(self) -> tuple[str, Sequence[int]]:
        # the context readings, aligned word by word: full pinyin and initials are literal-led
        # regexes over this string, much faster than character classes over the words
        r = self._readings_in
        text = r if isinstance(r, str) else "\n".join(r)
        return text, self._stored_starts("py_starts", text) if self.hay else []

    @cached_property
    def _initials(self) -> tuple[str, Sequence[int]]:
        text = self._stored_text("initials", lambda: "\n".join(
            "".join(t[:1] for t in r.split(" ")) if r else "" for r in self._readings))
        # a leading newline so that every word start is "\n" + its initials
        return "\n" + text, self._stored_starts("initials_starts", text, 1) if self.hay else []

    @cached_property
    def chars(self) -> frozenset[str]:
        return frozenset(self.hay) - {"\n"}

    py_hay = property(lambda self: self._py[0])
    py_starts = property(lambda self: self._py[1])
    initials_hay = property(lambda self: self._initials[0])
    initials_starts = property(lambda self: self._initials[1])

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, int, str]]) -> Vocab:
        words, df, readings = [], [], []
        for word, n, reading in rows:
            if word and "\n" not in word and "\x00" not in word:
                words.append(word)
                df.append(int(n))
                readings.append(reading or "")
        if not words:
            return cls([], [], [])
        # Joined, as a vocabulary read from its blob holds them: the lists (a few hundred MB at a
        # million articles) are not kept for the life of the process that rebuilt it.
        return cls(None, " ".join(map(str, df)), "\n".join(readings), hay="\n".join(words))

    def to_blob(self) -> bytes:
        r, df = self._readings_in, self._df  # (as text already, unless made from lists)
        readings = r if isinstance(r, str) else "\n".join(r)
        counts = df if isinstance(df, str) else " ".join(map(str, df))
        text = "\x00".join((self.hay, readings, counts))
        return pack_stored(text.encode("utf-8"))

    @staticmethod
    def part_lengths(blob: bytes) -> tuple[int, int, int]:
        """The byte lengths of the three texts of a raw :meth:`to_blob` (what
        :meth:`from_pieces` reads it by)."""
        a = blob.index(b"\x00", 5)
        b = blob.index(b"\x00", a + 1)
        return a - 5, b - a - 1, len(blob) - b - 1

    @classmethod
    def from_pieces(cls, read: Callable[[int], bytes], lengths: Sequence[int], parts: Parts | None = None) -> Vocab:
        """:meth:`from_blob` reading the blob a text at a time (``read(n)``: its next ``n``
        bytes), each decoded before the next is read: the whole blob held beside its texts was
        the peak of loading a million articles' vocabulary (68 MB over them).  Raises ValueError
        when the bytes are not what :meth:`to_blob` wrote with these ``lengths``."""
        head = read(5)
        if len(head) != 5 or head[:1] != _RAW or len(lengths) != 3:
            raise ValueError("not a raw stored vocabulary")
        crc, texts = 0, []
        for n, length in enumerate(lengths):
            data = read(length) + (read(1) if n < 2 else b"")
            if len(data) != length + (n < 2) or data.find(b"\x00") != (length if n < 2 else -1):
                raise ValueError("not a stored vocabulary")
            crc = zlib.crc32(data, crc)
            texts.append(str(memoryview(data)[:length], "utf-8"))
            del data
        if read(1) or crc != int.from_bytes(head[1:5], "little"):
            raise ValueError("damaged stored vocabulary")
        return cls._from_texts(*texts, parts)

    @classmethod
    def from_blob(cls, blob: bytes, parts: Parts | None = None) -> Vocab:
        """Raises ValueError (or zlib.error) when ``blob`` is not what :meth:`to_blob` wrote."""
        # Each part decoded from the bytes on its own: decoded whole, the ASCII readings and
        # counts shared the words' two bytes a character (a transient 100 MB at 1M articles).
        if blob[:1] == _RAW:  # (checked in place: a copy without the header was 68 MB at 1M articles)
            _checked(blob)
            raw, start = blob, 5
        else:
            raw, start = unpack_stored(blob), 0
        return cls._from_texts(*(str(part, "utf-8") for part in _split3(raw, start)), parts)

    @classmethod
    def _from_texts(cls, hay: str, readings: str, df: str, parts: Parts | None) -> Vocab:
        """A vocabulary from the three joined texts a stored one holds."""
        if not hay:
            return cls([], [], [], parts=parts)
        return cls(None, df, readings, hay=hay, parts=parts)

    def reading(self, i: int) -> tuple[str, ...]:
        """Word ``i``'s context reading, cut from the joined readings (see :meth:`word`)."""
        text, starts = self._py
        r = _line(text, starts, i)
        return tuple(r.split(" ")) if r else ()

    @property
    def char_order(self) -> list[str]:
        """Every character, most frequent first (single-character entries carry the counts)."""
        if self._char_order is None:
            self._char_order = list(self._stored_text("char_order", self._build_char_order))
        return self._char_order

    def _build_char_order(self) -> str:
        """The one-character words in vocabulary order, then every other character in order of
        first appearance.  Read from the joined words in C: a list of every character of every
        word was 9 million strings (750 MB) at a million articles."""
        order = dict.fromkeys(_SINGLE.findall(self.hay))
        order.update(dict.fromkeys(self.hay))  # (known keys keep their place)
        order.pop("\n", None)
        return "".join(order)

    def _key_of(self) -> Callable[[int], str]:
        """Word ``i``'s entry in :attr:`keys`, cut from the joined readings (a joined copy of
        the keys was 57 MB at a million articles, for bisecting alone).  A function of the texts,
        not of the vocabulary: a sorted table holding a method of it made a cycle that kept a
        replaced vocabulary (hundreds of MB) until a full garbage collection."""
        return partial(_key_at, *self._py, self.hay, self.starts)

    @property
    def keys(self) -> list[str]:
        """Each word's context pinyin run together (or the word itself), for typo matching
        (made for each caller: see :meth:`_word_list`)."""
        return [r.replace(" ", "") if r else w for w, r in zip(self._word_list(), self._readings, strict=True)]

    def by_key(self) -> Lookup:
        """Word indices by pinyin run together (``chuangxin``), for typo and heteronym lookups:
        the dict :meth:`warm` built, else the sorted table kept in the cache (loaded in
        milliseconds), behind a :class:`KeyFilter` when the vocabulary is big."""
        with self._build_lock:
            if self._by_key is None:
                index = self._by_key_sorted or self._stored_order("by_key_order", lambda: self.keys, self._key_of())
                self._by_key_sorted = index
                if self.size > FILTER_MIN_WORDS:
                    data = self._stored("key_filter", lambda: KeyFilter.build(self.keys).bits)
                    self._by_key = FilteredIndex(index, KeyFilter(bytes(data)))
                else:
                    self._by_key = index
            return self._by_key

    def by_key_sorted(self) -> SortedIndex:
        """:meth:`by_key` as a sorted table even where that is a dict: for keys that start with
        what was typed (:meth:`SortedIndex.starting`)."""
        with self._build_lock:
            if self._by_key_sorted is None:
                self._by_key_sorted = self._stored_order("by_key_order", lambda: self.keys, self._key_of())
            return self._by_key_sorted

    def build_tables(self) -> None:
        """Build every derived table a search reads (kept in :attr:`parts`): what a process that
        refreshes the vocabulary does for the readers after it (``search_refresh``)."""
        _ = self.starts, self._py, self._initials, self.char_order
        self.by_key()
        self.by_reading()

    def by_reading(self) -> Lookup:
        """Word indices by spaced context reading (``sheng huo``), for fuzzy-pair lookups (a dict
        after :meth:`warm`, else the sorted table kept in the cache)."""
        with self._build_lock:
            if self._by_reading is None:
                hay, starts = self._py
                self._by_reading = self._stored_order("by_reading_order", lambda: self._readings,
                                                      partial(_line, hay, starts))
            return self._by_reading

    def warm(self) -> None:
        """Build the lookup tables as dicts now (in a background thread after opening), so the
        first typo or fuzzy query does not stall a keystroke (a dict lookup is faster than a
        bisection, and a long-lived TUI can afford building one).  In memory only: the search
        thread may be using the cache's connection meanwhile."""
        if self._char_order is None:
            self._char_order = list(self._build_char_order())
        by_reading = _positions(self._readings)
        by_reading.pop("", None)  # words with no reading
        by_key = _positions(self.keys)  # (the lists are dropped once the dicts are made)
        with self._build_lock:
            self._by_reading, self._by_key = by_reading, by_key

    def word_at(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    # -- scanning: the words (or parts of words) a pinyin segmentation spells ---------------------
    def _classes(self, seg: py.Segmentation, anchored: bool) -> re.Pattern[str] | None:
        """A regex of one character class per unit (every character with such a reading that
        occurs here), or None when some unit matches no character of this vocabulary."""
        key = ("classes", seg.units, anchored)
        if key in self._regex_cache:
            return self._regex_cache[key]
        parts = []
        rx: re.Pattern[str] | None = None
        for u in seg.units:
            chars = py.unit_chars(u) & self.chars
            if not chars:
                break
            parts.append("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")
        else:
            rx = re.compile(("(?m)^" if anchored else "") + "".join(parts))
        if len(self._regex_cache) > 2048:
            self._regex_cache.clear()
        self._regex_cache[key] = rx
        return rx

    def scan_classes(self, seg: py.Segmentation, anchored: bool) -> Iterator[re.Match[str]]:
        """Matches of the segmentation's character classes in the words, frequent words first
        (``anchored``: at a word start only)."""
        rx = self._classes(seg, anchored)
        return iter(()) if rx is None else rx.finditer(self.hay)

    def scan_readings(self, seg: py.Segmentation, anchored: bool) -> Iterator[str]:
        """Chinese strings whose context reading spells the segmentation (syllables, prefixes)
        (``anchored``: at a word start only)."""
        if anchored:
            yield from self._readings_at_starts(seg.units)
            return
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
        hay, starts, word_of = self.py_hay, self.py_starts, self.word
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
            word = word_of(w)
            if k + n_units <= len(word):
                yield word[k:k + n_units]

    def _readings_at_starts(self, units: tuple[py.Unit, ...]) -> Iterator[str]:
        """The words whose context reading starts with ``units``, cut to as many characters, in
        vocabulary order: words with those initials (a ``find`` in the initials table), checked
        token by token.  A regex over every word's reading cost 5-20 ms per segmentation, and a
        mistyped term has several (``xiagnyongping``: 70 ms for nothing)."""
        hay, starts, word_of = self.initials_hay, self.initials_starts, self.word
        readings, reading_starts = self._py
        key = "\n" + "".join(u.text[0] for u in units)
        n = len(units)
        pos, looked = hay.find(key), 0
        while pos >= 0 and looked < SCAN_CAP * 4:
            looked += 1
            w = bisect.bisect_right(starts, pos + 1) - 1
            tokens = _line(readings, reading_starts, w).split(" ")
            word = word_of(w)
            if n <= len(word) and len(tokens) >= n and all(map(py.reading_fits, units, word, tokens)):
                yield word[:n]
            pos = hay.find(key, pos + 1)


class WordTable:
    """Every word of every article text (``search_words``), looked up in SQLite, not held in memory.

    The in-memory :class:`Vocab` holds what must be scanned (headline words and pairs, names,
    characters); body words are far more numerous and only ever needed by exact keys: the pinyin
    run together (full pinyin, fuzzy spellings, typo edits), a prefix of it (an unfinished last
    syllable) or the initials.  Each is an indexed lookup; rows come most frequent first.
    """

    _KEY = "replace(reading, ' ', '')"  # the expression the key index is built on

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def by_keys(self, keys: Iterable[str], limit: int) -> list[tuple[str, str]]:
        """(word, spaced reading) of words whose pinyin run together is one of ``keys``."""
        keys = list(dict.fromkeys(keys))
        rows = list(rows_in(self.conn, f"SELECT word, reading, df FROM search_words WHERE {self._KEY} IN", keys))
        rows.sort(key=lambda r: -r[2])
        return [(w, r) for w, r, _ in rows[:limit]]

    def by_prefix(self, prefix: str, limit: int) -> list[tuple[str, str]]:
        """Words whose pinyin run together starts with ``prefix``, most frequent among the first
        ``8 * limit`` in key order (a short prefix has thousands)."""
        rows = self.conn.execute(
            f"SELECT word, reading, df FROM search_words WHERE {self._KEY} >= ? AND {self._KEY} < ? LIMIT ?",
            (prefix, prefix + "{", 8 * limit)).fetchall()
        rows.sort(key=lambda r: -r[2])
        return [(w, r) for w, r, _ in rows[:limit]]

    def by_initials(self, initials: str, limit: int) -> list[tuple[str, str]]:
        """Words with these initials (one letter per character), most frequent first."""
        return self.conn.execute("SELECT word, reading FROM search_words WHERE initials = ? ORDER BY df DESC LIMIT ?",
                                 (initials, limit)).fetchall()


class BigramTable:
    """Every two adjacent Han characters of every article text (``search_bigrams``) with their
    reading run together as the key, looked up in SQLite: the links from which a
    string that spans words is chained (see ``search_terms.Term._stage_span``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def by_key(self, keys: Iterable[str], limit: int) -> list[tuple[str, int]]:
        """(bigram, df) of the bigrams read as one of ``keys``, most frequent first."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return []
        return self.conn.execute(
            f"SELECT bigram, df FROM search_bigrams WHERE key IN ({', '.join('?' * len(keys))})"
            " ORDER BY df DESC LIMIT ?", (*keys, limit)).fetchall()

    def by_initials(self, initials: str, limit: int) -> list[tuple[str, int]]:
        """(bigram, df) of the bigrams whose characters' readings start with these two letters,
        most frequent first."""
        return self.conn.execute("SELECT bigram, df FROM search_bigrams WHERE initials = ?"
                                 " ORDER BY df DESC LIMIT ?", (initials, limit)).fetchall()

    def by_prefix(self, prefixes: Iterable[str], limit: int) -> list[tuple[str, int]]:
        """(bigram, df) of the bigrams whose reading starts with one of ``prefixes``, most
        frequent among the first ``limit`` of each in key order."""
        rows: list[tuple[str, int]] = []
        for p in dict.fromkeys(prefixes):
            rows += self.conn.execute("SELECT bigram, df FROM search_bigrams WHERE key >= ? AND key < ? LIMIT ?",
                                      (p, p + "{", limit)).fetchall()
        rows.sort(key=lambda r: -r[1])
        return rows[:limit]
