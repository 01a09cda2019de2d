"""Data files of a view: CSV, JSON and XLSX, safe to open in Excel.

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would run as a
formula in a spreadsheet (CSV injection); such text is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

EXPORT_COLUMNS = [
    "id", "kind", "title", "status", "status_date", "value", "value_high", "lower_bound", "unit",
    "metric", "period_words", "period_start", "period_end", "basis", "due_words", "due_start",
    "due_end", "responsible", "quote", "programmes", "agencies", "tags", "answer_date", "house",
    "citation", "uins", "asker", "minister", "department", "url", "source_id",
]  # fmt: skip
SOURCE_COLUMNS = [
    "id", "citation", "date", "house", "uins", "asker", "minister", "department", "heading",
    "url", "complete", "flags", "records",
]  # fmt: skip


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


def to_csv(records: pd.DataFrame) -> bytes:
    # every field quoted: a line break inside a cell can never start a new row
    return (
        flat(records, EXPORT_COLUMNS)
        .to_csv(index=False, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        .encode("utf-8-sig")
    )


def to_json(records: pd.DataFrame) -> bytes:
    """A list of objects; lists stay lists, dates are ISO text, missing values are null."""
    rows = []
    for row in records.reindex(columns=EXPORT_COLUMNS).to_dict("records"):
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


def to_xlsx(records: pd.DataFrame, sources: pd.DataFrame) -> bytes:
    """Two sheets, Records and Sources, each with a bold, frozen header row."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(
        buffer, engine="xlsxwriter", engine_kwargs={"options": XLSX_OPTIONS}
    ) as writer:
        bold = writer.book.add_format({"bold": True})
        for name, frame, columns in (
            ("Records", records, EXPORT_COLUMNS),
            ("Sources", sources, SOURCE_COLUMNS),
        ):
            flat(frame, columns).to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for number, column in enumerate(columns):
                sheet.write_string(0, number, column, bold)
            sheet.freeze_panes(1, 0)
    return buffer.getvalue()


def sources_of(records: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """The answers behind ``records``, oldest first."""
    cited = answers[answers["id"].isin(set(records["source_id"]))]
    return cited.sort_values(["date", "id"]).reset_index(drop=True)
