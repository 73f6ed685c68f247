"""New meetings from earlier ones: the recurring items of a previous meeting, or a saved template (.toml).

A template holds agenda items with their standard texts and no bilag, in the manifest's
``[[items]]`` form under a ``[template]`` table with its name. kkrdesk ships one per agenda
convention seen in published KKR packs (with and without case types before the titles); the
user's own templates live in the data folder under ``skabeloner/``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import tomli_w

from kkrdesk.core import atomic
from kkrdesk.core.errors import KkrError, ManifestError
from kkrdesk.core.files.names import safe_file_name
from kkrdesk.core.meeting.manifest import MANIFEST_NAME, dump_manifest, parse_manifest
from kkrdesk.core.meeting.model import AgendaItem, ItemType, Meeting
from kkrdesk.core.meeting.numbering import apply_numbers, renumbering
from kkrdesk.core.meeting.store import read_meeting
from kkrdesk.core.userdata import user_data_dir

TEMPLATE_SUFFIX = ".toml"
TEMPLATE_HEADER = ("# kkrdesk-skabelon: punkter til nye møder. Punkterne skrives som [[items]] i "
                   "meeting.toml (docs/meeting-format.md), uden bilag.\n\n")
TEMPLATE_KEYS = ("name", "description")
# Items that come back at every meeting, known by the start of their title.
RECURRING_TITLES = ("godkendelse af dagsorden", "godkendelse af referat", "meddelelser", "eventuelt",
                    "næste møde", "orientering fra formand")
MAX_TEMPLATE_BYTES = 1_048_576


@dataclass
class Template:
    """Agenda items to start a meeting with, and where they came from."""

    name: str
    items: list[AgendaItem] = field(default_factory=list)
    description: str = ""
    kkr: str = ""                    # from a previous meeting: its KKR, start and place as defaults
    start: dt.time | None = None
    place: str = ""


def is_recurring(item: AgendaItem) -> bool:
    title = item.title.strip().lower()
    return item.type is ItemType.MEDDELELSER or title.startswith(RECURRING_TITLES)


def _structure(item: AgendaItem, *, old_kkr: str = "", new_kkr: str = "") -> AgendaItem:
    """The item without bilag, case number or decision; its texts name ``new_kkr`` for ``old_kkr``."""
    def texts(text: str) -> str:
        return text.replace(old_kkr, new_kkr) if old_kkr and new_kkr and old_kkr != new_kkr else text

    return replace(item, case_id="", bilag=[], title=texts(item.title), resume=texts(item.resume),
                   indstilling=texts(item.indstilling), sagsfremstilling=texts(item.sagsfremstilling),
                   beslutning="", opfoelgning=False, opfoelgning_dato=None)


def template_from_meeting(meeting: Meeting, *, name: str = "", recurring_only: bool = True) -> Template:
    """The structure of ``meeting``: its recurring items (or all of them) without bilag or case numbers."""
    items = [_structure(item) for item in meeting.items if is_recurring(item) or not recurring_only]
    return Template(name=name or meeting.display_title, items=items, kkr=meeting.kkr,
                    start=meeting.start, place=meeting.place)


def new_meeting(template: Template, *, kkr: str = "", date: dt.date, title: str = "",
                start: dt.time | None = None, place: str = "", case_id: str = "") -> Meeting:
    """A meeting on ``date`` holding the template's items, numbered 2.1, 2.2 … in their order."""
    kkr = kkr or template.kkr
    if not kkr:
        raise KkrError(f'skabelonen "{template.name}" siger ikke, hvilket KKR mødet er i.',
                       hint="Vælg mødets KKR.")
    items = [_structure(item, old_kkr=template.kkr, new_kkr=kkr) for item in template.items]
    meeting = Meeting(kkr=kkr, date=date, title=title, start=start or template.start,
                      place=place or template.place, case_id=case_id, items=items,
                      continuous_numbers=True)
    apply_numbers(renumbering(meeting, keep_gaps=False))
    return meeting


# -- template files -------------------------------------------------------------------------

def dump_template(template: Template) -> str:
    """Template text: the [template] table, then the items as meeting.toml writes them."""
    manifest = tomllib.loads(dump_manifest(Meeting(kkr="-", date=dt.date(2000, 1, 1), items=template.items)))
    head = {"name": template.name}
    if template.description:
        head["description"] = template.description
    return TEMPLATE_HEADER + tomli_w.dumps({"template": head, "items": manifest.get("items", [])},
                                           multiline_strings=True)


