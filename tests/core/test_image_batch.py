"""Many images are screened in one batch child with the PDFs: a verdict each, a hostile one refused alone."""

from __future__ import annotations

import sys

import pytest

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files import image_screen, pdf_screen, screen_start
from kkrdesk.core.files.boundary import Use, admit
from kkrdesk.core.files.hashing import file_identity, sha256_of
from kkrdesk.core.files.image_screen import screen_image
from kkrdesk.core.files.pdf_screen import screen_ahead, screen_pdf
from kkrdesk.core.files.verdicts import read_verdict
from kkrdesk.core.lru import LruCache
from tests.broken_images import png_by_hand, png_header_claiming, tiff_by_imagemagick
from tests.factories import make_pdf


@pytest.fixture(autouse=True)
def fresh_verdicts(monkeypatch, tmp_path):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(pdf_screen, "_remembered", LruCache(pdf_screen.MEMORY_CACHE_SIZE))
    monkeypatch.setattr(image_screen, "_remembered", LruCache(image_screen.MEMORY_CACHE_SIZE))


@pytest.fixture
def children(monkeypatch):
    """The batch children started (their list lengths) and the images' own children (their files)."""
    started = {"batches": [], "own": []}
    batch, own = pdf_screen._screen_batch_in_child, image_screen._screen_in_child
    monkeypatch.setattr(pdf_screen, "_screen_batch_in_child",
                        lambda paths, *rest, **options: started["batches"].append(len(paths))
                        or batch(paths, *rest, **options))
    monkeypatch.setattr(image_screen, "_screen_in_child",
                        lambda path, *rest: started["own"].append(path.name) or own(path, *rest))
    return started


def _pictures(folder, count):
    """``count`` PNGs of different content, written without Pillow."""
    folder.mkdir(exist_ok=True)
    pictures = []
    for number in range(count):
        path = folder / f"tavle {number + 1}.png"
        path.write_bytes(png_by_hand(40 + number, 30))
        pictures.append(path)
    return pictures


def test_many_images_and_a_pdf_share_one_child_and_each_gets_its_own_verdict(tmp_path, shared, children):
    sound = _pictures(tmp_path / "fotos", 8)
    scan = tiff_by_imagemagick(tmp_path / "scan.tif", ("scan", "scan"), "Group4")
    hostile = tmp_path / "foto fra mødet.jpg"           # the JPEG with 925 scans
    hostile.write_bytes((shared / "corpus" / "qpdf" / "69977b.fuzz").read_bytes())
    bomb = tmp_path / "kort.png"
    bomb.write_bytes(png_header_claiming(100_000, 100_000))
    cut = tmp_path / "halvt hentet.png"
    cut.write_bytes(png_by_hand(300, 200)[:400])
    pdf = make_pdf(tmp_path / "bilag.pdf", pages=2)
    notes = tmp_path / "noter.txt"
    notes.write_text("Ikke et billede.\n", encoding="utf-8")

    screen_ahead([sound[0], hostile, *sound[1:4], bomb, notes, scan, cut, pdf, *sound[4:]])

    assert children["batches"] == [13] and children["own"] == []     # the text file is no one's to screen
    assert [screen_image(path) for path in sound] == [1] * 8 and screen_image(scan) == 2
    assert screen_pdf(pdf).pages == 2
    refusals = {}
    for path in (hostile, bomb, cut):
        with pytest.raises(BadFileError) as refused:
            admit(path, Use.BILAG)
        refusals[path.name] = refused.value.reason
        assert refused.value.format().count(path.name) == 1
    assert refusals == {hostile.name: "hostile", bomb.name: "too-large", cut.name: "truncated"}
    assert children["own"] == [] and children["batches"] == [13]           # nothing screened twice
    assert read_verdict(sha256_of(hostile))["refused"]["reason"] == "hostile"   # kept on disk by sha256
    assert read_verdict(sha256_of(scan))["pages"] == 2


def _fake_child(tmp_path, body: str) -> list[str]:
    """A batch child that answers each image with the real image_screen verdict, except as ``body`` says."""
    fake = tmp_path / "fake_child.py"
    fake.write_text(
        "import json, os, sys, time\n"
        "from kkrdesk.core.files.image_screen import image_verdict_here\n"
        "for name in json.loads(sys.stdin.readline()):\n"
        f"{body}"
        "    print(json.dumps(image_verdict_here(name)), flush=True)\n", encoding="utf-8")
    return [sys.executable, str(fake)]


@pytest.mark.slow
def test_a_child_killed_on_an_image_keeps_the_verdicts_it_gave_and_the_rest_go_to_the_next(tmp_path, monkeypatch,
                                                                                          children):
    pictures = _pictures(tmp_path / "fotos", 5)
    crashing = pictures[2].rename(pictures[2].with_name("krak.png"))
    pictures[2] = crashing
    fake = _fake_child(tmp_path, "    if 'krak' in name:\n        os._exit(70)\n")
    monkeypatch.setattr(screen_start, "kkrdesk_command", lambda: fake)

    screen_ahead(pictures)

    assert children["batches"] == [5, 2]       # the first child died on the 3rd; the last two went to a new one
    assert [image_screen.remembered(file_identity(path)) for path in pictures] == [True, True, False, True, True]
    assert [screen_image(path) for path in pictures] == [1] * 5
    assert children["own"] == ["krak.png"]     # the one it died on got a child of its own (the real one)


@pytest.mark.slow
def test_an_image_has_the_image_time_limit_in_a_batch_not_the_pdfs(tmp_path, monkeypatch, children):
    pictures = _pictures(tmp_path / "fotos", 3)
    slow = pictures[1].rename(pictures[1].with_name("langsom.png"))
    pictures[1] = slow
    fake = _fake_child(tmp_path, "    if 'langsom' in name:\n        time.sleep(8)\n")
    monkeypatch.setattr(screen_start, "kkrdesk_command", lambda: fake)
    monkeypatch.setattr(pdf_screen, "IMAGE_SCREEN_SECONDS", 2)

    screen_ahead(pictures, seconds=60)           # a PDF's allowance would wait for the slow answer

    assert [image_screen.remembered(file_identity(path)) for path in pictures] == [True, False, True]
    assert children["batches"] == [3, 1]


@pytest.mark.slow
def test_the_export_s_preflight_screens_a_meeting_s_images_in_one_child(tmp_path, monkeypatch, children):
    import kkrdesk.cli
    from kkrdesk.core.export.preflight import preflight
    from kkrdesk.core.meeting.store import MeetingFolder

    folder = tmp_path / "møde"
    assert kkrdesk.cli.main(["new", str(folder), "--kkr", "KKR Sjælland", "--date", "2025-02-27"]) == 0
    assert kkrdesk.cli.main(["add-item", str(folder), "--number", "2.2", "--title", "Vækstplan"]) == 0
    pictures = [*_pictures(tmp_path / "fotos", 6), tiff_by_imagemagick(tmp_path / "scan.tif", ("scan",) * 2, "LZW")]
    assert kkrdesk.cli.main(["add-bilag", str(folder), "--item", "2.2", *map(str, pictures)]) == 0
    # another machine (or a cleared cache): no verdict known
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "andet cache"))
    monkeypatch.setattr(image_screen, "_remembered", LruCache(image_screen.MEMORY_CACHE_SIZE))
    children["batches"].clear()
    monkeypatch.setattr("kkrdesk.core.files.boundary._admitted", LruCache(8))

    with MeetingFolder.open(folder) as opened:
        report = preflight(folder, opened.meeting)

    assert children["batches"] == [7] and children["own"] == []
    assert not [finding for finding in report.findings if finding.severity == "error"]
