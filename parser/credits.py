"""Bylines and credits: who wrote, photographed or commented, and where the story was filed.

Chinese newspapers credit people in a handful of compact, well-known shapes: a lead-in such as
``本报讯（通讯员 甲 记者 乙）`` or ``新华社北京3月5日电（记者 甲 乙）`` before the first paragraph,
a trailing line such as ``□ 记者 甲 通讯员 乙`` or ``□ 本报评论员 甲``, and photo credits
``甲 乙 摄`` / ``甲文 乙摄``.  Typesetters pad two-character names with spaces so they line up
with three-character ones (``于 洋`` is one person), which is why single characters are glued
back together before names are split.

Everything here is a pure function over one short string; callers pass only the first/last
hundred or so characters of a paragraph, so even a pathological one-line file costs little.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Credit, CreditRole

_CJK = "\u3400-\u9fff\uf900-\ufaff"

# Role words, longest first so that 本报评论员 wins over 评论员 and 记者.
_ROLE_WORDS: tuple[tuple[str, CreditRole], ...] = (
    ("本报特约评论员", "commentator"),
    ("本报评论员", "commentator"),
    ("特约评论员", "commentator"),
    ("评论员", "commentator"),
    ("本报特约记者", "reporter"),
    ("本报见习记者", "reporter"),
    ("本报实习记者", "intern"),
    ("本报摄影记者", "photographer"),
    ("本报记者", "reporter"),
    ("新华社记者", "reporter"),
    ("中新社记者", "reporter"),
    ("特约记者", "reporter"),
    ("见习记者", "reporter"),
    ("实习记者", "intern"),
    ("摄影记者", "photographer"),
    ("执笔记者", "reporter"),
    ("首席记者", "reporter"),
    ("记者", "reporter"),
    ("本报通讯员", "correspondent"),
    ("特约通讯员", "correspondent"),
    ("通讯员", "correspondent"),
    ("实习生", "intern"),
    ("摄影", "photographer"),
    ("摄像", "photographer"),
    ("责任编辑", "editor"),
    ("编辑", "editor"),
    ("作者", "author"),
    ("撰稿", "author"),
    ("撰文", "author"),
    ("参与采写", "contributor"),
    ("供稿", "contributor"),
)
_ROLE_BY_WORD = dict(_ROLE_WORDS)
_ROLE_RE = re.compile("|".join(re.escape(w) for w, _ in _ROLE_WORDS))

# Suffixes glued to a name in photo/story credits: 甲摄, 乙文, 丙图.
_SUFFIX_ROLE: dict[str, CreditRole] = {"摄": "photographer", "图": "photographer", "绘": "author",
                                       "文": "author"}
_NAME_SPLIT = re.compile(r"[、，,；;/\s]+")
_NAME_OK = re.compile(rf"^(?:[{_CJK}]{{2,4}}|[{_CJK}]{{1,8}}[·•][{_CJK}·•]{{1,12}})$")
# Words that look like names to the splitter but are not people.
_NOT_NAMES = frozenset({"本报", "新华社", "报道", "综合", "采访", "整理", "供图", "来源", "摄影", "记者", "特约"})
# Column genres printed after a role word: ``（记者手记）`` labels a section, it names nobody.
_GENRES = frozenset({"手记", "札记", "笔记", "日记", "观察", "调查", "来信", "随笔", "感言", "体验", "探访", "追踪",
                     "连线", "视点", "故事", "心得", "回访", "述评", "点评", "走基层"})

#: Agency / paper lead-in: 本报讯, 本报北京1月31日电, 据新华社金边1月30日电, 新华社电.
_LEAD_RE = re.compile(
    rf"^(?P<ju>据)?(?P<src>本报|本刊|新华社|中新社|中新网|人民网|新华网|央视网|[{_CJK}]{{2,8}}?(?:通讯社|社|日报|晚报|报|网|台))"
    rf"(?P<place>(?:(?!记者)[{_CJK}]){{0,10}}?)(?P<date>\d{{1,2}}月\d{{1,2}}日)?(?P<end>电|讯)"
)
_PAREN_RE = re.compile(r"\s*[（(](?P<inner>[^（()）]{1,80})[)）]")
_BARE_CREDIT = re.compile(
    r"\s*(?P<who>(?:本报|特约|见习)?(?:记者|通讯员|实习生)[^，。：:；（）()“”]{1,40}?)\s*(?:报道\s*[：:]?|[：:])"
)
_HAS_ROLE = re.compile(r"记者|通讯员|实习生|评论员|摄影|编辑|撰稿|撰文|作者|采写")
_PHOTO_TAIL = re.compile(
    rf"(?:^|(?<=[。！？!?…”’）)\s]))\s*(?P<credit>(?:(?:本报|新华社|中新社)?(?:特约|摄影)?记者|通讯员)?\s*"
    rf"(?:[{_CJK}·]{{1,5}}\s*(?:文|图)?\s+){{0,4}}[{_CJK}·]{{1,5}}\s*摄)\s*(?:[（(](?P<tag>[^（()）]{{1,12}})[)）])?\s*$"
)
_TRAIL_PAREN = re.compile(r"[（(](?P<inner>[^（()）]{1,60})[)）]\s*$")
_BOX = "□■◇◆☆★▲△●○"


@dataclass(frozen=True, slots=True)
class Byline:
    """What a lead-in or credit line says: where it was filed and who is credited."""

    source: str | None = None
    dateline: str | None = None
    credits: tuple[Credit, ...] = ()
    tag: str | None = None  # a column tag printed after a photo credit: 甲摄（影像中国）
    extra: tuple[str, ...] = field(default=())


_SPACES = re.compile(r"\s+")
_ONE_CJK = re.compile(rf"[{_CJK}]")
# Cheap pre-check: a credit line mentions a role, a 摄/文/图 credit or a slash credit.
_CREDITISH = re.compile(r"记者|通讯员|实习生|评论员|摄|编辑|作者|撰|采写|供稿|整理|报道|电|[/／]|[文图](?:\s|$)")


def _clean(s: str) -> str:
    return _SPACES.sub(" ", s).strip()


def _flush(run: list[str]) -> list[str]:
    # Padding only ever splits two-character names ("于 洋"), so an even run of single
    # characters is a row of such names ("张 炜 崔 佳" is two people).
    if len(run) >= 4 and len(run) % 2 == 0:
        return ["".join(run[k:k + 2]) for k in range(0, len(run), 2)]
    return ["".join(run)]


def _glue_single_chars(tokens: list[str]) -> list[str]:
    """``["于", "洋"]`` → ``["于洋"]``: a typesetter's padding is not two people."""
    out: list[str] = []
    run: list[str] = []
    for t in tokens:
        if len(t) == 1 and _ONE_CJK.match(t) and t not in _SUFFIX_ROLE:
            run.append(t)
            continue
        if run:
            # A lone padded surname followed by a given name with a suffix: "曹 一图".
            if len(run) == 1 and t not in _SUFFIX_ROLE:
                t = run[0] + t
            else:
                out.extend(_flush(run))
            run = []
        out.append(t)
    if run:
        out.extend(_flush(run))
    return out


