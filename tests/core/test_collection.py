"""The collector's pause at start-up ends only what it began."""

from __future__ import annotations

import gc

import pytest

from kkrdesk import collection


@pytest.fixture
def collecting():
    was = gc.isenabled()
    yield
    gc.unfreeze()
    gc.enable() if was else gc.disable()


def test_pause_then_resume_collects_again_past_what_was_made(collecting):
    gc.enable()
    collection.pause()
    assert not gc.isenabled()
    made = [[] for _ in range(1000)]
    collection.resume()
    assert gc.isenabled() and gc.get_freeze_count() >= len(made)


def test_resume_leaves_a_collector_someone_else_turned_off_alone(collecting):
    gc.disable()
    collection.pause()
    collection.resume()
    assert not gc.isenabled() and gc.get_freeze_count() == 0


def test_resume_without_a_pause_does_nothing(collecting):
    gc.enable()
    collection.resume()
    assert gc.isenabled() and gc.get_freeze_count() == 0
