"""TheyWorkForYou / parlparse XML and Written Questions API JSON, from the real samples."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from loaders.pipeline import detect_format, load_answers
from loaders.twfy_xml import UnsafeXMLError, parse_twfy_xml
from loaders.wq_json import parse_wq_json

FIXTURES = Path(__file__).parent / "fixtures" / "hansard"
XML = FIXTURES / "parlparse_wrans_2009-10-29_excerpt.xml"
JSON = FIXTURES / "written_questions_api_sample.json"


@pytest.fixture(scope="module")
def xml_answers():
    return {a.id: a for a in parse_twfy_xml(XML.read_bytes())}


def test_xml_questions_and_replies_are_grouped_by_their_id_stem(xml_answers):
    assert sorted(xml_answers) == [
        "hc-2009-10-29-292659",
        "hc-2009-10-29-295709",
        "hc-2009-10-29-296315",
        "hc-2009-10-29-296317",
        "hc-2009-10-29-296319",
        "hc-2009-10-29-296320",
    ]
    grouped = xml_answers["hc-2009-10-29-296320"]
    assert grouped.uins == ("296320", "296321")
    assert grouped.asker == "Michael Fabricant, Stephen Crabb"
    assert grouped.minister == "Jim Fitzpatrick"
    assert grouped.heading == "Bovine Tuberculosis"
    assert grouped.answer.startswith("In July 2009 2,350 cattle in GB were slaughtered")


def test_xml_metadata_columns_and_department(xml_answers):
    answer = xml_answers["hc-2009-10-29-296317"]
    assert answer.date == dt.date(2009, 10, 29) and answer.house == "Commons"
    assert answer.citation == "HC Deb 29 October 2009 cc488-9W"  # the reply runs into 489W
    assert answer.columns.volume is None  # not in the file
    assert answer.department == "Department for Environment, Food and Rural Affairs"
    assert xml_answers["hc-2009-10-29-292659"].department == "Department for Work and Pensions"
    assert answer.flags == ()


@pytest.mark.parametrize(
    ("named", "house", "prefix"),
    [
        (None, "Commons", "hc-"),  # the column series (W) says so
        ("commons", "Commons", "hc-"),  # as the command line gives it: lower case
        ("Lords", "Lords", "hl-"),  # a name given overrides the series
    ],
)
def test_xml_house_comes_from_the_series_or_the_name_given(named, house, prefix):
    answers = parse_twfy_xml(XML.read_bytes(), house=named)
    assert {(a.house, a.id[:3]) for a in answers} == {(house, prefix)}
    with pytest.raises(ValueError, match="not commons or lords"):
        parse_twfy_xml(XML.read_bytes(), house="Senate")


def test_xml_entities_declared_in_the_doctype_are_decoded(xml_answers):
    answer = xml_answers["hc-2009-10-29-296319"]
    assert "£73,400 in 2007-08, up from £45,900" in answer.answer
    assert "&pound;" not in answer.answer


def test_xml_holding_answer_is_a_flag_and_not_answer_text(xml_answers):
    answer = xml_answers["hc-2009-10-29-295709"]
    (flag,) = answer.flags
    assert (flag.kind, flag.detail) == ("holding_answer", "holding answer 28 October 2009")
    assert answer.answer.startswith("ATOS Healthcare has provided guidance")


def test_xml_tables_become_rows_and_give_no_figures(xml_answers):
    (answer,) = load_answers(XML.read_bytes(), fmt="twfy-xml")[:1]
    assert "2004-05 | 2,551" in answer.answer
    assert [
        c for c in answer.candidates if c.kind == "figure" and "2,551" in (c.number or "")
    ] == []


XXE = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE publicwhip [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<publicwhip><reply id="uk.org.publicwhip/wrans/2009-10-29a.1.r0">&secret;</reply></publicwhip>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE publicwhip SYSTEM "http://example.org/publicwhip.dtd">
<publicwhip></publicwhip>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE publicwhip [ <!ENTITY a "ha"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"> ]>
<publicwhip>&b;</publicwhip>"""


@pytest.mark.parametrize("document", [XXE, EXTERNAL_DTD, LAUGHS], ids=["xxe", "dtd", "laughs"])
def test_xml_external_and_nested_entities_are_refused(document):
    with pytest.raises(UnsafeXMLError):
        parse_twfy_xml(document)


def test_xml_undeclared_entity_is_refused():
    with pytest.raises(UnsafeXMLError):
        parse_twfy_xml(b"<publicwhip>&nosuchentity;</publicwhip>")


@pytest.fixture(scope="module")
def sample():
    return json.loads(JSON.read_text(encoding="utf-8"))


def test_json_detail_and_list_records_are_all_read():
    answers = parse_wq_json(JSON.read_bytes())
    assert [(a.id, a.source_format, a.complete) for a in answers] == [
        ("hc-2024-01-10-7926", "wq-json:detail", True),
        ("hc-2024-03-12-8024", "wq-json:list", False),
        ("hc-2024-02-14-7862", "wq-json:list", False),
    ]


