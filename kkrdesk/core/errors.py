"""The one exception family of kkrdesk and the Problem record every check reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_DA = {Severity.ERROR: "fejl", Severity.WARNING: "advarsel", Severity.INFO: "info"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth knowing) about a file, told in Danish with what to do."""

    code: str
    severity: Severity
    message: str
    hint: str = ""
    file: str | None = None
    line: int | None = None
    field: str | None = None

    def format(self) -> str:
        place = self.file or ""
        if self.line is not None:
            place += f":{self.line}"
        head = f"{place}: " if place else ""
        where = f"{self.field}: " if self.field else ""
        text = f"{head}{SEVERITY_DA[self.severity]}: {where}{self.message}"
        return f"{text} {self.hint}".rstrip() if self.hint else text

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


class KkrError(Exception):
    """An error a user can meet: a Danish message, the file it concerns and what to do."""

    code = "error"

    def __init__(self, message: str, *, file: str | Path | None = None, hint: str = "",
                 problems: list[Problem] | None = None):
        self.message = message
        self.file = str(file) if file is not None else None
        self.hint = hint
        self.problems = list(problems or [])
        super().__init__(self.format())

    def format(self) -> str:
        head = f"{self.file}: " if self.file else ""
        text = f"{head}{self.message}"
        return f"{text} {self.hint}".rstrip() if self.hint else text

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "file": self.file, "hint": self.hint,
                "problems": [p.to_dict() for p in self.problems]}


class ManifestError(KkrError):
    """A meeting.toml that cannot be read into a meeting; ``problems`` lists every fault found."""

    code = "manifest-invalid"


class UnsafePathError(KkrError):
    """A path that would leave the folder it must stay inside."""

    code = "unsafe-path"


class ReadOnlyError(KkrError):
    """A write was attempted on a meeting opened read-only (another kkrdesk holds it)."""

    code = "read-only"


class BadFileError(KkrError):
    """A user file that kkrdesk cannot take in: damaged, encrypted, unsupported, too large or hostile."""

    code = "bad-file"

    def __init__(self, message: str, *, reason: str, file: str | Path | None = None, hint: str = ""):
        self.reason = reason
        super().__init__(message, file=file, hint=hint)

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "reason": self.reason}


class UsageError(KkrError):
    """The command or its arguments do not make sense (command-line exit code 2)."""

    code = "usage"


class InternalError(KkrError):
    """kkrdesk itself failed (a bug, not the user's file or command); the cause carries the traceback."""

    code = "internal"
    reported = False     # set once the user has been shown the fejlrapport