_SLASH_BEFORE = re.compile(r"(?<![^\s])(文·图|图·文|文图|文|图|摄影|摄)\s*[/／|｜]\s*")
_SLASH_AFTER = re.compile(r"\s*[/／]\s*(文·图|图·文|文|图|摄影|摄)(?=\s|$)")
_SLASH_ROLE = {"文": "撰文", "图": "摄影", "摄": "摄影", "摄影": "摄影", "文·图": "撰文", "图·文": "撰文",
               "文图": "撰文"}


def _unslash(text: str) -> str:
    """``文/甲 图/乙`` and ``甲/文 乙/图`` → the role-word form the parser reads."""
    text = _SLASH_BEFORE.sub(lambda m: f" {_SLASH_ROLE[m.group(1)]} ", text)
    return _SLASH_AFTER.sub(lambda m: m.group(1)[0] if m.group(1) in ("文", "图", "摄") else "摄", text)


def parse_credit_text(text: str, default: CreditRole = "correspondent") -> list[Credit]:
    """Credits in role-labelled text such as ``通讯员 甲 记者 乙、丙`` or ``甲 记者 乙``.

    Names before the first role word have no label; on Chinese bylines such a name is the
    correspondent or contributor who worked with the reporter, hence ``default``.
    """
    text = _clean(_unslash(text))
    text = re.sub(r"^(?:综合|据)", "", text)
    text = re.sub(r"(?:采访整理|整理|报道|采写)$", "", text).strip()
    credits: list[Credit] = []
    pos = 0
    role: CreditRole = default
    for m in _ROLE_RE.finditer(text):
        credits.extend(_names_with_suffixes(text[pos:m.start()], role))
        role = _ROLE_BY_WORD[m.group(0)]
        pos = m.end()
    credits.extend(_names_with_suffixes(text[pos:], role))
    return _dedupe(credits)


