"""One rule for due words: the record layer's table, the loaders' drafts, the synthetic data and
the checks give the same words the same span."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from benchmarks.synthetic import generate
from commitments.folder.load import load_dataset
from commitments.folder.problems import Severity
from commitments.record import due as due_module
from commitments.record.due import PHRASES, find_due, resolve_due
from loaders.periods import find_due as loaders_find_due
from tests.baseline import fresh, write_dataset

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [(phrase.kind, example) for phrase in PHRASES for example in phrase.examples]


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


# --- the table ------------------------------------------------------------------------------


def test_every_kind_of_words_has_an_example_holding_one_of_its_keys():
    assert len(PHRASES) >= 15
    assert len({phrase.kind for phrase in PHRASES}) == len(PHRASES)
    for phrase in PHRASES:
        assert phrase.examples, phrase.kind
        assert all(" " not in key and key == key.lower() for key in phrase.keys), phrase.kind
        for example in phrase.examples:
            assert any(key in example.words.lower() for key in phrase.keys), example


@pytest.mark.parametrize(
    ("kind", "example"), EXAMPLES, ids=[f"{k}: {e.words} on {e.said}" for k, e in EXAMPLES]
)
def test_each_example_means_its_span(kind, example):
    assert resolve_due(example.words, example.said) == (example.start, example.end)
    # the words are found, as the same kind, inside a sentence too
    found = find_due(f"We will do it {example.words}.", example.said)
    assert (found.words, found.start, found.end) == (example.words, example.start, example.end)
    assert next(p.kind for p in PHRASES if p.pattern.fullmatch(example.words)) == kind


@pytest.mark.parametrize(
    ("words", "said", "start", "end"),
    [
        # a span is what the words mean: it opens before its answer, never clipped to it
        ("in the second half of this year", "2002-11-04", "2002-07-01", "2002-12-31"),
        ("in the spring", "2009-04-21", "2009-03-01", "2009-05-31"),
        ("this spring", "2024-03-04", "2024-03-01", "2024-05-31"),
        ("in May 2004", "2004-05-20", "2004-05-01", "2004-05-31"),
        # "shortly" and its kind open on the answer's day and give no date to be overdue against
        ("soon", "2004-05-04", "2004-05-04", None),
        ("in the near future", "2004-05-04", "2004-05-04", None),
        # case and spacing aside (records keep the answer's words as written)
        ("In Spring 2025", "2024-12-10", "2025-03-01", "2025-05-31"),
        ("by the end\nof  2008", "2006-05-22", "2006-05-22", "2008-12-31"),
        # a winter runs into the next year, to the end of a leap year's February
        ("this winter", "2004-01-10", "2003-12-01", "2004-02-29"),
        ("over the winter", "2024-03-04", "2024-12-01", "2025-02-28"),
        # a month later than 31 January is the end of February
        ("within a month", "2004-01-31", "2004-01-31", "2004-02-29"),
        ("within the next year", "2003-03-05", "2003-03-05", "2004-03-05"),
        ("within 28 days", "2003-03-05", "2003-03-05", "2003-04-02"),
        # "by" a financial year is to its 31 March; "2004-05" is not the year 2004
        ("by 2004-05", "2003-03-05", "2003-03-05", "2005-03-31"),
        ("in the financial year 2004-05", "2003-03-05", "2004-04-01", "2005-03-31"),
        ("later in the year", "2006-06-08", "2006-06-08", "2006-12-31"),
        ("towards the end of next year", "2006-06-08", "2007-10-01", "2007-12-31"),
        ("from next month", "2004-12-15", "2005-01-01", None),
    ],
)
def test_tricky_words_mean_their_span(words, said, start, end):
    assert resolve_due(words, _day(said)) == (_day(start), _day(end))


@pytest.mark.parametrize(
    ("words", "said"),
    [
        # a time already over when said is history, not a due date
        ("in May 2001", "2002-07-08"),
        ("by the end of 2001", "2002-07-08"),
        ("from 2001", "2002-07-08"),
        ("early this year", "2002-07-08"),
        ("this spring", "2024-06-04"),
        ("before 1 February 2004", "2004-02-01"),
        # no such day
        ("on 31 February 2004", "2004-01-10"),
        # words the rule does not know, or more than the due words
        ("when parliamentary time allows", "2004-01-10"),
        ("next year [a link](https://example.org)", "2004-01-10"),
        ("in the second half of this year at the latest", "2004-01-10"),
    ],
)
def test_words_naming_no_due_date_resolve_to_nothing(words, said):
    assert resolve_due(words, _day(said)) is None


@pytest.mark.parametrize(
    "text",
    [
        "The question was asked by Mr. Spring.",  # a name, not a season
        "There were 40 arrests during the year to March 2003.",  # a figure's period
        "In November last year the Prime Minister announced the fund.",  # a past month
        "The offence was created in 2002.",  # a past year
    ],
)
def test_words_that_are_not_due_words_are_not_found(text):
    assert find_due(text, dt.date(2003, 3, 5)) is None


def test_the_first_due_words_win_and_a_longer_phrase_over_its_part():
    text = "We will report by the end of next year, and consult next month."
    assert find_due(text, dt.date(2002, 11, 4)).words == "by the end of next year"


def test_words_over_by_the_answer_are_passed_over_for_later_ones():
    text = "In 2000 we set up Reflex, and we will review it in May 2004."
    found = find_due(text, dt.date(2003, 3, 5))
    assert (found.words, found.start, found.end) == (
        "in May 2004",
        dt.date(2004, 5, 1),
        dt.date(2004, 5, 31),
    )


def test_without_an_answer_date_the_words_are_found_without_dates():
    found = find_due("A third team is to be established shortly.", None)
    assert (found.words, found.start, found.end) == ("shortly", None, None)


def _documented_rows(text: str) -> list[str]:
    return [" ".join(line.replace("|", " ").split()) for line in text.splitlines()]


@pytest.mark.parametrize(
    "where",
    [ROOT / "data" / "README.md", Path(due_module.__file__)],
    ids=["data/README.md", "the module docstring"],
)
def test_the_documented_table_is_the_rules_table(where):
    text = where.read_text(encoding="utf-8")
    if where.suffix == ".md":
        text = text.split("\n## Due words\n", 1)[1].split("\n## ", 1)[0]
    else:
        text = due_module.__doc__
    rows = _documented_rows(text)
    for _, example in EXAMPLES:
        end = str(example.end) if example.end else r"\(?no end\)?"
        row = re.compile(
            rf"(?:^|\s){re.escape(example.words)}\s.*{example.said}\s+{example.start}\s+{end}$"
        )
        assert any(row.search(line) for line in rows), (where.name, example)
    # and nothing documented that the table does not hold
    dated = [line for line in rows if re.search(r"\d{4}-\d\d-\d\d\s+\d{4}-\d\d-\d\d", line)]
    assert len(dated) == len(EXAMPLES)


# --- the loaders, the generator and the checks use it -----------------------------------------


REAL_SENTENCES = [
    # (sentence from the fixtures, the day it was said, due words, start, end)
    (
        "The Danish presidency will promote an EU-wide project against the trafficking of women "
        "co-ordinated by the European Police Chiefs Taskforce in the second half of this year.",
        "2002-07-08", "in the second half of this year", "2002-07-01", "2002-12-31",
    ),
    (
        "A report on the outcomes of Operation Pentameter 2 is planned to be published by "
        "Gloucestershire Constabulary in the spring.",
        "2009-04-21", "in the spring", "2009-03-01", "2009-05-31",
    ),
    (
        "We have given our commitment to ratify the Council of Europe Convention against "
        "Trafficking in Human Beings by the end of 2008 which will formalise our existing "
        "arrangements.",
        "2008-06-04", "by the end of 2008", "2008-06-04", "2008-12-31",
    ),
    (
        "It is our intention to publish the UK strategy later this year.",
        "2006-06-08", "later this year", "2006-06-08", "2006-12-31",
    ),
    (
        "A third team is to be established shortly.",
        "2004-05-04", "shortly", "2004-05-04", None,
    ),
    (
        "Between now and March 2021, over 350 new staff will join the Home Office to work in "
        "the SCA.",
        "2020-12-10", "Between now and March 2021", "2020-12-10", "2021-03-31",
    ),
    (
        "The final stage of the evaluation is currently underway and it is anticipated that the "
        "findings will be ready for publication summer 2017.",
        "2017-04-06", "summer 2017", "2017-06-01", "2017-08-31",
    ),
    (
        "We anticipate these offences coming into force in May 2004.",
        "2003-03-05", "in May 2004", "2004-05-01", "2004-05-31",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "said", "words", "start", "end"),
    REAL_SENTENCES,
    ids=[s[3] for s in REAL_SENTENCES],
)
def test_the_loaders_find_due_words_in_real_sentences_by_the_rule(
    sentence, said, words, start, end
):
    span = loaders_find_due(sentence, _day(said))
    assert (span.words, span.start, span.end) == (words, _day(start), _day(end))
    assert resolve_due(span.words, _day(said)) == (span.start, span.end)


def test_the_synthetic_datas_spans_are_the_rules():
    data = generate(800, seed=11)
    said = {answer["id"]: answer["date"] for answer in data.answers}
    dues = [(r["due"], said[r["source"]]) for r in data.records if r.get("due")]
    assert len(dues) > 100
    assert {due["words"] for due, _ in dues} >= {"shortly", "next year"}
    for due, date in dues:
        assert resolve_due(due["words"], date) == (due["start"], due["end"]), due


def _problems(tmp_path: Path, due: dict) -> list:
    items = fresh()
    items["records"][2]["due"] = due
    return list(load_dataset(write_dataset(tmp_path / "data", items)).problems)


def test_dates_other_than_the_rules_are_an_error_with_the_rules_dates(tmp_path):
    (problem,) = _problems(
        tmp_path,
        {
            "words": "in the second half of this year",
            "start": dt.date(2002, 7, 8),
            "end": dt.date(2002, 12, 31),
        },
    )
    assert problem.severity is Severity.ERROR
    assert problem.path.endswith("records/danish-presidency-eu-project.yaml")
    assert problem.record == "danish-presidency-eu-project"
    lines = Path(problem.path).read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1] == "  start: 2002-07-08"  # the due span's start
    assert "is not what 'in the second half of this year' means" in problem.message
    assert (
        "'in the second half of this year' said 2002-07-08 means 2002-07-01 to 2002-12-31"
        in problem.hint
    )


@pytest.mark.parametrize(
    "due",
    [
        # an end the words do not give: "shortly" has none
        {"words": "shortly", "start": dt.date(2002, 7, 8), "end": dt.date(2003, 1, 8)},
        # words the rule knows, without the dates they mean
        {"words": "in due course"},
        {"words": "next year", "start": dt.date(2003, 1, 1)},
    ],
)
def test_known_words_with_other_dates_are_an_error(tmp_path, due):
    (problem,) = _problems(tmp_path, due)
    assert problem.is_error and f"is not what {due['words']!r} means" in problem.message


@pytest.mark.parametrize(
    "due",
    [
        {"words": "in the second half of this year", "start": dt.date(2002, 7, 1),
         "end": dt.date(2002, 12, 31)},
        {"words": "shortly", "start": dt.date(2002, 7, 8)},
        # words the rule does not know keep the dates an analyst gave them
        {"words": "when parliamentary time allows", "start": dt.date(2003, 1, 1)},
    ],
)  # fmt: skip
def test_the_rules_dates_and_unknown_words_pass(tmp_path, due):
    assert _problems(tmp_path, due) == []


def test_a_span_closing_before_its_answer_is_one_problem_not_two(tmp_path):
    (problem,) = _problems(
        tmp_path,
        {
            "words": "in the second half of this year",
            "start": dt.date(2001, 7, 1),
            "end": dt.date(2001, 12, 31),
        },
    )
    assert problem.message == "due date 2001-12-31 is before its answer (2002-07-08)"
