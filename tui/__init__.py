"""kanbao's user-facing side: the Textual app and the ``kanbao`` command line."""
