"""One syncfs(2) for a folder's whole file system, where that makes new files as durable as an fsync of each."""

from __future__ import annotations

import os
import re
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ctypes

# statfs f_type of the local file systems whose syncfs writes back every dirty file and commits the
# journal, names included: what an fsync of each file and of its folder gives. A network drive
# (CIFS, SMB2, NFS) or FUSE reaches its server's disk only through fsync, file by file, and keeps it.
WHOLE_SYNC_FILE_SYSTEMS = frozenset({
    0xEF53,        # ext2, ext3, ext4
    0x58465342,    # xfs
    0x9123683E,    # btrfs
    0xF2F52010,    # f2fs
})
# syncfs reports a failed write-back only from Linux 5.8; before it an I/O error went unseen.
REPORTS_ERRORS_FROM = (5, 8)
_STATFS_BYTES = 512    # room for struct statfs, whose first field (a long) is f_type


def syncs_whole(folder: Path) -> bool:
    """Whether one :func:`sync_whole` makes the files written in ``folder`` durable (a local Linux
    file system in WHOLE_SYNC_FILE_SYSTEMS); False wherever that is not known."""
    libc = _libc()
    if libc is None:
        return False
    import ctypes

    found = ctypes.create_string_buffer(_STATFS_BYTES)
    if libc.statfs(os.fsencode(folder), found) != 0:
        return False
    return ctypes.c_long.from_buffer(found).value & 0xFFFFFFFF in WHOLE_SYNC_FILE_SYSTEMS


def sync_whole(folder: Path) -> None:
    """syncfs(2) on ``folder``'s file system (only where :func:`syncs_whole` said yes); raises
    OSError for a failed write-back, as fsync would."""
    libc = _libc()
    assert libc is not None, "sync_whole only where syncs_whole is true"
    import ctypes

    fd = os.open(folder, os.O_RDONLY)
    try:
        if libc.syncfs(fd) != 0:
            error = ctypes.get_errno()
            raise OSError(error, os.strerror(error), str(folder))
    finally:
        os.close(fd)


@cache
def _libc() -> ctypes.CDLL | None:
    """The C library with syncfs and statfs, on a Linux that reports syncfs's errors; else None."""
    if not sys.platform.startswith("linux") or _kernel_version() < REPORTS_ERRORS_FROM:
        return None
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.syncfs, libc.statfs  # noqa: B018 - both must exist (an old C library lacks syncfs)
    except (OSError, AttributeError):
        return None
    return libc


def _kernel_version() -> tuple[int, int]:
    """The running kernel's major and minor version, (0, 0) if its release cannot be read."""
    found = re.match(r"(\d+)\.(\d+)", os.uname().release)
    return (int(found[1]), int(found[2])) if found else (0, 0)
