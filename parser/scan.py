"""The folder scan: which files of an archive are pages, and which issue each belongs to.

Two ways to look at the folder (``docs/DESIGN.md``, "Syncing"):

- :func:`scan` lists every folder and stats every page file: it sees every change, including a
  file rewritten in place, and costs a few microseconds per file (about 2 s at 100,000 files on
  a loaded machine).
- :func:`rescan` stats only the folders the last scan saw, and lists just those whose mtime
  changed (adding, removing or renaming an entry changes its folder's mtime), plus any new
  folder inside them.  A file edited in place changes no folder, so only a full scan sees it.

Both work on plain strings and ``os.scandir``: they run before every command.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import NamedTuple

PAGE_SUFFIXES = {".txt", ".md"}


#: A page file as a scan saw it: (relative POSIX path, size, mtime in ns), the two fields of its
#: ``stat`` the cache compares.  A plain flat tuple: a scan keeps one per page file, and a million
#: of them as (path, absolute path, stat tuple) held 360 MB of a build's memory; this holds 210.
Found = tuple[str, int, int]


def found_of(rel: str, st: os.stat_result) -> Found:
    return (rel, st.st_size, st.st_mtime_ns)


class Scan(NamedTuple):
    """What one look at the folder saw.

    ``dirs`` maps each folder whose entries were listed (``""`` for the root, else its relative
    POSIX path with a final ``/``) to its mtime; ``files`` are the page files directly in those
    folders.  A known file is gone when its folder was listed and it is not in ``files``, or
    when its folder is in ``gone``.
    """

    files: list[Found]
    warnings: list[str]
    dirs: dict[str, int]
    gone: frozenset[str] = frozenset()
    full: bool = True
    started: float = 0.0  # when the look began (``sync.look`` sets it: a full check is as recent as this)


def scan(root: Path) -> Scan:
    """Every page file under ``root`` as (relative POSIX path, size, mtime), sorted by path.

    Symlinked folders are followed once (a symlink loop is reported, not followed forever);
    hidden files and folders are ignored.
    """
    found: list[Found] = []
    warnings: list[str] = []
    dirs: dict[str, int] = {}
    _walk(str(root), "", found, warnings, dirs, set(), deep=True)
    found.sort()  # (by path: paths are unique)
    return Scan(found, warnings, dirs, frozenset(), True)


def rescan(root: Path, known: dict[str, int]) -> Scan:
    """The changes since the scan that recorded ``known`` (folder → mtime), at the cost of one
    ``stat`` per folder when nothing changed.

    A folder whose mtime differs is listed again (its files are stat'ed); a subfolder it holds
    that ``known`` lacks is walked whole; a known folder that cannot be found any more is gone,
    with everything under it.
    """
    found: list[Found] = []
    warnings: list[str] = []
    dirs: dict[str, int] = {}
    gone: set[str] = set()
    seen: set[tuple[int, int]] = set()
    changed: list[str] = []
    for prefix, mtime_ns in known.items():
        try:
            st = os.stat(os.path.join(root, prefix) if prefix else root)
        except OSError:
            gone.add(prefix)  # removed or renamed (its parent changed too), or unreadable now
            continue
        seen.add((st.st_dev, st.st_ino))
        if st.st_mtime_ns != mtime_ns:
            changed.append(prefix)
    for prefix in changed:
        if not any(prefix.startswith(g) for g in gone):
            for sub in _walk(os.path.join(root, prefix) if prefix else str(root), prefix, found, warnings,
                             dirs, seen, deep=False):
                if sub not in known:  # a new folder: everything in it is new
                    _walk(os.path.join(root, sub), sub, found, warnings, dirs, seen, deep=True)
    found.sort()
    return Scan(found, warnings, dirs, frozenset(gone), False)


def _walk(folder: str, prefix: str, found: list[Found], warnings: list[str], dirs: dict[str, int],
          seen_dirs: set[tuple[int, int]], deep: bool) -> list[str]:
    """List ``folder`` (and, when ``deep``, every folder under it): page files into ``found``,
    each listed folder's mtime into ``dirs``.  Returns the subfolders not walked (not ``deep``)."""
    skipped: list[str] = []
    stack: list[tuple[str, str]] = [(folder, prefix)]
    first = True
    while stack:
        folder, prefix = stack.pop()
        try:
            st = os.stat(folder)
        except OSError as exc:
            warnings.append(f"{folder}: cannot read folder ({exc.strerror})")
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs and not (first and not deep):
            warnings.append(f"{folder}: folder already visited (symlink loop?); skipped")
            continue
        first = False
        seen_dirs.add(key)
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            warnings.append(f"{folder}: cannot list folder ({exc.strerror})")
            continue
        dirs[prefix] = st.st_mtime_ns
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    if deep:
                        stack.append((entry.path, f"{prefix}{name}/"))
                    else:
                        skipped.append(f"{prefix}{name}/")
                    continue
                dot = name.rfind(".")
                if dot <= 0 or name[dot:].lower() not in PAGE_SUFFIXES or not entry.is_file():
                    continue
                st = entry.stat()
            except OSError as exc:
                warnings.append(f"{entry.path}: cannot read ({exc.strerror or exc}); skipped")
                continue
            found.append((prefix + name, st.st_size, st.st_mtime_ns))
    return skipped


def folder_of(rel_path: str) -> str:
    """The ``Scan.dirs`` key of the folder holding ``rel_path`` (``""`` for the root)."""
    cut = rel_path.rfind("/")
    return rel_path[:cut + 1]


def issue_id_for(rel_path: str, date: str | None) -> str:
    """Dated pages share the issue named by their date; an undated file is an issue of its own."""
    return date or str(PurePosixPath(rel_path).with_suffix(""))
