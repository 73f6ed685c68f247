"""The bilag pack built in a child process: the same pack, cancelled or failed without a partial file."""

from __future__ import annotations

import io
import json
import os
import pickle
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest

from kkrdesk.core.errors import InternalError, KkrError
from kkrdesk.core.export import pack_child, pdf_pack
from kkrdesk.core.export.exporter import ExportBlocked, ExportOptions, export_meeting
from kkrdesk.core.export.pack_child import PackJob, build_pack_in_child, run_pack_job
from kkrdesk.core.export.progress import Steps
from kkrdesk.core.export.selection import select
from kkrdesk.core.export.sources import resolve_printed
from kkrdesk.core.meeting.store import read_meeting
from tests.core.test_export_pack import page_texts
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting, seed_like_items

OLD_PACK = b"%PDF-1.4 the pack exported last week\n"


class Stop(Exception):
    """The test's own cancel."""


class CancelWhileMerging:
    """A progress sink that cancels once the child has started merging bilag."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def report(self, done: int, total: int, text: str = "") -> None:
        if text:
            self.texts.append(text)

    def check(self) -> None:
        if any(text.startswith("Fletter") for text in self.texts):
            raise Stop


@pytest.fixture(scope="module")
def seed_meeting(tmp_path_factory):
    root = tmp_path_factory.mktemp("packchild")
    return make_meeting(root / "møde", seed_like_items())


def outline_titles(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        return [f"{item.title}/{child.title}" for item in outline.root for child in item.children]


def export(folder: Path, target: Path, **keywords):
    meeting, _ = read_meeting(folder)
    return export_meeting(folder, meeting, ExportOptions(pdf=target, use_libreoffice=False), **keywords)


@pytest.mark.parametrize("start", [pytest.param("spawn", marks=pytest.mark.slow), "fork"])
def test_the_child_writes_the_same_pack_as_the_process_itself(seed_meeting, tmp_path, start):
    here = export(seed_meeting, tmp_path / "here.pdf")
    child = export(seed_meeting, tmp_path / "child.pdf", pack_in_child=start)
    assert child.pdf == tmp_path / "child.pdf"
    assert (child.total_pages, child.bilag_pages, child.notes) == (here.total_pages, here.bilag_pages, here.notes)
    assert child.preflight.problems == here.preflight.problems
    assert page_texts(child.pdf) == page_texts(here.pdf)
    assert outline_titles(child.pdf) == outline_titles(here.pdf)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["child.pdf", "here.pdf"]   # no temporary file left


@pytest.mark.parametrize("start", [pytest.param("spawn", marks=pytest.mark.slow), "fork"])
def test_a_bilag_that_breaks_in_the_child_gets_its_notice_page(tmp_path, start):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("2.2", "Samarbejdet", bilag=[BilagSpec("Notat", 3),
                                                                                     BilagSpec("Ødelagt", 2)])])
    meeting, _ = read_meeting(folder)
    selection = select(meeting, include_closed=False)
    resolved = resolve_printed(folder, selection.printed_bilag, Steps(None, 1), use_libreoffice=False)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(resolved[1].pdf.read_bytes()[:400])   # a PDF cut short after it was admitted
    resolved[1] = replace(resolved[1], pdf=broken)
    pack = build_pack_in_child(meeting, selection, resolved, tmp_path / "bilag.pdf", start=start)
    assert [p.code for p in pack.problems] == ["bilag-damaged"]    # told back by the child
    texts = page_texts(pack.path)
    assert len(texts) == pack.plan.total_pages == 7     # index, separator + 3, separator + notice
    assert "kunne ikke flettes ind" in texts[6]


@pytest.mark.parametrize("start", ["spawn", "fork"])
def test_a_blocking_preflight_stops_the_child_and_writes_nothing(tmp_path, start):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("2.2", "Samarbejdet", bilag=[BilagSpec("Notat", 3),
                                                                                     BilagSpec("Væk", 2)])])
    meeting, _ = read_meeting(folder)
    (folder / meeting.items[0].bilag[1].file).unlink()
    target = tmp_path / "ud" / "bilag.pdf"
    target.parent.mkdir()
    target.write_bytes(OLD_PACK)
    with pytest.raises(ExportBlocked):
        export(folder, target, pack_in_child=start)
    assert target.read_bytes() == OLD_PACK
    assert [p.name for p in target.parent.iterdir()] == ["bilag.pdf"]


@pytest.mark.parametrize("start", ["spawn", "fork"])
def test_cancelling_kills_the_child_and_keeps_the_old_pack(seed_meeting, tmp_path, start):
    target = tmp_path / "bilag.pdf"
    target.write_bytes(OLD_PACK)
    sink = CancelWhileMerging()
    with pytest.raises(Stop):
        export(seed_meeting, target, pack_in_child=start, progress=sink)
    assert target.read_bytes() == OLD_PACK
    assert [p.name for p in tmp_path.iterdir()] == ["bilag.pdf"]


def test_a_child_that_dies_gives_a_danish_message_naming_the_pack(seed_meeting, tmp_path, monkeypatch):
    dying = [sys.executable, "-c", "import sys; sys.stderr.write('MemoryError\\n'); sys.exit(1)"]
    monkeypatch.setattr(pack_child, "kkrdesk_command", lambda: dying)
    target = tmp_path / "bilag.pdf"
    target.write_bytes(OLD_PACK)
    with pytest.raises(KkrError) as caught:
        export(seed_meeting, target, pack_in_child="spawn")
    error = caught.value
    assert not isinstance(error, InternalError)
    assert error.file == str(target)
    assert "stoppede uventet (MemoryError)" in error.message and "gamle bilagspakke er uændret" in error.message
    assert error.hint.startswith("Prøv igen")
    assert target.read_bytes() == OLD_PACK
    assert [p.name for p in tmp_path.iterdir()] == ["bilag.pdf"]


def _job(tmp_path: Path) -> Path:
    job = tmp_path / "job.pickle"
    job.write_bytes(pickle.dumps(PackJob(None, None, (), tmp_path / ".bilag.pdf.1234.tmp",  # type: ignore[arg-type]
                                         tmp_path / "bilag.pdf", tmp_path / "result.pickle")))
    return job


def test_the_child_tells_a_save_error_with_the_real_file_name(tmp_path, monkeypatch):
    def cannot_save(meeting, selection, resolved, target, steps, **_):
        raise KkrError("bilagspakken kunne ikke gemmes (disken er fuld).", file=target, hint="Ryd op.")

    monkeypatch.setattr(pdf_pack, "build_pack", cannot_save)
    out = io.StringIO()
    assert run_pack_job(_job(tmp_path), out) == 1
    told = json.loads(out.getvalue().splitlines()[-1])
    assert told == {"error": {"message": "bilagspakken kunne ikke gemmes (disken er fuld).",
                              "file": str(tmp_path / "bilag.pdf"), "hint": "Ryd op."}}


def test_kkrdesks_own_failure_in_the_child_is_an_internal_error(seed_meeting, tmp_path, monkeypatch):
    crashing = [sys.executable, "-c", "import sys, traceback\ntry:\n    raise TypeError('a bug')\n"
                "except TypeError:\n    traceback.print_exc()\nprint('{\"internal\": true}', flush=True)\nsys.exit(1)"]
    monkeypatch.setattr(pack_child, "kkrdesk_command", lambda: crashing)
    with pytest.raises(InternalError) as caught:
        export(seed_meeting, tmp_path / "bilag.pdf", pack_in_child="spawn")
    assert "TypeError: a bug" in str(caught.value.__cause__)
    assert not (tmp_path / "bilag.pdf").exists()


class DrawnIn:
    """Wraps pdf_pack.draw_pack_pages (forked children share it): notes in a file which process drew."""

    def __init__(self, log: Path, monkeypatch):
        self.log, self.real = log, pdf_pack.draw_pack_pages
        monkeypatch.setattr(pdf_pack, "draw_pack_pages", self)

    def __call__(self, *args, **keywords):
        with self.log.open("a", encoding="ascii") as log:
            log.write(f"{os.getpid()}\n")
        return self.real(*args, **keywords)

    def processes(self) -> list[int]:
        return [int(line) for line in self.log.read_text(encoding="ascii").split()]


def test_the_forked_child_merges_the_own_pages_its_parent_drew_meanwhile(seed_meeting, tmp_path, monkeypatch):
    here = export(seed_meeting, tmp_path / "here.pdf")
    drawn = DrawnIn(tmp_path / "drawn.log", monkeypatch)
    child = export(seed_meeting, tmp_path / "child.pdf", pack_in_child="fork")
    assert drawn.processes() == [os.getpid()]      # drawn once, by this process: the child drew nothing
    assert page_texts(child.pdf) == page_texts(here.pdf)
    assert outline_titles(child.pdf) == outline_titles(here.pdf)
    assert (child.total_pages, child.bilag_pages) == (here.total_pages, here.bilag_pages)


def test_the_child_draws_the_own_pages_itself_when_its_parent_cannot(seed_meeting, tmp_path, monkeypatch):
    here = export(seed_meeting, tmp_path / "here.pdf")
    parent = os.getpid()
    real_own_pages = pdf_pack.own_pages

    def own_pages(*args):
        if os.getpid() == parent:
            raise OSError(28, "No space left on device")
        return real_own_pages(*args)

    monkeypatch.setattr(pdf_pack, "own_pages", own_pages)
    drawn = DrawnIn(tmp_path / "drawn.log", monkeypatch)
    child = export(seed_meeting, tmp_path / "child.pdf", pack_in_child="fork")
    assert len(drawn.processes()) == 1 and drawn.processes() != [parent]
    assert page_texts(child.pdf) == page_texts(here.pdf)


def test_own_pages_drawn_for_other_bilag_are_not_used(tmp_path, monkeypatch):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("2.2", "Samarbejdet", bilag=[BilagSpec("Notat", 3),
                                                                                     BilagSpec("Bilag", 2)])])
    meeting, _ = read_meeting(folder)
    selection = select(meeting, include_closed=False)
    resolved = resolve_printed(folder, selection.printed_bilag, Steps(None, 1), use_libreoffice=False)
    stale = pdf_pack.own_pages(meeting, pdf_pack.grouped(selection, [resolved[0], replace(resolved[1], page_count=9)]))
    pack = pdf_pack.build_pack(meeting, selection, resolved, tmp_path / "bilag.pdf", drawn_beside=lambda: stale)
    assert pack.plan.total_pages == len(page_texts(pack.path)) == 8     # index, separator + 3, separator + 2


def test_what_is_imported_before_the_fork_holds_no_reportlab_drawing_or_fonts():
    # The command line forks the merging child before it draws the own pages; the child never draws them.
    code = ("import sys, kkrdesk.cli.export_commands\n"
            "print(sorted(m for m in sys.modules if m.startswith(('reportlab.pdfgen', 'reportlab.pdfbase'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
