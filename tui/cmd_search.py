"""``kanbao search QUERY [--limit N] [--json]``: the search box, for pipes.

Plain output is one hit per line, tab-separated: id, date, headline, snippet (terminal-safe,
match marked in colour on a terminal).  ``--json`` prints JSON Lines (``Hit.to_dict``).  Like
grep, the exit status is 1 with no output when nothing matches; an index that cannot answer
(:class:`parser.search.SearchError`) is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
from typing import IO, Any

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


def _state_ids(query: str) -> tuple[Any, Any]:
    """Read and bookmarked ids, only when the query asks for them (is:unread, is:bookmarked)."""
    if "is:" not in query and "is：" not in query:
        return None, None
    try:
        from parser.state import StateStore

        with StateStore() as store:
            return store.read_ids(), store.bookmarked_ids()
    except Exception:  # no state yet: nothing read, nothing bookmarked
        return None, None


def run_search(args: argparse.Namespace, archive: Any, out: IO[str]) -> int:
    query = " ".join(args.query)
    read_ids, bookmarked_ids = _state_ids(query)
    try:
        hits = archive.search(query, limit=max(1, args.limit), read_ids=read_ids, bookmarked_ids=bookmarked_ids)
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
