"""Resolving a relative path inside a folder, refusing anything that would lead out of it."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from kkrdesk.core.errors import UnsafePathError


def inside(folder: Path, relative: str, *, file_label: str | None = None) -> Path:
    """The absolute path of ``relative`` under ``folder``; raise UnsafePathError if it escapes.

    Refused: absolute paths, drive letters, ``..`` segments, backslashes, NUL bytes, and
    links (of the file or any folder on the way) that point out of ``folder``.
    """
    label = file_label or relative
    hint = "Bilag skal ligge i mødets egen mappe; læg filen i bilag/ og ret stien."
    if not relative or "\x00" in relative or "\\" in relative:
        raise UnsafePathError(f'stien "{relative}" er ikke en gyldig relativ sti.', file=label, hint=hint)
    posix = PurePosixPath(relative)
    if posix.is_absolute() or PureWindowsPath(relative).drive or ".." in posix.parts:
        raise UnsafePathError(f'stien "{relative}" peger uden for mødets mappe.', file=label, hint=hint)
    root = Path(os.path.realpath(folder))
    candidate = Path(os.path.realpath(root.joinpath(*posix.parts)))
    if candidate != root and root not in candidate.parents:
        raise UnsafePathError(f'"{relative}" er et link, der peger uden for mødets mappe.',
                              file=label, hint=hint)
    return candidate
