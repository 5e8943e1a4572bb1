"""Text of one page file → :class:`~parser.model.Page`: articles in reading order, plus furniture.

Two kinds of file reach this function.  Page dumps (like the Wujin Daily seeds) hold many items
separated by blank lines: headlines, bylines, body blocks cut mid-sentence, photos with their
labels, slogans, header and footer lines.  Article-per-file crawls (like the People's Daily
issue) open with unindented title lines and carry every paragraph on one full-width-indented
line.  Both go through the same steps:

1. :func:`parser.layout.build_units` turns lines into units with layout signals;
2. each unit is classified (page furniture, credit line, title candidate, body);
3. a single left-to-right pass groups units into article drafts, deciding for every run of
   title candidates whether it opens a new article, labels a photo, is a slogan, or is just a
   short body line — from what surrounds it (a byline after it, an unfinished sentence before
   it, a photo credit, big gaps), never from the words of a particular paper;
4. drafts become frozen :class:`~parser.model.Article` records.

One crawl layout is read by position instead: files named ``YYYYMMDD-PP-NN`` whose first three
lines are kicker / headline / subheadline (an empty line for an absent one) above an indented
body (:func:`_fixed_head`).  There the layout itself says which title is which, so nothing is
guessed, and every body line that is not a credit stays in the body where it was printed.

The parser is pure, linear in the input and never raises: anything unexpected ends up as text.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from . import credits as cr
from .decode import normalize_text
from .ids import article_id, page_id
from .layout import BULLETS, Unit, build_units, clean, ends_sentence, join_cut, title_like
from .model import Article, ArticleKind, Credit, Extra, Page

__all__ = ["date_from_path", "page_number_from_path", "parse_page"]

# --- page furniture ------------------------------------------------------------------------
_DATE_CN = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_WEEKDAY = re.compile(r"星期[一二三四五六日天]")
_DATE_NUM = re.compile(r"(?<!\d)((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})(?!\d)")
_MASTHEAD = re.compile(r"总第\s*\d+\s*期|今日\s*\d+\s*版|统一连续出版物号|CN\s*\d{2}\s*-\s*\d{4}|邮发代号|农历[甲乙丙丁戊己庚辛壬癸]")
_PAGE_NO = re.compile(r"第\s*[A-Za-z]?\s*(\d{1,3}|[一二三四五六七八九十]{1,3})\s*版|(?<![0-9A-Za-z])[A-Za-z]?(\d{1,3})\s*版(?![权本])")
_PAGE_NAME = re.compile(r"版\s*[：:·•|｜/\-—]?\s*([\u4e00-\u9fff]{2,8})")
_PAPER = re.compile(r"(?:日报|晚报|早报|时报|商报|都市报|青年报|周报|农民报|法制报|经济报)$")
_EDITOR = re.compile(r"^(?:责任编辑|责编|本版责编|本版编辑|值班编辑)\s*[：:]?\s*\S")
_FOOTER_ROLES = (r"(?:责任校对|本版校对|校对|美编|美术编辑|版式设计|版式|本版制图|制图|排版|组版|照排|图片编辑|"
                 r"摄影编辑|责任编辑|责编|本版责编|本版编辑|值班编辑|编辑)")
_FOOTER = re.compile(rf"^{_FOOTER_ROLES}\s*[：:]")
_FOOTER_BARE = re.compile(rf"^(?:{_FOOTER_ROLES}\s*[：:]?\s*[\u4e00-\u9fff·]{{2,4}}(?:[、\s]+[\u4e00-\u9fff·]{{2,4}})*\s*)+$")
_PAGE_CODE = re.compile(r"(?:^|[\s|｜·/])[A-Z]0?(\d{1,2})(?=[\s|｜·/]|[\u4e00-\u9fff]|$)")
_JUMP = re.compile(r"[（(]\s*(?:下转|上接|接上|转下|紧接|续接|转|接)\s*第?\s*[A-Za-z]?\s*\d{1,3}\s*版\s*[)）]")
_ROUNDUP = re.compile(r"^(?:新闻)?(?:简讯|快讯|短讯|简报|速览|速读|速递|动态|一句话新闻|新闻简报|要闻简报)$")
_PHOTO_LABEL = re.compile(r"^(?:图片新闻|图片报道|新闻图片|摄影报道|图片故事|图说\S{0,6}|看图\S{0,4}|图闻)$")
_KICKER_END = re.compile(r"(?:——|--|：|:|…|强调|指出|表示|要求|提出|印发|寄语|呼吁)$")
_ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]{1,3}[、是]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、．]|[①-⑳])")
_TITLE_TAG = re.compile(r"[（(][^（()）]{1,16}(?:[（(][^（()）]{1,10}[)）])?[^（()）]{0,4}[)）]$")
_COMMENT_KICKER = re.compile(r"评论员文章|评论员观察|社论|时评|短评|快评|述评")
_COMMENT_TAG = re.compile(r"[（(][^（()）]*(?:评|论|观点|随笔|杂谈|札记)[^（()）]*[)）]$")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_TITLE_MARKS = "■□◆◇★☆▲△◎"


def _number(s: str) -> int | None:
    """``"12"`` → 12, ``"十二"`` → 12, ``"三"`` → 3 (page numbers only go so high)."""
    if s.isdigit():
        return int(s) or None
    if "十" in s:
        tens, _, ones = s.partition("十")
        value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    else:
        value = _CN_DIGITS.get(s, 0)
    return value or None


@dataclass
class _Draft:
    """An article being assembled while units stream past."""

    titles: list[Unit] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    source: str | None = None
    dateline: str | None = None
    open: bool = False  # last paragraph cut mid-sentence
    lead_done: bool = False
    photo: bool = False  # a photographer was credited
    photo_done: bool = False  # ... and the photo's credit line has been read
    brief: bool = False
    label: str | None = None
    tag: str | None = None
    commentary: bool = False

    def add_credits(self, cs: tuple[Credit, ...] | list[Credit]) -> None:
        for c in cs:
            if c not in self.credits:
                self.credits.append(c)
            if c.role == "photographer":
                self.photo = True
            if c.role == "commentator":
                self.commentary = True


def _may_open_with_lead(d: _Draft) -> bool:
    """The byline opens the first paragraph; after a short deck or a repeated title (crawls do
    that) it may open the second or third, but then only as a dateline."""
    return not d.lead_done and (not d.paragraphs or (
        len(d.paragraphs) < 3 and all(len(p) <= 80 for p in d.paragraphs)))


def _take_lead(d: _Draft, text: str) -> str:
    """Read a source/dateline/byline off the front of ``text`` into ``d``; returns what is left."""
    lead, rest = cr.parse_lead(text)
    if lead.source or lead.dateline or (lead.credits and not d.paragraphs):
        d.lead_done = True
        d.source, d.dateline = lead.source, lead.dateline
        d.add_credits(lead.credits)
        return rest
    return text


def parse_page(text: str, *, source: str, rel_path: str, encoding: str = "utf-8",
               warnings: tuple[str, ...] = ()) -> Page:
    """Parse one decoded page file into a :class:`Page` (articles without entities).

    ``source`` is the path as given (kept in ``Page.source``); ``rel_path`` is the POSIX path
    relative to the archive root, from which the ids and, failing a printed header, the date
    and page number come.  Never raises: on an internal error the page comes back empty with
    a warning, so one strange file cannot stop an archive from opening.
    """
    try:
        return _parse(text, source, rel_path, encoding, tuple(warnings))
    except Exception as exc:  # the contract is "never raise"; tests assert this path is unused
        return Page(source=source, id=page_id(rel_path), date=date_from_path(rel_path),
                    page_number=page_number_from_path(rel_path), page_name=None, encoding=encoding,
                    articles=(), extras=(), warnings=(*warnings, f"page parser failed: {exc!r}"))


# --- dates and page numbers -----------------------------------------------------------------
def _valid_date(y: str, m: str, d: str) -> str | None:
    try:
        return _dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


_PATH_DATES = (
    re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-_./](\d{1,2})[-_./](\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)"),
)


def date_from_path(rel_path: str) -> str | None:
    """``20190201-03-05.txt``, ``2019-02-01/…``, ``2019/02/01/…``, ``2019年2月1日…`` → ISO date."""
    return next((iso for rx in _PATH_DATES for m in rx.finditer(rel_path) if (iso := _valid_date(*m.groups()))),
                None)


_PATH_PAGE = (
    re.compile(r"第\s*[A-Za-z]?(\d{1,3})\s*版"),
    re.compile(r"(?<![0-9A-Za-z])[A-Za-z]?(\d{1,3})\s*版"),
    re.compile(r"(?:19|20)\d{2}[-_]?\d{2}[-_]?\d{2}[-_ ]+[A-Za-z]?(\d{1,3})(?=[-_. ]|$)"),
)


def page_number_from_path(rel_path: str) -> int | None:
    """``20190201-03-05.txt`` → 3; ``第3版.txt`` / ``A03版`` → 3; otherwise None."""
    name = PurePosixPath(rel_path).name
    for rx in _PATH_PAGE:
        m = rx.search(name)
        if m:
            n = int(m.group(1))
            return n if n > 0 else None
    return None


# --- classification -------------------------------------------------------------------------
def _header_kind(text: str, before_articles: bool) -> str | None:
    """'header'/'footer'/'jump' for furniture lines, else None."""
    if len(text) > 60 or "。" in text:
        return None
    if _JUMP.fullmatch(text):
        return "jump"
    if _FOOTER.match(text) or (_FOOTER_BARE.match(text) and len(text) <= 40):
        return "header" if before_articles and _EDITOR.match(text) else "footer"
    if _WEEKDAY.search(text) and (_DATE_CN.search(text) or _DATE_NUM.search(text) or len(text) <= 12):
        return "header"
    if _MASTHEAD.search(text) and len(text) <= 50:
        return "header"
    if _PAGE_NO.search(text) and len(text) <= 30 and not re.search(r"[，,！？]", text):
        # "第3版 要闻" or "A03版：评论" — but not a headline that merely mentions 版.
        stripped = _PAGE_NO.sub("", text)
        stripped = re.sub(r"[\s：:·•|｜/\-—]", "", stripped)
        if len(stripped) <= 10 or _DATE_CN.search(text):
            return "header"
    if before_articles and len(text) <= 40 and _DATE_CN.search(text):
        rest = _DATE_CN.sub("", text)
        if len(re.sub(r"[\s|｜/·•]", "", rest)) <= 16:
            return "header"
    if before_articles and len(text) <= 14 and _PAPER.search(text.replace(" ", "")):
        return "header"
    return None


def _is_photo_credit(b: cr.Byline | None) -> bool:
    return b is not None and any(c.role == "photographer" for c in b.credits)


# --- the pass -------------------------------------------------------------------------------
class _Parser:
    def __init__(self, text: str) -> None:
        self.units = build_units(text)
        n = len(self.units)
        indented = sum(1 for u in self.units if u.indent)
        self.indented_layout = indented >= 2 and indented * 2 >= n
        # Do blank lines separate the page's blocks?  Then two title lines with no blank line
        # between them are one headline wrapped over two lines.
        gapped = sum(1 for u in self.units[1:] if u.gap)
        self.blank_separated = n >= 2 and gapped >= 0.6 * (n - 1) and not self.indented_layout
        self.extras: list[Extra] = []
        self.drafts: list[_Draft] = []
        self.cur: _Draft | None = None
        self.date: str | None = None
        self.page_number: int | None = None
        self.page_name: str | None = None
        # Pre-compute the cheap per-unit facts the pass looks ahead at.
        self.credit_line: list[cr.Byline | None] = []
        self.is_title: list[bool] = []
        self.has_lead: list[bool] = []
        for idx, u in enumerate(self.units):
            if (u.text[0] == "【" and u.text[-1] == "】" and "】" not in u.text[:-1]
                    and title_like(u.text[1:-1])):
                u = self.units[idx] = replace(u, text=u.text[1:-1].strip())  # 【标题】
            if u.text[0] in _TITLE_MARKS and title_like(u.text.lstrip(_TITLE_MARKS + " ")) and len(u.text) > 1:
                # "■图片新闻", "◆桐江新区……": a box in front of a short line marks a title.
                bare = u.text.lstrip(_TITLE_MARKS + " ")
                if bare and cr.parse_credit_line(u.text) is None:
                    u = self.units[idx] = replace(u, text=bare)
            bl = cr.parse_credit_line(u.text) if len(u.text) <= 120 else None
            self.credit_line.append(bl)
            head = u.text[:48].lstrip(BULLETS + " ")
            has_lead = False
            if head[:1] in "（(" or "电" in head or "讯" in head:  # cheap filter: most units aren't
                lead, _rest = cr.parse_lead(head)
                has_lead = bool(lead.source or lead.dateline or lead.credits)
            self.has_lead.append(has_lead)
            t = bool(u.md) or (bl is None and title_like(u.text) and u.text[0] not in BULLETS
                               and not self.has_lead[-1])
            if self.indented_layout and u.indent and not u.md:
                t = False  # in an indented dump, indented lines are body (crossheads included)
            self.is_title.append(t)
        for k in range(n - 1, -1, -1):
            u = self.units[k]
            # A long headline (too long for title_like) still shows itself by the byline below it.
            if (not self.is_title[k] and not u.indent and len(u.text) <= 64 and k + 1 < n
                    and self.has_lead[k + 1] and not self.has_lead[k] and self.credit_line[k] is None
                    and not any(c in u.text for c in "。；;") and u.text[-1] not in "，、,"):
                self.is_title[k] = True
            # A short line ending like a sentence (！？…：) is a title only right above a byline
            # or another title line (a kicker such as "某某强调：").
            if self.is_title[k] and not u.md and u.text[-1] in "！？!?…：:":
                self.is_title[k] = k + 1 < n and (self.has_lead[k + 1] or self.is_title[k + 1] or (
                    self.credit_line[k + 1] is not None and not _is_photo_credit(self.credit_line[k + 1])))

    # -- helpers
    def _new(self, titles: list[Unit] | None = None) -> _Draft:
        cur = self.cur
        if (titles and cur is not None and not cur.titles and not cur.paragraphs and not cur.photo_done
                and not cur.brief and cur.label is None):
            # Only a byline has been read (printed above the headline): the title joins it.
            cur.titles = list(titles)
            return cur
        d = _Draft(titles=list(titles or []))
        self.drafts.append(d)
        self.cur = d
        return d

    def _byline_at(self, k: int) -> bool:
        if k >= len(self.units):
            return False
        bl = self.credit_line[k]
        if bl is not None and not _is_photo_credit(bl) and bl.credits:
            return True
        return self.has_lead[k]

    def _caption_at(self, k: int) -> bool:
        """Is unit k the caption of a photo (credit inline, or on the next line)?"""
        if k >= len(self.units) or self.is_title[k] or self.credit_line[k] is not None:
            return False
        if cr.split_photo_credit(self.units[k].text) is not None:
            return True
        return k + 1 < len(self.units) and _is_photo_credit(self.credit_line[k + 1])

    # -- main loop
    def run(self) -> None:
        units = self.units
        n = len(units)
        i = 0
        while i < n:
            u = units[i]
            kind = _header_kind(u.text, before_articles=not self.drafts)
            if kind is not None and not (u.md and kind == "header" and self.drafts):
                self._furniture(kind, u.text)
                i += 1
                continue
            bl = self.credit_line[i]
            if bl is not None:
                self._credit_line(bl, i)
                i += 1
                continue
            if self.is_title[i]:
                consumed = self._title_run(i)
                if consumed:
                    i += consumed
                    continue
            self._body(u, i)
            i += 1

    def _furniture(self, kind: str, text: str) -> None:
        self.extras.append(Extra(kind, text))
        if kind == "jump" and self.cur is not None:
            self.cur.open = False  # the story goes on elsewhere; what follows is not its sentence
        if kind != "header":
            return
        if self.date is None:
            m = _DATE_CN.search(text) or _DATE_NUM.search(text)
            if m:
                self.date = _valid_date(*m.groups())
        if self.page_number is None:
            text = re.sub(r"(?:今日|本期|共)\s*\d+\s*版", " ", text)  # the page count
            m = _PAGE_NO.search(text)
            if m:
                self.page_number = _number(m.group(1) or m.group(2))
                nm = _PAGE_NAME.search(text, m.end() - 1)
                if nm and not _DATE_CN.search(nm.group(1)) and not _WEEKDAY.search(nm.group(1)):
                    self.page_name = nm.group(1)
            elif _DATE_CN.search(text) or _WEEKDAY.search(text) or "|" in text or "｜" in text:
                # A masthead line with a bare page code: "… | A2 要闻 | …".
                c = _PAGE_CODE.search(text)
                if c:
                    self.page_number = int(c.group(1)) or None
                    nm = re.match(r"\s*([\u4e00-\u9fff]{2,8})", text[c.end():])
                    if nm and not _WEEKDAY.search(nm.group(1)):
                        self.page_name = nm.group(1)

    def _credit_line(self, bl: cr.Byline, i: int) -> None:
        cur = self.cur
        if cur is None or (_is_photo_credit(bl) and ((cur.photo_done and self.units[i].gap >= 2) or cur.brief)):
            cur = self._new()
        if _is_photo_credit(bl) and not cur.photo and len(cur.paragraphs) > 1:
            # A photo credit after a multi-paragraph story: if its last block stands apart
            # (big gap before it, or "图为"), that block is a separate photo item.
            prev = self.units[i - 1] if i else None
            story = bool(cur.source or cur.dateline or cur.credits)  # a bylined story, not a photo essay
            if (prev is not None and not cur.brief and not self.indented_layout
                    and (prev.gap >= 2 or ("图为" in cur.paragraphs[-1] and story))):
                caption = cur.paragraphs.pop()
                cur = self._new()
                cur.paragraphs.append(caption)
        cur.add_credits(bl.credits)
        if bl.source and not cur.source:
            cur.source = bl.source
        if bl.dateline and not cur.dateline:
            cur.dateline = bl.dateline
        if bl.tag and not cur.tag:
            cur.tag = bl.tag
        if _is_photo_credit(bl):
            cur.photo_done = True
        cur.open = False

    def _title_run(self, i: int) -> int:
        """Decide what a run of title candidates starting at i is; return units consumed (0: body)."""
        units = self.units
        n = len(units)
        j = i
        run: list[Unit] = []
        while j < n and len(run) < 4:
            u = units[j]
            same_level_md = u.md and any(r.md == u.md for r in run)
            if run and (not self.is_title[j] or u.gap >= 2 or same_level_md):
                # In an indented dump a long unindented line right after the title is a deck.
                if not (self.indented_layout and run and not u.indent and not u.md and u.gap < 2
                        and self.credit_line[j] is None and not self.is_title[j]
                        and _header_kind(u.text, False) is None):
                    break
            if run and _header_kind(u.text, not self.drafts) is not None:
                break
            run.append(u)
            j += 1
            if _ROUNDUP.match(u.text):
                break
        k = j
        counts = [1] * len(run)
        if self.blank_separated and len(run) > 1:
            run, counts = _merge_wrapped(run)

        def used(m: int) -> int:  # original units covered by the first m (merged) run entries
            return sum(counts[:m])

        cur = self.cur
        first = run[0]
        has_md = any(r.md for r in run)
        # A label printed after a photo's credit, even when the next article's heading follows.
        if cur is not None and cur.photo_done and not first.md and not cur.open:
            m = next((x for x, r in enumerate(run) if r.md), len(run))
            if m < len(run) or not (self._caption_at(k) or (k < n and not self.is_title[k]
                                                             and self.credit_line[k] is None
                                                             and units[k].gap < 2 and not self.indented_layout)):
                self._label(run[:m])
                return used(m)
        caption_next = self._caption_at(k)
        # Slogans standing between items: a hard-break pair, or an equal-length short couplet,
        # in front of a real title (never in front of a photo caption: that is a label).
        if (len(run) >= 2 and first.lines >= 2 and not first.md and not caption_next
                and all(len(p) <= 16 for p in first.text.split(" "))):
            self.extras.append(Extra("banner", first.text))
            return used(1)
        if (len(run) >= 3 and not first.md and not run[1].md and len(first.text) <= 10
                and len(first.text) == len(run[1].text) and " " not in first.text + run[1].text
                and not run[2].text.startswith(("——", "--"))):
            self.extras.append(Extra("banner", f"{first.text} {run[1].text}"))
            return used(2)
        if _ROUNDUP.match(run[-1].text) and not has_md:
            d = self._new(run)
            d.brief = True
            return used(len(run))
        nxt_title = k < n and self.is_title[k]
        byline_next = self._byline_at(k)
        if has_md or byline_next:
            decision = "new"
        elif cur is None:
            decision = "new"
        elif (cur.open and first.lines == 1 and not first.indent
              and (first.gap == 0 or (first.gap == 1 and len(run) == 1))):
            # The sentence before is unfinished: this is its continuation (a soft-wrapped line,
            # or a block cut by a blank line).  Two title lines in a row are a new title block.
            decision = "body"
        elif self.indented_layout and not first.indent:
            # In an indented dump an unindented line opens a new story only when set apart by a
            # blank line; a crawl (one story per file, no blank lines) keeps a stray one as body.
            decision = "new" if first.gap >= 1 else "body"
        elif _ENUMERATED.match(first.text) and not caption_next:
            decision = "body"  # "一、……" / "（二）……": a crosshead inside the story
        elif k >= n:
            decision = "label" if cur.photo else ("extra" if first.lines > 1 else "new")
        elif caption_next:
            decision = "new"
        elif first.gap >= 2:
            decision = "new"
        elif cur.brief and len(run) == 1 and not nxt_title:
            decision = "body"
        elif len(run) == 1 and ("，" in first.text or "," in first.text):
            decision = "body"
        else:
            decision = "new"
        if decision == "body":
            return 0
        if decision == "extra":
            self.extras.append(Extra("banner", " ".join(r.text for r in run)))
            return used(len(run))
        if decision == "label":
            self._label(run)
            return used(len(run))
        self._new(run)
        return used(len(run))

    def _label(self, run: list[Unit]) -> None:
        label = " ".join(r.text for r in run)
        cur = self.cur
        if cur is not None and cur.label is None:
            cur.label = label
        else:
            self.extras.append(Extra("label", label))

    def _body(self, u: Unit, i: int) -> None:
        cur = self.cur
        text = u.text
        # A caption: its photo credit is on the next line or at its own end.
        nxt_photo = (i + 1 < len(self.units) and _is_photo_credit(self.credit_line[i + 1])) or (
            cur is not None and cur.paragraphs and cr.split_photo_credit(text) is not None)
        if cur is None:
            cur = self._new()
        elif cur.photo_done and cur.paragraphs and (u.gap >= 2 or not cur.titles) and not cur.open:
            cur = self._new()  # a photo item is closed by its credit; what follows is new
        elif (nxt_photo and cur.paragraphs and not cur.open and not cur.photo and not self.indented_layout
              and (u.gap >= 2 or ("图为" in text and (cur.source or cur.dateline or cur.credits)))):
            cur = self._new()  # a caption standing apart from the story before it
        elif cur.brief and u.gap >= 2 and text[0] not in BULLETS and not cur.open:
            cur = self._new()  # the roundup's items are over
        text, jumps, jumped_out = _strip_jumps(text)
        self.extras.extend(Extra("jump", j) for j in jumps)
        if not text:
            return
        bullet = text[0] in BULLETS
        if bullet and cur.brief:
            text = text.lstrip(BULLETS + " ")
        if _may_open_with_lead(cur):
            text = _take_lead(cur, text)
        elif bullet and cur.brief:
            lead, rest = cr.parse_lead(text)
            if lead.credits or lead.source:
                cur.add_credits(lead.credits)
                cur.source = cur.source or lead.source
                text = rest
        photo = cr.split_photo_credit(text)
        if photo is not None:
            text, bl = photo
            cur.add_credits(bl.credits)
            cur.photo_done = True
            if bl.tag and not cur.tag:
                cur.tag = bl.tag
        trail = cr.strip_trailing_credit(text)
        if trail is not None:
            text, bl = trail
            cur.add_credits(bl.credits)
        if not text:
            return
        if cur.paragraphs and cur.open and not u.indent and not (bullet and cur.brief):
            cur.paragraphs[-1] = join_cut(cur.paragraphs[-1], text)
        else:
            cur.paragraphs.append(text)
        # An enumerated crosshead ("一、……") or an item title in a roundup is complete as it is.
        cur.open = (not ends_sentence(text) and trail is None and photo is None and not jumped_out
                    and not (self.is_title[i] and (_ENUMERATED.match(text) or cur.brief)))


def _strip_jumps(text: str) -> tuple[str, list[str], bool]:
    """Remove jump lines printed inside a block — (上接第1版) at its start, (下转第2版) at its end.

    Returns the text, the jump lines removed, and whether one ended the block (the story then
    continues on another page, so its last sentence is not cut here).  Only the first and last
    24 characters are searched: jumps sit at the edges, and the cost stays constant.
    """
    n = len(text)
    spans = {m.span(): m.group(0) for m in _JUMP.finditer(text, 0, min(n, 24))}
    spans.update({m.span(): m.group(0) for m in _JUMP.finditer(text, max(0, n - 24))})
    if not spans:
        return text, [], False
    at_end = any(end == n for _, end in spans)
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return text.strip(), [spans[k] for k in sorted(spans)], at_end


def _merge_wrapped(run: list[Unit]) -> tuple[list[Unit], list[int]]:
    """Join title lines printed without a blank line between them (a wrapped headline).

    Not across a kicker ending (——, ：, 强调…), before a "——" subtitle, or around markdown.
    The join uses a space, as printed titles do between their two halves.
    """
    out = [run[0]]
    counts = [1]
    for u in run[1:]:
        prev = out[-1]
        if (u.gap == 0 and not u.md and not prev.md and prev.lines == 1 and u.lines == 1 and counts[-1] == 1
                and not _KICKER_END.search(prev.text) and not u.text.startswith(("——", "--"))
                and not _ROUNDUP.match(prev.text) and len(prev.text) + len(u.text) <= 48):
            out[-1] = replace(prev, text=f"{prev.text} {u.text}")
            counts[-1] += 1
        else:
            out.append(u)
            counts.append(1)
    return out, counts


# --- drafts → articles ----------------------------------------------------------------------
def _core_len(s: str) -> int:
    return len(s) - len(s[-40:]) + len(_TITLE_TAG.sub("", s[-40:]))


def _assign_titles(units: list[Unit], head_level: int = 0) -> tuple[str | None, str, str | None, str | None]:
    """(kicker, headline, subheadline, deck) from the title lines of one article, top to bottom.

    A markdown heading is the headline (at the page's usual heading level when there are
    several); lines above it are the kicker, lines below the subheadline.  Without markup the
    shape decides: kicker lead-ins end in "——", "：" or a verb of saying, subtitles start with
    "——", a column tag "（…）" marks the main title, and a main title is usually the shorter.
    """
    lines = [u.text for u in units]
    if not lines:
        return None, "", None, None
    mds = [x for x, u in enumerate(units) if u.md]
    if mds:
        at_level = [x for x in mds if units[x].md == head_level]
        h = at_level[0] if at_level else min(mds, key=lambda x: units[x].md)
        before, after = lines[:h], lines[h + 1:]
        if before or after:
            return (" ".join(before) or None, lines[h], " ".join(after) or None, None)
        lines = [lines[h]]
    decks = [s for s in lines if len(s) > 42 or "。" in s]
    t = [s for s in lines if s not in decks]
    deck = " ".join(decks) if decks else None
    if not t:
        return None, decks[0], None, " ".join(decks[1:]) or None
    if len(t) == 1:
        head = t[0]
        main, dash, rest = head.partition(" ——")
        if dash and main and rest:  # "主题 ——副题" on one line
            return None, main, "——" + rest, deck
        parts = head.split(" ")
        if len(parts) >= 3 and len(parts[0]) >= 6 and len(" ".join(parts[1:])) >= 6 and not _TITLE_TAG.search(parts[0]):
            return None, parts[0], " ".join(parts[1:]), deck
        return None, head, None, deck
    if len(t) == 2:
        a, b = t
        if b.startswith(("——", "--", "─")):
            return None, a, b, deck
        if _KICKER_END.search(a) or _COMMENT_KICKER.search(a):
            return a, b, None, deck
        tag_a, tag_b = bool(_TITLE_TAG.search(a[-40:])), bool(_TITLE_TAG.search(b[-40:]))
        if tag_b and not tag_a:
            return a, b, None, deck
        if tag_a and not tag_b:
            return None, a, b, deck
        if _core_len(a) < _core_len(b):
            return None, a, b, deck
        return a, b, None, deck
    if t[1].startswith(("——", "--")):
        return None, t[0], " ".join(t[1:]), deck
    return " ".join(t[:-2]), t[-2], t[-1], deck


def _derived_headline(text: str) -> str:
    """A stand-in title for an untitled item: its first clause, shortened."""
    first = re.split(r"[。！？；，,]", text, maxsplit=1)[0].strip()
    return first if len(first) <= 20 else first[:20] + "…"


def _finish(d: _Draft, rel_path: str, ordinal: int, page: str, date: str | None,
            number: int | None, head_level: int = 0,
            head: tuple[str | None, str, str | None] | None = None) -> Article:
    """The frozen article of a draft; ``head`` gives kicker, headline and subheadline when the
    file's layout already says which is which (a fixed-head crawl), instead of guessing."""
    if head is not None:
        kicker, headline, sub = head
        deck = None
    else:
        kicker, headline, sub, deck = _assign_titles(d.titles, head_level)
    titled = bool(d.titles) or head is not None
    paragraphs = list(d.paragraphs)
    if deck:
        if sub is None:
            sub = deck
        else:
            paragraphs.insert(0, deck)
    label = d.label
    if label is None and d.tag and d.photo:
        label = d.tag
    text_len = sum(len(p) for p in paragraphs)
    is_label = bool(_PHOTO_LABEL.match(headline.replace(" ", ""))) if headline else False
    kind: ArticleKind = "news"
    caption = None
    if (d.photo or (is_label and not d.source)) and (is_label or not titled or d.label
                    or (not d.source and not d.dateline and text_len <= 400)):
        kind = "photo"
        caption = "\n".join(paragraphs) or None
        paragraphs = []
    elif d.brief:
        kind = "brief"
    elif (d.commentary or (headline and _COMMENT_TAG.search(headline[-40:]))
          or _COMMENT_KICKER.search(kicker or "") or _COMMENT_KICKER.fullmatch(headline)):
        kind = "commentary"
    if not headline:
        if label:
            headline, label = label, None
        else:
            headline = _derived_headline(caption or (paragraphs[0] if paragraphs else ""))
    if label and label not in (headline, kicker):
        if kicker is None:
            kicker = label
    return Article(
        id=article_id(rel_path, ordinal), kind=kind, headline=headline, kicker=kicker or None,
        subheadline=sub or None, source=d.source, dateline=d.dateline, credits=tuple(d.credits),
        paragraphs=tuple(paragraphs), caption=caption, page_id=page, ordinal=ordinal, date=date,
        page_number=number,
    )


