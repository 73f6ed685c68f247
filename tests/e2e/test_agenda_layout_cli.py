"""The Word agenda keeps each item's heading and case number on the page of its text, as LibreOffice lays it out."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kkrdesk.core.export.libreoffice_toc import can_update_indexes
from kkrdesk.core.meeting.store import MeetingFolder
from tests.export_fixtures import many_items_meeting

SUB_HEADINGS = {"Resumé", "Indstilling", "Sagsfremstilling", "Bilag"}
FOOTER = re.compile(r"Side \d+ af \d+$")
CONTENTS_LINE = re.compile(r"\.{4,}\s*\d+$")


def page_texts(pdf: Path) -> list[str]:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")[:-1]


def pages_ending_on_a_heading(pages: list[str], headings: list[str]) -> list[tuple[int, str]]:
    """(page, last line) for every page after the front page and the contents whose text ends on an
    item heading (also one wrapped over several lines), a sub-heading or a "Sagsnr." line."""
    whole = {" ".join(heading.split()) for heading in headings}
    found = []
    for number, page in enumerate(pages, start=1):
        body = [line.strip() for line in page.splitlines() if line.strip() and not FOOTER.search(line.strip())]
        if number == 1 or not body or any(CONTENTS_LINE.search(line) for line in body):
            continue
        tails = {" ".join(" ".join(body[start:]).split()) for start in range(max(0, len(body) - 4), len(body))}
        if body[-1].startswith("Sagsnr.") or body[-1] in SUB_HEADINGS or tails & whole:
            found.append((number, body[-1]))
    return found


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(not can_update_indexes() or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice with Python-UNO and pdftotext")
@pytest.mark.parametrize("count, seed", [(30, 1), (30, 2), (60, 3)])
def test_no_item_heading_or_case_number_is_left_at_the_foot_of_a_page(tmp_path, cli, count, seed):
    from kkrdesk.core.office.libreoffice import convert_to_pdf

    folder = many_items_meeting(tmp_path / "møde", count, seed)
    with MeetingFolder.open(folder) as store:
        headings = [item.heading for item in store.meeting.items]
    agenda = tmp_path / "dagsorden.docx"
    done = cli("export", folder, "--docx", agenda)
    assert done.returncode == 0, done.stdout + done.stderr
    pages = page_texts(convert_to_pdf(agenda, cache_dir=tmp_path / "pdf"))
    assert len(pages) > count // 2
    assert sum(page.count("Sagsnr. 25/") for page in pages) == count     # every case number is read
    assert pages_ending_on_a_heading(pages, headings) == []
