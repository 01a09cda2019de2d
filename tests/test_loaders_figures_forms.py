"""Figures wherever a reader sees one: each form of writing a figure, in a small invented case, and
the numbers that look like figures but are not. Every figure's value is stated in its own quote
(``commitments.record.numbers.states``) and its quote is a slice of the answer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from commitments.record.model import Registry
from commitments.record.numbers import states
from loaders.extract import extract_candidates
from loaders.figures import figures_in
from loaders.model import ParsedAnswer
from loaders.pipeline import load_answers
from loaders.tagging import Tagger

ANSWERED = dt.date(2009, 4, 21)
FIXTURES = Path(__file__).parent / "fixtures" / "hansard"


def _figures(sentence: str) -> list[tuple[float, str | None]]:
    found = figures_in(sentence, 0, ANSWERED)
    for figure in found:
        assert states(figure.quote, figure.value), figure
        assert sentence[figure.offset : figure.offset + len(figure.quote)] == figure.quote
    return [(figure.value, figure.unit) for figure in found]


def _answer_figures(text: str, complete: bool = True) -> list[tuple[float, str]]:
    answer = ParsedAnswer(source_format="text", answer=text, date=ANSWERED, complete=complete)
    figures = [c for c in extract_candidates(answer).candidates if c.kind == "figure"]
    for figure in figures:
        assert text[figure.offset : figure.offset + len(figure.quote)] == figure.quote
        assert states(figure.quote, figure.value), figure
    return [(figure.value, " ".join(figure.quote.split())) for figure in figures]


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("We shall fund the centre to the tune of £4.5million for the period.", 4_500_000),
        ("The scheme received £1.26m from the fund.", 1_260_000),  # "m" written on
        ("We have invested a total of £4.646 million in the response.", 4_646_000),
        ("This is an additional £58m for victim support.", 58_000_000),
    ],
)
def test_money_with_its_scale_written_on_or_apart(sentence, value):
    assert _figures(sentence) == [(value, "GBP")]


def test_over_before_money_is_a_lower_bound():
    (figure,) = figures_in("The contract is valued at over £300m.", 0, ANSWERED)
    assert figure.value == 300_000_000 and figure.lower_bound


def test_a_number_with_m_but_no_currency_is_not_money():
    assert _figures("The survey covered 4m households.") == []


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        # several figures in one sentence, each with what it counts
        ("There were 12 arrests and four cases are on-going.", [12, 4]),
        ("This involved over 150 officers across 17 countries.", [150, 17]),
        ("Twelve officers and a dozen analysts were posted.", [12, 12]),
        ("Twenty-five women were supported.", [25]),
        # a change: each end of it is a figure for its own date
        ("Operations rose from 188 in December 2016 to 4,114 in December 2021.", [188, 4114]),
        # a count after a report's series number is still a count
        ("Under Operation Alpha 2, 31 victims have returned home.", [31]),
        # quotation marks inside what is counted
        ("It provides 10 additional “step-down” places.", [10]),
    ],
)
def test_several_figures_and_the_words_around_them(sentence, values):
    assert [value for value, _ in _figures(sentence)] == values


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Women receive initial support for four weeks.", 4, "count"),
        ("The average stay in a safe house was 81 days.", 81, "count"),
        ("Victims have a minimum of 45 calendar days of support.", 45, "count"),
        ("Each referral is decided within five working days.", 5, "count"),
        ("The law gives a 30 day reflection period.", 30, "count"),  # a duration before its noun
        ("Victims may be granted one-year residence permits.", 1, "years"),  # "one" as a duration
        ("The Office has signed a two-year funding agreement.", 2, "years"),
    ],
)
def test_durations(sentence, value, unit):
    assert _figures(sentence) == [(value, unit)]


@pytest.mark.parametrize(
    "sentence",
    [
        "In the last two weeks the service was reviewed.",  # period words, not a figure
        "Decisions take one or two months.",  # a guess, not a figure
        "The helpline runs a 24-hour service.",  # a compound word
        "The ICTG service covers two thirds of local authorities.",  # a share, not a count of two
        "The Sexual Offences Act 2003 section 145 applies.",  # a year and a section
        "Offences under s25(1) of the Immigration Act 1971 are charged.",
        "See the answer of 25 October 2016 to question 48814.",  # a date and a question number
    ],
)
def test_numbers_that_are_not_figures(sentence):
    assert _figures(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "counts"),
    [
        ("There have been no convictions yet.", "convictions"),
        ("So far no individuals of foreign origin have been found.", "individuals"),
        ("In 2005 no such offences were recorded.", "offences"),
    ],
)
def test_a_stated_zero_is_a_figure(sentence, counts):
    (figure,) = figures_in(sentence, 0, ANSWERED)
    assert figure.value == 0 and figure.counts.startswith(counts)
    assert states(figure.quote, 0)


@pytest.mark.parametrize(
    "sentence",
    [
        "There are no plans to publish a report.",  # an intention, not a count
        "As it is no offence, there were no figures collected.",  # data not held
        "No one was arrested.",  # "one" is no plural
        "There is no evidence of this.",
    ],
)
def test_no_without_a_count_is_not_a_zero(sentence):
    assert _figures(sentence) == []


TABLE = """The table below sets out the referrals.

