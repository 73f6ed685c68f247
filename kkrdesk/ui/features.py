"""Plugging the feature panels (reader, survey, contracts, export) into the main window."""

from __future__ import annotations

from kkrdesk.ui.main_window import MainWindow


def connect_features(window: MainWindow) -> None:
    """Add each feature's tab and menu entries to ``window``; features register themselves here."""
