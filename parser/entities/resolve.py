"""Span resolution: choose non-overlapping spans by priority, then the fixes that need every family's
spans at once (transliterations grown or joined, guessed people that their neighbours make a body
or a place)."""

from __future__ import annotations

from bisect import bisect_left

from .lexicon import Lexicon
from .orgs import org_suffix
from .spans import STRONG, Span, Tokens
from .words import (
    AFTER_NAME,
    EVENT_AFTER,
    NAME_STOP,
    NOT_ORG_AFTER_NAME,
    ORG_SUFFIX_POS,
    PLACE_AFTER,
    PLACE_AFTER_CHARS,
    PLACE_BEFORE,
    TITLES,
    TRANSLIT,
)


def resolve(spans: list[Span]) -> list[Span]:
    """Choose non-overlapping spans: strong people first, then organisations (longest), people, places."""

    def key(s: Span) -> tuple[int, int, int, int]:
        if s.type == "person" and s.strength == STRONG:
            rank = 0
        elif s.type == "org":
            rank = 1
        elif s.type == "person":
            rank = 2
        else:
            rank = 3
        return (rank, -(s.end - s.start), s.start, 0)

    taken: list[Span] = []
    occupied = bytearray(max((s.end for s in spans), default=0))
    for s in sorted(spans, key=key):
        if occupied.find(1, s.start, s.end) >= 0:
            continue
        occupied[s.start : s.end] = b"\x01" * (s.end - s.start)
        taken.append(s)
    taken.sort(key=lambda s: s.start)
    return taken


def extend_transliterations(toks: Tokens, spans: list[Span]) -> list[Span]:
    """X | 特雷斯库, 伊万诺 | 娃: grow a foreign name over loose transliteration characters beside it."""
    if not any(s.type == "person" for s in spans):
        return spans
    starts = toks.starts
    out: list[Span] = []
    for idx, s in enumerate(spans):
        if s.type != "person" or s.end - s.start < 2:
            out.append(s)
            continue
        k0 = bisect_left(starts, s.start)
        k1 = bisect_left(starts, s.end)
        if k0 >= len(starts) or starts[k0] != s.start or not mostly_translit("".join(toks.words[k0:k1])):
            out.append(s)
            continue
        lo = out[-1].end if out else 0
        hi = spans[idx + 1].start if idx + 1 < len(spans) else len(toks.words) and toks.end(len(toks.words) - 1)
        start, end = s.start, s.end
        while k0 > 0 and _loose_translit(toks, k0 - 1) and starts[k0 - 1] >= lo and end - starts[k0 - 1] <= 8:
            k0 -= 1
            start = starts[k0]
        while k1 < len(starts) and _loose_translit(toks, k1) and toks.end(k1) <= hi and toks.end(k1) - start <= 8:
            end = toks.end(k1)
            k1 += 1
        out.append(s if (start, end) == (s.start, s.end) else Span(start, end, "person", s.strength))
    return out


def person_in_context(toks: Tokens, spans: list[Span], lex: Lexicon) -> list[Span]:
    """Guessed people whose neighbours say they are a body or a place: 米某公司, 首都某某, 某某以北.

    A name guessed from its characters alone (a transliteration, a dictionary ``nr`` word) is a
    company when an organisation suffix follows it and a place when a place word frames it; the
    suffix is then part of the organisation (X公司, X足球队) or of the place (X市).  Strong people
    (after a title, in a credit) are left alone.
    """
    if not any(s.type == "person" and s.strength != STRONG for s in spans):
        return spans
    starts, words = toks.starts, toks.words
    n = len(words)
    out: list[Span] = []
    for idx, s in enumerate(spans):
        if s.type != "person" or s.strength == STRONG or s.end - s.start < 2:
            out.append(s)
            continue
        k0 = bisect_left(starts, s.start)
        k1 = bisect_left(starts, s.end)
        if k0 >= n or starts[k0] != s.start or (k1 < n and starts[k1] != s.end):
            out.append(s)
            continue
        nxt_start = spans[idx + 1].start if idx + 1 < len(spans) else None
        prev = words[k0 - 1] if k0 > 0 else ""
        nxt = words[k1] if k1 < n else ""
        after = words[k1 + 1] if k1 + 1 < n else ""
        # X公司, X眼科医院: the name heads an organisation.
        org_end = None
        if nxt.endswith(NOT_ORG_AFTER_NAME) or nxt in AFTER_NAME or nxt in TITLES:
            pass
        elif nxt and nxt_start != starts[k1] and org_suffix(nxt) and toks.pos[k1] in ORG_SUFFIX_POS:
            org_end = toks.end(k1)  # (X签署, X四处: a verb or an adverb ending like a body is none)
        elif after and lex.pos.get(nxt) == "n" and org_suffix(after) and not after.endswith(NOT_ORG_AFTER_NAME) and (
            after not in TITLES and (nxt_start is None or nxt_start >= toks.end(k1 + 1)) and toks.pos[k1 + 1] in ORG_SUFFIX_POS
        ):
            org_end = toks.end(k1 + 1)
        if org_end is not None:
            out.append(Span(s.start, org_end, "org", s.strength))
            continue
        if nxt in PLACE_AFTER_CHARS and (nxt_start is None or nxt_start > starts[k1]):
            out.append(Span(s.start, toks.end(k1), "place", s.strength))
            continue
        if prev in PLACE_BEFORE or nxt in PLACE_AFTER or (prev in ("在", "于") and nxt in EVENT_AFTER):
            out.append(Span(s.start, s.end, "place", s.strength))
            continue
        out.append(s)
    return out


def join_hyphenated(text: str, spans: list[Span]) -> list[Span]:
    """X—Y where both X and Y are people: one double-barrelled foreign name (施某—卡某), not two people."""
    out: list[Span] = []
    for s in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == s.type == "person"
            and s.start == prev.end + 1
            and text[prev.end] in "—－"
            and mostly_translit(text[prev.start : prev.end])
            and mostly_translit(text[s.start : s.end])
        ):
            out[-1] = Span(prev.start, s.end, "person", max(prev.strength, s.strength))
            continue
        out.append(s)
    return out


def join_abutting(text: str, spans: list[Span]) -> list[Span]:
    """X伊森 | 贝赫: pieces of one transliteration that the rules found as two spans.

    Two people never abut without a separator, so a transliterated person touching another one is
    one longer name.
    """
    out: list[Span] = []
    for s in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and s.type == "person"
            and s.start == prev.end
            and prev.type == "person"
            and mostly_translit(text[prev.start : prev.end])
            and mostly_translit(text[s.start : s.end])
            and s.end - prev.start <= 8
        ):
            out[-1] = Span(prev.start, s.end, "person", max(prev.strength, s.strength))
            continue
        out.append(s)
    return out


def mostly_translit(name: str) -> bool:
    """All characters transliteration ones, or all but one in a name of three or more (伊苗诺 + 娃)."""
    misses = sum(c not in TRANSLIT for c in name)
    return misses == 0 or (misses == 1 and len(name) >= 3 and name[0] in TRANSLIT and name[-1] in TRANSLIT)


def _loose_translit(toks: Tokens, k: int) -> bool:
    """A single transliteration character jieba left on its own (not a particle or a verb of saying)."""
    w = toks.words[k]
    return len(w) == 1 and w in TRANSLIT and w not in NAME_STOP and w not in AFTER_NAME and toks.pos[k] != "x"
