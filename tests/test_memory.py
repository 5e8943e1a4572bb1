"""The TUI's process memory policy (``tui.memory``)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc" or not sys.platform.startswith("linux"),
                    reason="glibc's mmap threshold")
def test_big_buffers_go_back_to_the_system_once_freed() -> None:
    # In a fresh interpreter: free a 30 MB buffer (which raises glibc's threshold), then make and
    # free 8 MB buffers; with the policy they leave nothing behind.
    code = """
import sys
from tui.memory import return_big_frees
def rss():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS:")) // 1024
if sys.argv[1] == "on":
    assert return_big_frees()
big = bytearray(30 << 20)
big[-1] = 1
del big
keep = []
base = rss()
for _ in range(8):
    a = bytearray(8 << 20)
    keep.append(bytes(100))  # a small allocation after each, so the heap cannot shrink back
    del a
print(rss() - base)
"""
    grown = {mode: int(subprocess.check_output([sys.executable, "-c", code, mode], text=True))
             for mode in ("on", "off")}
    assert grown["on"] < 4 <= grown["off"], grown
