"""No conversion reaches outside its input: check-file, add-bilag, export and pack on a Word bilag that
links to local listeners (HTTP, FTP) and to a private file, through the command line."""

from __future__ import annotations

import codecs
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kkrdesk.core.office.soffice import find_soffice
from tests.conftest import ROOT
from tests.hostile_office import HttpListener, Targets, TcpListener, hostile_docx, secret_traces, write_secrets

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow,
              pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")]


@pytest.fixture
def listeners():
    http, ftp = HttpListener(), TcpListener()
    yield http, ftp
    http.close()
    ftp.close()


@pytest.fixture
def hostile(tmp_path, listeners):
    http, ftp = listeners
    picture, text = write_secrets(tmp_path / "privat")
    path = hostile_docx(tmp_path / "indgående" / "notat.docx", Targets(http.url, ftp.url, picture, text))
    return path


def own_cache(tmp_path: Path, name: str) -> dict[str, str]:
    """A fresh cache per command, so every command converts for itself instead of reusing a PDF."""
    return {"XDG_CACHE_HOME": str(tmp_path / "caches" / name)}


def everything_written(*roots: Path) -> list[Path]:
    return [p for root in roots if root.exists() for p in ([root] if root.is_file() else root.rglob("*"))
            if p.is_file()]


def test_no_conversion_connects_anywhere_or_carries_a_private_file(tmp_path, hostile, listeners, cli):
    http, ftp = listeners
    checked = cli("check-file", hostile, env=own_cache(tmp_path, "check"))
    assert checked.returncode == 0, checked.stderr
    assert "PDF" in checked.stdout            # LibreOffice did render it

    folder = tmp_path / "møde"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-02-27").returncode == 0
    assert cli("add-item", folder, "--number", "1", "--title", "Samarbejdet").returncode == 0
    added = cli("add-bilag", folder, hostile, "--item", "1", "--json", env=own_cache(tmp_path, "add"))
    assert added.returncode == 0, added.stderr
    assert '"pages": 1' in added.stdout       # counted by LibreOffice

    out = tmp_path / "ud"
    exported = cli("export", folder, "--pdf", out / "bilag.pdf", "--docx", out / "dagsorden.docx",
                   "--agenda-pack", env=own_cache(tmp_path, "export"))
    assert exported.returncode == 0, exported.stdout + exported.stderr
    packed = cli("pack", folder, "-o", out / "møde.kkrpack", env=own_cache(tmp_path, "pack"))
    assert packed.returncode == 0, packed.stderr
    time.sleep(0.5)   # a late connection would still be counted

    assert http.connections == [] and ftp.connections == [], (http.connections, ftp.connections)
    outputs = everything_written(out, folder, tmp_path / "caches")
    assert any(p.suffix == ".pdf" for p in (tmp_path / "caches").rglob("*.pdf"))
    assert [trace for p in outputs for trace in secret_traces(p)] == []


def test_the_file_image_was_a_real_leak_before_neutralising(tmp_path, hostile, listeners):
    """The same file handed to plain soffice (no neutralised copy, default profile) does reach out
    on this machine: the test above would fail without kkrdesk's isolation."""
    http, ftp = listeners
    work = tmp_path / "plain"
    work.mkdir()
    subprocess.run([str(find_soffice()), f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(work), str(hostile)], capture_output=True,
                   timeout=240, stdin=subprocess.DEVNULL, start_new_session=True)
    assert http.seen + ftp.seen > 0 or secret_traces(work / "notat.pdf")


def _strace_or_skip() -> str:
    found = shutil.which("strace")
    if found is None:
        reason = "strace is not installed (tools/system-packages.sh installs it; CI requires it)"
        if os.environ.get("CI") or os.environ.get("KKRDESK_REQUIRE_STRACE"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def test_under_strace_nothing_connects_to_a_network_or_opens_the_private_files(tmp_path, hostile):
    strace = _strace_or_skip()
    picture, text = tmp_path / "privat" / "hemmelig.png", tmp_path / "privat" / "hemmelig.txt"
    log = tmp_path / "strace.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([strace, "-f", "-qq", "-e", "trace=openat,open,connect", "-o", str(log),
                           sys.executable, "-m", "kkrdesk", "check-file", str(hostile)],
                          capture_output=True, text=True, env=env, timeout=400)
    assert done.returncode == 0, done.stderr
    lines = log.read_text(errors="replace").splitlines()
    assert any("openat(" in line for line in lines)   # strace did watch
    network = [line for line in lines if "connect(" in line and re.search(r"AF_INET6?\b", line)]
    private = [line for line in lines if str(picture) in line or str(text) in line]
    assert network == [], network[:5]
    assert private == [], private[:5]
    # Of everything in the test's folder, only the input and the cache may be opened.
    opened = {codecs.escape_decode(match.group(1))[0].decode("utf-8", "replace")   # strace writes æøå as \ooo
              for line in lines for match in [re.search(r'open(?:at)?\([^"]*"([^"]+)"', line)] if match}
    allowed = (str(hostile), str(hostile.parent), str(tmp_path / "cache"))
    outside = sorted(path for path in opened if path.startswith(str(tmp_path)) and not path.startswith(allowed))
    assert outside == [], outside
    assert any(str(Path("input.docx")) in line for line in lines)   # LibreOffice did open its copy
