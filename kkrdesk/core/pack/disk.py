"""A full disk or a folder kkrdesk may not write to, while a pack is written or unpacked, told as such."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from kkrdesk.core.danish import format_size
from kkrdesk.core.errors import KkrError

FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
NOT_WRITABLE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
HINT_FULL = "Frigør plads på disken (slet eller flyt filer), og prøv igen."
NEARLY_FULL_BYTES = 1024 * 1024   # less free than this after a failed write: the disk was full


def write_failure(exc: OSError, folder: Path, what: str) -> KkrError:
    """The Danish refusal for an OSError met while writing ``what`` into ``folder``."""
    if exc.errno in FULL:
        return KkrError(f"der er ikke plads på disken til {what}.", file=folder, hint=HINT_FULL)
    if exc.errno in NOT_WRITABLE:
        return KkrError(f"mappen er skrivebeskyttet, så {what} kan ikke gemmes her.", file=folder,
                        hint="Vælg en anden mappe, eller bed om at få lov til at skrive i denne.")
    return KkrError(f"{what} kunne ikke skrives ({exc.strerror or exc}).", file=folder,
                    hint="Kontrollér mappen og disken, og prøv igen.")


def ensure_room(folder: Path, needed: int, margin: int, what: str) -> None:
    """Refuse before writing when ``needed`` bytes would leave less than ``margin`` free on the disk."""
    probe = Path(folder)
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free
    except OSError:
        return   # a disk that cannot be asked is judged by the writes themselves
    if needed + margin > free:
        raise KkrError(f"der er ikke plads på disken til {what}: den fylder {format_size(needed)}, og der "
                       f"er {format_size(free)} ledigt.", file=folder, hint=HINT_FULL)


def nearly_full(folder: Path) -> bool:
    """Whether the disk holding ``folder`` has (almost) no room left; SQLite often says only "disk I/O error"."""
    try:
        return shutil.disk_usage(folder).free < NEARLY_FULL_BYTES
    except OSError:
        return False
