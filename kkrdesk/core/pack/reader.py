"""Opening a .kkrpack safely: every check before anything is written, the sha256 of every file, read-only extraction."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import uuid
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kkrdesk.core import atomic
from kkrdesk.core.danish import count, format_int, format_size
from kkrdesk.core.errors import BadFileError, KkrError
from kkrdesk.core.files import limits
from kkrdesk.core.files.boundary import Use, admit, reading
from kkrdesk.core.meeting.manifest import read_manifest_bytes
from kkrdesk.core.meeting.model import Meeting
from kkrdesk.core.meeting.store import read_meeting
from kkrdesk.core.pack import cache
from kkrdesk.core.pack.cache import COMPLETE_MARKER, STAGING_PREFIX, remove_if_empty, remove_tree
from kkrdesk.core.pack.disk import ensure_room, write_failure
from kkrdesk.core.pack.format import INDEX, MANIFEST, PACK_JSON, PackInfo
from kkrdesk.core.search.index import SearchIndex
from kkrdesk.core.userdata import user_cache_dir

CHUNK = 1024 * 1024
HINT_NEW_PACK = "Bed sekretariatet om at sende pakken igen."
# Strings and comments (skipped whole), and the characters that nest or end a dotted key, for
# measuring a TOML text's depth without parsing it.
_TOML_TOKENS = re.compile(r'''"""(?:\\.|[^\\])*?"""|\'\'\'.*?\'\'\'|"(?:\\.|[^"\\\n])*"|'[^'\n]*'|#[^\n]*|[\[\]{}.,=\n]''',
                          re.DOTALL)


@dataclass
class OpenedPack:
    """A verified pack, extracted read-only into its own folder."""

    source: Path
    folder: Path
    info: PackInfo
    meeting: Meeting

    @property
    def index(self) -> SearchIndex:
        return SearchIndex(self.folder / INDEX, read_only=True, origin=self.source)

    def rendering_for(self, sha256: str | None) -> Path | None:
        """The PDF made from a DOCX bilag when the pack was written, if any."""
        relative = self.info.renderings().get(sha256 or "")
        return self.folder / relative if relative else None


def default_extract_root() -> Path:
    return user_cache_dir() / "packs"


def verify_pack(path: Path) -> PackInfo:
    """Check the whole pack and return its pack.json; raise BadFileError on the first fault.

    Writes nothing. The archive's structure is checked first (names, links, sizes, ratios,
    overlaps, and the whole pack's size and ratio); then pack.json must list exactly the files
    present, with their sizes; then every file is decompressed (never past its listed size) and
    its sha256 compared; last, meeting.toml must nest no deeper than a meeting file and parse.
    """
    path = Path(path)
    entries = {info.filename: info for info in admit(path, Use.PACK).entries if not info.is_dir()}
    _check_totals(path, list(entries.values()))
    if PACK_JSON not in entries:
        raise BadFileError("filen er ikke en kkrdesk-pakke (den har ingen pack.json).",
                           reason="not-a-pack", file=path,
                           hint="Vælg en .kkrpack-fil lavet med kkrdesk pack.")
    with reading(path, "pakken", HINT_NEW_PACK), zipfile.ZipFile(path) as archive:
        info = PackInfo.from_json(_read_capped(archive, entries[PACK_JSON], limits.MAX_PACK_JSON_BYTES,
                                               path), file=path)
        _check_listing(path, info, entries)
        for listed in info.files:
            digest = hashlib.sha256()
            for block in _stream(archive, entries[listed.path], listed.size, path):
                digest.update(block)
            if digest.hexdigest() != listed.sha256:
                raise _tampered(path, listed.path)
        _check_manifest(path, _read_capped(archive, entries[MANIFEST], limits.MAX_MANIFEST_BYTES, path))
    return info


def _check_manifest(path: Path, raw: bytes) -> None:
    """The pack's meeting.toml must parse, and nest no deeper than a meeting file does, before extraction."""
    depth = _manifest_depth(raw)
    if depth > limits.MAX_PACK_MANIFEST_DEPTH:
        raise BadFileError(f"pakkens mødefil (meeting.toml) har lister eller tabeller {format_int(depth)} "
                           "niveauer inde i hinanden; en mødefil har højst "
                           f"{limits.MAX_PACK_MANIFEST_DEPTH}. Den kan være lavet for at få kkrdesk til "
                           "at gå ned.", reason="hostile", file=path, hint=HINT_NEW_PACK)
    try:
        read_manifest_bytes(raw, file=MANIFEST)
    except KkrError as exc:
        raise _unreadable_manifest(path, exc) from None


def _unreadable_manifest(path: Path, exc: KkrError) -> BadFileError:
    error = BadFileError(f"pakkens mødefil kan ikke læses: {exc.message}", reason="damaged", file=path,
                         hint=HINT_NEW_PACK)
    error.problems = exc.problems
    return error


