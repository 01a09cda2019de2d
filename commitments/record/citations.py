"""Citations built from their parts: printed Hansard's ``HC Deb 08 July 2002 vol 388 cc741-2W``,
the Written Questions service's ``UIN 58924, tabled 19 October 2021, answered 25 October
2021``, and a written ministerial statement's ``HCWS751 / HLWS745, made 1 February 2021``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence


def column_range(first: int, last: int) -> str:
    """``741, 742`` → ``cc741-2``; ``1278, 1291`` → ``cc1278-91``; ``977, 977`` → ``c977``."""
    if last == first:
        return f"c{first}"
    a, b = str(first), str(last)
    if len(a) == len(b):
        keep = next((i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y), len(b))
        b = b[keep:]
    return f"cc{a}-{b}"


def format_citation(
    house: str,
    date: dt.date,
    volume: int | None,
    first: int | None,
    last: int | None,
    series: str,
) -> str:
    """The citation from its parts; a part not known (None) is left out."""
    parts = [f"{'HC' if house == 'Commons' else 'HL'} Deb {date.day:02d} {date:%B %Y}"]
    if volume is not None:
        parts.append(f"vol {volume}")
    if first is not None:
        parts.append(f"{column_range(first, last if last is not None else first)}{series}")
    return " ".join(parts)


def format_written_question_citation(
    uins: Sequence[str],
    tabled: dt.date | None,
    answered: dt.date | None,
    api_id: int | None = None,
) -> str:
    """As the Written Questions service prints it: ``UIN 58924, tabled 19 October 2021, answered
    25 October 2021``; ``UIN HL3235, …`` in the Lords; a grouped set lists its UINs (``UINs
    143686, 143687 and 143688, tabled …``).

    What the copy did not print is said, never filled in: ``Written question (UIN not
    printed), answered 23 February 2015``; ``…, tabled 8 October 2024, date answered not
    printed``; with the service's id of the question where that is all that names it
    (``Written question (UIN not printed; service id 1732607), …``)."""
    numbers = list(uins)
    if not numbers:
        known = f"; service id {api_id}" if api_id is not None else ""
        named = f"Written question (UIN not printed{known})"
    elif len(numbers) == 1:
        named = f"UIN {numbers[0]}"
    else:
        named = f"UINs {', '.join(numbers[:-1])} and {numbers[-1]}"
    parts = [named]
    if tabled is not None:
        parts.append(f"tabled {long_date(tabled)}")
    parts.append(f"answered {long_date(answered)}" if answered else "date answered not printed")
    return ", ".join(parts)


def long_date(date: dt.date) -> str:
    """``19 October 2021``, as the service prints its dates."""
    return f"{date.day} {date:%B %Y}"


WRITTEN_QUESTIONS_SITE = "https://questions-statements.parliament.uk/written-questions/detail"


def written_question_page(tabled: dt.date, uin: str) -> str:
    """The service's page of a question: ``…/written-questions/detail/2021-10-19/58924``."""
    return f"{WRITTEN_QUESTIONS_SITE}/{tabled.isoformat()}/{uin}"


def format_written_statement_citation(references: Sequence[str], made: dt.date) -> str:
    """A written ministerial statement by its references and the day it was made:
    ``HCWS751, made 1 February 2021``; one made in both Houses names both (``HCWS751 /
    HLWS745, made 1 February 2021``)."""
    return f"{' / '.join(references)}, made {long_date(made)}"


WRITTEN_STATEMENTS_SITE = "https://questions-statements.parliament.uk/written-statements/detail"


def written_statement_page(made: dt.date, reference: str) -> str:
    """The service's page of a statement: ``…/written-statements/detail/2021-02-01/HCWS751``."""
    return f"{WRITTEN_STATEMENTS_SITE}/{made.isoformat()}/{reference}"
