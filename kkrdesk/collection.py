"""Python's cyclic garbage collector paused while the window starts, and resumed once it is open."""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """No collections while the window's modules are imported and its widgets built: ~46,000 objects
    that live as long as the process, which each full collection would walk again (~6 % of the
    start-up's instructions, counted to the process's end)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Collect again, with what the start-up made moved out of the collector's way (``gc.freeze``):
    the few hundred objects it left unreachable are then kept, not collected."""
    global _paused
    if _paused:
        gc.freeze()
        gc.enable()
        _paused = False
