"""The archive-wide names pass: a name a strong pattern confirmed anywhere is tagged everywhere.

The other consistency rules (``consistency``) work on one article or one stream of lines while
it is tagged; this pass works on the articles already stored, as JSON, after a sync parsed new
ones (``parser.sync`` runs it, in worker processes for a big build).  :func:`recall` is the rule
itself, which those places share.  Light to import (the search filters use it).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from ..cache import pack_json, rows_in, unpack_json
from ..model import Article


def spread_rows(conn: sqlite3.Connection, names: dict[str, str], pattern: Any,
                article_ids: list[str]) -> list[tuple[str, bytes, str]]:
    """(id, article JSON packed for the cache, added [type, text] pairs JSON) of the articles that gain mentions of ``names``.

    Works on the decoded JSON, not on :class:`Article`: in a cold build nearly every article is
    read here, and building and re-serialising the dataclasses was most of this pass's cost.
    """
    out = []
    for ident, packed in rows_in(conn, "SELECT id, data FROM articles WHERE id IN", article_ids):
        data = unpack_json(packed)
        if not pattern.search(data):
            continue
        d = json.loads(data)
        extra = missing_mentions(d, pattern, names)
        if extra:
            d["entities"] = (d.get("entities") or []) + extra
            pairs = list(dict.fromkeys((e["type"], e["text"]) for e in extra))
            out.append((ident, pack_json(json.dumps(d, ensure_ascii=False)), json.dumps(pairs, ensure_ascii=False)))
    return out


#: A confirmed name's type, or None where the text at hand may not use it.
TypeOf = Callable[[str], str | None]


def recall(text: str, hits: Iterable[tuple[int, int]], taken: bytearray,
           type_of: TypeOf) -> list[tuple[int, int, str]]:
    """The rule, once: the mentions of confirmed names that ``text`` gains, as (start, end, type).

    ``hits`` are where confirmed names occur (leftmost-longest, not overlapping each other, as
    :func:`~parser.entities.consistency.trie_regex` finds them); ``taken`` marks the characters
    already inside an entity (a mention is added only where all of its characters are free, and
    is marked in turn); ``type_of`` gives a name's confirmed type, or None where this text may
    not use it (an article that typed the string otherwise).  The per-article rule
    (``consistency._consistent``), the ``kanbao tag`` stream (``LineTagger``) and this names
    pass all add mentions through here; the search filters ask :func:`recalled_names`.
    """
    out = []
    for start, end in hits:
        typ = type_of(text[start:end])
        if typ is None or any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        out.append((start, end, typ))
    return out


def recalled_names(strings: Iterable[str], typ: str, type_of: TypeOf) -> list[str]:
    """Of ``strings``, the names :func:`recall` tags as ``typ`` wherever their text occurs.

    The search index is not rewritten when a name is confirmed; a ``person:``/``place:``/``org:``
    filter instead matches these names anywhere in the text, which finds what :func:`recall`
    would have tagged.
    """
    return [x for x in strings if type_of(x) == typ]


class _Stored:
    """An article's JSON seen through the attributes ``Article.field_texts`` reads."""

    __slots__ = ("caption", "headline", "kicker", "paragraphs", "subheadline")

    def __init__(self, d: dict[str, Any]) -> None:
        self.kicker, self.headline, self.subheadline = d.get("kicker"), d.get("headline"), d.get("subheadline")
        self.paragraphs, self.caption = d.get("paragraphs") or (), d.get("caption")


