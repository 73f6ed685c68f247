"""One page count of the printed bilag, shared by the pack export and the referat export."""

from __future__ import annotations

from pathlib import Path

from kkrdesk.core.export.exporter import ExportOptions, export_meeting
from kkrdesk.core.export.progress import Steps
from kkrdesk.core.export.referat_export import ReferatOptions, export_referat
from kkrdesk.core.export.selection import select
from kkrdesk.core.export.sources import resolve_printed
from kkrdesk.core.meeting.store import read_meeting
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting


class Recorder:
    """A progress sink that keeps every report."""

    def __init__(self) -> None:
        self.reports: list[tuple[int, int, str]] = []

    def report(self, done: int, total: int, text: str = "") -> None:
        self.reports.append((done, total, text))

    def check(self) -> None:
        pass


def meeting_with_a_missing_bilag(root: Path) -> Path:
    folder = make_meeting(root / "møde", [
        ItemSpec("2.2", "Samarbejdet", bilag=[BilagSpec("Notat", 4), BilagSpec("Bilag uden fil", 2)]),
        ItemSpec("2.3", "Trafik", bilag=[BilagSpec("Udspil", 7)]),
    ])
    meeting, _ = read_meeting(folder)
    (folder / meeting.items[0].bilag[1].file).unlink()
    return folder


def test_every_printed_bilag_is_counted_in_order_one_step_each(tmp_path):
    folder = meeting_with_a_missing_bilag(tmp_path)
    meeting, _ = read_meeting(folder)
    printed = select(meeting, include_closed=False).printed_bilag
    sink = Recorder()
    resolved = resolve_printed(folder, printed, Steps(sink, len(printed)), use_libreoffice=False,
                               step_text="Tæller bilag {bilag} til punkt {item}")
    assert [(r.selected.key, r.page_count) for r in resolved] == [("2.2/1", 4), ("2.2/2", 0), ("2.3/1", 7)]
    assert resolved[1].problem is not None and resolved[1].problem.code == "file-missing"
    begun = [text for _, _, text in sink.reports if text]
    assert begun == ["Tæller bilag 1 til punkt 2.2", "Tæller bilag 2 til punkt 2.2", "Tæller bilag 1 til punkt 2.3"]
    assert sink.reports[-1][:2] == (3, 3)


def test_the_referat_and_the_pack_agree_on_every_bilag_page(tmp_path):
    folder = meeting_with_a_missing_bilag(tmp_path)
    meeting, _ = read_meeting(folder)
    pack = export_meeting(folder, meeting, ExportOptions(pdf=tmp_path / "bilag.pdf", use_libreoffice=False,
                                                         override=True))
    referat = export_referat(folder, meeting, ReferatOptions(docx=tmp_path / "referat.docx",
                                                             use_libreoffice=False))
    # index page, then separator + 4, separator + notice, separator + 7
    assert pack.bilag_pages == referat.bilag_pages == {"2.2/1": 2, "2.2/2": 7, "2.3/1": 9}
