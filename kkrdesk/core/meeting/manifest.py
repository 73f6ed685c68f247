"""meeting.toml: reading it into a Meeting with every fault reported at once, and writing it back."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from kkrdesk.core import danish
from kkrdesk.core.errors import ManifestError, Problem, Severity
from kkrdesk.core.files.controls import terminal_safe
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import (
    MANIFEST_MAX_BILAG_PER_ITEM,
    MANIFEST_MAX_ITEMS,
    MANIFEST_MAX_TEXT_CHARS,
    MAX_MANIFEST_BYTES,
    MAX_NESTING_DEPTH,
)
from kkrdesk.core.files.nesting import too_deep
from kkrdesk.core.meeting.model import (
    KKR_NAMES,
    NUMBER_RULE,
    AgendaItem,
    Bilag,
    ItemType,
    Meeting,
    ReferatStatus,
    item_number_problem,
    printed_by_default,
)

MANIFEST_NAME = "meeting.toml"
FORMAT_VERSION = 1

HEADER = "# kkrdesk-mødefil. Formatet er beskrevet i docs/meeting-format.md.\n"

TOP_KEYS = ("format", "meeting", "items")
MEETING_KEYS = ("kkr", "title", "date", "start", "place", "case_id", "continuous_numbers",
                "fravaerende", "protokoltilfoersel", "referat_status", "referat_godkendt_dato")
ITEM_KEYS = ("number", "type", "title", "case_id", "closed", "resume", "indstilling",
             "sagsfremstilling", "bilag", "beslutning", "opfoelgning", "opfoelgning_dato")
BILAG_KEYS = ("title", "file", "kind", "pages", "sha256", "closed", "printed", "ocr_in_pack")

SHA256 = re.compile(r"^[0-9a-f]{64}$")
CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")


# --------------------------------------------------------------------------- locating lines

TableId = tuple[str | int, ...]  # (), ("meeting",), ("items", i) or ("items", i, "bilag", j)


@dataclass
class _LineIndex:
    """Where each table and key stands in the manifest text, for messages with line numbers."""

    tables: dict[TableId, int] = field(default_factory=dict)
    keys: dict[tuple[TableId, str], int] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> _LineIndex:
        index = cls()
        table: TableId = ()
        item = bilag = -1
        in_multiline: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if in_multiline:
                if stripped.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            if stripped.startswith("[[items.bilag]]"):
                bilag += 1
                table = ("items", item, "bilag", bilag)
            elif stripped.startswith("[[items]]"):
                item, bilag = item + 1, -1
                table = ("items", item)
            elif stripped.startswith("[meeting]"):
                table = ("meeting",)
            elif stripped.startswith("["):
                table = ("?", number)
            else:
                match = re.match(r"([A-Za-z0-9_-]+)\s*=\s*(.*)", stripped)
                if match:
                    index.keys.setdefault((table, match.group(1)), number)
                    value = match.group(2)
                    for quote in ('"""', "'''"):
                        if value.count(quote) % 2 == 1:
                            in_multiline = quote
                continue
            index.tables.setdefault(table, number)
        return index

    def line(self, table: TableId, key: str | None = None) -> int | None:
        if key is not None and (table, key) in self.keys:
            return self.keys[(table, key)]
        return self.tables.get(table)


# --------------------------------------------------------------------------- reading

