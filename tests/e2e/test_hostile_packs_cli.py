"""kkrdesk open/search/pack on hostile packs, a full disk and a read-only folder: a Danish refusal, exit 1, nothing kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.pack_builders import HOSTILE_PACKS, build_pack
from tests.reader_helpers import make_meeting

HANG = 120   # seconds: a command still running then is hanging (no claim on how fast it should be)


@pytest.fixture
def user_folders(tmp_path):
    folders = {"KKRDESK_CACHE_DIR": tmp_path / "cache", "KKRDESK_DATA_DIR": tmp_path / "data"}
    return folders


def _run(*args, env: dict) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8",
                **{key: str(value) for key, value in env.items()}}
    return subprocess.run([sys.executable, "-m", "kkrdesk", *map(str, args)], env=full_env,
                          capture_output=True, text=True, encoding="utf-8", timeout=HANG)


def _written(folders: dict) -> list[Path]:
    """What the command left in the user's folders, apart from kkrdesk's own log (logs/)."""
    return [p for folder in folders.values() if folder.exists() for p in folder.rglob("*")
            if p.relative_to(folder).parts[0] != "logs"]


def _assert_refused(result: subprocess.CompletedProcess, path: Path, words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stderr.startswith(f"kkrdesk: {path}: "), result.stderr
    assert words in result.stderr
    assert "uventet fejl" not in result.stderr and "Traceback" not in result.stderr


CASES = [(h, "open") for h in HOSTILE_PACKS] + [(h, "search") for h in HOSTILE_PACKS if h.in_index]


@pytest.mark.parametrize(("hostile", "command"), CASES, ids=[f"{h.name}-{c}" for h, c in CASES])
@pytest.mark.slow
def test_a_hostile_pack_gets_a_danish_refusal_and_nothing_is_written(hostile, command, tmp_path,
                                                                      user_folders):
    """``search`` reads the index beyond what ``open`` does, so it is tried on the index's hostile packs."""
    path = hostile.make(tmp_path / f"{hostile.name}.kkrpack")
    args = ("open", path, "--no-window") if command == "open" else ("search", path, "notat")
    result = _run(*args, env=user_folders)
    _assert_refused(result, path, hostile.words)
    assert _written(user_folders) == []


@pytest.mark.slow
def test_four_thousand_megabytes_of_zeros_are_refused_before_one_is_written(tmp_path, user_folders):
    """The probe's pack: 4,000 entries of 1 MiB zeros, each just at the per-entry ratio floor."""
    path = build_pack(tmp_path / "nuller.kkrpack",
                      streamed=[(f"bilag/nul-{n:04d}.bin", 1024 * 1024) for n in range(4000)])
    assert path.stat().st_size < 6 * 1024 * 1024
    result = _run("open", path, "--no-window", env=user_folders)
    _assert_refused(result, path, "pakken fylder 3,9 GB udpakket; kkrdesk pakker højst 2,0 GB ud.")
    assert _written(user_folders) == []


# -- a full disk and a read-only folder, made real with a private tmpfs mount ----------------

SMALL_DISK = """
mount -t tmpfs -o "$1" kkrdesk-test "$2" || exit 97
disk="$2"; listing="$3"; shift 3
"$@"; rc=$?
find "$disk" -mindepth 1 > "$listing"
exit $rc
"""


def _private_mounts_work() -> bool:
    try:
        return subprocess.run(["unshare", "-rm", "true"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


needs_private_mounts = pytest.mark.skipif(not _private_mounts_work(),
                                          reason="needs unshare with user and mount namespaces")


def _run_on_small_disk(disk: Path, options: str, *args, env: dict) -> tuple[subprocess.CompletedProcess,
                                                                             list[str]]:
    """Run kkrdesk with a tmpfs of the given options mounted on ``disk`` (only this process sees it)."""
    disk.mkdir(parents=True, exist_ok=True)
    listing = disk.parent / f"{disk.name}.listing"
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8",
                **{key: str(value) for key, value in env.items()}}
    result = subprocess.run(["unshare", "-rm", "sh", "-c", SMALL_DISK, "sh", options, str(disk), str(listing),
                             sys.executable, "-m", "kkrdesk", *map(str, args)], env=full_env,
                            capture_output=True, text=True, encoding="utf-8", timeout=HANG)
    assert result.returncode != 97, result.stderr
    return result, listing.read_text("utf-8").split()


@pytest.fixture
def meeting(tmp_path):
    return make_meeting(tmp_path, docx=False)


@needs_private_mounts
@pytest.mark.slow
def test_pack_onto_a_full_disk_is_named_and_leaves_no_partial_file(meeting, tmp_path, user_folders):
    disk = tmp_path / "fuld"
    result, left = _run_on_small_disk(disk, "size=16k", "pack", meeting, "-o", disk / "møde.kkrpack",
                                      env=user_folders)
    assert result.returncode == 1, result.stderr
    assert f"kkrdesk: {disk}: der er ikke plads på disken til pakken." in result.stderr
    assert "Frigør plads" in result.stderr and "uventet" not in result.stderr
    assert left == []


@needs_private_mounts
@pytest.mark.slow
def test_pack_with_a_full_temporary_folder_names_the_index(meeting, tmp_path, user_folders):
    disk = tmp_path / "fuld-tmp"
    result, left = _run_on_small_disk(disk, "size=16k", "pack", meeting, "-o", tmp_path / "møde.kkrpack",
                                      env={**user_folders, "TMPDIR": disk})
    assert result.returncode == 1, result.stderr
    assert "der er ikke plads på disken til pakkens søgeindeks." in result.stderr
    assert "uventet" not in result.stderr and not (tmp_path / "møde.kkrpack").exists()
    assert left == []


@needs_private_mounts
@pytest.mark.slow
def test_pack_into_a_read_only_folder_is_named_as_such(meeting, tmp_path, user_folders):
    disk = tmp_path / "skrivebeskyttet"
    result, left = _run_on_small_disk(disk, "ro,size=1m", "pack", meeting, "-o", disk / "møde.kkrpack",
                                      env=user_folders)
    assert result.returncode == 1, result.stderr
    assert f"kkrdesk: {disk}: mappen er skrivebeskyttet, så pakken kan ikke gemmes her." in result.stderr
    assert "en anden bruger" not in result.stderr and "uventet" not in result.stderr
    assert left == []


@needs_private_mounts
def test_open_with_a_full_cache_disk_is_named_before_writing(tmp_path, user_folders):
    path = build_pack(tmp_path / "god.kkrpack")
    disk = tmp_path / "fuld-cache"
    result, left = _run_on_small_disk(disk, "size=1m", "open", path, "--no-window",
                                      env={**user_folders, "KKRDESK_CACHE_DIR": disk / "cache"})
    assert result.returncode == 1, result.stderr
    assert "der er ikke plads på disken til at pakke pakken ud" in result.stderr
    assert "uventet" not in result.stderr
    assert left == []


@pytest.mark.slow
def test_pack_refuses_a_version_no_reader_accepts(meeting, tmp_path, user_folders):
    result = _run("pack", meeting, "-o", tmp_path / "møde.kkrpack", "--version", "1000001", env=user_folders)
    assert result.returncode == 2 and "--version skal være et heltal fra 1 til 1.000.000." in result.stderr
    assert not (tmp_path / "møde.kkrpack").exists()
