"""kkrdesk ocr from a shell: a scanned bilag becomes searchable through its cached copy, the file untouched."""

import json

import pytest

from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.ocr.rendition import find_ocr_tools
from tests.contract_corpus import Case, soffice, write_cases
from tests.scans import scan

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(find_ocr_tools() is None or soffice() is None,
                                 reason="ocrmypdf, tesseract-ocr-dan or LibreOffice missing")]


def test_a_scanned_bilag_is_found_by_search_after_ocr(cli, tmp_path):
    case = Case("kontrakt", "prose-titles", "lo-pdf")
    original = write_cases([case], tmp_path / "kilde")[case.name]
    scanned = scan(original, tmp_path / "scannet-kontrakt.pdf")
    folder = tmp_path / "møde"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-03-01").returncode == 0
    assert cli("add-item", folder, "--number", "2.7", "--title", "Kontrakt").returncode == 0
    assert cli("add-bilag", folder, "--item", "2.7", scanned).returncode == 0
    bilag = folder / "bilag" / scanned.name
    before = sha256_of(bilag)

    plain = {"KKRDESK_CACHE_DIR": str(tmp_path / "uden-ocr")}
    assert json.loads(cli("search", folder, "Promoter", "--json", env=plain).stdout)["total"] == 0
    refused = cli("check-contract", bilag, env=plain)
    assert refused.returncode == 1 and "--ocr" in refused.stderr

    cache = {"KKRDESK_CACHE_DIR": str(tmp_path / "med-ocr")}
    run = cli("ocr", bilag, "--json", env=cache)
    assert run.returncode == 0, run.stderr
    copy = json.loads(run.stdout)["searchable_copy"]
    assert copy.endswith(f"{before}.pdf")
    hits = json.loads(cli("search", folder, "Promoter", "--json", env=cache).stdout)
    assert hits["total"] == 1 and hits["hits"][0]["file"] == f"bilag/{scanned.name}"
    checked = cli("check-contract", bilag, "--ocr", "--json", env=cache)
    assert checked.returncode == 0, checked.stdout
    assert json.loads(checked.stdout)["contract"]["ocr"] is True
    assert sha256_of(bilag) == before
