"""Which department answered: from the office a question is put to, or the minister's office.

``To ask the Secretary of State for the Home Department`` was answered by the Home Office. A
transferred question ("I have been asked to reply") was answered elsewhere, so its addressee is not
used; the registry's minister entry, or the minister's office as TheyWorkForYou prints it, is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .tagging import Tagger

_SPECIAL = {
    "the home department": "Home Office",
    "foreign and commonwealth affairs": "Foreign and Commonwealth Office",
    "foreign, commonwealth and development affairs": "Foreign, Commonwealth and Development Office",
    "defence": "Ministry of Defence",
    "health": "Department of Health",
    "health and social care": "Department of Health and Social Care",
    "justice": "Ministry of Justice",
    "constitutional affairs": "Department for Constitutional Affairs",
    "trade and industry": "Department of Trade and Industry",
    "northern ireland": "Northern Ireland Office",
    "scotland": "Scotland Office",
    "wales": "Wales Office",
    "social security": "Department of Social Security",
}
_OFFICES = {
    "chancellor of the exchequer": "HM Treasury",
    "prime minister": "Prime Minister's Office",
    "attorney-general": "Attorney General's Office",
    "attorney general": "Attorney General's Office",
    "solicitor-general": "Attorney General's Office",
    "solicitor general": "Attorney General's Office",
    "leader of the house": "Leader of the House of Commons",
    "deputy prime minister": "Office of the Deputy Prime Minister",
}
_ADDRESSEE = re.compile(r"(?:\bTo ask|\basked) (?:the )?(?P<office>[A-Z][^;:]*)")
_SECRETARY = re.compile(r"^Secretary of State for (?P<brief>.+)$")
_KNOWN_BODIES = re.compile(
    r"\b(Home Office|Cabinet Office|HM Treasury|Ministry of (?:Defence|Justice)|"
    r"(?:Department|Office) (?:for|of) [A-Z][\w,' ]*?[A-Za-z]|Foreign(?:, | and )Commonwealth"
    r"(?: and Development)? Office|Northern Ireland Office|Scotland Office|Wales Office)"
    r"(?=[),;.]|\s*\(|\s*$|\s+Minister)"
)


def department_from_question(question: str) -> str | None:
    """``To ask the Secretary of State for Health …`` was answered by the Department of Health."""
    match = _ADDRESSEE.search(question)
    if not match:
        return None
    office = _trim_office(match.group("office"))
    secretary = _SECRETARY.match(office)
    if secretary:
        brief = secretary.group("brief")
        return _SPECIAL.get(brief.lower(), f"Department for {brief}")
    known = _OFFICES.get(office.lower())
    if known:
        return known
    minister = _MINISTER_FOR.match(office)
    if minister:
        # "To ask the Minister for Women and Equality …": a Minister with a brief of her own
        # answers as that office, or as the department the brief names.
        body = _KNOWN_BODIES.search(minister.group("brief"))
        return body.group(1).strip() if body else office
    return None


_MINISTER_FOR = re.compile(r"^Minister for (?P<brief>(?:the )?[A-Z].*)$")


def _trim_office(office: str) -> str:
    words: list[str] = []
    for word in office.split():
        if word.endswith(",") and word[0].isupper():
            words.append(word)
            continue
        if word[0].isupper() or word in {"of", "for", "the", "and"} or word[0] == "-":
            words.append(word)
        else:
            break
    while words and words[-1] in {"of", "for", "the", "and"}:
        words.pop()
    return " ".join(words).rstrip(",")


def department_from_role(role: str | None) -> str | None:
    """``Minister of State, Home Office, …`` → Home Office."""
    if not role:
        return None
    match = _KNOWN_BODIES.search(role)
    if match:
        return match.group(1).strip()
    bracket = re.search(r"\((Home Office|Cabinet Office|HM Treasury)\)", role)
    return bracket.group(1) if bracket else None


def department_from_heading(heading: str | None) -> str | None:
    """A parlparse major heading (``WORK AND PENSIONS``) as the department it names."""
    if not heading:
        return None
    name = " ".join(heading.split()).title().replace(" And ", " and ").replace(" Of ", " of ")
    if name.lower() in {"home department", "home office"}:
        return "Home Office"
    special = _SPECIAL.get(name.lower())
    if special:
        return special
    if name.lower().startswith(("department", "ministry", "office", "hm ")):
        return name
    if name.lower() in {"cabinet office", "treasury"}:
        return "Cabinet Office" if name.lower() == "cabinet office" else "HM Treasury"
    return f"Department for {name}"


def answering_body(
    *,
    minister: str | None,
    tagger: Tagger | None,
    role: str | None,
    question: str,
    transferred: bool,
    printed: str | None = None,
    page: str | None = None,
) -> str | None:
    """Which department answered, from the best evidence there is: the body the page prints;
    the registry's department of the minister; the minister's office; the page's department
    heading; the office the question is put to (never for a transferred question, which another
    department answers)."""
    department = printed
    if department is None and tagger and minister:
        department = tagger.department_of(minister)
    if department is None:
        department = department_from_role(role) or page
    if department is None and not transferred:
        department = department_from_question(question)
    return department
