"""The Word briefing pack, opened back with python-docx as Word would read it."""

from __future__ import annotations

import io
import math
import struct
import zlib
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest
from docx import Document
from docx.shared import Cm

from commitments.exporting.chromium import export_figure
from commitments.exporting.frame import source_line, with_briefing_frame
from commitments.presenting.briefing import TABLE_HEADINGS, build_briefing_docx

HISTORIC = "https://api.parliament.uk/historic-hansard/written-answers"
RECORDS = pd.DataFrame(
    {
        "title": [
            "Reflex co-operation led to 67 arrests since April 2001",
            "Pilot scheme to support victims of trafficking",
            "Home Office funding for the Poppy Project",
            "Between 140 and 1,400 women trafficked into the UK each year",
            "Over 60 operations against organised immigration crime",
        ],
        "status": ["reported", "delivered", "reported", "reported", "superseded"],
        "value": [67.0, math.nan, 200_000.0, 140.0, 60.0],
        "value_high": [math.nan, math.nan, math.nan, 1400.0, math.nan],
        "lower_bound": [False, None, False, False, True],
        "unit": ["count", None, "GBP", "people_per_year", "count"],
        "answer_date": pd.to_datetime(
            ["2002-07-08", "2002-11-04", "2003-03-05", "2003-09-19", "2004-01-19"]
        ),
        "citation": [
            "HC Deb 08 July 2002 vol 388 cc741-2W",
            "HC Deb 04 November 2002 vol 392 cc108-9W",
            "HC Deb 05 March 2003 vol 400 cc1075-6W",
            "HC Deb 19 September 2003 vol 410 cc993-4W",
            "HC Deb 19 January 2004 vol 416 c977W",
        ],
    }
)
SOURCES = pd.DataFrame(
    {
        "citation": [*RECORDS["citation"], "HC Deb 08 July 2002 vol 388 cc741-2W"],
        "url": [
            f"{HISTORIC}/2002/jul/08/human-trafficking",
            f"{HISTORIC}/2002/nov/04/people-trafficking",
            f"{HISTORIC}/2003/mar/05/human-trafficking",
            f"{HISTORIC}/2003/sep/19/people-trafficking",
            f"{HISTORIC}/2004/jan/19/human-trafficking",
            f"{HISTORIC}/2002/jul/08/human-trafficking",
        ],
        "date": pd.to_datetime(
            ["2002-07-08", "2002-11-04", "2003-03-05", "2003-09-19", "2004-01-19", "2002-07-08"]
        ),
    }
)


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A real PNG image, built by hand so these tests need no browser."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x00\x72\xb2" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def build(**overrides) -> bytes:
    options = {
        "title": "Trafficking: commitments and figures",
        "filters_text": "Programme: Reflex, Victim support; kind: any",
        "as_at": date(2004, 5, 4),
        "produced": date(2025, 11, 23),
        "charts": [
            (
                tiny_png(),
                "Status of commitments",
                "Source: HC Deb 04 November 2002 vol 392 cc108-9W",
            ),
            (tiny_png(8, 5), "Reflex figures over time", source_line(list(RECORDS["citation"]))),
        ],
        "records": RECORDS,
        "sources": SOURCES,
    } | overrides
    return build_briefing_docx(**options)


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def opened(data: bytes):
    assert data[:2] == b"PK"  # a .docx is a zip
    return Document(io.BytesIO(data))


def test_pack_opens_and_carries_title_filters_and_dates():
    document = opened(build())
    assert document.core_properties.title == "Trafficking: commitments and figures"
    text = all_text(document)
    assert document.paragraphs[0].text == "Trafficking: commitments and figures"
    assert "Filters: Programme: Reflex, Victim support; kind: any" in text
    assert "As at: 4 May 2004" in text
    assert "Produced: 23 November 2025" in text


def test_pack_holds_every_citation_of_the_records_shown():
    text = all_text(opened(build()))
    for citation in RECORDS["citation"]:
        assert citation in text


