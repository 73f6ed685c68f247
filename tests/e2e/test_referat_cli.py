"""kkrdesk export --referat end to end: decisions, status, closed items, pack pages and a TOC that is right."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest

from kkrdesk.core.export.libreoffice_toc import can_update_indexes
from kkrdesk.core.meeting.model import ItemType, ReferatStatus
from kkrdesk.core.meeting.store import MeetingFolder
from tests.export_fixtures import ItemSpec, make_meeting, many_items_meeting, seed_like_items

DECISIONS = {"2.1": "Dagsordenen blev godkendt.",
             "2.2": "KKR drøftede rammerne og bad sekretariatet samle op.",
             "2.7": "Orienteringen blev taget til efterretning.\n\n- kontrakten følges op i efteråret"}
PACK_PAGES = {"2.2/1": 2, "2.2/2": 11, "2.4/1": 29, "2.7/1": 39}   # as the pack export numbers them


def referat_meeting(tmp_path: Path, *, approved: bool = False, decide_all: bool = False) -> Path:
    """The seed-shaped meeting with a closed item 2.9, decisions on some items, Fraværende and a
    Protokoltilførsel, written through the store (the test's own meeting)."""
    items = seed_like_items() + [ItemSpec("2.9", "Udpegning til lukket bestyrelse", ItemType.BESLUTNINGSSAG,
                                          closed=True)]
    folder = make_meeting(tmp_path / "møde", items)
    with MeetingFolder.open(folder) as store:
        meeting = store.meeting
        for item in meeting.items:
            item.beslutning = DECISIONS.get(item.number, "Drøftet." if decide_all else "")
        meeting.item("2.9").beslutning = "Hemmelig udpegning besluttet."
        meeting.item("2.7").opfoelgning = True
        meeting.item("2.7").opfoelgning_dato = dt.date(2025, 9, 1)
        meeting.fravaerende = "Borgmester Hansen, Sorø"
        meeting.protokoltilfoersel = "Borgmester Jensen bad om at få sin stemme imod ført til protokols."
        if approved:
            meeting.referat_status = ReferatStatus.GODKENDT
            meeting.referat_godkendt_dato = dt.date(2025, 3, 20)
        store.save()
    return folder


def pdf_pages(path: Path) -> list[str]:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")


def assert_toc_matches_headings(pages: list[str], expected: set[str]) -> None:
    """Each TOC line's page number (page 2) is the page on which its heading starts a line."""
    toc = {m.group(1): int(m.group(2)) for m in re.finditer(
        r"^(2\.\d|Protokoltilførsel)\b.*?(?:\n.*?)?\.{3,}\s*(\d+)\s*$", pages[1], re.MULTILINE)}
    assert set(toc) == expected
    for heading, page in toc.items():
        on_page = [n for n, page_text in enumerate(pages, start=1)
                   if n > 2 and re.search(rf"^\s*{re.escape(heading)}\b", page_text, re.MULTILINE)]
        assert on_page and on_page[0] == page, f"{heading}: TOC says {page}, found on {on_page}"


REFERAT_HEADINGS = {"Fraværende", "Indstilling", "Beslutning", "Bilag", "Protokoltilførsel"}


def assert_no_heading_ends_a_page(pages: list[str]) -> None:
    """No page after the contents ends with a heading, a sub-heading or an item's case number."""
    for number, page in enumerate(pages[2:], start=3):
        body = [line.strip() for line in page.splitlines()
                if line.strip() and not re.search(r"Side \d+ af \d+$", line.strip())]
        if body and not re.search(r"\.{4,}\s*\d+$", body[-1]):     # a contents line is no heading
            last = body[-1]
            assert not (last in REFERAT_HEADINGS or last.startswith("Sagsnr.")
                        or re.match(r"2\.\d+ \w+: ", last)), f"page {number} ends with {last!r}"


def docx_parts(path: Path) -> tuple[str, str]:
    with zipfile.ZipFile(path) as archive:
        return (archive.read("word/document.xml").decode(), archive.read("docProps/core.xml").decode())


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(not can_update_indexes(), reason="LibreOffice with Python-UNO is not installed")
def test_a_draft_referat_has_decisions_pack_pages_and_a_correct_toc(tmp_path, cli):
    folder = referat_meeting(tmp_path)
    docx_path, pdf_path = tmp_path / "ud" / "referat.docx", tmp_path / "ud" / "referat.pdf"
    done = cli("export", folder, "--referat", docx_path, "--pdf", pdf_path, "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    answer = json.loads(done.stdout)
    assert answer["toc_updated"] and answer["bilag_pages"] == PACK_PAGES
    assert answer["without_decision"] == ["2.4", "2.8"]
    pages = pdf_pages(pdf_path)
    text = "\n".join(pages)
    assert "Referat" in pages[0] and "Status: Udkast" in pages[0] and "Borgmester Hansen" in pages[0]
    assert "Referat, 27. februar 2025 – Udkast" in pages[2]                   # the header on every page
    assert text.count("(ingen beslutning endnu)") == 2
    assert "Dagsordenen blev godkendt." in text and "Følges op senest 1. september 2025." in text
    assert re.search(r"Bilag 2: Evaluering 2025 – bilagspakken side 11", text)
    assert "Udpegning til lukket" not in text and "Hemmelig" not in text      # closed, as in packs
    assert "ført til protokols" in text
    assert_toc_matches_headings(pages, {"2.1", "2.2", "2.4", "2.7", "2.8", "Protokoltilførsel"})
    with pikepdf.open(pdf_path) as pdf:        # tagged, in Danish, titled: readable aloud
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked and str(pdf.Root.Lang) == "da-DK"
        assert str(pdf.docinfo["/Title"]).startswith("Referat – ")
    document, core = docx_parts(docx_path)
    assert "<cp:contentStatus>Udkast</cp:contentStatus>" in core and "<cp:category>Referat" in core
    assert re.search(r"<w:instrText[^>]*>\s*TOC ", document)


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(not can_update_indexes(), reason="LibreOffice with Python-UNO is not installed")
def test_no_heading_of_a_long_referat_is_left_at_the_foot_of_a_page(tmp_path, cli):
    folder = many_items_meeting(tmp_path / "møde")
    done = cli("export", folder, "--referat", tmp_path / "referat.docx", "--pdf", tmp_path / "referat.pdf")
    assert done.returncode == 0, done.stdout + done.stderr
    pages = pdf_pages(tmp_path / "referat.pdf")
    assert len(pages) > 15
    assert_no_heading_ends_a_page(pages)


def test_an_approved_referat_with_undecided_items_is_refused_naming_them(tmp_path, cli):
    folder = referat_meeting(tmp_path, approved=True)
    target = tmp_path / "referat.docx"
    done = cli("export", folder, "--referat", target, "--no-libreoffice")
    assert done.returncode == 1
    assert "godkendt" in done.stderr and "punkterne 2.4, 2.8 har ingen beslutning" in done.stderr
    assert "meeting.toml" in done.stderr and not target.exists()


def test_an_approved_referat_says_when_it_was_approved(tmp_path, cli):
    folder = referat_meeting(tmp_path, approved=True, decide_all=True)
    target = tmp_path / "referat.docx"
    done = cli("export", folder, "--referat", target, "--no-libreoffice", "--include-closed", "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["toc_updated"] is False and "Word spørger" in answer["notes"][0]
    assert answer["without_decision"] == []
    assert [p["code"] for p in answer["problems"]] == ["closed-included"]
    assert "2.9" in answer["problems"][0]["message"]
    document, core = docx_parts(target)
    assert "Godkendt den 20. marts 2025" in document
    assert "<cp:contentStatus>Godkendt den 20. marts 2025</cp:contentStatus>" in core
    assert "Hemmelig udpegning besluttet." in document        # closed items when asked for, as in packs
    assert "(ingen beslutning endnu)" not in document


@pytest.mark.parametrize(("extra", "words"), [
    (["--docx", "dagsorden.docx"], "--referat kan ikke kombineres"),
    (["--pdf", "referat.pdf", "--no-libreoffice"], "kun gemmes som PDF med LibreOffice"),
    (["--override"], "--override gælder kontrollen før bilagspakken"),          # was silently ignored
    (["--keep-active-content"], "referatet indeholder ingen bilag"),             # was silently ignored
])
@pytest.mark.slow
def test_what_the_referat_export_cannot_do_is_refused_in_danish(tmp_path, cli, extra, words):
    folder = referat_meeting(tmp_path)
    done = cli("export", folder, "--referat", tmp_path / "referat.docx",
               *[tmp_path / arg if arg.endswith((".docx", ".pdf")) else arg for arg in extra])
    assert done.returncode in (1, 2) and words in done.stderr
    assert not (tmp_path / "referat.docx").exists()


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(not can_update_indexes(), reason="LibreOffice with Python-UNO is not installed")
def test_the_sample_meeting_has_a_draft_referat_with_a_correct_toc(sample_dir, tmp_path, cli):
    done = cli("export", sample_dir, "--referat", tmp_path / "referat.docx", "--pdf", tmp_path / "referat.pdf",
               "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    answer = json.loads(done.stdout)
    assert answer["toc_updated"] and answer["without_decision"] == []
    assert answer["bilag_pages"] == {"2.2/1": 2, "2.2/2": 11, "2.4/1": 29, "2.7/1": 39, "2.7/2": 63, "2.7/4": 67}
    pages = pdf_pages(tmp_path / "referat.pdf")
    assert "Status: Udkast" in pages[0]
    assert_toc_matches_headings(pages, {"2.1", "2.2", "2.4", "2.7", "2.8"})
    assert "Følges op senest 30. juni 2026." in "".join(pages)
    assert_no_heading_ends_a_page(pages)   # LibreOffice left "Beslutning" at the foot of page 3
