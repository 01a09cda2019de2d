"""Due words into due spans: the one rule for the dates a commitment's due words mean.

A commitment's due words ("shortly", "next year", "in the second half of this year", "by the end
of 2008") resolve to a span, ``(start, end)``, read from the date of the answer that says them.
The loaders' drafts, the synthetic data folders and the data folder's checks all take their spans
from here, so a draft, a benchmark and a reviewed record give the same words the same dates.

The rule:

- A span is what the words mean, never clipped to the answer: "in the second half of this year",
  said on 8 July 2002, runs from 1 July to 31 December 2002. A span may open before its answer; it
  must not close before it. Words for a time already over when they were said ("in May 2001",
  said in 2002) are history, not a due date: they resolve to nothing.
- "shortly", "soon", "in due course", "in the near future", "in the coming months" open on the
  day of the answer and have no end: they give no date to be overdue against.
- The word before a period says which part of it is meant: "in", "during", "over",
  "throughout", "in the course of" or no word: the whole period; "by", "by the end of",
  "before the end of", "until", "no later than": from the answer to the period's last day;
  "before": from the answer to the day before the period begins; "from": from the period's
  first day, with no end; "on" a day: that day.
- "later this year" and "later this month" run from the answer to the year's or month's end;
  "within six months" and "over the next two years" from the answer to as long after it.
- A season named without its year is the first not over by the answer ("in the autumn", said on
  10 December 2024, is autumn 2025); "this spring" is the answer's year's, "next spring" the one
  after. Spring is March to May, summer June to August, autumn September to November, winter
  December to February (a winter's year is its December's). A month without its year is due
  words only after "by" ("by March": the first March not over); "in November" as often tells of
  the past.
- "early" a year is its first three months, "late" or "towards the end of" it its last three;
  a financial year ("2004-05", "this financial year") runs from 1 April to 31 March.

Each kind of words, with an example said on a date (``PHRASES`` holds them; ``data/README.md``
shows the same table):

    kind                      words                              said on     start       end
    soon                      shortly                            2004-05-04  2004-05-04  (no end)
                              in due course                      2003-11-05  2003-11-05  (no end)
                              in the coming months               2006-10-18  2006-10-18  (no end)
    within                    within six months                  2004-05-04  2004-05-04  2004-11-04
                              over the next two years            2003-03-05  2003-03-05  2005-03-05
    later                     later this year                    2006-06-08  2006-06-08  2006-12-31
                              later this month                   2007-04-23  2007-04-23  2007-04-30
    between now and           between now and March 2021         2020-12-10  2020-12-10  2021-03-31
    half of a year            in the second half of this year    2002-07-08  2002-07-01  2002-12-31
                              by the first half of next year     2002-07-08  2002-07-08  2003-06-30
    quarter of a year         in the first quarter of next year  2002-07-08  2003-01-01  2003-03-31
    early or late in a year   early next year                    2002-11-04  2003-01-01  2003-03-31
                              late 2004                          2003-03-05  2004-10-01  2004-12-31
    next year                 next year                          2002-11-04  2003-01-01  2003-12-31
                              by the end of next year            2002-11-04  2002-11-04  2003-12-31
    this year                 by the end of the year             2008-06-04  2008-06-04  2008-12-31
                              during this year                   2008-06-04  2008-01-01  2008-12-31
    a year                    in 2008                            2006-05-22  2008-01-01  2008-12-31
                              by the end of 2008                 2006-05-22  2006-05-22  2008-12-31
                              by 2008                            2006-05-22  2006-05-22  2008-12-31
                              before 2008                        2006-05-22  2006-05-22  2007-12-31
                              from 2008                          2006-05-22  2008-01-01  (no end)
    financial year            in 2007-08                         2006-05-22  2007-04-01  2008-03-31
                              by the end of this financial year  2006-05-22  2006-05-22  2007-03-31
                              next financial year                2007-02-01  2007-04-01  2008-03-31
    a month                   in May 2004                        2003-03-05  2004-05-01  2004-05-31
                              by the end of March 2004           2003-03-05  2003-03-05  2004-03-31
                              before May 2004                    2003-03-05  2003-03-05  2004-04-30
                              from May 2004                      2003-03-05  2004-05-01  (no end)
    a month without its year  by March                           2004-04-20  2004-04-20  2005-03-31
                              by the end of April                2004-04-20  2004-04-20  2004-04-30
                              by March next year                 2004-01-19  2004-01-19  2005-03-31
    this or next month        next month                         2004-01-19  2004-02-01  2004-02-29
                              by the end of this month           2004-01-19  2004-01-19  2004-01-31
    a day                     on 24 February 2004                2004-02-13  2004-02-24  2004-02-24
                              by 1 April 2004                    2004-02-13  2004-02-13  2004-04-01
                              on the 21 June 2006                2006-06-08  2006-06-21  2006-06-21
    a season                  in the spring                      2009-04-21  2009-03-01  2009-05-31
                              in the spring                      2009-06-30  2010-03-01  2010-05-31
                              by the spring                      2009-06-30  2009-06-30  2010-05-31
                              in the autumn                      2024-12-10  2025-09-01  2025-11-30
                              this winter                        2003-01-15  2002-12-01  2003-02-28
                              next summer                        2003-01-15  2004-06-01  2004-08-31
                              summer 2017                        2017-04-06  2017-06-01  2017-08-31
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from commitments.record.numbers import word_value, words_pattern

DueSpan = tuple[dt.date, dt.date | None]
"""Where a due span opens, and where it closes (None: it has no end)."""


@dataclass(frozen=True)
class Due:
    """Due words as written, and the span they resolve to (no dates without an answer date)."""

    words: str
    start: dt.date | None
    end: dt.date | None


class Example(NamedTuple):
    """Words said on a date, and the span they mean."""

    words: str
    said: dt.date
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class Phrase:
    """A kind of due words: the pattern that finds them, what they mean, and examples."""

    kind: str
    means: str
    pattern: re.Pattern[str]
    span: Callable[[dict[str, str], dt.date], DueSpan | None]
    """The span of the words found (the pattern's groups) said on a date; None when they name
    no day ("on 31 February 2004")."""
    examples: tuple[Example, ...]
    keys: tuple[str, ...]
    """Single words in lower case, one of which all words the pattern finds hold: a quick test
    that spares running the pattern over text holding none of them."""


# --- the words ------------------------------------------------------------------------------

_MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
]  # fmt: skip
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_FULL_MONTH = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)
"""A month named without its year is capitalised: "in May", never "in may"."""
_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_YEAR = r"(?:19|20)\d\d\b(?![–\-/]\d)"
"""A year, and not the first of a financial year's two ("2004-05")."""
_COUNT = r"\d+|" + words_pattern(1) + r"|an?"
"""How many: "6", "six", "twenty-five", "a dozen", "a" (one)."""

_WHOLE = r"in\s+the\s+course\s+of|during|throughout|over|in"
"""The whole period."""
_BY = (
    r"by\s+the\s+end\s+of|before\s+the\s+end\s+of|by\s+no\s+later\s+than|no\s+later\s+than"
    r"|not\s+later\s+than|until|till|by"
)
"""From the answer to the period's last day."""
_FROM = r"from|starting\s+in|starting\s+from|with\s+effect\s+from"
"""From the period's first day, with no end."""
_BEFORE = r"before"
"""From the answer to the day before the period begins."""

_IS_BY = re.compile(_BY, re.IGNORECASE)
_IS_FROM = re.compile(_FROM, re.IGNORECASE)


def _prep(*kinds: str, name: str = "prep") -> str:
    """The word before a period, as the group ``name``: ``_prep(_BY, _FROM)``."""
    return f"(?P<{name}>{'|'.join(kinds)})"


_ANY_PREP = _prep(_BY, _BEFORE, _FROM, _WHOLE)
_WHICH_YEAR = rf"(?:(?P<rel>this|next|the)\s+year\b(?!\s+(?:to|ending)\b)|(?P<year>{_YEAR}))"
"""A year named: "this year", "next year", "the year" (the answer's), "2008"."""
_MONTH_YEAR = rf"(?P<month>{_MONTH})\s+(?P<month_year>{_YEAR})"


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text, re.IGNORECASE)


