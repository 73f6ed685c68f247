"""Formatted item texts in the Word agenda: real Word bullets and numbering (each list counting from its
own first number), bold and italic runs; a text without markup comes out as it always did."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from kkrdesk.core.export.exporter import ExportOptions, export_meeting
from kkrdesk.core.meeting.store import MeetingFolder
from tests.export_fixtures import ItemSpec, make_meeting

FORMATTED = ("Det indstilles, at KKR:\n\n1. **godkender** planen\n2. drøfter *prioriteringen*\n\n"
             "Og senere:\n\n1. igen fra et\n\n3. fra tre")
PLAIN = "Første afsnit\nny linje\n\n- et punkt\n- et andet\n\nSidste afsnit med 5 * 3."


@pytest.fixture
def agenda(tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_NO_LIBREOFFICE", "1")
    folder = make_meeting(tmp_path / "møde", [ItemSpec("2.2", "Formateret", sagsfremstilling=FORMATTED),
                                              ItemSpec("2.4", "Uformateret", sagsfremstilling=PLAIN)])
    meeting = MeetingFolder.open(folder, write=False).meeting
    export_meeting(folder, meeting, ExportOptions(docx=tmp_path / "dagsorden.docx", use_libreoffice=False))
    return docx.Document(str(tmp_path / "dagsorden.docx"))


def paragraphs_after(document, heading: str, count: int):
    paragraphs = document.paragraphs
    start = next(i for i, p in enumerate(paragraphs) if p.text == "Sagsfremstilling" and
                 any(heading in q.text for q in paragraphs[max(0, i - 8):i]))
    return paragraphs[start + 1:start + 1 + count]


def num_id(paragraph) -> str | None:
    found = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return found.get(qn("w:val")) if found is not None else None


def test_numbered_lists_restart_and_bold_and_italic_are_runs(agenda):
    shown = paragraphs_after(agenda, "Formateret", 6)
    assert [p.text for p in shown] == ["Det indstilles, at KKR:", "godkender planen", "drøfter prioriteringen",
                                       "Og senere:", "igen fra et", "fra tre"]
    assert [p.style.name for p in shown] == ["Normal", "List Number", "List Number", "Normal",
                                             "List Number", "List Number"]
    first, second, third = num_id(shown[1]), num_id(shown[4]), num_id(shown[5])
    assert num_id(shown[2]) == first and len({first, second, third}) == 3
    numbering = agenda.part.numbering_part.element
    starts = {n.get(qn("w:numId")): n.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val"))
              for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) in (first, second, third)}
    assert starts == {first: "1", second: "1", third: "3"}
    assert [(r.text, r.bold, r.italic) for r in shown[1].runs] == [("godkender", True, None),
                                                                   (" planen", None, None)]
    assert [(r.text, r.bold, r.italic) for r in shown[2].runs] == [("drøfter ", None, None),
                                                                   ("prioriteringen", None, True)]


def test_a_text_without_markup_reads_as_before(agenda):
    shown = paragraphs_after(agenda, "Uformateret", 4)
    assert [p.text for p in shown] == ["Første afsnit\nny linje", "et punkt", "et andet",
                                       "Sidste afsnit med 5 * 3."]
    assert [p.style.name for p in shown] == ["Normal", "List Bullet", "List Bullet", "Normal"]
    assert all(run.bold is None and run.italic is None for p in shown for run in p.runs)
    assert all(num_id(p) is None for p in shown)          # bullets keep the style's own list
