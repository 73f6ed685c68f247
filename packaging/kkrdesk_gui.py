"""Frozen entry point of the windowed program ``kkrdesk-gui``: the window, on a meeting folder if one is given."""

import multiprocessing
import sys

# A process of the search index's extraction pool starts this program again: run its work, not a window.
multiprocessing.freeze_support()

from kkrdesk.ui.app import main  # noqa: E402 (after the pool's processes have left)

sys.exit(main())
