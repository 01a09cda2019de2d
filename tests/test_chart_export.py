"""Static chart export: the frame (title, subtitle, source, date) and the files Chromium draws.

Tests marked ``browser`` draw real files in Debian's Chromium through kaleido.
"""

from __future__ import annotations

import html
import re
import struct
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from hypothesis import given
from hypothesis import strategies as st
from playwright.sync_api import sync_playwright

from commitments.exporting.chromium import (
    ChartExporter,
    ChartExportError,
    check_template,
    export_figure,
)
from commitments.exporting.frame import (
    PlotBox,
    fit_frame,
    plot_box,
    source_line,
    with_briefing_frame,
)

CITATIONS = [
    "HC Deb 08 July 2002 vol 388 cc741-2W",
    "HC Deb 04 November 2002 vol 392 cc108-9W",
    "HC Deb 05 March 2003 vol 400 cc1075-6W",
    "HC Deb 19 September 2003 vol 410 cc993-4W",
    "HC Deb 05 November 2003 vol 412 cc718-9W",
    "HC Deb 19 January 2004 vol 416 c977W",
    "HL Deb 04 May 2004 c107WA",
]
PRODUCED = date(2025, 11, 23)
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
HOUSE = go.layout.Template(
    layout={"colorway": OKABE_ITO, "font": {"family": "Arial, sans-serif", "color": "#222222"}},
)


def reflex_timeline(**layout) -> go.Figure:
    return go.Figure(
        go.Scatter(
            x=["2002-07-08", "2003-03-05", "2004-01-19"],
            y=[67, 27, 30],
            mode="lines+markers",
            name="Reflex arrests",
        ),
        layout={"template": HOUSE, "xaxis_title": "Date of answer", "yaxis_title": "Arrests"}
        | layout,
    )


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def framed(fig: go.Figure | None = None, **kwargs) -> go.Figure:
    options = {
        "title": "Reflex: arrests reported to Parliament",
        "subtitle": "Programme: Reflex. Figures only. As at 19 January 2004.",
        "citations": CITATIONS[:3],
        "produced": PRODUCED,
    } | kwargs
    return with_briefing_frame(fig or reflex_timeline(), **options)


# --- The source line ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("citations", "limit", "expected"),
    [
        ([CITATIONS[0]], 1, f"Source: {CITATIONS[0]}"),
        # one left over is named, not counted as "1 other answer"
        (CITATIONS[:2], 1, f"Source: {CITATIONS[0]} and {CITATIONS[1]}"),
        # the issue's own example
        (CITATIONS, 1, "Source: HC Deb 08 July 2002 vol 388 cc741-2W and 6 other answers"),
        (CITATIONS, 2, f"Source: {CITATIONS[0]}, {CITATIONS[1]} and 5 other answers"),
        (CITATIONS[:3], 3, f"Source: {CITATIONS[0]}, {CITATIONS[1]} and {CITATIONS[2]}"),
        # duplicates count once and the first order is kept
        (
            [CITATIONS[1], CITATIONS[0], CITATIONS[1], CITATIONS[0]],
            1,
            f"Source: {CITATIONS[1]} and {CITATIONS[0]}",
        ),
        # stray whitespace does not make a second citation
        ([CITATIONS[0], f" {CITATIONS[0]}  "], 1, f"Source: {CITATIONS[0]}"),
        ([], 1, ""),
    ],
)
def test_source_line(citations, limit, expected):
    assert source_line(citations, limit=limit) == expected


@given(
    citations=st.lists(st.sampled_from(CITATIONS), max_size=12),
    limit=st.integers(min_value=1, max_value=8),
)
def test_source_line_accounts_for_every_answer_once(citations, limit):
    line = source_line(citations, limit=limit)
    unique = list(dict.fromkeys(citations))
    if not unique:
        assert line == ""
        return
    named = [c for c in unique if c in line]
    counted = re.search(r"and (\d+) other answers$", line)
    assert len(named) + (int(counted.group(1)) if counted else 0) == len(unique)
    assert named == unique[: len(named)]  # the first answers are the ones named
    assert len(named) <= max(limit, 1) + 1


# --- The frame ---------------------------------------------------------------------------------


def annotation(fig: go.Figure, name: str) -> go.layout.Annotation:
    (found,) = [a for a in fig.layout.annotations if a.name == name]
    return found


