"""Hansard citations, printed dates and page addresses, as the text prints them.

A citation reads ``HC Deb 08 July 2002 vol 388 cc741-2W``: house, date, volume, then ``c`` for one
column or ``cc`` for a range whose end keeps only the digits that change, then the series (``W``
Commons written answers, ``WA`` Lords). OSCOLA's ``col WA71`` is read as well.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlparse

from commitments.record.model import House

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip

MONTH_PATTERN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
DAY_MONTH_YEAR = re.compile(
    r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<month>" + MONTH_PATTERN
    + r")\s*,?\s+(?P<year>(?:1[89]|20)\d\d)\b",
    re.IGNORECASE,
)  # fmt: skip

_COLUMN = (
    r"(?:(?P<cc>cc?|cols?\.?|columns?)\s*"
    r"(?:(?P<pre>WA|WS|WH|W)\s*)?(?P<first>\d{1,4})(?:\s*[-–]\s*(?P<last>\d{1,4}))?"
    r"\s*(?P<series>WA|WS|WH|W)?)"
)
CITATION = re.compile(
    r"\b(?P<house>HC|HL)\s+Deb\.?,?\s+(?P<date>[0-3]?\d(?:st|nd|rd|th)?\s+" + MONTH_PATTERN
    + r"\s*,?\s+\d{4})\s*,?\s*(?:vol\.?\s*(?P<volume>\d{1,4})\s*,?\s*)?" + _COLUMN + r"?",
    re.IGNORECASE,
)  # fmt: skip


def parse_day_month_year(text: str) -> dt.date | None:
    """The first printed date in ``text`` (``4th May 2004``, ``08 July 2002``), if any."""
    match = DAY_MONTH_YEAR.search(text)
    if not match:
        return None
    return _date(match.group("day"), match.group("month"), match.group("year"))


def _date(day: str, month: str, year: str) -> dt.date | None:
    number = MONTHS.get(month.lower().rstrip("."))
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        return None


@dataclass(frozen=True)
class PrintedCitation:
    """A citation as read from the text."""

    house: House
    date: dt.date | None
    volume: int | None
    first: int | None
    last: int | None
    series: str | None
    text: str


def parse_citation(text: str) -> PrintedCitation | None:
    """Read the first Hansard citation in ``text``."""
    match = CITATION.search(text)
    if not match:
        return None
    house = House.COMMONS if match.group("house").upper() == "HC" else House.LORDS
    first = last = None
    series = None
    if match.group("first"):
        first = int(match.group("first"))
        last = expand_column_range(first, match.group("last")) if match.group("last") else first
        series = (match.group("series") or match.group("pre") or "").upper() or None
    volume = int(match.group("volume")) if match.group("volume") else None
    return PrintedCitation(
        house=house,
        date=parse_day_month_year(match.group("date")),
        volume=volume,
        first=first,
        last=last,
        series=series,
        text=match.group(0).strip(),
    )


def expand_column_range(first: int, end: str) -> int:
    """``741`` and ``"2"`` → 742; ``1278`` and ``"91"`` → 1291; a full end is kept."""
    start = str(first)
    if len(end) >= len(start):
        return int(end)
    return int(start[: len(start) - len(end)] + end)


def format_date(date: dt.date) -> str:
    """``08 July 2002``, as historic Hansard prints it in citations."""
    return f"{date.day:02d} {MONTH_NAMES[date.month - 1]} {date.year}"


def slug(text: str) -> str:
    """Lower-case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class PageAddress:
    """What a page's address says about the answer on it."""

    date: dt.date | None = None
    house: House | None = None
    column: int | None = None
    heading: str | None = None
    uin: str | None = None
    date_tabled: dt.date | None = None
    api_id: str | None = None
    site: str | None = None
    """For the sites of answers since 2014: ``wq-service``, ``twfy``, ``parallel`` or
    ``api-id-mirror``, the site whose address this is."""


_HISTORIC = re.compile(
    r"/historic-hansard/(?P<section>written[-_]answers|lords|commons|written[-_]statements)/"
    r"(?P<year>\d{4})/(?P<month>[a-z]{3})/(?P<day>\d{1,2})(?:/(?P<slug>[^/?#]+))?",
    re.IGNORECASE,
)
_TWFY_ID = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})[a-z]?\.(?P<column>\d+)\.\d+")
_NEW_HANSARD = re.compile(r"/(?P<house>Commons|Lords)/(?P<date>\d{4}-\d{2}-\d{2})/", re.IGNORECASE)
_TWFY_MODERN_ID = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})\.(?P<uin>(?:HL)?\d+)\.h$", re.IGNORECASE
)
_WQ_DETAIL = re.compile(
    r"/written-questions/detail/(?P<date>\d{4}-\d{2}-\d{2})/(?P<uin>(?:HL)?\d+)(?:/|$)",
    re.IGNORECASE,
)
_PARALLEL_QUESTION = re.compile(r"^/question/(?P<uin>(?:HL)?\d+)(?:/|$)", re.IGNORECASE)
_API_ID_MIRROR = re.compile(r"^/parliament/written/(?P<id>\d+)(?:/|$)")
_DAILY_PAGE = re.compile(
    r"/pa/(?P<house>cm|ld)\d{6}/(?:cm|ld)hansrd/(?:vo|cm|ld)(?P<yy>\d\d)(?P<mm>\d\d)(?P<dd>\d\d)/",
    re.IGNORECASE,
)
"""publications.parliament.uk daily pages: ``/pa/cm200506/cmhansrd/vo060522/…`` (the day)."""


