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
from kkrdesk.core.office.libreoffice import find_soffice

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
def test_the_accessibility_check_reports_the_samples_real_state(sample, cli):
    done = cli("preflight", sample, "--json")
    section = json.loads(done.stdout)["accessibility"]
    found = {b["key"]: b for b in section["bilag"]}
    assert section["ready"] is False
    for key in ("2.2/1", "2.4/1", "2.7/1"):      # reportlab PDFs: no tags, Helvetica not embedded
        assert found[key]["missing"][0] == "tags (strukturtræ)"
        assert any(m.startswith("indlejrede skrifttyper (Helvetica") for m in found[key]["missing"])
    assert found["2.2/2"]["ready"] and found["2.7/2"]["ready"]   # Word bilag: titled, da-DK, tagged via LibreOffice


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.skipif(not can_update_indexes(), reason="LibreOffice with Python-UNO is not installed")
def test_the_sample_agenda_packs_bilag_references_land_on_the_bilag_headings(sample, tmp_path, cli):
    from kkrdesk.core.office.libreoffice import convert_to_pdf
    from tests.core.test_export_pack import page_texts

    done = cli("export", sample, "--docx", tmp_path / "pakke.docx", "--agenda-pack", "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    pages = page_texts(convert_to_pdf(tmp_path / "pakke.docx", cache_dir=tmp_path / "c"))
    references = re.findall(r"^(Bilag \d+: .+?) – side (\d+)\s*$", "\n".join(pages), flags=re.MULTILINE)
    assert len(references) == 6                        # the printed bilag of 2.2, 2.4 and 2.7
    for label, page in references:
        heading_lines = [line.strip() for line in pages[int(page) - 1].splitlines()[:3]]
        assert label in heading_lines, (label, page)
