"""The member pack window and the archive open inside the screen, however small (offscreen: 800 × 800)."""

from __future__ import annotations

from kkrdesk.core.archive.index import ArchiveIndex
from kkrdesk.ui.archive.window import ArchiveWindow
from tests.archive_factory import write_archive


def inside_its_screen(window) -> bool:
    """Frame and all inside the screen; wider only if the contents cannot be narrower (the reader's tool bar)."""
    screen, placed = window.screen().availableGeometry(), window.frameGeometry()
    fits_across = placed.right() <= screen.right() or window.width() <= window.minimumSizeHint().width()
    return (screen.left() <= placed.left() and screen.top() <= placed.top() and placed.bottom() <= screen.bottom()
            and fits_across)


def test_the_pack_window_fits_a_screen_smaller_than_its_preferred_size(pack_window):
    assert pack_window.screen().availableGeometry().height() < 900
    assert inside_its_screen(pack_window), (pack_window.frameGeometry(), pack_window.screen().availableGeometry())


def test_the_archive_window_fits_a_screen_smaller_than_its_preferred_size(qtbot, tmp_path):
    root = tmp_path / "arkiv"
    write_archive(root, kkrs=("KKR Nordjylland",), years=(2025,), meetings_per_year=1, one_offs=0)
    window = ArchiveWindow(root, ArchiveIndex(root, tmp_path / "index.sqlite"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.refreshed, timeout=120_000):
        window.show()
    assert window.screen().availableGeometry().height() < 780 + 40
    assert inside_its_screen(window), (window.frameGeometry(), window.screen().availableGeometry())


def test_the_notes_panel_leaves_the_pack_windows_agenda_more_room_on_a_1024_pixel_screen(pack_window, qtbot):
    pack_window.setGeometry(0, 0, 1024 - 2 * 8, 700)      # a 1024 × 768 screen, less the window's frame
    qtbot.waitUntil(lambda: pack_window.width() == 1024 - 2 * 8)
    assert pack_window.tabs.width() >= 200, pack_window.tabs.width()   # 176 with the notes panel held 220 px wide
