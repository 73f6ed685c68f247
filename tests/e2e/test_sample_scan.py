"""The sample meeting's scanned, signed resultatkontrakt (bilag 4 to item 2.7): after OCR, search
finds its words and check-contract reads it as it reads the signed contract's own Word file."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.ocr.rendition import find_ocr_tools
from kkrdesk.core.office.soffice import find_soffice
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import make_sample_contract

SCAN = f"bilag/{make_sample_contract.SIGNED_FILE}"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(find_ocr_tools() is None or find_soffice() is None,
                                 reason="ocrmypdf, tesseract-ocr-dan or LibreOffice missing")]


def findings(answer: dict) -> list[tuple]:
    return sorted((f["code"], f["severity"], f.get("goal"), f.get("measure")) for f in answer["findings"])


def targets(answer: dict) -> list[tuple]:
    return sorted((goal["goal"], target["key"], target["value"])
                  for goal in answer["contract"]["goals"] for target in goal["targets"])


def test_the_scanned_signed_contract_is_searchable_and_checked_like_its_original(cli, sample_dir, tmp_path):
    folder = tmp_path / "møde"
    shutil.copytree(sample_dir, folder)
    scan = folder / SCAN
    before = sha256_of(scan)
    cache = {"KKRDESK_CACHE_DIR": str(tmp_path / "cache")}

    def scan_hits(word: str) -> list[dict]:
        answer = json.loads(cli("search", folder, word, "--json", env=cache).stdout)
        return [hit for hit in answer["hits"] if hit["file"] == SCAN]

    assert scan_hits("Iværksætterguiden") == []                       # images only, so far
    assert cli("check-contract", scan, env=cache).returncode == 1     # "scanned: use --ocr"
    run = cli("ocr", scan, "--json", env=cache)
    assert run.returncode == 0, run.stderr
    hits = scan_hits("Iværksætterguiden")                             # the index reads it again
    assert hits and {hit["item_number"] for hit in hits} == {"2.7"}
    assert scan_hits("produktionsvirksomheder")

    checked = cli("check-contract", scan, "--json", env=cache)        # the copy made above is used
    signed = tmp_path / "underskrevet.docx"
    make_sample_contract.write_signed_contract(signed)
    original = cli("check-contract", signed, "--json", env=cache)
    draft = cli("check-contract", folder / f"bilag/{make_sample_contract.CONTRACT_FILE}", "--json", env=cache)
    scanned, signed_answer = json.loads(checked.stdout), json.loads(original.stdout)
    assert scanned["contract"]["ocr"] is True
    assert findings(scanned) == findings(signed_answer)
    assert targets(scanned) == targets(signed_answer) and len(targets(scanned)) == 9
    assert checked.returncode == original.returncode == 0
    # the draft's shortcoming (50 % for knowledge of the offers) is put right in the signed copy
    assert ("target-below-national", "error", 2, "kendskab-tilbud") in findings(json.loads(draft.stdout))
    assert sha256_of(scan) == before
