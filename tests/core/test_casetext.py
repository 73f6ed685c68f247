"""Case texts from Word: sections found by heading, lists and tables kept, bad documents refused in Danish."""

import zipfile

import pytest

from kkrdesk.core.casetext.case_sections import heading_field, read_case_document
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.text.markup import parse, plain
from tests.casetext_documents import english_case, kl_case, without_sections


@pytest.mark.parametrize(("heading", "field"), [
    ("Resumé", "resume"), ("Resume:", "resume"), ("Indstilling til KKR", "indstilling"),
    ("Forslag til beslutning:", "indstilling"), ("2. Baggrund", "sagsfremstilling"),
    ("Sagsfremstilling", "sagsfremstilling"), ("Beslutning", "beslutning"),
    ("Økonomi", None), ("Resumé af de mange overvejelser om planens økonomi", None),
])
def test_headings_and_their_variants(heading, field):
    assert heading_field(heading) == field


def test_a_case_in_kl_template_fills_the_three_texts(tmp_path):
    imported = read_case_document(kl_case(tmp_path / "sag.docx"))
    assert [part.field for part in imported.parts] == ["resume", "indstilling",
                                                       "sagsfremstilling", "beslutning"]
    texts = imported.texts
    # bold and italic from Word are kept in the item text markup (core/text/markup)
    assert texts["resume"] == ("KKR skal drøfte den **regionale** vækstplan, som er *sendt i "
                               "høring*.")
    assert plain(texts["resume"]) == "KKR skal drøfte den regionale vækstplan, som er sendt i høring."
    assert [(run.text, run.bold, run.italic) for run in parse(texts["resume"])[0].lines[0]][1:4] == [
        ("regionale", True, False), (" vækstplan, som er ", False, False), ("sendt i høring", False, True)]
    assert texts["indstilling"] == ("Det indstilles, at KKR:\n\n- godkender planen\n"
                                    "- beder sekretariatet følge op")
    assert texts["sagsfremstilling"] == ("Planen bygger på kommunernes bidrag.\n\n"
                                         "År | Beløb\n2025 | 10 mio. kr.")
    assert texts["beslutning"] == "Godkendt."            # the decision, for the referat
    resume = imported.parts[0].html
    assert "<b>regionale</b>" in resume and "<i>sendt i høring</i>" in resume
    assert imported.unused == ["Sagsnr. 25/01234 – Vækstplan for Sjælland"]


@pytest.mark.parametrize(("make", "words"), [
    (without_sections, "ingen af overskrifterne"),
    (english_case, "på engelsk"),
])
def test_documents_without_known_sections_are_refused_in_danish(tmp_path, make, words):
    path = make(tmp_path / "x.docx")
    with pytest.raises(BadFileError) as caught:
        read_case_document(path)
    assert caught.value.reason == "no-sections"
    assert words in caught.value.message and caught.value.hint
    assert caught.value.file == str(path)


def test_a_macro_document_renamed_to_docx_is_refused(tmp_path):
    source = kl_case(tmp_path / "sag.docx")
    renamed = tmp_path / "makro.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(renamed, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml",
                                    b"document.macroEnabled.main+xml")
            new.writestr(info, data)
    with pytest.raises(BadFileError) as caught:
        read_case_document(renamed)
    assert caught.value.reason == "macro"


def test_a_damaged_document_is_refused(tmp_path):
    damaged = tmp_path / "i-stykker.docx"
    damaged.write_bytes(kl_case(tmp_path / "sag.docx").read_bytes()[:900])
    with pytest.raises(BadFileError):
        read_case_document(damaged)
