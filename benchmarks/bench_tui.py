"""TUI benchmark: first paint, archive ready, keystroke-to-results, and big-list moves.

    python benchmarks/bench_tui.py                          # the bundled sample
    python benchmarks/bench_tui.py --archive ~/papers       # a real folder (run twice: warm cache)
    python benchmarks/bench_tui.py --synthetic 100000       # list moves on 100,000 in-memory headlines

1. *First paint from the command*: a child process starts the app headless (Textual pilot) and
   reports when the first frame is drawn, when the first headlines are drawn (the app's
   ``lists_shown``: a callback after the refresh that follows filling the lists) and when the app
   is idle after opening the archive; times are measured by this
   parent from the moment it spawns the child, so interpreter start-up and imports are included.
2. *Keystroke to results*: in-process pilot; each query is typed one key at a time, and for every
   key the time from the key press to the search screen showing that exact query's results is
   recorded (includes the 80 ms debounce, the search worker and the redraw).
3. *Big lists* (``--synthetic N``): headlines from ``benchmarks/synth.py`` (invented text) in an
   in-memory archive: time to fill the lists, to jump to the end of the biggest issue, and per j/k.

Prints numbers; asserts nothing (speed is shown by benchmarks, not timed tests).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

QUERIES = ["shendong", "沈东", "wujin", "武进", "sd", "发展", "jinrong", "gongzuo"]
SIZE = (140, 40)

CHILD = r"""
import asyncio, sys, time
from pathlib import Path
t0 = float(sys.argv[1])
from tui.app import KanbaoApp
from tui.config import Config

