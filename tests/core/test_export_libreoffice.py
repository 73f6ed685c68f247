"""With LibreOffice: Word bilag enter the pack, and the agenda's TOC shows the pages the headings are on."""

from __future__ import annotations

import re
import zipfile

import pytest

from kkrdesk.core.export.exporter import ExportOptions, export_meeting
from kkrdesk.core.export.libreoffice_toc import can_update_indexes
from kkrdesk.core.meeting.store import read_meeting
from kkrdesk.core.office.libreoffice import convert_to_pdf
from tests.core.test_export_pack import page_texts
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow,
              pytest.mark.skipif(not can_update_indexes(), reason="LibreOffice with Python-UNO is not installed")]

LONG_TEXT = "\n\n".join(["Kommunerne i regionen har drøftet, hvordan samarbejdet om trafik, uddannelse og "
                         "erhverv kan styrkes, og sekretariatet har samlet erfaringerne fra de seneste år."] * 14)


def toc_entries(text: str) -> list[tuple[str, int]]:
    entries = []
    for line in text.splitlines():
        match = re.match(r"^(.*?)\s*\.{3,}\s*(\d+)\s*$", line.strip())
        if match:
            entries.append((match.group(1).strip(), int(match.group(2))))
    return entries


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("lo")
    folder = make_meeting(root / "møde", [
        ItemSpec("1", "Godkendelse af dagsorden", bilag=[], sagsfremstilling=LONG_TEXT),
        ItemSpec("2", "Samarbejdet i KKR", bilag=[BilagSpec("Notat om samarbejdet", 30, kind="docx"),
                                                  BilagSpec("Opsamling", 3)], sagsfremstilling=LONG_TEXT),
        ItemSpec("3", "Trafik", bilag=[BilagSpec("Udspil", 2)], sagsfremstilling=LONG_TEXT),
        ItemSpec("4", "Eventuelt", bilag=[])])
    meeting, _ = read_meeting(folder)
    result = export_meeting(folder, meeting, ExportOptions(pdf=root / "bilag.pdf", docx=root / "dagsorden.docx",
                                                           cache_dir=root / "cache"), extras=[])
    rendered = convert_to_pdf(result.docx, cache_dir=root / "rendered")
    return result, page_texts(rendered)


def test_the_toc_is_filled_in_and_word_is_not_asked_to_update(exported):
    result, _ = exported
    assert result.toc_updated and result.complete
    assert [n for n in result.notes if "ingen tags" not in n] == []     # the PDF bilag are untagged
    with zipfile.ZipFile(result.docx) as archive:
        assert b"updateFields" not in archive.read("word/settings.xml")
        document = archive.read("word/document.xml").decode()
    assert re.search(r"<w:instrText[^>]*>\s*TOC [^<]*\\o", document)  # still a live field Word can refresh
    toc = re.search(r"<w:instrText[^>]*>\s*(TOC [^<]*)<", document).group(1)
    assert "\\h" in toc.split()                   # LibreOffice's save drops it; kkrdesk puts it back
    with zipfile.ZipFile(result.docx) as archive:
        modes = re.findall(r'compatibilityMode"[^>]*w:val="(\d+)"', archive.read("word/settings.xml").decode())
    assert modes and min(int(m) for m in modes) >= 15


def test_toc_page_numbers_match_where_the_headings_are(exported):
    _, pages = exported
    toc_page = next(i for i, text in enumerate(pages) if "Indhold" in [line.strip() for line in text.splitlines()])
    entries = toc_entries(pages[toc_page])
    assert [title for title, _ in entries] == ["1 Beslutningssag: Godkendelse af dagsorden",
                                              "2 Beslutningssag: Samarbejdet i KKR",
                                              "3 Beslutningssag: Trafik", "4 Beslutningssag: Eventuelt"]
    for title, number in entries:
        lines = [line.strip() for line in pages[number - 1].splitlines()]
        assert title in lines, f"{title} is not on page {number}"
        earlier = [i for i, text in enumerate(pages[toc_page + 1:number - 1], start=toc_page + 2)
                   if title in [line.strip() for line in text.splitlines()]]
        assert not earlier
    assert len({number for _, number in entries}) > 2   # the long texts spread the items over pages


def test_word_bilag_go_into_the_pack_through_libreoffice(exported):
    result, _ = exported
    pack = page_texts(result.pdf)
    notat = result.bilag_pages["2/1"]
    assert "Bilag 1: Notat om samarbejdet" in pack[notat - 1]
    assert "Afsnit 1: kommunerne drøfter" in pack[notat]
    assert result.bilag_pages["2/2"] > notat + 1
