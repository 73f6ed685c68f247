"""The accessibility check ("Tilgængelighed"): is each bilag fit to publish, and what is missing where.

Packs and agendas are published on municipal web sites, where webtilgængelighedsloven (EN 301
549) applies. kkrdesk tags its own pages; a bilag is only as accessible as its source document,
so this check names, per bilag, what is missing and where to fix it (in the source document).
The rules and the clauses they come from are listed in docs/exports.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pikepdf
from pikepdf import Dictionary

from kkrdesk.core.errors import KkrError, UnsafePathError
from kkrdesk.core.export.selection import SelectedBilag, Selection
from kkrdesk.core.export.sources import CONVERTED_KINDS, describe
from kkrdesk.core.export.text_facts import remembered
from kkrdesk.core.files.boundary import Use, admit, reading
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.safepath import inside

if TYPE_CHECKING:
    from lxml.etree import _Element

PAGES_LOOKED_AT = 60
PLACEHOLDER_TITLES = frozenset({"untitled", "unknown", "uden titel", "dokument1", "document1"})
MIN_TEXT_CHARS = 20

# What to do in the source document (Word, say) for each thing a PDF lacks.
PDF_STEPS = {"tags": "gem PDF'en med \"Dokumentstrukturkoder for tilgængelighed\" slået til",
             "language": "angiv dokumentets sprog (Gennemse > Sprog)",
             "title": "angiv en titel (Filer > Oplysninger > Titel)",
             "fonts": "slå \"Indlejr skrifttyper i filen\" til (Filer > Indstillinger > Gem)",
             "text": "kør tekstgenkendelse (OCR) på de scannede sider"}
FIX_SCAN = "Bed afsenderen om en PDF med tekst, eller kør tekstgenkendelse (OCR) på den."
FIX_WORD = ("Ret det i Word-filen: titel under Filer > Oplysninger, sprog under Gennemse > Sprog, og "
            "alternativ tekst på hvert billede (højreklik > Rediger alternativ tekst, eller markér det som "
            "dekorativt).")
FIX_IMAGE = ("Et billede alene kan ikke læses op. Læg indholdet på som Word eller tagget PDF med "
             "alternativ tekst, eller skriv billedets indhold i punktets tekst.")
PACK_NOTE = ("Bilagspakken: kkrdesk tagger sine egne sider (indholdsfortegnelse, skillesider), sætter sprog "
             "(da-DK) og titel, markerer sidefødder som artefakter og bevarer taggede bilags tags. Pakken "
             "er kun klar til offentliggørelse, når alle dens bilag er.")


@dataclass(frozen=True)
class BilagAccess:
    key: str                        # "2.2/1"
    name: str                       # "bilag 1 til punkt 2.2 (bilag/x.pdf)"
    file: str
    missing: tuple[str, ...]        # what is missing, one Danish phrase each
    fix: str                        # where and how to fix it

    @property
    def ready(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class AccessibilityReport:
    bilag: tuple[BilagAccess, ...]
    outputs: tuple[str, ...] = (PACK_NOTE,)

    @property
    def ready(self) -> bool:
        return all(b.ready for b in self.bilag)

    def summary(self) -> str:
        if self.ready:
            return "Tilgængelighed: klar til offentliggørelse."
        lacking = [b for b in self.bilag if not b.ready]
        return (f"Tilgængelighed: ikke klar til offentliggørelse – {len(lacking)} af {len(self.bilag)} "
                "trykte bilag mangler noget (rettes i kildedokumentet).")

    def lines(self) -> list[str]:
        """The section as the command line prints it."""
        lines = [self.summary()]
        for bilag in self.bilag:
            if bilag.ready:
                lines.append(f"  {bilag.name}: klar.")
            else:
                lines.append(f"  {bilag.name}: mangler {_join(bilag.missing)}. {bilag.fix}")
        lines += [f"  {note}" for note in self.outputs]
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {"ready": self.ready, "summary": self.summary(),
                "bilag": [{"key": b.key, "file": b.file, "ready": b.ready, "missing": list(b.missing),
                           "fix": b.fix} for b in self.bilag],
                "outputs": list(self.outputs)}


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


def check_accessibility(folder: Path, selection: Selection, *, use_libreoffice: bool,
                        verified: Mapping[str, str] | None = None) -> AccessibilityReport:
    """Every printed bilag of the selection, checked as it will go into the pack.

    ``verified`` maps a bilag's key ("2.2/1") to the sha256 the caller has just found its file
    to have; what was learnt from a PDF with that content before is then reused.
    """
    verified = verified or {}
    return AccessibilityReport(tuple(_check(Path(folder), selected, use_libreoffice, verified.get(selected.key))
                                     for selected in selection.printed_bilag))


def _check(folder: Path, selected: SelectedBilag, use_libreoffice: bool, sha256: str | None) -> BilagAccess:
    def result(missing: Sequence[str], fix: str) -> BilagAccess:
        return BilagAccess(selected.key, describe(selected), selected.bilag.file, tuple(missing),
                           fix if missing else "")

    try:
        path = inside(folder, selected.bilag.file)
        admit(path, Use.EXPORT)
    except (UnsafePathError, KkrError):
        return result(["en læsbar fil (se kontrollen ovenfor)"], "Ret filen først.")
    kind = selected.bilag.kind
    if kind is FileKind.PDF:
        return result(*_pdf(path, sha256))
    if kind is FileKind.DOCX:
        missing = _docx(path)
        if not use_libreoffice:
            missing.append("tags (Word-bilag bliver kun taggede PDF'er gennem LibreOffice)")
        return result(missing, FIX_WORD)
    if kind in CONVERTED_KINDS:
        return result([], "")
    if kind is FileKind.IMAGE:
        return result(["tekst og alternativ tekst (bilaget er et billede)"], FIX_IMAGE)
    return result([], "")


def _pdf(path: Path, sha256: str | None = None) -> tuple[list[str], str]:
    """What a PDF bilag lacks (PDF/UA-1 and EN 301 549 rules), and the fix."""
    facts = remembered("pdf-access-facts", sha256, {"pages": PAGES_LOOKED_AT, "min_chars": MIN_TEXT_CHARS},
                       lambda: _pdf_facts(path), _valid_facts)
    looked, without_text, fonts = facts["looked"], facts["without_text"], facts["fonts"]
    if looked and without_text == looked:
        return ["tekst (siderne er scannede billeder)"], FIX_SCAN
    lacking = {"tags": "tags (strukturtræ)" if not facts["tagged"] else "",
               "language": "dokumentsprog" if not facts["language"] else "",
               "title": "titel" if not real_title(facts["title"]) else "",
               "text": f"tekst på {without_text} af {looked} undersøgte sider" if without_text else "",
               "fonts": "indlejrede skrifttyper (" + ", ".join(sorted(fonts)) + ")" if fonts else ""}
    steps = [PDF_STEPS[key] for key, what in lacking.items() if what]
    fix = f"Ret det i kildedokumentet (fx Word): {_join(steps)}; læg så den nye PDF på." if steps else ""
    return [what for what in lacking.values() if what], fix


def _pdf_facts(path: Path) -> dict[str, Any]:
    """What the rules look at in a PDF, JSON-ready: tags, language, title, text and fonts of its first pages."""
    with reading(path, "PDF-filen"), pikepdf.open(path) as pdf:
        root = pdf.Root
        mark_info = root.get("/MarkInfo")
        tagged = isinstance(root.get("/StructTreeRoot"), Dictionary) and isinstance(mark_info, Dictionary) \
            and bool(mark_info.get("/Marked", False))
        language = str(root.get("/Lang", "")).strip()
        title = str(pdf.docinfo.get("/Title", "")).strip()
        if not title:
            try:
                title = str(pdf.open_metadata().get("dc:title", "") or "").strip()
            except Exception:  # broken XMP is the same as no title here
                title = ""
    looked, without_text, fonts = _pdf_pages(path)
    return {"tagged": tagged, "language": language, "title": title, "looked": looked,
            "without_text": without_text, "fonts": sorted(fonts)}


def _valid_facts(facts: Any) -> bool:   # JSON from the cache, checked here
    try:
        return isinstance(facts["tagged"], bool) and isinstance(facts["language"], str) \
            and isinstance(facts["title"], str) and type(facts["looked"]) is int \
            and type(facts["without_text"]) is int and isinstance(facts["fonts"], list) \
            and all(isinstance(font, str) for font in facts["fonts"])
    except (TypeError, KeyError):
        return False


def real_title(title: str) -> bool:
    """A title a reader can use: not empty, not a program's placeholder ("untitled", "Microsoft Word - x.docx")."""
    plain = title.strip().lower()
    return bool(plain) and plain not in PLACEHOLDER_TITLES and not plain.startswith("microsoft word - ")


