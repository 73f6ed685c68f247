"""The agenda item model: Qt's model tester, what it shows, and drag and drop through the API."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, Qt, QUrl

from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.meeting import Bilag
from kkrdesk.core.meeting.checks import check_structure
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.ui.agenda.item_model import NODE_MIME
from kkrdesk.ui.agenda.session import MeetingSession
from tests.factories import make_pdf, small_meeting


@pytest.fixture
def session(tmp_path, qtbot):
    meeting = small_meeting()
    meeting.items[0].bilag = [Bilag(title=f"B{n}", file=f"bilag/b{n}.pdf", kind=FileKind.PDF, pages=n)
                              for n in (1, 2, 3)]
    meeting.items[1].bilag = [Bilag(title="Data", file="bilag/d.xlsx", kind=FileKind.XLSX, printed=False)]
    folder = MeetingFolder.create(tmp_path / "m", meeting)
    session = MeetingSession(folder, data_dir=tmp_path / "data")
    yield session
    session.close()


def titles(session):
    return [(i.number, [b.title for b in i.bilag]) for i in session.meeting.items]


def test_model_passes_qt_model_tester(session, qtmodeltester):
    qtmodeltester.check(session.model, force_py=True)


def test_rows_show_headings_bilag_numbers_and_pages(session):
    model = session.model
    item = model.index(0, 0)
    assert model.data(item) == "2.2 Temadrøftelse: Rammer for KKR"
    assert model.data(model.index(0, 1)) == "6"
    assert model.rowCount(item) == 3
    assert model.data(model.index(1, 0, item)) == "Bilag 2: B2"
    data = model.index(0, 0, model.index(1, 0))
    assert model.data(data, Qt.ItemDataRole.FontRole).italic()
    assert "Kommer ikke med i bilagspakken" in model.data(data, Qt.ItemDataRole.ToolTipRole)


def node_mime(payload: dict) -> QMimeData:
    mime = QMimeData()
    mime.setData(NODE_MIME, json.dumps(payload).encode())
    return mime


def test_dragging_a_bilag_to_another_item_is_one_undoable_step(session, qtmodeltester):
    model = session.model
    mime = model.mimeData([model.index(0, 0, model.index(0, 0))])
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, model.index(1, 0)) is False
    assert titles(session) == [("2.2", ["B2", "B3"]), ("2.4", ["Data", "B1"])]
    assert model.data(model.index(0, 0, model.index(0, 0))) == "Bilag 1: B2"
    session.stack.undo()
    assert titles(session) == [("2.2", ["B1", "B2", "B3"]), ("2.4", ["Data"])]
    qtmodeltester.check(model, force_py=True)


def test_dragging_items_and_bilag_reorders_them(session):
    model = session.model
    model.dropMimeData(node_mime({"item": 1}), Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert [i.number for i in session.meeting.items] == ["2.4", "2.2"]
    model.dropMimeData(node_mime({"item": 1, "bilag": 2}), Qt.DropAction.MoveAction, 0, 0, model.index(1, 0))
    assert titles(session)[1] == ("2.2", ["B3", "B1", "B2"])
    session.stack.undo()
    session.stack.undo()
    assert titles(session) == [("2.2", ["B1", "B2", "B3"]), ("2.4", ["Data"])]


def test_dropping_files_on_an_item_imports_them_in_the_background(session, tmp_path, qtbot):
    files = [make_pdf(tmp_path / "Referat fra mødet.pdf", 4), make_pdf(tmp_path / "Tal.pdf", 1)]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    model = session.model
    assert model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, model.index(1, 0))
    with qtbot.waitSignal(model.rowsInserted, timeout=10000):
        model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, model.index(1, 0))
    qtbot.waitUntil(lambda: len(session.meeting.items[1].bilag) == 3)
    added = session.meeting.items[1].bilag[1:]
    assert [(b.title, b.pages, b.kind) for b in added] == [("Referat fra mødet", 4, "pdf"), ("Tal", 1, "pdf")]
    assert (session.folder.path / added[0].file).is_file()
    session.stack.undo()
    assert titles(session)[1] == ("2.4", ["Data"]), "one drop is one undo step"


def test_read_only_model_refuses_drops(session):
    session.model.read_only = True
    assert not session.model.canDropMimeData(node_mime({"item": 0}), Qt.DropAction.MoveAction, 0, 0,
                                             QModelIndex())
    assert not session.model.flags(session.model.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled


def test_findings_mark_rows(session):
    session.meeting.items[1].number = "2.2"
    session.model.set_findings(check_structure(session.meeting))
    tooltip = session.model.data(session.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "Punktnummeret 2.2 bruges 2 gange" in tooltip
