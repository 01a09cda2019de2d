"""The one table of number words, and finding the numbers a quote states, in numerals or in words.

Used to check that every figure's value is written in its own quote: "nine" is 9, "£200,000" is
200000, "£3 million" is 3000000 (and 3), "90 per cent" is 90, "1,400" is 1400, and "no
convictions", "nil" and a table's lone "-" are 0. The loaders read numbers in words from the same
table (``words_pattern``, ``word_value``, ``SCALE_PATTERN``), so a value the extractor reads from
its words is always one this check finds in them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
"""A number in one word below twenty."""
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
"""The tens, each read alone or with a unit after it ("twenty-five", "twenty five")."""
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "bn": 1_000_000_000, "m": 1_000_000,
}  # fmt: skip
"""What a number written before one of these words is multiplied by ("£3 million", "£3.5m")."""
COUNTED = {"hundred": 100, "thousand": 1_000, "dozen": 12}
"""A number in words as "a" or "one" and one of these: "a dozen", "a hundred", "one thousand"."""

SCALE_PATTERN = "|".join(SCALES)
"""The scale words as a regular expression (no groups), to be followed by a word boundary."""
_COMPOUND_UNITS = "|".join(word for word, value in UNITS.items() if 1 <= value <= 9)


def words_pattern(smallest: int = 0) -> str:
    """A regular expression (no groups, no word boundaries) for a number in words of at least
    ``smallest``: "a dozen", "one hundred", "twenty-five", "twenty five", "twenty", "nine".

    "a dozen" and its kind come first, so "one hundred" is read as 100 rather than as "one".
    """
    counted = [word for word, value in COUNTED.items() if value >= smallest]
    tens = [word for word, value in TENS.items() if value >= smallest]
    units = [word for word, value in UNITS.items() if value >= smallest]
    forms = [r"(?:a|one)\s+(?:" + "|".join(counted) + r")"] if counted else []
    if tens:
        forms.append(r"(?:" + "|".join(tens) + r")(?:[-\s](?:" + _COMPOUND_UNITS + r"))?")
    if units:
        forms.append("|".join(units))
    return "|".join(f"(?:{form})" for form in forms)


def word_value(words: str) -> int:
    """The value of a number in words as ``words_pattern`` finds it: "Twenty-five" is 25,
    "a dozen" 12, "one thousand" 1000. Words the table does not hold raise ``KeyError`` or
    ``ValueError``."""
    parts = re.split(r"[-\s]+", words.strip().lower())
    if len(parts) == 2 and parts[0] in {"a", "one"} and parts[1] in COUNTED:
        return COUNTED[parts[1]]
    if len(parts) == 2:
        return TENS[parts[0]] + UNITS[parts[1]]
    (word,) = parts
    return TENS[word] if word in TENS else UNITS[word]


_NUMERAL = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?!\d)")
_SCALE_AFTER = re.compile(r"\s*(" + SCALE_PATTERN + r")\b", re.IGNORECASE)
_WORD_NUMBER = re.compile(r"\b(?:" + words_pattern() + r")\b", re.IGNORECASE)


_ZERO = re.compile(r"\b(?:no|nil|none)\b|(?:^|(?<=[\s|]))[-–—](?=[\s|]|$)", re.IGNORECASE)
"""A stated zero: "no convictions", "nil", "none", and a table's lone "-" cell (where the page
says "- = nil")."""


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
            yield value * SCALES[scale.group(1).lower()]
    if _ZERO.search(text):
        yield 0.0
    for match in _WORD_NUMBER.finditer(text):
        value = float(word_value(match.group(0)))
        yield value
        scale = _SCALE_AFTER.match(text, match.end())
        if scale:
            yield value * SCALES[scale.group(1).lower()]
