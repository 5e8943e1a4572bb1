"""Archive and cache: issues from dates and paths, stable ids, incremental re-parsing, damage handling."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from archive_fixtures import PAGE_2, write_archive, write_pages

from parser import Archive
from parser.archive import ArchiveError
from parser.cache import cache_file_for


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    return write_archive(tmp_path / "papers")


def test_issues_group_pages_by_date_and_order_them(archive_dir: Path) -> None:
    arc = Archive.open(archive_dir)
    assert [i.id for i in arc.issues] == ["2024-03-05", "2024-03-06", "001_undated"]
    first = arc.issues[0]
    assert [p.number for p in first.pages] == [1, 2]
    assert first.article_count == 3
    assert [h.page_number for h in first.headlines] == [1, 1, 2]
    assert arc.issues[2].date is None and arc.issues[2].label == "001_undated"


def test_every_article_loads_with_its_issue(archive_dir: Path) -> None:
    arc = Archive.open(archive_dir)
    for h in arc.headlines:
        art = arc.article(h.id)
        assert art.id == h.id and art.issue == h.issue and art.headline == h.headline
    with pytest.raises(KeyError):
        arc.article("nosuchid")


def test_ids_are_stable_across_runs_and_cache_rebuilds(archive_dir: Path, tmp_path: Path) -> None:
    first = [h.id for h in Archive.open(archive_dir).headlines]
    again = [h.id for h in Archive.open(archive_dir).headlines]
    fresh = [h.id for h in Archive.open(archive_dir, cache_dir=tmp_path / "other").headlines]
    assert first == again == fresh
    assert len(set(first)) == len(first)


def test_reopening_parses_nothing_and_a_changed_file_is_reparsed_alone(archive_dir: Path) -> None:
    assert Archive.open(archive_dir).stats.parsed == 4
    assert Archive.open(archive_dir).stats.parsed == 0
    page = archive_dir / "2024" / "b-page2.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("两小时", "三小时"), encoding="utf-8")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    arc = Archive.open(archive_dir)
    assert arc.stats.parsed == 1
    hid = next(h.id for h in arc.headlines if "图书馆" in h.headline)
    assert "三小时" in arc.article(hid).body


def test_touched_but_unchanged_file_is_not_reparsed(archive_dir: Path) -> None:
    Archive.open(archive_dir)
    page = archive_dir / "001_undated.txt"
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    assert Archive.open(archive_dir).stats.parsed == 0


def test_removed_file_disappears(archive_dir: Path) -> None:
    Archive.open(archive_dir)
    (archive_dir / "2024" / "c-next.md").unlink()
    arc = Archive.open(archive_dir)
    assert arc.stats.removed == 1
    assert [i.id for i in arc.issues] == ["2024-03-05", "001_undated"]


def test_date_and_page_from_path(tmp_path: Path) -> None:
    root = tmp_path / "crawl"
    (root / "2023" / "07" / "09").mkdir(parents=True)
    (root / "20230708-04-02.txt").write_text("标题一行\n\u3000\u3000正文第一段。\n", encoding="utf-8")
    (root / "2023" / "07" / "09" / "p.txt").write_text("标题二行\n\u3000\u3000正文。\n", encoding="utf-8")
    arc = Archive.open(root)
    assert [i.date for i in arc.issues] == ["2023-07-08", "2023-07-09"]
    assert arc.issues[0].headlines[0].page_number == 4


def test_bad_files_are_skipped_with_one_warning_each(archive_dir: Path) -> None:
    (archive_dir / "junk.txt").write_bytes(b"\x00\x01\x02" * 100)
    (archive_dir / "empty.txt").write_bytes(b"")
    arc = Archive.open(archive_dir)
    assert len(arc.headlines) == 5
    junk = [w for w in arc.new_warnings if "junk.txt" in w]
    assert len(junk) == 1 and "not a text file" in junk[0]
    assert any("junk.txt" in w for w in Archive.open(archive_dir).warnings)  # remembered


def test_symlink_loop_is_reported_not_followed(archive_dir: Path) -> None:
    (archive_dir / "2024" / "loop").symlink_to(archive_dir, target_is_directory=True)
    arc = Archive.open(archive_dir)
    assert len(arc.headlines) == 5
    assert any("symlink loop" in w for w in arc.warnings)


def test_missing_archive_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="not found"):
        Archive.open(tmp_path / "nope")
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(ArchiveError, match="not a folder"):
        Archive.open(tmp_path / "file.txt")


def test_corrupt_cache_is_set_aside_and_rebuilt(archive_dir: Path) -> None:
    Archive.open(archive_dir).close()
    cache = cache_file_for(archive_dir.resolve())
    for suffix in ("-wal", "-shm"):
        Path(str(cache) + suffix).unlink(missing_ok=True)
    cache.write_bytes(b"this is not a database" * 100)
    arc = Archive.open(archive_dir)
    assert len(arc.headlines) == 5
    assert any("damaged" in w for w in arc.new_warnings)
    assert list(cache.parent.glob("*.corrupt-*"))


def test_cache_of_another_schema_version_is_rebuilt(archive_dir: Path) -> None:
    Archive.open(archive_dir).close()
    cache = cache_file_for(archive_dir.resolve())
    with sqlite3.connect(cache) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    arc = Archive.open(archive_dir)
    assert arc.stats.parsed == 4 and len(arc.headlines) == 5
    assert any("schema version" in w for w in arc.new_warnings)


def test_unique_prefixes_resolve(archive_dir: Path) -> None:
    arc = Archive.open(archive_dir)
    ident = arc.headlines[0].id
    assert arc.resolve(ident[:5]) == ident
    with pytest.raises(ValueError):
        arc.issue("2024-03")
    assert arc.issue("2024-03-06").id == "2024-03-06"


def test_bundled_sample_opens_by_default() -> None:
    arc = Archive.open()
    assert len(arc.issues) == 2 and len(arc.headlines) >= 8


def test_archive_folder_is_never_written(archive_dir: Path) -> None:
    def snapshot() -> dict[str, tuple[int, int]]:
        return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in archive_dir.rglob("*")}

    before = snapshot()
    Archive.open(archive_dir)
    Archive.open(archive_dir)
    assert snapshot() == before


def test_a_name_confirmed_in_one_article_is_tagged_in_every_article(tmp_path: Path) -> None:
    root = write_pages(tmp_path / "papers", {"a.txt": "# 河畔新绿\n\n本报讯（记者 小木）河畔的柳树发芽了。\n",
                                             "b.txt": "# 春日随笔\n\n小木在河畔拍下了这一幕。\n"})
    arc = Archive.open(root)
    later = arc.article(next(h.id for h in arc.headlines if h.source == "b.txt"))
    mentions = [e for e in later.entities if e.text == "小木" and e.field == "paragraphs"]
    assert [(e.type, e.start, e.end) for e in mentions] == [("person", 0, 2)]
    stats = {(s.text, s.type): s.count for s in arc.entity_index("person")}
    assert stats[("小木", "person")] == 2


def _entities_by_source(arc: Archive) -> dict[str, list[tuple[str, str, str, int | None, int]]]:
    return {h.source: sorted((e.text, e.type, e.field, e.paragraph, e.start) for e in arc.article(h.id).entities)
            for h in arc.headlines}


def test_name_pass_in_workers_matches_the_serial_one_and_search_filters_follow_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import parser.sync as sync_mod

    root = write_pages(tmp_path / "papers", {"a.txt": "# 河畔新绿\n\n本报讯（记者 小木）河畔的柳树发芽了。\n"})
    for n in range(4):
        (root / f"b{n}.txt").write_text(f"# 春日随笔{n}\n\n小木在河畔拍下了第{n}幕。\n", encoding="utf-8")
    with Archive.open(root, cache_dir=tmp_path / "serial", workers=1) as serial:
        want = _entities_by_source(serial)
        found = {h.id for h in serial.search("person:小木")}
    monkeypatch.setattr(sync_mod, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(sync_mod, "BIG_BUILD", 3)  # bulk settings, indexes made at the end
    monkeypatch.setattr(sync_mod, "BIG_BATCH", 2)
    with Archive.open(root, cache_dir=tmp_path / "workers", workers=2) as par:
        indexes = {r[0] for r in par.cache.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"article_entities_text", "article_entities_confirmed"} <= indexes
        assert _entities_by_source(par) == want
        assert {h.id for h in par.search("person:小木")} == {h.id for h in par.headlines} and found
        assert {h.id for h in par.search("person:xiaomu")} == {h.id for h in par.headlines}
        assert par.search("place:小木") == []


def test_a_name_confirmed_later_reaches_articles_indexed_before(tmp_path: Path) -> None:
    root = write_pages(tmp_path / "papers", {"b.txt": "# 春日随笔\n\n小木在河畔拍下了这一幕。\n"})
    with Archive.open(root) as arc:
        assert arc.search("person:小木") == []
    (root / "a.txt").write_text("# 河畔新绿\n\n本报讯（记者 小木）河畔的柳树发芽了。\n", encoding="utf-8")
    with Archive.open(root) as arc:
        old = arc.article(next(h.id for h in arc.headlines if h.source == "b.txt"))
        assert [(e.text, e.type) for e in old.entities if e.field == "paragraphs"] == [("小木", "person")]
        assert len(arc.search("person:小木")) == 2


def test_a_quick_update_leaves_older_articles_to_the_next_full_sync(tmp_path: Path) -> None:
    root = write_pages(tmp_path / "papers", {"b.txt": "# 春日随笔\n\n小木在河畔拍下了这一幕。\n"})
    Archive.open(root, cache_dir=tmp_path / "c").close()
    (root / "a.txt").write_text("# 河畔新绿\n\n本报讯（记者 小木）河畔的柳树发芽了。\n", encoding="utf-8")

    def older_mentions(arc: Archive) -> list[tuple[str, str]]:
        old = arc.article(next(h.id for h in arc.headlines if h.source == "b.txt"))
        return [(e.text, e.type) for e in old.entities if e.field == "paragraphs"]

    with Archive.open(root, cache_dir=tmp_path / "c", later_names=True) as arc:
        assert older_mentions(arc) == []  # not looked for in the older article yet
        assert len(arc.search("person:小木")) == 2  # the filter finds it there already
        assert arc.cache.pending_names() == {"小木": "person"}
    with Archive.open(root, cache_dir=tmp_path / "c", later_names=True) as arc:  # nothing changed
        assert arc.cache.pending_names() == {"小木": "person"}
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:  # nothing changed, but a full sync
        assert older_mentions(arc) == [("小木", "person")]
        assert arc.cache.pending_names() == {}


def test_open_without_sync_shows_the_last_view_then_sync_catches_up(tmp_path: Path) -> None:
    root = write_pages(tmp_path / "papers", {"2024-03-01.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n"})
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        first = [h.headline for h in arc.headlines]
    (root / "2024-03-02.txt").write_text("# 春雨来了\n\n一场春雨落在田间。\n", encoding="utf-8")
    (root / "2024-03-01.txt").write_text("# 河畔柳绿\n\n河畔的柳树发芽了。\n", encoding="utf-8")
    with Archive.open(root, cache_dir=tmp_path / "c", sync=False) as arc:
        assert [h.headline for h in arc.headlines] == first  # the folder was not read
        stats = arc.sync()
        assert stats.parsed == 2
        assert sorted(h.headline for h in arc.headlines) == ["春雨来了", "河畔柳绿"]
        assert arc.article(arc.headlines[0].id).headline == arc.headlines[0].headline
        assert arc.search("春雨")
    with Archive.open(root, cache_dir=tmp_path / "c", sync=False) as arc:  # the new view was saved
        assert sorted(h.headline for h in arc.headlines) == ["春雨来了", "河畔柳绿"]


def test_first_open_without_sync_of_an_empty_cache_is_empty(tmp_path: Path) -> None:
    root = write_pages(tmp_path / "papers", {"a.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n"})
    with Archive.open(root, cache_dir=tmp_path / "c", sync=False) as arc:
        assert arc.headlines == ()
        arc.sync()
        assert [h.headline for h in arc.headlines] == ["河畔新绿"]


def test_indexes_a_stopped_bulk_build_left_out_are_made_at_the_next_open(tmp_path: Path) -> None:
    from parser.cache import Cache, cache_file_for

    root = write_pages(tmp_path / "papers", {"a.txt": "# 河畔新绿\n\n本报讯（记者 小木）河畔的柳树发芽了。\n"})
    Archive.open(root, cache_dir=tmp_path / "c").close()
    path = cache_file_for(root.resolve(), tmp_path / "c")
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX article_entities_text")  # as Cache.bulk does before a cold build
    conn.execute("DROP INDEX article_entities_confirmed")
    conn.commit()
    conn.close()
    cache = Cache.open(path)
    names = {r[0] for r in cache.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"article_entities_text", "article_entities_confirmed"} <= names
    assert cache.confirmed_names() == {"小木": "person"}
    cache.close()


def test_name_pass_adds_only_untagged_mentions_of_the_right_type() -> None:
    from parser.entities.consistency import trie_regex
    from parser.entities.spread import missing_mentions

    names = {"小木": "person", "河畔": "place"}
    article = {
        "headline": "小木在河畔",
        "paragraphs": ["小木说，小木村的小木不是河畔。", "河畔"],
        "entities": [
            {"text": "小木", "type": "person", "field": "headline", "start": 0, "end": 2},
            {"text": "小木村", "type": "place", "field": "paragraphs", "start": 4, "end": 7, "paragraph": 0},
            {"text": "河畔", "type": "org", "field": "paragraphs", "start": 0, "end": 2, "paragraph": 1},
        ],
    }
    added = missing_mentions(article, trie_regex(names), names)
    # The headline mention is tagged already; 小木 inside 小木村 overlaps a place; 河畔 is an org
    # in this article, so it gains no person or place mention under another type.
    assert added == [
        {"text": "小木", "type": "person", "field": "paragraphs", "start": 0, "end": 2, "paragraph": 0,
         "confirmed": True},
        {"text": "小木", "type": "person", "field": "paragraphs", "start": 8, "end": 10, "paragraph": 0,
         "confirmed": True},
    ]


def test_bounded_map_keeps_order_and_at_most_window_chunks_in_flight() -> None:
    from concurrent.futures import Future

    from parser.sync import bounded_map

    class Pool:
        max_workers = 1

        def __init__(self) -> None:
            self.submitted = 0

        def submit(self, fn, *args):  # type: ignore[no-untyped-def]
            self.submitted += 1
            fut: Future[object] = Future()
            fut.set_result(fn(*args))
            return fut

    pool = Pool()
    results = bounded_map(pool, lambda x: x * 2, [(i,) for i in range(50)], chunk=3, window=5)  # type: ignore[arg-type]
    out = []
    for k, value in enumerate(results):
        out.append(value)
        # chunks handed out so far: the one being read, the ones before it and at most a window ahead
        assert pool.submitted <= k // 3 + 1 + 5
        if k == 0:
            assert pool.submitted == 6  # the window was filled, then one more for the chunk taken
    assert out == [i * 2 for i in range(50)]
    assert pool.submitted == 17


def test_bounded_map_holds_big_files_to_a_byte_budget() -> None:
    from concurrent.futures import Future

    from parser.sync import bounded_map

    class Pool:
        max_workers = 1

        def __init__(self) -> None:
            self.submitted: list[int] = []

        def submit(self, fn, *args):  # type: ignore[no-untyped-def]
            self.submitted.append(args[1][0][0])
            fut: Future[object] = Future()
            fut.set_result(fn(*args))
            return fut

    pool = Pool()
    sizes = [10] * 20 + [1000] * 10  # small files, then huge ones
    results = bounded_map(pool, lambda x: x, [(i,) for i in range(30)], chunk=2, window=8,  # type: ignore[arg-type]
                           sizes=sizes, budget=100)
    for k, _value in enumerate(results):
        ahead = [i for i in pool.submitted if i >= k - k % 2]  # the chunk being read and those in flight
        # two chunks in flight (always allowed, however big), or more only within the budget
        assert len(ahead) <= 1 + 2 or sum(sizes[i] + sizes[i + 1] for i in ahead[1:]) <= 100
    assert len(pool.submitted) == 15


def test_confirmed_names_are_read_from_the_index_alone(tmp_path: Path) -> None:
    from parser.cache import Cache

    root = write_pages(tmp_path / "papers", {"a.txt": "# 河畔新绿\n\n本报讯（记者 小木）河畔的柳树发芽了。\n"})
    Archive.open(root, cache_dir=tmp_path / "c").close()
    cache = Cache.open(cache_file_for(root.resolve(), tmp_path / "c"))
    plan = " ".join(str(r) for r in cache.conn.execute(
        "EXPLAIN QUERY PLAN SELECT text, type FROM article_entities WHERE confirmed = 1 GROUP BY text, type"))
    # every update that parses a file asks; visiting the table took seconds at 100,000 articles
    assert "COVERING INDEX article_entities_confirmed" in plan
    assert cache.confirmed_names() == {"小木": "person"}
    cache.close()


def test_a_name_is_new_to_older_articles_only_when_no_older_article_confirms_it(tmp_path: Path) -> None:
    from parser.cache import Cache

    root = write_pages(tmp_path / "papers", {
        "a.txt": "# 河畔新绿\n\n本报讯（记者 小木）河畔的柳树发芽了。\n",
        "b.txt": "# 春雨来了\n\n本报讯（记者 小木 林森）一场春雨落在田间。\n"})
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        ids = {h.source: h.id for h in arc.headlines}
    cache = Cache.open(cache_file_for(root.resolve(), tmp_path / "c"))
    names = cache.confirmed_names()
    assert names == {"小木": "person", "林森": "person"}
    assert cache.newly_confirmed({ids["b.txt"]}, names) == {"林森": "person"}  # 小木: a.txt confirms it too
    assert cache.newly_confirmed({ids["a.txt"], ids["b.txt"]}, names) == names
    plan = " ".join(str(r) for r in cache.conn.execute(
        "EXPLAIN QUERY PLAN SELECT text, article_id FROM article_entities WHERE confirmed = 1 AND text IN ('小木')"))
    assert "COVERING INDEX article_entities_confirmed" in plan
    cache.close()


# -- the library works from any caller: worker processes never re-run the caller's script ------
_CALLER = """
from parser import Archive
arc = Archive.open({root!r}, workers=2)
print(len(arc.headlines), arc.stats.parsed, len(arc.new_warnings))
"""


@pytest.fixture
def three_hundred_pages(tmp_path: Path) -> Path:
    """300 invented one-story pages: above the size at which a sync starts worker processes."""
    root = tmp_path / "many"
    root.mkdir()
    for n in range(300):
        day = f"2024-{n // 28 % 12 + 1:02d}-{n % 28 + 1:02d}"
        (root / f"{day}-{n:03d}.txt").write_text(
            f"{day}\n\n第{n % 8 + 1}版\n\n# 西岭镇第{n}座凉亭落成\n\n　　本报讯（记者 闻溪）西岭镇第{n}座凉亭今天落成，供行人歇脚。\n",
            encoding="utf-8")
    return root


@pytest.mark.parametrize("how", ["script-without-main-guard", "stdin"])
def test_open_with_worker_processes_from_any_caller(three_hundred_pages: Path, tmp_path: Path, how: str) -> None:
    """A script with no ``if __name__ == "__main__"`` guard, and ``python -`` (nothing to re-import),
    both build a 300-file archive in worker processes.  With workers that re-import the caller's
    main module, the first re-ran the script (and its Archive.open) in every worker, and the
    second found no file ``<stdin>``: both ended in BrokenProcessPool."""
    import subprocess
    import sys

    code = _CALLER.format(root=str(three_hundred_pages))
    if how == "stdin":
        argv, stdin = [sys.executable, "-"], code
    else:
        script = tmp_path / "caller.py"
        script.write_text(code, encoding="utf-8")
        argv, stdin = [sys.executable, str(script)], None
    done = subprocess.run(argv, input=stdin, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    with Archive.open(three_hundred_pages, cache_dir=tmp_path / "serial", workers=1) as serial:
        want = [str(len(serial.headlines)), "300", "0"]
    assert done.stdout.split() == want


# -- quick checks (folder mtimes) and full checks --------------------------------------------------
@pytest.fixture
def settled(archive_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The archive with its folders' mtimes an hour old, and a clock ten seconds ahead: no folder
    is "racy", so a quick check trusts every folder mtime and sees only what changes it."""
    import time

    from parser import sync

    for folder in (archive_dir, archive_dir / "2024"):
        os.utime(folder, (time.time() - 3600, time.time() - 3600))
    monkeypatch.setattr(sync, "wall_clock", lambda: time.time() + 10)
    with Archive.open(archive_dir, check="full") as arc:
        assert arc.stats.parsed == 4
    return archive_dir


