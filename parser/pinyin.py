"""Pinyin readings, query segmentation and southern fuzzy pairs.

Search never stores the pinyin of body text.  Instead a Latin query is *expanded*: ``wujin`` is
cut into units (``wu`` + ``jin``), each unit becomes the set of characters that can be read that
way (every heteronym, from pypinyin's table), and that sequence of character classes is matched
against a small vocabulary of words that occur in the archive.  The matching Chinese strings are
then looked up in the full-text index like any typed Chinese term.

Readings are toneless with ``v`` for ``ü`` (pypinyin's convention); ``u`` is accepted for ``ü``
too, because that is how most people type 绿 (``lu``/``lv``).
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .paths import marshal_cached


def _pinyin_dict_file() -> str | None:
    """Where pypinyin's character table is, found without importing pypinyin."""
    import importlib.util

    spec = importlib.util.find_spec("pypinyin")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        path = os.path.join(folder, "pinyin_dict.py")
        if os.path.exists(path):
            return path
    return None


@lru_cache(maxsize=1)
def _load_pinyin_dict() -> dict[int, str]:
    """pypinyin's character table, without importing pypinyin itself; loaded when the reading
    tables are built (once: then they come from a marshal file), not on import (~40 ms).

    ``import pypinyin`` loads its phrase tables and trains a segmenter (~0.5 s), which a
    ``kanbao search`` process does not need: queries only use per-character readings, and
    context readings are computed at indexing time (:func:`context_pinyin` imports lazily).
    """
    import importlib.util

    path = _pinyin_dict_file()
    if path is not None:
        sub = importlib.util.spec_from_file_location("_kanbao_pinyin_dict", path)
        if sub is not None and sub.loader is not None:
            module = importlib.util.module_from_spec(sub)
            sub.loader.exec_module(module)
            return module.pinyin_dict  # type: ignore[no-any-return]
    from pypinyin.pinyin_dict import pinyin_dict

    return pinyin_dict


UnitKind = Literal["lit", "syl", "pre"]

INITIALS: tuple[str, ...] = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h",
                             "j", "q", "x", "r", "z", "c", "s", "y", "w")


def is_han(ch: str) -> bool:
    """True for a CJK ideograph (the characters that have a pinyin reading)."""
    if len(ch) != 1:
        return False
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2EBEF or 0xF900 <= o <= 0xFAFF


_TONES = str.maketrans({
    **{c: "a" for c in "āáǎà"}, **{c: "e" for c in "ēéěèêếề"}, **{c: "i" for c in "īíǐì"},
    **{c: "o" for c in "ōóǒò"}, **{c: "u" for c in "ūúǔù"}, **{c: "v" for c in "üǖǘǚǜ"},
    **{c: "n" for c in "ńňǹ"}, "ḿ": "m", "\u0300": "", "\u0301": "", "\u0304": "", "\u030c": ""})


def strip_tone(reading: str) -> str:
    """``lǜ`` → ``lv``, ``zhǎng`` → ``zhang``: toneless, ``v`` for ``ü``."""
    s = reading.lower().translate(_TONES)
    if s.isascii():
        return s
    s = unicodedata.normalize("NFD", s).replace("u\u0308", "v")
    return "".join(c for c in s if not unicodedata.combining(c))


def _build_tables() -> tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    readings: dict[str, tuple[str, ...]] = {}
    by_syllable: dict[str, list[str]] = {}
    for cp, value in _load_pinyin_dict().items():
        plain = value.lower().translate(_TONES)  # every reading at once, in C
        if not plain.isascii():
            plain = ",".join(strip_tone(r) for r in value.split(","))
        rs = tuple(dict.fromkeys(t for t in plain.replace(" ", "").split(",") if t.isalpha()))
        if not rs:
            continue
        ch = chr(cp)
        readings[ch] = rs
        for t in rs:
            by_syllable.setdefault(t, []).append(ch)
            if "v" in t:  # ü typed as u: lu/nu/lue/nue also find 绿/女/略/虐
                by_syllable.setdefault(t.replace("v", "u"), []).append(ch)
    return readings, {k: frozenset(v) for k, v in by_syllable.items()}


