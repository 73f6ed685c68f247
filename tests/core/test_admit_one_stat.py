"""Admitting a file asks the file system about it once: the one stat serves the cache key, the hash and the screening."""

from __future__ import annotations

import os

import pytest

from kkrdesk.core.files import boundary, hashing, pdf_screen
from kkrdesk.core.files.boundary import Use, admit
from kkrdesk.core.lru import LruCache
from tests.factories import make_pdf


@pytest.fixture
def fresh_caches(monkeypatch, tmp_path):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(hashing, "RACY_NANOSECONDS", 0)
    monkeypatch.setattr(hashing, "_known", LruCache(100))
    monkeypatch.setattr(pdf_screen, "_remembered", LruCache(100))
    monkeypatch.setattr(boundary, "_admitted", LruCache(100))


def test_a_screened_pdf_is_admitted_with_one_stat_no_path_resolving_and_no_second_hash(tmp_path, monkeypatch,
                                                                                     fresh_caches):
    path = make_pdf(tmp_path / "bilag.pdf", pages=2)
    pdf_screen.screen_ahead([path])            # as add-bilag's screening thread: verdict and sha256 known
    calls: list[str] = []
    stat, lstat, sha256_of = os.stat, os.lstat, hashing.sha256_of
    monkeypatch.setattr(os, "stat", lambda *args, **kw: calls.append("stat") or stat(*args, **kw))
    monkeypatch.setattr(os, "lstat", lambda *args, **kw: calls.append("lstat") or lstat(*args, **kw))
    monkeypatch.setattr(hashing, "sha256_of", lambda p: calls.append("hash") or sha256_of(p))

    admitted = admit(path, Use.BILAG, fingerprint=True)

    assert (admitted.pdf.pages, admitted.sha256) == (2, sha256_of(path))
    assert calls == ["stat"]


def test_a_file_changed_after_it_was_admitted_is_hashed_and_screened_again(tmp_path, fresh_caches):
    path = make_pdf(tmp_path / "bilag.pdf", pages=2)
    first = admit(path, Use.BILAG, fingerprint=True)
    make_pdf(path, pages=3)
    again = admit(path, Use.BILAG, fingerprint=True)
    assert (again.pdf.pages, again.sha256) == (3, hashing.sha256_of(path))
    assert again.sha256 != first.sha256