def _parse(text: str, source: str, rel_path: str, encoding: str, warnings: tuple[str, ...]) -> Page:
    text = normalize_text(text)
    fixed = _fixed_head(text, rel_path)
    if fixed is not None:
        return _parse_fixed_head(*fixed, source, rel_path, encoding, warnings)
    p = _Parser(text)
    p.run()
    date = p.date or date_from_path(rel_path)
    number = p.page_number if p.page_number is not None else page_number_from_path(rel_path)
    pid = page_id(rel_path)
    drafts = [d for d in p.drafts if d.titles or d.paragraphs or d.credits or d.label]
    if p.indented_layout and len(drafts) > 1 and not any(u.md for u in p.units):
        drafts = _merge_crawl(drafts)
    levels = Counter(u.md for u in p.units if u.md)
    head_level = levels.most_common(1)[0][0] if levels else 0
    articles = tuple(_finish(d, rel_path, i, pid, date, number, head_level) for i, d in enumerate(drafts))
    return Page(source=source, id=pid, date=date, page_number=number, page_name=p.page_name,
                encoding=encoding, articles=articles, extras=tuple(p.extras), warnings=warnings)


def _merge_crawl(drafts: list[_Draft]) -> list[_Draft]:
    """In an indented crawl, untitled drafts (a body after a credit line) belong to the story."""
    out: list[_Draft] = []
    for d in drafts:
        if out and not d.titles:
            prev = out[-1]
            prev.paragraphs.extend(d.paragraphs)
            prev.add_credits(d.credits)
            prev.photo_done = prev.photo_done or d.photo_done
            prev.label = prev.label or d.label
            prev.tag = prev.tag or d.tag
            continue
        out.append(d)
    return out