# --- dates ----------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_of(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), _month_end(year, month)


def _months_after(date: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or that month's last day when it has no such day."""
    year, month = divmod(date.year * 12 + date.month - 1 + months, 12)
    return dt.date(year, month + 1, min(date.day, calendar.monthrange(year, month + 1)[1]))


def _month_number(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i for i, full in enumerate(_MONTHS, start=1) if full.startswith(name[:3]))


def _groups(match: re.Match[str]) -> dict[str, str]:
    """The match's groups that found words, folded to lower case and single spaces."""
    return {k: " ".join(v.lower().split()) for k, v in match.groupdict().items() if v}


def _spanned(prep: str | None, start: dt.date, end: dt.date, said: dt.date) -> DueSpan:
    """The part of the period ``start``–``end`` that the word before it means."""
    if prep == "before":
        return said, start - dt.timedelta(days=1)
    if prep and _IS_BY.fullmatch(prep):
        return said, end
    if prep and _IS_FROM.fullmatch(prep):
        return start, None
    return start, end


def _named_year(words: dict[str, str], said: dt.date) -> int:
    if "year" in words:
        return int(words["year"][:4])
    return said.year + (words.get("rel") == "next")


def _first_not_over(
    period: Callable[[int], tuple[dt.date, dt.date]], said: dt.date
) -> tuple[dt.date, dt.date]:
    """The first of a yearly period (a season, a month) whose last day is not before ``said``."""
    year = said.year - 1
    start, end = period(year)
    while end < said:
        year += 1
        start, end = period(year)
    return start, end


_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}


