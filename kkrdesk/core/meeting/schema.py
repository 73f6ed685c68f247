"""The JSON Schema of meeting.toml shipped with the package, for tools outside kkrdesk."""

from __future__ import annotations

import json
from importlib import resources


def meeting_schema() -> dict:
    return json.loads(resources.files("kkrdesk.core.meeting").joinpath("meeting.schema.json")
                      .read_text(encoding="utf-8"))
