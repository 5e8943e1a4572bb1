"""The people rules: names after titles, surname + given-name scores, dictionary names checked for
looking like one, transliterations, lists of names, bare surnames and surname + 氏."""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import Lexicon
from .orgs import org_suffix
from .places import place_head
from .spans import NORMAL, STRONG, WEAK, Span, Tokens, is_single_han
from .surnames import COMMON_SURNAMES, COMPOUND_SURNAMES, JAPANESE_SURNAMES, SURNAMES
from .words import (
    ADMIN_END,
    AFTER_NAME,
    BODY_SURNAMES,
    CLEARLY_PLACE_END,
    COMMON_WORD_FREQ,
    CREDIT_CLOSERS,
    CTX_BONUS,
    DOCTRINE_TAILS,
    FUNCTION_POS,
    GIVEN_WORD_POS,
    GLUED_POS,
    HAN,
    HEAD_WORD_FREQ,
    HONORIFIC_AFTER,
    HONORIFICS,
    JAPANESE_FIRST,
    LANDMARK_END,
    LEADER_TRIGGERS,
    LEADER_WORDS,
    LIST_MARKS,
    LIST_RUN,
    LIST_SEPARATORS,
    NAME_PIECE_POS,
    NAME_STOP,
    NOT_NAME_POS,
    NOUN_END,
    PERSON_NOUN_TAILS,
    PERSON_POS,
    RARE_NAME_FREQ,
    SAYING,
    SEMI_SURNAMES,
    SETTLEMENT_END,
    SOFT_STOP,
    SUBJECT_BONUS,
    SUBJECT_SCORE,
    SURNAME_TITLES,
    T2,
    T3,
    TITLE_ENDS,
    TITLES,
    TRANSLIT,
    TRANSLIT_POS,
    WEAK_SURNAMES,
    WEAK_TITLES,
)


def _given_ok(ch: str) -> bool:
    return ch not in NAME_STOP


def _is_title(w: str, tag: str) -> bool:
    """An office or job right before a name: listed, or a noun ending like one (财政部长, 摄影师)."""
    return w in TITLES or (len(w) >= 2 and w.endswith(TITLE_ENDS) and tag in ("n", "nr", "nz", "nt", "x", "u"))


# The person scan asks about every word's predecessor; a C-level cache answers in a third of the time.
_title_memo = lru_cache(maxsize=1 << 16)(_is_title)


def _context_score(toks: Tokens, i: int, j: int, separators: bool = True) -> int:
    """How strongly the words around tokens [i, j) say "a person stands here": 0, 1 or 2.

    ``separators=False`` ignores a comma or 和 next to the tokens (any noun stands next to one) but
    still counts the pause mark 、 that lists names.
    """
    prev = toks.words[i - 1] if i > 0 else ""
    nxt = toks.words[j] if j < len(toks.words) else ""
    if prev in WEAK_TITLES:
        return 1
    if i > 0 and _is_title(prev, toks.pos[i - 1]):
        return 2
    if nxt in HONORIFIC_AFTER:
        return 2  # 杨某教授, 冉某先生: an honorific right after the name
    if nxt in AFTER_NAME or nxt == "等" or nxt.endswith(("总书记", "总统", "总理", "主席", "部长", "委员长", "首相")):
        return 1
    if nxt in TITLES and nxt not in WEAK_TITLES and len(nxt) >= 2:
        return 1  # 王明教授, 周某医生: the title after the name
    if prev in LIST_SEPARATORS or nxt in LIST_SEPARATORS:
        if separators or (prev in LIST_MARKS or nxt in LIST_MARKS):
            return 1
    return 0


def _list_only(toks: Tokens, i: int, j: int) -> bool:
    """True when the only context of tokens [i, j) is a list separator next to them."""
    nxt = toks.words[j] if j < len(toks.words) else ""
    return nxt not in AFTER_NAME and not nxt.endswith(("总书记", "总统", "总理", "主席", "部长", "委员长", "首相"))


def person_candidates(toks: Tokens, lex: Lexicon) -> list[Span]:
    """People proposed word by word; a word inside a found name is not looked at again.

    The steps run in order and the first that finds a name wins: a Japanese name, a name right
    after a title, the name a word's own shape suggests, a three-character word jieba mislabels,
    a transliteration in a person's context.
    """
    out: list[Span] = []
    words, pos = toks.words, toks.pos
    n = len(words)
    i = 0
    while i < n:
        w, tag = words[i], pos[i]
        if _inert(w, tag, lex) and not (i > 0 and _title_memo(words[i - 1], pos[i - 1])):
            i += 1  # (most words: no step below can start a name there)
            continue
        found: Span | None = None
        # A Japanese family name + a given name of two or three characters, in a person's context.
        if w[0] in JAPANESE_FIRST and ("".join(words[i : i + 2]))[:2] in JAPANESE_SURNAMES:
            found = _japanese_name(toks, i)
        if found is None and i > 0 and _title_memo(words[i - 1], pos[i - 1]):
            found = _name_after_title(toks, i, lex)
        if found is None:
            found = _name_led_by_word(toks, i, lex)
        if found is None and len(w) == 3:
            found = _mislabelled_three_char_name(toks, i, lex)
        # A run of transliteration characters in a person's context (主教练 + 戈麦尔斯基, … 说).
        if found is None and w[0] in TRANSLIT and tag in TRANSLIT_POS:
            found = _translit_name(toks, i, lex)
        if found is not None:
            out.append(found)
            i += 1
            while i < n and toks.end(i) <= found.end:
                i += 1
            continue
        i += 1
    return out


