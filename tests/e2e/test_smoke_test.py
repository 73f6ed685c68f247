"""`kkrdesk --smoke-test`: every step on a working copy of the sample, a clean exit, and a named failure."""

from __future__ import annotations

import shutil

import pytest

from kkrdesk.core.export.libreoffice_toc import can_update_indexes
from tests.conftest import private_home

OFFSCREEN = {"QT_QPA_PLATFORM": "offscreen"}


def snapshot(folder):
    return sorted((p.relative_to(folder).as_posix(), p.stat().st_mtime_ns, p.stat().st_size)
                  for p in folder.rglob("*"))


@pytest.mark.slow
def test_without_libreoffice_every_step_passes_and_nothing_is_left_behind(tmp_path, cli, sample_dir):
    before = snapshot(sample_dir)
    home = private_home(tmp_path)
    done = cli("--smoke-test", env={**OFFSCREEN, **home, "KKRDESK_NO_LIBREOFFICE": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Røgtest af kkrdesk")
    assert [line.split(" – ")[0] for line in lines[1:8]] == [f"[{n}/7] OK" for n in range(1, 8)]
    assert "Møde i KKR Sjælland, 5 punkter, 8 bilag" in lines[2]
    assert "LibreOffice er ikke installeret: Word-bilag mangler i bilagspakken" in lines[4]
    assert lines[-1].startswith("Røgtesten er bestået på")
    assert "Traceback" not in done.stderr
    assert snapshot(sample_dir) == before
    written = [p for p in (tmp_path / "home").rglob("*") if p.is_file() and "dconf" not in p.parts]
    assert written == []


@pytest.mark.libreoffice
@pytest.mark.skipif(not can_update_indexes(), reason="LibreOffice with Python-UNO is not installed")
@pytest.mark.slow
def test_with_libreoffice_the_word_bilag_and_the_table_of_contents_are_done(tmp_path, cli):
    done = cli("--smoke-test", env={**OFFSCREEN, **private_home(tmp_path)})
    assert done.returncode == 0, done.stdout + done.stderr
    export_line = done.stdout.splitlines()[4]
    assert "bilagspakke på 70 sider; LibreOffice udfyldte indholdsfortegnelsen" in export_line


def test_a_broken_sample_fails_at_the_step_that_meets_it(tmp_path, cli, sample_dir):
    broken = tmp_path / "eksempel"
    shutil.copytree(sample_dir, broken)
    (broken / "bilag" / "2.4-bilag-1-udspil-kollektiv-trafik.pdf").unlink()
    done = cli("--smoke-test", env={**OFFSCREEN, **private_home(tmp_path), "KKRDESK_SAMPLE": str(broken),
                                    "KKRDESK_NO_LIBREOFFICE": "1"})
    assert done.returncode == 1
    assert "[3/7] OK" in done.stdout and "[4/7]" not in done.stdout
    assert "trin 4 (skriver dagsorden (Word) og bilagspakke (PDF)) fejlede" in done.stderr
    assert "Traceback" not in done.stderr
