"""RowList: rows drawn on demand, moved and chosen like an OptionList's options."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import App, ComposeResult
from textual.content import Content

from tui.widgets.rows import RowList


class RowsApp(App[None]):
    def __init__(self, items: list[str]) -> None:
        super().__init__()
        self.items = items
        self.drawn: list[str] = []
        self.seen: list[tuple[str, int, str]] = []
        self.marks: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield RowList(self.render_row, key=lambda s: s, row_height=2, id="rows")

    def on_mount(self) -> None:
        rows = self.query_one(RowList)
        rows.set_items(self.items)
        rows.focus()

    def render_row(self, item: str) -> Content:
        self.drawn.append(item)
        return Content(f"{item}{self.marks.get(item, '')}\nsecond line of {item}")

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        self.seen.append(("highlighted", event.index, event.row_id))

    def on_row_list_selected(self, event: RowList.Selected) -> None:
        self.seen.append(("selected", event.index, event.row_id))


def test_only_rows_on_screen_are_drawn_and_keys_move_the_cursor() -> None:
    asyncio.run(_rows_on_screen())


async def _rows_on_screen() -> None:
    items = [f"row{n:05d}" for n in range(100_000)]
    app = RowsApp(items)
    async with app.run_test(size=(40, 12)) as pilot:
        rows: Any = app.query_one(RowList)
        await pilot.pause()
        assert rows.row_count == 100_000 and rows.virtual_size.height == 200_000
        assert 0 < len(set(app.drawn)) <= 12  # a screenful, not 100,000
        await pilot.press("j")
        assert rows.highlighted == 0  # the first key puts the cursor on the first row
        await pilot.press("j", "j")
        assert rows.highlighted == 2 and rows.highlighted_id == "row00002"
        await pilot.press("end")
        await pilot.pause()
        assert rows.highlighted == 99_999 and rows.scroll_offset.y >= 200_000 - 12
        assert "row99999" in app.drawn and len(set(app.drawn)) <= 24
        await pilot.press("pageup")
        assert rows.highlighted == 99_999 - rows.scrollable_content_region.height // 2
        await pilot.press("home", "enter")
        await pilot.pause()
        assert rows.highlighted == 0 and rows.scroll_offset.y == 0
        assert app.seen[-1] == ("selected", 0, "row00000")
        assert ("highlighted", 99_999, "row99999") in app.seen
        assert not rows.step(-1) and rows.step(1) and rows.highlighted == 1


def test_a_click_chooses_a_row_and_a_changed_row_is_drawn_again() -> None:
    asyncio.run(_click_and_redraw())


async def _click_and_redraw() -> None:
    app = RowsApp([f"row{n}" for n in range(50)])
    async with app.run_test(size=(40, 12)) as pilot:
        rows: Any = app.query_one(RowList)
        await pilot.pause()
        await pilot.click(RowList, offset=(3, 1 + 2 * 3))  # (border, then row 3's first line)
        await pilot.pause()
        assert app.seen[-1] == ("selected", 3, "row3")
        app.marks["row3"] = " *"
        before = app.drawn.count("row3")
        rows.refresh_row("row3")
        await pilot.pause()
        assert app.drawn.count("row3") > before and rows.prompt_at(3).plain.startswith("row3 *")
        assert rows.highlight_id("row40") and rows.highlighted == 40 and not rows.highlight_id("nope")
        rows.set_items(["a", "b"])
        assert rows.row_count == 2 and rows.highlighted is None and rows.index_of("b") == 1
