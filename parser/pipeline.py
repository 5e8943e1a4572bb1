"""One file in, one :class:`Page` out: read, decode, parse, tag.

This is the single path every caller takes (``kanbao parse``, the archive indexer, the worker
processes of a cold build), so a page parsed from the command line and the same page read from
the cache are the same page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .decode import NotText, decode_bytes
from .model import Page

#: Files larger than this are not newspaper pages; reading them would only stall the indexer.
MAX_FILE_BYTES = 64 * 1024 * 1024


class SkippedFile(Exception):
    """A file that cannot be read as a page; the message is the one-line reason."""


@dataclass(frozen=True, slots=True)
class ReadResult:
    page: Page
    sha1: str
    size: int


def read_bytes(path: Path) -> bytes:
    """Read a file, turning OS trouble into :class:`SkippedFile` with a short reason."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SkippedFile(f"too large for a page ({size // (1024 * 1024)} MiB)")
        with path.open("rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        raise SkippedFile("disappeared while being read") from exc
    except IsADirectoryError as exc:
        raise SkippedFile("is a directory") from exc
    except PermissionError as exc:
        raise SkippedFile("permission denied") from exc
    except OSError as exc:
        raise SkippedFile(exc.strerror or str(exc)) from exc


def page_from_bytes(data: bytes, *, source: str, rel_path: str, tag: bool = True) -> Page:
    """Decode and parse one page's bytes; raises :class:`SkippedFile` if they are not text."""
    try:
        decoded = decode_bytes(data)
    except NotText as exc:
        raise SkippedFile(f"not a text file: {exc}") from exc
    if not decoded.text.strip():
        # Usually a half-written download: say so rather than show an issue with no articles.
        raise SkippedFile("empty file")
    from .page import parse_page

    warnings = (decoded.warning,) if decoded.warning else ()
    page = parse_page(decoded.text, source=source, rel_path=rel_path, encoding=decoded.encoding,
                      warnings=warnings)
    if tag:
        page = tag_page(page)
    return page


def tag_page(page: Page) -> Page:
    """Fill in entities (imported here: loading the tagger is only paid by callers that tag)."""
    from .entities import tag_page as _tag_page

    return _tag_page(page)


def read_page(path: Path, *, rel_path: str | None = None, source: str | None = None,
              tag: bool = True) -> ReadResult:
    """Read, decode, parse (and tag) the page at ``path``."""
    data = read_bytes(path)
    page = page_from_bytes(data, source=source if source is not None else str(path),
                           rel_path=rel_path if rel_path is not None else path.name, tag=tag)
    return ReadResult(page, hashlib.sha1(data).hexdigest(), len(data))

