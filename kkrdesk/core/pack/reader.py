"""Opening a .kkrpack safely: every check before anything is written, the sha256 of every file, read-only extraction."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from kkrdesk.core import atomic
from kkrdesk.core.errors import BadFileError, KkrError
from kkrdesk.core.files.boundary import Use, admit, reading
from kkrdesk.core.files.limits import MAX_PACK_JSON_BYTES
from kkrdesk.core.meeting.model import Meeting
from kkrdesk.core.meeting.store import read_meeting
from kkrdesk.core.pack.format import INDEX, MANIFEST, PACK_JSON, PackInfo
from kkrdesk.core.search.index import SearchIndex
from kkrdesk.core.userdata import user_cache_dir

CHUNK = 1024 * 1024
COMPLETE_MARKER = ".complete"
HINT_NEW_PACK = "Bed sekretariatet om at sende pakken igen."


@dataclass
class OpenedPack:
    """A verified pack, extracted read-only into its own folder."""

    source: Path
    folder: Path
    info: PackInfo
    meeting: Meeting

    @property
    def index(self) -> SearchIndex:
        return SearchIndex(self.folder / INDEX, read_only=True)

    def rendering_for(self, sha256: str | None) -> Path | None:
        """The PDF made from a DOCX bilag when the pack was written, if any."""
        relative = self.info.renderings().get(sha256 or "")
        return self.folder / relative if relative else None


def default_extract_root() -> Path:
    return user_cache_dir() / "packs"


def verify_pack(path: Path) -> PackInfo:
    """Check the whole pack and return its pack.json; raise BadFileError on the first fault.

    Writes nothing. The archive's structure is checked first (names, links, sizes, ratios,
    overlaps); then pack.json must list exactly the files present, with their sizes; then every
    file is decompressed (never past its listed size) and its sha256 compared.
    """
    path = Path(path)
    entries = {info.filename: info for info in admit(path, Use.PACK).entries if not info.is_dir()}
    if PACK_JSON not in entries:
        raise BadFileError("filen er ikke en kkrdesk-pakke (den har ingen pack.json).",
                           reason="not-a-pack", file=path,
                           hint="Vælg en .kkrpack-fil lavet med kkrdesk pack.")
    with reading(path, "pakken", HINT_NEW_PACK), zipfile.ZipFile(path) as archive:
        info = PackInfo.from_json(_read_capped(archive, entries[PACK_JSON], MAX_PACK_JSON_BYTES,
                                               path), file=path)
        _check_listing(path, info, entries)
        for listed in info.files:
            digest = hashlib.sha256()
            for block in _stream(archive, entries[listed.path], listed.size, path):
                digest.update(block)
            if digest.hexdigest() != listed.sha256:
                raise _tampered(path, listed.path)
    return info


def _tampered(path: Path, member: str) -> BadFileError:
    return BadFileError(f'"{member}" i pakken er ændret, efter pakken blev lavet (fingeraftrykket '
                        "passer ikke). Pakken åbnes ikke.", reason="tampered", file=path,
                        hint=HINT_NEW_PACK)


def _check_listing(path: Path, info: PackInfo, entries: dict[str, zipfile.ZipInfo]) -> None:
    listed = {f.path for f in info.files}
    present = set(entries) - {PACK_JSON}
    if len(listed) != len(info.files):
        raise BadFileError("pakkens indholdsliste nævner den samme fil to gange.", reason="damaged",
                           file=path, hint=HINT_NEW_PACK)
    missing = sorted(listed - present)
    if missing:
        raise BadFileError(f'pakken mangler "{missing[0]}"' + (f" og {len(missing) - 1} filer mere"
                           if len(missing) > 1 else "") + "; den er afkortet eller ødelagt.",
                           reason="truncated", file=path, hint=HINT_NEW_PACK)
    extra = sorted(present - listed)
    if extra:
        raise BadFileError(f'pakken indeholder "{extra[0]}", som ikke står i dens indholdsliste; '
                           "den er blevet ændret.", reason="tampered", file=path, hint=HINT_NEW_PACK)
    for listed_file in info.files:
        if entries[listed_file.path].file_size != listed_file.size:
            raise _tampered(path, listed_file.path)
    roles = {f.role for f in info.files}
    for needed, name in (("manifest", MANIFEST), ("index", INDEX)):
        if needed not in roles or info.file(name) is None:
            raise BadFileError(f"pakken mangler {name}.", reason="damaged", file=path, hint=HINT_NEW_PACK)


def _read_capped(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, cap: int, path: Path) -> bytes:
    if entry.file_size > cap:
        raise BadFileError(f'"{entry.filename}" i pakken er unormalt stor.', reason="hostile", file=path,
                           hint=HINT_NEW_PACK)
    return b"".join(_stream(archive, entry, entry.file_size, path))


def _stream(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, size: int, path: Path):
    """The entry's bytes in chunks, refusing to produce more than ``size`` whatever the headers claim."""
    produced = 0
    with archive.open(entry) as handle:
        while True:
            block = handle.read(CHUNK)
            if not block:
                break
            produced += len(block)
            if produced > size:
                raise _tampered(path, entry.filename)
            yield block
    if produced != size:
        raise _tampered(path, entry.filename)