def _headlines(root: Path, check: str = "quick") -> tuple[list[str], Archive]:
    arc = Archive.open(root, check=check)  # type: ignore[arg-type]
    heads = sorted(h.headline for h in arc.headlines)
    arc.close()
    return heads, arc


def test_a_quick_check_with_nothing_changed_stats_no_file(settled: Path) -> None:
    with Archive.open(settled, check="quick") as arc:
        assert arc.stats.full_check is False and arc.stats.files == 0 and arc.stats.parsed == 0
        assert len(arc.headlines) == 5


def test_a_quick_check_sees_a_file_added_to_a_known_folder(settled: Path) -> None:
    (settled / "2024" / "d-more.txt").write_text("# 东山新开一家书店\n\n书店今天开业。\n", encoding="utf-8")
    heads, arc = _headlines(settled)
    assert "东山新开一家书店" in heads and arc.stats.parsed == 1 and arc.stats.files == 4


def test_a_quick_check_sees_a_new_folder_and_what_is_inside(settled: Path) -> None:
    (settled / "2025" / "03").mkdir(parents=True)
    (settled / "2025" / "03" / "p1.txt").write_text("# 南湖春游季开幕\n\n游客很多。\n", encoding="utf-8")
    heads, arc = _headlines(settled)
    assert "南湖春游季开幕" in heads and arc.stats.parsed == 1
    assert _headlines(settled)[1].stats.files == 0  # the new folders are known now


