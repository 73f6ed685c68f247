"""`kkrdesk screenshot` renders the main window on a meeting to a PNG, headless."""

from __future__ import annotations

import struct

import pytest

from tests.factories import meeting_with_file


def png_size(path):
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_screenshot_of_a_meeting(tmp_path, cli):
    meeting_with_file(tmp_path / "m").close()
    result = cli("screenshot", tmp_path / "m", "-o", tmp_path / "shot.png", "--size", "1000x700",
                 env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert png_size(tmp_path / "shot.png") == (1000, 700)
    assert "propagateSizeHints" not in result.stderr


def test_screenshot_of_something_that_is_not_a_meeting(tmp_path, cli):
    result = cli("screenshot", tmp_path, "-o", tmp_path / "shot.png", env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 1
    assert "ingen meeting.toml" in result.stderr and "Traceback" not in result.stderr
    assert cli("screenshot", tmp_path, "-o", "x.png", "--size", "big").returncode == 2


@pytest.mark.slow
def test_a_bilag_opened_as_a_double_click_opens_it_and_the_export_dialog_can_be_pictured(tmp_path, cli, sample_dir):
    offscreen = {"QT_QPA_PLATFORM": "offscreen", "KKRDESK_NO_LIBREOFFICE": "1"}
    reader = cli("screenshot", sample_dir, "-o", tmp_path / "læser.png", "--size", "900x600", "--bilag", "2.4/1",
                 env=offscreen)
    assert reader.returncode == 0, reader.stderr
    assert png_size(tmp_path / "læser.png") == (900, 600)
    export = cli("screenshot", sample_dir, "-o", tmp_path / "eksport.png", "--size", "800x640", "--export-dialog",
                 "--json", env=offscreen)
    assert export.returncode == 0, export.stderr
    assert png_size(tmp_path / "eksport.png") == (800, 640)


@pytest.mark.slow
def test_an_unknown_bilag_or_tab_is_a_usage_error(tmp_path, cli, sample_dir):
    offscreen = {"QT_QPA_PLATFORM": "offscreen"}
    for option, value, told in (("--bilag", "2.4", "punkt/bilagsnummer"),
                                ("--bilag", "2.4/7", "intet bilag 7 til punkt 2.4"),
                                ("--tab", "Kalender", "Fanerne hedder: Dagsorden, Læser, Søg")):
        done = cli("screenshot", sample_dir, "-o", tmp_path / "x.png", option, value, env=offscreen)
        assert done.returncode == 2, (value, done.stderr)
        assert told in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.png").exists()


def test_a_screenshot_larger_than_the_limit_is_refused_before_any_window(tmp_path, cli):
    meeting_with_file(tmp_path / "m").close()
    for size in ("40000x40000", "7681x100", "7680x7680"):
        result = cli("screenshot", tmp_path / "m", "-o", tmp_path / "shot.png", "--size", size,
                     env={"QT_QPA_PLATFORM": "offscreen"})
        assert result.returncode == 2, size
        assert "for stort til et skærmbillede" in result.stderr and "7.680" in result.stderr
        assert not (tmp_path / "shot.png").exists()
