"""Finding the resultatkontrakt among a meeting's bilag."""

import datetime as dt

from kkrdesk.core.contracts.bilag import contract_bilag, is_contract_bilag
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.meeting.model import AgendaItem, Bilag, Meeting


def test_contract_bilag_are_found_by_title_or_file_name_and_kind():
    agreement = Bilag("Rammeaftale for erhvervshusene 2024-2027", "bilag/rammeaftale.pdf", FileKind.PDF)
    contract = Bilag("Resultatkontrakt 2025 mellem KKR Sjælland og Erhvervshus Sjælland",
                     "bilag/kontrakt.docx", FileKind.DOCX)
    by_file = Bilag("Bilag 3", "bilag/resultatkontrakt-2024.pdf", FileKind.PDF)
    results = Bilag("Resultatkontrakt: resultater", "bilag/resultater.csv", FileKind.CSV)
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), items=[
        AgendaItem("2.2", "Temadrøftelse"),
        AgendaItem("2.7", "Rammeaftale og resultatkontrakt", bilag=[agreement, contract, by_file,
                                                                   results])])
    assert contract_bilag(meeting) == [("2.7", contract), ("2.7", by_file)]
    assert not is_contract_bilag(results) and not is_contract_bilag(agreement)
