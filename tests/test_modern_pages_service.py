"""Saved pages of answers since 2014 draft as answers of the Written Questions service.

Each real page in ``answers-since-2014/`` is read with its address (the hand label's
``address:``), as a user would give it. An answer carries the service's ``written_question`` and
is cited by what its page and address give, saying what they do not (a listing prints no UIN; a
cut copy no date answered); one that gives no date to cite it by, or a UIN without its date
tabled, is never drafted, and the refusal names what is missing. Nothing is written to
``data/``: drafts are checked in a copy of a small valid folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from commitments.folder.reading import read_registry
from commitments.record.model import FlagKind, SourceKind
from loaders import review
from loaders.drafts import DraftError, build_drafts
from tests.baseline import fresh, write_dataset

FIXTURES = Path(__file__).parent / "fixtures" / "hansard"
PAGES = sorted((FIXTURES / "answers-since-2014").glob("*.txt"))
LISTING = FIXTURES / "answers-since-2014/2015-02-23_HC_randall-listing.txt"
SERVICE_PAGE = "https://questions-statements.parliament.uk/written-questions/detail"


def address_of(page: Path) -> str:
    label = yaml.safe_load((FIXTURES / "labels" / f"{page.stem}.yaml").read_text("utf-8"))
    return label["address"]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    return write_dataset(tmp_path_factory.mktemp("service") / "data", fresh())


@pytest.fixture(scope="module")
def registry(baseline):
    found, problems, valid = read_registry(baseline)
    assert valid and problems == []
    return found


def read_page(page: Path, registry):
    return review.read_answers(
        page.read_bytes(), registry, filename=page.name, url=address_of(page)
    )


def test_every_page_since_2014_is_read_as_the_services_answers(registry):
    assert len(PAGES) == 23  # a broken glob must not pass by finding nothing
    for page in PAGES:
        answers = read_page(page, registry)
        assert answers, page.name
        assert {a.kind for a in answers} == {SourceKind.SERVICE}, page.name


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_a_page_drafts_cited_by_its_uin_and_dates_or_says_what_it_lacks(page, registry, baseline):
    for answer in read_page(page, registry):
        asked = answer.written_question
        if asked is None:
            # never a Hansard citation it was not printed with, and never a draft
            assert answer.citation is None
            missing = review.missing_for_drafts(answer)
            assert missing and "column" not in missing
            with pytest.raises(DraftError, match="not known"):
                build_drafts(answer)
            continue
        kinds = answer.flag_kinds()
        if answer.uins:
            assert answer.citation.startswith(f"UIN {answer.uins[0]}, tabled ")
            assert asked.url == f"{SERVICE_PAGE}/{asked.date_tabled}/{answer.uins[0]}"
            assert answer.url == asked.url
        else:
            # what the copy does not print is said, never filled in
            assert answer.citation.startswith("Written question (UIN not printed")
            assert FlagKind.MISSING_UIN in kinds and asked.url is None
        if FlagKind.MISSING_DATE in kinds:
            assert answer.citation.endswith("date answered not printed")
            assert answer.date == asked.date_tabled
        files = build_drafts(answer)
        drafted = yaml.safe_load(files[f"answers/{answer.id}.yaml"])
        assert "citation_parts" not in drafted and drafted["column_breaks"] == []
        assert review.check(files, baseline).problems == [], page.name


def test_twenty_one_of_the_twenty_four_answers_carry_the_service_block(registry):
    # measured: three Parallel Parliament question pages print no date at all (their
    # addresses give the UIN alone), so they are refused until a date is given
    answers = [a for page in PAGES for a in read_page(page, registry)]
    cited = [a for a in answers if a.written_question is not None]
    assert (len(cited), len(answers)) == (21, 24)
    refused = [a for a in answers if a.written_question is None]
    assert [review.missing_for_drafts(a) for a in refused] == [["date", "date tabled"]] * 3


def test_the_services_own_page_is_cited_as_the_service_cites_it(registry, baseline):
    (answer,) = read_page(FIXTURES / "answers-since-2014/2021-10-25_HC_58924.txt", registry)
    assert answer.citation == "UIN 58924, tabled 19 October 2021, answered 25 October 2021"
    asked = answer.written_question
    assert asked.answering_body == "Home Office"  # "Question for Home Office"
    # the page names neither member: null, never guessed
    assert asked.asking_member is None and asked.answering_member is None
    drafted = yaml.safe_load(build_drafts(answer)["answers/hc-2021-10-25-58924.yaml"])
    assert drafted["written_question"]["date_tabled"] == dt.date(2021, 10, 19)
    assert drafted["written_question"]["date_answered"] == dt.date(2021, 10, 25)


def test_a_lords_page_keeps_its_members_as_printed(registry):
    (answer,) = read_page(FIXTURES / "answers-since-2014/2021-02-23_HL_HL13164.txt", registry)
    assert answer.citation == "UIN HL13164, tabled 9 February 2021, answered 23 February 2021"
    assert answer.written_question.answering_member == "Baroness Williams of Trafford"


def test_a_listing_page_is_cited_saying_it_prints_no_uin(registry, baseline):
    answers = read_page(LISTING, registry)
    assert len(answers) == 2
    for answer in answers:
        assert answer.citation == "Written question (UIN not printed), answered 23 February 2015"
        assert answer.written_question.date_tabled is None  # not printed: never guessed
        drafted = yaml.safe_load(build_drafts(answer)[f"answers/{answer.id}.yaml"])
        assert drafted["written_question"]["uins"] == []
        assert any(flag["kind"] == "missing_uin" for flag in drafted["flags"])
    assert [a.id for a in answers] == ["hc-2015-02-23-human-trafficking", "hc-2015-02-23-slavery"]


def test_the_api_id_mirror_is_cited_by_its_service_id_when_no_uin_is_printed(registry):
    (answer,) = read_page(FIXTURES / "answers-since-2014/2024-09-17_HC_4815.txt", registry)
    assert answer.api_id == "1728247" and answer.date_tabled == dt.date(2024, 9, 9)
    assert answer.citation == (
        "Written question (UIN not printed; service id 1728247), tabled 9 September 2024, "
        "answered 17 September 2024"
    )


def test_a_copy_without_its_date_answered_is_placed_at_its_date_tabled_and_says_so(
    registry, baseline
):
    page = FIXTURES / "answers-since-2014/date-unknown_HC_72652.txt"
    (refused,) = read_page(page, registry)  # the address gives the UIN, no date
    with pytest.raises(DraftError, match="date and date tabled are not known"):
        build_drafts(refused)
    (answer,) = review.read_answers(
        page.read_bytes(), registry, filename=page.name, url=f"{SERVICE_PAGE}/2025-08-29/72652/"
    )
    assert answer.citation == "UIN 72652, tabled 29 August 2025, date answered not printed"
    assert answer.date == dt.date(2025, 8, 29) and answer.id == "hc-2025-08-29-72652"
    files = build_drafts(answer)
    drafted = yaml.safe_load(files["answers/hc-2025-08-29-72652.yaml"])
    assert drafted["written_question"]["date_answered"] is None
    assert review.check(files, baseline).problems == []


def test_the_service_address_given_with_a_page_of_one_answer_makes_it_draftable(registry):
    # the address is evidence: it gives the UIN and date tabled the page does not print
    page = FIXTURES / "answers-since-2014/2024-09-17_HC_4815.txt"
    (answer,) = review.read_answers(
        page.read_bytes(), registry, filename=page.name, url=f"{SERVICE_PAGE}/2024-09-09/4815/"
    )
    assert answer.citation == "UIN 4815, tabled 9 September 2024, answered 17 September 2024"


def test_the_facts_table_shows_the_date_tabled_of_a_service_answer(registry):
    (answer,) = read_page(FIXTURES / "answers-since-2014/2021-10-25_HC_58924.txt", registry)
    facts = dict(review.facts(answer).itertuples(index=False))
    assert facts["Date tabled"] == "19 October 2021"
    assert facts["Published in"] == "Written Questions service"
    assert "Columns" not in facts  # a service answer has none


def test_a_listing_answer_says_its_date_tabled_is_not_printed(registry):
    answer = read_page(LISTING, registry)[0]
    facts = dict(review.facts(answer).itertuples(index=False))
    assert facts["Date tabled"] == "not printed"
    assert facts["Citation"] == "Written question (UIN not printed), answered 23 February 2015"


def test_the_sources_table_marks_which_answers_are_the_services(tmp_path):
    from app.selection import sources_table
    from commitments.folder.load import load_dataset
    from commitments.tables.build import build_tables
    from commitments.tables.filters import Filters
    from commitments.tables.view import build_view
    from tests.baseline import with_written_answer

    dataset = load_dataset(write_dataset(tmp_path / "data", with_written_answer()))
    assert dataset.problems == []
    view = build_view(build_tables(dataset), dataset.lookup, Filters())
    kinds = sources_table(view).set_index("id")["Kind"]
    assert kinds["hc-2024-01-10-7926"] == "Written Questions service"
    assert kinds["hc-2002-07-08-65708"] == "printed Hansard"