def _check_totals(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    """The whole pack, unpacked, within its size limit and not compressed suspiciously well overall.

    Each entry passed the per-entry limits already; thousands of entries just under them (1 MB of
    zeros each) are caught here, from the archive's directory, before anything is decompressed.
    """
    unpacked = sum(entry.file_size for entry in entries)
    packed = max(sum(entry.compress_size for entry in entries), 1)
    if unpacked > limits.MAX_PACK_UNPACKED_BYTES:
        raise BadFileError(f"pakken fylder {format_size(unpacked)} udpakket; kkrdesk pakker højst "
                           f"{format_size(limits.MAX_PACK_UNPACKED_BYTES)} ud.", reason="too-large",
                           file=path, hint="Bed sekretariatet om en mindre pakke (fx uden de største bilag).")
    if unpacked > limits.PACK_OVERALL_RATIO_FLOOR_BYTES and unpacked > limits.MAX_PACK_OVERALL_RATIO * packed:
        raise BadFileError(f"pakken fylder {format_size(packed)}, men pakkes ud til {format_size(unpacked)} "
                           f"({unpacked // packed} gange så meget); en rigtig pakke fylder højst "
                           f"{limits.MAX_PACK_OVERALL_RATIO} gange så meget udpakket. Det ligner en "
                           "ZIP-bombe, og den pakkes ikke ud.", reason="hostile", file=path,
                           hint="Åbn den ikke; bed sekretariatet om at sende pakken igen.")


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
        raise BadFileError(f'pakken mangler "{missing[0]}"' + (f" og {count(len(missing) - 1, 'fil', 'filer')} mere"
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


def _stream(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, size: int, path: Path) -> Iterator[bytes]:
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

    The cache is first pruned (least recently used extractions) to leave room within its budget,
    and the disk must hold the pack with room to spare. The index comes out first and is checked
    before the bilag are written. Files are written to a staging folder, hashed again while written
    (the pack could change between verification and extraction), made read-only, and the folder
    renamed into place.
    """
    path = Path(path)
    root = Path(root) if root else default_extract_root()
    pack_root = root / _safe_segment(info.pack_id)
    target = pack_root / f"v{info.version}-{info.digest}"
    if (target / COMPLETE_MARKER).is_file():
        _check_index(target / INDEX, path)
        cache.mark_used(target)
        return target
    unpacked = sum(listed.size for listed in info.files)
    cache.prune(root, limits.PACK_CACHE_BUDGET_BYTES, room=unpacked)
    ensure_room(root, unpacked, limits.PACK_FREE_SPACE_MARGIN_BYTES, "at pakke pakken ud")
    staging = pack_root / f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}"
    index_first = sorted(info.files, key=lambda listed: listed.path != INDEX)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = {e.filename: e for e in archive.infolist()}
            for listed in index_first:
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
                if listed.path == INDEX:
                    _check_index(destination, path)
            (staging / PACK_JSON).write_bytes(info.to_json())
            (staging / COMPLETE_MARKER).write_text(info.digest)
        if target.exists():
            remove_tree(target)
        os.replace(staging, target)
        atomic.fsync_dir(pack_root)
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError) as exc:
        _discard(staging)
        raise BadFileError(f"pakken er ødelagt ({exc}).", reason="damaged", file=path,
                           hint=HINT_NEW_PACK) from None
    except OSError as exc:
        _discard(staging)
        raise write_failure(exc, root, "at pakke pakken ud") from None
    except BaseException:
        _discard(staging)
        raise
    cache.prune(root, limits.PACK_CACHE_BUDGET_BYTES, keep=target)
    return target


def _discard(staging: Path) -> None:
    """Remove a failed extraction, and the pack's and the cache's folders if it was all they held."""
    remove_tree(staging)
    remove_if_empty(staging.parent)
    remove_if_empty(staging.parent.parent)


def _check_index(index: Path, path: Path) -> None:
    SearchIndex(index, read_only=True, origin=path).check()


def _safe_segment(text: str) -> str:
    cleaned = "".join(ch for ch in text if ch.isalnum() or ch == "-")[:64]
    return cleaned or "pakke"


def _manifest_depth(raw: bytes) -> int:
    """How deeply arrays, tables and dotted keys nest in a TOML text, counted without parsing it.

    A local stand-in for a shared depth check: tomllib recurses once per bracket, so a
    100,000-deep array exhausts Python's stack, and it takes quadratic time over the parts of
    a dotted key (``a.a.a…``), so a long one never finishes.
    """
    depth = deepest = dots = 0
    for token in _TOML_TOKENS.finditer(raw.decode("utf-8", errors="replace")):
        mark = token.group()
        if mark == ".":
            dots += 1
            deepest = max(deepest, depth + dots)
            continue
        if mark in ("[", "{"):
            depth += 1
        elif mark in ("]", "}"):
            depth = max(depth - 1, 0)
        if len(mark) == 1:
            dots = 0
        deepest = max(deepest, depth)
    return deepest


def open_pack(path: Path, *, root: Path | None = None) -> OpenedPack:
    """Verify, extract (or reuse the earlier extraction) and read the pack's meeting, read-only."""
    path = Path(path)
    info = verify_pack(path)
    folder = extract_pack(path, info, root)
    try:
        meeting, _ = read_meeting(folder)
    except KkrError as exc:
        raise _unreadable_manifest(path, exc) from None
    listed = {f.path: f.sha256 for f in info.files}
    for item, bilag in meeting.all_bilag():
        if listed.get(bilag.file) is None or (bilag.sha256 and listed[bilag.file] != bilag.sha256):
            raise BadFileError(f'bilag "{bilag.title}" på punkt {item.number} passer ikke til '
                               "pakkens indhold.", reason="tampered", file=path, hint=HINT_NEW_PACK)
    return OpenedPack(source=path, folder=folder, info=info, meeting=meeting)
