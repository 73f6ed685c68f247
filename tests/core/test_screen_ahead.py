"""Screening many PDFs in a few children: the same verdicts as one child per file, and a hang costs only its file."""

from __future__ import annotations

import sys

import pytest

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files import hashing, pdf_screen, screen_start, verdicts
from kkrdesk.core.files.hashing import file_identity
from kkrdesk.core.files.pdf_screen import screen_ahead, screen_pdf
from kkrdesk.core.lru import LruCache
from tests.factories import make_pdf
from tools.pdf_bytes import pdf_from_objects


@pytest.fixture(autouse=True)
def fresh_verdicts(monkeypatch, tmp_path):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(pdf_screen, "_remembered", LruCache(pdf_screen.MEMORY_CACHE_SIZE))


def _deep_page_tree(path):
    """A PDF whose single page sits 100 levels down its page tree (refused as hostile), written by hand."""
    depth = 100
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        parent = b"" if level == 0 else b"/Parent %d 0 R " % (number - 1)
        objects.append(b"<< /Type /Pages " + parent + b"/Kids [%d 0 R] /Count 1 >>" % (number + 1))
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (depth + 1))
    path.write_bytes(pdf_from_objects(objects))
    return path


def test_one_batch_gives_every_file_its_own_verdict(tmp_path, monkeypatch):
    good = [make_pdf(tmp_path / f"{n}.pdf", pages=n) for n in range(1, 5)]
    deep = _deep_page_tree(tmp_path / "dyb.pdf")
    screen_ahead([good[0], deep, *good[1:]])

    def no_more_children(*args, **kwargs):
        raise AssertionError("a file was screened again in a child of its own")

    monkeypatch.setattr(pdf_screen, "_screen_in_child", no_more_children)
    assert [screen_pdf(path).pages for path in good] == [1, 2, 3, 4]
    with pytest.raises(BadFileError) as caught:
        screen_pdf(deep)
    assert caught.value.reason == "hostile"


@pytest.mark.slow
def test_a_child_that_hangs_on_a_file_leaves_only_that_file_unjudged(tmp_path, monkeypatch):
    files = [make_pdf(tmp_path / f"{n}.pdf") for n in range(4)]
    fake = tmp_path / "fake_child.py"
    fake.write_text(
        "import json, sys, time\n"
        "print(json.dumps({'pages': 1, 'needs_repair': False, 'final': True}), flush=True)\n"
        "time.sleep(60)\n", encoding="utf-8")
    for module in (pdf_screen, screen_start):
        monkeypatch.setattr(module, "kkrdesk_command", lambda: [sys.executable, str(fake)])
    monkeypatch.setattr(pdf_screen, "BATCH_SIZE", 2)
    screen_ahead(files, seconds=2)
    remembered = {key[0] for key in pdf_screen._remembered}
    # each child answered for its first file and hung on its second: that one is left to screen_pdf
    assert remembered == {file_identity(files[0]), file_identity(files[2])}


def test_screen_pdf_waits_for_a_file_the_background_child_holds(tmp_path, monkeypatch):
    files = [make_pdf(tmp_path / f"{n}.pdf", pages=n) for n in range(1, 6)]
    deep = _deep_page_tree(tmp_path / "dyb.pdf")

    def no_child_of_its_own(*args, **kwargs):
        raise AssertionError("screen_pdf started a child for a file the background child holds")

    monkeypatch.setattr(pdf_screen, "_screen_in_child", no_child_of_its_own)
    with pdf_screen.ScreeningAhead([*files, deep]):
        # asked at once, before the child can have answered: each call waits for its file's verdict
        assert [screen_pdf(path).pages for path in files] == [1, 2, 3, 4, 5]
        with pytest.raises(BadFileError) as caught:
            screen_pdf(deep)
    assert caught.value.reason == "hostile"
    assert pdf_screen._in_flight == {}


@pytest.mark.slow
def test_a_file_the_background_child_hung_on_gets_its_own_child(tmp_path, monkeypatch):
    files = [make_pdf(tmp_path / f"{n}.pdf", pages=n + 1) for n in range(3)]   # three contents
    fake = tmp_path / "fake_child.py"
    fake.write_text(
        "import json, sys, time\n"
        "if '--batch' not in sys.argv:\n"
        "    print(json.dumps({'pages': 7, 'needs_repair': False, 'final': True}), flush=True)\n"
        "    sys.exit(0)\n"
        "print(json.dumps({'pages': 1, 'needs_repair': False, 'final': True}), flush=True)\n"
        "time.sleep(60)\n", encoding="utf-8")
    for module in (pdf_screen, screen_start):
        monkeypatch.setattr(module, "kkrdesk_command", lambda: [sys.executable, str(fake)])
    with pdf_screen.ScreeningAhead(files, seconds=2):
        # the 2nd gets a child of its own; the 3rd goes to a new background child
        assert [screen_pdf(path).pages for path in files] == [1, 7, 1]


def test_files_with_cached_verdicts_are_passed_over_and_the_child_stopped_when_none_is_left(tmp_path, monkeypatch):
    files = [make_pdf(tmp_path / f"{n}.pdf", pages=n) for n in range(1, 4)]
    screen_ahead(files)                               # the verdicts go to the disk cache
    monkeypatch.setattr(pdf_screen, "_remembered", LruCache(pdf_screen.MEMORY_CACHE_SIZE))
    answers = []
    batch = pdf_screen._screen_batch_in_child
    monkeypatch.setattr(pdf_screen, "_screen_batch_in_child",
                        lambda *args: (found := batch(*args), answers.append(found))[0])
    with pdf_screen.ScreeningAhead(files):
        pass
    assert answers == [[]]          # started at once, then stopped before it answered for anything
    assert [screen_pdf(path).pages for path in files] == [1, 2, 3]


