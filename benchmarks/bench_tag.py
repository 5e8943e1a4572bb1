"""Tagging speed: kanbao's entity tagger vs raw jieba.posseg on the same text.

    .venv/bin/python benchmarks/bench_tag.py [TEXT_FILE] [--repeat N]

The text defaults to the People's Daily NER test sentences beside the project
(``../shared/eval/ner/peoples_daily_test.txt``), else the bundled sample pages.  Each line is
tagged separately, as ``kanbao tag`` does.  Load time (first call) is reported apart from the
steady-state throughput, because the tagger loads once per process and then runs over every
article at index time.
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


def _run(fn, lines: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for ln in lines:
            fn(ln)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("text", nargs="?", type=Path)
    ap.add_argument("--repeat", type=int, default=2, help="runs per contender; the best is reported")
    args = ap.parse_args()
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
