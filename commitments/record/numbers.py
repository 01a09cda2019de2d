"""Finding the numbers a quote states, in numerals or in words.

Used to check that every figure's value is written in its own quote: "nine" is 9, "£200,000" is
200000, "£3 million" is 3000000 (and 3), "90 per cent" is 90, "1,400" is 1400.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

_NUMERAL = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?!\d)")
_SCALE_AFTER = re.compile(r"\s*(hundred|thousand|million|billion|bn|m)\b", re.IGNORECASE)
_WORD_NUMBER = re.compile(
    r"\b(?:(?P<tens>" + "|".join(_TENS) + r")(?:[-\s](?P<unit1>" + "|".join(list(_UNITS)[1:10])
    + r"))?|(?P<unit>" + "|".join(_UNITS)
    + r")|(?P<a>a|one)\s+(?P<ascale>hundred|thousand|dozen))\b",
    re.IGNORECASE,
)  # fmt: skip


def numbers_in(text: str) -> set[float]:
    """Every number ``text`` states, with scaled forms counted both ways."""
    return set(_stated(text))


def states(text: str, value: float) -> bool:
    """Whether ``text`` states ``value`` (numerals are read first, words only if need be)."""
    return any(math.isclose(found, value, rel_tol=1e-9, abs_tol=1e-9) for found in _stated(text))


def _stated(text: str) -> Iterator[float]:
    """The numbers ``text`` states: numerals, then words; a scaled form after its number."""
    for match in _NUMERAL.finditer(text):
        whole = match.group(1).replace(",", "")
        value = float(f"{whole}.{match.group(2)}") if match.group(2) else float(whole)
        yield value
        scale = _SCALE_AFTER.match(text, match.end())
        if scale:
            yield value * _scale(scale.group(1))
    for match in _WORD_NUMBER.finditer(text):
        if match.group("tens"):
            value = float(_TENS[match.group("tens").lower()])
            if match.group("unit1"):
                value += _UNITS[match.group("unit1").lower()]
        elif match.group("unit"):
            value = float(_UNITS[match.group("unit").lower()])
        else:
            word = match.group("ascale").lower()
            value = 12.0 if word == "dozen" else float(_SCALES[word])
        yield value
        scale = _SCALE_AFTER.match(text, match.end())
        if scale:
            yield value * _scale(scale.group(1))


def _scale(word: str) -> int:
    word = word.lower()
    if word == "bn":
        return 1_000_000_000
    if word == "m":
        return 1_000_000
    return _SCALES[word]