def read_page_address(url: str | None) -> PageAddress:
    """Date, house, column, heading, UIN and API id from a page's address.

    Historic Hansard, hansard.parliament.uk and TheyWorkForYou's pages before 2014 give the date
    answered. The addresses of answers since 2014 give the date *tabled*, never the date
    answered: the Written Questions service's ``…/written-questions/detail/2021-10-19/58924/``
    and TheyWorkForYou's ``…/wrans/?id=2024-08-30.3373.h`` give it with the UIN; Parallel
    Parliament's ``…/question/HL5475/…`` gives the UIN only; ``streetguide.co.uk/parliament/
    written/1728247/…`` gives the service's API id. A UIN's form gives the house (``HL5475``
    is the Lords', a bare number the Commons').
    """
    if not url:
        return PageAddress()
    parsed = urlparse(url.strip())
    path = unquote(parsed.path)
    host = parsed.netloc.lower()
    match = _HISTORIC.search(path)
    if match:
        date = _date(match.group("day"), match.group("month"), match.group("year"))
        section = match.group("section").lower()
        house = {"lords": House.LORDS, "commons": House.COMMONS}.get(section)
        heading = match.group("slug")
        return PageAddress(
            date=date,
            house=house,
            heading=heading.replace("-", " ").replace("_", " ").title() if heading else None,
        )
    if "theyworkforyou.com" in host:
        ids = parse_qs(parsed.query).get("id") or parse_qs(parsed.query).get("gid") or []
        modern = _TWFY_MODERN_ID.match(ids[0].strip()) if ids else None
        if modern:
            return _since_2014("twfy", modern.group("uin"), modern.group("date"))
        match = _TWFY_ID.search(ids[0]) if ids else None
        if match:
            house = House.LORDS if path.startswith("/lords") else None
            return PageAddress(
                date=dt.date.fromisoformat(match.group("date")),
                house=house,
                column=int(match.group("column")),
            )
        return PageAddress()
    if "questions-statements.parliament.uk" in host:
        detail = _WQ_DETAIL.search(path)
        if detail:
            return _since_2014("wq-service", detail.group("uin"), detail.group("date"))
        uin = path.rstrip("/").rsplit("/", 1)[-1]
        return PageAddress(uin=uin or None, site="wq-service")
    if "parallelparliament.co.uk" in host:
        question = _PARALLEL_QUESTION.match(path)
        return _since_2014("parallel", question.group("uin") if question else None, None)
    if "streetguide.co.uk" in host:
        mirror = _API_ID_MIRROR.match(path)
        return PageAddress(api_id=mirror.group("id") if mirror else None, site="api-id-mirror")
    match = _NEW_HANSARD.search(path)
    if match:
        return PageAddress(
            date=dt.date.fromisoformat(match.group("date")),
            house=House(match.group("house").title()),
        )
    match = _DAILY_PAGE.search(path)
    if match and "publications.parliament.uk" in host:
        yy, mm, dd = (int(match.group(k)) for k in ("yy", "mm", "dd"))
        try:
            date = dt.date(2000 + yy if yy < 70 else 1900 + yy, mm, dd)
        except ValueError:
            date = None
        house = House.COMMONS if match.group("house").lower() == "cm" else House.LORDS
        return PageAddress(date=date, house=house)
    return PageAddress()


def _since_2014(site: str, uin: str | None, tabled: str | None) -> PageAddress:
    """An address of an answer since 2014: its UIN (house from the UIN's form), date tabled."""
    uin = uin.upper() if uin else None
    house = None
    if uin:
        house = House.LORDS if uin.startswith("HL") else House.COMMONS
    try:
        date_tabled = dt.date.fromisoformat(tabled) if tabled else None
    except ValueError:
        date_tabled = None
    return PageAddress(house=house, uin=uin, date_tabled=date_tabled, site=site)


def house_of(name: str | None) -> House | None:
    """The House a user names (``commons``, ``HC``, ``House of Lords`` …); None when none is."""
    if not name:
        return None
    key = name.strip().lower()
    if key in {"commons", "hc", "house of commons"}:
        return House.COMMONS
    if key in {"lords", "hl", "house of lords"}:
        return House.LORDS
    raise ValueError(f"house {name!r} is not commons or lords")
