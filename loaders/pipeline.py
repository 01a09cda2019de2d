"""One call from raw input to answers with candidates: parse, clean, extract.

``detect_format`` tells the three inputs apart by name and content; ``load_answers`` runs the
parser named by the format and then extraction with the registry.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .extract import extract_candidates
from .hansard_text import parse_hansard_text
from .model import ParsedAnswer
from .registry import Registry
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
    complete: bool | None = None,
    registry: Registry | None = None,
) -> list[ParsedAnswer]:
    """Parse ``raw`` in its format and add each answer's candidates."""
    fmt = fmt or detect_format(raw, filename)
    if fmt == "twfy-xml":
        answers = parse_twfy_xml(raw, house=house, registry=registry)
    elif fmt == "wq-json":
        answers = parse_wq_json(raw, registry=registry)
    elif fmt == "text":
        answers = parse_hansard_text(
            raw, date=date, house=house, url=url, complete=complete, registry=registry
        )
    else:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    return [extract_candidates(answer, registry) for answer in answers]
