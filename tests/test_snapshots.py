"""SVG snapshots of the main screens at a fixed size (pytest-textual-snapshot).

Each screen is drawn at 80x24 and 140x40.  They run on the invented archive of ``tests/tui_fake.py`` so parser or tagger changes do not
churn them; regenerate with ``pytest tests/test_snapshots.py --snapshot-update`` after a deliberate
UI change, and look at the SVGs (``tests/__snapshots__/``) before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tui_fake import FakeArchive

from tui.app import KanbaoApp
from tui.config import Config
from tui.screens.search import SearchScreen

# A small terminal (the legend and footer must fit, the story gets the width) and a roomy one.
SIZES = pytest.mark.parametrize("size", [(80, 24), (140, 40)], ids=["80x24", "140x40"])


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> KanbaoApp:
    monkeypatch.setattr(SearchScreen, "SHOW_TIMING", False)
    arc = FakeArchive()
    return KanbaoApp(data_dir=tmp_path / "state", config=Config(), opener=lambda progress: arc)


async def _settle(pilot: Any) -> None:
    app = pilot.app
    for _ in range(300):
        if app.ready.is_set() and app.search_state != "loading":
            break
        await pilot.pause(0.01)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def _until(pilot: Any, condition: Any) -> None:
    for _ in range(300):
        if condition():
            break
        await pilot.pause(0.01)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@SIZES
def test_main_screen(snap_compare: Any, app: KanbaoApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("]")  # the two-page issue: page dividers, photo/commentary/brief tags
        await _until(pilot, lambda: True)  # the previewed article loads in a worker

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_issue_list_focused(snap_compare: Any, app: KanbaoApp) -> None:
    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("tab", "tab", "j")  # headlines -> reader -> issues; the older issue
        await pilot.pause(0.2)  # its headlines follow once the cursor rests
        await _until(pilot, lambda: True)

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


@SIZES
def test_reader_with_highlighting(snap_compare: Any, app: KanbaoApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("]", "enter")  # person, place and org in headline, byline and body
        await _until(pilot, lambda: True)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_search_results(snap_compare: Any, app: KanbaoApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("slash", *"青禾")
        await _until(pilot, lambda: getattr(pilot.app.screen, "shown_query", None) == "青禾")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_entities_view(snap_compare: Any, app: KanbaoApp, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("e")
        await _until(pilot, lambda: getattr(pilot.app.screen, "loaded", False))

    assert snap_compare(app, terminal_size=size, run_before=run_before)