@lru_cache(maxsize=1 << 17)
def _inert(w: str, tag: str, lex: Lexicon) -> bool:
    """True when no step of :func:`person_candidates` but the title one can start a name at a word
    ``w`` tagged ``tag``: the entry test of every other step, which looks at the word alone.

    Memoised per word: the person scan visits every word of an archive, and nine in ten are
    ordinary words that no step wants (this halves the scan's time).
    """
    lw = len(w)
    if w[0] in JAPANESE_FIRST or lw == 3 or (w[0] in TRANSLIT and tag in TRANSLIT_POS):
        return False
    # the entry tests of _name_led_by_word, in its order
    if (lw == 1 and w in SURNAMES and w not in WEAK_SURNAMES) or w in COMPOUND_SURNAMES:
        return False
    if (lw >= 3 and w[0] in COMMON_SURNAMES and w[0] not in WEAK_SURNAMES and w[0] not in BODY_SURNAMES
            and (w[1:] in HONORIFICS or w[1:] in SURNAME_TITLES) and lex.freq.get(w, 0) < COMMON_WORD_FREQ):
        return False
    if tag in PERSON_POS and lw >= 2:
        return False
    return not (lw >= 4 and _person_prefix(w, lex))


def _name_after_title(toks: Tokens, i: int, lex: Lexicon) -> Span | None:
    """Title + a surname-led name however jieba cut it (某 | 思远, a name jieba calls a place), or a long
    transliteration (部长 + 韦 | 尔特 | 罗 | 尼)."""
    words, pos = toks.words, toks.pos
    n = len(words)
    run = _translit_run(toks, i)
    if run > i + 1 and toks.end(run - 1) - toks.starts[i] >= 4:
        return Span(toks.starts[i], toks.end(run - 1), "person", STRONG)
    found = _title_name(toks, i, lex)
    if (
        found is None
        and run > i + 1
        and all(len(words[k]) == 1 for k in range(i, run))
        and (
            run >= n
            or pos[run] == "x"
            or (pos[run] not in NAME_PIECE_POS and (len(words[run]) > 1 or words[run] not in TRANSLIT))
        )
    ):
        # 教练 + 雅 | 凯: loose transliteration characters after a title are a short foreign name.
        found = Span(toks.starts[i], toks.end(run - 1), "person", STRONG)
    return found


def _name_led_by_word(toks: Tokens, i: int, lex: Lexicon) -> Span | None:
    """The name the word at ``i`` starts by its own shape: a surname, surname + title, a dictionary name.

    Only the first of these shapes that fits the word is tried.
    """
    w, tag = toks.words[i], toks.pos[i]
    lw = len(w)
    # A surname (single or compound) followed by one or two loose characters.
    if (lw == 1 and w in SURNAMES and w not in WEAK_SURNAMES) or w in COMPOUND_SURNAMES:
        return _surname_led_name(toks, i, lex)
    # 郝主席, 宫处长 as one dictionary word: the surname before the title is the person.
    if (
        lw >= 3
        and w[0] in COMMON_SURNAMES
        and w[0] not in WEAK_SURNAMES
        and w[0] not in BODY_SURNAMES
        and (w[1:] in HONORIFICS or w[1:] in SURNAME_TITLES)
        and lex.freq.get(w, 0) < COMMON_WORD_FREQ
    ):
        return Span(toks.starts[i], toks.starts[i] + 1, "person", NORMAL)
    # A dictionary name (nr), checked for looking like one, possibly one character short (刘海 | 涛).
    if tag in PERSON_POS and lw >= 2:
        return _dict_name(toks, i, lex)
    if lw >= 4 and (head := _person_prefix(w, lex)):
        return Span(toks.starts[i], toks.starts[i] + head, "person", NORMAL)
    return None


