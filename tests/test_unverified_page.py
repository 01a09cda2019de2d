"""The page and one unverified record (its value not in its quote): left out of every chart,
table and count and listed, with the page saying so; with "Include unverified records" ticked,
included and marked UNVERIFIED with its problem wherever it is listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app.address import PageState
from app.selection import (
    CHECKS,
    Inclusion,
    changes_table,
    files_notice,
    records_table,
    related,
    select,
    unverified_notice,
    unverified_table,
    with_checks,
)
from commitments.serving.snapshot import load_snapshot
from commitments.tables.filters import Filters
from tests.baseline import fresh, write_dataset
from tests.dashboard_data import page_opener, ran

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "dashboard.py"
TIMEOUT = 60

BAD = "reflex-arrests-since-april-2001"
GOOD = {"ilo-nine-balkans", "danish-presidency-eu-project"}
SHARER = "danish-presidency-eu-project"  # shares the programme Reflex with BAD: related to it
HTML_TITLE = "Reflex <b>co-operation</b> led to *67* arrests since April 2001"
PROBLEM = "value 68 does not appear in the quote"
LEFT_OUT_BANNER = (
    "1 record fails its own checks and is left out of every chart, table and download "
    "(Data problems lists it; tick Include unverified records to see it marked)."
)
INCLUDED_BANNER = "1 unverified record is included, marked UNVERIFIED."


def write_data(root: Path) -> Path:
    """The baseline with its Reflex figure unverified (68 is not in "… and 67 arrests"), its title
    written as HTML and Markdown would read it, and the commitment sharing its programme."""
    items = fresh()
    bad = items["records"][0]
    assert bad["id"] == BAD
    bad["value"] = 68
    bad["title"] = HTML_TITLE
    items["records"][2]["programmes"] = ["Reflex"]
    assert items["records"][2]["id"] == SHARER
    return write_dataset(root, items)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return write_data(tmp_path_factory.mktemp("unverified") / "data")


@pytest.fixture(autouse=True)
def cache_dir(tmp_path, monkeypatch) -> Path:
    """The warm-load cache of every test in its own temporary folder."""
    monkeypatch.setenv("COMMITMENTS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def page(data_dir, monkeypatch):
    """Open the page on the test data, with the given address parameters."""
    return page_opener(data_dir, monkeypatch, TIMEOUT)


def tables(at: AppTest, *columns: str) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]


def records_shown(at: AppTest) -> pd.DataFrame:
    (found,) = tables(at, "id", "Title", "Kind", "Status")
    return found.set_index("id")


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


# --- Left out, by default ---------------------------------------------------------------------


def test_an_unverified_record_is_left_out_of_the_page_and_the_banner_says_so(page):
    at = page()
    assert LEFT_OUT_BANNER in warnings(at)
    assert INCLUDED_BANNER not in warnings(at)
    rows = records_shown(at)
    assert set(rows.index) == GOOD
    assert CHECKS not in rows.columns  # nothing included, nothing to mark
    assert next(m.value for m in at.metric) == "2"  # records shown
    assert "1 unverified record is left out of these files (Data problems lists it)." in (
        captions(at)
    )
    assert at.checkbox(key="include_unverified").value is False
    assert "include_unverified" not in dict(at.query_params)


def test_the_data_problems_tab_lists_the_unverified_record_first_as_left_out(page, data_dir):
    at = page(view="problems")
    first = at.dataframe[0].value
    assert list(first.columns) == ["Record", "Title", "File", "Line", "Problem",
                                   "Left out or included"]  # fmt: skip
    row = first.iloc[0]
    assert len(first) == 1 and row["Record"] == BAD and row["Title"] == HTML_TITLE
    assert Path(row["File"]).name == f"{BAD}.yaml"
    text = (data_dir / "records" / f"{BAD}.yaml").read_text().splitlines()
    assert "68" in text[row["Line"] - 1]  # the line of the value
    assert PROBLEM in row["Problem"]
    assert row["Left out or included"] == Inclusion.LEFT_OUT == "left out"
    assert "Unverified records (1)" in [s.value for s in at.subheader]


def test_a_left_out_record_is_not_related_to_the_records_shown(page):
    at = page(view="record", record=SHARER)
    assert at.selectbox(key="record").value == SHARER
    assert BAD not in at.selectbox(key="record").options
    assert not tables(at, "Record", "Shared")  # its one related record is left out


# --- Included, and marked, when chosen --------------------------------------------------------


def test_ticking_include_unverified_shows_it_marked_and_writes_the_address(page):
    at = page()
    at.checkbox(key="include_unverified").check()
    ran(at)
    assert INCLUDED_BANNER in warnings(at)
    assert LEFT_OUT_BANNER not in warnings(at)
    rows = records_shown(at)
    assert set(rows.index) == GOOD | {BAD}
    assert rows.loc[BAD, CHECKS].startswith(f"UNVERIFIED: {PROBLEM}")
    assert (rows.loc[sorted(GOOD), CHECKS] == "").all()
    assert rows.loc[BAD, "Title"] == HTML_TITLE  # a table cell: text, never HTML
    assert next(m.value for m in at.metric) == "3"
    assert "These files include 1 unverified record, each marked UNVERIFIED with its problem." in (
        captions(at)
    )
    assert dict(at.query_params) == {"include_unverified": "1"}


def test_an_address_with_include_unverified_opens_it_included_and_clear_leaves_it_out(page):
    at = page(include_unverified="1")
    assert at.checkbox(key="include_unverified").value is True
    assert BAD in records_shown(at).index
    at.button(key="clear").click()
    ran(at)
    assert at.checkbox(key="include_unverified").value is False
    assert BAD not in records_shown(at).index
    assert "include_unverified" not in dict(at.query_params)


def test_the_problems_tab_says_the_record_is_included(page):
    at = page(view="problems", include_unverified="1")
    assert at.dataframe[0].value.iloc[0]["Left out or included"] == Inclusion.INCLUDED


def test_the_record_tab_marks_an_included_unverified_record_and_never_reads_its_html(page):
    at = page(view="record", record=BAD, include_unverified="1")
    assert at.selectbox(key="record").value == BAD
    (error,) = [e.value for e in at.error]
    assert error.startswith("UNVERIFIED") and PROBLEM in error
    shown = " ".join(m.value for m in [*at.subheader, *at.markdown])
    assert "<b>" not in shown and r"\<b\>co\-operation\</b\>" in shown


def test_the_record_tab_lists_an_included_unverified_record_as_related_and_marked(page):
    at = page(view="record", record=SHARER, include_unverified="1")
    assert not at.error  # the record chosen passes its checks
    (table,) = tables(at, "Record", "Shared")
    assert table.set_index("Record").loc[BAD, CHECKS].startswith(f"UNVERIFIED: {PROBLEM}")


# --- The pure tables ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def snapshot(data_dir):
    return load_snapshot(data_dir, use_cache=False)


def selected(snapshot, **filters):
    return select(snapshot, PageState(filters=Filters(**filters)))


def test_the_notices_count_what_is_left_out_or_included(snapshot):
    left_out, included = selected(snapshot), selected(snapshot, include_unverified=True)
    assert unverified_notice(left_out.view) == LEFT_OUT_BANNER
    assert unverified_notice(included.view) == INCLUDED_BANNER
    assert files_notice(left_out.view).startswith("1 unverified record is left out")
    # the filters choose no unverified record: nothing to say
    other = selected(snapshot, programmes=("Immigration Liaison Officers",))
    assert unverified_notice(other.view) is None and files_notice(other.view) is None
    assert unverified_table(other)["Left out or included"].tolist() == ["left out"]


def test_an_unverified_record_the_filters_do_not_choose_is_said_to_be_out_of_the_view(snapshot):
    chosen = selected(snapshot, include_unverified=True, kinds=("commitment",))
    assert unverified_table(chosen)["Left out or included"].tolist() == [Inclusion.NOT_IN_VIEW]


def test_related_leaves_out_unverified_records_unless_they_are_included(snapshot):
    off, on = selected(snapshot), selected(snapshot, include_unverified=True)
    assert related(off.view, SHARER, off.unverified).empty
    kept = related(on.view, SHARER, on.unverified).set_index("id")
    assert kept.loc[BAD, CHECKS].startswith("UNVERIFIED: ")


def test_a_table_without_an_unverified_record_is_left_as_it_is(snapshot):
    view = selected(snapshot, include_unverified=True).view
    good = view.records[view.records["id"] != BAD]
    plain = records_table(good)
    assert records_table(good, view.unverified).equals(plain)
    marked = with_checks(records_table(view.records), view.unverified)
    assert list(marked.columns[:2]) == ["Title", CHECKS]  # beside the title, where it is read
    assert marked.set_index("id")[CHECKS].to_dict() == {
        **dict.fromkeys(GOOD, ""),
        BAD: f"UNVERIFIED: {view.unverified['problem'].iloc[0]}",
    }


def test_when_every_record_chosen_is_unverified_the_page_says_why_nothing_shows(page):
    at = page(programme="Reflex", kind="figure")
    assert LEFT_OUT_BANNER in warnings(at)
    assert any("Every record these filters choose fails its own checks" in i.value for i in at.info)
    assert not tables(at, "id", "Title", "Kind", "Status")


def test_the_figures_tab_marks_an_included_unverified_figure(page):
    at = page(view="figures", metric="reflex-arrests", include_unverified="1")
    (table,) = tables(at, "Value", "Period", "Basis")
    assert table.set_index("id").loc[BAD, CHECKS].startswith(f"UNVERIFIED: {PROBLEM}")
    left_out = page(view="figures", metric="reflex-arrests")
    assert not tables(left_out, "Value", "Period", "Basis")  # its only figure is left out


def test_what_changed_marks_an_included_unverified_record(snapshot):
    since = dt.date(2002, 1, 1)
    marked = changes_table(selected(snapshot, include_unverified=True).view, since)
    assert marked.set_index("id").loc[BAD, CHECKS].startswith("UNVERIFIED: ")
    assert BAD not in set(changes_table(selected(snapshot).view, since)["id"])


def test_the_caption_counts_the_unverified_records_apart(page):
    assert "3 records (1 unverified record among them) from 2 answers in" in " ".join(
        captions(page())
    )
