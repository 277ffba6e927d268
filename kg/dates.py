"""Dates with a precision: a day, a month or a year, and the span of days they cover."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DATE_HINT = "use YYYY, YYYY-MM or YYYY-MM-DD"


@dataclass(frozen=True, order=True)
class DateValue:
    """A date as written, with its precision and the first and last day it covers.

    >>> d = parse_date("2015-11")
    >>> d.precision, d.earliest.isoformat(), d.latest.isoformat()
    ('month', '2015-11-01', '2015-11-30')
    """

    earliest: dt.date
    latest: dt.date
    text: str
    precision: str  # "day" | "month" | "year"


def parse_date(value: object) -> DateValue:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (an int year is accepted).

    Raises:
        ValueError: with a message fit for a :class:`~kg.errors.Problem`.

    >>> parse_date(2007).precision
    'year'
    >>> parse_date("2015-02-30")
    Traceback (most recent call last):
    ...
    ValueError: "2015-02-30" is not a date: day is out of range for month
    """
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    m = _DATE.match(text) if text is not None else None
    if text is None or m is None:
        raise ValueError(f"{_show(value)} is not a date")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day is not None:
            d = dt.date(year, int(month or 0), int(day))
            return DateValue(d, d, text, "day")
        if month is not None:
            mo = int(month)
            first = dt.date(year, mo, 1)
            return DateValue(first, dt.date(year, mo, calendar.monthrange(year, mo)[1]), text, "month")
        if year < 1:
            raise ValueError("year 0 does not exist")
        return DateValue(dt.date(year, 1, 1), dt.date(year, 12, 31), text, "year")
    except ValueError as exc:
        raise ValueError(f"{_show(value)} is not a date: {exc}") from None


def _show(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)
