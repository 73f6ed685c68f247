"""Opening a meeting that is already first among the recent ones leaves the settings file alone.

Every change makes QSettings rewrite its file (a lock, a temporary copy, two fsyncs, a rename) in
the event loop, and `kkrdesk MAPPE` on the last meeting did so before the window's first paint.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from kkrdesk.ui.settings import Settings


def _meeting(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "meeting.toml").write_text("", encoding="utf-8")
    return folder


def test_the_same_first_meeting_again_writes_nothing(qapp, tmp_path):
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings = Settings(store)
    first, second = _meeting(tmp_path / "første"), _meeting(tmp_path / "anden")
    settings.add_recent_meeting(first)
    settings.add_recent_meeting(second)
    store.sync()
    written = (tmp_path / "s.ini").stat()
    settings.add_recent_meeting(second)
    store.sync()
    assert (tmp_path / "s.ini").stat().st_ino == written.st_ino      # not rewritten (QSettings renames a new copy in)
    assert settings.recent_meetings() == [second.resolve(), first.resolve()]


def test_a_meeting_not_first_is_moved_first_and_written(qapp, tmp_path):
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings = Settings(store)
    first, second = _meeting(tmp_path / "første"), _meeting(tmp_path / "anden")
    settings.add_recent_meeting(first)
    settings.add_recent_meeting(second)
    settings.add_recent_meeting(first)
    store.sync()
    again = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert again.recent_meetings() == [first.resolve(), second.resolve()]


def test_one_stored_meeting_read_back_as_text_is_not_written_again(qapp, tmp_path):
    (tmp_path / "s.ini").write_text(f"[recent]\nmeetings={_meeting(tmp_path / 'møde').resolve()}\n", encoding="utf-8")
    written = (tmp_path / "s.ini").stat()
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    Settings(store).add_recent_meeting(tmp_path / "møde")
    store.sync()
    assert (tmp_path / "s.ini").stat().st_ino == written.st_ino
