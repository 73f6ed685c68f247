"""Which bilag of a meeting are resultatkontrakter the checker can open (the window's "Kontrollér" action)."""

from __future__ import annotations

from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.meeting.model import AgendaItem, Bilag, Meeting

_CONTRACT_WORD = "resultatkontrakt"
RESULTS_WORD = "resultat"


def is_contract_bilag(bilag: Bilag) -> bool:
    """A Word or PDF bilag whose title or file name says it is a resultatkontrakt."""
    named = _CONTRACT_WORD in bilag.title.lower() or _CONTRACT_WORD in bilag.file.lower()
    return named and bilag.kind in (FileKind.DOCX, FileKind.PDF)


def contract_bilag(meeting: Meeting) -> list[tuple[str, Bilag]]:
    """(item number, bilag) for every contract bilag of the meeting, in agenda order."""
    return [(item.number, bilag) for item, bilag in meeting.all_bilag() if is_contract_bilag(bilag)]


def results_file_for(item: AgendaItem, contract: Bilag) -> Bilag | None:
    """A results file (CSV/XLSX) attached to the same item as the contract, by its name."""
    return next((other for other in item.bilag if other is not contract
                 and other.kind in (FileKind.CSV, FileKind.XLSX)
                 and RESULTS_WORD in (other.title + other.file).lower()), None)
