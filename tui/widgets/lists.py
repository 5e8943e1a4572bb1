"""Virtual lists (OptionList: one widget, rows drawn on demand) with vi keys from ``tui.commands``."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import OptionDoesNotExist

from tui.commands import bindings


class KanbaoList(OptionList):
    """An ``OptionList`` that also moves with ``j``/``k`` (remappable like every other key)."""

    BINDINGS = bindings("list")

    def highlighted_id(self) -> str | None:
        """Id of the highlighted option (an article/issue id), or None."""
        option = self.highlighted_option
        return option.id if option is not None else None

    def highlight_id(self, option_id: str) -> bool:
        """Highlight the option with ``option_id``; False if it is not in the list."""
        try:
            self.highlighted = self.get_option_index(option_id)
        except OptionDoesNotExist:
            return False
        return True

    def step(self, delta: int) -> bool:
        """Move the highlight ``delta`` enabled options; False when already at that end."""
        start = self.highlighted if self.highlighted is not None else (-1 if delta > 0 else self.option_count)
        index = start + delta
        while 0 <= index < self.option_count:
            if not self.get_option_at_index(index).disabled:
                self.highlighted = index
                return True
            index += 1 if delta > 0 else -1
        return False
