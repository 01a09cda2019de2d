"""Each validation rule, from one valid baseline with one field changed per case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from commitments.folder.load import load_dataset
from tests.baseline import conflicting_figure, dump, fresh, line_of, write_dataset


def _load(tmp_path: Path, items: dict) -> tuple[list[str], object]:
    dataset = load_dataset(write_dataset(tmp_path / "data", items))
    return [str(p) for p in dataset.problems], dataset


def test_baseline_is_clean(tmp_path):
    problems, dataset = _load(tmp_path, fresh())
    assert problems == []
    assert len(dataset.records) == 3 and len(dataset.answers) == 2


def _figure(items):
    return items["records"][0]


# (case id, change to the figure record, key whose line is reported, expected message part)
FIGURE_CASES = [
    ("unknown key", lambda r: r.update(valeu=3), "valeu:", "unknown key 'valeu'"),
    ("missing title", lambda r: r.pop("title"), "id:", "missing required field 'title'"),
    ("value as text", lambda r: r.update(value="67"), "value:", "value: Input should be a valid"),
    ("unknown unit", lambda r: r.update(unit="counts"), "unit:", "unit: 'counts' is not allowed"),
    (
        "commitment status on a figure",
        lambda r: r["history"][0].update(status="delivered"),
        "status:",
        "history.0.status: 'delivered' is not allowed",
    ),
    (
        "value not in quote",
        lambda r: r.update(value=68),
        "value:",
        "value 68 does not appear in the quote",
    ),
    (
        "quote not in source",
        lambda r: r.update(quote="Since April 2001 there were 67 arrests."),
        "quote:",
        "quote not found verbatim in answer hc-2002-07-08-65708",
    ),
    (
        "quote from a spliced fragment",
        lambda r: r.update(quote="The information is contained in the table.", value=67),
        "quote:",
        "quote comes from a fragment of another answer",
    ),
    (
        "dangling source",
        lambda r: r.update(source="hc-2002-07-08-65709"),
        "source:",
        "source answer 'hc-2002-07-08-65709' not found",
    ),
    (
        "event before its answer",
        lambda r: r["history"][0].update(date=dt.date(2002, 7, 1)),
        "- date:",
        "event date 2002-07-01 is before the record's answer (2002-07-08)",
    ),
    (
        "event in the future",
        lambda r: r["history"][0].update(date=dt.date(2999, 1, 1)),
        "- date:",
        "event date 2999-01-01 is in the future",
    ),
    (
        "unknown metric",
        lambda r: r.update(metric="reflex-arrest"),
        "metric:",
        "metric 'reflex-arrest' is not in the registry",
    ),
    (
        "unknown programme",
        lambda r: r.update(programmes=["Reflexx"]),
        "- Reflexx",
        "programme 'Reflexx' is not in the registry",
    ),
    (
        "negative count",
        lambda r: r.update(value=-67, quote=r["quote"]),
        "value:",
        "value -67 is negative",
    ),
    (
        "bad id",
        lambda r: r.update(id="Reflex Arrests"),
        "id:",
        "id: 'Reflex Arrests' is not an id",
    ),
    (
        "event without a source",
        lambda r: r["history"][0].pop("source"),
        "- date:",
        "needs exactly one of `source`",
    ),
]


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [case[1:] for case in FIGURE_CASES],
    ids=[case[0] for case in FIGURE_CASES],
)
def test_figure_rule(tmp_path, change, key, message):
    items = fresh()
    record = _figure(items)
    change(record)
    dataset = load_dataset(write_dataset(tmp_path / "data", items))
    path = tmp_path / "data" / "records" / f"{record['id']}.yaml"
    expected_line = line_of(path.read_text(encoding="utf-8"), key)
    matching = [p for p in dataset.problems if message in p.message]
    assert matching, [str(p) for p in dataset.problems]
    problem = matching[0]
    assert (problem.path, problem.line, problem.record) == (str(path), expected_line, record["id"])
    assert problem.hint
    assert str(problem).startswith(f"{path}:{expected_line}: {record['id']}: ")
    # the other records still load
    assert {"ilo-nine-balkans", "danish-presidency-eu-project"} <= set(dataset.records)


def test_percentage_over_100(tmp_path):
    items = fresh()
    answer = items["answers"][0]
    answer["answer"] += " Checks covered 150 per cent of arrivals."
    items["records"].append(
        {
            **_figure(fresh()),
            "id": "immpact-rise",
            "quote": "Checks covered 150 per cent of arrivals.",
            "metric": "immpact-migrant-flow-reduction",
            "value": 150,
            "unit": "percent",
            "history": [
                {"date": dt.date(2002, 7, 8), "status": "reported", "source": answer["id"]}
            ],
        }
    )
    problems, _ = _load(tmp_path, items)
    assert any("immpact-rise: percentage 150 is over 100" in p for p in problems), problems


def test_a_rise_of_more_than_100_per_cent_is_not_a_share(tmp_path):
    # as said on 8 October 2024: "a 628% increase since 2014"
    items = fresh()
    answer = items["answers"][0]
    answer["answer"] += " Referrals show a 628% increase since 2014."
    items["records"].append(
        {
            **_figure(fresh()),
            "id": "referrals-rise",
            "quote": "Referrals show a 628% increase since 2014.",
            "metric": "immpact-migrant-flow-reduction",
            "value": 628,
            "unit": "percent",
            "history": [
                {"date": dt.date(2002, 7, 8), "status": "reported", "source": answer["id"]}
            ],
        }
    )
    problems, _ = _load(tmp_path, items)
    assert not any("referrals-rise" in p for p in problems), problems


def test_due_before_answer(tmp_path):
    items = fresh()
    items["records"][2]["due"] = {"words": "by the end of 2001", "end": dt.date(2001, 12, 31)}
    problems, _ = _load(tmp_path, items)
    assert any("due date 2001-12-31 is before its answer (2002-07-08)" in p for p in problems)
    only_start = fresh()
    only_start["records"][2]["due"] = {"words": "from 2001", "start": dt.date(2001, 1, 1)}
    problems, _ = _load(tmp_path / "start", only_start)
    assert any("due date 2001-01-01 is before its answer (2002-07-08)" in p for p in problems)


def test_a_due_span_may_open_before_its_answer(tmp_path):
    """ "In the second half of this year", said on 8 July: the span opens on 1 July."""
    items = fresh()
    items["records"][2]["due"] = {
        "words": "in the second half of this year",
        "start": dt.date(2002, 7, 1),
        "end": dt.date(2002, 12, 31),
    }
    problems, _ = _load(tmp_path, items)
    assert not any("due date" in p for p in problems), problems


def test_events_out_of_order(tmp_path):
    items = fresh()
    items["records"][1]["history"].reverse()
    problems, _ = _load(tmp_path, items)
    assert any(
        "status events out of order: 2002-07-08 comes after 2004-05-04" in p for p in problems
    )


def test_duplicate_key_reported_with_both_lines(tmp_path):
    root = write_dataset(tmp_path / "data")
    path = root / "records" / "reflex-arrests-since-april-2001.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "value: 14\n", encoding="utf-8")
    dataset = load_dataset(root)
    first = line_of(text, "value:")
    last = len(text.splitlines()) + 1
    assert [str(p) for p in dataset.problems] == [
        f"{path}:{last}: reflex-arrests-since-april-2001: duplicate key 'value' (first on line "
        f"{first}) (hint: keep one; YAML would silently use the last)"
    ]
    assert "reflex-arrests-since-april-2001" not in dataset.records
    assert len(dataset.records) == 2


def test_same_id_in_two_files(tmp_path):
    root = write_dataset(tmp_path / "data")
    copy = root / "records" / "copy.yaml"
    copy.write_text(dump(_figure(fresh())), encoding="utf-8")
    problems = [str(p) for p in load_dataset(root).problems]
    assert any("does not match the file name 'copy.yaml'" in p for p in problems), problems


def test_citation_must_match_its_parts(tmp_path):
    items = fresh()
    items["answers"][0]["citation"] = "HC Deb 08 July 2002 vol 389 cc741-2W"
    problems, _ = _load(tmp_path, items)
    assert any(
        "does not match its parts and date ('HC Deb 08 July 2002 vol 388" in p for p in problems
    )


def test_conflicting_values_are_a_warning(tmp_path):
    items = fresh()
    items["records"].append(conflicting_figure())
    dataset = load_dataset(write_dataset(tmp_path / "data", items))
    assert dataset.errors == []
    assert [p.record for p in dataset.warnings] == [
        "reflex-arrests-again",
        "reflex-arrests-since-april-2001",
    ]
    assert "different value in reflex-arrests-since-april-2001" in dataset.warnings[0].message


def test_aliases_resolve_in_tables(tmp_path):
    from commitments.tables.build import build_tables

    dataset = load_dataset(write_dataset(tmp_path / "data"))
    records = build_tables(dataset).records.set_index("id")
    assert records.loc["reflex-arrests-since-april-2001", "programmes"] == ["Reflex"]
    assert records.loc["ilo-nine-balkans", "agencies"] == ["National Criminal Intelligence Service"]


def test_as_at_before_anything_was_said_shows_nothing(tmp_path):
    from commitments.tables.build import as_at, build_tables

    tables = build_tables(load_dataset(write_dataset(tmp_path / "data")))
    assert as_at(tables.records, tables.events, dt.date(2001, 1, 1)).empty
    then = as_at(tables.records, tables.events, dt.date(2003, 1, 1))
    assert dict(zip(then["id"], then["status"], strict=True))["ilo-nine-balkans"] == "reported"
    assert tables.records.set_index("id").loc["ilo-nine-balkans", "status"] == "superseded"


@pytest.mark.parametrize("kind", ["other_answer", "furniture", "correction_original"])
def test_text_set_aside_of_any_kind_is_kept_and_never_quoted(tmp_path, kind):
    items = fresh()
    answer = items["answers"][0]
    aside = "Does this answer the above question? There were 68 arrests."
    answer["flags"] = [{"kind": kind, "detail": "set aside by the loaders", "text": aside}]
    _figure(items).update(quote="There were 68 arrests.", value=68)
    problems, _ = _load(tmp_path, items)
    assert any(
        f"quote comes from text set aside from {answer['id']} ({kind})" in p for p in problems
    )
    # the same flag without its text loses what was set aside: an error too
    answer["flags"] = [{"kind": kind, "detail": "set aside by the loaders"}]
    problems, _ = _load(tmp_path / "second", items)
    assert any(f"a {kind} flag must keep its text" in p for p in problems)


def _agencies(items):
    return items["registry"]["agencies"]


# (case, change to the registry's agencies, key whose line is reported, expected message part)
REGISTRY_CASES = [
    # a filter on SOCA would silently miss the National Crime Squad's records
    (
        "successor naming no agency",
        lambda a: a[1].update(successor="Serious Organized Crime Agency"),
        "successor: Serious Organized",
        "successor 'Serious Organized Crime Agency' of 'National Crime Squad' is not an agency",
    ),
    # the alias found first wins, so "NCS" would find only one of the two
    (
        "alias naming two agencies",
        lambda a: a[0].update(aliases=["NCS"]),
        ("- NCS", "name: National Crime Squad"),
        "agency name 'NCS' of 'National Crime Squad' already names 'Europol'",
    ),
    # case, dots and spacing aside, "N.C.I.S." is "NCIS"
    (
        "alias naming two agencies but for dots",
        lambda a: a[0].update(aliases=["N.C.I.S."]),
        "- NCIS",
        "agency name 'NCIS' of 'National Criminal Intelligence Service' already names 'Europol'",
    ),
    # SOCA succeeded by the Squad it succeeded: a circle, through an alias
    (
        "successors in a circle",
        lambda a: a[3].update(successor="NCS"),
        "successor: NCS",
        "the successors of 'Serious Organised Crime Agency' run in a circle back to it",
    ),
]


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [case[1:] for case in REGISTRY_CASES],
    ids=[case[0] for case in REGISTRY_CASES],
)
def test_registry_rule(tmp_path, change, key, message):
    items = fresh()
    change(_agencies(items))
    problems, _ = _load(tmp_path, items)
    text = dump(items["registry"])
    needle, after = key if isinstance(key, tuple) else (key, None)
    line = line_of(text, needle, line_of(text, after) if after else 1)
    expected = f"registry.yaml:{line}: registry: {message}"
    assert any(expected in p for p in problems), problems