def _surname_led_name(toks: Tokens, i: int, lex: Lexicon) -> Span | None:
    """A surname + given name, or a bare surname that a reporting verb or an honorific makes a person."""
    words, pos = toks.words, toks.pos
    n = len(words)
    w = words[i]
    found = _surname_name(toks, i, lex)
    # 黄说：, ，袁表示: a bare surname as the subject of a reporting verb stands for a person.
    if (
        found is None
        and w in COMMON_SURNAMES
        and i + 1 < n
        and words[i + 1] in SAYING
        and (i == 0 or pos[i - 1] in ("x", "c"))
    ):
        found = Span(toks.starts[i], toks.end(i), "person", WEAK)
    # 王大娘, 李主席, 小胡: a bare surname with an honorific is the person.
    if found is None and i + 1 < n and (
        ((words[i + 1] in HONORIFICS or words[i + 1] in SURNAME_TITLES) and w not in BODY_SURNAMES
         and (words[i + 1] not in ("老", "总") or w in COMMON_SURNAMES))
        or (i > 0 and words[i - 1] in ("老", "小") and pos[i - 1] != "x" and w in COMMON_SURNAMES)
    ) and (i == 0 or pos[i - 1] in ("x", "a", "v", "p", "uj", "c") or words[i - 1] in ("老", "小")):
        found = Span(toks.starts[i], toks.end(i), "person", NORMAL)
    return found


def _mislabelled_three_char_name(toks: Tokens, i: int, lex: Lexicon) -> Span | None:
    """A three-character word jieba tags as something odd (周恩来/t, 刘彦彬/nz) shaped like a name."""
    w, tag = toks.words[i], toks.pos[i]
    if (
        tag in ("t", "nz", "m", "n", "ns")
        and w[0] in COMMON_SURNAMES
        and w not in lex.places
        and (lex.freq.get(w, 0) < 50 or (tag == "t" and not _word_head(w, lex)))  # a name jieba calls a time word
        and all(_given_ok(c) for c in w[1:])
        and w[-1] not in NOUN_END
        and not w.endswith(SETTLEMENT_END + LANDMARK_END)
        and _name_score(lex, w[0], w[1:]) >= 5.0 - CTX_BONUS * _context_score(toks, i, i + 1)
    ):
        return Span(toks.starts[i], toks.end(i), "person", NORMAL)
    return None


def _title_name(toks: Tokens, i: int, lex: Lexicon) -> Span | None:
    """The name right after a title: surname + one or two characters ending on a word boundary."""
    words = toks.words
    start = toks.starts[i]
    rest = "".join(words[i : i + 4])
    if words[i][:2] in COMPOUND_SURNAMES:
        surname_len = 2
    elif rest[:1] in SURNAMES:
        surname_len = 1
    else:
        return None
    bounds = set()
    at = start
    for k in range(i, min(i + 4, len(words))):
        at += len(words[k])
        bounds.add(at - start)
    weak_first = len(words[i]) == 1 and (toks.pos[i] in FUNCTION_POS or words[i] in "和都有曾")
    best = 0
    for length in (surname_len + 2, surname_len + 1):
        cand = rest[:length]
        if len(cand) < length or length not in bounds or not all(HAN.match(c) for c in cand):
            continue
        if any(not _given_ok(c) for c in cand[surname_len:]):
            continue
        # A candidate that is one ordinary dictionary word (强调, 要求) is no name.
        freq = lex.freq.get(words[i], 0)
        if len(words[i]) == length and (
            (toks.pos[i] in NOT_NAME_POS and toks.pos[i] != "x" and not (toks.pos[i] in ("m", "t") and freq < 50))
            or (toks.pos[i] not in ("nr", "nrfg", "nrt", "ns", "nz", "u") and freq > 100)
        ):
            continue  # one ordinary word (强调, 要求); a rare "numeral" like 许立群/m is a jieba slip
        if length == surname_len + 2 and lex.given_score(cand[-1]) < -0.5 and not _closed_after(toks, i, start + length):
            continue
        if weak_first and (
            length != surname_len + 2
            or not all(len(words[k]) == 1 for k in range(i, i + length) if k < len(words))
            or _name_score(lex, cand[:surname_len], cand[surname_len:]) < 3.0
        ):
            continue  # 和 | 职工, 向 | 社会, 都要, 和总: a function word, then an ordinary word
        best = length
        break
    if not best:
        return None
    return Span(start, start + best, "person", STRONG)


def _closed_after(toks: Tokens, i: int, end: int) -> bool:
    """True when the token after offset ``end`` closes a name: punctuation or a word like 报道, 说.

    After a title, 记者X某学、 is a three-character name even if 学 is a rare last character: the
    two-character reading would leave a lone character before the pause mark.
    """
    k = i
    while k < len(toks.words) and toks.starts[k] < end:
        k += 1
    if k >= len(toks.words):
        return True
    if toks.starts[k] != end:
        return False
    return toks.pos[k] == "x" or toks.words[k] in AFTER_NAME or toks.words[k] in CREDIT_CLOSERS