def test_records_table_has_one_row_per_record_with_values_written_out():
    (table,) = opened(build()).tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert tuple(rows[0]) == TABLE_HEADINGS
    assert len(rows) == len(RECORDS) + 1
    assert rows[1] == [
        "Reflex co-operation led to 67 arrests since April 2001",
        "Reported",
        "67",
        "8 July 2002",
        "HC Deb 08 July 2002 vol 388 cc741-2W",
    ]
    values = [row[2] for row in rows[1:]]
    # a commitment has no value: an empty cell, never "nan"
    assert values == ["67", "", "£200,000", "140–1,400 per year", "over 60"]
    assert [row[1] for row in rows[1:]] == [
        "Reported", "Delivered", "Reported", "Reported", "Superseded",
    ]  # fmt: skip
    assert [row[4] for row in rows[1:]] == list(RECORDS["citation"])


def test_sources_are_a_numbered_list_with_page_addresses_once_each():
    document = opened(build())
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == 5  # the repeated answer is listed once
    assert numbered[0].text == (
        "HC Deb 08 July 2002 vol 388 cc741-2W (8 July 2002). "
        f"{HISTORIC}/2002/jul/08/human-trafficking"
    )
    firsts = SOURCES.head(5)
    for paragraph, citation, url in zip(numbered, firsts["citation"], firsts["url"], strict=True):
        assert citation in paragraph.text and url in paragraph.text


def test_charts_are_pictures_with_caption_and_source_line():
    document = opened(build())
    assert len(document.inline_shapes) == 2
    assert all(abs(shape.width - Cm(17)) < Cm(0.01) for shape in document.inline_shapes)
    texts = [p.text for p in document.paragraphs]
    assert "Figure 1: Status of commitments" in texts
    assert "Figure 2: Reflex figures over time" in texts
    assert "Source: HC Deb 04 November 2002 vol 392 cc108-9W" in texts
    assert "Source: HC Deb 08 July 2002 vol 388 cc741-2W and 4 other answers" in texts


def test_a_tall_chart_is_scaled_to_fit_the_page():
    document = opened(build(charts=[(tiny_png(100, 300), "Status over time", "")]))
    (shape,) = document.inline_shapes
    assert shape.height <= Cm(21.01)
    assert abs(shape.width / shape.height - 1 / 3) < 0.01


def test_record_text_stays_plain_text():
    records = RECORDS.head(1).assign(
        title="<b>Bold?</b> & <script>alert(1)</script>\x0bwith a control character"
    )
    document = opened(build(records=records, title="Pack <i>one</i>"))
    (table,) = document.tables
    assert table.rows[1].cells[0].text == (
        "<b>Bold?</b> & <script>alert(1)</script>with a control character"
    )
    assert document.core_properties.title == "Pack <i>one</i>"
    assert not any(run.bold for run in table.rows[1].cells[0].paragraphs[0].runs)


def test_empty_selection_still_makes_a_pack_that_says_so():
    document = opened(
        build(charts=[], records=RECORDS.iloc[0:0], sources=SOURCES.iloc[0:0], as_at=None)
    )
    text = all_text(document)
    assert "No records match these filters." in text
    assert "As at: the latest answers" in text
    assert len(document.tables) == 0
    assert len(document.inline_shapes) == 0


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="citation"):
        build(records=RECORDS.drop(columns=["citation"]))
    with pytest.raises(ValueError, match="url"):
        build(sources=SOURCES.drop(columns=["url"]))


@pytest.mark.browser
def test_pack_with_a_real_exported_chart():
    citations = list(RECORDS["citation"])
    fig = go.Figure(
        go.Bar(x=["reported", "delivered", "superseded"], y=[3, 1, 1]),
        layout={"template": "plotly_white"},
    )
    footnote = source_line(citations)
    png = export_figure(
        with_briefing_frame(
            fig,
            title="Records by status",
            subtitle="All records. As at 4 May 2004.",
            citations=citations,
            produced=date(2025, 11, 23),
        ),
        "png",
    )
    document = opened(build(charts=[(png, "Records by status", footnote)]))
    (shape,) = document.inline_shapes
    assert abs(shape.width - Cm(17)) < Cm(0.01)
    # the picture keeps the exported image's proportions (2000 x 1200 pixels)
    assert abs(shape.height / shape.width - 0.6) < 0.01
    assert footnote in all_text(document)
