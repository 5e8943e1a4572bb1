"""Bad files beside good ones: every good page is read, each bad file is named once, nothing crashes.

Real archives hold half-written downloads, binary junk, files in the wrong encoding, giant
one-line dumps and symlink loops, and files change while the indexer runs.  These tests build
such archives in a temp folder (invented text only) and check the promise of issue #6: the run
exits 0, stderr names each bad file on exactly one line, and no good article is lost.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from archive_fixtures import write_archive
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parser.workers as workers_mod
from parser import Archive
from parser.pipeline import SkippedFile, page_from_bytes

REPO = Path(__file__).resolve().parent.parent
GOOD_ARTICLES = 5  # what write_archive's four files hold

# An invented page whose body carries two stray bytes (a damaged download): read it, but say so.
DAMAGED_PAGE = (
    "北湖日报\n2024年4月2日 星期二\n第3版 社会\n\n# 北湖社区开设夜校课程\n\n"
    "本报讯（记者 周明远）北湖社区夜校本周开课，"
).encode() + b"\xff\xfe" + "居民可免费报名。\n\n课程包括书法、摄影和烹饪。\n".encode()


@pytest.fixture(autouse=True)
def fixed_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reopening must re-read nothing; a parser edited mid-run (the fingerprint) is another matter."""
    monkeypatch.setattr("parser.cache.code_fingerprint", lambda: "reliability-tests")


def kanbao(*argv: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *argv], capture_output=True, text=True, cwd=REPO,
                          timeout=timeout, env={**os.environ, "PYTHONWARNINGS": "ignore"})


def lines_naming(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if name in line]


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """The good fixture archive plus one of each kind of bad file."""
    root = write_archive(tmp_path / "papers")
    junk = root / "junk"
    junk.mkdir()
    (junk / "empty.txt").write_bytes(b"")
    (junk / "blank.md").write_bytes("\u3000 \r\n\n".encode())
    rng = random.Random(6)
    (junk / "binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(5000)) + b"\x00")
    # No NUL byte, but not text in any encoding either (the decoder's "mostly undecodable" path).
    (junk / "noise.txt").write_bytes(bytes(rng.choice(b"\x80\x81\xfe\xff\xc0\xc1") for _ in range(3000)))
    (junk / "loop").symlink_to(root, target_is_directory=True)
    (root / "damaged.txt").write_bytes(DAMAGED_PAGE)
    return root


BAD = ("empty.txt", "blank.md", "binary.txt", "noise.txt", "loop", "damaged.txt")


def digest(root: Path) -> dict[str, str]:
    """Every file under ``root`` (not following the symlink loop) with a hash of its bytes."""
    import hashlib

    return {str(p): hashlib.sha1(p.read_bytes()).hexdigest() if p.is_file() else "link"
            for p in sorted(root.rglob("*")) if p.is_file() or p.is_symlink()}


def test_bad_files_are_named_once_and_every_good_page_is_read(messy: Path) -> None:
    before = digest(messy)
    result = kanbao("index", "--archive", str(messy))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for name in BAD:
        assert len(lines_naming(result.stderr, name)) == 1, (name, result.stderr)
    assert "undecodable" in lines_naming(result.stderr, "damaged.txt")[0]
    listed = kanbao("list", "--archive", str(messy), "--json")
    assert listed.returncode == 0 and "Traceback" not in listed.stderr
    headlines = [json.loads(line)["headline"] for line in listed.stdout.splitlines()]
    assert len(headlines) == GOOD_ARTICLES + 1
    assert "北湖社区开设夜校课程" in headlines  # the page with bad bytes is still read
    assert digest(messy) == before  # nothing in the archive was created, changed or removed


def test_archive_api_reports_the_same_files(messy: Path) -> None:
    arc = Archive.open(messy)
    assert len(arc.headlines) == GOOD_ARTICLES + 1
    for name in BAD:
        assert len([w for w in arc.new_warnings if name in w]) == 1, name
    # The skipped files are remembered: a reopened archive still lists them, without re-reading them.
    again = Archive.open(messy)
    assert again.stats.parsed == 0
    for name in ("empty.txt", "binary.txt", "noise.txt"):
        assert any(name in w for w in again.warnings), name


def test_a_million_character_line_takes_bounded_time(tmp_path: Path) -> None:
    """One giant paragraph goes through parsing, tagging and search indexing in seconds, not minutes."""
    root = write_archive(tmp_path / "papers")
    rng = random.Random(1)
    alphabet = "东南西北山水河湖城乡村镇街道社区学校医院工厂春夏秋冬会议报告今天发展建设服务群众，。、"
    giant = "".join(rng.choice(alphabet) for _ in range(1_000_000))
    (root / "giant.txt").write_text(giant, encoding="utf-8")  # one line, no newline at all
    result = kanbao("index", "--archive", str(root), timeout=60)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    listed = kanbao("list", "--archive", str(root), "--json")
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == GOOD_ARTICLES + 1
    ident = next(r["id"] for r in rows if r["issue"] == "giant")
    shown = kanbao("show", ident, "--archive", str(root), "--format", "json")
    article = json.loads(shown.stdout)
    kept = "".join([article["headline"] or "", *article["paragraphs"]])
    assert len(kept) >= 1_000_000 - 10  # the text is all there (a few characters may become a title)


def test_file_that_disappears_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_archive(tmp_path / "papers")
    doomed = root / "2024" / "b-page2.txt"
    real_read = workers_mod.read_bytes

    def read_after_delete(path: Path) -> bytes:
        if path == doomed:
            path.unlink()  # removed between the folder scan and the read
        return real_read(path)

    # A context of its own: ``monkeypatch.undo()`` would also undo the isolated folders of
    # conftest's ``isolated_dirs`` (the next open would write into the user's cache).
    with monkeypatch.context() as patch:
        patch.setattr(workers_mod, "read_bytes", read_after_delete)
        arc = Archive.open(root, workers=1)
    assert len(arc.headlines) == GOOD_ARTICLES - 1
    assert len([w for w in arc.new_warnings if "b-page2.txt" in w]) == 1
    again = Archive.open(root)
    assert len(again.headlines) == GOOD_ARTICLES - 1 and not any("b-page2" in w for w in again.warnings)


EXTRA_STORY = "\n# 东山新开一条公交线路\n\n本报讯（记者 韩雪）东山新开一条公交线路，连接三个社区。\n"


@pytest.mark.parametrize("when", ["before-read", "after-read"])
def test_file_that_changes_while_indexed_ends_up_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         when: str) -> None:
    """Whether the change lands before or after the indexer reads the file, the next run shows it."""
    root = write_archive(tmp_path / "papers")
    moving = root / "2024" / "b-page2.txt"
    real_read = workers_mod.read_bytes

    def append() -> None:
        with moving.open("a", encoding="utf-8") as fh:
            fh.write(EXTRA_STORY)

    def read_while_changing(path: Path) -> bytes:
        if path != moving:
            return real_read(path)
        if when == "before-read":
            append()
            return real_read(path)
        data = real_read(path)
        append()
        return data

    with monkeypatch.context() as patch:  # (not ``monkeypatch.undo()``: see above)
        patch.setattr(workers_mod, "read_bytes", read_while_changing)
        first = Archive.open(root, workers=1)
    assert len(first.headlines) == GOOD_ARTICLES + (when == "before-read")
    second = Archive.open(root)
    ids = [h.id for h in second.headlines]
    assert len(ids) == len(set(ids)) == GOOD_ARTICLES + 1
    assert "东山新开一条公交线路" in [h.headline for h in second.headlines]
    assert Archive.open(root).stats.parsed == 0  # and now it is settled


