"""The place rules: the gazetteer, settlement suffixes (X镇, X村), country abbreviations (中美, 亚、非、拉)
and known places glued to a common tail (北京市民)."""

from __future__ import annotations

from functools import lru_cache

from .lexicon import Lexicon
from .orgs import org_suffix
from .spans import NORMAL, WEAK, Span, Tokens, is_single_han
from .surnames import COMMON_SURNAMES, SURNAMES
from .words import (
    ADMIN_END,
    ALWAYS_COUNTRY,
    BARE_SETTLEMENT,
    CHINA_VERBS,
    CLEARLY_PLACE_END,
    COUNTRY_ABBREVIATIONS,
    GENERIC_HEAD_POS,
    GENERIC_PLACE_WORDS,
    HAN,
    LANDMARK_END,
    NAME_STOP,
    NUMERAL_CHARS,
    ORG_NOT,
    ORG_SINGLE_NOT,
    PAIR_AFTER,
    PAIR_NOT,
    PAIR_NOUNS,
    PLACE_BLOCKERS,
    PLACE_PARTS,
    PLACE_TAILS,
    SETTLEMENT_END,
    SETTLEMENT_NAME_POS,
    SMALL_SETTLEMENT,
    TRANSLIT,
    UNAMBIGUOUS_ABBR,
)


def place_candidates(toks: Tokens, lex: Lexicon) -> list[Span]:
    """Places proposed word by word: a name before a settlement word, a settlement glued to a body,
    a string of country abbreviations, or what the word itself is (:func:`_places_of_word`)."""
    out: list[Span] = []
    words = toks.words
    n = len(words)
    i = 0
    while i < n:
        w = words[i]
        # X + 省/市/区/县/镇/乡/村/街道/社区: a place even when X is unknown.
        if i + 1 < n and words[i + 1] in BARE_SETTLEMENT:
            j = _settlement_start(toks, i, lex)
            if j is not None:
                # Tokens j..i+1 are one name; drop what was proposed for j..i-1 already.
                while out and out[-1].start >= toks.starts[j]:
                    out.pop()
                out.append(Span(toks.starts[j], toks.end(i + 1), "place", NORMAL))
                i += 2
                continue
        if len(w) >= 3 and w[0] in "省市区县镇乡村" and (glued := _settlement_glued_to_body(toks, i)) is not None:
            out.append(glued)
        abbr = _abbreviation_pair(toks, i, lex) if w[0] in COUNTRY_ABBREVIATIONS else None  # (a cheap test first)
        if abbr:
            # 中美 / 中缅 / 欧美: a string of country abbreviations is one place per character.
            start = toks.starts[i]
            out.extend(Span(start + k, start + k + 1, "place", WEAK) for k in range(abbr[1]))
            i = abbr[0]
            continue
        i += 1 if _no_place(w, toks.pos[i], lex) else _places_of_word(toks, i, lex, out)
    return out


@lru_cache(maxsize=1 << 17)
def _no_place(w: str, tag: str, lex: Lexicon) -> bool:
    """True when no shape of :func:`_places_of_word` fits the word ``w`` tagged ``tag``: a
    necessary condition of each shape, which looks at the word alone (most words; memoised,
    because the place scan visits every word of an archive)."""
    lw = len(w)
    return not (
        (lw >= 4 and w not in lex.places and _two_places(w, lex))
        or (lw >= 3 and place_head(w, lex) is not None)
        or (lw == 2 and w[1] in "村镇乡庄")
        or (lw >= 3 and tag in ("nr", "nz", "u", "nrt", "ns") and w.endswith(SETTLEMENT_END + LANDMARK_END))
        or ((tag == "ns" or w in lex.places) and w not in ORG_NOT)
        or w in CHINA_VERBS
        or w in ALWAYS_COUNTRY
        or (lw == 1 and w in COUNTRY_ABBREVIATIONS)
    )


def _settlement_start(toks: Tokens, i: int, lex: Lexicon) -> int | None:
    """Where the name before the settlement word at ``i + 1`` starts, or None when there is none."""
    w, tag = toks.words[i], toks.pos[i]
    if toks.words[i + 1] in SMALL_SETTLEMENT:
        return _settlement_name_start(toks, i + 1, lex)
    if tag in ("ns", "u", "nz", "nr", "nrt", "j") and w not in PLACE_BLOCKERS and 2 <= len(w) <= 4:
        return i
    return None


