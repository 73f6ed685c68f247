"""GUI test fixtures: a stubbed dialog service so no test can block on a modal box, and the main window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QThreadPool

from kkrdesk.ui import dialogs
from kkrdesk.ui.features import connect_features
from kkrdesk.ui.main_window import MainWindow
from kkrdesk.ui.settings import Settings


@pytest.fixture(autouse=True)
def stub_dialogs():
    stub = dialogs.StubDialogs()
    previous = dialogs.use(stub)
    yield stub
    dialogs.use(previous)


@pytest.fixture
def settings(tmp_path):
    """The test's own settings file: recent meetings, window state, last KKR."""
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, tmp_path, settings):
    """The main window as the app makes it (every feature connected), shown, with no meeting open.

    A test module that needs a meeting open overrides this fixture with one taking ``window``.
    At the end unsaved changes are dropped (no question asked) and background work has ended.
    """
    window = MainWindow(settings, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    connect_features(window)
    window.show()
    yield window
    if window.session is not None:
        window.session.stack.setClean()
    window.close()
    QThreadPool.globalInstance().waitForDone(120_000)   # indexing and checks end before the next test


@pytest.fixture
def opened_meeting(window, qtbot, tmp_path):
    """``window`` with make_meeting's meeting (without its Word bilag) open and its file checks done:
    the MeetingSession (its folder is ``tmp_path / "møde"``)."""
    from tests.reader_helpers import make_meeting

    assert window.open_meeting(make_meeting(tmp_path, docx=False))
    session = window.session
    qtbot.waitUntil(lambda: not session.busy, timeout=60_000)
    return session


@pytest.fixture
def reader(qtbot):
    """A reader panel on its own (no window, no meeting), shown; at the end it lets go of its file."""
    from kkrdesk.ui.reader.reader_panel import ReaderPanel

    panel = ReaderPanel()
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    yield panel
    panel.close_document()


@pytest.fixture
def agenda(window):
    """The agenda editor of ``window``, the feature tests edit the meeting through."""
    return window.feature("agenda")


def activate(qtbot, window) -> None:
    """Make ``window`` the active window, as a user's click would (focus-dependent keys need it)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


@pytest.fixture
def pack_window(qtbot, tmp_path):
    """The member pack window on a small meeting's pack, shown (closed at the end)."""
    from kkrdesk.core.pack.opening import open_for_reading
    from kkrdesk.core.pack.source import ReadingSource
    from kkrdesk.core.pack.writer import write_pack
    from kkrdesk.ui.reader.window import PackReaderWindow
    from tests.reader_helpers import make_meeting

    folder = make_meeting(tmp_path, docx=False)
    write_pack(folder, tmp_path / "m.kkrpack")
    session = open_for_reading(tmp_path / "m.kkrpack", extract_root=tmp_path / "c", history=tmp_path / "h",
                               notes_folder=tmp_path / "n")
    window = PackReaderWindow(ReadingSource.from_pack(session.pack), session)
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