# -- fuzzing the bytes → page path ---------------------------------------------------------------
_PIECES = st.sampled_from([
    "东山日报", "2024年3月5日 星期二", "第1版 要闻", "# ", "## ", "本报讯（记者 林晓峰）", "（通讯员 王五）",
    "\u3000\u3000", "\n", "\n\n", "\r\n", "图为", "责任编辑：周晓", "。", "，", "——", "摄", "【", "】",
    "\x1b[31m", "\x07", "\ufeff", "[bold]x[/]", "   ", "1", "2019-02-01", "中国", "第", "版",
])
_TEXTS = st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=40).map("".join)
_ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])


@st.composite
def page_bytes(draw: st.DrawFn) -> bytes:
    """Bytes that are page-like text in some encoding, sometimes damaged, or just any bytes."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=3000))
    data = draw(_TEXTS).encode(draw(_ENCODINGS), errors="replace")
    if data and draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=4)) + data[at:]
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(page_bytes())
def test_any_bytes_give_a_valid_page_or_a_skip(page_schema: dict, data: bytes) -> None:
    try:
        page = page_from_bytes(data, source="x", rel_path="x.txt", tag=False)
    except SkippedFile as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    jsonschema.validate(page.to_dict(), page_schema)


def test_a_parser_crash_on_one_file_skips_only_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_archive(tmp_path / "papers")
    real_parse = workers_mod.page_from_bytes

    def parse_or_crash(data: bytes, *, source: str, rel_path: str, tag: bool = True):  # type: ignore[no-untyped-def]
        if rel_path.endswith("b-page2.txt"):
            raise IndexError("a bug that only this page's layout triggers")
        return real_parse(data, source=source, rel_path=rel_path, tag=tag)

    monkeypatch.setattr(workers_mod, "page_from_bytes", parse_or_crash)
    arc = Archive.open(root, workers=1)
    assert len(arc.headlines) == GOOD_ARTICLES - 1
    (warning,) = [w for w in arc.new_warnings if "b-page2.txt" in w]
    assert "could not be parsed" in warning and "IndexError" in warning
