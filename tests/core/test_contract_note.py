"""The Word note of a contract check: A4, Danish, the goals table and every finding with its sources."""

import datetime as dt

import docx
import pytest

from kkrdesk.core.contracts.note import write_findings_note
from kkrdesk.core.contracts.review import review_contract
from kkrdesk.core.errors import KkrError
from tests.contract_factory import CLEAN_SPECS, DEFECTS, write_docx


def note_text(path) -> tuple[str, list[list[str]], docx.Document]:
    document = docx.Document(path)
    text = "\n".join(p.text for p in document.paragraphs)
    table = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    return text, table, document


def test_the_note_lists_findings_with_contract_place_and_agreement_section(tmp_path):
    contract = write_docx(DEFECTS["nps-below"][0], tmp_path / "kontrakt.docx")
    review = review_contract(contract)
    note = write_findings_note(review, tmp_path / "notat.docx", today=dt.date(2025, 2, 27))
    text, table, document = note_text(note)
    assert "Resultatkontrakt 2025 mellem KKR Sjælland og Erhvervshus Sjælland" in text
    assert "27. februar 2025" in text
    assert "Gennemgangen fandt 1 fejl, 0 advarsler og 2 oplysninger." in text
    finding = next(f for f in review.findings if f.code == "target-below-national")
    assert finding.message in text
    assert f"kontrakten: {finding.location}; rammeaftalen afsnit 8.1" in text
    assert table[0] == ["Mål", "Målepunkt", "Rammeaftalen", "Kontrakten"]
    nps_row = next(row for row in table if row[0] == "3")
    assert nps_row[2:] == ["mindst NPS 70", "NPS 65"]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.core_properties.language == "da-DK"


def test_a_clean_contract_gets_a_clean_verdict_and_results_columns(tmp_path):
    contract = write_docx(CLEAN_SPECS["table"], tmp_path / "kontrakt.docx")
    results = tmp_path / "r.csv"
    results.write_text("mål;målepunkt;opnået\n3;NPS;75\n", encoding="utf-8")
    review = review_contract(contract, results=results)
    text, table, _ = note_text(write_findings_note(review, tmp_path / "notat.docx"))
    assert "Kontrakten lever op til rammeaftalens krav" in text
    assert table[0][-2:] == ["Opnået", "Status"]
    assert next(row for row in table if row[0] == "3")[-2:] == ["NPS 75", "opfyldt"]


def test_a_note_that_cannot_be_saved_says_so_in_danish(tmp_path):
    review = review_contract(write_docx(CLEAN_SPECS["prose"], tmp_path / "kontrakt.docx"))
    with pytest.raises(KkrError) as caught:
        write_findings_note(review, tmp_path / "findes-ikke" / "notat.docx")
    assert "notatet kunne ikke gemmes" in caught.value.message and caught.value.hint