class _Collector:
    """Collects problems while a manifest is read, each with its file, line and field."""

    def __init__(self, file: str, lines: _LineIndex):
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, code: str, message: str, hint: str, *, table: TableId = (), key: str | None = None,
            field_name: str | None = None, severity: Severity = Severity.ERROR) -> None:
        self.problems.append(Problem(code=code, severity=severity, message=message, hint=hint,
                                     file=self.file, line=self.lines.line(table, key),
                                     field=field_name))

    def unknown_keys(self, data: dict[str, Any], allowed: tuple[str, ...], table: TableId, where: str) -> None:
        for key in data:
            if key in allowed:
                continue
            close = _closest(key, allowed)
            hint = (f'Mente du "{close}"?' if close
                    else "Tilladte nøgler: " + ", ".join(allowed) + ".")
            self.add("unknown-key", f'ukendt nøgle "{key}".', hint + " Ret eller fjern linjen.",
                     table=table, key=key, field_name=_join(where, key))

    def text(self, data: dict[str, Any], key: str, table: TableId, where: str, *, required: bool = False,
             default: str = "") -> str:
        if key not in data:
            if required:
                self.add("missing-key", f'mangler "{key}".', f'Tilføj en linje {key} = "...".',
                         table=table, field_name=_join(where, key))
            return default
        value = data[key]
        if not isinstance(value, str):
            self.add("wrong-type", f'"{key}" skal være tekst i anførselstegn, ikke {_describe(value)}.',
                     f'Skriv fx {key} = "{value}".', table=table, key=key,
                     field_name=_join(where, key))
            return default
        if len(value) > MANIFEST_MAX_TEXT_CHARS:
            self.add("text-too-long", f'"{key}" er {danish.format_int(len(value))} tegn lang; grænsen er '
                     f"{danish.format_int(MANIFEST_MAX_TEXT_CHARS)} tegn.",
                     "Flyt den lange tekst over i et bilag.", table=table, key=key,
                     field_name=_join(where, key))
            return value[:MANIFEST_MAX_TEXT_CHARS]
        return value

    def flag(self, data: dict[str, Any], key: str, table: TableId, where: str, default: bool) -> bool:
        if key not in data:
            return default
        value = data[key]
        if not isinstance(value, bool):
            self.add("wrong-type", f'"{key}" skal være true eller false, ikke {_describe(value)}.',
                     f"Skriv {key} = true eller {key} = false.", table=table, key=key,
                     field_name=_join(where, key))
            return default
        return value

    def day(self, data: dict[str, Any], key: str, table: TableId, where: str,
            missing: tuple[str, str] | None = None) -> dt.date | None:
        """A date written as 2025-02-27 (a TOML date or date-time, or the same as text); None when it
        is not one, or is absent (a problem only when ``missing`` gives its message and hint)."""
        if key not in data:
            if missing is not None:
                self.add("missing-key", *missing, table=table, field_name=_join(where, key))
            return None
        value = data[key]
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.add("wrong-type", f'"{key}" skal være en dato som 2025-02-27, ikke {_describe(value)} '
                 f"({value!r}).", "Skriv datoen som år-måned-dag uden anførselstegn.", table=table,
                 key=key, field_name=_join(where, key))
        return None


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _describe(value: Any) -> str:
    names = {bool: "sand/falsk", int: "et tal", float: "et kommatal", str: "tekst", list: "en liste",
             dict: "en tabel", dt.date: "en dato", dt.time: "et klokkeslæt",
             dt.datetime: "et tidspunkt"}
    return names.get(type(value), type(value).__name__)