def test_a_quick_check_sees_a_removed_file_and_folder(settled: Path) -> None:
    (settled / "2024" / "c-next.md").unlink()
    heads, arc = _headlines(settled)
    assert "东山举行植树活动" not in heads and arc.stats.removed == 1
    for page in (settled / "2024").iterdir():
        page.unlink()
    (settled / "2024").rmdir()
    heads, arc = _headlines(settled)
    assert heads == ["南湖湿地迎来候鸟"] and arc.stats.removed == 2


def _edit_in_place(root: Path) -> None:
    """Rewrite a page without touching its folder (as an editor that writes in place does)."""
    page = root / "2024" / "b-page2.txt"
    folder = os.stat(page.parent).st_mtime_ns
    page.write_text(page.read_text(encoding="utf-8").replace("东山图书馆", "东山档案馆"), encoding="utf-8")
    assert os.stat(page.parent).st_mtime_ns == folder


def test_an_edit_in_place_is_seen_by_a_full_check_not_a_quick_one(settled: Path) -> None:
    _edit_in_place(settled)
    assert "东山档案馆延长开放时间" not in _headlines(settled)[0]  # the cache is trusted
    heads, arc = _headlines(settled, check="full")
    assert "东山档案馆延长开放时间" in heads and arc.stats.full_check and arc.stats.parsed == 1


