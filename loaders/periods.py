"""The words that date a figure ("since April 2001", "in the last six months", "2003–04") and
the words that set a commitment's due date ("shortly", "next year", "in May 2004"), each with
the dates they resolve to, counted from the date of the answer. Due words follow the one rule
of ``commitments.record.due``, which the data folder's checks hold records to.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from commitments.record import due as due_rule
from commitments.record.numbers import word_value, words_pattern

from .citations import MONTH_PATTERN, MONTHS
from .model import Span

_COUNT = r"(?:\d+|" + words_pattern(1) + r"|an?)"
"""How many days, weeks, months or years: "6", "six", "twenty-five", "a dozen", "a" (one)."""
_YEAR = r"(?:19|20)\d\d"
_FY = rf"{_YEAR}\s*[–\-/]\s*(?:{_YEAR}|\d\d)\b"
_MONTH_YEAR = rf"(?:[0-3]?\d(?:st|nd|rd|th)?\s+)?{MONTH_PATTERN}\s+{_YEAR}"

_PERIODS: list[tuple[str, re.Pattern[str]]] = [
    (
        "since",
        re.compile(
            rf"\bsince\s+(?:(?:the\s+)?{_MONTH_YEAR}|{_YEAR}|(?:its|their|the)\s+(?:inception|creation|"
            rf"launch|establishment|start)|{MONTH_PATTERN}(?:\s+(?:last|this)\s+year)?)",
            re.IGNORECASE,
        ),
    ),
    (
        "last",
        re.compile(
            rf"\b(?:in|over|during|within|for)\s+the\s+(?:last|past|previous)\s+(?:{_COUNT}\s+)?"
            r"(?:calendar\s+|financial\s+)?(?:days?|weeks?|months?|years?)",
            re.IGNORECASE,
        ),
    ),
    (
        "fy",
        re.compile(
            rf"\b(?:(?:in|during|for|of)\s+)?(?:the\s+)?(?:financial\s+year\s+)?{_FY}",
            re.IGNORECASE,
        ),
    ),
    (
        "between",
        re.compile(
            rf"\b(?:between|from)\s+{_MONTH_YEAR}\s+(?:and|to|until)\s+{_MONTH_YEAR}", re.IGNORECASE
        ),
    ),
    ("month", re.compile(rf"\b(?:in|during|for|by)\s+{_MONTH_YEAR}", re.IGNORECASE)),
    (
        "year",
        re.compile(
            rf"\b(?:in|during|for)\s+(?:the\s+year\s+|calendar\s+year\s+)?{_YEAR}\b(?![–\-/]\d)",
            re.IGNORECASE,
        ),
    ),
    ("this_year", re.compile(r"\b(?:so\s+far\s+)?this\s+year\b|\blast\s+year\b", re.IGNORECASE)),
    (
        "now",
        re.compile(
            r"\b(?:currently|at\s+present|at\s+the\s+moment|to\s+date|so\s+far"
            r"|as\s+(?:at|of)\s+(?:the\s+end\s+of\s+)?" + _MONTH_YEAR + r")\b",
            re.IGNORECASE,
        ),
    ),
]


@dataclass(frozen=True)
class Found:
    """A period phrase in a sentence: its kind, position and resolved span."""

    kind: str
    start: int
    end: int
    span: Span

    @property
    def basis(self) -> str:
        if self.kind == "since":
            return "cumulative"
        if self.kind == "now":
            return "point_in_time"
        return "within_period"


def find_periods(text: str, answered: dt.date | None) -> list[Found]:
    """Every period phrase in ``text``, resolved against the answer's date, without overlaps."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PERIODS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            words = match.group(0).strip()
            if (
                kind == "this_year"
                and re.search(r"\bthis year\b", words, re.IGNORECASE)
                and _is_date_before(text, match.start())
            ):
                continue
            start, end = _resolve(kind, words, answered)
            found.append(Found(kind, match.start(), match.end(), Span(words, start, end)))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def _is_date_before(text: str, position: int) -> bool:
    """``10 March this year`` is a date, not a period."""
    return bool(
        re.search(
            rf"\b[0-3]?\d(?:st|nd|rd|th)?\s+{MONTH_PATTERN}\s*$", text[:position], re.IGNORECASE
        )
    )


