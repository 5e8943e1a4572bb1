"""Bringing a big search vocabulary up to date, in a process of its own.

After an update, the stored vocabulary of a big archive is out of date; searches go on with it
(``search.STALE_OK_WORDS``) until it is rebuilt from its rows, with every derived table a search
reads, and kept in the cache.  At a million articles that costs some 15 s of CPU and 760 MB at its
peak.  Done in the TUI's process it made keystrokes wait for the interpreter and held two
vocabularies at once, so it runs in a new interpreter (as the parse workers do, with this
process's ``sys.path``), and the caller then loads the result like any reopen.

    python -m parser.search_refresh CACHE.sqlite3
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

_BOOT = ("import sys, json; sys.path[:] = json.loads(sys.argv[1]); from parser.search_refresh import main; "
         "sys.exit(main(sys.argv[2:]))")


def rebuild_in_child(path: str) -> bool:
    """Rebuild the vocabulary of the index in the SQLite file ``path`` in a new interpreter;
    False when that process failed (its error is on this process's standard error)."""
    search_path = json.dumps([p or os.getcwd() for p in sys.path])
    done = subprocess.run([sys.executable, "-c", _BOOT, search_path, path], stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, check=False)
    return done.returncode == 0


def rebuild(conn: sqlite3.Connection) -> None:
    """Rebuild the main vocabulary as of the index's current generation, and every table a
    search reads from it, keeping them in the cache."""
    from .search import _build_main, current_gen

    _build_main(conn, current_gen(conn)).build_tables()


def main(argv: list[str]) -> int:
    """``CACHE.sqlite3``: exit 0 when rebuilt, 1 when SQLite failed (one line on stderr)."""
    if len(argv) != 1:
        print("usage: python -m parser.search_refresh CACHE.sqlite3", file=sys.stderr)
        return 2
    try:
        conn = sqlite3.connect(argv[0], timeout=30)
        try:
            rebuild(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        print(f"kanbao: could not rebuild the search vocabulary: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
