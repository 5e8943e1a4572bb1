"""The cache under damage, interruption and sharing: nothing lost, nothing doubled.

The archive folder is the truth and the cache is derived, so the promise is: whatever happens
to the cache file or the process writing it (garbage bytes, a truncated write-ahead log, an
older schema, Ctrl-C, SIGKILL, two indexers at once), the next run ends with exactly the
articles a clean build has.  Every check compares against a clean build's id list.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from archive_fixtures import write_archive

from parser import Archive
from parser.archive import ArchiveError
from parser.cache import cache_file_for

REPO = Path(__file__).resolve().parent.parent
PLACES = ["东山", "西河", "南湖", "北岭", "中桥", "青石", "白沙"]
THINGS = ["公园", "图书馆", "学校", "医院", "市场", "车站", "广场"]


def generate(root: Path, files: int) -> Path:
    """``files`` small invented pages (two articles each), spread over dated folders."""
    for n in range(files):
        month, day = 1 + n // 280, 1 + (n // 10) % 28
        folder = root / f"2023-{month:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        place, thing = PLACES[n % 7], THINGS[(n // 7) % 7]
        (folder / f"p{n:04d}.txt").write_text(
            f"东山日报\n2023年{month}月{day}日 星期一\n第{1 + n % 10}版 综合\n\n"
            f"# {place}新建{thing}第{n}号\n\n本报讯（记者 林晓峰）{place}今年新建{thing}，方便居民。编号{n}。\n\n"
            f"# {place}举办社区活动第{n}期\n\n本报讯 {place}举办社区活动，居民踊跃参加。\n",
            encoding="utf-8")
    return root


def kanbao(*argv: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *argv], capture_output=True, text=True, cwd=REPO,
                          timeout=timeout)


def start(*argv: str) -> subprocess.Popen[str]:
    """``kanbao ARGV`` in its own process group, as a shell runs a foreground job."""
    # SIGINT back to its default: a test run started in the background by a non-interactive shell
    # inherits SIGINT ignored, and Python then never turns Ctrl-C into KeyboardInterrupt.
    return subprocess.Popen([sys.executable, "-m", "tui", *argv], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def committed_articles(cache_dir: Path) -> int:
    """Articles committed so far in the (only) cache of ``cache_dir``, read without disturbing it."""
    for f in cache_dir.glob("archive-*.sqlite3"):
        try:
            with sqlite3.connect(f"file:{f}?mode=ro", uri=True, timeout=5) as conn:
                return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            return 0
    return 0


def wait_for_commits(proc: subprocess.Popen[str], cache_dir: Path, at_least: int, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = committed_articles(cache_dir)
        if n >= at_least:
            return n
        assert proc.poll() is None, "the indexer finished before it could be interrupted"
        time.sleep(0.05)
    raise AssertionError("no batch committed in time")


def ids_in(cache_dir: Path, root: Path) -> list[str]:
    """Article ids as ``kanbao list`` prints them, after checking the cache file's own consistency."""
    listed = kanbao("list", "--archive", str(root), "--cache-dir", str(cache_dir))
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    ids = [line.split("\t")[0] for line in listed.stdout.splitlines()]
    assert len(ids) == len(set(ids)), "duplicate articles"
    (db,) = cache_dir.glob("archive-*.sqlite3")
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {r[0] for r in conn.execute("SELECT id FROM articles")}
        assert stored == set(ids)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "search_docs" in tables:  # the search index holds each article exactly once
            docs = [r[0] for r in conn.execute("SELECT id FROM search_docs")]
            assert sorted(docs) == sorted(ids)
    return sorted(ids)


# -- a big archive, interrupted ------------------------------------------------------------------
@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """1,500 pages (so an index takes a while) and the sorted id list of a clean build."""
    base = tmp_path_factory.mktemp("big")
    root = generate(base / "papers", 1500)
    with Archive.open(root, cache_dir=base / "clean-cache", workers=1) as arc:  # in-process: jieba is warm
        ids = sorted(h.id for h in arc.headlines)
    assert len(ids) == len(set(ids)) == 3000
    return root, ids


def test_ctrl_c_then_sigkill_mid_index_then_a_full_run_loses_and_doubles_nothing(
        big: tuple[Path, list[str]], tmp_path: Path) -> None:
    """Ctrl-C stops cleanly (exit 130, one line); SIGKILL leaves no stray workers; the next run completes."""
    root, clean_ids = big
    cache = tmp_path / "cache"
    args = ("index", "--archive", str(root), "--cache-dir", str(cache))

    proc = start(*args)
    wait_for_commits(proc, cache, 1)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group gets it
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert out == "" and err.strip().splitlines() == ["kanbao: interrupted"]
    after_ctrl_c = committed_articles(cache)
    assert 0 < after_ctrl_c < len(clean_ids)  # stopped part-way, keeping what it had committed
    assert sorted(ids_in_db(cache)) == sorted(set(ids_in_db(cache)))

    proc = start(*args)
    wait_for_commits(proc, cache, after_ctrl_c + 1)
    proc.kill()  # only the main process, as the OOM killer or `kill -9 PID` would
    # communicate() returns only once every holder of the pipes is gone: the parse workers
    # notice that their parent died and exit instead of waiting for work forever.
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert after_ctrl_c < committed_articles(cache) < len(clean_ids)

    again = kanbao(*args)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert " unchanged" in again.stderr and f"{len(clean_ids)} articles" in again.stderr
    assert ids_in(cache, root) == clean_ids


