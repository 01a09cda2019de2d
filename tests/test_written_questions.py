"""Answers of the Written Questions service (since 2014): cited by UIN and dates, checked by the
rules that fit them, and their holding answers, transfers, corrections and grouped sets kept as
the real API records give them (``tests/fixtures/hansard/`` and ``…/modern/``)."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from commitments import cli
from commitments.folder.load import load_dataset
from commitments.presenting import charts
from commitments.presenting.spreadsheet import view_csv
from commitments.record.citations import format_written_question_citation
from commitments.serving.snapshot import load_snapshot
from commitments.tables.filters import Filters
from commitments.tables.view import build_view
from loaders.html_text import html_paragraphs
from loaders.wq_json import parse_wq_json
from tests.baseline import WRITTEN_ANSWER, with_written_answer, write_dataset

FIXTURES = Path(__file__).parent / "fixtures" / "hansard"
BUNDLED = Path(__file__).resolve().parent.parent / "data"
SAMPLE = FIXTURES / "written_questions_api_sample.json"
MOD_LIST = FIXTURES / "writtenquestions_api_2021-02-01_answered_MoD_list.json"
MODERN = FIXTURES / "modern"
CORRECTED = (
    MODERN / "writtenquestions_api_list_versions_2024-12_uin17612_answered_then_corrected.json"
)
TRANSFERRED = (
    MODERN
    / "writtenquestions_api_list_versions_2025-12_uin96092_transferred_holding_then_final.json"
)
LISTED = (
    MODERN
    / "writtenquestions_api_list_records_commons_slavery_trafficking_bsc_2023-12_to_2026-04.json"
)


def _answers(path: Path):
    return parse_wq_json(path.read_bytes())


# --- The citation, as the service prints it ----------------------------------------------------


@pytest.mark.parametrize(
    ("uins", "tabled", "answered", "expected"),
    [
        (["58924"], dt.date(2021, 10, 19), dt.date(2021, 10, 25),
         "UIN 58924, tabled 19 October 2021, answered 25 October 2021"),
        # the Lords' UINs carry their HL; days have no leading zero
        (["HL3235"], dt.date(2021, 10, 5), dt.date(2021, 10, 19),
         "UIN HL3235, tabled 5 October 2021, answered 19 October 2021"),
        # a grouped set lists every UIN
        (["22141", "22142"], dt.date(2025, 1, 6), dt.date(2025, 1, 14),
         "UINs 22141 and 22142, tabled 6 January 2025, answered 14 January 2025"),
        (["143686", "143687", "143688"], dt.date(2021, 1, 26), dt.date(2021, 2, 1),
         "UINs 143686, 143687 and 143688, tabled 26 January 2021, answered 1 February 2021"),
        # what a copy does not print is said, never filled in: a listing prints no UIN ...
        ([], None, dt.date(2015, 2, 23),
         "Written question (UIN not printed), answered 23 February 2015"),
        # ... and a cut copy no date answered
        (["72652"], dt.date(2025, 8, 29), None,
         "UIN 72652, tabled 29 August 2025, date answered not printed"),
    ],
)  # fmt: skip
def test_the_citation_reads_as_the_service_prints_it(uins, tabled, answered, expected):
    assert format_written_question_citation(uins, tabled, answered) == expected


def test_a_question_known_only_by_its_service_id_is_cited_by_it():
    assert format_written_question_citation([], dt.date(2024, 10, 8), None, 1732607) == (
        "Written question (UIN not printed; service id 1732607), tabled 8 October 2024, "
        "date answered not printed"
    )


# --- The checks ---------------------------------------------------------------------------------


def _problems(tmp_path: Path, change=None) -> list[str]:
    items = with_written_answer()
    answer = next(a for a in items["answers"] if a["id"] == WRITTEN_ANSWER["id"])
    if change:
        change(answer)
    dataset = load_dataset(write_dataset(tmp_path / "data", items))
    return [f"{p.message} (hint: {p.hint})" for p in dataset.problems]


def test_a_service_answer_and_a_figure_quoting_it_validate(tmp_path):
    assert _problems(tmp_path) == []


def _set(path: tuple, value):
    def change(answer):
        target = answer
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_set(("written_question", "date_tabled"), dt.date(2024, 1, 12)),
         "date tabled 2024-01-12 is after the date answered 2024-01-10"),
        # the citation must be rebuilt from the block: a stale one is caught
        (_set(("citation",), "HC Written question 7926, answered 10 January 2024"),
         "does not match its written_question ('UIN 7926, tabled 5 January 2024, answered "
         "10 January 2024')"),
        (_set(("written_question", "uins"), ["HL7926"]), "UIN 'HL7926' is not a Commons UIN"),
        (_set(("written_question", "date_answered"), dt.date(2024, 1, 11)),
         "date answered 2024-01-11 is not the answer's date 2024-01-10"),
        # a holding answer comes between the question and its answer
        (_set(("written_question", "holding_answer_date"), dt.date(2024, 1, 4)),
         "holding answer date 2024-01-04 is not between the date tabled 2024-01-05"),
        (_set(("written_question", "corrected"), dt.date(2024, 1, 9)),
         "correction date 2024-01-09 is before the date answered 2024-01-10"),
        (_set(("written_question", "url"), "https://questions-statements.parliament.uk/"),
         "is not the service's page of UIN 7926 tabled 2024-01-05"),
        (_set(("department",), "Home Office"),
         "department 'Home Office' is not the written_question's answering_body"),
        (_set(("column_breaks",), [{"column": 5, "offset": 0}]),
         "an answer from the Written Questions service has no printed columns"),
        # what a copy does not print must be said with its flag
        (_set(("written_question", "uins"), []),
         "a written question without a UIN must say so with a `missing_uin` flag"),
        (_set(("written_question", "date_answered"), None),
         "a written question without a date answered must say so with a `missing_date` flag"),
        (_set(("written_question", "date_answered"), None),
         "date tabled (no date answered) 2024-01-05 is not the answer's date 2024-01-10"),
        # a UIN is reused each session: it goes with its date tabled
        (_set(("written_question", "date_tabled"), None),
         "a UIN goes with its date tabled"),
    ],
)  # fmt: skip
def test_each_rule_of_a_service_answer_is_checked(tmp_path, change, expected):
    problems = _problems(tmp_path, change)
    assert any(expected in p for p in problems), problems


def test_a_lords_uin_without_hl_is_an_error(tmp_path):
    def lords(answer):
        answer.update(id="hl-2024-01-10-7926", house="Lords")
        answer["citation"] = "UIN 7926, tabled 5 January 2024, answered 10 January 2024"

    problems = _problems(tmp_path, lords)
    assert any("UIN '7926' is not a Lords UIN (hint: a Lords UIN starts HL" in p
               for p in problems), problems  # fmt: skip


@pytest.mark.parametrize("both", [True, False])
def test_an_answer_has_exactly_one_of_citation_parts_and_written_question(tmp_path, both):
    def change(answer):
        if both:
            answer["citation_parts"] = {"volume": None, "first_column": None,
                                        "last_column": None, "series": "W"}  # fmt: skip
        else:
            del answer["written_question"]

    problems = _problems(tmp_path, change)
    assert any("exactly one of `citation_parts` (printed Hansard), `written_question`" in p
               for p in problems), problems  # fmt: skip


# --- The real records: groups, corrections, holding answers, transfers ----------------------------


def test_the_detail_sample_is_cited_by_uin_and_dates_with_its_api_id():
    (detail, *listed) = _answers(SAMPLE)
    assert detail.citation == "UIN 7926, tabled 5 January 2024, answered 10 January 2024"
    assert detail.written_question.api_id == 1679416
    assert [a.citation for a in listed] == [
        "UIN 8024, tabled 5 January 2024, answered 12 March 2024",
        "UIN 7862, tabled 5 January 2024, answered 14 February 2024",
    ]


def test_a_grouped_set_is_one_answer_with_every_uin():
    answers = _answers(MOD_LIST)
    assert len(answers) == 16  # 20 records, of which five are one grouped set
    (group,) = [a for a in answers if len(a.uins) > 1]
    assert group.id == "hc-2021-02-01-143686"
    assert group.uins == ("143686", "143687", "143688", "143689", "143690")
    assert group.citation == (
        "UINs 143686, 143687, 143688, 143689 and 143690, tabled 26 January 2021, "
        "answered 1 February 2021"
    )
    asked = group.written_question
    assert (asked.api_id, asked.asking_member, asked.answering_member) == (
        1280740, "John Healey", "Jeremy Quin",
    )  # fmt: skip
    assert group.question.count("To ask the Secretary of State for Defence") == 5
    (lords,) = [a for a in answers if a.house == "Lords"]
    assert lords.citation == "UIN HL12265, tabled 18 January 2021, answered 1 February 2021"
    assert lords.id == "hl-2021-02-01-hl12265"


def test_grouped_sets_of_the_slavery_list_are_one_answer_each():
    grouped = {a.uins for a in _answers(LISTED) if len(a.uins) > 1}
    assert grouped == {
        ("4813", "4814", "4815"),
        ("18088", "18089", "18090", "18091", "18092"),
        ("22141", "22142"),
    }


def test_a_correction_keeps_the_text_first_given_beside_the_corrected_one():
    (answer,) = _answers(CORRECTED)
    assert answer.date == dt.date(2024, 12, 6)  # the date answered stays
    assert answer.written_question.corrected == dt.date(2024, 12, 9)
    assert answer.citation == "UIN 17612, tabled 3 December 2024, answered 6 December 2024"
    assert answer.answer.startswith(
        "The Foreign Secretary messaged Kosovo's President Osmani on 30 November and on 1 "
        "December I spoke to Kosovo's Prime Minister Kurti"
    )
    flags = {f.kind: f for f in answer.flags}
    assert flags["correction"].detail == "corrected on 9 December 2024"
    original = flags["correction_original"]
    assert original.text.startswith(
        "The Foreign Secretary messaged Kosovo's President Osmani on 30 November, following"
    )
    assert "first given on 6 December 2024" in original.detail
    assert "He expressed his shock" not in answer.answer  # never quotable


def test_a_correction_without_its_original_says_the_original_is_not_held():
    captures = json.loads(CORRECTED.read_text(encoding="utf-8"))
    (answer,) = parse_wq_json([captures[-1]])  # only the corrected capture
    (flag,) = [f for f in answer.flags if f.kind.startswith("correction")]
    assert flag.kind == "correction"
    assert flag.detail == "corrected on 9 December 2024; the original is not held"


def test_a_transferred_question_with_a_holding_answer_is_one_question_with_its_history():
    (answer,) = _answers(TRANSFERRED)
    assert answer.date == dt.date(2025, 12, 9)
    asked = answer.written_question
    assert (asked.date_tabled, asked.holding_answer_date) == (
        dt.date(2025, 12, 2), dt.date(2025, 12, 8),
    )  # fmt: skip
    assert asked.answering_body == "Department for Transport" == answer.department
    flags = {f.kind: f for f in answer.flags}
    assert flags["transferred"].detail == (
        "transferred from Home Office to Department for Transport"
    )
    holding = flags["holding_answer"]
    assert holding.detail == "holding answer 8 December 2025"
    assert holding.text.startswith("The Department for Transport has indicated")
    assert answer.answer.startswith("The UK Government constantly monitors UK waters")
    assert answer.citation == "UIN 96092, tabled 2 December 2025, answered 9 December 2025"


def test_html_lists_keep_their_items_and_marks():
    html = "<p>We will:</p><ul><li>train staff;</li><li><p>publish data.</p></li></ul>"
    html += "<ol><li>first</li><li>second</li></ol>"
    assert html_paragraphs(html) == [
        "We will:", "• train staff;", "• publish data.", "1. first", "2. second",
    ]  # fmt: skip


# --- Ingest writes answers that validate -------------------------------------------------------


def test_ingest_of_every_api_sample_writes_answers_that_validate(tmp_path, capsys):
    from loaders import cli as loaders_cli

    data = tmp_path / "data"
    data.mkdir()  # the bundled registry alone: drafts are tagged from it, and only they are read
    shutil.copy(BUNDLED / "registry.yaml", data / "registry.yaml")
    files = [SAMPLE, MOD_LIST, CORRECTED, TRANSFERRED, LISTED]
    for path in files:
        assert loaders_cli.main(["ingest", str(path), "--out", str(data), "--data", str(data)]) == 0
    capsys.readouterr()
    dataset = load_dataset(data)
    assert [p for p in dataset.problems if p.severity == "error"] == []
    service = [a.item for a in dataset.answers.values() if a.item.written_question]
    # the slavery list: 27 records, three grouped sets of ten, one question not yet answered
    assert len(service) == 3 + 16 + 1 + 1 + 19
    for answer in service:
        asked = answer.written_question
        assert answer.citation == format_written_question_citation(
            asked.uins, asked.date_tabled, answer.date
        )
        assert answer.citation.startswith(("UIN ", "UINs "))
    assert cli.main(["validate", "--data", str(data)]) == 0


# --- Wherever a citation is shown --------------------------------------------------------------


def test_a_view_with_a_service_answer_exports_its_uin_citation(tmp_path):
    data = write_dataset(tmp_path / "data", with_written_answer())
    snapshot = load_snapshot(data, use_cache=False)
    assert snapshot.problems == []
    view = build_view(snapshot.tables, snapshot.lookup, Filters())
    citation = WRITTEN_ANSWER["citation"]
    rows = pd.read_csv(io.BytesIO(view_csv(view)), dtype=str)
    assert citation in set(rows.loc[rows["id"] == "fjaa-agencies-2024", "citation"])
    assert citation in charts.citations_drawn("metric", view, metric="fjaa-agencies")
    answers = snapshot.tables.answers.set_index("id")
    assert answers.loc["hc-2024-01-10-7926", "date_tabled"] == pd.Timestamp(2024, 1, 5)
    assert answers.loc["hc-2024-01-10-7926", "api_id"] == 1679416
