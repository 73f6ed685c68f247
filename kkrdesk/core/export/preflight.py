"""The check list run before an export writes anything: files, PDFs, closed material, references, reading time.

Errors block the export unless the user overrides them; warnings and notes never block.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

from kkrdesk.core import danish
from kkrdesk.core.errors import BadFileError, Problem, Severity, UnsafePathError
from kkrdesk.core.export.accessibility import AccessibilityReport, check_accessibility
from kkrdesk.core.export.progress import ProgressSink, Steps
from kkrdesk.core.export.selection import SelectedBilag, Selection, select
from kkrdesk.core.export.sources import CONVERTED_KINDS, describe
from kkrdesk.core.export.text_facts import recall, remembered, text_facts
from kkrdesk.core.files.boundary import KIND_DA, Use, admit, reading
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import EXPORT_MAX_PRINTED_BILAG
from kkrdesk.core.files.pdf_active import CLEANING_VERSION, KINDS_DA, ActiveContent, find_active_content
from kkrdesk.core.files.pdf_screen import screen_ahead
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.meeting.checks import Finding, Place, check_structure
from kkrdesk.core.meeting.file_checks import check_bilag_file
from kkrdesk.core.meeting.model import AgendaItem, Meeting
from kkrdesk.core.meeting.references import REFERENCE
from kkrdesk.core.meeting.references import numbers_in as _numbers
from kkrdesk.core.ocr.rendition import searchable_copy
from kkrdesk.core.office import libreoffice, soffice

WORDS_PER_MINUTE = 200           # careful reading of reports and memos
SCANNED_PAGE_MINUTES = 2.0       # a page without text still has to be read
TEXT_SAMPLE_PAGES = 60           # text is counted on this many pages; the rest is extrapolated
MIN_CHARS_PER_TEXT_PAGE = 20
MAX_DOCX_PARAGRAPHS = 20_000

OPEN_FACTS = "pdf-open-facts"    # the user cache's folder of what opening each PDF showed, by sha256

TEXT_FIELDS = (("resume", "resuméet"), ("indstilling", "indstillingen"),
               ("sagsfremstilling", "sagsfremstillingen"))


@dataclass(frozen=True)
class ItemEstimate:
    number: str
    heading: str
    bilag: int
    pages: int
    words: int
    minutes: int


@dataclass(frozen=True)
class PreflightReport:
    findings: tuple[Finding, ...]
    estimates: tuple[ItemEstimate, ...]
    accessibility: AccessibilityReport | None = None

    @property
    def problems(self) -> list[Problem]:
        return [f.problem for f in self.findings]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.problem.severity is severity)

    @property
    def blocking(self) -> bool:
        return self.count(Severity.ERROR) > 0

    @property
    def total_pages(self) -> int:
        return sum(e.pages for e in self.estimates)

    @property
    def total_minutes(self) -> int:
        return sum(e.minutes for e in self.estimates)

    def summary(self) -> str:
        errors, warnings = self.count(Severity.ERROR), self.count(Severity.WARNING)
        verdict = ("Ingen fejl" if errors == 0 else f"{errors} fejl") + \
            (f", {warnings} {'advarsel' if warnings == 1 else 'advarsler'}" if warnings else "")
        text = (f"{verdict}. Bilagene fylder {danish.format_int(self.total_pages)} sider; "
                f"læsetid ca. {reading_time(self.total_minutes)}")
        return text if text.endswith(".") else text + "."

    def to_dict(self) -> dict[str, Any]:
        return {"ok": not self.blocking, "errors": self.count(Severity.ERROR),
                "warnings": self.count(Severity.WARNING),
                "problems": [{**f.problem.to_dict(), "item": f.place.item, "bilag": f.place.bilag}
                             for f in self.findings],
                "estimates": [e.__dict__ for e in self.estimates],
                "total_pages": self.total_pages, "total_minutes": self.total_minutes,
                "accessibility": self.accessibility.to_dict() if self.accessibility else None}


def reading_time(minutes: int) -> str:
    """``1 time 25 min.`` / ``40 min.``"""
    hours, rest = divmod(max(0, minutes), 60)
    if not hours:
        return f"{rest} min."
    return f"{hours} {'time' if hours == 1 else 'timer'}" + (f" {rest} min." if rest else "")


@dataclass
class _BilagFacts:
    pages: int = 0
    words: int = 0
    scanned_pages: int = 0
    active: ActiveContent | None = None


def preflight(folder: Path, meeting: Meeting, *, include_closed: bool = False,
              use_libreoffice: bool = True, progress: ProgressSink | None = None,
              keep_active_content: bool = False) -> PreflightReport:
    """Check everything the exports will use, without writing anything."""
    folder = Path(folder)
    selection = select(meeting, include_closed=include_closed)
    included = [b for item in selection.items for b in item.all_bilag]
    steps = Steps(progress, len(included) + 1)
    findings: list[Finding] = list(check_structure(meeting))
    if (too_many := too_many_bilag(selection)) is not None:   # nothing else is checked: it would take hours
        return PreflightReport(findings=(*findings, Finding(too_many, Place())), estimates=())
    findings += _closed_material(folder, selection)
    facts: dict[str, _BilagFacts] = {}
    _screen_ahead(folder, included)
    for selected in included:
        steps.begin(f"Kontrollerer {describe(selected)}")
        file_findings = check_bilag_file(folder, selected.item, selected.number, selected.bilag)
        findings += file_findings
        if not any(f.problem.severity is Severity.ERROR for f in file_findings):
            found, bilag_facts = _check_content(folder, selected, use_libreoffice)
            findings += found
            facts[selected.key] = bilag_facts
        steps.advance()
    findings += _references(selection, meeting)
    findings += _active_content(selection, facts, keep_active_content)
    if use_libreoffice and any(f.problem.code == "needs-libreoffice" for f in findings):
        # How to install LibreOffice is said once, before the bilag that need it.
        findings.insert(0, Finding(libreoffice.missing_problem(), Place()))
    estimates = tuple(_estimate(item.item, list(item.printed), facts) for item in selection.items)
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    findings.sort(key=lambda f: order[f.problem.severity])
    verified = {selected.key: selected.bilag.sha256 for selected in included   # sha256 checked above
                if selected.key in facts and selected.bilag.sha256}
    accessibility = check_accessibility(folder, selection, use_libreoffice=use_libreoffice, verified=verified)
    steps.advance()
    return PreflightReport(findings=tuple(findings), estimates=estimates, accessibility=accessibility)


def _finding(selected: SelectedBilag, code: str, severity: Severity, message: str, hint: str = "") -> Finding:
    return Finding(Problem(code=code, severity=severity, message=f"{describe(selected)}: {message}",
                           hint=hint, file=selected.bilag.file,
                           field=f"items[{selected.item.number}].bilag[{selected.number}]"),
                   Place(selected.item.number, selected.number))


def _check_content(folder: Path, selected: SelectedBilag, use_libreoffice: bool) -> tuple[list[Finding], _BilagFacts]:
    try:
        path = inside(folder, selected.bilag.file)
    except UnsafePathError:
        return [], _BilagFacts()
    kind = selected.bilag.kind
    if not selected.bilag.printed:
        return [_finding(selected, "attached-only", Severity.INFO,
                         "vedlægges som fil og nævnes i dagsordenen, men trykkes ikke i bilagspakken.")], \
            _BilagFacts()
    if kind is FileKind.PDF:
        return _check_pdf(path, selected)
    if kind in CONVERTED_KINDS:
        found = []
        if not use_libreoffice or soffice.find_soffice() is None:
            why = "LibreOffice er fravalgt" if not use_libreoffice else "LibreOffice ikke er installeret"
            found.append(_finding(selected, "needs-libreoffice", Severity.WARNING,
                                  f"dokumentet kan ikke omdannes til PDF, fordi {why}; bilagspakken får "
                                  "en side, der siger, at bilaget mangler.",
                                  "Læg bilaget på som PDF, eller installér LibreOffice." if use_libreoffice
                                  else "Eksportér med LibreOffice, eller læg bilaget på som PDF."))
        words = _docx_words(path) if kind is FileKind.DOCX else _text_words(path)
        pages = selected.bilag.pages or max(1, math.ceil(words / 450))
        return found, _BilagFacts(pages=pages, words=words)
    if kind is FileKind.IMAGE:
        pages = selected.bilag.pages or 1      # a TIFF scan has a page per sheet
        return [], _BilagFacts(pages=pages, scanned_pages=pages)
    return [_finding(selected, "not-printable", Severity.ERROR,
                     f"filer af typen {kind} kan ikke trykkes i bilagspakken.",
                     "Markér bilaget som ikke-trykt (kun vedhæftet), eller læg det på som PDF.")], _BilagFacts()


def _check_pdf(path: Path, selected: SelectedBilag) -> tuple[list[Finding], _BilagFacts]:
    found: list[Finding] = []
    try:
        admitted = admit(path, Use.EXPORT)            # screened first: hostile files stop here
        if admitted.pdf is None:
            raise BadFileError(f"filen er registreret som PDF, men indholdet er {KIND_DA[admitted.kind]}.",
                               reason="damaged", file=path,
                               hint="Kør kkrdesk validate --accept-changed, eller læg den rigtige fil på.")
        pages = admitted.pdf.pages
        # check_bilag_file has just found the file's sha256 to be the recorded one (else no content check)
        opened = remembered(OPEN_FACTS, selected.bilag.sha256, {"cleaning": CLEANING_VERSION},
                            lambda: _open_facts(path), _valid_open_facts)
        repaired, locked = opened["repaired"], opened["locked"]
        active = _active_of(opened)
    except BadFileError as exc:
        return [_finding(selected, f"pdf-{exc.reason}", Severity.ERROR, exc.message, exc.hint)], \
            _BilagFacts()
    if repaired:
        found.append(_finding(selected, "pdf-repaired", Severity.WARNING,
                              "PDF-filen er beskadiget, men kunne repareres; se den efter i pakken.",
                              "Få gerne en ny udgave fra afsenderen."))
    if locked:
        found.append(_finding(selected, "pdf-restricted", Severity.INFO,
                              "PDF-filen har begrænsninger (ejeradgangskode); den kommer med som den er."))
    text_pages, words, sampled = text_facts(
        selected.bilag.sha256, {"pages": pages, "sample": TEXT_SAMPLE_PAGES, "min_chars": MIN_CHARS_PER_TEXT_PAGE},
        lambda: _pdf_text(path, pages))
    scanned = sampled - text_pages
    searchable = searchable_copy(selected.bilag.sha256) if selected.bilag.sha256 else None
    if searchable is not None and scanned:
        found.append(_ocr_copy_finding(selected))
        if selected.bilag.ocr_in_pack:
            scanned = 0
    elif sampled and text_pages == 0:
        found.append(_finding(selected, "pdf-no-text", Severity.WARNING,
                              "PDF-filen ser ud til at være scannet: ingen af siderne har mere end et par ord "
                              "tekst, så den kan ikke søges i, og skærmlæsere kan ikke læse den." + (
                                  " Den søgbare kopi er valgt til bilagspakken, men findes ikke på "
                                  "denne computer." if selected.bilag.ocr_in_pack else ""),
                              "Bed om en tekst-PDF, eller gør bilaget søgbart med tekstgenkendelse "
                              "(»Gør scannet bilag søgbart« på bilaget, eller kkrdesk ocr)."))
    elif scanned * 2 > sampled:
        found.append(_finding(selected, "pdf-little-text", Severity.WARNING,
                              f"{scanned} af {sampled} undersøgte sider har højst et par ord tekst (scannede sider?).",
                              "De sider kan ikke søges i, før bilaget gøres søgbart med "
                              "tekstgenkendelse (»Gør scannet bilag søgbart« på bilaget)."))
    factor = pages / sampled if sampled else 1
    return found, _BilagFacts(pages=pages, words=round(words * factor),
                              scanned_pages=round(scanned * factor), active=active)


def _ocr_copy_finding(selected: SelectedBilag) -> Finding:
    """The scan has a searchable copy: say where it is used, and where not."""
    if selected.bilag.ocr_in_pack:
        return _finding(selected, "pdf-ocr-copy", Severity.INFO,
                        "PDF-filen er scannet; bilagspakken, søgningen og kontraktkontrollen bruger "
                        "den søgbare kopi fra tekstgenkendelsen.")
    return _finding(selected, "pdf-ocr-copy", Severity.INFO,
                    "PDF-filen er scannet; søgningen og kontraktkontrollen bruger den søgbare kopi "
                    "fra tekstgenkendelsen, men bilagspakken får filen, som den kom.",
                    "Vælg »Brug den søgbare kopi i bilagspakken« på bilaget, hvis pakken skal "
                    "kunne læses af skærmlæsere.")


def _open_facts(path: Path) -> dict[str, Any]:
    """Whether qpdf had to repair the file, whether it is locked, and its active content (JSON-ready)."""
    with reading(path, "PDF-filen"), pikepdf.open(path) as pdf:
        return {"repaired": bool(pdf.get_warnings()), "locked": bool(pdf.is_encrypted),
                "active": find_active_content(pdf).to_dict()}


def known_active_content(sha256: str) -> ActiveContent | None:
    """The active content a preflight found in the PDF with this sha256, if one has looked."""
    opened = recall(OPEN_FACTS, sha256, {"cleaning": CLEANING_VERSION}, _valid_open_facts)
    return None if opened is None else _active_of(opened)


def _active_of(opened: dict[str, Any]) -> ActiveContent:
    return ActiveContent(removed=opened["active"]["removed"], kept_links=tuple(opened["active"]["kept_links"]),
                         form_fields=opened["active"]["form_fields"])


def _valid_open_facts(facts: Any) -> bool:   # JSON from the cache, checked here
    try:
        active = facts["active"]
        return isinstance(facts["repaired"], bool) and isinstance(facts["locked"], bool) \
            and isinstance(active["removed"], dict) and isinstance(active["kept_links"], list) \
            and isinstance(active["form_fields"], int) \
            and all(k in KINDS_DA and type(n) is int for k, n in active["removed"].items())
    except (TypeError, KeyError):
        return False


def _pdf_text(path: Path, pages: int) -> tuple[int, int, int]:
    """(pages with text, words, pages looked at) over the first TEXT_SAMPLE_PAGES pages."""
    import pypdfium2

    text_pages = words = sampled = 0
    try:
        document = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError:
        return 0, 0, 0
    try:
        for index in range(min(pages, len(document), TEXT_SAMPLE_PAGES)):
            page = document[index]
            try:
                text_page = page.get_textpage()
                text = text_page.get_text_range()
                text_page.close()
            except pypdfium2.PdfiumError:
                text = ""
            finally:
                page.close()
            sampled += 1
            if len(text.strip()) >= MIN_CHARS_PER_TEXT_PAGE:
                text_pages += 1
                words += len(text.split())
    finally:
        document.close()
    return text_pages, words, sampled


def _docx_words(path: Path) -> int:
    import docx

    try:
        with reading(path, "Word-dokumentet"):
            document = docx.Document(str(path))
    except BadFileError:  # a damaged file counts no words here; the export reports it
        return 0
    return sum(len(p.text.split()) for p in document.paragraphs[:MAX_DOCX_PARAGRAPHS])


def _text_words(path: Path) -> int:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return len(handle.read(2_000_000).split())
    except OSError:
        return 0


def _closed_material(folder: Path, selection: Selection) -> list[Finding]:
    """Closed bilag must not reach an open pack, not even as the same file under an open bilag."""
    findings: list[Finding] = []
    if selection.include_closed:
        closed = [b for item in selection.items for b in item.all_bilag if b.closed]
        closed_items = [i.item.number for i in selection.items if i.item.closed]
        if closed or closed_items:
            what = []
            if closed_items:
                what.append(f"lukkede punkter ({', '.join(closed_items)})")
            if closed:
                what.append(f"{len(closed)} lukkede bilag")
            findings.append(Finding(Problem(
                code="closed-included", severity=Severity.WARNING,
                message=f"eksporten indeholder {' og '.join(what)}.",
                hint="Del kun filerne med dem, der må se lukkede sager."), Place()))
        return findings
    closed_fingerprints: dict[str, SelectedBilag] = {}
    for left in selection.left_out:
        for fingerprint in _fingerprints(folder, left):
            closed_fingerprints.setdefault(fingerprint, left)
    for item in selection.items:
        for selected in item.all_bilag:
            twin = next((closed_fingerprints[f] for f in _fingerprints(folder, selected)
                         if f in closed_fingerprints), None)
            if twin is not None:
                findings.append(_finding(selected, "closed-leak", Severity.ERROR,
                                         f"filen er den samme som i det lukkede bilag {twin.number} til "
                                         f"punkt {twin.item.number}, så lukket indhold ville komme med.",
                                         "Fjern filen fra det åbne punkt, eller markér bilaget som lukket."))
    return findings


def _fingerprints(folder: Path, selected: SelectedBilag) -> Iterable[str]:
    yield "file:" + selected.bilag.file
    if selected.bilag.sha256:
        yield "sha:" + selected.bilag.sha256


def _references(selection: Selection, meeting: Meeting) -> list[Finding]:
    """"jf. bilag 2" in an item's text must name a bilag that exists and is in the export."""
    findings: list[Finding] = []
    included = {(b.item.number, b.number) for item in selection.items for b in item.all_bilag}
    numbers = {item.number: item for item in meeting.items}
    for selected_item in selection.items:
        item = selected_item.item
        for field_name, where in TEXT_FIELDS:
            for match in REFERENCE.finditer(getattr(item, field_name) or ""):
                target = numbers.get(match.group("item") or item.number)
                for number in _numbers(match.group("numbers")):
                    problem = _reference_problem(item, target, match, number, where, included)
                    if problem:
                        findings.append(Finding(Problem(
                            code=problem[0], severity=problem[1], message=problem[2], hint=problem[3],
                            field=f"items[{item.number}].{field_name}"), Place(item.number)))
    return findings