def _season_of(name: str, year: int) -> tuple[dt.date, dt.date]:
    """A year's season: its winter runs from its December into the next year."""
    first, last = _SEASONS[name]
    return dt.date(year, first, 1), _month_end(year + (last < first), last)


# --- what each kind of words means ----------------------------------------------------------


def _soon(words: dict[str, str], said: dt.date) -> DueSpan:
    return said, None


def _within(words: dict[str, str], said: dt.date) -> DueSpan:
    unit = words.get("unit") or words["one"]
    count = words.get("count", "1")
    if count.isdigit():
        number = int(count)
    else:
        number = 1 if count in {"a", "an"} else word_value(count)
    if unit == "day":
        return said, said + dt.timedelta(days=number)
    if unit in {"week", "fortnight"}:
        return said, said + dt.timedelta(weeks=number * (2 if unit == "fortnight" else 1))
    return said, _months_after(said, number * (12 if unit == "year" else 1))


def _later(words: dict[str, str], said: dt.date) -> DueSpan:
    if words["unit"] == "month":
        return said, _month_end(said.year, said.month)
    return said, dt.date(said.year, 12, 31)


def _now_until(words: dict[str, str], said: dt.date) -> DueSpan:
    if "year" in words:
        return said, dt.date(int(words["year"][:4]), 12, 31)
    return said, _month_end(int(words["month_year"][:4]), _month_number(words["month"]))


_HALVES = {"first": (1, 6), "second": (7, 12)}
_QUARTERS = {"first": 3, "second": 6, "third": 9, "fourth": 12, "final": 12, "last": 12}


def _half(words: dict[str, str], said: dt.date) -> DueSpan:
    year = _named_year(words, said)
    first, last = _HALVES[words["which"]]
    return _spanned(words.get("prep"), dt.date(year, first, 1), _month_end(year, last), said)


