"""Reading what kkrdesk answered in a corpus job: accepted or refused (with the reason), and whether it said so properly."""

from __future__ import annotations

import json
import re
from pathlib import Path

OK = "ok"
REFUSED = "refused"        # the search index left the file out (the search itself still answers)

# Words a Danish message of kkrdesk's has, and an English library message has not.
_DANISH = re.compile(r"\b(filen|pakken|dokumentet|regnearket|kan|ikke|er|har|den|som|og)\b|[æøå]",
                     re.IGNORECASE)


def outcome(record: dict) -> str:
    """"ok", a BadFileError reason (or an error code), or "refused" for a file the index left out."""
    data = _json(record["stdout"])
    entry = record["entry"]
    if data is None:
        return "no-answer"
    if "error" in data:
        error = data["error"]
        return error.get("reason") or error.get("code") or "error"
    if entry == "validate":
        codes = [p["code"] for p in data.get("problems", []) if p.get("severity") == "error"]
        reasons = [c.removeprefix("file-") for c in codes if c.startswith("file-")]
        return reasons[0] if reasons else (codes[0] if codes else OK)
    if entry == "search":
        bilag = Path(record.get("bilag_file", "")).name
        left_out = [p for p in data.get("problems", []) if bilag and bilag in (p.get("file") or "")]
        return REFUSED if left_out else OK
    return OK


def message(record: dict) -> str:
    """What the user is told about the file (the error, or the search/validate problem)."""
    data = _json(record["stdout"]) or {}
    if "error" in data:
        error = data["error"]
        return f'{error.get("file") or ""}: {error.get("message", "")} {error.get("hint", "")}'
    problems = data.get("problems", [])
    return " ".join(f'{p.get("file") or ""}: {p.get("message", "")} {p.get("hint", "")}'
                    for p in problems if p.get("severity") in ("error", "warning"))


def is_danish(text: str) -> bool:
    return len(_DANISH.findall(text)) >= 2


def names_the_file(record: dict, text: str) -> bool:
    """The message names the file the user gave (or, for a meeting, the bilag's own file)."""
    shown = Path(record.get("bilag_file") or record["file"]).name
    return shown in text


def _json(text: str) -> dict | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
