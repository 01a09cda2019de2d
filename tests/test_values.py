import math

import pandas as pd
import pytest

from commitments.record.values import format_value

CASES = [
    # value, value_high, lower_bound, unit, expected
    (200_000, None, False, "GBP", "£200,000"),
    # "£3 million" is how the answers write it, and how a briefing should
    (3_000_000, None, False, "GBP", "£3 million"),
    (1_500_000, None, False, "GBP", "£1.5 million"),
    # a million figure that does not round to two places stays in full
    (1_234_567, None, False, "GBP", "£1,234,567"),
    (90, None, False, "percent", "90 per cent"),
    (12.5, None, False, "percent", "12.5 per cent"),
    (60, None, True, "count", "over 60"),
    (67, None, False, "count", "67"),
    # "between 140 and 1,400": an en dash, thousands separators on both ends
    (140, 1400, False, "count", "140–1,400"),
    (140, 1400, False, "people_per_year", "140–1,400 per year"),
    (140.0, 1400.0, False, "people_per_year", "140–1,400 per year"),
    # a range wins over a lower bound ("over 140–1,400" means nothing)
    (140, 1400, True, "count", "140–1,400"),
    (14, None, False, "years", "14 years"),
    (1, None, False, "years", "1 year"),
    (1_000_000, 2_000_000, False, "GBP", "£1 million–£2 million"),
    (20, None, True, "GBP", "over £20"),
    # value_high equal to value is not a range
    (9, 9, False, "count", "9"),
    # pandas gives floats and NaN for missing columns of a figure
    (9.0, math.nan, math.nan, "count", "9"),
    # commitments have no value: an empty cell, not "nan"
    (math.nan, math.nan, math.nan, math.nan, ""),
    (None, None, None, None, ""),
    (pd.NA, pd.NA, pd.NA, pd.NA, ""),
    # no unit at all: the bare number
    (1400, None, False, None, "1,400"),
    # an unknown unit is written as it stands, never dropped
    (12, None, False, "liaison_officers", "12 liaison officers"),
]


@pytest.mark.parametrize(("value", "value_high", "lower_bound", "unit", "expected"), CASES)
def test_format_value(value, value_high, lower_bound, unit, expected):
    assert format_value(value, value_high, lower_bound, unit) == expected


def test_format_value_reads_values_straight_from_a_frame():
    frame = pd.DataFrame(
        {
            "value": [200_000, None, 60],
            "value_high": [None, None, None],
            "lower_bound": [False, None, True],
            "unit": ["GBP", None, "count"],
        }
    )
    shown = [
        format_value(row.value, row.value_high, row.lower_bound, row.unit)
        for row in frame.itertuples()
    ]
    assert shown == ["£200,000", "", "over 60"]
