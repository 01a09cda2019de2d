"""Answers since 2014 as the service, TheyWorkForYou, Parallel Parliament and the API-id mirror
render them: each case is invented text in the rendering's shape."""

from __future__ import annotations

import datetime as dt

import pytest

from commitments.record.model import FlagKind, House
from loaders.citations import read_page_address
from loaders.model import ParsedAnswer
from loaders.modern_pages import detect_modern_rendering, parse_modern_page
from loaders.pipeline import load_answers


def _furniture(answer: ParsedAnswer) -> list[str]:
    return [f.text or "" for f in answer.flags if f.kind == FlagKind.FURNITURE]


def _one(text: str, url: str | None = None) -> ParsedAnswer:
    answers = parse_modern_page(text, url=url)
    assert answers is not None and len(answers) == 1
    return answers[0]


WQ_SERVICE = """Skip to main content

Badgers: Licensing

Question for Home Office

UIN 12345, tabled on 3 March 2020

To ask the Secretary of State for the Home Department, how many badger licences were issued.

This answer is the replacement for a previous holding answer.

Answered on

10 March 2020

Some 42 licences were issued in 2019.

We will publish the 2020 figures in the spring.

Answered by

Home Office
Named day
Named day questions only occur in the House of Commons. They are
"""


def test_the_service_page_gives_uin_dates_body_and_the_answer_alone():
    url = "https://questions-statements.parliament.uk/written-questions/detail/2020-03-03/12345/"
    answer = _one(WQ_SERVICE, url)
    assert answer.source_format == "text:wq-service"
    assert answer.uins == ("12345",)
    assert answer.date == dt.date(2020, 3, 10)
    assert answer.date_tabled == dt.date(2020, 3, 3)
    assert answer.house == House.COMMONS
    assert answer.department == "Home Office"
    assert answer.minister is None  # a body, not a person, is printed under "Answered by"
    assert answer.heading == "Badgers: Licensing"
    assert answer.question.startswith("To ask the Secretary of State")
    assert answer.answer == (
        "Some 42 licences were issued in 2019.\n\nWe will publish the 2020 figures in the spring."
    )
    assert FlagKind.HOLDING_ANSWER in answer.flag_kinds()
    assert "Named day" in _furniture(answer) and "Skip to main content" in _furniture(answer)


def test_the_service_page_without_uin_takes_it_and_the_date_tabled_from_the_address():
    text = WQ_SERVICE.replace("UIN 12345, tabled on 3 March 2020\n", "")
    url = "https://questions-statements.parliament.uk/written-questions/detail/2020-03-03/HL999/"
    answer = _one(text, url)
    assert answer.uins == ("HL999",)
    assert answer.date_tabled == dt.date(2020, 3, 3)


def test_an_address_that_disagrees_with_the_page_is_flagged_and_the_page_kept():
    url = "https://questions-statements.parliament.uk/written-questions/detail/2020-03-04/12346/"
    answer = _one(WQ_SERVICE, url)
    assert answer.uins == ("12345",) and answer.date_tabled == dt.date(2020, 3, 3)
    details = [f.detail for f in answer.flags if f.kind == FlagKind.ADDRESS_DISAGREES]
    assert any("12346" in d for d in details) and any("2020-03-04" in d for d in details)


TWFY_MODERN = """Badgers: Licensing

Home Office written question – answered at on 10 March 2020.

Alert me about debates like this

Photo of Ann Example Ann Example Labour, Somewhere North

To ask the Secretary of State for the Home Department, how many badger licences were issued.

Photo of Bob Minister Bob Minister The Parliamentary Under-Secretary of State (Home Office)

Some 42 licences were issued in 2019.

Does this answer the above question?

Yes2 people think so

No0 people think not

Would you like to ask a question like this yourself? Use our Freedom of Information site.
"""


def test_theyworkforyou_since_2014_names_people_not_their_offices():
    url = "https://www.theyworkforyou.com/wrans/?id=2020-03-03.12345.h&s=speaker%3A1"
    answer = _one(TWFY_MODERN, url)
    assert answer.source_format == "text:twfy-modern"
    assert (answer.asker, answer.minister) == ("Ann Example", "Bob Minister")
    assert answer.date == dt.date(2020, 3, 10)
    assert answer.date_tabled == dt.date(2020, 3, 3) and answer.uins == ("12345",)
    assert answer.department == "Home Office"
    assert answer.answer == "Some 42 licences were issued in 2019."
    assert "Does this answer the above question?" in _furniture(answer)


def test_theyworkforyou_before_2014_is_left_to_the_historic_reader():
    old = TWFY_MODERN.replace("10 March 2020", "4th May 2004")
    assert (
        parse_modern_page(old, url="https://www.theyworkforyou.com/wrans/?id=2004-05-04a.107.3")
        is None
    )


