"""Finding LibreOffice's soffice program, and what kkrdesk tells a user who does not have it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

INSTALL_HINT = ("Installér LibreOffice (https://da.libreoffice.org) – på Debian/Ubuntu: "
                "sudo apt install libreoffice-writer-nogui python3-uno.")
# Said once wherever LibreOffice is missing, so a user learns everything it costs in one place.
WITHOUT_LIBREOFFICE = ("Uden LibreOffice kommer Word- og tekstbilag ikke med i bilagspakken (de får en side, "
                       "der siger, at bilaget mangler), Word-bilags sidetal er det tal, Word har gemt i "
                       "filen, læseren viser Word-bilag som tekst uden sideopsætning, og Word udfylder "
                       "dagsordenens indholdsfortegnelse først, når filen åbnes.")


def find_soffice() -> Path | None:
    """The soffice program, or None. KKRDESK_SOFFICE names it; KKRDESK_NO_LIBREOFFICE=1 hides it."""
    if os.environ.get("KKRDESK_NO_LIBREOFFICE") == "1":
        return None
    named = os.environ.get("KKRDESK_SOFFICE")
    if named:
        return Path(named) if Path(named).is_file() else None
    for candidate in ("soffice", "libreoffice"):
        found = shutil.which(candidate)
        if found:
            return Path(found)
    for fixed in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                  "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if Path(fixed).is_file():
            return Path(fixed)
    return None
