"""Soak test: many mixed CLI commands against one cache while the archive is being re-indexed.

What it shows: that concurrent readers (``list``, ``show``, ``search``, ``tag``, ``issues``,
``entities``) and a writer (``kanbao index`` after files change) can share one cache without a
single failure: no traceback, no unexpected exit code, no missing article.  It prints the
failure count (goal: zero), the wall time and per-command latencies.

    .venv/bin/python benchmarks/soak.py                      # 300 files, 1,000 commands, 2 at a time
    .venv/bin/python benchmarks/soak.py --files 100 --commands 200 --jobs 2

The archive (invented text) and the cache live in a temp folder that is removed afterwards.
The commands run a snapshot of ``parser``/``tui`` copied there at the start: the cache is keyed
to a fingerprint of the parser's source, so code edited during a long soak would (rightly)
make every process rebuild the cache, which is not what the soak measures.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLACES = ["东山", "西河", "南湖", "北岭", "中桥", "青石", "白沙", "红枫"]
THINGS = ["公园", "图书馆", "学校", "医院", "市场", "车站", "广场", "码头"]
PEOPLE = ["林晓峰", "韩雪", "周明远", "陈立", "方远"]
QUERIES = ["公园", "图书馆", "社区活动", "dongshan", "nanhu", "xh", "林晓峰", "方便居民", "码头 广场", "学校"]
TAG_LINES = ["林晓峰在东山镇调研春耕工作。", "西河街道办事处举办社区活动。", "南湖湿地迎来候鸟，韩雪到现场采访。"]


def page_text(n: int, version: int = 0) -> str:
    month, day = 1 + n // 150, 1 + (n // 5) % 28
    place, thing, person = PLACES[n % 8], THINGS[(n // 8) % 8], PEOPLE[n % 5]
    extra = "".join(f"\n# {place}更新消息第{version}-{k}条\n\n本报讯 {place}消息更新第{k}次。\n"
                    for k in range(version))
    return (f"东山日报\n2024年{month}月{day}日 星期二\n第{1 + n % 5}版 综合\n\n"
            f"# {place}新建{thing}第{n}号\n\n本报讯（记者 {person}）{place}今年新建{thing}，方便居民。编号{n}。\n\n"
            f"# {place}举办社区活动第{n}期\n\n本报讯 {place}举办社区活动，居民踊跃参加。\n{extra}")


def build(root: Path, files: int) -> None:
    for n in range(files):
        folder = root / f"2024-{1 + n // 150:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"p{n:04d}.txt").write_text(page_text(n), encoding="utf-8")


@dataclass
class Result:
    command: str
    code: int | None
    seconds: float
    problem: str | None


CODE = REPO  # replaced by the snapshot in main()


def snapshot(into: Path) -> Path:
    for package in ("parser", "tui", "sample_data"):
        shutil.copytree(REPO / package, into / package, ignore=shutil.ignore_patterns("__pycache__"))
    return into


def run(argv: list[str], stdin: str | None = None, timeout: float = 300) -> tuple[int | None, str, str, float]:
    t0 = time.perf_counter()
    try:
        p = subprocess.run([sys.executable, "-m", "tui", *argv], capture_output=True, text=True, cwd=CODE,
                           input=stdin, timeout=timeout)
        return p.returncode, p.stdout, p.stderr, time.perf_counter() - t0
    except subprocess.TimeoutExpired:
        return None, "", "timeout", time.perf_counter() - t0


def check(name: str, code: int | None, out: str, err: str, ok_codes: tuple[int, ...] = (0,)) -> str | None:
    if code not in ok_codes:
        return f"exit {code}: {err.strip()[-300:]}"
    if "Traceback" in err or "Error" in err:
        return f"error on stderr: {err.strip()[-300:]}"
    if code == 0 and not out.strip():
        return "empty output"
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=300)
    ap.add_argument("--commands", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2, help="commands running at once")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--pause", type=float, default=5.0, help="seconds between index updates")
    ap.add_argument("--minutes", type=float, default=0, help="stop issuing commands after this long (0: never)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    global CODE

    with tempfile.TemporaryDirectory(prefix="kanbao-soak-") as tmp:
        CODE = snapshot(Path(tmp) / "code")
        root, cache = Path(tmp) / "papers", Path(tmp) / "cache"
        build(root, args.files)
        common = ["--archive", str(root), "--cache-dir", str(cache)]
        t0 = time.perf_counter()
        code, _, err, secs = run(["index", "-q", *common], timeout=1800)
        if code != 0:
            print(f"initial index failed: {err}", file=sys.stderr)
            return 2
        print(f"archive: {args.files} files; initial index {secs:.1f} s", flush=True)
        listed = run(["list", "--json", *common])[1]
        rows = [json.loads(line) for line in listed.splitlines()]
        # Files the writer will change are never asked for by id, so every `show` has a right answer.
        mutable = {f"2024-{1 + n // 150:02d}/p{n:04d}.txt" for n in range(0, args.files, 20)}
        stable_ids = [r["id"] for r in rows if r["source"] not in mutable]
        expected_min = len(rows)

        stop = threading.Event()
        writer: list[Result] = []

        def write_loop() -> None:
            """Change and add files, then re-index, until the readers are done."""
            version, added = 0, 0
            while not stop.is_set():
                version += 1
                for n in range(0, args.files, 20):
                    path = root / f"2024-{1 + n // 150:02d}" / f"p{n:04d}.txt"
                    path.write_text(page_text(n, version % 3), encoding="utf-8")
                new = root / "added" / f"new{added:04d}.txt"
                new.parent.mkdir(exist_ok=True)
                new.write_text(page_text(10_000 + added), encoding="utf-8")
                added += 1
                code, _, err, secs = run(["index", "-q", *common])
                writer.append(Result("index", code, secs, check("index", code, "x", err)))
                stop.wait(args.pause)

        def one(i: int) -> Result:
            kind = rng.choices(["list", "show", "search", "tag", "issues", "entities"],
                               weights=[3, 4, 3, 2, 1, 1])[0]
            stdin = None
            ok: tuple[int, ...] = (0,)
            if kind == "list":
                argv = ["list", *common, *(["--json"] if i % 2 else [])]
            elif kind == "show":
                argv = ["show", rng.choice(stable_ids), *common,
                        "--format", rng.choice(["text", "markdown", "json"])]
            elif kind == "search":
                argv = ["search", rng.choice(QUERIES), *common, *(["--json"] if i % 2 else [])]
                ok = (0, 1)
            elif kind == "tag":
                argv, stdin = ["tag", *(["--json"] if i % 2 else [])], rng.choice(TAG_LINES) + "\n"
            elif kind == "issues":
                argv = ["issues", *common]
            else:
                argv = ["entities", *common, "--limit", "20"]
            code, out, err, secs = run(argv, stdin)
            problem = check(kind, code, out, err, ok)
            if problem is None and kind == "list" and len(out.splitlines()) < expected_min:
                problem = f"list printed {len(out.splitlines())} articles, fewer than {expected_min}"
            return Result(kind, code, secs, problem)

        thread = threading.Thread(target=write_loop, daemon=True)
        thread.start()
        t1 = time.perf_counter()
        deadline = t1 + args.minutes * 60 if args.minutes else float("inf")
        results: list[Result] = []
        counter = iter(range(args.commands))
        lock = threading.Lock()

        def reader() -> None:
            """Take the next command number until all are done, the time budget is spent or Ctrl-C."""
            while not stop.is_set() and time.perf_counter() < deadline:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                r = one(i)
                with lock:
                    results.append(r)
                    if len(results) % 100 == 0:
                        print(f"  {len(results)} commands, {sum(x.problem is not None for x in results)} "
                              f"failures, {time.perf_counter() - t1:.0f} s", flush=True)

        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(reader) for _ in range(args.jobs)]
            try:
                for f in futures:
                    f.result()
            except KeyboardInterrupt:
                print("  interrupted: finishing the running commands, then the summary", flush=True)
                stop.set()
                for f in futures:
                    f.result()
        stop.set()
        thread.join()
        wall = time.perf_counter() - t1

        final = run(["list", "--json", *common])
        final_rows = [json.loads(line) for line in final[1].splitlines()]
        final_ids = [r["id"] for r in final_rows]
        consistency = None
        if len(final_ids) != len(set(final_ids)):
            consistency = "duplicate article ids after the soak"

    failures = [r for r in results + writer if r.problem]
    by_kind: dict[str, list[float]] = defaultdict(list)
    for r in results:
        by_kind[r.command].append(r.seconds)
    if len(results) < args.commands:
        print(f"\nONLY {len(results)} of {args.commands} commands ran (time budget or Ctrl-C)")
    print(f"\n{len(results)} commands ({dict(Counter(r.command for r in results))}) in {wall:.0f} s "
          f"with {args.jobs} at a time, while {len(writer)} index updates ran")
    print(f"failures: {len(failures)}" + (f" + consistency: {consistency}" if consistency else ""))
    for r in failures[:10]:
        print(f"  {r.command}: {r.problem}")
    print("\ncommand   n    p50 s  p95 s  max s")
    for kind, secs in sorted(by_kind.items()):
        secs.sort()
        p95 = secs[min(len(secs) - 1, int(len(secs) * 0.95))]
        print(f"{kind:9} {len(secs):4} {statistics.median(secs):6.2f} {p95:6.2f} {secs[-1]:6.2f}")
    if writer:
        w = sorted(r.seconds for r in writer)
        print(f"{'index':9} {len(w):4} {statistics.median(w):6.2f} {w[min(len(w) - 1, int(len(w) * .95))]:6.2f} "
              f"{w[-1]:6.2f}")
    print(f"total wall time {time.perf_counter() - t0:.0f} s")
    return 1 if failures or consistency else 0


if __name__ == "__main__":
    sys.exit(main())
