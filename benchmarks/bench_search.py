"""Search benchmark: build, reopen, memory and per-query latency on a synthetic archive.

    python benchmarks/bench_search.py --articles 100000            # build into a temp file, then query
    python benchmarks/bench_search.py --db /tmp/s.db --reuse         # query an index built before

The index is built in-process from :mod:`benchmarks.synth` articles (the search part of a cold
build only; parsing and tagging are measured by their own benchmarks).  Queries are drawn from
the generator's own word lists and turned into every query form of issue #4 (Chinese of 1–4
characters, full pinyin, initials, mixed, unfinished syllables, every prefix typed on the way to a
pinyin word, typos, fuzzy pairs, several terms, filters, nothing-matches) and, for issue #12,
words of generated bodies (jieba's cut, drawn at random) as full pinyin and initials, so no answer
is fixed in advance.  Prints a table; nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import ORG_HEAD, TOPICS, _Gen, articles

from parser.model import Article
from parser.pinyin import context_pinyin, fuzzy_variants, is_han
from parser.search import Doc, Prepared, SearchIndex, prepare


def rss_mb() -> float:
    """Current resident set size (Linux /proc), else the peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def connect(path: str) -> sqlite3.Connection:
    """Connect like the archive's cache does: autocommit, WAL, synchronous=NORMAL."""
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def rows_of(chunk: list[Article]) -> list[tuple[Doc, Prepared]]:
    """Rows as the archive's parse workers make them (here in-process)."""
    return [(Doc(a.id, a.issue, a.date, a.page_number, a.ordinal, a.headline, a.kicker, a.subheadline),
             prepare(a)) for a in chunk]


def build(path: str, n: int, batch: int = 200) -> float:
    conn = connect(path)
    SearchIndex.ensure_schema(conn)
    idx = SearchIndex(conn)
    t0, c0 = time.perf_counter(), time.process_time()
    chunk = []
    done = 0
    for a in articles(n):
        chunk.append(a)
        if len(chunk) >= batch:
            conn.execute("BEGIN")
            idx.add_rows(rows_of(chunk), [])
            conn.execute("COMMIT")
            done += len(chunk)
            chunk = []
            if done % 10000 == 0:
                print(f"  indexed {done}/{n} in {time.perf_counter() - t0:.0f}s", file=sys.stderr)
    if chunk:
        conn.execute("BEGIN")
        idx.add_rows(rows_of(chunk), [])
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    print(f"build CPU time: {time.process_time() - c0:.1f} s (wall {elapsed:.1f} s)")
    conn.close()
    return elapsed


