"""Operating-system errors of writing told in Danish: a full disk, no permission, a read-only place."""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kkrdesk.core.errors import KkrError

DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
NO_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}


class WriteError(KkrError):
    """A file could not be written: the disk is full, the place is read-only, or the system refused."""

    code = "write-failed"


def write_error(exc: OSError, file: str | Path | None, what: str) -> WriteError:
    """``exc`` told as a Danish WriteError about writing ``what`` (e.g. "mødefilen") to ``file``."""
    file = file if file is not None else exc.filename
    if exc.errno in DISK_FULL:
        return WriteError(f"{what} kunne ikke gemmes, fordi disken er fuld.", file=file,
                          hint="Gør plads på disken (eller vælg et andet drev), og prøv igen. "
                          "Den forrige udgave er urørt.")
    if exc.errno in NO_PERMISSION:
        return WriteError(f"{what} kunne ikke gemmes, fordi stedet er skrivebeskyttet, eller du ikke "
                          "har skriveadgang.", file=file,
                          hint="Vælg en mappe, du kan skrive i, eller bed om skriveadgang.")
    return WriteError(f"{what} kunne ikke gemmes ({exc.strerror or exc}).", file=file,
                      hint="Kontrollér disken og mappen, og prøv igen.")


@contextmanager
def writing(file: str | Path | None, what: str) -> Iterator[None]:
    """Turn an OSError inside the block into a WriteError that names ``file`` and the cause."""
    try:
        yield
    except OSError as exc:
        raise write_error(exc, file, what) from None
