"""The tagger's lazily loaded resources: a private jieba tokenizer, a word→POS map and name statistics.

Everything here is built once, on the first call that needs it, so ``import parser.entities`` stays
cheap (the TUI starts without paying for jieba) and no per-call setup slows tagging down.

* The tokenizer is a private one (rjieba when installed, else a :class:`jieba.Tokenizer`) so that the
  gazetteer words we add never change how the search index (which keeps a plain tokenizer of its
  own, ``search_rows._segmenter``) segments text.  We cut with ``HMM=False``:
  it is several times faster than ``jieba.posseg`` and leaves unknown names as single characters,
  which is exactly what the surname rules want to glue back together.
* The POS map is read from jieba's own ``dict.txt`` (the same tags ``jieba.posseg`` uses).
* Given-name scores say how much likelier a character is inside a given name than in running text;
  they are computed from the person names (``nr``) in jieba's dictionary, not from any evaluation text.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..paths import marshal_cached
from .surnames import COMPOUND_SURNAMES, SURNAMES
from .words import COUNTRIES, REGIONS, WORLD_PLACES

DATA_DIR = Path(__file__).with_name("data")

_lock = threading.Lock()
_lexicon: Lexicon | None = None


@dataclass(frozen=True, eq=False)  # hashed by identity: the tagger's lru_caches take it as an argument
class Lexicon:
    tokenizer: Any  # jieba.Tokenizer
    pos: dict[str, str]
    freq: dict[str, int]
    given: dict[str, float]  # character → log ratio P(in given name) / P(in text)
    surname: dict[str, float]  # surname → log ratio P(starts a name) / P(in text)
    places: frozenset[str]  # gazetteer: divisions (full and short names), regions, countries

    def given_score(self, ch: str) -> float:
        return self.given.get(ch, _UNSEEN_GIVEN)

    def surname_score(self, s: str) -> float:
        return self.surname.get(s, _UNSEEN_GIVEN)


_UNSEEN_GIVEN = -3.0
# Additive smoothing: a character never seen in a name but rare in text should not look name-like.
_GIVEN_ALPHA = 0.5
_TEXT_ALPHA = 100


# Short city names that are also everyday words (白银 silver, 来宾 guest, 安康 well-being …): only
# their full names (白银市) count as places.
_SHORT_NAME_NOT_PLACE = frozenset("白银 来宾 安康 大庆 开封 大同 长治 中卫 阿里 日照 中山 普洱".split())


def _read_divisions(pos: dict[str, str], freq: dict[str, int]) -> tuple[set[str], set[str]]:
    """Return (full names, short names) of the administrative divisions we ship."""
    full: set[str] = set()
    short: set[str] = set()
    suffixes = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "市", "盟")
    for line in (DATA_DIR / "divisions.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        level, name = line.split(" ", 1)
        if len(name) < 2 or (level == "d" and pos.get(name) not in (None, "ns") and freq.get(name, 0) > 100):
            continue  # 城区, 矿区, 郊区: district names that are everyday words
        full.add(name)
        if level in "pc":  # provinces and cities: 扬州, 浙江
            for suf in suffixes:
                if name.endswith(suf) and len(name) - len(suf) >= 2:
                    if name[: -len(suf)] not in _SHORT_NAME_NOT_PLACE:
                        short.add(name[: -len(suf)])
                    break
        elif name.endswith(("区", "县", "市")) and len(name) >= 3 and not name.endswith(("新区", "自治县")):
            # Counties and districts: 和平区 → 和平 is a word, so only short forms that are no
            # everyday word of jieba's dictionary (unknown, or a rare place/name entry).
            s = name[:-1]
            if s not in freq or (pos.get(s) == "ns" and freq[s] < 500) or (pos.get(s) in ("nr", "nz") and freq[s] < 100):
                short.add(s)
    return full, short


_Stats = tuple[dict[str, str], dict[str, int], dict[str, float], dict[str, float]]
_STATS_VERSION = 1  # bump when the statistics below change


def _dictionary_stats(dict_path: Path) -> _Stats:
    """POS map, frequencies and name statistics of jieba's dictionary (about a second to compute)."""
    pos: dict[str, str] = {}
    freq: dict[str, int] = {}
    given_counts: Counter[str] = Counter()
    surname_counts: Counter[str] = Counter()
    text_counts: Counter[str] = Counter()
    with dict_path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) < 3:
                continue
            word, f, tag = parts[0], int(parts[1]), parts[2]
            pos[word] = tag
            freq[word] = f
            for ch in word:
                text_counts[ch] += f
            if tag == "nr" and len(word) in (3, 4) and word[:2] in COMPOUND_SURNAMES:
                given_counts.update(word[2:])
                surname_counts[word[:2]] += 1
            elif tag == "nr" and len(word) in (2, 3) and word[0] in SURNAMES:
                given_counts.update(word[1:])
                surname_counts[word[0]] += 1
    g_total = sum(given_counts.values()) or 1
    t_total = sum(text_counts.values()) or 1
    given = {
        ch: math.log((n + _GIVEN_ALPHA) / g_total) - math.log((text_counts[ch] + _TEXT_ALPHA) / t_total)
        for ch, n in given_counts.items()
    }
    s_total = sum(surname_counts.values()) or 1
    surname = {
        s: math.log((n + _GIVEN_ALPHA) / s_total)
        - math.log((sum(text_counts[c] for c in s) / len(s) + _TEXT_ALPHA) / t_total)
        for s, n in surname_counts.items()
    }
    return pos, freq, given, surname


