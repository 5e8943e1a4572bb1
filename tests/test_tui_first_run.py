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


def _hold_tagging(monkeypatch: pytest.MonkeyPatch, at_call: int) -> threading.Event:
    """Make the tagger's ``at_call``-th page wait until the returned event is set (the test has looked)."""
    release = threading.Event()
    real_tag = pipeline.tag_page
    calls = 0

    def held_tag(page: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == at_call:
            release.wait(30)
        return real_tag(page)

    monkeypatch.setattr(pipeline, "tag_page", held_tag)
    return release


def test_headlines_before_tagging_and_highlights_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = _hold_tagging(monkeypatch, at_call=1)  # the tagger does not start until the test has looked
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


def test_a_long_first_build_is_readable_and_searchable_while_it_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import parser.archive as archive_mod
    import parser.sync as sync_mod
    from tui.screens.main import IssueList

    root = tmp_path / "papers"
    root.mkdir()
    for d in range(1, 13):
        (root / f"2024-03-{d:02d}.txt").write_text(f"# 河畔新绿第{d}期\n\n河畔的柳树发芽了，第{d}天。\n", encoding="utf-8")
    monkeypatch.setattr(sync_mod, "STAGED_MAX", 2)  # a "long" sync: twelve files in batches of five
    monkeypatch.setattr(sync_mod, "BATCH", 5)
    monkeypatch.setattr(archive_mod, "PARTIAL_EVERY", 0.0)
    release = _hold_tagging(monkeypatch, at_call=6)  # the second batch waits until the test has looked
    app = KanbaoApp(root, cache_dir=tmp_path / "cache", data_dir=tmp_path / "state", config=Config())

    async def run() -> None:
        async with app.run_test(size=(140, 40)) as pilot:
            issues = app.main.query_one(IssueList)
            await _until(pilot, lambda: issues.row_count == 5, "the first batch's issues listed")
            await _until(pilot, lambda: app.search_state == "ready", "search on while indexing")
            assert not release.is_set()
            assert len(app.archive.search("柳树", limit=50)) == 5
            await _until(pilot, lambda: app.main.current_article is not None, "an article previewed")
            release.set()
            await _until(pilot, lambda: issues.row_count == 12, "every issue listed at the end")
            # (not wait_for_complete: a newer view may cancel an article load, which it reports as an error)
            await _until(pilot, lambda: all(w.is_finished for w in app.workers), "the workers done")

    try:
        asyncio.run(run())
    finally:
        release.set()