def missing_mentions(d: dict[str, Any], pattern: Any, names: dict[str, str]) -> list[dict[str, Any]]:
    """Entity dicts (``Entity.to_dict``) for the mentions of ``names`` in the article JSON ``d``
    that no entity covers yet, skipping strings the article already typed otherwise."""
    ents = d.get("entities") or ()
    typed = {e["text"]: e["type"] for e in ents}

    def type_of(name: str) -> str | None:
        kind = names.get(name)
        return kind if kind is not None and typed.get(name, kind) == kind else None

    # Most mentions are tagged already at exactly their span: a set answers those; the spans of
    # one field are gathered only when a mention is not (to test it for overlaps).
    exact = {(e.get("field", "paragraphs"), e.get("paragraph"), e.get("start", 0), e.get("end", 0)) for e in ents}
    spans: dict[tuple[str, int | None], list[tuple[int, int]]] | None = None
    out: list[dict[str, Any]] = []
    for field, idx, text in Article.field_texts(_Stored(d)):  # type: ignore[arg-type]
        hits = [span for m in pattern.finditer(text) if (field, idx, *(span := m.span())) not in exact]
        if not hits:
            continue
        if spans is None:
            spans = defaultdict(list)
            for f, i, a, b in exact:
                spans[(f, i)].append((a, b))
        taken = bytearray(len(text))
        for a, b in spans.get((field, idx), ()):
            taken[a:b] = b"\x01" * (b - a)
        for s, e, kind in recall(text, hits, taken, type_of):
            new: dict[str, Any] = {"text": text[s:e], "type": kind, "field": field, "start": s, "end": e}
            if idx is not None:
                new["paragraph"] = idx
            new["confirmed"] = True
            out.append(new)
    return out


#: Articles per task of the parallel name pass.
SPREAD_CHUNK = 1000
#: Up to this many freshly parsed articles, the name pass first keeps the names they contain
#: (beyond, as in a first build, nearly every name is in some fresh article).
FEW_FRESH = 5000


def names_in(text: str, names: dict[str, str]) -> dict[str, str]:
    """The entries of ``names`` (two characters or more) that occur in ``text``.

    Each position of the text looks its two characters up among the names' first two, and only
    those few candidates are compared: time in the length of the text, not in the number of
    names (a test of every name against the text of an everyday update, or one regex compiled
    from every name, took seconds at a million articles).
    """
    by_start: dict[str, list[str]] = defaultdict(list)
    for n in names:
        if len(n) >= 2:
            by_start[n[:2]].append(n)
    found: dict[str, str] = {}
    get, starts = by_start.get, text.startswith
    for i in range(len(text) - 1):
        candidates = get(text[i:i + 2])
        if candidates:
            for n in candidates:
                if n not in found and starts(n, i):
                    found[n] = names[n]
    return found


#: Ids of the articles whose text may contain one of the given names (a superset: the pass checks
#: each), or None when the caller cannot tell.
Candidates = Callable[[Iterable[str]], "set[str] | None"]


def spread_jobs(conn: sqlite3.Connection, names: dict[str, str], new: dict[str, str], fresh_ids: set[str],
                candidates: Candidates | None = None) -> list[tuple[dict[str, str], list[str]]]:
    """The names pass as (names, article ids) jobs of at most ``SPREAD_CHUNK`` articles.

    Articles parsed in this run (``fresh_ids``) learn every confirmed name (``names``); older
    articles only ``new``, the names this run confirmed for the first time (or left pending
    before), so an incremental update rescans little.  Which older
    articles mention those names is asked of ``candidates`` (the search index) when given: else
    every stored article is read, which cost an everyday update of 100 files 5 of its 14 seconds
    at 100,000 articles, and grows with the archive.
    """
    jobs: list[tuple[dict[str, str], list[str]]] = []
    fresh = sorted(fresh_ids)
    wanted = names
    if len(fresh) <= FEW_FRESH:
        # An everyday update parses a day's paper: compiling every confirmed name of a big
        # archive into one pattern (1.3 s at 100,000 articles) is the cost to avoid.  The names
        # those articles contain at all are enough.
        data = "\n".join(unpack_json(d) for (d,) in rows_in(conn, "SELECT data FROM articles WHERE id IN", fresh))
        wanted = names_in(data, names)
    if wanted:
        jobs += [(wanted, fresh[i:i + SPREAD_CHUNK]) for i in range(0, len(fresh), SPREAD_CHUNK)]
    if new:
        found = candidates(new) if candidates is not None else None
        if found is not None:
            old = sorted(found - fresh_ids)  # (``spread_rows`` skips those that do not mention one)
        else:
            from .consistency import trie_regex  # (the tagger behind it is heavy to import)

            pattern = trie_regex(new)
            cur = conn.execute("SELECT id, data FROM articles")
            old = [i for rows in iter(lambda: cur.fetchmany(500), []) for i, d in rows
                   if i not in fresh_ids and pattern.search(unpack_json(d))]
        jobs += [(new, old[i:i + SPREAD_CHUNK]) for i in range(0, len(old), SPREAD_CHUNK)]
    return jobs
