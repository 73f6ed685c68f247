"""An icon's selected-row pixmaps are drawn when a selected row first asks for them, as before, not at start-up."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap

from kkrdesk.ui import icons

MODES = (QIcon.Mode.Normal, QIcon.Mode.Selected, QIcon.Mode.Active, QIcon.Mode.Disabled)
STATES = (QIcon.State.Off, QIcon.State.On)


@pytest.fixture
def drawn_variants(monkeypatch, qapp):
    """Counts how often the selected-row variant is drawn; icons made fresh for the test."""
    calls: list[str] = []
    draw = icons._with_selected_variant
    monkeypatch.setattr(icons, "_with_selected_variant", lambda name: calls.append(name) or draw(name))
    icons.icon.cache_clear()
    yield calls
    icons.icon.cache_clear()


def painted(icon: QIcon, size: int, ratio: float, mode: QIcon.Mode, state: QIcon.State) -> QImage:
    image = QImage(round(40 * ratio), round(40 * ratio), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(0)
    painter = QPainter(image)
    icon.paint(painter, QRect(3, 5, size, size), Qt.AlignmentFlag.AlignCenter, mode, state)
    painter.end()
    return image


def test_the_selected_variant_is_drawn_only_when_a_selected_row_asks(drawn_variants):
    pdf = icons.icon("pdf")
    pdf.pixmap(QSize(16, 16), 1.0, QIcon.Mode.Normal, QIcon.State.Off)
    painted(pdf, 16, 1.0, QIcon.Mode.Active, QIcon.State.Off)
    assert drawn_variants == []
    pdf.pixmap(QSize(16, 16), 1.0, QIcon.Mode.Selected, QIcon.State.On)
    pdf.pixmap(QSize(24, 24), 2.0, QIcon.Mode.Selected, QIcon.State.Off)
    assert drawn_variants == ["pdf"]


@pytest.mark.parametrize("name", ["pdf", "error", "item", "save"])
def test_every_mode_size_and_scale_looks_as_the_icon_drawn_whole(drawn_variants, name):
    lazy, whole = icons.icon(name), icons._with_selected_variant(name)
    for size in (16, 18, 20, 24, 32):
        for ratio in (1.0, 1.5, 2.0):
            for mode in MODES:
                for state in STATES:
                    got, want = (i.pixmap(QSize(size, size), ratio, mode, state) for i in (lazy, whole))
                    assert got.toImage() == want.toImage() and got.devicePixelRatio() == want.devicePixelRatio()
                    assert painted(lazy, size, ratio, mode, state) == painted(whole, size, ratio, mode, state)


def test_a_changed_copy_of_an_icon_keeps_working(drawn_variants):
    """Adding a pixmap detaches the copy, which clones the icon's engine (Qt owns the clone)."""
    copy = QIcon(icons.icon("docx"))
    copy.addPixmap(QPixmap(8, 8), QIcon.Mode.Disabled)
    icons.icon.cache_clear()
    image = copy.pixmap(QSize(20, 20), 1.0, QIcon.Mode.Selected, QIcon.State.Off).toImage()
    assert image == icons._with_selected_variant("docx").pixmap(QSize(20, 20), 1.0, QIcon.Mode.Selected,
                                                                 QIcon.State.Off).toImage()
