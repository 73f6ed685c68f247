"""A date field that takes a date as Danes type it (18.03.2027, 18. marts 2027) or from a calendar."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from kkrdesk.core import danish
from kkrdesk.ui.line_undo import undo_with_the_window

EXAMPLE = "18.03.2027"
LONGEST = "30. september 2027"        # the widest date the field must show whole
INVALID_STYLE = "QLineEdit { color: #b00020; }"
HINT = f"Skriv datoen, fx {EXAMPLE}, eller vælg den i kalenderen (Alt+pil ned)."


def _shown(day: QDate) -> str:
    return danish.format_date(dt.date(day.year(), day.month(), day.day()))


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class DateField(QWidget):
    """Shows ``18. marts 2027``; typing ``18.03.2027``, ``18/3-27`` or ``18. mar 2027`` and leaving the
    field sets the date. Qt's QDateEdit ignores typed digits in a month written as a word, and
    jumps between its sections on "." and Tab, so a typed date silently became another.

    ``editingFinished`` is emitted when the user has set a date (typed or chosen in the calendar);
    a date that cannot be read is shown in red with what to write, and the date is kept.
    """

    editingFinished = Signal()
    dateChanged = Signal(QDate)

    def __init__(self, day: QDate | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._date = day if day is not None else QDate.currentDate()
        self._minimum: QDate | None = None
        self._no_date_text = ""
        self.edit = QLineEdit(self)
        self.edit.setToolTip(HINT)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance(LONGEST) + 16)
        self._menu: QMenu | None = None       # the calendar in a menu, made when first opened
        self._calendar: QCalendarWidget | None = None
        self.button = QToolButton(self)
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.clicked.connect(self.open_calendar)
        self.button.setAccessibleName("Vælg dato i kalenderen")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.editingFinished.connect(self._typed)
        undo_with_the_window(self.edit)
        self.edit.installEventFilter(self)
        self._show_date()

    # QDateEdit's calls, as the forms use them
    def date(self) -> QDate:
        return self._date

    def setDate(self, day: QDate) -> None:
        changed = day != self._date
        self._date = day
        self._show_date()
        if changed:
            self.dateChanged.emit(day)

    def setMinimumDate(self, day: QDate) -> None:
        self._minimum = day

    def setSpecialValueText(self, text: str) -> None:
        """The date at the minimum means "no date": shown as ``text``, and an emptied field sets it."""
        self._no_date_text = text
        self.edit.setPlaceholderText(text)
        self._show_date()

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def text(self) -> str:
        return self.edit.text()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key, alt = event.key(), event.modifiers() & Qt.KeyboardModifier.AltModifier
            if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
                self.open_calendar()
                return True
        return False

    @property
    def calendar(self) -> QCalendarWidget:
        """The month the calendar shows, made on first use (a menu of its own, not a child: its
        month buttons are Qt's and would be the only unnamed controls in the form)."""
        if self._calendar is None:
            self._menu = QMenu()
            calendar = QCalendarWidget(self._menu)
            calendar.setLocale(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
            calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            calendar.setGridVisible(True)
            calendar.clicked.connect(self._chosen)
            calendar.activated.connect(self._chosen)
            holder = QWidgetAction(self._menu)
            holder.setDefaultWidget(calendar)
            self._menu.addAction(holder)
            self._calendar = calendar
        return self._calendar

    def open_calendar(self) -> None:
        calendar = self.calendar
        calendar.setSelectedDate(self._date)
        assert self._menu is not None, "made with the calendar"
        self._menu.popup(self.button.mapToGlobal(self.button.rect().bottomLeft()))

    def _is_no_date(self, day: QDate) -> bool:
        return bool(self._no_date_text) and day == self._minimum

    def _show_date(self) -> None:
        self.edit.setStyleSheet("")
        self.edit.setText("" if self._is_no_date(self._date) else _shown(self._date))

    def _typed(self) -> None:
        typed = self.edit.text().strip()
        if self._no_date_text and not typed:
            self._commit(self._minimum or self._date)
            return
        if typed == ("" if self._is_no_date(self._date) else _shown(self._date)):
            return
        day = danish.parse_date(typed)
        if day is None or (self._minimum is not None and _qdate(day) < self._minimum):
            self.edit.setStyleSheet(INVALID_STYLE)
            self.edit.setToolTip(f"»{typed}« er ikke en dato, kkrdesk kan læse. Skriv fx {EXAMPLE} "
                                 f"eller {_shown(QDate(2027, 3, 18))}.")
            return
        self._commit(_qdate(day))

    def _chosen(self, day: QDate) -> None:
        if self._menu is not None:
            self._menu.close()
        self._commit(day)

    def _commit(self, day: QDate) -> None:
        self.edit.setToolTip(HINT)
        self.setDate(day)
        self.editingFinished.emit()
