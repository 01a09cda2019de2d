"""Hansard citations as tables: the column range written as Hansard writes it, and the whole
citation from its parts, leaving out a part not known."""

from __future__ import annotations

import datetime as dt

import pytest

from commitments.record.citations import column_range, format_citation


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (977, 977, "c977"),  # one column: "c", no range
        (741, 742, "cc741-2"),  # the last column keeps only the digits that change
        (1278, 1291, "cc1278-91"),
        (1075, 1076, "cc1075-6"),
        (741, 751, "cc741-51"),
        (100, 109, "cc100-9"),  # zeros shared with the first are left out too
        (110, 200, "cc110-200"),  # the first digit changes: the whole number
        (1, 2, "cc1-2"),
        # more digits in the last column: written in full, never cut to "3" or "03"
        (998, 1003, "cc998-1003"),
        (99, 100, "cc99-100"),
        (9, 10, "cc9-10"),
        # the last column begins with all the first's digits: still in full, never "cc10-"
        (10, 100, "cc10-100"),
        (1000, 1000, "c1000"),
    ],
)
def test_column_range(first, last, expected):
    assert column_range(first, last) == expected


JULY_8 = dt.date(2002, 7, 8)


@pytest.mark.parametrize(
    ("house", "date", "volume", "first", "last", "series", "expected"),
    [
        ("Commons", JULY_8, 388, 741, 742, "W", "HC Deb 08 July 2002 vol 388 cc741-2W"),
        # the Lords' written answers: HL, and a series of their own
        ("Lords", dt.date(2004, 5, 4), 660, 107, 108, "WA", "HL Deb 04 May 2004 vol 660 cc107-8WA"),
        # a volume not known is left out, the columns kept
        ("Lords", dt.date(2004, 5, 4), None, 107, 107, "WA", "HL Deb 04 May 2004 c107WA"),
        # columns not known: the citation ends at the volume, with no series
        ("Commons", JULY_8, 388, None, None, "W", "HC Deb 08 July 2002 vol 388"),
        ("Commons", JULY_8, None, None, None, "W", "HC Deb 08 July 2002"),
        # the last column not known: the first alone
        ("Commons", JULY_8, 388, 741, None, "W", "HC Deb 08 July 2002 vol 388 c741W"),
        # across a hundred: the last column in full
        ("Commons", dt.date(2003, 3, 5), 400, 998, 1003, "W",
         "HC Deb 05 March 2003 vol 400 cc998-1003W"),
        # a written statement and Westminster Hall: the series as given
        ("Commons", JULY_8, 388, 41, 41, "WS", "HC Deb 08 July 2002 vol 388 c41WS"),
        ("Commons", JULY_8, 388, 1, 4, "WH", "HC Deb 08 July 2002 vol 388 cc1-4WH"),
        # the day always has two digits
        ("Commons", dt.date(2002, 11, 4), 392, 108, 109, "W",
         "HC Deb 04 November 2002 vol 392 cc108-9W"),
    ],
)  # fmt: skip
def test_format_citation(house, date, volume, first, last, series, expected):
    assert format_citation(house, date, volume, first, last, series) == expected
