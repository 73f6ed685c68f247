"""Entry point for ``python -m kkrdesk``."""

from kkrdesk.cli import run

run()