def _names_with_suffixes(segment: str, role: CreditRole) -> list[Credit]:
    """Names in a segment where a name may carry 摄/文/图 (``甲文 乙摄``, ``甲 乙 摄``)."""
    tokens = [t for t in _NAME_SPLIT.split(segment.strip(" ：:")) if t]
    tokens = _glue_single_chars(tokens)
    out: list[Credit] = []
    pending: list[str] = []
    for t in tokens:
        if t in _SUFFIX_ROLE:  # a free-standing 摄 applies to the names before it
            out.extend(Credit(_SUFFIX_ROLE[t], n) for n in pending if _good(n))
            pending = []
            continue
        if len(t) >= 3 and t[-1] in _SUFFIX_ROLE and _good(t[:-1]):
            suffix_role = _SUFFIX_ROLE[t[-1]]
            out.extend(Credit(suffix_role, n) for n in pending if _good(n))
            out.append(Credit(suffix_role, t[:-1]))
            pending = []
            continue
        pending.append(t)
    out.extend(Credit(role, n) for n in pending if _good(n))
    return out


def _good(name: str) -> bool:
    return bool(_NAME_OK.match(name)) and name not in _NOT_NAMES and name not in _GENRES


def _dedupe(credits: list[Credit]) -> list[Credit]:
    seen: set[tuple[str, str]] = set()
    out = []
    for c in credits:
        if (c.role, c.name) not in seen:
            seen.add((c.role, c.name))
            out.append(c)
    return out


# Page staff printed under a crawled article (``版式设计：甲``, ``本版制图：乙  责任编辑：丙``).
_STAFF_ROLES: tuple[tuple[str, CreditRole], ...] = (
    ("版式设计", "designer"), ("版面设计", "designer"), ("美术编辑", "designer"), ("美编", "designer"),
    ("版式", "designer"), ("本版制图", "graphics"), ("图表制作", "graphics"), ("制图", "graphics"),
    ("本版责编", "editor"), ("本版编辑", "editor"), ("责任编辑", "editor"), ("责编", "editor"), ("编辑", "editor"),
)
_STAFF_ROLE = dict(_STAFF_ROLES)
_STAFF_RE = re.compile(r"(?:^|(?<=\s))(" + "|".join(w for w, _ in _STAFF_ROLES) + r")\s*[：:]\s*")
#: A picture agency in brackets, after a photo credit or on its own line: ``（某某视觉）``.
_PHOTO_SOURCE = re.compile(rf"^[（(]?\s*([{_CJK}]{{2,8}})\s*[)）]?$")


