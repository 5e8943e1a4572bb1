"""parser/ is a library free of any UI: importing all of it must not pull in textual, rich or tui."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_parser_imports_no_ui_modules() -> None:
    modules = sorted(
        "parser." + ".".join(p.relative_to(REPO / "parser").with_suffix("").parts)
        for p in (REPO / "parser").rglob("*.py")
        if p.name != "__init__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "from parser import Archive\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.strip() == ""


def test_no_ui_import_statements_in_parser_source() -> None:
    offenders = [
        str(p) for p in (REPO / "parser").rglob("*.py")
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(("import textual", "from textual", "import rich", "from rich",
                                     "import tui", "from tui"))
    ]
    assert offenders == []
