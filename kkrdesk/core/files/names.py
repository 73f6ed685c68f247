"""File names kkrdesk makes from names and titles that come from outside: safe on every platform, Danish letters kept."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

MAX_FILE_NAME = 120
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
_FOLDER_SEPARATOR = re.compile(r"[/\\]")
_UNSAFE_CHARACTERS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def safe_file_name(name: str, *, fallback: str = "bilag") -> str:
    """A received file's name made safe: no folders, controls, reserved names or leading dots."""
    name = unicodedata.normalize("NFC", _FOLDER_SEPARATOR.split(name)[-1])
    name = _UNSAFE_CHARACTERS.sub("_", name).strip(" .")
    stem, suffix = split_name(name or fallback)
    stem = stem[: MAX_FILE_NAME - len(suffix)].rstrip(" .") or fallback
    if stem.upper().split(".")[0] in _RESERVED:
        stem = f"_{stem}"
    return f"{stem}{suffix.lower()}"


def safe_name(data: str, suffix: str = "", *, fallback: str) -> str:
    """The one way text from a user or a pack (an item number, a title, a pack id) becomes a file name.

    Always a single name, never a path: folder separators become dashes, ``..`` cannot survive
    as a name, controls and reserved names are replaced, and the length is capped.
    """
    words = " ".join(re.sub(r"[/\\]+", "-", str(data)).split()).strip(" .") or fallback
    return safe_file_name(f"{words}{suffix}", fallback=fallback)


def split_name(name: str) -> tuple[str, str]:
    """(stem, suffix), where a "suffix" longer than 8 characters is part of the stem."""
    path = PurePosixPath(name)
    suffix = path.suffix if len(path.suffix) <= 8 else ""
    return name[: len(name) - len(suffix)], suffix
