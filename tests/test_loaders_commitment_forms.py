"""The forms in which written answers state the Government's commitments, and the look-alikes that
are not one: a forecast, the reader's knowledge, a question's own words, a dated past event.

Every sentence is invented, in the shape real answers use; each row says why it is there.
"""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.commitment_candidates import commitments_in

ANSWERED = dt.date(2024, 3, 4)


def _one(sentence: str):
    (candidate,) = commitments_in(sentence, 0, ANSWERED)
    assert sentence[candidate.offset : candidate.offset + len(candidate.quote)] == candidate.quote
    return candidate


FORMS = [
    # future: "will", a plan, an intention, a publication to come
    ("We will publish revised guidance for first responders.", "announced"),
    ("The Department's aim is to reduce waiting times for decisions.", "announced"),
    ("Statistics for 2024 are planned for publication in May 2025.", "announced"),
    ("The next evaluation is due to be published in the summer.", "announced"),
    ("The Government intends to launch a consultation on the scheme.", "announced"),
    # money announced for the future is a promise of funding
    ("In June the Chancellor announced up to £40 million a year for the new command.", "announced"),
    # "agreed to provide": a promise, though "agreed" alone reports a thing done
    ("We have agreed, exceptionally, to provide funding which will keep the team.", "announced"),
    # under way: a perfect progressive, a beginning, a process, a matter under consideration
    ("Since 2021 the Department has been funding a helpline for victims.", "in_progress"),
    ("The authority has been recruiting additional caseworkers.", "in_progress"),
    ("The unit has begun to develop links with support charities.", "in_progress"),
    ("We are currently in the process of assessing the consultation responses.", "in_progress"),
    ("A decision on the appointment is under consideration.", "in_progress"),
    # continuing duties the Government keeps: recurring publication, a service it runs through
    # others, a requirement, a priority, an engagement in new verbs
    ("The figures are published quarterly on the Department's website.", "in_progress"),
    ("The victim care contract is delivered through a national charity.", "in_progress"),
    ("Training on modern slavery is mandatory for all caseworkers.", "in_progress"),
    ("Organised immigration crime is the agency's second priority.", "in_progress"),
    ("Partner agencies are embedding the guidance into their procedures.", "in_progress"),
    ("We continually look to improve the quality of these statistics.", "in_progress"),
    ("We are improving the quality of these statistics.", "in_progress"),
    ("Specialist teams based at two screening units now provide monthly reports.", "in_progress"),
    ("The Government have funded the refuge since April 2019 to provide housing.", "in_progress"),
    ("The new law underlines the Government's commitment to protecting victims.", "in_progress"),
]


@pytest.mark.parametrize(("sentence", "stage"), FORMS, ids=[f[0][:40] for f in FORMS])
def test_each_form_of_a_commitment_is_a_candidate_at_its_stage(sentence, stage):
    assert _one(sentence).stage == stage


DUE = [
    # a season without a year is the next one not over by the day of the answer
    ("The report will be published in the autumn.", ANSWERED, "in the autumn",
     dt.date(2024, 9, 1), dt.date(2024, 11, 30)),
    ("The report will be published in the autumn.", dt.date(2024, 12, 10), "in the autumn",
     dt.date(2025, 9, 1), dt.date(2025, 11, 30)),
    # a season with its year; winter runs into the next year
    ("In Spring 2025 the Government intends to launch a review.", ANSWERED, "In Spring 2025",
     dt.date(2025, 3, 1), dt.date(2025, 5, 31)),
    ("We will consult over the winter.", ANSWERED, "over the winter",
     dt.date(2024, 12, 1), dt.date(2025, 2, 28)),
    # a season already begun opens on its first day, before the answer
    ("We plan to publish the strategy this spring.", ANSWERED, "this spring",
     dt.date(2024, 3, 1), dt.date(2024, 5, 31)),
    ("The annual figures are to be published later this month.", ANSWERED, "later this month",
     ANSWERED, dt.date(2024, 3, 31)),
    # a season with its year and no preposition
    ("It is anticipated that the findings will be ready for publication summer 2024.", ANSWERED,
     "summer 2024", dt.date(2024, 6, 1), dt.date(2024, 8, 31)),
    ("Between now and June 2024, over 300 new staff will join the unit.", ANSWERED,
     "Between now and June 2024", ANSWERED, dt.date(2024, 6, 30)),
    # the day of an announcement is not when the promise falls due: the later phrase is
    ("On 11 March 2024, the Minister announced £5 million for the service in the autumn.",
     ANSWERED, "in the autumn", dt.date(2024, 9, 1), dt.date(2024, 11, 30)),
]  # fmt: skip


