"""The checks of a meeting against itself (numbering, texts, types, referat), for `kkrdesk validate` and the editor."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from kkrdesk.core.errors import Problem, Severity
from kkrdesk.core.meeting.manifest import MANIFEST_NAME
from kkrdesk.core.meeting.model import AgendaItem, Meeting, ReferatStatus, cleaned_fields, split_type
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


def field_of(item: AgendaItem, bilag_number: int | None = None, key: str | None = None) -> str:
    """Where in the manifest a problem sits, as problems name it: ``items[2.2].bilag[1].file``."""
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
        findings += [warning(field_of(item, key=name), Place(item.number)) for name in cleaned_fields(item)]
        for number, bilag in enumerate(item.bilag, start=1):
            findings += [warning(field_of(item, number, name), Place(item.number, number))
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
                field=field_of(item, key="title")), Place(item=item.number)))
        findings += _type_in_title(item, file)
        for position, bilag in enumerate(item.bilag, start=1):
            if not bilag.title.strip():
                findings.append(Finding(Problem(
                    code="bilag-no-title", severity=Severity.WARNING,
                    message=f"bilag {position} til punkt {item.number} har ingen titel.",
                    hint="Skriv bilagets titel, som den skal stå i indholdsfortegnelsen.", file=file,
                    field=field_of(item, position, "title")), Place(item.number, position)))
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
        field=field_of(item, key="title")), Place(item=item.number))]


def _approved_without_decision(meeting: Meeting, file: str) -> list[Finding]:
    """An approved referat should have a decision on every item (its export is refused until then)."""
    if meeting.referat_status is not ReferatStatus.GODKENDT:
        return []
    return [Finding(Problem(
        code="referat-no-decision", severity=Severity.WARNING,
        message=f"referatet er godkendt, men punkt {item.number} har ingen beslutning.",
        hint="Skriv beslutningen i fanen Referat, eller sæt referatet tilbage til udkast.", file=file,
        field=field_of(item, key="beslutning")), Place(item=item.number))
        for item in meeting.items if not item.beslutning.strip()]
