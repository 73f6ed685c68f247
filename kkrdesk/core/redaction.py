"""What leaves the machine or reaches the log is cleaned here: tracebacks and messages without paths or quoted text."""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from pathlib import Path

from kkrdesk.core.errors import KkrError

_PACKAGE_ROOT = Path(__file__).resolve().parents[1]          # .../kkrdesk
_QUOTED = re.compile(r"""(?P<q>['"]).*?(?P=q)""", re.DOTALL)
_ABSOLUTE_PATH = re.compile(r"(?:[A-Za-z]:)?[\\/][^\s:,;()\[\]{}<>]+")
MAX_MESSAGE_CHARS = 300


def traceback_lines(error: BaseException) -> list[str]:
    """The tracebacks of ``error`` and the exceptions behind it, oldest first, with no user data."""
    lines: list[str] = []
    for number, exc in enumerate(reversed(list(_chain(error)))):
        if number:
            lines.append("")
            lines.append("which led to:")
        frames = traceback.extract_tb(exc.__traceback__)
        if frames:
            lines.append("Traceback (most recent call last):")
        for frame in frames:
            lines.append(f'  File "{short_path(frame.filename)}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
        lines.append(f"{type(exc).__module__}.{type(exc).__qualname__}: {_message_of(exc)}")
    return lines


def short_path(filename: str) -> str:
    """A source file as ``kkrdesk/…`` inside kkrdesk, else its last component (``zipfile.py``)."""
    path = Path(filename)
    try:
        return (Path("kkrdesk") / path.resolve().relative_to(_PACKAGE_ROOT)).as_posix()
    except (ValueError, OSError):
        return path.name or filename


def scrubbed(message: str) -> str:
    """An exception's message without what may come from a user's file, cut to a readable length."""
    message = redacted(message)
    if len(message) > MAX_MESSAGE_CHARS:
        message = message[:MAX_MESSAGE_CHARS] + " …"
    return message


def redacted(text: str) -> str:
    """``text`` without what may come from a user's file: quoted text and absolute paths go."""
    text = _QUOTED.sub(lambda m: f"{m.group('q')}…{m.group('q')}", text)
    return _ABSOLUTE_PATH.sub("<sti>", text)


def _message_of(exc: BaseException) -> str:
    """kkrdesk's own errors are Danish text about the user's file: only their code is reported."""
    return f"({exc.code})" if isinstance(exc, KkrError) else scrubbed(str(exc))


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error``, then what caused it, then what caused that (each once)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
