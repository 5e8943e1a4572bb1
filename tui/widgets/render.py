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
from tui.linebreak import NO_LINE_START
from tui.output import ENTITY_LABELS, safe_text
from tui.strings import t
from tui.widgets.wrap import ChineseText

# Distinct hue *and* a distinct attribute per type, so they differ even without colour.
ENTITY_STYLES: dict[str, str] = {
    "person": "bold $text-warning",
    "place": "underline $text-success",
    "org": "italic $text-primary",
}
KIND_TAGS = frozenset({"photo", "commentary", "brief"})  # kinds tagged in the headline list (kind.*)
MATCH_STYLE = "bold reverse $text-warning"
# How a hit matched (parser.search tiers): exact matches need no tag.
TIER_KEYS: dict[str, str] = {"pinyin": "tier.pinyin", "pinyin-prefix": "tier.pinyin", "heteronym": "tier.heteronym",
                             "pinyin-span": "tier.pinyin", "initials": "tier.initials", "fuzzy": "tier.fuzzy", "typo": "tier.typo"}
SPARK = "▁▂▃▄▅▆▇█"
_SNIPPET_LEAD = "".join(sorted(NO_LINE_START)) + " \u3000"


def legend() -> ChineseText:
    """``■ 人名  ■ 地名  ■ 机构`` in the highlight styles (wraps in a narrow reader, never cut)."""
    parts: list[Content | str | tuple[str, str]] = []
    for etype in ENTITY_LABELS:
        parts += [("■ ", ENTITY_STYLES[etype].replace("bold ", "").replace("underline ", "")
                   .replace("italic ", "")), (t(f"entity.{etype}"), ENTITY_STYLES[etype]), "  "]
    parts.append((t("legend.hint"), "dim"))
    return ChineseText(Content.assemble(*parts))


SpanStyle = str | Style | tuple[str | Style, ...]


def spans_content(text: str, spans: Iterable[tuple[int, int, SpanStyle]], base: str = "") -> Content:
    """``text`` made safe, with styled spans (offsets into the *original* text).

    Each piece is cleaned separately so that removing a control character never shifts a span.
    Overlapping or out-of-range spans are skipped rather than mis-drawn.
    """
    clean = safe_text
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


def _byline(article: Article, highlight: bool, click_action: str | None) -> Content:
    """Source/dateline, credits grouped by role (names clickable like entities), date and page."""
    parts: list[Content | str | tuple[str, str]] = []
    lead = article.dateline or article.source
    if lead:
        parts.append(safe_text(lead))
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(article.credits):
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
        where.append(t("page.number", n=article.page_number))
    if where:
        parts.append(("   " + " · ".join(where), "dim"))
    return Content.assemble(*parts)




def article_content(article: Article, *, highlight: bool = True, click_action: str | None = None) -> ChineseText:
    """The reader's text: headline block, byline (with the photographers), paragraphs, caption.

    Lines are broken by the Chinese rules at whatever width the reader has (:class:`ChineseText`).

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
        return spans_content(text, by_field.get((name, para), []), base)

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
            body = Content.assemble("　　", body)
        blocks.append(body)
    if article.caption:
        # The photographers are credited once, in the byline above (clickable there).
        blocks.append(Content.assemble((t("article.caption"), "bold $text-secondary"), field("caption", article.caption)))
    if not article.paragraphs and not article.caption:
        blocks.append(Content.styled(t("article.no_body"), "dim"))
    return ChineseText(Content("\n\n").join(blocks))


def headline_row(h: Headline, *, read: bool, bookmarked: bool) -> ChineseText:
    """One headline in the issue list: unread dot, bookmark star, kind tag, kicker, headline, subheadline.

    Wrapped by the Chinese rules (:class:`ChineseText`), so a long kicker or headline folds at the
    pane's width instead of jumping to the next line and leaving the marker alone on a row.
    """
    mark = Content.styled("●", "$text-accent") if not read else Content(" ")
    star = Content.styled("★", "$text-warning") if bookmarked else Content(" ")
    tag = t(f"kind.{h.kind}") if h.kind in KIND_TAGS else None
    parts: list[Content | str | tuple[str, str]] = [mark, star, " "]
    if tag:
        parts.append((f"[{tag}]", "$text-secondary"))
        parts.append(" ")
    if h.kicker:
        parts.append((safe_text(h.kicker) + " ▸ ", "dim"))
    title = safe_text(h.headline).strip()
    parts.append((title, "dim" if read else "bold") if title else (t("article.no_headline"), "dim italic"))
    row = Content.assemble(*parts)
    if h.subheadline:
        row = Content.assemble(row, "\n   ", (clip(safe_text(h.subheadline), 56), "dim italic"))
    return ChineseText(row)


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
    label = t("page.number", n=h.page_number) if h.page_number is not None else t("page.unnumbered")
    if h.page_name:
        label += f" · {safe_text(h.page_name)}"
    return Content.styled(f"── {label} ──", "bold $text-secondary")


def issue_row(issue: Issue, unread: int) -> Content:
    """``2031-03-15`` / ``2版 · 5篇 · 3未读``."""
    title = Content.styled(safe_text(issue.label), "bold")
    # Printed pages, not files (a crawl stores each article of a page in a file of its own);
    # counted without decoding the issue's pages when the saved view knows the number.
    detail = t("issue.detail", pages=issue.page_count, articles=issue.article_count)
    if unread:
        detail += t("issue.unread", n=unread)
    return Content.assemble(title, "\n", (detail, "dim"))


def hit_row(hit: Any, headline: Headline | None) -> ChineseText:
    """A search result: matched parts highlighted in headline and snippet, plus where it is."""
    title = spans_content(hit.headline, [(s, e, MATCH_STYLE) for s, e in hit.headline_spans], "bold")
    where = [x for x in (hit.date or hit.issue, t("page.number", n=hit.page) if hit.page is not None else None) if x]
    if headline is not None and headline.page_name:
        where.append(safe_text(headline.page_name))
    row = Content.assemble(title, ("  " + " · ".join(where), "dim"))
    tier = TIER_KEYS.get(getattr(hit, "tier", "exact"))
    if tier:
        row = Content.assemble(row, "  ", (f"[{t(tier)}]", "$text-secondary"))
    if hit.snippet:
        # Spans index the snippet as given, so newlines become spaces one for one.  A snippet cut
        # out of a sentence may begin with closing punctuation, which never starts a line: drop it.
        text = hit.snippet.replace("\n", " ")
        lead = len(text) - len(text.lstrip(_SNIPPET_LEAD))
        spans = [(s - lead, e - lead, MATCH_STYLE) for s, e in hit.snippet_spans if s >= lead]
        snippet = spans_content(text[lead:], spans)
        row = Content.assemble(row, "\n  ", snippet.stylize_before("$text-muted"))
    return ChineseText(row)


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


def entity_row(text: str, etype: str, count: int, spark: str, name_width: int = 12, count_width: int = 4) -> Content:
    """One entity: its name, its count right-aligned in ``count_width`` digits, its sparkline."""
    from rich.cells import cell_len

    name = clip(safe_text(text), name_width - 1)  # long names are clipped so the columns stay aligned
    pad = " " * max(1, name_width - cell_len(name))
    return Content.assemble((name, ENTITY_STYLES.get(etype, "")), pad,
                            (t("entity.articles", n=f"{count:>{count_width}}"), "dim"), (spark, "$text-accent"))
