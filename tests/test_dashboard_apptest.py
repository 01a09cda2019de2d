"""The dashboard page run by Streamlit's AppTest: widgets by key, tables and chart data checked."""

from __future__ import annotations

import datetime as dt
import io
import json
import time
from csv import DictReader
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app.address import PageState
from app.views import VIEWS
from commitments.presenting.deliverables import png_text
from commitments.tables.filters import Filters
from tests.dashboard_data import RECORD_IDS, REFLEX_IDS, page_opener, ran, write_dashboard_data

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "dashboard.py"
TIMEOUT = 60


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return write_dashboard_data(tmp_path_factory.mktemp("dashboard") / "data")


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch) -> Path:
    """The warm-load cache of every test in its own temporary folder."""
    monkeypatch.setenv("COMMITMENTS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def page(data_dir, monkeypatch):
    """Open the page on the test data, with the given address parameters."""
    return page_opener(data_dir, monkeypatch, TIMEOUT)


def table(at: AppTest, *columns: str) -> pd.DataFrame:
    """The one table on the page holding all of ``columns``."""
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def shown_ids(at: AppTest) -> set[str]:
    return set(table(at, "id", "Title", "Kind", "Status")["id"])


def chart(at: AppTest, key: str) -> dict:
    """The figure JSON of the chart with ``key``, as the browser receives it."""
    found = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    assert len(found) == 1, [c.proto.id for c in at.get("plotly_chart")]
    return json.loads(found[0].proto.spec)


def bar_counts(at: AppTest) -> dict[str, int]:
    trace = chart(at, "chart_counts")["data"][0]
    return dict(zip(trace["x"], trace["y"], strict=True))


def texts(at: AppTest) -> str:
    return "\n".join(
        str(e.value) for kind in ("markdown", "caption", "info", "warning", "success")
        for e in getattr(at, kind)
    )  # fmt: skip


# --- Each view ---------------------------------------------------------------------------------


@pytest.mark.parametrize("view", [v.slug for v in VIEWS])
def test_each_view_renders_the_data(page, view):
    at = page(view=view)
    open_tabs = [t.label for t in at.tabs if t.children]
    assert open_tabs == [next(v.label for v in VIEWS if v.slug == view)]
    expected = {
        "overview": lambda: shown_ids(at) == set(RECORD_IDS) and bar_counts(at),
        "timeline": lambda: len(chart(at, "chart_timeline")["data"]) > 5,
        "figures": lambda: not table(at, "Value", "Period", "Basis").empty,
        "record": lambda: "Status history" in texts(at),
        "sources": lambda: len(table(at, "Citation", "Records", "Shown")) == 5,
        "problems": lambda: "No problems: 14 files read" in texts(at),
        "add-answers": lambda: at.text_area(key="add_text").value == "",
        "review": lambda: "No proposals are waiting for review." in texts(at),
    }[view]
    assert expected()


def test_the_overview_counts_and_lists_every_record(page):
    at = page()
    assert [m.value for m in at.metric] == ["8", "3", "5", "1"]
    assert bar_counts(at) == {"Announced": 1, "In progress": 1, "Delivered": 1, "Reported": 4,
                              "Superseded": 1}  # fmt: skip
    rows = table(at, "id", "Title", "Source").set_index("id")
    assert rows.loc["victim-support-pilot", "Source"] == "HC Deb 04 November 2002 vol 392 cc108-9W"
    assert rows.loc["reflex-operations-underway", "Value"] == "over 60"
    assert rows.loc["victims-trafficked-estimate", "Value"] == "140–1,400 per year"
    by_programme = chart(at, "chart_programme")
    assert by_programme["layout"]["barmode"] == "stack"
    assert by_programme["layout"]["template"]["layout"]["font"]["family"].startswith("Liberation")


# --- Each filter -------------------------------------------------------------------------------


def test_filtering_to_reflex_shows_only_reflex_records_and_their_sources(page):
    at = page()
    at.multiselect(key="programme").select("Reflex")
    ran(at)
    assert shown_ids(at) == REFLEX_IDS
    assert sum(bar_counts(at).values()) == 4
    programmes = chart(at, "chart_programme")["data"][0]["y"]
    assert "Reflex" in programmes and "Victim support" not in programmes
    assert set(table(at, "id", "Title", "Source")["Source"]) == {
        "HC Deb 08 July 2002 vol 388 cc741-2W",
        "HC Deb 04 November 2002 vol 392 cc108-9W",
        "HC Deb 05 March 2003 vol 400 cc1075-6W",
    }
    assert at.query_params["programme"] == "Reflex"


# (widget key, how to set it, the records then shown)
FILTER_CASES = [
    # an agency finds the records of the agencies it succeeded (NCS and NCIS → SOCA)
    ("agency", ["Serious Organised Crime Agency"], {"reflex-criminal-networks",
                                                    "ilo-nine-balkans"}),
    ("status", ["delivered"], {"victim-support-pilot"}),
    ("kind", ["commitment"], {"victim-support-pilot", "reflex-criminal-networks",
                              "danish-presidency-eu-project"}),
    ("minister", ["Caroline Flint"], {"victims-trafficked-estimate"}),
    ("since", dt.date(2003, 1, 1), {"reflex-operations-arrest-phase",
                                    "reflex-operations-underway", "victims-trafficked-estimate"}),
    ("until", dt.date(2002, 7, 31), {"reflex-arrests-since-april-2001", "ilo-nine-balkans",
                                     "danish-presidency-eu-project"}),
    # free text searches titles and quotes, whatever the case
    ("text", "PILOT", {"victim-support-pilot"}),
    ("text", "Balkans", {"ilo-nine-balkans"}),
]  # fmt: skip


@pytest.mark.parametrize(("key", "value", "expected"), FILTER_CASES)
def test_each_filter_changes_the_rows_and_the_charts(page, key, value, expected):
    at = page()
    before = bar_counts(at)
    if isinstance(value, list):
        for option in value:
            at.multiselect(key=key).select(option)
    elif isinstance(value, dt.date):
        at.date_input(key=key).set_value(value)
    else:
        at.text_input(key=key).input(value)
    ran(at)
    assert shown_ids(at) == expected
    after = bar_counts(at)
    assert after != before and sum(after.values()) == len(expected)


def test_a_filter_that_matches_nothing_says_so(page):
    at = page()
    at.multiselect(key="house").select("Lords")  # no record comes from a Lords answer here
    ran(at)
    assert any("No records match these filters" in i.value for i in at.info)
    assert at.get("plotly_chart") == []
    assert [m.value for m in at.metric] == ["0", "0", "0", "0"]


def test_clear_all_filters(page):
    at = page(programme="Reflex", status="in_progress")
    assert shown_ids(at) == {"reflex-criminal-networks"}
    at.button(key="clear").click()
    ran(at)
    assert shown_ids(at) == set(RECORD_IDS)
    assert at.query_params == {}


# --- As at and changed since --------------------------------------------------------------------


def test_the_as_at_date_shows_statuses_as_the_histories_had_them(page):
    at = page()
    statuses = table(at, "id", "Status").set_index("id")["Status"]
    assert statuses["victim-support-pilot"] == "Delivered"
    assert statuses["ilo-nine-balkans"] == "Superseded"
    at.date_input(key="as_at").set_value(dt.date(2002, 12, 31))
    ran(at)
    statuses = table(at, "id", "Status").set_index("id")["Status"]
    # the victim pilot: announced, not yet delivered; later records not yet made
    assert statuses["victim-support-pilot"] == "Announced"
    assert statuses["ilo-nine-balkans"] == "Reported"
    assert set(statuses.index) == {
        "reflex-arrests-since-april-2001", "ilo-nine-balkans", "danish-presidency-eu-project",
        "victim-support-pilot", "reflex-criminal-networks",
    }  # fmt: skip
    assert bar_counts(at) == {"Announced": 2, "In progress": 1, "Reported": 2}
    at.date_input(key="as_at").set_value(dt.date(2003, 6, 30))
    ran(at)
    statuses = table(at, "id", "Status").set_index("id")["Status"]
    assert statuses["victim-support-pilot"] == "In progress"
    assert [m.value for m in at.metric][3] == "1"  # the Danish project, due by end 2002


def test_an_as_at_date_before_any_record_says_why_nothing_shows(page):
    at = page(as_at="2001-01-01")
    assert any("No record had been made by 01 January 2001" in i.value for i in at.info)


def test_changed_since_lists_what_moved_after_a_previous_briefing(page):
    at = page(changed_since="2003-01-01", as_at="2003-12-31")
    changes = table(at, "Date", "id", "Now", "Source")
    assert list(zip(changes["id"], changes["Now"], strict=True)) == [
        ("victim-support-pilot", "Delivered"),  # newest first
        ("victims-trafficked-estimate", "Reported"),
        ("reflex-operations-arrest-phase", "Reported"),
        ("reflex-operations-underway", "Reported"),
        ("victim-support-pilot", "In progress"),
    ]  # the superseding answer of May 2004 is after the as-at date
    at.multiselect(key="programme").select("Victim support")
    ran(at)
    assert list(table(at, "Date", "id", "Now")["Now"]) == ["Delivered", "In progress"]


# --- The page address ---------------------------------------------------------------------------


def test_the_address_round_trip_restores_the_filters_and_rows(page):
    at = page()
    at.multiselect(key="programme").select("Reflex")
    at.multiselect(key="kind").select("figure")
    at.date_input(key="as_at").set_value(dt.date(2003, 6, 30))
    at.date_input(key="changed_since").set_value(dt.date(2002, 8, 1))
    at.text_input(key="text").input("operations")
    ran(at)
    rows, counts = shown_ids(at), bar_counts(at)
    assert rows == {"reflex-operations-arrest-phase", "reflex-operations-underway"}
    address = dict(at.query_params)
    assert address == {"programme": "Reflex", "kind": "figure", "as_at": "2003-06-30",
                       "changed_since": "2002-08-01", "text": "operations"}  # fmt: skip

    again = page(**address)
    assert again.multiselect(key="programme").value == ["Reflex"]
    assert again.multiselect(key="kind").value == ["figure"]
    assert again.date_input(key="as_at").value == dt.date(2003, 6, 30)
    assert again.date_input(key="changed_since").value == dt.date(2002, 8, 1)
    assert again.text_input(key="text").value == "operations"
    assert shown_ids(again) == rows and bar_counts(again) == counts
    assert dict(again.query_params) == address


def test_the_address_keeps_the_open_view_and_its_choices(page):
    at = page(view="figures", metric="reflex-operations")
    assert chart(at, "chart_metric")["layout"]["title"]["text"] == "Reflex: operations"
    assert dict(at.query_params) == {"view": "figures", "metric": "reflex-operations"}
    at = page(view="record", record="victim-support-pilot", as_at="2002-12-31")
    assert at.selectbox(key="record").value == "victim-support-pilot"
    assert at.query_params["record"] == "victim-support-pilot"


def test_an_address_in_the_old_names_opens_the_same_view_and_is_rewritten_in_the_new(page):
    # links shared before the filters took their command-line names used from, to and q
    old = page(**{"from": "2002-07-01", "to": "2003-06-30", "q": "operations"})
    new = page(since="2002-07-01", until="2003-06-30", text="operations")
    for at in (old, new):
        assert at.date_input(key="since").value == dt.date(2002, 7, 1)
        assert at.date_input(key="until").value == dt.date(2003, 6, 30)
        assert at.text_input(key="text").value == "operations"
    assert shown_ids(old) == shown_ids(new) == {"reflex-operations-arrest-phase",
                                                "reflex-operations-underway"}  # fmt: skip
    assert bar_counts(old) == bar_counts(new)
    assert dict(old.query_params) == dict(new.query_params) == {
        "since": "2002-07-01", "until": "2003-06-30", "text": "operations",
    }  # fmt: skip


def test_an_address_resolves_aliases_and_drops_what_it_cannot_read(page):
    at = page(programme=["Project Reflex", "No such programme"], as_at="31/12/2002",
              status="In progress", view="nowhere")  # fmt: skip
    assert at.multiselect(key="programme").value == ["Reflex"]
    assert at.multiselect(key="status").value == ["in_progress"]
    assert at.date_input(key="as_at").value is None
    assert shown_ids(at) == {"reflex-criminal-networks"}
    assert dict(at.query_params) == {"programme": "Reflex", "status": "in_progress"}


# --- Figures, record, sources, problems ---------------------------------------------------------


def test_the_figures_view_draws_the_chosen_metric(page):
    at = page(view="figures")
    assert at.selectbox(key="metric").value == "reflex-operations"  # the most figures first
    figures = table(at, "Value", "Period", "Basis").set_index("id")
    assert figures.loc["reflex-operations-underway", "Value"] == "over 60"
    assert any("never joined" in c.value for c in at.caption)
    at.selectbox(key="metric").select("victims-trafficked-a-year")
    ran(at)
    spec = chart(at, "chart_metric")
    assert spec["data"][-1]["error_y"]["array"] == [1260]
    assert list(table(at, "Value", "Period", "Basis")["Value"]) == ["140–1,400 per year"]
    assert at.query_params["metric"] == "victims-trafficked-a-year"


def test_the_record_view_quotes_in_context_with_its_dated_history(page):
    at = page(view="record", record="victim-support-pilot")
    text = texts(at)
    assert ":orange-background[**We are developing support arrangements for victims" in text
    assert "[HC Deb 04 November 2002 vol 392 cc108\\-9W](https://api.parliament.uk/" in text
    history = next(m.value for m in at.markdown if m.value.startswith("- **"))
    assert history.count("\n- **") == 2  # three dated events
    assert "**05 November 2003** · Delivered \\(took effect 10 March 2003\\)" in history
    assert "No other record shares this record's metric or programmes." in text

    at = page(view="record", record="victim-support-pilot", as_at="2002-12-31")
    history = next(m.value for m in at.markdown if m.value.startswith("- **"))
    assert "Announced" in history and "Delivered" not in history
    assert any("2 later change(s)" in c.value for c in at.caption)


def test_the_record_view_lists_related_records(page):
    at = page(view="record", record="reflex-operations-underway")
    related = table(at, "Record", "Shared").set_index("Record")
    assert related.loc["reflex-operations-arrest-phase", "Shared"] == "same metric"
    assert related.loc["reflex-criminal-networks", "Shared"] == "same programme"


def test_the_sources_view_counts_records_and_shows_flags(page):
    at = page(view="sources", programme="Reflex")
    sources = table(at, "Citation", "Records", "Shown").set_index("id")
    assert sources.loc["hc-2002-07-08-65708", "Records"] == 3
    assert sources.loc["hc-2002-07-08-65708", "Shown"] == 1  # only the arrests are Reflex
    assert sources.loc["hc-2002-07-08-65708", "Flags"] == "spliced fragment"
    assert sources.loc["hl-2004-05-04-107wa", "Text"] == "excerpt"
    # labels are Markdown, escaped so a citation can never become a link
    assert [e.label.replace("\\", "") for e in at.expander] == [
        "HC Deb 08 July 2002 vol 388 cc741-2W (1)", "HL Deb 04 May 2004 c107WA (1)",
    ]  # fmt: skip


def test_bad_data_never_crashes_the_page_and_the_problems_are_located(tmp_path, monkeypatch):
    data_dir = write_dashboard_data(tmp_path / "data")
    (data_dir / "records" / "broken.yaml").write_text("id: broken\nkind: figure\ntitle: [\n")
    pilot = data_dir / "records" / "victim-support-pilot.yaml"
    pilot.write_text(pilot.read_text().replace("status: delivered", "status: deliverd"))
    monkeypatch.setenv("TRACKER_DATA", str(data_dir))
    at = ran(AppTest.from_file(PAGE, default_timeout=TIMEOUT))
    assert any("2 problems in the data files" in w.value for w in at.warning)
    assert shown_ids(at) == set(RECORD_IDS) - {"victim-support-pilot"}
    at.session_state["view"] = "Data problems"
    ran(at)
    problems = table(at, "File", "Line", "Problem")
    assert len(problems) == 2
    files = {Path(f).name: line for f, line in zip(problems["File"], problems["Line"], strict=True)}
    assert set(files) == {"broken.yaml", "victim-support-pilot.yaml"}
    assert files["victim-support-pilot.yaml"] > 1  # the line of the misspelt status


def test_an_empty_data_folder_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DATA", str(tmp_path / "nothing-here"))
    at = ran(AppTest.from_file(PAGE, default_timeout=TIMEOUT))
    assert any("no records in the data folder" in i.value for i in at.info)
    at.session_state["view"] = "Data problems"
    ran(at)
    assert "data folder not found" in set(table(at, "File", "Problem")["Problem"])


def test_the_page_renders_the_bundled_data(monkeypatch):
    monkeypatch.setenv("TRACKER_DATA", str(ROOT / "data"))
    at = ran(AppTest.from_file(PAGE, default_timeout=TIMEOUT))
    assert at.title[0].value == "Commitments and figures from written answers"
    for view in VIEWS[1:]:
        at.session_state["view"] = view.label
        ran(at)


def _offered(at: AppTest) -> dict[str, object]:
    """The download buttons on the page, by key."""
    return {button.key: button for button in at.get("download_button")}


@pytest.fixture
def served(monkeypatch) -> dict[str, bytes]:
    """Every file the page stores to serve, by the file id its address ends in."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    stored: dict[str, bytes] = {}
    load = MemoryMediaFileStorage.load_and_get_id

    def load_and_keep(self, path_or_data, mimetype, kind, filename=None):
        file_id = load(self, path_or_data, mimetype, kind, filename)
        stored[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", load_and_keep)
    return stored


def _file(served: dict[str, bytes], button) -> bytes:
    """The bytes behind a download button's address, as the browser would fetch them."""
    url = button.proto.url
    assert "/media/" in url, f"{button.key}: {url!r} is not a stored file"
    return served[url.rsplit("/", 1)[-1].split(".")[0]]


@pytest.mark.browser  # the files are drawn by Chromium
def test_each_chart_builds_its_files_when_asked_and_offers_them_until_the_view_changes(
    page, served
):
    at = page()
    prepare = {b.key: b.label for b in at.button}
    for chart_key in ("chart_counts", "chart_programme", "chart_agency"):
        assert prepare[f"{chart_key}_prepare"] == "Prepare PNG, SVG, PDF"
    assert prepare["overview_records_prepare"] == "Prepare records (CSV, XLSX)"
    assert prepare["overview_briefing_prepare"] == "Prepare briefing pack (Word)"
    assert not _offered(at)  # nothing is built until asked for

    at.multiselect(key="programme").select("Reflex")
    ran(at)
    at.button(key="chart_counts_prepare").click()
    ran(at)
    offered = _offered(at)
    assert [offered[f"chart_counts_{fmt}"].proto.label for fmt in ("png", "svg", "pdf")] == [
        "PNG", "SVG", "PDF",
    ]  # fmt: skip
    assert "chart_counts_prepare" not in {b.key for b in at.button}
    png = _file(served, offered["chart_counts_png"])
    assert "HC Deb 05 March 2003 vol 400 cc1075-6W" in png_text(png)["Source"]
    svg = _file(served, offered["chart_counts_svg"]).decode("utf-8")
    assert "Programme: Reflex" in svg and "Source: HC Deb 08 July 2002" in svg
    assert _file(served, offered["chart_counts_pdf"]).startswith(b"%PDF-")

    at.button(key="overview_records_prepare").click()
    ran(at)
    offered = _offered(at)
    assert offered["overview_csv"].proto.label == "Records (CSV)"
    rows = DictReader(io.StringIO(_file(served, offered["overview_csv"]).decode("utf-8-sig")))
    assert {row["id"] for row in rows} == REFLEX_IDS
    assert _file(served, offered["overview_xlsx"])[:2] == b"PK"
    assert "chart_counts_png" in offered  # the chart's files stay while the view does

    at.multiselect(key="programme").set_value([])
    ran(at)
    assert not _offered(at), "files built for the Reflex view are not offered for another"
    assert "chart_counts_prepare" in {b.key for b in at.button}


def test_a_file_that_cannot_be_built_is_said_so_and_the_page_goes_on(page, monkeypatch):
    from app import files
    from commitments.exporting.chromium import ChartExportError

    def too_big(*args, **kwargs):
        raise ChartExportError("the browser did not return a png file")

    monkeypatch.setattr(files, "chart_file", too_big)
    at = page()
    at.button(key="chart_counts_prepare").click()
    ran(at)
    assert [e.value for e in at.error] == [
        "The files could not be built: the browser did not return a png file. Narrow the view "
        "and try again."
    ]
    assert not _offered(at)
    assert "chart_counts_prepare" in {b.key for b in at.button}, "the analyst can try again"


def test_a_rerun_is_quick(page):
    at = page()
    started = time.perf_counter()
    at.multiselect(key="programme").select("Reflex")
    ran(at)
    assert time.perf_counter() - started < 5


# --- The files behind the download buttons -------------------------------------------------------


@pytest.fixture(scope="module")
def reflex_selection(data_dir):
    from app.selection import select
    from commitments.serving.snapshot import load_snapshot

    state = PageState(filters=Filters(programmes=("Reflex",), as_at=dt.date(2003, 6, 30)))
    return select(load_snapshot(data_dir, use_cache=False), state)


@pytest.mark.browser  # the files are drawn by Chromium
def test_a_chart_file_carries_the_filters_and_the_sources_of_its_points(reflex_selection):
    from app import files
    from commitments.presenting.charts import timeline

    fig = timeline(reflex_selection.view)
    framed = files.framed_chart(fig, "timeline", reflex_selection)
    notes = {a.name: a.text for a in framed.layout.annotations if a.name}
    assert "HC Deb 08 July 2002 vol 388 cc741-2W" in notes["source"]
    assert "Programme: Reflex" in framed.layout.title.subtitle.text
    assert "Status as at 2003-06-30" in framed.layout.title.subtitle.text
    svg = files.chart_file(fig, "timeline", reflex_selection, "svg").decode("utf-8")
    assert svg.lstrip().startswith(("<svg", "<?xml")) and "Source:" in svg
    assert files.file_name("timeline", reflex_selection, "svg") == "timeline-as-at-2003-06-30.svg"


def test_the_data_files_hold_the_records_of_the_view(reflex_selection):
    from app import files

    csv = files.csv_file(reflex_selection).decode("utf-8-sig")
    ids = {row["id"] for row in DictReader(io.StringIO(csv))}
    assert ids == REFLEX_IDS
    assert files.xlsx_file(reflex_selection)[:2] == b"PK"


@pytest.mark.browser  # the files are drawn by Chromium
def test_the_briefing_pack_holds_the_charts_records_and_sources(reflex_selection):
    import io

    from docx import Document

    from app import files

    document = Document(io.BytesIO(files.briefing_file(reflex_selection, "reflex-operations")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Programme: Reflex" in text
    assert "HC Deb 05 March 2003 vol 400 cc1075-6W" in text
    assert len(document.inline_shapes) == 4  # three charts and the metric's
    cells = {cell.text for t in document.tables for row in t.rows for cell in row.cells}
    assert "Over 60 Reflex operations under way" in cells


def test_a_chosen_record_hidden_by_a_new_filter_gives_way_to_one_shown(page):
    at = page(view="record", record="victim-support-pilot")
    at.multiselect(key="programme").select("Reflex")
    ran(at)
    assert at.selectbox(key="record").value in REFLEX_IDS
    assert at.query_params["record"] == at.selectbox(key="record").value