def ids_in_db(cache_dir: Path) -> list[str]:
    (db,) = cache_dir.glob("archive-*.sqlite3")
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM articles")]


def test_two_indexers_and_a_reader_share_a_fresh_cache(tmp_path: Path) -> None:
    root = generate(tmp_path / "papers", 120)
    with Archive.open(root, cache_dir=tmp_path / "clean", workers=1) as arc:
        clean_ids = sorted(h.id for h in arc.headlines)
    shared = tmp_path / "shared"
    indexers = [start("index", "--archive", str(root), "--cache-dir", str(shared)) for _ in range(2)]
    readers = []
    while any(p.poll() is None for p in indexers) or not readers:
        readers.append(kanbao("list", "--archive", str(root), "--cache-dir", str(shared)))
    for proc in indexers:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 0 and f"{len(clean_ids)} articles" in err, err
        assert "damaged" not in err  # a busy cache is never mistaken for a damaged one
    for r in readers:
        assert r.returncode == 0 and "Traceback" not in r.stderr and "damaged" not in r.stderr, r.stderr
        assert len(r.stdout.splitlines()) == len(clean_ids)
    assert ids_in(shared, root) == clean_ids
    assert not list(shared.glob("*.corrupt-*"))


# -- damaged cache files ---------------------------------------------------------------------------
@pytest.fixture
def small(tmp_path: Path) -> tuple[Path, list[str]]:
    root = write_archive(tmp_path / "papers")
    generate(root / "more", 40)
    with Archive.open(root, cache_dir=tmp_path / "clean") as arc:
        ids = sorted(h.id for h in arc.headlines)
    return root, ids


def crashed_cache(root: Path) -> Path:
    """Index ``root`` and copy its cache as a crash would leave it: db plus un-checkpointed WAL."""
    db = cache_file_for(root.resolve())
    arc = Archive.open(root)
    wal = Path(f"{db}-wal")
    assert wal.exists() and wal.stat().st_size > 0
    saved = {suffix: Path(f"{db}{suffix}").read_bytes() for suffix in ("", "-wal")}
    arc.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    for suffix, data in saved.items():
        Path(f"{db}{suffix}").write_bytes(data)
    return db


def reopened_ids(root: Path, read_all: bool = False) -> tuple[list[str], tuple[str, ...]]:
    arc = Archive.open(root)
    ids = sorted(h.id for h in arc.headlines)
    assert len(ids) == len(set(ids))
    warnings = arc.new_warnings
    if read_all:  # damage inside a row shows when the row is read; the article is re-read from its file
        texts = [arc.article(i).body for i in ids]
        assert all("\ufffd" not in t for t in texts)
        warnings = tuple(dict.fromkeys([*warnings, *arc.warnings]))
    arc.close()
    return ids, warnings


@pytest.mark.parametrize("damage", ["truncated", "garbage-in-the-middle"])
def test_damaged_write_ahead_log_recovers(small: tuple[Path, list[str]], damage: str) -> None:
    root, clean_ids = small
    db = crashed_cache(root)
    wal = Path(f"{db}-wal")
    data = bytearray(wal.read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 2 + 17]  # cut mid-frame, as a crash mid-write would
    else:
        mid = len(data) // 2
        data[mid : mid + 512] = random.Random(7).randbytes(512)
    wal.write_bytes(bytes(data))
    ids, _ = reopened_ids(root)
    assert ids == clean_ids  # SQLite drops the unusable frames; the files they held are re-read


