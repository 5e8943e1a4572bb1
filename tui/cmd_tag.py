"""``kanbao tag`` and ``kanbao entities``: the entity tagger for pipes.

``kanbao tag [FILE|-] [--json]`` tags plain text line by line, so it can sit in a pipeline:
exactly one output line per input line (an empty line gives ``{"text": "", "entities": []}``),
offsets in characters of that line.  The input is decoded like page files (UTF-8, BOM, GB18030)
but not normalised, so the offsets point into the line as the user has it.

``kanbao entities [--type person|place|org] [--json]`` prints the archive's entity index: each
entity with the number of articles naming it and their ids, most mentioned first.
"""

from __future__ import annotations

import argparse
import sys
from typing import IO, Any

from parser.decode import NotText, decode_bytes
from tui.output import ENTITY_LABELS as LABELS
from tui.output import EXIT_BAD_INPUT, EXIT_NO_MATCH, EXIT_OK, json_line, safe_text


def add_tag_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", nargs="?", default="-", metavar="FILE",
                   help="plain text to tag, one sentence or paragraph a line (default or -: stdin)")
    p.add_argument("--json", action="store_true",
                   help='JSON Lines: {"text", "entities": [{"type", "text", "start", "end"}]} per input line')


def add_entities_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--type", choices=("person", "place", "org"), help="only entities of this type")
    p.add_argument("--limit", "-n", type=int, default=0, metavar="N", help="at most N entities (default all)")
    p.add_argument("--json", action="store_true", help="JSON Lines: text, type, count, articles")


def _fail(message: str) -> None:
    print(f"kanbao tag: {message}", file=sys.stderr)
    raise SystemExit(EXIT_BAD_INPUT)


def _read(name: str) -> str:
    try:
        if name == "-":
            data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        else:
            with open(name, "rb") as fh:
                data = fh.read()
    except OSError as exc:
        _fail(f"cannot read {name}: {exc.strerror or exc}")
    try:
        return decode_bytes(data).text
    except NotText as exc:
        _fail(f"{name} is not text: {exc}")
    raise AssertionError("unreachable")


def mark(line: str, entities: list[Any]) -> str:
    """The line with every entity written as ``[人名:张三]`` (terminal-safe)."""
    out: list[str] = []
    at = 0
    for e in sorted(entities, key=lambda e: e.start):
        if e.start < at:
            continue
        out.append(safe_text(line[at : e.start]))
        out.append(f"[{LABELS.get(e.type, e.type)}:{safe_text(line[e.start : e.end])}]")
        at = e.end
    out.append(safe_text(line[at:]))
    return "".join(out)


def run_tag(args: argparse.Namespace, out: IO[str]) -> int:
    from parser.entities.consistency import LineTagger

    text = _read(getattr(args, "file", None) or "-")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start another
    tagger = LineTagger()
    for line in lines:
        entities = tagger.tag(line)
        if args.json:
            json_line({"text": line, "entities": [
                {"type": e.type, "text": e.text, "start": e.start, "end": e.end} for e in entities]}, out)
        else:
            out.write(mark(line, entities) + "\n")
    return EXIT_OK


def run_entities(args: argparse.Namespace, archive: Any, out: IO[str]) -> int:
    stats = archive.entity_index(getattr(args, "type", None))
    limit = getattr(args, "limit", 0) or 0
    if limit > 0:
        stats = stats[:limit]
    if not stats:
        return EXIT_NO_MATCH
    for rank, s in enumerate(stats, 1):
        if args.json:
            json_line({"text": s.text, "type": s.type, "count": s.count, "articles": list(s.article_ids)}, out)
        else:
            ids = " ".join(s.article_ids)
            out.write(f"{rank}\t{LABELS.get(s.type, s.type)}\t{safe_text(s.text)}\t{s.count}\t{ids}\n")
    return EXIT_OK
