"""A list of equal-height rows drawn on demand, for lists as long as the archive.

``OptionList`` keeps an ``Option`` per row, a rendered prompt per row and per-row line tables:
the issue list of a million-article archive (200,000 issues) held about 230 MB that way.  This
list keeps only the sequence it is handed and renders the rows on screen (Textual's line API),
so its memory does not grow with the archive.  It looks and moves like ``OptionList``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import ClassVar, Generic, TypeVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import visualize

from tui.commands import bindings

T = TypeVar("T")

#: Rendered rows kept (a few screens' worth: scrolling back redraws nothing).
_RENDERED = 256


class RowList(ScrollView, Generic[T], can_focus=True):
    """Rows of ``items``, each ``row_height`` lines, drawn by ``render_row(item)``; ``key(item)``
    is a row's id.  Posts :class:`Highlighted` when the cursor moves and :class:`Selected` on
    Enter or a click."""

    DEFAULT_CSS = """
    RowList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        text-wrap: nowrap;  /* every row has the same height: what does not fit ends in … */
        text-overflow: ellipsis;
        & > .row-list--row-highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .row-list--row-highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .row-list--row-hover {
            background: $block-hover-background;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"row-list--row", "row-list--row-highlighted", "row-list--row-hover"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
        Binding("home", "first", "First", show=False),
        Binding("pagedown", "page_down", "Page Down", show=False),
        Binding("pageup", "page_up", "Page Up", show=False),
        *bindings("list"),
    ]

    highlighted: reactive[int | None] = reactive(None)

    class Highlighted(Message):
        """The cursor moved to the row ``index`` (id ``row_id``)."""

        def __init__(self, rows: RowList, index: int, row_id: str) -> None:
            super().__init__()
            self.rows, self.index, self.row_id = rows, index, row_id

        @property
        def control(self) -> RowList:
            return self.rows

    class Selected(Highlighted):
        """The row ``index`` was chosen (Enter or a click)."""

    def __init__(self, render_row: Callable[[T], Content], key: Callable[[T], str], row_height: int = 1,
                 *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._render_row = render_row
        self._key = key
        self.row_height = row_height
        self._items: Sequence[T] = ()
        self._rendered: OrderedDict[tuple, list[Strip]] = OrderedDict()
        self._hover: int | None = None

    # -- the data ---------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._items)

    def set_items(self, items: Sequence[T]) -> None:
        """Show ``items`` (the sequence itself is kept, not copied), no row highlighted."""
        self._items = items
        self._rendered.clear()
        self._hover = None
        self._resize()
        self.highlighted = None
        self.refresh()

    def id_at(self, index: int) -> str:
        return self._key(self._items[index])

    def index_of(self, row_id: str) -> int | None:
        """The row whose id is ``row_id`` (a scan: looked up on a jump, not per keystroke)."""
        key = self._key
        return next((n for n, item in enumerate(self._items) if key(item) == row_id), None)

    def prompt_at(self, index: int) -> Content:
        """What the row ``index`` shows."""
        return self._render_row(self._items[index])

    def refresh_row(self, row_id: str) -> None:
        """Draw the row ``row_id`` again (what ``render_row`` gives for it changed)."""
        index = self.index_of(row_id)
        if index is None:
            return
        for key in [k for k in self._rendered if k[0] == index]:
            del self._rendered[key]
        self.refresh()

    # -- the cursor (the same calls as ``tui.widgets.lists.KanbaoList``) ----------------------------

    @property
    def highlighted_id(self) -> str | None:
        index = self.highlighted
        return self.id_at(index) if index is not None else None

    def highlight_id(self, row_id: str) -> bool:
        """Put the cursor on the row ``row_id``; False if there is none."""
        index = self.index_of(row_id)
        if index is None:
            return False
        self.highlighted = index
        return True

    def step(self, delta: int) -> bool:
        """Move the cursor ``delta`` rows; False when already at that end."""
        start = self.highlighted if self.highlighted is not None else (-1 if delta > 0 else self.row_count)
        index = start + delta
        if not 0 <= index < self.row_count:
            return False
        self.highlighted = index
        return True

    def validate_highlighted(self, index: int | None) -> int | None:
        if index is None or not self._items:
            return None
        return max(0, min(index, len(self._items) - 1))

    def watch_highlighted(self, index: int | None) -> None:
        self.refresh()
        if index is None:
            return
        self.scroll_to_highlight()
        self.post_message(self.Highlighted(self, index, self.id_at(index)))

    def scroll_to_highlight(self) -> None:
        index = self.highlighted
        if index is None or not self.is_mounted:
            return
        self.scroll_to_region(Region(0, index * self.row_height, 1, self.row_height), animate=False, force=True,
                              immediate=True)

    def action_cursor_down(self) -> None:
        self.step(1) if self.highlighted is not None else self.action_first()

    def action_cursor_up(self) -> None:
        self.step(-1) if self.highlighted is not None else self.action_first()

    def action_first(self) -> None:
        if self._items:
            self.highlighted = 0

    def action_last(self) -> None:
        if self._items:
            self.highlighted = len(self._items) - 1

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_height)

    def action_page_down(self) -> None:
        if self._items:
            self.highlighted = (self.highlighted or 0) + self._page() if self.highlighted is not None else 0

    def action_page_up(self) -> None:
        if self._items:
            self.highlighted = (self.highlighted or 0) - self._page()

    def action_select(self) -> None:
        index = self.highlighted
        if index is not None:
            self.post_message(self.Selected(self, index, self.id_at(index)))

    # -- drawing ----------------------------------------------------------------------------------

    def _resize(self) -> None:
        width = self.scrollable_content_region.width if self.is_mounted else 0
        self.virtual_size = Size(width, len(self._items) * self.row_height)

    def on_resize(self) -> None:
        self._rendered.clear()
        self._resize()
        self.scroll_to_highlight()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index, offset = divmod(self.scroll_offset.y + y, self.row_height)
        if index >= len(self._items):
            return Strip.blank(width, self.get_visual_style("row-list--row").rich_style)
        state = ("row-list--row-highlighted" if index == self.highlighted else
                 "row-list--row-hover" if index == self._hover else "")
        style = self.get_visual_style("row-list--row", state) if state else self.get_visual_style("row-list--row")
        key = (index, state, style, width)
        strips = self._rendered.get(key)
        if strips is None:
            visual = visualize(self, self._render_row(self._items[index]))
            rich_style = style.rich_style
            strips = [s.extend_cell_length(width, rich_style).crop(0, width).apply_meta({"row": index})
                      for s in visual.to_strips(self, visual, width, None, style)[:self.row_height]]
            strips += [Strip([Segment(" " * width, rich_style)], width).apply_meta({"row": index})] * (
                self.row_height - len(strips))
            self._rendered[key] = strips
            if len(self._rendered) > _RENDERED:
                self._rendered.popitem(last=False)
        else:
            self._rendered.move_to_end(key)
        return strips[offset]

    # -- the mouse --------------------------------------------------------------------------------

    def _row_under(self, event: events.MouseEvent) -> int | None:
        row = event.style.meta.get("row") if event.style else None
        return row if isinstance(row, int) else None

    async def _on_click(self, event: events.Click) -> None:
        row = self._row_under(event)
        if row is not None:
            self.highlighted = row
            self.action_select()

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        row = self._row_under(event)
        if row != self._hover:
            self._hover = row
            self.refresh()

    def _on_leave(self, _: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()