def test_a_quick_check_turns_full_once_the_last_full_check_is_old(settled: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from parser import sync

    _edit_in_place(settled)
    monkeypatch.setattr(sync, "wall_clock", lambda: time.time() + sync.FULL_CHECK_INTERVAL - 60)
    assert "东山档案馆延长开放时间" not in _headlines(settled)[0]
    monkeypatch.setattr(sync, "wall_clock", lambda: time.time() + sync.FULL_CHECK_INTERVAL + 60)
    heads, arc = _headlines(settled)
    assert "东山档案馆延长开放时间" in heads and arc.stats.full_check
    assert not _headlines(settled)[1].stats.full_check  # that full check counts from now


def test_a_folder_changed_within_the_racy_window_is_listed_again(archive_dir: Path) -> None:
    Archive.open(archive_dir, check="full").close()  # the folders were just written: not trusted
    _edit_in_place(archive_dir)
    heads, arc = _headlines(archive_dir)
    assert "东山档案馆延长开放时间" in heads and not arc.stats.full_check


def test_resolve_needs_no_view(archive_dir: Path) -> None:
    with Archive.open(archive_dir) as arc:
        some = arc.headlines[0].id
    with Archive.open(archive_dir, check="quick") as arc:
        assert arc.resolve(some[:5].upper()) == some
        assert arc._state is None  # the saved view was not decoded
        with pytest.raises(KeyError):
            arc.resolve("zzzzzzz")


# -- staged syncs: untagged pages first, for a reader to show at once ----------------------------------
def _cache_rows(root: Path, cache_dir: Path) -> dict[str, list[tuple]]:
    """Every row a sync derives from the pages (not its bookkeeping: generations, saved views)."""
    conn = sqlite3.connect(cache_file_for(root.resolve(), cache_dir))
    queries = {
        "files": "SELECT path, size, mtime_ns, sha1, status, message, page FROM files ORDER BY path",
        "articles": "SELECT * FROM articles ORDER BY id",
        "entities": "SELECT * FROM article_entities ORDER BY article_id, type, text",
        "search": "SELECT * FROM search_docs ORDER BY rowid",
        "vocab": "SELECT * FROM search_vocab ORDER BY 1, 2",
        "names": "SELECT * FROM search_names ORDER BY 1, 2",
    }
    rows = {k: conn.execute(q).fetchall() for k, q in queries.items()}
    conn.close()
    return rows


@pytest.mark.parametrize("which", ["fixture", "sample"])
def test_a_staged_sync_shows_untagged_pages_then_writes_the_same_cache(archive_dir: Path, tmp_path: Path,
                                                                       which: str) -> None:
    from parser.archive import sample_path

    root = archive_dir if which == "fixture" else sample_path()
    seen: list[tuple[list[str], list[int]]] = []
    with Archive.open(root, cache_dir=tmp_path / "staged", sync=False) as arc:
        def staged() -> None:
            seen.append(([h.headline for h in arc.headlines],
                         [len(arc.article(h.id).entities) for h in arc.headlines]))

        stats = arc.sync(staged=staged)
        final = [h.headline for h in arc.headlines]
        tagged = [len(arc.article(h.id).entities) for h in arc.headlines]
    assert len(seen) == 1 and seen[0][0] == final and stats.parsed == len({h.source for h in arc.headlines})
    assert set(seen[0][1]) == {0} and any(tagged)  # untagged first, tagged at the end
    Archive.open(root, cache_dir=tmp_path / "plain").close()
    staged_rows, plain_rows = _cache_rows(root, tmp_path / "staged"), _cache_rows(root, tmp_path / "plain")
    assert all(staged_rows[k] for k in ("files", "articles", "entities", "search"))
    assert staged_rows == plain_rows


def test_a_staged_sync_replaces_a_changed_page_like_a_plain_one(archive_dir: Path, tmp_path: Path) -> None:
    for name in ("staged", "plain"):
        Archive.open(archive_dir, cache_dir=tmp_path / name).close()
    page = archive_dir / "2024" / "a-page1.txt"  # two articles become one: an id disappears
    text = page.read_text(encoding="gb18030")
    page.write_text(text[:text.index("# 西河街道")], encoding="gb18030")
    with Archive.open(archive_dir, cache_dir=tmp_path / "staged", sync=False) as arc:
        arc.sync(staged=lambda: None)
    Archive.open(archive_dir, cache_dir=tmp_path / "plain").close()
    assert _cache_rows(archive_dir, tmp_path / "staged") == _cache_rows(archive_dir, tmp_path / "plain")
    with Archive.open(archive_dir, cache_dir=tmp_path / "staged") as arc:
        assert arc.search("口袋公园") == []


class _Stop(Exception):
    pass


def test_a_staged_sync_stopped_before_tagging_is_finished_by_the_next_quick_open(settled: Path) -> None:
    (settled / "2024" / "d-more.txt").write_text("# 东山新开一家书店\n\n本报讯（记者 林晓峰）书店今天开业。\n",
                                                 encoding="utf-8")

    def stop() -> None:
        raise _Stop

    with Archive.open(settled, sync=False) as arc, pytest.raises(_Stop):
        arc.sync(staged=stop, check="quick")
    with Archive.open(settled, check="quick") as arc:
        assert arc.stats.parsed == 1
        new = next(h for h in arc.headlines if h.headline == "东山新开一家书店")
        assert arc.article(new.id).entities and arc.search("书店")
        assert arc.cache.untagged() == {}


def test_an_issue_is_found_in_the_saved_view_without_decoding_it_all(archive_dir: Path) -> None:
    with Archive.open(archive_dir) as arc:
        expected = arc.issue("2024-03-05")
    with Archive.open(archive_dir, check="quick") as arc:
        assert arc.issue("2024-03-05") == expected
        assert arc.issue("001") == arc.issue("001_undated")
        with pytest.raises(ValueError):
            arc.issue("2024-03")
        with pytest.raises(KeyError):
            arc.issue("1999")
        assert arc._state is None
        assert arc.issues[0] == expected  # the whole view decodes to the same issues


def test_a_long_sync_shows_what_it_has_written_so_far(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import parser.archive as archive_mod
    import parser.sync as sync_mod

    root = write_pages(tmp_path / "papers", {
        f"2024-03-{d:02d}.txt": f"# 河畔新绿第{d}期\n\n河畔的柳树发芽了，第{d}天。\n" for d in range(1, 13)})
    monkeypatch.setattr(sync_mod, "STAGED_MAX", 2)
    monkeypatch.setattr(sync_mod, "BATCH", 5)
    monkeypatch.setattr(archive_mod, "PARTIAL_EVERY", 0.0)
    seen: list[tuple[int, int, int]] = []
    with Archive.open(root, cache_dir=tmp_path / "c", sync=False) as arc:
        assert arc.headlines == ()

        def partial() -> None:  # readable and searchable while the rest is indexed
            first = arc.article(arc.headlines[0].id)
            assert first.headline == arc.headlines[0].headline
            seen.append((len(arc.issues), len(arc.headlines), len(arc.search("柳树", limit=50))))

        arc.sync(partial=partial)
        assert seen == [(5, 5, 5), (10, 10, 10), (12, 12, 12)]
        assert len(arc.headlines) == 12
    with Archive.open(root, cache_dir=tmp_path / "c", sync=False) as again:
        assert [i.id for i in again.issues] == [f"2024-03-{d:02d}" for d in range(1, 13)]


def test_a_short_sync_is_shown_once_at_the_end(tmp_path: Path) -> None:
    root = write_pages(tmp_path / "papers", {"2024-03-01.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n"})
    calls: list[int] = []
    with Archive.open(root, cache_dir=tmp_path / "c", sync=False) as arc:
        arc.sync(partial=lambda: calls.append(1))
        assert calls == [] and len(arc.headlines) == 1


def test_an_article_id_another_file_holds_is_lengthened_not_taken_for_damage(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Ids are 7 characters of a hash: from a few hundred thousand articles on, two files' articles
    # share one (it happened at 416,000 synthetic articles).  The second is stored under a longer id.
    import parser.page as page_mod

    real = page_mod.article_id
    monkeypatch.setattr(page_mod, "article_id",
                        lambda rel, ordinal, length=7: "clashid" if ordinal == 0 else real(rel, ordinal, length))
    root = write_pages(tmp_path / "papers", {"a.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n",
                                             "b.txt": "# 春雨来了\n\n一场春雨落在田间。\n"})
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        assert not any("damaged" in w for w in arc.warnings)
        ids = {h.id for h in arc.headlines}
        assert len(ids) == 2 and "clashid" in ids and [len(i) for i in ids - {"clashid"}] == [8]
        assert {arc.article(i).headline for i in ids} == {"河畔新绿", "春雨来了"}
        assert {h.id for h in arc.search("春雨")} | {h.id for h in arc.search("柳树")} == ids


def test_file_stats_reads_the_rows_directly_in_each_folder_in_path_order(tmp_path: Path) -> None:
    root = tmp_path / "papers"
    for rel, text in {"2024-03-01.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n",
                      "a/2024-03-02.txt": "# 春雨来了\n\n一场春雨落在田间。\n",
                      "a/b/2024-03-03.txt": "# 桥梁完工\n\n大桥主体完工。\n",
                      "ab/2024-03-04.txt": "# 候鸟归来\n\n湿地迎来候鸟。\n"}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        def paths(folders: list[str]) -> list[str]:
            return [r[0] for r in arc.cache.file_stats(folders)]

        assert paths([""]) == ["2024-03-01.txt"]
        assert paths(["a/"]) == ["a/2024-03-02.txt"]
        assert paths(["", "a/b/"]) == ["2024-03-01.txt", "a/b/2024-03-03.txt"]
        assert [r[0] for r in arc.cache.file_stats()] == sorted(
            ["2024-03-01.txt", "a/2024-03-02.txt", "a/b/2024-03-03.txt", "ab/2024-03-04.txt"])


def test_reading_order_from_the_tables_is_the_order_of_the_headlines(tmp_path: Path) -> None:
    root = write_archive(tmp_path / "papers")
    page3 = PAGE_2.replace("第2版 综合", "第3版 文体").replace("东山图书馆延长开放时间", "东山篮球联赛开幕")
    (root / "2024" / "0-page3.txt").write_text(page3, encoding="utf-8")  # first by path, third by number
    unnumbered = PAGE_2.replace("第2版 综合\n", "").replace("东山图书馆延长开放时间", "东山老街修缮完工")
    (root / "2024" / "d-extra.txt").write_text(unnumbered, encoding="utf-8")
    (root / "002_undated.txt").write_text("# 北山茶园开采\n\n北山茶园开始采摘春茶。\n", encoding="utf-8")
    Archive.open(root, cache_dir=tmp_path / "c").close()
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        assert not arc._view().indexed  # (read from the saved view: the tables are asked)
        position, issue_at = arc.reading_order()
        assert not arc._view().indexed  # no issue was decoded for it
        heads = arc.headlines
        assert position == {h.id: n for n, h in enumerate(heads)}
        assert issue_at == {h.id: n for n, i in enumerate(arc.issues) for h in i.headlines}
        assert len(set(issue_at.values())) == len(arc.issues) >= 4
        assert arc.reading_order() == (position, issue_at)  # (decoded now: the same)


def test_entity_counts_and_articles_agree_with_the_full_index(tmp_path: Path) -> None:
    root = write_archive(tmp_path / "papers")
    (root / "2024" / "e-places.txt").write_text(  # both spellings in one article: counted once
        "# 古城新貌\n\n绍兴市的老街修缮一新，春天的绍兴游客络绎不绝。\n", encoding="utf-8")
    (root / "2024" / "f-places.txt").write_text("# 水乡春色\n\n春天来到绍兴，河边的柳树绿了。\n", encoding="utf-8")
    with Archive.open(root, cache_dir=tmp_path / "c") as arc:
        full = arc.entity_index()
        counts = arc.entity_counts()
        assert [(c.text, c.type, c.count) for c in counts] == [(s.text, s.type, s.count) for s in full]
        shaoxing = next(c for c in counts if c.text == "绍兴市")
        assert shaoxing.count == 2 and sorted(shaoxing.variants) == ["绍兴", "绍兴市"]
        at = {i.id: n for n, i in enumerate(arc.issues)}
        for stat, count in zip(full, counts, strict=True):
            assert arc.entity_articles(count) == stat.article_ids
            assert sorted(at[i] for i in arc.entity_issues(count)) == sorted(at[arc.headline(a).issue]
                                                                              for a in stat.article_ids)
        busiest = counts[0]
        assert busiest.count >= 2
        sample = arc.entity_issues(busiest, 1)
        assert len(sample) == 1 and sample[0] in at
        assert [(c.text, c.count) for c in arc.entity_counts("place")] == [
            (s.text, s.count) for s in arc.entity_index("place")]
