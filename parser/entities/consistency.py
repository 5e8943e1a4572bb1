"""From spans to :class:`Entity` records: per article, per page, and across the whole archive.

Two consistency rules make the tagger's output something a reader can trust:

* **In one article, one string has one type.**  If 青溪 is a place in one paragraph it is a place in
  all of them; the type is decided by the strongest evidence (a credit or title beats a guess), then
  by the number of mentions.  A name confirmed by a strong pattern is also found again wherever it
  recurs in the article without a pattern around it.
* **Across the archive, a confirmed name is tagged everywhere.**  :func:`tag_articles` runs two
  passes: tag every article and collect the names strong patterns confirmed, then scan every article
  again with one compiled trie-regex of those names (cheap even for 100,000 articles).

Credits (``Article.credits``) are people by definition: each becomes an entity with
``field="credits"``, ``paragraph`` = the credit's index and ``start``/``end`` spanning the name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from operator import itemgetter

from ..model import Article, Entity, Page
from .lexicon import get_lexicon
from .spread import recall
from .tagger import STRONG, Span, tag_spans
from .words import WEAK_SURNAMES

_HAN_NAME = re.compile(r"^[\u3400-\u9fff·]{2,12}$")


@dataclass(frozen=True, slots=True)
class EntityStat:
    """One entity of the archive's index: how many articles mention it, and which."""

    text: str
    type: str
    count: int
    article_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "type": self.type, "count": self.count, "articles": list(self.article_ids)}


def tag_text(text: str) -> list[Entity]:
    """Entities in one line of plain text; offsets are character offsets into ``text``."""
    spans = _single_type(tag_spans(text), text)
    return [Entity(text[s.start : s.end], s.type, "text", None, s.start, s.end) for s in spans]  # type: ignore[arg-type]


class LineTagger:
    """Tag a stream of lines (``kanbao tag``) with the archive's consistency rule applied to the stream.

    A name a strong pattern confirmed in an earlier line (记者X, 教练X, a leader list) is found again
    in later lines where no pattern vouches for it, as :func:`tag_articles` does across articles.  A
    filter has no article boundaries, so the memory is bounded: the most recent ``memory`` names.
    Lookup is by first character, so each line costs time linear in its length.
    """

    def __init__(self, memory: int = 2000) -> None:
        self._memory = memory
        self._names: dict[str, str] = {}  # insertion order = age
        self._by_first: dict[str, set[str]] = defaultdict(set)

    def tag(self, text: str) -> list[Entity]:
        spans = tag_spans(text)
        if self._names and text:
            spans = self._recall(text, spans)
        spans = _single_type(spans, text)
        for s in spans:
            if s.end - s.start >= 2 and (s.strength == STRONG or _composed_name(text[s.start : s.end], s.type)) and (
                _rememberable(text[s.start : s.end], s.type)
            ):
                self._remember(text[s.start : s.end], s.type)
        return [Entity(text[s.start : s.end], s.type, "text", None, s.start, s.end) for s in spans]  # type: ignore[arg-type]

    def _recall(self, text: str, spans: list[Span]) -> list[Span]:
        taken = bytearray(len(text))
        for s in spans:
            taken[s.start : s.end] = b"\x01" * (s.end - s.start)
        added = [Span(a, b, typ, STRONG) for a, b, typ in recall(text, self._find(text), taken, self._names.get)]
        return sorted(spans + added, key=lambda s: s.start) if added else spans

    def _find(self, text: str) -> list[tuple[int, int]]:
        """Where remembered names occur, leftmost-longest and not overlapping, as ``trie_regex``
        finds them; by first character, since the names change from line to line."""
        out = []
        i = 0
        while i < len(text):
            best = max((n for n in self._by_first.get(text[i], ()) if text.startswith(n, i)), key=len, default="")
            if best:
                out.append((i, i + len(best)))
                i += len(best)
            else:
                i += 1
        return out

    def _remember(self, name: str, typ: str) -> None:
        if name in self._names:
            del self._names[name]
        elif len(self._names) >= self._memory:
            old = next(iter(self._names))
            del self._names[old]
            self._by_first[old[0]].discard(old)
        self._names[name] = typ
        self._by_first[name[0]].add(name)


def _composed_name(name: str, typ: str) -> bool:
    """A person the rules put together from pieces (surname + given characters) the dictionary does not know."""
    return typ == "person" and len(name) >= 2 and name not in get_lexicon().pos


