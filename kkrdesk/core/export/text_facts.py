"""What the preflight learnt from a PDF (its text, its structure), kept by sha256 in the user cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kkrdesk import __version__
from kkrdesk.core import atomic
from kkrdesk.core.userdata import user_cache_dir

FORMAT = 1
TextFacts = tuple[int, int, int]   # (pages with text, words, pages looked at)


def text_facts(sha256: str | None, settings: dict[str, Any], read: Callable[[], TextFacts]) -> TextFacts:
    """The text facts remembered for the file with ``sha256`` read with ``settings``, else ``read()``'s."""
    facts = remembered("pdf-text-facts", sha256, settings, lambda: list(read()), _valid_text_facts)
    return facts[0], facts[1], facts[2]


def remembered(kind: str, sha256: str | None, settings: dict[str, Any], read: Callable[[], Any],
               valid: Callable[[Any], bool]) -> Any:
    """The JSON value of ``kind`` remembered for the file with ``sha256`` under ``settings``, else
    ``read()``'s, which is then remembered.

    The caller vouches that ``sha256`` is the file's content as it is now; without one, the
    file is read every time. ``settings`` holds whatever changes the answer (pages sampled, the
    page count, a version of the checks), so a remembered answer is used only where it would
    come out the same; one that ``valid`` rejects is read again.
    """
    if not sha256:
        return read()
    known = recall(kind, sha256, settings, valid)
    if known is not None:
        return known
    facts = read()
    _store(user_cache_dir() / kind / f"{sha256}.json", settings, facts)
    return facts


def recall(kind: str, sha256: str, settings: dict[str, Any], valid: Callable[[Any], bool]) -> Any | None:
    """The JSON value of ``kind`` remembered for the file with ``sha256`` under ``settings``, or None."""
    try:
        data = json.loads((user_cache_dir() / kind / f"{sha256}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and data.get("format") == FORMAT and data.get("kkrdesk") == __version__ \
            and data.get("settings") == settings and valid(data.get("facts")):
        return data["facts"]
    return None


def _valid_text_facts(facts: object) -> bool:
    return isinstance(facts, list) and len(facts) == 3 and all(type(n) is int and n >= 0 for n in facts)


def _store(target: Path, settings: dict[str, Any], facts: Any) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(target, json.dumps({"format": FORMAT, "kkrdesk": __version__,
                                              "settings": settings, "facts": facts}), durable=False)
    except OSError:
        pass  # a cache that cannot be written only costs time
