"""Written answers since 2014 as four public sites render them, told apart by their own marks.

- **wq-service**, the Written Questions service's own page: ``Question for Home Office``,
  ``UIN 58924, tabled on 19 October 2021``, the question, ``Answered on`` and the date on the
  next line, the answer, ``Answered by`` and the minister or the body.
- **twfy-modern**, TheyWorkForYou since 2014: ``Home Office written question – answered at on
  9 September 2024.``, photo captions naming asker and minister, the feedback box after the answer.
- **parallel-question**, a Parallel Parliament question page: ``(asked on 14th October 2014) -
  View Source``, ``Question to the Home Office:``, ``Answered by`` with ``Name Portrait``, the
  name and the site's present description of the member, ``This question was answered on …``.
- **parallel-listing**, a Parallel Parliament listing: each answer under ``Written Question``,
  its heading and day, ``Asked by: Name (Party - Seat)``, ``Answered by Name - Role``.
- **api-id-mirror**, a site that addresses answers by the service's API id:
  ``PARLIAMENTARY WRITTEN QUESTION``, ``Heading (date tabled)``, ``Question Asked``,
  ``Asked by:``, ``Answer``, ``Answered by:`` with the name and the date answered.

Every answer read here is an answer of the Written Questions service (``SourceKind.SERVICE``),
cited as the service cites it, by its ``written_question``: the UIN and dates the page and its
address give (the service's page address built from the UIN and date tabled), the body and members
as the page prints them. What the copy does not print is flagged and said in the citation, never
guessed: a listing prints no UIN (``Written question (UIN not printed), answered 23 February
2015``); a cut copy may print no date answered, and the answer is then placed at its date tabled.
An answer with neither date answered nor date tabled, or with a UIN but no date, has no block, no
citation and no draft (``drafts``) until the date is given.

The page address is evidence too (``read_page_address``): date tabled, UIN, house and API id are
read from it where the page does not print them, and where it disagrees with the page the page's
value is kept and the disagreement flagged. Site furniture is set aside in ``furniture`` flags,
never left in an answer, and a disagreeing address is an ``address_disagrees`` flag.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from commitments.record.citations import written_question_page
from commitments.record.model import FlagKind, House, SourceKind

from .citations import PageAddress, house_of, parse_day_month_year, read_page_address
from .cleaning import Block, clean_answer
from .departments import answering_body, department_from_role
from .model import (
    Columns,
    Extent,
    Flag,
    ParsedAnswer,
    WrittenQuestion,
    address_disagreements,
    is_complete,
    missing_flags,
    ordered_flags,
)
from .names import name_like, read_photo_caption
from .tagging import Tagger

RENDERINGS = ("wq-service", "twfy-modern", "parallel-question", "parallel-listing", "api-id-mirror")
"""The renderings read here, as the hand labels name them."""

SERVICE_STARTED = dt.date(2014, 1, 1)
"""TheyWorkForYou pages of answers from this date on are the service's answers (twfy-modern)."""

_TERMINAL = (".", "?", "!", ".”", '."', ".'", ".)", ":", ";", "”", ")")
_DATE = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"[0-3]?\d(?:st|nd|rd|th)?\s+[A-Z][a-z]+\.?,?\s+\d{4}"
)
_DATE_LINE = re.compile(rf"^{_DATE}\.?$")

# The Written Questions service's page.
_WQ_FOR = re.compile(r"^Question for (?P<body>.+?)\s*$")
_WQ_UIN = re.compile(r"^UIN (?P<uin>(?:HL)?\d+),\s*tabled on (?P<date>.+?)\.?$", re.IGNORECASE)
_WQ_ANSWERED_ON = re.compile(r"^Answered on$")
_WQ_ANSWERED_BY = re.compile(r"^Answered by$")
_WQ_ASKED_BY = re.compile(r"^Asked by$")
_WQ_FURNITURE = re.compile(
    r"^(?:Skip to main content|Named day|Named day questions only occur in the House of Commons.*"
    r"|Grouped questions?:?.*|Question tabled on.*|Answered on .*|Share|Copy link.*)$",
    re.IGNORECASE,
)
_HOLDING_NOTE = re.compile(r"^This answer is the replacement for a previous holding answer\.?$")