def extract_pack(path: Path, info: PackInfo, root: Path | None = None) -> Path:
    """Extract a verified pack into ``root/<pack id>/v<version>-<digest>`` (reused when already there).

    Files are written to a staging folder, hashed again while written (the pack could change
    between verification and extraction), made read-only, and the folder renamed into place.
    """
    path = Path(path)
    root = Path(root) if root else default_extract_root()
    pack_root = root / _safe_segment(info.pack_id)
    target = pack_root / f"v{info.version}-{info.digest}"
    if (target / COMPLETE_MARKER).is_file():
        return target
    pack_root.mkdir(parents=True, exist_ok=True)
    staging = pack_root / f".staging-{uuid.uuid4().hex[:12]}"
    try:
        with zipfile.ZipFile(path) as archive:
            entries = {e.filename: e for e in archive.infolist()}
            for listed in info.files:
                destination = staging.joinpath(*listed.path.split("/"))
                destination.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with open(destination, "xb") as out:
                    for block in _stream(archive, entries[listed.path], listed.size, path):
                        digest.update(block)
                        out.write(block)
                    out.flush()
                    os.fsync(out.fileno())
                if digest.hexdigest() != listed.sha256:
                    raise _tampered(path, listed.path)
                destination.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
            (staging / PACK_JSON).write_bytes(info.to_json())
            (staging / COMPLETE_MARKER).write_text(info.digest)
        if target.exists():
            _remove_tree(target)
        os.replace(staging, target)
        atomic.fsync_dir(pack_root)
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError) as exc:
        _remove_tree(staging)
        raise BadFileError(f"pakken er ødelagt ({exc}).", reason="damaged", file=path,
                           hint=HINT_NEW_PACK) from None
    except BaseException:
        _remove_tree(staging)
        raise
    return target


def _safe_segment(text: str) -> str:
    cleaned = "".join(ch for ch in text if ch.isalnum() or ch == "-")[:64]
    return cleaned or "pakke"


def _remove_tree(folder: Path) -> None:
    """Delete a (partly) extracted folder, whose files were made read-only."""
    for directory, _, names in os.walk(folder):
        for name in names:
            os.chmod(os.path.join(directory, name), stat.S_IWUSR | stat.S_IRUSR)
    shutil.rmtree(folder, ignore_errors=True)


def open_pack(path: Path, *, root: Path | None = None) -> OpenedPack:
    """Verify, extract (or reuse the earlier extraction) and read the pack's meeting, read-only."""
    path = Path(path)
    info = verify_pack(path)
    folder = extract_pack(path, info, root)
    try:
        meeting, _ = read_meeting(folder)
    except KkrError as exc:
        refusal = BadFileError(f"pakkens mødefil kan ikke læses: {exc.message}", reason="damaged",
                               file=path, hint=HINT_NEW_PACK)
        refusal.problems = exc.problems   # which field is wrong, and why
        raise refusal from None
    listed = {f.path: f.sha256 for f in info.files}
    for item, bilag in meeting.all_bilag():
        if listed.get(bilag.file) is None or (bilag.sha256 and listed[bilag.file] != bilag.sha256):
            raise BadFileError(f'bilag "{bilag.title}" på punkt {item.number} passer ikke til '
                               "pakkens indhold.", reason="tampered", file=path, hint=HINT_NEW_PACK)
    return OpenedPack(source=path, folder=folder, info=info, meeting=meeting)
