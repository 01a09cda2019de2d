"""How a figure's value reads in a table, a chart label or a briefing: "£200,000", "over 60".

One pure function, so the dashboard, the exported charts and the Word briefing write every value
the same way. Units are those of the record format (`count`, `GBP`, `percent`, `years`,
`people_per_year`); an unknown unit is written after the number as it stands.
"""

from __future__ import annotations

import datetime as dt
import math
from numbers import Real
from typing import Any

_EN_DASH = "\u2013"
_MONEY_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"))


def format_value(
    value: Any, value_high: Any = None, lower_bound: Any = False, unit: Any = None
) -> str:
    """The value with its unit as an analyst would write it; "" when there is no value.

    ``value_high`` makes a range ("140–1,400"); ``lower_bound`` makes "over 60" (a range wins over
    it). Missing values (None, NaN, pandas NA) count as absent, so a commitment's row gives "".
    """
    if _missing(value):
        return ""
    unit_text = "" if _missing(unit) else str(unit)
    low = float(value)
    high = None if _missing(value_high) else float(value_high)
    if high is not None and high != low:
        if unit_text == "GBP":
            return f"{_money(low)}{_EN_DASH}{_money(high)}"
        return _with_unit(f"{_number(low)}{_EN_DASH}{_number(high)}", unit_text, plural=True)
    text = _money(low) if unit_text == "GBP" else _with_unit(_number(low), unit_text, low != 1)
    if not _missing(lower_bound) and bool(lower_bound):
        return f"over {text}"
    return text


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, Real):
        return math.isnan(float(value))
    try:  # pandas.NA, numpy NaT and the like
        return bool(value != value)
    except TypeError:
        return True


def _number(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _money(value: float) -> str:
    for size, word in _MONEY_SCALES:
        scaled = value / size
        if abs(value) >= size and round(scaled, 2) == scaled:
            return f"£{_number(scaled)} {word}"
    return f"£{_number(value)}"


def _with_unit(number: str, unit: str, plural: bool) -> str:
    if unit in ("", "count"):
        return number
    if unit == "percent":
        return f"{number} per cent"
    if unit == "years":
        return f"{number} {'years' if plural else 'year'}"
    if unit == "people_per_year":
        return f"{number} per year"
    return f"{number} {unit.replace('_', ' ')}"


def format_values(frame: Any) -> list[str]:
    """``format_value`` for every row of a frame with ``value, value_high, lower_bound, unit``."""
    return [
        format_value(value, high, lower, unit)
        for value, high, lower, unit in zip(
            frame["value"], frame["value_high"], frame["lower_bound"], frame["unit"], strict=True
        )
    ]


def format_day(value: Any, precision: Any = "day") -> str:
    """A date as precisely as it is known: ``10 March 2003``, ``March 2003`` (month), ``2003``
    (year); "" when there is none. Takes a date, a datetime or a pandas timestamp."""
    if not isinstance(value, dt.date) or value != value:  # NaT is a date unequal to itself
        return ""
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return f"{value:%B} {value.year}"
    return f"{value.day} {value:%B} {value.year}"


def format_correction(
    corrected_on: Any,
    corrected_from: Any,
    corrected_from_high: Any = None,
    lower_bound: Any = False,
    unit: Any = None,
) -> str:
    """``corrected on 9 December 2024 from 12``: when a correction changed a figure's value, and
    what it was before; "" when no correction changed it (missing values count as absent)."""
    if _missing(corrected_from) or not format_day(corrected_on):
        return ""
    before = format_value(corrected_from, corrected_from_high, lower_bound, unit)
    return f"corrected on {format_day(corrected_on)} from {before}"


CORRECTION_COLUMNS = (
    "corrected_on",
    "corrected_from",
    "corrected_from_high",
    "lower_bound",
    "unit",
)
"""The columns ``format_corrections`` reads, in ``format_correction``'s order."""


def format_corrections(frame: Any) -> list[str]:
    """``format_correction`` for every row of a frame with the ``CORRECTION_COLUMNS``; all ""
    for a frame without them (a table made by hand, holding no correction)."""
    if "corrected_on" not in frame:
        return [""] * len(frame)
    columns = [frame[column] for column in CORRECTION_COLUMNS]
    return [format_correction(*cells) for cells in zip(*columns, strict=True)]
