"""The organisation rules: a name ends with a body's suffix (部, 公司, 委员会) or is one a dictionary
knows (nt); the scan walks left from it over the words that may stand inside a name."""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from itertools import repeat

from .lexicon import Lexicon
from .spans import NORMAL, Span, Tokens
from .words import (
    AFTER_NAME,
    CONGRESS,
    DIRECTIONS,
    GOV_SUFFIXES,
    HAN,
    NAMING_SUFFIXES,
    ORG_HEADS,
    ORG_INNER_POS,
    ORG_NOT,
    ORG_NOT_TAILS,
    ORG_SINGLE_NOT,
    ORG_STOP,
    ORG_SUFFIX_LENGTHS,
    ORG_SUFFIX_POS,
    ORG_SUFFIX_SET,
    PLACE_BLOCKERS,
    STANDALONE_BODIES,
    STRONG_ORG_SUFFIXES,
    TITLES,
    VENUE_SUFFIXES,
)


@lru_cache(maxsize=200_000)
def org_suffix(w: str) -> str | None:
    """The longest organisation suffix ``w`` ends with (None for 部门, 干部 …); memoised per word."""
    found = None
    if w not in ORG_NOT:
        for k in ORG_SUFFIX_LENGTHS:
            if k <= len(w) and w[-k:] in ORG_SUFFIX_SET:
                found = w[-k:]
                break
        if found is not None and any(w.endswith(x) for x in ORG_NOT_TAILS if len(x) < len(w)):
            found = None
    return found


_OrgWord = tuple[str, int, bool, "str | None"]


@lru_cache(maxsize=200_000)
def _org_word(w: str, tag: str, lex: Lexicon) -> _OrgWord | bool:
    """What the organisation scan needs of one word (word, cut, is_nt, suffix), or False when no name ends here.

    It depends on the word and its tag alone (and the one lexicon), so it is memoised: most words of a
    text were already seen in earlier texts, and this test runs for every word.
    """
    cut = 0  # characters to leave off the end (外交部长 → 外交部)
    if len(w) >= 4 and w[-1] == "长" and w[-2] in "部局厅院社行署" and w not in TITLES:
        cut = 1
        w = w[:-1]
    is_nt = (
        tag == "nt" and len(w) >= 2 and w not in ORG_NOT
        and not w.endswith(("化", "业", "性", "势", "局", "展", "果", "绩", "就", "度"))
    )
    abbreviation = (
        (tag == "j" and 2 <= len(w) <= 3 and w[-1] in "盟约委办联社行会局部院党军大警航共协" and w not in lex.places)
        or ("十" in w and CONGRESS.match(w) is not None)  # 十五大: a numbered party congress
        or w in STANDALONE_BODIES  # 市委, 内阁, 军委
    )
    suf = org_suffix(w) if tag in ORG_SUFFIX_POS else None
    if not is_nt and suf is None and not abbreviation:
        return False
    return w, cut, is_nt, suf


