"""The meeting commands, run as a user runs them: new, add-item, add-bilag, validate, show."""

from __future__ import annotations

import json
import sys

import pytest

from tests.factories import make_docx, make_pdf
from tests.held_commands import held_then_terminated


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
            and p.name != ".kkrdesk.lock"}


@pytest.fixture
def built(tmp_path, cli):
    folder = tmp_path / "møde"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-02-27", "--start", "10:00",
               "--place", "Ringsted").returncode == 0
    for number, kind in (("2.2", "Temadrøftelse"), ("2.7", "Orienteringssag"), ("2.4", "Temadrøftelse")):
        result = cli("add-item", folder, "--number", number, "--type", kind, "--title", f"Punkt {number}")
        assert result.returncode == 0, result.stderr
    pdf = make_pdf(tmp_path / "Opsamling på undersøgelsen.pdf", 8)
    docx = make_docx(tmp_path / "evaluering.docx")
    assert cli("add-bilag", folder, "--item", "2.2", pdf).returncode == 0
    assert cli("add-bilag", folder, "--item", "2.2", docx, "--title", "KKR-evaluering 2025",
               env={"KKRDESK_NO_LIBREOFFICE": "1"}).returncode == 0
    return folder


@pytest.mark.slow
def test_a_meeting_built_from_the_command_line_validates_and_shows(built, cli):
    result = cli("validate", built)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "er i orden" in result.stdout
    shown = json.loads(cli("show", built, "--json").stdout)
    assert [item["number"] for item in shown["items"]] == ["2.2", "2.4", "2.7"]
    bilag = shown["items"][0]["bilag"]
    assert [(b["number"], b["title"], b["kind"], b["pages"]) for b in bilag] == [
        (1, "Opsamling på undersøgelsen", "pdf", 8), (2, "KKR-evaluering 2025", "docx", 1)]
    text = cli("show", built).stdout
    assert "torsdag den 27. februar 2025 kl. 10.00, Ringsted" in text
    assert "Bilag 1: Opsamling på undersøgelsen (PDF, 8 sider)" in text


@pytest.mark.slow
def test_json_answers_for_each_command(built, cli, tmp_path):
    added = json.loads(cli("add-bilag", built, "--item", "2.4", make_pdf(tmp_path / "x.pdf", 2),
                           "--json").stdout)
    assert added["bilag"]["pages"] == 2 and added["item"] == "2.4"
    verdict = json.loads(cli("validate", built, "--json").stdout)
    assert verdict == {"ok": True, "accepted": [], "problems": []}


@pytest.mark.slow
def test_problems_give_exit_1_and_a_danish_message_naming_file_and_field(built, cli):
    manifest = built / "meeting.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('number = "2.4"', 'number = "2.2"'),
                        encoding="utf-8")
    result = cli("validate", built)
    assert result.returncode == 1
    assert "punktnummeret 2.2 bruges 2 gange" in result.stdout
    assert str(manifest) in result.stdout


@pytest.mark.parametrize("damage", [
    lambda text: text.replace("format = 1", "format = 1\nfarve = 2"),
    lambda text: text.replace('kkr = "KKR Sjælland"\n', ""),
    lambda text: text.replace('file = "bilag/', 'file = "../../'),
    lambda text: text.replace("pages = 8", 'pages = "otte"'),
])
@pytest.mark.slow
def test_malformed_manifests_exit_1_and_write_nothing(built, cli, damage):
    manifest = built / "meeting.toml"
    manifest.write_text(damage(manifest.read_text(encoding="utf-8")), encoding="utf-8")
    before = snapshot(built)
    for command in (("validate", built), ("show", built), ("add-item", built, "--number", "9", "--title", "x")):
        result = cli(*command)
        assert result.returncode == 1, command
        assert "meeting.toml" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(built) == before


@pytest.mark.slow
def test_missing_and_changed_bilag_are_reported(built, cli):
    files = sorted((built / "bilag").iterdir())
    files[0].unlink()
    make_pdf(files[1], 3) if files[1].suffix == ".pdf" else files[1].write_bytes(b"changed")
    result = cli("validate", built, "--json")
    assert result.returncode == 1
    assert {p["code"] for p in json.loads(result.stdout)["problems"]} >= {"file-missing"}


def test_usage_errors_exit_2(cli, tmp_path):
    assert cli("new", tmp_path / "x", "--kkr", "KKR Sjælland", "--date", "27/2").returncode == 2
    result = cli("add-item")
    assert result.returncode == 2 and "mangler" in result.stderr


@pytest.mark.slow
def test_unreadable_bilag_is_refused_with_exit_1(built, cli, tmp_path):
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")
    result = cli("add-bilag", built, "--item", "2.2", empty)
    assert result.returncode == 1
    assert "filen er tom" in result.stderr
    result = cli("add-bilag", built, "--item", "9.9", make_pdf(tmp_path / "y.pdf"))
    assert result.returncode == 1 and "intet punkt 9.9" in result.stderr


