"""One typed term, expanded into the Chinese strings it stands for, tier by tier.

Tiers, best first: the exact text, pinyin in its context reading, pinyin with an unfinished last
syllable, other heteronyms, pinyin of a string that spans words, initials, southern fuzzy pairs,
one typo.  A tier is only expanded
when the search asks for it (the better ones left room in the result list).
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cached_property
from itertools import accumulate, pairwise, product

from . import pinyin as py
from . import search_spans as spans
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
        """Words whose readings run together (``changjiang``) start with the typed letters, found
        by bisecting the words sorted by that key, most frequent first: every way to cut the
        letters into syllables is settled at once by where the match ends on the word's own
        syllables.  Ending on a syllable is the pinyin tier, inside one the unfinished-syllable
        tier; either way the expansion is the word cut there (江苏 of 江苏省).  (A substring search
        of every key read 57 MB at a million articles, 40 % of a query's time, for matches that
        start inside a word: strings across word boundaries, which the span tier reaches.)"""
        v = self.vocab
        index = v.by_key_sorted()
        spellings = {letters}
        if "lu" in letters or "nu" in letters:  # ü typed as u
            spellings.add(re.sub(r"(?<=[ln])u", "v", letters))
        for spelling in spellings:
            end = len(spelling)
            for w in heapq.nsmallest(SCAN_CAP, index.starting(spelling)):
                tokens = v.reading(w)
                word = v.word(w)
                if len(tokens) != len(word):
                    continue
                bounds = list(accumulate((len(t) for t in tokens), initial=0))
                last = bisect.bisect_left(bounds, end)
                if last < len(bounds):
                    self._add(word[:last], PINYIN if bounds[last] == end else PARTIAL)
                    if self._full(PINYIN, PARTIAL):
                        return

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
            w = v.word(i)
            if len(w) == len(seg.units) and w not in self._found and spans.readable(w, seg.units) \
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
            if len(word) == len(seg.units) and spans.readable(word, seg.units):
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
        fits = [g for g in self.segs if 2 <= len(g.units) <= spans.SPAN_MAX and not g.is_initials
                and any(u.kind == "syl" for u in g.units) and all(u.kind != "pre" for u in g.units[:-1])]
        # the best two readings of whole syllables and the best with an unfinished last one
        segs = [g for g in fits if not g.partial][:2] + [g for g in fits if g.partial][:1]
        for mode in (spans.EXACT, spans.OTHER):
            for seg in segs:
                if mode == spans.OTHER and seg.partial:
                    continue  # (an unfinished syllable already stands for many readings)
                self._chain_span(seg, mode, SPAN)
                if self._full(SPAN):
                    return

    def _chain_span(self, seg: py.Segmentation, mode: str, tier: int) -> None:
        """Add the strings chained from bigrams that can be read as ``seg`` (see ``_links``)."""
        assert self.bigrams is not None
        links = [spans.links(self.bigrams, a, b, mode) for a, b in pairwise(seg.units)]
        for s in spans.chain(links, MAX_EXPANSIONS):
            self._add(s, tier)

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
                    if len(v.reading(w)) == len(v.word(w)):
                        self._add(v.word(w)[:len(seg.units)], INITIALS)
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
        """Strings across words by their initials, three or four letters (``hjs`` for 化建设 of
        文化建设): chains of bigrams whose characters' readings start with the typed letters,
        most frequent first; one letter per character, then the initials readings of the term
        (``hjsh``: h j sh)."""
        assert self.bigrams is not None
        letters = self.text
        readings: list[tuple[py.Unit, ...]] = []
        if letters.isascii() and letters.isalpha() and 3 <= len(letters) <= spans.SPAN_INITIALS:
            readings.append(tuple(py.Unit("pre", c) for c in letters))
        readings += [g.units for g in self.segs if g.is_initials and 3 <= len(g.units) <= spans.SPAN_INITIALS
                     and all(u.kind == "pre" for u in g.units)]
        added = 0
        for units in list(dict.fromkeys(readings))[:2]:
            links = [spans.initials_links(self.bigrams, a, b) for a, b in pairwise(units)]
            for s in spans.chain(links, MAX_EXPANSIONS):
                added += self._add(s, INITIALS)
                if added >= spans.SPAN_INITIALS_EXPANSIONS or self._full(INITIALS):
                    return

    def _table_initials(self, units: tuple[py.Unit, ...]) -> None:
        """The archive's words with these initials, most frequent first (at most half the
        expansions: names and headline word pairs come from the vocabulary after them)."""
        assert self.words is not None
        initials = "".join(u.text[0] for u in units)
        added = 0
        for word, reading in self.words.by_initials(initials, 4 * MAX_EXPANSIONS):
            tokens = reading.split(" ")
            if len(tokens) == len(word) and all(map(py.reading_fits, units, word, tokens)):
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
                    self._add(self.vocab.word(i), FUZZY)
                if self._full(FUZZY):
                    return
            if self.bigrams is not None and len(seg.units) <= spans.SPAN_MAX:
                self._chain_span(seg, spans.FUZZY, FUZZY)  # strings across words (lanhuxi for 南湖西)
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
                w = self.vocab.word(i)
                if w not in seen:
                    seen.add(w)
                    found.append((-self.vocab.df[i], w))
        found.sort()
        out = [w for _, w in found[:MAX_EXPANSIONS]]
        if self.words is not None and len(out) < MAX_EXPANSIONS:
            out += [w for w, _r in self.words.by_keys(_edits1(t), MAX_EXPANSIONS) if w not in seen]
        return tuple(out[:MAX_EXPANSIONS])


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
        spellings = py.typed_spellings(u.text) if u.kind == "syl" else sorted(
            x for x in py.syllables() if x.startswith(u.text))
        options.append(tuple(dict.fromkeys(a for sp in spellings for a in py.other_readings(sp))))
    combos = 1
    for o in options:
        combos *= len(o)
    if combos > cap:
        return None
    return ["".join(k) for k in product(*options)]


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
