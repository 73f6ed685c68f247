"""LibreOffice is stopped whole at its time limit and says so, its folders go on every exit, and its
private profile is set to load nothing from outside. A fake soffice stands in for a slow one."""

from __future__ import annotations

import functools
import os
import signal
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.office import isolation
from kkrdesk.core.office.libreoffice import convert_to_pdf
from kkrdesk.core.text import pages
from kkrdesk.core.text.preview import prepare_preview

pytestmark = pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")

# Starts a child that ignores SIGTERM (as a busy soffice.bin may), records both pids, and hangs.
FAKE_SOFFICE = """#!{python}
import os, signal, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c",
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"])
with open(os.environ["FAKE_SOFFICE_PIDS"], "w") as out:
    out.write(f"{{os.getpid()}} {{child.pid}} {{os.environ.get('TMPDIR', '')}}")
time.sleep(600)
"""


@pytest.fixture
def slow_soffice(tmp_path, monkeypatch):
    program = tmp_path / "soffice"
    program.write_text(FAKE_SOFFICE.format(python=sys.executable))
    program.chmod(0o755)
    pids = tmp_path / "pids"
    monkeypatch.setenv("KKRDESK_SOFFICE", str(program))
    monkeypatch.setenv("FAKE_SOFFICE_PIDS", str(pids))
    return pids


@pytest.fixture
def word_file(tmp_path):
    document = docx.Document()
    document.add_paragraph("Et bilag, som LibreOffice aldrig bliver færdig med.")
    document.save(tmp_path / "bilag.docx")
    return tmp_path / "bilag.docx"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:   # a zombie is dead, merely not yet reaped
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return not Path("/proc/self").exists()


@pytest.mark.slow
def test_at_the_time_limit_the_whole_group_is_killed_and_the_message_says_so(tmp_path, slow_soffice, word_file):
    with pytest.raises(BadFileError) as refused:
        convert_to_pdf(word_file, cache_dir=tmp_path / "cache", timeout=2)
    assert refused.value.reason == "timeout"
    assert "blev ikke færdig med dokumentet på 2 sekunder og er stoppet" in refused.value.message
    assert "installeret" not in refused.value.message
    leader, child, temporary = slow_soffice.read_text().split()
    deadline = time.monotonic() + 10
    while (alive(int(leader)) or alive(int(child))) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(int(leader)) and not alive(int(child))   # the child ignored SIGTERM: SIGKILL took it
    work = Path(temporary).parent
    assert work.name.startswith(f"kkrdesk-lo-{os.getpid()}-") and not work.exists()
    assert not list((tmp_path / "cache").glob("*.pdf"))


# Leaves a child behind that does not hold its pipes, and ends at once without a PDF.
QUICK_SOFFICE = """#!{python}
import os, subprocess, sys
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
with open(os.environ["FAKE_SOFFICE_PIDS"], "w") as out:
    out.write(str(child.pid))
"""


@pytest.mark.slow
def test_what_libreoffice_leaves_running_after_it_ends_is_stopped(tmp_path, slow_soffice, word_file):
    program = Path(os.environ["KKRDESK_SOFFICE"])
    program.write_text(QUICK_SOFFICE.format(python=sys.executable))
    with pytest.raises(BadFileError) as refused:
        convert_to_pdf(word_file, cache_dir=tmp_path / "cache", timeout=60)
    assert refused.value.reason == "damaged"
    child = int(slow_soffice.read_text())
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(child)


@pytest.mark.slow
def test_a_timed_out_document_is_not_tried_again_soon_and_add_bilag_still_takes_it(
        tmp_path, slow_soffice, word_file, monkeypatch):
    from kkrdesk.core.files.inspect import inspect_file
    from kkrdesk.core.office import libreoffice

    with pytest.raises(BadFileError):
        convert_to_pdf(word_file, cache_dir=tmp_path / "cache", sha256="ab", timeout=2)
    slow_soffice.unlink()
    with pytest.raises(BadFileError) as again:
        convert_to_pdf(word_file, cache_dir=tmp_path / "cache", sha256="ab", timeout=2)
    assert again.value.reason == "timeout" and "prøver først igen" in again.value.message
    assert not slow_soffice.exists()          # LibreOffice was not started the second time
    monkeypatch.setattr(libreoffice, "convert_to_pdf", functools.partial(convert_to_pdf, timeout=2))
    facts = inspect_file(word_file, docx_pages=libreoffice.docx_pages_via_libreoffice)
    assert facts.kind.value == "docx"          # taken, with the page count Word stored (none here)


@pytest.mark.slow
def test_check_file_after_a_timeout_says_it_timed_out_not_that_libreoffice_is_missing(
        slow_soffice, word_file, monkeypatch):
    monkeypatch.setattr(pages, "convert_to_pdf", functools.partial(convert_to_pdf, timeout=2))
    shown = prepare_preview(word_file)
    assert shown.kind == "html"
    assert "ikke er installeret" not in shown.note
    assert "blev ikke færdig med dokumentet på 2 sekunder" in shown.note


