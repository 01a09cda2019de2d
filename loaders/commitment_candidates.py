"""Commitments in an answer's sentences: future or continuing action, and reports of delivery.

A sentence is a candidate when its words promise action ("will", "plan to", "intend", "is to be
established shortly", "We anticipate these offences coming into force in May 2004", a Bill
before Parliament), report action under way ("are developing", "has been running since"), or
report something done that an earlier answer promised ("recently published", "we launched").
``stage`` tells the three apart, so an analyst can file a delivery as a status event of an
existing record rather than as a new one.
"""

from __future__ import annotations

import datetime as dt
import re

from .model import Candidate
from .periods import find_due

_ADVERBS = (
    r"(?:(?:also|now|currently|still|actively|already|recently|just|today|further|jointly"
    r"|closely)\s+){0,2}"
)
_FUTURE = re.compile(
    r"\bwill\b|\bshall\b|\bplan(?:s|ned)?\s+to\b|\bintend(?:s|ed)?\b|\bintention\b"
    r"|\b(?:is|are)\s+to\s+be\b|\bshortly\b|\bin due course\b|\banticipate[sd]?\b"
    r"|\bexpect(?:s|ed)?\s+(?:to|that|these|this|it|the)\b"
    r"|\baim(?:s)?\s+to\b|\bpropose[sd]?\s+to\b|\bcommit(?:s|ted)?\s+(?:\w+\s+){0,2}to\b|\bgoing\s+to\b"
    r"|\bpending\b|\bbefore Parliament\b|\bBill\b|\bnext year\b|\blater this year\b|\bwe are to\b"
    r"|\bwould be (?:launched|introduced|published|established)\b",
)
_PROGRESSIVE_VERBS = (
    "developing|working|looking|considering|running|funding|supporting|preparing|drafting|reviewing|"
    "establishing|building|exploring|discussing|negotiating|contributing|consulting|planning|piloting|"
    "setting|taking|implementing|examining|assessing|evaluating|co-operating|cooperating|sponsoring|"
    "providing|seeking|pursuing|introducing|launching|creating|producing|undertaking|conducting|"
    "monitoring|improving|strengthening|expanding|extending|promoting|engaging|tackling|investing|"
    "rolling|designing|updating|carrying|putting|bringing|helping|collecting|compiling|publishing|"
    "finalising|recruiting|training|deploying|targeting|pressing|encouraging|liaising|leading|"
    "co-ordinating|coordinating|financing|commissioning|delivering|refining|testing|trialling"
)
_ACTION_VERBS = (
    "co-operate|cooperate|collaborate|assist|support|fund|finance|provide|produce|lead|manage|run|"
    "operate|chair|co-ordinate|coordinate|work|help|monitor|share|host|sponsor|contribute|promote|"
    "recognise|recognize|seek|maintain|ensure|encourage|engage|train|deploy|invest|tackle|target|"
    "gather|collect|keep|commission|deliver|offer|oversee|liaise|publish"
)
_SUBJECT_SKIP = (
    "In|On|At|For|With|By|From|To|Of|As|The|A|An|This|That|These|Those|It|Its|Our|Their|Further|"
    "Where|When|While|If|Whether|Although|Such|Any|All|Some|No|Each"
)
_CONTINUING = re.compile(
    rf"\b(?:are|is|am)\s+{_ADVERBS}(?:{_PROGRESSIVE_VERBS})\b|\b(?:are|is)\s+being\s+[a-z]+ed\b"
    r"|\bcontinu(?:e|es|ing)\s+to\b"
    r"|\b(?:has|have)\s+been\s+(?:running|operating|working|in operation)\b"
    r"|\bunder\s*way\b|\bongoing\b|\bin hand\b|\bthe need to\b"
)
_ACTION = re.compile(rf"\b(?:{_ACTION_VERBS})(?:s|es|d|ed)?\b")
_ACTOR_BEFORE = re.compile(
    r"(?<!\bof )(?<!\bin )(?<!\bfrom )(?<!\bby )(?<!\bwith )(?<!\bfor )(?<!\bto )(?<!\bon )"
    rf"(?:\b[Ww]e|\b(?!(?:{_SUBJECT_SKIP})\b)[A-Z][\w\-]*\)?"
    r"|\b(?:experts|officers|agencies|teams|forces|partners|departments|ministers|police))"
    r"\s+(?:have\s+)?"
    r"(?:(?:also|now|currently|regularly|routinely|actively|closely|jointly|directly"
    r"|continue\s+to)\s+)?$"
)


def _acts(sentence: str) -> bool:
    """Whether someone is said to do something: ``We co-operate``, ``DFID also supports``."""
    for match in _ACTION.finditer(sentence):
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
_NOT_ACTION = re.compile(
    r"^(?:There (?:is|are) (?:currently )?no\b|It is (?:not )?(?:possible|impossible)\b)",
    re.IGNORECASE,
)


def commitments_in(sentence: str, offset: int, answered: dt.date | None) -> list[Candidate]:
    """The sentence as a commitment candidate, if its words promise or report action."""
    if " | " in sentence or _NOT_ACTION.match(sentence):
        return []
    future = _FUTURE.search(sentence)
    continuing = _CONTINUING.search(sentence) or _acts(sentence)
    delivered = _DELIVERED.search(sentence)
    if not (future or continuing or delivered):
        return []
    if future and not _only_as_description(sentence, future):
        stage = "announced"
    elif continuing:
        stage = "in_progress"
    elif delivered:
        stage = "delivered"
    else:
        stage = "announced"
    due = find_due(sentence, answered) if stage != "delivered" else None
    return [Candidate(kind="commitment", quote=sentence, offset=offset, due=due, stage=stage)]


def _only_as_description(sentence: str, match: re.Match[str]) -> bool:
    """``which will be a guide`` after ``have recently published``: describes a thing delivered."""
    delivered = _DELIVERED.search(sentence)
    return bool(delivered and delivered.start() < match.start() and match.group(0) == "will")
