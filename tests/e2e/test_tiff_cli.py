"""A multi-page TIFF scan from a shell: added with its pages, every page printed in the pack and counted in its index."""

from __future__ import annotations

import json
import subprocess

import pikepdf
import pytest

from tests.broken_images import tiff_by_imagemagick


@pytest.mark.slow
def test_a_three_page_scan_is_added_shown_and_printed_page_for_page(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "møde"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-02-27").returncode == 0
    assert cli("add-item", folder, "--number", "2.2", "--title", "Vækstplan").returncode == 0
    scan = tiff_by_imagemagick(tmp_path / "underskrevet aftale.tif", ("scan", "photo", "scan"), "Group4")
    single = tiff_by_imagemagick(tmp_path / "kvittering.tiff", ("scan",), "LZW")

    added = cli("add-bilag", folder, "--item", "2.2", scan, single)
    assert added.returncode == 0, added.stderr
    assert "underskrevet aftale (image, 3 sider)" in added.stdout and "kvittering (image, 1 side)." in added.stdout
    shown = cli("check-file", folder / "bilag" / scan.name, "--json")
    assert json.loads(shown.stdout) | {"file": ""} == {
        "ok": True, "file": "", "shown_as": "image", "pages": 3, "needs_repair": False, "note": "",
        "active_content": None}

    exported = cli("export", folder, "--pdf", tmp_path / "bilag.pdf", "--no-libreoffice")
    assert exported.returncode == 0, exported.stderr
    with pikepdf.open(tmp_path / "bilag.pdf") as pack:
        # index, separator, the scan's 3 pages, separator, the receipt: 7
        assert len(pack.pages) == 7
        pictures = [len(page.get_images()) for page in pack.pages]
    assert pictures == [0, 0, 1, 1, 1, 0, 1]
    index = subprocess.run(["pdftotext", "-layout", "-l", "1", tmp_path / "bilag.pdf", "-"], capture_output=True,
                           text=True, check=True, timeout=60).stdout
    lines = {line.split(" . ")[0].strip(): line.split()[-1] for line in index.splitlines() if " . ." in line}
    assert lines["Bilag 1: underskrevet aftale"] == "2" and lines["Bilag 2: kvittering"] == "6"
