"""Process memory policy of the long-lived TUI.

glibc serves a big allocation with its own mapping and gives it back when freed, but after such
a free it raises the size from which it does so (up to 32 MB).  The search vocabulary of a big
archive is read and rebuilt through buffers of 1–70 MB: once the threshold had risen, each one
came from the heap and stayed in the process after it was freed.  At a million articles a
reader's keystroke run peaked at 494–499 MB with the moving threshold and 482 MB with it fixed at
1 MB, and the first run after an update (when the refreshed vocabulary replaces the old one) at
549 against 505 MB.  Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util

_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
BIG = 1 << 20  # bytes from which an allocation has a mapping of its own


def return_big_frees() -> bool:
    """Fix glibc's mmap threshold at :data:`BIG` (which also stops it moving); False where the C
    library has no ``mallopt``."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return bool(mallopt(_M_MMAP_THRESHOLD, BIG))
