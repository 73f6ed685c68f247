"""The exported notes say when they were saved, not that they were printed (nothing was)."""

from __future__ import annotations

import datetime as dt

from kkrdesk.core.notes.export import notes_markdown


def test_exported_notes_say_saved_not_printed():
    text = notes_markdown([], "Møde i KKR Sjælland", today=dt.date(2026, 12, 3))
    assert "Gemt 3. december 2026." in text and "Udskrevet" not in text