def org_candidates(toks: Tokens, lex: Lexicon, persons: list[Span]) -> list[Span]:
    """Organisations (and venues, which are places) ending at each word that can end one.

    From such a word the scan walks left over the words that may stand inside a name, trims the
    start, and keeps the name when something makes it a proper one rather than a generic phrase.
    ``persons`` are the strong people: no organisation runs over one.
    """
    out: list[Span] = []
    words, pos = toks.words, toks.pos
    person_tok = _token_indices(toks, persons)
    n = len(words)
    heads = list(map(_org_word, words, pos, repeat(lex)))  # per-word facts, mostly cache hits at C speed
    for i, head in enumerate(heads):
        if not head:
            continue  # no organisation ends with this word (most words)
        w, cut, is_nt, suf = head
        tag = pos[i]
        if i + 1 < n and org_suffix(words[i + 1]) is not None and pos[i + 1] != "v":
            continue  # the org goes on (国家税务总局 | 青州市 | … | 税务局): tag from its last word
        j, proper_j, proper, singles = _walk_left(toks, i, w, is_nt, person_tok, lex)
        if is_nt:
            j = _whole_name_start(toks, i, proper_j, lex)
        j = _skip_leading_verbs(toks, j, i)
        headed = j == i and suf is not None and (w[: -len(suf)] in ORG_HEADS or w[: -len(suf)] in lex.places)
        # (乡党委, 扬州市政府 as one word: headed by a place or a body, a proper name)
        if not (proper or headed or _proper_by_shape(toks, i, j, w, suf, singles, lex)):
            continue
        if (w == "政府" and all(pos[k] == "ns" or words[k] in lex.places for k in range(j, i))) or (
            j == i and w.endswith("政府") and w[:-2] in lex.places
        ):
            continue  # 中国政府: the country, not a body of its own name
        if j == i and not is_nt and not headed and len(w) <= len(suf or "") + 1 and tag not in ("nz", "j"):
            continue  # a bare suffix (局, 公司) is no name
        if w.endswith(VENUE_SUFFIXES):
            out.extend(_venue_places(toks, i, j, w, cut, lex))
            continue
        out.append(Span(toks.starts[j], toks.end(i) - cut, "org", NORMAL))
    return out


def _token_indices(toks: Tokens, spans: list[Span]) -> set[int]:
    """Indices of the tokens inside ``spans``, found by bisection (linear overall)."""
    inside = set()
    for p in spans:
        k = bisect_left(toks.starts, p.start)
        while k < len(toks.starts) and toks.starts[k] < p.end:
            inside.add(k)
            k += 1
    return inside


def _walk_left(
    toks: Tokens, i: int, w: str, is_nt: bool, person_tok: set[int], lex: Lexicon
) -> tuple[int, int, bool, int]:
    """Walk left from the word ending an organisation over words that may stand inside its name.

    Returns (start token, start of the proper part, whether a proper word was met, single
    characters passed).  A word that is already a whole name (军事科学院, a dictionary nt) only
    takes places and bodies in front of it.
    """
    words, pos = toks.words, toks.pos
    j = i
    proper_j = i
    proper = is_nt or pos[i] in ("nz", "j")
    seen_place = False
    singles = 0
    while j > 0 and i - j < 8 and toks.starts[i] - toks.starts[j - 1] < 20:
        pw, pt = words[j - 1], pos[j - 1]
        if (j - 1) in person_tok or pw in ORG_STOP or pw in PLACE_BLOCKERS or not HAN.match(pw):
            break
        if len(pw) >= 2 and pw in AFTER_NAME:
            break  # X代表 | 欧盟, X率领 | 代表团: the verb after a person is not inside a body's name
        body = org_suffix(pw) is not None and len(pw) >= 2 and pt not in ("v", "vn", "a", "d")
        if seen_place and not (
            pw in ORG_HEADS or pt in ("ns", "nt", "j") or pw in lex.places or body or pw in DIRECTIONS
        ):
            break  # 战胜 | 立陶宛队: in front of the place only places and bodies belong to the name
        if pt == "m" and pw.startswith("第") and len(pw) <= 3:
            pass  # 第一中级人民法院
        elif pw in ORG_HEADS or pt in ("ns", "nt", "nz", "j", "u") or pw in lex.places:
            proper = True
            proper_j = j - 1
            seen_place = seen_place or pt == "ns" or pw in lex.places
        elif body:
            pass  # a body inside a body: 某集团 | 党委
        elif pt == "vn" and j >= 2 and org_suffix(words[j - 2]) and len(w) <= 2:
            break  # 市政府 | 发动 | 工会: a verb between two bodies
        elif len(pw) == 1:
            if pt in ORG_SINGLE_NOT and pw not in DIRECTIONS:
                break
            if pt in ("v", "p") and not (j >= 2 and len(words[j - 2]) == 1):
                break  # 剧团 | 受 | 全国政协: a lone verb, not part of an abbreviation
            singles += 1
        elif pt not in ORG_INNER_POS or (pt == "n" and lex.freq.get(pw, 0) > 50000):
            break
        j -= 1
    return j, proper_j, proper, singles