def parse_manifest(text: str, *, file: str = MANIFEST_NAME) -> tuple[Meeting, list[Problem]]:
    """Read manifest text into a Meeting; raise ManifestError listing every fault if it cannot.

    Returns the meeting with the warnings found (e.g. an unknown KKR name).
    """
    if too_deep(text):
        problem = Problem(code="too-deep", severity=Severity.ERROR,
                          message=f"filen har lister eller tabeller inde i hinanden i mere end "
                          f"{MAX_NESTING_DEPTH} lag; en mødefil har højst 3.",
                          hint="Filen er ikke en kkrdesk-mødefil, eller den er ødelagt. Læg "
                          "meeting.toml.bak tilbage.", file=file)
        raise ManifestError("mødefilen kan ikke læses.", file=file, problems=[problem])
    lines = _LineIndex.of(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        problem = Problem(code="toml-syntax", severity=Severity.ERROR,
                          message=_toml_fault(exc),
                          hint="Ret linjen, eller læg den forrige version (meeting.toml.bak) tilbage.",
                          file=file, line=int(match.group(1)) if match else None)
        raise ManifestError("mødefilen kan ikke læses.", file=file, problems=[problem]) from None
    collector = _Collector(file, lines)
    meeting = _read_document(data, collector)
    errors = [p for p in collector.problems if p.severity is Severity.ERROR]
    if errors or meeting is None:
        count = len(errors)
        raise ManifestError(f"mødefilen har {count} fejl." if count != 1 else "mødefilen har 1 fejl.",
                            file=file, problems=collector.problems)
    return meeting, collector.problems


def _toml_fault(exc: tomllib.TOMLDecodeError) -> str:
    place = re.search(r"at line (\d+), column (\d+)", str(exc))
    where = f" (linje {place.group(1)}, kolonne {place.group(2)})" if place else f" ({exc})"
    if str(exc).startswith("Invalid date or datetime"):
        return (f"en dato findes ikke i kalenderen{where}; skriv den som år-måned-dag, "
                "fx 2025-02-27.")
    return f"filen er ikke gyldig TOML{where}."


def _read_document(data: dict[str, Any], c: _Collector) -> Meeting | None:
    c.unknown_keys(data, TOP_KEYS, (), "")
    version = data.get("format")
    if version is None:
        c.add("missing-key", 'mangler "format".', f"Tilføj øverst: format = {FORMAT_VERSION}.",
              field_name="format")
    elif not isinstance(version, int) or isinstance(version, bool):
        c.add("wrong-type", '"format" skal være et helt tal.', f"Skriv format = {FORMAT_VERSION}.",
              key="format", field_name="format")
    elif version > FORMAT_VERSION:
        c.add("format-too-new", f"filen er i format {version}, som er nyere end denne kkrdesk "
              f"forstår (format {FORMAT_VERSION}).", "Opdatér kkrdesk for at åbne mødet.",
              key="format", field_name="format")
        return None
    elif version < 1:
        c.add("wrong-value", f"format {version} findes ikke.", f"Skriv format = {FORMAT_VERSION}.",
              key="format", field_name="format")

    meeting_data = data.get("meeting")
    if not isinstance(meeting_data, dict):
        if meeting_data is None:
            c.add("missing-key", "mangler tabellen [meeting] med mødets KKR og dato.",
                  'Tilføj [meeting] med mindst kkr = "..." og date = ÅÅÅÅ-MM-DD.',
                  field_name="meeting")
        else:
            c.add("wrong-type", '"meeting" skal være en tabel: [meeting].',
                  "Skriv [meeting] på sin egen linje med nøglerne under.", key="meeting",
                  field_name="meeting")
        meeting_data = {}
    meeting = _read_meeting(meeting_data, c)

    items_data = data.get("items", [])
    if not isinstance(items_data, list) or not all(isinstance(i, dict) for i in items_data):
        c.add("wrong-type", 'punkterne skal stå som [[items]]-tabeller.',
              "Skriv hvert punkt som [[items]] efterfulgt af dets nøgler.", key="items",
              field_name="items")
        items_data = []
    if len(items_data) > MANIFEST_MAX_ITEMS:
        c.add("too-many-items", f"mødet har {len(items_data)} punkter; grænsen er {MANIFEST_MAX_ITEMS}.",
              "Del mødet op.", field_name="items")
        items_data = items_data[:MANIFEST_MAX_ITEMS]
    if meeting is not None:
        meeting.items = [_read_item(i, raw, c) for i, raw in enumerate(items_data)]
    return meeting


def _closest(word: str, choices: Sequence[str]) -> str | None:
    """The choice nearest to a misspelt ``word``, if one is near (difflib is imported only then)."""
    import difflib

    close = difflib.get_close_matches(word, choices, n=1)
    return close[0] if close else None


def _read_meeting(data: dict[str, Any], c: _Collector) -> Meeting | None:
    table: TableId = ("meeting",)
    c.unknown_keys(data, MEETING_KEYS, table, "meeting")
    kkr = c.text(data, "kkr", table, "meeting", required=True)
    if kkr and kkr not in KKR_NAMES:
        close = _closest(kkr, KKR_NAMES)
        c.add("unknown-kkr", f'"{kkr}" er ikke et af de fem KKR.',
              f'Mente du "{close}"?' if close else "Kontrollér stavemåden.",
              table=table, key="kkr", field_name="meeting.kkr", severity=Severity.WARNING)
    day = c.day(data, "date", table, "meeting",
                missing=('mangler mødets dato "date".', "Tilføj date = 2025-02-27 (år-måned-dag)."))
    start = _read_time(data, table, c)
    meeting = Meeting(kkr=kkr, date=day or dt.date(1970, 1, 1), start=start,
                      title=c.text(data, "title", table, "meeting"),
                      place=c.text(data, "place", table, "meeting"),
                      case_id=c.text(data, "case_id", table, "meeting"),
                      continuous_numbers=c.flag(data, "continuous_numbers", table, "meeting", False))
    _read_referat(meeting, data, table, c)
    return meeting if day is not None else None


def _read_referat(meeting: Meeting, data: dict[str, Any], table: TableId, c: _Collector) -> None:
    """The referat's meeting-level keys: Fraværende, Protokoltilførsel, status and approval date."""
    meeting.fravaerende = c.text(data, "fravaerende", table, "meeting")
    meeting.protokoltilfoersel = c.text(data, "protokoltilfoersel", table, "meeting")
    raw_status = c.text(data, "referat_status", table, "meeting", default=ReferatStatus.UDKAST.value)
    try:
        meeting.referat_status = ReferatStatus(raw_status)
    except ValueError:
        c.add("unknown-referat-status", f'"{raw_status}" er ikke en status for referatet.',
              'Skriv referat_status = "udkast" eller referat_status = "godkendt".', table=table,
              key="referat_status", field_name="meeting.referat_status")
    meeting.referat_godkendt_dato = c.day(data, "referat_godkendt_dato", table, "meeting")
    approved = meeting.referat_status is ReferatStatus.GODKENDT
    if approved and meeting.referat_godkendt_dato is None and "referat_godkendt_dato" not in data:
        c.add("missing-key", 'referatet er "godkendt", men der står ikke hvornår.',
              "Tilføj referat_godkendt_dato = 2025-03-20 (år-måned-dag), eller skriv "
              'referat_status = "udkast".', table=table, key="referat_status",
              field_name="meeting.referat_godkendt_dato")
    elif not approved and meeting.referat_godkendt_dato is not None:
        c.add("approval-date-unused", 'referatet har en godkendelsesdato, men status er "udkast".',
              'Skriv referat_status = "godkendt", eller fjern referat_godkendt_dato.', table=table,
              key="referat_godkendt_dato", field_name="meeting.referat_godkendt_dato",
              severity=Severity.WARNING)


def _read_time(data: dict[str, Any], table: TableId, c: _Collector) -> dt.time | None:
    if "start" not in data:
        return None
    value = data["start"]
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None)
    if isinstance(value, str):
        match = CLOCK.match(value.strip())
        if match and int(match.group(1)) < 24 and int(match.group(2)) < 60:
            return dt.time(int(match.group(1)), int(match.group(2)))
    c.add("wrong-type", f'"start" skal være et klokkeslæt som 10:00:00, ikke {value!r}.',
          "Skriv fx start = 10:00:00.", table=table, key="start", field_name="meeting.start")
    return None


