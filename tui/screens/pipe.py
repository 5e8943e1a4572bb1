"""``|``: pipe the article text to a shell command, like mutt's and newsboat's pipe-to."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tui.commands import bindings
from tui.output import safe_text
from tui.strings import t

TIMEOUT = 60.0  # seconds; a hung command must not hang the reader forever
MAX_OUTPUT = 200_000  # characters shown


class PipeRun:
    """One run of ``sh -c command`` with the article text on stdin, stoppable from another thread.

    The shell starts in a session of its own, so stopping it ends what it started too
    (``sleep``, a pager, a network call), not just the shell.
    """

    def __init__(self, command: str) -> None:
        self.command = command
        self.stopped = False
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def run(self, text: str) -> tuple[int | None, str]:
        """Exit status (None when stopped or timed out) and the output, stdout and stderr merged."""
        try:
            proc = subprocess.Popen(["sh", "-c", self.command], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True, errors="replace",
                                    start_new_session=True)
        except OSError as exc:
            return 127, f"cannot run sh: {exc}"
        with self._lock:
            self._proc = proc
            stopped = self.stopped
        if stopped:
            self._kill(proc)
        try:
            out, _ = proc.communicate(text, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self._kill(proc)
            out, _ = proc.communicate()
            return None, out or ""
        return (None if self.stopped else proc.returncode), out or ""

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            proc = self._proc
        if proc is not None:
            self._kill(proc)

    @staticmethod
    def _kill(proc: subprocess.Popen[str]) -> None:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGTERM)


def run_command(command: str, text: str) -> tuple[int | None, str]:
    """Run ``sh -c command`` with ``text`` on stdin; (exit status or None on timeout, output)."""
    return PipeRun(command).run(text)


class PipePrompt(ModalScreen[str | None]):
    """Asks for the command; dismisses with it, or None on Esc."""

    BINDINGS = bindings("dialog")

    def __init__(self, default: str = "") -> None:
        super().__init__()
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="pipe-box") as box:
            box.border_title = t("pipe.title")
            yield Input(self.default, placeholder=t("pipe.placeholder"), id="pipe-input")
            yield Label(Content.styled(t("pipe.prompt_hint"), "dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_close(self) -> None:
        self.dismiss(None)


class PipeRunning(ModalScreen[tuple[int | None, str, bool]]):
    """Shown while the command runs: what runs, for how long; Esc stops it.

    Dismisses with (exit status, output, stopped) when the command ends or has been stopped.
    """

    BINDINGS = bindings("dialog")

    def __init__(self, command: str, text: str) -> None:
        super().__init__()
        self.command = command
        self.text = text
        self.process = PipeRun(command)
        self._started = time.monotonic()

    def compose(self) -> ComposeResult:
        with Vertical(id="pipe-box") as box:
            box.border_title = f"$ {safe_text(self.command)}"
            yield Label(t("pipe.running"), id="pipe-running")
            yield Label(Content.styled(t("pipe.stop_hint"), "dim"))

    def on_mount(self) -> None:
        self.set_interval(0.5, self._tick)
        self.execute()

    def _tick(self) -> None:
        seconds = time.monotonic() - self._started
        self.query_one("#pipe-running", Label).update(t("pipe.running_for", s=f"{seconds:.0f}"))

    @work(thread=True, exclusive=True, group="pipe")
    def execute(self) -> None:
        status, output = self.process.run(self.text)
        self.app.call_from_thread(self.dismiss, (status, output, self.process.stopped))

    def action_close(self) -> None:
        """Esc: stop the command; its output so far is shown."""
        self.process.stop()
        self.query_one("#pipe-running", Label).update(t("pipe.stopping"))


class PipeOutput(ModalScreen[None]):
    """The command's output and exit status."""

    BINDINGS = bindings("dialog")

    def __init__(self, command: str, status: int | None, output: str, stopped: bool = False) -> None:
        super().__init__()
        self.command = command
        self.status = status
        self.output = output
        self.stopped = stopped

    def compose(self) -> ComposeResult:
        if self.stopped:
            status = Content.styled(t("pipe.stopped"), "bold $text-warning")
        elif self.status is None:
            status = Content.styled(t("pipe.timeout", s=f"{TIMEOUT:.0f}"), "bold $text-error")
        elif self.status == 0:
            status = Content.styled(t("pipe.exit", code=0), "bold $text-success")
        else:
            status = Content.styled(t("pipe.exit", code=self.status), "bold $text-error")
        text = safe_text(self.output[:MAX_OUTPUT]) or t("pipe.no_output")
        with Vertical(id="pipe-output-box") as box:
            box.border_title = f"$ {safe_text(self.command)}"
            yield Label(status, id="pipe-status")
            with VerticalScroll():
                yield Static(Content(text), id="pipe-output")
            yield Label(Content.styled(t("pipe.close_hint"), "dim"))

    def action_close(self) -> None:
        self.dismiss(None)
