"""The 2002–2010 renderings the loaders were first not written for, each with a case in its shape.

publications.parliament.uk daily pages (site furniture, in-flow column headings, run-in
``Name: To ask …``, several answers to a page, holding answers on the speaker line) and
hansard.parliament.uk pages (``Skip to main content``, ``Volume …: debated on …``, question
numbers in round brackets, names not printed); pages that start or end inside another answer;
grouped questions in parts; transferred questions; the same page rendered twice. All the text
below is invented, in the shape of the real pages.
"""

# ruff: noqa: E501  (the invented pages print a paragraph a line, as the real ones do)
from __future__ import annotations

import datetime as dt
import json

import pytest

from commitments.record.model import SET_ASIDE, FlagKind, House
from loaders.departments import department_from_question
from loaders.hansard_text import parse_hansard_text
from loaders.model import Extent
from loaders.names import office_and_name
from loaders.pipeline import detect_format, load_answers

DAILY_URL = "https://publications.parliament.uk/pa/cm200405/cmhansrd/vo050303/text/50303w0011.htm"
SITE_URL = "https://hansard.parliament.uk/Commons/2005-03-03/debates/05030312000001/Widgets"
LORDS_URL = "https://hansard.parliament.uk/Lords/2005-03-03/debates/05030312000002/Widgets"

DAILY = """Previous Section Index Home Page

3 Mar 2005 : Column 1200W—continued

Widget Exports

Mr. Example: To ask the Secretary of State for Trade and Industry how many widgets were exported in 2004. [12345]

Ms Sample [holding answer 1 March 2005]: In 2004, 4,000 widgets were exported.


3 Mar 2005 : Column 1201W

Widget Imports

Mrs. Other: To ask the Secretary of State for Trade and Industry what plans she has to review widget imports. [12346]

Mr. Minister: We will review widget imports in the autumn.
"""


def _one(answers, uin):
    (answer,) = [a for a in answers if uin in a.uins]
    return answer


def test_a_daily_page_gives_each_answer_with_the_date_its_column_headings_print():
    answers = parse_hansard_text(DAILY)
    assert [a.uins for a in answers] == [("12345",), ("12346",)]
    assert all(a.date == dt.date(2005, 3, 3) for a in answers)
    assert all(a.house == House.COMMONS for a in answers)
    first = _one(answers, "12345")
    assert first.asker == "Mr. Example"
    assert first.question.startswith("To ask the Secretary of State for Trade and Industry")


def test_the_daily_pages_furniture_and_column_headings_stay_out_of_the_answers():
    for answer in parse_hansard_text(DAILY):
        assert "Previous Section" not in answer.answer
        assert "Column" not in answer.answer
        assert "Widget Imports" not in answer.answer


def test_a_holding_answer_on_the_speaker_line_gives_the_minister_and_a_flag():
    answer = _one(parse_hansard_text(DAILY), "12345")
    assert answer.minister == "Ms Sample"
    assert answer.answer == "In 2004, 4,000 widgets were exported."
    assert any(f.kind == FlagKind.HOLDING_ANSWER for f in answer.flags)


def test_a_second_rendering_of_the_same_daily_page_gives_the_same_answers():
    second = (
        DAILY.replace("Previous Section Index Home Page", "Previous Section | Index | Home Page |")
        .replace("1200W—continued", "1200Wcontinued")
        .replace("\n\n\n", "\n")
        .replace("\n\n", "\n")
    )
    once, twice = parse_hansard_text(DAILY), parse_hansard_text(second)
    assert [(a.uins, a.date, a.asker, a.minister, a.answer) for a in once] == [
        (a.uins, a.date, a.asker, a.minister, a.answer) for a in twice
    ]


def test_a_heading_with_a_colon_is_not_a_speaker_and_stays_out_of_the_answer_before_it():
    text = DAILY.replace("Widget Imports", "Widgets: Imports")
    first = _one(parse_hansard_text(text), "12345")
    assert "Imports" not in first.answer
    assert first.minister == "Ms Sample"


