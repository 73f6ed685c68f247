"""The JSON Schema of meeting.toml shipped with the package, for tools outside kkrdesk."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def meeting_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(resources.files("kkrdesk.core.meeting").joinpath("meeting.schema.json")
                      .read_text(encoding="utf-8"))
    return schema
