"""The small helpers the checks rest on: space folding, numbers in a quote, reading a file.

Each is written for speed; these tests hold it to the plain definition it replaced.
"""

from __future__ import annotations

import math
import os
import re
import sys

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from commitments.folder.checks import normalise_space
from commitments.folder.yamlfile import _read_upto, parse_yaml, read_yaml
from commitments.record.numbers import numbers_in, states


def _folded(text: str) -> str:
    """The definition: every run of whitespace one space, none at the ends."""
    return re.sub(r"\s+", " ", text).strip()


WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if re.match(r"\s", chr(c))]


def test_every_whitespace_character_is_folded():
    # \x1c-\x1f, \x85, no-break and ideographic spaces, line and paragraph separators: all of
    # them are whitespace to the regular expression, so all must fold.
    assert len(WHITESPACE) > 20
    for char in WHITESPACE:
        text = f"{char}one{char}{char}two {char}\tthree{char}"
        assert normalise_space(text) == _folded(text) == "one two three", repr(char)


@pytest.mark.parametrize(
    "char",
    ["\u200b", "\ufeff", "\u2060", "\u180e", "\x00", "\x1b", "\u00ad"],
    # zero-width space, BOM, word joiner, Mongolian vowel separator, controls, soft hyphen:
    # none is whitespace, so none may fold.
)
def test_characters_that_look_blank_are_kept(char):
    text = f"one{char}two {char} three"
    assert normalise_space(text) == _folded(text)
    assert char in normalise_space(text)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from([*WHITESPACE, "a", "£", "’", "—", "\u200b"]), max_size=40))
def test_folding_matches_the_definition(text):
    assert normalise_space(text) == _folded(text)


QUOTES = [
    ("Since April 2001 this has resulted in 67 arrests.", 67),
    ("Since April 2001 this has resulted in 67 arrests.", 2001),
    ("Since April 2001 this has resulted in 67 arrests.", 68),
    ("nine people were convicted", 9),
    ("Twenty-one victims were identified", 21),
    ("funding of £3 million over two years", 3_000_000),
    ("funding of £3 million over two years", 3),
    ("funding of £3 million over two years", 2),
    ("funding of £3.5m", 3_500_000),
    ("about 90 per cent of cases", 90),
    ("a dozen operations and a hundred officers", 12),
    ("a dozen operations and a hundred officers", 100),
    ("1,400 applications, not 1400.5", 1400.5),
    ("one thousand two hundred", 1000),
    ("one thousand two hundred", 1200),
    ("no numbers here", 0),
]


@pytest.mark.parametrize(("quote", "value"), QUOTES)
def test_states_agrees_with_every_number_found(quote, value):
    # states() stops at the first match; it must answer as a check over all numbers would.
    found = numbers_in(quote)
    expected = any(math.isclose(f, value, rel_tol=1e-9, abs_tol=1e-9) for f in found)
    assert states(quote, value) is expected


def test_numbers_in_counts_numerals_and_words():
    assert numbers_in("Twenty-one of 1,400 cases, £3 million") == {21.0, 1400.0, 3.0, 3e6}


@pytest.mark.parametrize("size", [0, 1, 99, 100, 101, 250])
def test_file_read_up_to_the_limit_and_no_further(tmp_path, size):
    path = tmp_path / "record.yaml"
    body = b"id: x\nnote: " + b"a" * 200
    path.write_bytes(body[: max(size, 1)] if size else b"")
    doc = read_yaml(path, max_bytes=100)
    length = len(path.read_bytes())
    if length > 100:
        assert [e.message for e in doc.errors] == [
            f"file is {length:,} bytes, over the limit of 100"
        ]
    else:
        assert all("over the limit" not in e.message for e in doc.errors)


def test_a_file_read_whole_whatever_its_length(tmp_path):
    path = tmp_path / "record.yaml"
    note = "word " * 40_000  # 200 kB
    path.write_text(f"id: x\nnote: {note.strip()}\n", encoding="utf-8")
    doc = read_yaml(path)
    assert doc.errors == []
    assert doc.data == {"id": "x", "note": note.strip()}
    assert doc.lines[("note",)] == 2


