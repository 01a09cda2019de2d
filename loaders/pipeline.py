"""One call from raw input to answers with candidates: parse, clean, extract.

``detect_format`` tells the three inputs apart by name and content; ``load_answers`` runs the
parser named by the format and then extraction, tagging with the registry's ``Tagger``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .extract import extract_candidates
from .hansard_text import parse_hansard_text
from .model import Extent, ParsedAnswer
from .tagging import Tagger
from .twfy_xml import parse_twfy_xml
from .wq_json import parse_wq_json

FORMATS = ("text", "twfy-xml", "wq-json")


def detect_format(raw: bytes | str, filename: str | Path | None = None) -> str:
    """``twfy-xml``, ``wq-json`` or ``text``, from the file name and the first characters."""
    suffix = Path(filename).suffix.lower() if filename else ""
    if suffix == ".xml":
        return "twfy-xml"
    if suffix == ".json":
        return "wq-json"
    head = raw[:200].lstrip() if isinstance(raw, str) else raw[:200].lstrip().decode("latin-1")
    head = head.lstrip("\ufeff")
    if head.startswith(("<?xml", "<publicwhip")):
        return "twfy-xml"
    if head.startswith(("{", "[")):
        return "wq-json"
    return "text"


def load_answers(
    raw: bytes | str,
    *,
    fmt: str | None = None,
    filename: str | Path | None = None,
    date: dt.date | None = None,
    house: str | None = None,
    url: str | None = None,
    extent: Extent = Extent.UNKNOWN,
    tagger: Tagger | None = None,
) -> list[ParsedAnswer]:
    """Parse ``raw`` in its format and add each answer's candidates.

    ``date``, ``house``, ``url`` and ``extent`` are what the user says of a text that does not
    print them (see ``parse_hansard_text``); ``tagger`` names the registry's programmes, agencies,
    metrics and ministers' departments (``Tagger.of(registry)``)."""
    fmt = fmt or detect_format(raw, filename)
    tagger = tagger or Tagger.of()
    if fmt == "twfy-xml":
        answers = parse_twfy_xml(raw, house=house, tagger=tagger)
    elif fmt == "wq-json":
        answers = parse_wq_json(raw, tagger=tagger)
    elif fmt == "text":
        answers = parse_hansard_text(
            raw, date=date, house=house, url=url, extent=extent, tagger=tagger
        )
    else:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    return [extract_candidates(answer, tagger) for answer in answers]