def _japanese_name(toks: Tokens, i: int) -> Span | None:
    words = toks.words
    start = toks.starts[i]
    ctx_prev = 2 if i > 0 and _is_title(words[i - 1], toks.pos[i - 1]) else 0
    at = start
    for k in range(i, min(i + 5, len(words))):
        if not HAN.match(words[k]) or (k > i and words[k] in NAME_STOP):
            return None
        at += len(words[k])
        length = at - start
        if length in (4, 5):
            nxt = words[k + 1] if k + 1 < len(words) else ""
            if ctx_prev or nxt in HONORIFIC_AFTER or nxt in AFTER_NAME:
                return Span(start, at, "person", STRONG if ctx_prev else NORMAL)
        if length >= 5:
            break
    return None


def _name_score(lex: Lexicon, surname: str, given: str) -> float:
    return lex.surname_score(surname) + sum(lex.given_score(c) for c in given)


def _surname_name(toks: Tokens, i: int, lex: Lexicon) -> Span | None:
    words = toks.words
    surname = words[i]
    ctx_prev = _context_score(toks, i, i + 1)
    g: list[str] = []
    k = i + 1
    while k < len(words) and len(g) < 2 and is_single_han(toks, k) and (
        _given_ok(words[k])
        or (g and words[k] in SOFT_STOP and k + 1 < len(words) and words[k + 1] in HONORIFIC_AFTER)
    ):
        if words[k] in "村镇乡县区市省" and (k + 1 >= len(words) or not is_single_han(toks, k + 1) or not g):
            break  # 鲁村: a village, not a person
        g.append(words[k])
        k += 1
    if not g:
        # Given name glued into one word (李 + 晓明): accept when the word is no common word.
        if i + 1 < len(words) and (words[i + 1] in HONORIFICS or words[i + 1] in TITLES):
            return None
        if ctx_prev == 2 and i + 1 < len(words) and len(words[i + 1]) in (1, 2) and toks.pos[i + 1] not in NOT_NAME_POS:
            if HAN.match(words[i + 1]) and words[i + 1] not in TITLES:
                return Span(toks.starts[i], toks.end(i + 1), "person", STRONG)
        if (
            i + 1 < len(words)
            and len(words[i + 1]) == 2
            and toks.pos[i + 1] in GLUED_POS
            and not words[i + 1].endswith(SETTLEMENT_END + LANDMARK_END)
        ):
            given = words[i + 1]
            ctx = max(ctx_prev, _context_score(toks, i, i + 2))
            score = _name_score(lex, surname, given)
            freq = lex.freq.get(given, 0)
            if score >= T2 - CTX_BONUS * ctx and freq < 200 and toks.pos[i + 1] in ("nr", "u", "nz", "ns", "nrt"):
                return Span(toks.starts[i], toks.end(i + 1), "person", STRONG if ctx_prev == 2 else NORMAL)
            # 陈 | 桂林 感慨, 李 | 国庆 每天: a subject-like slot (after a boundary, before a verb).
            prev_pos = toks.pos[i - 1] if i > 0 else "x"
            next_pos = toks.pos[i + 2] if i + 2 < len(words) else "x"
            if (
                surname in COMMON_SURNAMES
                and score >= (2.5 if toks.pos[i + 1] in ("nz", "nr", "t", "ns") else 4.0)
                and freq < 10000
                and prev_pos in ("x", "p", "c", "uj", "v", "ul")
                and (next_pos in ("v", "d", "p", "i", "l", "x", "uj") or (next_pos == "n" and prev_pos == "x"))
            ):
                return Span(toks.starts[i], toks.end(i + 1), "person", NORMAL)
        return None
    best = 0
    extra = 2.5 if surname in SEMI_SURNAMES else 0.0
    ctx3 = max(ctx_prev, _context_score(toks, i, i + 3)) if len(g) == 2 else 0
    if len(g) == 2 and min(lex.given_score(c) for c in g) > (-2.0 if ctx3 else -1.0):
        ctx = ctx3
        if _name_score(lex, surname, g[0] + g[1]) >= T3 + extra - CTX_BONUS * ctx:
            best = 2
        elif (
            not ctx
            and surname in COMMON_SURNAMES
            and _subject_slot(toks, i, i + 3)
            and _name_score(lex, surname, g[0] + g[1]) >= T3 + extra - SUBJECT_BONUS
        ):
            best = 2  # ，周某某把…: three loose characters as the subject of a verb
    if not best:
        ctx = max(ctx_prev, _context_score(toks, i, i + 2))
        if _name_score(lex, surname, g[0]) >= T2 + extra - CTX_BONUS * ctx:
            best = 1
    if not best:
        return None
    return Span(toks.starts[i], toks.end(i + best), "person", STRONG if ctx_prev == 2 else NORMAL)