# TheyWorkForYou.
_TWFY_ANSWERED = re.compile(
    r"^(?P<body>.+?)\s+written (?:question|answer)s?\s*[–—-]+\s*answered (?:at\s+)?on\s+"
    rf"(?P<date>{_DATE})\.?$",
    re.IGNORECASE,
)
_TWFY_FEEDBACK = re.compile(r"^Does this answer the above question\?$")
_TWFY_FURNITURE = re.compile(
    r"^(?:Alert me about debates like this|Does this answer the above question\?"
    r"|(?:Yes|No)\s*\d+ (?:person|people) thinks?(?: so| not)?"
    r"|Would you like to ask a question like this yourself\?.*|Hide full answer|Show full answer"
    r"|Link to this|Share|Tweet|Email me)$",
    re.IGNORECASE,
)

# Parallel Parliament.
_PP_ASKED_ON = re.compile(r"^\(asked on (?P<date>.+?)\)\s*(?:-\s*View Source)?$", re.IGNORECASE)
_PP_ANSWERED_ON = re.compile(r"^This question was answered on (?P<date>.+?)\.?$", re.IGNORECASE)
_PP_QUESTION_TO = re.compile(r"^Question to (?:the )?(?P<body>[A-Z].{2,80}?):$")
_PP_PORTRAIT = re.compile(r"^(?P<name>.*?)\s*Portrait$")
_PP_SPLINES = re.compile(r"^Reticulating(?: S(?:p(?:l(?:i(?:n(?:e(?:s)?)?)?)?)?)?)?$")
_PP_WRITTEN_QUESTION = re.compile(r"^Written Question$")
_PP_ASKED_BY = re.compile(r"^Asked by:\s*(?P<rest>.+)$")
_PP_ANSWERED_BY = re.compile(r"^Answered by\s+(?P<rest>\S.*)$")
_PP_FURNITURE = re.compile(
    r"^(?:To match an exact phrase, use quotation marks.*"
    r"|Keep yourself up-to-date with the latest.*"
    r"|View sample alert|Reticulating Splines|Subscribe.*|Tweet|Share)$",
    re.IGNORECASE,
)

# The API-id mirror.
_MIRROR_TITLE = re.compile(r"^PARLIAMENTARY WRITTEN QUESTION$")
_MIRROR_HEADING = re.compile(rf"^(?P<heading>.+?)\s*\((?P<date>{_DATE})\)$")
_MIRROR_LICENCE = re.compile(r"^Contains Parliamentary information licensed unde?r?.*$")

_PARTY = re.compile(r"^(?P<name>[^()]+?)\s*(?P<party>\([^()]*\))$")
_QUESTION_START = re.compile(r"^(?:To ask\b|asked (?:Her|His) Majesty's Government)")
_LORDS_OPENER = re.compile(r"(?:asked|To ask) (?:Her|His) Majesty['’]s Government")
_COMMONS_OPENER = re.compile(r"To ask the\b")


@dataclass
class _Raw:
    """What one answer's part of a page prints, before it becomes a ``ParsedAnswer``."""

    heading: str | None = None
    body: str | None = None
    asker: str | None = None
    minister: str | None = None
    minister_role: str | None = None
    date: dt.date | None = None
    date_tabled: dt.date | None = None
    uin: str | None = None
    house: House | None = None
    question: list[str] = field(default_factory=list)
    answer: list[str | None] = field(default_factory=list)  # lines; None marks a blank line
    furniture: list[str] = field(default_factory=list)
    holding: str | None = None


