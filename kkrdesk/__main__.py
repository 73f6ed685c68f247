"""Entry point for ``python -m kkrdesk``."""

import sys

from kkrdesk.cli import main

sys.exit(main())
