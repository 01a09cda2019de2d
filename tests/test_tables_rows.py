"""Each table's cells land in their own columns: a figure's, a commitment's and its answer's."""

from __future__ import annotations

import math

import pandas as pd

from commitments.folder.load import load_dataset
from commitments.tables.build import EVENT_COLUMNS, RECORD_COLUMNS, build_tables
from tests.baseline import COMMITMENT, FIGURE, fresh, write_dataset

FIGURE_ONLY = ["metric", "metric_label", "value", "value_high", "lower_bound", "unit",
               "period_words", "period_start", "period_end", "basis"]  # fmt: skip
COMMITMENT_ONLY = ["due_words", "due_start", "due_end", "responsible"]


def _missing(value) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def test_every_column_of_a_figure_and_a_commitment_holds_its_own_value(tmp_path):
    tables = build_tables(load_dataset(write_dataset(tmp_path / "data")))
    assert list(tables.records.columns) == RECORD_COLUMNS
    assert list(tables.events.columns) == EVENT_COLUMNS
    records = tables.records.set_index("id")
    figure, commitment = records.loc[FIGURE["id"]], records.loc[COMMITMENT["id"]]
    assert figure["kind"] == "figure" and commitment["kind"] == "commitment"
    assert figure["title"] == FIGURE["title"] and figure["quote"] == FIGURE["quote"]
    assert figure["value"] == FIGURE["value"]
    assert figure["unit"] == FIGURE["unit"] and figure["basis"] == FIGURE["basis"]
    assert figure["period_words"] == FIGURE["period"]["words"]
    assert figure["metric_label"] == "Reflex: arrests"
    assert all(_missing(figure[c]) for c in COMMITMENT_ONLY)
    assert all(_missing(commitment[c]) for c in FIGURE_ONLY)
    assert commitment["due_words"] == COMMITMENT["due"]["words"]
    assert figure["citation"] == "HC Deb 08 July 2002 vol 388 cc741-2W"
    assert figure["uins"] == ["65708"] and figure["minister"] == "Beverley Hughes"
    assert figure["house"] == "Commons" and figure["asker"] == "Mr. Spring"
    assert figure["path"].endswith(f"records/{FIGURE['id']}.yaml")
    events = tables.events[tables.events["record_id"] == FIGURE["id"]]
    assert list(events["seq"]) == list(range(len(FIGURE["history"])))
    assert list(events["status"]) == [event["status"] for event in FIGURE["history"]]
    assert set(events["metric"]) == {FIGURE["metric"]}
    assert set(tables.events[tables.events["kind"] == "commitment"]["metric"].map(_missing)) == {
        True
    }


def test_a_record_whose_answer_is_missing_keeps_its_row_with_no_answer_cells(tmp_path):
    items = fresh()
    items["answers"] = [a for a in items["answers"] if a["id"] != FIGURE["source"]]
    dataset = load_dataset(write_dataset(tmp_path / "data", items))
    assert any("not found" in p.message for p in dataset.problems)
    row = build_tables(dataset).records.set_index("id").loc[FIGURE["id"]]
    for column in ("answer_date", "house", "citation", "asker", "minister", "department", "url"):
        assert _missing(row[column]), column
    assert row["uins"] == []
    assert row["value"] == FIGURE["value"]
