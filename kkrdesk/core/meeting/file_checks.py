"""The checks of a meeting's bilag files: present, inside its folder, admitted, unchanged since recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kkrdesk.core.errors import BadFileError, Problem, Severity, UnsafePathError
from kkrdesk.core.files.boundary import Use, admit
from kkrdesk.core.files.companions import is_companion
from kkrdesk.core.files.hashing import sha256_known
from kkrdesk.core.files.inspect import inspect_file
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.meeting.checks import Finding, Place, check_structure, field_of
from kkrdesk.core.meeting.manifest import MANIFEST_NAME
from kkrdesk.core.meeting.model import AgendaItem, Bilag, Meeting


def check_bilag_file(folder: Path, item: AgendaItem, number: int, bilag: Bilag,
                     *, file: str = MANIFEST_NAME) -> list[Finding]:
    """Is the bilag's file there, inside the folder, admitted by the import boundary, and unchanged since it was recorded?"""
    place = Place(item.number, number)
    label = f"bilag {number} til punkt {item.number} ({bilag.file})"

    def finding(code: str, severity: Severity, message: str, hint: str, key: str = "file") -> Finding:
        return Finding(Problem(code=code, severity=severity, message=message, hint=hint, file=file,
                               field=field_of(item, number, key)), place)

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
