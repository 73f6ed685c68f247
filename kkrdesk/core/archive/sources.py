"""Finding the meetings in an archive folder (meeting folders and member packs) and the file stamps that tell a change."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kkrdesk.core.meeting.manifest import MANIFEST_NAME
from kkrdesk.core.pack.format import PACK_SUFFIX

FOLDER = "folder"
PACK = "pack"
# Meeting folders may sit in year or KKR folders: DIR/2025/møde-2025-02-27/meeting.toml.
MAX_DEPTH = 3
MISSING = (-1, -1)

Stamp = tuple[int, int]     # (size, mtime_ns), or MISSING


@dataclass(frozen=True)
class Source:
    """One meeting in the archive: a folder with a meeting.toml, or a .kkrpack file."""

    key: str        # its POSIX path relative to the archive folder, the meeting's name in the archive
    kind: str       # FOLDER or PACK
    path: Path


def discover(root: Path) -> list[Source]:
    """The archive's meetings in name order; hidden entries and linked folders are passed by."""
    found: list[Source] = []
    _walk(Path(root), Path(root), 0, found)
    return found


def _walk(root: Path, folder: Path, depth: int, found: list[Source]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_file(follow_symlinks=False) and entry.name.lower().endswith(PACK_SUFFIX):
            found.append(_source(root, entry.path, PACK))
        elif entry.is_dir(follow_symlinks=False):
            if os.path.isfile(os.path.join(entry.path, MANIFEST_NAME)):
                found.append(_source(root, entry.path, FOLDER))
            elif depth + 1 < MAX_DEPTH:
                _walk(root, Path(entry.path), depth + 1, found)


def _source(root: Path, path: str, kind: str) -> Source:
    key = path[len(str(root)):].lstrip(os.sep).replace(os.sep, "/")   # scandir's paths start with root's
    return Source(key, kind, Path(path))


def stamp_of(path: Path | str) -> Stamp:
    """Size and modification time, or MISSING; a file whose stamp is unchanged is taken as unchanged."""
    try:
        stat = os.stat(path)
    except OSError:
        return MISSING
    return stat.st_size, stat.st_mtime_ns
