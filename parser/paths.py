"""Where kanbao keeps its files, and a small helper for derived tables kept beside the cache.

Every folder follows one rule — ``$KANBAO_<KIND>_DIR`` if set (tests, portable installs), else the
platform's user folder from platformdirs — so the rule lives here once.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import Literal, TypeVar

Kind = Literal["cache", "data", "config"]

T = TypeVar("T")


def user_dir(kind: Kind) -> Path:
    """``$KANBAO_CACHE_DIR`` / ``$KANBAO_DATA_DIR`` / ``$KANBAO_CONFIG_DIR``, else the platform folder."""
    env = os.environ.get(f"KANBAO_{kind.upper()}_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs  # imported here: most commands never need it

    return Path(getattr(platformdirs, f"user_{kind}_dir")("kanbao"))


def marshal_cached(name: str, build: Callable[[], T], valid: Callable[[object], bool]) -> T:
    """``build()``, kept as a marshal file named ``name`` in the cache folder.

    Tables derived from an installed package's data (jieba's dictionary, pypinyin's readings) take a
    second to build and milliseconds to load; ``name`` must change whenever the source does. A file
    that cannot be read or fails ``valid`` is rebuilt; a read-only cache folder only costs the rebuild.
    """
    path = user_dir("cache") / name
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        data = None
    if data is not None and valid(data):
        return data  # type: ignore[return-value]
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(value))
        tmp.replace(path)
    except (OSError, ValueError):
        pass
    return value
