"""Reading state (read flags, bookmarks) persists in SQLite and is shared between processes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from parser.paths import user_dir
from parser.state import STATE_FILE, StateStore


def test_flags_persist_across_opens(tmp_path: Path) -> None:
    with StateStore(tmp_path) as store:
        assert not store.is_read("abc1234")
        assert store.toggle_read("abc1234") is True
        assert store.toggle_bookmark("zzz9999") is True
        store.set_read("def5678")
    with StateStore(tmp_path) as store:
        assert store.read_ids == {"abc1234", "def5678"}
        assert store.bookmarked_ids == {"zzz9999"}
        assert store.toggle_read("abc1234") is False
        assert store.toggle_bookmark("zzz9999") is False
    with StateStore(tmp_path) as store:
        assert store.read_ids == {"def5678"}
        assert store.bookmarked_ids == frozenset()


def test_mark_many_read_and_idempotent_set(tmp_path: Path) -> None:
    with StateStore(tmp_path) as store:
        store.mark_many_read(["a", "b", "c"])
        store.set_read("a")  # already read: still read, no error
        store.set_bookmark("b", False)  # removing an absent bookmark is a no-op
    with StateStore(tmp_path) as store:
        assert store.read_ids == {"a", "b", "c"}
        assert not store.bookmarked_ids


def test_database_uses_wal(tmp_path: Path) -> None:
    StateStore(tmp_path).close()
    db = sqlite3.connect(tmp_path / STATE_FILE)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_data_dir_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KANBAO_DATA_DIR", str(tmp_path / "d"))
    assert user_dir("data") == tmp_path / "d"
    with StateStore() as store:
        store.set_bookmark("x1")
    assert (tmp_path / "d" / STATE_FILE).exists()


def test_second_process_sees_writes(tmp_path: Path) -> None:
    """A write from another process (e.g. the CLI while the TUI runs) is visible on next open."""
    with StateStore(tmp_path) as store:
        store.set_read("mine")
        code = (
            "import sys; from parser.state import StateStore\n"
            "s = StateStore(sys.argv[1]); s.set_bookmark('theirs'); s.set_read('mine', False); s.close()"
        )
        subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True,
                       cwd=Path(__file__).resolve().parents[1])
        store.set_bookmark("mine-too")  # our connection still writes while theirs committed
    with StateStore(tmp_path) as store:
        assert store.bookmarked_ids == {"theirs", "mine-too"}
        assert not store.is_read("mine")
