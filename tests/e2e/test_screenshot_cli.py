"""`kkrdesk screenshot` renders the main window on a meeting to a PNG, headless."""

from __future__ import annotations

import struct

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
