"""Pilot tests for every TUI flow: browse, open, next/prev, search, entities, state, pipe, copy, help.

Most tests run on ``tests/tui_fake.py`` (invented stories, same surface as ``Archive``), so they
check the TUI and not the parser's or the search engine's current output; one test opens the
bundled sample through the real ``Archive``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import threading
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
from archive_fixtures import write_pages
from textual.content import Content
from tui_fake import FakeArchive

from parser.model import Article, Headline, Issue, PageInfo
from tui.app import KanbaoApp
from tui.commands import BY_ID, COMMANDS, keys_markdown
from tui.config import Config, ConfigError, load_config, parse_config
from tui.screens.entities import EntitiesScreen, EntityArticles
from tui.screens.help import HelpScreen
from tui.screens.main import HeadlineList, IssueList, MainScreen, article_text
from tui.screens.pickers import EntityPicker
from tui.screens.pipe import PipeOutput, PipePrompt, PipeRunning
from tui.screens.search import ResultList, SearchScreen
from tui.widgets.reader import ArticleBody, ArticleView

SIZE = (140, 40)


def pilot(fn: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async pilot test with asyncio.run (no pytest-asyncio plugin is needed)."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))

    return run


def make_app(tmp_path: Path, archive: Any = None, config: Config | None = None) -> KanbaoApp:
    arc = archive if archive is not None else FakeArchive()
    return KanbaoApp(data_dir=tmp_path / "state", config=config or Config(), opener=lambda progress: arc)


async def settle(pilot: Any, app: KanbaoApp) -> None:
    """Wait for the archive worker, the search warm-up and any screen workers, then a refresh."""
    for _ in range(200):
        if app.ready.is_set():
            break
        await pilot.pause(0.01)
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def wait_search(pilot: Any, app: KanbaoApp, query: str) -> SearchScreen:
    screen = app.screen
    assert isinstance(screen, SearchScreen)
    for _ in range(300):
        if screen.shown_query == query:
            return screen
        await pilot.pause(0.01)
    raise AssertionError(f"search for {query!r} never shown (shown: {screen.shown_query!r})")


def headline_texts(app: KanbaoApp) -> list[str]:
    heads = app.main.query_one(HeadlineList)
    return [heads.get_option_at_index(i).prompt.plain for i in range(heads.option_count)]


async def current(pilot: Any, app: KanbaoApp) -> Article:
    """The article on screen, once the one under the cursor has loaded (bodies load in a worker)."""
    for _ in range(300):
        article = app.main.current_article
        if article is not None and article.id == app.main.wanted_article:
            return article
        await pilot.pause(0.01)
    raise AssertionError(f"article {app.main.wanted_article} never shown")


async def open_first_story(pilot: Any, app: KanbaoApp) -> Article:
    """Settle, then open the first story of the newest issue (``]`` and Enter) and wait for it."""
    await settle(pilot, app)
    await pilot.press("]", "enter")
    return await current(pilot, app)


# -- painting and loading ---------------------------------------------------------------------

@pilot
async def test_paints_before_archive_is_open(tmp_path: Path) -> None:
    release = threading.Event()
    fake = FakeArchive()

    def slow_open(progress: Any) -> FakeArchive:
        progress(1, 4, "a.txt")
        release.wait(5)
        return fake

    app = KanbaoApp(data_dir=tmp_path, config=Config(), opener=slow_open)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.1)
        assert isinstance(app.screen, MainScreen)
        status = str(app.main.query_one("#status").render())
        assert "正在读取 1/4" in status
        assert app.archive is None and app.main.query_one(HeadlineList).option_count == 0
        release.set()
        await settle(pilot, app)
        assert app.archive is fake
        assert app.main.query_one(HeadlineList).option_count > 0
        assert "搜索就绪" in str(app.main.query_one("#status").render())


@pilot
async def test_open_failure_is_shown_not_raised(tmp_path: Path) -> None:
    def broken(progress: Any) -> Any:
        raise OSError("archive not found: /nowhere")

    app = KanbaoApp(data_dir=tmp_path, config=Config(), opener=broken)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert "archive not found: /nowhere" in str(app.main.query_one("#status").render())
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        assert "搜索不可用" in str(app.screen.query_one("#search-status").render())


# -- browsing ---------------------------------------------------------------------------------

@pilot
async def test_browse_issues_newest_first_and_headlines_by_page(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        issues = app.main.query_one(IssueList)
        labels = [issues.id_at(i) for i in range(issues.row_count)]
        assert labels == ["2031-03-15", "2031-03-14", "undated/p0"]  # newest first, undated last
        # The newest issue is selected and its first article previewed.
        assert (await current(pilot, app)).headline == "云栖湖环湖步道全线贯通"
        # Move to the older issue: two page dividers, articles under them in page order.
        await pilot.press("tab", "tab")  # headlines -> reader -> issues
        assert app.focused is issues
        await pilot.press("j")
        await pilot.pause(0.2)  # the headlines follow once the issue cursor rests
        texts = headline_texts(app)
        assert texts[0].startswith("── 第1版 · 要闻") and any(t.startswith("── 第2版 · 城乡") for t in texts)
        assert texts.index(next(t for t in texts if "第2版" in t)) == 4  # 3 articles on page 1
        assert any("[图]" in t and "云栖湖畔樱花初绽" in t for t in texts)  # photo items are marked
        heads = app.main.query_one(HeadlineList)
        assert all(heads.get_option_at_index(i).disabled for i, t in enumerate(texts) if t.startswith("──"))
        assert (await current(pilot, app)).headline == "青禾镇万亩麦田迎来首轮灌溉"


@pilot
async def test_open_next_prev_and_back(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        first = (await current(pilot, app)).id
        await pilot.press("enter")
        assert app.main.reading and app.main.has_class("-reading")
        assert isinstance(app.focused, ArticleView)
        assert app.state is not None and app.state.is_read(first)
        await pilot.press("n")
        second = (await current(pilot, app))
        assert second.headline == "高志远当选市劳动模范" and app.state.is_read(second.id)
        # End of the newest issue: n continues into the next issue in the list.
        await pilot.press("n")
        assert (await current(pilot, app)).issue == "2031-03-14" and (await current(pilot, app)).headline == "青禾镇万亩麦田迎来首轮灌溉"
        await pilot.press("p")
        assert (await current(pilot, app)).id == second.id
        await pilot.press("escape")
        assert not app.main.reading and app.focused is app.main.query_one(HeadlineList)
        # Preview (not opened) does not mark read.
        await pilot.press("k")
        assert (await current(pilot, app)).id == first
        await pilot.press("]")
        assert app.main.current_issue == "2031-03-14"
        await pilot.press("]", "[")
        assert app.main.current_issue == "2031-03-14"


@pilot
async def test_headline_list_handles_a_large_issue(tmp_path: Path) -> None:
    """5,000 headlines in one issue: one OptionList, no widget per row; jumping to the end works."""
    app = make_app(tmp_path, FakeArchive(extra_headlines=5000))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.main.current_issue == "2031-04-01"
        heads = app.main.query_one(HeadlineList)
        assert heads.option_count == 5000 + 10  # plus one divider per page of 500
        assert len(heads.children) == 0
        await pilot.press("end")
        assert (await current(pilot, app)).headline == "简讯第4999条"


# -- search -----------------------------------------------------------------------------------

@pilot
async def test_search_as_you_type_and_open_result(tmp_path: Path) -> None:
    fake = FakeArchive()
    app = make_app(tmp_path, fake)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("青")
        screen = await wait_search(pilot, app, "青")
        await pilot.press("禾")
        screen = await wait_search(pilot, app, "青禾")
        results = screen.query_one(ResultList)
        assert results.option_count == 3
        assert "3 条结果" in str(screen.query_one("#search-status").render())
        # The matched part is marked in the headline.
        prompt = results.get_option_at_index(0).prompt
        assert isinstance(prompt, Content)
        marked = [prompt.plain[s.start:s.end] for s in prompt.spans if "reverse" in str(s.style)]
        assert "青禾" in marked
        # Down moves the highlight while typing stays in the box; Enter opens that result.
        await pilot.press("down")
        chosen = results.highlighted_id()
        assert chosen == results.get_option_at_index(1).id
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        assert (await current(pilot, app)).id == chosen and app.main.reading
        assert app.main.current_issue == (await current(pilot, app)).issue
        # Pinyin goes to the engine unchanged (the fake understands one invented name).
        await pilot.press("slash", *"gaozhiyuan")
        screen = await wait_search(pilot, app, "gaozhiyuan")
        expected = fake.search("gaozhiyuan", limit=200)
        assert expected and screen.query_one(ResultList).option_count == len(expected)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


class SlowFirstSearch(FakeArchive):
    """The first query is slow, so its result arrives after the user has typed more."""

    def search(self, query: str, limit: int = 20, read_ids: Any = None, bookmarked_ids: Any = None) -> list[Any]:
        if query == "青":
            time.sleep(0.4)
        return super().search(query, limit, read_ids, bookmarked_ids)


@pilot
async def test_search_drops_stale_results_and_never_blocks_typing(tmp_path: Path) -> None:
    app = make_app(tmp_path, SlowFirstSearch())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", "青")
        await pilot.pause(0.15)  # debounce fired, slow search running in its worker
        started = time.perf_counter()
        await pilot.press(*"禾镇")
        assert time.perf_counter() - started < 0.3  # typing is not held up by the running search
        screen = await wait_search(pilot, app, "青禾镇")
        await pilot.pause(0.5)  # the slow "青" result has arrived by now, and must be ignored
        assert screen.shown_query == "青禾镇"
        ids = [screen.query_one(ResultList).get_option_at_index(i).id
               for i in range(screen.query_one(ResultList).option_count)]
        assert ids == [h.id for h in app.archive.search("青禾镇", limit=200)]


@pilot
async def test_search_passes_read_and_bookmark_state(tmp_path: Path) -> None:
    seen: dict[str, Any] = {}

    class Spy(FakeArchive):
        def search(self, query: str, limit: int = 20, read_ids: Any = None, bookmarked_ids: Any = None) -> list[Any]:
            seen.update(read=read_ids, bookmarked=bookmarked_ids)
            return super().search(query, limit, read_ids, bookmarked_ids)

    app = make_app(tmp_path, Spy())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter", "b", "slash", *"is:unread")
        await wait_search(pilot, app, "is:unread")
        assert (await current(pilot, app)).id in seen["read"] and (await current(pilot, app)).id in seen["bookmarked"]


# -- reader: highlighting, entity selection ---------------------------------------------------

def _entity_styles(app: KanbaoApp) -> dict[str, str]:
    body = app.main.query_one(ArticleBody)
    content = body.visual
    assert isinstance(content, Content)
    return {content.plain[s.start:s.end]: str(s.style) for s in content.spans
            if "$text-warning" in str(s.style) or "$text-success" in str(s.style)
            or ("$text-primary" in str(s.style) and content.plain[s.start:s.end] in ("青禾农机合作社",))}


@pilot
async def test_entities_highlighted_by_type_and_h_toggles(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_story(pilot, app)  # 2031-03-14, first story: a person, a place and an org
        styles = _entity_styles(app)
        assert "$text-warning" in styles["高志远"]  # person
        assert "$text-success" in styles["青禾镇"]  # place
        assert "$text-primary" in styles["青禾农机合作社"]  # org
        assert app.main.query_one("#legend").display
        await pilot.press("h")
        assert _entity_styles(app) == {}
        await pilot.press("h")
        assert _entity_styles(app)


def _cell_of(body: ArticleBody, text: str, skip: int = 0) -> tuple[int, int]:
    """Screen offset (inside ``body``) of the ``skip``-th rendered segment containing ``text``."""
    for y in range(body.size.height):
        x = 0
        for seg in body.render_line(y):
            if text in seg.text:
                if skip == 0:
                    return (x + 1, y)
                skip -= 1
            x += seg.cell_length
    raise AssertionError(f"{text!r} not on screen")


@pilot
async def test_clicking_an_entity_or_a_byline_name_searches_for_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_story(pilot, app)
        body = app.main.query_one(ArticleBody)
        await pilot.click(ArticleBody, offset=_cell_of(body, "青禾镇"))  # the place in the headline
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-input").value == "青禾镇"
        await wait_search(pilot, app, "青禾镇")
        await pilot.press("escape")
        await pilot.click(ArticleBody, offset=_cell_of(body, "林晓岚"))  # the reporter in the byline
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-input").value == "林晓岚"


@pilot
async def test_entity_picker_searches_for_the_chosen_entity(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_story(pilot, app)
        await pilot.press("s")
        assert isinstance(app.screen, EntityPicker)
        await pilot.press("j", "enter")
        assert isinstance(app.screen, SearchScreen)
        query = app.screen.query_one("#search-input").value
        assert query in {e.text for e in (await current(pilot, app)).entities}
        screen = await wait_search(pilot, app, query)
        assert screen.query_one(ResultList).option_count >= 1


class Hostile(FakeArchive):
    def __init__(self) -> None:
        super().__init__()
        newest = next(i for i in self.issues if i.id == "2031-03-15")
        aid = newest.headlines[0].id
        evil = Article(id=aid, kind="news", headline="[bold red]假标题[/] \x1b[31m红\x1b[0m",
                       paragraphs=("　　正文含[link=http://x]链接[/link]与\x07响铃\x1b]0;标题\x07。",),
                       issue=newest.id)
        self._articles[aid] = evil


@pilot
async def test_article_text_is_data_not_markup(tmp_path: Path) -> None:
    app = make_app(tmp_path, Hostile())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        plain = app.main.query_one(ArticleBody).visual.plain.replace("\u2800", " ")  # type: ignore[union-attr]
        assert "[bold red]假标题[/]" in plain and "红" in plain
        assert "\x1b" not in plain and "\x07" not in plain and "[link=http://x]" in plain


# -- entities view ----------------------------------------------------------------------------

@pilot
async def test_entities_view_lists_by_articles_with_sparklines(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("e")
        assert isinstance(app.screen, EntitiesScreen)
        await settle(pilot, app)
        screen = app.screen
        assert screen.loaded
        people = screen.query_one("#ent-person")
        rows = [people.get_option_at_index(i).prompt.plain for i in range(people.option_count)]
        assert rows[0].startswith("高志远")  # named in more articles than 林晓岚
        counts = [int(r.split("篇")[0].split()[-1]) for r in rows]
        assert counts == sorted(counts, reverse=True)
        assert any(ch in rows[0] for ch in "▁▂▃▄▅▆▇█")
        assert screen.query_one("#ent-place").option_count == 2 and screen.query_one("#ent-org").option_count == 2
        await pilot.press("enter")
        assert isinstance(app.screen, EntityArticles)
        await settle(pilot, app)
        assert app.screen.loaded
        listed = app.screen.query_one("#entity-articles")
        assert listed.row_count == counts[0]
        assert all("高志远" in app.archive.article(listed.id_at(n)).body + listed.prompt_at(n).plain
                   for n in range(listed.row_count))
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        assert any(e.text == "高志远" for e in (await current(pilot, app)).entities)


@pilot
@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_entity_rows_keep_to_one_line_however_big_the_counts(tmp_path: Path, size: tuple[int, int]) -> None:
    from rich.cells import cell_len

    arc = FakeArchive()
    counts = arc.entity_counts
    arc.entity_counts = lambda type=None: [  # type: ignore[method-assign]
        e._replace(count=e.count * (463_049 if e.text in ("高志远", "青禾镇") else 7), text=e.text + "有限责任公司")
        for e in counts(type)]
    app = make_app(tmp_path, arc)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        assert app.screen.loaded
        for etype in ("person", "place", "org"):
            column = app.screen.query_one(f"#ent-{etype}")
            rows = [column.get_option_at_index(i).prompt.plain for i in range(column.option_count)]
            assert rows and (any("926098" in r for r in rows) or etype == "org")
            assert all(cell_len(r) <= column.scrollable_content_region.width for r in rows), rows
            assert len({cell_len(r[:r.index("篇")]) for r in rows}) == 1  # counts right-aligned in one width


@pilot
async def test_leaving_the_entities_view_while_it_draws_is_safe(tmp_path: Path) -> None:
    arc = FakeArchive()
    slow = arc.entity_issues
    arc.entity_issues = lambda e, sample=-1: time.sleep(0.1) or slow(e, sample)  # type: ignore[method-assign]
    slow_articles = arc.entity_articles
    arc.entity_articles = lambda e: time.sleep(0.3) or slow_articles(e)  # type: ignore[method-assign]
    app = make_app(tmp_path, arc)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("e")
        for _ in range(100):
            if isinstance(app.screen, EntitiesScreen) and app.screen.stats:
                break
            await pilot.pause(0.01)
        assert not app.screen.loaded  # (still drawing sparklines)
        await pilot.press("enter")  # an entity's articles, still being listed …
        assert isinstance(app.screen, EntityArticles) and not app.screen.loaded
        await pilot.press("escape", "escape")  # … and both screens left before their workers end
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("e")  # and the view opens again
        await settle(pilot, app)
        assert app.screen.loaded


# -- state persistence ------------------------------------------------------------------------

@pilot
async def test_bookmark_and_read_state_survive_a_restart(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        target = (await current(pilot, app)).id
        await pilot.press("enter", "b")  # open (read) and bookmark
        await pilot.press("n", "m")  # open the next one, then mark it unread again
        other = (await current(pilot, app)).id
        assert app.state is not None
        assert app.state.is_read(target) and app.state.is_bookmarked(target) and not app.state.is_read(other)
        row = app.main.query_one(HeadlineList).get_option(target).prompt.plain
        assert "★" in row and "●" not in row
    app.state.close()

    app2 = make_app(tmp_path)
    async with app2.run_test(size=SIZE) as pilot:
        await settle(pilot, app2)
        heads = app2.main.query_one(HeadlineList)
        assert "★" in heads.get_option(target).prompt.plain
        assert "●" not in heads.get_option(target).prompt.plain  # read
        assert "●" in heads.get_option(other).prompt.plain  # unread again
        issues = app2.main.query_one(IssueList)
        assert "1未读" in issues.prompt_at(issues.index_of("2031-03-15")).plain
        await pilot.press("b")  # unbookmark persists too
    app2.state.close()  # type: ignore[union-attr]
    from parser.state import StateStore

    with StateStore(tmp_path / "state") as store:
        assert not store.is_bookmarked(target) and store.is_read(target)


# -- pipe, copy, help, palette ----------------------------------------------------------------

@pilot
async def test_pipe_article_to_command_shows_output_and_status(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        expected = article_text(await current(pilot, app))
        await pilot.press("vertical_line")
        assert isinstance(app.screen, PipePrompt)
        await pilot.press(*"wc -m", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PipeOutput)
        assert app.screen.status == 0 and app.screen.output.strip() == str(len(expected))
        await pilot.press("escape")
        # A failing command: its exit status is shown; the last command is offered again.
        await pilot.press("vertical_line")
        assert app.screen.query_one("#pipe-input").value == "wc -m"
        app.screen.query_one("#pipe-input").value = "grep -c 不存在的词; exit 3"
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, PipeOutput) and app.screen.status == 3
        assert "退出码 3" in str(app.screen.query_one("#pipe-status").render())
        await pilot.press("escape")
        await pilot.press("vertical_line", "escape")  # cancelling runs nothing
        await settle(pilot, app)
        assert isinstance(app.screen, MainScreen)


@pilot
async def test_a_running_pipe_shows_and_esc_stops_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await current(pilot, app)
        await pilot.press("vertical_line", *"sleep 30", "enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, PipeRunning)  # it shows that it runs
        assert "正在运行" in str(app.screen.query_one("#pipe-running").render())
        started = time.perf_counter()
        await pilot.press("escape")  # Esc stops the command, not the screen below
        for _ in range(200):
            if isinstance(app.screen, PipeOutput):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, PipeOutput) and app.screen.stopped
        assert time.perf_counter() - started < 3
        assert "已停止" in str(app.screen.query_one("#pipe-status").render())
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


@pilot
async def test_copy_puts_article_text_on_clipboard(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("y")
        assert app.clipboard == article_text(await current(pilot, app))
        assert (await current(pilot, app)).headline in app.clipboard


@pilot
async def test_help_lists_every_command_and_respects_remapped_keys(tmp_path: Path) -> None:
    config = Config(keys={"search": "ctrl+f", "quit": "ctrl+q"})
    app = make_app(tmp_path, config=config)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text").visual.plain  # type: ignore[union-attr]
        for c in COMMANDS:
            if c.scope != "reader":
                assert c.help in text
        assert "Ctrl+F" in text
        await pilot.press("question_mark")  # ? again closes it
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape", "q")  # q no longer quits (remapped), so the app is still running
        assert app.is_running


@pilot
async def test_palette_offers_the_same_actions(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        offered = list(app.get_system_commands(app.main))
        for c in COMMANDS:
            if c.palette and c.scope in ("app", "main"):
                (entry,) = [o for o in offered if o.help == c.help]
                assert c.help not in entry.title and entry.title.startswith(c.label), c.id  # described once
        assert all(o.title.isascii() is False for o in offered)  # one language: Textual's own translated
        bookmark = next(c for c in offered if c.title.startswith("收藏"))
        await bookmark.callback()
        assert app.state is not None and app.state.is_bookmarked((await current(pilot, app)).id)


@pilot
async def test_quit_key_exits(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


# -- the real archive -------------------------------------------------------------------------

@pilot
async def test_real_sample_archive_opens_and_reads(tmp_path: Path) -> None:
    app = KanbaoApp(None, cache_dir=tmp_path / "cache", data_dir=tmp_path / "state", config=Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.load_error is None
        assert app.main.query_one(HeadlineList).option_count > 0
        await pilot.press("enter")
        article = (await current(pilot, app))
        assert article.headline and article.headline in app.main.query_one(ArticleBody).visual.plain  # type: ignore[union-attr]


# -- structure: messages up, attributes down ---------------------------------------------------

def test_no_screen_or_widget_imports_the_app() -> None:
    """The app knows its screens; screens and widgets never reach back into it."""
    import ast

    repo = Path(__file__).resolve().parent.parent
    offenders = []
    for path in [*(repo / "tui" / "screens").glob("*.py"), *(repo / "tui" / "widgets").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            offenders += [f"{path.name}: {n}" for n in names if n in ("tui.app", "app") or n.startswith("tui.app.")]
        assert "kapp" not in path.read_text(encoding="utf-8"), path.name
    assert offenders == []


def test_fake_and_real_archive_are_archive_views(tmp_path: Path) -> None:
    from parser import Archive
    from tui.archive_view import ArchiveView

    assert isinstance(FakeArchive(), ArchiveView)
    assert isinstance(Archive.open(None, cache_dir=tmp_path / "cache"), ArchiveView)


def test_progress_messages_replace_each_other() -> None:
    from tui.messages import ArchiveProgress, ArchiveUnchanged, Progress

    newer = ArchiveProgress(Progress(5, 10, "b.txt"))
    assert newer.can_replace(ArchiveProgress(Progress(4, 10, "a.txt")))
    assert not newer.can_replace(ArchiveUnchanged())


# -- config -----------------------------------------------------------------------------------

def test_config_file_is_optional_and_validated(tmp_path: Path) -> None:
    assert load_config(tmp_path / "missing.toml") == Config()
    good = tmp_path / "config.toml"
    good.write_text('archive = "~/papers"\ntheme = "textual-light"\n[keys]\nsearch = "ctrl+f"\n', encoding="utf-8")
    cfg = load_config(good)
    assert cfg.archive == Path("~/papers").expanduser() and cfg.theme == "textual-light"
    assert dict(cfg.keys) == {"search": "ctrl+f"}
    bad = tmp_path / "bad.toml"
    bad.write_text("archive = [", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.toml: not valid TOML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="unknown setting"):
        parse_config({"archiv": "x"})
    with pytest.raises(ConfigError, match=r"\[keys\]"):
        parse_config({"keys": {"search": 3}})


def test_config_dir_from_env_is_used_by_the_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KANBAO_CONFIG_DIR", str(tmp_path))
    (tmp_path / "config.toml").write_text('theme = "textual-light"\n', encoding="utf-8")
    app = KanbaoApp(opener=lambda p: FakeArchive())
    assert app.config.theme == "textual-light"

    async def run() -> str:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            return app.theme

    assert asyncio.run(run()) == "textual-light"


def test_keys_markdown_lists_every_command_once() -> None:
    table = keys_markdown()
    for c in COMMANDS:
        if c.scope != "reader":
            assert f"`{c.id}`" in table
    assert "`\\|`" in table  # the pipe key is escaped for Markdown tables


def test_undated_issue_model_helpers() -> None:
    """display order puts undated issues after dated ones, newest dated first."""
    from tui.screens.main import display_order

    def issue(i: str, d: str | None) -> Issue:
        h = Headline(i + "h", i, d, 1, None, 0, "news", "x")
        return Issue(i, d, (PageInfo("p", "s", d, 1, None, "utf-8"),), (h,))

    order = display_order((issue("b", None), issue("2030-01-02", "2030-01-02"), issue("a", None),
                           issue("2030-01-01", "2030-01-01")))
    assert [i.id for i in order] == ["2030-01-02", "2030-01-01", "a", "b"]


def test_docs_keys_md_is_generated_from_the_commands() -> None:
    from tui.commands import keys_document

    repo = Path(__file__).resolve().parent.parent

    assert (repo / "docs" / "keys.md").read_text(encoding="utf-8") == keys_document()
    assert keys_markdown() in (repo / "README.md").read_text(encoding="utf-8")


# -- rendering helpers ------------------------------------------------------------------------

def test_sparkline_and_buckets() -> None:
    from tui.widgets.render import bucket_counts, sparkline

    assert bucket_counts([0, 0, 5, 9, 9, 9], n_issues=10, width=5) == [2, 0, 1, 0, 3]
    assert bucket_counts([3], n_issues=2, width=16) == [0, 0]  # out of range ignored; width ≤ issues
    line = sparkline([0, 1, 2, 4])
    assert len(line) == 4 and line[0] == "▁" and line[-1] == "█"
    assert line[1] < line[2] < line[3]  # block characters are ordered by height
    assert sparkline([0, 0]) == "▁▁"


def test_spans_survive_removed_control_characters() -> None:
    from tui.widgets.render import spans_content

    text = "甲\x1b[31m乙丙\x07丁"
    start = text.index("丙")
    content = spans_content(text, [(start, start + 1, "bold")])
    assert content.plain == "甲乙丙丁"
    (span,) = [s for s in content.spans if s.style == "bold"]
    assert content.plain[span.start:span.end] == "丙"


def test_paragraphs_fold_by_width_without_blank_lines() -> None:
    """A space before a long CJK run must not push the run to the next line (Textual wraps at spaces)."""
    from rich.cells import cell_len

    from tui.widgets.render import article_content

    art = Article(id="x", kind="news", headline="标题", paragraphs=("　　本报讯 " + "很长的句子" * 30,))
    lines = article_content(art).folded(40).plain.split("\n")
    para = lines[lines.index("") + 1:]  # the paragraph, after the headline block and a blank line
    assert len(para) > 3
    # Every line but the last is full (a CJK character is 2 cells): no short line before the run.
    assert all(cell_len(line) >= 39 for line in para[:-1]), para


@pilot
async def test_reader_rebreaks_lines_when_resized(tmp_path: Path) -> None:
    from rich.cells import cell_len

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_story(pilot, app)
        body = app.main.query_one(ArticleBody)
        wide = body.content_region.width
        await pilot.resize_terminal(60, 40)
        await pilot.pause(0.2)
        narrow = body.content_region.width
        assert narrow < wide
        lines = ["".join(seg.text for seg in body.render_line(y)).rstrip() for y in range(body.size.height)]
        paragraphs = lines[[i for i, line in enumerate(lines) if not line][1] + 1:]  # after title, byline
        assert len([line for line in paragraphs if line]) > 3
        assert max(cell_len(line) for line in paragraphs) <= narrow, paragraphs


def screen_lines(widget: Any) -> list[str]:
    """The text of a widget as drawn, line by line."""
    return ["".join(seg.text for seg in widget.render_line(y)) for y in range(widget.size.height)]


@pilot
async def test_spaces_are_real_spaces_and_credits_shown_once(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("]", "j", "enter")  # the photo: a caption and a photographer
        article = await current(pilot, app)
        assert article.caption and article.credits[0].role == "photographer"
        drawn = screen_lines(app.main.query_one(ArticleBody)) + screen_lines(app.main.query_one(HeadlineList))
        assert not any("\u2800" in line for line in drawn)
        text = "\n".join(drawn)
        assert text.count(article.credits[0].name) == 1, text  # in the byline, not again after the caption


@pilot
async def test_small_terminal_gives_the_story_the_width(tmp_path: Path) -> None:
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.main.has_class("-narrow")
        await pilot.press("]", "enter")
        await current(pilot, app)
        reader, heads = app.main.query_one(ArticleView), app.main.query_one(HeadlineList)
        assert reader.size.width >= 70 and not heads.display  # the story has the width
        await pilot.press("w")  # the key from tui/commands.py brings the headlines back
        await pilot.pause()
        assert heads.display and reader.size.width >= 40
        await pilot.press("w")
        await pilot.pause()
        assert not heads.display
        # Nothing at the bottom is cut: every footer key (Quit too) and the whole legend are drawn.
        keys = list(app.screen.query_one(Footer).query(FooterKey))
        assert any(k.description == BY_ID["quit"].label for k in keys)
        assert all(k.region.right <= 80 for k in keys), [(k.description, k.region) for k in keys]
        legend = app.main.query_one("#legend")
        drawn = "".join(line.strip() for line in screen_lines(legend))
        assert drawn.replace(" ", "") == legend.visual.plain.replace(" ", "")  # type: ignore[union-attr]


@pilot
async def test_small_terminal_views_and_dialogs_fit(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("e")
        await settle(pilot, app)
        people = app.screen.query_one("#ent-person")
        width = people.scrollable_content_region.width
        for i in range(people.option_count):  # one line a row: the sparkline shrinks, rows never wrap
            assert people.get_option_at_index(i).prompt.cell_length <= width
        await pilot.press("escape", "question_mark")
        box = app.screen.query_one("#help-box")
        assert box.region.right <= 80
        await pilot.press("escape", "slash")
        forms = app.screen.query_one("#search-forms")
        assert forms.size.height >= 2  # the query forms wrap instead of being cut


@pilot
async def test_large_terminal_keeps_a_measure_and_gives_the_lists_the_room(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await current(pilot, app)
        body = app.main.query_one(ArticleBody)
        assert body.size.width <= 84  # ~40 Chinese characters a line
        reader = app.main.query_one(ArticleView)
        assert reader.size.width <= 96
        # The rest goes to the lists, and the issues stay in view while reading.
        assert app.main.query_one(IssueList).display
        assert app.main.query_one(HeadlineList).size.width + app.main.query_one(IssueList).size.width >= 95


@pilot
async def test_issue_keys_mark_read_when_the_reader_is_open(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("]")  # browsing: a preview is not reading
        previewed = await current(pilot, app)
        assert app.state is not None and not app.state.is_read(previewed.id)
        await pilot.press("enter", "[")  # reading: the article ] / [ land on is read
        landed = await current(pilot, app)
        assert landed.issue == "2031-03-15" and app.state.is_read(landed.id)
        await pilot.press("]")
        assert app.state.is_read((await current(pilot, app)).id)


class OneArticlePerFile(FakeArchive):
    """Like a crawl: every article of page 1 in a file of its own (same page number, other page ids)."""

    def __init__(self) -> None:
        super().__init__()

        issue = next(i for i in self.issues if i.id == "2031-03-14")
        pages, heads = [], []
        for n, h in enumerate(issue.headlines):
            pages.append(PageInfo(f"file{n}", f"2031/0314-{n}.txt", h.date, h.page_number, h.page_name, "utf-8"))
            heads.append(h._replace(page_id=f"file{n}", headline="" if n == 1 else h.headline))
        crawled = Issue(issue.id, issue.date, tuple(pages), tuple(heads))
        self.issues = tuple(crawled if i.id == issue.id else i for i in self.issues)
        self.headlines = tuple(h for i in self.issues for h in i.headlines)


@pilot
async def test_crawled_pages_group_by_page_number(tmp_path: Path) -> None:
    app = make_app(tmp_path, OneArticlePerFile())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("]")
        texts = headline_texts(app)
        assert [t for t in texts if t.startswith("──")] == ["── 第1版 · 要闻 ──", "── 第2版 · 城乡 ──"]
        assert any("（无标题）" in t for t in texts)  # an empty headline still has a visible row
        issues = app.main.query_one(IssueList)
        assert "2版 · 5篇" in issues.prompt_at(issues.index_of("2031-03-14")).plain  # pages, not files


@pilot
async def test_an_empty_folder_says_no_page_files_were_found(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    app = KanbaoApp(root, cache_dir=tmp_path / "cache", data_dir=tmp_path / "state", config=Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.pause(0.1)
        assert app.search_state != "loading"  # the message outlives the search index coming up
        assert "没有找到报纸页面文件" in str(app.main.query_one("#status").render())


@pilot
async def test_real_archive_shows_the_saved_view_then_what_changed(tmp_path: Path) -> None:
    root = write_pages(tmp_path / "papers", {"2031-04-01.txt": "# 河畔新绿\n\n河畔的柳树发芽了。\n"})

    def app() -> KanbaoApp:
        return KanbaoApp(root, cache_dir=tmp_path / "cache", data_dir=tmp_path / "state", config=Config())

    def issue_ids(a: KanbaoApp) -> list[str]:
        issues = a.main.query_one(IssueList)
        return [issues.id_at(i) for i in range(issues.row_count)]

    first = app()
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot, first)
        assert issue_ids(first) == ["2031-04-01"]
    (root / "2031-04-02.txt").write_text("# 春雨来了\n\n一场春雨落在田间。\n", encoding="utf-8")
    second = app()
    async with second.run_test(size=SIZE) as pilot:
        await settle(pilot, second)
        await pilot.pause(0.1)
        assert issue_ids(second) == ["2031-04-02", "2031-04-01"]
        assert second.archive.stats.parsed == 1
        assert (await current(pilot, second)).headline == "春雨来了"


@pilot
async def test_a_long_issue_list_draws_only_what_is_on_screen(tmp_path: Path) -> None:
    arc = FakeArchive()
    old = []
    for k in range(3000):  # older than the fake's own issues: listed after them
        date = (dt.date(2001, 1, 1) + dt.timedelta(days=k)).isoformat()
        page = PageInfo(f"old{k}", f"{date}.txt", date, 1, None, "utf-8")
        old.append(Issue(date, date, (page,), (Headline(f"old{k:04d}", date, date, 1, None, 0, "news", "旧闻"),)))
    arc.issues = (*arc.issues, *old)
    app = make_app(tmp_path, arc)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        issues = app.main.query_one(IssueList)
        ids = [issues.id_at(i) for i in range(issues.row_count)]
        assert ids == [i.id for i in app.main.issue_order] and len(ids) == len(arc.issues)
        assert ids[0] == "2031-03-15" and issues.highlighted == 0
        assert len(issues._rendered) <= issues.size.height  # rows on screen only, not 3,000
        issues.focus()
        await pilot.press("end")
        await pilot.pause()
        assert issues.highlighted == len(ids) - 1 and issues.scroll_offset.y > 0
        await pilot.pause(0.5)  # the headlines follow once the cursor rests
        assert app.main.current_issue == ids[-1]
        await pilot.press("pageup", "k", "home")
        assert issues.highlighted == 0 and issues.scroll_offset.y == 0


def test_chinese_text_height_matches_its_drawn_lines() -> None:
    """A list places rows by get_height and draws them by render_strips: the two must agree."""
    from textual.style import Style
    from textual.visual import RenderOptions

    from tui.widgets.wrap import ChineseText

    text = ChineseText(Content.assemble(("●★ ", "bold"), "春耕时节 ▸ 青禾镇万亩麦田迎来首轮灌溉，2024年度投入18.6亿元",
                                        "\n   ", ("青禾农机合作社派出四十台机械 https://example.org/x", "dim")))
    for width in range(8, 70):
        strips = text.render_strips(width, None, Style(), RenderOptions(lambda _: Style(), {}))
        assert text.get_height({}, width) == len(strips) == len(text.folded(width).plain.split("\n")), width


def test_one_set_of_entity_type_names_for_tui_and_cli() -> None:
    from tui import cmd_tag
    from tui.output import ENTITY_LABELS
    from tui.widgets.render import legend

    assert cmd_tag.LABELS is ENTITY_LABELS
    assert all(label in legend().plain for label in ENTITY_LABELS.values())
    assert cmd_tag.mark("张三来了", [type("E", (), {"start": 0, "end": 2, "type": "person"})()]) == "[人名:张三]来了"


# -- language ---------------------------------------------------------------------------------

def test_every_ui_text_has_both_languages() -> None:
    from tui.strings import TEXT

    assert all(zh and en for zh, en in TEXT.values())
    for c in COMMANDS:  # every command has its label and help line in the table
        assert c.label and c.help


@pilot
async def test_english_interface_from_config(tmp_path: Path) -> None:
    """language = "en": footer, status, help and palette in English; the stories stay as they are."""
    from textual.widgets._footer import FooterKey

    from tui.strings import use

    try:
        app = make_app(tmp_path, config=parse_config({"language": "en"}))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
            labels = {k.description for k in app.screen.query(FooterKey)}
            assert {"Quit", "Search", "Next"} <= labels and "退出" not in labels
            assert all(k.region.right <= 80 for k in app.screen.query(FooterKey))  # English fits too
            assert "3 issues · 8 articles · 1 file skipped" in str(app.main.query_one("#status").render())
            assert (await current(pilot, app)).headline == "云栖湖环湖步道全线贯通"  # data is not translated
            assert any(o.title.startswith("Star") for o in app.get_system_commands(app.main))
            await pilot.press("question_mark")
            assert "Show this list of keys" in app.screen.query_one("#help-text").visual.plain  # type: ignore[union-attr]
    finally:
        use("zh")
    with pytest.raises(ConfigError, match="language"):
        parse_config({"language": "fr"})


def test_a_snippet_never_starts_its_line_with_closing_punctuation() -> None:
    from parser.search import Hit
    from tui.widgets.render import hit_row

    snippet = "，青禾镇的麦田里机声隆隆。"
    start = snippet.index("青禾")
    hit = Hit("a1", "标题", 1.0, snippet, "2031-03-14", "2031-03-14", 1, "paragraphs", (), ((start, start + 2),))
    row = hit_row(hit, None)
    second = row.folded(40).plain.split("\n")[1]
    assert second.strip().startswith("青禾镇")
    marked = [row.plain[sp.start:sp.end] for sp in row.spans if "reverse" in str(sp.style)]
    assert marked == ["青禾"]  # the match stays on the same characters
