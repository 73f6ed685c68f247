"""The sample meeting's bilag pack reproduces the published pack's index page numbers."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile

import pikepdf
import pytest

from kkrdesk.core.export.libreoffice_toc import can_update_indexes
from kkrdesk.core.office.soffice import find_soffice

SEED_NUMBERS = [2, 2, 11, 29, 29, 39, 39]


@pytest.fixture
def sample(sample_dir):
    if not (sample_dir / "meeting.toml").is_file():
        pytest.skip("the sample meeting is not in this checkout")
    return sample_dir


@pytest.mark.libreoffice
@pytest.mark.skipif(find_soffice() is None or shutil.which("pdftotext") is None or shutil.which("qpdf") is None,
                    reason="needs LibreOffice (the Word bilag is 17 pages as LibreOffice renders it), "
                           "pdftotext and qpdf")
@pytest.mark.slow
def test_the_sample_pack_prints_the_published_page_numbers(sample, tmp_path, cli):
    pack = tmp_path / "bilag.pdf"
    done = cli("export", sample, "--pdf", pack, "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    index = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pack), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "Indholdsfortegnelse for bilag" in index
    numbers = [int(n) for n in re.findall(r"\.\s*(\d+)\s*$", index, flags=re.MULTILINE)]
    # the published pack's seven lines, then the sample's own additions: the resultatkontrakt and,
    # last so that no published number moves, its signed and scanned copy
    assert numbers == SEED_NUMBERS + [63, 67]
    with pikepdf.open(pack) as pdf, pdf.open_outline() as outline:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        entries = [(item.title, [child.title for child in item.children]) for item in outline.root]
        own = {child.title.split(":")[0] + " til " + item.title.split(" ")[0]:
               [pages[b.destination[0].objgen] for b in _descendants(child)]
               for item in outline.root for child in item.children}
        labels = {pdf.pages[i].label for i in range(len(pdf.pages))}
    assert [title.split(" ")[0] for title, _ in entries] == ["2.2", "2.4", "2.7"]
    assert sum(1 + len(children) for _, children in entries) == 9
    # each bilag's own bookmarks, under it and inside its pages (separator page + 1 .. next separator - 1)
    assert len(own["Bilag 1 til 2.7"]) == 35 and len(own["Bilag 1 til 2.2"]) == 13
    ranges = {"Bilag 1 til 2.2": (3, 10), "Bilag 2 til 2.2": (12, 28), "Bilag 1 til 2.4": (30, 38),
              "Bilag 1 til 2.7": (40, 62), "Bilag 2 til 2.7": (64, 66)}
    assert own.pop("Bilag 4 til 2.7") == [] and len(labels) == 70   # a scan brings no bookmarks
    for bilag, targets in own.items():
        low, high = ranges[bilag]
        assert targets and all(low <= page <= high for page in targets), (bilag, targets)
    assert labels == {str(n) for n in range(1, len(labels) + 1)}
    assert subprocess.run(["qpdf", "--check", str(pack)], capture_output=True).returncode == 0


def _descendants(entry):
    for child in entry.children:
        yield child
        yield from _descendants(child)


@pytest.mark.slow
def test_without_libreoffice_the_sample_export_names_the_word_bilag(sample, tmp_path, cli):
    done = cli("export", sample, "--pdf", tmp_path / "bilag.pdf", "--no-libreoffice", "--json")
    assert done.returncode == 1
    answer = json.loads(done.stdout)
    problems = answer["problems"]
    assert {p["code"] for p in problems} == {"bilag-not-converted"}
    named = " ".join(p["message"] for p in problems)
    assert "bilag 2 til punkt 2.2" in named and "bilag 2 til punkt 2.7" in named, "both Word bilag are named"
    assert (tmp_path / "bilag.pdf").is_file()


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.skipif(not can_update_indexes(), reason="LibreOffice with Python-UNO is not installed")
def test_the_sample_agenda_gets_a_filled_table_of_contents(sample, tmp_path, cli):
    done = cli("export", sample, "--docx", tmp_path / "dagsorden.docx", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    answer = json.loads(done.stdout)
    assert answer["toc_updated"] and answer["bilag_pages"]["2.2/2"] == 11
    with zipfile.ZipFile(tmp_path / "dagsorden.docx") as archive:
        document = archive.read("word/document.xml").decode()
        settings = archive.read("word/settings.xml").decode()
    descriptions = re.findall(r"<wp:docPr [^>]*>", document)
    assert len(descriptions) == 2          # the survey's two charts under item 2.2
    assert all(re.search(r'descr="[^"]{40,}"', d) for d in descriptions)
    assert re.search(r'descr="Søjlediagram\. Udsagn: gennemsnit, KKR Sjælland[^"]*højest 2\.2 ', document)
    assert int(re.search(r'compatibilityMode"[^>]*w:val="(\d+)"', settings).group(1)) >= 15
    assert re.search(r"<w:instrText[^>]*>\s*TOC [^<]*\\h", document)
    text = re.sub(r"<[^>]+>", "", document)
    assert "kkrdesk" not in text and "eksempel på afrapportering" in text


@pytest.mark.skipif(find_soffice() is None, reason="Word bilag are tagged only through LibreOffice")
@pytest.mark.slow
def test_the_accessibility_check_reports_the_samples_real_state(sample, cli):
    done = cli("preflight", sample, "--json")
    section = json.loads(done.stdout)["accessibility"]
    found = {b["key"]: b for b in section["bilag"]}
    assert section["ready"] is False
    for key in ("2.2/1", "2.4/1", "2.7/1"):      # reportlab PDFs: no tags, Helvetica not embedded
        assert found[key]["missing"][0] == "tags (strukturtræ)"
        assert any(m.startswith("indlejrede skrifttyper (Helvetica") for m in found[key]["missing"])
    assert found["2.2/2"]["ready"] and found["2.7/2"]["ready"]   # Word bilag: titled, da-DK, tagged via LibreOffice


@pytest.fixture(scope="module")
def sample_agenda_pack(tmp_path_factory):
    """The sample's agenda pack as LibreOffice renders it: one text per page (pdftotext)."""
    from kkrdesk.core.office.libreoffice import convert_to_pdf
    from tests.conftest import ROOT, run_cli

    sample_dir = ROOT / "agendas" / "kkr-sjaelland-2025-02"

    if not can_update_indexes() or shutil.which("pdftotext") is None:
        pytest.skip("needs LibreOffice with Python-UNO and pdftotext")
    folder = tmp_path_factory.mktemp("agenda-pack")
    done = run_cli("export", sample_dir, "--docx", folder / "pakke.docx", "--agenda-pack", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    rendered = convert_to_pdf(folder / "pakke.docx", cache_dir=folder / "c")
    text = subprocess.run(["pdftotext", "-layout", str(rendered), "-"], capture_output=True, text=True,
                          check=True).stdout
    return folder / "pakke.docx", text.split("\f")[:-1]


def _heading_page(pages: list[str], heading: str) -> int:
    """The first page (1-based) whose first lines below the running head hold ``heading``."""
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if heading in lines[1:4]:
            return number
    raise AssertionError(f"{heading!r} is on no page")


@pytest.mark.libreoffice
@pytest.mark.slow
def test_the_sample_agenda_packs_bilag_references_land_on_the_bilag_headings(sample_agenda_pack):
    _, pages = sample_agenda_pack
    references = re.findall(r"^\s*(Bilag \d+: .+?) – side (\d+)\s*$", "\n".join(pages), flags=re.MULTILINE)
    assert len(references) == 6                        # the printed bilag of 2.2, 2.4 and 2.7
    for label, page in references:
        assert _heading_page(pages, label) == int(page), (label, page)


@pytest.mark.libreoffice
@pytest.mark.slow
def test_the_sample_agenda_packs_text_references_land_on_the_bilag_headings(sample_agenda_pack):
    _, pages = sample_agenda_pack
    joined = re.sub(r"\s+", " ", " ".join(pages))
    found = re.findall(r"(?:jf\.|i) bilag (\d) \(side (\d+)\)", joined)
    # 2.2: "jf. bilag 1", "i bilag 2"; 2.4: "jf. bilag 1"; 2.7: "jf. bilag 1", "jf. bilag 2"
    assert len(found) == 5, found
    for number, page in found:
        heading = pages[int(page) - 1]
        assert re.search(rf"^\s*Bilag {number}: ", heading, flags=re.MULTILINE), (number, page)


@pytest.mark.libreoffice
@pytest.mark.slow
def test_the_sample_agenda_packs_word_bilag_keep_their_own_headers(sample_agenda_pack):
    pack, pages = sample_agenda_pack
    first = _heading_page(pages, "Bilag 2: KKR-evaluering 2025")
    last = next(n for n, page in enumerate(pages, start=1)
                if any(line.strip().startswith("2.4 Temadrøftelse")
                       for line in [line for line in page.splitlines() if line.strip()][:3])) - 1
    for page in pages[first - 1:last]:
        head = page.strip().splitlines()[0]
        assert "KKR-evaluering 2025 – datarapport" in head and "Dagsorden, 27. februar" not in head
    assert "Dagsorden, 27. februar 2025" in pages[last].strip().splitlines()[0]     # the agenda's own again
    with zipfile.ZipFile(pack) as archive:
        document = archive.read("word/document.xml").decode()
    drawings = re.findall(r"<wp:docPr [^>]*>", document)
    # the 2 survey charts and one picture per page of the PDF bilag (8 + 9 + 23 + the 3-page scan)
    assert len(drawings) == 2 + 43 and all(re.search(r'descr="[^"]{20,}"', d) for d in drawings)


@pytest.mark.libreoffice
@pytest.mark.slow
def test_the_sample_agenda_packs_references_resolve_to_bookmarks(sample_agenda_pack):
    pack, _ = sample_agenda_pack
    with zipfile.ZipFile(pack) as archive:
        document = archive.read("word/document.xml").decode()
    bookmarks = set(re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]+)"', document))
    links = re.findall(r'<w:hyperlink [^>]*w:anchor="([^"]+)"', document)
    pagerefs = re.findall(r"PAGEREF (\S+) \\h", document)
    ours = [anchor for anchor in links if anchor.startswith("kkr_bilag_")]    # the rest: the TOC's entries
    assert len(ours) == 6 and len(pagerefs) == 6 + 6            # the texts' references; bilag lists + texts
    assert set(links) | set(pagerefs) <= bookmarks