def _quarter(words: dict[str, str], said: dt.date) -> DueSpan:
    year = _named_year(words, said)
    last = _QUARTERS[words["which"]]
    return _spanned(words.get("prep"), dt.date(year, last - 2, 1), _month_end(year, last), said)


def _part_of_year(words: dict[str, str], said: dt.date) -> DueSpan:
    year = _named_year(words, said)
    if words["part"].startswith("early"):
        return dt.date(year, 1, 1), dt.date(year, 3, 31)
    return dt.date(year, 10, 1), dt.date(year, 12, 31)


def _whole_year(words: dict[str, str], said: dt.date) -> DueSpan:
    year = _named_year(words, said)
    return _spanned(words.get("prep"), dt.date(year, 1, 1), dt.date(year, 12, 31), said)


def _financial_year(words: dict[str, str], said: dt.date) -> DueSpan:
    if "fy" in words:
        first = int(words["fy"])
    else:
        first = said.year - (said.month < 4) + (words.get("rel") == "next")
    prep = words.get("prep") or words.get("prep2") or words.get("prep3")
    return _spanned(prep, dt.date(first, 4, 1), dt.date(first + 1, 3, 31), said)


def _month(words: dict[str, str], said: dt.date) -> DueSpan:
    start, end = _month_of(int(words["month_year"][:4]), _month_number(words["month"]))
    return _spanned(words.get("prep"), start, end, said)


def _month_without_year(words: dict[str, str], said: dt.date) -> DueSpan:
    month = _month_number(words["month"])
    if "rel" in words:
        start, end = _month_of(said.year + (words["rel"] == "next"), month)
    else:
        start, end = _first_not_over(lambda year: _month_of(year, month), said)
    return _spanned(words["prep"], start, end, said)


def _this_or_next_month(words: dict[str, str], said: dt.date) -> DueSpan:
    first = dt.date(said.year, said.month, 1)
    if words.get("rel") == "next":
        first = _months_after(first, 1)
    start, end = _month_of(first.year, first.month)
    return _spanned(words.get("prep") or words.get("prep2"), start, end, said)


def _day(words: dict[str, str], said: dt.date) -> DueSpan | None:
    try:
        day = dt.date(int(words["year"][:4]), _month_number(words["month"]), int(words["day"]))
    except ValueError:
        return None  # "on 31 February 2004": no such day
    return _spanned(words["prep"], day, day, said)


def _season(words: dict[str, str], said: dt.date) -> DueSpan:
    name, rel = words["season"], words.get("rel")
    if "year" in words:
        start, end = _season_of(name, int(words["year"][:4]))
    elif rel in {"this", "next"}:
        # "this winter", said in January or February, is the one that began in December
        year = said.year - (name == "winter" and said.month <= 2) + (rel == "next")
        start, end = _season_of(name, year)
    else:
        start, end = _first_not_over(lambda year: _season_of(name, year), said)
    return _spanned(words.get("prep"), start, end, said)


def _example(words: str, said: str, start: str, end: str | None) -> Example:
    return Example(
        words,
        dt.date.fromisoformat(said),
        dt.date.fromisoformat(start),
        dt.date.fromisoformat(end) if end else None,
    )


