"""``python -m tui`` runs kanbao."""

from .cli import entry

entry()
