"""Chinese line breaking (禁则) for every place the TUI wraps text.

Textual wraps at whitespace, which suits English and not Chinese, where a paragraph is one long
"word" and a line may end between any two characters, except that (W3C clreq, UAX #14):

- closing punctuation never starts a line (，。、；：？！）」』”… and their ASCII forms);
- opening punctuation never ends a line (（「『“《 …);
- a number (2024, 2.3, 18.6亿, 3.5%), a Latin word or a URL is never cut;
- a line never starts with the spaces it was broken at.

Why not a library: ``uniseg`` (0.10, a faithful pure-Python UAX #14) gives these break
opportunities for Chinese, but took ~0.2 ms a character here (a 2,000-character story: 0.4 s
each time the reader is redrawn at a new width) and still breaks URLs after ``/``; ICU bindings
need a C library.  The rules above are a handful of character classes and one regular
expression, a few microseconds a character, so they are written here.

Everything works on plain strings; :mod:`tui.widgets.wrap` applies the breaks to styled text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.cells import get_character_cell_size

# clreq 3.1.7 / UAX #14 classes CL, CP, EX, IS, NS, IN and PO that appear in Chinese text.
NO_LINE_START = frozenset(
    "，。、；：？！）」』”’》〉】〕］｝〗〙〛…‥—～·・％‰℃°′″"
    "々〻ぁぃぅぇぉっゃゅょゎ"  # small kana, iteration marks (Japanese names in Chinese papers)
    ",.;:?!)]}%"
)
# UAX #14 classes OP and PR (opening brackets and quotes, currency signs before a number).
NO_LINE_END = frozenset("（「『“‘《〈【〔［｛〖〘〚([{¥￥$£€#")

# Runs that are never cut: any run of Latin (ASCII and accented letters, Greek, Cyrillic),
# digits and ASCII punctuation - a word, a number (2.3, 1,200, 3.5%), a date (2025-02), a URL or an
# e-mail address - with the Chinese magnitude characters a number is written with (18.6亿, 3万).
# As in UAX #14, which keeps letters, digits and the punctuation between them together.
_LATIN = "!-~\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff０-９"
_ATOM = re.compile(f"[{_LATIN}]+(?:(?<=[0-9０-９])[万亿]+)?")
_SPACE = frozenset(" \t\u3000\u00a0")


@lru_cache(maxsize=512)  # a few screens of paragraphs: each set is kilobytes
def break_opportunities(text: str) -> frozenset[int]:
    """Offsets ``i`` (0 < i < len) where a line may end before ``text[i]``.

    A break is allowed between two characters unless one of the rules of the module docstring
    forbids it.  Spaces stay at the end of the line they follow; the next line starts after them.
    """
    n = len(text)
    if n < 2:
        return frozenset()
    inside = bytearray(n)  # 1 where a break before this index would cut an atom
    for m in _ATOM.finditer(text):
        inside[m.start() + 1:m.end()] = b"\x01" * (m.end() - m.start() - 1)
    allowed = set()
    prev = text[0]  # the last character before i that is not a space (a line ends with it)
    for i in range(1, n):
        ch = text[i]
        if text[i - 1] not in _SPACE:
            prev = text[i - 1]
        if not (inside[i] or ch in _SPACE or ch in NO_LINE_START or prev in NO_LINE_END):
            allowed.add(i)
    return frozenset(allowed)


def _cells(ch: str) -> int:
    return get_character_cell_size(ch)


def line_spans(text: str, width: int) -> list[tuple[int, int]]:
    """``text`` (one paragraph, no newline) as lines of at most ``width`` cells: (start, end) pairs.

    Greedy, as printed Chinese is set: each line takes as much as fits and ends at the last
    allowed break; the spaces a line breaks at are left out of both lines.  A run longer than
    a whole line (a URL wider than the pane) is cut where it must be, as the only way to show it.
    """
    n = len(text)
    if width < 1 or n == 0:
        return [(0, n)]
    allowed = break_opportunities(text)
    lines: list[tuple[int, int]] = []
    start = 0
    while start < n:
        used = 0
        i = start
        last_break = -1
        while i < n:
            ch = text[i]
            if i > start and i in allowed:
                last_break = i
            w = _cells(ch)
            if used + w > width and ch not in _SPACE:
                break
            used += w
            i += 1
        if i >= n:
            lines.append((start, _rstrip(text, start, n)))
            break
        cut = last_break if last_break > start else (i if i > start else start + 1)
        lines.append((start, _rstrip(text, start, cut)))
        start = cut
        while start < n and text[start] in _SPACE:
            start += 1
    return lines


def _rstrip(text: str, start: int, end: int) -> int:
    """``end`` moved back over the spaces a line ends with (never before ``start``)."""
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return end


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells (newlines kept as line ends)."""
    out: list[str] = []
    for para in text.split("\n"):
        out += [para[a:b] for a, b in line_spans(para, width)]
    return out
