"""What screening found for a PDF, read from a verdict: the pages, or the refusal raised as a BadFileError."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.verdicts import Verdict


@dataclass(frozen=True)
class PdfCheck:
    """What screening found: the page count, and whether only a repaired copy can be shown."""

    pages: int
    needs_repair: bool


def check_from(verdict: Verdict, path: Path) -> PdfCheck:
    """The check a verdict records for ``path``; raise its refusal as a BadFileError."""
    refused = verdict.get("refused")
    if refused:
        raise BadFileError(refused["message"], reason=refused["reason"], file=path,
                           hint=refused["hint"])
    return PdfCheck(pages=int(verdict["pages"]), needs_repair=bool(verdict["needs_repair"]))
