"""Archive and cache: issues from dates and paths, stable ids, incremental re-parsing, damage handling."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from archive_fixtures import write_archive

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
    root = tmp_path / "papers"
    root.mkdir()
    (root / "a.txt").write_text("# 河畔新绿\n\n本报讯（记者 小木）河畔的柳树发芽了。\n", encoding="utf-8")
    (root / "b.txt").write_text("# 春日随笔\n\n小木在河畔拍下了这一幕。\n", encoding="utf-8")
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

    root = tmp_path / "papers"
    root.mkdir()
    (root / "a.txt").write_text("# 河畔新绿\n\n本报讯（记者 小木）河畔的柳树发芽了。\n", encoding="utf-8")
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
    root = tmp_path / "papers"
    root.mkdir()
    (root / "b.txt").write_text("# 春日随笔\n\n小木在河畔拍下了这一幕。\n", encoding="utf-8")
    with Archive.open(root) as arc:
        assert arc.search("person:小木") == []
    (root / "a.txt").write_text("# 河畔新绿\n\n本报讯（记者 小木）河畔的柳树发芽了。\n", encoding="utf-8")
    with Archive.open(root) as arc:
        old = arc.article(next(h.id for h in arc.headlines if h.source == "b.txt"))
        assert [(e.text, e.type) for e in old.entities if e.field == "paragraphs"] == [("小木", "person")]
        assert len(arc.search("person:小木")) == 2


def test_open_without_sync_shows_the_last_view_then_sync_catches_up(tmp_path: Path) -> None:
    root = tmp_path / "papers"
    root.mkdir()
    (root / "2024-03-01.txt").write_text("# 河畔新绿\n\n河畔的柳树发芽了。\n", encoding="utf-8")
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
    root = tmp_path / "papers"
    root.mkdir()
    (root / "a.txt").write_text("# 河畔新绿\n\n河畔的柳树发芽了。\n", encoding="utf-8")
    with Archive.open(root, cache_dir=tmp_path / "c", sync=False) as arc:
        assert arc.headlines == ()
        arc.sync()
        assert [h.headline for h in arc.headlines] == ["河畔新绿"]


def test_indexes_a_stopped_bulk_build_left_out_are_made_at_the_next_open(tmp_path: Path) -> None:
    from parser.cache import Cache, cache_file_for

    root = tmp_path / "papers"
    root.mkdir()
    (root / "a.txt").write_text("# 河畔新绿\n\n本报讯（记者 小木）河畔的柳树发芽了。\n", encoding="utf-8")
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

    root = tmp_path / "papers"
    root.mkdir()
    (root / "a.txt").write_text("# 河畔新绿\n\n本报讯（记者 小木）河畔的柳树发芽了。\n", encoding="utf-8")
    Archive.open(root, cache_dir=tmp_path / "c").close()
    cache = Cache.open(cache_file_for(root.resolve(), tmp_path / "c"))
    plan = " ".join(str(r) for r in cache.conn.execute(
        "EXPLAIN QUERY PLAN SELECT text, type FROM article_entities WHERE confirmed = 1 GROUP BY text, type"))
    # every update that parses a file asks; visiting the table took seconds at 100,000 articles
    assert "COVERING INDEX article_entities_confirmed" in plan
    assert cache.confirmed_names() == {"小木": "person"}
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
