"""``?``: every key, generated from ``tui.commands`` with the user's remappings applied."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.commands import BY_ID, COMMANDS, bindings, effective_keys
from tui.strings import t
from tui.widgets.render import legend

_SECTIONS = ("app", "main", "list", "search", "dialog", "builtin")


def help_content(keymap: dict[str, str] | None = None) -> Content:
    lines: list[Content] = []
    for scope in _SECTIONS:
        lines.append(Content.styled(t(f"help.{scope}"), "bold $text-primary"))
        for c in COMMANDS:
            if c.scope == scope:
                keys = effective_keys(c, keymap)
                lines.append(Content.assemble((f"  {keys:<14}", "bold $text-accent"), c.help))
        lines.append(Content(""))
    lines.append(Content.assemble((t("help.colours"), "bold"), legend()))
    lines.append(Content.styled(t("help.mouse"), "dim"))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    # Modal screens do not see app bindings, so the help key is bound here too: ? opens and closes.
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("dialog"), Binding(BY_ID["help"].keys, "close", show=False, id="help")]

    def __init__(self, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = t("help.title")
            yield Static(help_content(self.keymap), id="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
