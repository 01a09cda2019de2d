"""Unverified records in the exports, the briefing pack and the command line's reports: left out
and listed by default; with the choice made, included and marked UNVERIFIED with their problem.

Each test builds a data folder from the baseline with one record made unverified (its value, 68,
is not in its quote, which says 67).
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

from commitments import cli
from commitments.folder.load import load_dataset
from commitments.presenting import deliverables
from commitments.presenting.spreadsheet import (
    EXPORT_COLUMNS,
    UNVERIFIED_SHEET,
    UNVERIFIED_SHEET_COLUMNS,
    view_csv,
    view_json,
    view_xlsx,
)
from commitments.tables.build import build_tables
from commitments.tables.filters import Filters
from commitments.tables.view import View, build_view
from tests.baseline import fresh, write_dataset
from tests.test_briefing import tiny_png

ROOT = Path(__file__).resolve().parents[1]
BAD_ID = "reflex-arrests-since-april-2001"
GOOD_IDS = {"ilo-nine-balkans", "danish-presidency-eu-project"}
PROBLEM = "value 68 does not appear in the quote"


@pytest.fixture
def folder(tmp_path) -> Path:
    """A data folder whose Reflex figure is unverified: its value is not in its quote."""
    items = fresh()
    items["records"][0]["value"] = 68
    return write_dataset(tmp_path / "data", items)


@pytest.fixture
def clean(tmp_path) -> Path:
    return write_dataset(tmp_path / "clean")


def view_of(data: Path, **filters) -> View:
    dataset = load_dataset(data)
    return build_view(build_tables(dataset), dataset.lookup, Filters(**filters), dataset.problems)


def csv_rows(payload: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig"))))


def sheet_rows(payload: bytes, name: str) -> list[dict[str, object]]:
    rows = list(openpyxl.load_workbook(io.BytesIO(payload))[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_view_really_has_one_unverified_record(folder):
    # guards every test below: a folder whose change did not unverify anything proves nothing
    (row,) = view_of(folder).left_out.to_dict("records")
    assert row["id"] == BAD_ID and PROBLEM in row["problem"]


# CSV and JSON


def test_csv_leaves_the_unverified_record_out_and_adds_no_columns(folder):
    payload = view_csv(view_of(folder))
    assert payload.decode("utf-8-sig").splitlines()[0] == ",".join(f'"{c}"' for c in EXPORT_COLUMNS)
    assert {row["id"] for row in csv_rows(payload)} == GOOD_IDS


def test_csv_with_the_choice_marks_the_unverified_record(folder):
    rows = {row["id"]: row for row in csv_rows(view_csv(view_of(folder, include_unverified=True)))}
    assert set(rows) == GOOD_IDS | {BAD_ID}
    assert list(next(iter(rows.values())))[-2:] == ["verified", "problem"]
    assert rows[BAD_ID]["verified"] == "false" and PROBLEM in rows[BAD_ID]["problem"]
    assert all(rows[i]["verified"] == "true" and rows[i]["problem"] == "" for i in GOOD_IDS)


def test_json_leaves_the_unverified_record_out_and_adds_no_fields(folder):
    rows = json.loads(view_json(view_of(folder)))
    assert {row["id"] for row in rows} == GOOD_IDS
    assert all(list(row) == EXPORT_COLUMNS for row in rows)


def test_json_with_the_choice_marks_the_unverified_record(folder):
    rows = {
        row["id"]: row for row in json.loads(view_json(view_of(folder, include_unverified=True)))
    }
    assert set(rows) == GOOD_IDS | {BAD_ID}
    assert rows[BAD_ID]["verified"] is False and PROBLEM in rows[BAD_ID]["problem"]
    assert rows[BAD_ID]["value"] == 68
    assert all(rows[i]["verified"] is True and rows[i]["problem"] is None for i in GOOD_IDS)


def test_a_clean_folder_exports_no_marks_even_with_the_choice_made(clean):
    # the marks come only with unverified records included: a clean view's files are as before
    for filters in ({}, {"include_unverified": True}):
        view = view_of(clean, **filters)
        assert view_csv(view).decode("utf-8-sig").splitlines()[0].endswith('"source_id"')
        assert all(list(row) == EXPORT_COLUMNS for row in json.loads(view_json(view)))
        book = openpyxl.load_workbook(io.BytesIO(view_xlsx(view)))
        assert book.sheetnames == ["Records", "Sources"]


# XLSX


def test_xlsx_lists_the_left_out_record_on_its_own_sheet(folder):
    payload = view_xlsx(view_of(folder))
    book = openpyxl.load_workbook(io.BytesIO(payload))
    assert book.sheetnames == ["Records", "Sources", UNVERIFIED_SHEET]
    assert {row["id"] for row in sheet_rows(payload, "Records")} == GOOD_IDS
    assert "verified" not in sheet_rows(payload, "Records")[0]
    (row,) = sheet_rows(payload, UNVERIFIED_SHEET)
    assert list(row) == UNVERIFIED_SHEET_COLUMNS
    assert row["id"] == BAD_ID and row["title"].startswith("Reflex co-operation")
    assert str(row["file"]).endswith(f"records/{BAD_ID}.yaml") and row["line"] > 1
    assert PROBLEM in row["problem"] and row["in this file"] == "left out"
    assert book[UNVERIFIED_SHEET]["A1"].font.b and book[UNVERIFIED_SHEET].freeze_panes == "A2"


def test_xlsx_with_the_choice_marks_the_record_and_lists_it_as_included(folder):
    payload = view_xlsx(view_of(folder, include_unverified=True))
    rows = {row["id"]: row for row in sheet_rows(payload, "Records")}
    assert set(rows) == GOOD_IDS | {BAD_ID}
    assert rows[BAD_ID]["verified"] is False and PROBLEM in rows[BAD_ID]["problem"]
    assert all(rows[i]["verified"] is True and rows[i]["problem"] is None for i in GOOD_IDS)
    (row,) = sheet_rows(payload, UNVERIFIED_SHEET)
    assert row["id"] == BAD_ID and row["in this file"] == "included, marked"


def test_a_record_the_filters_leave_out_is_not_on_the_unverified_sheet(folder):
    book = openpyxl.load_workbook(io.BytesIO(view_xlsx(view_of(folder, kinds=("commitment",)))))
    assert book.sheetnames == ["Records", "Sources"]


# The Word briefing pack


@pytest.fixture
def no_browser_charts(monkeypatch):
    """Charts for the pack drawn as a tiny PNG, so the pack's text is tested without Chromium."""
    monkeypatch.setattr(deliverables, "export_figure", lambda fig, fmt: tiny_png())


