"""The smoke test's search step: passes on a pool that reads, fails on one whose workers die."""

from __future__ import annotations

import os

import pytest

from kkrdesk.core.errors import KkrError
from kkrdesk.core.search import extraction
from kkrdesk.ui.smoke_search import index_in_pool


def _worker_that_dies(*_args):
    """Stands in for the pool's extraction function (found by name in the spawned worker): it dies."""
    os._exit(3)


@pytest.mark.slow
def test_the_search_step_indexes_with_a_pool_and_finds_every_town(tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    assert "læst af 2 processer" in index_in_pool(tmp_path)


@pytest.mark.slow
def test_the_search_step_fails_when_the_pool_falls_back_to_one_thread(tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(extraction, "_extract_in_worker", _worker_that_dies)
    with pytest.raises(KkrError, match="puljen af processer"):
        index_in_pool(tmp_path)
