"""Opening the window on a meeting, or validating one, imports no feature it has not been asked for.

Start-up to first paint and `kkrdesk validate` are judged by their module lists, never by times.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT, run_cli

# Readers and writers the first paint does not need: each costs 40 ms to 1 s to import; and, with
# the bilag's verdicts in the disk cache, the screening child's machinery.
NOT_AT_START = {"pikepdf", "pandas", "docx", "pypdfium2", "openpyxl", "reportlab", "lxml", "numpy", "pyqtgraph",
                "PIL", "kkrdesk.core.casetext", "logging.handlers", "socket", "pickle", "html",
                "kkrdesk.core.files.pdf_screen", "kkrdesk.core.files.screen_start", "queue",
                # LibreOffice's runner: the status bar's notice only looks for soffice
                "subprocess", "kkrdesk.core.office.isolation",
                # the XDG folders are read without it on Linux
                "platformdirs"}
# The feature panels, built when their tab is first chosen; the fejlrapport with its version
# look-ups (importlib.metadata and the email package behind it), the guide, printing and the
# meeting templates, imported when first used; the agenda's meeting and bilag forms (with the OCR
# action and the date and time fields), imported when first shown.
ON_FIRST_USE = {"kkrdesk.ui.reader", "kkrdesk.ui.survey", "kkrdesk.ui.contracts", "kkrdesk.ui.referat",
                "kkrdesk.ui.archive", "kkrdesk.ui.export", "kkrdesk.ui.crash_dialog", "kkrdesk.core.bug_report",
                "importlib.metadata", "email", "kkrdesk.ui.help_dialog", "kkrdesk.ui.printing",
                "PySide6.QtPrintSupport", "kkrdesk.ui.agenda.new_from_dialog", "kkrdesk.core.meeting.templates",
                "kkrdesk.ui.agenda.meeting_form", "kkrdesk.ui.agenda.bilag_form", "kkrdesk.ui.agenda.new_meeting_dialog",
                "kkrdesk.ui.ocr", "importlib.resources", "kkrdesk.ui.agenda.import_text"}
# Qt classes the first paint does not use: taking one from PySide6 creates it with all its enum classes.
QT_CLASSES_ON_FIRST_USE = {"QMessageBox", "QFileDialog", "QInputDialog", "QDateEdit", "QTimeEdit", "QStyle",
                           "QDialogButtonBox", "QTextBrowser"}
# Reading and checking a meeting needs none of these: Qt, the big readers, the meeting templates
# (`new --from`), decimal rounding (numbers shown to the user) and the threads of a many-file save.
NOT_FOR_VALIDATE = {"pikepdf", "pandas", "docx", "PySide6", "shiboken6", "pypdfium2", "openpyxl", "reportlab",
                    "kkrdesk.ui", "kkrdesk.core.meeting.templates", "decimal", "concurrent.futures"}


# The import boundary's machinery (screening verdicts, PDF checks, file facts): the first paint
# shows the meeting as its manifest records it; the check of its files runs after that paint.
# And the bilag references, which only an edit moves.
NOT_AT_FIRST_PAINT = {"kkrdesk.core.files.boundary", "kkrdesk.core.files.inspect", "kkrdesk.core.files.pdf_check",
                      "kkrdesk.core.files.verdicts", "kkrdesk.core.meeting.file_checks",
                      "kkrdesk.core.meeting.importing", "sqlite3", "kkrdesk.core.meeting.references",
                      "kkrdesk.core.office.libreoffice", "kkrdesk.core.disk_cache"}


def loaded(names: list[str], wanted: set[str]) -> set[str]:
    """The entries of ``wanted`` that ``names`` holds, themselves or as a package of a loaded module."""
    return {name for name in wanted if any(m == name or m.startswith(name + ".") for m in names)}


def window_start_modules(tmp_path, sample_dir) -> list[str]:
    """sys.modules, in import order, of a fresh process that opened the window with its features on the sample."""
    return window_start(tmp_path, sample_dir)["modules"]


def window_start(tmp_path, sample_dir) -> dict[str, list[str]]:
    """What a fresh process that opened the window with its features on the sample has loaded: its
    modules in import order, the QtWidgets classes PySide6 has created (it creates each on first use),
    the name of the import function in use, and the modules whose source PySide's import hook read."""
    script = textwrap.dedent(f"""
        import builtins, json, sys
        from pathlib import Path
        from kkrdesk.ui.app import create_application
        from kkrdesk.ui.features import connect_features
        from kkrdesk.ui.main_window import MainWindow
        from kkrdesk.ui.settings import Settings
        from PySide6.QtCore import QSettings
        app = create_application([])
        window = MainWindow(Settings(QSettings({str(tmp_path / "s.ini")!r}, QSettings.Format.IniFormat)),
                            data_dir=Path({str(tmp_path / "data")!r}))
        connect_features(window)
        assert window.open_meeting(Path({str(sample_dir)!r}))
        window.show()
        app.processEvents()
        from PySide6.QtCore import QThreadPool
        QThreadPool.globalInstance().waitForDone(60_000)   # the start's background checks too
        from PySide6 import QtWidgets
        scanned = getattr(sys.modules.get("PySide6.support.feature"), "pyside_feature_dict", {{}})
        print(json.dumps({{"modules": list(sys.modules), "qt": [n for n in vars(QtWidgets) if n.startswith("Q")],
                          "import": builtins.__import__.__name__, "scanned": list(scanned)}}))
        window.session.stack.setClean()
        window.close()
        window.deleteLater()
        app.processEvents()
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "KKRDESK_DATA_DIR": str(tmp_path / "data"), "KKRDESK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_the_window_opens_without_creating_the_qt_classes_it_does_not_show(tmp_path, sample_dir):
    created = set(window_start(tmp_path, sample_dir)["qt"])
    assert {"QMainWindow", "QTreeView", "QPlainTextEdit"} <= created     # the list is the window's
    assert created & QT_CLASSES_ON_FIRST_USE == set()


@pytest.mark.slow
def test_the_window_opens_the_sample_without_importing_any_feature_reader(tmp_path, sample_dir):
    # its PDFs screened before, as every start but the first finds them: verdicts in the disk cache
    done = run_cli("validate", sample_dir, env={"KKRDESK_CACHE_DIR": str(tmp_path / "cache"),
                                                "KKRDESK_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 0, done.stdout + done.stderr
    names = window_start_modules(tmp_path, sample_dir)
    assert "kkrdesk.ui.main_window" in names and "kkrdesk.ui.features" in names   # the list is the window's
    assert loaded(names, NOT_AT_START) == set()
    assert loaded(names, ON_FIRST_USE) == set()


@pytest.mark.slow
def test_the_first_paint_waits_for_none_of_the_file_checks_machinery(tmp_path, sample_dir):
    """As `kkrdesk MAPPE` starts: the window shown, the meeting opened, modules listed at its first paint."""
    script = textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        from kkrdesk.ui.app import create_application
        from kkrdesk.ui.features import connect_features
        from kkrdesk.ui.main_window import MainWindow
        from kkrdesk.ui.settings import Settings
        from PySide6.QtCore import QEvent, QObject, QSettings, QThreadPool, QTimer
        app = create_application([])
        window = MainWindow(Settings(QSettings({str(tmp_path / "s.ini")!r}, QSettings.Format.IniFormat)),
                            data_dir=Path({str(tmp_path / "data")!r}))
        connect_features(window)
        seen = {{}}

        class FirstPaint(QObject):
            def eventFilter(self, watched, event):
                if event.type() == QEvent.Type.Paint and "modules" not in seen:
                    seen["modules"] = list(sys.modules)
                    QTimer.singleShot(0, app.quit)
                return False

        watcher = FirstPaint()
        window.installEventFilter(watcher)
        window.show()
        assert window.open_meeting(Path({str(sample_dir)!r}))
        app.exec()
        QThreadPool.globalInstance().waitForDone(60_000)
        print(json.dumps(seen["modules"]))
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "KKRDESK_DATA_DIR": str(tmp_path / "data"), "KKRDESK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    names = json.loads(done.stdout.strip().splitlines()[-1])
    assert "kkrdesk.ui.agenda.editor" in names and "kkrdesk.core.meeting.store" in names   # the window's list
    assert loaded(names, NOT_AT_FIRST_PAINT) == set()


@pytest.mark.slow
def test_pyside_reads_the_source_of_no_module_the_window_imports(tmp_path, sample_dir):
    """PySide's import hook for `from __feature__ import` (which kkrdesk does not use) is taken out as
    soon as Qt is loaded, leaving the import PySide had wrapped: no module's source is searched."""
    started = window_start(tmp_path, sample_dir)
    assert "kkrdesk.ui.agenda.editor" in started["modules"]      # the list is the window's
    assert started["import"] != "__feature_import__"
    assert [name for name in started["scanned"] if name.startswith("kkrdesk")] == []


def test_validate_imports_neither_qt_nor_what_only_other_commands_use(sample_dir):
    done = run_cli("validate", sample_dir, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    names = [line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
             if line.startswith("import time:") and "cumulative" not in line]
    assert "kkrdesk.core.meeting.checks" in names    # the list is the whole command's
    assert loaded(names, NOT_FOR_VALIDATE) == set()


@pytest.mark.slow
def test_kkrdesk_meeting_collects_no_garbage_until_the_window_is_open(tmp_path, sample_dir):
    """`kkrdesk MAPPE` pauses Python's cyclic collector while it imports and builds the window (each
    full collection walks every object made so far), and collects again, past those objects, once open."""
    script = textwrap.dedent(f"""
        import gc, json, sys
        from kkrdesk import collection
        from kkrdesk.cli import main
        seen = {{}}

        def audit(event, args):
            if event == "import" and args[0] == "kkrdesk.ui.app" and "importing" not in seen:
                seen["importing"] = gc.isenabled()
        sys.addaudithook(audit)
        resume = collection.resume

        def resumed():
            resume()
            from PySide6.QtCore import QTimer
            from PySide6.QtWidgets import QApplication

            def open_window():
                seen["open"] = gc.isenabled()
                seen["frozen"] = gc.get_freeze_count()
                print(json.dumps(seen))
                QApplication.instance().quit()
            QTimer.singleShot(0, open_window)
        collection.resume = resumed
        sys.exit(main([{str(sample_dir)!r}]))
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "KKRDESK_DATA_DIR": str(tmp_path / "data"),
           "KKRDESK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["importing"] is False and seen["open"] is True
    assert seen["frozen"] > 10_000       # the start-up's objects, out of the collector's way


@pytest.mark.slow
def test_the_window_screens_the_bilag_it_has_no_verdicts_for(tmp_path, sample_dir):
    names = window_start_modules(tmp_path, sample_dir)      # an empty disk cache: the first start
    assert "kkrdesk.core.files.pdf_screen" in names