def _dict_name(toks: Tokens, i: int, lex: Lexicon) -> Span | None:
    """A word jieba's dictionary tags as a name (nr), if it also looks like one.

    The dictionary's nr entries include many ordinary words (光荣, 雷阵雨, 文明), so: a two-character
    entry needs context (a title, a reporting verb, a list); a three-character one must not be
    surname + an ordinary word; other lengths must be transliterations.
    """
    w = toks.words[i]
    name_shaped = len(w) == 3 and w[0] in COMMON_SURNAMES and not w.endswith(CLEARLY_PLACE_END)
    if w in lex.places or org_suffix(w) or (
        not name_shaped and (w.endswith(ADMIN_END) or w.endswith(LANDMARK_END))
    ):
        return None
    if place_head(w, lex) is not None:
        return None  # 巴西人, 桂林人
    if w[0] in SURNAMES and w[1:] in HONORIFICS:
        if lex.freq.get(w, 0) >= COMMON_WORD_FREQ:
            return None  # frequent surname + 老 words: everyday words the dictionary lists as names
        return Span(toks.starts[i], toks.starts[i] + 1, "person", NORMAL)  # 陈小姐 → 陈
    ctx = _context_score(toks, i, i + 1)
    start = toks.starts[i]
    strength = STRONG if ctx == 2 else NORMAL
    if w[:2] in COMPOUND_SURNAMES and len(w) in (3, 4):
        return Span(start, toks.end(i), "person", strength)
    if w[0] in SURNAMES and len(w) == 3:
        return _dict_name_of_three(toks, i, lex, strength)
    if w[0] in SURNAMES and len(w) == 2:
        return _dict_name_of_two(toks, i, lex, ctx, strength)
    head = _person_prefix(w, lex)
    if head:
        return Span(start, start + head, "person", NORMAL)
    if len(w) >= 2 and TRANSLIT.issuperset(w):
        return _dict_translit_name(toks, i, lex, ctx, strength)
    if len(w) >= 2 and ctx == 2:
        return Span(start, toks.end(i), "person", strength)
    return None


def _dict_name_of_three(toks: Tokens, i: int, lex: Lexicon, strength: int) -> Span | None:
    """A three-character dictionary name, surname first: a name unless it reads as surname + a word."""
    w = toks.words[i]
    start = toks.starts[i]
    given = w[1:]
    ctx = _context_score(toks, i, i + 1, separators=False)  # 冷却水， is no name for its comma
    score = _name_score(lex, w[0], given)
    rare_subject = (
        w[0] in COMMON_SURNAMES
        and score >= 3.5
        and lex.freq.get(w, 0) < 50
        and (w[-1] not in NOUN_END or w[-1] in "书章业")  # 钟书, 玉章, 建业 are given names; 卫冕赛 is none
        and _subject_slot(toks, i, i + 1)
    )
    if (ctx < 2 and w[-1] in NOUN_END and not rare_subject) or (
        not ctx and (w[0] in WEAK_SURNAMES or w[0] in SEMI_SURNAMES)
    ):
        return None  # 严肃性, 文化节, 向心力: nouns the dictionary mislabels
    given_pos = lex.pos.get(given)
    if not ctx and _word_head(w, lex):
        return None  # 冷却水, 农家乐, 常见病: an ordinary word heads the "name"
    if ctx or (
        lex.given_score(w[-1]) > (-0.8 if score < 4.0 else -3.5)  # 青少年, 白米饭: ends like a noun, not a name
        and w[-1] not in NOUN_END
        and (
            (given_pos in GIVEN_WORD_POS and score >= 1.4)
            or (given_pos is None and score >= 1.4)  # 龙门阵, 安居房 look less like names than 江泽民
            or (lex.freq.get(given, 0) < 20 and score >= 3.5)
            or score >= 5.0
        )
    ):
        return Span(start, toks.end(i), "person", strength)
    if rare_subject or (
        score >= SUBJECT_SCORE and w[-1] not in NOUN_END and lex.freq.get(w, 0) < 100 and _subject_slot(toks, i, i + 1)
    ):
        return Span(start, toks.end(i), "person", NORMAL)  # …的王某某被…, 比王某某还…: a name as a subject
    return None


