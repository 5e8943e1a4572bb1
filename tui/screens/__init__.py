"""Screens of the kanbao TUI; each owns its state and talks to the app's archive."""
