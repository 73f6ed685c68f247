"""One referat export: the items as the packs select them, their bilag's pack pages, the Word file and its PDF.

The command line (``kkrdesk export DIR --referat FIL``) and the export dialog both call
``export_referat``. The bilag pack is not written; its page plan is worked out the same way as
for a pack export, so "bilagspakken side 7" in the referat matches the pack exported alongside.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

from kkrdesk.core import atomic
from kkrdesk.core.errors import KkrError, Problem, Severity
from kkrdesk.core.export.exporter import FIELDS_NOTE, SHORT_REASONS
from kkrdesk.core.export.libreoffice_toc import can_update_indexes, update_indexes
from kkrdesk.core.export.pdf_pack import bilag_pages, grouped, plan_for
from kkrdesk.core.export.preflight import too_many_bilag
from kkrdesk.core.export.progress import ProgressSink, Steps
from kkrdesk.core.export.selection import Selection, select
from kkrdesk.core.export.sources import resolve_printed
from kkrdesk.core.export.word_agenda import BilagInPack
from kkrdesk.core.export.word_fields import mark_fields_for_update, repair_after_libreoffice
from kkrdesk.core.export.word_referat import refuse_unfinished_approval, without_decision, write_referat
from kkrdesk.core.meeting.model import Meeting
from kkrdesk.core.office.soffice import INSTALL_HINT

NO_TOC_NOTE = "(LibreOffice var fravalgt eller findes ikke med sin Python-forbindelse.)"


@dataclass(frozen=True)
class ReferatOptions:
    docx: Path
    pdf: Path | None = None            # the referat as PDF too (needs LibreOffice)
    include_closed: bool = False
    use_libreoffice: bool = True
    cache_dir: Path | None = None      # where LibreOffice's PDF renderings of bilag are kept


@dataclass(frozen=True)
class ReferatResult:
    docx: Path
    pdf: Path | None
    toc_updated: bool
    without_decision: tuple[str, ...] = ()      # item numbers shown as "(ingen beslutning endnu)"
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()
    bilag_pages: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"ok": True, "referat": str(self.docx), "pdf": str(self.pdf) if self.pdf else None,
                "toc_updated": self.toc_updated, "without_decision": list(self.without_decision),
                "bilag_pages": self.bilag_pages, "problems": [p.to_dict() for p in self.problems],
                "notes": list(self.notes)}


def export_referat(folder: Path, meeting: Meeting, options: ReferatOptions, *,
                   progress: ProgressSink | None = None) -> ReferatResult:
    """Write the referat as ``options`` asks; refuse an approved referat with undecided items."""
    folder = Path(folder)
    selection = select(meeting, include_closed=options.include_closed)
    refuse_unfinished_approval(meeting, selection, file=folder / "meeting.toml")
    if (too_many := too_many_bilag(selection)) is not None:
        raise KkrError(too_many.message, file=folder, hint=too_many.hint)
    toc_possible = options.use_libreoffice and can_update_indexes()
    if options.pdf is not None and not toc_possible:
        raise KkrError("referatet kan kun gemmes som PDF med LibreOffice (med Python-UNO), og det er "
                       "fravalgt eller ikke installeret; intet er skrevet.", file=options.pdf,
                       hint=f"Udelad PDF-filen, eller installér LibreOffice. {INSTALL_HINT}")
    printed = selection.printed_bilag
    steps = Steps(progress, len(printed) + 1)
    resolved = resolve_printed(folder, printed, steps, use_libreoffice=options.use_libreoffice,
                               cache_dir=options.cache_dir, step_text="Tæller sider i bilag {bilag} til punkt {item}")
    groups = grouped(selection, resolved)
    pages = bilag_pages(groups, plan_for(groups))
    in_pack = {r.selected.key: BilagInPack(pages.get(r.selected.key),
                                           SHORT_REASONS.get(r.problem.code, "kunne ikke læses")
                                           if r.problem else "")
               for r in resolved}
    problems = [as_warning(r.problem) for r in resolved if r.problem is not None]
    steps.begin("Skriver referatet")
    toc_updated, toc_problems = _write(folder, meeting, selection, in_pack, options, toc_possible, steps)
    steps.advance()
    closed = [selected.item.number for selected in selection.items if selected.item.closed]
    if closed:
        problems.append(Problem(code="closed-included", severity=Severity.WARNING,
                                message=f"referatet indeholder lukkede punkter ({', '.join(closed)}).",
                                hint="Del kun referatet med dem, der må se lukkede sager.",
                                file=str(options.docx)))
    notes = () if toc_updated else (f"{FIELDS_NOTE} {NO_TOC_NOTE}",)
    return ReferatResult(docx=options.docx, pdf=options.pdf, toc_updated=toc_updated,
                         without_decision=tuple(i.number for i in without_decision(selection)),
                         problems=tuple(problems + toc_problems), notes=notes, bilag_pages=pages)


def as_warning(problem: Problem) -> Problem:
    """A bilag that cannot be paged costs the referat only its page reference: a warning."""
    return replace(problem, severity=Severity.WARNING)


def _write(folder: Path, meeting: Meeting, selection: Selection, in_pack: Mapping[str, BilagInPack],
           options: ReferatOptions, toc_possible: bool, steps: Steps) -> tuple[bool, list[Problem]]:
    target = Path(options.docx)
    problems: list[Problem] = []
    try:
        for path in (target, options.pdf):
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
        with ExitStack() as stack:
            draft = stack.enter_context(atomic.replacing(target, ".draft.docx"))
            pdf_draft = (stack.enter_context(atomic.replacing(options.pdf, ".draft.pdf"))
                         if options.pdf is not None else None)
            write_referat(draft, folder, meeting, selection, pack=in_pack)
            toc_updated = False
            if toc_possible:
                try:
                    with steps.libreoffice_stopped_on_cancel(), atomic.replacing(draft, ".toc.docx") as updated:
                        update_indexes(draft, updated, pdf_draft, cancelled=steps.cancelled)
                        repair_after_libreoffice(updated)
                    toc_updated = True
                except KkrError as exc:
                    if options.pdf is not None:
                        raise
                    problems.append(Problem(code="toc-not-updated", severity=Severity.WARNING,
                                            message=exc.message, hint=exc.hint, file=str(target)))
            if not toc_updated:
                mark_fields_for_update(draft)
        return toc_updated, problems
    except OSError as exc:
        raise _not_saved(target, exc) from None


def _not_saved(target: Path, exc: OSError) -> KkrError:
    return KkrError(f"referatet kunne ikke gemmes ({exc.strerror or exc}).", file=target,
                    hint="Kontrollér, at mappen findes, at du har skriveadgang, og at filen ikke er "
                         "åben i Word.")