def _resolve(
    kind: str, words: str, answered: dt.date | None
) -> tuple[dt.date | None, dt.date | None]:
    lower = words.lower()
    if kind == "since":
        start = _first_date(words)
        if start is None and answered:
            month = _month_only(words)
            if month:
                year = answered.year if month <= answered.month else answered.year - 1
                if "last year" in lower:
                    year = answered.year - 1
                start = dt.date(year, month, 1)
        return start, answered
    if kind == "last" and answered:
        count_match = re.search(
            rf"\b({_COUNT})\s+(?:calendar\s+|financial\s+)?(day|week|month|year)", lower
        )
        unit_match = re.search(r"(day|week|month|year)s?", lower)
        count = _count(count_match.group(1)) if count_match else 1
        unit = (count_match or unit_match).group(2 if count_match else 1)
        return _minus(answered, count, unit), answered
    if kind == "fy":
        years = re.findall(r"(?:19|20)\d\d|\b\d\d\b", words)
        first = int(years[0])
        return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)
    if kind == "between":
        dates = re.findall(_MONTH_YEAR, words, re.IGNORECASE)
        if len(dates) == 2:
            start = _first_date(dates[0])
            end = _month_end(dates[1])
            return start, end
        return None, None
    if kind == "month":
        start = _first_date(words)
        end = _month_end(words)
        if re.match(r"by\b", lower) and answered:
            return answered, end
        return start, end
    if kind == "year":
        year = int(re.search(r"(?:19|20)\d\d", words).group(0))
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if kind == "this_year" and answered:
        if "last year" in lower:
            return dt.date(answered.year - 1, 1, 1), dt.date(answered.year - 1, 12, 31)
        return dt.date(answered.year, 1, 1), answered
    if kind == "now" and answered:
        if lower.startswith(("as at", "as of")):
            date = _month_end(words) if "end of" in lower else _first_date(words)
            return date, date
        return answered, answered
    return None, answered


def _count(words: str) -> int:
    if words.isdigit():
        return int(words)
    return 1 if words.lower() in {"a", "an"} else word_value(words)


def _minus(date: dt.date, count: int, unit: str) -> dt.date:
    if unit == "day":
        return date - dt.timedelta(days=count)
    if unit == "week":
        return date - dt.timedelta(weeks=count)
    months = count * (12 if unit == "year" else 1)
    year, month = divmod(date.year * 12 + date.month - 1 - months, 12)
    day = min(date.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def _month_only(words: str) -> int | None:
    match = re.search(MONTH_PATTERN, words, re.IGNORECASE)
    return MONTHS.get(match.group(0).lower().rstrip(".")) if match else None


def _first_date(words: str) -> dt.date | None:
    match = re.search(
        rf"(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+)?(?P<month>{MONTH_PATTERN})\s+(?P<year>{_YEAR})",
        words,
        re.IGNORECASE,
    )
    if match:
        month = MONTHS[match.group("month").lower().rstrip(".")]
        day = int(match.group("day")) if match.group("day") else 1
        try:
            return dt.date(int(match.group("year")), month, day)
        except ValueError:
            return None
    year = re.search(_YEAR, words)
    return dt.date(int(year.group(0)), 1, 1) if year else None


def _month_end(words: str) -> dt.date | None:
    matches = list(
        re.finditer(rf"(?P<month>{MONTH_PATTERN})\s+(?P<year>{_YEAR})", words, re.IGNORECASE)
    )
    if not matches:
        return None
    match = matches[-1]
    month = MONTHS[match.group("month").lower().rstrip(".")]
    year = int(match.group("year"))
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# --- due words for commitments --------------------------------------------------------------------


def find_due(text: str, answered: dt.date | None) -> Span | None:
    """The first due words in ``text`` with their span, by the one rule of
    ``commitments.record.due`` (a span is what the words mean, never clipped to the answer)."""
    due = due_rule.find_due(text, answered)
    return Span(due.words, due.start, due.end) if due else None
