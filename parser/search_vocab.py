"""The search vocabulary: words that occur in the archive, with their readings, held in memory.

Pinyin is expanded against it, never stored per body character: a Latin term's segmentation is
matched against these words (their readings, or character classes over the words themselves) and
the matching Chinese strings are then searched like typed Chinese.
"""

from __future__ import annotations

import bisect
import re
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator
from functools import cached_property
from itertools import accumulate
from typing import Any

from . import pinyin as py

SCAN_CAP = 4000  # regex matches looked at per segmentation before settling for what was found


def _positions(keys: Iterable[str]) -> dict[str, list[int]]:
    """Each key's indices in ``keys``, in order."""
    by: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        by.setdefault(k, []).append(i)
    return by


class Vocab:
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
        self._char_order: list[str] | None = None
        self._keys: list[str] | None = None
        self._by_key: dict[str, list[int]] | None = None
        self._by_reading: dict[str, list[int]] | None = None
        self._build_lock = threading.Lock()
        self._regex_cache: dict[tuple[Any, ...], re.Pattern[str] | None] = {}

    # The pinyin tables below are built on first use: a Chinese query never needs them, and
    # building them for 180,000 words was half a second of every ``kanbao search`` process.
    # (Two threads may both build one; they build the same value.)
    @cached_property
    def _py(self) -> tuple[str, list[int]]:
        # the context readings, aligned word by word: full pinyin and initials are literal-led
        # regexes over this string, much faster than character classes over the words
        readings = self._readings
        return "\n".join(readings), list(accumulate((len(r) + 1 for r in readings), initial=0))[:-1]

    @cached_property
    def _initials(self) -> tuple[str, list[int]]:
        initials = ["".join(t[:1] for t in r.split(" ")) if r else "" for r in self._readings]
        # a leading newline so that every word start is "\n" + its initials
        return ("\n" + "\n".join(initials),
                list(accumulate((len(i) + 1 for i in initials), initial=1))[:-1])

    @cached_property
    def _keys_hay(self) -> tuple[str, list[int]]:
        keys = [r.replace(" ", "") for r in self._readings]
        return "\n".join(keys), list(accumulate((len(k) + 1 for k in keys), initial=0))[:-1]

    @cached_property
    def chars(self) -> frozenset[str]:
        return frozenset(self.hay) - {"\n"}

    py_hay = property(lambda self: self._py[0])
    py_starts = property(lambda self: self._py[1])
    initials_hay = property(lambda self: self._initials[0])
    initials_starts = property(lambda self: self._initials[1])
    keys_hay = property(lambda self: self._keys_hay[0])
    keys_starts = property(lambda self: self._keys_hay[1])

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, int, str]]) -> Vocab:
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
    def from_blob(cls, blob: bytes) -> Vocab:
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
                self._by_key = _positions(self.keys)
            return self._by_key

    def by_reading(self) -> dict[str, list[int]]:
        """Word indices by spaced context reading (``sheng huo``), for fuzzy-pair lookups."""
        with self._build_lock:
            if self._by_reading is None:
                self._by_reading = _positions(self._readings)
                self._by_reading.pop("", None)  # words with no reading
            return self._by_reading

    def warm(self) -> None:
        """Build the lookup tables now (in a background thread after opening), so the first
        typo or fuzzy query does not stall a keystroke."""
        _ = self.char_order
        self.by_reading()
        self.by_key()

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
        hay, starts, words = self.py_hay, self.py_starts, self.words
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
        rows: list[tuple[str, str, int]] = []
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            rows += self.conn.execute(
                f"SELECT word, reading, df FROM search_words WHERE {self._KEY} IN ({', '.join('?' * len(chunk))})",
                chunk).fetchall()
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
