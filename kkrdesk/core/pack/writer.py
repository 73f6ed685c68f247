"""Writing a member pack: the meeting without its closed parts, the bilag, their renderings and the search index, in one ZIP."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path, PurePosixPath

from kkrdesk.core import atomic
from kkrdesk.core.cancelling import never_cancelled
from kkrdesk.core.danish import format_size
from kkrdesk.core.errors import KkrError
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import MAX_PACK_UNPACKED_BYTES
from kkrdesk.core.files.pdf_active import pack_ready_copy
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.meeting.manifest import dump_manifest
from kkrdesk.core.meeting.model import Meeting
from kkrdesk.core.meeting.store import read_meeting
from kkrdesk.core.office.package_entries import regular, regular_entry
from kkrdesk.core.pack.disk import nearly_full, write_failure
from kkrdesk.core.pack.format import (
    INDEX,
    MANIFEST,
    PACK_JSON,
    RENDERED_DIR,
    PackFile,
    PackInfo,
    pack_id_for,
    path_length_problem,
)
from kkrdesk.core.search.extraction import Cancelled
from kkrdesk.core.search.index import SearchIndex, default_index_path
from kkrdesk.core.text.pages import docx_rendering
from kkrdesk.core.userdata import user_data_dir

Progress = Callable[[int, int, str], None]
ALREADY_COMPRESSED = frozenset({".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".zip"})
PACK_JSON_TIME = (2025, 1, 1, 0, 0, 0)
COPY_CHUNK = 1024 * 1024


def member_meeting(meeting: Meeting, *, include_closed: bool) -> Meeting:
    """The meeting as members get it: closed items and closed bilag left out unless asked for."""
    copy = meeting.copy()
    if not include_closed:
        copy.items = [item for item in copy.items if not item.closed]
        for item in copy.items:
            item.bilag = [bilag for bilag in item.bilag if not bilag.closed]
    return copy


def write_pack(folder: Path, output: Path, *, include_closed: bool = False, version: int | None = None,
               progress: Progress | None = None, now: dt.datetime | None = None,
               cancelled: Cancelled = never_cancelled) -> PackInfo:
    """Write ``output`` (atomically) from the meeting in ``folder`` and return what pack.json says.

    Once ``cancelled()`` is true a DOCX rendering stops LibreOffice (isolation.Stopped, nothing
    cached) and the search index's build stops with IndexingCancelled; ``output`` is left as it was.
    """
    folder, output = Path(folder), Path(output)
    meeting, _ = read_meeting(folder)
    members = member_meeting(meeting, include_closed=include_closed)
    files: list[PackFile] = []
    sources: dict[str, Path] = {}
    renderings: dict[str, Path] = {}
    renamed: dict[str, str] = {}   # sha256 of a PDF bilag -> that of the copy the pack carries
    for item, bilag in members.all_bilag():
        path = inside(folder, bilag.file)
        if not path.is_file():
            raise KkrError(f'bilag {item.bilag_number(bilag)} på punkt {item.number} ("{bilag.title}") '
                           "findes ikke.", file=path,
                           hint="Kør kkrdesk validate, ret mødet, og lav pakken igen.")
        if (problem := path_length_problem(bilag.file)) is not None:
            raise KkrError(f"bilag {item.bilag_number(bilag)} på punkt {item.number} kan ikke komme med i "
                           f"en pakke: {problem}", file=path,
                           hint="Giv bilaget et kortere filnavn (fjern det, og tilføj det igen).")
        bilag.sha256 = sha256_of(path)
        if bilag.kind is FileKind.PDF:   # members get the bilag without scripts, launches, attachments
            original, path = bilag.sha256, pack_ready_copy(path, bilag.sha256)
            bilag.sha256 = renamed[original] = sha256_of(path)
        if bilag.file not in sources:
            sources[bilag.file] = path
            files.append(PackFile(bilag.file, bilag.sha256, path.stat().st_size, "bilag"))
        if bilag.kind is FileKind.DOCX and bilag.sha256 not in renderings:
            rendered = docx_rendering(path, bilag.sha256, cancelled)
            if rendered is not None:
                renderings[bilag.sha256] = rendered
    for sha, rendered in renderings.items():
        relative = f"{RENDERED_DIR}/{sha}.pdf"
        sources[relative] = rendered
        files.append(PackFile(relative, sha256_of(rendered), rendered.stat().st_size, "rendering",
                              source_sha256=sha))
    manifest = dump_manifest(members).encode("utf-8")
    pack_id = pack_id_for(meeting)
    try:
        _probe_destination(output)
        with tempfile.TemporaryDirectory(prefix="kkrdesk-pack-") as work:
            index_path = Path(work) / INDEX
            _build_index(index_path, folder, members, renderings, renamed, progress, cancelled)
            sources[INDEX] = index_path
            sources[MANIFEST] = Path(work) / MANIFEST
            sources[MANIFEST].write_bytes(manifest)
            files.insert(0, PackFile(INDEX, sha256_of(index_path), index_path.stat().st_size, "index"))
            files.insert(0, PackFile(MANIFEST, sha256_of(sources[MANIFEST]), len(manifest), "manifest"))
            created = (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds")
            info = PackInfo(pack_id=pack_id, version=1, created=created, title=members.display_title,
                            kkr=members.kkr, date=members.date.isoformat(), includes_closed=include_closed,
                            files=files)
            info.version = version or _next_version(pack_id, _content_key(info))
            _check_unpacked_size(info, folder)
            _write_zip(output, info, sources)
        _remember_version(pack_id, info.version, _content_key(info))
    except OSError as exc:
        raise write_failure(exc, Path(exc.filename).parent if exc.filename else output.parent,
                            "pakken") from None
    return info


def _probe_destination(output: Path) -> None:
    """Fail on a folder that cannot be written before the index is built, not after."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, probe = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    os.close(fd)
    os.unlink(probe)