def test_frame_carries_title_subtitle_source_and_date():
    fig = framed(citations=CITATIONS)
    assert "Reflex: arrests reported to Parliament" in fig.layout.title.text
    assert "As at 19 January 2004" in fig.layout.title.subtitle.text
    assert annotation(fig, "source").text == (
        "Source: HC Deb 08 July 2002 vol 388 cc741-2W and 6 other answers"
    )
    assert annotation(fig, "produced").text == "Produced 23 November 2025"
    # the chart itself is still there
    assert list(fig.data[0].y) == [67, 27, 30]


def test_frame_leaves_the_input_figure_unchanged():
    fig = reflex_timeline()
    before = fig.to_json()
    result = framed(fig, citations=CITATIONS)
    assert fig.to_json() == before
    assert result is not fig
    assert not fig.layout.annotations
    # and changing the result does not reach back into the input
    result.data[0].y = [1, 2, 3]
    assert list(fig.data[0].y) == [67, 27, 30]


def test_frame_keeps_the_template():
    fig = framed()
    assert list(fig.layout.template.layout.colorway) == OKABE_ITO


def test_frame_wraps_long_source_lines_between_citations():
    fig = framed(citations=CITATIONS, source_limit=len(CITATIONS))
    lines = annotation(fig, "source").text.split("<br>")
    assert len(lines) > 1
    text = " ".join(lines)
    for citation in CITATIONS:
        # each citation stays whole on one line, so it can be found and copied
        assert any(citation in line for line in lines), citation
        assert citation in text
    assert all(len(line) <= 180 for line in lines)


def test_frame_reserves_room_for_more_lines():
    short = framed(title="Short title", subtitle="As at 2004.")
    long = framed(
        title="A long title " * 12,
        subtitle="Filters: programme Reflex; agencies: National Crime Squad " * 5,
        citations=CITATIONS,
        source_limit=len(CITATIONS),
    )
    assert long.layout.margin.t > short.layout.margin.t
    assert long.layout.margin.b > short.layout.margin.b


def test_frame_shows_markup_in_record_text_as_text():
    fig = framed(title="Cost <b>over</b> £3 million & rising", subtitle="<a href='x'>link</a>")
    assert "&lt;b&gt;over&lt;/b&gt;" in fig.layout.title.text
    assert "&amp; rising" in fig.layout.title.text
    assert "<a" not in fig.layout.title.subtitle.text


def test_frame_notes_come_from_the_chart_or_the_caller():
    fig = reflex_timeline(meta={"notes": ["Counting bases differ: not one series."]})
    from_chart = framed(fig)
    assert annotation(from_chart, "notes").text == "Note: Counting bases differ: not one series."
    assert from_chart.layout.meta["notes"] == ["Counting bases differ: not one series."]
    given = framed(fig, notes=["Figures as stated."])
    assert annotation(given, "notes").text == "Note: Figures as stated."
    assert not [a for a in framed().layout.annotations if a.name == "notes"]


def test_a_chart_whose_meta_is_not_a_mapping_keeps_it():
    fig = framed(reflex_timeline(meta=["kept as it was"]))
    assert list(fig.layout.meta) == ["kept as it was"]
    # the text still has its estimated place, under the plot
    assert annotation(fig, "source").text.startswith("Source: ")
    assert annotation(fig, "source").yshift < -20
    assert fig.layout.margin.b > 60


def test_frame_is_laid_out_for_its_export_size():
    fig = framed()
    assert (fig.layout.width, fig.layout.height) == (1000, 600)
    assert framed(width=640, height=400).layout.height == 400


def test_a_chart_with_its_own_height_grows_by_the_frame_text():
    tall = reflex_timeline(height=900)
    result = framed(tall, citations=CITATIONS, source_limit=len(CITATIONS))
    assert result.layout.height > 900
    added = result.layout.margin.t + result.layout.margin.b
    own = 100 + 80  # plotly's default top and bottom margins, which the frame replaces
    assert result.layout.height - added == pytest.approx(900 - own, abs=80)


# A plotly SVG's clip paths: the plot area of subplot xy, and one of the axis clips.
SVG_CLIPS = (
    '<svg><defs><clipPath id="clip1a2xyplot" class="plotclip"><rect width="840" height="347"/>'
    '</clipPath><clipPath class="axesclip" id="clip1a2x"><rect x="80" y="0" width="840" '
    'height="600"/></clipPath><clipPath class="axesclip" id="clip1a2xy"><rect x="80" y="148" '
    'width="840" height="347"/></clipPath><clipPath class="axesclip" id="clip1a2x2y2"><rect '
    'x="560" y="160" width="360" height="380"/></clipPath></defs></svg>'
)


