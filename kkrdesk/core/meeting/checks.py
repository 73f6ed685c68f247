"""The checks of a meeting against itself and its folder, shared by `kkrdesk validate` and the editor."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kkrdesk.core.errors import BadFileError, Problem, Severity, UnsafePathError
from kkrdesk.core.files.boundary import Use, admit
from kkrdesk.core.files.companions import is_companion
from kkrdesk.core.files.hashing import sha256_known
from kkrdesk.core.files.inspect import inspect_file
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.meeting.manifest import MANIFEST_NAME
from kkrdesk.core.meeting.model import AgendaItem, Bilag, Meeting, ReferatStatus, cleaned_fields, split_type
from kkrdesk.core.meeting.numbering import check_numbering


@dataclass(frozen=True)
class Place:
    """Where in the meeting a problem sits, so an editor can jump there."""

    item: str | None = None     # item number
    bilag: int | None = None    # 1-based bilag number within the item


@dataclass(frozen=True)
class Finding:
    problem: Problem
    place: Place


def _field(item: AgendaItem, bilag_number: int | None = None, key: str | None = None) -> str:
    text = f"items[{item.number}]"
    if bilag_number is not None:
        text += f".bilag[{bilag_number}]"
    return f"{text}.{key}" if key else text


def _cleaned_text(meeting: Meeting, file: str) -> list[Finding]:
    """A warning for every text field that had control or bidi characters removed when it was set."""
    def warning(field_name: str, place: Place) -> Finding:
        return Finding(Problem(
            code="text-cleaned", severity=Severity.WARNING,
            message="teksten indeholdt usynlige styretegn (fx et linjeskift kopieret fra Word eller "
                    "et tegn, der vender skriveretningen); de er fjernet.",
            hint="Se teksten efter; den rensede tekst gemmes ved næste gem.", file=file,
            field=field_name), place)

    findings = [warning(f"meeting.{name}", Place()) for name in cleaned_fields(meeting)]
    for item in meeting.items:
        findings += [warning(_field(item, key=name), Place(item.number)) for name in cleaned_fields(item)]
        for number, bilag in enumerate(item.bilag, start=1):
            findings += [warning(_field(item, number, name), Place(item.number, number))
                         for name in cleaned_fields(bilag)]
    return findings


def check_structure(meeting: Meeting, *, file: str = MANIFEST_NAME) -> list[Finding]:
    """Checks that need no files: duplicate numbers, missing titles, text that had to be cleaned."""
    findings: list[Finding] = _cleaned_text(meeting, file)
    counts = Counter(item.number for item in meeting.items)
    for number, count in counts.items():
        if count > 1 and number:
            findings.append(Finding(Problem(
                code="duplicate-number", severity=Severity.ERROR,
                message=f"punktnummeret {number} bruges {count} gange.",
                hint="Giv hvert punkt sit eget nummer.", file=file, field=f"items[{number}].number"),
                Place(item=number)))
    for item in meeting.items:
        if not item.title.strip():
            findings.append(Finding(Problem(
                code="item-no-title", severity=Severity.WARNING,
                message=f"punkt {item.number or '(uden nummer)'} har ingen titel.",
                hint="Skriv punktets titel, som den skal stå på dagsordenen.", file=file,
                field=_field(item, key="title")), Place(item=item.number)))
        findings += _type_in_title(item, file)
        for position, bilag in enumerate(item.bilag, start=1):
            if not bilag.title.strip():
                findings.append(Finding(Problem(
                    code="bilag-no-title", severity=Severity.WARNING,
                    message=f"bilag {position} til punkt {item.number} har ingen titel.",
                    hint="Skriv bilagets titel, som den skal stå i indholdsfortegnelsen.", file=file,
                    field=_field(item, position, "title")), Place(item.number, position)))
    findings += [Finding(problem, Place(item=number)) for problem, number in check_numbering(meeting, file=file)]
    return findings + _approved_without_decision(meeting, file)


def _type_in_title(item: AgendaItem, file: str) -> list[Finding]:
    """A title that begins with a case type ("Temadrøftelse: …", pasted from a printed agenda, or
    saved before the window took such a prefix as the type) prints the type twice, or two types."""
    kind, rest = split_type(item.title)
    if kind is None:
        return []
    prefix = item.title.partition(":")[0].strip()
    return [Finding(Problem(
        code="type-in-title", severity=Severity.WARNING,
        message=f"titlen på punkt {item.number} begynder med »{prefix}:«, så dagsordenen skriver "
                f"»{item.heading}«.",
        hint=f"Ret titlen til »{rest}«, og vælg typen {kind.value} i feltet Type.", file=file,
        field=_field(item, key="title")), Place(item=item.number))]


def _approved_without_decision(meeting: Meeting, file: str) -> list[Finding]:
    """An approved referat should have a decision on every item (its export is refused until then)."""
    if meeting.referat_status is not ReferatStatus.GODKENDT:
        return []
    return [Finding(Problem(
        code="referat-no-decision", severity=Severity.WARNING,
        message=f"referatet er godkendt, men punkt {item.number} har ingen beslutning.",
        hint="Skriv beslutningen i fanen Referat, eller sæt referatet tilbage til udkast.", file=file,
        field=_field(item, key="beslutning")), Place(item=item.number))
        for item in meeting.items if not item.beslutning.strip()]


def check_bilag_file(folder: Path, item: AgendaItem, number: int, bilag: Bilag,
                     *, file: str = MANIFEST_NAME) -> list[Finding]:
    """Is the bilag's file there, inside the folder, admitted by the import boundary, and unchanged since it was recorded?"""
    place = Place(item.number, number)
    label = f"bilag {number} til punkt {item.number} ({bilag.file})"

    def finding(code: str, severity: Severity, message: str, hint: str, key: str = "file") -> Finding:
        return Finding(Problem(code=code, severity=severity, message=message, hint=hint, file=file,
                               field=_field(item, number, key)), place)

    try:
        path = inside(folder, bilag.file)
    except UnsafePathError as exc:
        return [finding("unsafe-path", Severity.ERROR, f"{label}: {exc.message}", exc.hint)]
    if not path.is_file():
        return [finding("file-missing", Severity.ERROR, f"{label}: filen mangler.",
                        "Læg filen tilbage i mødets mappe, eller fjern bilaget fra punktet.")]
    try:
        actual = admit(path, Use.BILAG).kind     # first: a huge or hostile file is not even hashed
    except BadFileError as exc:
        return [finding(f"file-{exc.reason}", Severity.ERROR, f"{label}: {exc.message}", exc.hint)]
    if bilag.sha256 is None:
        return [finding("hash-missing", Severity.WARNING,
                        f"{label}: filens fingeraftryk (sha256) er ikke registreret, så kkrdesk "
                        "kan ikke se, om filen ændres.",
                        "Kør kkrdesk validate --accept-changed for at registrere det.", "sha256")]
    if sha256_known(path) != bilag.sha256:
        return [finding("file-changed", Severity.ERROR,
                        f"{label}: filen er ændret, siden den blev lagt på punktet.",
                        "Kontrollér, at det er den rigtige udgave, og godkend den med kkrdesk "
                        "validate --accept-changed (eller i kkrdesk under bilaget).", "sha256")]
    if actual is not bilag.kind:
        return [finding("kind-mismatch", Severity.WARNING,
                        f"{label}: filen er registreret som {bilag.kind}, men indholdet er {actual}.",
                        "Kør kkrdesk validate --accept-changed for at rette registreringen.", "kind")]
    return []


