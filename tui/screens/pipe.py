"""``|``: pipe the article text to a shell command, like mutt's and newsboat's pipe-to."""

from __future__ import annotations

import subprocess

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.commands import bindings
from tui.output import safe_text

TIMEOUT = 60.0  # seconds; a hung command must not hang the reader forever
MAX_OUTPUT = 200_000  # characters shown


def run_command(command: str, text: str) -> tuple[int | None, str]:
    """Run ``sh -c command`` with ``text`` on stdin; (exit status or None on timeout, output)."""
    try:
        proc = subprocess.run(["sh", "-c", command], input=text, capture_output=True, text=True,
                              timeout=TIMEOUT, errors="replace")
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout or ""
        return None, (out.decode("utf-8", "replace") if isinstance(out, bytes) else out)
    except OSError as exc:
        return 127, f"cannot run sh: {exc}"
    return proc.returncode, proc.stdout + proc.stderr


class PipePrompt(ModalScreen[str | None]):
    """Asks for the command; dismisses with it, or None on Esc."""

    BINDINGS = bindings("dialog")

    def __init__(self, default: str = "") -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="pipe-box") as box:
            box.border_title = "把文章文本传给命令 (sh -c)"
            yield Input(self.default, placeholder="例如：wc -m   或   grep 记者", id="pipe-input")
            yield Label(Content.styled("Enter 运行 · Esc 取消", "dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_close(self) -> None:
        self.dismiss(None)


class PipeOutput(ModalScreen[None]):
    """The command's output and exit status."""

    BINDINGS = bindings("dialog")

    def __init__(self, command: str, status: int | None, output: str) -> None:
        super().__init__()
        self.command = command
        self.status = status
        self.output = output

    def compose(self) -> ComposeResult:
        if self.status is None:
            status = Content.styled(f"超时（{TIMEOUT:.0f} 秒）已停止", "bold $text-error")
        elif self.status == 0:
            status = Content.styled("退出码 0", "bold $text-success")
        else:
            status = Content.styled(f"退出码 {self.status}", "bold $text-error")
        text = safe_text(self.output[:MAX_OUTPUT]) or "（没有输出）"
        with Vertical(id="pipe-output-box") as box:
            box.border_title = f"$ {safe_text(self.command)}"
            yield Label(status, id="pipe-status")
            with VerticalScroll():
                yield Static(Content(text), id="pipe-output")
            yield Label(Content.styled("Esc / Enter 关闭", "dim"))

    def action_close(self) -> None:
        self.dismiss(None)
