"""Severity icons for findings (Qt's own message-box icons, so they follow the platform's look)."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from kkrdesk.core.errors import Severity

_STANDARD = {Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
             Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
             Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation}


def severity_icon(severity: Severity) -> QIcon:
    return QApplication.style().standardIcon(_STANDARD[severity])
