"""The reader's PDF pane gives way when narrow: find moves to a row of its own and the thumbnails step aside."""

from __future__ import annotations

from kkrdesk.ui.reader.pdf_pane import PdfPane
from tests.factories import make_pdf


def _same_row(pane: PdfPane) -> bool:
    """The find box's middle is level with the page number box (the two differ in height)."""
    middle = pane.find_box.mapTo(pane, pane.find_box.rect().center()).y()
    top = pane.page_box.mapTo(pane, pane.page_box.rect().topLeft()).y()
    return top <= middle <= top + pane.page_box.height()


def test_find_takes_a_row_of_its_own_when_the_pane_is_narrow(qtbot, tmp_path):
    pane = PdfPane()
    qtbot.addWidget(pane)
    pane.load(make_pdf(tmp_path / "bilag.pdf", pages=3))
    pane.resize(1100, 700)
    pane.show()
    qtbot.waitUntil(lambda: _same_row(pane))
    assert pane.minimumSizeHint().width() <= 520     # find does not hold the pane wider than the tool row

    pane.resize(520, 700)
    qtbot.waitUntil(lambda: not _same_row(pane))
    right = pane.find_box.mapTo(pane, pane.find_box.rect().topRight()).x()
    assert pane.find_box.isVisible() and pane.find_box.width() > 60 and right < pane.width()  # usable, not cut
    assert not pane.thumbnails.isVisible() and pane.view.width() > 400      # the page has the room

    pane.resize(1100, 700)
    qtbot.waitUntil(lambda: _same_row(pane))
    assert pane.thumbnails.isVisible()
