"""One typed term, expanded into the Chinese strings it stands for, tier by tier.

Tiers, best first: the exact text, pinyin in its context reading, pinyin with an unfinished last
syllable, other heteronyms, pinyin of a string that spans words, initials, southern fuzzy pairs,
one typo.  A tier is only expanded
when the search asks for it (the better ones left room in the result list).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache
from itertools import accumulate, pairwise, product

from . import pinyin as py
from .search_rows import phrase
from .search_vocab import SCAN_CAP, BigramTable, Vocab, WordTable

# Match tiers, best first.
EXACT, PINYIN, PARTIAL, HETERONYM, SPAN, INITIALS, FUZZY, TYPO = range(8)
TIER_NAMES = ("exact", "pinyin", "pinyin-prefix", "heteronym", "pinyin-span", "initials", "fuzzy", "typo")
MAX_EXPANSIONS = 48   # Chinese strings one tier of one pinyin term may expand to
TYPO_MIN_LEN = 4      # shorter Latin terms are too ambiguous for typo matching
# A lone syllable or letter (the first keystrokes) stands for its most frequent characters only:
# every extra character is another doclist for SQLite to merge on each keystroke.
SINGLE_CHAR_EXPANSIONS = 16


class Term:
    """A typed term and the Chinese strings it stands for, tier by tier, computed lazily.

    ``words`` (the archive's word table) is looked up before the in-memory vocabulary is scanned:
    whole words spelled exactly as typed are the most precise expansions.  Entity filters pass
    none (they match names, which the vocabulary holds).
    """

    def __init__(self, text: str, vocab: Callable[[], Vocab], words: WordTable | None = None,
                 bigrams: BigramTable | None = None) -> None:
        self.text = text
        self._load_vocab = vocab
        self.words = words
        self.bigrams = bigrams
        self._tiers: dict[int, list[str]] = {}
        self._found: dict[str, int] = {text: EXACT}
        self.segs = py.segment(text) if any("a" <= c <= "z" for c in text) else []
        self._stage = 0

    @cached_property
    def vocab(self) -> Vocab:
        """Loaded on first use: a Chinese term found at the exact tier never needs it (loading
        the vocabulary is most of a one-shot ``kanbao search``)."""
        return self._load_vocab()

    def literals(self, tier: int) -> tuple[str, ...]:
        if tier == EXACT:
            return (self.text,) if phrase(self.text) else ()
        if tier == TYPO:
            if TYPO not in self._tiers:
                self._tiers[TYPO] = list(self._typos())
        else:
            stage = {PINYIN: 1, PARTIAL: 1, HETERONYM: 2, SPAN: 3, INITIALS: 4, FUZZY: 5}[tier]
            stages = (self._stage_pinyin, self._stage_heteronym, self._stage_span, self._stage_initials,
                      self._stage_fuzzy)
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
        letters = self.text.replace("'", "").replace("’", "").replace(" ", "")
        latin = letters.isascii() and letters.isalpha() and any(
            not g.is_initials and len(g.units) > 1 for g in self.segs)
        if latin and self.words is not None:
            self._table_keys(letters)
        if latin:
            self._scan_keys(letters)
        for seg in self.segs:
            if seg.is_initials or (latin and len(seg.units) > 1):
                continue
            if self.words is not None and len(seg.units) > 1 and any(u.kind == "lit" for u in seg.units):
                self._table_mixed(seg)
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
                for s in self.vocab.scan_readings(seg, anchored=False):
                    self._add(s, good)
                    if self._full(good):
                        break
            else:  # mixed Chinese and pinyin: character classes, classified by context
                for n, m in enumerate(self.vocab.scan_classes(seg, anchored=False)):
                    s = m.group()
                    if s not in self._found:
                        w = self.vocab.word_at(m.start())
                        at = m.start() - self.vocab.starts[w]
                        fits = py.context_fits(seg.units, s, self.vocab.reading(w)[at:at + len(s)])
                        self._add(s, good if fits else HETERONYM)
                    if n >= SCAN_CAP or self._full(good, HETERONYM):
                        break

    def _table_keys(self, letters: str) -> None:
        """Whole words of the archive spelled by the letters (pinyin tier), then, for an
        unfinished last syllable, words whose spelling starts with them."""
        assert self.words is not None
        spellings = _u_spellings(letters)
        for word, _reading in self.words.by_keys(spellings, MAX_EXPANSIONS):
            self._add(word, PINYIN)
        if len(letters) < 3 or not any(g.partial for g in self.segs):
            return
        for spelling in spellings:
            for word, reading in self.words.by_prefix(spelling, MAX_EXPANSIONS):
                tokens = reading.split(" ")
                if len(tokens) != len(word):
                    continue
                bounds = list(accumulate((len(t) for t in tokens), initial=0))
                last = bisect.bisect_left(bounds, len(spelling))
                self._add(word[:last], PINYIN if bounds[last] == len(spelling) else PARTIAL)
                if self._full(PINYIN, PARTIAL):
                    return

    def _table_mixed(self, seg: py.Segmentation) -> None:
        """Chinese and pinyin mixed (``望yuanjing``): the typed characters' readings fill in the key,
        and words with those characters in those places are kept."""
        assert self.words is not None
        if any(u.kind == "pre" for u in seg.units[:-1]):
            return
        options = [py.readings(u.text)[:4] if u.kind == "lit" else (u.text,) for u in seg.units]
        if not all(options):
            return
        keys = ["".join(k) for k in product(*options)][:64]
        if seg.partial:
            rows = [r for k in keys for r in self.words.by_prefix(k, MAX_EXPANSIONS)]
        else:
            rows = self.words.by_keys(keys, 4 * MAX_EXPANSIONS)
        n = len(seg.units)
        for word, reading in rows:
            if len(word) < n or any(u.kind == "lit" and word[i] != u.text for i, u in enumerate(seg.units)):
                continue
            fits = py.context_fits(seg.units, word[:n], tuple(reading.split(" "))[:n])
            self._add(word[:n], (PARTIAL if seg.partial else PINYIN) if fits else HETERONYM)

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
        """Readings other than the context one (长江 for zhangjiang): the word table by the
        context readings such a word may have, then character classes over the vocabulary."""
        segs = [g for g in self.segs if not g.is_initials and len(g.units) > 1
                and all(u.kind != "lit" for u in g.units)]
        if self.words is not None:
            for seg in segs[:2]:
                if not seg.partial:
                    self._table_heteronyms(seg)
        for seg in segs[:2]:
            if self._vocab_heteronyms(seg):
                continue
            for n, m in enumerate(self.vocab.scan_classes(seg, anchored=False)):
                s = m.group()
                if s not in self._found:
                    w = self.vocab.word_at(m.start())
                    at = m.start() - self.vocab.starts[w]
                    if not py.context_fits(seg.units, s, self.vocab.reading(w)[at:at + len(s)]):
                        self._add(s, HETERONYM)
                if n >= SCAN_CAP or self._full(HETERONYM):
                    break

    def _vocab_heteronyms(self, seg: py.Segmentation) -> bool:
        """The vocabulary's whole words read otherwise than typed where a polyphone stands,
        looked up by their keys (as in :meth:`_table_heteronyms`) rather than found by scanning
        every word with a regex of character classes (most of a fuzzy query's time at 100,000
        articles).  False when the syllables allow too many keys, or a unit before the last is
        not a whole syllable: then the caller scans."""
        keys = _heteronym_keys(seg, VOCAB_HETERONYM_KEYS)
        if keys is None:
            return False
        v = self.vocab
        index = v.by_key()
        found = sorted({i for k in keys for i in index.get(k, ())})  # most frequent first
        for i in found:
            w = v.words[i]
            if len(w) == len(seg.units) and w not in self._found and _readable(w, seg.units) \
                    and not py.context_fits(seg.units, w, v.reading(i)):
                self._add(w, HETERONYM)
                if self._full(HETERONYM):
                    break
        return True

    def _table_heteronyms(self, seg: py.Segmentation) -> None:
        """Words whose context reading differs from the typed one only where a polyphone stands:
        each syllable may also be another reading of a common character that can be read so
        (zhang → chang, for 长); the keys that makes (at most 256) are looked up, and a word is
        kept when each of its characters can be read as typed."""
        assert self.words is not None
        keys = _heteronym_keys(seg, TABLE_HETERONYM_KEYS)
        if not keys or len(keys) <= 1:
            return
        for word, _reading in self.words.by_keys(keys, 4 * MAX_EXPANSIONS):
            if len(word) == len(seg.units) and _readable(word, seg.units):
                self._add(word, HETERONYM)
                if self._full(HETERONYM):
                    return

    def _stage_span(self) -> None:
        """Strings that cross word boundaries (化建设 of 文化建设, typed ``huajianshe``): chains of
        the archive's character bigrams whose readings follow the typed units, each link sharing
        a character with the next, most frequent first.  Typed characters (``化jianshe``) and an
        unfinished last syllable (``huajians``) work as elsewhere.  Then, if there is room, the
        same with other readings of polyphones (人参 typed ``rencan``, as 多人参加 reads it, where
        the table reads the pair ``renshen``).  A chain of bigrams that all occur may still spell
        a string that does not, which the search then does not find."""
        if self.bigrams is None:
            return
        fits = [g for g in self.segs if 2 <= len(g.units) <= SPAN_MAX and not g.is_initials
                and any(u.kind == "syl" for u in g.units) and all(u.kind != "pre" for u in g.units[:-1])]
        # the best two readings of whole syllables and the best with an unfinished last one
        segs = [g for g in fits if not g.partial][:2] + [g for g in fits if g.partial][:1]
        for mode in (_EXACT, _OTHER):
            for seg in segs:
                if mode == _OTHER and seg.partial:
                    continue  # (an unfinished syllable already stands for many readings)
                self._chain_span(seg, mode, SPAN)
                if self._full(SPAN):
                    return

    def _chain_span(self, seg: py.Segmentation, mode: str, tier: int) -> None:
        """Add the strings chained from bigrams that can be read as ``seg`` (see ``_links``)."""
        links = [self._links(a, b, mode) for a, b in pairwise(seg.units)]
        for s in _chain(links, MAX_EXPANSIONS):
            self._add(s, tier)

    def _links(self, a: py.Unit, b: py.Unit, mode: str) -> list[tuple[str, int]]:
        """(bigram, df) of the bigrams that can be read as the units ``a b`` (a syllable, a typed
        character, or, last, an unfinished syllable): by the table's reading (``_EXACT``), by any
        reading of each character (``_OTHER``), or with southern fuzzy pairs (``_FUZZY``)."""
        assert self.bigrams is not None
        firsts, seconds = _unit_spellings(a, mode), _unit_spellings(b, mode)
        keys = ["".join(k) for k in product(firsts, seconds)][:SPAN_KEYS]
        if b.kind == "pre":
            rows = self.bigrams.by_prefix(keys, 4 * SPAN_LINKS)
        else:
            rows = self.bigrams.by_key(keys, 4 * SPAN_LINKS)
        fits_a, fits_b = _fits(a, mode == _FUZZY), _fits(b, mode == _FUZZY)
        return [(bg, df) for bg, df in rows if fits_a(bg[0]) and fits_b(bg[1])][:SPAN_LINKS]

    def _stage_initials(self) -> None:
        letters = self.text
        if self.words is not None and 2 <= len(letters) <= 8 and letters.isascii() and letters.isalpha():
            # one letter per character, whatever else the letters could spell (deg, shgj)
            self._table_initials(tuple(py.Unit("pre", c) for c in letters))
        for seg in self.segs:
            if not seg.is_initials:
                continue
            if self.words is not None and all(u.kind != "lit" for u in seg.units):
                self._table_initials(seg.units)
            if any(u.kind == "lit" for u in seg.units):
                for n, m in enumerate(self.vocab.scan_classes(seg, anchored=True)):
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
                for s in self.vocab.scan_readings(seg, anchored=True):
                    self._add(s, INITIALS)
                    if self._full(INITIALS):
                        break
        if self.bigrams is not None and not self._full(INITIALS):
            self._span_initials()

    def _span_initials(self) -> None:
        """Strings across words by their initials, three letters or more (``hjs`` for 化建设 of
        文化建设): chains of bigrams whose characters' readings start with the typed letters,
        most frequent first; one letter per character, then the initials readings of the term
        (``hjsh``: h j sh)."""
        assert self.bigrams is not None
        letters = self.text
        readings: list[tuple[py.Unit, ...]] = []
        if letters.isascii() and letters.isalpha() and 3 <= len(letters) <= SPAN_INITIALS:
            readings.append(tuple(py.Unit("pre", c) for c in letters))
        readings += [g.units for g in self.segs if g.is_initials and 3 <= len(g.units) <= SPAN_INITIALS
                     and all(u.kind == "pre" for u in g.units)]
        added = 0
        for units in list(dict.fromkeys(readings))[:2]:
            links = []
            for a, b in pairwise(units):
                if len(a.text) == len(b.text) == 1:  # the initials column says it all
                    links.append(self.bigrams.by_initials(a.text + b.text, SPAN_LINKS))
                    continue
                fits_a, fits_b = _fits(a), _fits(b)  # zh, ch, sh: the column has z, c, s
                rows = self.bigrams.by_initials(a.text[0] + b.text[0], 4 * SPAN_LINKS)
                links.append([(bg, df) for bg, df in rows if fits_a(bg[0]) and fits_b(bg[1])][:SPAN_LINKS])
            for s in _chain(links, MAX_EXPANSIONS):
                added += self._add(s, INITIALS)
                if added >= SPAN_INITIALS_EXPANSIONS or self._full(INITIALS):
                    return

    def _table_initials(self, units: tuple[py.Unit, ...]) -> None:
        """The archive's words with these initials, most frequent first (at most half the
        expansions: names and headline word pairs come from the vocabulary after them)."""
        assert self.words is not None
        initials = "".join(u.text[0] for u in units)
        added = 0
        for word, reading in self.words.by_initials(initials, 4 * MAX_EXPANSIONS):
            tokens = reading.split(" ")
            if len(tokens) == len(word) and all(
                    any(t == u.text if u.kind == "syl" else t.startswith(u.text) for t in {tok, tok.replace("v", "u")})
                    for u, tok in zip(units, tokens, strict=True)):
                added += self._add(word, INITIALS)
                if added >= MAX_EXPANSIONS // 2:
                    return

    def _stage_fuzzy(self) -> None:
        """Whole words whose reading differs by southern fuzzy pairs only: dictionary lookups of
        every variant spelling (a handful to a few hundred), not a scan.  (The lookup table is
        only loaded for a term that has such spellings: ``chaungxin`` has none.)"""
        for seg in self.segs:
            if seg.is_initials or seg.partial or any(u.kind != "syl" for u in seg.units):
                continue
            options = [[u.text, *sorted(py.fuzzy_variants(u.text))] for u in seg.units]
            combos = 1
            for o in options:
                combos *= len(o)
            if combos > 512:
                continue
            spellings = list(product(*options))
            if self.words is not None:
                for word, _reading in self.words.by_keys(("".join(sp) for sp in spellings), MAX_EXPANSIONS):
                    self._add(word, FUZZY)
            index = self.vocab.by_reading()
            for spelling in spellings:
                for i in index.get(" ".join(spelling), ()):
                    self._add(self.vocab.words[i], FUZZY)
                if self._full(FUZZY):
                    return
            if self.bigrams is not None and len(seg.units) <= SPAN_MAX:
                self._chain_span(seg, _FUZZY, FUZZY)  # strings across words (lanhuxi for 南湖西)
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
        out = [w for _, w in found[:MAX_EXPANSIONS]]
        if self.words is not None and len(out) < MAX_EXPANSIONS:
            out += [w for w, _r in self.words.by_keys(_edits1(t), MAX_EXPANSIONS) if w not in seen]
        return tuple(out[:MAX_EXPANSIONS])


SPAN_MAX = 8       # syllables a spanning string may have (longer ones are sentences)
SPAN_LINKS = 200   # bigrams kept per syllable pair, most frequent first
SPAN_KEEP = 400    # partial chains kept between links
SPAN_KEYS = 256    # spellings of one syllable pair looked up for other readings
# Initials of strings across words: three or four letters (a longer run of initials is a phrase a
# reader abbreviates by words), and a few strings only: the most frequent bigrams read so are
# frequent strings, whose long doclists made every initials query slower (p95 14 -> 30 ms).
SPAN_INITIALS = 4
SPAN_INITIALS_EXPANSIONS = 12


def _chain(links: Sequence[list[tuple[str, int]]], limit: int) -> list[str]:
    """Strings made of overlapping bigrams, one from each list of (bigram, df) in order, best
    first by their rarest link (a chain is only as likely as its least frequent bigram)."""
    if not links or not links[0]:
        return []
    chains: dict[str, int] = {}
    for b, df in links[0]:
        chains[b] = max(df, chains.get(b, 0))
    for link in links[1:]:
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


#: Spellings a heteronym lookup may try: in the word table (SQL), and in the vocabulary (dict
#: lookups, ~0.1 µs each; beyond this the vocabulary is scanned).
TABLE_HETERONYM_KEYS = 256
VOCAB_HETERONYM_KEYS = 8192


def _heteronym_keys(seg: py.Segmentation, cap: int) -> list[str] | None:
    """Every way the typed syllables can be a word's context reading when each may be another
    reading of a common character read as typed (zhang → chang, for 长), ü as ``v``, and an
    unfinished last syllable any syllable it starts; None when there are more than ``cap`` or
    a unit before the last is not a whole syllable."""
    if any(u.kind != "syl" for u in seg.units[:-1]) or seg.units[-1].kind not in ("syl", "pre"):
        return None
    options = []
    for u in seg.units:
        spellings = [u.text] if u.kind == "syl" else sorted(x for x in py.syllables() if x.startswith(u.text))
        if u.kind == "syl" and re.fullmatch("[ln]ue?", u.text):
            spellings.append(u.text.replace("u", "v"))
        options.append(tuple(dict.fromkeys(a for sp in spellings for a in _alternatives(sp))))
    combos = 1
    for o in options:
        combos *= len(o)
    if combos > cap:
        return None
    return ["".join(k) for k in product(*options)]


def _readable(word: str, units: Sequence[py.Unit]) -> bool:
    """True when each character of ``word`` can be read as its typed unit (see ``_fits``)."""
    return all(_fits(u)(c) for u, c in zip(units, word, strict=True))


@lru_cache(maxsize=1024)
def _fits(u: py.Unit, fuzzy: bool = False) -> Callable[[str], bool]:
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


_EXACT, _OTHER, _FUZZY = "exact", "other", "fuzzy"  # how a span's syllables are spelled in keys


def _unit_spellings(u: py.Unit, mode: str) -> tuple[str, ...]:
    """How a unit may be spelled in a bigram key: a typed character by its readings, a syllable
    as typed (ü as ``v`` too) and, by ``mode``, as the other readings of the common characters
    read so or as its southern fuzzy variants; an unfinished syllable as typed (the caller looks
    it up as a prefix)."""
    if u.kind == "lit":
        return py.readings(u.text)[:4]
    if u.kind == "pre":
        return (u.text,)
    out = [u.text]
    if re.fullmatch("[ln]ue?", u.text):
        out.append(u.text.replace("u", "v"))
    if mode == _OTHER:
        out += [a for x in tuple(out) for a in _alternatives(x)]
    elif mode == _FUZZY:
        out += sorted(py.fuzzy_variants(u.text))
    return tuple(dict.fromkeys(out))


def _common(ch: str) -> bool:
    """True for the 3,755 characters of GB 2312 level 1, the standard list of common ones."""
    try:
        return 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


@lru_cache(maxsize=2048)
def _alternatives(syllable: str) -> tuple[str, ...]:
    """``syllable`` and the other readings of common characters that can be read ``syllable``
    (rare polyphones would multiply the keys to look up for nothing)."""
    out = dict.fromkeys([syllable])
    for c in sorted(py.chars_for(syllable)):
        if _common(c):
            out.update(dict.fromkeys(py.readings(c)))
    return tuple(out)


def join_spaced_syllables(terms: Sequence[str]) -> list[str]:
    """Terms with every run of two or more lone syllables joined into one spaced term: ``nuo man
    di`` is one word typed with spaces (each syllable alone would stand for its 16 most frequent
    characters, ANDed anywhere in an article)."""
    if not any(t.isascii() and t.isalpha() for t in terms):
        return list(terms)  # nothing to join: don't load the syllable tables
    out: list[str] = []
    run: list[str] = []
    syllables = py.syllables()
    for t in (*terms, ""):
        if t and t.isascii() and t in syllables:
            run.append(t)
            continue
        out.extend([" ".join(run)] if len(run) >= 2 else run)
        run = []
        if t:
            out.append(t)
    return out


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _u_spellings(letters: str) -> list[str]:
    """The letters as typed, and with ``u`` after l/n read as ``ü`` (stored as ``v``)."""
    out = [letters]
    if "lu" in letters or "nu" in letters:
        out.append(re.sub(r"(?<=[ln])u", "v", letters))
    return out


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + swaps + replaces + inserts) - {word}