def _read_item(index: int, data: dict[str, Any], c: _Collector) -> AgendaItem:
    table: TableId = ("items", index)
    raw_number = data.get("number")
    named = isinstance(raw_number, str) and raw_number and not item_number_problem(raw_number)
    where = f"items[{raw_number}]" if named else f"items[#{index + 1}]"
    c.unknown_keys(data, ITEM_KEYS, table, where)
    if isinstance(raw_number, (int, float)) and not isinstance(raw_number, bool):
        c.add("wrong-type", f"punktnummeret {raw_number} skal stå i anførselstegn, så det bevares "
              "præcis som skrevet (2.10 er ikke 2.1).", f'Skriv number = "{raw_number}".',
              table=table, key="number", field_name=f"{where}.number")
        number = str(raw_number)
    else:
        number = c.text(data, "number", table, where, required=True).strip()
        if "number" in data and not number:
            c.add("empty-number", "punktet har et tomt nummer.", 'Skriv fx number = "2.2".',
                  table=table, key="number", field_name=f"{where}.number")
    reason = item_number_problem(number)
    if reason:
        c.add("unsafe-number", f'punktnummeret "{terminal_safe(number)}" {reason}; {NUMBER_RULE}.',
              'Skriv nummeret som på dagsordenen, fx number = "2.2".', table=table, key="number",
              field_name=f"{where}.number")
        number = ""
    item_type = None
    if "type" in data:
        raw_type = c.text(data, "type", table, where)
        try:
            item_type = ItemType(raw_type) if raw_type else None
        except ValueError:
            close = _closest(raw_type, [t.value for t in ItemType])
            c.add("unknown-type", f'"{raw_type}" er ikke en sagstype.',
                  (f'Mente du "{close}"? ' if close else "")
                  + "Brug en af: " + ", ".join(t.value for t in ItemType) + ", eller udelad type.",
                  table=table, key="type", field_name=f"{where}.type")
    item = AgendaItem(
        number=number, type=item_type,
        title=c.text(data, "title", table, where),
        case_id=c.text(data, "case_id", table, where),
        closed=c.flag(data, "closed", table, where, False),
        resume=c.text(data, "resume", table, where),
        indstilling=c.text(data, "indstilling", table, where),
        sagsfremstilling=c.text(data, "sagsfremstilling", table, where),
        beslutning=c.text(data, "beslutning", table, where),
        opfoelgning=c.flag(data, "opfoelgning", table, where, False),
        opfoelgning_dato=c.day(data, "opfoelgning_dato", table, where),
    )
    if item.opfoelgning_dato is not None and not item.opfoelgning:
        c.add("follow-up-date-unused", "punktet har en opfølgningsdato, men er ikke markeret til "
              "opfølgning.", "Skriv opfoelgning = true, eller fjern opfoelgning_dato.", table=table,
              key="opfoelgning_dato", field_name=f"{where}.opfoelgning_dato", severity=Severity.WARNING)
    bilag_data = data.get("bilag", [])
    if not isinstance(bilag_data, list) or not all(isinstance(b, dict) for b in bilag_data):
        c.add("wrong-type", "bilag skal stå som [[items.bilag]]-tabeller under punktet.",
              "Skriv hvert bilag som [[items.bilag]] med title og file.", table=table, key="bilag",
              field_name=f"{where}.bilag")
        bilag_data = []
    if len(bilag_data) > MANIFEST_MAX_BILAG_PER_ITEM:
        c.add("too-many-bilag", f"punktet har {len(bilag_data)} bilag; grænsen er "
              f"{MANIFEST_MAX_BILAG_PER_ITEM}.", "Saml bilagene i færre filer.", table=table,
              field_name=f"{where}.bilag")
        bilag_data = bilag_data[:MANIFEST_MAX_BILAG_PER_ITEM]
    item.bilag = [_read_bilag(index, j, raw, where, c) for j, raw in enumerate(bilag_data)]
    return item


