"""First run of the TUI on a new cache: the parsed headlines and text are drawn before the tagger
has run, and the entity highlights follow when it is done (``Archive.sync(staged=...)``)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content

from parser import pipeline
from tui.app import KanbaoApp
from tui.config import Config
from tui.screens.main import HeadlineList
from tui.widgets.reader import ArticleBody

ENTITY_STYLES = ("$text-warning", "$text-success", "$text-primary")


def _highlighted(app: KanbaoApp) -> set[str]:
    content = app.main.query_one(ArticleBody).visual
    assert isinstance(content, Content)
    return {content.plain[s.start:s.end] for s in content.spans if any(x in str(s.style) for x in ENTITY_STYLES)}


async def _until(pilot: Any, check: Any, what: str) -> None:
    for _ in range(1000):
        if check():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never: {what}")


def test_headlines_before_tagging_and_highlights_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real_tag = pipeline.tag_page

    def held_tag(page: Any) -> Any:  # the tagger does not start until the test has looked
        release.wait(30)
        return real_tag(page)

    monkeypatch.setattr(pipeline, "tag_page", held_tag)
    app = KanbaoApp(None, cache_dir=tmp_path / "cache", data_dir=tmp_path / "state", config=Config())

    async def run() -> None:
        async with app.run_test(size=(140, 40)) as pilot:
            heads = app.main.query_one(HeadlineList)
            await _until(pilot, lambda: heads.option_count > 0, "headlines drawn")
            await _until(pilot, lambda: app.main.current_article is not None, "article previewed")
            article = app.main.current_article
            assert article is not None and article.body and not article.entities
            assert not release.is_set()
            before = _highlighted(app)  # the headline has a style of its own
            release.set()
            await _until(pilot, lambda: app.main.current_article is not None and app.main.current_article.entities,
                         "the previewed article reloaded with its entities")
            await pilot.pause()
            names = {e.text for e in app.main.current_article.entities}
            assert (_highlighted(app) - before) & names and not before & names
            await app.workers.wait_for_complete()

    try:
        asyncio.run(run())
    finally:
        release.set()
