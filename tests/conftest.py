"""Shared test setup: every test runs with its own cache, data and config folders.

Nothing a test does may touch the user's real cache or reading state, and no test may see
another's leftovers; so the environment variables that locate them point into a temp folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests assert behaviour, never speed: no per-example deadline (CI machines vary).
settings.register_profile("kanbao", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kanbao")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLE = REPO / "sample_data"
SCHEMA = SHARED / "schema" / "page.schema.json"


_USER_DIRS = ("KANBAO_CACHE_DIR", "KANBAO_DATA_DIR", "KANBAO_CONFIG_DIR")


@pytest.fixture(scope="session", autouse=True)
def isolated_session_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The same folders for module- and session-scoped fixtures, which run before any test's own
    (building a module's archive loads the lexicon, which is cached in the cache folder)."""
    base = tmp_path_factory.mktemp("user-dirs")
    with pytest.MonkeyPatch.context() as patch:
        for name in _USER_DIRS:
            folder = base / name.split("_")[1].lower()
            folder.mkdir()
            patch.setenv(name, str(folder))
        yield base


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in _USER_DIRS:
        folder = tmp_path / name.split("_")[1].lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    monkeypatch.delenv("KANBAO_ARCHIVE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


@pytest.fixture
def page_schema() -> dict:
    """The page JSON schema: from ../shared when present, else the copy in tests/data."""
    import json

    path = SCHEMA if SCHEMA.exists() else Path(__file__).parent / "data" / "page.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


# -- the archive is read-only to kanbao: prove it over the whole suite ---------------------------
def _tree_digest(folders: list[Path]) -> dict[str, str]:
    import hashlib

    out = {}
    for folder in folders:
        if folder.is_dir():
            for p in sorted(folder.rglob("*")):
                if p.is_file() and "__pycache__" not in p.parts:
                    out[str(p)] = hashlib.sha1(p.read_bytes()).hexdigest()
    return out


_READ_ONLY = [SAMPLE, SHARED / "seeds", SHARED / "eval" / "rmrb-2019-02-01"]
_BEFORE: dict[str, str] = {}


# -- the user's folders are not the tests' to write: prove that over the whole suite too ---------
def _user_folders() -> tuple[list[Path], Path | None]:
    """(kanbao's own folders, HOME) as the environment names them before any test runs.

    Each kanbao folder is ``$KANBAO_<KIND>_DIR`` or the platform folder inside HOME (what
    ``parser.paths.user_dir`` would pick); they are compared file by file.  HOME itself may be a
    real home that other programs write to while the suite runs, so only its top two levels are
    compared: a test that wrote there would leave a new entry.
    """
    import os

    import platformdirs

    kanbao = []
    for kind in ("cache", "data", "config"):
        env = os.environ.get(f"KANBAO_{kind.upper()}_DIR")
        kanbao.append(Path(env).expanduser() if env else Path(getattr(platformdirs, f"user_{kind}_dir")("kanbao")))
    home = os.environ.get("HOME")
    return kanbao, Path(home) if home else None


def _user_snapshot(kanbao: list[Path], home: Path | None) -> dict[str, tuple[int, int] | None]:
    """Every file of kanbao's user folders (size, mtime) and every entry of HOME two levels deep."""
    out: dict[str, tuple[int, int] | None] = {}
    for folder in kanbao:
        out[f"{folder} exists"] = (int(folder.exists()), 0)
        if folder.is_dir():
            for p in folder.rglob("*"):
                if p.is_file():
                    st = p.stat()
                    out[str(p)] = (st.st_size, st.st_mtime_ns)
    if home is not None and home.is_dir():
        for p in [*home.iterdir(), *(q for d in home.iterdir() if d.is_dir() and not d.is_symlink()
                                     for q in _entries(d))]:
            out[str(p)] = None
    return out


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


_USER_BEFORE: dict[str, tuple[int, int] | None] = {}
_USER_FOLDERS: list[tuple[list[Path], Path | None]] = []  # as the environment named them at the start


def pytest_sessionstart(session: pytest.Session) -> None:
    _BEFORE.update(_tree_digest(_READ_ONLY))
    _USER_FOLDERS.append(_user_folders())
    _USER_BEFORE.update(_user_snapshot(*_USER_FOLDERS[0]))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _BEFORE or hasattr(session.config, "workerinput"):
        return  # xdist workers: the controller checks
    after = _tree_digest(_READ_ONLY)
    if after != _BEFORE:
        changed = sorted(set(after.items()) ^ set(_BEFORE.items()))
        session.config.get_terminal_writer().line(f"archive folders were modified: {changed[:5]}", red=True)
        session.exitstatus = 1
    user_after = _user_snapshot(*_USER_FOLDERS[0])
    if user_after != _USER_BEFORE:
        changed_user = sorted(k for k in set(user_after) | set(_USER_BEFORE) if user_after.get(k, 0) != _USER_BEFORE.get(k, 0))
        writer = session.config.get_terminal_writer()
        writer.line()
        writer.line(
            f"tests wrote into the user's folders (HOME, KANBAO_CACHE_DIR, KANBAO_DATA_DIR): {changed_user[:5]}",
            red=True)
        session.exitstatus = 1
