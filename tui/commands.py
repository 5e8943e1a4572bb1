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

Scope = Literal["app", "main", "list", "reader", "search", "dialog", "builtin"]


@dataclass(frozen=True, slots=True)
class Command:
    id: str
    keys: str  # Textual key names, comma separated: "j,down"
    action: str  # action name on the scope's node (no namespace)
    label: str  # short footer label
    help: str  # one line for the help screen and the command palette
    scope: Scope
    show: bool = True  # shown in the footer
    palette: bool = True  # offered in the command palette
    display: str | None = None  # how the keys are written in help (default: derived)
    priority: bool = False  # before the focused widget's own binding (search: arrows move the results)


COMMANDS: tuple[Command, ...] = (
    # App-wide
    Command("search", "slash", "search", "搜索", "边打字边搜索全档案（汉字、拼音、首字母）", "app"),
    Command("entities", "e", "entities", "名录",
            "全档案的人名、地名、机构，按提及的文章数排列", "app"),
    Command("help", "question_mark", "help", "帮助", "显示这份按键列表", "app"),
    Command("quit", "q", "quit", "退出", "退出看报", "app"),
    # Main screen: the paper
    Command("next_article", "n", "next_article", "下一篇", "下一篇文章（到期末接着读下一期）", "main"),
    Command("prev_article", "p", "prev_article", "上一篇", "上一篇文章", "main"),
    Command("next_issue", "right_square_bracket", "next_issue", "下一期", "列表中的下一期",
            "main", show=False, display="]"),
    Command("prev_issue", "left_square_bracket", "prev_issue", "上一期", "列表中的上一期",
            "main", show=False, display="["),
    Command("bookmark", "b", "bookmark", "收藏", "收藏 / 取消收藏这篇文章", "main"),
    Command("toggle_read", "m", "toggle_read", "已读", "把这篇文章标为已读 / 未读", "main", show=False),
    Command("pipe", "vertical_line", "pipe", "管道", "把文章文本传给一条 shell 命令",
            "main", display="|"),
    Command("copy", "y", "copy", "复制", "把文章文本复制到剪贴板（OSC 52）", "main", show=False),
    Command("toggle_lists", "w", "toggle_lists", "列表", "在正文旁显示 / 隐藏列表（窄屏时正文独占全宽）", "main",
            show=False),
    Command("highlight", "h", "highlight", "高亮", "开关人名、地名、机构的高亮", "main", show=False),
    Command("entity_search", "s", "entity_search", "查实体",
            "从本文的人名、地名、机构中选一个，在全档案中搜索", "main", show=False),
    Command("back", "escape", "back", "返回", "关闭正文 / 返回上一栏", "main", show=False,
            palette=False, display="Esc"),
    # Search: typing stays in the box, these move the results
    Command("result_down", "down", "move(1)", "下移", "下一条结果（输入框保持焦点）", "search",
            show=False, palette=False, priority=True, display="↓"),
    Command("result_up", "up", "move(-1)", "上移", "上一条结果", "search", show=False, palette=False,
            priority=True, display="↑"),
    Command("result_page_down", "pagedown", "move(10)", "下翻", "向下十条结果", "search",
            show=False, palette=False, display="PgDn"),
    Command("result_page_up", "pageup", "move(-10)", "上翻", "向上十条结果", "search",
            show=False, palette=False, display="PgUp"),
    # Every other screen and dialog (search, entities, help, pipe, pickers)
    Command("close", "escape", "close", "返回", "关闭搜索、人名地名视图或对话框；停止正在运行的管道命令", "dialog",
            palette=False, display="Esc"),
    # Lists and reader: movement
    Command("cursor_down", "j,down", "cursor_down", "下移", "向下移动", "list", show=False, palette=False,
            display="j / ↓"),
    Command("cursor_up", "k,up", "cursor_up", "上移", "向上移动", "list", show=False, palette=False,
            display="k / ↑"),
    Command("scroll_down", "j,down", "scroll_down", "下移", "正文向下滚动", "reader", show=False,
            palette=False, display="j / ↓"),
    Command("scroll_up", "k,up", "scroll_up", "上移", "正文向上滚动", "reader", show=False,
            palette=False, display="k / ↑"),
    # Provided by Textual; listed so the help screen is complete.
    Command("open", "enter", "select", "打开", "打开选中的一期、文章或结果", "builtin",
            display="Enter"),
    Command("focus_next", "tab", "focus_next", "下一栏", "切换到下一栏", "builtin", display="Tab"),
    Command("focus_previous", "shift+tab", "focus_previous", "上一栏", "切换到上一栏", "builtin",
            display="Shift+Tab"),
    Command("palette", "ctrl+p", "command_palette", "命令", "命令面板（所有操作、主题）",
            "builtin", display="Ctrl+P", show=False, palette=False, priority=True),
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