def test_folders_of_dead_kkrdesk_processes_are_removed_at_the_next_conversion(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead = _a_dead_pid()
    stale = tmp_path / f"kkrdesk-lo-{dead}-abc"
    (stale / "profile" / "user").mkdir(parents=True)
    (stale / "input.docx").write_bytes(b"a copy of a bilag")
    stale_uno = tmp_path / f"kkrdesk-uno-{dead}-def"
    stale_uno.mkdir()
    mine = tmp_path / f"kkrdesk-lo-{os.getpid()}-ghi"
    mine.mkdir()
    living = tmp_path / f"kkrdesk-lo-{os.getppid()}-jkl"
    living.mkdir()
    other = tmp_path / "kkrdesk-export-x"
    other.mkdir()
    with isolation.work_folder() as work:
        assert work.parent == tmp_path and work.is_dir()
    assert not stale.exists() and not stale_uno.exists() and not work.exists()
    assert mine.exists() and living.exists() and other.exists()


@pytest.mark.skipif(not Path("/proc/self/cmdline").is_file(), reason="finds processes through /proc")
def test_a_libreoffice_left_running_by_a_dead_kkrdesk_is_stopped_with_its_folder(tmp_path, monkeypatch):
    import subprocess

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale = tmp_path / f"kkrdesk-lo-{_a_dead_pid()}-abc"
    (stale / "profile").mkdir(parents=True)
    orphan = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)",
                               f"-env:UserInstallation={(stale / 'profile').as_uri()}"], start_new_session=True)
    try:
        deadline = time.monotonic() + 30        # a loaded machine may not show its arguments at once
        while str(stale) not in " ".join(_processes_naming(str(stale))) and time.monotonic() < deadline:
            time.sleep(0.05)
        with isolation.work_folder():
            pass
        assert orphan.wait(timeout=10) == -signal.SIGKILL
        assert not stale.exists()
    finally:
        orphan.kill()
        orphan.wait()


def test_the_work_folder_goes_when_the_run_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with pytest.raises(RuntimeError), isolation.work_folder() as work:
        (work / "input.docx").write_bytes(b"x")
        raise RuntimeError("LibreOffice crashed")
    assert not work.exists()


def test_an_interrupted_run_kills_the_group_too(tmp_path):
    script = tmp_path / "slow.py"
    script.write_text("import time; time.sleep(600)")
    started = []
    real_popen = isolation.subprocess.Popen

    def spying(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        started.append(process)
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        return process

    previous = signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        isolation.subprocess.Popen = spying
        with pytest.raises(KeyboardInterrupt):
            isolation.run_contained([sys.executable, str(script)], tmp_path, timeout=60)
    finally:
        isolation.subprocess.Popen = real_popen
        signal.signal(signal.SIGALRM, previous)
    assert started and started[0].poll() is not None


def test_the_private_profile_blocks_macros_links_and_recalculation(tmp_path):
    assert isolation.private_profile(tmp_path / "profile") == (tmp_path / "profile").resolve().as_uri()
    items = etree.parse(str(tmp_path / "profile" / "user" / "registrymodifications.xcu")).getroot()
    oor = "{http://openoffice.org/2001/registry}"
    settings = {(item.get(f"{oor}path"), prop.get(f"{oor}name")): prop.findtext("value")
                for item in items for prop in item}
    scripting = "/org.openoffice.Office.Common/Security/Scripting"
    assert settings[(scripting, "MacroSecurityLevel")] == "3"
    assert settings[(scripting, "BlockUntrustedRefererLinks")] == "true"
    assert settings[(scripting, "DisableMacrosExecution")] == "true"
    assert settings[("/org.openoffice.Office.Writer/Content/Update", "Link")] == "2"
    assert settings[("/org.openoffice.Office.Calc/Formula/Load", "OOXMLRecalcMode")] == "1"


def test_libreoffice_gets_no_proxy_and_keeps_its_temporary_files_in_the_work_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("http_proxy", "http://proxy.example:3128")
    environment = isolation.isolated_environment(tmp_path)
    assert "http_proxy" not in environment
    assert environment["TMPDIR"] == str(tmp_path / "tmp") and (tmp_path / "tmp").is_dir()


def _a_dead_pid() -> int:
    import subprocess
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _processes_naming(text: str) -> list[str]:
    found = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if text in command and alive(int(entry.name)):
            found.append(command)
    return found


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(not Path("/proc/self").exists(), reason="reads /proc to find LibreOffice's processes")
def test_a_real_libreoffice_stopped_at_a_short_limit_leaves_no_process_and_no_folder(tmp_path, monkeypatch):
    from kkrdesk.core.office.soffice import find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    document = docx.Document()
    document.add_paragraph("Afsnit: kommunerne drøfter samarbejdet om trafik og erhverv.")
    document.save(tmp_path / "et.docx")
    with zipfile.ZipFile(tmp_path / "et.docx") as small, zipfile.ZipFile(tmp_path / "stort.docx", "w") as big:
        for name in small.namelist():
            data = small.read(name)
            if name == "word/document.xml":   # the one paragraph, 20,000 times
                start, end = data.index(b"<w:p>"), data.index(b"</w:p>") + len(b"</w:p>")
                data = data[:start] + data[start:end] * 20_000 + data[end:]
            big.writestr(name, data)
    with pytest.raises(BadFileError) as refused:
        convert_to_pdf(tmp_path / "stort.docx", cache_dir=tmp_path / "cache", timeout=1.5)
    assert refused.value.reason == "timeout"
    assert _processes_naming(str(tmp_path)) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("kkrdesk-")] == []
