"""The folder scan: which files of an archive are pages, and which issue each belongs to.

It runs on every open, over every file of the archive, so it works on plain strings.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

PAGE_SUFFIXES = {".txt", ".md"}


def scan(root: Path) -> tuple[list[tuple[str, str, os.stat_result]], list[str]]:
    """Page files under ``root`` as (relative POSIX path, path, stat), sorted by relative path.

    Symlinked folders are followed once (a symlink loop is reported, not followed forever);
    hidden files and folders are ignored.  Plain strings and ``os.scandir`` keep this at a few
    microseconds per file: it runs on every open, over every file of the archive.
    """
    found: list[tuple[str, str, os.stat_result]] = []
    warnings: list[str] = []
    seen_dirs: set[tuple[int, int]] = set()
    stack: list[tuple[str, str]] = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            st = os.stat(folder)
        except OSError as exc:
            warnings.append(f"{folder}: cannot read folder ({exc.strerror})")
            continue
        if (st.st_dev, st.st_ino) in seen_dirs:
            warnings.append(f"{folder}: folder already visited (symlink loop?); skipped")
            continue
        seen_dirs.add((st.st_dev, st.st_ino))
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            warnings.append(f"{folder}: cannot list folder ({exc.strerror})")
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    stack.append((entry.path, f"{prefix}{name}/"))
                    continue
                dot = name.rfind(".")
                if dot <= 0 or name[dot:].lower() not in PAGE_SUFFIXES or not entry.is_file():
                    continue
                fst = entry.stat()
            except OSError as exc:
                warnings.append(f"{entry.path}: cannot read ({exc.strerror or exc}); skipped")
                continue
            found.append((prefix + name, entry.path, fst))
    found.sort(key=lambda t: t[0])
    return found, warnings


def issue_id_for(rel_path: str, date: str | None) -> str:
    """Dated pages share the issue named by their date; an undated file is an issue of its own."""
    return date or str(PurePosixPath(rel_path).with_suffix(""))

