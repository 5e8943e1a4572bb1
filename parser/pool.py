"""Worker processes for a big sync: plain interpreters running ``parser.workers.main``.

``multiprocessing`` (and ``ProcessPoolExecutor`` on it) prepares every spawned or forkserver
child by importing the parent's main module again: a caller's script without an
``if __name__ == "__main__":`` guard re-runs in every worker (and opens the archive again), and
``python -`` has no file to import at all; either way the pool breaks.  ``fork`` avoids that but
is unsafe from a process with threads (the TUI syncs from a worker thread).  A library must work
from any caller, so these workers are new interpreters that run :func:`parser.workers.main`
(as ``python -m parser.workers`` would, with this process's ``sys.path``): they import kanbao
and nothing of the caller's, and talk to this process over their standard input
and output (pickled ``(function, args)`` in, ``("ok" | "error", value)`` out).

Only what the sync engine needs is here: ``submit`` returning a :class:`Future`, and
``shutdown`` with the same meaning as ``Executor.shutdown``.
"""

from __future__ import annotations

import json
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, BinaryIO

#: What a worker runs: this process's module path (as ``multiprocessing`` hands its children
#: ``sys.path``), so that it imports the same kanbao, then the job loop.
_BOOT = "import sys, json; sys.path[:] = json.loads(sys.argv[1]); from parser.workers import main; main()"


class WorkerError(RuntimeError):
    """A worker process ended without answering (killed, out of memory, or it could not start)."""


class WorkerPool:
    """``workers`` processes taking jobs from one queue, each fed by a thread of this process."""

    def __init__(self, workers: int) -> None:
        self.max_workers = workers
        self._jobs: queue.SimpleQueue[tuple[Future[Any], bytes] | None] = queue.SimpleQueue()
        self._broken: WorkerError | None = None
        self._procs: list[subprocess.Popen[bytes]] = []
        self._threads: list[threading.Thread] = []
        path = json.dumps([p or os.getcwd() for p in sys.path])
        try:
            for n in range(workers):
                proc = subprocess.Popen([sys.executable, "-c", _BOOT, path],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                self._procs.append(proc)
                thread = threading.Thread(target=self._feed, name=f"kanbao-worker-{n}", daemon=True,
                                          args=(proc, proc.stdin, proc.stdout))
                thread.start()
                self._threads.append(thread)
        except OSError:
            self.shutdown(wait=False, cancel_futures=True)
            raise

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run ``fn(*args)`` in a worker; ``fn`` must be importable by name (a module-level function)."""
        if self._broken is not None:
            raise self._broken
        fut: Future[Any] = Future()
        self._jobs.put((fut, pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL)))
        if self._broken is not None:
            self._fail_queued()  # (a worker broke while this job was queued)
        return fut

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Let the workers finish what was submitted, then end; with ``wait`` return once they have.

        With ``cancel_futures`` (an interrupted build) the jobs not started are cancelled and
        the workers are stopped at once: they only read, so nothing of theirs needs finishing.
        """
        if cancel_futures:
            self._fail_queued(cancel=True)
            for proc in self._procs:
                if proc.poll() is None:
                    proc.kill()
        for _ in self._threads:
            self._jobs.put(None)
        if wait:
            for thread in self._threads:
                thread.join()
            for proc in self._procs:
                proc.wait()

    def _feed(self, proc: subprocess.Popen[bytes], to_child: BinaryIO | None, from_child: BinaryIO | None) -> None:
        """One worker's jobs, one at a time; closing its pipe at the end tells the worker to exit."""
        assert to_child is not None and from_child is not None  # (both are pipes)
        with to_child, from_child:
            while (job := self._jobs.get()) is not None:
                fut, payload = job
                if not fut.set_running_or_notify_cancel():
                    continue
                try:
                    to_child.write(payload)
                    to_child.flush()
                    status, value = pickle.load(from_child)
                except (OSError, EOFError, pickle.UnpicklingError) as exc:
                    try:
                        code: int | None = proc.wait(timeout=2)  # (its pipe closes a moment before it ends)
                    except subprocess.TimeoutExpired:
                        proc.kill()  # alive but garbled: it cannot be trusted with another job
                        code = None
                    self._broken = WorkerError(
                        f"a worker process ended unexpectedly (exit status {code})" if code is not None
                        else f"lost touch with a worker process ({type(exc).__name__})")
                    fut.set_exception(self._broken)
                    self._fail_queued()
                    return
                if status == "ok":
                    fut.set_result(value)
                else:
                    fut.set_exception(value)

    def _fail_queued(self, cancel: bool = False) -> None:
        """Settle every job still queued: cancelled, or failed with the pool's error."""
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            if job is None:
                self._jobs.put(None)  # a shutdown's stop signal belongs to the threads
                return
            fut = job[0]
            if cancel:
                fut.cancel()
            elif fut.set_running_or_notify_cancel():
                fut.set_exception(self._broken or WorkerError("worker processes stopped"))