def test_the_day_of_an_announcement_alone_gives_no_due_date():
    (candidate,) = commitments_in(
        "On 11 March 2024, the Chancellor announced up to £40 million a year for the command.",
        0,
        ANSWERED,
    )
    assert candidate.stage == "announced"
    assert candidate.due is None


@pytest.mark.parametrize(("sentence", "answered", "words", "start", "end"), DUE)
def test_a_season_or_this_month_is_a_due_date(sentence, answered, words, start, end):
    (candidate,) = commitments_in(sentence, 0, answered)
    assert candidate.stage == "announced"
    assert (candidate.due.words, candidate.due.start, candidate.due.end) == (words, start, end)


NOT_COMMITMENTS = [
    # a forecast of a number: no one promises it
    "We therefore expect the number of prosecutions to rise in the coming months.",
    "It will inevitably take some time to move from signature to ratification.",
    # the reader's knowledge, not a plan
    "As you will be aware, the referral mechanism is the framework for identifying victims.",
    # how a process runs, step by step
    "A caseworker will first decide whether there are reasonable grounds.",
    "Where the decision is positive the caseworker will then gather further information.",
    # a presumption about the past
    "Adults who accepted support will have been offered a recovery period.",
    # a question's own words printed with the answer
    "(2) what steps he is taking to support victims; and what progress is being made.",
    # past facts: money already spent, a dated event told of a thing
    "We have provided a total of £200,000 to fund local projects.",
    "The unit was launched on 7 March and is part of the command.",
    "The authority was established in April 2019, replacing the previous bodies.",
    # a state that changes, with no one said to act: the verb ends its clause
    "Waiting times have fallen and timeliness is improving.",
    # an acknowledgement
    "The Government recognises that the UK cannot tackle this crime alone.",
    # someone else's plan: a police force's, a charity's, another government's, a council's
    "The Metropolitan Police will launch its own operation next month.",
    "Police forces are developing their own training.",
    "The charity is developing a new helpline.",
    "The Irish Government plans to legislate next year.",
    "In Albania, the Government of Albania will establish a shelter.",
    "Local authorities will assess the needs of each child.",
]


@pytest.mark.parametrize("sentence", NOT_COMMITMENTS, ids=[s[:40] for s in NOT_COMMITMENTS])
def test_look_alikes_are_not_commitments(sentence):
    assert commitments_in(sentence, 0, ANSWERED) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # the Government acting with or through others is still the Government's commitment
        "We will work with the police to improve identification.",
        "The Government will fund the charity to run the service.",
        "The British Government will publish the strategy.",
    ],
)
def test_the_governments_own_plan_with_others_stays(sentence):
    assert _one(sentence).stage == "announced"


def test_a_reported_delivery_in_the_governments_voice_stays():
    assert _one("On 10 March this year, we launched a pilot scheme.").stage == "delivered"


def test_a_list_of_undertakings_is_one_candidate_an_undertaking():
    sentence = (
        "The Department has entered into a two-year agreement with a charity to: continue "
        "the crisis service for up to twenty women; provide 10 step-down places; and develop "
        "an information pack for victims."
    )
    candidates = commitments_in(sentence, 100, ANSWERED)
    assert [c.quote for c in candidates] == [
        "continue the crisis service for up to twenty women",
        "provide 10 step-down places",
        "develop an information pack for victims",
    ]
    assert {c.stage for c in candidates} == {"in_progress"}
    for candidate in candidates:
        start = candidate.offset - 100
        assert sentence[start : start + len(candidate.quote)] == candidate.quote


def test_a_clause_after_a_semicolon_is_quoted_alone():
    sentence = (
        "The referral mechanism is the framework for identifying victims; "
        "we will publish a review of it in the autumn."
    )
    (candidate,) = commitments_in(sentence, 0, ANSWERED)
    assert candidate.quote == "we will publish a review of it in the autumn"
    assert candidate.stage == "announced"
    assert candidate.due is not None and candidate.due.words == "in the autumn"


def test_a_sentence_without_semicolons_is_quoted_whole():
    sentence = "The Government is developing a new strategy, which it will publish next year."
    assert _one(sentence).quote == sentence
