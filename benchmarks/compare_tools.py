"""Side by side, whole process, same archive: ``fzf --filter`` over the headlines, ``rg`` over
the raw files, and ``kanbao search`` with a warm index.

    python benchmarks/compare_tools.py --articles 20000            # synthesise, index, compare
    python benchmarks/compare_tools.py --archive DIR               # an existing archive folder
    python benchmarks/compare_tools.py --archive DIR --cache-dir C # ... and a cache built already

Every tool runs as a fresh process per query (what a shell user pays).  Timing is the median of a loop of
``subprocess.run`` calls.  A tool that is not installed is reported as
skipped, never as a failure.  The table also shows how many lines each tool printed, because
the point is not only speed: fzf and rg find nothing for ``changjiang`` or ``cj``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

QUERIES = [("Chinese word", "长江"), ("Chinese 1 char", "绿"), ("pinyin", "changjiang"),
           ("initials", "cj"), ("typo", "chaungxin"), ("two terms", "长江 保护")]


def kanbao_cmd() -> list[str]:
    return [sys.executable, "-m", "tui.cli"]


def timed(cmd: list[str], env: dict[str, str], stdin: Path | None, runs: int) -> tuple[float, int]:
    """Median wall time in ms over ``runs`` and the number of output lines."""
    times = []
    lines = 0
    for _ in range(runs):
        t = time.perf_counter()
        with open(stdin, "rb") if stdin else open(os.devnull, "rb") as fh:
            out = subprocess.run(cmd, stdin=fh, capture_output=True, env=env, cwd=env["PYTHONPATH"]).stdout
        times.append((time.perf_counter() - t) * 1000)
        lines = out.count(b"\n")
    return statistics.median(times), lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--archive", type=Path, help="archive folder (default: synthesise one)")
    ap.add_argument("--articles", type=int, default=20000, help="articles to synthesise")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cache-dir", type=Path, help="kanbao cache folder to use (and keep), e.g. one already built")
    ns = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kanbao-compare-"))
    # Run kanbao from a frozen copy of the code: the cache is keyed by a hash of the parser's
    # source, so an edit in the work tree during the run would force a full re-index per query.
    code = work / "code"
    for pkg in ("parser", "tui", "sample_data"):
        shutil.copytree(REPO / pkg, code / pkg, ignore=shutil.ignore_patterns("__pycache__"))
    cache = ns.cache_dir or work / "cache"
    env = dict(os.environ, KANBAO_CACHE_DIR=str(cache), NO_COLOR="1", PYTHONPATH=str(code))
    archive = ns.archive
    if archive is None:
        from synth import write_archive

        archive = work / "archive"
        n = write_archive(archive, ns.articles)
        print(f"synthesised {n} article files in {archive}", file=sys.stderr)
    t = time.perf_counter()
    r = subprocess.run([*kanbao_cmd(), "--archive", str(archive), "index", "-q"], env=env, cwd=code)
    if r.returncode != 0:
        print("kanbao index failed; is the archive readable?", file=sys.stderr)
        return 1
    print(f"kanbao index (cold unless --cache-dir held a built cache): {time.perf_counter() - t:.1f} s",
          file=sys.stderr)
    headlines = work / "headlines.txt"
    with headlines.open("wb") as fh:
        subprocess.run([*kanbao_cmd(), "--archive", str(archive), "list"], stdout=fh, env=env, cwd=code)

    tools: list[tuple[str, object]] = []
    if shutil.which("fzf"):
        tools.append(("fzf --filter (headlines)", lambda q: (["fzf", "--filter", q], headlines)))
    else:
        print("fzf not installed: skipped", file=sys.stderr)
    if shutil.which("rg"):
        tools.append(("rg -l (raw files)", lambda q: (["rg", "-l", "-F", q.split()[0], str(archive)], None)))
    else:
        print("rg not installed: skipped", file=sys.stderr)
    tools.append(("kanbao search (warm index)",
                  lambda q: ([*kanbao_cmd(), "--archive", str(archive), "search", q, "--limit", "20"], None)))

    print("| query | tool | median ms | lines out |\n|---|---|---:|---:|")
    for label, q in QUERIES:
        for name, make in tools:
            cmd, stdin = make(q)  # type: ignore[operator]
            ms, lines = timed(cmd, env, stdin, ns.runs)
            print(f"| {label} `{q}` | {name} | {ms:.0f} | {lines} |")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