def detect_modern_rendering(text: str, url: str | None = None) -> str | None:
    """Which rendering since 2014 ``text`` is, by the rendering's own marks; None if none."""
    lines = [line.strip() for line in text.split("\n")]
    present = set(lines)
    if "PARLIAMENTARY WRITTEN QUESTION" in present or (
        "Question Asked" in present and "Asked by:" in present
    ):
        return "api-id-mirror"
    if "Written Question" in present and any(_PP_ASKED_BY.match(line) for line in lines):
        return "parallel-listing"
    if any(
        _PP_ASKED_ON.match(line)
        or _PP_ANSWERED_ON.match(line)
        or _PP_QUESTION_TO.match(line)
        or (line.startswith("Reticulating") and _PP_SPLINES.match(line))
        for line in lines
    ):
        return "parallel-question"
    if any(_WQ_UIN.match(line) for line in lines) or any(
        _WQ_ANSWERED_ON.match(line) and _DATE_LINE.match(_next_text(lines, i) or "")
        for i, line in enumerate(lines)
    ):
        return "wq-service"
    for line in lines[:12]:
        answered = _TWFY_ANSWERED.match(line)
        if answered:
            date = parse_day_month_year(answered.group("date"))
            if (date and date >= SERVICE_STARTED) or read_page_address(url).site == "twfy":
                return "twfy-modern"
            return None
    return None


def parse_modern_page(
    text: str | bytes,
    *,
    url: str | None = None,
    date: dt.date | None = None,
    house: str | None = None,
    extent: Extent = Extent.UNKNOWN,
    tagger: Tagger | None = None,
) -> list[ParsedAnswer] | None:
    """Every answer on a page of one of the renderings since 2014; None for any other text.

    ``url`` is the page's address (evidence for date tabled, UIN, house and API id); ``date``
    and ``house`` are what the user says of a page that prints neither (the date answered).
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    rendering = detect_modern_rendering(text, url)
    if rendering is None:
        return None
    lines = [line.strip() for line in text.split("\n")]
    reader = {
        "wq-service": _read_wq_service,
        "twfy-modern": _read_twfy,
        "parallel-question": _read_parallel_question,
        "parallel-listing": _read_parallel_listing,
        "api-id-mirror": _read_mirror,
    }[rendering]
    raws = reader(lines)
    address = read_page_address(url)
    several = len(raws) > 1
    answers = [
        _answer(raw, rendering, address, url, date, house, extent, tagger, several) for raw in raws
    ]
    return [answer for answer in answers if answer.answer or answer.question]


def _next_text(lines: list[str], index: int) -> str | None:
    for line in lines[index + 1 :]:
        if line:
            return line
    return None


def _take_question(lines: list[str], i: int, raw: _Raw) -> int:
    """The question from line ``i`` on: to a blank line, or to a line that ends a sentence."""
    while i < len(lines) and lines[i]:
        raw.question.append(lines[i])
        i += 1
        if raw.question[-1].endswith(("?", ".")):
            break
    return i


# --- the renderings -------------------------------------------------------------------------------


def _read_wq_service(lines: list[str]) -> list[_Raw]:
    raw = _Raw()
    state = "top"  # top → question → between → answer → after
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            if state == "answer":
                raw.answer.append(None)
            continue
        if state in {"top", "question", "between"}:
            match = _WQ_FOR.match(line)
            if match:
                raw.body = match.group("body")
                continue
            match = _WQ_UIN.match(line)
            if match:
                raw.uin = match.group("uin").upper()
                raw.date_tabled = parse_day_month_year(match.group("date"))
                continue
            if _WQ_ASKED_BY.match(line):
                i = _read_name_lines(lines, i, raw, "asker")
                continue
            if _HOLDING_NOTE.match(line):
                raw.holding = line
                continue
            if _WQ_ANSWERED_ON.match(line):
                following = _next_text(lines, i - 1)
                if following and _DATE_LINE.match(following):
                    raw.date = parse_day_month_year(following)
                    i = lines.index(following, i) + 1
                state = "answer"
                continue
            if _WQ_FURNITURE.match(line):
                raw.furniture.append(line)
                continue
            if state == "top" and _QUESTION_START.match(line):
                i = _take_question(lines, i - 1, raw)
                state = "between"
                continue
            if state == "top" and raw.heading is None and not raw.question:
                raw.heading = line
                continue
            raw.furniture.append(line)
            continue
        if state == "answer":
            if _WQ_ANSWERED_BY.match(line):
                i = _read_answered_by(lines, i, raw)
                state = "after"
                continue
            raw.answer.append(line)
            continue
        raw.furniture.append(line)
    return [raw]


def _read_name_lines(lines: list[str], i: int, raw: _Raw, who: str) -> int:
    """After ``Asked by``: the name, then the member's party and seat (furniture)."""
    name = _next_text(lines, i - 1)
    if name is None:
        return i
    i = lines.index(name, i) + 1
    person, party = _name_and_party(name)
    setattr(raw, who, person)
    if party:
        raw.furniture.append(party)
    following = _next_text(lines, i - 1)
    if following and _looks_like_party_line(following):
        raw.furniture.append(following)
        i = lines.index(following, i) + 1
    return i


