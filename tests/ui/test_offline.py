"""Offline by design: the reader, search and pack opening work with every socket connection blocked."""

from __future__ import annotations

import socket

import pytest

from kkrdesk.core.pack.opening import open_for_reading
from kkrdesk.core.pack.source import ReadingSource
from kkrdesk.core.pack.writer import write_pack
from kkrdesk.ui.reader.reader_panel import ReaderPanel
from kkrdesk.ui.reader.search_panel import SearchPanel
from tests.reader_helpers import make_meeting


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.mark.slow
def test_reader_search_and_pack_open_need_no_network(qtbot, tmp_path, no_network):
    folder = make_meeting(tmp_path)
    write_pack(folder, tmp_path / "møde.kkrpack")
    session = open_for_reading(tmp_path / "møde.kkrpack", extract_root=tmp_path / "c",
                               history=tmp_path / "h", notes_folder=tmp_path / "n")
    source = ReadingSource.from_pack(session.pack)
    search = SearchPanel()
    qtbot.addWidget(search)
    search.set_source(source)
    with qtbot.waitSignal(search.results_ready, timeout=10_000) as ready:
        search.search("kommunalbestyrelsens")
    hit = ready.args[0].hits[0]
    reader = ReaderPanel()
    qtbot.addWidget(reader)
    reader.show()
    with qtbot.waitSignal(reader.loaded, timeout=20_000):
        reader.show_bilag(source, hit.item_number, hit.bilag_number, hit.page, hit.highlight)
    qtbot.waitUntil(lambda: reader.pdf.hit_count() > 0, timeout=10_000)
    reader.close_document()
    assert no_network == []
