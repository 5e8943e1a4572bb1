"""``kanbao search QUERY [--limit N] [--json]``: the search box, for pipes.

Plain output is one hit per line, tab-separated: id, date, headline, snippet (terminal-safe,
match marked in colour on a terminal).  ``--json`` prints JSON Lines (``Hit.to_dict``).  Like
grep, the exit status is 1 with no output when nothing matches.  A filter that cannot be read
(``date:2025-13-45``), an empty query, ``--limit`` below 1 or an index that cannot answer
(:class:`parser.search.SearchError`) is one line on stderr and exit status 2.  ``is:unread``,
``is:read`` and ``is:bookmarked`` read the same reading state as the TUI.
"""

from __future__ import annotations

import argparse
import sqlite3
from typing import IO, Any

from parser.query import Query, parse_query
from parser.search import SearchError
from tui.output import EXIT_BAD_INPUT, EXIT_NO_MATCH, EXIT_OK, json_line, safe_text, use_colour, warn


def add_search_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="+", help="terms and filters, e.g. 长江 wj date:2025-02 person:…")
    p.add_argument("--limit", "-n", type=int, default=20, metavar="N", help="at most N hits (default 20)")
    p.add_argument("--json", action="store_true", help="JSON Lines, one hit per line")
    p.add_argument("--color", "--colour", choices=("auto", "always", "never"), default="auto")


def _mark(text: str, spans: Any, colour: bool) -> str:
    """Terminal-safe text with the matched spans in bold yellow when colour is on."""
    if not colour or not spans:
        return safe_text(text)
    out, pos = [], 0
    for s, e in spans:
        if s < pos:
            continue
        out.append(safe_text(text[pos:s]))
        out.append(f"\x1b[1;33m{safe_text(text[s:e])}\x1b[0m")
        pos = e
    out.append(safe_text(text[pos:]))
    return "".join(out)


def _state_ids(q: Query) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """Read and bookmarked ids from the reading-state store, exactly what the TUI passes, and only
    when the query filters on them (opening the store costs a file)."""
    if not (q.unread or q.read or q.bookmarked):
        return None, None
    from parser.state import StateStore

    with StateStore() as store:
        return store.read_ids, store.bookmarked_ids


def _usage_problem(query: str, q: Query, limit: int) -> str | None:
    """Why this command line cannot be searched, or None.  The TUI shows an unreadable filter
    inline and keeps typing; a script gets a message and exit status 2 instead of hits that
    silently ignore the filter."""
    if limit < 1:
        return f"--limit must be 1 or more, not {limit}"
    if q.errors:
        return "; ".join(q.errors)
    if not query.strip() or q.is_empty:
        return "nothing to search for: give terms or filters (see kanbao search --help)"
    return None


def run_search(args: argparse.Namespace, archive: Any, out: IO[str]) -> int:
    query = " ".join(args.query)
    q = parse_query(query)
    problem = _usage_problem(query, q, args.limit)
    if problem:
        warn(problem)
        return EXIT_BAD_INPUT
    try:
        read_ids, bookmarked_ids = _state_ids(q)
    except (OSError, sqlite3.Error) as exc:
        warn(f"cannot read the reading state: {exc}")
        return EXIT_BAD_INPUT
    try:
        hits = archive.search(query, limit=args.limit, read_ids=read_ids, bookmarked_ids=bookmarked_ids)
    except SearchError as exc:
        warn(str(exc))
        return EXIT_BAD_INPUT
    if not hits:
        return EXIT_NO_MATCH
    colour = not args.json and use_colour(getattr(args, "color", "auto"), out)
    for h in hits:
        if args.json:
            json_line(h.to_dict(), out)
        else:
            snippet = _mark(h.snippet, h.snippet_spans, colour).replace("\t", " ")
            headline = _mark(h.headline, h.headline_spans, colour).replace("\t", " ")
            out.write(f"{h.id}\t{h.date or h.issue}\t{headline}\t{snippet}\n")
    return EXIT_OK