def _looks_like_party_line(line: str) -> bool:
    return bool(
        re.match(
            r"^(?:Conservative|Labour|Liberal Democrat|Scottish National Party|Crossbench"
            r"|Non-affiliated|Plaid Cymru|Green Party|Independent|Democratic Unionist Party"
            r"|Bishops|Reform UK|Alliance|Social Democratic)\b",
            line,
        )
    )


def _read_answered_by(lines: list[str], i: int, raw: _Raw) -> int:
    """After the service's ``Answered by``: a body, or a minister's name and office."""
    following = _next_text(lines, i - 1)
    if following is None:
        return i
    i = lines.index(following, i) + 1
    if department_from_role(following) == following or _is_body(following):
        raw.body = raw.body or following
        return i
    if name_like(following):
        raw.minister = following
        role = _next_text(lines, i - 1)
        if role and not _is_furniture_start(role) and not _DATE_LINE.match(role):
            raw.minister_role = role
            raw.furniture.append(role)
            i = lines.index(role, i) + 1
    else:
        raw.furniture.append(following)
    return i


def _is_body(line: str) -> bool:
    return bool(
        re.match(
            r"^(?:Home Office|Cabinet Office|HM Treasury|Treasury|Ministry of [A-Z].*"
            r"|(?:Department|Office) (?:for|of) [A-Z].*|Foreign, Commonwealth.*"
            r"|Attorney General|Leader of the House.*|Prime Minister|Northern Ireland Office"
            r"|Scotland Office|Wales Office|Women and Equalities|Church Commissioners"
            r"|House of Commons Commission|Senior Deputy Speaker|Speaker's Committee.*)$",
            line,
        )
    )


def _is_furniture_start(line: str) -> bool:
    return bool(_WQ_FURNITURE.match(line))


def _read_twfy(lines: list[str]) -> list[_Raw]:
    raw = _Raw()
    state = "top"  # top → question → answer → after
    for index, line in enumerate(lines):
        if not line:
            if state == "answer":
                raw.answer.append(None)
            continue
        if state == "after":
            raw.furniture.append(line)
            continue
        answered = _TWFY_ANSWERED.match(line)
        if answered and state == "top":
            raw.date = parse_day_month_year(answered.group("date"))
            body = answered.group("body").strip()
            if re.search(r"\bLords\b", body):
                raw.house = House.LORDS
            elif re.search(r"House of Commons", body):
                raw.house = House.COMMONS
            else:
                raw.house, raw.body = House.COMMONS, body
            raw.furniture.append(line)
            continue
        if _TWFY_FEEDBACK.match(line):
            raw.furniture.append(line)
            state = "after"
            continue
        if _TWFY_FURNITURE.match(line):
            raw.furniture.append(line)
            continue
        caption = read_photo_caption(line)
        if caption:
            name, role = caption
            raw.furniture.append(line)
            asks = _QUESTION_START.match(_next_text(lines, index) or "")
            if state == "top" or (state == "question" and (asks or not raw.question)):
                # Grouped questions: each asker's caption, then that asker's question.
                raw.asker = ", ".join(filter(None, [raw.asker, name]))
                state = "question"
            elif state == "question":
                raw.minister, raw.minister_role = name, role or None
                state = "answer"
            else:
                raw.answer.append(None)  # another speech: leave it a paragraph apart
            continue
        if state == "top" and raw.heading is None:
            raw.heading = line
            continue
        if state in {"top", "question"}:
            raw.question.append(line)
            state = "question"
            continue
        raw.answer.append(line)
    return [raw]


