"""The answer of work nobody can stop, for the cancel question long work asks between its steps."""

from __future__ import annotations


def never_cancelled() -> bool:
    """The cancel question of work nobody can stop (only its own time limit)."""
    return False