def test_plot_box_is_read_from_the_svg_clip_paths():
    assert plot_box(SVG_CLIPS) == PlotBox(left=80, top=148, right=920, bottom=540)
    assert plot_box("<svg></svg>") is None


def test_fit_frame_puts_the_footnotes_under_the_measured_axis_and_level_with_the_edge():
    fig = framed(citations=CITATIONS, source_limit=2).to_dict()
    fitted = fit_frame(fig, PlotBox(left=130, top=20, right=950, bottom=540), height=600)
    notes = {a["name"]: a for a in fitted["layout"]["annotations"]}
    # 60 px of axis labels under the plot, then an 8 px gap
    assert notes["source"]["yshift"] == -68
    assert notes["produced"]["yshift"] < notes["source"]["yshift"]
    assert notes["source"]["xshift"] == notes["produced"]["xshift"] == 16 - 130
    margin = fitted["layout"]["margin"]
    assert margin["b"] >= -notes["produced"]["yshift"] + 11  # the last line fits the margin
    assert margin["t"] > fig["layout"]["meta"]["briefing_frame"]["header"] + 20 - 1
    assert fig["layout"]["annotations"][0].get("xshift") != 16 - 130  # the input is untouched
    with pytest.raises(ValueError, match="no briefing frame"):
        fit_frame(reflex_timeline().to_dict(), PlotBox(0, 0, 1, 1), height=600)


# --- The template check ------------------------------------------------------------------------


def test_template_check_accepts_an_explicit_template():
    check_template(reflex_timeline())
    check_template(go.Figure(layout={"template": "plotly_white"}))


def test_template_check_refuses_streamlit_placeholder_colours():
    placeholder = go.layout.Template(layout={"colorway": ["#000001", "#000002"]})
    with pytest.raises(ChartExportError, match="placeholder"):
        check_template(go.Figure(go.Bar(y=[1]), layout={"template": placeholder}))


def test_template_check_refuses_an_empty_template():
    with pytest.raises(ChartExportError, match="no template"):
        check_template(go.Figure(go.Bar(y=[1]), layout={"template": "none"}))


def test_export_refuses_an_unknown_format():
    with pytest.raises(ValueError, match="format"):
        export_figure(reflex_timeline(), "jpeg")  # type: ignore[arg-type]


# --- The files ---------------------------------------------------------------------------------


@pytest.mark.browser
def test_png_is_twice_screen_resolution():
    png = export_figure(framed(), "png")
    assert png_size(png) == (2000, 1200)
    small = export_figure(framed(width=640, height=400), "png")
    assert png_size(small) == (1280, 800)
    resized = export_figure(reflex_timeline(), "png", width=500, height=300, scale=1)
    assert png_size(resized) == (500, 300)


@pytest.mark.browser
def test_svg_carries_title_citations_and_date():
    svg = export_figure(framed(citations=CITATIONS, source_limit=3), "svg").decode()
    assert svg.lstrip().startswith("<svg")
    assert "Reflex: arrests reported to Parliament" in svg
    assert "As at 19 January 2004" in svg
    for citation in CITATIONS[:3]:
        assert citation in svg
    assert "and 4 other answers" in svg
    assert "Produced 23 November 2025" in svg


@pytest.mark.browser
def test_pdf_is_a_pdf():
    pdf = export_figure(framed(), "pdf")
    assert pdf.startswith(b"%PDF")
    assert b"%%EOF" in pdf[-64:]


@pytest.mark.browser
def test_export_draws_the_figure_template_even_when_the_default_is_a_placeholder():
    # importing streamlit makes its placeholder template the default; a figure that names its
    # own template must still come out in its own colours
    pio.templates["placeholder_default"] = go.layout.Template(layout={"colorway": ["#000001"]})
    previous = pio.templates.default
    pio.templates.default = "placeholder_default"
    try:
        fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]), layout={"template": HOUSE})
        svg = export_figure(fig, "svg").decode()
    finally:
        pio.templates.default = previous
        del pio.templates["placeholder_default"]
    assert "rgb(0, 114, 178)" in svg  # Okabe-Ito blue, the house template's first colour
    assert "rgb(0, 0, 1)" not in svg