Year

Total referred

Reported as

Suspended

2009

534

Adult (385)

2

12

Minor (149)

2

10

2010

712

Adult (525)

6

7

The Government is committed to supporting victims."""


def test_a_table_printed_one_cell_a_line_gives_a_figure_a_cell():
    figures = _answer_figures(TABLE)
    assert [value for value, _ in figures] == [534, 385, 2, 12, 149, 2, 10, 712, 525, 6, 7]
    quotes: dict[float, str] = {}
    for value, quote in figures:
        quotes.setdefault(value, quote)  # the first cell of each value
    assert quotes[534] == "2009 534"  # the year labels the row, and is no figure itself
    assert quotes[385] == "Adult (385)"
    assert quotes[12] == "Adult (385) 2 12"  # quoted from the row's label to the cell


NIL_TABLE = """The number prosecuted, by age.

Age

18-20

-

1

25+

9

-

Total

9

1

- = nil"""


def test_a_lone_dash_is_a_zero_where_the_page_says_so():
    figures = _answer_figures(NIL_TABLE)
    assert [value for value, _ in figures] == [0, 1, 9, 0, 9, 1]
    assert figures[0][1] == "18-20 -"  # an age band labels the row, and is no figure


def test_a_lone_dash_is_nothing_where_the_page_does_not_say_so():
    figures = _answer_figures(NIL_TABLE.replace("- = nil", "Source: the courts."))
    assert [value for value, _ in figures] == [1, 9, 9, 1]


def test_a_table_cut_off_by_an_excerpt_is_read_only_up_to_the_cut():
    text = "The figures are below.\n\nPolice\n\n166\n\nUKBA\n\n238\n\nNHS\n\n1"
    assert [value for value, _ in _answer_figures(text, complete=False)] == [166, 238]


def test_a_table_flattened_into_one_line():
    text = (
        "The referrals were made by the following agencies:\n\n"
        "Number of referrals UKBA 238 Police 166 Local authorities 57 NHS 1 Total 462"
    )
    figures = _answer_figures(text)
    assert [value for value, _ in figures] == [238, 166, 57, 1, 462]
    assert all(quote.endswith(str(int(value))) for value, quote in figures)


def _counts(text: str) -> dict[float, str | None]:
    answer = ParsedAnswer(source_format="text", answer=text, date=ANSWERED, complete=True)
    found: dict[float, str | None] = {}
    for c in extract_candidates(answer).candidates:
        if c.kind == "figure":
            found.setdefault(c.value, c.counts)
    return found


def test_the_value_after_a_year_counts_what_the_column_after_year_names():
    counts = _counts(TABLE)
    assert counts[534] == "Total referred"  # the column after "Year"
    assert counts[712] == "Total referred"
    assert counts[385] == "Adult"  # a row's own label still names the rest
    assert counts[2] == "Adult"  # and the first value after it takes no column heading


def test_a_table_of_years_without_a_year_heading_names_no_column():
    text = TABLE.replace("Year\n\nTotal referred", "Period\n\nTotal referred")
    assert _counts(text)[534] is None  # no heading says the rows are years


def test_a_table_of_years_and_referrals_joins_the_referrals_metric():
    registry = Registry.model_validate(
        {
            "programmes": [{"name": "National Referral Mechanism", "aliases": ["NRM"]}],
            "metrics": [
                {
                    "id": "nrm-referrals",
                    "label": "NRM: referrals",
                    "counts": "referrals made to the National Referral Mechanism",
                    "unit": "count",
                    "programme": "National Referral Mechanism",
                }
            ],
        }
    )
    heading = "Total Number of Potential Victims Referred to National Referral Mechanism (NRM)"
    text = TABLE.replace("Total referred", heading)
    answer = ParsedAnswer(source_format="text", answer=text, date=ANSWERED, complete=True)
    made = extract_candidates(answer, Tagger.of(registry)).candidates
    metrics = {c.value: c.metric for c in made if c.kind == "figure"}
    assert (metrics[534], metrics[712]) == ("nrm-referrals", "nrm-referrals")
    assert metrics[385] is None  # adults referred are not the total


def test_prose_with_several_counts_is_not_read_as_a_flattened_table():
    sentence = "In 2009 there were 534 referrals, 27 minors and 12 adults."
    assert [value for value, _ in _figures(sentence)] == [534, 27, 12]


def test_a_label_and_its_value_on_one_line():
    text = "The staff are below.\n\nHome Office Staff: 225 (181 full time and 44 part time)"
    figures = _answer_figures(text)
    assert [value for value, _ in figures] == [225, 181, 44]


def test_every_figure_from_every_real_page_states_its_value_in_its_quote():
    checked = 0
    pages = [p for p in FIXTURES.rglob("*") if p.suffix in {".txt", ".xml", ".json"}]
    for path in sorted(pages):  # every real page and format sample, in every folder
        for answer in load_answers(path.read_bytes(), filename=path.name):
            for candidate in answer.candidates:
                if candidate.kind != "figure":
                    continue
                checked += 1
                quote = answer.answer[candidate.offset : candidate.offset + len(candidate.quote)]
                assert quote == candidate.quote, candidate
                assert states(candidate.quote, candidate.value), candidate
                if candidate.value_high is not None:
                    assert states(candidate.quote, candidate.value_high), candidate
    assert checked > 100  # the pages in the folders were read too


def test_a_flattened_table_under_a_header_row_of_years():
    sentence = "Suspended referrals 2009 2010 2011 Adult (385) 2 12 7 Minor (149) 2 10 3"
    figures = figures_in(sentence, 0, ANSWERED)
    assert [f.value for f in figures] == [385, 2, 12, 7, 149, 2, 10, 3]  # no year is a figure
    assert figures[3].quote == "Adult (385) 2 12 7"


def test_the_years_a_sum_is_spread_over_are_a_figure():
    sentence = "We extended the funding to £2.4 million over the next two years."
    assert _figures(sentence) == [(2_400_000, "GBP"), (2, "years")]
    # the same words with no sum are period words, not a figure
    assert _figures("Over the next two years the centre will grow.") == []


@pytest.mark.parametrize(
    ("line", "value", "unit"),
    [
        ("Total cost: £3.7 million", 3_700_000, "GBP"),
        ("Share convicted: 12 per cent.", 12, "percent"),
        ("Agency Staff: 3 (all full time)", 3, "count"),
    ],
)
def test_a_label_and_a_value_with_its_unit(line, value, unit):
    assert _figures(line) == [(value, unit)]


@pytest.mark.parametrize(
    "line", ["Funding: 2009", "Staff: 4m", "Ref: PQ HL8459", "Question: 48814", "UIN: 3373"]
)
def test_a_label_and_a_year_or_a_reference_is_no_figure(line):
    assert _figures(line) == []


def test_table_cells_of_money_and_nil():
    text = "The grants were:\n\nPoppy\n\n£1.3 million\n\nKalayaan\n\nnil\n\nTARA\n\n£250,000"
    figures = _answer_figures(text)
    assert [value for value, _ in figures] == [1_300_000, 0, 250_000]
    assert figures[1][1] == "Kalayaan nil"


def test_references_in_a_table_are_labels_not_figures():
    text = (
        "The figures are below.\n\nOffence\n\n2005\n\n2006\n\ns25(1)\n\n209\n\n225\n\n"
        "(1)\n\n1514W\n\nTotal\n\n209\n\n225"
    )
    figures = _answer_figures(text)
    assert [value for value, _ in figures] == [209, 225, 209, 225]
    assert figures[0][1] == "s25(1) 209"  # the section labels the row; no year or column is read


@pytest.mark.parametrize(
    ("sentence", "value", "lower_bound"),
    [
        ("Well over 100,000 individuals have been referred.", 100_000, True),
        ("At least 40 victims were identified.", 40, True),
        ("Funding in excess of £2 million was agreed.", 2_000_000, True),
        ("We will provide up to £280 million per year.", 280_000_000, False),  # a most, not a least
    ],
)
def test_bounds(sentence, value, lower_bound):
    (figure,) = figures_in(sentence, 0, ANSWERED)
    assert (figure.value, figure.lower_bound) == (value, lower_bound)
    assert states(figure.quote, value)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("The unit has a 100 per cent. conviction rate.", 100),
        ("This is an increase of 9% on last year.", 9),
        ("SOCA deployed 11 per cent. of its resource against trafficking.", 11),
    ],
)
def test_percentages(sentence, value):
    assert _figures(sentence) == [(value, "percent")]


def test_a_zero_in_a_list_after_there_were():
    assert _figures("There were 12 arrests and no convictions.") == [(12, "count"), (0, "count")]
    assert _figures("There were 12 arrests and no plans to charge.") == [(12, "count")]
