"""Shared test setup: every test runs with its own cache, data and config folders.

Nothing a test does may touch the user's real cache or reading state, and no test may see
another's leftovers; so the environment variables that locate them point into a temp folder.
"""

from __future__ import annotations

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


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("KANBAO_CACHE_DIR", "KANBAO_DATA_DIR", "KANBAO_CONFIG_DIR"):
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


def pytest_sessionstart(session: pytest.Session) -> None:
    _BEFORE.update(_tree_digest(_READ_ONLY))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _BEFORE or hasattr(session.config, "workerinput"):
        return  # xdist workers: the controller checks
    after = _tree_digest(_READ_ONLY)
    if after != _BEFORE:
        changed = sorted(set(after.items()) ^ set(_BEFORE.items()))
        session.config.get_terminal_writer().line(f"archive folders were modified: {changed[:5]}", red=True)
        session.exitstatus = 1