@pytest.mark.parametrize("damage", ["page-garbage", "row-bytes", "truncated", "not-a-database"])
def test_damaged_cache_file_is_set_aside_and_rebuilt(small: tuple[Path, list[str]], damage: str) -> None:
    root, clean_ids = small
    Archive.open(root).close()
    db = cache_file_for(root.resolve())
    data = bytearray(db.read_bytes())
    if damage == "page-garbage":
        mid = (len(data) // 2) // 4096 * 4096
        data[mid : mid + 4096] = random.Random(3).randbytes(4096)
    elif damage == "row-bytes":
        # A few bad bytes inside one stored row: invisible to the structural check at open,
        # found only when the row is read.
        # (Every copy: the headline is stored in several tables, and only a compressed copy in the
        # saved view that opening reads.)
        at = data.find("社区活动".encode())
        assert at > 0
        while at > 0:
            data[at : at + 3] = b"\xff\xfe\xfd"
            at = data.find("社区活动".encode(), at)
    elif damage == "truncated":
        data = data[: len(data) // 2 + 100]
    else:
        data = bytearray(b"SQLite format 2\x00" + bytes(len(data) - 16))
    db.write_bytes(bytes(data))
    ids, warnings = reopened_ids(root, read_all=damage == "row-bytes")
    assert ids == clean_ids
    damaged = [w for w in warnings if "damaged" in w]
    assert damaged and all("\n" not in w for w in damaged)
    assert len(damaged) == 1 or damage == "row-bytes"  # one per damaged article there
    if damage != "row-bytes":  # a damaged row is repaired from its file where it is found
        assert list(db.parent.glob("*.corrupt-*"))  # set aside for inspection, not deleted


@pytest.mark.parametrize("version", ["0", "99"])
def test_cache_of_another_schema_version_is_rebuilt(small: tuple[Path, list[str]], version: str) -> None:
    root, clean_ids = small
    db = cache_file_for(root.resolve())
    db.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(db) as conn:  # an old layout: other columns, other tables
        conn.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('schema', ?)", (version,))
        conn.execute("CREATE TABLE files(path TEXT PRIMARY KEY, data BLOB)")
        conn.execute("INSERT INTO files VALUES ('2024/a-page1.txt', x'00')")
        conn.execute("CREATE TABLE articles(id TEXT, body TEXT)")
        conn.execute("INSERT INTO articles VALUES ('zzzzzzz', 'stale')")
    ids, warnings = reopened_ids(root)
    assert ids == clean_ids
    assert any("schema version" in w for w in warnings)


def test_unusable_cache_location_falls_back_to_memory(small: tuple[Path, list[str]]) -> None:
    root, clean_ids = small
    db = cache_file_for(root.resolve())
    db.mkdir(parents=True)  # something else sits where the cache file should be
    result = kanbao("list", "--archive", str(root))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert sorted(line.split("\t")[0] for line in result.stdout.splitlines()) == clean_ids
    assert any("caching in memory" in line for line in result.stderr.splitlines())
    shutil.rmtree(db)


def test_an_open_archive_keeps_working_while_another_process_indexes(small: tuple[Path, list[str]]) -> None:
    """The TUI holds an archive open for hours while a script re-indexes the same cache."""
    root, clean_ids = small
    arc = Archive.open(root)
    steady = [h for h in arc.headlines if h.source.startswith("more/")][:5]
    changed = root / "2024" / "b-page2.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# 东山新开一条公交线路\n\n本报讯 公交线路开通。\n",
                       encoding="utf-8")
    (root / "more" / "extra.txt").write_text("# 青石码头改造完工\n\n本报讯 青石码头改造完工。\n", encoding="utf-8")
    result = kanbao("index", "--archive", str(root))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    for h in steady:  # the open archive still reads bodies and searches the shared cache
        assert arc.article(h.id).headline == h.headline
    arc.search("公园")
    arc.close()
    ids, _ = reopened_ids(root)
    assert set(clean_ids) < set(ids) and len(ids) == len(clean_ids) + 2


def test_a_damaged_article_body_is_re_read_from_its_page(small: tuple[Path, list[str]]) -> None:
    """Garbage inside one stored body passes the check at open; reading it re-reads the page."""
    root, _ = small
    with Archive.open(root) as arc:
        title = f"{PLACES[13 % 7]}新建{THINGS[(13 // 7) % 7]}第13号"  # generate()'s page 13
        target = next(h for h in arc.headlines if h.headline == title)
        expected = arc.article(target.id)
    db = cache_file_for(root.resolve())
    with closing(sqlite3.connect(db)) as conn:
        stored = conn.execute("SELECT data FROM articles WHERE id = ?", (target.id,)).fetchone()[0]
    data = bytearray(db.read_bytes())
    needle = bytes(stored[len(stored) // 3 : len(stored) // 3 + 12])  # inside the stored (packed) body
    assert needle in data
    while (at := data.find(needle)) >= 0:
        data[at : at + 12] = bytes(12)
    db.write_bytes(bytes(data))
    arc = Archive.open(root)
    got = arc.article(target.id)
    assert got.paragraphs == expected.paragraphs and got.id == target.id and got.issue == target.issue
    assert any("damaged" in w and target.id in w for w in arc.warnings)
    arc.close()
    with Archive.open(root) as again:  # the repaired row is stored: no warning the second time
        assert again.article(target.id).paragraphs == expected.paragraphs
        assert not any(target.id in w for w in again.warnings)


def test_a_bug_in_the_sync_is_reported_not_taken_for_a_damaged_cache(
        small: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    # A ValueError from kanbao's own code once made a million-article build set its cache aside
    # and start over; only a stored value that no longer decodes is damage.
    import parser.sync as sync_mod

    root, _clean_ids = small
    Archive.open(root).close()
    (root / "new.txt").write_text("# 春雨来了\n\n一场春雨落在田间。\n", encoding="utf-8")

    def buggy(*args: object) -> None:
        raise ValueError("a bug, not damage")

    monkeypatch.setattr(sync_mod, "_place_rows", buggy)
    with pytest.raises(ArchiveError, match="a bug, not damage"):
        Archive.open(root)
    db = cache_file_for(root.resolve())
    assert db.exists() and not list(db.parent.glob("*.corrupt-*"))
