"""Body-word reach of pinyin and initials search (issue #12), on a folder of real pages.

    python benchmarks/bench_recall.py ../shared/eval/rmrb-2020-01-14 [--words 150] [--seed 1]

Samples ordinary words from article bodies (jieba's default cut; two to four Han characters; not
inside any headline, kicker or subheadline; not a tagged name or byline), with a seeded random
generator so that any folder gives a comparable draw and nothing is picked by hand.  Each word is
searched by its toneless pinyin run together (pypinyin ``lazy_pinyin``, the reading in context)
and, for words of three or more characters, by its initials (the issue's measure), then by its
pinyin spaced.  The last rows sample *strings* of 2–4 characters cut from bodies at random places,
words or not, because the index cuts words with jieba too and the word sample flatters it: by
full pinyin, with the first character typed as itself, with the last syllable unfinished, by
initials (3+ characters), and with one southern fuzzy pair.  A
word counts as found when any of the top 20 hits is an article that contains it.  Prints a
Markdown table; nothing here is a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parser import Archive
from parser.model import Article
from parser.pinyin import is_han


def _texts(a: Article) -> str:
    """Every text of an article a reader may remember, one string."""
    return "\n".join([a.headline, a.kicker or "", a.subheadline or "", a.body,
                      *(c.name for c in a.credits if c.name), *(e.text for e in a.entities)])


def sample_words(articles: list[Article], n: int, seed: int) -> list[str]:
    """``n`` distinct body words of 2–4 Han characters, not in a headline and not a name."""
    import jieba

    heads = "\n".join("\n".join((a.headline, a.kicker or "", a.subheadline or "")) for a in articles)
    names = {x for a in articles for x in [*(c.name for c in a.credits if c.name), *(e.text for e in a.entities)]}
    pool: set[str] = set()
    for a in articles:
        for w in jieba.lcut(a.body):
            if 2 <= len(w) <= 4 and all(is_han(c) for c in w) and w not in heads and w not in names:
                pool.add(w)
    words = sorted(pool)
    return random.Random(seed).sample(words, min(n, len(words)))


def sample_strings(articles: list[Article], n: int, seed: int) -> list[str]:
    """``n`` distinct strings of 2–4 Han characters cut from bodies at random places, words or
    not (the harder half of the goal: *every* string), not in a headline and not a name."""
    r = random.Random(seed)
    heads = "\n".join("\n".join((a.headline, a.kicker or "", a.subheadline or "")) for a in articles)
    names = {x for a in articles for x in [*(c.name for c in a.credits if c.name), *(e.text for e in a.entities)]}
    bodies = [a.body for a in articles if a.body]
    out: dict[str, None] = {}
    for _ in range(200 * n):
        if len(out) >= n or not bodies:
            break
        body = r.choice(bodies)
        k = r.randint(2, 4)
        i = r.randrange(max(1, len(body) - k))
        s = body[i:i + k]
        if len(s) == k and all(is_han(c) for c in s) and s not in heads and s not in names:
            out[s] = None
    return list(out)


def _unfinished(syllable: str) -> str:
    """A syllable as typed halfway: its first two letters (one when it has two or fewer)."""
    return syllable[:2] if len(syllable) > 2 else syllable[:1]


def _fuzzy(syllables: list[str]) -> str | None:
    """The syllables run together with the first one that has a southern fuzzy variant (zh/z,
    n/l, ang/an …) spelled as that variant (the first in alphabetical order); None if none has."""
    from parser.pinyin import fuzzy_variants

    for i, s in enumerate(syllables):
        variants = sorted(fuzzy_variants(s))
        if variants:
            return "".join([*syllables[:i], variants[0], *syllables[i + 1:]])
    return None


def reach(archive: Archive, texts: dict[str, str], queries: list[tuple[str, str]], limit: int = 20
          ) -> tuple[int, list[float], list[tuple[str, str]]]:
    """(words found, per-query ms, misses) for (word, query) pairs."""
    found, times, misses = 0, [], []
    for word, q in queries:
        t = time.perf_counter()
        hits = archive.search(q, limit=limit)
        times.append((time.perf_counter() - t) * 1000)
        if any(word in texts[h.id] for h in hits):
            found += 1
        else:
            misses.append((word, q))
    return found, times, misses


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--words", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cache-dir", type=Path, help="reuse a cache (default: a fresh temporary one)")
    ap.add_argument("--misses", action="store_true", help="list the words not found (stderr)")
    ns = ap.parse_args(argv)
    from pypinyin import lazy_pinyin

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        archive = Archive.open(ns.folder, cache_dir=ns.cache_dir or Path(tmp))
        build = time.perf_counter() - t0
        articles = [archive.article(h.id) for h in archive.headlines]
        texts = {a.id: _texts(a) for a in articles}
        words = sample_words(articles, ns.words, ns.seed)
        strings = sample_strings(articles, ns.words, ns.seed)
        forms = [
            ("full pinyin", [(w, "".join(lazy_pinyin(w))) for w in words]),
            ("initials (3+ chars)", [(w, "".join(s[0] for s in lazy_pinyin(w))) for w in words if len(w) >= 3]),
            ("full pinyin, spaced", [(w, " ".join(lazy_pinyin(w))) for w in words]),
            ("any body string, full pinyin", [(w, "".join(lazy_pinyin(w))) for w in strings]),
            ("any body string, first character typed, rest pinyin",
             [(w, w[0] + "".join(lazy_pinyin(w[1:]))) for w in strings]),
            ("any body string, last syllable unfinished",
             [(w, "".join(lazy_pinyin(w[:-1])) + _unfinished(lazy_pinyin(w[-1])[0])) for w in strings]),
            ("any body string of 3+ characters, initials",
             [(w, "".join(s[0] for s in lazy_pinyin(w))) for w in strings if len(w) >= 3]),
            ("any body string, one southern fuzzy pair (strings that have one)",
             [(w, q) for w in strings if (q := _fuzzy(lazy_pinyin(w)))]),
        ]
        print(f"{ns.folder.name}: {len(articles)} articles, opened in {build:.1f} s; "
              f"{len(words)} body words and {len(strings)} body strings sampled (seed {ns.seed})\n")
        print("| query form | words | found | reach | p50 ms | max ms |\n|---|---:|---:|---:|---:|---:|")
        for name, queries in forms:
            n, times, misses = reach(archive, texts, queries)
            share = n / len(queries) if queries else 0.0
            print(f"| {name} | {len(queries)} | {n} | {share:.2f} | {statistics.median(times):.1f} |"
                  f" {max(times):.1f} |")
            if ns.misses:
                for word, q in misses:
                    print(f"  miss ({name}): {word} {q}", file=sys.stderr)
        archive.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
