"""A batch of imports that stops half-way takes out the files it copied in, and only those."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kkrdesk.core.meeting import Bilag
from kkrdesk.core.meeting.importing import ImportBatch
from tests.factories import make_pdf, meeting_with_file


def contents(folder_path: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in (folder_path / "bilag").iterdir()}


@pytest.fixture
def folder(tmp_path):
    folder = meeting_with_file(tmp_path / "m")   # bilag/m-source.pdf, named by item 2.2
    make_pdf(tmp_path / "m" / "bilag" / "notat.pdf", 1, "Lå her i forvejen")   # named by no bilag
    yield folder
    folder.close()


def test_a_batch_stopped_half_way_leaves_the_folder_as_it_was(folder, tmp_path):
    before = contents(folder.path)
    (tmp_path / "ind").mkdir()
    same_as_named = shutil.copy(tmp_path / "m-source.pdf", tmp_path / "ind" / "m-source.pdf")
    same_as_stray = shutil.copy(folder.path / "bilag" / "notat.pdf", tmp_path / "ind" / "notat.pdf")
    other_notat = make_pdf(tmp_path / "notat.pdf", 2, "Et andet notat")
    new = make_pdf(tmp_path / "nyt.pdf", 3)

    with pytest.raises(KeyboardInterrupt), ImportBatch(folder) as batch:
        files = [batch.import_file(source).file for source in (same_as_named, same_as_stray, other_notat, new, new)]
        assert files == ["bilag/m-source.pdf", "bilag/notat.pdf", "bilag/notat-2.pdf", "bilag/nyt.pdf",
                         "bilag/nyt.pdf"]
        raise KeyboardInterrupt       # Ctrl+C, or Annullér in the window

    assert contents(folder.path) == before


def test_a_batch_that_finishes_keeps_its_files(folder, tmp_path):
    with ImportBatch(folder) as batch:
        batch.import_file(make_pdf(tmp_path / "nyt.pdf"))
    assert (folder.path / "bilag" / "nyt.pdf").is_file()


def test_a_copy_another_batch_finished_with_stays(folder, tmp_path):
    new = make_pdf(tmp_path / "nyt.pdf")
    with pytest.raises(KeyboardInterrupt), ImportBatch(folder) as stopped:
        stopped.import_file(new)                   # copied in by this batch
        with ImportBatch(folder) as finished:
            finished.import_file(new)              # the same content: the same file, on its way in
        raise KeyboardInterrupt
    assert (folder.path / "bilag" / "nyt.pdf").is_file()


def test_a_copy_another_running_batch_used_is_its_to_take_back(folder, tmp_path):
    new = make_pdf(tmp_path / "nyt.pdf")
    first, second = ImportBatch(folder), ImportBatch(folder)
    with pytest.raises(KeyboardInterrupt), second:
        with pytest.raises(KeyboardInterrupt), first:
            first.import_file(new)
            second.import_file(new)
            raise KeyboardInterrupt
        assert (folder.path / "bilag" / "nyt.pdf").is_file()    # the second batch still needs it
        raise KeyboardInterrupt
    assert not (folder.path / "bilag" / "nyt.pdf").exists()     # ... and took it out when it stopped too


def test_a_copy_a_bilag_names_stays(folder, tmp_path):
    with pytest.raises(KeyboardInterrupt), ImportBatch(folder) as batch:
        imported = batch.import_file(make_pdf(tmp_path / "nyt.pdf"))
        folder.meeting.item("2.4").bilag.append(Bilag(title="Nyt", file=imported.file))
        raise KeyboardInterrupt
    assert (folder.path / "bilag" / "nyt.pdf").is_file()
