"""Regenerate the README screenshots from the bundled sample (run from the repo root):

    .venv/bin/python docs/screenshots/make_screenshots.py

Writes reader.svg (an article with people/places/orgs highlighted), search.svg (``shendong``),
main.svg and entities.svg, at 140x40, with throwaway cache and state folders.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))


async def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kanbao-shots-"))
    for name in ("CACHE", "DATA", "CONFIG"):
        os.environ[f"KANBAO_{name}_DIR"] = str(tmp / name.lower())
    from tui.app import KanbaoApp
    from tui.config import Config
    from tui.screens.search import SearchScreen

    SearchScreen.SHOW_TIMING = False
    app = KanbaoApp(None, config=Config())
    async with app.run_test(size=(140, 40)) as pilot:
        while not app.ready.is_set() or app.search_state == "loading":
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.save_screenshot("main.svg", str(HERE))
        await pilot.press("slash", *"shendong")
        while getattr(app.screen, "shown_query", None) != "shendong":
            await pilot.pause(0.02)
        await pilot.pause()
        app.save_screenshot("search.svg", str(HERE))
        await pilot.press("enter")
        await pilot.pause(0.2)
        app.save_screenshot("reader.svg", str(HERE))
        await pilot.press("e")
        while not getattr(app.screen, "loaded", False):
            await pilot.pause(0.02)
        await pilot.pause()
        app.save_screenshot("entities.svg", str(HERE))


if __name__ == "__main__":
    asyncio.run(main())
