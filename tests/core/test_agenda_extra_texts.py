"""The agenda's extras: chart alt texts, contract result sources, charts drawn by an injected renderer."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkrdesk.core.errors import KkrError
from kkrdesk.core.export.blocks import ExtraContext, Picture
from kkrdesk.core.export.contract_findings import results_source
from kkrdesk.core.export.selection import select
from kkrdesk.core.export.survey_charts import ChartsUnavailable, chart_in_words, survey_charts
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.meeting.model import Bilag
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


def _survey_item_context(sample_dir):
    from kkrdesk.core.meeting.store import read_meeting

    meeting, _ = read_meeting(sample_dir)
    selection = select(meeting)
    selected = next(s for s in selection.items if s.item.number == "2.2")
    return ExtraContext(Path(sample_dir), meeting, selected.item, selected.all_bilag)


def test_the_survey_charts_are_drawn_by_the_renderer_the_caller_injects(sample_dir):
    """Core hands the renderer each chart's figures and source line and places what comes back at the
    picture's own size; it draws nothing itself and starts no process."""
    drawn = []

    def renderer(data, source):
        drawn.append((data.kind, data.subtitle, source))
        return b"\x89PNG fake"

    blocks = survey_charts(renderer)(_survey_item_context(sample_dir))
    assert drawn == [(ChartKind.KEYWORDS, "KKR Sjælland (n = 22)", "Kilde: KKR-undersøgelse 2025 (118 besvarelser, "
                      "syntetiske data)"),
                     (ChartKind.STATEMENTS, "KKR Sjælland (n = 22)", "Kilde: KKR-undersøgelse 2025 (118 besvarelser, "
                      "syntetiske data)")]
    pictures = [b for b in blocks if isinstance(b, Picture)]
    assert [p.image for p in pictures] == [b"\x89PNG fake"] * 2 and {p.width_cm for p in pictures} == {None}
    assert pictures[0].alt_text.startswith("Søjlediagram. Nøgleord: antal markeringer, KKR Sjælland (n = 22)")


def test_a_renderer_that_cannot_draw_here_leaves_the_charts_out_with_its_reason(sample_dir):
    def no_qt(data, source):
        raise ChartsUnavailable("kkrdesk kan ikke tegne diagrammer her, fordi Qt ikke kan indlæses.")

    blocks = survey_charts(no_qt)(_survey_item_context(sample_dir))
    assert [type(b).__name__ for b in blocks] == ["Subheading", "Paragraph"]
    assert blocks[1].text == ("Diagrammerne er udeladt: kkrdesk kan ikke tegne diagrammer her, fordi Qt ikke kan "
                              "indlæses.")


def test_a_chart_that_fails_to_draw_is_named_in_the_error(sample_dir):
    def broken(data, source):
        raise KkrError("billedet var tomt.")

    with pytest.raises(KkrError, match="diagrammet »Nøgleord: antal markeringer« kunne ikke tegnes "
                                       r"\(billedet var tomt\)\."):
        survey_charts(broken)(_survey_item_context(sample_dir))
