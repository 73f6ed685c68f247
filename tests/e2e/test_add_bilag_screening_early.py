"""`kkrdesk add-bilag` starts its one screening child on the named files before the screening code, the parser and any hashing."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import kkrdesk.cli
from kkrdesk.core.files import boundary, hashing, pdf_screen, screen_start
from tests.conftest import ROOT
from tests.factories import make_pdf


def _meeting(tmp_path, cli):
    folder = tmp_path / "møde"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-02-27").returncode == 0
    assert cli("add-item", folder, "--number", "2.2", "--type", "Temadrøftelse", "--title", "Punkt").returncode == 0
    return folder


def test_the_screening_child_starts_before_the_parser_and_any_hashing_and_once_for_all(tmp_path, cli, monkeypatch):
    folder = _meeting(tmp_path, cli)
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(hashing, "RACY_NANOSECONDS", 0)    # the files were written just now
    files = [make_pdf(tmp_path / f"nyt {n}.pdf", n, text=f"Bilag {n}, side {{n}}") for n in (1, 2, 3)]
    events: list[str] = []
    batches, singles = [], []
    start, build_parser, sha256_of = screen_start.start_batch_child, kkrdesk.cli.build_parser, hashing.sha256_of
    batch, single = pdf_screen._screen_batch_in_child, pdf_screen._screen_in_child
    monkeypatch.setattr(screen_start, "start_batch_child", lambda *args: events.append("child") or start(*args))
    monkeypatch.setattr(kkrdesk.cli, "build_parser", lambda argv: events.append("parser") or build_parser(argv))
    for module in (hashing, pdf_screen, boundary):    # every name by which a file is hashed
        monkeypatch.setattr(module, "sha256_of", lambda path: events.append("hash") or sha256_of(path), raising=False)
    monkeypatch.setattr(pdf_screen, "_screen_batch_in_child",
                        lambda paths, *rest: batches.append(len(paths)) or batch(paths, *rest))
    monkeypatch.setattr(pdf_screen, "_screen_in_child",
                        lambda path, *rest: singles.append(path) or single(path, *rest))

    assert kkrdesk.cli.main(["add-bilag", str(folder), "--item", "2.2", *map(str, files)]) == 0

    assert events[0] == "child" and events.count("child") == 1
    assert "parser" in events and events.count("hash") == 3      # each file hashed once, for both uses
    assert batches == [3] and singles == []
    assert len(list((folder / "bilag").glob("*.pdf"))) == 3


def test_the_child_starts_before_the_screening_code_the_command_argparse_and_logging_are_imported(tmp_path, cli):
    folder = _meeting(tmp_path, cli)
    files = [make_pdf(tmp_path / f"nyt {n}.pdf", n) for n in (1, 2)]
    probe = ("import subprocess, sys\n"
             "started = []\n"
             "class Recording(subprocess.Popen):\n"
             "    def __init__(self, args, *rest, **options):\n"
             "        if '_screen-pdf' in args:\n"
             "            started.append(sorted(m for m in ('kkrdesk.core.files.pdf_screen', 'kkrdesk.cli.meeting_commands',\n"
             "                                              'kkrdesk.core.meeting.store', 'kkrdesk.core.files.limits',\n"
             "                                              'argparse', 'logging', 'dataclasses') if m in sys.modules))\n"
             "        super().__init__(args, *rest, **options)\n"
             "subprocess.Popen = Recording\n"
             "from kkrdesk.cli import main\n"
             "code = main(sys.argv[1:])\n"
             "print(started, file=sys.stderr)\n"
             "sys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", probe, "add-bilag", str(folder), "--item", "2.2", *map(str, files)],
                          env={**dict(__import__("os").environ), "PYTHONPATH": str(ROOT),
                               "KKRDESK_CACHE_DIR": str(tmp_path / "cache")},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stderr.strip().splitlines()[-1].replace("'", '"')) == [[]]   # one child, nothing heavy loaded


def test_other_commands_start_no_screening_early(tmp_path, monkeypatch):
    started: list[object] = []
    monkeypatch.setattr(screen_start, "start_batch_child", lambda *args: started.append(args))
    assert kkrdesk.cli.main(["new", str(tmp_path / "møde"), "--kkr", "KKR Sjælland", "--date", "2025-02-27"]) == 0
    assert started == []


@pytest.mark.slow
def test_add_bilag_screens_many_images_in_the_one_child_and_refuses_a_hostile_one_alone(tmp_path, cli, monkeypatch,
                                                                                       shared, capsys):
    from kkrdesk.core.files import image_screen
    from tests.broken_images import png_by_hand, tiff_by_imagemagick

    folder = _meeting(tmp_path, cli)
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(hashing, "RACY_NANOSECONDS", 0)    # the files were written just now
    pictures = []
    for number in range(12):
        pictures.append(tmp_path / f"tavle {number}.png")
        pictures[-1].write_bytes(png_by_hand(40 + number, 30))
    pictures.append(tiff_by_imagemagick(tmp_path / "scan.tif", ("scan", "scan"), "LZW"))
    batches, own = [], []
    batch, single = pdf_screen._screen_batch_in_child, image_screen._screen_in_child
    monkeypatch.setattr(pdf_screen, "_screen_batch_in_child",
                        lambda paths, *rest: batches.append(len(paths)) or batch(paths, *rest))
    monkeypatch.setattr(image_screen, "_screen_in_child", lambda path, *rest: own.append(path) or single(path, *rest))

    assert kkrdesk.cli.main(["add-bilag", str(folder), "--item", "2.2", *map(str, pictures)]) == 0
    assert batches == [13] and own == []
    assert "scan (image, 2 sider)" in capsys.readouterr().out

    hostile = tmp_path / "foto.jpg"       # the JPEG with 925 scans, among sound ones
    hostile.write_bytes((shared / "corpus" / "qpdf" / "69977b.fuzz").read_bytes())
    more = [tmp_path / "ny tavle.png", hostile]
    more[0].write_bytes(png_by_hand(99, 30))
    assert kkrdesk.cli.main(["add-bilag", str(folder), "--item", "2.2", *map(str, more)]) == 1
    assert batches == [13, 2] and own == []
    told = capsys.readouterr().err
    assert told.count("foto.jpg") == 1 and "mere end 100 gennemløb" in told


def test_what_the_command_left_unscreened_is_not_screened_after_it(tmp_path, monkeypatch):
    from kkrdesk.core.files.hashing import file_identity

    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    files = [make_pdf(tmp_path / f"{n}.pdf", text=f"Fil {n}, side {{n}}") for n in range(30)]
    child = screen_start.start_batch_child()
    with kkrdesk.cli._screening_ahead([str(path) for path in files], child):
        pass                 # the command ended at once: its first file refused, or Ctrl+C
    assert child.poll() is not None                                     # stopped, not waited for
    assert (file_identity(files[-1]), "") not in pdf_screen._remembered
