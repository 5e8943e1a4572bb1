"""Tag one piece of text: jieba's segmentation plus the patterns newspapers give away for free.

The pipeline for one text is: segment (private rjieba/jieba tokenizer, ``HMM=False``) → propose spans
from several rule families → resolve overlaps by priority.  Every proposal carries a *strength*:
``STRONG`` means a newspaper pattern vouches for it (title + name, a list after 领导, a credit),
which the archive-wide consistency pass uses to tag the same name everywhere else.

The functions here are pure and work on plain strings; :mod:`parser.entities.consistency` turns
their spans into :class:`parser.model.Entity` records per article field.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from .lexicon import Lexicon, get_lexicon
from .rules import (
    AFTER_NAME,
    CHINA_VERBS,
    COUNTRY_ABBREVIATIONS,
    HONORIFICS,
    LEADER_WORDS,
    LIST_SEPARATORS,
    ORG_HEADS,
    ORG_INNER_POS,
    ORG_NOT,
    ORG_SUFFIXES,
    PAIR_NOUNS,
    PLACE_BLOCKERS,
    STANDALONE_BODIES,
    TITLES,
    TRANSLIT,
    WEAK_TITLES,
)
from .surnames import COMMON_SURNAMES, COMPOUND_SURNAMES, JAPANESE_SURNAMES, SURNAMES

WEAK, NORMAL, STRONG = 0, 1, 2

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PERSON_POS = frozenset(("nr", "nrfg", "nrt"))
# POS tags of words that never start or continue a given name.
_NOT_NAME_POS = frozenset("v vn p c u d r m q f t x uj ul ud uz ug uv y e o zg".split())
# Single characters that end a name candidate at once (particles, verbs of saying, measure words).
_NAME_STOP = frozenset(
    "的了是在和有与及或说等也都就又还而被把将从向对为以于到给让这那个们上下中里氏人曾已很均皆该其此称讲问答着呢吗吧啊得地往跟比由因且但却虽若即则乃"
)
# Surnames that are far more often function words; they start a name only after a title.
_WEAK_SURNAMES = frozenset("和都有成从能时以及其同比但将要会可应为曾双")
# First characters of Japanese family names: a cheap test before joining two words (runs per word).
_JAPANESE_FIRST = frozenset(s[0] for s in JAPANESE_SURNAMES)
# Surnames that are often prepositions or numbers (于, 向, 万): they need a clearly name-like rest.
_SEMI_SURNAMES = frozenset("于向万全")
_GLUED_POS = frozenset("nr u nz ns nrt t n a".split())
# Endings that make a dictionary "name" a landmark instead (云居寺, 红星路, 金银滩).
# Last characters of dictionary "names" that are really nouns (龙舟节, 通知书, 严肃性, 纪念章).
_NOUN_END = frozenset("节赛书性章者式型化率界业品物法论会展站团队部所院厂店馆场史")
_FUNCTION_POS = frozenset("c p d r u uj ul ad v".split())
_GIVEN_WORD_POS = frozenset("nr nrfg nrt nz ns".split())  # 建华, 汝南: given names that are also words
_CLEARLY_PLACE_END = ("寺", "庙", "路", "街", "村", "镇", "乡", "县", "区", "市", "省")
_LANDMARK_END = ("寺", "庙", "路", "街", "桥", "滩", "岭", "峰", "宫", "塔", "港", "湾", "庄", "堡", "洲", "山", "峡", "岛")



@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    type: str  # person | place | org
    strength: int = NORMAL


@dataclass(slots=True)
class _Tokens:
    words: list[str]
    starts: list[int]
    pos: list[str]

    def end(self, i: int) -> int:
        return self.starts[i] + len(self.words[i])


def _segment(text: str, lex: Lexicon) -> _Tokens:
    words = list(lex.tokenizer.cut(text, HMM=False))
    starts = list(accumulate(map(len, words), initial=0))
    starts.pop()
    # A word outside the dictionary is "u" (unknown Han) or "x" (anything else); comprehensions
    # rather than a loop: this runs for every paragraph of a build.
    get = lex.pos.get
    pos = [t if (t := get(w)) is not None else ("u" if _HAN.match(w) else "x") for w in words]
    return _Tokens(words, starts, pos)


def _is_single_han(toks: _Tokens, i: int) -> bool:
    return 0 <= i < len(toks.words) and len(toks.words[i]) == 1 and _HAN.match(toks.words[i]) is not None


def _given_ok(ch: str) -> bool:
    return ch not in _NAME_STOP


def _context_score(toks: _Tokens, i: int, j: int, separators: bool = True) -> int:
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
    if nxt in _HONORIFIC_AFTER:
        return 2  # 杨某教授, 冉某先生: an honorific right after the name
    if nxt in AFTER_NAME or nxt == "等" or nxt.endswith(("总书记", "总统", "总理", "主席", "部长", "委员长", "首相")):
        return 1
    if nxt in TITLES and nxt not in WEAK_TITLES and len(nxt) >= 2:
        return 1  # 王明教授, 周某医生: the title after the name
    if prev in LIST_SEPARATORS or nxt in LIST_SEPARATORS:
        if separators or (prev in _LIST_MARKS or nxt in _LIST_MARKS):
            return 1
    return 0


_LIST_MARKS = frozenset(("、",))  # a pause mark lists names; a comma ends any phrase


_TITLE_ENDS = ("书记", "长", "主任", "记者", "委员", "师", "官", "司令")


def _is_title(w: str, tag: str) -> bool:
    """An office or job right before a name: listed, or a noun ending like one (财政部长, 摄影师)."""
    return w in TITLES or (len(w) >= 2 and w.endswith(_TITLE_ENDS) and tag in ("n", "nr", "nz", "nt", "x", "u"))


# The person scan asks about every word's predecessor; a C-level cache answers in a third of the time.
_title_memo = lru_cache(maxsize=1 << 16)(_is_title)


_SAYING = frozenset("说 表示 认为 指出 笑道 答道 回忆 告诉 强调 介绍 坦言 再次 一再 曾经".split())
_HONORIFIC_AFTER = frozenset(
    """先生 女士 同志 教授 老师 夫人 小姐 博士 院士 总理 总统 主席 总书记 委员长 医生 大夫 律师 教练 主任 经理
    厂长 校长 院长 局长 部长 书记 市长 省长 县长 区长 镇长 村长 董事长 总经理""".split()
)


def _list_only(toks: _Tokens, i: int, j: int) -> bool:
    """True when the only context of tokens [i, j) is a list separator next to them."""
    nxt = toks.words[j] if j < len(toks.words) else ""
    return nxt not in AFTER_NAME and not nxt.endswith(("总书记", "总统", "总理", "主席", "部长", "委员长", "首相"))


def _person_candidates(toks: _Tokens, lex: Lexicon) -> list[Span]:
    out: list[Span] = []
    words, pos = toks.words, toks.pos
    n = len(words)
    i = 0
    while i < n:
        w, tag = words[i], pos[i]
        lw = len(w)  # (read many times below; the scan runs for every word)
        found: Span | None = None
        # 0. Title + a surname-led name however jieba cut it (某 | 思远, a name jieba calls a place), or a long
        #    transliteration (部长 + 韦 | 尔特 | 罗 | 尼).
        # A Japanese family name + a given name of two or three characters, in a person's context.
        if w[0] in _JAPANESE_FIRST and ("".join(words[i : i + 2]))[:2] in JAPANESE_SURNAMES:
            found = _japanese_name(toks, i)
        if found is None and i > 0 and _title_memo(words[i - 1], pos[i - 1]):
            run = _translit_run(toks, i)
            if run > i + 1 and toks.end(run - 1) - toks.starts[i] >= 4:
                found = Span(toks.starts[i], toks.end(run - 1), "person", STRONG)
            else:
                found = _title_name(toks, i, lex)
            if (
                found is None
                and run > i + 1
                and all(len(words[k]) == 1 for k in range(i, run))
                and (
                    run >= n
                    or pos[run] == "x"
                    or (pos[run] not in _NAME_PIECE_POS and (len(words[run]) > 1 or words[run] not in TRANSLIT))
                )
            ):
                # 教练 + 雅 | 凯: loose transliteration characters after a title are a short foreign name.
                found = Span(toks.starts[i], toks.end(run - 1), "person", STRONG)
        # 1. A surname (single or compound) followed by one or two loose characters.
        if found is not None:
            pass
        elif (lw == 1 and w in SURNAMES and w not in _WEAK_SURNAMES) or w in COMPOUND_SURNAMES:
            found = _surname_name(toks, i, lex)
            # 黄说：, ，袁表示: a bare surname as the subject of a reporting verb stands for a person.
            if (
                found is None
                and w in COMMON_SURNAMES
                and i + 1 < n
                and words[i + 1] in _SAYING
                and (i == 0 or pos[i - 1] in ("x", "c"))
            ):
                found = Span(toks.starts[i], toks.end(i), "person", WEAK)
            # 王大娘, 李主席, 小胡: a bare surname with an honorific is the person.
            if found is None and i + 1 < n and (
                ((words[i + 1] in HONORIFICS or words[i + 1] in _SURNAME_TITLES) and w not in _BODY_SURNAMES
                 and (words[i + 1] not in ("老", "总") or w in COMMON_SURNAMES))
                or (i > 0 and words[i - 1] in ("老", "小") and pos[i - 1] != "x" and w in COMMON_SURNAMES)
            ) and (i == 0 or pos[i - 1] in ("x", "a", "v", "p", "uj", "c") or words[i - 1] in ("老", "小")):
                found = Span(toks.starts[i], toks.end(i), "person", NORMAL)
        # 3. 郝主席, 宫处长 as one dictionary word: the surname before the title is the person.
        elif (
            lw >= 3
            and w[0] in COMMON_SURNAMES
            and w[0] not in _WEAK_SURNAMES
            and w[0] not in _BODY_SURNAMES
            and (w[1:] in HONORIFICS or w[1:] in _SURNAME_TITLES)
            and lex.freq.get(w, 0) < _COMMON_WORD_FREQ
        ):
            found = Span(toks.starts[i], toks.starts[i] + 1, "person", NORMAL)
        # 2. A dictionary name (nr), checked for looking like one, possibly one character short (刘海 | 涛).
        elif tag in _PERSON_POS and lw >= 2:
            found = _dict_name(toks, i, lex)
        elif lw >= 4 and (head := _person_prefix(w, lex)):
            found = Span(toks.starts[i], toks.starts[i] + head, "person", NORMAL)
        # 5. A three-character word jieba tags as something odd (周恩来/t, 刘彦彬/nz) shaped like a name.
        if (
            found is None
            and lw == 3
            and tag in ("t", "nz", "m", "n", "ns")
            and w[0] in COMMON_SURNAMES
            and w not in lex.places
            and (lex.freq.get(w, 0) < 50 or (tag == "t" and not _word_head(w, lex)))  # a name jieba calls a time word
            and all(_given_ok(c) for c in w[1:])
            and w[-1] not in _NOUN_END
            and not w.endswith(_SETTLEMENT_END + _LANDMARK_END)
            and _name_score(lex, w[0], w[1:]) >= 5.0 - _CTX_BONUS * _context_score(toks, i, i + 1)
        ):
            found = Span(toks.starts[i], toks.end(i), "person", NORMAL)
        # 4. A run of transliteration characters in a person's context (主教练 + 戈麦尔斯基, … 说).
        if found is None and w[0] in TRANSLIT and tag in _TRANSLIT_POS:
            found = _translit_name(toks, i, lex)
        if found is not None:
            out.append(found)
            i += 1
            while i < n and toks.end(i) <= found.end:
                i += 1
            continue
        i += 1
    return out


def _title_name(toks: _Tokens, i: int, lex: Lexicon) -> Span | None:
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
    weak_first = len(words[i]) == 1 and (toks.pos[i] in _FUNCTION_POS or words[i] in "和都有曾")
    best = 0
    for length in (surname_len + 2, surname_len + 1):
        cand = rest[:length]
        if len(cand) < length or length not in bounds or not all(_HAN.match(c) for c in cand):
            continue
        if any(not _given_ok(c) for c in cand[surname_len:]):
            continue
        # A candidate that is one ordinary dictionary word (强调, 要求) is no name.
        freq = lex.freq.get(words[i], 0)
        if len(words[i]) == length and (
            (toks.pos[i] in _NOT_NAME_POS and toks.pos[i] != "x" and not (toks.pos[i] in ("m", "t") and freq < 50))
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


def _closed_after(toks: _Tokens, i: int, end: int) -> bool:
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
    return toks.pos[k] == "x" or toks.words[k] in AFTER_NAME or toks.words[k] in _CREDIT_CLOSERS


# Words that close a reporter's or photographer's name in a credit (记者X某学报道, 通讯员X某摄).
_CREDIT_CLOSERS = frozenset("报道 摄 摄影 采写 撰文 执笔 整理 供稿 发自".split())


def _japanese_name(toks: _Tokens, i: int) -> Span | None:
    words = toks.words
    start = toks.starts[i]
    ctx_prev = 2 if i > 0 and _is_title(words[i - 1], toks.pos[i - 1]) else 0
    at = start
    for k in range(i, min(i + 5, len(words))):
        if not _HAN.match(words[k]) or (k > i and words[k] in _NAME_STOP):
            return None
        at += len(words[k])
        length = at - start
        if length in (4, 5):
            nxt = words[k + 1] if k + 1 < len(words) else ""
            if ctx_prev or nxt in _HONORIFIC_AFTER or nxt in AFTER_NAME:
                return Span(start, at, "person", STRONG if ctx_prev else NORMAL)
        if length >= 5:
            break
    return None


def _name_score(lex: Lexicon, surname: str, given: str) -> float:
    return lex.surname_score(surname) + sum(lex.given_score(c) for c in given)


def _surname_name(toks: _Tokens, i: int, lex: Lexicon) -> Span | None:
    words = toks.words
    surname = words[i]
    ctx_prev = _context_score(toks, i, i + 1)
    g: list[str] = []
    k = i + 1
    while k < len(words) and len(g) < 2 and _is_single_han(toks, k) and (
        _given_ok(words[k])
        or (g and words[k] in _SOFT_STOP and k + 1 < len(words) and words[k + 1] in _HONORIFIC_AFTER)
    ):
        if words[k] in "村镇乡县区市省" and (k + 1 >= len(words) or not _is_single_han(toks, k + 1) or not g):
            break  # 鲁村: a village, not a person
        g.append(words[k])
        k += 1
    if not g:
        # Given name glued into one word (李 + 晓明): accept when the word is no common word.
        if i + 1 < len(words) and (words[i + 1] in HONORIFICS or words[i + 1] in TITLES):
            return None
        if ctx_prev == 2 and i + 1 < len(words) and len(words[i + 1]) in (1, 2) and toks.pos[i + 1] not in _NOT_NAME_POS:
            if _HAN.match(words[i + 1]) and words[i + 1] not in TITLES:
                return Span(toks.starts[i], toks.end(i + 1), "person", STRONG)
        if (
            i + 1 < len(words)
            and len(words[i + 1]) == 2
            and toks.pos[i + 1] in _GLUED_POS
            and not words[i + 1].endswith(_SETTLEMENT_END + _LANDMARK_END)
        ):
            given = words[i + 1]
            ctx = max(ctx_prev, _context_score(toks, i, i + 2))
            score = _name_score(lex, surname, given)
            freq = lex.freq.get(given, 0)
            if score >= _T2 - _CTX_BONUS * ctx and freq < 200 and toks.pos[i + 1] in ("nr", "u", "nz", "ns", "nrt"):
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
    extra = 2.5 if surname in _SEMI_SURNAMES else 0.0
    ctx3 = max(ctx_prev, _context_score(toks, i, i + 3)) if len(g) == 2 else 0
    if len(g) == 2 and min(lex.given_score(c) for c in g) > (-2.0 if ctx3 else -1.0):
        ctx = ctx3
        if _name_score(lex, surname, g[0] + g[1]) >= _T3 + extra - _CTX_BONUS * ctx:
            best = 2
        elif (
            not ctx
            and surname in COMMON_SURNAMES
            and _subject_slot(toks, i, i + 3)
            and _name_score(lex, surname, g[0] + g[1]) >= _T3 + extra - _SUBJECT_BONUS
        ):
            best = 2  # ，周某某把…: three loose characters as the subject of a verb
    if not best:
        ctx = max(ctx_prev, _context_score(toks, i, i + 2))
        if _name_score(lex, surname, g[0]) >= _T2 + extra - _CTX_BONUS * ctx:
            best = 1
    if not best:
        return None
    return Span(toks.starts[i], toks.end(i + best), "person", STRONG if ctx_prev == 2 else NORMAL)


_T3 = 3.5
_T2 = 6.0  # surname + one given character: needs more evidence
_CTX_BONUS = 1.5


def _dict_name(toks: _Tokens, i: int, lex: Lexicon) -> Span | None:
    """A word jieba's dictionary tags as a name (nr), if it also looks like one.

    The dictionary's nr entries include many ordinary words (光荣, 雷阵雨, 文明), so: a two-character
    entry needs context (a title, a reporting verb, a list); a three-character one must not be
    surname + an ordinary word; other lengths must be transliterations.
    """
    w = toks.words[i]
    name_shaped = len(w) == 3 and w[0] in COMMON_SURNAMES and not w.endswith(_CLEARLY_PLACE_END)
    if w in lex.places or _org_suffix(w) or (
        not name_shaped and (w.endswith(_ADMIN_END) or w.endswith(_LANDMARK_END))
    ):
        return None
    if _place_head(w, lex) is not None:
        return None  # 巴西人, 桂林人
    if w[0] in SURNAMES and w[1:] in HONORIFICS:
        if lex.freq.get(w, 0) >= _COMMON_WORD_FREQ:
            return None  # frequent surname + 老 words: everyday words the dictionary lists as names
        return Span(toks.starts[i], toks.starts[i] + 1, "person", NORMAL)  # 陈小姐 → 陈
    ctx = _context_score(toks, i, i + 1)
    start = toks.starts[i]
    strength = STRONG if ctx == 2 else NORMAL
    if w[:2] in COMPOUND_SURNAMES and len(w) in (3, 4):
        return Span(start, toks.end(i), "person", strength)
    if w[0] in SURNAMES and len(w) == 3:
        given = w[1:]
        ctx = _context_score(toks, i, i + 1, separators=False)  # 冷却水， is no name for its comma
        score = _name_score(lex, w[0], given)
        rare_subject = (
            w[0] in COMMON_SURNAMES
            and score >= 3.5
            and lex.freq.get(w, 0) < 50
            and (w[-1] not in _NOUN_END or w[-1] in "书章业")  # 钟书, 玉章, 建业 are given names; 卫冕赛 is none
            and _subject_slot(toks, i, i + 1)
        )
        if (ctx < 2 and w[-1] in _NOUN_END and not rare_subject) or (
            not ctx and (w[0] in _WEAK_SURNAMES or w[0] in _SEMI_SURNAMES)
        ):
            return None  # 严肃性, 文化节, 向心力: nouns the dictionary mislabels
        given_pos = lex.pos.get(given)
        if not ctx and _word_head(w, lex):
            return None  # 冷却水, 农家乐, 常见病: an ordinary word heads the "name"
        if ctx or (
            lex.given_score(w[-1]) > (-0.8 if score < 4.0 else -3.5)  # 青少年, 白米饭: ends like a noun, not a name
            and w[-1] not in _NOUN_END
            and (
                (given_pos in _GIVEN_WORD_POS and score >= 1.4)
                or (given_pos is None and score >= 1.4)  # 龙门阵, 安居房 look less like names than 江泽民
                or (lex.freq.get(given, 0) < 20 and score >= 3.5)
                or score >= 5.0
            )
        ):
            return Span(start, toks.end(i), "person", strength)
        if rare_subject or (
            score >= _SUBJECT_SCORE and w[-1] not in _NOUN_END and lex.freq.get(w, 0) < 100 and _subject_slot(toks, i, i + 1)
        ):
            return Span(start, toks.end(i), "person", NORMAL)  # …的王某某被…, 比王某某还…: a name as a subject
        return None
    if w[0] in SURNAMES and len(w) == 2:
        closes_list = toks.words[i + 1] == "等" if i + 1 < len(toks.words) else False
        rare_subject = (
            w[0] in COMMON_SURNAMES
            and w[1] not in "家姓氏说"
            and lex.freq.get(w, 0) < _RARE_NAME_FREQ
            and (toks.pos[i] == "nrfg" or _name_score(lex, w[0], w[1]) >= 4.0)
            and _subject_slot(toks, i, i + 1)
        )  # …的X出战, 按照X的: a rare dictionary name standing as a subject
        if not rare_subject and (
            not ctx or (ctx == 1 and _list_only(toks, i, i + 1) and not (closes_list and lex.freq.get(w, 0) < 300))
        ):
            return None  # 光荣, 养老: two-character dictionary "names" need a title or a reporting verb
        end = toks.end(i)
        # 刘海 | 涛: a two-character dictionary name followed by one more loose name character.
        if _is_single_han(toks, i + 1) and _given_ok(toks.words[i + 1]) and lex.given_score(toks.words[i + 1]) > 0.5:
            after = toks.words[i + 2] if i + 2 < len(toks.words) else ""
            if toks.pos[i + 1] in ("u", "nr", "ng", "zg", "a", "n", "nz", "ns") or (
                not _HAN.match(after) or after in AFTER_NAME or toks.pos[i + 2] in ("v", "p", "c", "uj")
            ):
                end += 1
        return Span(start, end, "person", strength)
    head = _person_prefix(w, lex)
    if head:
        return Span(start, start + head, "person", NORMAL)
    if len(w) >= 2 and TRANSLIT.issuperset(w):
        # 帕斯 | 特拉纳: the dictionary knows a piece; the rest of the transliteration follows.
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
    if len(w) >= 2 and ctx == 2:
        return Span(start, toks.end(i), "person", strength)
    return None


_COMMON_WORD_FREQ = 300


def _names_a_thing(toks: _Tokens, j: int, lex: Lexicon) -> bool:
    """True when the word at ``j`` makes the word before it a modifier: a noun follows (X现象, X油田)."""
    if j >= len(toks.words) or toks.pos[j] != "n":
        return False
    nxt = toks.words[j]
    return not (
        nxt in TITLES or nxt in HONORIFICS or _is_title(nxt, "n") or nxt.endswith(_PERSON_NOUN_TAILS) or _org_suffix(nxt)
    )  # (X足球队 is left to _person_in_context, which makes it an organisation)


# Nouns after a person's name that belong to the person, not to a thing (X政府, X亲王, X时期).
_PERSON_NOUN_TAILS = ("政府", "将军", "内阁", "亲王", "王", "时期", "时代", "夫人", "一家", "家族", "政权", "当局")
_SUBJECT_SCORE = 2.5
# Stop characters that still end a given name when an honorific follows (林某中教授, 王某上先生).
_SOFT_STOP = frozenset("中上下里人")
_SUBJECT_BONUS = 0.5
_RARE_NAME_FREQ = 100


def _subject_slot(toks: _Tokens, i: int, j: int) -> bool:
    """True when tokens [i, j) stand where a subject or object name does: after a boundary, a
    preposition or 的, and before a verb, an adverb or a preposition (…的X被录用, 比X还难过)."""
    prev_pos = toks.pos[i - 1] if i > 0 else "x"
    next_pos = toks.pos[j] if j < len(toks.words) else "x"
    return prev_pos in ("x", "p", "c", "uj", "v", "ul") and (
        next_pos in ("v", "d", "p", "i", "l") or (next_pos == "n" and prev_pos == "x")
    )
# Titles that follow a bare surname in speech and print (宫处长, 郝主席): the surname is the person.
_SURNAME_TITLES = frozenset(t for t in TITLES if len(t) == 2 and t.endswith(("长", "主席", "书记", "主任", "总理", "教授")))
# Surnames that are also the body a title belongs to (党主席, 厂长, 校长): no person before those titles.
_BODY_SURNAMES = frozenset("党国省市县区乡镇村厂校院部局团军队")


def _word_head(w: str, lex: Lexicon) -> bool:
    """True when the first two characters of a three-character "name" are a common ordinary word.

    Names whose surname and first given character happen to form a common word are rare; nouns the
    dictionary mislabels ``nr`` (a word + one more character) are not.
    """
    head = w[:2]
    return lex.freq.get(head, 0) >= _HEAD_WORD_FREQ and lex.pos.get(head) not in _PERSON_POS | {"ns", "nz", "nrfg"}


_HEAD_WORD_FREQ = 100
_DOCTRINE_TAILS = ("主义", "理论", "思想", "同志", "先生", "女士", "路线", "时代", "式")


def _person_prefix(w: str, lex: Lexicon) -> int:
    """邓小平理论, 马克思主义: the length of a known name heading a longer word, else 0."""
    if len(w) < 4 or not w.endswith(_DOCTRINE_TAILS):
        return 0
    for k in (4, 3, 2):
        if len(w) > k and lex.pos.get(w[:k]) in _PERSON_POS and w[k:] in _DOCTRINE_TAILS:
            return k
    return 0


# Parts of speech of a word that may continue a foreign name (a name piece, not a verb or a noun).
_NAME_PIECE_POS = frozenset("nr nrt nrfg ns nz u j ng zg".split())
_TRANSLIT_POS = frozenset("u nr nrt nrfg ns nz n a d v m zg ng q j".split())


def _translit_run(toks: _Tokens, i: int) -> int:
    """Index after the run of transliteration-only words starting at ``i`` (at most six words)."""
    j = i
    while (
        j < len(toks.words)
        and j - i < 6
        and toks.pos[j] in _TRANSLIT_POS
        and TRANSLIT.issuperset(toks.words[j])
        and toks.words[j] not in AFTER_NAME
    ):
        j += 1
    return j


def _translit_name(toks: _Tokens, i: int, lex: Lexicon) -> Span | None:
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


_FOREIGN_NAME = None


def _foreign_names(text: str) -> list[Span]:
    """Transliterated names joined by a middle dot (马丁·路德·金) are one person."""
    global _FOREIGN_NAME
    if _FOREIGN_NAME is None:
        # Around a middle dot the name may use characters rarer in transliterations (钱德勒, 易卜拉欣).
        chars = "".join(sorted(TRANSLIT | frozenset("易刘摩珀钱集隆功会居土地立派汗欣卜川邦许曼宁丁奎吐瑞保烈歇来渥冯珊")))
        _FOREIGN_NAME = re.compile(rf"[{chars}]{{1,8}}(?:[·•・．][{chars}]{{1,8}})+")
    return [Span(m.start(), m.end(), "person", STRONG) for m in _FOREIGN_NAME.finditer(text)]


def _leader_lists(text: str, toks: _Tokens, persons: list[Span], lex: Lexicon) -> list[Span]:
    """Names in 、-separated lists after 领导 words, or in a list that already holds a name."""
    out: list[Span] = []
    words = toks.words
    n = len(words)
    person_starts = {p.start for p in persons}
    # (A word equal to a leader word, or ending with 领导, needs that word in the text: one substring test per word.)
    for i, w in enumerate(words if _LEADER_TRIGGERS.search(text) else ()):
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


_LEADER_TRIGGERS = re.compile("|".join(map(re.escape, ("领导", *sorted(LEADER_WORDS)))))


def _take_name(toks: _Tokens, k: int, lex: Lexicon) -> int | None:
    """If a 2–3 character name starts at token k, return the index of the token after it."""
    words = toks.words
    n = len(words)
    if k >= n:
        return None
    w = words[k]
    if (
        len(w) in (2, 3)
        and w[0] in SURNAMES
        and toks.pos[k] not in _NOT_NAME_POS
        and (toks.pos[k] in ("u", "nr", "nrfg", "nz", "ns") or lex.freq.get(w, 0) < 100)
        and (len(w) == 3 or _name_score(lex, w[0], w[1]) > 2.0)
    ):
        if len(w) == 2 and _is_single_han(toks, k + 1) and _given_ok(words[k + 1]) and (
            lex.given_score(words[k + 1]) > 0.5 or _list_end(toks, k + 2)
        ):
            return k + 2
        return k + 1
    if len(w) == 1 and w in SURNAMES:
        chars = 0
        j = k + 1
        while j < n and chars < 2 and _is_single_han(toks, j) and _given_ok(words[j]):
            chars += 1
            j += 1
        if chars == 2 and lex.given_score(words[k + 2]) < 0 and lex.given_score(words[k + 1]) > 0.5 and not _list_end(toks, k + 3):
            chars = 1
        if chars:
            return k + 1 + chars
        if k + 1 < n and len(words[k + 1]) in (1, 2) and toks.pos[k + 1] not in _NOT_NAME_POS and w not in _WEAK_SURNAMES:
            return k + 2  # (和 | 群众 after 领导 is no name)
    return None


def _list_end(toks: _Tokens, k: int) -> bool:
    """True when token ``k`` ends a list item: a pause mark, other punctuation or the end of the text."""
    return k >= len(toks.words) or toks.words[k] in ("、", "，", "。", "；", "）", ")", "等")


def _place_candidates(toks: _Tokens, lex: Lexicon) -> list[Span]:
    out: list[Span] = []
    words, pos = toks.words, toks.pos
    n = len(words)
    i = 0
    while i < n:
        w, tag = words[i], pos[i]
        lw = len(w)  # (read many times below; the scan runs for every word)
        # X + 省/市/区/县/镇/乡/村/街道/社区: a place even when X is unknown.
        if i + 1 < n and words[i + 1] in _BARE_SETTLEMENT:
            if words[i + 1] in _SMALL_SETTLEMENT:
                j = _settlement_name_start(toks, i + 1, lex)
            elif tag in ("ns", "u", "nz", "nr", "nrt", "j") and w not in PLACE_BLOCKERS and 2 <= lw <= 4:
                j = i
            else:
                j = None
            if j is not None:
                # Tokens j..i+1 are one name; drop what was proposed for j..i-1 already.
                while out and out[-1].start >= toks.starts[j]:
                    out.pop()
                out.append(Span(toks.starts[j], toks.end(i + 1), "place", NORMAL))
                i += 2
                continue
        # X + 镇党委 / 市政府: jieba glued the settlement suffix to the body that follows it.
        if (
            lw >= 3
            and w[0] in "省市区县镇乡村"
            and _org_suffix(w[1:])
            and i > 0
            and words[i - 1] not in PLACE_BLOCKERS
        ):
            j = i
            while j > 0 and i - j < 2 and pos[j - 1] in ("u", "nr", "ns", "nz", "ng", "zg") and _HAN.match(words[j - 1]):
                j -= 1
            if j < i and 2 <= toks.starts[i] - toks.starts[j] <= 4:
                out.append(Span(toks.starts[j], toks.starts[i] + 1, "place", NORMAL))
        abbr = _abbreviation_pair(toks, i, lex) if w[0] in COUNTRY_ABBREVIATIONS else None  # (a cheap test first)
        if abbr:
            # 中美 / 中缅 / 欧美: a string of country abbreviations is one place per character.
            start = toks.starts[i]
            out.extend(Span(start + k, start + k + 1, "place", WEAK) for k in range(abbr[1]))
            i = abbr[0]
            continue
        if lw >= 4 and w not in lex.places and (k := _two_places(w, lex)):
            out.append(Span(toks.starts[i], toks.starts[i] + k, "place", NORMAL))  # 中国 | 香港
            out.append(Span(toks.starts[i] + k, toks.end(i), "place", NORMAL))
        elif lw >= 3 and (head := _place_head(w, lex)) is not None:
            # 北京市民, 南亚地区, 中华民族: a known place glued to a common tail.
            out.append(Span(toks.starts[i], toks.starts[i] + head, "place", NORMAL))
        elif (
            lw == 2
            and w[1] in "村镇乡庄"
            and i > 0
            and _is_single_han(toks, i - 1)
            and pos[i - 1] in ("nr", "ns", "u", "ng", "zg", "j", "nz")
        ):
            out.append(Span(toks.starts[i - 1], toks.end(i), "place", NORMAL))  # 蔡 | 塘村
        elif (
            lw >= 3
            and tag in ("nr", "nz", "u", "nrt", "n", "ns")
            and w.endswith(_SETTLEMENT_END + _LANDMARK_END)
            and not (tag == "nr" and lw == 3 and w[0] in COMMON_SURNAMES and not w.endswith(_CLEARLY_PLACE_END))
            and w not in _GENERIC_PLACE_WORDS
            and tag not in ("n", "l", "i")
            and not _generic_before_suffix(w, lex, nouns_too=tag != "ns")
        ):
            skip = 1 if w[0] in _NAME_STOP else 0  # 和澳洲 → 澳洲
            out.append(Span(toks.starts[i] + skip, toks.end(i), "place", NORMAL))
        elif (tag == "ns" or w in lex.places) and w not in ORG_NOT:
            if _believable_place(w, lex):
                if i + 1 < n and words[i + 1] in _PLACE_PARTS:
                    out.append(Span(toks.starts[i], toks.end(i + 1), "place", NORMAL))  # 朝鲜 | 半岛
                    i += 2
                    continue
                out.append(Span(toks.starts[i], toks.end(i), "place", NORMAL))
        elif w in CHINA_VERBS:
            k = CHINA_VERBS[w]
            out.append(Span(toks.starts[i] + k, toks.starts[i] + k + 1, "place", WEAK))
        elif w in _ALWAYS_COUNTRY:
            out.append(Span(toks.starts[i], toks.end(i), "place", WEAK))
        elif (
            lw == 1
            and w in COUNTRY_ABBREVIATIONS
            and ((i + 2 < n and words[i + 1] == "、" and len(words[i + 2]) == 1 and words[i + 2] in COUNTRY_ABBREVIATIONS)
                 or (i >= 2 and words[i - 1] == "、" and len(words[i - 2]) == 1 and words[i - 2] in COUNTRY_ABBREVIATIONS))
        ):
            out.append(Span(toks.starts[i], toks.end(i), "place", WEAK))  # 亚、非、拉
        i += 1
    return out


# Words that continue a place's name into a larger or more exact one (佛罗里达 | 州, 朝鲜 | 半岛).
_PLACE_PARTS = frozenset("州 半岛 湾 海湾 联邦 县 乡 镇 岛 群岛 海峡 城 盆地 平原 高原 山脉 流域".split())
_SETTLEMENT_END = ("村", "镇", "乡", "县", "区", "市", "街道", "社区", "郡", "州")
# Single characters that, standing alone as a word, are a country and nothing else.
_ALWAYS_COUNTRY = frozenset("俄澳墨缅菲匈捷")
# Abbreviations that are seldom anything but a country or region, even alone (中 or 日 are not).
_UNAMBIGUOUS_ABBR = frozenset("俄缅韩朝泰越菲澳墨葡荷挪芬丹希匈捷柬印伊以埃港沪粤")
_PAIR_NOT = frozenset("非法 中方 中意 中西 西法 新加 加法 以西 以及 巴西 日本 中非".split()) - frozenset(("巴西", "中非"))
_PAIR_AFTER = frozenset("边境 边界 等国 各国 贸易 谈判 首脑 会晤 对话 战略 两地 之间 交流".split())


def _abbreviation_pair(toks: _Tokens, i: int, lex: Lexicon) -> tuple[int, int] | None:
    """(index after, number of characters) when tokens from ``i`` spell two or three countries."""
    words, pos = toks.words, toks.pos
    w = words[i]
    if w[0] not in COUNTRY_ABBREVIATIONS:
        return None  # most words: called for every word of every text
    nxt_i = i + 1
    if 2 <= len(w) <= 3:
        if not COUNTRY_ABBREVIATIONS.issuperset(w) or w in lex.places or w in _PAIR_NOT:
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
    if nxt in PAIR_NOUNS or nxt in _PAIR_AFTER or nxt in ("两", "三", "等"):
        return nxt_i, chars
    if any(c in _UNAMBIGUOUS_ABBR for c in w) or (pos[i] != "n" and len(words[i]) > 1):
        return nxt_i, chars
    return None


_ADMIN_END = ("省", "市", "县", "区", "镇", "乡", "村", "州", "旗", "盟", "岛", "港", "湾", "峡", "山脉", "河", "湖", "江")
_GENERIC_PLACE_WORDS = frozenset(
    "城市 都市 大城市 山区 山村 农村 乡村 城乡 城区 市区 郊区 地区 社区 小区 园区 景区 街区 海湾 上市 超市 登山 上山".split()
)


_PLACE_TAILS = ("地区", "市民", "人民", "境内", "全境", "各地", "当局", "政府", "人")


_BARE_SETTLEMENT = frozenset(("省", "市", "区", "县", "镇", "乡", "村", "街道", "社区", "新区", "开发区"))
_NUMERAL_CHARS = frozenset("一二三四五六七八九十两几百千万亿个多数每")
_SMALL_SETTLEMENT = frozenset(("镇", "乡", "村", "街道", "社区"))
_SETTLEMENT_NAME_POS = frozenset("ns u nz nr nrt j m ng zg nrfg".split())


def _settlement_name_start(toks: _Tokens, k: int, lex: Lexicon) -> int | None:
    """Where the name before the bare settlement word at ``k`` starts (南 | 甸 | 镇, 三元 | 镇)."""
    words, pos = toks.words, toks.pos
    j = k
    chars = 0
    while j > 0 and chars < 4:
        w, tag = words[j - 1], pos[j - 1]
        if not _HAN.match(w) or w in PLACE_BLOCKERS or w in _NAME_STOP or chars + len(w) > 4:
            break
        if w in _BARE_SETTLEMENT or w in _GENERIC_PLACE_WORDS or (chars and w in lex.places):
            break
        if w in lex.places and w.endswith(("省", "市", "县", "区", "镇", "乡")):
            break  # 北京市 | 社区: the settlement word is generic here
        if tag == "m" and any(c in _NUMERAL_CHARS for c in w):
            break  # 两个镇, 百强县
        if chars >= 2 and len(w) >= 2:
            break  # a separate word in front of the name
        if len(w) == 1:
            if tag in _ORG_SINGLE_NOT and tag != "ng":
                break
        elif tag not in _SETTLEMENT_NAME_POS and not (tag == "n" and lex.freq.get(w, 0) < 1000):
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


_place_head_cache: dict[str, int | None] = {}
_MISSING = object()


def _place_head(w: str, lex: Lexicon) -> int | None:
    """Length of a known place heading a longer word (北京市民, 中华民族, 荷兰盾), else None."""
    if len(w) < 3 or w in lex.places:
        return None
    found = _place_head_cache.get(w, _MISSING)
    if found is not _MISSING:
        return found  # type: ignore[return-value]
    found = _place_head_uncached(w, lex)
    if len(_place_head_cache) < 200_000:
        _place_head_cache[w] = found
    return found


def _place_head_uncached(w: str, lex: Lexicon) -> int | None:
    for tail in _PLACE_TAILS:
        if w.endswith(tail) and w[: -len(tail)] in lex.places:
            return len(w) - len(tail)
    for k in range(len(w) - 1, 1, -1):
        if w[:k] in lex.places:
            tail = w[k:]
            if tail in _PLACE_PARTS:
                return None  # 朝鲜半岛, 佛罗里达州: the whole word is the place
            if lex.pos.get(tail) not in (None, "ns", "nr", "nrt", "nrfg") and not _org_suffix(tail):
                return k
            return None
    return None


_GENERIC_HEAD_POS = frozenset(("a", "v", "vn", "ad", "an", "d", "l"))


def _generic_before_suffix(w: str, lex: Lexicon, nouns_too: bool = False) -> bool:
    """贫困村, 生产区, 冲突地区: an ordinary word plus a settlement suffix is no place name.

    A common noun in front (桃源村) is only held against words jieba does not call places.
    """
    for k in (2, 1):
        head = w[:-k]
        if len(head) < 2 or head in lex.places:
            continue
        tag = lex.pos.get(head)
        if tag in _GENERIC_HEAD_POS or (nouns_too and tag == "n"):
            return lex.freq.get(head, 0) > 50
    return False


def _believable_place(w: str, lex: Lexicon) -> bool:
    """jieba's ns tag also covers 泉水, 神圣 and 城市; believe it only with more evidence."""
    if w in lex.places:
        return True
    if len(w) < 3 or w in _GENERIC_PLACE_WORDS:
        return False
    if w.endswith(_ADMIN_END):
        return not _generic_before_suffix(w, lex)
    return TRANSLIT.issuperset(w)