@dataclass(frozen=True, slots=True)
class _Tables:
    readings: dict[str, tuple[str, ...]]
    by_syllable: dict[str, frozenset[str]]
    syllables: frozenset[str]
    prefixes: frozenset[str]
    proper_prefixes: frozenset[str]


def _tables_name() -> str:
    """The marshal file's name: changes when pypinyin's character table does.  (The table file's
    size and mtime, not ``importlib.metadata.version``: that took 55 ms of every pinyin query
    process.)"""
    path = _pinyin_dict_file()
    st = os.stat(path) if path is not None else None
    key = f"{st.st_size}-{st.st_mtime_ns}" if st is not None else "none"
    return f"pinyin-tables-{key}.marshal"


def _cached_tables() -> tuple[dict[str, tuple[str, ...]], dict[str, frozenset[str]]]:
    return marshal_cached(_tables_name(), _build_tables,
                          lambda data: isinstance(data, tuple) and len(data) == 2)


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    """Built on first use (~0.1–0.3 s, then read from a marshal file in the cache folder in
    ~20 ms): a Chinese-only query never needs them, a ``kanbao search`` process only once."""
    readings_, by_syllable = _cached_tables()
    # Interjection-only readings (hm, hng, ng, m, n, r...) make junk segmentations; keep real syllables.
    syllables = frozenset(s for s, chars in by_syllable.items()
                          if len(chars) >= 2 and any(c in "aeiouv" for c in s) and s not in ("hm", "hng", "ng"))
    return _Tables(readings_, by_syllable, syllables,
                   frozenset(s[:i] for s in syllables for i in range(1, len(s) + 1)),
                   frozenset(s[:i] for s in syllables for i in range(1, len(s))))


def syllables() -> frozenset[str]:
    """Every toneless syllable (``v`` for ``ü``, and its ``u`` spelling)."""
    return _tables().syllables


def readings(ch: str) -> tuple[str, ...]:
    """Every toneless reading of one character (empty for non-Han characters)."""
    return _tables().readings.get(ch, ())


def reading_table() -> dict[str, tuple[str, ...]]:
    """Character → its toneless readings, for callers that look up many characters in a loop."""
    return _tables().readings


def phrase_table() -> Mapping[str, list[list[str]]]:
    """pypinyin's phrases with their tone-marked readings (a phrase may be read otherwise than
    character by character)."""
    from pypinyin.constants import PHRASES_DICT

    return PHRASES_DICT


def chars_for(syllable: str, prefix: bool = False) -> frozenset[str]:
    """Characters read ``syllable`` (or, with ``prefix``, any reading starting with it)."""
    if not prefix:
        t = _tables()
        return t.by_syllable.get(syllable, frozenset()) if syllable in t.syllables else frozenset()
    return _chars_for_prefix(syllable)


@lru_cache(maxsize=512)
def _chars_for_prefix(prefix: str) -> frozenset[str]:
    out: set[str] = set()
    t = _tables()
    for s in t.syllables:
        if s.startswith(prefix):
            out |= t.by_syllable[s]
    return frozenset(out)


@lru_cache(maxsize=65536)
def context_pinyin(text: str) -> tuple[str, ...]:
    """One reading per character, chosen from context (pypinyin's phrase table).

    Non-Han characters map to themselves, lower-cased, so the result is aligned with ``text``.
    """
    if len(text) == 1:  # one character: pypinyin's choice is its table's first reading
        return ((readings(text) or (text.lower(),))[0],)
    # No phrase of pypinyin's inside (most names): its answer is each character's first reading,
    # found here without running its segmenter (a build reads every new name's pinyin).
    if all(readings(c) for c in text) and not _has_phrase(text):
        return tuple(readings(c)[0] for c in text)
    from pypinyin import lazy_pinyin

    out = lazy_pinyin(text, errors=lambda s: [c.lower() for c in s], v_to_u=False)
    out = [strip_tone(x) if len(x) > 1 or x.isalpha() else x for x in out]
    if len(out) != len(text):  # never expected; fall back to the first reading of each char
        return tuple((readings(c) or (c.lower(),))[0] for c in text)
    return tuple(out)


