"""A record failing its own checks is unverified: left out of the view, or included if asked."""

from __future__ import annotations

import pytest

from commitments.folder.load import load_dataset
from commitments.tables.build import build_tables
from commitments.tables.filters import Filters
from commitments.tables.view import build_view
from tests.baseline import conflicting_figure, fresh, write_dataset

BAD_ID = "reflex-arrests-since-april-2001"


def _view(tmp_path, change=None, **filters):
    items = fresh()
    if change:
        change(items)
    dataset = load_dataset(write_dataset(tmp_path / "data", items))
    tables = build_tables(dataset)
    return build_view(tables, dataset.lookup, Filters(**filters), dataset.problems)


def _value_not_in_quote(items):
    items["records"][0]["value"] = 68  # the quote says 67


def test_a_clean_folder_has_nothing_unverified(tmp_path):
    view = _view(tmp_path)
    assert len(view.records) == 3
    assert view.unverified.empty and view.left_out.empty


@pytest.mark.parametrize(
    "change",
    [
        _value_not_in_quote,
        # a quote that is not in its answer
        lambda items: items["records"][0].update(quote="There were 67 arrests."),
        # a metric the registry does not know
        lambda items: items["records"][0].update(metric="reflex-arrestz"),
    ],
)
def test_a_record_with_an_error_of_its_own_is_left_out_and_listed(tmp_path, change):
    view = _view(tmp_path, change)
    assert BAD_ID not in set(view.records["id"]) and len(view.records) == 2
    (row,) = view.left_out.to_dict("records")
    assert row["id"] == BAD_ID
    assert row["path"].endswith(f"records/{BAD_ID}.yaml") and row["line"] > 1
    assert row["problem"]
    # its events are left out with it: no chart can draw it
    assert BAD_ID not in set(view.events["record_id"])


def test_with_the_choice_made_it_is_included_and_can_be_marked(tmp_path):
    view = _view(tmp_path, _value_not_in_quote, include_unverified=True)
    assert len(view.records) == 3 and view.left_out.empty
    assert list(view.included["id"]) == [BAD_ID]
    assert "68" in view.unverified.iloc[0]["problem"]
    assert "Unverified records included" in view.filters.describe()


def test_a_warning_does_not_unverify_a_record(tmp_path):
    def conflicting(items):
        items["records"].append(conflicting_figure())

    view = _view(tmp_path, conflicting)
    assert view.unverified.empty and len(view.records) == 4


def test_a_record_the_filters_leave_out_is_not_listed_as_left_out_for_being_unverified(tmp_path):
    view = _view(tmp_path, _value_not_in_quote, kinds=("commitment",))
    assert view.left_out.empty and set(view.records["kind"]) == {"commitment"}
