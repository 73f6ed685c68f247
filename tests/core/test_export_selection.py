"""What goes into the exports: closed items and bilag only on request, data files listed only."""

import datetime as dt

from kkrdesk.core.export.selection import select
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.meeting.model import AgendaItem, Bilag, Meeting


def meeting():
    return Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), items=[
        AgendaItem("1", "Uden bilag"),
        AgendaItem("2", "Åbent punkt", bilag=[
            Bilag("Notat", "bilag/a.pdf", FileKind.PDF, 3),
            Bilag("Fortroligt", "bilag/b.pdf", FileKind.PDF, 2, closed=True),
            Bilag("Svar", "bilag/c.xlsx", FileKind.XLSX, printed=False),
        ]),
        AgendaItem("3", "Lukket punkt", closed=True, bilag=[Bilag("Kontrakt", "bilag/d.pdf", FileKind.PDF, 4)]),
        AgendaItem("4", "Kun data", bilag=[Bilag("Tal", "bilag/e.csv", FileKind.CSV, printed=False)]),
    ])


def test_open_export_leaves_closed_items_and_bilag_out():
    selection = select(meeting())
    assert [i.item.number for i in selection.items] == ["1", "2", "4"]
    assert [b.key for b in selection.printed_bilag] == ["2/1"]
    assert sorted(b.key for b in selection.left_out) == ["2/2", "3/1"]
    assert [i.number for i in selection.left_out_items] == ["3"]


def test_bilag_keep_their_numbers_when_others_are_left_out():
    item = select(meeting()).items[1]
    assert [b.number for b in item.all_bilag] == [1, 3]
    assert item.attached[0].label == "Bilag 3: Svar"


def test_data_files_are_listed_but_not_printed():
    selection = select(meeting())
    assert [i.item.number for i in selection.pack_items] == ["2"]
    data_only = selection.items[2]
    assert not data_only.printed and [b.key for b in data_only.attached] == ["4/1"]


def test_closed_material_comes_along_when_asked_for():
    selection = select(meeting(), include_closed=True)
    assert [b.key for b in selection.printed_bilag] == ["2/1", "2/2", "3/1"]
    assert not selection.left_out
    assert all(b.closed for b in selection.printed_bilag[1:])
