"""The main window opens inside its screen: first start, a geometry saved on a larger screen, maximised."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMargins, QPoint, QRect, QSettings, QSize, Qt

from kkrdesk.ui.features import connect_features
from kkrdesk.ui.main_window import MainWindow
from kkrdesk.ui.settings import Settings
from kkrdesk.ui.window_geometry import ASSUMED_FRAME, DEFAULT_SIZE, first_geometry, fitted

FRAME = QMargins(1, 20, 1, 5)        # openbox's frame, as measured under Xvfb
NO_MINIMUM = QSize(0, 0)


def _settings(tmp_path) -> Settings:
    return Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))


def _open(qtbot, settings, tmp_path) -> MainWindow:
    window = MainWindow(settings, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    connect_features(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _inside_screen(window: MainWindow) -> bool:
    return window.screen().availableGeometry().contains(window.frameGeometry())


def test_the_first_window_fits_a_screen_smaller_than_its_default_size(qtbot, tmp_path):
    screen = _open(qtbot, _settings(tmp_path), tmp_path).screen().availableGeometry()
    assert screen.width() < DEFAULT_SIZE.width()     # the offscreen screen: the test means something
    window = _open(qtbot, _settings(tmp_path / "fresh"), tmp_path)
    qtbot.waitUntil(lambda: _inside_screen(window))
    assert window.width() >= screen.width() - ASSUMED_FRAME.left() - ASSUMED_FRAME.right() - 8


def test_a_geometry_saved_on_a_larger_screen_is_fitted_to_this_one(qtbot, tmp_path):
    settings = _settings(tmp_path)
    first = _open(qtbot, settings, tmp_path)
    screen = first.screen().availableGeometry()
    first.setGeometry(QRect(screen.width() - 200, 300, 1800, 1000))   # a docked laptop's big screen
    first.close()
    second = _open(qtbot, settings, tmp_path)
    qtbot.waitUntil(lambda: _inside_screen(second))
    assert second.width() > screen.width() // 2


def test_a_window_filling_the_screen_is_fitted_again_once_its_frame_is_known(qtbot, tmp_path):
    """Its contents fit, but the frame the window manager adds would reach past the screen's edge."""
    settings = _settings(tmp_path)
    first = _open(qtbot, settings, tmp_path)
    first.setGeometry(first.screen().availableGeometry())
    first.close()
    second = _open(qtbot, settings, tmp_path)
    assert second.frameGeometry() != second.geometry()       # the offscreen platform draws a frame
    qtbot.waitUntil(lambda: _inside_screen(second))


def test_a_maximised_window_opens_maximised(qtbot, tmp_path):
    settings = _settings(tmp_path)
    first = _open(qtbot, settings, tmp_path)
    first.showMaximized()
    qtbot.waitUntil(lambda: bool(first.windowState() & Qt.WindowState.WindowMaximized))
    first.close()
    second = _open(qtbot, settings, tmp_path)
    assert second.windowState() & Qt.WindowState.WindowMaximized


@pytest.mark.parametrize("screen", [QRect(0, 0, 1920, 1080), QRect(1920, 0, 2560, 1440)])
def test_the_first_window_on_a_large_screen_has_the_default_size_in_the_middle(screen):
    placed = first_geometry(screen, FRAME, NO_MINIMUM)
    assert placed.size() == DEFAULT_SIZE
    assert abs(placed.center().x() - screen.center().x()) <= 1
    assert screen.contains(placed.marginsAdded(FRAME))


@pytest.mark.parametrize("screen", [QRect(0, 0, 1024, 768), QRect(0, 0, 1280, 800), QRect(0, 32, 1366, 736)])
def test_the_first_window_on_a_small_screen_takes_what_fits(screen):
    placed = first_geometry(screen, FRAME, NO_MINIMUM)
    assert screen.contains(placed.marginsAdded(FRAME))
    assert placed.width() == min(DEFAULT_SIZE.width(), screen.width() - FRAME.left() - FRAME.right())
    assert placed.height() == min(DEFAULT_SIZE.height(), screen.height() - FRAME.top() - FRAME.bottom())


def test_fitting_moves_a_window_that_fits_by_size_without_shrinking_it():
    screen = QRect(0, 0, 1024, 768)
    moved = fitted(QRect(700, 500, 600, 400), screen, FRAME, NO_MINIMUM)
    assert moved.size() == QSize(600, 400)
    assert screen.contains(moved.marginsAdded(FRAME))
    assert fitted(QRect(50, 60, 600, 400), screen, FRAME, NO_MINIMUM) == QRect(50, 60, 600, 400)


def test_fitting_never_goes_below_the_minimum_and_keeps_the_title_bar_on_the_screen():
    screen = QRect(0, 0, 640, 480)
    placed = fitted(QRect(-300, -200, 1280, 820), screen, FRAME, QSize(700, 500))
    assert placed.size() == QSize(700, 500)
    assert placed.topLeft() == QPoint(FRAME.left(), FRAME.top())
