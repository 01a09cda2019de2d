"""A figure that a correction changes: its ``corrected`` event carries the corrected value, the
checks hold the event to its quote, every output shows the corrected value with what it was
corrected from and when, and the loaders draft it from a corrected answer of the Written
Questions service (a variation of the real UIN 17612, whose real correction changes no figure)."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import docx
import pytest

from app.selection import figures_table, records_table
from commitments import cli
from commitments.folder.load import load_dataset
from commitments.presenting import deliverables
from commitments.presenting.charts import build_chart
from commitments.presenting.charts.metric import CONFLICT_NAME, metric_points
from commitments.presenting.spreadsheet import EXPORT_COLUMNS, view_csv, view_json, view_xlsx
from commitments.record.values import format_correction
from commitments.tables.build import build_tables
from loaders import cli as loaders_cli
from loaders.corrections import with_corrections
from loaders.model import Candidate, Span
from loaders.wq_json import parse_wq_json
from tests.baseline import WRITTEN_ANSWER, WRITTEN_FIGURE, with_written_answer, write_dataset
from tests.dashboard_data import page_opener
from tests.test_briefing import tiny_png
from tests.test_unverified_exports import csv_rows, sheet_rows, view_of

ANSWER_ID = WRITTEN_ANSWER["id"]
FIGURE_ID = WRITTEN_FIGURE["id"]
FIRST_GIVEN = WRITTEN_ANSWER["answer"]  # "There are now 44 FJAAs …"
CORRECTED_TEXT = FIRST_GIVEN.replace("There are now 44 FJAAs", "There are now 46 FJAAs")
CORRECTED_QUOTE = "There are now 46 FJAAs supporting the delivery of apprenticeships"
CORRECTED_ON = dt.date(2024, 1, 15)
SAYS = "corrected on 15 January 2024 from 44"

BUNDLED = Path(__file__).resolve().parent.parent / "data"
REAL_17612 = (
    Path(__file__).parent
    / "fixtures/hansard/modern"
    / "writtenquestions_api_list_versions_2024-12_uin17612_answered_then_corrected.json"
)


def corrected_items(event: dict | None = None) -> dict:
    """The baseline with the service's answer corrected on 15 January 2024 (44 FJAAs first
    given, 46 after), its figure quoting the text first given and, unless ``event`` is ``{}``,
    corrected by ``event`` (default: the valid correction to 46)."""
    items = with_written_answer()
    answer = items["answers"][-1]
    answer["answer"] = CORRECTED_TEXT
    answer["written_question"]["corrected"] = CORRECTED_ON
    answer["flags"] = [
        {"kind": "correction", "detail": "corrected on 15 January 2024"},
        {
            "kind": "correction_original",
            "detail": "the answer as first given on 10 January 2024, before its correction",
            "text": FIRST_GIVEN,
        },
    ]
    correction = {
        "date": CORRECTED_ON,
        "status": "corrected",
        "source": ANSWER_ID,
        "quote": CORRECTED_QUOTE,
        "value": 46,
    }
    if event != {}:
        correction.update(event or {})
        items["records"][-1]["history"].append(correction)
    return items


def problems_of(tmp_path: Path, items: dict) -> list[str]:
    dataset = load_dataset(write_dataset(tmp_path / "data", items))
    return [f"{p.record}: {p.message}" for p in dataset.problems]


@pytest.fixture
def folder(tmp_path) -> Path:
    return write_dataset(tmp_path / "data", corrected_items())


# --- The record: the corrected value on the `corrected` event --------------------------------


def test_a_corrected_figure_validates_with_its_corrected_value(tmp_path):
    data = write_dataset(tmp_path / "data", corrected_items())
    dataset = load_dataset(data)
    assert dataset.problems == []
    event = dataset.records[FIGURE_ID].item.history[-1]
    assert (event.status, event.value, event.value_high) == ("corrected", 46, None)
    assert dataset.records[FIGURE_ID].item.value == 44  # the figure keeps its value first given
    assert cli.main(["validate", "--data", str(data)]) == 0


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # a value on any other status: the figure's own value is the one stated
        ({"status": "disputed"},
         "history.1: `value` is given only on a `corrected` event (the value the correction "
         "gives), not on a `disputed` one"),
        ({"value": None, "value_high": 46},
         "history.1: `value_high` needs `value` (the lower end of the corrected range)"),
        ({"value_high": 40}, "history.1: value_high 40 is below value 46"),
    ],
)  # fmt: skip
def test_a_value_where_no_correction_gives_one_is_a_clear_error(tmp_path, change, expected):
    found = problems_of(tmp_path, corrected_items(change))
    assert found == [f"{FIGURE_ID}: {expected}"]


# --- The checks --------------------------------------------------------------------------------


def test_a_corrected_value_must_appear_in_its_quote(tmp_path):
    found = problems_of(tmp_path, corrected_items({"value": 47}))
    assert found == [f"{FIGURE_ID}: corrected value 47 does not appear in its quote"]


def test_a_corrected_count_is_never_negative(tmp_path):
    found = problems_of(tmp_path, corrected_items({"value": -46}))
    assert f"{FIGURE_ID}: corrected value -46 is negative" in found


def test_a_corrected_value_needs_a_quote(tmp_path):
    found = problems_of(tmp_path, corrected_items({"quote": None}))
    assert found == [f"{FIGURE_ID}: corrected value 46 has no quote to appear in"]


def test_a_corrections_quote_must_be_in_its_answers_text_not_the_text_first_given(tmp_path):
    first = "There are now 44 FJAAs supporting the delivery of apprenticeships"
    found = problems_of(tmp_path, corrected_items({"quote": first, "value": 44}))
    assert found == [
        f"{FIGURE_ID}: quote comes from text set aside from {ANSWER_ID} (correction_original)"
    ]
    found = problems_of(tmp_path, corrected_items({"quote": "There are now 46 agencies"}))
    assert found == [f"{FIGURE_ID}: quote not found verbatim in answer {ANSWER_ID}"]


def test_the_text_first_given_is_quoted_only_before_a_correction(tmp_path):
    # no correction follows: the text first given stays set aside, as it always was
    found = problems_of(tmp_path, corrected_items({}))
    assert found == [
        f"{FIGURE_ID}: quote comes from text set aside from {ANSWER_ID} (correction_original)"
    ]
    # an event after the correction may not quote it either
    items = corrected_items()
    items["records"][-1]["history"].append(
        {
            "date": dt.date(2024, 2, 1),
            "status": "restated",
            "source": ANSWER_ID,
            "quote": "There are now 44 FJAAs",
        }
    )
    found = problems_of(tmp_path, items)
    assert found == [
        f"{FIGURE_ID}: quote comes from text set aside from {ANSWER_ID} (correction_original)"
    ]


def test_a_draft_corrected_by_the_loaders_is_still_a_draft(tmp_path):
    items = corrected_items()
    figure = items["records"][-1]
    figure["metric"] = "unclassified"  # allowed for a draft only
    figure["history"][0]["status"] = "needs_review"
    assert problems_of(tmp_path, items) == []
    figure["history"][0]["status"] = "reported"
    assert problems_of(tmp_path, items) == [
        f"{FIGURE_ID}: metric 'unclassified' is not in the registry"
    ]


# --- The tables and every output --------------------------------------------------------------


def test_a_corrected_figure_stands_at_its_corrected_value(folder):
    tables = build_tables(load_dataset(folder))
    row = tables.records.set_index("id").loc[FIGURE_ID]
    assert (row["value"], row["corrected_from"], row["corrected_on"].date()) == (
        46, 44, CORRECTED_ON,
    )  # fmt: skip
    events = tables.events[tables.events["record_id"] == FIGURE_ID]
    assert list(events["value"]) == [44, 46]  # the value standing after each event
    others = tables.records[tables.records["id"] != FIGURE_ID]
    assert others["corrected_from"].isna().all() and others["corrected_on"].isna().all()


def test_as_at_a_date_before_the_correction_the_figure_stands_at_its_first_value(folder):
    before = view_of(folder, as_at=dt.date(2024, 1, 12)).records.set_index("id").loc[FIGURE_ID]
    assert before["value"] == 44 and before["status"] == "reported"
    assert format_correction(before["corrected_on"], before["corrected_from"]) == ""
    after = view_of(folder, as_at=dt.date(2024, 1, 20)).records.set_index("id").loc[FIGURE_ID]
    assert after["value"] == 46 and after["corrected_from"] == 44


def test_csv_json_and_xlsx_say_what_it_was_corrected_from_and_when(folder):
    view = view_of(folder)
    csv_row = {r["id"]: r for r in csv_rows(view_csv(view))}[FIGURE_ID]
    json_row = {r["id"]: r for r in json.loads(view_json(view))}[FIGURE_ID]
    xlsx_row = {r["id"]: r for r in sheet_rows(view_xlsx(view), "Records")}[FIGURE_ID]
    assert (csv_row["value"], csv_row["corrected_from"], csv_row["corrected_on"]) == (
        "46.0", "44.0", "2024-01-15",
    )  # fmt: skip
    assert (json_row["value"], json_row["corrected_from"], json_row["corrected_on"]) == (
        46, 44, "2024-01-15",
    )  # fmt: skip
    assert (xlsx_row["value"], xlsx_row["corrected_from"], xlsx_row["corrected_on"]) == (
        46, 44, "2024-01-15",
    )  # fmt: skip
    assert EXPORT_COLUMNS.index("corrected_from") > EXPORT_COLUMNS.index("value")
    uncorrected = [r for r in json.loads(view_json(view)) if r["id"] != FIGURE_ID]
    assert uncorrected and all(r["corrected_on"] is None for r in uncorrected)


def test_the_packs_value_cell_says_the_correction(folder, monkeypatch):
    monkeypatch.setattr(deliverables, "export_figure", lambda fig, fmt: tiny_png())
    document = docx.Document(io.BytesIO(deliverables.briefing_file(view_of(folder))))
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    (cell,) = [row[2] for row in rows if row[0] == WRITTEN_FIGURE["title"]]
    assert cell.split("\n") == ["46", "Corrected on 15 January 2024 from 44"]
    assert sum("Corrected on" in row[2] for row in rows) == 1


def test_the_metric_chart_draws_the_corrected_value_and_says_the_correction(folder):
    view = view_of(folder)
    fig = build_chart("metric", view, metric="fjaa-agencies")
    (points,) = [trace for trace in fig.data if trace.ids is not None]
    assert list(points.y) == [46]
    (hover,) = points.customdata
    assert f"<br>{SAYS}" in hover[-1]
    # a correction that gives its value is not a conflict: no ring
    assert not [trace for trace in fig.data if trace.name == CONFLICT_NAME]
    assert not metric_points(view, "fjaa-agencies")["conflict"].any()


def test_the_pages_tables_have_a_corrected_column_beside_the_value(folder):
    view = view_of(folder)
    table = records_table(view.records)
    columns = list(table.columns)
    assert columns.index("Corrected") == columns.index("Value") + 1
    row = table.set_index("id").loc[FIGURE_ID]
    assert (row["Value"], row["Corrected"]) == ("46", SAYS)
    assert set(table.loc[table["id"] != FIGURE_ID, "Corrected"]) == {""}
    under_chart = figures_table(metric_points(view, "fjaa-agencies"))
    assert list(under_chart["Corrected"]) == [SAYS]
    uncorrected = view.records.drop(columns=["corrected_on"])
    assert "Corrected" not in records_table(uncorrected).columns


def test_the_record_tab_shows_the_corrected_value_and_what_it_replaced(
    folder, monkeypatch, tmp_path
):
    monkeypatch.setenv("COMMITMENTS_CACHE_DIR", str(tmp_path / "cache"))
    at = page_opener(folder, monkeypatch, 60)(view="record", record=FIGURE_ID)
    markdown = "\n".join(str(e.value) for e in at.markdown).replace("\\", "")  # unescaped
    assert f"**Value:** 46 ({SAYS})" in markdown
    assert "Corrected" in markdown and "(value now 46)" in markdown
    (info,) = [str(e.value) for e in at.info if "first given" in str(e.value)]
    assert "as corrected on 15 January 2024" in info
    assert not [e for e in at.warning if "not found" in str(e.value)]


# --- The loaders: a corrected answer of the Written Questions service -------------------------


def varied_17612() -> list:
    """The real captures of UIN 17612 (answered 6 December 2024, corrected 9 December 2024),
    each field as it is but the answers' texts: "12 officers and 3 engineers" as first given,
    "15 officers and 3 engineers" as corrected. Both stay as short as the service's cut texts
    (ending "..."), so they are read as the real ones are."""
    captures = json.loads(REAL_17612.read_text(encoding="utf-8"))
    given, corrected = captures[1]["value"], captures[2]["value"]
    before = (given["answerText"], corrected["answerText"])
    given["answerText"] = given["answerText"].replace(
        "He expressed his shock and welcomed the swift work of emergency engineers to contain "
        "the damage. ...",
        "We sent 12 officers and 3 engineers. He expressed his shock and welcomed ...",
    )
    corrected["answerText"] = corrected["answerText"].replace(
        "We expressed  our shock and welcomed...", "We sent 15 officers and 3 engineers. ..."
    )
    assert (given["answerText"], corrected["answerText"]) != before
    assert all(len(c["value"]["answerText"] or "") <= 260 for c in captures)
    assert not given["answerIsCorrection"] and corrected["answerIsCorrection"]
    return captures


def ingest(tmp_path: Path, captures: list) -> Path:
    """``python -m loaders ingest FILE --format wq-json --out DATA`` (tagged from the bundled
    registry alone), the data folder written."""
    source = tmp_path / "17612.json"
    source.write_text(json.dumps(captures), encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(BUNDLED / "registry.yaml", data / "registry.yaml")
    args = ["ingest", str(source), "--format", "wq-json", "--out", str(data), "--data", str(data)]
    assert loaders_cli.main(args) == 0
    return data


def test_a_figure_the_correction_changes_is_drafted_as_first_given_and_corrected(tmp_path, capsys):
    data = ingest(tmp_path, varied_17612())
    capsys.readouterr()
    dataset = load_dataset(data)
    assert [p for p in dataset.problems if p.severity == "error"] == []
    figures = {r.item.value: r.item for r in dataset.records.values()}
    assert set(figures) == {12, 3}
    officers = figures[12]
    assert officers.quote == "We sent 12 officers and 3 engineers."  # as first given
    assert officers.source == "hc-2024-12-06-17612"
    first, correction = officers.history
    assert first.status == "needs_review" and first.date == dt.date(2024, 12, 6)
    assert correction.status == "corrected"
    assert correction.date == dt.date(2024, 12, 9)  # the date of the correction
    assert correction.source == "hc-2024-12-06-17612"
    assert correction.quote == "We sent 15 officers and 3 engineers."
    assert (correction.value, correction.value_high) == (15, None)
    # the figure the correction leaves alone: the corrected text's, as without a correction
    engineers = figures[3]
    assert engineers.quote == "We sent 15 officers and 3 engineers."
    assert [e.status for e in engineers.history] == ["needs_review"]
    # and the tables stand the corrected figure at 15, corrected from 12
    row = build_tables(dataset).records.set_index("id").loc[officers.id]
    assert format_correction(row["corrected_on"], row["corrected_from"]) == (
        "corrected on 9 December 2024 from 12"
    )
    assert row["value"] == 15
    assert cli.main(["validate", "--data", str(data)]) == 0


def test_without_the_text_first_given_no_correction_is_drafted(tmp_path, capsys):
    data = ingest(tmp_path, varied_17612()[-1:])  # only the corrected capture
    capsys.readouterr()
    dataset = load_dataset(data)
    assert {r.item.value for r in dataset.records.values()} == {15, 3}
    assert all(len(r.item.history) == 1 for r in dataset.records.values())


def test_the_real_correction_changes_no_figure():
    (answer,) = parse_wq_json(REAL_17612.read_bytes())
    assert all(c.correction is None for c in answer.candidates)


def _figure(quote: str, value: float, counts: str, period: str | None = None) -> Candidate:
    return Candidate(
        kind="figure",
        quote=quote,
        offset=0,
        value=value,
        unit="count",
        number=f"{value:g}",
        counts=counts,
        period=Span(period) if period else None,
        basis="point_in_time",
    )


@pytest.mark.parametrize(
    ("first", "now", "corrected"),
    [
        # the same value: the correction left it alone
        ([_figure("12 officers.", 12, "officers")], [_figure("12 officers!", 12, "officers")], {}),
        # another value of the same thing: corrected, from the quote first given
        ([_figure("12 officers.", 12, "officers")], [_figure("15 officers.", 15, "officers")],
         {"15 officers.": ("12 officers.", 15)}),
        # another thing counted: not the same figure, so no correction
        ([_figure("12 officers.", 12, "officers")], [_figure("15 staff.", 15, "staff")], {}),
        # another period: not the same figure either
        ([_figure("12 in 2023.", 12, "officers", "in 2023")],
         [_figure("15 in 2024.", 15, "officers", "in 2024")], {}),
        # one left alone and one changed, in another order: each matched once
        ([_figure("3 and 12.", 3, "officers"), _figure("3 and 12.", 12, "officers")],
         [_figure("15 and 3.", 15, "officers"), _figure("15 and 3.", 3, "officers")],
         {"15 and 3.": ("3 and 12.", 15)}),
    ],
)  # fmt: skip
def test_figures_are_matched_to_their_corrections(first, now, corrected):
    found = with_corrections(now, first, dt.date(2024, 12, 9))
    assert len(found) == len(now)
    changed = {c.correction.quote: (c.quote, c.correction.value) for c in found if c.correction}
    assert changed == corrected
    for before, after in zip(now, found, strict=True):  # in place, the others as they were
        assert after is before or after.correction is not None


@pytest.mark.parametrize(("other", "conflict"), [(46, False), (44, True)])
def test_a_conflict_compares_the_value_a_figure_stands_at_after_its_correction(
    tmp_path, other, conflict
):
    # another answer gives the same metric and period: agreeing with the corrected value is
    # no conflict; agreeing only with the value first given is one
    items = corrected_items()
    printed = items["answers"][0]
    said = f"There were {other} FJAAs on 10 January 2024."
    printed["answer"] += f" {said}"
    items["records"].append(
        {
            **copy.deepcopy(WRITTEN_FIGURE),
            "id": "fjaa-agencies-said-again",
            "quote": said,
            "source": printed["id"],
            "value": other,
            "history": [{"date": printed["date"], "status": "reported", "source": printed["id"]}],
        }
    )
    problems = problems_of(tmp_path, items)
    assert any("has a different value" in p for p in problems) is conflict, problems