def _dict_name_of_two(toks: Tokens, i: int, lex: Lexicon, ctx: int, strength: int) -> Span | None:
    """A two-character dictionary name needs context, and may run one loose character on (刘海 | 涛)."""
    w = toks.words[i]
    start = toks.starts[i]
    closes_list = toks.words[i + 1] == "等" if i + 1 < len(toks.words) else False
    rare_subject = (
        w[0] in COMMON_SURNAMES
        and w[1] not in "家姓氏说"
        and lex.freq.get(w, 0) < RARE_NAME_FREQ
        and (toks.pos[i] == "nrfg" or _name_score(lex, w[0], w[1]) >= 4.0)
        and _subject_slot(toks, i, i + 1)
    )  # …的X出战, 按照X的: a rare dictionary name standing as a subject
    if not rare_subject and (
        not ctx or (ctx == 1 and _list_only(toks, i, i + 1) and not (closes_list and lex.freq.get(w, 0) < 300))
    ):
        return None  # 光荣, 养老: two-character dictionary "names" need a title or a reporting verb
    end = toks.end(i)
    # 刘海 | 涛: a two-character dictionary name followed by one more loose name character.
    if is_single_han(toks, i + 1) and _given_ok(toks.words[i + 1]) and lex.given_score(toks.words[i + 1]) > 0.5:
        after = toks.words[i + 2] if i + 2 < len(toks.words) else ""
        if toks.pos[i + 1] in ("u", "nr", "ng", "zg", "a", "n", "nz", "ns") or (
            not HAN.match(after) or after in AFTER_NAME or toks.pos[i + 2] in ("v", "p", "c", "uj")
        ):
            end += 1
    return Span(start, end, "person", strength)


def _dict_translit_name(toks: Tokens, i: int, lex: Lexicon, ctx: int, strength: int) -> Span | None:
    """帕斯 | 特拉纳: the dictionary knows a piece of a transliteration; the rest of it follows."""
    start = toks.starts[i]
    j = i + 1
    while (
        j < len(toks.words)
        and toks.pos[j] in ("u", "nr", "nrt", "ns", "nz", "n", "v", "a", "d", "m", "ng", "zg", "q")
        and TRANSLIT.issuperset(toks.words[j])
        and toks.words[j] not in AFTER_NAME
        and (len(toks.words[j]) == 1 or toks.pos[j] in ("u", "nr", "nrt", "ns", "nz"))
        and toks.end(j) - start <= 8
    ):
        j += 1
    if not ctx and j == i + 1 and _names_a_thing(toks, j, lex):
        return None  # “X磁谱仪”, X现象, X计划: a transliteration naming a thing, not a person
    return Span(start, toks.end(j - 1), "person", strength)


def _names_a_thing(toks: Tokens, j: int, lex: Lexicon) -> bool:
    """True when the word at ``j`` makes the word before it a modifier: a noun follows (X现象, X油田)."""
    if j >= len(toks.words) or toks.pos[j] != "n":
        return False
    nxt = toks.words[j]
    return not (
        nxt in TITLES or nxt in HONORIFICS or _is_title(nxt, "n") or nxt.endswith(PERSON_NOUN_TAILS) or org_suffix(nxt)
    )  # (X足球队 is left to person_in_context, which makes it an organisation)


def _subject_slot(toks: Tokens, i: int, j: int) -> bool:
    """True when tokens [i, j) stand where a subject or object name does: after a boundary, a
    preposition or 的, and before a verb, an adverb or a preposition (…的X被录用, 比X还难过)."""
    prev_pos = toks.pos[i - 1] if i > 0 else "x"
    next_pos = toks.pos[j] if j < len(toks.words) else "x"
    return prev_pos in ("x", "p", "c", "uj", "v", "ul") and (
        next_pos in ("v", "d", "p", "i", "l") or (next_pos == "n" and prev_pos == "x")
    )


def _word_head(w: str, lex: Lexicon) -> bool:
    """True when the first two characters of a three-character "name" are a common ordinary word.

    Names whose surname and first given character happen to form a common word are rare; nouns the
    dictionary mislabels ``nr`` (a word + one more character) are not.
    """
    head = w[:2]
    return lex.freq.get(head, 0) >= HEAD_WORD_FREQ and lex.pos.get(head) not in PERSON_POS | {"ns", "nz", "nrfg"}


def _person_prefix(w: str, lex: Lexicon) -> int:
    """邓小平理论, 马克思主义: the length of a known name heading a longer word, else 0."""
    if len(w) < 4 or not w.endswith(DOCTRINE_TAILS):
        return 0
    for k in (4, 3, 2):
        if len(w) > k and lex.pos.get(w[:k]) in PERSON_POS and w[k:] in DOCTRINE_TAILS:
            return k
    return 0


def _translit_run(toks: Tokens, i: int) -> int:
    """Index after the run of transliteration-only words starting at ``i`` (at most six words)."""
    j = i
    while (
        j < len(toks.words)
        and j - i < 6
        and toks.pos[j] in TRANSLIT_POS
        and TRANSLIT.issuperset(toks.words[j])
        and toks.words[j] not in AFTER_NAME
    ):
        j += 1
    return j