def _read_bilag(item_index: int, index: int, data: dict[str, Any], item_where: str, c: _Collector) -> Bilag:
    table: TableId = ("items", item_index, "bilag", index)
    where = f"{item_where}.bilag[{index + 1}]"
    c.unknown_keys(data, BILAG_KEYS, table, where)
    file = c.text(data, "file", table, where, required=True)
    kind = FileKind.OTHER
    if "kind" in data:
        raw_kind = c.text(data, "kind", table, where)
        try:
            kind = FileKind(raw_kind)
        except ValueError:
            c.add("unknown-kind", f'"{raw_kind}" er ikke en filtype kkrdesk kender.',
                  "Brug en af: " + ", ".join(k.value for k in FileKind)
                  + ", eller kør kkrdesk validate, som finder typen ud fra filens indhold.",
                  table=table, key="kind", field_name=f"{where}.kind")
    pages = data.get("pages")
    if pages is not None and (not isinstance(pages, int) or isinstance(pages, bool) or pages < 0):
        c.add("wrong-type", f'"pages" skal være et helt tal fra 0 og op, ikke {pages!r}.',
              "Ret tallet eller fjern linjen.", table=table, key="pages", field_name=f"{where}.pages")
        pages = None
    sha = data.get("sha256")
    if sha is not None and not (isinstance(sha, str) and SHA256.match(sha)):
        c.add("wrong-type", '"sha256" skal være 64 hexadecimale tegn (små bogstaver).',
              "Fjern linjen; kkrdesk skriver den igen ved næste gem.", table=table, key="sha256",
              field_name=f"{where}.sha256")
        sha = None
    return Bilag(
        title=c.text(data, "title", table, where, required=True),
        file=file, kind=kind, pages=pages, sha256=sha,
        closed=c.flag(data, "closed", table, where, False),
        printed=c.flag(data, "printed", table, where, printed_by_default(kind)),
        ocr_in_pack=c.flag(data, "ocr_in_pack", table, where, False),
    )