PHRASES: tuple[Phrase, ...] = (
    Phrase(
        "soon",
        "from the answer, with no end",
        _pattern(
            r"\b(?:shortly|soon|imminently|in\s+due\s+course|in\s+the\s+near\s+future"
            r"|as\s+soon\s+as\s+possible|before\s+long"
            r"|(?:in|over|during)\s+the\s+(?:coming|next\s+few)\s+(?:days|weeks|months))\b"
        ),
        _soon,
        (
            _example("shortly", "2004-05-04", "2004-05-04", None),
            _example("in due course", "2003-11-05", "2003-11-05", None),
            _example("in the coming months", "2006-10-18", "2006-10-18", None),
        ),
        keys=("shortly", "soon", "imminently", "course", "future", "long", "coming", "few"),
    ),
    Phrase(
        "within",
        "from the answer to as long after it",
        _pattern(
            r"\b(?:within(?:\s+the\s+(?:next|coming))?|(?:in|over|during)\s+the\s+(?:next|coming))"
            rf"\s+(?:(?P<count>{_COUNT})\s+(?P<unit>day|week|fortnight|month|year)s?"
            r"|(?P<one>day|week|fortnight|month|year))\b"
        ),
        _within,
        (
            _example("within six months", "2004-05-04", "2004-05-04", "2004-11-04"),
            _example("over the next two years", "2003-03-05", "2003-03-05", "2005-03-05"),
        ),
        keys=("within", "next", "coming"),
    ),
    Phrase(
        "later",
        "from the answer to the end of its year, or month",
        _pattern(
            r"\blater\s+(?:in\s+)?(?:this|the)\s+(?P<unit>year|month)\b(?!\s+(?:to|ending)\b)"
        ),
        _later,
        (
            _example("later this year", "2006-06-08", "2006-06-08", "2006-12-31"),
            _example("later this month", "2007-04-23", "2007-04-23", "2007-04-30"),
        ),
        keys=("later",),
    ),
    Phrase(
        "between now and",
        "from the answer to the end of the month, or year, named",
        _pattern(
            rf"\bbetween\s+now\s+and\s+(?:the\s+end\s+of\s+)?(?:{_MONTH_YEAR}|(?P<year>{_YEAR}))"
        ),
        _now_until,
        (_example("between now and March 2021", "2020-12-10", "2020-12-10", "2021-03-31"),),
        keys=("between",),
    ),
    Phrase(
        "half of a year",
        "1 January to 30 June, or 1 July to 31 December",
        _pattern(rf"\b{_ANY_PREP}\s+the\s+(?P<which>first|second)\s+half\s+of\s+{_WHICH_YEAR}"),
        _half,
        (
            _example("in the second half of this year", "2002-07-08", "2002-07-01", "2002-12-31"),
            _example("by the first half of next year", "2002-07-08", "2002-07-08", "2003-06-30"),
        ),
        keys=("half",),
    ),
    Phrase(
        "quarter of a year",
        "three months from 1 January, 1 April, 1 July or 1 October",
        _pattern(
            rf"\b{_ANY_PREP}\s+the\s+(?P<which>first|second|third|fourth|final|last)\s+quarter"
            rf"\s+of\s+{_WHICH_YEAR}"
        ),
        _quarter,
        (_example("in the first quarter of next year", "2002-07-08", "2003-01-01", "2003-03-31"),),
        keys=("quarter",),
    ),
    Phrase(
        "early or late in a year",
        "early: 1 January to 31 March; late: 1 October to 31 December",
        _pattern(
            r"\b(?P<part>early(?:\s+in)?|late(?:\s+in)?|towards\s+the\s+end\s+of)\s+" + _WHICH_YEAR
        ),
        _part_of_year,
        (
            _example("early next year", "2002-11-04", "2003-01-01", "2003-03-31"),
            _example("late 2004", "2003-03-05", "2004-10-01", "2004-12-31"),
        ),
        keys=("early", "late", "towards"),
    ),
    Phrase(
        "next year",
        "the calendar year after the answer's",
        _pattern(rf"\b(?:{_prep(_BY, _FROM, _WHOLE)}\s+)?(?<!\bthe\s)(?P<rel>next)\s+year\b"),
        _whole_year,
        (
            _example("next year", "2002-11-04", "2003-01-01", "2003-12-31"),
            _example("by the end of next year", "2002-11-04", "2002-11-04", "2003-12-31"),
        ),
        keys=("next",),
    ),
    Phrase(
        "this year",
        "the answer's calendar year",
        _pattern(
            r"\b(?P<prep>by\s+the\s+end\s+of|before\s+the\s+end\s+of|during|throughout"
            r"|in\s+the\s+course\s+of)\s+(?P<rel>this|the)\s+year\b(?!\s+(?:to|ending)\b|\s*\d)"
        ),
        _whole_year,
        (
            _example("by the end of the year", "2008-06-04", "2008-06-04", "2008-12-31"),
            _example("during this year", "2008-06-04", "2008-01-01", "2008-12-31"),
        ),
        keys=("year",),
    ),
    Phrase(
        "a year",
        "the calendar year named",
        _pattern(rf"\b{_ANY_PREP}\s+(?:the\s+year\s+)?(?P<year>{_YEAR})"),
        _whole_year,
        (
            _example("in 2008", "2006-05-22", "2008-01-01", "2008-12-31"),
            _example("by the end of 2008", "2006-05-22", "2006-05-22", "2008-12-31"),
            _example("by 2008", "2006-05-22", "2006-05-22", "2008-12-31"),
            _example("before 2008", "2006-05-22", "2006-05-22", "2007-12-31"),
            _example("from 2008", "2006-05-22", "2008-01-01", None),
        ),
        keys=("19", "20"),
    ),
    Phrase(
        "financial year",
        "1 April to 31 March",
        _pattern(
            rf"\b{_prep(_BY, _FROM, _WHOLE)}\s+(?:the\s+)?(?:financial\s+year\s+)?"
            r"(?P<fy>(?:19|20)\d\d)\s*[–\-/]\s*(?:(?:19|20)\d\d|\d\d)\b"
            rf"|\b(?:{_prep(_BY, _FROM, _WHOLE, name='prep2')}\s+)?"
            r"(?P<rel>this|next|the\s+current)\s+financial\s+year\b"
            r"|\b(?P<prep3>by\s+the\s+end\s+of|before\s+the\s+end\s+of)\s+the\s+financial\s+year\b"
            r"(?!\s*(?:\d|to\b|ending\b))"
        ),
        _financial_year,
        (
            _example("in 2007-08", "2006-05-22", "2007-04-01", "2008-03-31"),
            _example("by the end of this financial year", "2006-05-22", "2006-05-22", "2007-03-31"),
            _example("next financial year", "2007-02-01", "2007-04-01", "2008-03-31"),
        ),
        keys=("financial", "-", "–", "/"),
    ),
    Phrase(
        "a month",
        "the month named",
        _pattern(rf"\b{_ANY_PREP}\s+{_MONTH_YEAR}"),
        _month,
        (
            _example("in May 2004", "2003-03-05", "2004-05-01", "2004-05-31"),
            _example("by the end of March 2004", "2003-03-05", "2003-03-05", "2004-03-31"),
            _example("before May 2004", "2003-03-05", "2003-03-05", "2004-04-30"),
            _example("from May 2004", "2003-03-05", "2004-05-01", None),
        ),
        keys=_MONTH_KEYS,
    ),
    Phrase(
        "a month without its year",
        "from the answer to the end of the first such month not over by then",
        _pattern(
            # only after "by": "in November", without its year, as often tells of the past
            rf"\b{_prep(_BY)}\s+(?P<month>{_FULL_MONTH})\b(?:\s+(?P<rel>this|next)\s+year\b)?"
            r"(?!\s*(?:,?\s*\d|to\b|and\b|last\b|[–\-]))"
        ),
        _month_without_year,
        (
            _example("by March", "2004-04-20", "2004-04-20", "2005-03-31"),
            _example("by the end of April", "2004-04-20", "2004-04-20", "2004-04-30"),
            _example("by March next year", "2004-01-19", "2004-01-19", "2005-03-31"),
        ),
        keys=_MONTH_KEYS,
    ),
    Phrase(
        "this or next month",
        "the answer's month, or the next",
        _pattern(
            rf"\b(?:{_prep(_BY, _FROM, _WHOLE)}\s+)?(?<!\bthe\s)(?P<rel>next)\s+month\b"
            r"|\b(?P<prep2>by\s+the\s+end\s+of|before\s+the\s+end\s+of)\s+this\s+month\b"
        ),
        _this_or_next_month,
        (
            _example("next month", "2004-01-19", "2004-02-01", "2004-02-29"),
            _example("by the end of this month", "2004-01-19", "2004-01-19", "2004-01-31"),
        ),
        keys=("month",),
    ),
    Phrase(
        "a day",
        "the day named",
        _pattern(
            rf"\b{_prep('on', _BY, _BEFORE, _FROM)}\s+(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
            rf"\s+(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})"
        ),
        _day,
        (
            _example("on 24 February 2004", "2004-02-13", "2004-02-24", "2004-02-24"),
            _example("by 1 April 2004", "2004-02-13", "2004-02-13", "2004-04-01"),
            _example("on the 21 June 2006", "2006-06-08", "2006-06-21", "2006-06-21"),
        ),
        keys=_MONTH_KEYS,
    ),
    Phrase(
        "a season",
        "spring March to May, summer June to August, autumn September to November, winter "
        "December to February; without its year, the first not over by the answer",
        _pattern(
            # a preposition, "this" or "next", or a year: "Spring" alone (Mr Spring) is no time
            r"\b(?=(?:in|by|until|till|during|throughout|over|from|starting|with|this|next"
            rf"|the\s+coming|coming)\s|(?:spring|summer|autumn|winter)\s+(?:of\s+)?{_YEAR})"
            rf"(?:{_prep(_BY, _FROM, _WHOLE)}\s+(?:the\s+)?)?"
            r"(?:(?P<rel>this|next|the\s+coming|coming)\s+)?"
            r"(?P<season>spring|summer|autumn|winter)\b"
            rf"(?:\s+(?:of\s+)?(?P<year>{_YEAR}))?"
        ),
        _season,
        (
            _example("in the spring", "2009-04-21", "2009-03-01", "2009-05-31"),
            _example("in the spring", "2009-06-30", "2010-03-01", "2010-05-31"),
            _example("by the spring", "2009-06-30", "2009-06-30", "2010-05-31"),
            _example("in the autumn", "2024-12-10", "2025-09-01", "2025-11-30"),
            _example("this winter", "2003-01-15", "2002-12-01", "2003-02-28"),
            _example("next summer", "2003-01-15", "2004-06-01", "2004-08-31"),
            _example("summer 2017", "2017-04-06", "2017-06-01", "2017-08-31"),
        ),
        keys=("spring", "summer", "autumn", "winter"),
    ),
)
"""Every kind of due words. Where two kinds find words at the same place, the longer win."""


