"""tests/scans.py makes the same scanned copy from the same input, so OCR tests see the same pages each run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reader_helpers import write_pdf
from tests.scans import scan, text_scan


def in_folder(folder: Path) -> Path:
    folder.mkdir()
    return folder / "scannet.pdf"


@pytest.mark.slow
def test_a_scanned_copy_is_the_same_bytes_every_time(tmp_path):
    source = write_pdf(tmp_path / "kilde.pdf", ["Kommunerne og regionen.", "Side to om budgettet."])
    first = scan(source, in_folder(tmp_path / "a"), dpi=72)
    assert scan(source, in_folder(tmp_path / "b"), dpi=72).read_bytes() == first.read_bytes()
    assert scan(source, in_folder(tmp_path / "c"), dpi=72, seed=7).read_bytes() != first.read_bytes()


def test_a_drawn_scan_is_the_same_bytes_every_time_whatever_the_clock(tmp_path):
    lines = ["Resultatkontrakt for Erhvervshus Sjælland", "Underskrevet af formanden"]
    first = text_scan(in_folder(tmp_path / "a"), lines).read_bytes()
    assert text_scan(in_folder(tmp_path / "b"), lines).read_bytes() == first
    assert b"/CreationDate (D:20250227090000Z)" in first and b"/ModDate (D:20250227090000Z)" in first
