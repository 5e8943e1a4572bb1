"""The headless output contract: what goes to stdout, stderr, and in which colours.

- stdout carries only data (text, Markdown or JSON Lines); notices and warnings go to stderr.
- Colour only when stdout is a terminal and ``NO_COLOR`` is unset, unless ``--color always``.
- Article text is data: before it reaches a terminal, control characters and escape sequences
  are removed (:func:`safe_text`), whatever ``--color`` says.  JSON keeps the original, escaped.
- Exit codes: 0 ok, 1 nothing matched, 2 bad input.
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import IO, Any

from parser.model import Article

# The one set of entity type names, for the TUI and the CLI alike.
ENTITY_LABELS: dict[str, str] = {"person": "人名", "place": "地名", "org": "机构"}

EXIT_OK = 0
EXIT_NO_MATCH = 1
EXIT_BAD_INPUT = 2

# CSI (ESC [ … final, or the C1 CSI), OSC/DCS/APC/PM/SOS strings up to BEL or ST, two-char ESC sequences.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    """``text`` with every terminal escape sequence and control character removed (tab and newline stay)."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def use_colour(mode: str, stream: IO[str]) -> bool:
    """Whether to colour output on ``stream``: ``always``, ``never`` or ``auto`` (a terminal, no NO_COLOR)."""
    if mode == "always":
        return True
    if mode == "never" or os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def plural(n: int, noun: str) -> str:
    """``1 page``, ``2 pages``: counts in the CLI's notices and listings read as English."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def warn(message: str) -> None:
    """One notice line on stderr (made terminal-safe: file names can hold anything)."""
    print(f"kanbao: {safe_text(message)}", file=sys.stderr)


# json.dumps escapes C0 controls but passes DEL and the C1 range (e.g. U+009B, a one-byte CSI) raw.
_JSON_RAW_CONTROLS = re.compile(r"[\x7f-\x9f]")


def json_line(obj: Any, out: IO[str]) -> None:
    """One JSON object per line, with every control character escaped so none reaches a terminal raw."""
    text = json.dumps(obj, ensure_ascii=False)
    out.write(_JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


# -- article rendering -------------------------------------------------------------------------
_STYLE = {"headline": "1", "kicker": "2", "sub": "3", "meta": "2", "person": "36", "place": "32", "org": "33"}


def _sgr(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour and text else text


def credit_line(article: Article) -> str:
    """``记者 张三 李四 · 通讯员 王五``: the credits grouped by role, as a reader expects them."""
    from parser.model import ROLE_LABELS

    groups: dict[str, list[str]] = {}
    for c in article.credits:
        groups.setdefault(c.role, []).append(c.name)
    return " · ".join(f"{ROLE_LABELS.get(r, r)} {' '.join(n)}" for r, n in groups.items())


def _highlight(text: str, spans: list[tuple[int, int, str]], colour: bool) -> str:
    """Safe text with entity spans coloured; spans index into the original text."""
    if not colour or not spans:
        return safe_text(text)
    out, pos = [], 0
    for start, end, kind in sorted(spans):
        if start < pos or end > len(text):
            continue
        out.append(safe_text(text[pos:start]))
        out.append(_sgr(safe_text(text[start:end]), _STYLE[kind], True))
        pos = end
    out.append(safe_text(text[pos:]))
    return "".join(out)


def render_text(article: Article, colour: bool = False) -> str:
    """Plain text: title block, credits, then paragraphs separated by blank lines."""
    spans: dict[tuple[str, int | None], list[tuple[int, int, str]]] = {}
    for e in article.entities:
        spans.setdefault((e.field, e.paragraph), []).append((e.start, e.end, e.type))

    def hl(field: str, text: str, para: int | None = None) -> str:
        return _highlight(text, spans.get((field, para), []), colour)

    lines = []
    if article.kicker:
        lines.append(_sgr(hl("kicker", article.kicker), _STYLE["kicker"], colour))
    lines.append(_sgr(hl("headline", article.headline), _STYLE["headline"], colour))
    if article.subheadline:
        lines.append(_sgr(hl("subheadline", article.subheadline), _STYLE["sub"], colour))
    meta = " ".join(x for x in (article.dateline or article.source, credit_line(article)) if x)
    if meta:
        lines.append(_sgr(safe_text(meta), _STYLE["meta"], colour))
    blocks = ["\n".join(lines)]
    blocks += [hl("paragraphs", p, i) for i, p in enumerate(article.paragraphs)]
    if article.caption:
        blocks.append(hl("caption", article.caption))
    return "\n\n".join(blocks) + "\n"


def render_markdown(article: Article) -> str:
    """Markdown: kicker as emphasis, headline as ``#``, subheadline as ``##``, credits in italics."""

    def md(text: str) -> str:
        return re.sub(r"([\\`*_\[\]#<>|])", r"\\\1", safe_text(text))

    parts = []
    if article.kicker:
        parts.append(f"*{md(article.kicker)}*")
    parts.append(f"# {md(article.headline)}")
    if article.subheadline:
        parts.append(f"## {md(article.subheadline)}")
    meta = " ".join(x for x in (article.dateline or article.source, credit_line(article)) if x)
    if meta:
        parts.append(f"*{md(meta)}*")
    parts += [md(p) for p in article.paragraphs]
    if article.caption:
        parts.append(f"> {md(article.caption)}")
    return "\n\n".join(parts) + "\n"