def check_meeting(folder: Path, meeting: Meeting, *, file: str | None = None) -> list[Finding]:
    """All checks of ``meeting`` stored in ``folder``: structure, then every bilag file."""
    file = file or str(Path(folder) / MANIFEST_NAME)
    findings = check_structure(meeting, file=file)
    for item in meeting.items:
        for number, bilag in enumerate(item.bilag, start=1):
            findings += check_bilag_file(Path(folder), item, number, bilag, file=file)
    findings += _unreferenced_files(Path(folder), meeting, file)
    return findings


def _unreferenced_files(folder: Path, meeting: Meeting, file: str) -> list[Finding]:
    used = {bilag.file for _, bilag in meeting.all_bilag()}
    bilag_dir = folder / "bilag"
    if not bilag_dir.is_dir():
        return []
    extra = sorted(p.relative_to(folder).as_posix() for p in bilag_dir.iterdir()
                   if p.is_file() and not p.name.startswith("."))
    return [Finding(Problem(code="file-unreferenced", severity=Severity.INFO,
                            message=f"{name} ligger i mødets mappe, men hører ikke til noget punkt.",
                            hint="Tilføj den som bilag, eller slet den, hvis den ikke skal bruges.",
                            file=file), Place())
            for name in extra if name not in used and not is_companion(name)]


def accept_changed(folder: Path, meeting: Meeting, **inspect_options: Any) -> list[str]:
    """Record the current kind, pages and sha256 of every present bilag file; return what changed."""
    changed = []
    for item in meeting.items:
        for number, bilag in enumerate(item.bilag, start=1):
            try:
                path = inside(folder, bilag.file)
            except UnsafePathError:
                continue
            if not path.is_file():
                continue
            facts = inspect_file(path, **inspect_options)
            if (facts.sha256, facts.kind, facts.pages) != (bilag.sha256, bilag.kind, bilag.pages):
                bilag.sha256, bilag.kind, bilag.pages = facts.sha256, facts.kind, facts.pages
                changed.append(f"punkt {item.number}, bilag {number}")
    return changed
