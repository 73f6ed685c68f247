"""kkrdesk's QSettings in one typed wrapper: recent meetings and window state, kept apart."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


class Settings:
    """Preferences and remembered window state; core never reads these."""

    def __init__(self, store: QSettings | None = None):
        self._store = store or QSettings()

    # -- recent meetings ---------------------------------------------------------------
    def recent_meetings(self) -> list[Path]:
        value = self._store.value("recent/meetings", [])
        paths = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
        return [Path(p) for p in paths if p and (Path(p) / "meeting.toml").is_file()]

    def add_recent_meeting(self, path: Path) -> None:
        resolved = str(Path(path).resolve())
        paths = [resolved] + [str(p) for p in self.recent_meetings() if str(p) != resolved]
        self._set_list("recent/meetings", paths[:MAX_RECENT])

    def last_meeting(self) -> Path | None:
        recent = self.recent_meetings()
        return recent[0] if recent else None

    # -- the last KKR a new meeting was made for (a secretary works for one KKR) -----------
    def last_kkr(self) -> str:
        value = self._store.value("new/kkr", "")
        return value if isinstance(value, str) else ""

    def set_last_kkr(self, kkr: str) -> None:
        self._store.setValue("new/kkr", kkr)

    # -- recent surveys ----------------------------------------------------------------
    def recent_surveys(self) -> list[Path]:
        value = self._store.value("recent/surveys", [])
        paths = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
        return [Path(p) for p in paths if p and Path(p).exists()]

    def add_recent_survey(self, path: Path) -> None:
        resolved = str(Path(path).resolve())
        paths = [resolved] + [str(p) for p in self.recent_surveys() if str(p) != resolved]
        self._set_list("recent/surveys", paths[:MAX_RECENT])

    def _set_list(self, key: str, paths: list[str]) -> None:
        """Store ``paths`` unless they are stored already: every change makes QSettings rewrite and
        fsync its file in the event loop, before the window's first paint when a meeting opens."""
        value = self._store.value(key, [])
        stored = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else None
        if stored != paths:
            self._store.setValue(key, paths)

    # -- window state ------------------------------------------------------------------
    def window_state(self, name: str) -> QByteArray | None:
        value = self._store.value(f"window/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, name: str, state: QByteArray) -> None:
        self._store.setValue(f"window/{name}", state)

    def sync(self) -> None:
        self._store.sync()
