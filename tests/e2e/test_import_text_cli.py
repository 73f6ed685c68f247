"""kkrdesk import-text from a shell: an item's texts from a Word case document, and nothing changed on bad input."""

import json

import pytest

from tests.casetext_documents import english_case, kl_case, without_sections


def meeting(cli, tmp_path):
    folder = tmp_path / "møde"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-03-01").returncode == 0
    assert cli("add-item", folder, "--number", "2.2", "--title", "Vækstplan").returncode == 0
    return folder


@pytest.mark.slow
def test_import_text_fills_the_item_and_refuses_to_overwrite(cli, tmp_path):
    folder = meeting(cli, tmp_path)
    case = kl_case(tmp_path / "sag.docx")
    run = cli("import-text", folder, case, "--item", "2.2", "--json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert [s["field"] for s in report["sections"]] == ["resume", "indstilling",
                                                        "sagsfremstilling", "beslutning"]
    manifest = (folder / "meeting.toml").read_text(encoding="utf-8")
    assert "- godkender planen" in manifest and "År | Beløb" in manifest
    assert 'beslutning = "Godkendt."' in manifest
    again = cli("import-text", folder, kl_case(tmp_path / "ny.docx"), "--item", "2.2")
    assert again.returncode == 0     # the same texts again: nothing to overwrite


@pytest.mark.slow
def test_existing_text_is_kept_without_replace(cli, tmp_path):
    folder = meeting(cli, tmp_path)
    manifest = folder / "meeting.toml"
    case = kl_case(tmp_path / "sag.docx")
    cli("import-text", folder, case, "--item", "2.2")
    edited = manifest.read_text(encoding="utf-8").replace("kommunernes bidrag", "noget andet")
    manifest.write_text(edited, encoding="utf-8")
    before = manifest.read_bytes()
    run = cli("import-text", folder, case, "--item", "2.2")
    assert run.returncode == 1
    assert "har allerede tekst i sagsfremstilling" in run.stderr and "--replace" in run.stderr
    assert manifest.read_bytes() == before
    assert cli("import-text", folder, case, "--item", "2.2", "--replace").returncode == 0
    assert "kommunernes bidrag" in manifest.read_text(encoding="utf-8")


@pytest.mark.slow
def test_bad_documents_change_nothing(cli, tmp_path):
    folder = meeting(cli, tmp_path)
    manifest = folder / "meeting.toml"
    before = manifest.read_bytes()
    for make in (without_sections, english_case):
        run = cli("import-text", folder, make(tmp_path / f"{make.__name__}.docx"), "--item", "2.2")
        assert run.returncode == 1 and "Traceback" not in run.stderr
        assert "overskrift" in run.stderr
    damaged = tmp_path / "i-stykker.docx"
    damaged.write_bytes(b"PK\x03\x04 not a zip at all")
    run = cli("import-text", folder, damaged, "--item", "2.2")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    missing_item = cli("import-text", folder, kl_case(tmp_path / "s.docx"), "--item", "9.9")
    assert missing_item.returncode == 1 and "intet punkt 9.9" in missing_item.stderr
    assert manifest.read_bytes() == before


def test_dry_run_shows_where_text_goes(cli, tmp_path):
    folder = meeting(cli, tmp_path)
    before = (folder / "meeting.toml").read_bytes()
    run = cli("import-text", folder, kl_case(tmp_path / "sag.docx"), "--item", "2.2", "--dry-run")
    assert run.returncode == 0
    assert "Ville sætte »Forslag til beslutning« ind som indstilling i punkt 2.2" in run.stdout
    assert "Ville sætte »Beslutning« ind som beslutning i punkt 2.2" in run.stdout
    assert (folder / "meeting.toml").read_bytes() == before
