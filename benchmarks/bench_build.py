"""Cold build benchmark: what a first ``kanbao index`` of an archive costs.

    python benchmarks/synth.py /tmp/synth100k --articles 100000   # once
    python benchmarks/bench_build.py /tmp/synth100k               # a fresh, empty cache each run

Opens the archive on an empty cache in a temporary folder (or ``--cache-dir``, which must be
empty) exactly as ``kanbao index`` does, and prints wall time, when the parse pass and the
names pass ended, CPU seconds of the main process and of the worker processes, and the main
process's peak RSS.  Run it with nothing else on the machine: the build uses every CPU.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", type=Path)
    ap.add_argument("--cache-dir", type=Path, help="an empty folder to build the cache in (kept)")
    ns = ap.parse_args(argv)
    from parser import Archive

    tmp = None if ns.cache_dir else tempfile.TemporaryDirectory(prefix="kanbao-build-")
    cache_dir = ns.cache_dir or Path(tmp.name)  # type: ignore[union-attr]
    if any(cache_dir.glob("archive-*.sqlite3")):
        sys.exit(f"{cache_dir} already holds a cache: a cold build needs an empty folder")
    marks: dict[str, float] = {}
    t0 = time.perf_counter()

    def progress(done: int, total: int, what: str) -> None:
        if what == "names":
            marks.setdefault("parse pass", time.perf_counter() - t0)
        elif total and done >= total:
            marks["files parsed"] = time.perf_counter() - t0

    c0 = time.process_time()
    with Archive.open(ns.archive, cache_dir=cache_dir, progress=progress) as arc:
        wall = time.perf_counter() - t0
        n = len(arc.headlines)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"archive: {ns.archive} ({n} articles), {os.cpu_count()} CPUs, load average at the end {os.getloadavg()[0]:.1f}")
    print(f"wall {wall:.1f} s; " + ", ".join(f"{k} at {v:.1f} s" for k, v in marks.items()))
    print(f"CPU: main {time.process_time() - c0:.1f} s, workers {children.ru_utime + children.ru_stime:.1f} s; "
          f"main peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
