"""Any text at all goes through extraction and checks without an exception other than "not a contract"."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkrdesk.core.contracts.agreement import load_agreement
from kkrdesk.core.contracts.checks import check_contract
from kkrdesk.core.contracts.document_text import DocumentText, Location, TableGrid, TextBlock
from kkrdesk.core.contracts.extract import extract_contract
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.kinds import FileKind

AGREEMENT = load_agreement("rammeaftale-2024-2027")
PIECES = ["Mål 2:", "Mål 7 -", "Lokalt mål 1:", "Nationale mål", "Lokale mål", "KKR Sjælland",
          "Erhvervshus Fyn", "resultatkontrakt 2025", "mindst", "højst", "ikke under", "55",
          "1.200", "171", "halvfjerds", "procent", "%", "procentpoint", "NPS", "i 2027",
          "i 2023", "tilbud", "omsætning", "Formand for KKR", "bestyrelsen", "afrapporterer",
          "tredje kvartal", "8.1", "3 år", ",", ".", "\n", "(", ")", "fordeling 2024:"]
text = st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(paragraphs=st.lists(text, min_size=1, max_size=12),
       cells=st.lists(st.lists(text, min_size=1, max_size=3), max_size=4))
def test_extraction_and_checks_never_crash(paragraphs, cells):
    blocks = [TextBlock(index=i, text=t, location=Location(paragraph=i + 1), level=2 if i % 3 == 0
                        else None) for i, t in enumerate(paragraphs) if t.strip()]
    rows = []
    for r, row in enumerate(cells, start=1):
        cell_blocks = []
        for c, cell_text in enumerate(row, start=1):
            block = TextBlock(index=len(blocks), text=cell_text or "x",
                              location=Location(table=1, row=r, column=c))
            blocks.append(block)
            cell_blocks.append(block)
        rows.append(tuple(cell_blocks))
    document = DocumentText(path=Path("kontrakt.docx"), kind=FileKind.DOCX, blocks=blocks,
                            tables=[TableGrid(number=1, rows=tuple(rows))] if rows else [])
    try:
        contract = extract_contract(document, AGREEMENT)
    except BadFileError as error:
        assert error.reason == "not-a-contract"
        return
    for finding in check_contract(contract, AGREEMENT):
        assert finding.message and finding.section
        assert finding.location


def _paragraphs(*texts: str) -> DocumentText:
    blocks = [TextBlock(index=i, text=t, location=Location(paragraph=i + 1)) for i, t in enumerate(texts)]
    return DocumentText(path=Path("notat.docx"), kind=FileKind.DOCX, blocks=blocks, tables=[])


def test_one_goal_title_word_in_another_kind_of_paper_is_not_a_contract():
    """A paper on public transport that mentions the regions' knudepunkter once must be refused,
    not checked and given ten false errors (the sample's bilag 1 to item 2.4 was)."""
    paper = _paragraphs("Kollektiv trafik i hele landet",
                        "Knudepunkterne: bus og tog skal mødes bedre, så pendlere sparer tid.",
                        "Kommunerne og regionerne deler ansvaret for de lokale ruter.")
    try:
        extract_contract(paper, AGREEMENT)
    except BadFileError as error:
        assert error.reason == "not-a-contract"
    else:
        raise AssertionError("a transport paper was read as a resultatkontrakt")
