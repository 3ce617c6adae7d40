"""
What a cell means, by the kind of its column: each function takes a cell's value as the
reader gave it and returns the value, or raises Invalid with a message a user can act on.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from vawg_tracker.forms import EARLIEST_DATE, LATEST_DATE
from vawg_tracker.quarters import Quarter

ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?$")
SLASHED_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$")
# Excel's serial numbers for 1 January 1990 and 31 December 2099 (the plausible dates).
SERIALS = (32874, 73050)


class Invalid(ValueError):
    pass


def text(value):
    """A cell as text: a whole number without ".0" (a reference typed as 2 reads "2")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def date(value):
    """
    A date from a date cell, an Excel serial number, or text: 2026-12-31 or 31/12/2026 (day
    first, as in the UK; 31/12/26 too). Month-first text (12/31/2026) is refused, even when
    it could only be read one way: a file written month first holds other dates, such as
    05/06/2026, that would be read wrongly without a word.
    """
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return _plausible(value)
    if isinstance(value, bool):
        raise Invalid("is not a date")
    if isinstance(value, int | float | Decimal) or (
        isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 5
    ):
        return _serial(value)
    written = text(value)
    if match := ISO_DATE.match(written):
        year, month, day = (int(part) for part in match.groups())
        return _plausible(_make(year, month, day, written))
    if match := SLASHED_DATE.match(written):
        first, second, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
        if second > 12 and first <= 12:
            raise Invalid(
                f"“{written}” reads month first (US order); write it day first, "
                f"{second:02d}/{first:02d}/{year}, or as {year}-{first:02d}-{second:02d}"
            )
        return _plausible(_make(year, second, first, written))
    raise Invalid(f"“{written[:40]}” is not a date; write it as 31/12/2026 or 2026-12-31")


def _make(year, month, day, written):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise Invalid(f"“{written}” is not a real date") from None


def _serial(value):
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise Invalid(f"“{value}” is not a date") from None
    if not SERIALS[0] <= number <= SERIALS[1]:
        raise Invalid(
            f"{text(value)} is not a date between {EARLIEST_DATE.year} and {LATEST_DATE.year} "
            "(read as an Excel date number)"
        )
    # openpyxl is imported where it is used, as in reading.py: importing it costs every
    # process (web, worker) about 15 MB, and onboarding.models imports this module.
    from openpyxl.utils.datetime import from_excel

    return from_excel(number).date()


def _plausible(day):
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise Invalid(f"{day:%d/%m/%Y} is not between {EARLIEST_DATE.year} and {LATEST_DATE.year}")
    return day


def whole_number(value, low, high):
    if isinstance(value, bool):
        raise Invalid("is not a number")
    written = text(value).rstrip("%").strip()
    try:
        number = Decimal(written)
    except InvalidOperation:
        raise Invalid(f"“{written[:40]}” is not a whole number from {low} to {high}") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise Invalid(f"“{written[:40]}” is not a whole number from {low} to {high}")
    if not low <= number <= high:
        raise Invalid(f"{int(number)} is outside {low} to {high}")
    return int(number)


def number(value, digits=14, places=2):
    """A Decimal with at most ``places`` decimal places and ``digits`` digits in all."""
    if isinstance(value, bool):
        raise Invalid("is not a number")
    if isinstance(value, float):
        value = repr(value)
    written = text(value).replace(",", "")
    try:
        figure = Decimal(written)
    except InvalidOperation:
        raise Invalid(f"“{written[:40]}” is not a number") from None
    if not figure.is_finite():
        raise Invalid(f"“{written[:40]}” is not a number")
    # Too large first: quantizing 1E30 to hundredths would overflow the decimal context.
    if abs(figure) >= Decimal(10) ** (digits - places):
        raise Invalid(f"{written[:40]} is too large")
    if figure != figure.quantize(Decimal(1).scaleb(-places), rounding="ROUND_DOWN"):
        raise Invalid(f"{written[:40]} has more than {places} decimal places")
    return figure.quantize(Decimal(1).scaleb(-places))


YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}


def yes_no(value):
    """True for yes (y, true, 1, a ticked box), False for no (n, false, 0)."""
    if isinstance(value, bool):
        return value
    written = text(value).casefold()
    if written in YES:
        return True
    if written in NO:
        return False
    raise Invalid(f"“{written[:40]}” is not yes or no")


def quarter(value):
    written = text(value)
    try:
        period = Quarter.parse(written)
    except (ValueError, TypeError):
        raise Invalid(
            f"“{written[:40]}” is not a quarter; write it as 2026/27 Q3 (Q1 is April to June)"
        ) from None
    _plausible(period.start)
    return period


def names(value, separator):
    """The names in a cell of several, in order, each once."""
    seen = {}
    for name in text(value).split(separator):
        name = " ".join(name.split())
        if name:
            seen.setdefault(name.casefold(), name)
    return list(seen.values())
