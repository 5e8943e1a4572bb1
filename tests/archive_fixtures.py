"""Small invented archives for archive, cache and CLI tests (no text from the seeds or eval sets)."""

from __future__ import annotations

from pathlib import Path

PAGE_1 = """东山日报
2024年3月5日 星期二
第1版 要闻  责任编辑：周晓

# 东山镇召开春耕动员会

本报讯（记者 林晓峰）昨天，东山镇召开春耕动员会，部署今年农业生产工作。

会议要求各村提前做好准备，确保春耕顺利推进。

# 西河街道新建三座口袋公园

本报讯（记者 韩雪）记者昨日获悉，西河街道今年新建三座口袋公园，方便居民休闲。
"""

PAGE_2 = """东山日报
2024年3月5日 星期二
第2版 综合

# 东山图书馆延长开放时间

本报讯（记者 林晓峰）从本周起，东山图书馆每天延长开放两小时。
"""

PAGE_NEXT_DAY = """东山日报
2024年3月6日 星期三
第1版 要闻

# 东山举行植树活动

本报讯（记者 韩雪）昨天，千余名志愿者参加植树活动。
"""

UNDATED = """# 南湖湿地迎来候鸟

本报讯（记者 方远）近日，南湖湿地迎来大批候鸟。
"""


def write_archive(root: Path) -> Path:
    """Two dated issues (one with two pages, written out of order) and one undated file."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "2024").mkdir(exist_ok=True)
    (root / "2024" / "b-page2.txt").write_text(PAGE_2, encoding="utf-8")
    (root / "2024" / "a-page1.txt").write_text(PAGE_1, encoding="gb18030")
    (root / "2024" / "c-next.md").write_text(PAGE_NEXT_DAY, encoding="utf-8-sig")
    (root / "001_undated.txt").write_text(UNDATED.replace("\n", "\r\n"), encoding="utf-8")
    return root


def write_pages(root: Path, pages: dict[str, str]) -> Path:
    """A folder of the given page files (name → UTF-8 text), for tests that need a tiny archive."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (root / name).write_text(text, encoding="utf-8")
    return root