PARALLEL_QUESTION = """Badgers

(asked on 3rd March 2020) - View Source

Question to the Department for Environment, Food and Rural Affairs:

To ask Her Majesty's Government how many badger licences were issued in 2019.


Answered by
Baroness Example of Somewhere Portrait
Baroness Example of Somewhere
Shadow Minister (Culture)
This question was answered on 10th March 2020

Some 42 licences were issued in 2019.

Reticulating Splines
"""


def test_a_parallel_parliament_page_sets_aside_the_site_s_description_of_the_minister():
    url = "https://www.parallelparliament.co.uk/question/HL999/badgers"
    answer = _one(PARALLEL_QUESTION, url)
    assert answer.source_format == "text:parallel-question"
    assert answer.minister == "Baroness Example of Somewhere"
    assert answer.uins == ("HL999",) and answer.house == House.LORDS
    assert answer.date == dt.date(2020, 3, 10) and answer.date_tabled == dt.date(2020, 3, 3)
    assert answer.department == "Department for Environment, Food and Rural Affairs"
    assert (
        answer.question
        == "To ask Her Majesty's Government how many badger licences were issued in 2019."
    )
    assert answer.answer == "Some 42 licences were issued in 2019."
    furniture = _furniture(answer)
    assert "Shadow Minister (Culture)" in furniture and "Reticulating Splines" in furniture
    assert "This question was answered on 10th March 2020" in furniture


def test_a_bare_parallel_parliament_page_keeps_the_question_out_of_the_answer():
    text = (
        "Question to the Home Office:\n"
        "To ask the Secretary of State for the Home Department, how many badgers there are.\n"
        "There are 12 badgers.\n"
        "We will count them again next year.\n"
    )
    answer = _one(text, "https://www.parallelparliament.co.uk/question/4321/badgers")
    assert answer.question.endswith("how many badgers there are.")
    assert answer.answer == "There are 12 badgers.\n\nWe will count them again next year."
    assert answer.uins == ("4321",) and answer.date is None
    assert FlagKind.MISSING_DATE in answer.flag_kinds()


PARALLEL_LISTING = """To match an exact phrase, use quotation marks around the search term.

Written Question
Badgers
Monday 9th March 2020

Asked by: Ann Example (Labour - Somewhere North)

Question to the Home Office:

To ask the Secretary of State for the Home Department, how many badgers were seen in 2019.

Answered by Bob Minister - Shadow Minister (Women)

Some 42 badgers were seen
in 2019.


Written Question
Foxes
Tuesday 10th March 2020

Asked by: Ann Example (Labour - Somewhere North)

Question to the Home Office:

To ask the Secretary of State for the Home Department, how many foxes were seen in 2019.

Answered by Bob Minister

Some 7 foxes were se
"""


def test_a_listing_gives_each_answer_apart_with_its_own_date_and_names():
    answers = parse_modern_page(PARALLEL_LISTING, url="https://www.parallelparliament.co.uk/x")
    assert answers is not None and len(answers) == 2
    first, second = answers
    assert first.heading == "Badgers" and second.heading == "Foxes"
    assert first.date == dt.date(2020, 3, 9) and second.date == dt.date(2020, 3, 10)
    assert first.asker == "Ann Example" and first.minister == "Bob Minister"
    assert first.answer == "Some 42 badgers were seen in 2019."  # a wrapped line rejoined
    assert "(Labour - Somewhere North)" in _furniture(first)
    assert "Shadow Minister (Women)" in _furniture(first)
    assert second.answer == "Some 7 foxes were se" and not second.complete
    assert all(a.source_format == "text:parallel-listing" for a in answers)


MIRROR = """PARLIAMENTARY WRITTEN QUESTION
Badgers (3 March 2020)

Question Asked

To ask the Secretary of State for the Home Department, how many badgers were seen in 2019.

Asked by:
Ann Example (Labour)

Answer

Some 42 badgers were seen in 2019.

Answered by:
Bob Minister (Labour)
10 March 2020

Contains Parliamentary information licensed under the Open Parliament Licence v3.0.
"""


def test_the_api_id_mirror_gives_the_api_id_and_both_dates():
    answer = _one(MIRROR, "https://streetguide.co.uk/parliament/written/1234567/5210")
    assert answer.source_format == "text:api-id-mirror"
    assert answer.api_id == "1234567"
    assert answer.date == dt.date(2020, 3, 10) and answer.date_tabled == dt.date(2020, 3, 3)
    assert (answer.asker, answer.minister) == ("Ann Example", "Bob Minister")
    assert answer.department == "Home Office"  # from the question's addressee
    assert answer.answer == "Some 42 badgers were seen in 2019."
    assert answer.to_dict()["api_id"] == "1234567"
    assert answer.to_dict()["date_tabled"] == "2020-03-03"