def _settlement_glued_to_body(toks: Tokens, i: int) -> Span | None:
    """X + 镇党委 / 市政府: jieba glued the settlement suffix to the body that follows it."""
    words, pos = toks.words, toks.pos
    w = words[i]
    if org_suffix(w[1:]) and i > 0 and words[i - 1] not in PLACE_BLOCKERS:
        j = i
        while j > 0 and i - j < 2 and pos[j - 1] in ("u", "nr", "ns", "nz", "ng", "zg") and HAN.match(words[j - 1]):
            j -= 1
        if j < i and 2 <= toks.starts[i] - toks.starts[j] <= 4:
            return Span(toks.starts[j], toks.starts[i] + 1, "place", NORMAL)
    return None


def _places_of_word(toks: Tokens, i: int, lex: Lexicon, out: list[Span]) -> int:
    """Append the places the word at ``i`` is or holds; return how many words that used (1 or 2).

    Only the first of these shapes that fits the word is tried.
    """
    words, pos = toks.words, toks.pos
    n = len(words)
    w, tag = words[i], pos[i]
    lw = len(w)
    if lw >= 4 and w not in lex.places and (k := _two_places(w, lex)):
        out.append(Span(toks.starts[i], toks.starts[i] + k, "place", NORMAL))  # 中国 | 香港
        out.append(Span(toks.starts[i] + k, toks.end(i), "place", NORMAL))
    elif lw >= 3 and (head := place_head(w, lex)) is not None:
        # 北京市民, 南亚地区, 中华民族: a known place glued to a common tail.
        out.append(Span(toks.starts[i], toks.starts[i] + head, "place", NORMAL))
    elif (
        lw == 2
        and w[1] in "村镇乡庄"
        and i > 0
        and is_single_han(toks, i - 1)
        and pos[i - 1] in ("nr", "ns", "u", "ng", "zg", "j", "nz")
    ):
        out.append(Span(toks.starts[i - 1], toks.end(i), "place", NORMAL))  # 蔡 | 塘村
    elif (
        lw >= 3
        and tag in ("nr", "nz", "u", "nrt", "n", "ns")
        and w.endswith(SETTLEMENT_END + LANDMARK_END)
        and not (tag == "nr" and lw == 3 and w[0] in COMMON_SURNAMES and not w.endswith(CLEARLY_PLACE_END))
        and w not in GENERIC_PLACE_WORDS
        and tag not in ("n", "l", "i")
        and not _generic_before_suffix(w, lex, nouns_too=tag != "ns")
    ):
        skip = 1 if w[0] in NAME_STOP else 0  # 和澳洲 → 澳洲
        out.append(Span(toks.starts[i] + skip, toks.end(i), "place", NORMAL))
    elif (tag == "ns" or w in lex.places) and w not in ORG_NOT:
        if _believable_place(w, lex):
            if i + 1 < n and words[i + 1] in PLACE_PARTS:
                out.append(Span(toks.starts[i], toks.end(i + 1), "place", NORMAL))  # 朝鲜 | 半岛
                return 2
            out.append(Span(toks.starts[i], toks.end(i), "place", NORMAL))
    elif w in CHINA_VERBS:
        k = CHINA_VERBS[w]
        out.append(Span(toks.starts[i] + k, toks.starts[i] + k + 1, "place", WEAK))
    elif w in ALWAYS_COUNTRY:
        out.append(Span(toks.starts[i], toks.end(i), "place", WEAK))
    elif (
        lw == 1
        and w in COUNTRY_ABBREVIATIONS
        and ((i + 2 < n and words[i + 1] == "、" and len(words[i + 2]) == 1 and words[i + 2] in COUNTRY_ABBREVIATIONS)
             or (i >= 2 and words[i - 1] == "、" and len(words[i - 2]) == 1 and words[i - 2] in COUNTRY_ABBREVIATIONS))
    ):
        out.append(Span(toks.starts[i], toks.end(i), "place", WEAK))  # 亚、非、拉
    return 1


