"""Two answers giving different values for the same metric and period: the records stay in every
output (a warning never unverifies a record), and the conflict is marked beside the figure in
each: the page's table, the CSV, JSON and XLSX, the Word pack and the metric chart."""

from __future__ import annotations

import io
import json

import docx
import pytest

from app.selection import records_table
from commitments.presenting import deliverables
from commitments.presenting.charts import build_chart
from commitments.presenting.spreadsheet import EXPORT_COLUMNS, view_csv, view_json, view_xlsx
from tests.baseline import conflicting_figure, fresh, write_dataset
from tests.test_briefing import tiny_png
from tests.test_unverified_exports import csv_rows, sheet_rows, view_of

FIRST, LATER = "reflex-arrests-since-april-2001", "reflex-arrests-again"
SAYS = "CONFLICT: metric 'reflex-arrests' for the same period has a different value in"


@pytest.fixture
def folder(tmp_path):
    items = fresh()
    items["records"].append(conflicting_figure())
    return write_dataset(tmp_path / "data", items)


@pytest.fixture
def clean(tmp_path):
    return write_dataset(tmp_path / "clean")


def marks(rows: dict[str, dict]) -> dict[str, str]:
    return {record_id: row["conflict"] or "" for record_id, row in rows.items()}


def test_both_figures_stay_verified_and_each_names_the_other(folder):
    view = view_of(folder)
    assert view.unverified.empty
    said = dict(zip(view.records["id"], view.records["conflict"], strict=True))
    assert said[FIRST] == f"{SAYS} {LATER}" and said[LATER] == f"{SAYS} {FIRST}"
    assert [text for record_id, text in said.items() if record_id not in {FIRST, LATER}] == [
        "",
        "",
    ]


def test_csv_json_and_xlsx_mark_the_conflict_in_its_column(folder):
    view = view_of(folder)
    csv_marks = marks({row["id"]: row for row in csv_rows(view_csv(view))})
    json_rows = {row["id"]: row for row in json.loads(view_json(view))}
    xlsx_marks = marks({row["id"]: row for row in sheet_rows(view_xlsx(view), "Records")})
    for found in (csv_marks, marks(json_rows), xlsx_marks):
        assert found[FIRST].startswith(SAYS) and found[LATER].startswith(SAYS)
        assert {v for k, v in found.items() if k not in {FIRST, LATER}} == {""}
    # beside the value: the column right after the figure's value and unit
    assert EXPORT_COLUMNS.index("conflict") == EXPORT_COLUMNS.index("unit") + 1
    assert json_rows[LATER]["value"] == 12


def test_a_clean_folder_has_an_empty_conflict_column(clean):
    rows = json.loads(view_json(view_of(clean)))
    assert rows and all(row["conflict"] in ("", None) for row in rows)


def test_the_pack_marks_the_value_cell_of_both_figures(folder, monkeypatch):
    monkeypatch.setattr(deliverables, "export_figure", lambda fig, fmt: tiny_png())
    document = docx.Document(io.BytesIO(deliverables.briefing_file(view_of(folder))))
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    marked = [row for row in rows if SAYS in row[2]]
    assert len(marked) == 2
    assert {row[2].split("\n")[0] for row in marked} == {"67", "12"}
    assert not any("CONFLICT" in cell for row in rows for cell in (row[0], row[1], row[3]))


def test_the_pages_table_has_a_conflict_column_beside_the_value(folder, clean):
    table = records_table(view_of(folder).records)
    columns = list(table.columns)
    assert columns.index("Conflict") == columns.index("Value") + 1
    marked = table[table["Conflict"] != ""]
    assert set(marked["id"]) == {FIRST, LATER}
    assert "Conflict" not in records_table(view_of(clean).records).columns


def test_the_metric_chart_rings_both_figures(folder):
    view = view_of(folder)
    fig = build_chart("metric", view, metric="reflex-arrests")
    rings = [trace for trace in fig.data if trace.name and "Conflicting" in trace.name]
    assert len(rings) == 1 and len(rings[0].x) == 2
