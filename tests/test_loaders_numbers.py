"""One table of number words: whatever value the extractor reads from a number's words, the "value
is in its quote" check (``commitments.record.numbers.states``) finds in the same words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from commitments.record.numbers import COUNTED, TENS, UNITS, states, word_value
from loaders.figures import figures_in, mentions_in
from loaders.periods import find_due, find_periods

FIXTURES = Path(__file__).parent / "fixtures" / "hansard"
ANSWERED = dt.date(2003, 3, 5)

ONES = [word for word, value in UNITS.items() if 1 <= value <= 9]
WORDS = [
    *UNITS,
    *TENS,
    *(f"{tens}-{one}" for tens in TENS for one in ONES),
    *(f"{tens} {one}" for tens in TENS for one in ONES),
    *(f"{article} {word}" for article in ("a", "one") for word in COUNTED),
]
"""Every number the table writes in words, each way it may be written."""
SENTENCES = [
    "{} officers were posted abroad.",  # a count
    "Funding of £{} million was agreed.",  # money with a scale after the words
    "The rate fell by {} per cent.",  # a percentage
    "{} thousand applications were made.",  # a count with a scale
    "Between {} and ninety-nine cases were found.",  # a range
    "The Minister said that {} Immigration Liaison Officers are in post.",
]


def _cases():
    for template in SENTENCES:
        for words in WORDS:
            for written in (words, words.capitalize(), words.upper()):
                yield template.format(written)


def test_every_number_the_extractor_reads_in_words_is_one_the_check_finds():
    checked = read = 0
    for sentence in _cases():
        for mention in mentions_in(sentence):
            checked += 1
            assert states(mention.text, mention.value), (sentence, mention)
            assert states(sentence, mention.value), (sentence, mention)
        for figure in figures_in(sentence, 0, ANSWERED):
            read += 1
            for value in (figure.value, figure.value_high):
                assert value is None or states(figure.quote, value), (sentence, figure)
    assert checked > 2000 and read > 1000  # the loops ran over the whole table


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("A dozen operations reached the arrest phase.", 12),  # the check's "a dozen", read too
        ("Twenty-five officers were posted.", 25),
        ("twenty five officers were posted.", 25),  # a space for the hyphen
        ("One hundred officers were posted.", 100),  # not "one" and then "hundred"
        ("A hundred thousand leaflets were printed.", 100_000),  # a scale after "a hundred"
        ("£ninety-nine million was spent on the scheme.", 99_000_000),
    ],
)
def test_number_words_the_table_adds(sentence, value):
    (figure,) = figures_in(sentence, 0, ANSWERED)
    assert figure.value == value and states(figure.quote, value)


@pytest.mark.parametrize(
    "sentence",
    [
        "One of the officers was posted.",  # "one" alone is not a count
        "No one was arrested.",
        "Zero tolerance applies.",
    ],
)
def test_one_and_zero_alone_are_not_figures(sentence):
    assert figures_in(sentence, 0, ANSWERED) == []


@pytest.mark.parametrize("words", WORDS)
def test_the_table_gives_one_value_for_each_way_of_writing_a_number(words):
    value = word_value(words)
    assert word_value(words.upper()) == value
    assert states(words, value)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("In the last six months 27 operations reached the arrest phase.", dt.date(2002, 9, 5)),
        ("In the last twenty-four months 27 operations ended.", dt.date(2001, 3, 5)),  # compound
    ],
)
def test_period_counts_come_from_the_same_table(text, start):
    (period,) = find_periods(text, ANSWERED)
    assert period.span.start == start


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("We will publish the report within eighteen months.", dt.date(2004, 9, 5)),
        ("We will publish the report within twenty-four months.", dt.date(2005, 3, 5)),
        ("We will publish the report within a year.", dt.date(2004, 3, 5)),  # "a": one
    ],
)
def test_due_counts_come_from_the_same_table(text, end):
    due = find_due(text, ANSWERED)
    assert (due.start, due.end) == (ANSWERED, end)
