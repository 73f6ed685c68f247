"""The TrueType font kkrdesk draws its own PDF pages with (Carlito, OFL), registered with reportlab once."""

from __future__ import annotations

import threading
from importlib import resources

REGULAR = "KkrCarlito"
BOLD = "KkrCarlito-Bold"
_FILES = {REGULAR: "Carlito-Regular.ttf", BOLD: "Carlito-Bold.ttf"}
_lock = threading.Lock()


def register_fonts() -> None:
    """Make REGULAR and BOLD usable in reportlab (æøå included); safe to call from any thread."""
    from reportlab.pdfbase import pdfmetrics  # here: a process that only merges a pack never loads reportlab's fonts
    from reportlab.pdfbase.ttfonts import TTFont

    with _lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        for name, file_name in _FILES.items():
            if name not in registered:
                data = resources.files("kkrdesk.core.export").joinpath("fonts", file_name)
                with resources.as_file(data) as path:
                    pdfmetrics.registerFont(TTFont(name, str(path)))
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
