"""The one place windows ask the user things (message boxes, file pickers); tests replace it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# Qt's message boxes and file pickers are looked up when first asked for: taking a class from
# PySide6 creates it with all its enum classes, work the window's start-up does not need.
from PySide6 import QtWidgets

from kkrdesk.core.errors import InternalError, KkrError
from kkrdesk.ui.window_words import error_text, window_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget


class DialogService:
    """Modal questions and file pickers. Tests swap in ``StubDialogs`` so nothing blocks."""

    folder = ""     # the folder of the file last picked: the next picker opens there, not in the working folder

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        QtWidgets.QMessageBox.information(parent, title, text)

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        QtWidgets.QMessageBox.warning(parent, title, text)

    def error(self, parent: QWidget | None, title: str, error: KkrError | str) -> None:
        if isinstance(error, InternalError):     # kkrdesk's own failure: the fejlrapport instead
            self.report_internal(parent, error)
            return
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Critical, title, error_text(error),
                                    QtWidgets.QMessageBox.StandardButton.Ok, parent)
        if isinstance(error, KkrError) and error.problems:
            box.setDetailedText("\n".join(window_text(p.format()) for p in error.problems))
        box.exec()

    def report_internal(self, parent: QWidget | None, error: BaseException) -> None:
        """Show kkrdesk's own failure once, however many callers are told about it."""
        if isinstance(error, InternalError):
            if error.reported:
                return
            error.reported = True
        self.internal_error(parent, error)

    def internal_error(self, parent: QWidget | None, error: BaseException) -> None:
        """"Der skete en fejl i kkrdesk" with the fejlrapport and Kopiér fejlrapport."""
        from kkrdesk.ui.crash_dialog import CrashDialog  # with the bug report's imports: not at start-up

        self.run(CrashDialog(error, parent))

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QtWidgets.QMessageBox.question(parent, title, text)
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def offer(self, parent: QWidget | None, title: str, text: str, action: str) -> bool:
        """A message with one way forward (a button named ``action``) and Luk; True if it was chosen."""
        box = QtWidgets.QMessageBox(QtWidgets.QMessageBox.Icon.Information, title, text,
                                    QtWidgets.QMessageBox.StandardButton.Close, parent)
        chosen = box.addButton(action, QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(chosen)
        box.exec()
        return box.clickedButton() is chosen

    def save_discard_cancel(self, parent: QWidget | None, title: str, text: str) -> str:
        """Returns "save", "discard" or "cancel"."""
        buttons = (QtWidgets.QMessageBox.StandardButton.Save | QtWidgets.QMessageBox.StandardButton.Discard
                   | QtWidgets.QMessageBox.StandardButton.Cancel)
        answer = QtWidgets.QMessageBox.question(parent, title, text, buttons, QtWidgets.QMessageBox.StandardButton.Save)
        return {QtWidgets.QMessageBox.StandardButton.Save: "save",
                QtWidgets.QMessageBox.StandardButton.Discard: "discard"}.get(answer, "cancel")

    def open_files(self, parent: QWidget | None, title: str, file_filter: str = "") -> list[Path]:
        names, _ = QtWidgets.QFileDialog.getOpenFileNames(parent, title, self.folder, file_filter)
        if names:
            self.folder = str(Path(names[0]).parent)
        return [Path(n) for n in names]

    def open_file(self, parent: QWidget | None, title: str, file_filter: str = "") -> Path | None:
        name, _ = QtWidgets.QFileDialog.getOpenFileName(parent, title, self.folder, file_filter)
        if name:
            self.folder = str(Path(name).parent)
        return Path(name) if name else None

    def save_file(self, parent: QWidget | None, title: str, suggested: str = "",
                  file_filter: str = "") -> Path | None:
        name, _ = QtWidgets.QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
        return Path(name) if name else None

    def choose_folder(self, parent: QWidget | None, title: str) -> Path | None:
        name = QtWidgets.QFileDialog.getExistingDirectory(parent, title)
        return Path(name) if name else None

    def run(self, dialog: QDialog) -> bool:
        """Show a modal dialog; True when the user accepted it."""
        return dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted

    def print_document(self, parent: QWidget | None, title: str, render, document_name: str = "") -> bool:
        """Qt's print dialog; when the user prints, ``render(printer)`` draws onto the chosen printer."""
        from PySide6.QtPrintSupport import QPrintDialog

        from kkrdesk.ui.printing import new_printer

        printer = new_printer()
        printer.setDocName(document_name or title)   # what the printer queue shows
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(title)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return False
        render(printer)
        return True

    def ask_password(self, parent: QWidget | None, title: str, text: str) -> str | None:

        value, ok = QtWidgets.QInputDialog.getText(parent, title, text, QtWidgets.QLineEdit.EchoMode.Password)
        return value if ok else None


class StubDialogs(DialogService):
    """Records what would have been asked and answers from ``answers`` (for tests)."""

    def __init__(self, **answers):
        self.answers = answers
        self.shown: list[tuple[str, str, str]] = []

    def _record(self, kind: str, title: str, text) -> None:
        self.shown.append((kind, title, error_text(text) if isinstance(text, KkrError) else str(text)))

    def inform(self, parent, title, text):
        self._record("inform", title, text)

    def warn(self, parent, title, text):
        self._record("warn", title, text)

    def error(self, parent, title, error):
        if isinstance(error, InternalError):
            self.report_internal(parent, error)
            return
        self._record("error", title, error)

    def internal_error(self, parent, error):
        """Records the fejlrapport; ``answers["internal_error"](dialog)`` may look at the real dialog."""
        from kkrdesk.ui.crash_dialog import TITLE, CrashDialog

        dialog = CrashDialog(error, parent)
        self._record("internal_error", TITLE, dialog.report)
        look = self.answers.get("internal_error")
        if look:
            look(dialog)

    def confirm(self, parent, title, text):
        self._record("confirm", title, text)
        return self.answers.get("confirm", True)

    def offer(self, parent, title, text, action):
        self._record("offer", title, text)
        return self.answers.get("offer", False)

    def save_discard_cancel(self, parent, title, text):
        self._record("save_discard_cancel", title, text)
        return self.answers.get("save_discard_cancel", "cancel")

    def open_files(self, parent, title, file_filter=""):
        return list(self.answers.get("open_files", []))

    def open_file(self, parent, title, file_filter=""):
        return self.answers.get("open_file")

    def save_file(self, parent, title, suggested="", file_filter=""):
        self._record("save_file", title, suggested)
        return self.answers.get("save_file")

    def choose_folder(self, parent, title):
        return self.answers.get("choose_folder")

    def ask_password(self, parent, title, text):
        self._record("ask_password", title, text)
        return self.answers.get("password")

    def print_document(self, parent, title, render, document_name=""):
        """Prints onto ``answers["printer"]`` (e.g. a QPrinter writing a PDF file) or cancels."""
        self._record("print", title, "")
        printer = self.answers.get("printer")
        if printer is None:
            return False
        render(printer)
        return True

    def run(self, dialog):
        """Calls ``answers["run"](dialog)`` (which may fill the dialog in) or declines."""
        self._record("run", dialog.windowTitle(), "")
        fill = self.answers.get("run")
        return bool(fill(dialog)) if fill else False


_current: DialogService = DialogService()


def service() -> DialogService:
    """The dialog service windows must use: ``dialogs.service().confirm(...)``."""
    return _current


def use(replacement: DialogService) -> DialogService:
    """Replace the service (tests install a StubDialogs); returns the previous one."""
    global _current
    previous, _current = _current, replacement
    return previous