def _translit_name(toks: Tokens, i: int, lex: Lexicon) -> Span | None:
    words = toks.words
    j = i
    while j < len(words) and TRANSLIT.issuperset(words[j]) and toks.pos[j] != "x" and j - i < 6:
        j += 1
    text = "".join(words[i:j])
    if len(text) < 3 or text in lex.places:
        return None
    if j - i < 2 and not (toks.pos[i] in ("ns", "nr", "nrt", "u", "nz") and _context_score(toks, i, j) == 2):
        return None  # one dictionary word is a person only right after a title (教练扎加洛)
    ctx = _context_score(toks, i, j)
    # Only runs the dictionary does not already know as ordinary words; a place or brand word right
    # after a title (教练 + X/ns) is a person all the same.
    if lex.pos.get(text) not in (None, "nr", "nrt", "nrfg") and not (ctx == 2 and lex.pos.get(text) in ("ns", "nz")):
        return None
    if not ctx:
        # 约纳森以…, 凯莉只有…: a foreign name as the subject — after a boundary, before a verb.
        prev_pos = toks.pos[i - 1] if i > 0 else "x"
        next_pos = toks.pos[j] if j < len(words) else "x"
        if not (len(text) >= 3 and prev_pos in ("x", "uj", "c", "p") and next_pos in ("v", "d", "p")):
            return None
        if any(w in lex.places for w in words[i:j]):
            return None
    return Span(toks.starts[i], toks.end(j - 1), "person", STRONG if ctx == 2 and len(text) >= 3 else NORMAL)


@lru_cache(maxsize=1)
def _foreign_name_pattern() -> re.Pattern[str]:
    """Transliteration runs joined by middle dots; compiled on first use (a large character class)."""
    # Around a middle dot the name may use characters rarer in transliterations (钱德勒, 易卜拉欣).
    chars = "".join(sorted(TRANSLIT | frozenset("易刘摩珀钱集隆功会居土地立派汗欣卜川邦许曼宁丁奎吐瑞保烈歇来渥冯珊")))
    return re.compile(rf"[{chars}]{{1,8}}(?:[·•・．][{chars}]{{1,8}})+")


def foreign_names(text: str) -> list[Span]:
    """Transliterated names joined by a middle dot (马丁·路德·金) are one person."""
    return [Span(m.start(), m.end(), "person", STRONG) for m in _foreign_name_pattern().finditer(text)]


def leader_lists(text: str, toks: Tokens, persons: list[Span], lex: Lexicon) -> list[Span]:
    """Names in 、-separated lists after 领导 words, or in a list that already holds a name."""
    out: list[Span] = []
    words = toks.words
    n = len(words)
    person_starts = {p.start for p in persons}
    # (A word equal to a leader word, or ending with 领导, needs that word in the text: one substring test per word.)
    for i, w in enumerate(words if LEADER_TRIGGERS.search(text) else ()):
        if w not in LEADER_WORDS and not (w.endswith("领导") and len(w) <= 5):
            continue
        k = i + 1
        while k < n:
            name = _take_name(toks, k, lex)
            if name is None:
                break
            out.append(Span(toks.starts[k], toks.end(name - 1), "person", STRONG))
            k = name
            if k < n and words[k] == "、":
                k += 1
                continue
            break
    # A 、-list one of whose items is a person: the other short surname-led items are people too.
    person_ends = {p.end for p in persons}
    for i, w in enumerate(words if "、" in text else ()):
        if w != "、":
            continue
        left_ok = toks.starts[i] in person_ends
        right = _take_name(toks, i + 1, lex) if i + 1 < n else None
        if left_ok and right is not None and toks.starts[i + 1] not in person_starts:
            out.append(Span(toks.starts[i + 1], toks.end(right - 1), "person", NORMAL))
        # …and the item before the pause mark when the one after it is a person (X、王某).
        if not left_ok and i + 1 < n and toks.starts[i + 1] in person_starts:
            for k in (i - 1, i - 2, i - 3):
                if k < 0 or (k < i - 1 and toks.pos[k] == "x"):
                    break
                if _take_name(toks, k, lex) == i and (k == 0 or toks.pos[k - 1] == "x" or words[k - 1] in LIST_SEPARATORS):
                    out.append(Span(toks.starts[k], toks.starts[i], "person", NORMAL))
                    break
    return out


