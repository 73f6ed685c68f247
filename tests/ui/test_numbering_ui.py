"""Omnummerér and the bilag-reference update in the window: undoable, asked through the DialogService; meetings from templates."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QSettings

from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.meeting import AgendaItem, Bilag, ItemType, Meeting
from kkrdesk.core.meeting.numbering import renumbering
from kkrdesk.core.meeting.references import reference_updates, snapshot
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.meeting.templates import read_template
from kkrdesk.ui.agenda.commands import RenumberItemsCommand, UpdateReferencesCommand
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.main_window import MainWindow
from kkrdesk.ui.settings import Settings

CASE_TEXT = ("Opsamlingen står i bilag 1, og tabellerne i bilag 2. Kortet er bilag 3. "
             "Se også bilag 1 til punkt 2.4. Bilagene er sendt ud.")


def moved_meeting() -> Meeting:
    """2.4 was moved below 2.7: the numbers are out of order, and texts name bilag."""
    def pdf(name):
        return Bilag(title=name, file=f"bilag/{name}.pdf", kind=FileKind.PDF, pages=1)

    return Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), continuous_numbers=True, items=[
        AgendaItem(number="2.1", title="Godkendelse af dagsorden", type=ItemType.BESLUTNINGSSAG),
        AgendaItem(number="2.2", title="Rammer", sagsfremstilling=CASE_TEXT,
                   bilag=[pdf("opsamling"), pdf("tabeller"), pdf("kort")]),
        AgendaItem(number="2.7", title="Erhvervshuse"),
        AgendaItem(number="2.4", title="Trafik", bilag=[pdf("udspil")]),
        AgendaItem(number="2.8", title="Eventuelt"),
    ])


@pytest.fixture
def session(tmp_path, qtbot):
    session = MeetingSession(MeetingFolder.create(tmp_path / "m", moved_meeting()), data_dir=tmp_path / "data")
    yield session
    session.close()


def numbers(session) -> list[str]:
    return [item.number for item in session.meeting.items]


def test_the_renumber_command_round_trips(session, qtmodeltester):
    before = session.meeting.copy()
    session.stack.push(RenumberItemsCommand(session.model, renumbering(session.meeting)))
    after = session.meeting.copy()
    assert numbers(session) == ["2.1", "2.2", "2.3", "2.4", "2.5"]
    session.stack.undo()
    assert session.meeting == before
    session.stack.redo()
    assert session.meeting == after
    qtmodeltester.check(session.model, force_py=True)


def test_the_reference_update_command_round_trips(session):
    rammer = session.meeting.item("2.2")
    before_edit = snapshot(session.meeting)
    session.remove_bilag(rammer, rammer.bilag[0])
    update = reference_updates(before_edit, session.meeting)
    before = session.meeting.copy()
    session.stack.push(UpdateReferencesCommand(session.model, update.edits))
    after = session.meeting.copy()
    assert "tabellerne i bilag 1. Kortet er bilag 2." in rammer.sagsfremstilling
    session.stack.undo()
    assert session.meeting == before
    session.stack.redo()
    assert session.meeting == after


def test_the_problems_list_warns_about_numbers_out_of_order_until_renumbered(session):
    assert [(f.problem.code, f.place.item) for f in session.findings()] == [
        ("number-order", "2.4"), ("number-gap", "2.4"), ("number-gap", "2.7")]
    assert session.renumber()
    assert session.findings() == []
    assert session.stack.undoText() == "Omnummerér punkter"
    assert not session.renumber()                       # nothing left to do: no empty undo step


@pytest.fixture
def window(window, tmp_path):
    MeetingFolder.create(tmp_path / "møde", moved_meeting()).close()
    assert window.open_meeting(tmp_path / "møde")
    return window


def test_omnummerer_in_the_window_renumbers_and_carries_references_along(window, agenda, qtbot, stub_dialogs):
    session = window.session
    assert agenda.act_renumber.isEnabled()
    agenda.act_renumber.trigger()
    assert numbers(session) == ["2.1", "2.2", "2.3", "2.4", "2.5"]
    # 2.4 became 2.4 again by chance; 2.7 → 2.3: no reference to 2.7, so no question is asked
    qtbot.wait(50)
    assert [s for s in stub_dialogs.shown if s[0] == "confirm"] == []
    window.act_undo.trigger()
    assert numbers(session) == ["2.1", "2.2", "2.7", "2.4", "2.8"]
    window.act_redo.trigger()
    assert numbers(session) == ["2.1", "2.2", "2.3", "2.4", "2.5"]


def test_deleting_a_bilag_offers_to_update_the_references_as_one_undo_step(window, agenda, qtbot, stub_dialogs):
    session = window.session
    rammer = session.meeting.item("2.2")
    agenda.select(rammer, rammer.bilag[1])
    session.remove_bilag(rammer, rammer.bilag[1])         # bilag 2 (tabeller): bilag 3 becomes 2
    qtbot.waitUntil(lambda: session.stack.undoText() == "Opdatér henvisninger til bilag", timeout=5000)
    asked = [s for s in stub_dialogs.shown if s[0] == "confirm"]
    assert len(asked) == 1 and '"bilag 3" → "bilag 2"' in asked[0][2]
    assert "skal rettes i hånden" in asked[0][2]          # "bilag 2" named the deleted file
    assert "Kortet er bilag 2." in rammer.sagsfremstilling
    assert rammer.sagsfremstilling.endswith("Bilagene er sendt ud.")
    window.act_undo.trigger()
    assert rammer.sagsfremstilling == CASE_TEXT and len(rammer.bilag) == 2
    window.act_undo.trigger()
    assert [b.title for b in rammer.bilag] == ["opsamling", "tabeller", "kort"]


def test_declining_the_update_leaves_the_texts(window, qtbot, stub_dialogs):
    stub_dialogs.answers["confirm"] = False
    session = window.session
    trafik = session.meeting.item("2.4")
    trafik.bilag.append(Bilag(title="bilag to", file="bilag/to.pdf", kind=FileKind.PDF))
    session.move_bilag(trafik, 1, trafik, 0)             # "bilag 1 til punkt 2.4" now names another file
    qtbot.waitUntil(lambda: any(s[0] == "confirm" for s in stub_dialogs.shown), timeout=5000)
    assert session.meeting.item("2.2").sagsfremstilling == CASE_TEXT
    assert session.stack.undoText().startswith("Flyt bilag")


def test_a_new_meeting_from_a_template_starts_at_2_1(window, agenda, qtbot, tmp_path, stub_dialogs):
    folder = tmp_path / "april"

    def fill(dialog):
        index = next(i for i in range(dialog.source.count()) if "uden sagstyper" in dialog.source.itemText(i))
        dialog.source.setCurrentIndex(index)
        dialog.kkr.setCurrentText("KKR Nordjylland")
        dialog.date.setDate(QDate(2025, 4, 10))
        dialog.folder.setText(str(folder))
        return True

    stub_dialogs.answers["run"] = fill
    window.session.stack.setClean()
    window.act_new_from.trigger()
    meeting = window.session.meeting
    assert window.session.folder.path == folder
    assert (meeting.kkr, meeting.date) == ("KKR Nordjylland", dt.date(2025, 4, 10))
    assert [(i.number, i.type, i.title) for i in meeting.items] == [
        ("2.1", None, "Godkendelse af dagsorden"), ("2.2", None, "Meddelelser"), ("2.3", None, "Eventuelt")]
    assert meeting.continuous_numbers
    agenda.select(meeting.items[-1])
    agenda.act_add_item.trigger()
    assert meeting.items[-1].number == "2.4"


def test_a_new_meeting_from_an_earlier_meeting_takes_its_recurring_items(window, tmp_path, stub_dialogs):
    earlier = window.session.folder.path
    stub_dialogs.answers["choose_folder"] = earlier

    def fill(dialog):
        dialog.source.setCurrentIndex(dialog.source.count() - 1)
        dialog._source_chosen(dialog.source.currentIndex())
        dialog.date.setDate(QDate(2025, 4, 10))
        dialog.folder.setText(str(tmp_path / "næste"))
        return True

    stub_dialogs.answers["run"] = fill
    window.session.stack.setClean()
    window.act_new_from.trigger()
    assert [(i.number, i.title, i.bilag) for i in window.session.meeting.items] == [
        ("2.1", "Godkendelse af dagsorden", []), ("2.2", "Eventuelt", [])]


def test_save_as_template_writes_the_items_without_bilag(window, tmp_path, stub_dialogs):
    target = tmp_path / "skabeloner" / "Mit møde"
    stub_dialogs.answers["save_file"] = target
    window.act_save_template.trigger()
    template = read_template(target.with_name("Mit møde.toml"))
    assert template.name == "Mit møde"
    assert [i.title for i in template.items] == [i.title for i in window.session.meeting.items]
    assert all(not i.bilag and not i.case_id for i in template.items)


def test_the_continuous_numbers_box_is_an_undoable_meeting_edit(window, agenda):
    form = agenda.meeting_form
    assert form.continuous.isChecked()
    form.continuous.setChecked(False)
    assert not window.session.meeting.continuous_numbers
    assert window.session.stack.undoText() == "Ret mødets fortløbende numre"
    window.act_undo.trigger()
    assert window.session.meeting.continuous_numbers and form.continuous.isChecked()


def test_a_reference_left_pointing_at_a_moved_bilag_stays_in_the_problems(window, qtbot, stub_dialogs):
    stub_dialogs.answers["confirm"] = False
    session = window.session
    rammer = session.meeting.item("2.2")
    session.move_bilag(rammer, 2, rammer, 0)                 # kort first: "bilag 3" now names tabeller
    qtbot.waitUntil(lambda: any(f.problem.code == "reference-moved" for f in session.findings()), timeout=5000)
    moved = [f.problem.message for f in session.findings() if f.problem.code == "reference-moved"]
    assert any('"bilag 3"' in m and '"bilag 1"' in m for m in moved)
    window.act_undo.trigger()                                # the move undone: nothing is stale any more
    assert not any(f.problem.code == "reference-moved" for f in session.findings())


def test_a_reference_to_a_deleted_bilag_stays_in_the_problems_after_the_others_are_updated(window, qtbot):
    session = window.session
    rammer = session.meeting.item("2.2")
    session.remove_bilag(rammer, rammer.bilag[1])
    qtbot.waitUntil(lambda: session.stack.undoText() == "Opdatér henvisninger til bilag", timeout=5000)
    moved = [f for f in session.findings() if f.problem.code == "reference-moved"]
    assert len(moved) == 1 and '"bilag 2"' in moved[0].problem.message and "fjernet" in moved[0].problem.message
    session.edit_item(rammer, "sagsfremstilling", rammer.sagsfremstilling.replace("i bilag 2", "i notatet"))
    assert not any(f.problem.code == "reference-moved" for f in session.findings())


def test_a_new_item_in_a_continuous_meeting_takes_the_next_number_and_moves_the_rest_up(tmp_path, qtbot):
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 4, 10), continuous_numbers=True, items=[
        AgendaItem(number="2.1", title="Godkendelse af dagsorden"),
        AgendaItem(number="2.2", title="Meddelelser", resume="Se bilag 1 til punkt 2.3."),
        AgendaItem(number="2.3", title="Eventuelt", bilag=[Bilag(title="x", file="bilag/x.pdf")])])
    session = MeetingSession(MeetingFolder.create(tmp_path / "m", meeting), data_dir=tmp_path / "data")
    try:
        with qtbot.waitSignal(session.referencesMoved) as moved:
            added = session.add_item(after=session.meeting.items[0])
        assert [(i.number, i.title) for i in session.meeting.items] == [
            ("2.1", "Godkendelse af dagsorden"), ("2.2", ""), ("2.3", "Meddelelser"), ("2.4", "Eventuelt")]
        assert added is session.meeting.items[1]
        assert [f.problem.code for f in session.findings()] == ["item-no-title"]
        assert [e.new for e in moved.args[0].edits] == ["Se bilag 1 til punkt 2.4."]
        assert session.stack.count() == 1 and session.stack.undoText() == "Tilføj punkt 2.2"
        session.stack.undo()
        assert [i.number for i in session.meeting.items] == ["2.1", "2.2", "2.3"]
        session.stack.redo()
        assert [i.number for i in session.meeting.items] == ["2.1", "2.2", "2.3", "2.4"]
        copy = session.duplicate_item(session.meeting.items[3])
        assert (copy.number, [i.number for i in session.meeting.items]) == ("2.5", ["2.1", "2.2", "2.3", "2.4", "2.5"])
    finally:
        session.stack.setClean()
        session.close()


def test_the_export_check_list_shows_references_left_pointing_at_a_moved_bilag(qtbot, tmp_path, sample_dir,
                                                                               stub_dialogs):
    import shutil

    from kkrdesk.ui.features import connect_features

    shutil.copytree(sample_dir, tmp_path / "møde")
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    connect_features(window)
    export = window.feature("export")
    window.show()
    window.open_meeting(tmp_path / "møde")
    stub_dialogs.answers["confirm"] = False
    session = window.session
    item = session.meeting.item("2.2")
    session.move_bilag(item, 1, item, 0)                      # the evaluation first: "bilag 1" is wrong now
    qtbot.waitUntil(lambda: bool(session.reference_problems()), timeout=5000)
    dialog = export.open_dialog()
    qtbot.waitUntil(lambda: dialog.report is not None and not dialog.busy, timeout=30000)
    texts = [dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())]
    assert any('til "bilag 1"' in text and 'hedder nu "bilag 2"' in text for text in texts), texts
    dialog.reject()
    session.stack.setClean()
    window.close()