def test_a_table_printed_a_cell_a_paragraph_keeps_its_cells_as_printed():
    text = PARALLEL_QUESTION.replace(
        "Some 42 licences were issued in 2019.\n",
        "The table gives the licences.\n\nYear\n\nLicences\n\n2018\n\n40\n",
    )
    answer = _one(text)
    assert answer.answer == "The table gives the licences.\n\nYear\n\nLicences\n\n2018\n\n40"


@pytest.mark.parametrize(
    "text",
    [
        "HC Deb 08 July 2002 vol 388 cc741-2W\n\nMr. Spring\n\nTo ask the Secretary of State "
        "for the Home Department how many… [65708]\n\nBeverley Hughes\n\nNine.\n",
        "§ Beverley HughesWe set out our plans.\n",
        "",
    ],
)
def test_text_of_no_modern_rendering_is_not_taken(text):
    assert detect_modern_rendering(text) is None
    assert parse_modern_page(text, url=None) is None


@pytest.mark.parametrize(
    ("url", "uin", "tabled", "house", "api_id"),
    [
        (
            "https://questions-statements.parliament.uk/written-questions/detail/2021-10-19/58924/",
            "58924", dt.date(2021, 10, 19), House.COMMONS, None,
        ),
        (
            "https://www.theyworkforyou.com/wrans/?id=2024-08-30.3373.h&s=speaker%3A25364",
            "3373", dt.date(2024, 8, 30), House.COMMONS, None,
        ),
        (
            "https://parallelparliament.co.uk/question/HL5475/slavery",
            "HL5475", None, House.LORDS, None,
        ),
        ("https://streetguide.co.uk/parliament/written/1728247/5210", None, None, None, "1728247"),
    ],
)  # fmt: skip
def test_addresses_since_2014_give_uin_date_tabled_house_and_api_id(
    url, uin, tabled, house, api_id
):
    address = read_page_address(url)
    assert (address.uin, address.date_tabled, address.house, address.api_id) == (
        uin, tabled, house, api_id,
    )  # fmt: skip
    assert address.date is None  # never the date answered


def test_an_old_theyworkforyou_address_still_gives_the_date_answered_and_column():
    address = read_page_address("https://www.theyworkforyou.com/wrans/?id=2004-05-04a.107.3")
    assert (address.date, address.column, address.date_tabled) == (dt.date(2004, 5, 4), 107, None)


def test_grouped_questions_on_theyworkforyou_keep_every_asker_and_the_minister_apart():
    text = TWFY_MODERN.replace(
        "Photo of Bob Minister",
        "Photo of Cal Other Cal Other Conservative, Elsewhere\n\n"
        "To ask the Secretary of State for the Home Department, how many setts there are.\n\n"
        "Photo of Bob Minister",
    )
    answer = _one(text)
    assert answer.asker == "Ann Example, Cal Other"
    assert answer.minister == "Bob Minister"
    assert "how many setts there are." in answer.question
    assert answer.answer == "Some 42 licences were issued in 2019."


def test_a_minister_named_on_the_service_page_is_the_name_not_the_office():
    text = WQ_SERVICE.replace(
        "Answered by\n\nHome Office\n",
        "Answered by\n\nLord Example of Place\nParliamentary Under-Secretary (Home Office)\n",
    )
    answer = _one(text)
    assert answer.minister == "Lord Example of Place"
    assert answer.department == "Home Office"  # "Question for Home Office"
    assert "Parliamentary Under-Secretary (Home Office)" in _furniture(answer)


@pytest.mark.parametrize(
    ("printed", "minister"),
    [
        ("Parliamentary Under-Secretary (Home Office)", None),  # a role line, no name
        ("NRM", None),  # an acronym
        ("Conservative", None),  # a party
        ("Jane Example", "Jane Example"),
    ],
)
def test_the_answered_by_line_of_a_listing_gives_a_person_or_nothing(printed, minister):
    text = PARALLEL_LISTING.replace(
        "Answered by Bob Minister - Shadow Minister (Women)", "Answered by " + printed
    )
    answers = parse_modern_page(text, url=None)
    assert answers is not None
    assert answers[0].minister == minister
    if minister is None:
        assert FlagKind.MISSING_MINISTER in answers[0].flag_kinds()


def test_the_service_page_names_the_asker_and_sets_aside_the_party_line():
    text = WQ_SERVICE.replace(
        "Question for Home Office\n",
        "Asked by\n\nAnn Example\nLabour, Somewhere North\n\nQuestion for Home Office\n",
    )
    answer = _one(text)
    assert answer.asker == "Ann Example"
    assert "Labour, Somewhere North" in _furniture(answer)
    assert answer.answer.startswith("Some 42 licences")


def test_load_answers_reads_a_modern_page_through_the_text_parser():
    answers = load_answers(
        MIRROR.encode("utf-8"), url="https://streetguide.co.uk/parliament/written/1234567/5210"
    )
    assert [a.source_format for a in answers] == ["text:api-id-mirror"]
    assert answers[0].api_id == "1234567"
    assert not any("PARLIAMENTARY" in c.quote for c in answers[0].candidates)