def _read_parallel_question(lines: list[str]) -> list[_Raw]:
    raw = _Raw()
    state = "top"  # top → question → answered-by → answer
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            if state == "answer":
                raw.answer.append(None)
            continue
        if _PP_SPLINES.match(line) and (state != "answer" or _next_text(lines, i - 1) is None):
            raw.furniture.append(line)
            continue
        if state != "answer" or raw.date is None:
            asked = _PP_ASKED_ON.match(line)
            if asked:
                raw.date_tabled = parse_day_month_year(asked.group("date"))
                if "View Source" in line:
                    raw.furniture.append("View Source")
                continue
            question_to = _PP_QUESTION_TO.match(line)
            if question_to and state == "top":
                raw.body = question_to.group("body")
                continue
            answered = _PP_ANSWERED_ON.match(line)
            if answered:
                raw.date = parse_day_month_year(answered.group("date"))
                raw.furniture.append(line)
                state = "answer"
                continue
        if state == "top" and _QUESTION_START.match(line):
            i = _take_question(lines, i - 1, raw)
            state = "question"
            continue
        if state == "top" and raw.heading is None and not raw.body:
            raw.heading = line
            continue
        if state in {"top", "question"} and line == "Answered by":
            state = "answered-by"
            continue
        if state == "answered-by":
            portrait = _PP_PORTRAIT.match(line)
            if portrait:
                raw.furniture.append(line)
                raw.minister = portrait.group("name") or raw.minister
                continue
            if raw.minister is None or line == raw.minister:
                if name_like(line):
                    raw.minister = line
                    continue
            raw.furniture.append(line)  # the site's present description of the member
            raw.minister_role = raw.minister_role or line
            continue
        if state == "question":
            # No "Answered by" block: the copy goes straight from the question to the answer.
            state = "answer"
        raw.answer.append(line)
    return [raw]


def _read_parallel_listing(lines: list[str]) -> list[_Raw]:
    raws: list[_Raw] = []
    before: list[str] = []
    raw: _Raw | None = None
    state = "top"  # heading → date → ask → question → answer
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            if raw is not None and state == "answer":
                raw.answer.append(None)
            continue
        if _PP_WRITTEN_QUESTION.match(line):
            raw = _Raw()
            raws.append(raw)
            state = "heading"
            continue
        if raw is None:
            before.append(line)
            continue
        if state == "heading":
            raw.heading = line
            state = "date"
            continue
        if state == "date" and _DATE_LINE.match(line):
            raw.date = parse_day_month_year(line)
            state = "ask"
            continue
        asked = _PP_ASKED_BY.match(line)
        if asked and state in {"date", "ask"}:
            raw.asker, party = _name_and_party(asked.group("rest"))
            if party:
                raw.furniture.append(party)
            continue
        question_to = _PP_QUESTION_TO.match(line)
        if question_to and state in {"date", "ask"}:
            raw.body = question_to.group("body")
            continue
        if state in {"date", "ask"} and _QUESTION_START.match(line):
            i = _take_question(lines, i - 1, raw)
            state = "question"
            continue
        answered = _PP_ANSWERED_BY.match(line)
        if answered and state in {"ask", "question"}:
            name, _, role = answered.group("rest").partition(" - ")
            raw.minister = name.strip() or None
            if role.strip():
                raw.minister_role = role.strip()
                raw.furniture.append(role.strip())
            state = "answer"
            continue
        if _PP_FURNITURE.match(line):
            raw.furniture.append(line)
            continue
        if state in {"date", "ask", "question"}:
            raw.question.append(line)
            continue
        raw.answer.append(line)
    if raws:
        raws[0].furniture[:0] = before
    return raws