def _abbreviation_pair(toks: Tokens, i: int, lex: Lexicon) -> tuple[int, int] | None:
    """(index after, number of characters) when tokens from ``i`` spell two or three countries."""
    words, pos = toks.words, toks.pos
    w = words[i]
    if w[0] not in COUNTRY_ABBREVIATIONS:
        return None  # most words: called for every word of every text
    nxt_i = i + 1
    if 2 <= len(w) <= 3:
        if not COUNTRY_ABBREVIATIONS.issuperset(w) or w in lex.places or w in PAIR_NOT:
            return None
        if pos[i] not in ("ns", "nt", "nz", "n", "t", "f", "nr", "j", "u") or lex.freq.get(w, 0) > 2000:
            return None
        if pos[i] == "ns" and len(w) == 3 and lex.freq.get(w, 0) >= 20:
            return None  # 古罗马: a place name in its own right
        chars = len(w)
    elif len(w) == 1 and w in COUNTRY_ABBREVIATIONS:
        j = i
        while j < len(words) and j - i < 3 and len(words[j]) == 1 and words[j] in COUNTRY_ABBREVIATIONS:
            j += 1
        if j - i < 2:
            return None
        chars, nxt_i = j - i, j
        w = "".join(words[i:j])
    else:
        return None
    nxt = words[nxt_i] if nxt_i < len(words) else ""
    if nxt in PAIR_NOUNS or nxt in PAIR_AFTER or nxt in ("两", "三", "等"):
        return nxt_i, chars
    if any(c in UNAMBIGUOUS_ABBR for c in w) or (pos[i] != "n" and len(words[i]) > 1):
        return nxt_i, chars
    return None


def _settlement_name_start(toks: Tokens, k: int, lex: Lexicon) -> int | None:
    """Where the name before the bare settlement word at ``k`` starts (南 | 甸 | 镇, 三元 | 镇)."""
    words, pos = toks.words, toks.pos
    j = k
    chars = 0
    while j > 0 and chars < 4:
        w, tag = words[j - 1], pos[j - 1]
        if not HAN.match(w) or w in PLACE_BLOCKERS or w in NAME_STOP or chars + len(w) > 4:
            break
        if w in BARE_SETTLEMENT or w in GENERIC_PLACE_WORDS or (chars and w in lex.places):
            break
        if w in lex.places and w.endswith(("省", "市", "县", "区", "镇", "乡")):
            break  # 北京市 | 社区: the settlement word is generic here
        if tag == "m" and any(c in NUMERAL_CHARS for c in w):
            break  # 两个镇, 百强县
        if chars >= 2 and len(w) >= 2:
            break  # a separate word in front of the name
        if len(w) == 1:
            if tag in ORG_SINGLE_NOT and tag != "ng":
                break
        elif tag not in SETTLEMENT_NAME_POS and not (tag == "n" and lex.freq.get(w, 0) < 1000):
            break
        chars += len(w)
        j -= 1
    if chars == 1 and words[k] == "村" and words[j] in SURNAMES:
        return j  # 李村, 鲁村: villages named after a clan
    return j if chars >= 2 and j < k else None


def _two_places(w: str, lex: Lexicon) -> int:
    for k in range(2, len(w) - 1):
        if w[:k] in lex.places and w[k:] in lex.places:
            return k
    return 0


def place_head(w: str, lex: Lexicon) -> int | None:
    """Length of a known place heading a longer word (北京市民, 中华民族, 荷兰盾), else None."""
    if len(w) < 3 or w in lex.places:
        return None
    return _place_head_of(w, lex)


@lru_cache(maxsize=200_000)
def _place_head_of(w: str, lex: Lexicon) -> int | None:
    """:func:`place_head` past its cheap tests, memoised: it runs for most words of every text."""
    for tail in PLACE_TAILS:
        if w.endswith(tail) and w[: -len(tail)] in lex.places:
            return len(w) - len(tail)
    for k in range(len(w) - 1, 1, -1):
        if w[:k] in lex.places:
            tail = w[k:]
            if tail in PLACE_PARTS:
                return None  # 朝鲜半岛, 佛罗里达州: the whole word is the place
            if lex.pos.get(tail) not in (None, "ns", "nr", "nrt", "nrfg") and not org_suffix(tail):
                return k
            return None
    return None


def _generic_before_suffix(w: str, lex: Lexicon, nouns_too: bool = False) -> bool:
    """贫困村, 生产区, 冲突地区: an ordinary word plus a settlement suffix is no place name.

    A common noun in front (桃源村) is only held against words jieba does not call places.
    """
    for k in (2, 1):
        head = w[:-k]
        if len(head) < 2 or head in lex.places:
            continue
        tag = lex.pos.get(head)
        if tag in GENERIC_HEAD_POS or (nouns_too and tag == "n"):
            return lex.freq.get(head, 0) > 50
    return False


def _believable_place(w: str, lex: Lexicon) -> bool:
    """jieba's ns tag also covers 泉水, 神圣 and 城市; believe it only with more evidence."""
    if w in lex.places:
        return True
    if len(w) < 3 or w in GENERIC_PLACE_WORDS:
        return False
    if w.endswith(ADMIN_END):
        return not _generic_before_suffix(w, lex)
    return TRANSLIT.issuperset(w)
