"""A broken image given to add-bilag from a shell: one Danish message that names the file once, nothing added."""

from __future__ import annotations

import pytest

from tests.broken_images import cut_in_half, picture_by_poppler, png_by_hand, with_bad_checksum


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


@pytest.mark.slow
def test_add_bilag_refuses_a_truncated_jpeg_and_takes_the_whole_one_and_a_tiff(cli, tmp_path):
    folder = tmp_path / "møde"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-03-01").returncode == 0
    assert cli("add-item", folder, "--number", "2.2", "--title", "Vækstplan").returncode == 0
    before = (folder / "meeting.toml").read_bytes()
    whole = picture_by_poppler(tmp_path / "indbakke", "jpeg")
    cut = cut_in_half(whole, tmp_path / "indbakke" / "foto fra Ærø, halvt hentet.jpg")

    result = cli("add-bilag", folder, "--item", "2.2", cut)
    assert result.returncode == 1, result.stderr
    assert result.stderr.count(cut.name) == 1, result.stderr
    assert "billedet er afkortet: filen slutter, før billedet er færdigt." in result.stderr
    assert "Hent billedet igen" in result.stderr and "Traceback" not in result.stderr
    assert (folder / "meeting.toml").read_bytes() == before

    assert cli("add-bilag", folder, "--item", "2.2", whole).returncode == 0
    exported = cli("export", folder, "--pdf", tmp_path / "bilag.pdf", "--no-libreoffice")
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "bilag.pdf").read_bytes().startswith(b"%PDF")
    tiff = picture_by_poppler(tmp_path / "scanner", "tiff")       # poppler's TIFF: an image bilag, printed
    assert cli("add-bilag", folder, "--item", "2.2", tiff).returncode == 0, "tiff"
    assert f'file = "bilag/{tiff.name}"\nkind = "image"' in (folder / "meeting.toml").read_text(encoding="utf-8")
