"""One syncfs for a folder's file system: only on local Linux file systems that it makes durable."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from kkrdesk.core import file_system_sync
from kkrdesk.core.file_system_sync import WHOLE_SYNC_FILE_SYSTEMS, sync_whole, syncs_whole


@pytest.fixture
def fresh_libc():
    file_system_sync._libc.cache_clear()
    yield
    file_system_sync._libc.cache_clear()


def _type_by_stat(folder) -> int:
    """The file system's type as GNU stat reports it: another way to read statfs's f_type."""
    return int(subprocess.run(["stat", "-f", "-c", "%t", str(folder)], capture_output=True, text=True,
                              check=True).stdout, 16)


def test_a_folder_is_synced_whole_exactly_on_the_listed_local_file_systems(tmp_path):
    release = re.match(r"(\d+)\.(\d+)", os.uname().release)
    expected = sys.platform.startswith("linux") and release is not None and \
        (int(release[1]), int(release[2])) >= (5, 8) and _type_by_stat(tmp_path) in WHOLE_SYNC_FILE_SYSTEMS
    assert syncs_whole(tmp_path) == expected
    assert not syncs_whole("/proc")          # procfs: nothing to make durable there
    if expected:
        (tmp_path / "ny.pdf").write_bytes(b"%PDF-1.7\n")
        sync_whole(tmp_path)                 # no error from a healthy disk


def test_no_whole_sync_on_a_kernel_that_hides_its_errors(tmp_path, monkeypatch, fresh_libc):
    monkeypatch.setattr(os, "uname", lambda: os.uname_result(("Linux", "pc", "5.4.0-150-generic", "#1", "x86_64")))
    assert not syncs_whole(tmp_path)


def test_no_whole_sync_away_from_linux(tmp_path, monkeypatch, fresh_libc):
    monkeypatch.setattr(sys, "platform", "win32")
    assert not syncs_whole(tmp_path)


@pytest.mark.parametrize(("release", "version"), [
    ("6.18.44-fc-v1147", (6, 18)), ("5.8.0", (5, 8)), ("5.10.0-28-amd64", (5, 10)), ("4.19.0+", (4, 19)),
    ("6.1rc2", (6, 1)), ("weird", (0, 0))])
def test_the_kernel_version_is_read_from_its_release(monkeypatch, release, version):
    monkeypatch.setattr(os, "uname", lambda: os.uname_result(("Linux", "pc", release, "#1", "x86_64")))
    assert file_system_sync._kernel_version() == version