_ORG_SUFFIX_SET = frozenset(ORG_SUFFIXES)
# Generic words that end like a body (格局, 部署, 干部): a word ending with one is no body either.
_ORG_NOT_TAILS = tuple(x for x in ORG_NOT if len(x) >= 2 and x[-1] in "局部署办处所院委队军党厂馆社")
_ORG_SUFFIX_LENGTHS = sorted({len(x) for x in ORG_SUFFIXES}, reverse=True)
_org_suffix_cache: dict[str, str | None] = {}


def _org_suffix(w: str) -> str | None:
    """The longest organisation suffix ``w`` ends with (None for 部门, 干部 …); memoised per word."""
    try:
        return _org_suffix_cache[w]
    except KeyError:
        pass
    found = None
    if w not in ORG_NOT:
        for k in _ORG_SUFFIX_LENGTHS:
            if k <= len(w) and w[-k:] in _ORG_SUFFIX_SET:
                found = w[-k:]
                break
        if found is not None and any(w.endswith(x) for x in _ORG_NOT_TAILS if len(x) < len(w)):
            found = None
    if len(_org_suffix_cache) < 200_000:
        _org_suffix_cache[w] = found
    return found


# Parts of speech of single characters that never stand inside an organisation's name.
_ORG_SINGLE_NOT = frozenset("p c uj ul uz ug uv ud r d y e o x q f t ng".split())
# Words in front of an organisation that are not part of it (determiners, "to", "at", "won" …).
_ORG_STOP = frozenset(
    """各 该 全 本 我 这 那 其 此 每 有关 相关 部分 一些 所有 其他 多个 这些 那些 大 小 新 老 总 获 到 去 来 赴 进
    入 在 由 任 派 请 邀 访 至 抵 离 回 往 是 有 为 称 说 向 对 与 和 及 同 跟 被 把 将 让 给 从 自 以 等 年 月 日
    个 家 名 位 批 座 所 日电 电 讯 本报 本报讯""".split()
)
# Suffixes strong enough to make a name of any preceding noun chain (生态环境部, 数字能源有限公司).
_STRONG_ORG_SUFFIXES = (
    "有限公司", "股份有限公司", "有限责任公司", "集团", "银行", "研究院", "研究所", "委员会", "协会", "学会",
    "联合会", "基金会", "大学", "学院", "医院", "出版社", "电视台", "部", "局", "厅", "署",
)


