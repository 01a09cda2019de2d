"""Written ministerial statements from the Written Statements API, on the real sample.

``writtenstatements_api_2021-02-01_HomeOffice_list.json`` is a list response as the service sent
it: one Home Office statement made in both Houses (``HCWS751``, ``HLWS745``), its
``linkedStatements`` empty, each ``text`` cut with ``...``. It is one source with both references.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from commitments.record.citations import format_written_statement_citation
from commitments.record.model import House, SourceKind
from loaders import review
from loaders.drafts import build_drafts
from loaders.pipeline import detect_format, load_answers
from loaders.ws_json import parse_ws_json
from tests.baseline import fresh, write_dataset

FIXTURES = Path(__file__).parent / "fixtures" / "hansard"
SAMPLE = FIXTURES / "writtenstatements_api_2021-02-01_HomeOffice_list.json"
CITATION = "HCWS751 / HLWS745, made 1 February 2021"
ANSWER_FILE = "answers/hc-2021-02-01-hcws751.yaml"


def sample() -> dict:
    return json.loads(SAMPLE.read_text("utf-8"))


def drafted(answers) -> dict:
    (answer,) = answers
    return yaml.safe_load(build_drafts(answer)[ANSWER_FILE])


@pytest.fixture
def baseline(tmp_path) -> Path:
    return write_dataset(tmp_path / "data", fresh())


def test_a_statement_made_in_both_houses_is_one_source_with_both_references():
    (answer,) = parse_ws_json(SAMPLE.read_bytes())
    assert answer.kind is SourceKind.STATEMENT
    assert answer.uins == ("HCWS751", "HLWS745")  # the Commons' first, as the sample is not
    assert answer.citation == CITATION
    made = answer.written_statement
    assert made.houses == (House.COMMONS, House.LORDS)
    assert made.members == ("Priti Patel", "Baroness Williams of Trafford")
    assert made.answering_body == "Home Office" and answer.house is House.COMMONS
    assert made.url == (
        "https://questions-statements.parliament.uk/written-statements/detail/2021-02-01/HCWS751"
    )


def test_a_list_responses_cut_text_is_an_excerpt_without_its_dots():
    (answer,) = parse_ws_json(SAMPLE.read_bytes())
    assert answer.complete is False
    assert answer.answer.startswith("I am pleased to confirm")  # the Commons' own text
    assert answer.answer.endswith("by the Chin") and "..." not in answer.answer


def test_the_format_is_told_from_the_content_whatever_the_name():
    raw = SAMPLE.read_bytes()
    assert detect_format(raw, SAMPLE.name) == "ws-json"
    assert detect_format(raw, "statements.txt") == "ws-json"
    assert detect_format(raw) == "ws-json"
    # a written questions document stays wq-json
    questions = FIXTURES / "written_questions_api_sample.json"
    assert detect_format(questions.read_bytes(), questions.name) == "wq-json"


def test_the_draft_validates_and_is_cited_by_its_references(baseline):
    answers = load_answers(SAMPLE.read_bytes(), filename=SAMPLE.name)
    files = build_drafts(answers[0])
    document = yaml.safe_load(files[ANSWER_FILE])
    assert document["citation"] == CITATION
    assert document["written_statement"]["date_made"] == dt.date(2021, 2, 1)
    assert "citation_parts" not in document and "written_question" not in document
    assert review.check(files, baseline).problems == []


def test_two_statements_of_different_titles_stay_two():
    document = sample()
    document["results"][0]["value"]["title"] = "Another statement"
    assert len(parse_ws_json(document)) == 2


def test_statements_listing_each_other_are_one_whatever_their_titles():
    document = sample()
    lords, commons = (item["value"] for item in document["results"])
    lords["title"] = "Launch of the BN(O) route"
    lords["linkedStatements"] = [{"uin": "HCWS751"}]
    (answer,) = parse_ws_json(document)
    assert answer.uins == ("HCWS751", "HLWS745")
    assert answer.heading == commons["title"]  # the Commons' statement speaks for it


def test_a_detail_response_is_whole():
    value = copy.deepcopy(sample()["results"][1]["value"])
    value["text"] = "<p>I am pleased to confirm the route.</p><p>It opened on 31 January.</p>"
    (answer,) = parse_ws_json({"value": value})
    assert answer.complete is True and answer.citation == "HCWS751, made 1 February 2021"
    assert answer.answer == "I am pleased to confirm the route.\n\nIt opened on 31 January."


@pytest.mark.parametrize(
    ("references", "expected"),
    [
        (["HCWS751"], "HCWS751, made 1 February 2021"),
        (["HCWS751", "HLWS745"], "HCWS751 / HLWS745, made 1 February 2021"),
    ],
)
def test_the_citation_names_each_reference_and_the_day(references, expected):
    assert format_written_statement_citation(references, dt.date(2021, 2, 1)) == expected


# --- The checks of a statement's block: one field changed per case ------------------------------


def _set(path, value):
    def change(answer):
        node = answer
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set(("written_statement", "references"), ["HCWS751", "HL745"]),
         "reference 'HL745' is not a written statement's"),
        # the house of each reference agrees with it
        (_set(("written_statement", "houses"), ["Lords", "Commons"]),
         "reference HCWS751 is a Commons reference, not a Lords one"),
        (_set(("written_statement", "houses"), ["Commons"]), "1 houses for 2 references"),
        (_set(("written_statement", "date_made"), dt.date(2021, 2, 2)),
         "does not match its written_statement"),
        (_set(("written_statement", "url"), "https://example.org/"),
         "is not the service's page of HCWS751"),
        (_set(("uins",), ["HCWS751"]), "uins ['HCWS751'] is not the written_statement's"),
        (_set(("minister",), "Baroness Williams of Trafford"),
         "minister 'Baroness Williams of Trafford' is not the written_statement's first member"),
        # exactly one of the three blocks
        (_set(("citation_parts",), {"volume": None, "first_column": None, "last_column": None,
                                     "series": "WS"}),
         "not both `citation_parts` and `written_statement`"),
    ],
)  # fmt: skip
def test_a_statement_that_breaks_a_rule_is_reported(tmp_path, change, message):
    from commitments.folder.load import load_dataset

    document = drafted(parse_ws_json(SAMPLE.read_bytes()))
    change(document)
    items = fresh()
    items["answers"].append(document)
    dataset = load_dataset(write_dataset(tmp_path / "data", items))
    problems = [str(p) for p in dataset.problems]
    assert any(message in p for p in problems), problems


def test_the_drafted_statement_loads_without_a_problem(tmp_path):
    from commitments.folder.load import load_dataset

    items = fresh()
    items["answers"].append(drafted(parse_ws_json(SAMPLE.read_bytes())))
    dataset = load_dataset(write_dataset(tmp_path / "data", items))
    assert dataset.problems == []
    assert dataset.answers["hc-2021-02-01-hcws751"].item.kind is SourceKind.STATEMENT
