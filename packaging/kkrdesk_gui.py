"""Frozen entry point of the windowed program ``kkrdesk-gui``: the window, on a meeting folder if one is given."""

import sys

from kkrdesk.ui.app import main

sys.exit(main())