def _has_phrase(text: str) -> bool:
    """True when some part of ``text`` (two characters or more) is in pypinyin's phrase table."""
    phrases = phrase_table()
    n = len(text)
    return any(text[i:j] in phrases for i in range(n - 1) for j in range(i + 2, n + 1))


# -- query units ----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Unit:
    """One position of a query: a literal character, a full syllable, or a syllable prefix."""

    kind: UnitKind
    text: str


@dataclass(frozen=True, slots=True)
class Segmentation:
    """One way to read a typed term as a sequence of units.

    ``abbreviated`` counts prefix units before the last one (``wj`` = w… j…: initials);
    ``partial`` says the last unit is an unfinished syllable (``wuj``).
    """

    units: tuple[Unit, ...]
    abbreviated: int
    partial: bool

    @property
    def is_initials(self) -> bool:
        return self.abbreviated > 0


def _latin_segmentations(run: str, final: bool, cap: int = 24) -> list[list[Unit]]:
    """Ways to cut a run of letters into syllables; prefixes allowed (initials, unfinished last)."""
    n = len(run)
    results: list[list[Unit]] = []
    tables = _tables()
    syls, prefixes, proper = tables.syllables, tables.prefixes, tables.proper_prefixes

    def walk(i: int, acc: list[Unit]) -> None:
        if len(results) >= cap:
            return
        if i == n:
            results.append(list(acc))
            return
        for j in range(min(n, i + 6), i, -1):
            piece = run[i:j]
            last = j == n and final
            if piece in syls:
                acc.append(Unit("syl", piece))
                walk(j, acc)
                acc.pop()
            if piece not in prefixes:
                continue
            # a prefix unit: the unfinished last syllable, or an initial (b, zh, …) anywhere
            longer = piece not in syls or piece in proper
            if (last and longer) or (len(piece) <= 2 and piece in INITIALS):
                acc.append(Unit("pre", piece))
                walk(j, acc)
                acc.pop()

    walk(0, [])
    return results


def segment(term: str, cap: int = 12) -> list[Segmentation]:
    """Readings of a typed term as units, best first (full syllables, then fewer units).

    Han characters (and digits) are literal units, Latin letters are cut into syllables, so
    ``武jin``, ``wu进``, ``wujin``, ``wuj``, ``wj`` and ``wu jin`` (spaces/apostrophes as explicit
    breaks) all work.  A term with no Latin letters gives no segmentation: it is only ever
    matched literally.
    """
    t = term.lower()
    if not any("a" <= c <= "z" for c in t):
        return []
    pieces: list[list[list[Unit]]] = []  # per chunk, its alternatives
    i = 0
    chunks: list[tuple[str, str]] = []
    while i < len(t):
        c = t[i]
        if "a" <= c <= "z":
            j = i
            while j < len(t) and "a" <= t[j] <= "z":
                j += 1
            chunks.append(("latin", t[i:j]))
            i = j
        elif c in " '’":
            i += 1
        else:
            chunks.append(("lit", c))
            i += 1
    for k, (kind, text) in enumerate(chunks):
        if kind == "lit":
            pieces.append([[Unit("lit", text)]])
        else:
            alts = _latin_segmentations(text, final=k == len(chunks) - 1)
            if not alts:
                return []
            pieces.append(alts)
    combos: list[list[Unit]] = [[]]
    for alts in pieces:
        combos = [c + a for c in combos for a in alts][: cap * 4]
    segs: list[Segmentation] = []
    for units in combos:
        abbreviated = sum(1 for u in units[:-1] if u.kind == "pre")
        partial = units[-1].kind == "pre"
        segs.append(Segmentation(tuple(units), abbreviated, partial))
    if not segs:
        return []
    # When the letters spell whole syllables, readings that abbreviate some of them (zhongguo as
    # zh-o-n-g-guo) are noise: keep only the least abbreviated readings.
    least = min(s.abbreviated for s in segs)
    segs = [s for s in segs if s.abbreviated == least]
    segs.sort(key=lambda s: (s.partial, len(s.units)))
    seen: set[tuple[Unit, ...]] = set()
    out = []
    for s in segs:
        if s.units not in seen:
            seen.add(s.units)
            out.append(s)
    return out[:cap]


