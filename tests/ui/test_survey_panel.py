"""The survey viewer draws from the statistics: plotted bars are checked against the summary."""

from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QImage

from kkrdesk.core.survey.charts_data import ChartKind, chart_for
from kkrdesk.core.survey.load import summarize_survey
from kkrdesk.ui.survey.chart_export import render_chart_png
from kkrdesk.ui.survey.panel import SurveyPanel
from tests.survey_exports import write_export
from tools.make_sample_survey import write_sample_survey


@pytest.fixture(scope="module")
def sample_export(tmp_path_factory) -> Path:
    return write_sample_survey(tmp_path_factory.mktemp("sample"))[0]


@pytest.fixture
def panel(qtbot, sample_export):
    widget = SurveyPanel()
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=20_000):
        widget.open_export(sample_export)
    return widget


def _plotted(bar) -> dict[float, float]:
    """y position -> bar length, as the BarGraphItem holds them."""
    return dict(zip(bar.opts["y"], bar.opts["width"]))


def _values_by_category(view, series_index: int) -> dict[str, float]:
    data = view.data
    count = len(data.series)
    thickness = 0.8 / count
    shift = (series_index - (count - 1) / 2) * thickness
    plotted = _plotted(view.bars[series_index])
    return {name: plotted[row + shift] for row, name in enumerate(data.categories) if row + shift in plotted}


@pytest.mark.slow
def test_keyword_bars_are_the_keyword_counts_of_the_chosen_kkr(panel):
    summary = panel.summary
    panel.set_group("KKR Sjælland")
    view = panel.views[ChartKind.KEYWORDS]
    for index, key in enumerate(("i_dag", "fremadrettet")):
        assert _values_by_category(view, index) == {o: float(n) for o, n in
                                                    summary.keyword(key).by_group["KKR Sjælland"].items()}
    assert view.bars[0].opts["name"] == "I dag"
    assert list(view.data.categories)[:3] == ["Samarbejde", "Konsensus", "Relevant"]


@pytest.mark.slow
def test_choosing_another_kkr_redraws_every_chart_at_once(panel):
    panel.set_group("KKR Nordjylland")
    statements = panel.views[ChartKind.STATEMENTS]
    expected = {f"{s.id} {s.text}": s.by_group["KKR Nordjylland"].mean for s in panel.summary.statements}
    assert _values_by_category(statements, 0) == pytest.approx(expected)
    assert statements.bars[0].opts["name"] == "KKR Nordjylland"
    assert panel.views[ChartKind.COMPARE].data.highlight == "KKR Nordjylland"
    panel.set_group(None)
    overall = {f"{s.id} {s.text}": s.overall.mean for s in panel.summary.statements}
    assert _values_by_category(panel.views[ChartKind.STATEMENTS], 0) == pytest.approx(overall)


@pytest.mark.slow
def test_role_and_response_bars(panel):
    summary = panel.summary
    roles = panel.views[ChartKind.ROLES]
    for index, role in enumerate(summary.roles):
        expected = {f"{s.id} {s.text}": s.by_role[role].mean for s in summary.statements}
        assert _values_by_category(roles, index) == pytest.approx(expected)
    response = _values_by_category(panel.views[ChartKind.RESPONSE], 0)
    assert response == {row.group: float(row.tally.rate) for row in summary.response}


@pytest.mark.slow
def test_distribution_bars_are_stacked_shares_of_each_statement(panel):
    panel.set_group("KKR Sjælland")
    view = panel.views[ChartKind.DISTRIBUTION]
    statement = panel.summary.statement("2.3").by_group["KKR Sjælland"]
    row = [s.id for s in panel.summary.statements].index("2.3")
    starts, widths = [], []
    for bar in view.bars:
        position = list(bar.opts["y"]).index(row)
        starts.append(bar.opts["x0"][position])
        widths.append(bar.opts["width"][position])
    expected = [100 * statement.distribution[p] / statement.n for p in range(1, 6)]
    assert widths == pytest.approx(expected)
    assert starts == pytest.approx([sum(expected[:i]) for i in range(5)])


