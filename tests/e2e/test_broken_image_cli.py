"""A broken image given to add-bilag from a shell: one Danish message that names the file once, nothing added."""

from __future__ import annotations

import pytest

from tests.broken_images import png_by_hand, with_bad_checksum


@pytest.mark.slow
def test_add_bilag_refuses_a_broken_image_naming_it_once_and_adds_nothing(cli, tmp_path):
    folder = tmp_path / "møde"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-03-01").returncode == 0
    assert cli("add-item", folder, "--number", "2.2", "--title", "Vækstplan").returncode == 0
    before = (folder / "meeting.toml").read_bytes()
    for name, content in (("kort over Ærø, 2025.png", b"\x89PNG\r\n\x1a\n" + b"ikke et billede " * 8),
                          ("foto fra mødet.png", with_bad_checksum(png_by_hand()))):
        image = tmp_path / "indbakke" / name
        image.parent.mkdir(exist_ok=True)
        image.write_bytes(content)
        result = cli("add-bilag", folder, "--item", "2.2", image)
        assert result.returncode == 1, result.stderr
        assert result.stderr.count(name) == 1, result.stderr
        assert "billedet er ødelagt" in result.stderr and "Traceback" not in result.stderr
        assert "cannot identify" not in result.stderr and "fejl i kkrdesk" not in result.stderr
    assert (folder / "meeting.toml").read_bytes() == before
    assert not (folder / "bilag").exists() or not any((folder / "bilag").iterdir())