def _read_mirror(lines: list[str]) -> list[_Raw]:
    raw = _Raw()
    state = "top"  # top → question → asked-by → answer → answered-by → after
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            if state == "answer":
                raw.answer.append(None)
            continue
        if _MIRROR_TITLE.match(line) or _MIRROR_LICENCE.match(line):
            raw.furniture.append(line)
            continue
        if state == "top":
            heading = _MIRROR_HEADING.match(line)
            if heading and raw.heading is None:
                raw.heading = heading.group("heading")
                raw.date_tabled = parse_day_month_year(heading.group("date"))
                continue
            if line == "Question Asked":
                state = "question"
                continue
        if state in {"top", "question"} and line == "Asked by:":
            state = "asked-by"
            continue
        if state == "asked-by":
            raw.asker, party = _name_and_party(line)
            if party:
                raw.furniture.append(party)
            state = "before-answer"
            continue
        if line == "Answer" and state in {"question", "before-answer"}:
            state = "answer"
            continue
        if line == "Answered by:" and state == "answer":
            state = "answered-by"
            continue
        if state == "answered-by":
            if _DATE_LINE.match(line):
                raw.date = parse_day_month_year(line)
                state = "after"
                continue
            raw.minister, party = _name_and_party(line)
            if party:
                raw.furniture.append(party)
            continue
        if state == "question":
            raw.question.append(line)
            continue
        if state == "answer":
            raw.answer.append(line)
            continue
        raw.furniture.append(line)
    return [raw]


def _name_and_party(text: str) -> tuple[str | None, str | None]:
    """``Tom Hayes (Labour)`` → the name and ``(Labour)``; a name without brackets stays whole."""
    text = text.strip()
    match = _PARTY.match(text)
    if match:
        return match.group("name").strip() or None, match.group("party")
    return text or None, None


# --- the answer ---------------------------------------------------------------------------------


