"""The bundled sample meeting through the command line: it validates and shows its items and bilag."""

from __future__ import annotations

import json


def test_validate_reports_the_sample_meeting_in_order(cli, sample_dir):
    result = cli("validate", sample_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Møde i KKR Sjælland (5 punkter, 8 bilag) er i orden." in result.stdout
    assert not (sample_dir / "meeting.toml.bak").exists()


def test_validate_json_has_no_problems(cli, sample_dir):
    result = cli("validate", sample_dir, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["problems"] == []


def test_show_json_lists_the_items_with_their_bilag_and_pages(cli, sample_dir):
    result = cli("show", sample_dir, "--json")
    assert result.returncode == 0, result.stderr
    meeting = json.loads(result.stdout)
    assert meeting["kkr"] == "KKR Sjælland"
    assert meeting["date"] == "2025-02-27" and meeting["start"] == "10:00"
    items = {item["number"]: item for item in meeting["items"]}
    assert list(items) == ["2.1", "2.2", "2.4", "2.7", "2.8"]
    listed = {number: [(b["number"], b["title"], b["kind"], b["pages"]) for b in item["bilag"]]
              for number, item in items.items()}
    assert listed == {
        "2.1": [],
        "2.2": [(1, "Opsamling på KKR undersøgelse 2025", "pdf", 8),
                (2, "KKR-evaluering 2025", "docx", 17),
                (3, "KKR-undersøgelse 2025 – svardata (syntetiske)", "xlsx", None)],
        "2.4": [(1, "Udspil - kollektiv trafik - Danmark skal hænge sammen", "pdf", 9)],
        "2.7": [(1, "Rammeaftale for erhvervshusene 2024-2027", "pdf", 23),
                (2, "Resultatkontrakt 2025 mellem KKR Sjælland og Erhvervshus Sjælland", "docx", 3),
                (3, "Resultatopgørelse 2025 for Erhvervshus Sjælland (eksempel)", "csv", None),
                (4, "Resultatkontrakt 2025 – underskrevet, scannet kopi", "pdf", 3)],
        "2.8": [],
    }
    assert items["2.2"]["heading"] == ("2.2 Temadrøftelse: Drøftelse af rammerne for det "
                                       "fremtidige tværkommunale samarbejde i KKR")
    assert items["2.8"]["type"] is None
    data_files = {(number, b["number"]) for number, item in items.items() for b in item["bilag"]
                  if not b["printed"]}
    assert data_files == {("2.2", 3), ("2.7", 3)}, "data files are attached, not printed"


def test_show_prints_the_agenda_in_danish(cli, sample_dir):
    result = cli("show", sample_dir)
    assert result.returncode == 0, result.stderr
    assert "torsdag den 27. februar 2025 kl. 10.00" in result.stdout
    assert "Bilag 2: KKR-evaluering 2025 (DOCX, 17 sider)" in result.stdout
    assert "2.7 Orienteringssag: Rammeaftale for erhvervshusene 2024-2027" in result.stdout