@pytest.mark.slow
def test_side_by_side_follows_the_chosen_statement_or_keyword(panel):
    panel.set_item("2.2")
    compare = panel.views[ChartKind.COMPARE]
    statement = panel.summary.statement("2.2")
    assert _values_by_category(compare, 0) == pytest.approx(
        {g: s.mean for g, s in statement.by_group.items()})
    panel.set_item("Samarbejde")
    keyword = panel.summary.keyword("i_dag")
    assert _values_by_category(compare, 0) == pytest.approx(
        {g: 100 * keyword.by_group[g]["Samarbejde"] / keyword.answered_by_group[g] for g in keyword.by_group})


@pytest.mark.slow
def test_tables_show_danish_numbers_and_copy_to_the_clipboard(panel):
    panel.set_group("KKR Sjælland")
    view = panel.views[ChartKind.STATEMENTS]
    assert view.table.item(0, 1).text() == "4,2"
    assert view.table.horizontalHeaderItem(3).text() == "2017 (n = 56)"
    view.copy_table()
    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines()[1].startswith("2.1 KKR er et godt koordineringsforum")
    assert "\t4,2\t3,7\t3,9" in copied


@pytest.mark.slow
def test_synthetic_data_is_flagged_and_there_are_no_rule_breaks(panel):
    assert panel.synthetic_label.isVisible()
    assert "SYNTETISKE DATA" in panel.synthetic_label.text()
    assert panel.tabs.tabText(panel.tabs.count() - 1) == "Regelbrud (0)"
    assert "118 besvarelser" in panel.info_label.text()


@pytest.mark.slow
def test_save_as_png_goes_through_the_dialog_service(panel, stub_dialogs, tmp_path):
    stub_dialogs.answers["save_file"] = tmp_path / "noegleord"
    panel.views[ChartKind.KEYWORDS].save_png()
    image = QImage(str(tmp_path / "noegleord.png"))
    assert (image.width(), image.height()) == (1890, 1181)     # 16 × 10 cm at 300 dpi


@pytest.mark.slow
def test_rule_breaks_are_listed(qtbot, tmp_path):
    widget = SurveyPanel()
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=20_000):
        widget.open_export(write_export(tmp_path, "tab"))
    table = widget.problems_table
    assert table.rowCount() == 4
    assert [table.item(r, 2).text() for r in range(4)] == ["For mange krydser", "Uden for skalaen",
                                                           "Ukendt KKR", "Ukendt rolle"]
    assert widget.tabs.tabText(widget.tabs.count() - 1) == "Regelbrud (4)"


def test_a_bad_export_is_told_inline_without_a_modal_box(qtbot, tmp_path, stub_dialogs):
    bad = tmp_path / "x_dataset.csv"
    bad.write_text("ikke en eksport", encoding="utf-8")
    widget = SurveyPanel()
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.failed, timeout=20_000) as blocker:
        widget.open_export(bad)
    assert "mangler" in blocker.args[0].message
    assert widget.message_label.isVisible()
    assert "kan ikke vises" in widget.message_label.text()
    assert not widget.tabs.isEnabled()
    assert stub_dialogs.shown == []


def test_headless_png_has_the_requested_width(qapp, tmp_path, sample_export):
    data = chart_for(summarize_survey(sample_export), ChartKind.KEYWORDS, "KKR Sjælland")
    target = render_chart_png(data, tmp_path / "x.png", width=1200)
    image = QImage(str(target))
    assert image.width() == 1200 and image.height() > 800


@pytest.mark.slow
def test_a_newer_export_wins_over_one_still_loading(qtbot, tmp_path, sample_export):
    widget = SurveyPanel()
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=20_000) as blocker:
        widget.open_export(sample_export)
        widget.open_export(write_export(tmp_path, "semicolon"))
    assert blocker.args[0].title == "Miniundersøgelse"
    qtbot.wait(200)
    assert widget.summary.title == "Miniundersøgelse"


def test_closing_the_panel_while_it_loads_is_harmless(qtbot, sample_export):
    from PySide6.QtCore import QThreadPool

    widget = SurveyPanel()
    widget.open_export(sample_export)
    widget.close()
    widget.deleteLater()
    qtbot.wait(50)
    assert QThreadPool.globalInstance().waitForDone(20_000)
    qtbot.wait(50)


