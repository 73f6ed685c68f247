"""(Re)build the sample meeting agendas/kkr-sjaelland-2025-02 and its bilag, byte for byte the same each run.

Usage (from the repository root):

    .venv/bin/python tools/make_sample_meeting.py [--target FOLDER]

The meeting is written through kkrdesk's own store (MeetingFolder.create, import_file, save), so
the manifest's kind, pages and sha256 are what kkrdesk finds in the files. Only the files this
script generates are deleted or replaced; anything else in the folder is left alone.

To add a bilag made by another generator, add one BilagSource line to BILAG_SOURCES: the item
number, the title, a file name, the function that writes the file, and its page count if it has one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

import make_sample_contract  # noqa: E402
import make_sample_survey  # noqa: E402
import make_scanned_copy  # noqa: E402
from sample_meeting import (  # noqa: E402
    data_report,
    framework_agreement,
    survey_summary,
    transport_proposal,
)
from sample_meeting.agenda import sample_meeting  # noqa: E402
from sample_meeting.pdf_layout import FontMissing  # noqa: E402
from sample_meeting.referat import add_referat  # noqa: E402

from kkrdesk.core.errors import KkrError, Severity  # noqa: E402
from kkrdesk.core.meeting import Bilag, Meeting, printed_by_default  # noqa: E402
from kkrdesk.core.meeting.file_checks import check_meeting  # noqa: E402
from kkrdesk.core.meeting.importing import import_file  # noqa: E402
from kkrdesk.core.meeting.manifest import MANIFEST_NAME  # noqa: E402
from kkrdesk.core.meeting.store import BACKUP_NAME, BILAG_DIR, MeetingFolder  # noqa: E402
from kkrdesk.core.sample import SAMPLE_SLUG  # noqa: E402

DEFAULT_TARGET = ROOT / "agendas" / SAMPLE_SLUG


@dataclass(frozen=True)
class BilagSource:
    """One generated bilag: the item it belongs to, its title, its file and how to write it."""

    item: str
    title: str
    file_name: str
    build: Callable[[Path], None]
    pages: int | None = None          # the page count the file must have (None: not paged)
    printed: bool | None = None       # None: kkrdesk's default for the file's kind


# Bilag are numbered in this order within each item.
BILAG_SOURCES: tuple[BilagSource, ...] = (
    BilagSource("2.2", "Opsamling på KKR undersøgelse 2025",
                "2.2-bilag-1-opsamling-kkr-undersoegelse-2025.pdf", survey_summary.build,
                pages=survey_summary.PAGES),
    BilagSource("2.2", "KKR-evaluering 2025", "2.2-bilag-2-kkr-evaluering-2025.docx",
                data_report.build, pages=data_report.PAGES),
    BilagSource("2.2", "KKR-undersøgelse 2025 – svardata (syntetiske)", make_sample_survey.EXPORT_NAME,
                lambda path: path.write_bytes(make_sample_survey.export_bytes(
                    make_sample_survey.build_respondents())), printed=False),
    BilagSource("2.4", "Udspil - kollektiv trafik - Danmark skal hænge sammen",
                "2.4-bilag-1-udspil-kollektiv-trafik.pdf", transport_proposal.build,
                pages=transport_proposal.PAGES),
    BilagSource("2.7", "Rammeaftale for erhvervshusene 2024-2027",
                "2.7-bilag-1-rammeaftale-erhvervshusene-2024-2027.pdf", framework_agreement.build,
                pages=framework_agreement.PAGES),
    BilagSource("2.7", make_sample_contract.CONTRACT_TITLE, make_sample_contract.CONTRACT_FILE,
                make_sample_contract.write_contract, pages=make_sample_contract.CONTRACT_PAGES),
    BilagSource("2.7", make_sample_contract.RESULTS_TITLE, make_sample_contract.RESULTS_FILE,
                make_sample_contract.write_results, printed=False),
    # After the draft (bilag 2): the contract as signed, scanned. It is the last printed bilag of
    # the pack, so every page number of the published pack's index stays where it was.
    BilagSource("2.7", make_sample_contract.SIGNED_TITLE, make_sample_contract.SIGNED_FILE,
                lambda path: _scanned_signed_contract(path), pages=make_sample_contract.CONTRACT_PAGES),
)


def _scanned_signed_contract(path: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="kkrdesk-signed-") as work:
        signed = Path(work) / make_sample_contract.CONTRACT_FILE
        make_sample_contract.write_signed_contract(signed)
        make_scanned_copy.scan(signed, path)


@dataclass(frozen=True)
class CompanionFile:
    """A file written beside the bilag that is not a bilag itself (a survey export's mapping)."""

    file_name: str
    build: Callable[[Path], None]


COMPANION_FILES: tuple[CompanionFile, ...] = (
    CompanionFile(make_sample_survey.MAPPING_NAME,
                  lambda path: path.write_text(make_sample_survey.mapping_text(), encoding="utf-8")),
)


class SampleBuildError(RuntimeError):
    """The generated meeting is not what it should be (a page count, a file name, a check)."""


def generated_files(sources: Sequence[BilagSource]) -> list[str]:
    """Paths, relative to the meeting folder, of every file this generator owns."""
    return ([MANIFEST_NAME, BACKUP_NAME] + [f"{BILAG_DIR}/{s.file_name}" for s in sources]
            + [f"{BILAG_DIR}/{c.file_name}" for c in COMPANION_FILES])


def remove_generated(target: Path, sources: Sequence[BilagSource]) -> None:
    for relative in generated_files(sources):
        (target / relative).unlink(missing_ok=True)


def build_sample_meeting(target: Path = DEFAULT_TARGET,
                         sources: Sequence[BilagSource] = BILAG_SOURCES) -> Meeting:
    """Write the sample meeting into ``target`` (replacing only our own files) and return it."""
    target = Path(target)
    meeting = add_referat(sample_meeting())
    numbers = {item.number for item in meeting.items}
    unknown = [s.item for s in sources if s.item not in numbers]
    if unknown:
        raise SampleBuildError(f"bilag for items not on the agenda: {', '.join(unknown)}")
    target.mkdir(parents=True, exist_ok=True)
    remove_generated(target, sources)
    with tempfile.TemporaryDirectory(prefix="kkrdesk-sample-") as work:
        made = []
        for source in sources:
            path = Path(work) / source.file_name
            source.build(path)
            made.append((source, path))
        with MeetingFolder.create(target, meeting) as folder:
            for source, path in made:
                _attach(folder, source, path)
            for companion in COMPANION_FILES:
                companion.build(target / BILAG_DIR / companion.file_name)
            folder.save()
            meeting = folder.meeting
    (target / BACKUP_NAME).unlink(missing_ok=True)
    errors = [f.problem for f in check_meeting(target, meeting) if f.problem.severity is Severity.ERROR]
    if errors:
        raise SampleBuildError("; ".join(problem.format() for problem in errors))
    return meeting


def _attach(folder: MeetingFolder, source: BilagSource, path: Path) -> None:
    imported = import_file(folder, path)
    expected = f"{BILAG_DIR}/{source.file_name}"
    if imported.file != expected:
        raise SampleBuildError(f"{source.file_name} was stored as {imported.file}, not {expected}")
    facts = imported.facts
    if source.pages is not None and facts.pages != source.pages:
        raise SampleBuildError(f"{source.file_name} has {facts.pages} pages, not {source.pages}")
    printed = printed_by_default(facts.kind) if source.printed is None else source.printed
    folder.meeting.item(source.item).bilag.append(
        Bilag(title=source.title, file=imported.file, kind=facts.kind, pages=facts.pages,
              sha256=facts.sha256, printed=printed))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", type=Path, default=DEFAULT_TARGET,
                        help=f"meeting folder to (re)build (default: {DEFAULT_TARGET})")
    args = parser.parse_args(argv)
    try:
        meeting = build_sample_meeting(args.target)
    except (SampleBuildError, FontMissing, KkrError) as exc:
        print(f"make_sample_meeting: {exc}", file=sys.stderr)
        return 1
    for item, bilag in meeting.all_bilag():
        pages = f"{bilag.pages} pages" if bilag.pages is not None else "no pages"
        print(f"{item.number}  {bilag.file}  ({bilag.kind}, {pages})")
    print(f"Wrote {args.target / MANIFEST_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