STARTS_INSIDE = """Previous Section Index Home Page

3 Mar 2005 : Column 1199W—continued

The remaining widget figures are held by the agency and will be placed in the Library.

Since its launch the unit has inspected 12 widget depots.

Widget Exports

Mr. Example: To ask the Secretary of State for Trade and Industry how many widgets were exported in 2004. [12345]

Ms Sample: In 2004, 4,000 widgets were exported.

Widgets: Repairs

Mr. Example: To ask the Secretary of State for Trade and Industry how many widgets were repai"""


def test_a_page_opening_inside_an_earlier_answer_keeps_that_tail_apart_as_its_own_answer():
    answers = parse_hansard_text(STARTS_INSIDE)
    tail, own = answers[0], _one(answers, "12345")
    assert tail.uins == () and tail.question == "" and tail.asker is None
    assert tail.answer.startswith("The remaining widget figures")
    assert "12 widget depots" in tail.answer
    assert "remaining widget figures" not in own.answer
    assert own.answer == "In 2004, 4,000 widgets were exported."
    assert tail.house == House.COMMONS  # the page's house, from its other answer


def test_a_question_cut_off_by_the_end_of_the_copy_is_set_aside_not_made_an_answer():
    answers = parse_hansard_text(STARTS_INSIDE)
    assert len(answers) == 2
    last = answers[-1]
    assert "were repai" not in last.answer
    (aside,) = [f for f in last.flags if f.text and "were repai" in f.text]
    assert aside.kind == FlagKind.OTHER_ANSWER


SITE = """Skip to main content

Widgets

Volume 431: debated on Thursday 3 March 2005

To ask the Secretary of State for Trade and Industry how many widgets were exported in 2004. (12345)

In 2004, 4,000 widgets were exported.

To ask the Secretary of State for Trade and Industry what plans she has to review widget imports. (12346)

We will review widget imports in the autumn.
"""


def test_a_hansard_site_page_gives_date_heading_and_round_bracket_question_numbers():
    answers = parse_hansard_text(SITE, url=SITE_URL)
    assert [a.uins for a in answers] == [("12345",), ("12346",)]
    assert all(a.date == dt.date(2005, 3, 3) for a in answers)
    assert all(a.heading == "Widgets" for a in answers)
    assert all(a.house == House.COMMONS for a in answers)
    assert answers[0].question.endswith("exported in 2004.")
    assert answers[0].answer == "In 2004, 4,000 widgets were exported."
    assert all("Skip to main content" not in a.answer + a.question for a in answers)


def test_a_hansard_site_page_records_names_as_not_printed_never_guessed():
    for answer in parse_hansard_text(SITE, url=SITE_URL):
        assert answer.asker is None and answer.minister is None
        kinds = {f.kind for f in answer.flags}
        assert {FlagKind.MISSING_ASKER, FlagKind.MISSING_MINISTER} <= kinds
        assert answer.department == "Department of Trade and Industry"


def test_a_lords_hansard_site_page_reads_its_question_numbers_and_house():
    text = """Skip to main content
Widgets
Volume 670: debated on Thursday 3 March 2005
asked Her Majesty's Government:
How many widgets were exported in 2004. [HL1234]
In 2004, 4,000 widgets were exported, and the figures for 2005 will be published in the spring.
"""
    (answer,) = parse_hansard_text(text, url=LORDS_URL)
    assert answer.uins == ("HL1234",)
    assert answer.house == House.LORDS
    assert answer.answer.startswith("In 2004, 4,000 widgets")


def test_an_acronym_in_brackets_is_never_a_minister():
    assert office_and_name("The National Widget Centre (NWC) currently has 12 staff.") is None
    text = """Skip to main content
Widgets
Volume 670: debated on Thursday 3 March 2005
asked Her Majesty's Government:
What resources the widget centre has. [HL1235]
The National Widget Centre (NWC) currently has 12 full-time staff drawn from several agencies.
"""
    (answer,) = parse_hansard_text(text, url=LORDS_URL)
    assert answer.minister is None
    assert answer.answer.startswith("The National Widget Centre (NWC) currently has 12")


GROUPED = """Skip to main content

Widgets: Repairs

Volume 431: debated on Thursday 3 March 2005

To ask the Secretary of State for the Home Department (1) how much her Department spends on widget repairs; (23456)

(2) what capacity the repair service has;

(3) how many repairs were refused in each of the last five years.

I have been asked to reply.

The Government have invested £1.2 million in the repair service since 2003.
"""


