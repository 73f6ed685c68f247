"""What the agenda's extras say in words: a chart's alt text, where contract results come from."""

from __future__ import annotations

from pathlib import Path

from kkrdesk.core.contracts.agenda_extra import results_source
from kkrdesk.core.export.blocks import ExtraContext
from kkrdesk.core.export.selection import select
from kkrdesk.core.meeting.model import Bilag, FileKind
from kkrdesk.core.survey.agenda_extra import chart_in_words
from kkrdesk.core.survey.charts_data import ChartData, ChartKind, Series


def test_a_charts_alt_text_names_its_highest_and_lowest_figures():
    data = ChartData(ChartKind.STATEMENTS, "Udsagn: gennemsnit", "KKR Sjælland (n = 22)",
                     ("2.1 Koordinering", "2.2 Opbakning", "2.3 Vigtighed", "2.4 Troværdighed", "2.5 Løsninger"),
                     (Series("KKR Sjælland", (4.2, 4.4, 2.9, 3.7, 3.4)), Series("2017", (3.9, None, 2.8, 3.7, 3.5))),
                     "Gennemsnit (1 = meget lav grad, 5 = meget høj grad)", 1)
    assert chart_in_words(data) == (
        "Søjlediagram. Udsagn: gennemsnit, KKR Sjælland (n = 22); gennemsnit (1 = meget lav grad, 5 = meget "
        "høj grad). KKR Sjælland: højest 2.2 Opbakning (4,4), 2.1 Koordinering (4,2), 2.4 Troværdighed (3,7); "
        "lavest 2.3 Vigtighed (2,9). 2017: højest 2.1 Koordinering (3,9), 2.4 Troværdighed (3,7), "
        "2.5 Løsninger (3,5); lavest 2.3 Vigtighed (2,8).")


def test_contract_results_are_labelled_by_their_source(tmp_path):
    from kkrdesk.core.meeting.store import read_meeting
    from tests.export_fixtures import ItemSpec, make_meeting

    folder = make_meeting(tmp_path / "møde", [ItemSpec("2.7", "Kontrakt", bilag=[])])
    meeting, _ = read_meeting(folder)
    example = Bilag("Resultatopgørelse 2025 (eksempel)", "bilag/r.csv", FileKind.CSV, printed=False)
    real = Bilag("Resultatopgørelse 2025", "bilag/s.csv", FileKind.CSV, printed=False)
    meeting.items[0].bilag += [example, real]
    selected = select(meeting).items[0].all_bilag
    context = ExtraContext(Path(folder), meeting, meeting.items[0], selected)
    assert results_source(context, example) == (" Resultattallene er et eksempel på afrapportering "
                                                "(bilag 1: Resultatopgørelse 2025 (eksempel)).")
    assert results_source(context, real) == " Resultattallene er fra bilag 2: Resultatopgørelse 2025."
    assert results_source(context, None) == ""
