"""Lines of a page dump → units with the layout signals the page parser decides on.

A text dump of a newspaper page has lost its typography, but not all of it: blank lines still
separate blocks (and runs of blank lines separate items), full-width indents still open
paragraphs, markdown ``#`` and trailing hard-break spaces survive from converters, and the
punctuation at the end of a block says whether the sentence goes on.  This module turns lines
into :class:`Unit` records carrying exactly those signals, plus small predicates on text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WS = re.compile(r"[ \t\u3000]+")
_MD_HEADING = re.compile(r"^(#{1,6})(?!#)")
_MD_BOLD = re.compile(r"^\*\*(.+?)\*\*$")
_RULE = re.compile(r"^\s*(?:[-=*_—─━~·.]\s*){3,}$")

#: Punctuation after which a sentence is complete.
SENTENCE_END = frozenset("。！？!?…；;：:")
#: Closing quotes: a block ending in one has finished its sentence (a quotation closes it).
CLOSING_QUOTES = frozenset("”’」』\"'")
#: Closing brackets: finished only after sentence-final punctuation or when the whole block
#: is a bracketed note; ``……村（社区）`` followed by a cut is mid-sentence.
CLOSING_BRACKETS = frozenset("）)】]》〉")
_OPEN_FOR = {"）": "（", ")": "(", "】": "【", "]": "[", "》": "《", "〉": "〈"}

#: Bullets that open items of a brief roundup.
BULLETS = "●•◆◇▲△■□★☆○◎▪▶►"


@dataclass(frozen=True, slots=True)
class Unit:
    """One line (or a hard-break group of short lines) of the page, with its layout signals."""

    text: str  # whitespace-normalised, markers stripped
    gap: int  # blank lines before it
    indent: bool  # opened with a full-width or wide indent
    md: int = 0  # markdown heading level (0: none)
    lines: int = 1  # >1 for a hard-break group (labels, slogans)
    index: int = 0


def clean(text: str) -> str:
    """Collapse runs of spaces (ASCII, full-width, tabs) to one space and strip."""
    return _WS.sub(" ", text).strip()


def build_units(text: str) -> list[Unit]:
    """Split normalised page text into units.

    Consecutive short lines joined by a markdown hard break (two trailing spaces) form one
    unit: printed labels and slogans are often broken that way (``重点  \\n进行时``).
    """
    raw = text.split("\n")
    units: list[Unit] = []
    gap = 0
    i = 0
    n = len(raw)
    while i < n:
        line = raw[i]
        body = line.strip(" \t\u3000")
        if not body:
            gap += 1
            i += 1
            continue
        if _RULE.match(body):
            gap += 1  # a horizontal rule separates like a blank line
            i += 1
            continue
        indent = line.startswith(("\u3000", "  ", "\t"))
        parts = [body]
        # Hard-break group: this line ends in 2+ spaces, the next is non-empty, both short.
        while (i + 1 < n and not indent and line.endswith("  ") and len(body) <= 24 and _groupable(raw[i + 1])
               and not any(c in body for c in "。！？；")):
            i += 1
            line = raw[i]
            body = line.strip(" \t\u3000")
            parts.append(body)
        md = 0
        first = parts[0]
        m = _MD_HEADING.match(first)
        if m and len(parts) == 1:
            md = len(m.group(1))
            # "## 标题 ##" → "标题" (closing hashes are optional in markdown).
            parts = [first[m.end():].strip(" \t\u3000").rstrip("#").strip(" \t\u3000")]
        else:
            b = _MD_BOLD.match(first)
            if b and len(parts) == 1 and len(b.group(1)) <= 40:
                md = 9  # a bold line: a title, weaker than a heading
                parts = [b.group(1)]
        joined = clean(" ".join(clean(p) for p in parts))
        if joined:
            units.append(Unit(joined, gap, indent, md, len(parts), len(units)))
        gap = 0
        i += 1
    return units


def _groupable(line: str) -> bool:
    """Can this line continue a hard-break group (a short label or slogan line)?"""
    t = line.strip(" \t\u3000")
    return (bool(t) and len(t) <= 24 and not _MD_HEADING.match(t) and not any(c in t for c in "。！？；")
            and not _LEADISH.match(t))


_LEADISH = re.compile(r"^(?:本报|新华社|据|[（(]|[□■])")


def ends_sentence(text: str) -> bool:
    """Does the block end its sentence? (If not, a blank line cut it and it continues.)"""
    t = text.rstrip()
    if not t:
        return True
    if t.endswith(("——", "--")):
        return True
    c = t[-1]
    if c in SENTENCE_END or c in CLOSING_QUOTES:
        return True
    if c in CLOSING_BRACKETS:
        stripped = t.rstrip("".join(CLOSING_BRACKETS))
        if stripped and (stripped[-1] in SENTENCE_END or stripped[-1] in CLOSING_QUOTES):
            return True
        # A block that is one bracketed note, e.g. (作者为某大学教授), is complete.
        return t[0] == _OPEN_FOR.get(c, "")
    return False


def join_cut(a: str, b: str) -> str:
    """Join a paragraph cut by a blank line: no space in Chinese, nor inside numbers."""
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


def title_like(text: str, limit: int = 42) -> bool:
    """Could this line be a headline, kicker, subtitle or label (short, no sentence inside)?"""
    if not text or len(text) > limit:
        return False
    if any(c in text for c in "。；;"):
        return False
    if text[-1] in "，、,；;" or text[0] in "，。、,.；;：:！？!?）)”’":
        return False
    return any("\u3400" <= c <= "\u9fff" or c.isalnum() for c in text)
