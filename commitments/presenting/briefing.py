"""The Word briefing pack: the charts, the records and their sources, ready to paste from.

An analyst's briefing must say where every figure came from, so the pack carries the filters and
as-at date it was made with, each chart with its "Source:" line, a table of the records shown
(each with its citation), and a numbered list of the answers cited with their page addresses.
A record that fails its own checks never appears unmarked: left out, it is listed under
"Unverified records left out"; included by choice, its row says "UNVERIFIED: <problem>" and it is
listed under "Unverified records included". Everything is written as plain text runs: nothing from
a record is read as markup.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.image.image import Image
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from commitments.record.status import label as status_label
from commitments.record.values import format_correction, format_day, format_value

RECORD_COLUMNS = ("title", "status", "value", "unit", "answer_date", "citation")
SOURCE_COLUMNS = ("citation", "url", "date")
UNVERIFIED_COLUMNS = ("id", "path", "line", "problem")
TABLE_HEADINGS = ("Title", "Status", "Value", "Date", "Citation")
_TABLE_WIDTHS_CM = (5.6, 2.4, 2.4, 2.3, 4.3)  # 17 cm: A4 less 2 cm margins
_TEXT_WIDTH = Cm(17)
_MAX_PICTURE_HEIGHT = Cm(21)  # leaves room on an A4 page for the caption and source line
_NOTE_GREY = RGBColor(0x55, 0x55, 0x55)
_WARNING_RED = RGBColor(0xA5, 0x00, 0x00)
# characters XML 1.0 cannot hold (control characters other than tab and newlines)
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Chart = tuple[bytes, str, str]
"""A chart for the pack: PNG bytes, its caption, its "Source:" line."""


def build_briefing_docx(
    *,
    title: str,
    filters_text: str,
    as_at: dt.date | None,
    produced: dt.date,
    charts: Sequence[Chart],
    records: pd.DataFrame,
    sources: pd.DataFrame,
    left_out: pd.DataFrame | None = None,
    included: pd.DataFrame | None = None,
) -> bytes:
    """A .docx briefing pack, as bytes.

    ``records`` needs the columns ``title, status, value, unit, answer_date, citation``; the
    columns ``value_high`` and ``lower_bound`` are used when present, and a corrected figure's
    ``corrected_on``, ``corrected_from`` and ``corrected_from_high`` (said in its value cell).
    ``sources`` needs ``citation, url, date``. ``as_at`` None means the records as the latest
    answers leave them. ``left_out`` and ``included`` are the unverified records left out of
    ``records`` and those in it, to be marked; each needs ``id, path, line, problem``.
    """
    _require(records, RECORD_COLUMNS, "records")
    _require(sources, SOURCE_COLUMNS, "sources")
    left_out = _unverified(left_out, "left_out")
    included = _unverified(included, "included")

    document = Document()
    _page_setup(document)
    properties = document.core_properties
    properties.title = _clean(title)
    properties.subject = _clean(filters_text)
    properties.author = ""
    properties.comments = ""
    properties.created = dt.datetime.combine(produced, dt.time(), tzinfo=dt.UTC)

    document.add_heading(_clean(title), level=0)
    _labelled(document, "Filters: ", filters_text or "none (every record)")
    _labelled(document, "As at: ", _long_date(as_at) if as_at else "the latest answers")
    _labelled(document, "Produced: ", _long_date(produced))

    if len(left_out):
        document.add_heading(f"Unverified records left out ({len(left_out)})", level=1)
        _note(
            document,
            "These records fail their own checks, so they are in none of this pack's charts, "
            "counts or tables. Fix each at the place given, or make the pack with the unverified "
            "records included, to see them marked.",
        )
        _unverified_list(document, left_out)
    if len(included):
        document.add_heading(f"Unverified records included ({len(included)})", level=1)
        _note(
            document,
            "These records fail their own checks. They are included by choice: each is marked "
            "UNVERIFIED in the records table below. Do not quote them until they are fixed.",
        )
        _unverified_list(document, included)

    if charts:
        document.add_heading("Charts", level=1)
        for number, (png, caption, source) in enumerate(charts, start=1):
            _chart(document, number, png, caption, source)

    document.add_heading(f"Records shown ({len(records)})", level=1)
    if records.empty:
        document.add_paragraph("No records match these filters.")
    else:
        _records_table(document, records, _problems_by_id(included))

    document.add_heading("Sources", level=1)
    source_rows = _unique_sources(sources)
    if not source_rows:
        document.add_paragraph("No sources: no records match these filters.")
    for citation, url, when in source_rows:
        item = document.add_paragraph(style="List Number")
        item.add_run(citation)
        if when:
            item.add_run(f" ({when})")
        if url:
            item.add_run(". ")
            item.add_run(url)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _require(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks the column(s) {', '.join(missing)}")


def _unverified(frame: pd.DataFrame | None, name: str) -> pd.DataFrame:
    if frame is None:
        return pd.DataFrame(columns=list(UNVERIFIED_COLUMNS))
    _require(frame, UNVERIFIED_COLUMNS, name)
    return frame


def _problems_by_id(included: pd.DataFrame) -> dict[str, str]:
    return {_text(i): _text(p) for i, p in zip(included["id"], included["problem"], strict=True)}


def _note(document: Any, text: str) -> None:
    document.add_paragraph().add_run(_clean(text)).font.color.rgb = _NOTE_GREY


def _unverified_list(document: Any, records: pd.DataFrame) -> None:
    """One bullet a record: its id, bold; where it is; its problem."""
    for row in records.itertuples(index=False):
        item = document.add_paragraph(style="List Bullet")
        item.add_run(_text(row.id)).bold = True
        item.add_run(f" ({_text(row.path)}:{_text(row.line)}): ")
        item.add_run(_text(row.problem))


def _page_setup(document: Any) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))


def _labelled(document: Any, label: str, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(label).bold = True
    paragraph.add_run(_clean(text))


def _chart(document: Any, number: int, png: bytes, caption: str, source: str) -> None:
    image = Image.from_blob(png)
    # as wide as the text, unless that would make a tall chart run off the page
    width = min(_TEXT_WIDTH, int(_MAX_PICTURE_HEIGHT * image.px_width / image.px_height))
    document.add_picture(io.BytesIO(png), width=width)
    document.add_paragraph(_clean(f"Figure {number}: {caption}"), style="Caption")
    if source:
        note = document.add_paragraph().add_run(_clean(source))
        note.font.size = Pt(9)
        note.font.color.rgb = _NOTE_GREY


def _records_table(document: Any, records: pd.DataFrame, unverified: dict[str, str]) -> None:
    """One row a record; a record in ``unverified`` (id to problem) says so under its title."""
    table = document.add_table(rows=1, cols=len(TABLE_HEADINGS))
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, heading in zip(header.cells, TABLE_HEADINGS, strict=True):
        cell.paragraphs[0].add_run(heading).bold = True
    for row in records.itertuples(index=False):
        cells = table.add_row().cells
        texts = (
            _text(row.title),
            _status_text(row),
            format_value(
                row.value,
                getattr(row, "value_high", None),
                getattr(row, "lower_bound", False),
                row.unit,
            ),
            _long_date(row.answer_date),
            _text(row.citation),
        )
        for cell, text in zip(cells, texts, strict=True):
            cell.paragraphs[0].add_run(text)
        problem = unverified.get(_text(getattr(row, "id", "")))
        if problem is not None:
            mark = cells[0].add_paragraph().add_run(f"UNVERIFIED: {problem}")
            mark.bold = True
            mark.font.color.rgb = _WARNING_RED
        conflict = _text(getattr(row, "conflict", ""))
        if conflict:  # beside the figure: the value's own cell
            mark = cells[2].add_paragraph().add_run(conflict)
            mark.bold = True
            mark.font.color.rgb = _WARNING_RED
        corrected = format_correction(
            getattr(row, "corrected_on", None),
            getattr(row, "corrected_from", None),
            getattr(row, "corrected_from_high", None),
            getattr(row, "lower_bound", False),
            row.unit,
        )
        if corrected:  # the value shown is the corrected one: say what it was, in its cell
            cells[2].add_paragraph().add_run(_clean(corrected[0].upper() + corrected[1:]))
    for row in table.rows:
        for cell, width in zip(row.cells, _TABLE_WIDTHS_CM, strict=True):
            cell.width = Cm(width)


def _status_text(row: Any) -> str:
    """``Delivered, 10 March 2003`` (when the status took effect, as precisely as known), with
    the last restatement and, for a commitment someone else made, who made it."""
    text = status_label(_text(row.status))
    since = format_day(
        getattr(row, "status_effective", None), getattr(row, "status_precision", "day")
    )
    if since:
        text += f", {since}"
    restated = format_day(getattr(row, "last_restated", None))
    if restated:
        text += f"; restated {restated}"
    made_by = _text(getattr(row, "made_by", ""))
    if made_by:
        text += f"; made by {made_by}, not the UK Government"
    return text


def _repeat_as_header(row: Any) -> None:
    """Repeat the heading row at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _unique_sources(sources: pd.DataFrame) -> list[tuple[str, str, str]]:
    seen: dict[str, tuple[str, str, str]] = {}
    for row in sources.itertuples(index=False):
        citation = _text(row.citation)
        if citation and citation not in seen:
            seen[citation] = (citation, _text(row.url), _long_date(row.date))
    return list(seen.values())


def _long_date(value: Any) -> str:
    """``8 July 2002``; "" when there is no date."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return _clean(value)
    return f"{value.day} {value:%B %Y}"


def _text(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _clean(str(value))


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)