def test_a_batch_of_cached_new_and_other_files_gets_the_verdicts_one_child_per_file_would(tmp_path, monkeypatch):
    cached = make_pdf(tmp_path / "kendt.pdf", pages=2)
    screen_ahead([cached])
    monkeypatch.setattr(pdf_screen, "_remembered", LruCache(pdf_screen.MEMORY_CACHE_SIZE))
    new = make_pdf(tmp_path / "ny.pdf", pages=3)
    deep = _deep_page_tree(tmp_path / "dyb.pdf")
    text = tmp_path / "noter.pdf"
    text.write_text("Ikke en PDF, kun tekst.\n", encoding="utf-8")
    batches = []
    batch = pdf_screen._screen_batch_in_child
    monkeypatch.setattr(pdf_screen, "_screen_batch_in_child",
                        lambda paths, *rest: batches.append(len(paths)) or batch(paths, *rest))

    def no_more_children(*args, **kwargs):
        raise AssertionError("a file was screened again in a child of its own")

    monkeypatch.setattr(pdf_screen, "_screen_in_child", no_more_children)
    with pdf_screen.ScreeningAhead([text, cached, deep, new]):
        assert [screen_pdf(path).pages for path in (cached, new)] == [2, 3]
        with pytest.raises(BadFileError) as caught:
            screen_pdf(deep)
    assert caught.value.reason == "hostile" and batches == [4]
    assert file_identity(text) not in {key[0] for key in pdf_screen._remembered}
    assert pdf_screen._in_flight == {}


def test_a_file_changed_after_it_was_hashed_keeps_no_verdict_under_the_old_fingerprint(tmp_path, monkeypatch):
    path = make_pdf(tmp_path / "bilag.pdf", pages=1)
    replacement = make_pdf(tmp_path / "other.pdf", pages=5).read_bytes()   # another size: another identity
    first = hashing.sha256_of(path)
    hashed = hashing.sha256_of

    def hash_then_change(target):
        sha = hashed(target)
        if sha == first:
            target.write_bytes(replacement)    # changed between the hashing and the child's reading
        return sha

    monkeypatch.setattr(hashing, "sha256_of", hash_then_change)
    with pdf_screen.ScreeningAhead([path]):
        pass
    assert verdicts.read_verdict(first) is None       # the 5-page verdict is not kept as the 1-page file's
    monkeypatch.setattr(hashing, "sha256_of", hashed)
    assert screen_pdf(path).pages == 5


def test_an_encrypted_pdf_is_refused_with_a_hint_the_user_can_follow(tmp_path):
    import pikepdf

    locked = tmp_path / "låst.pdf"
    with pikepdf.open(make_pdf(tmp_path / "åben.pdf", pages=1)) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="kode", owner="ejer"))
    with pytest.raises(BadFileError) as unasked:      # adding a bilag: nowhere to type a password
        screen_pdf(locked)
    assert unasked.value.reason == "encrypted" and "Skriv" not in unasked.value.hint
    assert "uden adgangskode" in unasked.value.hint
    with pytest.raises(BadFileError) as wrong:       # the reader asked, and the answer was wrong
        screen_pdf(locked, password="forkert")
    assert "adgangskoden passer ikke" in wrong.value.message and "igen" in wrong.value.hint
    assert screen_pdf(locked, password="kode").pages == 1


@pytest.fixture
def children(monkeypatch) -> list:
    """The batch children pdf_screen starts, in order."""
    started: list = []
    start = screen_start.start_batch_child

    def counted(*args, **kwargs):
        started.append(start(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(pdf_screen, "start_batch_child", counted)
    return started


def test_a_cancelled_screening_stops_its_child_and_starts_no_other(tmp_path, children):
    files = [make_pdf(tmp_path / f"{n}.pdf", text=f"Fil {n}, side {{n}}") for n in range(30)]   # 30 contents
    first = (file_identity(files[0]), "")
    screen_ahead(files, cancelled=lambda: first in pdf_screen._remembered)   # stop once one is judged
    assert len(children) == 1 and children[0].poll() is not None          # stopped, and no second child
    assert first in pdf_screen._remembered
    assert (file_identity(files[-1]), "") not in pdf_screen._remembered
    assert verdicts.read_verdict(hashing.sha256_of(files[-1])) is None


def test_a_screening_cancelled_before_it_begins_starts_no_child(tmp_path, monkeypatch):
    files = [make_pdf(tmp_path / f"{n}.pdf") for n in range(3)]
    monkeypatch.setattr(pdf_screen, "start_batch_child", lambda *a, **k: pytest.fail("a child was started"))
    screen_ahead(files, cancelled=lambda: True)
    assert screen_pdf(files[0]).pages == 1       # judged when asked, as before


def test_leaving_the_block_by_an_exception_stops_the_child_and_starts_no_other(tmp_path, children):
    files = [make_pdf(tmp_path / f"{n}.pdf", text=f"Fil {n}, side {{n}}") for n in range(30)]
    with pytest.raises(KeyboardInterrupt), pdf_screen.ScreeningAhead(files):     # Ctrl+C while files are copied
        raise KeyboardInterrupt
    assert len(children) == 1 and children[0].poll() is not None      # stopped, and no second child
    assert (file_identity(files[-1]), "") not in pdf_screen._remembered
