"""Frozen entry point of the console program ``kkrdesk``: the command line; no arguments open the window."""

import sys

from kkrdesk.cli import main

sys.exit(main())
