"""The files of a view an analyst takes into a briefing: a chart with its citations, and the
briefing pack.

One place builds them for the dashboard's download buttons and for the command line, from the
same ``View``, so the same view gives the same files either way.
"""

from __future__ import annotations

import datetime as dt
import html
import struct
import zlib

import pandas as pd
import plotly.graph_objects as go

from commitments.exporting.chromium import ExportFormat, export_figure
from commitments.exporting.frame import source_line, with_briefing_frame
from commitments.presenting.briefing import build_briefing_docx
from commitments.presenting.charts import CHARTS, build_chart, citations_drawn
from commitments.presenting.spreadsheet import sources_of
from commitments.tables.view import View

BRIEFING_TITLE = "Commitments and figures from written answers"
BRIEFING_CHARTS = ("status-counts", "status-by-programme", "timeline")


def chart_title(name: str, fig: go.Figure) -> str:
    """The chart's title as plain text (the figure holds it escaped for plotly, wrapped with
    ``<br>`` to fit the chart: the frame's caption wraps by itself)."""
    title = str(fig.layout.title.text or CHARTS[name].title)
    return html.unescape(title.replace("<br>", " "))


def unverified_of_chart(view: View) -> tuple[pd.DataFrame, bool]:
    """The unverified records a chart of ``view`` must name, and whether it includes them:
    those the view left out, or, when they were asked for, those among the records it shows
    (a page of the timeline: that page's)."""
    if view.filters.include_unverified:
        return view.included, True
    return view.left_out, False


def unverified_entries(records: pd.DataFrame) -> list[str]:
    """Each unverified record as a chart's footer names it: "<id> <file>:<line>"."""
    return [
        f"{i} {path}:{line}"
        for i, path, line in zip(
            records["id"].tolist(), records["path"].tolist(), records["line"].tolist(), strict=True
        )
    ]


def unverified_text(view: View) -> str:
    """The unverified records of a chart of ``view`` in full, for a PNG's ``Source`` text: the
    footer's line, then a line each with its id, ``file:line`` and problem; "" when none."""
    records, included = unverified_of_chart(view)
    if records.empty:
        return ""
    entries = unverified_entries(records)
    count = len(entries)
    if included:
        heading = f"Includes {count:,} unverified record{'s' * (count != 1)}, marked:"
    else:
        heading = f"Unverified records left out: {count:,}"
    lines = [f"{e}: {problem}" for e, problem in zip(entries, records["problem"], strict=True)]
    prefix = "UNVERIFIED " if included else ""
    return "\n".join([heading, *(prefix + line for line in lines)])


def framed_chart(
    name: str,
    fig: go.Figure,
    view: View,
    metric: str | None = None,
    produced: dt.date | None = None,
) -> tuple[go.Figure, list[str]]:
    """``fig`` (chart ``name`` of ``view``) framed with its title, the view's filters, its sources
    and the date, with a line naming the unverified records it leaves out (or includes,
    marked); and the citations it lists."""
    citations = citations_drawn(name, view, metric)
    unverified, included = unverified_of_chart(view)
    entries = unverified_entries(unverified)
    framed = with_briefing_frame(
        fig,
        title=chart_title(name, fig),
        subtitle=view.filters.describe(),
        citations=citations,
        produced=produced or dt.date.today(),
        left_out=[] if included else entries,
        included_unverified=entries if included else [],
    )
    return framed, citations


def chart_file(
    name: str,
    view: View,
    fmt: ExportFormat,
    *,
    metric: str | None = None,
    fig: go.Figure | None = None,
    produced: dt.date | None = None,
) -> bytes:
    """Chart ``name`` of ``view`` as PNG, SVG or PDF, framed for a briefing.

    ``fig`` is the chart as drawn already (a page of the timeline other than the first, whose
    view is that page's: ``TimelinePage.view``). A PNG also carries the full list of citations
    in a text chunk keyed ``Source``, since its footnote may shorten a long list, followed by
    the unverified records left out (or included) with their problems, when there are any.
    """
    fig = fig if fig is not None else build_chart(name, view, metric)
    framed, citations = framed_chart(name, fig, view, metric, produced)
    payload = export_figure(framed, fmt)
    if fmt == "png":
        source = "\n".join([*citations, *filter(None, [unverified_text(view)])])
        payload = png_with_text(payload, {"Title": chart_title(name, fig), "Source": source})
    return payload


def briefing_file(view: View, metric: str | None = None, produced: dt.date | None = None) -> bytes:
    """The Word briefing pack of ``view``: the key charts with their sources (and ``metric``'s
    figures when one is given), the records, the answers; and the unverified records, listed as
    left out, or listed and marked when the view includes them."""
    produced = produced or dt.date.today()
    names = [*BRIEFING_CHARTS, *(["metric"] if metric else [])]
    charts = []
    for name in names:
        fig = build_chart(name, view, metric)
        citations = citations_drawn(name, view, metric)
        png = export_figure(fig, "png")
        charts.append((png, chart_title(name, fig), source_line(citations, limit=3)))
    return build_briefing_docx(
        title=BRIEFING_TITLE,
        filters_text=view.filters.describe(),
        as_at=view.as_at,
        produced=produced,
        charts=charts,
        records=view.records,
        sources=sources_of(view),
        left_out=view.left_out,
        included=view.included,
    )


def png_with_text(png: bytes, entries: dict[str, str]) -> bytes:
    """``png`` with an uncompressed international text chunk (iTXt, UTF-8) per entry."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    ihdr_end = 8 + 4 + 4 + struct.unpack(">I", png[8:12])[0] + 4
    chunks = b"".join(_chunk(b"iTXt", _itxt(key, text)) for key, text in entries.items())
    return png[:ihdr_end] + chunks + png[ihdr_end:]


def png_text(png: bytes) -> dict[str, str]:
    """The tEXt and iTXt entries of ``png`` (the inverse of ``png_with_text``)."""
    found: dict[str, str] = {}
    at = 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        if kind == b"tEXt":
            key, _, value = data.partition(b"\x00")
            found[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = data.partition(b"\x00")
            # compression flag, method, then language tag and translated keyword, each NUL-ended
            _lang, _, rest = rest[2:].partition(b"\x00")
            _translated, _, value = rest.partition(b"\x00")
            found[key.decode("latin-1")] = value.decode("utf-8")
        at += 12 + length
    return found


def _itxt(key: str, text: str) -> bytes:
    return key.encode("latin-1") + b"\x00\x00\x00" + b"\x00" + b"\x00" + text.encode("utf-8")


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
