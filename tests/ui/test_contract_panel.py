"""ContractPanel on real widgets: the goals side by side, findings by severity, and the text behind each."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kkrdesk.core.errors import Severity
from kkrdesk.ui.contracts.models import FINDING_ROLE, FindingListModel, GoalTableModel
from kkrdesk.ui.contracts.panel import ContractPanel
from tools.make_sample_contract import write_sample_contract

TIMEOUT = 15000


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return write_sample_contract(tmp_path_factory.mktemp("sample"))


@pytest.fixture
def panel(qtbot):
    widget = ContractPanel()
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    return widget


def opened(qtbot, panel, *paths):
    with qtbot.waitSignal(panel.reviewed, timeout=TIMEOUT) as blocker:
        panel.open_contract(*paths)
    return blocker.args[0]


def test_the_sample_shows_goals_and_findings_by_severity(qtbot, panel, sample):
    review = opened(qtbot, panel, sample[0])
    assert panel.title_label.text() == review.title
    assert panel.goal_model.rowCount() == 9
    assert panel.goal_model.columnCount() == 4
    severities = [panel.finding_model.finding(row).severity
                  for row in range(panel.finding_model.rowCount())]
    assert severities[0] is Severity.ERROR and severities == sorted(
        severities, key=[Severity.ERROR, Severity.WARNING, Severity.INFO].index)
    first = panel.finding_model.index(0)
    assert not panel.finding_model.data(first, Qt.ItemDataRole.DecorationRole).isNull()
    assert "8.1" in panel.finding_model.data(first, Qt.ItemDataRole.ToolTipRole)
    offers = next(r for r in range(9) if "tilbud" in panel.goal_model.row(r).measure)
    assert panel.goal_model.data(panel.goal_model.index(offers, 3)) == "50 %"
    assert panel.goal_model.data(panel.goal_model.index(offers, 2)) == "mindst 55 %"
    assert panel.note_button.isEnabled()


def test_clicking_a_finding_selects_the_contract_text_it_is_about(qtbot, panel, sample):
    opened(qtbot, panel, sample[0])
    index = panel.finding_model.index(0)
    finding = panel.finding_model.data(index, FINDING_ROLE)
    rect = panel.finding_view.visualRect(index)
    qtbot.mouseClick(panel.finding_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: panel.text_view.textCursor().hasSelection(), timeout=TIMEOUT)
    assert panel.text_view.textCursor().selectedText() == finding.quote
    assert "mindst 50 procent kende husets tilbud i 2025" in finding.quote
    assert panel.place_label.text() == f"Kontrakten, {finding.location}"


def test_clicking_a_goal_row_shows_where_the_contract_states_it(qtbot, panel, sample):
    opened(qtbot, panel, sample[0])
    row = next(r for r in range(9) if panel.goal_model.row(r).goal == 4)
    rect = panel.goal_view.visualRect(panel.goal_model.index(row, 3))
    qtbot.mouseClick(panel.goal_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: panel.text_view.textCursor().hasSelection(), timeout=TIMEOUT)
    assert panel.text_view.textCursor().selectedText() == "Mindst 50 %"
    assert "tabel 1" in panel.place_label.text()


def test_results_add_achieved_values_and_status(qtbot, panel, sample, stub_dialogs):
    opened(qtbot, panel, sample[0])
    stub_dialogs.answers["open_file"] = sample[1]
    with qtbot.waitSignal(panel.reviewed, timeout=TIMEOUT):
        panel.results_button.click()
    assert panel.goal_model.columnCount() == 6
    statuses = {panel.goal_model.data(panel.goal_model.index(r, 5)) for r in range(9)}
    assert statuses == {"opfyldt", "ikke opfyldt", "ikke afrapporteret"}


def test_the_note_is_exported_where_the_user_chose(qtbot, panel, sample, stub_dialogs, tmp_path):
    opened(qtbot, panel, sample[0])
    target = tmp_path / "notat.docx"
    stub_dialogs.answers["save_file"] = target
    with qtbot.waitSignal(panel.note_written, timeout=TIMEOUT) as blocker:
        panel.note_button.click()
    assert Path(blocker.args[0]) == target and target.stat().st_size > 0


def test_a_file_that_is_no_contract_gives_a_danish_message_in_the_panel(qtbot, panel, tmp_path,
                                                                       stub_dialogs):
    empty = tmp_path / "tom.docx"
    empty.write_bytes(b"")
    with qtbot.waitSignal(panel.failed, timeout=TIMEOUT):
        panel.open_contract(empty)
    assert "filen er tom" in panel.summary_label.text()
    assert panel.goal_model.rowCount() == 0 and panel.finding_model.rowCount() == 0
    assert panel.open_button.isEnabled() and not panel.note_button.isEnabled()
    assert stub_dialogs.shown == []


def test_the_item_models_keep_qt_rules(qtmodeltester, qtbot, panel, sample):
    opened(qtbot, panel, sample[0])
    qtmodeltester.check(panel.goal_model)
    qtmodeltester.check(panel.finding_model)
    qtmodeltester.check(GoalTableModel())
    qtmodeltester.check(FindingListModel())


def test_clicking_a_goal_selects_only_the_sentence_its_target_came_from(qtbot, panel, tmp_path):
    from tests.contract_corpus import Case, write_cases

    case = Case("prose", "prose-titles", "ooxml")
    path = write_cases([case], tmp_path)[case.name]
    opened(qtbot, panel, path)
    row = next(r for r in range(panel.goal_model.rowCount())
               if panel.goal_model.row(r).goal == 3)
    rect = panel.goal_view.visualRect(panel.goal_model.index(row, 3))
    qtbot.mouseClick(panel.goal_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: panel.text_view.textCursor().hasSelection(), timeout=TIMEOUT)
    selected = panel.text_view.textCursor().selectedText()
    assert selected == "Husets Net Promoter Score i drifts- og vækstsegmentet er mindst 70."
    tooltip = panel.goal_model.data(panel.goal_model.index(row, 3), Qt.ItemDataRole.ToolTipRole)
    assert "»Husets Net Promoter Score" in tooltip


@pytest.mark.slow
def test_a_scanned_contract_is_made_searchable_from_the_tab_and_checked_again(qtbot, panel, sample, tmp_path,
                                                                           monkeypatch, stub_dialogs):
    from kkrdesk.core.ocr import rendition
    from kkrdesk.ui.ocr import make_searchable
    from tests.contract_factory import clean, write_pdf
    from tests.scans import text_scan

    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    scanned = text_scan(tmp_path / "underskrevet.pdf", ["Resultatkontrakt 2025", "Underskrevet"])
    original = scanned.read_bytes()
    recognised = write_pdf(clean(), tmp_path / "genkendt.pdf")
    ocrmypdf = tmp_path / "ocrmypdf"            # stands in for OCR: its output is the contract as text PDF
    ocrmypdf.write_text(f'#!/bin/sh\nfor last; do :; done\ncp "{recognised}" "$last"\n')
    ocrmypdf.chmod(0o755)
    tools = (rendition.OcrTools(str(ocrmypdf), "tesseract"), "")
    monkeypatch.setattr(rendition, "find_ocr_tools_or_reason", lambda: tools)
    monkeypatch.setattr(make_searchable, "find_ocr_tools_or_reason", lambda: tools)
    with qtbot.waitSignal(panel.failed, timeout=TIMEOUT) as failure:
        panel.open_contract(scanned)
    assert failure.args[0].reason == "empty" and "ingen tekst" in panel.summary_label.text()
    assert "knappen »Gør scannet bilag søgbart« herover" in panel.summary_label.text()
    assert panel.ocr_button.isVisible() and panel.ocr_button.text() == "Gør scannet bilag søgbart …"
    panel.grab().save(str(tmp_path / "kontrakt-scannet.png"))
    with qtbot.waitSignal(panel.reviewed, timeout=60_000) as checked:
        panel.ocr_button.click()
    review = checked.args[0]
    assert review.contract.document.ocr and review.contract.document.path == scanned
    assert panel.goal_model.rowCount() == 9 and review.contract.document.blocks
    assert not panel.ocr_button.isVisible() and stub_dialogs.shown == []
    assert scanned.read_bytes() == original          # the checker reads the cached copy; the scan is kept
    panel.grab().save(str(tmp_path / "kontrakt-ocr.png"))


def test_ocr_is_not_offered_for_a_contract_with_text_or_a_word_file(qtbot, panel, sample):
    opened(qtbot, panel, sample[0])
    assert not panel.ocr_button.isVisible()
