"""The footer, with each key's label in the interface's language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.commands import COMMANDS

_BY_ACTION = {c.action: c for c in COMMANDS}


class KanbaoFooter(Footer):
    """Textual's footer; labels come from ``tui.commands`` / ``tui.strings`` when it is composed.

    Bindings are built with their classes, before the config names the language, so each key's
    label is looked up again here, by its action.
    """

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and (command := _BY_ACTION.get(widget.action)) is not None:
                widget.description = command.label
            yield widget