def _build_index(index_path: Path, folder: Path, members: Meeting, renderings: dict[str, Path],
                 renamed: dict[str, str], progress: Progress | None, cancelled: Cancelled) -> None:
    try:
        SearchIndex(index_path).update(folder, members, progress=progress, renderings=renderings,
                                       reuse=SearchIndex(default_index_path(folder)), cancelled=cancelled)
        _file_texts_under(index_path, renamed)
        _finish_index(index_path)
    except (KkrError, sqlite3.Error) as exc:
        if _disk_full(exc) or nearly_full(index_path.parent):
            raise write_failure(OSError(errno.ENOSPC, "disk full"), index_path.parent,
                                "pakkens søgeindeks") from None
        raise


def _check_unpacked_size(info: PackInfo, folder: Path) -> None:
    """A pack members' kkrdesk would refuse to unpack is not written."""
    unpacked = sum(f.size for f in info.files)
    if unpacked > MAX_PACK_UNPACKED_BYTES:
        raise KkrError(f"pakken ville fylde {format_size(unpacked)} udpakket, og medlemmernes kkrdesk "
                       f"åbner højst {format_size(MAX_PACK_UNPACKED_BYTES)}.", file=folder,
                       hint="Lad de største bilag blive ude af pakken (fx som lukkede bilag), eller "
                       "del mødet op.")


def _disk_full(exc: Exception) -> bool:
    """SQLite tells a full disk in its own words (SQLITE_FULL), also when the index wrapped its error."""
    if isinstance(exc, sqlite3.OperationalError):
        return getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    return "database or disk is full" in str(exc)


def _file_texts_under(path: Path, renamed: dict[str, str]) -> None:
    """The index read the bilag as they are in the meeting; file each text under the sha256 of the
    copy the pack carries (a PDF without active content), as the manifest names it."""
    index = SearchIndex(path)
    with closing(sqlite3.connect(path)) as db:
        for old, new in renamed.items():
            if old == new:
                continue
            if db.execute("SELECT 1 FROM documents WHERE sha256 = ?", (new,)).fetchone():
                index.remove_document(db, old)   # the same text is there already under the new name
            with db:
                for table in ("documents", "pages", "placements"):
                    db.execute(f"UPDATE {table} SET sha256 = ? WHERE sha256 = ?", (new, old))


def _finish_index(path: Path) -> None:
    """Fold the write-ahead log into the file and compact it, so the pack carries one self-contained file."""
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute("INSERT INTO page_words(page_words) VALUES('optimize')")
        db.execute("INSERT INTO vocabulary_grams(vocabulary_grams) VALUES('optimize')")
        db.execute("DELETE FROM file_stamps")
        db.commit()
        db.execute("VACUUM")


def _write_zip(output: Path, info: PackInfo, sources: dict[str, Path]) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    with atomic.replacing(output) as temporary, zipfile.ZipFile(temporary, "w", allowZip64=True) as archive:
        archive.writestr(regular_entry(PACK_JSON, PACK_JSON_TIME), info.to_json())
        for entry in info.files:
            # Each file dated as on disk, and a regular 0644 file whatever its mode there.
            member = regular(zipfile.ZipInfo.from_file(sources[entry.path], entry.path))
            member.compress_type = (zipfile.ZIP_STORED if PurePosixPath(entry.path).suffix.lower()
                                    in ALREADY_COMPRESSED else zipfile.ZIP_DEFLATED)
            with open(sources[entry.path], "rb") as source, archive.open(member, "w") as target:
                shutil.copyfileobj(source, target, COPY_CHUNK)


def _content_key(info: PackInfo) -> str:
    """The files that matter to a reader; the index is derived from them and left out."""
    return json.dumps(sorted((f.path, f.sha256) for f in info.files if f.role != "index"))


def _versions_file(pack_id: str) -> Path:
    return user_data_dir() / "made-packs" / f"{pack_id}.json"


def _next_version(pack_id: str, content_key: str) -> int:
    """The same content keeps its version; new content gets the next number made on this computer."""
    try:
        data = json.loads(_versions_file(pack_id).read_text("utf-8"))
        last_version, last_key = int(data["version"]), str(data["content"])
    except (OSError, ValueError, KeyError, TypeError):
        return 1
    return last_version if last_key == content_key else last_version + 1


def _remember_version(pack_id: str, version: int, content_key: str) -> None:
    target = _versions_file(pack_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(target, json.dumps({"version": version, "content": content_key}))
