"""The accessibility check: per printed bilag, what keeps it from being published, and where to fix it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.shared import Cm

from kkrdesk.core.export.accessibility import check_accessibility
from kkrdesk.core.export.preflight import preflight
from kkrdesk.core.export.selection import select
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.meeting.importing import import_file
from kkrdesk.core.meeting.model import Bilag
from kkrdesk.core.meeting.store import MeetingFolder, read_meeting
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting, make_pdf


def _tag_by_hand(path: Path) -> Path:
    """Give a reportlab PDF what the check looks for: a structure tree, /MarkInfo, /Lang, a title."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        document = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document))
        pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot, K=document, ParentTree=pikepdf.Dictionary(Nums=pikepdf.Array())))
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.Root.Lang = pikepdf.String("da-DK")
        pdf.docinfo["/Title"] = "Notat om trafik"
        pdf.save(path)
    return path


def _word_with_picture(path: Path) -> Path:
    from PIL import Image

    document = docx.Document()
    document.add_paragraph("Figuren viser udviklingen.")
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(picture, format="PNG")
    picture.seek(0)
    document.add_picture(picture, width=Cm(4))
    for style in document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        style.getparent().remove(style)
    document.save(str(path))
    return path


def _add(store, item, source: Path, title: str, kind: FileKind) -> None:
    imported = import_file(store, source)
    item.bilag.append(Bilag(title, imported.file, kind, imported.facts.pages, imported.facts.sha256))


@pytest.fixture
def meeting_folder(tmp_path):
    folder = make_meeting(tmp_path / "møde", [
        ItemSpec("1", "Punkt", bilag=[BilagSpec("Utagget", 2), BilagSpec("Scannet", 2, kind="scan")]),
        ItemSpec("2", "Andet", bilag=[])])
    with MeetingFolder.open(folder) as store:
        item = store.meeting.items[1]
        _add(store, item, _tag_by_hand(make_pdf(tmp_path / "tagget.pdf", 2, "Tagget")), "Tagget", FileKind.PDF)
        _add(store, item, _word_with_picture(tmp_path / "notat.docx"), "Notat", FileKind.DOCX)
        store.save()
    return folder


@pytest.mark.slow
def test_each_bilag_says_what_it_lacks_and_where_to_fix_it(meeting_folder):
    meeting, _ = read_meeting(meeting_folder)
    report = check_accessibility(meeting_folder, select(meeting), use_libreoffice=True)
    found = {b.key: b for b in report.bilag}
    untagged, scanned, tagged, word = found["1/1"], found["1/2"], found["2/1"], found["2/2"]
    # reportlab's PDFs: no tags, no /Lang, no title; Helvetica is not embedded
    assert untagged.missing == ("tags (strukturtræ)", "dokumentsprog", "titel",
                                "indlejrede skrifttyper (Helvetica, Helvetica-Bold)")
    assert "Dokumentstrukturkoder for tilgængelighed" in untagged.fix and "kildedokumentet" in untagged.fix
    assert scanned.missing == ("tekst (siderne er scannede billeder)",) and "OCR" in scanned.fix
    assert tagged.missing == ("indlejrede skrifttyper (Helvetica, Helvetica-Bold)",)
    assert word.missing == ("alternativ tekst på 1 af 1 billeder", "dokumentsprog", "titel")
    assert "Rediger alternativ tekst" in word.fix
    assert not report.ready
    assert report.summary() == ("Tilgængelighed: ikke klar til offentliggørelse – 4 af 4 trykte bilag mangler "
                                "noget (rettes i kildedokumentet).")


def test_a_word_bilag_with_alt_text_language_and_title_is_ready(tmp_path):
    source = _word_with_picture(tmp_path / "notat.docx")
    document = docx.Document(str(source))
    document.element.body.xpath(".//wp:docPr")[0].set("descr", "Søjlediagram: udviklingen 2017-2025")
    document.core_properties.title = "Notat"
    defaults = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr")[0]
    language = defaults.makeelement("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lang",
                                    {"{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val": "da-DK"})
    defaults.append(language)
    document.save(str(source))
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Punkt", bilag=[])])
    with MeetingFolder.open(folder) as store:
        _add(store, store.meeting.items[0], source, "Notat", FileKind.DOCX)
        store.save()
    meeting, _ = read_meeting(folder)
    with_lo = check_accessibility(folder, select(meeting), use_libreoffice=True)
    assert with_lo.ready and with_lo.summary() == "Tilgængelighed: klar til offentliggørelse."
    without_lo = check_accessibility(folder, select(meeting), use_libreoffice=False)
    assert [b.missing for b in without_lo.bilag] == [("tags (Word-bilag bliver kun taggede PDF'er gennem "
                                                      "LibreOffice)",)]


@pytest.mark.slow
def test_the_preflight_carries_the_section_and_the_cli_prints_it(meeting_folder, cli):
    meeting, _ = read_meeting(meeting_folder)
    report = preflight(meeting_folder, meeting, use_libreoffice=False)
    assert report.accessibility is not None and not report.accessibility.ready
    assert [f.problem.code for f in report.findings if f.problem.code.startswith("a11y")] == []
    done = cli("preflight", meeting_folder, "--json", "--no-libreoffice")
    section = json.loads(done.stdout)["accessibility"]
    assert section["ready"] is False and len(section["bilag"]) == 4
    printed = cli("preflight", meeting_folder, "--no-libreoffice").stdout
    assert "Tilgængelighed: ikke klar til offentliggørelse" in printed
    assert "bilag 2 til punkt 1 (bilag/1-2.pdf): mangler tekst (siderne er scannede billeder)." in printed