_DIRECTIONS = frozenset("东西南北中")
_VENUE_SUFFIXES = ("大会堂", "大厅", "音乐厅", "体育馆", "体育场", "天文馆", "书店", "剧院", "展览中心", "博览中心",
                   "会展中心", "机场", "广场", "公园")
_CONGRESS = re.compile(r"^[一二三四五六七八九]?十[一二三四五六七八九]?大$")
_NAMING_SUFFIXES = frozenset("部 局 厅 署".split())  # 宣传部, 人事部: departments named by their remit
_ORG_SUFFIX_POS = frozenset("n nt nz ng j nr ns nrt l u b".split())
_GOV_SUFFIXES = frozenset(("部", "局", "厅", "署", "委员会", "总局", "办公室", "院", "会", "社"))


_OrgWord = tuple[str, int, bool, "str | None"]
_org_word_cache: dict[tuple[str, str], _OrgWord | bool] = {}


def _org_word(w: str, tag: str, lex: Lexicon) -> _OrgWord | bool:
    """What the organisation scan needs of one word (word, cut, is_nt, suffix), or False when no name ends here.

    It depends on the word and its tag alone, so :func:`_org_candidates` memoises it: most words of a
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
        or ("十" in w and _CONGRESS.match(w) is not None)  # 十五大: a numbered party congress
        or w in STANDALONE_BODIES  # 市委, 内阁, 军委
    )
    suf = _org_suffix(w) if tag in _ORG_SUFFIX_POS else None
    if not is_nt and suf is None and not abbreviation:
        return False
    return w, cut, is_nt, suf


def _org_candidates(toks: _Tokens, lex: Lexicon, persons: list[Span]) -> list[Span]:
    out: list[Span] = []
    words, pos = toks.words, toks.pos
    person_tok = set()
    for p in persons:  # token indices inside strong person spans, found by bisection (linear overall)
        k = bisect_left(toks.starts, p.start)
        while k < len(toks.starts) and toks.starts[k] < p.end:
            person_tok.add(k)
            k += 1
    n = len(words)
    memo = _org_word_cache
    heads = list(map(memo.get, zip(words, pos, strict=True)))  # per-word facts, looked up at C speed
    for i, head in enumerate(heads):
        if head is None:  # a word not seen before
            head = _org_word(words[i], pos[i], lex)
            if len(memo) < 200_000:
                memo[(words[i], pos[i])] = head
        if not head:
            continue  # no organisation ends with this word (most words)
        w, cut, is_nt, suf = head
        tag = pos[i]
        if i + 1 < n and _org_suffix(words[i + 1]) is not None and pos[i + 1] != "v":
            continue  # the org goes on (国家税务总局 | 青州市 | … | 税务局): tag from its last word
        # Walk left over words that may stand inside a name.  A word that is already a whole
        # name (军事科学院, a dictionary nt) only takes places and bodies in front of it.
        complete = is_nt
        j = i
        proper_j = i
        proper = is_nt or tag in ("nz", "j")
        seen_place = False
        singles = 0
        while j > 0 and i - j < 8 and toks.starts[i] - toks.starts[j - 1] < 20:
            pw, pt = words[j - 1], pos[j - 1]
            if (j - 1) in person_tok or pw in _ORG_STOP or pw in PLACE_BLOCKERS or not _HAN.match(pw):
                break
            if len(pw) >= 2 and pw in AFTER_NAME:
                break  # X代表 | 欧盟, X率领 | 代表团: the verb after a person is not inside a body's name
            body = _org_suffix(pw) is not None and len(pw) >= 2 and pt not in ("v", "vn", "a", "d")
            if seen_place and not (
                pw in ORG_HEADS or pt in ("ns", "nt", "j") or pw in lex.places or body or pw in _DIRECTIONS
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
            elif pt == "vn" and j >= 2 and _org_suffix(words[j - 2]) and len(w) <= 2:
                break  # 市政府 | 发动 | 工会: a verb between two bodies
            elif len(pw) == 1:
                if pt in _ORG_SINGLE_NOT and pw not in _DIRECTIONS:
                    break
                if pt in ("v", "p") and not (j >= 2 and len(words[j - 2]) == 1):
                    break  # 剧团 | 受 | 全国政协: a lone verb, not part of an abbreviation
                singles += 1
            elif pt not in ORG_INNER_POS or (pt == "n" and lex.freq.get(pw, 0) > 50000):
                break
            j -= 1
        if complete:
            # A whole name takes generic words in front only up to a place (青溪 | 农村 | 商业银行);
            # a body in front must touch it (人民大会堂 | 会见 | 奥委会 are two names).
            k = proper_j
            while k < i and not (pos[k] == "ns" or words[k] in lex.places or words[k] in ORG_HEADS):
                k += 1
            if k < i and all(pos[m] in ("ns", "nt", "j", "nz") or words[m] in lex.places or words[m] in ORG_HEADS
                             or (len(words[m]) == 1 and words[m] in _DIRECTIONS)
                             for m in range(proper_j, k)):
                j = proper_j
            elif k < i:
                j = k
            else:
                j = i
                while j > proper_j and (pos[j - 1] in ("ns", "nt", "j", "nz") or words[j - 1] in lex.places):
                    j -= 1
        # A name does not start with a verb or a loose adverb (威胁 | 中国队, 兼 | 国务院, 要 | …);
        # a single verb character inside an abbreviation (区文旅局) is kept.
        while j < i and pos[j] in ("v", "vn", "d", "ad", "ng", "vg", "i") and not (
            len(words[j]) == 1 and j + 1 < i and len(words[j + 1]) == 1 and j > 0 and pos[j - 1] != "x"
            and words[j - 1] in ORG_HEADS
        ):
            j += 1
        if singles >= 2 or (singles and j < i - 1):
            proper = True  # a brand or abbreviation: 青禾集团, 文旅局
        if j == i and suf in _GOV_SUFFIXES and len(w) >= len(suf) + 2:
            proper = True  # 人事部, 公安局: a department named by its remit
        headed = j == i and suf is not None and (w[: -len(suf)] in ORG_HEADS or w[: -len(suf)] in lex.places)
        if headed:
            proper = True  # 乡党委, 扬州市政府 as one word
        if (
            j == i
            and suf in _NAMING_SUFFIXES
            and len(w) >= len(suf) + 2
            and tag in ("n", "nt", "nz", "j")
            and lex.freq.get(w, 0) < 2000
        ):
            proper = True  # 公牛队, 宣传部: a dictionary word naming one body
        if not proper and j < i and w.endswith(_STRONG_ORG_SUFFIXES) and toks.starts[i] - toks.starts[j] >= 2:
            proper = True
        if not proper:
            continue
        if (w == "政府" and all(pos[k] == "ns" or words[k] in lex.places for k in range(j, i))) or (
            j == i and w.endswith("政府") and w[:-2] in lex.places
        ):
            continue  # 中国政府: the country, not a body of its own name
        if j == i and not is_nt and not headed and len(w) <= len(suf or "") + 1 and tag not in ("nz", "j"):
            continue  # a bare suffix (局, 公司) is no name
        if w.endswith(_VENUE_SUFFIXES):
            # 人民大会堂, 北京 | 音乐厅: a venue is a place; a city in front of it is a place of its own.
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
                    continue
            out.append(Span(toks.starts[j], toks.end(i) - cut, "place", NORMAL))
            continue
        out.append(Span(toks.starts[j], toks.end(i) - cut, "org", NORMAL))
    return out




def _resolve(spans: list[Span]) -> list[Span]:
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


def _bare_surnames(text: str, toks: _Tokens, persons: list[Span]) -> list[Span]:
    """黄说, 给黄送去: a surname alone, once the full name of a person with it was given."""
    surnames = {text[p.start] for p in persons if p.end - p.start in (2, 3) and text[p.start] in SURNAMES}
    surnames -= _WEAK_SURNAMES
    if not surnames:
        return []
    covered = {k for p in persons for k in range(p.start, p.end)}
    out = []
    words = toks.words
    for k, w in enumerate(words):
        if w in surnames and toks.starts[k] not in covered:
            before = words[k - 1] if k > 0 else ""
            after = words[k + 1] if k + 1 < len(words) else ""
            if (len(before) != 1 or not _HAN.match(before) or before in _NAME_STOP) and (
                len(after) != 1 or not _HAN.match(after) or after in _NAME_STOP
            ):
                out.append(Span(toks.starts[k], toks.end(k), "person", WEAK))
    return out


def _surname_shi(text: str, toks: _Tokens) -> list[Span]:
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
        if not surname_ok or w[0] in _WEAK_SURNAMES:
            continue
        if k > 0 and _is_single_han(toks, k - 1) and toks.pos[k - 1] not in _FUNCTION_POS:
            continue
        end = toks.starts[k] + 2
        if text[end : end + 1] == "族" or text[end : end + 2] == "家族":
            continue
        out.append(Span(toks.starts[k], toks.starts[k] + 1, "person", NORMAL))
    return out


_LIST_RUN = re.compile(r"[\u3400-\u9fff]{2,4}(?:、[\u3400-\u9fff]{2,4})+")


def _name_lists(text: str, lex: Lexicon) -> list[Span]:
    """王某、李某某、张某: in a 、-list whose items mostly look like names, every such item is a person."""
    out: list[Span] = []
    for m in _LIST_RUN.finditer(text):
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
    if not 2 <= len(item) <= 3 or item in lex.places or any(c in _NAME_STOP for c in item):
        return False
    if not (item[0] in SURNAMES or item[:2] in COMPOUND_SURNAMES) or item[0] in _WEAK_SURNAMES:
        return False
    tag = lex.pos.get(item)
    return tag is None or tag in ("nr", "nrfg", "nz", "nrt")


def tag_spans(text: str) -> list[Span]:
    """All entity spans in ``text`` (offsets into ``text``), non-overlapping, in order."""
    if not text or not _HAN.search(text):
        return []
    lex = get_lexicon()
    toks = _segment(text, lex)
    persons = _person_candidates(toks, lex)
    if "·" in text or "•" in text or "・" in text:
        persons += _foreign_names(text)
    persons += _leader_lists(text, toks, persons, lex)
    if "、" in text:
        persons += _name_lists(text, lex)
    persons += _bare_surnames(text, toks, persons)
    if "氏" in text:
        persons += _surname_shi(text, toks)
    places = _place_candidates(toks, lex)
    orgs = _org_candidates(toks, lex, [p for p in persons if p.strength == STRONG])
    spans = _extend_transliterations(toks, _resolve(persons + orgs + places))
    spans = _person_in_context(toks, spans, lex)
    if "—" in text or "－" in text:
        spans = _join_hyphenated(text, spans)
    return _join_abutting(text, spans)


def _join_abutting(text: str, spans: list[Span]) -> list[Span]:
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
            and _mostly_translit(text[prev.start : prev.end])
            and _mostly_translit(text[s.start : s.end])
            and s.end - prev.start <= 8
        ):
            out[-1] = Span(prev.start, s.end, "person", max(prev.strength, s.strength))
            continue
        out.append(s)
    return out


def _join_hyphenated(text: str, spans: list[Span]) -> list[Span]:
    """X—Y where both X and Y are people: one double-barrelled foreign name (施某—卡某), not two people."""
    out: list[Span] = []
    for s in spans:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == s.type == "person"
            and s.start == prev.end + 1
            and text[prev.end] in "—－"
            and _mostly_translit(text[prev.start : prev.end])
            and _mostly_translit(text[s.start : s.end])
        ):
            out[-1] = Span(prev.start, s.end, "person", max(prev.strength, s.strength))
            continue
        out.append(s)
    return out


# Words right before a name that say "a place stands here" (首都X, 港口城市X) …
_PLACE_BEFORE = frozenset("首都 首府 州府 省会 城市 小城 小镇 港口 港市 故乡 家乡 边城 古城 名城 重镇".split())
# … and right after it (X以北, X举行).
_PLACE_AFTER = frozenset("以北 以南 以东 以西 附近 境内 郊区 郊外 市区 首都 首府 全境 一带 沿岸 边境 当局".split())
# 在X举行: an event verb after the name with 在/于 before it.
_EVENT_AFTER = frozenset("举行 开幕 闭幕 召开 签署 进行 举办".split())
# A leader's government or a general is still the person (X政府, X将军).
_NOT_ORG_AFTER_NAME = ("政府", "将军", "内阁", "代表", "军")
_PLACE_AFTER_CHARS = ("市", "州", "港", "省", "区", "县", "宫", "堡")


def _person_in_context(toks: _Tokens, spans: list[Span], lex: Lexicon) -> list[Span]:
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
        if nxt.endswith(_NOT_ORG_AFTER_NAME) or nxt in AFTER_NAME or nxt in TITLES:
            pass
        elif nxt and nxt_start != starts[k1] and _org_suffix(nxt) and toks.pos[k1] in _ORG_SUFFIX_POS:
            org_end = toks.end(k1)  # (X签署, X四处: a verb or an adverb ending like a body is none)
        elif after and lex.pos.get(nxt) == "n" and _org_suffix(after) and not after.endswith(_NOT_ORG_AFTER_NAME) and (
            after not in TITLES and (nxt_start is None or nxt_start >= toks.end(k1 + 1)) and toks.pos[k1 + 1] in _ORG_SUFFIX_POS
        ):
            org_end = toks.end(k1 + 1)
        if org_end is not None:
            out.append(Span(s.start, org_end, "org", s.strength))
            continue
        if nxt in _PLACE_AFTER_CHARS and (nxt_start is None or nxt_start > starts[k1]):
            out.append(Span(s.start, toks.end(k1), "place", s.strength))
            continue
        if prev in _PLACE_BEFORE or nxt in _PLACE_AFTER or (prev in ("在", "于") and nxt in _EVENT_AFTER):
            out.append(Span(s.start, s.end, "place", s.strength))
            continue
        out.append(s)
    return out


def _extend_transliterations(toks: _Tokens, spans: list[Span]) -> list[Span]:
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
        if k0 >= len(starts) or starts[k0] != s.start or not _mostly_translit("".join(toks.words[k0:k1])):
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


def _mostly_translit(name: str) -> bool:
    """All characters transliteration ones, or all but one in a name of three or more (伊苗诺 + 娃)."""
    misses = sum(c not in TRANSLIT for c in name)
    return misses == 0 or (misses == 1 and len(name) >= 3 and name[0] in TRANSLIT and name[-1] in TRANSLIT)


def _loose_translit(toks: _Tokens, k: int) -> bool:
    """A single transliteration character jieba left on its own (not a particle or a verb of saying)."""
    w = toks.words[k]
    return len(w) == 1 and w in TRANSLIT and w not in _NAME_STOP and w not in AFTER_NAME and toks.pos[k] != "x"
