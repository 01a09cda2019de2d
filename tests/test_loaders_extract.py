"""Candidate figures and commitments: what is a figure, what it counts, its period; what is a
commitment and when it is due. Sentences are quoted from the real answers in the fixtures unless
a comment says otherwise."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commitments.record.model import House, Registry
from loaders.commitment_candidates import commitments_in
from loaders.extract import extract_candidates, verbatim
from loaders.figures import figures_in
from loaders.hansard_text import parse_hansard_text
from loaders.model import ParsedAnswer
from loaders.periods import find_due
from loaders.tagging import Tagger

FIXTURES = Path(__file__).parent / "fixtures" / "hansard"
ANSWERED = dt.date(2003, 3, 5)


def figures(sentence: str, answered: dt.date = ANSWERED, context: str = ""):
    return figures_in(sentence, 0, answered, context)


FIGURES = [
    # (sentence, [(value, value_high, unit, lower_bound, period words)])
    (
        "The UK has posted nine Immigration Liaison Officers to disrupt trafficking.",
        [(9, None, "count", False, None)],
    ),
    (
        (
            "Since April 2001 this has resulted in the disruption of 14 "
            "trafficking organisations and 67 arrests."
        ),
        [
            (14, None, "count", False, "Since April 2001"),
            (67, None, "count", False, "Since April 2001"),
        ],
    ),
    (
        "We have provided a total of £200,000 to fund various local anti-trafficking projects.",
        [(200_000, None, "GBP", False, None)],
    ),
    (
        (
            "Reflex activity in 2003–04 resulted in the disruption of 42 criminal "
            "groups and has identified £3 million of assets for confiscation "
            "and/or seizure."
        ),
        [(42, None, "count", False, "in 2003–04"), (3_000_000, None, "GBP", False, "in 2003–04")],
    ),
    (
        (
            "Project Immpact has reduced the flow of illegal migrants through "
            "Sarejevo airport by 90 per cent."
        ),
        [(90, None, "percent", False, None)],
    ),
    # The last six months for the first two; "currently" for the third, a lower bound.
    (
        (
            "In the last six months alone, Reflex has had 27 operations which have "
            "reached the arrest phase, 16 organised crime groups have been "
            "disrupted and over 60 operations are currently underway."
        ),
        [
            (27, None, "count", False, "In the last six months"),
            (16, None, "count", False, "In the last six months"),
            (60, None, "count", True, "currently"),
        ],
    ),
    (
        (
            "This estimated that anything between 140 and 1,400 were trafficked "
            "annually into the UK for purposes of sexual exploitation."
        ),
        [(140, 1400, "people_per_year", False, "annually")],
    ),
    (
        (
            "An offence of trafficking for the purposes of prostitution, carrying "
            "a maximum penalty of 14 years, was introduced in the Nationality, "
            "Immigration and Asylum Act 2002."
        ),
        [(14, None, "years", False, None)],
    ),
    (
        (
            "Since April 2003, there have been 14 significant disruptions (26 in "
            "total) and from these 37 convictions for related offences."
        ),
        [
            (14, None, "count", False, "Since April 2003"),
            (26, None, "count", False, "Since April 2003"),
            (37, None, "count", False, "Since April 2003"),
        ],
    ),
    (
        (
            "The National Criminal Intelligence Service manages an expanding "
            "network of Immigration Liaison Officers (currently 12) operating in "
            "key overseas posts."
        ),
        [(12, None, "count", False, "currently")],
    ),
    (
        (
            "UK and EU experts assist the EU STOP teams in Bosnia which have "
            "identified 185 victims of trafficking involved in prostitution over "
            "the past year."
        ),
        [(185, None, "count", False, "over the past year")],
    ),
    # From the Written Questions API sample.
    (
        (
            "£4.5 million of grant allocations have been awarded, and 97% (£4.3 "
            "million) of the grant allocations have been spent."
        ),
        [
            (4_500_000, None, "GBP", False, None),
            (97, None, "percent", False, None),
            (4_300_000, None, "GBP", False, None),
        ],
    ),
    # From the parlparse sample: a date in front of a count, and per cent with a full stop.
    (
        "In July 2009 2,350 cattle in GB were slaughtered as TB reactors or inconclusive reactors.",
        [(2350, None, "count", False, "In July 2009")],
    ),
    (
        (
            "In particular, 89 per cent. of Sites of Special Scientific Interest "
            "are now in favourable or recovering condition."
        ),
        [(89, None, "percent", False, None)],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), FIGURES, ids=[f[0][:40] for f in FIGURES])
def test_figures_with_their_unit_bound_and_period(sentence, expected):
    got = [
        (c.value, c.value_high, c.unit, c.lower_bound, c.period.words if c.period else None)
        for c in figures(sentence)
    ]
    assert got == expected


NOT_FIGURES = [
    # Cross-references and labels.
    (
        'A Home Office research study, "Stopping Traffic" (Police Research Series 125, '
        "published in 2000), indicated that there was intelligence."
    ),
    (
        "Further to the Written Answer about Project Reflex by Lord Rooker on "
        "9 January (WA 115), whether they will distinguish them."
    ),
    (
        "The Act received Royal Assent in November last year, and sections 145 "
        "and 146 of it came into force on 10 February 2003."
    ),
    (
        "In particular, two projects (Impact 1 and 2) developed the capacity of border guards."
    ).replace("two projects ", ""),
    (
        'As set out in chapter 5 of the White Paper "Secure Borders, Safe Haven", the '
        "Government are looking at support."
    ),
    # Years, dates and a title's year.
    "In 2000 we set up Reflex, our multi-agency task force on organised immigration crime.",
    "On 10 March this year, we launched a pilot scheme in the London area.",
    (
        'The White Paper "Secure Borders, Safe Haven"—published in February 2002—sets '
        "out our general proposals."
    ),
    # A count with nothing counted describes rather than measures.
    (
        "This strategy recognises the need for a multi-faceted response and is "
        "a four pronged approach."
    ),
    # Question and column numbers.
    "To ask the Secretary of State for the Home Department if he will make a statement. [99443]",
    "HC Deb 05 March 2003 vol 400 cc1075-6W",
    # Constructed: a label followed by a plural noun is still a label.
    "Impact 1 and 2 projects trained border guards under Part 4 powers.",
    # Period words are not figures.
    "The information is given for each of the last five years for which figures are available.",
    "The Asylum and Immigration Bill was published on 27 November 2003 at 10.30 am.",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES, ids=[s[:40] for s in NOT_FIGURES])
def test_labels_dates_and_references_are_not_figures(sentence):
    assert figures(sentence) == []


def test_a_yearly_estimate_of_people_reads_what_it_counts_from_the_sentence_before():
    context = (
        "There was intelligence to suggest that some women and children are trafficked into the UK."
    )
    (figure,) = figures("This was estimated at between 140 and 1,400 per year.", context=context)
    assert (figure.value, figure.value_high, figure.unit) == (140, 1400, "people_per_year")
    assert figure.counts.startswith("some women and children trafficked")
    assert figure.period.words == "per year" and figure.basis == "within_period"


def test_counts_name_what_is_counted():
    sentence = (
        "Reflex has had 27 operations which have reached the arrest phase, 16 "
        "organised crime groups have been disrupted."
    )
    assert [c.counts for c in figures(sentence)] == [
        "operations which have reached the arrest phase",
        "organised crime groups",
    ]


@pytest.mark.parametrize(
    ("words", "start", "end", "basis"),
    [
        (
            "Since April 2001 there have been 67 arrests.",
            dt.date(2001, 4, 1),
            ANSWERED,
            "cumulative",
        ),
        (
            "In the last six months there have been 27 arrests.",
            dt.date(2002, 9, 5),
            ANSWERED,
            "within_period",
        ),
        (
            "In 2003–04 there were 42 arrests.",
            dt.date(2003, 4, 1),
            dt.date(2004, 3, 31),
            "within_period",
        ),
        (
            "In 2002 there were 42 arrests.",
            dt.date(2002, 1, 1),
            dt.date(2002, 12, 31),
            "within_period",
        ),
        ("There are currently 12 officers.", ANSWERED, ANSWERED, "point_in_time"),
    ],
)
def test_period_words_resolve_against_the_answer_date(words, start, end, basis):
    (figure,) = figures(words)
    assert (figure.period.start, figure.period.end, figure.basis) == (start, end, basis)


COMMITMENTS = [
    # (sentence, stage, due words, due start, due end); answered 4 November 2002.
    (
        (
            "We are developing support arrangements for victims in co-operation "
            "with the voluntary sector and plan to establish a pilot scheme next "
            "year."
        ),
        "announced",
        "next year",
        dt.date(2003, 1, 1),
        dt.date(2003, 12, 31),
    ),
    (
        (
            "We are developing support arrangements for victims and will be "
            "launching a pilot scheme for victims of trafficking shortly."
        ),
        "announced",
        "shortly",
        dt.date(2002, 11, 4),
        None,
    ),
    (
        (
            "The Danish presidency will promote an EU-wide project against the "
            "trafficking of women in the second half of this year."
        ),
        "announced",
        "in the second half of this year",
        dt.date(2002, 7, 1),  # what the words mean, though said in November
        dt.date(2002, 12, 31),
    ),
    # The issue's own example of due words with a month.
    (
        "We anticipate these offences coming into force in May 2004.",
        "announced",
        "in May 2004",
        dt.date(2004, 5, 1),
        dt.date(2004, 5, 31),
    ),
    (
        "A third team is to be established shortly.",
        "announced",
        "shortly",
        dt.date(2002, 11, 4),
        None,
    ),
    (
        (
            "It is intended that any victim support measures should be available "
            "in due course for all victims of trafficking."
        ),
        "announced",
        "in due course",
        dt.date(2002, 11, 4),
        None,
    ),
    ("We are developing a best practice toolkit on trafficking.", "in_progress", None, None, None),
    (
        (
            "We co-operate directly or through Europol with EU law enforcement "
            "agencies and those in EU accession states."
        ),
        "in_progress",
        None,
        None,
        None,
    ),
    (
        ("A pilot scheme to support victims of trafficking has been running since March 2003."),
        "in_progress",
        None,
        None,
        None,
    ),
    (
        ("On 10 March this year, we launched a pilot scheme in the London area."),
        "delivered",
        None,
        None,
        None,
    ),
    (
        (
            "The Government have also recently published a trafficking toolkit, "
            "which will be a best practice guide."
        ),
        "delivered",
        None,
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("sentence", "stage", "words", "start", "end"),
    COMMITMENTS,
    ids=[c[0][:40] for c in COMMITMENTS],
)
def test_commitments_with_their_stage_and_due_date(sentence, stage, words, start, end):
    (candidate,) = commitments_in(sentence, 0, dt.date(2002, 11, 4))
    assert candidate.stage == stage
    if words is None:
        assert candidate.due is None
    else:
        assert (candidate.due.words, candidate.due.start, candidate.due.end) == (words, start, end)


@pytest.mark.parametrize(
    "sentence",
    [
        "Forming an accurate estimate of the levels of trafficking in people is problematic.",
        "There is currently no accurate, reliable data in existence within the United Kingdom.",
        (
            "The report concluded that there was no evidence to suggest that this "
            "was on a large scale."
        ),
        "In 2000 we set up Reflex, our multi-agency task force on organised immigration crime.",
    ],
)
def test_statements_of_fact_are_not_commitments(sentence):
    assert commitments_in(sentence, 0, dt.date(2002, 11, 4)) == []


def test_a_past_year_is_not_a_due_date():
    assert find_due("The offence was created in 2002.", dt.date(2003, 3, 5)) is None


REGISTRY = Tagger.of(
    Registry.model_validate(
        {
            "programmes": [
                {"name": "Reflex", "aliases": ["Project Reflex"]},
                {"name": "Immpact", "aliases": ["Project Immpact"]},
            ],
            "agencies": [{"name": "Europol"}, {"name": "National Crime Squad", "aliases": ["NCS"]}],
            "metrics": [
                {
                    "id": "reflex-arrests",
                    "label": "Reflex: arrests",
                    "counts": "people arrested through Reflex",
                    "unit": "count",
                    "programme": "Reflex",
                },
                {
                    "id": "reflex-groups-disrupted",
                    "label": "Reflex: groups disrupted",
                    "counts": "criminal groups disrupted through Reflex",
                    "unit": "count",
                    "programme": "Reflex",
                },
            ],
        }
    )
)


def answer_of(text: str) -> ParsedAnswer:
    return ParsedAnswer(source_format="test", house=House.COMMONS, date=ANSWERED, answer=text)


def test_candidates_are_tagged_through_aliases_and_given_a_metric():
    text = (
        "We are working through Project Reflex with Europol and the NCS. "
        "Since April 2001 this has resulted in the disruption of 14 criminal groups and 67 arrests."
    )
    answer = extract_candidates(answer_of(text), REGISTRY)
    by_value = {c.value: c for c in answer.candidates if c.kind == "figure"}
    assert by_value[67].programmes == ("Reflex",)  # "this" refers back to Project Reflex
    assert by_value[67].agencies == ("Europol", "National Crime Squad")
    assert by_value[67].metric == "reflex-arrests"
    assert by_value[14].metric == "reflex-groups-disrupted"


def test_a_lower_case_word_is_not_a_one_word_name():
    text = "The police reflex was to arrest 12 suspects."
    (figure,) = [
        c for c in extract_candidates(answer_of(text), REGISTRY).candidates if c.kind == "figure"
    ]
    assert figure.programmes == () and figure.metric is None


def test_candidates_never_come_from_the_question_or_a_spliced_fragment():
    raw = (FIXTURES / "2002-07-08_HC_65708.txt").read_bytes()
    (answer,) = parse_hansard_text(raw)
    answer = extract_candidates(answer)
    quotes = " ".join(c.quote for c in answer.candidates)
    assert "Prison Service" not in quotes and "66434" not in quotes
    values = sorted(c.value for c in answer.candidates if c.kind == "figure")
    assert values == [9, 11, 14, 67, 90, 185, 323, 200_000]


def test_every_candidate_quote_is_verbatim_in_every_fixture():
    checked = 0
    for path in sorted(FIXTURES.glob("*.txt")):
        for answer in parse_hansard_text(path.read_bytes(), date=dt.date(2003, 1, 1)):
            answer = extract_candidates(answer)
            for candidate in answer.candidates:
                assert verbatim(answer.answer, candidate), candidate.quote
                checked += 1
    assert checked > 60


SENTENCES = [
    (
        "Since April 2001 this has resulted in the disruption of 14 "
        "trafficking organisations and 67 arrests."
    ),
    "A third team is to be established shortly.",
    "Police Research Series 125 reported between 140 and 1,400 per year.",
    "Reflex has funded two projects (Impact 1 and 2) and £3 million.",
    "Over 60 operations are currently underway—in 2003–04 alone.",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(SENTENCES), st.text(max_size=80)), max_size=6))
def test_extraction_never_fails_and_quotes_stay_verbatim(parts):
    text = " ".join(parts)
    answer = extract_candidates(answer_of(text), REGISTRY)
    for candidate in answer.candidates:
        assert verbatim(text, candidate)
        if candidate.kind == "figure":
            assert candidate.value is not None and candidate.unit


@pytest.mark.parametrize(
    ("sentence", "value", "counts", "period"),
    [
        # Constructed in the common "the number of … was N" form of written answers.
        ("The number of people arrested in 2002 was 1,234.", 1234, "people arrested", "in 2002"),
        (
            "The total number of removals in 2003 was approximately 4,500.",
            4500,
            "removals",
            "in 2003",
        ),
    ],
)
def test_a_count_stated_after_what_it_counts(sentence, value, counts, period):
    (figure,) = figures(sentence)
    assert (figure.value, figure.counts, figure.period.words) == (value, counts, period)


def test_a_figure_that_is_not_held_is_not_a_figure():
    assert figures("The number of cases detected in 2002 is not held centrally.") == []


def test_a_series_of_counts_each_with_its_own_period():
    # Constructed in the form answers give a yearly series in one sentence.
    sentence = "12,345 cases were removed in 2000, 23,456 in 2001 and 34,567 in 2002."
    got = [(c.value, c.counts, c.period.words) for c in figures(sentence)]
    assert got == [
        (12345, "cases", "in 2000"),
        (23456, "cases", "in 2001"),
        (34567, "cases", "in 2002"),
    ]


def test_a_level_as_at_the_end_of_a_month():
    (figure,) = figures("As at the end of February 2001, 301 asylum seekers had been housed.")
    assert figure.period.words == "As at the end of February 2001"
    assert figure.period.start == figure.period.end == dt.date(2001, 2, 28)
    assert figure.basis == "point_in_time"


def test_a_publication_date_is_a_due_date():
    (candidate,) = commitments_in(
        "The next publication will be available on 24 February 2004.", 0, dt.date(2004, 2, 13)
    )
    assert (candidate.due.words, candidate.due.start, candidate.due.end) == (
        "on 24 February 2004",
        dt.date(2004, 2, 24),
        dt.date(2004, 2, 24),
    )