def _typo(word: str, r: random.Random) -> str:
    i = r.randrange(len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def _fuzzy(syllables: list[str], r: random.Random) -> str | None:
    for i in r.sample(range(len(syllables)), len(syllables)):
        vs = sorted(fuzzy_variants(syllables[i]))
        if vs:
            return "".join([*syllables[:i], r.choice(vs), *syllables[i + 1:]])
    return None


def body_words(n: int = 300) -> list[str]:
    """Distinct words of 2–4 Han characters in the first ``n`` generated bodies (jieba's cut), made
    in a child process so that jieba's dictionary does not count in the measured RSS."""
    import json
    import subprocess

    if os.environ.get("_BENCH_BODY_WORDS"):
        import jieba

        return sorted({w for a in articles(n) for w in jieba.lcut(a.body)
                       if 2 <= len(w) <= 4 and all(is_han(c) for c in w)})
    out = subprocess.check_output([sys.executable, __file__, "--body-words"], text=True,
                                  env={**os.environ, "_BENCH_BODY_WORDS": "1"}, stderr=subprocess.DEVNULL)
    return list(json.loads(out))


def query_set(seed: int = 1) -> list[tuple[str, str]]:
    """(kind, query) pairs drawn from the generator's vocabulary."""
    r = random.Random(seed)
    g = _Gen(7)
    words = [*g.people[:400], *g.places[:200], *TOPICS, *ORG_HEAD]
    out: list[tuple[str, str]] = []
    for _ in range(40):
        w = r.choice(words)
        sy = [s for s, c in zip(context_pinyin(w), w, strict=True) if is_han(c)]
        full = "".join(sy)
        out.append(("chinese", w))
        out.append(("chinese-1", r.choice(w)))
        out.append(("chinese-2", w[:2]))
        out.append(("pinyin", full))
        out.append(("initials", "".join(s[0] for s in sy)))
        out.append(("mixed", w[0] + "".join(sy[1:])))
        out.append(("partial", "".join(sy[:-1]) + sy[-1][:1]))
        if len(full) >= 4:
            out.append(("typo", _typo(full, r)))
        fz = _fuzzy(sy, r)
        if fz:
            out.append(("fuzzy", fz))
        out.append(("two-terms", f"{w} {r.choice(TOPICS)}"))
        out.append(("filter", f"{r.choice(words)} date:2019-0{r.randint(1, 9)}"))
    for _ in range(12):  # typing a pinyin word letter by letter, from the first keystroke
        w = r.choice(words)
        full = "".join(s for s, c in zip(context_pinyin(w), w, strict=True) if is_han(c))
        out.extend(("typing", full[:k]) for k in range(1, len(full) + 1))
    # words of article bodies (issue #12): jieba's cut of generated bodies, drawn at random
    pool = body_words()
    for w in r.sample(pool, min(40, len(pool))):
        sy = list(context_pinyin(w))
        out.append(("body-pinyin", "".join(sy)))
        if len(w) >= 3:
            out.append(("body-initials", "".join(s[0] for s in sy)))
    out.extend(("one-letter", c) for c in "abcdefghjklmnpqrstwxyz")
    out.extend(("no-match", q) for q in ("xyzzyq", "火星探测器", "qqqqzz", "zzzzxxxx", "量子纠缠态"))
    return out


def run_queries(path: str, limit: int, rounds: int) -> dict[str, list[float]]:
    conn = connect(path)
    t0 = time.perf_counter()
    idx = SearchIndex(conn)
    idx.load()
    reopen = time.perf_counter() - t0
    print(f"reopen (schema + vocabulary): {reopen * 1000:.0f} ms, RSS {rss_mb():.0f} MB")
    qs = query_set()
    times: dict[str, list[float]] = {}
    cpu: list[float] = []
    for _ in range(rounds):
        for kind, q in qs:
            t, c = time.perf_counter(), time.process_time()
            idx.search(q, limit)
            times.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    times["_cpu"] = cpu
    times["_reopen_ms"] = [reopen * 1000]
    times["_rss_mb"] = [rss_mb()]
    return times


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--db", help="index file (default: a temp file)")
    ap.add_argument("--reuse", action="store_true", help="skip the build; query an existing --db")
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=2, help="passes over the query set (first is cold)")
    ap.add_argument("--body-words", action="store_true", help=argparse.SUPPRESS)
    ns = ap.parse_args(argv)
    if ns.body_words:
        import json

        print(json.dumps(body_words(), ensure_ascii=False))
        return 0
    tmp = None
    path = ns.db
    if path is None:
        tmp = tempfile.TemporaryDirectory()
        path = str(Path(tmp.name) / "search.sqlite")
    if not ns.reuse:
        Path(path).unlink(missing_ok=True)
        secs = build(path, ns.articles)
        size = Path(path).stat().st_size / 1e6
        print(f"build: {ns.articles} articles in {secs:.1f} s ({ns.articles / secs:.0f}/s), file {size:.0f} MB")
        # Query in a fresh process: what a user reopening the archive gets (no build leftovers in RAM).
        import subprocess

        code = subprocess.call([sys.executable, __file__, "--db", path, "--reuse", "--limit", str(ns.limit),
                                "--rounds", str(ns.rounds)])
        if tmp:
            tmp.cleanup()
        return code
    times = run_queries(path, ns.limit, ns.rounds)
    allq = [t for k, v in times.items() if not k.startswith("_") for t in v]
    print("\n| query kind | n | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|")
    for kind, v in times.items():
        if kind.startswith("_"):
            continue
        print(f"| {kind} | {len(v)} | {statistics.median(v):.1f} | {pct(v, 95):.1f} | {max(v):.1f} |")
    print(f"| **all** | {len(allq)} | {statistics.median(allq):.1f} | {pct(allq, 95):.1f} | {max(allq):.1f} |")
    cpu = times["_cpu"]
    print(f"| all, CPU time | {len(cpu)} | {statistics.median(cpu):.1f} | {pct(cpu, 95):.1f} | {max(cpu):.1f} |")
    print(f"\nload average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
          " (wall times include waiting for the CPU when other work runs)")
    print(f"\nRSS with the index open after the queries: {rss_mb():.0f} MB")
    if tmp:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
