r"""What leaves the machine or reaches the log is cleaned here: tracebacks and messages without paths or quoted text.

What counts as a path (each redacted whole, as ``<sti>``; URLs as ``<url>``):
- absolute ones: ``/…``, ``//server/share/…``, ``~/…``, ``C:\…``, ``C:/…``, ``\\server\share\…``,
  whose folder names may hold spaces ("OneDrive - Køge Kommune");
- relative ones: written with a backslash, starting at ``./`` or ``../``, ending in a file name,
  ending in a separator, or of three parts or more ("kkr/sjælland/2025");
- two parts alone ("Fælles/KKR"), unless they read as an ordinary Danish pair: words whose second
  is in lower case ("og/eller", "Region/kommune", "application/pdf"), or both in capitals
  ("KKR/KL", "A/S") or both capitalised ("Beslutningssag/Orienteringssag", "Ja/Nej"); the second
  is judged by its part before a hyphen ("EU/EØS-borgere"). Mixed shapes are folders:
  "Fælles/KKR", "KKR/Møder", "Sager/2025".
Numbers joined by slashes are never a relative path: "1/1", "27/02/2025", "2024/25", "2/3-flertal".
A path's last part may hold spaces when it ends in a file name ("KKR Sjælland/Dagsorden marts.docx"),
up to MAX_FILE_NAME_SPACES of them; a last folder name with a space cannot be told from the sentence
going on, so only its first word goes ("/srv/KKR Sjælland" keeps "Sjælland"). Accepted as the price:
two-part folder pairs of one shape ("Sager/Økonomi", "projekter/kkr") are kept, and a path without
a file name followed within MAX_FILE_NAME_SPACES words by a word with a file name takes those words
with it.
"""

from __future__ import annotations

import functools
import re
import traceback
from collections.abc import Iterator
from pathlib import Path

from kkrdesk.core.errors import KkrError

_PACKAGE_ROOT = Path(__file__).resolve().parents[1]          # .../kkrdesk
_QUOTED = re.compile(r"""(?P<q>['"]).*?(?P=q)""", re.DOTALL)
MAX_MESSAGE_CHARS = 300

MAX_FILE_NAME_SPACES = 6

# A path's part: no white space, separator, drive colon, list punctuation or quote. A folder's name
# (a part followed by a separator) of an absolute path may hold spaces; the last part only when it
# ends in a file name (_LAST), as the sentence goes on after it. Paths start where a word does
# (_EDGE), and parts are matched possessively, so a long run of odd characters costs linear time.
_PART_CHAR = r"""[^\s/\\:,;()\[\]{}<>|?*"']"""
_PART = rf"{_PART_CHAR}++"
_EDGE = r"""(?<![^\s:,;()\[\]{}>|?*"'])"""     # not after "<": "</b>" is no path
_FOLDERS = rf"(?:{_PART}(?: {_PART})*[\\/])*"
# A file name's last word: an extension, then the part ends (a sentence's full stop may follow).
_FILE_WORD = rf"{_PART_CHAR}*?\.[A-Za-z][A-Za-z0-9]{{0,6}}(?=\.?(?!{_PART_CHAR}))"
_LAST = rf"(?:(?:{_PART} ){{0,{MAX_FILE_NAME_SPACES}}}?{_FILE_WORD}|{_PART})"


@functools.cache
def _paths() -> re.Pattern[str]:
    """Compiled when first needed: nothing is logged while the window starts (~1.5 ms to compile)."""
    return re.compile(
        rf"""(?P<url>(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*+://[^\s<>"'()]+)"""  # https://…, file:///…
        rf"|(?P<unc>{_EDGE}\\\\{_FOLDERS}{_LAST})"                          # \\server\share\…
        rf"|(?P<drive>{_EDGE}[A-Za-z]:[\\/]{_FOLDERS}(?:{_LAST})?)"             # C:\… and C:/…
        rf"|(?P<absolute>{_EDGE}[~/]?/{_FOLDERS}{_LAST}/?)"                      # /home/…, //server/…, ~/…
        rf"|(?P<relative>{_EDGE}{_PART}(?:[\\/]{_PART})*[\\/]{_LAST}[\\/]?)")     # Bilag/2.7/x.pdf, ..\KKR\…


_NUMBER = re.compile(r"[\d.,–\u00bc-\u00be\u2150-\u215e-]+")   # 1/1, 27/02/2025, 2.7/3, 2024/25, ½/¼
_FILE_NAME = re.compile(r"[^.]\.[A-Za-z][A-Za-z0-9]{0,6}$")   # kontrakt.pdf, møde.kkrpack; not kr. or 2.7


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
    """``text`` without what may come from a user's file: quoted text, URLs and paths go."""
    text = _QUOTED.sub(lambda m: f"{m.group('q')}…{m.group('q')}", text)
    return _paths().sub(_path_replaced, text)


def _path_replaced(match: re.Match[str]) -> str:
    """``<sti>`` (``<url>``) for a path, keeping a sentence's full stop; a relative look-alike stays."""
    found = match.group()
    if match.lastgroup == "relative" and not _is_relative_path(found):
        return found
    kept = found.rstrip(".") if not found.endswith(("/.", "\\.", "..")) else found
    return ("<url>" if match.lastgroup == "url" else "<sti>") + found[len(kept):]


def _is_relative_path(text: str) -> bool:
    """A relative path, not "og/eller", "1/1" or "27/02/2025" (the rule is in the module's docstring)."""
    parts = [part for part in re.split(r"[\\/]", text) if part]
    if "\\" in text or parts[0] in (".", ".."):
        return True
    if all(_NUMBER.fullmatch(_before_hyphen(part)) for part in parts):     # "2/3-flertal" too
        return False
    if len(parts) >= 3 or text.endswith("/") or _FILE_NAME.search(parts[-1]):
        return True
    return not _word_pair(*parts)


def _word_pair(first: str, second: str) -> bool:
    """Two words as Danish pairs them with a slash: the second in lower case, or both of one shape
    (the second judged before a hyphen: "EU/EØS-borgere")."""
    second = _before_hyphen(second)
    return second.islower() or (first.isupper() and second.isupper()) or (first.istitle() and second.istitle())


def _before_hyphen(part: str) -> str:
    return part.split("-")[0] or part


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
