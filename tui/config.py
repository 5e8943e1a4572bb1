"""Optional user configuration: ``config.toml`` in the platform config dir.

Everything has a default, so the file may be missing; when present it may set::

    archive = "~/papers"          # folder opened when no --archive / KANBAO_ARCHIVE is given
    theme = "textual-light"       # any Textual theme name
    language = "en"               # the interface in English (default "zh", Chinese)

    [keys]                        # binding id -> keys, e.g. remap search and quit
    search = "ctrl+f,slash"
    quit = "ctrl+q"

Binding ids are the ``id`` column of ``docs/keys.md`` (and of ``tui.commands.COMMANDS``).
A broken file is reported with its path and the TOML error, never a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from parser.paths import user_dir
from tui.strings import LANGUAGES, Language

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

CONFIG_FILE = "config.toml"


class ConfigError(ValueError):
    """The config file exists but cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Config:
    archive: Path | None = None
    theme: str | None = None
    language: Language = "zh"
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    path: Path | None = None  # where it was read from, for messages


def load_config(path: Path | None = None) -> Config:
    """Read the config file (default location if ``path`` is None); a missing file is no config."""
    path = path if path is not None else user_dir("config") / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return parse_config(data, path)


def parse_config(data: Mapping[str, Any], path: Path | None = None) -> Config:
    """Validate a decoded TOML table; unknown top-level keys are errors so typos are noticed."""
    where = f"{path}: " if path else ""
    unknown = set(data) - {"archive", "theme", "language", "keys"}
    if unknown:
        raise ConfigError(f"{where}unknown setting(s): {', '.join(sorted(unknown))} "
                          "(expected archive, theme, language, [keys])")
    language = data.get("language", "zh")
    if language not in LANGUAGES:
        raise ConfigError(f"{where}language must be one of {', '.join(LANGUAGES)}")
    archive = data.get("archive")
    if archive is not None and not isinstance(archive, str):
        raise ConfigError(f"{where}archive must be a string path")
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise ConfigError(f"{where}theme must be a string")
    keys = data.get("keys", {})
    if not isinstance(keys, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in keys.items()
    ):
        raise ConfigError(f'{where}[keys] must map binding ids to key strings, e.g. search = "ctrl+f"')
    return Config(
        archive=Path(archive).expanduser() if archive else None,
        theme=theme or None,
        language=language,
        keys=MappingProxyType(dict(keys)),
        path=path,
    )