def _stats_cache_name(dict_path: Path) -> str:
    import hashlib

    sources = [dict_path, Path(__file__).with_name("surnames.py")]
    key = "|".join(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in sources if p.exists())
    digest = hashlib.sha1(f"{_STATS_VERSION}|{key}".encode()).hexdigest()[:16]
    return f"entities-lexicon-{digest}.marshal"


def _cached_dictionary_stats(dict_path: Path) -> _Stats:
    """:func:`_dictionary_stats`, kept in the cache folder so later processes load it in a blink."""
    return marshal_cached(_stats_cache_name(dict_path), lambda: _dictionary_stats(dict_path),
                          lambda data: isinstance(data, tuple) and len(data) == 4)


class _RustTokenizer:
    """rjieba (jieba-rs) behind jieba's ``cut``/``add_word`` names: the same dictionary and the same
    maximum-probability cut (checked line by line on the NER test set), about 15 times faster."""

    __slots__ = ("_jieba",)

    def __init__(self, jieba: Any) -> None:
        self._jieba = jieba

    def cut(self, text: str, HMM: bool = False) -> list[str]:
        return self._jieba.cut(text, HMM)

    def add_word(self, word: str, freq: int, tag: str) -> None:
        self._jieba.add_word(word, freq, tag)


def make_tokenizer(prefer_rust: bool = True) -> Any:
    """A private tokenizer: rjieba (a declared dependency; ``KANBAO_PURE_JIEBA`` or
    ``prefer_rust=False`` ask for jieba itself, which cuts the same words more slowly)."""
    import os

    if prefer_rust and not os.environ.get("KANBAO_PURE_JIEBA"):
        import rjieba

        return _RustTokenizer(rjieba.Jieba())
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def _build() -> Lexicon:
    import jieba  # deferred: importing parser.entities must not load jieba (its dictionary file is read here)

    jieba.setLogLevel(logging.WARNING)
    tokenizer = make_tokenizer()
    dict_path = Path(jieba.__file__).with_name("dict.txt")
    pos, freq, given, surname = _cached_dictionary_stats(dict_path)
    pos = dict(pos)  # the places below are added to a private copy
    full, short = _read_divisions(pos, freq)
    places = frozenset(full | short | REGIONS | COUNTRIES | WORLD_PLACES)
    for word in places:
        # Teach the segmenter every place as one word, and let the POS map call it a place.
        if word not in freq:
            tokenizer.add_word(word, 50, "ns")
        pos[word] = "ns"
    return Lexicon(tokenizer, pos, freq, given, surname, places)


def get_lexicon() -> Lexicon:
    """The shared lexicon, built on first use (about a second) and then reused."""
    global _lexicon
    if _lexicon is None:
        with _lock:
            if _lexicon is None:
                _lexicon = _build()
    return _lexicon
