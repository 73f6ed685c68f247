"""What the preflight learnt from a PDF's text (pages with text, words, pages read), kept by sha256 in the user cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from kkrdesk import __version__
from kkrdesk.core import atomic
from kkrdesk.core.userdata import user_cache_dir

FORMAT = 1
TextFacts = tuple[int, int, int]   # (pages with text, words, pages looked at)


def text_facts(sha256: str | None, settings: dict, read: Callable[[], TextFacts]) -> TextFacts:
    """The facts remembered for the file with ``sha256`` read with ``settings``, else ``read()``'s.

    The caller vouches that ``sha256`` is the file's content as it is now; without one, the
    file is read every time. ``settings`` holds whatever changes the answer (pages sampled,
    the page count), so a remembered answer is used only where it would come out the same.
    """
    if not sha256:
        return read()
    remembered = _load(sha256, settings)
    if remembered is not None:
        return remembered
    facts = read()
    _store(sha256, settings, facts)
    return facts


def _file(sha256: str) -> Path:
    return user_cache_dir() / "pdf-text-facts" / f"{sha256}.json"


def _load(sha256: str, settings: dict) -> TextFacts | None:
    try:
        data = json.loads(_file(sha256).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("kkrdesk") != __version__ \
            or data.get("settings") != settings:
        return None
    facts = data.get("facts")
    if not (isinstance(facts, list) and len(facts) == 3 and all(type(n) is int and n >= 0 for n in facts)):
        return None
    return facts[0], facts[1], facts[2]


def _store(sha256: str, settings: dict, facts: TextFacts) -> None:
    target = _file(sha256)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(target, json.dumps({"format": FORMAT, "kkrdesk": __version__,
                                              "settings": settings, "facts": list(facts)}))
    except OSError:
        pass  # a cache that cannot be written only costs time