def _take_name(toks: Tokens, k: int, lex: Lexicon) -> int | None:
    """If a 2–3 character name starts at token k, return the index of the token after it."""
    words = toks.words
    n = len(words)
    if k >= n:
        return None
    w = words[k]
    if (
        len(w) in (2, 3)
        and w[0] in SURNAMES
        and toks.pos[k] not in NOT_NAME_POS
        and (toks.pos[k] in ("u", "nr", "nrfg", "nz", "ns") or lex.freq.get(w, 0) < 100)
        and (len(w) == 3 or _name_score(lex, w[0], w[1]) > 2.0)
    ):
        if len(w) == 2 and is_single_han(toks, k + 1) and _given_ok(words[k + 1]) and (
            lex.given_score(words[k + 1]) > 0.5 or _list_end(toks, k + 2)
        ):
            return k + 2
        return k + 1
    if len(w) == 1 and w in SURNAMES:
        chars = 0
        j = k + 1
        while j < n and chars < 2 and is_single_han(toks, j) and _given_ok(words[j]):
            chars += 1
            j += 1
        if chars == 2 and lex.given_score(words[k + 2]) < 0 and lex.given_score(words[k + 1]) > 0.5 and not _list_end(toks, k + 3):
            chars = 1
        if chars:
            return k + 1 + chars
        if k + 1 < n and len(words[k + 1]) in (1, 2) and toks.pos[k + 1] not in NOT_NAME_POS and w not in WEAK_SURNAMES:
            return k + 2  # (和 | 群众 after 领导 is no name)
    return None


def _list_end(toks: Tokens, k: int) -> bool:
    """True when token ``k`` ends a list item: a pause mark, other punctuation or the end of the text."""
    return k >= len(toks.words) or toks.words[k] in ("、", "，", "。", "；", "）", ")", "等")


def bare_surnames(text: str, toks: Tokens, persons: list[Span]) -> list[Span]:
    """黄说, 给黄送去: a surname alone, once the full name of a person with it was given."""
    surnames = {text[p.start] for p in persons if p.end - p.start in (2, 3) and text[p.start] in SURNAMES}
    surnames -= WEAK_SURNAMES
    if not surnames:
        return []
    covered = {k for p in persons for k in range(p.start, p.end)}
    out = []
    words = toks.words
    for k, w in enumerate(words):
        if w in surnames and toks.starts[k] not in covered:
            before = words[k - 1] if k > 0 else ""
            after = words[k + 1] if k + 1 < len(words) else ""
            if (len(before) != 1 or not HAN.match(before) or before in NAME_STOP) and (
                len(after) != 1 or not HAN.match(after) or after in NAME_STOP
            ):
                out.append(Span(toks.starts[k], toks.end(k), "person", WEAK))
    return out


def surname_shi(text: str, toks: Tokens) -> list[Span]:
    """杜氏认为, 在李氏任内: a surname + 氏 stands for the person; the name is the surname alone.

    Only a surname standing on its own (not the end of another word, 韦氏 in a brand name glued to the
    word before it) and not a clan (王氏家族, 氏族).
    """
    out: list[Span] = []
    words = toks.words
    for k, w in enumerate(words):
        if len(w) == 2 and w[1] == "氏":
            surname_ok = w[0] in SURNAMES
        elif len(w) == 1 and k + 1 < len(words) and words[k + 1][:1] == "氏" and len(words[k + 1]) == 1:
            surname_ok = w in SURNAMES
        else:
            continue
        if not surname_ok or w[0] in WEAK_SURNAMES:
            continue
        if k > 0 and is_single_han(toks, k - 1) and toks.pos[k - 1] not in FUNCTION_POS:
            continue
        end = toks.starts[k] + 2
        if text[end : end + 1] == "族" or text[end : end + 2] == "家族":
            continue
        out.append(Span(toks.starts[k], toks.starts[k] + 1, "person", NORMAL))
    return out


def name_lists(text: str, lex: Lexicon) -> list[Span]:
    """王某、李某某、张某: in a 、-list whose items mostly look like names, every such item is a person."""
    out: list[Span] = []
    for m in LIST_RUN.finditer(text):
        items: list[tuple[int, str]] = []
        at = m.start()
        for item in m.group().split("、"):
            items.append((at, item))
            at += len(item) + 1
        # The outer items may hold words around the list (有王某, 李某等); judge them only when short.
        judged = [*items[1:-1], *(x for x in (items[0], items[-1]) if len(x[1]) <= 3)]
        names = [(s, it) for s, it in judged if _looks_like_listed_name(it, lex)]
        if len(names) >= 2 and len(names) * 3 >= len(judged) * 2:
            out.extend(Span(s, s + len(it), "person", NORMAL) for s, it in names)
    return out


def _looks_like_listed_name(item: str, lex: Lexicon) -> bool:
    if len(item) == 4 and item[0] in SURNAMES and item[1] in SURNAMES and item not in lex.pos:
        item = item[1:]  # 陈李某某: a married woman's name with both surnames (listed in Hong Kong, Taiwan)
    if not 2 <= len(item) <= 3 or item in lex.places or any(c in NAME_STOP for c in item):
        return False
    if not (item[0] in SURNAMES or item[:2] in COMPOUND_SURNAMES) or item[0] in WEAK_SURNAMES:
        return False
    tag = lex.pos.get(item)
    return tag is None or tag in ("nr", "nrfg", "nz", "nrt")
