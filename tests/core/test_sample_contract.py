"""The sample contract of item 2.7: deterministic, and its one shortcoming found with code and section."""

import stat
import zipfile
from pathlib import Path

import pytest

from kkrdesk.core.contracts.review import review_contract
from kkrdesk.core.office.libreoffice import convert_to_pdf
from kkrdesk.core.office.soffice import find_soffice
from tools.make_sample_contract import CONTRACT_FILE, RESULTS_FILE, write_sample_contract


def test_the_sample_is_the_same_on_every_run(tmp_path):
    first = write_sample_contract(tmp_path / "a")
    second = write_sample_contract(tmp_path / "b")
    assert [p.name for p in first] == [CONTRACT_FILE, RESULTS_FILE]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_the_committed_sample_and_a_fresh_one_hold_normal_files_readable_by_all(tmp_path):
    committed = Path(__file__).resolve().parents[2] / "agendas" / "kkr-sjaelland-2025-02" / "bilag" / CONTRACT_FILE
    fresh = write_sample_contract(tmp_path)[0]
    assert committed.read_bytes() == fresh.read_bytes()          # the tool made the committed file
    with zipfile.ZipFile(committed) as package:
        modes = {info.filename: (info.create_system, info.external_attr >> 16) for info in package.infolist()}
    assert modes and all(system == 3 and stat.S_ISREG(mode) and stat.S_IMODE(mode) == 0o644
                         for system, mode in modes.values()), modes


def test_the_sample_shortcoming_is_goal_2_below_the_national_minimum(tmp_path):
    contract, results = write_sample_contract(tmp_path)
    review = review_contract(contract, results=results)
    assert review.title == "Resultatkontrakt 2025 mellem KKR Sjælland og Erhvervshus Sjælland"
    errors = [(f.code, f.goal, f.section) for f in review.findings if f.severity == "error"]
    assert errors == [("target-below-national", 2, "8.1")]
    locals_ = [f.message for f in review.findings if f.code == "local-goal"]
    assert len(locals_) == 2
    assert {s.role for s in review.contract.signatures} == {"kkr-chair", "house-chair"}
    status = {(r.goal, r.key): r.status for r in review.results}
    assert status[(1, "vejledte-iværksættere")] == "not-met"
    assert status[(3, "nps")] == "met"
    assert status[(5, "mervaekst-omsaetning")] == "not-reported"


@pytest.mark.libreoffice
@pytest.mark.slow
def test_the_sample_saved_as_pdf_by_libreoffice_gives_the_same_findings(tmp_path):
    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    contract, _ = write_sample_contract(tmp_path)
    from_word = review_contract(contract)
    from_pdf = review_contract(convert_to_pdf(contract, cache_dir=tmp_path / "cache"))
    assert [(f.code, f.goal, f.message) for f in from_pdf.findings] == \
        [(f.code, f.goal, f.message) for f in from_word.findings]
    assert from_pdf.findings[0].location.startswith("side 2")
