"""The derived-file caches keep to their budgets: least recently used out first, a hit refreshes, old versions go."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kkrdesk.core import disk_cache
from kkrdesk.core.files import image_pdf as image_pdf_module
from kkrdesk.core.files import pdf_active
from kkrdesk.core.files.hashing import file_identity, sha256_of
from kkrdesk.core.files.image_pdf import image_pdf
from kkrdesk.core.office import libreoffice
from kkrdesk.core.office.libreoffice import convert_to_pdf
from kkrdesk.core.office.soffice import find_soffice
from kkrdesk.core.text import pdf as text_pdf
from tests.broken_images import tiff_by_imagemagick
from tests.export_fixtures import make_docx, make_pdf
from tests.hostile_pdfs import hostile_pdf

SIZE = 10_000


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))


def _write(folder: Path, name: str, budget: int, size: int = SIZE) -> Path:
    entry = folder / name
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_bytes(os.urandom(size))
    disk_cache.stored(entry, budget)
    return entry


def _age(entry: Path, seconds_ago: float) -> None:
    """Make ``entry`` look last used ``seconds_ago``."""
    disk_cache.mark_used(entry)
    stamp = time.time() - seconds_ago
    os.utime(entry.parent / disk_cache.USED_FOLDER / entry.name, (stamp, stamp))


def _held(folder: Path) -> list[str]:
    return sorted(entry.path.name for entry in disk_cache.entries(folder))


def test_many_writes_keep_the_folder_within_its_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(disk_cache, "IN_USE_SECONDS", 0)
    folder, budget = tmp_path / "cache" / "pdf", 10 * SIZE
    for number in range(150):
        _write(folder, f"{number:03}.pdf", budget)
        assert sum(entry.size for entry in disk_cache.entries(folder)) <= budget
    assert len(_held(folder)) == 10 and "149.pdf" in _held(folder)
    assert sorted(os.listdir(folder / disk_cache.USED_FOLDER)) == _held(folder)   # no marker outlives its entry


def test_the_least_recently_used_entry_goes_first_and_a_hit_refreshes_it(tmp_path):
    folder, budget = tmp_path / "cache" / "ocr", 3 * SIZE
    oldest, middle, newest = (_write(folder, f"{name}.pdf", budget) for name in ("a", "b", "c"))
    for entry, hours in ((oldest, 30), (middle, 20), (newest, 10)):
        _age(entry, hours * 3600)
    assert disk_cache.cached(oldest) == oldest          # used again: now the most recent
    _write(folder, "d.pdf", budget)
    assert _held(folder) == ["a.pdf", "c.pdf", "d.pdf"]
    _write(folder, "e.pdf", budget)
    assert _held(folder) == ["a.pdf", "d.pdf", "e.pdf"]


def test_entries_used_lately_are_kept_even_over_the_budget(tmp_path):
    """Whoever was handed a cached path may not have opened it yet (an export merges after resolving all)."""
    folder, budget = tmp_path / "cache" / "pdf", 2 * SIZE
    handed_out = _write(folder, "a.pdf", budget)
    stale = _write(folder, "b.pdf", budget)
    _age(handed_out, disk_cache.IN_USE_SECONDS - 600)
    _age(stale, disk_cache.IN_USE_SECONDS + 600)
    _write(folder, "c.pdf", budget)
    assert _held(folder) == ["a.pdf", "c.pdf"]
    _write(folder, "d.pdf", budget)           # over the budget, but nothing is stale enough to go
    assert _held(folder) == ["a.pdf", "c.pdf", "d.pdf"]


def test_an_entry_that_cannot_be_removed_is_kept_and_the_next_goes(tmp_path, monkeypatch):
    """On Windows a file open in the reader cannot be removed: the pruner keeps it and goes on."""
    folder, budget = tmp_path / "cache" / "pdf", 2 * SIZE
    held_open = _write(folder, "a.pdf", budget)
    other = _write(folder, "b.pdf", budget)
    _age(held_open, 30 * 3600)
    _age(other, 20 * 3600)
    unlink = Path.unlink

    def refusing(path, missing_ok=False):
        if path == held_open:
            raise PermissionError(13, "The process cannot access the file because it is being used")
        unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refusing)
    _write(folder, "c.pdf", budget)
    assert _held(folder) == ["a.pdf", "c.pdf"]


def test_a_hit_leaves_the_entry_itself_alone(tmp_path):
    """Screening verdicts and fingerprints are remembered by a file's identity: a hit must not change it."""
    entry = _write(tmp_path / "cache" / "pdf", "a.pdf", 10 * SIZE)
    before = file_identity(entry)
    time.sleep(0.01)
    assert disk_cache.cached(entry) == entry
    assert file_identity(entry) == before


def test_hits_never_scan_the_folder_and_writes_seldom_do(tmp_path, monkeypatch):
    folder, budget = tmp_path / "cache" / "pdf", 1_000 * SIZE
    entries = [_write(folder, f"{number}.pdf", budget) for number in range(5)]
    scans = []
    scandir = os.scandir
    monkeypatch.setattr(disk_cache.os, "scandir", lambda path: scans.append(path) or scandir(path))
    for _ in range(20):
        for entry in entries:
            assert disk_cache.cached(entry) == entry
    assert scans == []
    for number in range(5, 5 + disk_cache.PRUNE_EVERY_WRITES):
        _write(folder, f"{number}.pdf", budget)
    assert 0 < len(scans) <= 2       # one prune: the folder and its markers