def _whole_name_start(toks: Tokens, i: int, proper_j: int, lex: Lexicon) -> int:
    """Where a whole name (a dictionary nt) starts: it takes generic words in front only up to a
    place (青溪 | 农村 | 商业银行); a body in front must touch it (人民大会堂 | 会见 | 奥委会 are two names)."""
    words, pos = toks.words, toks.pos
    k = proper_j
    while k < i and not (pos[k] == "ns" or words[k] in lex.places or words[k] in ORG_HEADS):
        k += 1
    if k < i and all(pos[m] in ("ns", "nt", "j", "nz") or words[m] in lex.places or words[m] in ORG_HEADS
                     or (len(words[m]) == 1 and words[m] in DIRECTIONS)
                     for m in range(proper_j, k)):
        return proper_j
    if k < i:
        return k
    j = i
    while j > proper_j and (pos[j - 1] in ("ns", "nt", "j", "nz") or words[j - 1] in lex.places):
        j -= 1
    return j


def _skip_leading_verbs(toks: Tokens, j: int, i: int) -> int:
    """A name does not start with a verb or a loose adverb (威胁 | 中国队, 兼 | 国务院, 要 | …);
    a single verb character inside an abbreviation (区文旅局) is kept."""
    words, pos = toks.words, toks.pos
    while j < i and pos[j] in ("v", "vn", "d", "ad", "ng", "vg", "i") and not (
        len(words[j]) == 1 and j + 1 < i and len(words[j + 1]) == 1 and j > 0 and pos[j - 1] != "x"
        and words[j - 1] in ORG_HEADS
    ):
        j += 1
    return j


def _proper_by_shape(toks: Tokens, i: int, j: int, w: str, suf: str | None, singles: int, lex: Lexicon) -> bool:
    """True when the name's own shape makes it one body's name, though no proper word was met."""
    if singles >= 2 or (singles and j < i - 1):
        return True  # a brand or abbreviation: 青禾集团, 文旅局
    if j == i and suf in GOV_SUFFIXES and len(w) >= len(suf) + 2:
        return True  # 人事部, 公安局: a department named by its remit
    if (
        j == i
        and suf in NAMING_SUFFIXES
        and len(w) >= len(suf) + 2
        and toks.pos[i] in ("n", "nt", "nz", "j")
        and lex.freq.get(w, 0) < 2000
    ):
        return True  # 公牛队, 宣传部: a dictionary word naming one body
    return j < i and w.endswith(STRONG_ORG_SUFFIXES) and toks.starts[i] - toks.starts[j] >= 2


def _venue_places(toks: Tokens, i: int, j: int, w: str, cut: int, lex: Lexicon) -> list[Span]:
    """人民大会堂, 北京 | 音乐厅: a venue is a place; a city in front of it is a place of its own."""
    words, pos = toks.words, toks.pos
    out: list[Span] = []
    k = j
    while k < i and (pos[k] == "ns" or words[k] in lex.places):
        k += 1
    if j < k < i or (k == i and j < i and len(w) > 3):
        out.append(Span(toks.starts[j], toks.starts[k], "place", NORMAL))
        j = k
    elif j == i:
        head = next((m for m in range(len(w) - 3, 1, -1) if w[:m] in lex.places), 0)
        if head:  # 北京人民大会堂 as one word
            out.append(Span(toks.starts[i], toks.starts[i] + head, "place", NORMAL))
            out.append(Span(toks.starts[i] + head, toks.end(i) - cut, "place", NORMAL))
            return out
    out.append(Span(toks.starts[j], toks.end(i) - cut, "place", NORMAL))
    return out
