"""The command line as an analyst runs it."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl

from tests.baseline import write_dataset

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "commitments", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_validate_clean_data_exits_0(tmp_path):
    data = write_dataset(tmp_path / "data")
    result = run("validate", str(data))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "6 files, 2 answers, 3 records: 0 errors, 0 warnings" in result.stderr


def test_validate_reports_each_problem_and_exits_1(tmp_path):
    data = write_dataset(tmp_path / "data")
    path = data / "records" / "ilo-nine-balkans.yaml"
    path.write_text(path.read_text().replace("value: 9", "value: 10"), encoding="utf-8")
    result = run("validate", str(data))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:")
    assert ": ilo-nine-balkans: value 10 does not appear in the quote (hint: " in lines[0]
    assert "Traceback" not in result.stderr


def test_validate_empty_folder_fails(tmp_path):
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert "registry.yaml is missing" in result.stdout


def test_export_json_with_filters_and_aliases(tmp_path):
    data = write_dataset(tmp_path / "data")
    result = run("export", "--data", str(data), "--format", "json", "--programme", "Project Reflex")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["reflex-arrests-since-april-2001"]
    row = rows[0]
    assert row["citation"] == "HC Deb 08 July 2002 vol 388 cc741-2W"
    assert row["value"] == 67 and row["unit"] == "count" and row["status"] == "reported"
    assert row["answer_date"] == "2002-07-08" and row["source_id"] == "hc-2002-07-08-65708"
    assert row["programmes"] == ["Reflex"]


def test_export_successor_agency_finds_predecessors(tmp_path):
    data = write_dataset(tmp_path / "data")
    rows = json.loads(
        run("export", "--data", str(data), "--format", "json", "--agency", "SOCA").stdout
    )
    assert [r["id"] for r in rows] == ["ilo-nine-balkans"]


def test_export_as_at_rolls_status_back(tmp_path):
    data = write_dataset(tmp_path / "data")
    now = json.loads(
        run("export", "--data", str(data), "--format", "json", "--kind", "figure").stdout
    )
    then = json.loads(
        run("export", "--data", str(data), "--format", "json", "--as-at", "2003-01-01").stdout
    )
    assert {r["id"]: r["status"] for r in now}["ilo-nine-balkans"] == "superseded"
    assert {r["id"]: r["status"] for r in then}["ilo-nine-balkans"] == "reported"


def test_export_csv_and_xlsx(tmp_path):
    data = write_dataset(tmp_path / "data")
    result = run("export", "--data", str(data), "--format", "csv", "--status", "announced")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert [r["id"] for r in rows] == ["danish-presidency-eu-project"]
    assert rows[0]["due_words"] == "in the second half of this year"
    out = tmp_path / "view.xlsx"
    assert run("export", "--data", str(data), "--format", "xlsx", "--out", str(out)).returncode == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Records", "Sources"]
    header = [c.value for c in book["Records"][1]]
    assert {"citation", "answer_date", "house", "uins", "url"} <= set(header)
    assert book["Records"].freeze_panes == "A2"
    assert all(cell.font.bold for cell in book["Records"][1]), "the header row stands out"
    # the records' own answer, and the later answer behind a status (the liaison officers'
    # figure superseded on 4 May 2004)
    assert [c.value for c in book["Sources"]["B"]] == [
        "citation",
        "HC Deb 08 July 2002 vol 388 cc741-2W",
        "HL Deb 04 May 2004 c107WA",
    ]


def test_a_broken_file_does_not_hide_the_others(tmp_path):
    data = write_dataset(tmp_path / "data")
    (data / "records" / "ilo-nine-balkans.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    validate = run("validate", "--data", str(data))
    assert validate.returncode == 1
    assert (
        f"{data}/records/ilo-nine-balkans.yaml:1: ilo-nine-balkans: YAML syntax" in validate.stdout
    )
    export = run("export", "--data", str(data), "--format", "json")
    assert export.returncode == 0
    assert sorted(r["id"] for r in json.loads(export.stdout)) == [
        "danish-presidency-eu-project",
        "reflex-arrests-since-april-2001",
    ]
    assert "ilo-nine-balkans" in export.stderr


def test_every_command_takes_the_data_folder_as_data():
    for command in ("validate", "snapshot", "export", "chart", "brief"):
        shown = run(command, "--help").stdout
        assert "--data DATA_DIR" in shown, command
        # the folder as a first argument still works, but --help offers one way
        assert "positional arguments" not in shown or command == "chart", command


def test_the_folder_as_a_first_argument_still_works_as_it_always_has(tmp_path):
    data = write_dataset(tmp_path / "data")
    given_first = run("export", str(data), "--format", "json", "--kind", "figure")
    given_after = run("export", "--format", "json", "--kind", "figure", str(data))
    as_option = run("export", "--data", str(data), "--format", "json", "--kind", "figure")
    assert given_first.returncode == given_after.returncode == as_option.returncode == 0
    assert given_first.stdout == given_after.stdout == as_option.stdout
    assert sorted(r["id"] for r in json.loads(as_option.stdout)) == [
        "ilo-nine-balkans",
        "reflex-arrests-since-april-2001",
    ]


def test_two_different_data_folders_are_refused(tmp_path):
    data = write_dataset(tmp_path / "data")
    same = run("validate", str(data), "--data", str(data))
    assert same.returncode == 0, same.stderr  # the same folder twice is one folder
    both = run("validate", str(data), "--data", str(tmp_path))
    assert both.returncode == 2 and "two data folders given" in both.stderr
