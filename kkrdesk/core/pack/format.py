"""What a .kkrpack holds: pack.json (pack id, version, files with sha256) beside the manifest, bilag and index."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from kkrdesk.core.danish import format_int
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.limits import MAX_PACK_NAME_BYTES, MAX_PACK_PATH_CHARS, MAX_PACK_VERSION
from kkrdesk.core.meeting.model import Meeting

PACK_SUFFIX = ".kkrpack"
PACK_JSON = "pack.json"
MANIFEST = "meeting.toml"
INDEX = "index.sqlite"
RENDERED_DIR = "rendered"
FORMAT_NAME = "kkrdesk-pack"
FORMAT_VERSION = 1
ROLES = ("manifest", "index", "bilag", "rendering")
_PACK_NAMESPACE = uuid.UUID("6b0c3f0e-3a51-4c8e-9d55-0d2f8f1b7a10")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HINT_NOT_A_PACK = "Vælg en .kkrpack-fil lavet med kkrdesk pack, eller bed sekretariatet om en ny."


@dataclass(frozen=True)
class PackFile:
    """One file in the pack, with the fingerprint every open checks."""

    path: str
    sha256: str
    size: int
    role: str
    source_sha256: str | None = None   # for a rendering: the DOCX it was made from


@dataclass
class PackInfo:
    """The contents of pack.json."""

    pack_id: str
    version: int
    created: str
    title: str
    kkr: str
    date: str
    includes_closed: bool
    files: list[PackFile] = field(default_factory=list)

    def to_json(self) -> bytes:
        data = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, **asdict(self)}
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")

    @property
    def digest(self) -> str:
        """Identifies this exact pack content (two packs with the same files share it)."""
        listing = "\n".join(f"{f.path}\x00{f.sha256}" for f in sorted(self.files, key=lambda f: f.path))
        return hashlib.sha256(f"{self.pack_id}\x00{self.version}\n{listing}".encode()).hexdigest()[:16]

    def file(self, path: str) -> PackFile | None:
        return next((f for f in self.files if f.path == path), None)

    def renderings(self) -> dict[str, str]:
        """sha256 of a DOCX bilag -> the path of its PDF rendering inside the pack."""
        return {f.source_sha256: f.path for f in self.files if f.role == "rendering" and f.source_sha256}

    @classmethod
    def from_json(cls, raw: bytes, *, file: Path | str) -> PackInfo:
        def bad(message: str) -> BadFileError:
            return BadFileError(f"pakkens indholdsliste (pack.json) er ugyldig: {message}",
                                reason="damaged", file=file, hint=HINT_NOT_A_PACK)

        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:   # ValueError: a 5,000-digit number
            raise bad(f"den kan ikke læses ({_shown(str(exc))}).") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
            raise BadFileError("filen er ikke en kkrdesk-pakke.", reason="not-a-pack", file=file,
                               hint=HINT_NOT_A_PACK)
        version = data.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise BadFileError(f"pakken er i format {_shown(str(version))}, som denne kkrdesk ikke kender.",
                               reason="unsupported", file=file, hint="Opdatér kkrdesk.")
        text_fields = ("pack_id", "created", "title", "kkr", "date")
        if any(not isinstance(data.get(key), str) for key in text_fields):
            raise bad("et af felterne " + ", ".join(text_fields) + " mangler.")
        if not isinstance(data.get("version"), int) or isinstance(data["version"], bool) \
                or data["version"] < 1:
            raise bad("versionsnummeret mangler eller er ikke et positivt heltal.")
        if data["version"] > MAX_PACK_VERSION:
            raise bad(f"versionsnummeret er over {format_int(MAX_PACK_VERSION)}, som ingen pakke når op på.")
        if not _UUID.match(data["pack_id"]):
            raise bad(f'pakkens id "{_shown(data["pack_id"])}" er ikke et id, som kkrdesk laver.')
        for key, parse, example in (("date", dt.date.fromisoformat, "2025-02-27"),
                                    ("created", dt.datetime.fromisoformat, "2025-02-20T10:00:00+01:00")):
            try:
                parse(data[key])
            except ValueError:
                raise bad(f'feltet {key} er "{_shown(data[key])}", som ikke er en gyldig dato '
                          f"(fx {example}).") from None
        raw_files = data.get("files")
        if not isinstance(raw_files, list):
            raise bad("fillisten mangler.")
        files = []
        for entry in raw_files:
            if not isinstance(entry, dict):
                raise bad("en post i fillisten er ikke en tabel.")
            path, sha, size, role = (entry.get(k) for k in ("path", "sha256", "size", "role"))
            source = entry.get("source_sha256")
            if not (isinstance(path, str) and safe_pack_path(path)):
                raise bad(f'stien "{_shown(str(path))}" er ikke tilladt.')
            if (problem := path_length_problem(path)) is not None:
                raise bad(problem)
            if not (isinstance(sha, str) and _SHA256.match(sha)):
                raise bad(f'"{path}" har et ugyldigt fingeraftryk.')
            if not isinstance(size, int) or isinstance(size, bool) or size < 0:
                raise bad(f'"{path}" har en ugyldig størrelse.')
            if role not in ROLES:
                raise bad(f'"{path}" har den ukendte rolle "{_shown(str(role))}".')
            if source is not None and not (isinstance(source, str) and _SHA256.match(source)):
                raise bad(f'"{path}" har et ugyldigt kildefingeraftryk.')
            files.append(PackFile(path=path, sha256=sha, size=size, role=role, source_sha256=source))
        if (clash := file_and_folder(f.path for f in files)) is not None:
            raise bad(f'"{_shown(clash)}" er både en fil og en mappe i pakken.')
        return cls(pack_id=data["pack_id"], version=data["version"], created=data["created"],
                   title=data["title"], kkr=data["kkr"], date=data["date"],
                   includes_closed=bool(data.get("includes_closed", False)), files=files)


def safe_pack_path(path: str) -> bool:
    """A plain relative POSIX path of a file: no .., no absolute, drive, backslash or control chars."""
    if not path or "\\" in path or any(ord(ch) < 32 for ch in path) or path.endswith("/"):
        return False
    posix = PurePosixPath(path)
    return (not posix.is_absolute() and ":" not in posix.parts[0]
            and all(part not in ("", ".", "..") for part in path.split("/")))


def path_length_problem(path: str) -> str | None:
    """Why a path is too long for a pack (a name over 255 bytes, a path over 1,000 characters), or None."""
    if len(path) > MAX_PACK_PATH_CHARS:
        return (f'stien "{_shown(path)}" er {format_int(len(path))} tegn lang; højst '
                f"{format_int(MAX_PACK_PATH_CHARS)} tegn er tilladt.")
    for part in path.split("/"):
        if len(part.encode("utf-8")) > MAX_PACK_NAME_BYTES:
            return (f'navnet "{_shown(part)}" er {len(part)} tegn langt; et filnavn kan højst fylde '
                    f"{MAX_PACK_NAME_BYTES} byte.")
    return None


def file_and_folder(paths: Iterable[str]) -> str | None:
    """A path that is a file and also the folder of another path (compared as Windows and macOS do), or None."""
    files = {unicodedata.normalize("NFC", path).casefold(): path for path in paths}
    for key in files:
        parts = key.split("/")
        for end in range(1, len(parts)):
            folder = "/".join(parts[:end])
            if folder in files:
                return files[folder]
    return None


def _shown(text: str, width: int = 80) -> str:
    """Text from a pack made safe and short for a message: control characters escaped, the middle cut."""
    text = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return text if len(text) <= width else f"{text[:width // 2]}…{text[-(width // 2):]}"


def pack_id_for(meeting: Meeting) -> str:
    """Stable across versions of one meeting's pack: derived from the KKR and the date."""
    return str(uuid.uuid5(_PACK_NAMESPACE, f"{meeting.kkr}|{meeting.date.isoformat()}"))