def _paragraphs(lines: list[str | None]) -> list[str]:
    """Printed lines as paragraphs: a blank line ends one; so does a line that ends a sentence,
    or a long line followed by a new start (pages that print a paragraph a line); shorter lines
    that do neither are one paragraph wrapped (``…Care`` / ``Contract was…``)."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, None]:
        if line is None:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if current:
            previous = current[-1]
            if previous.endswith(_TERMINAL) or (len(previous) >= 100 and line[:1].isupper()):
                paragraphs.append(" ".join(current))
                current = []
        current.append(line)
    return paragraphs


def _answer(
    raw: _Raw,
    rendering: str,
    address: PageAddress,
    url: str | None,
    date: dt.date | None,
    house: str | None,
    extent: Extent,
    tagger: Tagger | None,
    several: bool,
) -> ParsedAnswer:
    flags: list[Flag] = []
    question = " ".join(raw.question).strip()
    paragraphs = _paragraphs(raw.answer)
    if paragraphs and _PP_SPLINES.match(paragraphs[-1]):
        raw.furniture.append(paragraphs.pop())
    cleaned = clean_answer(
        [Block(text=p) for p in paragraphs], uins=(), columns=Columns(), question=question
    )
    flags.extend(cleaned.flags)
    if raw.holding:
        flags.append(
            Flag(FlagKind.HOLDING_ANSWER, "the page says " + raw.holding, text=raw.holding)
        )
    for piece in raw.furniture:
        flags.append(Flag(FlagKind.FURNITURE, "the site's text, not the answer's", piece))

    # On a listing, the address speaks for the page, not for each answer on it.
    from_address = address if not several else PageAddress()
    uin = _agreed(raw.uin, from_address.uin, "UIN", flags)
    uins = (uin,) if uin else ()
    date_tabled = _agreed(raw.date_tabled, from_address.date_tabled, "date tabled", flags)
    answer_date = raw.date or date
    answer_house = (
        _house_from_uin(uin)
        or raw.house
        or _house_from_words(question)
        or address.house
        or house_of(house)
    )
    flags += address_disagreements(address, raw.date, answer_house)

    minister = _person(raw.minister)
    department = answering_body(
        printed=raw.body,
        minister=minister,
        tagger=tagger,
        role=raw.minister_role,
        question=question,
        transferred=any(f.kind == FlagKind.TRANSFERRED for f in cleaned.flags),
    )

    asker = _person(raw.asker)
    placed_at = answer_date or date_tabled  # the earliest it can have been answered
    flags += missing_flags(
        asker=asker,
        minister=minister,
        uins=uins,
        date=answer_date,
        heading=raw.heading,
        uin_hint="no UIN printed or in the address",
        date_hint="no date answered printed: placed at its date tabled; give it with --date"
        if placed_at is not None
        else "no date answered printed: give it with --date",
    )
    complete = is_complete(cleaned.answer, extent or Extent.UNKNOWN)
    api_id = address.api_id if not several else None
    asked = _written_question(
        uins, date_tabled, answer_date, raw.body, department, minister, asker, api_id
    )
    return ParsedAnswer(
        source_format=f"text:{rendering}",
        house=answer_house,
        date=placed_at,  # the date answered, else the date tabled (flagged missing_date)
        uins=uins,
        asker=asker,
        minister=minister,
        department=department,
        heading=raw.heading,
        question=cleaned.question or question,
        answer=cleaned.answer,
        columns=cleaned.columns,
        column_breaks=cleaned.column_breaks,
        url=asked.url if asked and asked.url else url,
        complete=complete,
        flags=ordered_flags(flags),
        kind=SourceKind.SERVICE,
        written_question=asked,
        date_tabled=date_tabled,
        api_id=api_id,
    )


def _written_question(
    uins: tuple[str, ...],
    tabled: dt.date | None,
    answered: dt.date | None,
    printed_body: str | None,
    department: str | None,
    minister: str | None,
    asker: str | None,
    api_id: str | None,
) -> WrittenQuestion | None:
    """The service's block of what the page and its address give, or None where they give no
    date to cite it by (neither answered nor tabled) or a UIN without its date tabled (a UIN
    is reused each session).

    The body is the page's own (as the answer's department names it), never one inferred from
    the minister or the question; the members are as printed, None where not printed."""
    if (answered is None and tabled is None) or (uins and tabled is None):
        return None
    return WrittenQuestion(
        uins=uins,
        date_tabled=tabled,
        url=written_question_page(tabled, uins[0]) if uins and tabled else None,
        answering_body=department if printed_body else None,
        answering_member=minister,
        asking_member=asker,
        api_id=int(api_id) if api_id and api_id.isdigit() else None,
    )


def _agreed(printed, addressed, name: str, flags: list[Flag]):
    """The page's value, else the address's; a disagreement between them is flagged."""
    if printed is not None and addressed is not None and str(printed) != str(addressed):
        flags.append(
            Flag(
                FlagKind.ADDRESS_DISAGREES,
                f"the address gives {name} {addressed}, the page prints {printed}",
            )
        )
    return printed if printed is not None else addressed


_OFFICE_WORDS = re.compile(
    r"^(?:The |Minister|Parliamentary|Secretary|Under-Secretary|Shadow|Chief|Captain"
    r"|Lord Chancellor|Leader|Deputy|Attorney|Solicitor|Chancellor)"
)


def _person(names: str | None) -> str | None:
    """People's names as printed (grouped askers joined by ``, ``); never a role line, a party
    or an acronym."""
    people = [
        name.strip()
        for name in (names or "").split(", ")
        if name_like(name)
        and not name.strip().isupper()
        and not _looks_like_party_line(name.strip())
        and not _OFFICE_WORDS.match(name.strip())
    ]
    return ", ".join(people) or None


def _house_from_uin(uin: str | None) -> House | None:
    if not uin:
        return None
    return House.LORDS if uin.upper().startswith("HL") else House.COMMONS


def _house_from_words(question: str) -> House | None:
    if _LORDS_OPENER.search(question):
        return House.LORDS
    if _COMMONS_OPENER.search(question):
        return House.COMMONS
    return None
