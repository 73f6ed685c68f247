"""One export run: preflight, then the bilag pack PDF and/or the Word agenda, sharing one page plan.

The command line and the export dialog both call ``export_meeting``. A bilag that fails is
named in the result and replaced by a notice page; everything else is still written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kkrdesk.core import atomic
from kkrdesk.core.errors import KkrError, Problem, Severity, UsageError
from kkrdesk.core.export.blocks import ItemExtraProvider
from kkrdesk.core.export.libreoffice_toc import can_update_indexes, update_indexes
from kkrdesk.core.export.pack_child import Start, build_pack_in_child
from kkrdesk.core.export.pdf_pack import bilag_pages, build_pack, grouped, plan_for
from kkrdesk.core.export.preflight import PreflightReport, preflight, too_many_bilag
from kkrdesk.core.export.progress import ProgressSink, Steps
from kkrdesk.core.export.selection import Selection, select
from kkrdesk.core.export.sources import ResolvedBilag, resolve_printed
from kkrdesk.core.meeting.model import Meeting
from kkrdesk.core.office.soffice import INSTALL_HINT, find_soffice

if TYPE_CHECKING:
    from kkrdesk.core.export.word_agenda import BilagInPack

FIELDS_NOTE = ("Indholdsfortegnelsen i Word-filen udfyldes, når filen åbnes: Word spørger, om "
               "felterne skal opdateres – svar Ja.")
KEEP_ACTIVE_NOTE = ("Advarsel: bilagenes aktive indhold (JavaScript, programstart, vedhæftede filer m.m.) "
                    "er beholdt i bilagspakken, som du bad om. Del kun pakken, hvis I stoler på alle "
                    "afsendere.")
SHORT_REASONS = {"bilag-not-converted": "kunne ikke omdannes til PDF",
                 "file-missing": "filen mangler"}


@dataclass(frozen=True)
class ExportOptions:
    pdf: Path | None = None
    docx: Path | None = None
    agenda_pack: bool = False
    include_closed: bool = False
    use_libreoffice: bool = True
    override: bool = False          # export even when the preflight found errors
    cache_dir: Path | None = None   # where LibreOffice's PDF renderings are kept (default: user cache)
    keep_active_content: bool = False  # keep scripts, launches, attachments in bilag PDFs (not advised)


@dataclass(frozen=True)
class ExportResult:
    pdf: Path | None
    docx: Path | None
    preflight: PreflightReport
    problems: tuple[Problem, ...] = ()      # what went wrong while writing (the files were still written)
    notes: tuple[str, ...] = ()             # what the user should know about the files
    toc_updated: bool = False               # the Word TOC already shows page numbers
    bilag_pages: dict[str, int] = field(default_factory=dict)
    total_pages: int = 0

    @property
    def complete(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.complete, "pdf": str(self.pdf) if self.pdf else None,
                "docx": str(self.docx) if self.docx else None, "toc_updated": self.toc_updated,
                "total_pages": self.total_pages, "bilag_pages": self.bilag_pages,
                "problems": [p.to_dict() for p in self.problems], "notes": list(self.notes),
                "preflight": self.preflight.to_dict()}


class ExportBlocked(KkrError):
    """The preflight found errors and the user did not override them; nothing was written."""

    code = "preflight-failed"


def export_meeting(folder: Path, meeting: Meeting, options: ExportOptions, *,
                   extras: Sequence[ItemExtraProvider] = (),
                   progress: ProgressSink | None = None,
                   report: PreflightReport | None = None,
                   pack_in_child: Start | None = None) -> ExportResult:
    """Run the preflight (unless ``report`` is given), then write what ``options`` asks for;
    ``pack_in_child`` builds the pack in a child process started so (see pack_child)."""
    folder = Path(folder)
    if options.pdf is None and options.docx is None:
        raise UsageError("der er intet at eksportere.", hint="Angiv --pdf og/eller --docx.")
    selection = select(meeting, include_closed=options.include_closed)
    too_many = too_many_bilag(selection)
    # A child building the pack leaves this process free: the preflight runs while it merges.
    check_while_packing = (report is None and options.pdf is not None and too_many is None
                           and pack_in_child is not None)
    if not check_while_packing:
        report = checked(folder, meeting, options, report)
    if too_many is not None:   # not even --override: it would not finish
        raise KkrError(too_many.message, file=folder, hint=too_many.hint)
    printed = selection.printed_bilag
    total = len(printed)
    if options.pdf:
        total += len(printed) + 2
    if options.docx:
        total += len(selection.items) + 1
    steps = Steps(progress, total)
    problems: list[Problem] = []
    notes: list[str] = []
    untagged: list[ResolvedBilag] = []
    resolved = resolve_printed(folder, printed, steps, use_libreoffice=options.use_libreoffice,
                               cache_dir=options.cache_dir)
    if options.keep_active_content:
        resolved = [replace(r, keep_active_content=True) for r in resolved]
        if options.pdf:
            notes.append(KEEP_ACTIVE_NOTE)
    if options.pdf:
        def check() -> None:
            nonlocal report
            report = checked(folder, meeting, options, None)

        if pack_in_child is not None:
            pack = build_pack_in_child(meeting, selection, resolved, Path(options.pdf), steps,
                                       start=pack_in_child, while_waiting=check if check_while_packing else None)
        else:
            pack = build_pack(meeting, selection, resolved, Path(options.pdf), steps)
        resolved, pages, total_pages = list(pack.bilag), pack.pages, pack.plan.total_pages
        untagged = [r for r in resolved if r.selected.key in pack.untagged]
    else:
        groups = grouped(selection, resolved)
        plan = plan_for(groups)
        pages, total_pages = bilag_pages(groups, plan), plan.total_pages
    assert report is not None   # checked before the pack was written, or by check() while it was
    pack_problems = [r.problem for r in resolved if r.problem is not None]
    if not options.pdf:  # no pack was written; only the agenda's page references are affected
        pack_problems = [replace(p, severity=Severity.WARNING) for p in pack_problems]
    problems += pack_problems
    toc_updated = False
    if options.docx:
        from kkrdesk.core.export.word_agenda import BilagInPack  # python-docx only for an agenda

        in_pack = {r.selected.key: BilagInPack(pages.get(r.selected.key),
                                               SHORT_REASONS.get(r.problem.code, "kunne ikke læses")
                                               if r.problem else "")
                   for r in resolved}
        agenda_problems, toc_updated, agenda_notes = _write_docx(
            folder, meeting, selection, options, in_pack, resolved,
            extras, steps, report)
        problems += agenda_problems
        notes += agenda_notes
    if untagged:
        notes.append(untagged_note(untagged))
    return ExportResult(pdf=options.pdf, docx=options.docx, preflight=report, problems=tuple(problems),
                        notes=tuple(notes), toc_updated=toc_updated, bilag_pages=pages,
                        total_pages=total_pages)


def checked(folder: Path, meeting: Meeting, options: ExportOptions, report: PreflightReport | None) -> PreflightReport:
    """The preflight's report (run now unless given); raises ExportBlocked if it blocks the export."""
    if report is None:
        report = preflight(folder, meeting, include_closed=options.include_closed,
                           use_libreoffice=options.use_libreoffice,
                           keep_active_content=options.keep_active_content)
    if report.blocking and not options.override:
        raise ExportBlocked(f"kontrollen før eksport fandt {report.count(Severity.ERROR)} fejl; intet er "
                            "skrevet.", file=folder, problems=report.problems,
                            hint="Ret fejlene, eller eksportér alligevel (--override / \"Eksportér trods fejl\").")
    return report