WORDS = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot",
    "golf", "hotel", "india", "juliet", "kilo", "lima",
]  # fmt: skip


@pytest.mark.browser
def test_concurrent_exports_each_return_their_own_chart():
    titles = [f"Distinct chart {word}" for word in WORDS]
    start = threading.Barrier(4)

    def export(index: int) -> bytes:
        fig = go.Figure(
            go.Bar(x=["count"], y=[index + 1], text=[f"value-{WORDS[index]}"]),
            layout={"template": HOUSE, "title": titles[index]},
        )
        if index < 4:
            start.wait(timeout=60)  # the first four leave together
        return export_figure(fig, "svg")

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(export, range(len(titles))))

    assert len(results) == 12
    for index, svg_bytes in enumerate(results):
        svg = svg_bytes.decode()
        assert titles[index] in svg, f"export {index} lost its own title"
        assert f"value-{WORDS[index]}" in svg
        others = [t for i, t in enumerate(titles) if i != index and t in svg]
        assert not others, f"export {index} holds another chart: {others}"


@pytest.mark.browser
def test_concurrent_png_exports_keep_their_own_sizes():
    sizes = [(400 + 40 * i, 300 + 20 * i) for i in range(8)]

    def export(size: tuple[int, int]) -> bytes:
        return export_figure(reflex_timeline(), "png", width=size[0], height=size[1])

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(export, sizes))
    assert [png_size(png) for png in results] == [(2 * w, 2 * h) for w, h in sizes]


@pytest.mark.browser
def test_one_browser_is_reused_and_restarted_when_it_dies():
    exporter = ChartExporter()
    try:
        first = exporter.export(reflex_timeline(title="before"), "svg")
        pid = exporter.browser_pid
        assert pid is not None
        exporter.export(reflex_timeline(title="again"), "svg")
        assert exporter.starts == 1
        assert exporter.browser_pid == pid

        # the browser this exporter started dies
        import os
        import signal

        os.kill(pid, signal.SIGKILL)
        after = exporter.export(reflex_timeline(title="after a restart"), "svg")
        assert exporter.starts == 2
        assert exporter.browser_pid not in (None, pid)
        assert b"after a restart" in after and b"before" in first
    finally:
        exporter.close()
    assert exporter.browser_pid is None


@pytest.mark.browser
def test_a_tab_that_cannot_reload_after_a_render_gets_a_new_browser(monkeypatch):
    """A tab reloads in the background after each render; if that fails, the next export starts
    a new browser rather than waiting for a tab that never comes back."""
    import time

    import kaleido

    exporter = ChartExporter(timeout=20)
    try:
        exporter.export(reflex_timeline(title="first"), "svg")
        browser = exporter._kaleido
        reload_then_return = kaleido.Kaleido._return_kaleido_tab

        async def cannot_reload(self, tab):
            raise RuntimeError("the tab crashed")

        monkeypatch.setattr(kaleido.Kaleido, "_return_kaleido_tab", cannot_reload)
        drawn = exporter.export(reflex_timeline(title="drawn before the failed reload"), "svg")
        assert b"drawn before the failed reload" in drawn
        deadline = time.monotonic() + 10
        while not browser.broken and time.monotonic() < deadline:
            time.sleep(0.02)
        assert browser.broken
        monkeypatch.setattr(kaleido.Kaleido, "_return_kaleido_tab", reload_then_return)
        after = exporter.export(reflex_timeline(title="after"), "png")
        assert after.startswith(b"\x89PNG") and exporter.starts == 2
    finally:
        exporter.close()


# --- Layout: nothing overlaps, nothing is clipped ----------------------------------------------

_MEASURE = """
() => {
  const box = (e) => {
    const r = e.getBoundingClientRect();
    return {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom};
  };
  const svg = document.querySelector('svg');
  const texts = [...document.querySelectorAll('text')]
    .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map((t) => ({cls: t.getAttribute('class') || '', text: t.textContent, ...box(t)}));
  const plots = [...document.querySelectorAll('clipPath.axesclip')]
    .filter((c) => /x\\d*y\\d*$/.test(c.id))
    .map((c) => {
      const r = c.querySelector('rect');
      const [x, y] = [+r.getAttribute('x'), +r.getAttribute('y')];
      return {x0: x, y0: y, x1: x + +r.getAttribute('width'), y1: y + +r.getAttribute('height')};
    });
  return {size: box(svg), texts, plots};
}
"""
_FRAME_CLASSES = {"gtitle", "gtitle-subtitle", "annotation-text"}