@pytest.mark.parametrize(("limit", "expected"), [(10**6, 200_000), (150_001, 150_001)])
def test_a_file_that_grew_since_its_size_was_taken_is_read_to_its_end_or_the_limit(
    tmp_path, limit, expected
):
    path = tmp_path / "record.yaml"
    content = bytes(range(256)) * 781 + b"x" * 64  # 200,000 bytes
    path.write_bytes(content)
    fd = os.open(path, os.O_RDONLY)
    try:
        raw = _read_upto(fd, limit, size=10)  # as if it was 10 bytes when looked at
    finally:
        os.close(fd)
    assert raw == content[:expected]


# ------------------------------------------------------------------------------------------------
# Unquoted values are built as PyYAML's safe constructor builds them


def _pyyaml(text: str) -> tuple[str, object]:
    try:
        return "ok", yaml.load(text, Loader=yaml.CSafeLoader)
    except Exception as exc:  # what PyYAML raises for a value it cannot build
        return "error", exc


def _same_as_pyyaml(value: str) -> None:
    text = f"v: {value}\n"
    doc = parse_yaml(text.encode())
    outcome, expected = _pyyaml(text)
    if outcome == "ok":
        assert doc.errors == [], value
        assert doc.data == expected, value
        assert type(doc.data["v"]) is type(expected["v"]), value
    elif isinstance(expected, ValueError) and doc.errors:  # an impossible date: said, not raised
        assert [e.message for e in doc.errors] == [f"{value} is not a real date ({expected})"]
    else:
        assert doc.errors, value


@pytest.mark.parametrize(
    "value",
    [
        # dates, possible and not (the day, the month, the year 0)
        "2002-07-08", "2002-02-29", "2004-02-29", "2002-02-30", "2002-13-01", "2002-00-10",
        "0000-01-01", "9999-12-31", "2002-7-8", "2002-07-08 10:30:00", "2002-07-08T10:30:00Z",
        # integers: plain, zero, octal, signed, underscores, hexadecimal, binary, sexagesimal
        "0", "7", "65708", "007", "010", "08", "+5", "-5", "1_000", "0x1F", "0b101", "1:30",
        "190:20:30",
        "12345678901234567890123456789",
        # booleans in every spelling the resolver knows, and words that are not
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "y", "n", "tRUE",
        # others, left to PyYAML (infinities are refused: tested with the corpus)
        "1.5", "1e3", "1.0e+3", "~", "null", "=", "٣", "１２",
    ],
)  # fmt: skip
def test_unquoted_value_is_built_as_pyyaml_builds_it(value):
    _same_as_pyyaml(value)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("0123456789-_:+.xobTZ eE"), min_size=1, max_size=22))
def test_any_number_or_date_like_value_is_built_as_pyyaml_builds_it(value):
    value = value.strip()
    if value and not value.startswith(("-", ":", "#")) and not value.endswith(":"):
        _same_as_pyyaml(value)


def test_line_maps_share_their_places_and_made_up_keys_cannot_grow_them_without_end(monkeypatch):
    from commitments.folder import yamlfile

    first = parse_yaml(b"id: a\nhistory:\n  - date: 2003-01-01\n")
    second = parse_yaml(b"id: b\nhistory:\n  - date: 2004-01-01\n")
    place = ("history", 0, "date")
    assert first.lines[place] == second.lines[place] == 3
    assert next(p for p in first.lines if p == place) is next(p for p in second.lines if p == place)
    monkeypatch.setattr(yamlfile, "_PLACES", {})
    monkeypatch.setattr(yamlfile, "_MAX_PLACES", 100)
    many = parse_yaml("".join(f"key{n}: {n}\n" for n in range(1000)).encode())
    assert len(many.lines) == 1001  # every key still has its line
    assert len(yamlfile._PLACES) == 100