def untagged_note(bilag: Sequence[ResolvedBilag]) -> str:
    """What the user should know about bilag that went into the pack without tags."""
    named = ", ".join(f"bilag {b.selected.number} til punkt {b.selected.item.number}" for b in bilag)
    return (f"Bilagspakken er tagget for skærmlæsere, men {len(bilag)} bilag har ingen tags og kan ikke "
            f"læses op i en meningsfuld rækkefølge: {named}. Gem dem som tilgængelig (tagget) PDF fra "
            "kildedokumentet, fx i Word med \"Dokumentstrukturkoder for tilgængelighed\" slået til.")


def _write_docx(folder: Path, meeting: Meeting, selection: Selection, options: ExportOptions,
                in_pack: dict[str, BilagInPack], resolved: Sequence[ResolvedBilag],
                extras: Sequence[ItemExtraProvider], steps: Steps,
                report: PreflightReport) -> tuple[list[Problem], bool, list[str]]:
    from kkrdesk.core.export.word_agenda import write_agenda
    from kkrdesk.core.export.word_fields import mark_fields_for_update, repair_after_libreoffice

    assert options.docx is not None, "called only when a Word agenda is asked for"
    target = Path(options.docx)
    target.parent.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    try:
        with atomic.replacing(target, ".draft.docx") as draft:
            problems = write_agenda(draft, folder, meeting, selection, pack=in_pack, extras=extras,
                                    agenda_pack=options.agenda_pack,
                                    resolved={r.selected.key: r for r in resolved}, steps=steps)
            toc_updated = False
            steps.begin("Udfylder indholdsfortegnelsen med LibreOffice")
            if options.use_libreoffice and can_update_indexes():
                try:
                    with steps.libreoffice_stopped_on_cancel(), atomic.replacing(draft, ".toc.docx") as updated:
                        update_indexes(draft, updated, cancelled=steps.cancelled)
                        repair_after_libreoffice(updated)
                    toc_updated = True
                except KkrError as exc:
                    problems.append(Problem(code="toc-not-updated", severity=Severity.WARNING,
                                            message=exc.message, hint=exc.hint, file=str(target)))
            if not toc_updated:
                mark_fields_for_update(draft)
                notes.append(f"{FIELDS_NOTE} {_why_not_updated(options, report)}")
        steps.advance()
        return problems, toc_updated, notes
    except OSError as exc:
        raise KkrError(f"dagsordenen kunne ikke gemmes ({exc.strerror or exc}).", file=target,
                       hint="Kontrollér, at mappen findes, at du har skriveadgang, og at filen ikke er "
                            "åben i Word.") from None


def _why_not_updated(options: ExportOptions, report: PreflightReport) -> str:
    if not options.use_libreoffice:
        return "(LibreOffice var fravalgt.)"
    if find_soffice() is None:
        told = any(p.code == "libreoffice-missing" for p in report.problems)
        return "(LibreOffice er ikke installeret." + ("" if told else f" {INSTALL_HINT}") + ")"
    if not can_update_indexes():
        return ("(LibreOffice's Python-forbindelse mangler; på Debian/Ubuntu installeres den med "
                "sudo apt install python3-uno.)")
    return "(LibreOffice kunne ikke gøre det; se advarslen.)"
