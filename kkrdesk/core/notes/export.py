"""Exporting a member's notes to Markdown or Word, grouped by item, bilag and page, orphans listed last."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kkrdesk.core import atomic, danish
from kkrdesk.core.meeting.view import number_key
from kkrdesk.core.notes.model import HIGHLIGHT, ORPHAN, Note


def _ordered(notes: list[Note]) -> list[Note]:
    return sorted(notes, key=lambda n: (number_key(n.anchor.item_number), n.anchor.bilag_number,
                                        n.anchor.page, n.anchor.start))


def _groups(notes: list[Note]) -> list[tuple[str, list[Note]]]:
    groups: list[tuple[str, list[Note]]] = []
    for note in _ordered([n for n in notes if n.status != ORPHAN]):
        heading = (f"Punkt {note.anchor.item_number} {note.anchor.item_title} – bilag "
                   f"{note.anchor.bilag_number}: {note.anchor.bilag_title}")
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(note)
    return groups


def _quote(note: Note) -> str:
    return " ".join(note.anchor.quote.split())


def _label(note: Note) -> str:
    return "Markering" if note.kind == HIGHLIGHT else "Note"


def notes_markdown(notes: list[Note], title: str, today: dt.date | None = None) -> str:
    lines = [f"# Mine noter – {title}", "",
             f"Gemt {danish.format_date(today or dt.date.today())}. {len(notes)} "
             f"{'note' if len(notes) == 1 else 'noter'}.", ""]
    for heading, group in _groups(notes):
        lines += [f"## {heading}", ""]
        for note in group:
            lines.append(f"- **Side {note.anchor.page}**, {_label(note).lower()}: »{_quote(note)}«")
            if note.text.strip():
                lines += [f"  {line}" for line in note.text.strip().splitlines()]
        lines.append("")
    orphans = [n for n in notes if n.status == ORPHAN]
    if orphans:
        lines += ["## Noter, der ikke kunne genfindes i den nye udgave", "",
                  "Teksten, de var knyttet til, står ikke længere i pakken. Noterne er bevaret her.", ""]
        for note in _ordered(orphans):
            lines.append(f"- Tidligere {note.location().lower()}: »{_quote(note)}«")
            if note.text.strip():
                lines += [f"  {line}" for line in note.text.strip().splitlines()]
        lines.append("")
    return "\n".join(lines)


def write_notes_markdown(notes: list[Note], title: str, target: Path) -> None:
    atomic.write_text(Path(target), notes_markdown(notes, title))


def write_notes_docx(notes: list[Note], title: str, target: Path, today: dt.date | None = None) -> None:
    """A Word document with the same content as the Markdown export (A4, Danish headings)."""
    import docx
    from docx.shared import Cm

    from kkrdesk.core.office.package_entries import docx_bytes

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(2.2))
    document.core_properties.title = f"Mine noter – {title}"
    document.core_properties.language = "da-DK"
    document.add_heading(f"Mine noter – {title}", level=1)
    document.add_paragraph(f"Gemt {danish.format_date(today or dt.date.today())}. {len(notes)} "
                           f"{'note' if len(notes) == 1 else 'noter'}.")

    def add_note(note: Note, place: str) -> None:
        paragraph = document.add_paragraph()
        paragraph.add_run(place).bold = True
        paragraph.add_run(f", {_label(note).lower()}: ")
        quote = paragraph.add_run(f"»{_quote(note)}«")
        quote.italic = True
        for line in note.text.strip().splitlines():
            body = document.add_paragraph(line)
            body.paragraph_format.left_indent = Cm(0.8)

    for heading, group in _groups(notes):
        document.add_heading(heading, level=2)
        for note in group:
            add_note(note, f"Side {note.anchor.page}")
    orphans = [n for n in notes if n.status == ORPHAN]
    if orphans:
        document.add_heading("Noter, der ikke kunne genfindes i den nye udgave", level=2)
        document.add_paragraph("Teksten, de var knyttet til, står ikke længere i pakken. Noterne er "
                               "bevaret her.")
        for note in _ordered(orphans):
            add_note(note, f"Tidligere {note.location().lower()}")
    atomic.write_bytes(Path(target), docx_bytes(document))
