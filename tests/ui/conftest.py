"""GUI test fixtures: a stubbed dialog service so no test can block on a modal box."""

from __future__ import annotations

import pytest

from kkrdesk.ui import dialogs


@pytest.fixture(autouse=True)
def stub_dialogs():
    stub = dialogs.StubDialogs()
    previous = dialogs.use(stub)
    yield stub
    dialogs.use(previous)