def _pdf_pages(path: Path) -> tuple[int, int, set[str]]:
    """(pages looked at, pages without text, fonts not embedded) over the first PAGES_LOOKED_AT pages."""
    import pypdfium2
    import pypdfium2.raw as pdfium

    from kkrdesk.core.export.tag_check import font_name

    looked = without_text = 0
    fonts: set[str] = set()
    document = pypdfium2.PdfDocument(str(path))
    try:
        for number in range(min(len(document), PAGES_LOOKED_AT)):
            page = document[number]
            try:
                text_page = page.get_textpage()
                if len(text_page.get_text_range().strip()) < MIN_TEXT_CHARS:
                    without_text += 1
                text_page.close()
                for index in range(pdfium.FPDFPage_CountObjects(page.raw)):
                    obj = pdfium.FPDFPage_GetObject(page.raw, index)
                    if pdfium.FPDFPageObj_GetType(obj) != pdfium.FPDF_PAGEOBJ_TEXT:
                        continue
                    font = pdfium.FPDFTextObj_GetFont(obj)
                    if font and not pdfium.FPDFFont_GetIsEmbedded(font):
                        fonts.add(font_name(font))
            finally:
                page.close()
            looked += 1
    finally:
        document.close()
    return looked, without_text, fonts


def _docx(path: Path) -> list[str]:
    """What a Word bilag lacks: images without alt text, document language, title."""
    import docx

    try:
        document = docx.Document(str(path))
    except Exception:  # python-docx raises many types; the preflight names the file
        return ["en Word-fil, der kan læses"]
    missing = []
    pictures = document.element.body.xpath(".//wp:docPr")
    without = [p for p in pictures if not (p.get("descr") or "").strip() and not _decorative(p)]
    if without:
        missing.append(f"alternativ tekst på {len(without)} af {len(pictures)} billeder")
    languages = document.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
    if not any(value.strip() for value in languages):
        missing.append("dokumentsprog")
    if not (document.core_properties.title or "").strip():
        missing.append("titel")
    return missing


def _decorative(doc_pr: _Element) -> bool:
    """Word 2019+ marks decorative images with an adec:decorative extension (val="1")."""
    return any(element.tag.endswith("}decorative") and element.get("val") in ("1", "true")
               for element in doc_pr.iter())
