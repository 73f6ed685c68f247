"""Making kkrdesk's app icons from resources/icons/kkrdesk.svg: PNGs, .ico (Windows), .icns (macOS), the window icon.

Run it after changing the SVG: ``.venv/bin/python packaging/make_icons.py``. The results are
committed, so building the bundle on Windows or macOS needs nothing but the spec.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "kkrdesk.svg"
WINDOW_ICON = ROOT / "kkrdesk" / "ui" / "icons" / "kkrdesk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)          # Linux icon themes (hicolor) and the README
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)               # what Windows Explorer and the taskbar ask for
ICNS_SIZES = (32, 64, 128, 256, 512, 1024)               # macOS: 16-512 points, each also at 2x


def render(size: int):
    """The SVG drawn at ``size`` × ``size`` pixels on a transparent background, as a Pillow image."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SOURCE)).render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGBA")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    application = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # QSvgRenderer draws within it
    pictures = {size: render(size) for size in sorted(set(PNG_SIZES + ICO_SIZES + ICNS_SIZES))}
    for size in PNG_SIZES:
        pictures[size].save(ICONS / f"kkrdesk-{size}.png", optimize=True)
    largest_ico = max(ICO_SIZES)
    pictures[largest_ico].save(ICONS / "kkrdesk.ico", sizes=[(s, s) for s in ICO_SIZES],
                               append_images=[pictures[s] for s in ICO_SIZES if s != largest_ico])
    pictures[1024].save(ICONS / "kkrdesk.icns", append_images=[pictures[s] for s in ICNS_SIZES])
    shutil.copyfile(SOURCE, WINDOW_ICON)
    print(f"Made {len(PNG_SIZES)} PNGs, kkrdesk.ico and kkrdesk.icns in {ICONS.relative_to(ROOT)}, "
          f"and {WINDOW_ICON.relative_to(ROOT)}.")
    application.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