def _overlap(a: dict, b: dict) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


def status_bars() -> go.Figure:
    statuses = [
        "announced", "in_progress", "delivered", "partly_delivered",
        "stalled", "dropped", "cannot_check", "needs_review",
    ]  # fmt: skip
    return go.Figure(
        [
            go.Bar(x=statuses, y=[3, 2, 5, 1, 1, 0, 2, 4], name="Home Office"),
            go.Bar(x=statuses, y=[1, 0, 2, 1, 0, 1, 0, 1], name="Foreign Office"),
        ],
        layout={"template": HOUSE, "xaxis_title": "Status", "yaxis_title": "Commitments"},
    )


def record_bars() -> go.Figure:
    titles = [
        "Pilot scheme to support victims of trafficking",
        "Trafficking toolkit for police forces and the immigration service",
        "Immigration Liaison Officers posted abroad",
    ]
    return go.Figure(
        go.Bar(y=titles, x=[1, 2, 3], orientation="h"),
        layout={"template": HOUSE, "xaxis_title": "Answers"},
    )


def programme_rows() -> go.Figure:
    """Two levels of labels on the y axis, its own height, a legend at the side: a timeline."""
    programmes = ["Reflex"] * 4 + ["Victim support"] * 2 + ["No programme"] * 2
    titles = [f"Record {i}: a short title cut at forty characters…" for i in range(8)]
    return go.Figure(
        go.Scatter(
            x=["2002-07-08", "2003-03-05", "2003-09-19", "2004-01-19"] * 2,
            y=[programmes, titles],
            mode="markers",
            name="Reported",
        ),
        layout={"template": HOUSE, "height": 700, "xaxis_title": "Date of the answer"},
    )


LAYOUT_CASES = {
    "timeline, legend on top": (
        reflex_timeline(
            showlegend=True, legend={"orientation": "h", "y": 1.02, "yanchor": "bottom"}
        ),
        {},
    ),
    "status bars, legend at the side": (status_bars(), {}),
    "long record titles on the y axis": (record_bars(), {}),
    "two levels of row labels, own height": (programme_rows(), {"notes": ["Spans end today."]}),
    "long title, subtitle and source list": (
        reflex_timeline(),
        {
            "title": "Reflex: arrests, disruptions and operations reported to Parliament, "
            "July 2002 to May 2004, on counting bases that differ",
            "subtitle": "Filters: programme Reflex; agencies National Crime Squad, National "
            "Criminal Intelligence Service and UK Immigration Service; kind figure; status "
            "reported or superseded. As at 4 May 2004.",
            "citations": CITATIONS,
            "source_limit": len(CITATIONS),
        },
    ),
}


@pytest.fixture(scope="module")
def browser_page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        )  # fmt: skip
        try:
            yield browser.new_page(viewport={"width": 1100, "height": 700})
        finally:
            browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("case", list(LAYOUT_CASES))
def test_frame_text_clears_the_chart_and_the_edges(case, browser_page):
    fig, options = LAYOUT_CASES[case]
    svg = export_figure(framed(fig, **options), "svg").decode()
    browser_page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
    measured = browser_page.evaluate(_MEASURE)

    width, height = measured["size"]["x1"], measured["size"]["y1"]
    assert width == 1000 and height >= 600
    frame = [t for t in measured["texts"] if t["cls"] in _FRAME_CLASSES]
    rest = [t for t in measured["texts"] if t["cls"] not in _FRAME_CLASSES]
    assert {t["cls"] for t in frame} == _FRAME_CLASSES
    assert rest and measured["plots"]

    for text in measured["texts"]:  # nothing clipped at the image edges
        assert text["x0"] >= 0 and text["y0"] >= 0, text
        assert text["x1"] <= width and text["y1"] <= height, text
    for text in frame:  # frame text starts level with the image's left edge
        assert 14 <= text["x0"] <= 22, text
    for i, text in enumerate(frame):  # frame text touches nothing else
        for other in rest + measured["plots"] + frame[i + 1 :]:
            assert not _overlap(text, other), (text, other)
    written = html.unescape(" ".join(t["text"] for t in frame))
    for citation in options.get("citations", CITATIONS[:1]):
        assert citation in written