async def main():
    archive = Path(sys.argv[2]) if sys.argv[2] != "-" else None
    app = KanbaoApp(archive, config=Config())
    async with app.run_test(size=(140, 40)) as pilot:
        while app.first_paint is None:
            await pilot.pause(0.001)
        print("paint", flush=True)
        while app.lists_shown is None and app.load_error is None:
            await pilot.pause(0.001)
        print("lists", flush=True)
        while not app.ready.is_set():
            await pilot.pause(0.005)
        await pilot.pause()
        print("ready", flush=True)
        while app.search_state == "loading":
            await pilot.pause(0.005)
        print("search", app.search_state, flush=True)
        import resource
        try:  # (Linux; elsewhere the peak alone)
            with open("/proc/self/status") as f:
                rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
        except (OSError, StopIteration):
            rss = 0
        print("rss", rss // 1024, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, flush=True)
asyncio.run(main())
"""


def first_paint(archive: Path | None, runs: int, env: dict[str, str], cold: bool) -> None:
    paint, lists, ready, search = [], [], [], []
    rss: list[tuple[int, int]] = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(start), str(archive) if archive else "-"],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        for line in proc.stdout:
            now = time.perf_counter() - start
            if line.startswith("paint"):
                paint.append(now)
            elif line.startswith("lists"):
                lists.append(now)
            elif line.startswith("ready"):
                ready.append(now)
            elif line.startswith("search"):
                search.append(now)
            elif line.startswith("rss"):
                rss.append((int(line.split()[1]), int(line.split()[2])))
        proc.wait()
    what = archive or "bundled sample"
    first = "cold: a new cache folder, no lexicon or pinyin tables" if cold else "$KANBAO_CACHE_DIR as set"
    print(f"first paint from the command ({what}, {runs} runs; run 1 {first}; the rest warm):")
    rows = [("first frame", paint, ""), ("headlines drawn", lists, ""),
            ("app idle after", ready, "  (archive open, lists drawn, the first article previewed)"),
            ("search ready", search, "  (tagging done, highlights drawn, search index loaded)")]
    for label, times, note in rows:
        if not times:
            continue
        warm = times[1:]
        line = f"  {label:<16} run 1 {times[0]:.3f} s"
        if warm:
            line += f"  warm min {min(warm):.3f} s  median {statistics.median(warm):.3f} s"
        print(line + note)
    if rss:
        print("  memory at search ready: " + ", ".join(f"RSS {now} MB (peak {peak} MB)" for now, peak in rss))


async def keystrokes(archive: Path | None, data_dir: Path) -> None:
    from tui.app import KanbaoApp
    from tui.config import Config
    from tui.screens.search import SearchScreen

    app = KanbaoApp(archive, data_dir=data_dir, config=Config())
    lat: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        while not app.ready.is_set() or app.search_state == "loading":
            await pilot.pause(0.01)
        if app.search_state != "ready":
            print(f"keystroke-to-results: search unavailable ({app.search_error})")
            return
        for query in QUERIES:
            await pilot.press("slash")
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            typed = ""
            for ch in query:
                typed += ch
                t = time.perf_counter()
                await pilot.press(ch)
                while screen.shown_query != typed:
                    await pilot.pause(0.001)
                lat.append(time.perf_counter() - t)
            await pilot.press("escape")
    lat.sort()
    p95 = lat[max(0, int(len(lat) * 0.95) - 1)]
    print(f"keystroke to results ({len(lat)} keys, {len(QUERIES)} queries, incl. 80 ms debounce):")
    print(f"  median {statistics.median(lat) * 1000:.0f} ms  p95 {p95 * 1000:.0f} ms  max {lat[-1] * 1000:.0f} ms")
    import resource
    print(f"  peak memory of this process (the app, its search vocabulary loaded): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")


class SynthArchive:
    """Headlines of ``synth.articles(n)`` grouped into dated issues; bodies kept for the reader."""

    def __init__(self, n: int) -> None:
        from collections import defaultdict

        from synth import articles

        from parser.model import Headline, Issue, PageInfo

        by_issue: dict[str, list[Any]] = defaultdict(list)
        self._articles = {}
        for a in articles(n):
            self._articles[a.id] = a
            by_issue[a.date or ""].append(a)
        issues = []
        for date in sorted(by_issue):
            arts = sorted(by_issue[date], key=lambda a: (a.page_number or 0, a.ordinal))
            pages = {a.page_number: PageInfo(f"{date}-{a.page_number}", f"{date}/{a.page_number}.txt", date,
                                             a.page_number, "要闻", "utf-8") for a in arts}
            heads = tuple(Headline.of(a, "要闻", f"{date}.txt") for a in arts)
            issues.append(Issue(date, date, tuple(pages.values()), heads))
        self.issues = tuple(issues)
        self.headlines = tuple(h for i in issues for h in i.headlines)
        self._by_id = {h.id: h for h in self.headlines}
        self.warnings: tuple[str, ...] = ()

    def headline(self, article_id: str) -> Any:
        return self._by_id[article_id]

    def article(self, article_id: str) -> Any:
        return self._articles[article_id]

    def search(self, query: str, limit: int = 20, **_: Any) -> list[Any]:
        return []

    def refresh_search(self) -> bool:
        return False

    def entity_counts(self, type: str | None = None) -> list[Any]:
        return []

    def entity_articles(self, entity: Any) -> tuple[str, ...]:
        return ()

    def entity_issues(self, entity: Any, sample: int = -1) -> list[str]:
        return []


async def big_lists(n: int, data_dir: Path) -> None:
    from tui.app import KanbaoApp
    from tui.config import Config
    from tui.screens.main import HeadlineList, IssueList

    t = time.perf_counter()
    arc = SynthArchive(n)
    built = time.perf_counter() - t
    biggest = max(arc.issues, key=lambda i: i.article_count)
    app = KanbaoApp(data_dir=data_dir, config=Config(), opener=lambda progress: arc)
    async with app.run_test(size=SIZE) as pilot:
        t = time.perf_counter()
        while not app.ready.is_set():
            await pilot.pause(0.001)
        await pilot.pause()
        filled = time.perf_counter() - t
        issues = app.main.query_one(IssueList)
        heads = app.main.query_one(HeadlineList)
        t = time.perf_counter()
        issues.focus()
        await pilot.press("end")
        await pilot.pause()
        end_issues = time.perf_counter() - t
        t = time.perf_counter()
        for _ in range(50):
            await pilot.press("k")
        await pilot.pause()
        per_k = (time.perf_counter() - t) / 50
        t = time.perf_counter()
        app.main.show_issue(biggest.id)
        await pilot.pause()
        show_big = time.perf_counter() - t
        heads.focus()
        t = time.perf_counter()
        await pilot.press("end")
        await pilot.pause()
        end_heads = time.perf_counter() - t
    print(f"big lists: {len(arc.headlines)} headlines in {len(arc.issues)} issues "
          f"(biggest {biggest.article_count}); synth build {built:.1f} s")
    print(f"  archive ready -> lists painted  {filled * 1000:.0f} ms")
    print(f"  End in issue list               {end_issues * 1000:.0f} ms")
    print(f"  k in issue list (each; headlines follow after a 60 ms rest)  {per_k * 1000:.1f} ms")
    print(f"  show biggest issue              {show_big * 1000:.0f} ms")
    print(f"  End in its headline list        {end_heads * 1000:.0f} ms")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--archive", type=Path, help="archive folder (default: the bundled sample)")
    ap.add_argument("--runs", type=int, default=5, help="first-paint runs (the first one cold)")
    ap.add_argument("--synthetic", type=int, default=0, metavar="N", help="also time lists with N headlines")
    ap.add_argument("--skip-paint", action="store_true")
    ap.add_argument("--skip-search", action="store_true")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="kanbao-bench-tui-"))
    env = dict(os.environ)
    cold = "KANBAO_CACHE_DIR" not in env
    env.setdefault("KANBAO_CACHE_DIR", str(tmp / "cache"))
    env["KANBAO_DATA_DIR"] = str(tmp / "data")
    env["KANBAO_CONFIG_DIR"] = str(tmp / "config")
    os.environ.update({k: env[k] for k in ("KANBAO_CACHE_DIR", "KANBAO_DATA_DIR", "KANBAO_CONFIG_DIR")})
    if not args.skip_paint:
        first_paint(args.archive, args.runs, env, cold)
    if not args.skip_search:
        asyncio.run(keystrokes(args.archive, tmp / "data"))
    if args.synthetic:
        asyncio.run(big_lists(args.synthetic, tmp / "data"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
