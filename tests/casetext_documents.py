"""Case documents for the import-text tests, zipped from hand-written OOXML (not python-docx)."""

from __future__ import annotations

from pathlib import Path

from tests.contract_corpus import numbering, p, tbl, write_ooxml

BULLET = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>'


def bold(text: str) -> str:
    return f"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{text}</w:t></w:r></w:p>"


def kl_case(path: Path) -> Path:
    """A case in KL's template: styled headings, a bullet list, bold and italic, a table."""
    body = (p("Sagsnr. 25/01234 – Vækstplan for Sjælland")
            + p("Resumé", "Overskrift1")
            + "<w:p><w:r><w:t xml:space=\"preserve\">KKR skal drøfte den </w:t></w:r>"
              "<w:r><w:rPr><w:b/></w:rPr><w:t>regionale</w:t></w:r>"
              "<w:r><w:t xml:space=\"preserve\"> vækstplan, som er </w:t></w:r>"
              "<w:r><w:rPr><w:i/></w:rPr><w:t>sendt i høring</w:t></w:r>"
              "<w:r><w:t>.</w:t></w:r></w:p>"
            + bold("Forslag til beslutning:")
            + p("Det indstilles, at KKR:")
            + p("godkender planen", "Listeafsnit", BULLET)
            + p("beder sekretariatet følge op", "Listeafsnit", BULLET)
            + p("Baggrund", "Overskrift1")
            + p("Planen bygger på kommunernes bidrag.")
            + tbl([["År", "Beløb"], ["2025", "10 mio. kr."]])
            + p("Beslutning", "Overskrift1")
            + p("Godkendt."))
    return write_ooxml(path, body, numbering_xml=numbering("•", "bullet"))


def without_sections(path: Path) -> Path:
    return write_ooxml(path, p("Referat", "Overskrift1") + p("Mødet blev holdt i Sorø."))


def english_case(path: Path) -> Path:
    return write_ooxml(path, p("Summary", "Overskrift1") + p("The council discusses the plan.")
                       + p("Recommendation", "Overskrift1") + p("Approve the plan."))