# -- southern fuzzy pairs ------------------------------------------------------------------------
_INITIAL_PAIRS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"))
_FINAL_PAIRS = (("ang", "an"), ("eng", "en"), ("ing", "in"))


def _split(s: str) -> tuple[str, str]:
    for ini in INITIALS:
        if s.startswith(ini):
            return ini, s[len(ini):]
    return "", s


@lru_cache(maxsize=4096)
def fuzzy_variants(syllable: str) -> frozenset[str]:
    """Syllables a southern speaker may mean by ``syllable`` (excluding itself): z/zh, c/ch,
    s/sh, n/l, f/h, an/ang, en/eng, in/ing, alone or combined."""
    ini, fin = _split(syllable)
    inis = {ini}
    for a, b in _INITIAL_PAIRS:
        if ini == a:
            inis.add(b)
        elif ini == b:
            inis.add(a)
    fins = {fin}
    for a, b in _FINAL_PAIRS:
        if fin.endswith(a) and (fin[: -len(a)] + b) != fin:
            fins.add(fin[: -len(a)] + b)
        elif fin.endswith(b) and not fin.endswith(a):
            fins.add(fin[: -len(b)] + a)
    out = {i + f for i in inis for f in fins} - {syllable}
    return frozenset(s for s in out if s in _tables().syllables)


def unit_chars(unit: Unit) -> frozenset[str]:
    """Characters a unit matches: itself, every character with that reading, or with a reading
    that starts with it (an initial or unfinished syllable)."""
    if unit.kind == "lit":
        return frozenset(unit.text)
    return chars_for(unit.text, prefix=unit.kind == "pre")


def typed_spellings(syllable: str) -> tuple[str, ...]:
    """The spellings a typed syllable stands for: as typed and, after l or n, with ``u`` read as
    ``ü`` (stored as ``v``: ``lu`` → ``lu``, ``lv``)."""
    if syllable[:1] in ("l", "n") and syllable[1:] in ("u", "ue"):
        return (syllable, syllable.replace("u", "v"))
    return (syllable,)


def reading_fits(unit: Unit, ch: str, reading: str) -> bool:
    """True when character ``ch`` read ``reading`` is what ``unit`` types: itself for a typed
    character, the whole reading for a syllable, its start for a prefix; ü as v or u."""
    if unit.kind == "lit":
        return ch == unit.text
    alts = {reading, reading.replace("v", "u")}
    if unit.kind == "syl":
        return unit.text in alts
    return any(a.startswith(unit.text) for a in alts)


def context_fits(units: Iterable[Unit], text: str, context: tuple[str, ...]) -> bool:
    """True when ``text`` read in context (``context`` = its aligned readings) spells ``units``.

    This is how the context reading of a polyphone ranks first: 长江 matches ``changjiang`` in
    context, ``zhangjiang`` only through a heteronym.
    """
    us = list(units)
    if len(us) != len(text) or len(context) != len(text):
        return False
    return all(reading_fits(u, c, r) for u, c, r in zip(us, text, context, strict=True))


def joined_pinyin(text: str) -> str:
    """Context pinyin run together (``创新`` → ``chuangxin``): the key typo matching compares."""
    return "".join(context_pinyin(text))


def _common(ch: str) -> bool:
    """True for the 3,755 characters of GB 2312 level 1, the standard list of common ones."""
    try:
        return 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


@lru_cache(maxsize=2048)
def other_readings(syllable: str) -> tuple[str, ...]:
    """``syllable`` and the other readings of common characters that can be read ``syllable``
    (rare polyphones would multiply the keys to look up for nothing)."""
    out = dict.fromkeys([syllable])
    for c in sorted(chars_for(syllable)):
        if _common(c):
            out.update(dict.fromkeys(readings(c)))
    return tuple(out)
