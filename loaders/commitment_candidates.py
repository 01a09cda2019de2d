"""Commitments in an answer's sentences: future or continuing action, and reports of delivery.

A sentence is a candidate when its words promise action ("will", "plan to", "intend", "is to be
established shortly", "We anticipate these offences coming into force in May 2004", a Bill
before Parliament), report action under way ("are developing", "has been running since"), or
report something done that an earlier answer promised ("recently published", "we launched").
``stage`` tells the three apart, so an analyst can file a delivery as a status event of an
existing record rather than as a new one.

Not a candidate: someone else's plan (a police force's, a charity's, another government's), a
forecast, the reader's knowledge (``As you will be aware``), a step of a process (``will first
decide``), a question's own words, a past fact (money spent, a dated event in a thing's history).
A list of undertakings after a colon gives one candidate an undertaking, and a sentence of clauses
apart by semicolons one a clause that says it.
"""

from __future__ import annotations

import datetime as dt
import re

from .model import Candidate, Span
from .periods import find_due

_ADVERBS = (
    r"(?:(?:also|now|currently|still|actively|already|recently|just|today|further|jointly"
    r"|closely)\s+){0,2}"
)
_FUTURE = re.compile(
    r"\bwill\b(?!\s+have\s+been\b)|\bshall\b|\bplan(?:s|ned)?\s+to\b|\bintend(?:s|ed)?\b|\bintention\b"
    r"|\b(?:is|are)\s+to\s+be\b|\bshortly\b|\bin due course\b|\banticipate[sd]?\b"
    r"|\bexpect(?:s|ed)?\s+(?:to|that|these|this|it|the)\b"
    r"|\baim(?:s)?\s+to\b|\bpropose[sd]?\s+to\b|\bgoing\s+to\b"
    r"|\bcommit(?:s|ted)?\s+(?:\w+\s+){0,2}to\b"
    r"|\bpending\b|\bbefore Parliament\b|\bBill\b|\bnext year\b|\blater this year\b|\bwe are to\b"
    r"|\bwould be (?:launched|introduced|published|established)\b"
    r"|\b(?:aim|objective|intention|ambition)\s+is\s+to\b"
    r"|\b(?:agreed|(?<!been )undertaken|pledged|promised)\b,?(?:\s+\w+,?){0,2}\s+to\s+"
    r"(?!the\b|a\b|an\b|this\b)[a-z]+\b"
    r"|\bplanned\s+for\b|\bdue\s+to\s+be\b|\bscheduled\s+(?:for|to)\b"
    r"|\bto\s+be\s+(?:published|launched|introduced|laid|implemented|rolled\s+out|set\s+up)\b"
    r"|\b(?:announced|pledged|allocated)\s+(?:up\s+to\s+|an?\s+(?:additional|further|extra)\s+)?£",
)
_FORECAST = re.compile(
    r"\b(?:expect|anticipate|predict|forecast)(?:s|ed)?\s+(?:that\s+)?(?:the\s+)?"
    r"(?:number|numbers|level|levels|rate|rates|volume|volumes|figure|figures|demand|cost|costs)\b"
    r"[^.;]*?\b(?:to\s+|will\s+)?(?:rise|fall|increase|decrease|grow|decline|drop)\b"
    r"|\bwill\s+(?:\w+\s+)?take\s+(?:some\s+)?time\b"
)
"""A forecast of a number, or of how long something takes: no one's promise of action."""
_ADDRESSED = re.compile(
    r"\bwill\s+(?:\w+\s+)?(?:be\s+aware|know|recall|appreciate|remember|understand)\b"
)
"""``As you will be aware``, ``the noble Lord will know``: the reader's knowledge, not a plan."""
_PROCEDURE = re.compile(
    r"\bwill\s+(?:first|then|next|normally|usually|generally|typically|ordinarily)\b"
)
"""``The competent authority will first make a decision``: how a process runs, step by step."""
_PROGRESSIVE_VERBS = (
    "developing|working|looking|considering|running|funding|supporting|preparing|drafting|reviewing|"
    "establishing|building|exploring|discussing|negotiating|contributing|consulting|planning|piloting|"
    "setting|taking|implementing|examining|assessing|evaluating|co-operating|cooperating|sponsoring|"
    "providing|seeking|pursuing|introducing|launching|creating|producing|undertaking|conducting|"
    "monitoring|improving|strengthening|expanding|extending|promoting|engaging|tackling|investing|"
    "rolling|designing|updating|carrying|putting|bringing|helping|collecting|compiling|publishing|"
    "finalising|recruiting|training|deploying|targeting|pressing|encouraging|liaising|leading|"
    "co-ordinating|coordinating|financing|commissioning|delivering|refining|testing|trialling|"
    "embedding|enhancing|reforming|transforming|addressing|focusing|focussing|prioritising|"
    "modernising|streamlining|overhauling|accelerating"
)
_ACTION_VERBS = (
    "co-operate|cooperate|collaborate|assist|support|fund|finance|provide|produce|lead|manage|run|"
    "operate|chair|co-ordinate|coordinate|work|help|monitor|share|host|sponsor|contribute|promote|"
    "recognise|recognize|seek|maintain|ensure|encourage|engage|train|deploy|invest|tackle|target|"
    "gather|collect|keep|commission|deliver|offer|oversee|liaise|publish|look"
)
_SUBJECT_SKIP = (
    "In|On|At|For|With|By|From|To|Of|As|The|A|An|This|That|These|Those|It|Its|Our|Their|Further|"
    "Where|When|While|If|Whether|Although|Such|Any|All|Some|No|Each"
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_CONTINUING = re.compile(
    rf"\b(?:are|is|am)\s+{_ADVERBS}(?:{_PROGRESSIVE_VERBS})\b(?!\s*(?:[.,;]|$))"
    r"|\b(?:are|is)\s+being\s+[a-z]+ed\b"
    r"|\bcontinu(?:e|es|ing)\s+to\b"
    r"|\b(?:has|have)\s+been\s+(?:running|operating|working|in operation)\b"
    rf"|\b(?:has|have)\s+been\s+{_ADVERBS}(?:{_PROGRESSIVE_VERBS})\b"
    r"|\b(?:has|have)\s+(?:begun|started)\s+to\b|\bin\s+the\s+process\s+of\b"
    r"|\b(?:has|have)\s+entered\s+into\b"
    rf"|\b(?:has|have)\s+{_ADVERBS}(?:funded|supported|run|operated|sponsored|financed)\b[^.;]*?"
    rf"\bsince\s+(?:\d{{4}}|{_MONTH})\b"
    r"|\bunder\s*way\b|\bunder\s+(?:consideration|review|development)\b"
    r"|\b(?:is|are|remains?)\s+ongoing\b"
    r"|\bongoing\s+(?:work|programme|project|review|discussions|engagement|efforts|negotiations)\b"
    r"|\bin hand\b|\bthe need to\b|\bcommitment\s+to\b"
    r"|\b(?:is|are)\s+(?:published|updated|reviewed|collected|reported|produced|compiled)\s+"
    r"(?:\w+\s+){0,3}?(?:quarterly|annually|monthly|weekly|regularly"
    r"|(?:every|each)\s+(?:quarter|year|month|week))\b"
    r"|\b(?:is|are)\s+(?:delivered|funded|overseen|run|managed|co-ordinated|coordinated|chaired)"
    r"\s+(?:\w+\s+)?(?:by|through)\b"
    r"|\b(?:is|are)\s+(?:now\s+)?(?:mandatory|compulsory)\b|\bmade\s+it\s+an?\s+(?:\w+\s+)?requirement\b"
    r"|\b(?:first|second|third|top|key|main|highest|high|strategic)\s+(?:\w+\s+)?priority\b"
)
_ACTION = re.compile(rf"\b(?:{_ACTION_VERBS})(?:s|es)?\b")
"""Present tense only: ``We co-operate``, ``DFID supports``; ``We have provided £200,000`` is
a past fact, and ``the Government funded project`` names a thing."""
_ACTOR_BEFORE = re.compile(
    r"(?<!\bof )(?<!\bin )(?<!\bfrom )(?<!\bby )(?<!\bwith )(?<!\bfor )(?<!\bto )(?<!\bon )"
    rf"(?:\b[Ww]e|\b(?!(?:{_SUBJECT_SKIP})\b)[A-Z][\w\-]*\)?"
    r"|\b(?:experts|officers|agencies|teams|forces|partners|departments|ministers|police|units"
    r"|authorities|organisations|services|officials|staff))"
    r"\s+(?:have\s+)?"
    r"(?:(?:also|now|currently|regularly|routinely|actively|closely|jointly|directly"
    r"|continually|constantly|continue\s+to)\s+)?$"
)


_ACKNOWLEDGES = re.compile(r"recogni[sz]e[sd]?\s+that\b")
"""``We recognise that wait times are too long``: an acknowledgement, not an action."""


def _acts(sentence: str) -> bool:
    """Whether someone is said to do something: ``We co-operate``, ``DFID also supports``."""
    for match in _ACTION.finditer(sentence):
        if _ACKNOWLEDGES.match(sentence, match.start()):
            continue
        if _ACTOR_BEFORE.search(sentence[max(0, match.start() - 80) : match.start()]):
            return True
    return False


_DELIVERED = re.compile(
    rf"\b(?:has|have|had|was|were)\s+{_ADVERBS}(?:been\s+)?{_ADVERBS}"
    r"(?:published|launched|introduced|established|set up|created|implemented|completed|appointed"
    r"|opened|signed|ratified|agreed|extended|rolled out|brought into force)\b"
    r"|\b(?:we|We|Government|Act\s+\d{4})\s+(?:\w+\s+)?(?:launched|introduced|published|established|created|opened)\b"
    r"|\breceived Royal Assent\b|\bcame into (?:force|effect)\b|\bcomes into (?:force|effect)\b"
    r"|\bcoming into force\b|\bby (?:creating|introducing|establishing|setting up|launching)\b",
)
_PAST_EVENT = (
    r"(?:was|were)\s+(?:\w+\s+)?(?:launched|set up|published|established|created|opened|introduced)"
)
_DATE = rf"(?:[0-3]?\d(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{4}})?|{_MONTH}\s+\d{{4}}|\d{{4}})"
_DATED_PAST = re.compile(
    rf"\b{_PAST_EVENT}\s+(?:in|on)\s+{_DATE}\b"
    rf"|\b(?:in|on)\s+{_DATE}\b,?[^.;]{{0,80}}?\b{_PAST_EVENT}\b"
)
"""``The Unit was launched on 7 March``: a thing's history, dated, told without the Government
as the one acting (``On 10 March, we launched a pilot`` reports a delivery and stays)."""
_OTHER_ACTOR = re.compile(
    r"^(?:(?:In|On|By|From|Since|Following|As part of|Separately|Meanwhile)\b[^,]{0,60},\s+)?"
    r"(?:[Tt]he\s+)?(?:(?:[A-Z][\w-]+\s+){1,3}(?:Police|Constabulary)\b(?!\s+(?:and|with)\b)"
    r"|(?i:police(?:\s+forces?)?|charit(?:y|ies)|NGOs?|non-governmental\s+organisations?"
    r"|local\s+authorit(?:y|ies)|councils?)\b"
    r"|(?!British\b)(?:[A-Z]\w+(?:an|ish|ese|ch|i))\s+(?:Government|authorities)\b"
    r"|Government\s+of\s+[A-Z]\w+)"
    r"(?:\s+(?:also|now|currently|itself|themselves|has|have|is|are))*"
    r"\s+(?:will|shall|plans?|intends?|aims?|is|are|has|have|continues?|funds?|runs?|[a-z]+s)\b"
)
"""Someone else's plan told in a Government answer: ``The Metropolitan Police will launch its
own operation``, ``The Irish Government plans to``, ``The charity is developing``."""
_NOT_ACTION = re.compile(
    r"^(?:There (?:is|are) (?:currently )?no\b|It is (?:not )?(?:possible|impossible)\b)",
    re.IGNORECASE,
)


def commitments_in(sentence: str, offset: int, answered: dt.date | None) -> list[Candidate]:
    """The sentence as commitment candidates, if its words promise or report action: a list of
    undertakings after a colon (``agreement to: continue …; provide …; and develop …``) one
    candidate an undertaking, clauses apart by semicolons one candidate a clause that says it,
    else the whole sentence."""
    if (
        " | " in sentence
        or _NOT_ACTION.match(sentence)
        or _QUESTION.search(sentence)
        or _OTHER_ACTOR.match(sentence)
    ):
        return []
    stage = _stage(sentence)
    items = _undertakings(sentence)
    if stage and items:
        return [_candidate(item, start, offset, stage, sentence, answered) for start, item in items]
    clauses = _clauses(sentence)
    if len(clauses) > 1:
        found = [
            _candidate(clause, start, offset, clause_stage, sentence, answered)
            for start, clause in clauses
            if (clause_stage := _stage(clause))
        ]
        if found:
            return found
    return [_candidate(sentence, 0, offset, stage, sentence, answered)] if stage else []


def _stage(text: str) -> str | None:
    """``announced``, ``in_progress`` or ``delivered`` by the words of ``text``; None when they
    promise and report nothing, or tell a dated past event."""
    future = _future(text)
    continuing = _CONTINUING.search(text) or _acts(text)
    delivered = _DELIVERED.search(text)
    if not (future or continuing or delivered):
        return None
    if not (future or continuing) and _DATED_PAST.search(text):
        return None
    if future and not _only_as_description(text, future):
        return "announced"
    if continuing:
        return "in_progress"
    return "delivered" if delivered else "announced"


def _candidate(
    quote: str, start: int, offset: int, stage: str, sentence: str, answered: dt.date | None
) -> Candidate:
    due = None
    if stage != "delivered":
        due = _due(quote, answered) or _due(sentence, answered)
    return Candidate(kind="commitment", quote=quote, offset=offset + start, due=due, stage=stage)


_EVENT_AFTER = re.compile(
    r"^,?\s+(?:[\w’']+\s+){0,4}?(?:announced|launched|published|confirmed|said|stated)\b"
)
"""``On 11 June 2025, the Chancellor announced …``: the day of an announcement, not a due date."""


def _due(text: str, answered: dt.date | None) -> Span | None:
    """When the text says the promise falls due: the first due words (``find_due``, by the one
    rule of ``commitments.record.due``) that are not the day of an announcement."""
    due = find_due(text, answered)
    if due:
        at = text.find(due.words)
        following = text[at + len(due.words) :] if at >= 0 else ""
        event = _EVENT_AFTER.match(following)
        if not event:
            return due
        return _due(following[event.end() :], answered)
    return None


_CLAUSE_BREAK = re.compile(r";\s+")


def _clauses(sentence: str) -> list[tuple[int, str]]:
    """The sentence's clauses apart by semicolons, each with its place, without the stop."""
    out: list[tuple[int, str]] = []
    start = 0
    for match in [*_CLAUSE_BREAK.finditer(sentence), None]:
        end = match.start() if match else len(sentence)
        clause = sentence[start:end].rstrip(" .")
        if clause:
            out.append((start, clause))
        if match:
            start = match.end()
    return out


_QUESTION = re.compile(
    r"^(?:\(\d+\)\s*)?(?:what|whether|how|which|when|if)\s|^To ask\b|\bwhat steps (?:he|she|they)\b"
)
"""A question's own words (``(2) what schemes are in operation …``), never the Government's."""
_LIST = re.compile(r":\s+(?=[a-z])")
_ITEM_BREAK = re.compile(r";\s+(?:and\s+|or\s+)?")


def _undertakings(sentence: str) -> list[tuple[int, str]]:
    """The items of a list of undertakings after a colon, each with its place in the sentence;
    none unless there are two or more, each starting with a small letter."""
    colon = _LIST.search(sentence)
    if not colon or ";" not in sentence[colon.end() :]:
        return []
    items: list[tuple[int, str]] = []
    start = colon.end()
    for match in [*_ITEM_BREAK.finditer(sentence, start), None]:
        end = match.start() if match else len(sentence)
        item = sentence[start:end].rstrip(" .")
        if not item[:1].islower():
            return []
        items.append((start, item))
        if match:
            start = match.end()
    return items if len(items) >= 2 else []


def _future(sentence: str) -> re.Match[str] | None:
    """The first promise of action, leaving out a forecast's and the reader's ``will``."""
    masked = [m.span() for m in _FORECAST.finditer(sentence)]
    masked += [m.span() for m in _ADDRESSED.finditer(sentence)]
    masked += [m.span() for m in _PROCEDURE.finditer(sentence)]
    for match in _FUTURE.finditer(sentence):
        if not any(start <= match.start() < end for start, end in masked):
            return match
    return None


def _only_as_description(sentence: str, match: re.Match[str]) -> bool:
    """``which will be a guide`` after ``have recently published``: describes a thing delivered."""
    delivered = _DELIVERED.search(sentence)
    return bool(delivered and delivered.start() < match.start() and match.group(0) == "will")