def _due_span(phrase: Phrase, match: re.Match[str], said: dt.date) -> DueSpan | None:
    """The words' span, unless they name no day or a time already over when said."""
    span = phrase.span(_groups(match), said)
    if span is None or (span[1] or span[0]) < said:
        return None
    return span


def resolve_due(words: str, answered: dt.date) -> DueSpan | None:
    """The span that due ``words`` (all of them, case and spacing aside) mean, said on
    ``answered``; None for words the rule does not know, or for a time already over then."""
    said = " ".join(words.split())
    for phrase in PHRASES:
        match = phrase.pattern.fullmatch(said)
        if match:
            return _due_span(phrase, match, answered)
    return None


def find_due(text: str, answered: dt.date | None) -> Due | None:
    """The first due words in ``text`` that name a due date, and their span: words for a time
    already over by ``answered`` are passed over, and without a date there are no dates."""
    lower = text.lower()
    found = sorted(
        (
            (phrase, match)
            for phrase in PHRASES
            if any(key in lower for key in phrase.keys)
            for match in phrase.pattern.finditer(text)
        ),
        key=lambda found: (found[1].start(), -len(found[1].group(0)), PHRASES.index(found[0])),
    )
    for phrase, match in found:
        words = match.group(0).strip()
        if answered is None:
            return Due(words, None, None)
        span = _due_span(phrase, match, answered)
        if span is not None:
            return Due(words, *span)
    return None