@pytest.mark.slow
def test_the_sample_rebuilt_with_the_command_line_shows_the_same(cli, tmp_path, sample_dir):
    sample = json.loads(cli("show", sample_dir, "--json").stdout)
    rebuilt = tmp_path / "genopbygget"
    meeting = sample
    assert cli("new", rebuilt, "--kkr", meeting["kkr"], "--date", meeting["date"], "--start",
               meeting["start"], "--place", meeting["place"], "--title", meeting["title"]).returncode == 0
    for item in sample["items"]:
        command = ["add-item", rebuilt, "--number", item["number"], "--title", item["title"]]
        if item["type"]:
            command += ["--type", item["type"]]
        assert cli(*command).returncode == 0
        for bilag in item["bilag"]:
            flag = "--printed" if bilag["printed"] else "--not-printed"
            result = cli("add-bilag", rebuilt, "--item", item["number"], sample_dir / bilag["file"],
                         "--title", bilag["title"], flag)
            assert result.returncode == 0, result.stderr
    assert cli("validate", rebuilt).returncode == 0
    shown = json.loads(cli("show", rebuilt, "--json").stdout)

    def outline(data):
        return [(i["number"], i["type"], i["title"],
                 [(b["number"], b["title"], b["kind"], b["pages"], b["sha256"], b["printed"])
                  for b in i["bilag"]]) for i in data["items"]]

    assert outline(shown) == outline(sample)


@pytest.mark.slow
def test_add_bilag_takes_many_files_in_one_call_in_the_order_given(built, cli, tmp_path):
    files = [make_pdf(tmp_path / f"notat {n}.pdf", n) for n in (3, 1, 2)]
    result = cli("add-bilag", built, "--item", "2.7", *files, "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert [(b["number"], b["title"], b["pages"]) for b in answer["added"]] == [
        (1, "notat 3", 3), (2, "notat 1", 1), (3, "notat 2", 2)]
    shown = json.loads(cli("show", built, "--json").stdout)
    item = next(i for i in shown["items"] if i["number"] == "2.7")
    assert [b["title"] for b in item["bilag"]] == ["notat 3", "notat 1", "notat 2"]
    assert cli("validate", built).returncode == 0


@pytest.mark.slow
def test_add_bilag_with_one_refused_file_adds_none_and_names_it(built, cli, tmp_path):
    before = snapshot(built)
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")
    result = cli("add-bilag", built, "--item", "2.7", make_pdf(tmp_path / "god.pdf", 2), empty)
    assert result.returncode == 1
    assert "tom.pdf" in result.stderr and "Ingen af filerne er lagt på" in result.stderr
    assert snapshot(built) == before


@pytest.mark.slow
def test_add_bilag_stopped_with_ctrl_c_midway_leaves_no_copies(built, tmp_path, monkeypatch, capsys):
    from kkrdesk.cli import main
    from kkrdesk.core.meeting import importing

    before = snapshot(built)
    real_inspect = importing.inspect_file

    def interrupted_at_the_second(source, **kwargs):
        if source.name == "anden.pdf":
            raise KeyboardInterrupt
        return real_inspect(source, **kwargs)

    monkeypatch.setattr(importing, "inspect_file", interrupted_at_the_second)
    files = [make_pdf(tmp_path / name, 2) for name in ("første.pdf", "anden.pdf")]
    assert main(["add-bilag", str(built), "--item", "2.7", *map(str, files)]) == 130
    assert "afbrudt" in capsys.readouterr().err
    assert snapshot(built) == before


# add-bilag in a process of its own that waits at its third file (the first two copied in) until stopped
WAITING_AT_THE_THIRD = """
import sys, time
from pathlib import Path
from kkrdesk.cli import main
from kkrdesk.core.meeting import importing

real_inspect = importing.inspect_file

def waiting(source, **kwargs):
    if source.name == "tredje.pdf":
        Path(sys.argv[1]).touch()
        time.sleep(120)
    return real_inspect(source, **kwargs)

importing.inspect_file = waiting
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM ends a Windows process where it stands")
def test_add_bilag_stopped_with_sigterm_midway_leaves_no_copies(built, tmp_path):
    before = snapshot(built)
    files = [make_pdf(tmp_path / name, 2, text=f"{name} {{n}}") for name in ("første.pdf", "anden.pdf", "tredje.pdf")]

    def two_copied() -> None:
        assert {"første.pdf", "anden.pdf"} <= {path.name for path in (built / "bilag").iterdir()}

    code, errors = held_then_terminated(WAITING_AT_THE_THIRD, tmp_path / "venter",
                                        ["add-bilag", built, "--item", "2.7", *files], while_held=two_copied)
    assert code == 130 and "afbrudt" in errors
    assert snapshot(built) == before


@pytest.mark.slow
def test_add_bilag_refuses_one_title_for_many_files(built, cli, tmp_path):
    files = [make_pdf(tmp_path / f"{n}.pdf") for n in (1, 2)]
    result = cli("add-bilag", built, "--item", "2.7", *files, "--title", "Samme titel")
    assert result.returncode == 2 and "--title" in result.stderr


@pytest.mark.slow
def test_add_bilag_screens_its_pdfs_in_one_child_not_one_each(built, tmp_path, monkeypatch):
    from kkrdesk.cli import main
    from kkrdesk.core.files import pdf_screen

    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    batches, singles = [], []
    batch, single = pdf_screen._screen_batch_in_child, pdf_screen._screen_in_child
    monkeypatch.setattr(pdf_screen, "_screen_batch_in_child",
                        lambda paths, *rest: batches.append(len(paths)) or batch(paths, *rest))
    monkeypatch.setattr(pdf_screen, "_screen_in_child",
                        lambda path, *rest: singles.append(path) or single(path, *rest))
    files = [make_pdf(tmp_path / f"nyt {n}.pdf", n, text=f"Bilag {n}, side {{n}}") for n in (1, 2, 3, 4)]
    assert main(["add-bilag", str(built), "--item", "2.7", *map(str, files)]) == 0
    assert batches == [4] and singles == []
