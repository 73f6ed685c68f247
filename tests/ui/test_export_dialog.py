"""ExportDialog: preflight list, override, background export with progress, cancel, and open folder."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from kkrdesk.core.errors import KkrError
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.ui.export import export_dialog
from kkrdesk.ui.export.export_dialog import ExportDialog
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting


@pytest.fixture(autouse=True)
def no_libreoffice(monkeypatch):
    monkeypatch.setenv("KKRDESK_NO_LIBREOFFICE", "1")


@pytest.fixture
def meeting_dir(tmp_path):
    return make_meeting(tmp_path / "møde", [
        ItemSpec("2.1", "Godkendelse af dagsorden", bilag=[]),
        ItemSpec("2.2", "Samarbejdet i KKR", bilag=[BilagSpec("Opsamling", 3), BilagSpec("Evaluering", 2)]),
        ItemSpec("2.4", "Trafik", bilag=[BilagSpec("Udspil", 2)])])


def open_dialog(qtbot, folder_path, tmp_path):
    dialog = ExportDialog(MeetingFolder.open(folder_path, write=False))
    qtbot.addWidget(dialog)
    dialog.pdf_path.setText(str(tmp_path / "ud" / "bilag.pdf"))
    dialog.docx_path.setText(str(tmp_path / "ud" / "dagsorden.docx"))
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None and not dialog.busy, timeout=15000)
    return dialog


def test_the_preflight_fills_the_lists_and_allows_export(qtbot, meeting_dir, tmp_path):
    dialog = open_dialog(qtbot, meeting_dir, tmp_path)
    assert dialog.problem_list.count() == 1 and dialog.problem_list.item(0).text() == "Alt er i orden."
    assert dialog.estimate_list.topLevelItemCount() == 3
    assert dialog.estimate_list.topLevelItem(1).text(2) == "5"
    assert dialog.summary_label.text().startswith("Ingen fejl. Bilagene fylder 7 sider")
    assert "Tilgængelighed: ikke klar til offentliggørelse" in dialog.summary_label.text()  # untagged PDFs
    assert "tags (strukturtræ)" in dialog.summary_label.toolTip()
    assert dialog.export_button.isEnabled() and not dialog.override_check.isEnabled()
    assert not dialog.libreoffice_check.isEnabled() and not dialog.libreoffice_check.isChecked()
    dialog.grab().save(str(tmp_path / "export-dialog.png"))
    assert (tmp_path / "export-dialog.png").stat().st_size > 0


def test_errors_disable_export_until_the_user_overrides(qtbot, meeting_dir, tmp_path):
    (meeting_dir / "bilag" / "2_2-1.pdf").unlink()
    dialog = open_dialog(qtbot, meeting_dir, tmp_path)
    first = dialog.problem_list.item(0)
    assert first.data(Qt.ItemDataRole.UserRole) == "error"
    assert "Bilag 1 til punkt 2.2 (bilag/2_2-1.pdf): filen mangler." in first.text()
    assert not dialog.export_button.isEnabled()
    dialog.override_check.setChecked(True)
    assert dialog.export_button.isEnabled()


def test_export_runs_in_the_background_and_ends_with_open_folder(qtbot, meeting_dir, tmp_path, stub_dialogs,
                                                                 monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile())))
    dialog = open_dialog(qtbot, meeting_dir, tmp_path)
    assert not dialog.open_folder_button.isEnabled()
    seen_threads = []
    real_export = export_dialog.export_meeting

    def recording_export(*args, **kwargs):
        seen_threads.append(threading.current_thread() is threading.main_thread())
        return real_export(*args, **kwargs)

    monkeypatch.setattr(export_dialog, "export_meeting", recording_export)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_result is not None and not dialog.busy, timeout=30000)
    assert seen_threads == [False]
    assert (tmp_path / "ud" / "bilag.pdf").is_file() and (tmp_path / "ud" / "dagsorden.docx").is_file()
    assert dialog.status_label.text().startswith("Bilagspakken er gemt (11 sider).")
    assert dialog.progress_bar.value() == dialog.progress_bar.maximum()
    assert [kind for kind, _, _ in stub_dialogs.shown] == ["inform"]  # Word will ask to update fields
    assert dialog.open_folder_button.isEnabled()
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [str(tmp_path / "ud")]
    assert dialog.open_pack_button.isVisibleTo(dialog) and dialog.open_agenda_button.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.open_pack_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.open_agenda_button, Qt.MouseButton.LeftButton)
    assert opened[1:] == [str(tmp_path / "ud" / "bilag.pdf"), str(tmp_path / "ud" / "dagsorden.docx")]
    assert dialog.progress_bar.text() == "100\u00a0%"


def test_cancel_stops_the_export(qtbot, meeting_dir, tmp_path, monkeypatch):
    dialog = open_dialog(qtbot, meeting_dir, tmp_path)
    started = threading.Event()

    def slow_export(folder, meeting, options, *, progress, report, **_extras):
        for step in range(2000):
            started.set()
            progress.report(step, 2000, "Fletter …")
            progress.check()
            threading.Event().wait(0.005)
        raise AssertionError("the export was not cancelled")

    monkeypatch.setattr(export_dialog, "export_meeting", slow_export)
    dialog.start_export()
    assert started.wait(5)
    assert dialog.cancel_button.isVisible()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert dialog.status_label.text() == "Afbrudt."
    assert dialog.export_result is None and not dialog.open_folder_button.isEnabled()


def test_a_folder_instead_of_a_file_name_is_refused_before_anything_runs(qtbot, meeting_dir, tmp_path,
                                                                        stub_dialogs):
    dialog = open_dialog(qtbot, meeting_dir, tmp_path)
    dialog.pdf_check.setChecked(False)
    dialog.docx_path.setText(str(meeting_dir / "bilag"))
    dialog.start_export()
    assert [kind for kind, _, _ in stub_dialogs.shown] == ["warn"]
    assert not dialog.busy


def test_a_failed_export_is_shown_through_the_dialog_service(qtbot, meeting_dir, tmp_path, stub_dialogs,
                                                             monkeypatch):
    dialog = open_dialog(qtbot, meeting_dir, tmp_path)

    def failing_export(*args, **kwargs):
        raise KkrError("bilagspakken kunne ikke gemmes (disken er fuld).", file="bilag.pdf")

    monkeypatch.setattr(export_dialog, "export_meeting", failing_export)
    dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10000)
    assert stub_dialogs.shown == [("error", "Eksporten mislykkedes",
                                   "bilag.pdf: bilagspakken kunne ikke gemmes (disken er fuld).")]
    assert dialog.status_label.text() == "Intet blev eksporteret."


def test_keeping_active_content_is_a_choice_that_rechecks_and_warns(qtbot, meeting_dir, tmp_path, stub_dialogs):
    from kkrdesk.core.files.hashing import sha256_of
    from tests.hostile_pdfs import hostile_pdf

    path = hostile_pdf(meeting_dir / "bilag" / "2_2-1.pdf")   # the bilag's file replaced with one carrying scripts
    with MeetingFolder.open(meeting_dir) as store:
        bilag = store.meeting.items[1].bilag[0]
        bilag.sha256, bilag.pages = sha256_of(path), 2
        store.save()
    dialog = open_dialog(qtbot, meeting_dir, tmp_path)
    texts = [dialog.problem_list.item(n).text() for n in range(dialog.problem_list.count())]
    assert any("fjernes i bilagspakken: JavaScript (10)" in text for text in texts)
    assert not dialog.keep_active_check.isChecked()
    dialog.keep_active_check.setChecked(True)
    qtbot.waitUntil(lambda: dialog.report is not None and not dialog.busy, timeout=15000)
    texts = [dialog.problem_list.item(n).text() for n in range(dialog.problem_list.count())]
    assert any("beholdes i bilagspakken" in text for text in texts)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.export_result is not None and not dialog.busy, timeout=30000)
    assert any("beholdt i bilagspakken" in text for kind, _, text in stub_dialogs.shown if kind == "inform")


def test_the_referat_is_exported_from_the_dialog_on_its_own(qtbot, meeting_dir, tmp_path, stub_dialogs):
    with MeetingFolder.open(meeting_dir) as store:
        store.meeting.item("2.2").beslutning = "KKR drøftede samarbejdet."
        store.save()
    dialog = open_dialog(qtbot, meeting_dir, tmp_path)
    assert not dialog.referat_check.isChecked() and not dialog.referat_path.isEnabled()
    dialog.pdf_check.setChecked(False)
    dialog.docx_check.setChecked(False)
    assert not dialog.export_button.isEnabled()          # nothing chosen
    dialog.referat_check.setChecked(True)
    dialog.referat_path.setText(str(tmp_path / "ud" / "referat.docx"))
    assert dialog.export_button.isEnabled()
    dialog.start_export()
    qtbot.waitUntil(lambda: dialog.referat_result is not None and not dialog.busy, timeout=30000)
    assert dialog.export_result is None and (tmp_path / "ud" / "referat.docx").is_file()
    assert not (tmp_path / "ud" / "bilag.pdf").exists()
    assert dialog.status_label.text() == "Referatet er gemt. Uden beslutning endnu: punkt 2.1, 2.4."
    assert dialog.open_referat_button.isVisible() and dialog.open_folder_button.isEnabled()
    assert any("Word spørger" in text for kind, _, text in stub_dialogs.shown if kind == "inform")


def test_the_pack_is_built_by_a_child_process_and_the_old_pack_survives_its_death(qtbot, meeting_dir, tmp_path,
                                                                                  stub_dialogs, monkeypatch):
    import sys

    from kkrdesk.core.export import pack_child

    dying = [sys.executable, "-c", "import sys; sys.stderr.write('Killed\\n'); sys.exit(137)"]
    monkeypatch.setattr(pack_child, "kkrdesk_command", lambda: dying)
    dialog = open_dialog(qtbot, meeting_dir, tmp_path)
    dialog.docx_check.setChecked(False)
    pack = tmp_path / "ud" / "bilag.pdf"
    pack.parent.mkdir()
    pack.write_bytes(b"%PDF-1.4 last week's pack\n")
    dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    [(kind, title, text)] = stub_dialogs.shown
    assert (kind, title) == ("error", "Eksporten mislykkedes")
    assert text.startswith(f"{pack}: bilagspakken blev ikke lavet: den proces, der fletter bilagene, "
                           "stoppede uventet (Killed).")
    assert pack.read_bytes() == b"%PDF-1.4 last week's pack\n"
    assert [p.name for p in pack.parent.iterdir()] == ["bilag.pdf"]


def test_annuller_while_the_child_merges_keeps_the_old_pack(qtbot, meeting_dir, tmp_path, monkeypatch):
    from kkrdesk.core.export.progress import Steps

    dialog = open_dialog(qtbot, meeting_dir, tmp_path)
    dialog.docx_check.setChecked(False)
    pack = tmp_path / "ud" / "bilag.pdf"
    pack.parent.mkdir()
    pack.write_bytes(b"%PDF-1.4 last week's pack\n")
    merging = threading.Event()
    real_begin = Steps.begin

    def begin(steps, text):
        if text.startswith("Fletter"):
            merging.set()
            dialog.cancel()          # as a click on Annuller does, while the child works
        real_begin(steps, text)

    monkeypatch.setattr(Steps, "begin", begin)
    dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=30000)
    assert merging.is_set()
    assert dialog.status_label.text() == "Afbrudt." and dialog.export_result is None
    assert pack.read_bytes() == b"%PDF-1.4 last week's pack\n"
    assert [p.name for p in pack.parent.iterdir()] == ["bilag.pdf"]


def test_a_six_item_meeting_lists_every_item_without_scrolling_and_the_dialog_fits_the_screen(qtbot, tmp_path):
    folder = make_meeting(tmp_path / "seks", [
        ItemSpec(f"2.{n}", f"Punkt nummer {n}", bilag=[BilagSpec(f"Bilag til {n}", 1)] if n % 2 else [])
        for n in range(1, 7)])
    dialog = open_dialog(qtbot, folder, tmp_path)
    assert dialog.estimate_list.topLevelItemCount() == 6
    qtbot.waitUntil(lambda: dialog.estimate_list.verticalScrollBar().maximum() == 0, timeout=3000)
    screen = dialog.screen().availableGeometry()
    assert dialog.height() <= screen.height() and dialog.width() <= screen.width()
