"""kkrdesk preflight and kkrdesk export end to end, in a subprocess, with and without LibreOffice."""

from __future__ import annotations

import json

import pytest

from kkrdesk.core.export.libreoffice_toc import can_update_indexes
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting, seed_like_items


@pytest.mark.slow
def test_export_without_libreoffice_writes_both_files(tmp_path, cli):
    folder = make_meeting(tmp_path / "møde", seed_like_items())
    done = cli("export", folder, "--pdf", tmp_path / "ud" / "bilag.pdf", "--docx", tmp_path / "ud" / "dagsorden.docx",
               "--no-libreoffice", "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["ok"] and answer["total_pages"] == 62
    assert answer["bilag_pages"] == {"2.2/1": 2, "2.2/2": 11, "2.4/1": 29, "2.7/1": 39}
    assert answer["toc_updated"] is False and "Word spørger" in answer["notes"][0]
    assert (tmp_path / "ud" / "bilag.pdf").stat().st_size > 0
    assert (tmp_path / "ud" / "dagsorden.docx").stat().st_size > 0


def test_preflight_prints_checks_and_estimates(tmp_path, cli):
    folder = make_meeting(tmp_path / "møde", seed_like_items())
    done = cli("preflight", folder)
    assert done.returncode == 0, done.stderr
    assert "2.2 Temadrøftelse: Rammerne for det fremtidige samarbejde i KKR – 2 bilag, 25 sider" in done.stdout
    assert "Ingen fejl. Bilagene fylder 57 sider" in done.stdout


@pytest.mark.slow
def test_errors_block_the_export_and_override_writes_what_it_can(tmp_path, cli):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Punkt", bilag=[BilagSpec("Væk", 2), BilagSpec("Her", 2)])])
    (folder / "bilag" / "1-1.pdf").unlink()
    checked = cli("preflight", folder, "--json")
    assert checked.returncode == 1
    assert [p["code"] for p in json.loads(checked.stdout)["problems"]] == ["file-missing"]

    target = tmp_path / "bilag.pdf"
    blocked = cli("export", folder, "--pdf", target, "--no-libreoffice")
    assert blocked.returncode == 1
    assert "intet er skrevet" in blocked.stderr and "bilag 1 til punkt 1 (bilag/1-1.pdf): filen mangler" in blocked.stderr
    assert not target.exists()

    forced = cli("export", folder, "--pdf", target, "--no-libreoffice", "--override")
    assert forced.returncode == 1
    assert "fejl: bilag 1 til punkt 1 (bilag/1-1.pdf): filen mangler." in forced.stdout
    assert "Eksporten er ufuldstændig" in forced.stdout and target.is_file()


@pytest.mark.slow
def test_a_word_bilag_without_libreoffice_is_named_and_the_rest_is_written(tmp_path, cli):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Punkt", bilag=[BilagSpec("Notat", 2, kind="docx"),
                                                                            BilagSpec("Bilag i PDF", 2)])])
    done = cli("export", folder, "--pdf", tmp_path / "bilag.pdf", "--no-libreoffice")
    assert done.returncode == 1
    assert "bilag 1 til punkt 1 (bilag/1-1.docx): dokumentet kunne ikke omdannes til PDF, fordi LibreOffice er " \
           "fravalgt" in done.stdout
    assert "Skrev bilagspakken" in done.stdout and (tmp_path / "bilag.pdf").is_file()


@pytest.mark.slow
def test_nothing_to_export_is_a_usage_error(tmp_path, cli):
    folder = make_meeting(tmp_path / "møde", seed_like_items())
    done = cli("export", folder)
    assert done.returncode == 2 and "--pdf" in done.stderr


@pytest.mark.libreoffice
@pytest.mark.skipif(not can_update_indexes(), reason="LibreOffice with Python-UNO is not installed")
@pytest.mark.slow
def test_export_with_libreoffice_fills_the_toc_and_converts_word_bilag(tmp_path, cli):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Punkt", bilag=[BilagSpec("Notat", 2, kind="docx")]),
                                              ItemSpec("2", "Andet", bilag=[BilagSpec("PDF", 2)])])
    done = cli("export", folder, "--pdf", tmp_path / "bilag.pdf", "--docx", tmp_path / "dagsorden.docx", "--json",
               env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert done.returncode == 0, done.stdout + done.stderr
    answer = json.loads(done.stdout)
    assert answer["ok"] and answer["toc_updated"]
    [note] = answer["notes"]            # only the untagged PDF bilag is named: the Word bilag got tags
    assert "1 bilag har ingen tags" in note and "bilag 1 til punkt 2" in note
    assert answer["bilag_pages"]["1/1"] == 2


@pytest.mark.slow
def test_missing_libreoffice_is_said_as_such(tmp_path, cli):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Punkt", bilag=[BilagSpec("Notat", 2, kind="docx")])])
    done = cli("export", folder, "--pdf", tmp_path / "bilag.pdf", "--docx", tmp_path / "dagsorden.docx",
               env={"KKRDESK_NO_LIBREOFFICE": "1"})
    assert done.returncode == 1
    assert "fordi LibreOffice ikke er installeret" in done.stdout
    assert "Word spørger, om felterne skal opdateres" in done.stdout
