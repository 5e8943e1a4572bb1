"""The archive-wide names pass: a name a strong pattern confirmed anywhere is tagged everywhere.

The other consistency rules (``consistency``) work on one article or one stream of lines while
it is tagged; this pass works on articles already stored, as JSON, after a sync parsed new ones
(``parser.sync`` runs it after a sync parsed new articles, in worker processes for a big build).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from .consistency import trie_regex


def spread_rows(conn: sqlite3.Connection, names: dict[str, str], pattern: Any,
                article_ids: list[str]) -> list[tuple[str, str, str]]:
    """(id, article JSON, added [type, text] pairs JSON) of the articles that gain mentions of ``names``.

    Works on the decoded JSON, not on :class:`Article`: in a cold build nearly every article is
    read here, and building and re-serialising the dataclasses was most of this pass's cost.
    """
    out = []
    for start in range(0, len(article_ids), 500):
        chunk = article_ids[start:start + 500]
        rows = conn.execute(f"SELECT id, data FROM articles WHERE id IN ({', '.join('?' * len(chunk))})", chunk)
        for ident, data in rows.fetchall():
            if not pattern.search(data):
                continue
            d = json.loads(data)
            extra = missing_mentions(d, pattern, names)
            if extra:
                d["entities"] = (d.get("entities") or []) + extra
                pairs = list(dict.fromkeys((e["type"], e["text"]) for e in extra))
                out.append((ident, json.dumps(d, ensure_ascii=False), json.dumps(pairs, ensure_ascii=False)))
    return out


def _field_texts(d: dict[str, Any]) -> Iterator[tuple[str, int | None, str]]:
    """``Article.field_texts`` of an article's JSON."""
    for name in ("kicker", "headline", "subheadline"):
        if d.get(name):
            yield name, None, d[name]
    yield from (("paragraphs", i, p) for i, p in enumerate(d.get("paragraphs") or ()))
    if d.get("caption"):
        yield "caption", None, d["caption"]


def missing_mentions(d: dict[str, Any], pattern: Any, names: dict[str, str]) -> list[dict[str, Any]]:
    """Entity dicts (``Entity.to_dict``) for the mentions of ``names`` in the article JSON ``d``
    that no entity covers yet, skipping strings the article already typed otherwise."""
    ents = d.get("entities") or ()
    typed = {e["text"]: e["type"] for e in ents}
    # Most mentions are tagged already at exactly their span: a set answers those; the spans of
    # one field are gathered only when a mention is not (to test it for overlaps).
    exact = {(e.get("field", "paragraphs"), e.get("paragraph"), e.get("start", 0), e.get("end", 0)) for e in ents}
    taken: dict[tuple[str, int | None], list[tuple[int, int]]] | None = None
    out: list[dict[str, Any]] = []
    for field, idx, text in _field_texts(d):
        for m in pattern.finditer(text):
            s, e = m.span()
            if (field, idx, s, e) in exact:
                continue
            name = m.group()
            kind = names.get(name)
            if kind is None or typed.get(name, kind) != kind:
                continue
            if taken is None:
                taken = defaultdict(list)
                for f, i, a, b in exact:
                    taken[(f, i)].append((a, b))
            spans = taken[(field, idx)]
            if any(s < b and a < e for a, b in spans):
                continue
            new: dict[str, Any] = {"text": name, "type": kind, "field": field, "start": s, "end": e}
            if idx is not None:
                new["paragraph"] = idx
            new["confirmed"] = True
            out.append(new)
            spans.append((s, e))
    return out


#: Articles per task of the parallel name pass.
SPREAD_CHUNK = 1000
#: Up to this many freshly parsed articles, the name pass first keeps the names they contain.
FEW_FRESH = 50


def spread_jobs(conn: sqlite3.Connection, names: dict[str, str], before: dict[str, str], fresh_ids: set[str],
                had_articles: bool) -> list[tuple[dict[str, str], list[str]]]:
    """The names pass as (names, article ids) jobs of at most ``SPREAD_CHUNK`` articles.

    Articles parsed in this run learn every confirmed name; older articles only the names this
    run confirmed for the first time, so an incremental update rescans little.
    """
    new = {n: t for n, t in names.items() if n not in before}
    jobs: list[tuple[dict[str, str], list[str]]] = []
    fresh = sorted(fresh_ids)
    wanted = names
    if len(fresh) <= FEW_FRESH:
        # An everyday update parses a file or two: compiling every confirmed name of a big
        # archive into one pattern (about a second at 100,000 articles) is the cost to avoid.
        # The names those articles contain at all are enough.
        data = "\n".join(d for (d,) in conn.execute(
            f"SELECT data FROM articles WHERE id IN ({', '.join('?' * len(fresh))})", fresh))
        wanted = {n: t for n, t in names.items() if n in data}
    if wanted:
        jobs += [(wanted, fresh[i:i + SPREAD_CHUNK]) for i in range(0, len(fresh), SPREAD_CHUNK)]
    if new and had_articles:
        pattern = trie_regex(new)
        cur = conn.execute("SELECT id, data FROM articles")
        old = [i for rows in iter(lambda: cur.fetchmany(500), []) for i, d in rows
               if i not in fresh_ids and pattern.search(d)]
        jobs += [(new, old[i:i + SPREAD_CHUNK]) for i in range(0, len(old), SPREAD_CHUNK)]
    return jobs