def parse_staff_line(text: str) -> list[Credit] | None:
    """``版式设计：甲`` → [designer 甲]; ``本版制图：乙 责任编辑：丙`` → graphics 乙, editor 丙.

    None unless the whole line is role labels with colons and names: a sentence that merely
    starts with 编辑 is prose.
    """
    t = _clean(text)
    if len(t) > 60:
        return None
    found = list(_STAFF_RE.finditer(t))
    if not found or found[0].start() != 0:
        return None
    out: list[Credit] = []
    for m, nxt in zip(found, [*found[1:], None], strict=True):
        segment = t[m.end(): nxt.start() if nxt else len(t)]
        names = _glue_single_chars([x for x in _NAME_SPLIT.split(segment) if x])
        if not names or not all(_good(x) for x in names):
            return None
        out.extend(Credit(_STAFF_ROLE[m.group(1)], x) for x in names)
    return _dedupe(out)


def photo_source(text: str) -> Credit | None:
    """``人民视觉`` or ``（某某图片社）``: the agency a photo came from, as a credit; else None.

    Only a short run of Chinese with no role word qualifies: ``（记者 甲）`` is a byline, and
    anything longer is a note.  Callers pass only text that stands where a photo's source is
    printed (right after its 摄 credit), since a bare bracket elsewhere may be anything.
    """
    m = _PHOTO_SOURCE.match(_clean(text))
    if m is None or _HAS_ROLE.search(m.group(1)) or "摄" in m.group(1):
        return None
    return Credit("photo_source", m.group(1))


def parse_lead(text: str) -> tuple[Byline, str]:
    """Split a first paragraph into its byline and the body that follows.

    ``本报讯（记者 甲）昨天……`` → (Byline(source="本报讯", credits=(reporter 甲,)), "昨天……").
    Text without a lead-in comes back unchanged with an empty Byline.
    """
    head = text[:160]
    source = dateline = None
    pos = 0
    m = _LEAD_RE.match(head)
    if m:
        src = m.group("src")
        if m.group("end") == "讯" and not m.group("place") and not m.group("date"):
            source = src + "讯"
        else:
            source = src
            dateline = m.group(0)
        pos = m.end()
    credits: list[Credit] = []
    p = _PAREN_RE.match(head, pos)
    if p and (m or _HAS_ROLE.search(p.group("inner"))):
        inner = p.group("inner")
        if _HAS_ROLE.search(inner) or m:
            credits = parse_credit_text(inner)
            if credits or _HAS_ROLE.search(inner):
                pos = p.end()
    if m and not credits:
        # 本报讯 记者 甲 通讯员 乙报道：…… — credits without brackets, closed by 报道 or a colon.
        b = _BARE_CREDIT.match(head, pos)
        if b:
            credits = parse_credit_text(b.group("who"))
            if credits:
                pos = b.end()
    if not m and not credits:
        return Byline(), text
    rest = text[pos:].lstrip(" \u3000：:")
    return Byline(source, dateline, tuple(credits)), rest


def split_photo_credit(text: str) -> tuple[str, Byline] | None:
    """``图为……。 甲 乙 摄`` → (``图为……。``, photographers); None without a photo credit."""
    tail_start = max(0, len(text) - 60)
    if "摄" not in text[tail_start:]:
        return None
    m = _PHOTO_TAIL.search(text, tail_start)
    if not m:
        return None
    credits = parse_credit_text(m.group("credit"), default="photographer")
    if not any(c.role == "photographer" for c in credits):
        return None
    return text[: m.start()].rstrip(), Byline(credits=tuple(credits), tag=m.group("tag"))


def strip_trailing_credit(text: str) -> tuple[str, Byline] | None:
    """``……。（记者 甲）`` at the end of a brief item → (text, credits); else None."""
    if not text.rstrip().endswith(("）", ")")):
        return None
    m = _TRAIL_PAREN.search(text, max(0, len(text) - 70))
    if not m or m.start() == 0:
        return None
    inner = m.group("inner")
    if (not re.search(r"记者|通讯员|实习生|评论员|摄", inner) or re.search(r"[。！？，,]", inner)
            or re.match(r"作者(?:为|系|是)", inner) or len(inner) > 40):
        return None
    credits = parse_credit_text(inner)
    if not credits:
        return None
    return text[: m.start()].rstrip(), Byline(credits=tuple(credits))


