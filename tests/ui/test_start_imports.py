"""Opening the window on a meeting imports no feature it has not been asked for (start-up to first paint)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

# Readers and writers the first paint does not need: each costs 40 ms to 1 s to import.
NOT_AT_START = {"pikepdf", "pandas", "docx", "pypdfium2", "openpyxl", "reportlab", "lxml", "numpy", "pyqtgraph",
                "PIL", "kkrdesk.core.casetext"}


@pytest.mark.slow
def test_the_window_opens_the_sample_without_importing_any_feature_reader(tmp_path, sample_dir):
    script = textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        from PySide6.QtCore import QSettings
        from kkrdesk.ui.app import create_application
        from kkrdesk.ui.main_window import MainWindow
        from kkrdesk.ui.settings import Settings
        app = create_application([])
        window = MainWindow(Settings(QSettings({str(tmp_path / "s.ini")!r}, QSettings.Format.IniFormat)),
                            data_dir=Path({str(tmp_path / "data")!r}))
        assert window.open_meeting(Path({str(sample_dir)!r}))
        window.show()
        app.processEvents()
        print(json.dumps(sorted(sys.modules)))
        window.session.stack.setClean()
        window.close()
        window.deleteLater()
        app.processEvents()
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "KKRDESK_DATA_DIR": str(tmp_path / "data"), "KKRDESK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert "kkrdesk.ui.main_window" in loaded                 # the list is the window's
    assert {name for name in NOT_AT_START if any(m == name or m.startswith(name + ".") for m in loaded)} == set()