def _reference_problem(item: AgendaItem, target: AgendaItem | None, match: re.Match[str], number: int,
                       where: str, included: set[tuple[str, int]]) -> tuple[str, Severity, str, str] | None:
    text = match.group(0)
    if target is None:
        return ("reference-missing", Severity.ERROR,
                f'punkt {item.number} henviser i {where} til "{text}", men mødet har intet punkt '
                f"{match.group('item')}.", "Ret henvisningen.")
    if not 1 <= number <= len(target.bilag):
        has = f"har kun {len(target.bilag)} bilag" if target.bilag else "har ingen bilag"
        whose = "punktet" if target is item else f"punkt {target.number}"
        return ("reference-missing", Severity.ERROR,
                f'punkt {item.number} henviser i {where} til bilag {number} ("{text}"), men {whose} {has}.',
                "Ret henvisningen, eller læg bilaget på.")
    if (target.number, number) not in included:
        return ("reference-closed", Severity.WARNING,
                f"punkt {item.number} henviser i {where} til bilag {number} til punkt {target.number}, "
                "som er lukket og ikke kommer med.",
                "Omformulér teksten, eller eksportér med lukkede bilag.")
    return None


def _estimate(item: AgendaItem, printed: list[SelectedBilag], facts: dict[str, _BilagFacts]) -> ItemEstimate:
    own_words = sum(len((getattr(item, name) or "").split()) for name, _ in TEXT_FIELDS)
    found = [facts.get(b.key, _BilagFacts(pages=b.bilag.pages or 0)) for b in printed]
    pages = sum(f.pages for f in found)
    words = own_words + sum(f.words for f in found)
    minutes = words / WORDS_PER_MINUTE + SCANNED_PAGE_MINUTES * sum(f.scanned_pages for f in found)
    return ItemEstimate(number=item.number, heading=item.heading, bilag=len(printed), pages=pages,
                        words=words, minutes=math.ceil(minutes) if minutes > 0 else 0)


