"""Data files of a view: CSV, JSON and XLSX, safe to open in Excel.

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as a
formula in a spreadsheet (CSV injection); such text is prefixed with an apostrophe.

Unverified records (``tables.verified``) never reach a file unmarked: left out, they are listed
on the XLSX's "Unverified records" sheet; included by choice, every row gains a ``verified`` and a
``problem`` column, so a spreadsheet can be filtered on them. A view with no unverified record
gives the same files as before there were any.
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd

from commitments.tables.view import View

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

EXPORT_COLUMNS = [
    "id", "kind", "title", "status", "status_date", "status_effective", "status_precision",
    "last_restated", "value", "value_high", "lower_bound", "unit", "conflict", "corrected_from",
    "corrected_from_high", "corrected_on", "metric", "period_words", "period_start", "period_end",
    "basis", "due_words", "due_start", "due_end",
    "responsible", "made_by", "quote", "programmes", "agencies", "tags", "answer_date", "house",
    "citation", "uins", "asker", "minister", "department", "url", "source_id",
]  # fmt: skip
"""``status_effective``: when the status took effect (the most precise date the answers give,
else when it was first said), to ``status_precision`` (day, month or year); ``last_restated``:
when the record was last said again in Parliament; ``conflict``: what the conflict warning says
when another answer gives a different value for the same metric and period ("" otherwise);
``value``/``value_high``: a corrected figure's corrected value, ``corrected_from``/
``corrected_from_high`` the value the correction replaced and ``corrected_on`` its date (empty when
no correction changed the figure)."""
SOURCE_COLUMNS = [
    "id", "citation", "date", "date_tabled", "corrected", "house", "uins", "asker", "minister",
    "department", "heading", "url", "complete", "flags", "records",
]  # fmt: skip
"""``date_tabled`` and ``corrected``: an answer of the Written Questions service's (empty for a
printed Hansard answer)."""
MARK_COLUMNS = ["verified", "problem"]
"""Added to every row when the view includes unverified records: ``verified`` false and the
record's first ``problem`` for each of them, true and empty for the rest."""
UNVERIFIED_SHEET = "Unverified records"
UNVERIFIED_SHEET_COLUMNS = ["id", "title", "file", "line", "problem", "in this file"]
LEFT_OUT = "left out"
INCLUDED = "included, marked"


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula, made inert."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def flat(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Lists joined with "; ", dates as ISO text, every text cell neutralised."""
    out = frame.reindex(columns=columns).copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[column] = series.dt.strftime("%Y-%m-%d").astype("object")
        else:
            out[column] = series.map(_cell).astype("object")
        out[column] = out[column].map(neutralise)
    return out.where(out.notna(), None)


def _cell(value: object) -> object:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def marked(view: View) -> pd.DataFrame:
    """The view's records as exported: when it includes unverified records, each row with its
    ``verified`` flag and ``problem``; else the records as they are."""
    records, included = view.records, view.included
    if included.empty:
        return records
    problems = dict(zip(included["id"], included["problem"], strict=True))
    out = records.copy()
    out["verified"] = [record_id not in problems for record_id in records["id"]]
    out["problem"] = [problems.get(record_id) for record_id in records["id"]]
    return out


def unverified_sheet(view: View) -> pd.DataFrame:
    """One row for each unverified record the view's filters chose: where it is, its problem,
    and whether the file leaves it out or includes it marked."""
    rows = view.unverified
    return pd.DataFrame(
        {
            "id": rows["id"],
            "title": rows["title"],
            "file": rows["path"],
            "line": rows["line"],
            "problem": rows["problem"],
            "in this file": INCLUDED if view.filters.include_unverified else LEFT_OUT,
        },
        columns=UNVERIFIED_SHEET_COLUMNS,
    )


def export_columns(records: pd.DataFrame) -> list[str]:
    """The columns of an export of ``records``: the marks too when they carry them."""
    return EXPORT_COLUMNS + MARK_COLUMNS if "verified" in records.columns else EXPORT_COLUMNS


def view_csv(view: View) -> bytes:
    """The view's records as CSV, unverified ones marked when included."""
    return to_csv(marked(view))


def view_json(view: View) -> bytes:
    """The view's records as JSON, unverified ones marked when included."""
    return to_json(marked(view))


def view_xlsx(view: View) -> bytes:
    """The view's records and their sources as XLSX, with the sheet of unverified records when
    the filters chose any."""
    records = marked(view)
    sheet = unverified_sheet(view) if len(view.unverified) else None
    return to_xlsx(records, sources_of(view, records), sheet)


def to_csv(records: pd.DataFrame) -> bytes:
    frame = flat(records, export_columns(records))
    if "verified" in frame.columns:
        frame["verified"] = frame["verified"].map({True: "true", False: "false"})
    # every field quoted: a line break inside a cell can never start a new row
    return frame.to_csv(index=False, quoting=csv.QUOTE_ALL, lineterminator="\r\n").encode(
        "utf-8-sig"
    )


def to_json(records: pd.DataFrame) -> bytes:
    """A list of objects; lists stay lists, dates are ISO text, missing values are null."""
    rows = []
    for row in records.reindex(columns=export_columns(records)).to_dict("records"):
        rows.append({key: _json_value(value) for key, value in row.items()})
    return json.dumps(rows, ensure_ascii=False, indent=2).encode("utf-8")


def _json_value(value: object) -> object:
    if isinstance(value, list | tuple):
        return list(value)
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


XLSX_OPTIONS = {
    "strings_to_formulas": False,  # text is written as text, whatever it starts with
    "strings_to_urls": False,  # a page address stays text: no link to follow by mistake
    "strings_to_numbers": False,
}


def to_xlsx(
    records: pd.DataFrame, sources: pd.DataFrame, unverified: pd.DataFrame | None = None
) -> bytes:
    """Two sheets, Records and Sources, each with a bold, frozen header row; a third, the
    ``unverified`` records (``unverified_sheet``), when there are any."""
    sheets = [("Records", records, export_columns(records)), ("Sources", sources, SOURCE_COLUMNS)]
    if unverified is not None and len(unverified):
        sheets.append((UNVERIFIED_SHEET, unverified, UNVERIFIED_SHEET_COLUMNS))
    buffer = io.BytesIO()
    with pd.ExcelWriter(
        buffer, engine="xlsxwriter", engine_kwargs={"options": XLSX_OPTIONS}
    ) as writer:
        bold = writer.book.add_format({"bold": True})
        for name, frame, columns in sheets:
            flat(frame, columns).to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for number, column in enumerate(columns):
                sheet.write_string(0, number, column, bold)
            sheet.freeze_panes(1, 0)
    return buffer.getvalue()


def sources_of(view: View, records: pd.DataFrame | None = None) -> pd.DataFrame:
    """The answers behind the view's records (or ``records``, some of them): each record's own,
    and those its status events cite up to the as-at date (a later answer's progress or
    restatement), oldest first."""
    records = view.records if records is None else records
    events = view.events_of(records)
    cited = set(records["source_id"]) | set(events["source_id"].dropna())
    answers = view.tables.answers
    return answers[answers["id"].isin(cited)].sort_values(["date", "id"]).reset_index(drop=True)