# --- article-per-file crawls with a fixed head ----------------------------------------------
# A public crawler of People's Daily stores each article as ``YYYYMMDD-PP-NN.txt`` with a fixed
# head: line 1 the kicker (引题) or empty, line 2 the headline, line 3 the subheadline (副题) or
# empty, then the body, one full-width-indented paragraph per line.  The empty lines are the
# layout's way of saying "absent", so the head is read by position: guessing from the shape of
# the titles (what a page dump needs) swaps them whenever a field is missing.
_CRAWL_NAME = re.compile(r"^(?:19|20)\d{6}-\d{1,3}-\d{1,3}(?:\.[A-Za-z0-9]{1,5})?$")
_INDENTS = ("\u3000", "  ", "\t")
_HEAD_MAX = 200  # a head line longer than this is prose, not a title (long subheads list names)
_BODY_INDENTED = 2 / 3  # share of body lines that must be indented (a table may not be)


def _fixed_head(text: str, rel_path: str) -> tuple[tuple[str | None, str, str | None], list[str]] | None:
    """((kicker, headline, subheadline), body lines) when the file is in the fixed-head layout.

    All of these must hold, so a page dump never qualifies by accident: the file is named like
    the crawl (``20200114-04-02.txt``); the three head lines are unindented and short, and the
    headline is present; the body below them (if any) is indented paragraphs, starting with
    the first.
    A crawl whose titles are not padded to three lines (its body starts on line 2 or 3) or
    whose head is longer fails the last test and is read by the general parser.
    """
    if not _CRAWL_NAME.match(PurePosixPath(rel_path).name):
        return None
    lines = text.split("\n")
    if len(lines) < 3:
        return None
    head = [clean(x) for x in lines[:3]]
    if (not head[1] or any(x.startswith(_INDENTS) and x.strip(" \t\u3000") for x in lines[:3])
            or any(len(x) > _HEAD_MAX for x in head)):
        return None
    body = [x for x in lines[3:] if x.strip(" \t\u3000")]
    if not body:  # a head and nothing else: only if every line of it reads like a title
        if not all(title_like(x, _HEAD_MAX) for x in head if x):
            return None
        return (head[0] or None, head[1], head[2] or None), []
    if not body[0].startswith(_INDENTS):
        return None
    if sum(1 for x in body if x.startswith(_INDENTS)) < _BODY_INDENTED * len(body):
        return None
    return (head[0] or None, head[1], head[2] or None), lines[3:]