def parse_credit_line(text: str) -> Byline | None:
    """A unit that is nothing but credits, or None.

    Recognised: ``□ 记者 甲 通讯员 乙``, ``□ 本报评论员 甲``, ``本报记者 于 洋摄``, ``甲 乙 摄``,
    ``甲文 乙摄``, ``（记者 甲）``, ``（本报某地1月1日电）``, ``（综合本报记者甲、乙报道）``,
    ``（新华社北京1月1日电 执笔记者：甲；参与采写：乙）``, ``（甲采访整理）``.
    """
    if len(text) > 160 or not (_CREDITISH.search(text) or text.lstrip()[:1] in _BOX):
        return None
    t = _clean(_unslash(text))
    if not t or len(t) > 120:
        return None
    boxed = t[0] in _BOX
    t = t.lstrip(_BOX).strip()
    if not t:
        return None
    # Fully bracketed: a trailing dateline and/or credits.
    if t[0] in "（(" and t[-1] in ")）":
        inner = t[1:-1].strip()
        if re.match(r"作者(?:为|系|是)|本文|注[：:]", inner) or "。" in inner:
            return None
        m = _LEAD_RE.match(inner)
        source = dateline = None
        rest = inner
        if m:
            source = m.group("src") + ("讯" if m.group("end") == "讯" and not m.group("place")
                                       and not m.group("date") else "")
            dateline = m.group(0) if (m.group("place") or m.group("date")) else None
            rest = inner[m.end():]
        rest = re.sub(r"[；;]", " ", rest)
        has_role = bool(_HAS_ROLE.search(rest)) or bool(re.search(r"(?:报道|整理)$", rest))
        credits = parse_credit_text(rest, default="author") if has_role else []
        if not m and not credits:
            return None
        if not m and len(_clean(rest)) > 60:
            return None
        return Byline(source, dateline, tuple(credits))
    if re.search(r"[。！？!?，,“”\"]", t):
        return None
    has_photo = bool(re.search(r"摄\s*(?:[（(][^（()）]{1,12}[)）])?$", t))
    has_role = bool(_ROLE_RE.search(t))
    raw_tokens = [x for x in t.split() if x]
    has_suffix = len(raw_tokens) >= 2 and all(x[-1] in "文图摄" for x in _glue_single_chars(raw_tokens))
    if not (has_photo or has_role or has_suffix):
        return None
    if has_role and not (has_photo or boxed or has_suffix):
        # A bare role line must read like a byline (``本报记者 甲``), not a title (``记者手记``).
        first = _ROLE_RE.search(t)
        if first is None or (first.end() < len(t) and not t[first.end()].isspace()
                             and len(_ROLE_RE.findall(t)) < 2):
            return None
    tag = None
    tm = re.search(r"[（(](?P<tag>[^（()）]{1,12})[)）]$", t)
    if tm and has_photo:
        tag = tm.group("tag")
        t = t[: tm.start()].strip()
    # Every token must be a role word, a name, or a suffix; otherwise it is prose.
    leftover = _ROLE_RE.sub(" ", t)
    tokens = _glue_single_chars([x for x in _NAME_SPLIT.split(leftover.strip(" ：:")) if x])
    if not tokens or len(tokens) > 10:
        return None
    for tok in tokens:
        core = tok[:-1] if len(tok) >= 2 and tok[-1] in _SUFFIX_ROLE else tok
        if tok not in _SUFFIX_ROLE and not _NAME_OK.match(core):
            return None
        if len(core) > 5 and "·" not in core:
            return None
    default: CreditRole = "photographer" if has_photo and not has_role else "correspondent"
    credits = parse_credit_text(t, default=default)
    if not credits:
        return None
    return Byline(credits=tuple(credits), tag=tag)