def _rememberable(name: str, typ: str) -> bool:
    """Carry a name to later lines only when it cannot be an ordinary word a pattern misread.

    One wrong strong span in one line is one error; remembered, it would recur in every later line
    (和 + a noun after 领导, an everyday word after a title-like word), so dictionary words that are not names stay local.
    """
    if typ != "person":
        return True
    lex = get_lexicon()
    tag = lex.pos.get(name)
    if tag is not None and (tag not in ("nr", "nrfg", "nrt", "nz") or (len(name) == 2 and lex.freq.get(name, 0) > 800)):
        return False  # 光荣: everyday words the dictionary also lists as names
    if len(name) == 4 and lex.pos.get(name[:2]) == "t" and lex.pos.get(name[2:]) == "t":
        return False  # 明天下午 after a title-like word
    return not (name[0] in WEAK_SURNAMES and name[1:] in lex.pos)


def _single_type(spans: list[Span], text: str) -> list[Span]:
    """Within one text, give every string the type its strongest (then most frequent) mention has."""
    if len(spans) < 2:
        return spans
    decided = _decide_types([(text[s.start : s.end], s) for s in spans])
    return [s if decided[text[s.start : s.end]] == s.type else Span(s.start, s.end, decided[text[s.start : s.end]], s.strength)
            for s in spans]


def _decide_types(items: Iterable[tuple[str, Span]]) -> dict[str, str]:
    """Each string's type by votes (a strong mention counts 101); a tie goes to the type seen first.

    Plain dicts rather than Counters: this runs for every article of a cold build, and most strings
    have one type, which needs no vote at all.
    """
    votes: dict[str, dict[str, int]] = {}
    for string, s in items:
        v = votes.get(string)
        if v is None:
            votes[string] = v = {}
        v[s.type] = v.get(s.type, 0) + (101 if s.strength == STRONG else 1)
    return {string: next(iter(v)) if len(v) == 1 else max(v.items(), key=_second)[0] for string, v in votes.items()}


_second = itemgetter(1)


def _credit_names(article: Article) -> list[str]:
    return [c.name.strip() for c in article.credits if c.name and c.name.strip() and c.is_person]


_Found = list[tuple[str, int | None, str, Span]]


def _raw_spans(article: Article) -> _Found:
    """Tag every text field of the article on its own (no consistency yet)."""
    return [(field, idx, text, s) for field, idx, text in article.field_texts() for s in tag_spans(text)]


def _strong_names(article: Article, found: _Found) -> dict[str, str]:
    out = {name: "person" for name in _credit_names(article) if _HAN_NAME.match(name)}
    for _field, _idx, text, s in found:
        if s.strength == STRONG:
            out.setdefault(text[s.start : s.end], s.type)
    return out


def _consistent(article: Article, found: _Found, known: dict[str, str] | None = None) -> _Found:
    """Apply the article-level rules: confirmed names found again, one type per string."""
    strong = dict(known or {})
    strong.update(_strong_names(article, found))
    found = list(found)
    # Mentions of strongly confirmed strings that the rules missed (a name without its title).
    if strong:
        # A handful of names (one article's) is found faster by str.find than by compiling a regex.
        matches = _few_names_finder(strong) if len(strong) <= _FEW_NAMES else _regex_finder(trie_regex(strong))
        spans_of: dict[tuple[str, int | None], list[Span]] = defaultdict(list)
        for f, i, _t, s in found:
            spans_of[(f, i)].append(s)
        for field, idx, text in article.field_texts():
            hits = matches(text)
            if not hits:
                continue
            taken = bytearray(len(text))  # characters already inside an entity of this field
            for s in spans_of.get((field, idx), ()):
                taken[s.start : s.end] = b"\x01" * (s.end - s.start)
            found += [(field, idx, text, Span(a, b, typ, STRONG)) for a, b, typ in recall(text, hits, taken, strong.get)]
    decided = _decide_types((t[s.start : s.end], s) for _f, _i, t, s in found)
    decided.update(strong)
    out: _Found = []
    for field, idx, text, s in found:
        typ = decided[text[s.start : s.end]]
        out.append((field, idx, text, s if typ == s.type else Span(s.start, s.end, typ, s.strength)))
    return out


