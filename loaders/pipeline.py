"""One call from raw input to answers with candidates: parse, clean, extract.

``detect_format`` tells the four inputs apart by name and content (a JSON document of written
statements from one of written questions by its records); ``load_answers`` runs the
parser named by the format and then extraction, tagging with the registry's ``Tagger``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from .extract import extract_candidates
from .hansard_text import parse_hansard_text
from .model import Extent, ParsedAnswer
from .tagging import Tagger
from .twfy_xml import parse_twfy_xml
from .wq_json import parse_wq_json
from .ws_json import is_statements_document, parse_ws_json

FORMATS = ("text", "twfy-xml", "wq-json", "ws-json")


def detect_format(raw: bytes | str, filename: str | Path | None = None) -> str:
    """``twfy-xml``, ``wq-json``, ``ws-json`` or ``text``, from the file name and from what the
    content is (JSON of written statements is ``ws-json``, any other JSON ``wq-json``).

    Content is JSON only when it parses as JSON, and XML only when it opens with an XML
    declaration or a parlparse root element: a text page may well start with "[" (``[holding
    answer 11 January 2010]: …``) or "{"."""
    suffix = Path(filename).suffix.lower() if filename else ""
    if suffix == ".xml":
        return "twfy-xml"
    if suffix == ".json":
        return _json_format(raw)
    head = raw[:200].lstrip() if isinstance(raw, str) else raw[:200].lstrip().decode("latin-1")
    head = head.lstrip("\ufeff").lstrip()
    if head.startswith(("<?xml", "<publicwhip")):
        return "twfy-xml"
    if head.startswith(("{", "[")) and _is_json(raw):
        return _json_format(raw)
    return "text"


def _json_format(raw: bytes | str) -> str:
    """``ws-json`` for a document of written statements, else ``wq-json`` (which says what is
    wrong with a document that is neither, or is not JSON)."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        document = json.loads(text.strip().lstrip("\ufeff"))
    except (ValueError, UnicodeDecodeError):
        return "wq-json"
    return "ws-json" if is_statements_document(document) else "wq-json"


def _reads_as_answer(answer: ParsedAnswer) -> bool:
    """A question, a question number or a sentence's worth of words: what a page holds."""
    return bool(answer.question or answer.uins or len(answer.answer.split()) >= 6)


def _opens_like_json(raw: bytes | str) -> bool:
    head = raw[:20] if isinstance(raw, str) else raw[:20].decode("latin-1")
    return head.lstrip("\ufeff").lstrip().startswith(("{", "["))


def _is_json(raw: bytes | str) -> bool:
    """Whether ``raw`` parses as a JSON object or list."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        value = json.loads(text.strip().lstrip("\ufeff"))
    except (ValueError, UnicodeDecodeError):
        return False
    return isinstance(value, (dict, list))


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
    detected = fmt is None
    fmt = fmt or detect_format(raw, filename)
    tagger = tagger or Tagger.of()
    if fmt == "twfy-xml":
        answers = parse_twfy_xml(raw, house=house, tagger=tagger)
    elif fmt == "wq-json":
        answers = parse_wq_json(raw, tagger=tagger)
    elif fmt == "ws-json":
        answers = parse_ws_json(raw, tagger=tagger)
    elif fmt == "text":
        answers = parse_hansard_text(
            raw, date=date, house=house, url=url, extent=extent, tagger=tagger
        )
        if detected and _opens_like_json(raw) and not any(map(_reads_as_answer, answers)):
            # Neither JSON (it does not parse) nor a page with an answer in it: say so, rather
            # than quietly finding nothing in what was probably a broken JSON file.
            raise ValueError(
                "the input opens like JSON but is not JSON, and holds no answer as text"
            )
    else:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    return [extract_candidates(answer, tagger) for answer in distinct_ids(answers)]


def distinct_ids(answers: list[ParsedAnswer]) -> list[ParsedAnswer]:
    """The answers of one page, each with an id of its own: a later answer that would have an
    earlier one's id (several answers with no question number, column or heading) gets ``-2``,
    ``-3``…, so no draft of the page is lost to another's file name."""
    seen: dict[str | None, int] = {}
    out = []
    for answer in answers:
        key = answer.id
        count = seen[key] = seen.get(key, 0) + 1
        out.append(answer if key is None or count == 1 else replace(answer, id_suffix=str(count)))
    return out
