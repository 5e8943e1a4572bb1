"""Screens of the kanbao TUI: each owns its state; the app hands them the archive (attributes
down) and they post ``tui.messages`` up.  No screen imports the app."""