# ``Entity.confirmed`` (found by a strong pattern) feeds the archive's incremental consistency pass.
_HAS_CONFIRMED = "confirmed" in getattr(Entity, "__dataclass_fields__", {})


def _entity(text: str, typ: str, field: str, idx: int | None, start: int, end: int, strong: bool) -> Entity:
    if _HAS_CONFIRMED:
        return Entity(text, typ, field, idx, start, end, confirmed=strong)  # type: ignore[arg-type, call-arg]
    return Entity(text, typ, field, idx, start, end)  # type: ignore[arg-type]


def _entities(article: Article, tagged: _Found) -> tuple[Entity, ...]:
    order = {("kicker", None): 0, ("headline", None): 1, ("subheadline", None): 2, ("caption", None): 10**9}
    tagged = sorted(tagged, key=lambda t: (order.get((t[0], t[1]), 3 + (t[1] or 0)), t[3].start))
    ents = [
        _entity(text[s.start : s.end], s.type, field, idx, s.start, s.end, s.strength == STRONG)
        for field, idx, text, s in tagged
    ]
    for k, c in enumerate(article.credits):  # k: the credit's index, as the docstring promises
        name = c.name.strip()
        if name and c.is_person:  # a photo agency is credited, but it is not a person
            ents.append(_entity(name, "person", "credits", k, 0, len(name), True))
    return tuple(ents)


def tag_article(article: Article, known: dict[str, str] | None = None) -> Article:
    """The article with ``entities`` filled in; ``known`` maps archive-confirmed strings to types."""
    return article.with_entities(_entities(article, _consistent(article, _raw_spans(article), known)))


def tag_page(page: Page) -> Page:
    """The page with every article's ``entities`` filled in (article-level consistency applied)."""
    return replace(page, articles=tuple(tag_article(a) for a in page.articles))


def tag_articles(articles: Iterable[Article]) -> list[Article]:
    """Tag articles with archive-wide consistency.

    Pass one tags each article on its own and collects the names strong patterns confirm anywhere
    (credits, title + name, leader lists); pass two adds, in every article, the mentions of those
    names the rules missed (one trie-regex scan per field) and settles each string's type.  Tagging
    runs once per field; the second pass costs only the scan.
    """
    items = list(articles)
    raw = [_raw_spans(a) for a in items]
    confirmed: dict[str, str] = {}
    for a, found in zip(items, raw, strict=True):
        for name, typ in _strong_names(a, found).items():
            confirmed.setdefault(name, typ)
    return [a.with_entities(_entities(a, _consistent(a, found, confirmed))) for a, found in zip(items, raw, strict=True)]


def trie_regex(words: Iterable[str]) -> re.Pattern[str]:
    """One regex matching any of ``words``, longest first, compiled from a character trie.

    A plain alternation of thousands of names retries every name at every position; the trie
    shares prefixes so each position costs a few dictionary-like steps.
    """
    trie: dict[str, dict] = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return re.compile(build(trie) or "(?!)")


_trie_regex = trie_regex  # the archive's incremental pass imports this name

# Up to this many names, :func:`_few_names_finder` beats compiling a trie-regex (≈ 0.3 ms per compile).
_FEW_NAMES = 48


def _regex_finder(matcher: re.Pattern[str]) -> Callable[[str], list[tuple[int, int]]]:
    return lambda text: [m.span() for m in matcher.finditer(text)]


def _few_names_finder(names: Iterable[str]) -> Callable[[str], list[tuple[int, int]]]:
    """What ``trie_regex(names).finditer`` finds, as (start, end) pairs, without compiling a regex.

    The regex semantics are kept exactly: scanning left to right, the longest name starting at the
    leftmost position wins, and the scan resumes after it (a match is never overlapped by another).
    """
    words = sorted({w for w in names if w}, key=len, reverse=True)  # longest first at each start

    def find(text: str) -> list[tuple[int, int]]:
        at: dict[int, int] = {}  # start → end of the longest name starting there
        for w in words:
            k = text.find(w)
            while k >= 0:
                at.setdefault(k, k + len(w))
                k = text.find(w, k + 1)
        if not at:
            return []
        out: list[tuple[int, int]] = []
        cur = 0
        for start in sorted(at):
            if start >= cur:
                cur = at[start]
                out.append((start, cur))
        return out

    return find


__all__ = ["EntityStat", "LineTagger", "tag_article", "tag_articles", "tag_page", "tag_text", "trie_regex"]