def test_json_html_answer_becomes_plain_paragraphs(sample):
    (answer,) = parse_wq_json(sample["detail_response"])
    assert "<p>" not in answer.answer and "</a>" not in answer.answer
    assert answer.answer.split("\n\n")[1].startswith(
        "In July 2021, the government created a £7 million"
    )
    assert "https://www.gov.uk/government/publications/flexi-job-apprenticeships" in answer.answer
    assert answer.department == "Department for Education"
    assert answer.heading == "Apprentices: Employment Agencies"
    assert answer.question.startswith("To ask the Secretary of State for Education")
    assert (
        answer.url
        == "https://questions-statements.parliament.uk/written-questions/detail/2024-01-05/7926"
    )
    assert answer.citation == "UIN 7926, tabled 5 January 2024, answered 10 January 2024"


def test_json_unnamed_members_are_flags_never_guesses(sample):
    (answer,) = parse_wq_json(sample["detail_response"])
    assert answer.asker is None and answer.minister is None
    details = {f.kind: f.detail for f in answer.flags}
    assert "4253" in details["missing_asker"] and "3985" in details["missing_minister"]
    named = copy.deepcopy(sample["detail_response"])
    named["value"]["askingMember"] = {"id": 4253, "name": "Ms Example Member"}
    named["value"]["answeringMember"] = {"id": 3985, "name": "Example Minister"}
    (answer,) = parse_wq_json(named)
    assert (answer.asker, answer.minister) == ("Ms Example Member", "Example Minister")
    assert answer.flags == ()


def test_json_truncated_list_answer_is_an_excerpt_without_its_ellipsis(sample):
    listed = parse_wq_json(sample["list_response_first_two_items"])
    assert all(not a.complete for a in listed)
    assert listed[0].answer.endswith("the Environment Agency (EA) is re")
    extracted = load_answers(json.dumps(sample["list_response_first_two_items"]), fmt="wq-json")
    for answer in extracted:
        assert all(c.quote.rstrip().endswith((".", "?", "!")) for c in answer.candidates)


def test_json_grouped_holding_and_corrected_answers(sample):
    record = copy.deepcopy(sample["detail_response"])
    record["value"]["groupedQuestions"] = ["7927", "7928"]
    record["value"]["answerIsHolding"] = True
    (answer,) = parse_wq_json(record)
    assert answer.uins == ("7926", "7927", "7928")
    assert "holding_answer" in answer.flag_kinds()

    record = copy.deepcopy(sample["detail_response"])
    record["value"]["answerIsCorrection"] = True
    record["value"]["dateAnswerCorrected"] = "2024-01-20T00:00:00"
    record["value"]["originalAnswerText"] = "<p>There are now 40 FJAAs.</p>"
    (answer,) = parse_wq_json(record)
    (flag,) = [f for f in answer.flags if f.kind == "correction"]
    assert flag.detail == "corrected on 20 January 2024" and flag.text is None
    (original,) = [f for f in answer.flags if f.kind == "correction_original"]
    assert original.text == "There are now 40 FJAAs."
    assert "40 FJAAs" not in answer.answer


def test_json_withdrawn_and_unanswered_questions_are_skipped(sample):
    record = copy.deepcopy(sample["detail_response"])
    record["value"]["isWithdrawn"] = True
    assert parse_wq_json(record) == []
    record["value"]["isWithdrawn"] = False
    record["value"]["answerText"] = ""
    assert parse_wq_json(record) == []


def test_json_figures_come_from_the_answer(sample):
    (answer,) = load_answers(json.dumps(sample["detail_response"]), fmt="wq-json")
    figures = {(c.value, c.unit) for c in answer.candidates if c.kind == "figure"}
    assert {
        (7_000_000, "GBP"),
        (4_500_000, "GBP"),
        (97, "percent"),
        (4_300_000, "GBP"),
        (44, "count"),
    } <= figures
    assert not any(c.value in {2021, 2024, 25} for c in answer.candidates if c.kind == "figure")
    commitments = [c for c in answer.candidates if c.kind == "commitment"]
    assert any("intends to publish data on achievements" in c.quote for c in commitments)


@pytest.mark.parametrize(
    ("raw", "name", "expected"),
    [
        (b"<?xml version='1.0'?><publicwhip/>", None, "twfy-xml"),
        (b'{"value": {}}', None, "wq-json"),
        (b"HC Deb 08 July 2002 vol 388 cc741-2W", None, "text"),
        (b"anything", "answers.xml", "twfy-xml"),
        (b"anything", "answers.json", "wq-json"),
    ],
)
def test_format_is_detected_from_name_or_content(raw, name, expected):
    assert detect_format(raw, name) == expected


def test_malformed_xml_is_a_clear_error_from_the_command_line(tmp_path):
    import subprocess
    import sys

    broken = tmp_path / "cut.xml"
    broken.write_text('<?xml version="1.0"?><publicwhip><ques id="x">cut off', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "loaders.hansard", "parse", str(broken), "--format", "twfy-xml"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: {broken}: the XML is not well formed (")
    assert "Traceback" not in result.stderr
