"""Strings that cross word boundaries, chained from the archive's character bigrams.

A string that spans two of jieba's words (化建设 of 文化建设) is no word of the word table; its
bigrams are in ``search_bigrams`` (``search_vocab.BigramTable``), keyed by their readings and
initials.  A typed term is cut into units (syllables, typed characters, an unfinished last
syllable, initials); each adjacent pair of units is one lookup of the bigrams that can be read so
(a *link*), and overlapping bigrams are chained (化建 + 建设 → 化建设), ranked by their rarest link.
``search_terms.Term`` decides which readings of a term to chain and in which tier.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import product

from . import pinyin as py
from .search_vocab import BigramTable

SPAN_MAX = 8       # syllables a spanning string may have (longer ones are sentences)
SPAN_LINKS = 200   # bigrams kept per syllable pair, most frequent first
SPAN_KEEP = 400    # partial chains kept between links
SPAN_KEYS = 256    # spellings of one syllable pair looked up for other readings
# Initials of strings across words: three or four letters (a longer run of initials is a phrase a
# reader abbreviates by words), and a few strings only: the most frequent bigrams read so are
# frequent strings, whose long doclists made every initials query slower (p95 14 -> 30 ms).
SPAN_INITIALS = 4
SPAN_INITIALS_EXPANSIONS = 12

#: How a link's syllables are spelled in the keys it looks up: as typed, as the other readings of
#: the common characters read so, or as their southern fuzzy variants.
EXACT, OTHER, FUZZY = "exact", "other", "fuzzy"


def links(bigrams: BigramTable, a: py.Unit, b: py.Unit, mode: str) -> list[tuple[str, int]]:
    """(bigram, df) of the bigrams that can be read as the units ``a b`` (a syllable, a typed
    character, or, last, an unfinished syllable), keys spelled by ``mode``, most frequent first."""
    firsts, seconds = unit_spellings(a, mode), unit_spellings(b, mode)
    keys = ["".join(k) for k in product(firsts, seconds)][:SPAN_KEYS]
    if b.kind == "pre":
        rows = bigrams.by_prefix(keys, 4 * SPAN_LINKS)
    else:
        rows = bigrams.by_key(keys, 4 * SPAN_LINKS)
    fits_a, fits_b = fits(a, mode == FUZZY), fits(b, mode == FUZZY)
    return [(bg, df) for bg, df in rows if fits_a(bg[0]) and fits_b(bg[1])][:SPAN_LINKS]


def initials_links(bigrams: BigramTable, a: py.Unit, b: py.Unit) -> list[tuple[str, int]]:
    """(bigram, df) of the bigrams whose characters' readings start with the typed initials
    ``a b``, most frequent first."""
    if len(a.text) == len(b.text) == 1:  # the initials column says it all
        return bigrams.by_initials(a.text + b.text, SPAN_LINKS)
    fits_a, fits_b = fits(a), fits(b)  # zh, ch, sh: the column has z, c, s
    rows = bigrams.by_initials(a.text[0] + b.text[0], 4 * SPAN_LINKS)
    return [(bg, df) for bg, df in rows if fits_a(bg[0]) and fits_b(bg[1])][:SPAN_LINKS]


def chain(steps: Sequence[list[tuple[str, int]]], limit: int) -> list[str]:
    """Strings made of overlapping bigrams, one from each list of (bigram, df) in ``steps`` in
    order, best first by their rarest link (a chain is only as likely as its least frequent
    bigram)."""
    if not steps or not steps[0]:
        return []
    chains: dict[str, int] = {}
    for b, df in steps[0]:
        chains[b] = max(df, chains.get(b, 0))
    for link in steps[1:]:
        by_first: dict[str, list[tuple[str, int]]] = {}
        for b, df in link:
            by_first.setdefault(b[0], []).append((b[1], df))
        grown: dict[str, int] = {}
        for s, score in chains.items():
            for ch, df in by_first.get(s[-1], ()):
                key = s + ch
                grown[key] = max(min(score, df), grown.get(key, 0))
        if not grown:
            return []
        chains = dict(sorted(grown.items(), key=lambda kv: -kv[1])[:SPAN_KEEP])
    return [s for s, _ in sorted(chains.items(), key=lambda kv: -kv[1])[:limit]]


def readable(word: str, units: Sequence[py.Unit]) -> bool:
    """True when each character of ``word`` can be read as its typed unit (see ``fits``)."""
    return all(fits(u)(c) for u, c in zip(units, word, strict=True))


@lru_cache(maxsize=1024)
def fits(u: py.Unit, fuzzy: bool = False) -> Callable[[str], bool]:
    """A test of one character against a typed unit: a typed character is itself, an unfinished
    syllable any reading it starts, a syllable its reading (ü as v or u) and, with ``fuzzy``,
    its southern fuzzy variants."""
    if u.kind == "lit":
        return u.text.__eq__
    if u.kind == "pre":
        return lambda c: any(r.startswith(u.text) for r in py.readings(c))
    ok = frozenset({u.text, *(py.fuzzy_variants(u.text) if fuzzy else ())})
    ok = ok | {x.replace("u", "v") for x in ok}
    return lambda c: not ok.isdisjoint(py.readings(c))


def unit_spellings(u: py.Unit, mode: str) -> tuple[str, ...]:
    """How a unit may be spelled in a bigram key: a typed character by its readings, a syllable
    as typed (ü as ``v`` too) and, by ``mode``, as the other readings of the common characters
    read so or as its southern fuzzy variants; an unfinished syllable as typed (the caller looks
    it up as a prefix)."""
    if u.kind == "lit":
        return py.readings(u.text)[:4]
    if u.kind == "pre":
        return (u.text,)
    out = list(py.typed_spellings(u.text))
    if mode == OTHER:
        out += [a for x in tuple(out) for a in py.other_readings(x)]
    elif mode == FUZZY:
        out += sorted(py.fuzzy_variants(u.text))
    return tuple(dict.fromkeys(out))
