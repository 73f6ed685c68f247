"""kkrdesk ocr from a shell on a TIFF bilag: its words become searchable through the cached copy, the file untouched."""

import json

import pytest

from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.ocr.rendition import find_ocr_tools
from tests.scans import text_tiff

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(find_ocr_tools() is None, reason="ocrmypdf/tesseract-ocr-dan missing")]


def test_a_scanned_tiff_bilag_is_found_by_search_after_ocr(cli, tmp_path):
    scanned = text_tiff(tmp_path / "brev fra kommunen.tif")
    folder = tmp_path / "møde"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-03-01").returncode == 0
    assert cli("add-item", folder, "--number", "2.4", "--title", "Henvendelser").returncode == 0
    assert cli("add-bilag", folder, "--item", "2.4", scanned).returncode == 0
    bilag = folder / "bilag" / scanned.name
    before = sha256_of(bilag)
    cache = {"KKRDESK_CACHE_DIR": str(tmp_path / "cache")}
    assert json.loads(cli("search", folder, "Kommunekontaktråd", "--json", env=cache).stdout)["total"] == 0

    run = cli("ocr", bilag, "--json", env=cache)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["searchable_copy"].endswith(f"{before}.pdf")
    hits = json.loads(cli("search", folder, "Kommunekontaktråd", "--json", env=cache).stdout)
    assert hits["total"] == 1 and hits["hits"][0]["file"] == f"bilag/{scanned.name}"
    assert sha256_of(bilag) == before

    again = cli("ocr", bilag, env=cache)                         # the copy is reused, said in Danish
    assert again.returncode == 0 and f"Den søgbare kopi af {scanned.name} er" in again.stdout