MAX_LINKS_SHOWN = 5


def _active_content(selection: Selection, facts: dict[str, _BilagFacts], keep: bool) -> list[Finding]:
    """Per printed PDF bilag: the active content the pack leaves out (or keeps, when asked to),
    its form fields, and the web links it keeps."""
    findings: list[Finding] = []
    for item in selection.items:
        for selected in item.printed:
            active = facts.get(selected.key, _BilagFacts()).active
            if active is None:
                continue
            if active.removed and keep:
                findings.append(_finding(selected, "pdf-active-content-kept", Severity.WARNING,
                                         f"PDF-filen indeholder aktivt indhold: {active.describe()}. Det "
                                         "beholdes i bilagspakken, fordi du har bedt om det; modtagernes "
                                         "PDF-program kan køre det.",
                                         "Eksportér uden at beholde det aktive indhold, medmindre I stoler "
                                         "på afsenderen og har brug for det."))
            elif active.removed:
                findings.append(_finding(selected, "pdf-active-content", Severity.WARNING,
                                         f"PDF-filen indeholder aktivt indhold, som fjernes i bilagspakken: "
                                         f"{active.describe()}.",
                                         "Siderne kommer med som de er. Spørg afsenderen, hvis filen ikke "
                                         "burde indeholde det."))
            if active.form_fields:
                findings.append(_finding(selected, "pdf-form-fields", Severity.INFO,
                                         f"PDF-filen har {active.form_fields} udfyldelige felter; i "
                                         "bilagspakken står de, som de er udfyldt, og kan ikke udfyldes."))
            if active.kept_links:
                shown = ", ".join(active.kept_links[:MAX_LINKS_SHOWN])
                more = len(active.kept_links) - MAX_LINKS_SHOWN
                findings.append(_finding(selected, "pdf-web-links", Severity.INFO,
                                         f"PDF-filen har links til {shown}"
                                         + (f" og {more} flere" if more > 0 else "") + "; de beholdes."))
    return findings


