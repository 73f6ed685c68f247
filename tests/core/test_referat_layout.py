"""The referat's and the agenda's Word files keep every heading with what follows it (no LibreOffice needed)."""

from __future__ import annotations

import itertools

import docx
from docx.text.paragraph import Paragraph

from kkrdesk.core.export.exporter import ExportOptions, export_meeting
from kkrdesk.core.export.referat_export import ReferatOptions, export_referat
from kkrdesk.core.meeting.store import MeetingFolder
from tests.export_fixtures import ItemSpec, make_meeting

HEADING_STYLES = {"Heading 1", "Underoverskrift"}


def keeps_with_next(paragraph: Paragraph) -> bool:
    """Word's rule: the paragraph's own setting, else its style's, else the base style's."""
    if paragraph.paragraph_format.keep_with_next is not None:
        return paragraph.paragraph_format.keep_with_next
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.keep_with_next is not None:
            return style.paragraph_format.keep_with_next
        style = style.base_style
    return False


def test_headings_sub_headings_and_case_numbers_keep_with_the_next_paragraph(tmp_path):
    folder = make_meeting(tmp_path / "møde", [ItemSpec(f"2.{n}", f"Punkt {n}") for n in range(1, 6)])
    with MeetingFolder.open(folder) as store:
        for item in store.meeting.items:
            item.indstilling = f"Det indstilles, at KKR drøfter punkt {item.number}."
            item.beslutning = "KKR drøftede punktet."
            item.case_id = f"25/{item.number.replace('.', '')}"
        store.save()
        meeting = store.meeting
    target = tmp_path / "referat.docx"
    export_referat(folder, meeting, ReferatOptions(docx=target, use_libreoffice=False))
    assert_headings_keep_with_text(target, len(meeting.items))


def test_the_agendas_item_headings_and_case_numbers_keep_with_the_items_text(tmp_path):
    folder = make_meeting(tmp_path / "møde", [ItemSpec(f"2.{n}", f"Punkt {n}") for n in range(1, 6)])
    with MeetingFolder.open(folder) as store:
        for item in store.meeting.items:
            item.case_id = f"25/{item.number.replace('.', '')}"
        store.meeting.items[1].resume = ""      # the case number is followed by another sub-heading
        store.save()
        meeting = store.meeting
    target = tmp_path / "dagsorden.docx"
    export_meeting(folder, meeting, ExportOptions(docx=target, use_libreoffice=False))
    assert_headings_keep_with_text(target, len(meeting.items))


def assert_headings_keep_with_text(path, items: int) -> None:
    """Every heading, sub-heading and "Sagsnr." line keeps with the next paragraph, which has text."""
    paragraphs = docx.Document(str(path)).paragraphs
    heading_like = [(paragraph, following) for paragraph, following in itertools.pairwise(paragraphs)
                    if paragraph.style.name in HEADING_STYLES or paragraph.text.startswith("Sagsnr. ")]
    assert sum(p.text.startswith("Sagsnr. ") for p, _ in heading_like) == items
    for paragraph, following in heading_like:
        assert keeps_with_next(paragraph), f"{paragraph.text!r} may end a page"
        assert following.text.strip(), f"{paragraph.text!r} is followed by an empty paragraph"
