"""Screening verdicts: their shape, and the cache on disk that keeps them by the file's sha256."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Required, TypedDict, TypeGuard

from kkrdesk import __version__
from kkrdesk.core import atomic
from kkrdesk.core.userdata import user_cache_dir

VERDICT_FORMAT = 1


class Refusal(TypedDict):
    """Why screening refused a file, as a BadFileError would say it."""

    reason: str
    message: str
    hint: str


class Verdict(TypedDict, total=False):
    """Screening's verdict as the child prints it (JSON): refused, or the file's pages; ``final``
    when the file itself decided it (not a timeout or a crash), so it may be remembered."""

    final: Required[bool]
    refused: Refusal
    pages: int
    needs_repair: bool


def well_formed(verdict: object) -> TypeGuard[Verdict]:
    if not isinstance(verdict, dict) or not isinstance(verdict.get("final"), bool):
        return False
    refused = verdict.get("refused")
    if refused is not None:
        return isinstance(refused, dict) and all(isinstance(refused.get(k), str)
                                                 for k in ("reason", "message", "hint"))
    return isinstance(verdict.get("pages"), int) and isinstance(verdict.get("needs_repair"), bool)


def _verdict_file(sha256: str) -> Path:
    return user_cache_dir() / "screened" / f"{sha256}.json"


def read_verdict(sha256: str) -> Verdict | None:
    try:
        data = json.loads(_verdict_file(sha256).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != VERDICT_FORMAT \
            or data.get("kkrdesk") != __version__ or not well_formed(data.get("verdict")):
        return None
    verdict: Verdict = data["verdict"]   # checked by _well_formed above
    return verdict


def write_verdict(sha256: str, verdict: Verdict) -> None:
    target = _verdict_file(sha256)
    text = json.dumps({"format": VERDICT_FORMAT, "kkrdesk": __version__, "verdict": verdict})
    try:
        try:
            atomic.write_text(target, text, durable=False)   # read back only if whole
        except FileNotFoundError:    # the cache's folder is made when it is first wanted
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_text(target, text, durable=False)
    except OSError:
        pass  # a cache that cannot be written only costs time
