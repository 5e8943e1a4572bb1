"""Regression checks against the shared evaluation material, when it is present.

Only counts, dates, page numbers and the scorer's verdict are asserted; no text from the
evaluation files is copied into the test suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from parser.decode import decode_bytes
from parser.page import parse_page

SHARED = Path(__file__).resolve().parents[2] / "shared"
RMRB = SHARED / "eval" / "rmrb-2019-02-01"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"
SCORER = SHARED / "tools" / "score_parse.py"


def _parse(path: Path):
    d = decode_bytes(path.read_bytes())
    return parse_page(d.text, source=str(path), rel_path=path.name, encoding=d.encoding, warnings=())


@pytest.mark.skipif(not RMRB.is_dir(), reason="shared eval set not available")
def test_every_crawled_file_is_one_dated_article_on_its_page(page_schema: dict) -> None:
    import jsonschema

    files = sorted(RMRB.glob("*.txt"))
    assert len(files) == 72
    for path in files:
        page = _parse(path)
        jsonschema.validate(page.to_dict(), page_schema)
        assert len(page.articles) == 1, path.name
        a = page.articles[0]
        assert page.date == a.date == "2019-02-01"
        assert page.page_number == a.page_number == int(path.name.split("-")[1])
        assert a.headline and len(a.headline) <= 42, path.name
        assert not any("\u3000" in p or p != p.strip() for p in a.paragraphs), path.name
        for c in a.credits:
            assert 2 <= len(c.name) <= 12 and " " not in c.name, (path.name, c)


@pytest.mark.skipif(not RMRB.is_dir(), reason="shared eval set not available")
def test_crawled_photo_page_credits_its_photographer() -> None:
    page = _parse(RMRB / "20190201-03-05.txt")
    a = page.articles[0]
    assert a.kind == "photo"
    assert [c.role for c in a.credits] == ["photographer"]
    assert a.caption and not a.paragraphs


@pytest.mark.skipif(not (SEEDS.is_dir() and GOLD.is_dir() and SCORER.is_file()),
                    reason="shared seeds/gold not available")
def test_seed_pages_pass_every_structure_check(tmp_path: Path) -> None:
    out = tmp_path / "pages.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for path in sorted(SEEDS.glob("*.txt")):
            f.write(json.dumps(_parse(path).to_dict(), ensure_ascii=False) + "\n")
    res = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(out), "--quiet"],
                         capture_output=True, text=True, check=False)
    line = res.stdout.strip().splitlines()[-1]
    done, total = line.split()[1].split("/")
    assert done == total, line


CRAWL_SCORER = SHARED / "tools" / "score_crawl.py"
CRAWLS = sorted(SHARED.glob("eval/rmrb-*")) if (SHARED / "eval").is_dir() else []


@pytest.mark.skipif(not (CRAWLS and CRAWL_SCORER.is_file()), reason="shared crawl eval sets not available")
@pytest.mark.parametrize("folder", CRAWLS, ids=lambda p: p.name)
def test_crawled_head_fields_as_stored(folder: Path, tmp_path: Path, page_schema: dict) -> None:
    """Kicker, headline and subheadline as lines 1–3 store them, in ≥ 99 % of the files (the
    scorer's own threshold); every page validates and is one article; pages are counted once."""
    import jsonschema

    from parser.model import Issue, PageInfo

    out = tmp_path / "pages.jsonl"
    pages = [_parse(path) for path in sorted(folder.glob("*.txt"))]
    with out.open("w", encoding="utf-8") as f:
        for page in pages:
            jsonschema.validate(page.to_dict(), page_schema)
            assert len(page.articles) == 1, page.source
            f.write(json.dumps(page.to_dict(), ensure_ascii=False) + "\n")
    res = subprocess.run([sys.executable, str(CRAWL_SCORER), str(out), str(folder)],
                         capture_output=True, text=True, check=False, env={**os.environ, "MIN": "0.99"})
    assert res.returncode == 0, res.stdout
    infos = tuple(PageInfo(p.id, p.source, p.date, p.page_number, None, p.encoding) for p in pages)
    issue = Issue(pages[0].date or "", pages[0].date, infos, ())
    assert issue.page_count == len({p.page_number for p in pages}) < len(pages)
