"""Danish formatting of dates, times, decimals and percentages for everything a user reads."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from decimal import Decimal

MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
          "september", "oktober", "november", "december")
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def format_date(day: dt.date, *, weekday: bool = False) -> str:
    """``27. februar 2025`` (optionally ``torsdag den 27. februar 2025``)."""
    text = f"{day.day}. {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} den {text}" if weekday else text


_NUMERIC_DATE = re.compile(r"(\d{1,2})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{4}|\d{2})")
_WORDED_DATE = re.compile(r"(\d{1,2})\.?\s*([a-zæøå]{3,})\.?\s*(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> dt.date | None:
    """A date as Danes type it (``18.03.2027``, ``18/3-27``, ``18032027``, ``18. mar 2027``), or None."""
    typed = " ".join(text.lower().split())
    if match := _ISO_DATE.fullmatch(typed):
        year, month, day = (int(part) for part in match.groups())
    elif match := _NUMERIC_DATE.fullmatch(typed):
        day, month, year = (int(part) for part in match.groups())
    elif re.fullmatch(r"\d{8}", typed):
        day, month, year = int(typed[:2]), int(typed[2:4]), int(typed[4:])
    elif match := _WORDED_DATE.fullmatch(typed):
        months = [number for number, name in enumerate(MONTHS, start=1) if name.startswith(match.group(2))]
        if len(months) != 1:
            return None
        day, month, year = int(match.group(1)), months[0], int(match.group(3))
    else:
        return None
    if year < 100:          # "18.3.27": this century
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:      # 31.02.2027, month 13
        return None


def format_time(moment: dt.time) -> str:
    """Danish clock time as printed in agendas: ``kl. 10.00``."""
    return f"kl. {moment.hour:02d}.{moment.minute:02d}"


def format_moment(moment: dt.datetime) -> str:
    """A date and clock time as Danish prose: ``3. december 2026 kl. 18.17``."""
    return f"{format_date(moment.date())} {format_time(moment.time())}"


def round_half_up(value: float, digits: int = 0) -> Decimal:
    """Round as people do (5/8 = 62.5 % prints as 63 %), not as Python's banker's rounding."""
    from decimal import ROUND_HALF_UP, Decimal  # 5 ms to import; reading a meeting formats no number

    quantum = Decimal(1).scaleb(-digits)
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def format_decimal(value: float, digits: int = 1) -> str:
    """A number with a decimal comma and thousands dots: ``1.234,5``."""
    rounded = round_half_up(value, digits)
    text = f"{rounded:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_exact(value: float, significant: int = 10) -> str:
    """A measured number as few digits as it needs, with a decimal comma: ``2,5``, ``3``, ``0,125``."""
    return f"{value:.{significant}g}".replace(".", ",")


def format_int(value: int) -> str:
    """A whole number with thousands dots: ``1.200``."""
    return f"{value:,d}".replace(",", ".")


def percent(part: int, whole: int) -> int:
    """Whole percent rounded half up, or 0 for an empty whole."""
    if whole == 0:
        return 0
    return int(round_half_up(100 * part / whole, 0))


def format_size(n_bytes: int) -> str:
    """A file size as ``1,2 MB``."""
    if n_bytes < 1024:
        return f"{n_bytes} byte"
    size = n_bytes / 1024
    for unit in ("KB", "MB"):
        if size < 1024:
            return f"{format_decimal(size, 1)} {unit}"
        size /= 1024
    return f"{format_decimal(size, 1)} GB"


def count(value: int, singular: str, plural: str) -> str:
    """``1 besvarelse``, ``2 besvarelser``, ``1.200 besvarelser``."""
    return f"{format_int(value)} {singular if value == 1 else plural}"
