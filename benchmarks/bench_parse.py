"""How fast is the page parser?  Prints pages/s and MB/s of ``parse_page`` (no entity tagging).

Usage::

    python benchmarks/bench_parse.py              # synthetic archive of 2,000 pages in a temp dir
    python benchmarks/bench_parse.py --pages 10000
    python benchmarks/bench_parse.py FOLDER       # every .txt/.md under FOLDER

Files are read and decoded before the clock starts, so the numbers are the parser's alone;
CPU time (``process_time``) is reported so a busy machine does not distort them.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from parser.decode import NotText, decode_bytes
from parser.page import parse_page

_SURNAMES = "林方顾沈叶白孟何季许陆韩梅苏江程"
_GIVEN = "晓岚卓然一鸣帆舟若溪子衿星河远山知远清和小满雪晴"
_PLACES = ["桐江", "青溪镇", "云岭县", "南湖区", "北山乡", "东港"]
_VERBS = ["召开", "举办", "启动", "推进", "完成", "开展"]
_THINGS = ["招商推介会", "农技培训", "防汛演练", "文化节", "老街改造", "产业园建设"]


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2))))


def _sentence(rng: random.Random) -> str:
    return (f"{rng.choice(_PLACES)}{rng.choice(_VERBS)}{rng.choice(_THINGS)}，"
            f"参与人数同比增长{rng.randint(1, 99)}.{rng.randint(0, 9)}%，"
            f"{rng.choice(_PLACES)}的{rng.choice(_THINGS)}也取得新进展。")


def _paragraph(rng: random.Random) -> str:
    return "".join(_sentence(rng) for _ in range(rng.randint(2, 6)))


def synthetic_page(rng: random.Random, day: int, number: int) -> str:
    """A page dump in the layout of a county daily: header, stories, a photo, a brief roundup."""
    out = ["桐江日报", f"2023年5月{day}日 星期二", f"第{number}版 要闻", f"责任编辑：{_name(rng)}", ""]
    for _ in range(rng.randint(3, 6)):
        out += [f"## {rng.choice(_PLACES)}{rng.choice(_VERBS)}{rng.choice(_THINGS)}", ""]
        out += [f"本报讯（通讯员 {_name(rng)} 记者 {_name(rng)}）{_paragraph(rng)}", ""]
        for _ in range(rng.randint(2, 6)):
            p = _paragraph(rng)
            if rng.random() < 0.3:  # a paragraph cut mid-sentence by a blank line
                cut = rng.randint(5, len(p) - 5)
                out += [p[:cut], "", p[cut:], ""]
            else:
                out += [p, ""]
    out += ["", "", "图片新闻", "", f"{_paragraph(rng)} {_name(rng)} {_name(rng)} 摄", ""]
    out += ["简讯", ""]
    out += [f"●{_sentence(rng)}（记者 {_name(rng)}）" for _ in range(3)]
    out += ["", f"校对：{_name(rng)}  美编：{_name(rng)}", ""]
    return "\n".join(out)


def make_archive(root: Path, pages: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for i in range(pages):
        day, number = 1 + (i // 8) % 28, 1 + i % 8
        folder = root / f"2023-05-{day:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:05d}-{number:02d}.txt").write_text(synthetic_page(rng, day, number), encoding="utf-8")


def load(root: Path) -> list[tuple[str, str, int]]:
    docs = []
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".txt", ".md") and p.is_file()):
        raw = path.read_bytes()
        try:
            text = decode_bytes(raw).text
        except NotText:
            continue
        docs.append((path.relative_to(root).as_posix(), text, len(raw)))
    return docs


def run(docs: list[tuple[str, str, int]], repeat: int) -> None:
    size = sum(n for _, _, n in docs)
    articles = 0
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        articles = 0
        for rel, text, _n in docs:
            articles += len(parse_page(text, source=rel, rel_path=rel).articles)
        best = min(best, time.process_time() - t0)
    best = max(best, 1e-9)
    print(f"{len(docs)} pages, {size / 1e6:.2f} MB, {articles} articles")
    print(f"parse_page: {best:.3f} s CPU (best of {repeat}) = {len(docs) / best:,.0f} pages/s, "
          f"{size / 1e6 / best:.2f} MB/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path, help="parse this folder instead of a synthetic archive")
    ap.add_argument("--pages", type=int, default=2000, help="pages in the synthetic archive")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if args.folder:
        run(load(args.folder), args.repeat)
        return
    with tempfile.TemporaryDirectory() as tmp:
        make_archive(Path(tmp), args.pages)
        run(load(Path(tmp)), args.repeat)


if __name__ == "__main__":
    main()