def test_a_write_that_passes_the_estimate_prunes_at_once(tmp_path, monkeypatch):
    monkeypatch.setattr(disk_cache, "IN_USE_SECONDS", 0)
    folder, budget = tmp_path / "cache" / "pdf", 4 * SIZE
    for name in "abcd":
        _write(folder, f"{name}.pdf", budget)
    _write(folder, "big.pdf", budget, size=3 * SIZE)
    assert _held(folder) == ["big.pdf", "d.pdf"]


def test_leftovers_of_crashed_writes_go_once_stale(tmp_path, monkeypatch):
    monkeypatch.setattr(disk_cache, "IN_USE_SECONDS", 0)
    folder = tmp_path / "cache" / "pdf"
    folder.mkdir(parents=True)
    crashed, writing = folder / ".a.pdf.1234abcd.tmp", folder / ".b.pdf.5678abcd.tmp"
    for temporary in (crashed, writing):
        temporary.write_bytes(b"%PDF-")
    old = time.time() - disk_cache.STALE_TEMPORARY_SECONDS - 60
    os.utime(crashed, (old, old))
    _write(folder, "c.pdf", SIZE * 10)
    assert not crashed.exists() and writing.exists()


def test_older_versions_go_when_a_newer_one_is_written_and_a_newer_one_stays(tmp_path):
    cache = tmp_path / "cache"
    older, newer = cache / "image-pdf-1" / "a.pdf", cache / "image-pdf-3" / "b.pdf"
    unrelated = cache / "pack-ready-1" / "c.pdf"
    for entry in (older, newer, unrelated):
        entry.parent.mkdir(parents=True)
        entry.write_bytes(b"%PDF-")
    current = cache / "image-pdf-2" / "d.pdf"
    current.parent.mkdir()
    current.write_bytes(b"%PDF-")
    disk_cache.stored(current, SIZE, versioned=True)
    assert not older.parent.exists()
    assert newer.is_file() and unrelated.is_file() and current.is_file()


def test_an_image_rendition_keeps_to_its_budget_and_replaces_older_versions(tmp_path, monkeypatch):
    monkeypatch.setattr(disk_cache, "IN_USE_SECONDS", 0)
    cache = tmp_path / "cache"
    earlier = cache / f"image-pdf-{image_pdf_module.RENDITION_VERSION - 1}" / "old.pdf"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"%PDF-")
    first = tiff_by_imagemagick(tmp_path / "første.tif", ("scan",), "Group4")
    drawn, _ = image_pdf(first)
    assert drawn.parent.name == f"image-pdf-{image_pdf_module.RENDITION_VERSION}" and not earlier.parent.exists()
    monkeypatch.setattr(image_pdf_module, "IMAGE_PDF_CACHE_BUDGET_BYTES", drawn.stat().st_size + 1)
    _age(drawn, 3600)
    second = tiff_by_imagemagick(tmp_path / "anden.tif", ("photo",), "LZW")
    again, _ = image_pdf(second)
    assert again.is_file() and not drawn.exists()


def test_clean_pack_copies_and_repaired_copies_keep_to_their_budgets(tmp_path, monkeypatch):
    """pack-ready-N/ and repaired/ go through the same cache: a hit marks use, a write prunes."""
    monkeypatch.setattr(disk_cache, "IN_USE_SECONDS", 0)
    cache = tmp_path / "cache"
    older = cache / f"pack-ready-{pdf_active.CLEANING_VERSION - 1}" / "gammel.pdf"
    older.parent.mkdir(parents=True)
    older.write_bytes(b"%PDF-")
    sources = []
    for number in range(3):
        source = hostile_pdf(tmp_path / f"aktiv-{number}.pdf")
        with open(source, "ab") as handle:
            handle.write(f"\n% kopi {number}\n".encode())     # the same PDF, another sha256
        sources.append(source)
    cleaned = [pdf_active.pack_ready_copy(source, sha256_of(source)) for source in sources[:2]]
    assert not older.parent.exists() and all(copy.is_file() for copy in cleaned)
    monkeypatch.setattr(pdf_active, "PACK_READY_CACHE_BUDGET_BYTES", 2 * cleaned[0].stat().st_size + 100)
    _age(cleaned[0], 200)
    _age(cleaned[1], 100)
    assert pdf_active.pack_ready_copy(sources[0], sha256_of(sources[0])) == cleaned[0]    # a hit: now the newest
    pdf_active.pack_ready_copy(sources[2], sha256_of(sources[2]))
    assert cleaned[0].is_file() and not cleaned[1].exists()

    repaired = [text_pdf.repaired_copy(make_pdf(tmp_path / f"skadet-{number}.pdf", 2, f"Skadet {number}"))[0]
                for number in range(2)]
    monkeypatch.setattr(text_pdf, "REPAIRED_CACHE_BUDGET_BYTES", 2 * max(r.stat().st_size for r in repaired) + 100)
    _age(repaired[0], 100)
    text_pdf.repaired_copy(make_pdf(tmp_path / "skadet-2.pdf", 2, "Skadet 2"))
    assert not repaired[0].exists() and _held(repaired[0].parent) == sorted(
        [repaired[1].name, f"{sha256_of(tmp_path / 'skadet-2.pdf')}.pdf"])


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice missing")
def test_libreoffice_renderings_keep_to_their_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(disk_cache, "IN_USE_SECONDS", 0)
    first = convert_to_pdf(make_docx(tmp_path / "notat-1.docx", 1, "Notat 1"))
    assert convert_to_pdf(tmp_path / "notat-1.docx") == first           # a hit
    monkeypatch.setattr(libreoffice, "LIBREOFFICE_CACHE_BUDGET_BYTES", first.stat().st_size + 100)
    _age(first, 100)
    second = convert_to_pdf(make_docx(tmp_path / "notat-2.docx", 1, "Notat 2"))
    assert second.is_file() and not first.exists()
