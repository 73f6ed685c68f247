"""Third-party libraries' log messages (qpdf's warnings through pikepdf): kept off the terminal."""

from __future__ import annotations

import logging

QUIET_LIBRARIES = ("pikepdf",)


def keep_library_warnings_quiet() -> None:
    """pikepdf sends qpdf's English warnings on damaged files ("Pages tree includes …") to Python
    logging, which prints them raw when nothing is configured; kkrdesk tells the user in Danish."""
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).addHandler(logging.NullHandler())
