"""Every user action, defined once.

A :class:`Command` carries the key(s), the Textual action, the short footer label and the help
text.  From this one table come the ``BINDINGS`` of the app, the screens and the list/reader
widgets, the ``?`` help screen, the command-palette entries, ``docs/keys.md`` and the binding ids
that ``[keys]`` in the config file may remap (Textual's ``Binding(id=…)`` + ``App.set_keymap``).
Adding a command here makes it appear everywhere; nothing else lists keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding

from tui.strings import t

Scope = Literal["app", "main", "list", "reader", "search", "dialog", "builtin"]


@dataclass(frozen=True, slots=True)
class Command:
    """One action; its footer label and help line are ``cmd.<id>`` / ``cmd.<id>.help`` in
    ``tui.strings`` (in the interface's language)."""

    id: str
    keys: str  # Textual key names, comma separated: "j,down"
    action: str  # action name on the scope's node (no namespace)
    scope: Scope
    show: bool = True  # shown in the footer
    palette: bool = True  # offered in the command palette
    display: str | None = None  # how the keys are written in help (default: derived)
    priority: bool = False  # before the focused widget's own binding (search: arrows move the results)

    @property
    def label(self) -> str:
        """Short footer label."""
        return t(f"cmd.{self.id}")

    @property
    def help(self) -> str:
        """One line for the help screen and the command palette."""
        return t(f"cmd.{self.id}.help")


COMMANDS: tuple[Command, ...] = (
    # App-wide
    Command("search", "slash", "search", "app"),
    Command("entities", "e", "entities", "app"),
    Command("help", "question_mark", "help", "app"),
    Command("quit", "q", "quit", "app"),
    # Main screen: the paper
    Command("next_article", "n", "next_article", "main"),
    Command("prev_article", "p", "prev_article", "main"),
    Command("next_issue", "right_square_bracket", "next_issue", "main", show=False, display="]"),
    Command("prev_issue", "left_square_bracket", "prev_issue", "main", show=False, display="["),
    Command("bookmark", "b", "bookmark", "main"),
    Command("toggle_read", "m", "toggle_read", "main", show=False),
    Command("pipe", "vertical_line", "pipe", "main", display="|"),
    Command("copy", "y", "copy", "main", show=False),
    Command("toggle_lists", "w", "toggle_lists", "main", show=False),
    Command("highlight", "h", "highlight", "main", show=False),
    Command("entity_search", "s", "entity_search", "main", show=False),
    Command("back", "escape", "back", "main", show=False, palette=False, display="Esc"),
    # Search: typing stays in the box, these move the results
    Command("result_down", "down", "move(1)", "search", show=False, palette=False, display="↓", priority=True),
    Command("result_up", "up", "move(-1)", "search", show=False, palette=False, display="↑", priority=True),
    Command("result_page_down", "pagedown", "move(10)", "search", show=False, palette=False, display="PgDn"),
    Command("result_page_up", "pageup", "move(-10)", "search", show=False, palette=False, display="PgUp"),
    # Every other screen and dialog (search, entities, help, pipe, pickers)
    Command("close", "escape", "close", "dialog", palette=False, display="Esc"),
    # Lists and reader: movement
    Command("cursor_down", "j,down", "cursor_down", "list", show=False, palette=False, display="j / ↓"),
    Command("cursor_up", "k,up", "cursor_up", "list", show=False, palette=False, display="k / ↑"),
    Command("scroll_down", "j,down", "scroll_down", "reader", show=False, palette=False, display="j / ↓"),
    Command("scroll_up", "k,up", "scroll_up", "reader", show=False, palette=False, display="k / ↑"),
    # Provided by Textual; listed so the help screen is complete.
    Command("open", "enter", "select", "builtin", display="Enter"),
    Command("focus_next", "tab", "focus_next", "builtin", display="Tab"),
    Command("focus_previous", "shift+tab", "focus_previous", "builtin", display="Shift+Tab"),
    Command("palette", "ctrl+p", "command_palette", "builtin", show=False, palette=False, display="^P",
            priority=True),
)

BY_ID: Mapping[str, Command] = {c.id: c for c in COMMANDS}

_KEY_DISPLAY = {
    "slash": "/", "question_mark": "?", "vertical_line": "|", "left_square_bracket": "[",
    "right_square_bracket": "]", "escape": "Esc", "enter": "Enter", "down": "↓", "up": "↑",
    "tab": "Tab", "shift+tab": "Shift+Tab",
}


def key_display(keys: str) -> str:
    """Human form of a Textual key list: ``"slash,ctrl+f"`` -> ``"/ / Ctrl+F"``."""
    out = []
    for key in keys.split(","):
        key = key.strip()
        if key in _KEY_DISPLAY:
            out.append(_KEY_DISPLAY[key])
        elif "+" in key:
            out.append("+".join(part.capitalize() if len(part) > 1 else part.upper() for part in key.split("+")))
        else:
            out.append(key)
    return " / ".join(out)


def effective_keys(command: Command, keymap: Mapping[str, str] | None = None) -> str:
    """How to type ``command`` now, after the user's ``[keys]`` overrides."""
    if keymap and command.id in keymap:
        return key_display(keymap[command.id])
    return command.display or key_display(command.keys)


def bindings(scope: Scope) -> list[Binding]:
    """``BINDINGS`` for a node of the given scope, with ids so the keymap can remap them."""
    return [binding(c) for c in COMMANDS if c.scope == scope]


def binding(c: Command) -> Binding:
    """The Textual binding of one command (its id lets ``[keys]`` remap it)."""
    return Binding(c.keys, c.action, c.label, show=c.show, id=c.id, priority=c.priority,
                   key_display=(c.display or key_display(c.keys)).split(" / ")[0])


def keys_markdown(keymap: Mapping[str, str] | None = None) -> str:
    """The key table for ``docs/keys.md`` / README (generated, so it cannot drift)."""
    lines = ["| key | 作用 | id |", "|---|---|---|"]
    for c in COMMANDS:
        if c.scope == "reader":
            continue  # same keys as "list", described once
        keys = effective_keys(c, keymap).replace("|", "\\|")
        lines.append(f"| `{keys}` | {c.help} | `{c.id}` |")
    return "\n".join(lines) + "\n"


_KEYS_DOC_HEAD = """# kanbao keys · 看报按键

Generated from `tui/commands.py` (the one place keys are defined; `tests/test_tui.py` checks this
file matches).  The descriptions are the ones the app shows (in Chinese, the readers' language).  The same list is shown by `?` in the app, in the footer, and in the command palette
(`Ctrl+P`).  Remap any key by its id in `config.toml` (in the platform config dir, or
`$KANBAO_CONFIG_DIR`):

```toml
theme = "textual-light"
archive = "~/papers"
language = "en"   # the interface in English (default: Chinese)

[keys]
search = "ctrl+f"
quit = "ctrl+q"
```

"""

_KEYS_DOC_TAIL = """
Mouse: click issues, headlines and results to open them; click a highlighted person, place or
organisation (or a credited name) in an article to search the archive for it.
"""


def keys_document() -> str:
    """``docs/keys.md`` (regenerate with ``python -m tui.commands > docs/keys.md``)."""
    return _KEYS_DOC_HEAD + keys_markdown() + _KEYS_DOC_TAIL


if __name__ == "__main__":
    print(keys_document(), end="")
