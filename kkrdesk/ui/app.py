"""Starting the desktop application: QApplication, Danish translations, theme and the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QThreadPool, QTranslator, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from kkrdesk import __version__, collection
from kkrdesk.core.logbook import configure_logging
from kkrdesk.core.sample import sample_meeting_dir
from kkrdesk.library_logs import keep_library_warnings_quiet
from kkrdesk.ui import theme
from kkrdesk.ui.error_reporting import install_excepthook
from kkrdesk.ui.icons import icon

ORGANISATION = "kkrdesk"
WORKER_GRACE_MS = 5000
APPLICATION = "kkrdesk"
# Harmless notices of Qt's offscreen platform (screenshots, tests) that would only alarm a user.
_QUIET_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)


# Qt 6.11 changed these file dialog texts (mnemonics added, a new context for file types);
# qtbase_da.qm only knows the old ones.
_MISSING_DANISH = {("QFileDialog", "&Look in:"): "&Kig i:", ("QFileDialog", "Files of &type:"): "Fil&type:",
                   ("QAbstractFileIconProvider", "Folder"): "Mappe",
                   ("QAbstractFileIconProvider", "File Folder"): "Filmappe",
                   ("QAbstractFileIconProvider", "Drive"): "Drev",
                   ("QAbstractFileIconProvider", "File"): "Fil",
                   ("QAbstractFileIconProvider", "%1 File"): "%1-fil"}


class MissingDanish(QTranslator):
    """The few Qt texts the shipped Danish catalogue lacks, asked after it (see install_danish)."""

    def translate(self, context, source_text, disambiguation=None, n=-1):
        return _MISSING_DANISH.get((context, source_text))   # None: not ours either, the text stays English

    def isEmpty(self) -> bool:
        return False


def _danish_dates_without_a_locale() -> None:
    """With no locale chosen (LANG=C, as on a bare server or Xvfb) Qt's own file dialogs write dates
    as "3 12 2026"; ask for Danish date formats then. A locale the user chose is left alone."""
    chosen = os.environ.get("LC_ALL") or os.environ.get("LC_TIME") or os.environ.get("LANG") or ""
    if chosen.split(".")[0] in ("", "C", "POSIX"):
        os.environ["LC_TIME"] = "da_DK.UTF-8"


def _qt_message(mode, context, message: str) -> None:
    if not message.startswith(_QUIET_QT_MESSAGES):
        sys.stderr.write(message + "\n")


def install_danish(app: QApplication) -> list[QTranslator]:
    """Qt's own Danish catalogue, and behind it the texts it lacks; returns both translators.

    Qt asks the translator installed last first. The catalogue answers nearly every text Qt
    translates (~700 at start-up), so only the ~30 it has no answer for reach Python.
    """
    missing = MissingDanish(app)
    app.installTranslator(missing)
    translators: list[QTranslator] = [missing]
    catalogue = QTranslator(app)
    if catalogue.load(QLocale(QLocale.Language.Danish), "qtbase", "_",
                      QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(catalogue)
        translators.append(catalogue)
    return translators


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with kkrdesk's names, theme, and Qt's own dialogs in Danish."""
    existing = QApplication.instance()
    if existing is not None and not isinstance(existing, QApplication):
        raise RuntimeError("kkrdesk needs a QApplication, and a QCoreApplication is running")
    if existing is None:
        _danish_dates_without_a_locale()
    app = existing or QApplication([sys.argv[0], *(argv or []), *theme.STYLE_ARGUMENTS])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("kkrdesk")
    app.setDesktopFileName("kkrdesk")      # Linux desktops match the window to kkrdesk.desktop
    app.setApplicationVersion(__version__)
    app.setWindowIcon(icon("kkrdesk"))
    QLocale.setDefault(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
    if existing is None:
        qInstallMessageHandler(_qt_message)
        install_danish(app)
        theme.follow_scheme(app)
    return app


def main(argv: list[str] | None = None) -> int:
    """Open the window on the meeting named in ``argv``, else the last meeting, else the sample."""
    from kkrdesk.ui.features import connect_features
    from kkrdesk.ui.main_window import MainWindow
    from kkrdesk.ui.settings import Settings

    keep_library_warnings_quiet()
    configure_logging()
    argv = list(sys.argv[1:] if argv is None else argv)
    app = create_application(argv)
    install_excepthook()
    if argv and argv[0].lower().endswith(".kkrpack"):
        collection.resume()
        return open_pack_window(Path(argv[0]))
    settings = Settings()
    window = MainWindow(settings)
    connect_features(window)
    window.show()
    target = Path(argv[0]) if argv else (settings.last_meeting() or sample_meeting_dir())
    if target is not None:
        window.open_meeting(target)
    window.offer_recoveries()
    collection.resume()
    code = app.exec()
    window.deleteLater()
    app.processEvents()
    QThreadPool.globalInstance().waitForDone(WORKER_GRACE_MS)  # let cancelled work end before Python does
    return code


def open_pack_window(path: Path) -> int:
    """A member pack given on the command line (a double-click): verified, then read-only in its window."""
    from kkrdesk.core.errors import KkrError
    from kkrdesk.core.pack.opening import open_for_reading
    from kkrdesk.ui import dialogs

    try:
        reading = open_for_reading(path)
    except KkrError as exc:
        dialogs.service().error(None, "Pakken kan ikke åbnes", exc)
        return 1
    return show_pack_window(reading)


def show_pack_window(session) -> int:
    """Open the read-only window for an opened pack (a ReadingSession) and run until it closes."""
    from kkrdesk.core.pack.source import ReadingSource
    from kkrdesk.ui.reader.window import PackReaderWindow

    app = create_application([])
    window = PackReaderWindow(ReadingSource.from_pack(session.pack), session)
    window.show()
    code = app.exec()
    window.close()
    window.deleteLater()   # a QPdfView alive at interpreter exit can crash the process
    QApplication.processEvents()
    return code
