"""The pack diff tells the referat's changes (Fraværende, Protokoltilførsel, approval, follow-up), through the command line."""

from __future__ import annotations

import json

import pytest

from tests.reader_helpers import own_user_folders, shared_cache  # noqa: F401  (fixtures used by name)


@pytest.mark.slow
def test_referat_changes_written_into_meeting_toml_are_told_when_the_next_pack_opens(cli, tmp_path):
    folder = tmp_path / "møde"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-03-01").returncode == 0
    assert cli("add-item", folder, "--number", "2.2", "--title", "Vækstplan").returncode == 0
    assert cli("pack", folder, "-o", tmp_path / "v1.kkrpack", "--version", "1").returncode == 0
    assert cli("open", tmp_path / "v1.kkrpack", "--no-window").returncode == 0

    manifest = folder / "meeting.toml"          # edited by hand, as docs/meeting-format.md describes
    text = manifest.read_text("utf-8")
    text = text.replace('{ number = "2.2", title = "Vækstplan" }',
                        '{ number = "2.2", title = "Vækstplan", beslutning = "Godkendt.", '
                        'opfoelgning = true, opfoelgning_dato = 2025-09-01 }')
    text += ('fravaerende = "Borgmester Hansen, Sorø"\n'
             'protokoltilfoersel = "Borgmester Jensen stemte imod."\n'
             'referat_status = "godkendt"\nreferat_godkendt_dato = 2025-03-20\n')
    manifest.write_text(text, "utf-8")
    assert cli("pack", folder, "-o", tmp_path / "v2.kkrpack", "--version", "2").returncode == 0

    opened = cli("open", tmp_path / "v2.kkrpack", "--no-window")
    assert opened.returncode == 0, opened.stderr
    said = [line.strip() for line in opened.stdout.splitlines()]
    start = said.index("Ændret siden version 1, som du læste sidst:")
    assert said[start + 1:start + 5] == [
        "Referatet: fraværende er tilføjet: »Borgmester Hansen, Sorø«",
        "Referatet: protokoltilførslen er tilføjet",
        "Referatet er godkendt den 20. marts 2025",
        "Ændret punkt 2.2: Vækstplan (beslutningen er tilføjet, opfølgning er tilføjet med frist 1. september 2025)"]

    manifest.write_text(manifest.read_text("utf-8").replace("Borgmester Hansen, Sorø", "Ingen"), "utf-8")
    assert cli("pack", folder, "-o", tmp_path / "v3.kkrpack", "--version", "3").returncode == 0
    opened = json.loads(cli("open", tmp_path / "v3.kkrpack", "--json").stdout)
    assert opened["changes"] == ["Referatet: fraværende er ændret: »Ingen«"]
