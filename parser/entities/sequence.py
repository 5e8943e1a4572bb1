"""A trained sequence model (a CRF over characters) that decides the final entity spans.

Why a model beside the rules: the rule tagger was tuned on one test set and loses ~0.07 person F1 on
text it was not tuned on; the rules know newspaper patterns, a CRF knows how far to trust each of
them.  The model reads, for every character, the character and its neighbours, jieba's word
boundary and POS tag, the surname table, and the label the rule tagger gave that character, and
outputs one BIO label per character.  It is trained by ``benchmarks/train_ner.py`` (python-crfsuite)
and shipped as ``data/ner.crfsuite``; tagging is crfsuite's C Viterbi over features built here.

:func:`char_features` is used both by the training script and at run time, so the two cannot drift.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any

from .lexicon import Lexicon
from .surnames import SURNAMES
from .words import ORG_NOT

MODEL_PATH = Path(__file__).with_name("data") / "ner.crfsuite"

_TYPE_CODE = {"person": "P", "place": "L", "org": "O"}
_CODE_TYPE = {"PER": "person", "LOC": "place", "ORG": "org"}

_lock = threading.Lock()
_tagger: Any = None
_loaded = False


def char_features(
    text: str,
    words: Sequence[str],
    pos: Sequence[str],
    spans: Sequence[tuple[int, int, str, int]],
    lex: Lexicon,
) -> list[tuple[str, ...]]:
    """One tuple of string features per character of ``text``.

    ``words``/``pos`` are the tagger's segmentation of ``text`` (they cover it exactly), ``spans`` the
    rule tagger's (start, end, type, strength).  Eight features a character: itself, how name-like it
    is, its left and right neighbours, the two bigrams around it, its place in its jieba word with the
    word's POS, and the rule tagger's label.  (Chosen on the dev split: the previous/next-but-one
    characters, the neighbours' rule labels, a character class and the neighbouring words' POS
    scored the same, and so did the rule label joined with the word tag or the character; they
    cost time.)  Built column by column from memoised per-character strings and
    zipped in C, because this runs over every paragraph of an archive build.
    """
    n = len(text)
    wtag: list[str] = []
    for w, p in zip(words, pos, strict=True):
        lw = len(w)
        if lw == 1:
            wtag.append("wS" + p)
        else:
            wtag.append("wB" + p)
            if lw > 2:
                wtag.extend(["wM" + p] * (lw - 2))
            wtag.append("wE" + p)
    rtag = ["rO"] * n
    for s, e, t, strength in spans:
        code = _TYPE_CODE[t] + str(strength)
        if e - s == 1:
            rtag[s] = "rS" + code
        else:
            rtag[s] = "rB" + code
            for j in range(s + 1, e - 1):
                rtag[j] = "rM" + code
            rtag[e - 1] = "rE" + code
    padded = "\x02" + text + "\x03"
    static = _static
    for ch in set(padded).difference(static):
        static[ch] = _static_features(ch, lex)
    # Columns by C-level map/zip rather than per-character Python code (this runs on every paragraph).
    c0, prev, nxt, name_like = zip(*map(static.__getitem__, padded), strict=True)
    pairs = list(map(str.__add__, padded[:-1], padded[1:]))
    return list(
        zip(
            c0[1:-1],
            name_like[1:-1],
            prev[:-2],
            nxt[2:],
            map("bp".__add__, pairs[:-1]),
            map("bn".__add__, pairs[1:]),
            wtag,
            rtag,
            strict=True,
        )
    )


_static: dict[str, tuple[str, str, str, str]] = {}


def _static_features(ch: str, lex: Lexicon) -> tuple[str, str, str, str]:
    """Features of one character that do not depend on its context (memoised per character):
    the character as itself / as left or right neighbour, and how name-like it is (given-name and
    surname statistics of jieba's ``nr`` entries, the surname table)."""
    given = lex.given_score(ch)
    g = "-" if given < -1 else "0" if given < 0.5 else "1" if given < 1.5 else "2"
    if ch in SURNAMES or ch in lex.surname:
        g += "s" + ("+" if lex.surname_score(ch) > 1 else "-")
    return ("c" + ch, "p" + ch, "n" + ch, "g" + g)


def _load() -> Any:
    """The crfsuite tagger for the shipped model, or None when no model file is there (while
    ``benchmarks/train_ner.py`` trains the first one)."""
    global _tagger, _loaded
    if _loaded:
        return _tagger
    with _lock:
        if not _loaded:
            import pycrfsuite

            if MODEL_PATH.exists():
                t = pycrfsuite.Tagger()
                t.open(str(MODEL_PATH))
                _tagger = t
            _loaded = True
    return _tagger


def available() -> bool:
    return _load() is not None


def labels_to_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of the entities in a BIO label sequence (an I- without B- opens one)."""
    out: list[tuple[int, int, str]] = []
    start = -1
    kind = ""
    for i, lab in enumerate(labels):
        if start >= 0 and (lab == "O" or lab[0] == "B" or lab[2:] != kind):
            out.append((start, i, _CODE_TYPE[kind]))
            start = -1
        if lab != "O" and start < 0:
            start, kind = i, lab[2:]
    if start >= 0:
        out.append((start, len(labels), _CODE_TYPE[kind]))
    return out


def predict(
    text: str,
    words: Sequence[str],
    pos: Sequence[str],
    spans: Sequence[tuple[int, int, str, int]],
    lex: Lexicon,
) -> list[tuple[int, int, str]] | None:
    """The model's (start, end, type) spans for ``text``, or None when no model is shipped.

    Long text is tagged a sentence at a time (the model was trained on sentences), so that memory
    stays bounded on a paragraph of a million characters.
    """
    tagger = _load()
    if tagger is None:
        return None
    if len(text) <= _CHUNK:
        return labels_to_spans(tagger.tag(char_features(text, words, pos, spans, lex)))
    out: list[tuple[int, int, str]] = []
    ordered = sorted(spans)
    starts = [r[0] for r in ordered]
    for (a, b), (i, j) in _chunks(words):
        # (the rule spans are non-overlapping, so only the one before ``a`` can reach into the chunk)
        lo, hi = max(bisect_left(starts, a) - 1, 0), bisect_left(starts, b)
        inner = [(max(s, a) - a, min(e, b) - a, t, k) for s, e, t, k in ordered[lo:hi] if s < b and a < e]
        found = labels_to_spans(tagger.tag(char_features(text[a:b], words[i:j], pos[i:j], inner, lex)))
        out.extend((s + a, e + a, t) for s, e, t in found)
    return out


_CHUNK = 1000
_SENTENCE_END = frozenset(("。", "！", "？", "!", "?", "\n", "；"))


def _chunks(words: Sequence[str]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """((start, end) in characters, (first, last + 1) in words) of sentences, at most ``_CHUNK``
    characters (longer ones are cut at a word boundary)."""
    out = []
    a = i = at = 0
    for j, w in enumerate(words):
        at += len(w)
        if w in _SENTENCE_END or at - a >= _CHUNK:
            out.append(((a, at), (i, j + 1)))
            a, i = at, j + 1
    if at > a:
        out.append(((a, at), (i, len(words))))
    return out


_JOINERS = frozenset("·•・-－—")  # inside foreign names (维克多·X, 让-皮埃尔)


# Last characters of place names (divisions, settlements, landmarks, waters, regions).
_PLACE_END = frozenset("省市县区镇乡村州盟旗岛山河湖江海洋溪港湾路街道巷桥庄寨堡洲峡岭峰寺庙塔宫园洞滩坝渠关口门亚洲国方部边")


def tidy(
    text: str,
    model_spans: Sequence[tuple[int, int, str]],
    words: Sequence[str],
    rule_spans: Sequence[tuple[int, int, str, int]],
    places: frozenset[str] = frozenset(),
) -> list[tuple[int, int, str]]:
    """Model spans a reader could trust.

    None without a Han character or with digits, brackets or punctuation inside; none ending inside
    a jieba word after two or more characters (cut back to the word boundary); no place of three or
    more characters that ends in neither a place character (市, 河, 路 …) nor a known place, unless
    the rule tagger ended a span there (武进科 of 武进科创 → the rules' 武进).  A character model
    trained on one corpus glues a place to the next word's first character on text unlike it (the
    seed pages): this cost 0.001–0.003 F1 on the dev split and lifted place precision on the seeds
    from 0.70 to 0.82.  Single characters cut from a word (华 of 来华) are the corpus's convention
    and stay.
    """
    ends = {e for _, e, _, _ in rule_spans}
    bounds = list(accumulate(map(len, words), initial=0))  # word starts and the end, ascending
    bound_set = set(bounds)
    rule_places = sorted((s, e) for s, e, t, _ in rule_spans if t == "place")
    out = []
    for s, e, t in model_spans:
        piece = text[s:e]
        if not all(ch.isalpha() or ch in _JOINERS for ch in piece) or not any("\u3400" <= ch <= "\u9fff" for ch in piece):
            continue  # (Latin words and markup: 6 of the corpus's 7,707 names)
        if e not in bound_set and e not in ends and e - s >= 3:
            e2 = bounds[bisect_left(bounds, e) - 1]  # the last word boundary before e
            if e2 - s < 2:
                continue
            e = e2
        if t == "place" and e - s >= 3 and e not in ends and text[e - 1] not in _PLACE_END and text[s:e] not in places:
            # 武进 + 科 (of 科创): a known place glued to the next word's character; keep the place.
            k = bisect_left(rule_places, (s, 0))
            inner = []
            while k < len(rule_places) and rule_places[k][0] < e:
                if rule_places[k][1] < e:
                    inner.append(rule_places[k])
                k += 1
            if not inner:
                continue
            s, e = max(inner, key=lambda r: r[1] - r[0])
        if t == "org" and _generic_tail(s, e, bounds, bound_set, words):
            continue
        if t == "person" and (m := _TWO_PEOPLE.fullmatch(text, s, e)):
            out += [(s, m.end(1), t), (m.start(2), e, t)]  # 甲某某和乙某: two people, not one
            continue
        out.append((s, e, t))
    return out


def _generic_tail(s: int, e: int, bounds: list[int], bound_set: set[int], words: Sequence[str]) -> bool:
    """True when an organisation span ends with a word no organisation name ends with: a noun
    that only looks like a bureau (大局, 格局, 变局)."""
    if e not in bound_set:
        return False
    k = bisect_left(bounds, e) - 1  # the word that ends at e
    if k < 0 or bounds[k] < s:
        return False
    return words[k] in _SITUATION  # (not a suffix test: 财政局 ends like 政局)


# Nouns that end in 局 (bureau) and mean a situation or a game, never a body: an organisation name
# does not end with one (服务…大局).  General vocabulary, like ``ORG_NOT``, of which they extend the 局
# words.  (Ending in any ``ORG_NOT`` word or a verb was measured too: dev org F1 −0.001/−0.002,
# since the corpus counts …运动会 and …俱乐部 as organisations.)
_SITUATION = frozenset(w for w in ORG_NOT if w.endswith("局")) | frozenset(
    "变局 时局 政局 僵局 开局 残局 骗局 棋局 饭局 赌局 困局 危局 新局 胜局 败局 平局 定局 终局 乱局 迷局 战局 牌局 新格局"
    .split())


# Two names of two or more characters joined by a conjunction.  (A conjunction character inside
# one name has at most one character on one side: 魏凤和, 王和平.)
_TWO_PEOPLE = re.compile("([^和与及同]{2,})[和与及同]([^和与及同]{2,})")


# A span that is one of jieba's everyday words never carries a strong pattern's strength: the
# consistency passes would spread it to every article.  Everyday: used at least 100 times and not a
# name there, or a two-character "name" used 1,000 times (jieba tags 智慧, 公正, 道德 ``nr``; the
# price is that 鲁迅 is found where the model finds it, not spread).
_EVERYDAY_FREQ = 100
_EVERYDAY_NR_FREQ = 1000


def _everyday(w: str, freq: dict[str, int], pos: dict[str, str], places: frozenset[str]) -> bool:
    f = freq.get(w, 0)
    if f < _EVERYDAY_FREQ or w in places:
        return False
    return pos.get(w) not in ("nr", "nrfg", "nrt") or (len(w) == 2 and f >= _EVERYDAY_NR_FREQ)


def combine(
    rule_spans: Sequence[tuple[int, int, str, int]],
    model_spans: Sequence[tuple[int, int, str]],
    normal: int,
    text: str = "",
    lex: Lexicon | None = None,
) -> list[tuple[int, int, str, int]]:
    """The model's spans, each with the strength of the rule span it repeats (``normal`` if new).

    The strength is what the consistency pass trusts (a title, a credit, a leader list), except
    for everyday words (裁判 + 智慧 is no referee named 智慧).  The model has the last word:
    letting strong rule spans keep their boundaries against it (中锋段强 → 段强), or putting back
    the strong spans it dropped, scored lower on the dev split (person F1 0.855 and 0.850 against
    0.862).
    """
    strength = {(s, e, t): k for s, e, t, k in rule_spans}
    out = [(s, e, t, strength.get((s, e, t), normal)) for s, e, t in model_spans]
    if lex is not None:
        freq, pos = lex.freq, lex.pos
        out = [(s, e, t, normal) if k > normal and _everyday(text[s:e], freq, pos, lex.places) else (s, e, t, k)
               for s, e, t, k in out]
    return out
