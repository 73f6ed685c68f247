"""Saving a pikepdf document into a file kkrdesk has made for it, through that file's handle."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf


def save_into(pdf: pikepdf.Pdf, path: Path, **options: Any) -> None:
    """``pdf.save`` into ``path`` (atomic.replacing's temporary file, say). Given the path of a file
    that exists, pikepdf writes a temporary file of its own beside it and renames it over; a process
    stopped meanwhile (a cancelled export kills its pack child) left that file in the user's folder.
    Written through the handle, there is only the file the caller removes on failure."""
    with open(path, "wb") as handle:
        pdf.save(handle, **options)