def pack_text(payload: bytes) -> tuple[list[str], list[list[str]]]:
    document = docx.Document(io.BytesIO(payload))
    table = document.tables[0]
    return [p.text for p in document.paragraphs], [[c.text for c in r.cells] for r in table.rows]


def test_the_pack_lists_the_left_out_record_and_never_shows_it(folder, no_browser_charts):
    paragraphs, table = pack_text(deliverables.briefing_file(view_of(folder)))
    assert "Unverified records left out (1)" in paragraphs
    (listed,) = [p for p in paragraphs if p.startswith(BAD_ID)]
    assert f"records/{BAD_ID}.yaml:" in listed and PROBLEM in listed
    assert "Records shown (2)" in paragraphs
    assert not any("Reflex co-operation" in row[0] for row in table)
    assert not any("UNVERIFIED" in cell for row in table for cell in row)
    assert "Unverified records included" not in "\n".join(paragraphs)


def test_the_pack_with_the_choice_marks_the_records_row(folder, no_browser_charts):
    view = view_of(folder, include_unverified=True)
    paragraphs, table = pack_text(deliverables.briefing_file(view))
    assert "Unverified records included (1)" in paragraphs
    assert any(p.startswith(BAD_ID) and PROBLEM in p for p in paragraphs)
    assert "Unverified records left out" not in "\n".join(paragraphs)
    (row,) = [row for row in table if "Reflex co-operation" in row[0]]
    assert f"UNVERIFIED: {PROBLEM}" in row[0] and row[2] == "68"
    # only that row is marked
    assert sum("UNVERIFIED" in row[0] for row in table) == 1


