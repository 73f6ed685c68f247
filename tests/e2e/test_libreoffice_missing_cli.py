"""The command line without LibreOffice: add-bilag and export tell what is lost and how to install it, once."""

from __future__ import annotations

import json

import pytest

from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting
from tests.factories import make_docx, make_pdf

NO_LIBREOFFICE = {"KKRDESK_NO_LIBREOFFICE": "1"}


@pytest.mark.slow
def test_adding_a_word_bilag_notes_whose_page_count_it_is(tmp_path, cli):
    folder = tmp_path / "møde"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-02-27").returncode == 0
    assert cli("add-item", folder, "--number", "2.2", "--title", "Samarbejdet").returncode == 0
    word = cli("add-bilag", folder, "--item", "2.2", make_docx(tmp_path / "evaluering.docx"), env=NO_LIBREOFFICE)
    assert word.returncode == 0, word.stderr
    notes = [line for line in word.stdout.splitlines() if line.startswith("Bemærk:")]
    assert len(notes) == 1 and "LibreOffice er ikke installeret" in notes[0]
    assert notes[0].count("da.libreoffice.org") == 1

    pdf = cli("add-bilag", folder, "--item", "2.2", make_pdf(tmp_path / "opsamling.pdf", 2), "--json",
              env=NO_LIBREOFFICE)
    assert pdf.returncode == 0 and json.loads(pdf.stdout)["notes"] == []


@pytest.mark.slow
def test_export_says_how_to_install_libreoffice_once(tmp_path, cli):
    folder = make_meeting(tmp_path / "møde", [
        ItemSpec("1", "Punkt", bilag=[BilagSpec("Notat", 2, kind="docx"), BilagSpec("Referat", 1, kind="docx")])])
    done = cli("export", folder, "--pdf", tmp_path / "bilag.pdf", "--docx", tmp_path / "dagsorden.docx",
               env=NO_LIBREOFFICE)
    assert done.returncode == 1
    assert done.stdout.count("da.libreoffice.org") == 1
    assert done.stdout.count("fordi LibreOffice ikke er installeret") >= 2
    assert "fravalgt" not in done.stdout
    assert (tmp_path / "bilag.pdf").is_file() and (tmp_path / "dagsorden.docx").is_file()


def test_a_member_pack_says_its_word_bilag_come_without_a_pdf_rendering(tmp_path, cli):
    folder = make_meeting(tmp_path / "møde", [
        ItemSpec("1", "Punkt", bilag=[BilagSpec("Notat", 2, kind="docx"), BilagSpec("Referat", 1)])])
    done = cli("pack", folder, "-o", tmp_path / "møde.kkrpack", "--json", env=NO_LIBREOFFICE)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert not [f for f in answer["files"] if f["role"] == "rendering"]
    assert len(answer["notes"]) == 1 and "pakkens 1 Word-bilag kommer med uden en PDF-udgave" in answer["notes"][0]
    assert "medlemmerne ser det som tekst" in answer["notes"][0]