def parse_template(text: str, *, file: str) -> Template:
    """Read template text; a fault is a KkrError naming the file and what to fix."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KkrError(f"skabelonen er ikke gyldig TOML ({exc}).", file=file,
                       hint="Ret filen, eller gem skabelonen igen fra kkrdesk.") from None
    head = data.get("template")
    unknown = sorted(set(data) - {"template", "items"})
    if not isinstance(head, dict) or unknown or set(head) - set(TEMPLATE_KEYS):
        raise KkrError("filen er ikke en kkrdesk-skabelon (den skal have en [template]-tabel med name "
                       "og [[items]]).", file=file, hint="Vælg en skabelon, kkrdesk har gemt.")
    manifest = tomli_w.dumps({"format": 1, "meeting": {"kkr": "-", "date": dt.date(2000, 1, 1)},
                              "items": data.get("items", [])})
    try:
        meeting, _ = parse_manifest(manifest, file=file)
    except ManifestError as exc:
        raise KkrError("skabelonens punkter kan ikke læses: "
                       + "; ".join(p.message for p in exc.problems[:3]), file=file,
                       hint="Ret punkterne, som de ville stå i meeting.toml.") from None
    if any(item.bilag for item in meeting.items):
        raise KkrError("en skabelon kan ikke have bilag.", file=file, hint="Fjern [[items.bilag]]-tabellerne.")
    name = head.get("name")
    if not isinstance(name, str) or not name.strip():
        raise KkrError("skabelonen har intet navn.", file=file, hint='Skriv fx name = "KKR-møde".')
    return Template(name=name.strip(), items=meeting.items, description=str(head.get("description", "")))


def read_template(path: Path) -> Template:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise KkrError("filen er for stor til at være en skabelon.", file=path,
                           hint="Vælg en skabelon, kkrdesk har gemt.")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "filen er ikke UTF-8" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc))
        raise KkrError(f"skabelonen kan ikke læses ({reason}).", file=path,
                       hint="Kontrollér stien, og at filen er en kkrdesk-skabelon.") from None
    return parse_template(text, file=str(path))


def user_templates_dir(data_dir: Path | None = None) -> Path:
    return (data_dir or user_data_dir()) / "skabeloner"


def write_template(template: Template, target: Path) -> Path:
    """Write ``template`` to ``target`` (atomically); a failure is a KkrError naming the file."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(target, dump_template(template))
    except OSError as exc:
        raise KkrError(f"skabelonen kunne ikke gemmes ({exc.strerror or exc}).", file=target,
                       hint="Vælg en mappe, du kan skrive i.") from None
    return target


def suggested_template_path(name: str, data_dir: Path | None = None) -> Path:
    """Where a template named ``name`` goes among the user's templates."""
    return user_templates_dir(data_dir) / (safe_file_name(name, fallback="skabelon") + TEMPLATE_SUFFIX)


def shipped_templates() -> list[Path]:
    folder = resources.files("kkrdesk.core.meeting") / "templates"
    return sorted((Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(TEMPLATE_SUFFIX)),
                  key=lambda p: p.name)


def available_templates(data_dir: Path | None = None) -> list[tuple[Path, Template]]:
    """The shipped templates, then the user's own; files that cannot be read are left out."""
    own = user_templates_dir(data_dir)
    paths = shipped_templates() + (sorted(own.glob(f"*{TEMPLATE_SUFFIX}")) if own.is_dir() else [])
    found = []
    for path in paths:
        try:
            found.append((path, read_template(path)))
        except KkrError:
            continue
    return found


def find_source(spec: str | Path, data_dir: Path | None = None) -> Template:
    """What ``kkrdesk new --from`` names: a meeting folder, a template file, or a template's name or file stem."""
    path = Path(spec)
    if path.is_dir():
        if not (path / MANIFEST_NAME).is_file():
            raise KkrError("mappen er hverken et møde eller en skabelon.", file=path,
                           hint="Vælg en mødemappe med meeting.toml, eller en skabelon.")
        meeting, _ = read_meeting(path)
        return template_from_meeting(meeting)
    if path.is_file():
        return read_template(path)
    wanted = str(spec).strip().lower()
    templates = available_templates(data_dir)
    for candidate, template in templates:
        if wanted in (template.name.lower(), candidate.stem.lower()):
            return template
    names = ", ".join(f'"{candidate.stem}"' for candidate, _ in templates)
    raise KkrError(f'"{spec}" er hverken en mødemappe, en skabelonfil eller navnet på en skabelon.',
                   hint=f"Skabeloner: {names}." if names else "Der er ingen skabeloner.")
