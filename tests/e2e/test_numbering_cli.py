"""kkrdesk renumber and kkrdesk new --from, run as a user runs them on folders the tests write by hand."""

from __future__ import annotations

import json
import tomllib

import pytest

from tests.factories import make_pdf

MOVED = '''format = 1

[meeting]
kkr = "KKR Sjælland"
date = 2025-02-27
continuous_numbers = true

[[items]]
number = "2.1"
title = "Godkendelse af dagsorden"

[[items]]
number = "2.2"
title = "Rammer for samarbejdet"
sagsfremstilling = "Udspillet, jf. bilag 1 til punkt 2.3, drøftes her. Bilagene er udsendt."

[[items]]
number = "2.5"
title = "Erhvervshuse"

[[items]]
number = "2.3"
title = "Kollektiv trafik"
indstilling = "KKR tager bilag 1 til efterretning."

[[items.bilag]]
title = "Udspil"
file = "bilag/udspil.pdf"
kind = "pdf"
pages = 1
'''


@pytest.fixture
def moved(tmp_path):
    folder = tmp_path / "flyttet"
    (folder / "bilag").mkdir(parents=True)
    make_pdf(folder / "bilag" / "udspil.pdf")
    (folder / "meeting.toml").write_text(MOVED, encoding="utf-8")
    return folder


def manifest(folder):
    return tomllib.loads((folder / "meeting.toml").read_text(encoding="utf-8"))


def test_validate_warns_about_an_item_moved_out_of_number_order(cli, moved):
    result = cli("validate", moved, "--json")
    assert result.returncode == 0, result.stderr
    codes = [(p["code"], p["severity"]) for p in json.loads(result.stdout)["problems"]]
    assert ("number-order", "warning") in codes and ("number-gap", "warning") in codes


def test_renumber_numbers_in_agenda_order_and_keeps_the_references_pointing_right(cli, moved):
    original = (moved / "meeting.toml").read_bytes()
    dry = cli("renumber", moved, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Punkt 2.5 ville få nummer 2.3." in dry.stdout
    assert (moved / "meeting.toml").read_bytes() == original

    result = cli("renumber", moved)
    assert result.returncode == 0, result.stderr
    assert "Punkt 2.3 fik nummer 2.4." in result.stdout
    assert '"bilag 1 til punkt 2.3" → "bilag 1 til punkt 2.4"' in result.stdout
    items = manifest(moved)["items"]
    assert [i["number"] for i in items] == ["2.1", "2.2", "2.3", "2.4"]
    assert items[1]["sagsfremstilling"] == ("Udspillet, jf. bilag 1 til punkt 2.4, drøftes her. "
                                            "Bilagene er udsendt.")
    assert items[3]["indstilling"] == "KKR tager bilag 1 til efterretning."
    assert (moved / "meeting.toml.bak").read_bytes() == original
    verdict = json.loads(cli("validate", moved, "--json").stdout)
    assert [p["code"] for p in verdict["problems"]] == ["hash-missing"]

    again = json.loads(cli("renumber", moved, "--json").stdout)
    assert again == {"ok": True, "saved": False, "numbers": [], "references": []}


def test_renumber_keeping_gaps_only_puts_the_numbers_in_order(cli, moved):
    result = cli("renumber", moved, "--keep-gaps", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["numbers"] == [{"old": "2.5", "new": "2.3"}, {"old": "2.3", "new": "2.5"}]
    assert [i["number"] for i in manifest(moved)["items"]] == ["2.1", "2.2", "2.3", "2.5"]
    assert "bilag 1 til punkt 2.5" in manifest(moved)["items"][1]["sagsfremstilling"]


def test_renumber_refuses_a_folder_without_a_meeting(cli, tmp_path):
    result = cli("renumber", tmp_path)
    assert result.returncode == 1
    assert "meeting.toml" in result.stderr


def test_new_from_the_sample_takes_its_recurring_items_without_bilag(cli, sample_dir, tmp_path):
    before = {p: p.read_bytes() for p in sample_dir.rglob("*") if p.is_file()}
    target = tmp_path / "april"
    result = cli("new", target, "--from", sample_dir, "--date", "2025-04-10")
    assert result.returncode == 0, result.stderr
    assert "2.1 Beslutningssag: Godkendelse af dagsorden" in result.stdout
    made, sample = manifest(target), manifest(sample_dir)
    assert made["meeting"]["kkr"] == "KKR Sjælland" and str(made["meeting"]["date"]) == "2025-04-10"
    assert made["meeting"]["continuous_numbers"] is True
    assert [(i["number"], i["title"]) for i in made["items"]] == [("2.1", "Godkendelse af dagsorden"),
                                                                  ("2.2", "Eventuelt")]
    by_title = {i["title"]: i for i in sample["items"]}
    for item in made["items"]:
        assert "bilag" not in item and "case_id" not in item
        assert item["resume"] == by_title[item["title"]]["resume"]
    assert list((target / "bilag").iterdir()) == []
    assert cli("validate", target).returncode == 0
    assert {p: p.read_bytes() for p in sample_dir.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("source, typed", [("kkr-med-sagstyper", True), ("KKR-møde uden sagstyper", False)])
def test_new_from_a_shipped_template(cli, tmp_path, source, typed):
    target = tmp_path / "møde"
    result = cli("new", target, "--from", source, "--kkr", "KKR Midtjylland", "--date", "2025-05-01")
    assert result.returncode == 0, result.stderr
    items = manifest(target)["items"]
    assert [i["number"] for i in items] == ["2.1", "2.2", "2.3"]
    assert items[0]["title"] == "Godkendelse af dagsorden" and items[-1]["title"] == "Eventuelt"
    assert ("type" in items[0]) is typed
    validated = json.loads(cli("validate", target, "--json").stdout)
    assert validated["problems"] == []


def test_new_from_a_saved_template_file(cli, tmp_path):
    template = tmp_path / "min skabelon.toml"
    template.write_text('[template]\nname = "Min skabelon"\n\n[[items]]\nnumber = "3.1"\n'
                        'title = "Valg af dirigent"\n\n[[items]]\nnumber = "3.4"\ntitle = "Eventuelt"\n',
                        encoding="utf-8")
    result = cli("new", tmp_path / "m", "--from", template, "--kkr", "KKR Sjælland", "--date", "2025-05-01")
    assert result.returncode == 0, result.stderr
    assert [(i["number"], i["title"]) for i in manifest(tmp_path / "m")["items"]] == [
        ("3.1", "Valg af dirigent"), ("3.2", "Eventuelt")]


def test_new_from_an_unknown_source_names_the_templates_there_are(cli, tmp_path):
    result = cli("new", tmp_path / "m", "--from", "månedsmøde", "--kkr", "KKR Sjælland", "--date", "2025-05-01")
    assert result.returncode == 1
    assert '"månedsmøde" er hverken' in result.stderr and '"kkr-uden-sagstyper"' in result.stderr
    assert not (tmp_path / "m").exists()


def test_new_from_a_template_needs_the_kkr(cli, tmp_path):
    result = cli("new", tmp_path / "m", "--from", "kkr-med-sagstyper", "--date", "2025-05-01")
    assert result.returncode == 2
    assert "--kkr" in result.stderr