def test_a_population_warning_is_shown_above_the_charts(qtbot, tmp_path):
    from tests.survey_exports import MAPPING

    mapping = MAPPING.replace('[population."KKR Nordjylland"]\nBorgmester = 2',
                              '[population."KKR Nordjylland"]\nBorgmester = 1')
    widget = SurveyPanel()
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=20_000):
        widget.open_export(write_export(tmp_path, "semicolon", mapping=mapping))
    assert widget.message_label.isVisible()
    assert "KKR Nordjylland, Borgmester: 2 besvarelser" in widget.message_label.text()


@pytest.fixture
def empty_panel(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from kkrdesk.ui.settings import Settings

    widget = SurveyPanel(settings=Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(widget)
    widget.resize(1024, 700)
    widget.show()
    return widget


@pytest.mark.slow
def test_the_empty_tab_offers_to_open_a_survey_instead_of_bare_axes(empty_panel, stub_dialogs,
                                                                     qtbot, tmp_path):
    assert empty_panel.pages.currentWidget() is empty_panel.empty_page
    assert empty_panel.empty_page.open_button.isVisible()
    assert not empty_panel.empty_page.recent_list.isVisible()
    stub_dialogs.answers["open_file"] = write_export(tmp_path, "xlsx")
    with qtbot.waitSignal(empty_panel.loaded, timeout=20_000):
        empty_panel.empty_page.open_button.click()
    assert empty_panel.pages.currentIndex() == 1 and empty_panel.summary.respondents == 7
    # the survey is remembered for next time
    assert [p.name for p in empty_panel._settings.recent_surveys()] == ["mini.xlsx"]
    assert empty_panel.empty_page.recent_list.count() == 1


def test_the_three_csv_files_open_from_their_folder(empty_panel, stub_dialogs, qtbot, tmp_path):
    export = write_export(tmp_path, "semicolon")
    stub_dialogs.answers["choose_folder"] = export.parent
    with qtbot.waitSignal(empty_panel.loaded, timeout=20_000):
        empty_panel.empty_page.folder_button.click()
    assert empty_panel.summary.layout.startswith("CSV")


def test_a_file_that_is_not_an_export_keeps_the_empty_tab_and_says_why(empty_panel, qtbot, tmp_path):
    wrong = tmp_path / "notat.csv"
    wrong.write_text("Ingen undersøgelse her\n", encoding="utf-8")
    with qtbot.waitSignal(empty_panel.failed, timeout=20_000):
        empty_panel.open_export(wrong)
    assert empty_panel.pages.currentWidget() is empty_panel.empty_page
    assert empty_panel.message_label.isVisible() and "notat.csv" in empty_panel.message_label.text()


def test_dropping_an_export_on_the_tab_opens_it(empty_panel, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "billede.png")),
                  QUrl.fromLocalFile(str(write_export(tmp_path, "xlsx")))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(empty_panel.loaded, timeout=20_000):
        empty_panel.dropEvent(event)
    assert empty_panel.summary.source.name == "mini.xlsx"


def test_no_rule_breaking_rows_says_so_instead_of_an_empty_table(empty_panel, qtbot, tmp_path):
    from tests.survey_exports import ROWS

    with qtbot.waitSignal(empty_panel.loaded, timeout=20_000):
        empty_panel.open_export(write_export(tmp_path, "xlsx", rows=ROWS[:4]))
    assert empty_panel.summary.problems == ()
    assert empty_panel.problems_stack.currentWidget() is empty_panel.no_problems_label
    assert empty_panel.tabs.tabText(empty_panel.tabs.indexOf(empty_panel.problems_stack)) == "Regelbrud (0)"


@pytest.mark.slow
def test_an_export_without_a_mapping_gets_one_made_in_the_dialog(empty_panel, stub_dialogs, qtbot, tmp_path):
    from kkrdesk.ui.survey.mapping_dialog import MappingDialog

    export = write_export(tmp_path, "xlsx", mapping=None)
    with qtbot.waitSignal(empty_panel.failed, timeout=20_000):
        empty_panel.open_export(export)
    assert empty_panel.empty_page.mapping_button.isVisible()
    assert "Lav opsætning" in empty_panel.message_label.text()
    seen = {}

    def confirm(dialog: MappingDialog) -> bool:
        seen["group"] = dialog.group_combo.currentData()
        dialog.title_edit.setText("Miniundersøgelse fra dialogen")
        return True

    stub_dialogs.answers["run"] = confirm
    with qtbot.waitSignal(empty_panel.loaded, timeout=20_000):
        empty_panel.empty_page.mapping_button.click()
    assert seen["group"] == "kkr"
    assert (tmp_path / "mini.survey.toml").is_file()
    assert empty_panel.summary.title == "Miniundersøgelse fra dialogen" and empty_panel.summary.respondents == 7


def test_a_dialog_without_a_kkr_question_cannot_be_saved(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    from kkrdesk.core.survey.mapping_draft import MappingDraft, QuestionChoice
    from kkrdesk.ui.survey.mapping_dialog import MappingDialog

    questions = [QuestionChoice("kon", "Køn", False, ("Kvinde", "Mand"), (1, 2))]
    dialog = MappingDialog(questions, MappingDraft(title="x"), "x.xlsx")
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    dialog.group_combo.setCurrentIndex(1)
    assert save.isEnabled() and dialog.draft().group == "kon"


@pytest.mark.slow
def test_a_second_round_adds_side_by_side_tabs_that_follow_the_chosen_kkr(empty_panel, stub_dialogs,
                                                                         qtbot, tmp_path):
    from tests.survey_exports import MAPPING

    with qtbot.waitSignal(empty_panel.loaded, timeout=20_000):
        empty_panel.open_export(write_export(tmp_path / "a", "xlsx"))
    tabs = [empty_panel.tabs.tabText(i) for i in range(empty_panel.tabs.count())]
    assert not any(t.startswith("To runder") for t in tabs)
    stub_dialogs.answers["open_file"] = write_export(tmp_path / "b", "semicolon",
                                                     mapping=MAPPING.replace('"Miniundersøgelse"', '"Runde 1"'))
    with qtbot.waitSignal(empty_panel.rounds_loaded, timeout=20_000):
        empty_panel.rounds_button.click()
    statements = empty_panel.rounds_views["statements"]
    assert empty_panel.tabs.currentWidget() is statements
    assert [s.name for s in statements.data.series] == ["Runde 1", "Miniundersøgelse"]
    headers, _rows = statements.data.table()
    assert headers[-1] == "Ændring"
    empty_panel.set_group("KKR Sjælland")
    assert statements.data.subtitle.startswith("KKR Sjælland")
    assert empty_panel.tabs.indexOf(empty_panel.rounds_views["keywords"]) >= 0


def test_battery_items_keep_their_own_words_when_the_shared_stem_is_cut(qtbot):
    from kkrdesk.core.survey.mapping_draft import MappingDraft, QuestionChoice
    from kkrdesk.ui.survey.mapping_dialog import MappingDialog

    stem = ("I hvilken grad er du enig eller uenig i følgende udsagn om KKR's arbejde i den forløbne "
            "valgperiode og om samarbejdet med KL og regionen")
    items = ("KKR er et stærkt politisk forum", "KKR's drøftelser er forberedt godt nok")
    questions = [QuestionChoice("kkr", "Hvilket KKR?", False, ("KKR Nordjylland", "KKR Sjælland"), (1, 2))] + [
        QuestionChoice(f"q3_{n}", f"{stem} - {item}", False, ("Helt uenig", "Helt enig"), (1, 5))
        for n, item in enumerate(items, start=1)]
    dialog = MappingDialog(questions, MappingDraft(title="x", statements=["q3_1", "q3_2"]), "x.xlsx")
    qtbot.addWidget(dialog)
    shown = [dialog.statement_list.item(n).text() for n in range(1, 3)]
    assert [text.endswith(f" - {item}") for text, item in zip(shown, items)] == [True, True]
    assert all(text.startswith("q3_") and "…" in text and len(text) <= 110 for text in shown)
    assert dialog.statement_list.item(1).toolTip() == f"q3_1: {stem} - {items[0]}"
    combo = [dialog.status_combo.itemText(n) for n in range(dialog.status_combo.count())]
    assert combo[-1].endswith(items[1]) and len(combo[-1]) <= 90
