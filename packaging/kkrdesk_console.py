"""Frozen entry point of the console program ``kkrdesk``: the command line; no arguments open the window."""

import multiprocessing

# A process of the search index's extraction pool starts this program again: run its work, not kkrdesk.
multiprocessing.freeze_support()

from kkrdesk.cli import run  # noqa: E402 (after the pool's processes have left)

run()
