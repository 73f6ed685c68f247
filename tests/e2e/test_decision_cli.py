"""A decision written into an item is found by kkrdesk search and told by the pack diff, through the command line."""

from __future__ import annotations

import json

import pytest

from tests.contract_corpus import p, write_ooxml
from tests.reader_helpers import own_user_folders, shared_cache  # noqa: F401  (fixtures used by name)


def decision_case(path, decision):
    """A case document whose only section is the meeting's decision, zipped from hand-written OOXML."""
    return write_ooxml(path, p("Beslutning", "Overskrift1") + p(decision))


def _hits(cli, target, word):
    run = cli("search", target, word, "--json")
    assert run.returncode == 0, run.stderr
    return [(h["item_number"], h["bilag_number"]) for h in json.loads(run.stdout)["hits"]]


@pytest.mark.slow
def test_a_decision_is_searched_in_the_folder_and_the_pack_and_its_change_is_told(cli, tmp_path):
    folder = tmp_path / "møde"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-03-01").returncode == 0
    for number, title in (("2.2", "Vækstplan"), ("2.3", "Praktikpladser")):
        assert cli("add-item", folder, "--number", number, "--title", title).returncode == 0
    assert cli("pack", folder, "-o", tmp_path / "v1.kkrpack", "--version", "1").returncode == 0
    assert cli("open", tmp_path / "v1.kkrpack", "--no-window").returncode == 0

    first = decision_case(tmp_path / "beslutning.docx", "KKR tiltrådte vækstplanen med busruterne.")
    assert cli("import-text", folder, first, "--item", "2.2").returncode == 0
    assert _hits(cli, folder, "busruterne") == [("2.2", None)]
    assert cli("pack", folder, "-o", tmp_path / "v2.kkrpack", "--version", "2").returncode == 0
    assert _hits(cli, tmp_path / "v2.kkrpack", "tiltrådte") == [("2.2", None)]
    for searched in (folder, tmp_path / "v2.kkrpack"):
        printed = cli("search", searched, "tiltrådte")
        assert "\nPunkt 2.2 (beslutning) – Vækstplan\n" in printed.stdout, printed.stdout
    opened = cli("open", tmp_path / "v2.kkrpack", "--no-window")
    assert opened.returncode == 0, opened.stderr
    assert "Ændret punkt 2.2: Vækstplan (beslutningen er tilføjet)" in opened.stdout

    second = decision_case(tmp_path / "ny beslutning.docx", "Udsat til mødet i juni.")
    assert cli("import-text", folder, second, "--item", "2.2", "--replace").returncode == 0
    assert _hits(cli, folder, "busruterne") == [] and _hits(cli, folder, "juni") == [("2.2", None)]
    assert cli("pack", folder, "-o", tmp_path / "v3.kkrpack", "--version", "3").returncode == 0
    opened = json.loads(cli("open", tmp_path / "v3.kkrpack", "--json").stdout)
    assert opened["changes"] == ["Ændret punkt 2.2: Vækstplan (beslutningen er ændret)"]
