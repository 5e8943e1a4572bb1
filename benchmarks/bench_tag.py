"""Tagging speed: kanbao's entity tagger vs raw jieba.posseg on the same text.

    .venv/bin/python benchmarks/bench_tag.py [TEXT_FILE] [--repeat N]
    .venv/bin/python benchmarks/bench_tag.py --pages FOLDER [--limit N] [--repeat N]

The text defaults to the People's Daily NER test sentences beside the project
(``../shared/eval/ner/peoples_daily_test.txt``), else the bundled sample pages.  Each line is
tagged separately, as ``kanbao tag`` does.  Load time (first call) is reported apart from the
steady-state throughput, because the tagger loads once per process and then runs over every
article at index time.

``--pages`` measures what a cold index build pays per article instead: the page files of FOLDER
(the first N, sorted) are parsed untagged, then ``tag_page`` runs over all of them (the worker's
tagging step, with the article-level consistency pass); the CPU time (``time.process_time``, so a
busy machine inflates it less than wall time) per article is the best of the runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT = REPO.parent / "shared" / "eval" / "ner" / "peoples_daily_test.txt"


def _lines(path: Path | None) -> list[str]:
    if path is None:
        path = DEFAULT if DEFAULT.exists() else None
    if path is not None:
        return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    out: list[str] = []
    for f in sorted((REPO / "sample_data").glob("*.txt")):
        out.extend(ln for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip())
    return out


def _run(fn, items: list, repeat: int, clock=time.perf_counter) -> float:
    """Best time of ``repeat`` passes of ``fn`` over ``items``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = clock()
        for item in items:
            fn(item)
        best = min(best, clock() - t0)
    return best


def _bench_pages(folder: Path, limit: int, repeat: int) -> None:
    from parser.entities import tag_page
    from parser.pipeline import page_from_bytes
    from parser.scan import scan

    files = scan(folder)[0][:limit]
    pages = [page_from_bytes((folder / rel).read_bytes(), source=str(folder), rel_path=rel, tag=False)
             for rel, _size, _mtime in files]
    articles = sum(len(p.articles) for p in pages)
    chars = sum(len(t) for p in pages for a in p.articles for _f, _i, t in a.field_texts())
    if not articles:
        sys.exit(f"no articles in {folder}")
    t0 = time.perf_counter()
    tag_page(pages[0])
    load = time.perf_counter() - t0
    best = _run(tag_page, pages, repeat, time.process_time)
    print(f"pages: {len(pages)} files, {articles} articles, {chars / articles:.0f} characters per article")
    print(f"tag_page: load {load:5.2f} s, {best / articles * 1000:6.3f} ms CPU per article, {chars / best:10,.0f} chars/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("text", nargs="?", type=Path)
    ap.add_argument("--repeat", type=int, default=2, help="runs per contender; the best is reported")
    ap.add_argument("--pages", type=Path, help="a folder of page files: time tag_page per article")
    ap.add_argument("--limit", type=int, default=2000, help="with --pages: at most this many files")
    args = ap.parse_args()
    if args.pages is not None:
        _bench_pages(args.pages, args.limit, args.repeat)
        return
    lines = _lines(args.text)
    chars = sum(len(ln) for ln in lines)
    print(f"text: {len(lines)} lines, {chars} characters")

    from parser.entities import tag_text

    t0 = time.perf_counter()
    tag_text("区委书记张三到青溪镇调研。")
    load_tag = time.perf_counter() - t0
    secs_tag = _run(tag_text, lines, args.repeat)

    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    t0 = time.perf_counter()
    list(jieba.posseg.cut("区委书记张三到青溪镇调研。"))
    load_pos = time.perf_counter() - t0
    secs_pos = _run(lambda s: list(jieba.posseg.cut(s)), lines, args.repeat)

    from parser.entities.lexicon import get_lexicon

    segmenter = "rjieba" if type(get_lexicon().tokenizer).__name__ == "_RustTokenizer" else "jieba"
    print(f"kanbao tag_text : load {load_tag:5.2f} s, {secs_tag:6.2f} s, {chars / secs_tag:10,.0f} chars/s"
          f"  (segmenter: {segmenter})")
    print(f"jieba.posseg    : load {load_pos:5.2f} s, {secs_pos:6.2f} s, {chars / secs_pos:10,.0f} chars/s")
    print(f"speed-up        : {secs_pos / secs_tag:.2f}x")


if __name__ == "__main__":
    main()