def _read_crawl_body(lines: list[str]) -> _Draft:
    """The body of a fixed-head crawl as one draft: every line a paragraph, unless it is a credit.

    Credits are lines that are nothing but credits (``本报记者 甲``, ``甲摄（某某视觉）``, staff
    lines such as ``版式设计：乙``) and bylines at a paragraph's edges.  A bracketed sign-off
    (``（本报某地电）``) becomes the dateline only while the story has none: in a digest the later
    items' sign-offs stay in the body where they were printed.
    """
    d = _Draft()
    after_photo = False  # the previous line was a photo credit: a bracketed agency may follow
    for line in lines:
        text = clean(line)
        if not text:
            continue
        if after_photo and text[0] in "（(":
            agency = cr.photo_source(text)
            if agency is not None:
                d.add_credits([agency])
                continue
        after_photo = False
        staff = cr.parse_staff_line(text)
        if staff:
            d.add_credits(staff)
            continue
        bl = cr.parse_credit_line(text) if len(text) <= 120 else None
        if bl is not None and (bl.source or bl.dateline) and (d.source or d.dateline):
            d.add_credits(bl.credits)  # a later sign-off: its people are credited, its line stays
            d.paragraphs.append(text)
            continue
        if bl is not None:
            d.add_credits(bl.credits)
            d.source = d.source or bl.source
            d.dateline = d.dateline or bl.dateline
            after_photo = _is_photo_credit(bl)
            _credit_photo_source(d, bl.tag, after_photo)
            continue
        if _may_open_with_lead(d):
            text = _take_lead(d, text)
        photo = cr.split_photo_credit(text)
        if photo is not None:
            text, pbl = photo
            d.add_credits(pbl.credits)
            _credit_photo_source(d, pbl.tag, True)
            after_photo = True
        trail = cr.strip_trailing_credit(text)
        if trail is not None:
            text, tbl = trail
            d.add_credits(tbl.credits)
        if text:
            d.paragraphs.append(text)
    return d


def _credit_photo_source(d: _Draft, tag: str | None, is_photo: bool) -> None:
    """The bracket after a photo credit (``甲摄（某某视觉）``) names the agency: a credit."""
    if tag and is_photo:
        agency = cr.photo_source(tag)
        if agency is not None:
            d.add_credits([agency])


def _parse_fixed_head(head: tuple[str | None, str, str | None], body: list[str], source: str, rel_path: str,
                      encoding: str, warnings: tuple[str, ...]) -> Page:
    d = _read_crawl_body(body)
    d.brief = bool(_ROUNDUP.match(head[1].replace(" ", "")))  # a roundup's headline: 简讯, 速览 …
    date, number, pid = date_from_path(rel_path), page_number_from_path(rel_path), page_id(rel_path)
    article = _finish(d, rel_path, 0, pid, date, number, head=head)
    return Page(source=source, id=pid, date=date, page_number=number, page_name=None, encoding=encoding,
                articles=(article,), extras=(), warnings=warnings)
