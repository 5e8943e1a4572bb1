"""Widgets of the kanbao TUI: data-bound views that post messages up to their screen."""
