"""Active PDF content (scripts, launches, form submission, attachments) never reaches the exported bilag pack."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pikepdf
import pytest

from tests.conftest import run_cli
from tests.export_fixtures import make_pdf
from tests.hostile_pdfs import PLAIN_HTTP_LINK, SAFE_LINK, active_leftovers, hand_written_pdf, hostile_pdf


@pytest.fixture(scope="module")
def hostile_meeting_built(tmp_path_factory):
    """The meeting built once through the command line; each test works on its own copy."""
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "møde"
    sources = root / "kilder"
    sources.mkdir()
    assert run_cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-02-27").returncode == 0
    for number, title in (("1", "Godkendelse"), ("2", "Trafik")):
        assert run_cli("add-item", folder, "--number", number, "--title", title).returncode == 0
    files = [("1", make_pdf(sources / "ren.pdf", 2, "Ren")), ("2", hostile_pdf(sources / "fjendtlig.pdf")),
             ("2", hand_written_pdf(sources / "haandskrevet.pdf"))]
    for item, path in files:
        done = run_cli("add-bilag", folder, path, "--item", item)
        assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def hostile_meeting(hostile_meeting_built, tmp_path):
    return Path(shutil.copytree(hostile_meeting_built, tmp_path / "møde"))


def _export(cli, folder, target, *extra):
    done = cli("export", folder, "--pdf", target, "--no-libreoffice", "--json", *extra)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout), done.stderr


def _web_links(pdf: pikepdf.Pdf) -> set[str]:
    return {str(a.A.URI) for page in pdf.pages for a in page.obj.get("/Annots", [])
            if "/A" in a and a.A.get("/S") == pikepdf.Name.URI}


def _internal_links_to_bilag_pages(pdf: pikepdf.Pdf) -> list[int]:
    """Pack page numbers (1-based) that the bilag's own internal links point to."""
    numbers = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
    found = []
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            target = annotation.get("/Dest")
            if target is None and "/A" in annotation and annotation.A.get("/S") == pikepdf.Name.GoTo:
                target = annotation.A.D
            if isinstance(target, pikepdf.Array) and target[0].objgen in numbers:
                found.append(numbers[target[0].objgen])
    return found


@pytest.mark.slow
def test_no_active_content_survives_the_export_and_links_do(hostile_meeting, tmp_path, cli):
    answer, stderr = _export(cli, hostile_meeting, tmp_path / "bilag.pdf")
    assert "Warning" not in stderr and "PageCopyWarning" not in stderr
    with pikepdf.open(tmp_path / "bilag.pdf") as pdf:
        assert active_leftovers(pdf) == []
        assert _web_links(pdf) == {SAFE_LINK, PLAIN_HTTP_LINK, "https://www.regionsjaelland.dk/"}
        internal = _internal_links_to_bilag_pages(pdf)
        separators = set(answer["bilag_pages"].values())
        # the pack's own index links go to separators; the hostile bilag's two links to its page 2
        hostile_second_page = answer["bilag_pages"]["2/1"] + 2
        assert internal.count(hostile_second_page) == 2
        assert separators <= set(internal)
        assert "/PageLabels" in pdf.Root and len(pdf.open_outline().root) == 2
    found = {(p["code"], p["item"], p["bilag"]) for p in answer["preflight"]["problems"]}
    assert {("pdf-active-content", "2", 1), ("pdf-active-content", "2", 2), ("pdf-web-links", "2", 1),
            ("pdf-web-links", "2", 2), ("pdf-form-fields", "2", 1)} <= found
    assert not [f for f in found if f[1] == "1"]    # the clean bilag has nothing to say


@pytest.mark.slow
def test_preflight_names_what_is_removed_per_bilag_and_the_links_kept(hostile_meeting, cli):
    done = cli("preflight", hostile_meeting)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    hostile = next(line for line in lines if "bilag 1 til punkt 2" in line and "aktivt indhold" in line)
    for words in ("JavaScript (10)", "Launch) (2)", "SubmitForm) (1)", "ImportData) (1)", "GoToR/GoToE) (2)",
                  "file:, javascript:, smb:) (3)", "vedhæftede filer i kommentarer (1)", "XFA-formular (1)"):
        assert words in hostile
    by_hand = next(line for line in lines if "bilag 2 til punkt 2" in line and "aktivt indhold" in line)
    assert "JavaScript (1)" in by_hand and "Launch) (1)" in by_hand
    links = next(line for line in lines if "bilag 1 til punkt 2" in line and "links til" in line)
    assert SAFE_LINK in links and PLAIN_HTTP_LINK in links
    assert not any("bilag 1 til punkt 1" in line and "aktivt" in line for line in lines)


def test_check_file_lists_active_content_and_kept_links(tmp_path, cli):
    path = hostile_pdf(tmp_path / "fjendtlig.pdf")
    done = cli("check-file", path, "--json")
    assert done.returncode == 0, done.stderr
    active = json.loads(done.stdout)["active_content"]
    assert active["removed"]["javascript"] == 10 and active["removed"]["launch"] == 2
    assert active["removed"]["file-attachment"] == 1 and active["removed"]["uri-other"] == 3
    assert set(active["kept_links"]) == {SAFE_LINK, PLAIN_HTTP_LINK}
    text = cli("check-file", path).stdout
    assert "fjernes, når filen kommer i en bilagspakke: JavaScript (10)" in text
    assert f"Links, der beholdes: {PLAIN_HTTP_LINK}, {SAFE_LINK}." in text


@pytest.mark.slow
def test_keep_active_content_keeps_it_and_warns(hostile_meeting, tmp_path, cli):
    answer, _ = _export(cli, hostile_meeting, tmp_path / "bilag.pdf", "--keep-active-content")
    assert any("aktive indhold" in note and "beholdt" in note for note in answer["notes"])
    assert any(p["code"] == "pdf-active-content-kept" for p in answer["preflight"]["problems"])
    with pikepdf.open(tmp_path / "bilag.pdf") as pdf:
        leftovers = active_leftovers(pdf)
    assert "action /Launch" in leftovers and "key /JS" in leftovers


@pytest.mark.slow
def test_a_member_pack_carries_the_bilag_without_active_content_and_still_finds_its_text(
        hostile_meeting, tmp_path, cli):
    import zipfile

    from kkrdesk.core.pack.reader import open_pack

    done = cli("pack", hostile_meeting, "--output", tmp_path / "møde.kkrpack")
    assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(tmp_path / "møde.kkrpack") as archive:
        for name in archive.namelist():
            if name.endswith(".pdf"):
                (tmp_path / "ud.pdf").write_bytes(archive.read(name))
                with pikepdf.open(tmp_path / "ud.pdf") as pdf:
                    assert active_leftovers(pdf) == [], name
                    if "fjendtlig" in name:
                        assert _web_links(pdf) == {SAFE_LINK, PLAIN_HTTP_LINK}
    pack = open_pack(tmp_path / "møde.kkrpack", root=tmp_path / "læst")   # every sha256 agrees
    hits = pack.index.search("Side").hits
    assert {(h.item_number, h.bilag_number) for h in hits} >= {("1", 1), ("2", 1)}
