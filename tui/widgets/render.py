"""Article, headline and list-row text as Textual ``Content``.

Article text is data, never markup: every string goes through ``safe_text`` (control characters
and escape sequences removed) and into ``Content`` pieces, so ``[bold]`` in a story prints as
``[bold]``.  Styles use theme variables (``$text-warning`` …) so the entity colours follow the
active theme and stay readable on dark and light backgrounds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from textual.content import Content
from textual.style import Style

from parser.model import ROLE_LABELS, Article, Headline, Issue
from tui.output import safe_text

# Distinct hue *and* a distinct attribute per type, so they differ even without colour.
ENTITY_STYLES: dict[str, str] = {
    "person": "bold $text-warning",
    "place": "underline $text-success",
    "org": "italic $text-primary",
}
ENTITY_LABELS: dict[str, str] = {"person": "人物", "place": "地点", "org": "机构"}
KIND_TAGS: dict[str, str] = {"photo": "图", "commentary": "评", "brief": "讯"}
MATCH_STYLE = "bold reverse $text-warning"
# How a hit matched (parser.search tiers): exact matches need no tag.
TIER_LABELS: dict[str, str] = {"pinyin": "拼音", "pinyin-prefix": "拼音", "heteronym": "多音字",
                               "initials": "首字母", "fuzzy": "模糊音", "typo": "纠错"}
SPARK = "▁▂▃▄▅▆▇█"


def legend() -> Content:
    """``■ 人物  ■ 地点  ■ 机构`` in the highlight styles."""
    parts: list[Content | str | tuple[str, str]] = []
    for etype, label in ENTITY_LABELS.items():
        parts += [("■ ", ENTITY_STYLES[etype].replace("bold ", "").replace("underline ", "")
                   .replace("italic ", "")), (label, ENTITY_STYLES[etype]), "  "]
    parts.append(("h 切换高亮 · s/点击 搜索", "dim"))
    return Content.assemble(*parts)


SpanStyle = str | Style | tuple[str | Style, ...]


# Chinese line-breaking rules (禁则): these never start a line / never end one.
NO_LINE_START = frozenset("，。、；：？！）」』”’》〉】〕］｝…—～·%‰℃,.;:?!)]}")
NO_LINE_END = frozenset("（「『“‘《〈【〔［｛([{")


def fold_offsets(text: str, width: int) -> list[int]:
    """Where to break ``text`` (one paragraph) into lines of at most ``width`` cells.

    Characters fill each line; a line may not begin with closing punctuation or end with an
    opening bracket, so the break moves back one or two characters (the line is then a little
    short, as in printed Chinese).
    """
    from rich.cells import get_character_cell_size

    breaks: list[int] = []
    if width < 4:
        return breaks
    start = 0
    col = 0
    for i, ch in enumerate(text):
        w = get_character_cell_size(ch)
        if col + w > width and i > start:
            b = i
            for _ in range(2):
                if b - 1 > start and (text[b] in NO_LINE_START or text[b - 1] in NO_LINE_END):
                    b -= 1
                else:
                    break
            breaks.append(b)
            start = b
            col = sum(get_character_cell_size(c) for c in text[b:i])
        col += w
    return breaks


def fold_content(content: Content, width: int) -> Content:
    """``content`` with explicit line breaks from :func:`fold_offsets` (spans kept)."""
    offsets = fold_offsets(content.plain, width)
    if not offsets:
        return content
    return Content("\n").join(content.divide(offsets))


def unbreakable(text: str) -> str:
    """Spaces replaced by a blank that is not whitespace, so Textual folds CJK text by width.

    Textual wraps at whitespace only: in Chinese, where a paragraph is one long "word", a space
    (or the full-width indent) before it pushes the whole run onto the next line and leaves a
    near-empty line behind.  Without breakable spaces, the paragraph folds at the pane's width,
    character by character, which is how Chinese is set.  U+2800 (braille blank) is one cell wide
    and invisible; a full-width space becomes two of them.
    """
    return text.replace(" ", "\u2800").replace("\u3000", "\u2800\u2800").replace("\t", "\u2800\u2800")


def spans_content(text: str, spans: Iterable[tuple[int, int, SpanStyle]], base: str = "",
                  fold: bool = False) -> Content:
    """``text`` made safe, with styled spans (offsets into the *original* text).

    Each piece is cleaned separately so that removing a control character never shifts a span.
    Overlapping or out-of-range spans are skipped rather than mis-drawn.  ``fold`` makes the
    text wrap character by character (see :func:`unbreakable`).
    """
    clean = (lambda s: unbreakable(safe_text(s))) if fold else safe_text
    parts: list[Content] = []
    pos = 0
    for start, end, style in sorted(spans, key=lambda s: (s[0], s[1])):
        if start < pos or end > len(text) or start >= end:
            continue
        if start > pos:
            parts.append(Content(clean(text[pos:start])))
        piece = Content(clean(text[start:end]))
        for st in style if isinstance(style, tuple) else (style,):
            if st:
                piece = piece.stylize(st)
        parts.append(piece)
        pos = end
    if pos < len(text):
        parts.append(Content(clean(text[pos:])))
    content = Content("").join(parts) if parts else Content("")
    return content.stylize_before(base) if base else content


_PHOTO_ROLES = ("photographer", "photo_source")


def _byline(article: Article, highlight: bool, click_action: str | None) -> Content:
    """Source/dateline, credits grouped by role (names clickable like entities), date and page."""
    parts: list[Content | str | tuple[str, str]] = []
    lead = article.dateline or article.source
    if lead:
        parts.append(safe_text(lead))
    groups: dict[str, list[int]] = {}
    below = _PHOTO_ROLES if article.caption else ()  # shown once, after the caption
    for i, c in enumerate(article.credits):
        if c.role not in below:
            groups.setdefault(c.role, []).append(i)
    for n, (role, indexes) in enumerate(groups.items()):
        parts.append(("  " if parts and n == 0 else " · ") if parts else "")
        parts.append(ROLE_LABELS.get(role, role))
        for i in indexes:
            name = Content(" ").append(Content.styled(safe_text(article.credits[i].name), "bold" if highlight else ""))
            if click_action:
                name = name.stylize(Style.from_meta({"@click": f"{click_action.replace('entity', 'credit')}({i})"}),
                                    1)
            parts.append(name)
    where = []
    if article.date:
        where.append(article.date)
    if article.page_number is not None:
        where.append(f"第{article.page_number}版")
    if where:
        parts.append(("   " + " · ".join(where), "dim"))
    return Content.assemble(*parts)




def article_content(article: Article, *, highlight: bool = True, click_action: str | None = None,
                    width: int | None = None) -> Content:
    """The reader's text: headline block, byline, paragraphs, caption with photographers.

    With ``width`` (cells), paragraphs and caption are broken into lines here, following the
    Chinese line-breaking rules; without it Textual folds them at the widget's width.

    ``click_action`` (e.g. ``"screen.entity_clicked"``) makes each entity mention clickable:
    clicking runs ``click_action(<index into article.entities>)``.
    """
    by_field: dict[tuple[str, int | None], list[tuple[int, int, SpanStyle]]] = {}
    for idx, ent in enumerate(article.entities):
        styles: list[str | Style] = []
        if highlight:
            styles.append(ENTITY_STYLES.get(ent.type, ""))
        if click_action:
            styles.append(Style.from_meta({"@click": f"{click_action}({idx})"}))
        if styles:
            by_field.setdefault((ent.field, ent.paragraph), []).append((ent.start, ent.end, tuple(styles)))

    def field(name: str, text: str, para: int | None = None, base: str = "") -> Content:
        # Body text folds by width (CJK); headline lines keep their spaces as break points.
        return spans_content(text, by_field.get((name, para), []), base, fold=name in ("paragraphs", "caption"))

    blocks: list[Content] = []
    head: list[Content] = []
    if article.kicker:
        head.append(field("kicker", article.kicker, base="$text-secondary"))
    head.append(field("headline", article.headline, base="bold $text-primary"))
    if article.subheadline:
        head.append(field("subheadline", article.subheadline, base="italic"))
    blocks.append(Content("\n").join(head))

    meta = _byline(article, highlight, click_action)
    if meta.plain.strip():
        blocks.append(meta.stylize_before("$text-muted"))

    for i, para in enumerate(article.paragraphs):
        body = field("paragraphs", para, i)
        # Paragraphs keep their own full-width indent; unindented ones get the newspaper's two.
        if para[:1] not in ("　", " "):
            body = Content.assemble(unbreakable("　　"), body)
        blocks.append(fold_content(body, width) if width else body)
    if article.caption:
        cap = field("caption", article.caption)
        photographers = [c.name for c in article.credits if c.role == "photographer"]
        agencies = [c.name for c in article.credits if c.role == "photo_source"]
        who = " · ".join(x for x in (f"摄影 {' '.join(photographers)}" if photographers else "", *agencies) if x)
        tail = f"  （{who}）" if who else ""
        caption = Content.assemble(("图片说明  ", "bold $text-secondary"), cap, (safe_text(tail), "dim"))
        blocks.append(fold_content(caption, width) if width else caption)
    if not article.paragraphs and not article.caption:
        blocks.append(Content.styled("（无正文）", "dim"))
    return Content("\n\n").join(blocks)


def headline_row(h: Headline, *, read: bool, bookmarked: bool) -> Content:
    """One headline in the issue list: unread dot, bookmark star, kind tag, kicker, headline, subheadline.

    Spaces are unbreakable (see :func:`unbreakable`) so a long Chinese kicker or headline folds at
    the pane's width instead of jumping to the next line and leaving the marker alone on a row.
    """
    mark = Content.styled("●", "$text-accent") if not read else Content(unbreakable(" "))
    star = Content.styled("★", "$text-warning") if bookmarked else Content(unbreakable(" "))
    tag = KIND_TAGS.get(h.kind)
    parts: list[Content | str | tuple[str, str]] = [mark, star, unbreakable(" ")]
    if tag:
        parts.append((unbreakable(f"[{tag}] "), "$text-secondary"))
    if h.kicker:
        parts.append((unbreakable(safe_text(h.kicker) + " ▸ "), "dim"))
    title = unbreakable(safe_text(h.headline).strip())
    parts.append((title, "dim" if read else "bold") if title else ("（无标题）", "dim italic"))
    row = Content.assemble(*parts)
    if h.subheadline:
        row = Content.assemble(row, "\n", unbreakable("   "),
                               (unbreakable(clip(safe_text(h.subheadline), 56)), "dim italic"))
    return row


def clip(text: str, cells: int) -> str:
    """``text`` cut to at most ``cells`` terminal cells, with an ellipsis if cut (lists stay compact)."""
    from rich.cells import cell_len

    if cell_len(text) <= cells:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > cells - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def page_header(h: Headline) -> Content:
    """Divider row naming the page: ``第1版 · 要闻``."""
    label = f"第{h.page_number}版" if h.page_number is not None else "未编版"
    if h.page_name:
        label += f" · {safe_text(h.page_name)}"
    return Content.styled(f"── {label} ──", "bold $text-secondary")


def issue_row(issue: Issue, unread: int) -> Content:
    """``2031-03-15`` / ``2版 · 5篇 · 3未读``."""
    title = Content.styled(safe_text(issue.label), "bold")
    # Printed pages, not files: a crawl stores each article of a page in a file of its own.
    numbers = {p.number for p in issue.pages if p.number is not None}
    pages = len(numbers) + sum(1 for p in issue.pages if p.number is None)
    detail = f"{pages}版 · {issue.article_count}篇"
    if unread:
        detail += f" · {unread}未读"
    return Content.assemble(title, "\n", (detail, "dim"))


def hit_row(hit: Any, headline: Headline | None) -> Content:
    """A search result: matched parts highlighted in headline and snippet, plus where it is."""
    title = spans_content(hit.headline, [(s, e, MATCH_STYLE) for s, e in hit.headline_spans], "bold")
    where = [x for x in (hit.date or hit.issue, f"第{hit.page}版" if hit.page is not None else None) if x]
    if headline is not None and headline.page_name:
        where.append(safe_text(headline.page_name))
    row = Content.assemble(title, ("  " + " · ".join(where), "dim"))
    tier = TIER_LABELS.get(getattr(hit, "tier", "exact"))
    if tier:
        row = Content.assemble(row, "  ", (f"[{tier}]", "$text-secondary"))
    if hit.snippet:
        # Spans index the snippet as given, so newlines become spaces one for one.
        snippet = spans_content(hit.snippet.replace("\n", " "), [(s, e, MATCH_STYLE) for s, e in hit.snippet_spans],
                                fold=True)
        row = Content.assemble(row, "\n", unbreakable("  "), snippet.stylize_before("$text-muted"))
    return row


def sparkline(values: Sequence[int]) -> str:
    """Unicode block sparkline; zeros are the lowest block so the time axis stays visible."""
    top = max(values, default=0)
    if top <= 0:
        return SPARK[0] * len(values)
    return "".join(SPARK[0] if v <= 0 else SPARK[min(7, 1 + (v * 7 - 1) // top)] for v in values)


def bucket_counts(positions: Iterable[int], n_issues: int, width: int) -> list[int]:
    """Counts of issue positions (0..n_issues-1) in ``width`` equal buckets over the issues."""
    width = max(1, min(width, n_issues or 1))
    counts = [0] * width
    for p in positions:
        if 0 <= p < n_issues:
            counts[p * width // n_issues] += 1
    return counts


def entity_row(text: str, etype: str, count: int, spark: str, name_width: int = 12) -> Content:
    from rich.cells import cell_len

    name = clip(safe_text(text), name_width - 1)  # long names are clipped so the columns stay aligned
    pad = " " * max(1, name_width - cell_len(name))
    return Content.assemble((name, ENTITY_STYLES.get(etype, "")), pad, (f"{count:>4}篇 ", "dim"),
                            (spark, "$text-accent"))