def read_manifest_bytes(raw: bytes, *, file: str = MANIFEST_NAME) -> tuple[Meeting, list[Problem]]:
    """Decode and parse manifest bytes, refusing oversized or non-UTF-8 files with a clear message."""
    if len(raw) > MAX_MANIFEST_BYTES:
        problem = Problem(code="manifest-too-large", severity=Severity.ERROR,
                          message=f"filen fylder {danish.format_size(len(raw))}; en mødefil er højst "
                          f"{danish.format_size(MAX_MANIFEST_BYTES)}.",
                          hint="Det er ikke en kkrdesk-mødefil, eller den er blevet ødelagt. "
                          "Læg meeting.toml.bak tilbage.", file=file)
        raise ManifestError("mødefilen er for stor.", file=file, problems=[problem])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problem = Problem(code="not-utf8", severity=Severity.ERROR,
                          message=f"filen er ikke gemt som UTF-8 (byte {exc.start}).",
                          hint="Gem filen som UTF-8 i din teksteditor, så æ, ø og å bevares.",
                          file=file, line=line)
        raise ManifestError("mødefilen kan ikke læses.", file=file, problems=[problem]) from None
    return parse_manifest(text, file=file)


# --------------------------------------------------------------------------- writing

def _lf(text: str) -> str:
    """Line breaks as "\n": TOML turns a written CRLF into LF, so write what will be read back."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def dump_manifest(meeting: Meeting) -> str:
    """Serialise a meeting as manifest text: stable key order, defaults left out, diff-friendly.

    Line breaks in texts are written as "\n" (a CRLF pasted from Windows reads back as LF).
    """
    import tomli_w  # only a save writes TOML: not imported by the window's start or by validate

    head: dict[str, Any] = {"kkr": meeting.kkr}
    if meeting.title:
        head["title"] = meeting.title
    head["date"] = meeting.date
    if meeting.start is not None:
        head["start"] = meeting.start.replace(second=0, microsecond=0)
    for key in ("place", "case_id"):
        if getattr(meeting, key):
            head[key] = getattr(meeting, key)
    if meeting.continuous_numbers:
        head["continuous_numbers"] = True
    for key in ("fravaerende", "protokoltilfoersel"):
        if getattr(meeting, key):
            head[key] = getattr(meeting, key)
    if meeting.has_referat():
        head["referat_status"] = str(meeting.referat_status)
    if meeting.referat_godkendt_dato is not None:
        head["referat_godkendt_dato"] = meeting.referat_godkendt_dato
    document: dict[str, Any] = {"format": FORMAT_VERSION, "meeting": head}
    if meeting.items:
        document["items"] = [_dump_item(item) for item in meeting.items]
    return HEADER + tomli_w.dumps(_with_lf(document), multiline_strings=True)


def _with_lf(value: Any) -> Any:   # a TOML value: table, array, text or scalar
    if isinstance(value, str):
        return _lf(value)
    if isinstance(value, dict):
        return {key: _with_lf(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_lf(item) for item in value]
    return value


def _dump_item(item: AgendaItem) -> dict[str, Any]:
    data: dict[str, Any] = {"number": item.number}
    if item.type is not None:
        data["type"] = str(item.type)
    data["title"] = item.title
    for key in ("case_id", "resume", "indstilling", "sagsfremstilling"):
        if getattr(item, key):
            data[key] = getattr(item, key)
    if item.closed:
        data["closed"] = True
    if item.beslutning:
        data["beslutning"] = item.beslutning
    if item.opfoelgning:
        data["opfoelgning"] = True
    if item.opfoelgning_dato is not None:
        data["opfoelgning_dato"] = item.opfoelgning_dato
    if item.bilag:
        data["bilag"] = [_dump_bilag(b) for b in item.bilag]
    return data


def _dump_bilag(bilag: Bilag) -> dict[str, Any]:
    data: dict[str, Any] = {"title": bilag.title, "file": bilag.file, "kind": str(bilag.kind)}
    if bilag.pages is not None:
        data["pages"] = bilag.pages
    if bilag.sha256:
        data["sha256"] = bilag.sha256
    data["printed"] = bilag.printed
    if bilag.closed:
        data["closed"] = True
    if bilag.ocr_in_pack:
        data["ocr_in_pack"] = True
    return data