def test_a_grouped_question_keeps_its_parts_and_a_transferred_answer_its_first_words():
    (answer,) = parse_hansard_text(GROUPED, url=SITE_URL)
    assert answer.uins == ("23456",)
    assert "(3) how many repairs were refused" in answer.question
    assert answer.answer.startswith("I have been asked to reply.")
    assert "£1.2 million" in answer.answer
    assert any(f.kind == FlagKind.TRANSFERRED for f in answer.flags)
    assert answer.department is None  # put to the Home Secretary, answered elsewhere


def test_a_page_starting_at_a_later_part_of_a_grouped_question_keeps_the_parts_out():
    text = """(2) what schemes are in place to help widget makers;
(3) what steps he is taking to promote widgets; and what progress is being made.
The Widget Taskforce was set up in March 2001 and has since helped 300 widget makers.
The Government are also working with other countries to promote widgets abroad."""
    (answer,) = parse_hansard_text(text, url=SITE_URL)
    assert answer.answer.startswith("The Widget Taskforce was set up")
    assert "(2) what schemes" in answer.question
    assert "(2)" not in answer.answer and "(3)" not in answer.answer


QUESTIONS_ABSENT = (
    "[holding answer 1 March 2005]: Between 1 April 2004 and 31 December 2004 there have been"
    " 40 widget inspections at ports and 12 at inland depots.\n"
    "[holding answer 1 March 2005]: Between 1 April 2004 and 31 December 2004 there have been"
    " 52 widget inspections in all. The inspections were made by the following agencies:\n"
    "Number of inspections Customs 30 Police 22 Total 52\n"
    "Between 1 April 2004 and 31 December 2004 there have been 52 widget inspections referred"
    " to the panel. The outcomes are as follows:\n"
    "Number Passed 40 Failed 12 Total 52\n"
)


def test_answers_printed_without_their_questions_are_told_apart():
    answers = parse_hansard_text(QUESTIONS_ABSENT, url=SITE_URL)
    assert len(answers) == 3
    assert [a.answer.split(" there")[0] for a in answers] == [
        "Between 1 April 2004 and 31 December 2004"
    ] * 3
    assert "Customs 30" in answers[1].answer and "Passed 40" not in answers[1].answer
    assert answers[2].answer.endswith("Failed 12 Total 52")
    assert all(a.date == dt.date(2005, 3, 3) and a.uins == () for a in answers)
    assert all(any(f.kind == FlagKind.HOLDING_ANSWER for f in a.flags) for a in answers[:2])


def test_a_text_page_opening_with_a_bracket_is_read_as_text_not_json():
    raw = QUESTIONS_ABSENT.encode("utf-8")
    assert detect_format(raw, "page.txt") == "text"
    assert detect_format(raw) == "text"
    assert len(load_answers(raw, url=SITE_URL)) == 3


def test_json_is_told_by_parsing_it_and_broken_json_is_not_quietly_read():
    records = json.dumps([{"uin": "12345", "answerText": "<p>No.</p>"}])
    assert detect_format(records) == "wq-json"
    assert detect_format("  \ufeff{}") == "wq-json"
    assert detect_format("<?xml version='1.0'?><publicwhip/>") == "twfy-xml"
    with pytest.raises(ValueError):
        load_answers("[not json")


def test_a_question_put_to_a_minister_with_a_brief_of_her_own_names_that_office():
    question = "To ask the Minister for Widgets and Equality if she will review widget support."
    assert department_from_question(question) == "Minister for Widgets and Equality"
    assert department_from_question("To ask the Minister for the Cabinet Office what") == (
        "Cabinet Office"
    )


def test_a_column_number_on_its_own_line_between_speeches_does_not_hide_the_next_speaker():
    text = """§ Mr. ExampleTo ask the Secretary of State for the Home Department how many widget depots there are. [44001]
§ Ms SampleThere are 12 widget depots.
§ Mr. ExampleTo ask the Secretary of State for the Home Department what his policy on widgets is. [44002]
431W
§ Ms SampleThe Government will publish a widget strategy in the spring."""
    answers = parse_hansard_text(
        text, url="https://api.parliament.uk/historic-hansard/written_answers/2005/mar/03/widgets"
    )
    second = _one(answers, "44002")
    assert second.minister == "Ms Sample"
    assert second.answer == "The Government will publish a widget strategy in the spring."
    assert "431W" not in second.question
    assert not any(f.kind in SET_ASIDE for f in second.flags)


