"""Files a background screening child holds: screen_pdf and screen_image wait for its verdict, not start a child."""

from __future__ import annotations

import threading

from kkrdesk.core.files.hashing import FileIdentity

Key = tuple[FileIdentity, str]   # a file as screened, and the password it was opened with ("" for images)

in_flight: dict[Key, threading.Event] = {}
state_lock = threading.Lock()


def wait_for(key: Key) -> None:
    """Return once no background child holds the file any more (at once when none does)."""
    waiting = in_flight.get(key)
    if waiting is not None:
        waiting.wait()


def release(key: Key) -> None:
    """The background screening is done with this file: a screen_pdf or screen_image waiting for it goes on."""
    with state_lock:
        event = in_flight.pop(key, None)
    if event is not None:
        event.set()
