"""`kkrdesk export --docx` draws the survey charts with the print renderer in its own process, and says
so in Danish and leaves them out, rather than failing, where Qt cannot be loaded."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT

EMU_PER_CM = 360_000
# The command line started as `python -m kkrdesk` would be, with PySide6 made unimportable first.
WITHOUT_QT = ("import runpy, sys\n"
              "class Block:\n"
              "    def find_spec(self, name, path=None, target=None):\n"
              "        if name.split('.')[0] in {'PySide6', 'shiboken6', 'pyqtgraph'}:\n"
              "            raise ImportError('No module named ' + repr(name))\n"
              "sys.meta_path.insert(0, Block())\n"
              "sys.argv[0] = 'kkrdesk'\n"
              "runpy.run_module('kkrdesk', run_name='__main__')\n")


def _export(sample_dir, target, *, python_args=("-m", "kkrdesk"), env=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, *python_args, "export", str(sample_dir), "--docx", str(target),
                           "--no-libreoffice"], env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=300)


def _document(target) -> tuple[str, list[str]]:
    with zipfile.ZipFile(target) as archive:
        return (archive.read("word/document.xml").decode("utf-8"),
                [n for n in archive.namelist() if n.startswith("word/media/")])


@pytest.mark.slow
def test_the_agendas_charts_are_print_pictures_16_cm_wide_drawn_offscreen_without_a_display(sample_dir, tmp_path,
                                                                                            monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    done = _export(sample_dir, tmp_path / "dagsorden.docx", env={"QT_QPA_PLATFORM": "xcb"})
    assert done.returncode == 0, done.stdout + done.stderr
    document, pictures = _document(tmp_path / "dagsorden.docx")
    assert len(pictures) == 2
    assert [round(int(cx) / EMU_PER_CM, 1) for cx in re.findall(r'<wp:extent cx="(\d+)"', document)] == [16.0, 16.0]
    assert "Diagrammerne er udeladt" not in document


@pytest.mark.slow
def test_without_qt_the_agenda_says_its_charts_are_left_out_and_the_rest_is_written(sample_dir, tmp_path):
    done = _export(sample_dir, tmp_path / "dagsorden.docx", python_args=("-c", WITHOUT_QT))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert ("Diagrammerne er udeladt af dagsordenen: kkrdesk kan ikke tegne diagrammer her, fordi Qt (PySide6) "
            "ikke kan indlæses") in done.stdout
    document, pictures = _document(tmp_path / "dagsorden.docx")
    assert pictures == []
    assert "Resultater fra bilag 3: KKR-undersøgelse 2025" in document
    assert "Diagrammerne er udeladt: kkrdesk kan ikke tegne diagrammer her" in document
    assert "Kontrol af bilag 2" in document           # the contract findings do not depend on Qt