def test_a_clean_pack_has_no_unverified_sections(clean, no_browser_charts):
    paragraphs, _ = pack_text(deliverables.briefing_file(view_of(clean)))
    assert not any("Unverified" in p for p in paragraphs)


# The command line's reports


def run(capsys, *args: str) -> tuple[int, str]:
    status = cli.main(list(args))
    return status, capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_says_what_it_left_out(folder, tmp_path, capsys, fmt):
    out = tmp_path / f"out.{fmt}"
    status, err = run(capsys, "export", "--data", str(folder), "--format", fmt, "--out", str(out))
    assert status == 0 and out.exists()
    report = err.split(f"wrote {out}", 1)[1].splitlines()[1:]
    assert report[0] == "1 unverified record left out of the export:"
    (line,) = report[1:]
    path, number, record_id, problem = re.fullmatch(r"(.+):(\d+): ([^:]+): (.+)", line).groups()
    assert path.endswith(f"records/{BAD_ID}.yaml") and int(number) > 1
    assert record_id == BAD_ID and problem.startswith(PROBLEM)


def test_export_to_standard_output_reports_on_standard_error(folder, capsys):
    status = cli.main(["export", "--data", str(folder), "--format", "json"])
    captured = capsys.readouterr()
    assert status == 0
    assert {row["id"] for row in json.loads(captured.out)} == GOOD_IDS
    assert "1 unverified record left out of the export:" in captured.err


def test_export_with_the_choice_says_how_many_it_included(folder, tmp_path, capsys):
    out = tmp_path / "out.csv"
    status, err = run(
        capsys, "export", "--data", str(folder), "--out", str(out), "--include-unverified"
    )
    assert status == 0
    assert err.rstrip().endswith("1 unverified record included, marked UNVERIFIED")
    assert "left out" not in err


def test_a_clean_export_reports_nothing_unverified(clean, tmp_path, capsys):
    status, err = run(capsys, "export", "--data", str(clean), "--out", str(tmp_path / "x.csv"))
    assert status == 0 and "unverified" not in err


def test_brief_and_chart_say_what_they_left_out(folder, tmp_path, capsys, no_browser_charts):
    out = tmp_path / "pack.docx"
    status, err = run(capsys, "brief", "--data", str(folder), "--out", str(out))
    assert status == 0 and out.exists()
    assert "1 unverified record left out of the briefing pack:" in err
    assert f"{BAD_ID}.yaml:" in err.splitlines()[-1] and f": {BAD_ID}: " in err.splitlines()[-1]
    out = tmp_path / "status.svg"
    status, err = run(capsys, "chart", "status-counts", "--data", str(folder), "--out", str(out))
    assert status == 0 and out.exists()
    assert "1 unverified record left out of the chart:" in err
    status, err = run(
        capsys,
        "chart",
        "timeline",
        "--data",
        str(folder),
        "--out",
        str(out),
        "--include-unverified",
    )
    assert status == 0 and "1 unverified record included, marked UNVERIFIED" in err


def test_help_offers_the_choice():
    for command in ("export", "chart", "brief"):
        result = subprocess.run(
            [sys.executable, "-m", "commitments", command, "--help"],
            capture_output=True, text=True, cwd=ROOT, timeout=60,
        )  # fmt: skip
        assert "--include-unverified" in result.stdout, command


@pytest.mark.browser
def test_brief_from_the_command_line_marks_the_included_record(folder, tmp_path):
    out = tmp_path / "pack.docx"
    result = subprocess.run(
        [sys.executable, "-m", "commitments", "brief", "--data", str(folder), "--out", str(out),
         "--include-unverified"],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 unverified record included, marked UNVERIFIED" in result.stderr
    paragraphs, table = pack_text(out.read_bytes())
    assert "Unverified records included (1)" in paragraphs
    assert any(f"UNVERIFIED: {PROBLEM}" in row[0] for row in table)
