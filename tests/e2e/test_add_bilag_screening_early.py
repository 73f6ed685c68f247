"""`kkrdesk add-bilag` starts its screening child on the named files before the parser and the command's modules load."""

from __future__ import annotations

from pathlib import Path

import kkrdesk.cli
from kkrdesk.core.files import pdf_screen
from tests.factories import make_pdf


def test_the_screening_child_starts_before_the_parser_and_still_once_for_all(tmp_path, cli, monkeypatch):
    folder = tmp_path / "møde"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-02-27").returncode == 0
    assert cli("add-item", folder, "--number", "2.2", "--type", "Temadrøftelse", "--title", "Punkt").returncode == 0
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    files = [make_pdf(tmp_path / f"nyt {n}.pdf", n, text=f"Bilag {n}, side {{n}}") for n in (1, 2, 3)]
    events: list[object] = []
    batches, singles = [], []
    ahead, build_parser = pdf_screen.ScreeningAhead, kkrdesk.cli.build_parser
    batch, single = pdf_screen._screen_batch_in_child, pdf_screen._screen_in_child
    monkeypatch.setattr(kkrdesk.cli, "ScreeningAhead",
                        lambda paths: (paths := list(paths), events.append(sorted(paths)), ahead(paths))[-1])
    monkeypatch.setattr(kkrdesk.cli, "build_parser", lambda argv: events.append("parser") or build_parser(argv))
    monkeypatch.setattr(pdf_screen, "_screen_batch_in_child",
                        lambda paths, *rest: batches.append(len(paths)) or batch(paths, *rest))
    monkeypatch.setattr(pdf_screen, "_screen_in_child",
                        lambda path, *rest: singles.append(path) or single(path, *rest))

    assert kkrdesk.cli.main(["add-bilag", str(folder), "--item", "2.2", *map(str, files)]) == 0

    assert events == [sorted(Path(file) for file in files), "parser"]
    assert batches == [3] and singles == []
    assert len(list((folder / "bilag").glob("*.pdf"))) == 3


def test_other_commands_start_no_screening_early(tmp_path, monkeypatch):
    started: list[object] = []
    monkeypatch.setattr(kkrdesk.cli, "ScreeningAhead", started.append)
    assert kkrdesk.cli.main(["new", str(tmp_path / "møde"), "--kkr", "KKR Sjælland", "--date", "2025-02-27"]) == 0
    assert started == []