def test_table_debris_of_an_earlier_answer_is_set_aside_and_flagged_never_in_the_answer():
    text = """Previous Section Index Home Page

3 Mar 2005 : Column 1199W—continued

2003 1,200 2004 1,350

Widget Exports

Mr. Example: To ask the Secretary of State for Trade and Industry how many widgets were exported in 2004. [12345]

Ms Sample: In 2004, 4,000 widgets were exported.
"""
    (answer,) = parse_hansard_text(text)
    assert answer.answer == "In 2004, 4,000 widgets were exported."
    assert answer.heading == "Widget Exports"
    (aside,) = [f for f in answer.flags if f.text == "2003 1,200 2004 1,350"]
    assert aside.kind == FlagKind.OTHER_ANSWER


def test_a_daily_page_without_its_column_headings_takes_the_date_from_its_address():
    bare = "\n".join(line for line in DAILY.splitlines() if ": Column" not in line)
    answers = parse_hansard_text(bare, url=DAILY_URL)
    assert [a.date for a in answers] == [dt.date(2005, 3, 3)] * 2
    assert all(a.house == House.COMMONS for a in answers)
    assert not any(f.kind == FlagKind.ADDRESS_DISAGREES for a in answers for f in a.flags)


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        # the address's day is not the day the column headings print: the page's day is kept
        (DAILY_URL.replace("vo050303", "vo050304"), "the address gives the date 2005-03-04"),
        # a Lords address for a page whose questions are put as the Commons put them
        (LORDS_URL, "the address gives the Lords"),
    ],
)
def test_an_address_that_disagrees_with_the_page_is_reported_and_the_page_kept(url, detail):
    answers = parse_hansard_text(DAILY, url=url)
    assert all(a.date == dt.date(2005, 3, 3) and a.house == House.COMMONS for a in answers)
    details = [f.detail for a in answers for f in a.flags if f.kind == FlagKind.ADDRESS_DISAGREES]
    assert details and all(detail in d for d in details)


def test_only_the_last_answer_on_a_page_can_be_cut_off_by_the_end_of_the_copy():
    page = """Previous Section Index Home Page

3 Mar 2005 : Column 1200W

Widget Referrals

Mr. Example: To ask the Secretary of State for Trade and Industry how many widgets were referred. [12347]

Ms Sample: The referrals were as follows.

Number of referrals Customs 238 Police 166 Councils 57 Total 461

Widget Imports

Mrs. Other: To ask the Secretary of State for Trade and Industry how many widgets were imported. [12348]

Mr. Minister: In 2004, 3,000 widgets were imported through the port of
"""
    first, last = load_answers(page.encode(), filename="page.txt")
    # the table's last row has no full stop, but another answer follows: nothing was cut
    assert first.complete
    assert [c.value for c in first.candidates if c.kind == "figure"] == [238, 166, 57, 461]
    # the page ends mid-sentence: the last answer is an excerpt, its unfinished sentence unread
    assert not last.complete
    assert not [c for c in last.candidates if c.kind == "figure"]


def test_a_copy_given_as_the_first_part_only_cuts_its_last_answer_alone():
    page = """Previous Section Index Home Page

3 Mar 2005 : Column 1200W

Widget Referrals

Mr. Example: To ask the Secretary of State for Trade and Industry how many widgets were referred. [12347]

Ms Sample: There were 461 referrals.

Widget Imports

Mrs. Other: To ask the Secretary of State for Trade and Industry how many widgets were imported. [12348]

Mr. Minister: In 2004, 3,000 widgets were imported.
"""
    for extent, completes in (
        (Extent.EXCERPT, [True, False]),  # the copy ends inside its last answer
        (Extent.COMPLETE, [True, True]),
        (Extent.UNKNOWN, [True, True]),  # both end as whole answers do
    ):
        answers = load_answers(page.encode(), filename="page.txt", extent=extent)
        assert [a.complete for a in answers] == completes