def _screen_ahead(folder: Path, included: Iterable[SelectedBilag]) -> None:
    """Screen the meeting's PDF and image bilag in a few children before they are checked one by one."""
    paths = []
    for selected in included:
        if selected.bilag.kind in (FileKind.PDF, FileKind.IMAGE) and selected.bilag.printed:
            try:
                paths.append(inside(folder, selected.bilag.file))
            except UnsafePathError:
                continue
    screen_ahead(paths)


def too_many_bilag(selection: Selection) -> Problem | None:
    """An error when more bilag would be printed than one export can take (EXPORT_MAX_PRINTED_BILAG)."""
    count = len(selection.printed_bilag)
    if count <= EXPORT_MAX_PRINTED_BILAG:
        return None
    return Problem(code="too-many-bilag", severity=Severity.ERROR,
                   message=f"mødet har {danish.format_int(count)} bilag, der skal trykkes i bilagspakken; "
                           f"kkrdesk samler højst {danish.format_int(EXPORT_MAX_PRINTED_BILAG)} i én eksport.",
                   hint="Del mødet op i flere, eller markér bilag som kun vedhæftet (ikke-trykt).")


def scanned_pages(path: Path, sha256: str | None, pages: int) -> tuple[int, int]:
    """(pages without text, pages looked at) of a PDF bilag as the preflight counts them, remembered by sha256."""
    text_pages, _, sampled = text_facts(
        sha256, {"pages": pages, "sample": TEXT_SAMPLE_PAGES, "min_chars": MIN_CHARS_PER_TEXT_PAGE},
        lambda: _pdf_text(path, pages))
    return sampled - text_pages, sampled
