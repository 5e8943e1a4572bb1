"""The change check: the scan and the cache's file rows compared by one merge in path order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parser.cache import Cache
from parser.sync import _compare

# Paths of ASCII, CJK, astral and private-use characters: the merge relies on SQLite's order of
# UTF-8 bytes being Python's order of code points.
_PATH = st.text(st.sampled_from("ab/._-0" + "报纸武进" + "\U00020000\U0001f600" + "\ue000"), min_size=1,
                max_size=6)
_STAT = st.tuples(st.integers(0, 2), st.integers(0, 2))


def _reference(files: list[tuple[str, int, int]], stored: dict[str, tuple[int, int, str]]
               ) -> tuple[list[tuple[str, int, int]], list[str]]:
    """What the dict of every stored row used to give."""
    present = {f[0] for f in files}
    todo = [f for f in files
            if not ((row := stored.get(f[0])) and (row[0], row[1]) == (f[1], f[2]) and row[2] != "untagged")]
    return todo, sorted(set(stored) - present)


@given(st.dictionaries(_PATH, _STAT), st.dictionaries(_PATH, st.tuples(_STAT, st.sampled_from(["ok", "skipped",
                                                                                                 "untagged"]))))
def test_the_merge_finds_what_a_lookup_of_every_row_finds(scanned: dict, stored_in: dict) -> None:
    files = sorted((p, s, m) for p, (s, m) in scanned.items())
    stored = {p: (s, m, status) for p, ((s, m), status) in stored_in.items()}
    cache = Cache.open(None)
    for path, (size, mtime, status) in stored.items():
        cache.conn.execute("INSERT INTO files(path, size, mtime_ns, sha1, status) VALUES (?, ?, ?, '', ?)",
                           (path, size, mtime, status))
    rows = list(cache.file_stats())
    assert [r[0] for r in rows] == sorted(stored)  # SQLite's order is the scan's
    todo, gone = _compare(files, rows)
    assert (todo, sorted(gone)) == _reference(files, stored)
    assert all(t is f for t in todo for f in files if f[0] == t[0])  # the scan's tuples, not copies
