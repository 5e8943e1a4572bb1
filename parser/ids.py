"""Stable, short ids for pages and articles.

Ids are derived from the page's path relative to the archive root (and the article's ordinal
on the page), not from its text: fixing an OCR typo in a file must not break a bookmark, and
the same archive gives the same ids on every machine.  Seven base-32 characters make ~34
billion values, so collisions are rare even at 100,000 articles; the archive lengthens
the later of two colliding ids (``sync._place_rows``) so every id stays unique.
"""

from __future__ import annotations

import hashlib

# Crockford-style: digits and lower-case letters without i, l, o, u (easy to read and type).
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
PAGE_ID_LEN = 6
ARTICLE_ID_LEN = 7


def _b32(digest: bytes, length: int) -> str:
    n = int.from_bytes(digest, "big")
    out = []
    for _ in range(length):
        n, r = divmod(n, 32)
        out.append(_ALPHABET[r])
    return "".join(out)


def _digest(key: str) -> bytes:
    return hashlib.sha1(key.encode("utf-8")).digest()


def page_id(rel_path: str, length: int = PAGE_ID_LEN) -> str:
    """Id of the page stored at ``rel_path`` (POSIX separators, relative to the archive root)."""
    return _b32(_digest(rel_path), length)


def article_id(rel_path: str, ordinal: int, length: int = ARTICLE_ID_LEN) -> str:
    """Id of the ``ordinal``-th article (0-based) of the page at ``rel_path``."""
    return _b32(_digest(f"{rel_path}#{ordinal}"), length)

