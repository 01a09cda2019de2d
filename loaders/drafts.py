"""Draft YAML files from a parsed answer: the answer, and a record for each chosen candidate.

Every draft record carries one status event, ``needs_review``, dated the answer's date with the
answer as its source, so ``python -m commitments validate`` accepts it as a draft. A figure that
no registry metric matched has the metric ``unclassified`` until an analyst chooses one. A figure
that a correction of its answer changed is quoted as first given, and carries a second event,
``corrected``, dated the correction, quoting the corrected sentence, with the corrected value.

``build_drafts`` is pure (answer in, ``{relative path: YAML text}`` out); ``write_drafts`` writes
them, never over an existing file, each through a temporary file in the same folder. The YAML is
the data folder's own (``commitments.folder.writing``), as are the file names (``DataFolder``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from commitments.folder.layout import DataFolder
from commitments.folder.writing import write_atomic, yaml_bytes
from commitments.record.model import UNCLASSIFIED_METRIC, Basis, House, SourceKind
from commitments.record.status import DRAFT_STATUS, FigureStatus

from .citations import slug
from .corrections import original_text
from .model import Candidate, Correction, ParsedAnswer, plain_number, squash

EDITABLE = {
    "id",
    "title",
    "programmes",
    "agencies",
    "tags",
    "metric",
    "unit",
    "basis",
    "responsible",
}
_STAGE_NOTES = {
    "announced": "Draft: the words announce future action.",
    "in_progress": "Draft: the words report action under way.",
    "delivered": (
        "Draft: the words report action done; it may be a status event of an earlier record."
    ),
}


class DraftError(ValueError):
    """The answer lacks what a draft file must hold (a date, a house, or for an answer of the
    Written Questions service a date to cite it by, and with a UIN its date tabled)."""


def missing_for_draft(answer: ParsedAnswer) -> list[str]:
    """What a draft answer file needs that the answer does not give, in words: its date and
    house; and for an answer of the Written Questions service whose block could not be made
    (no date to cite it by, or a UIN without its date tabled: a UIN is reused each session),
    its UIN and date tabled, never guessed."""
    wanted = [("date", answer.date), ("house", answer.house)]
    if answer.kind is SourceKind.SERVICE and answer.written_question is None:
        wanted += [("UIN", answer.uins or None), ("date tabled", answer.date_tabled)]
    if answer.kind is SourceKind.STATEMENT and answer.written_statement is None:
        wanted += [("reference", answer.uins or None), ("title", answer.heading)]
    return [name for name, value in wanted if value is None]


def missing_message(answer: ParsedAnswer, missing: list[str]) -> str:
    """Why no draft can be made of ``answer``, and how to give what is missing."""
    verb = "is" if len(missing) == 1 else "are"
    hints = []
    if "date" in missing or "house" in missing:
        hints.append("give them with --date/--house or the page's --url")
    if "UIN" in missing or "date tabled" in missing:
        hints.append(
            "an answer of the Written Questions service is cited by its UIN and dates: read it "
            "from a page that prints them (the service's own), or give the service's address "
            "of a page of one answer with --url "
            "(questions-statements.parliament.uk/written-questions/detail/<date tabled>/<UIN>)"
        )
    if "reference" in missing:
        hints.append(
            "a written statement is cited by its reference (HCWS751, HLWS745) and the day it "
            "was made: read it from the service's JSON, which gives both"
        )
    return f"the answer's {_and(missing)} {verb} not known: {'; '.join(hints)}"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def build_drafts(
    answer: ParsedAnswer,
    selected: Iterable[int] | None = None,
    edits: Mapping[int, Mapping[str, Any]] | None = None,
) -> dict[str, str]:
    """``{"answers/<id>.yaml": …, "records/<id>.yaml": …}`` for the answer and chosen candidates.

    ``selected`` holds indexes into ``answer.candidates`` (all of them when ``None``); ``edits``
    maps an index to new values for any of ``id``, ``title``, ``programmes``, ``agencies``,
    ``tags``, ``metric``, ``unit``, ``basis``, ``responsible``.
    """
    edits = edits or {}
    for index, edit in edits.items():
        unknown = set(edit) - EDITABLE
        if unknown:
            raise ValueError(f"candidate {index}: cannot edit {', '.join(sorted(unknown))}")
    document = answer_document(answer)
    files = {DataFolder.answer_name(document["id"]): dump_yaml(document)}
    indexes = range(len(answer.candidates)) if selected is None else list(selected)
    used: set[str] = set()
    for index in indexes:
        if not 0 <= index < len(answer.candidates):
            raise IndexError(f"no candidate {index}: the answer has {len(answer.candidates)}")
        record = record_document(answer, answer.candidates[index], edits.get(index, {}))
        record["id"] = unique_id(record["id"], used)
        files[DataFolder.record_name(record["id"])] = dump_yaml(record)
    return files


def answer_document(answer: ParsedAnswer) -> dict[str, Any]:
    """The answer as ``answers/<id>.yaml`` holds it (format: data/README.md)."""
    missing = missing_for_draft(answer)
    if missing:
        raise DraftError(missing_message(answer, missing))
    return {
        "id": answer.id,
        "house": answer.house.value,
        "date": answer.date,
        "citation": answer.citation,
        **_cited_by(answer),
        "uins": list(answer.uins),
        "asker": answer.asker,
        "minister": answer.minister,
        "department": answer.department,
        "heading": answer.heading,
        "question": answer.question,
        "answer": answer.answer,
        "column_breaks": [{"column": b.column, "offset": b.offset} for b in answer.column_breaks],
        "url": answer.url,
        "complete": answer.complete,
        "flags": [flag.to_dict() for flag in answer.flags],
    }


def _cited_by(answer: ParsedAnswer) -> dict[str, Any]:
    """The Written Questions service's ``written_question``, a statement's
    ``written_statement``, or printed Hansard's ``citation_parts``: what the answer's citation
    is built from."""
    if answer.written_question is not None:
        return {"written_question": answer.written_question.to_dict(answer.date_answered)}
    if answer.written_statement is not None:
        return {"written_statement": answer.written_statement.to_dict(answer.date)}
    columns = answer.columns
    return {
        "citation_parts": {
            "volume": columns.volume,
            "first_column": columns.first,
            "last_column": columns.last if columns.last is not None else columns.first,
            # null for both where the page prints no column (hansard.parliament.uk pages)
            "series": columns.series or ("WA" if answer.house == House.LORDS else "W"),
            "inferred": list(columns.inferred),
        }
    }


def record_document(
    answer: ParsedAnswer, candidate: Candidate, edit: Mapping[str, Any]
) -> dict[str, Any]:
    """One draft record for ``candidate`` (a figure or a commitment) with ``edit`` applied; a
    figure with a ``correction`` quoted as first given, and corrected by a second event."""
    if squash(candidate.quote) not in squash(_quoted_text(answer, candidate)):
        raise DraftError(f"quote not found in the answer: {candidate.quote[:60]!r}")
    title = edit.get("title") or default_title(candidate)
    record: dict[str, Any] = {
        "id": edit.get("id") or default_id(answer.date, title),
        "kind": candidate.kind,
        "title": title,
        "quote": candidate.quote,
        "source": answer.id,
        "programmes": list(edit.get("programmes", candidate.programmes)),
        "agencies": list(edit.get("agencies", candidate.agencies)),
        "tags": list(edit.get("tags", [])),
    }
    event: dict[str, Any] = {
        "date": answer.date,
        "status": DRAFT_STATUS,
        "source": answer.id,
        "quote": candidate.quote,
    }
    if candidate.kind == "figure":
        period = candidate.period
        record.update(
            {
                "metric": edit.get("metric") or candidate.metric or UNCLASSIFIED_METRIC,
                "value": plain_number(candidate.value),
                "value_high": plain_number(candidate.value_high),
                "lower_bound": candidate.lower_bound,
                "unit": edit.get("unit") or candidate.unit,
                "period": {
                    "words": period.words if period else "not stated",
                    "start": period.start if period else None,
                    "end": period.end if period else None,
                },
                "basis": edit.get("basis") or candidate.basis or Basis.POINT_IN_TIME.value,
            }
        )
    else:
        due = candidate.due
        if due is not None:
            record["due"] = {"words": due.words, "start": due.start, "end": due.end}
        record["responsible"] = edit.get("responsible", answer.department)
        if candidate.stage in _STAGE_NOTES:
            event["note"] = _STAGE_NOTES[candidate.stage]
    record["history"] = [event]
    if candidate.kind == "figure" and candidate.correction is not None:
        record["history"].append(_corrected_event(answer, candidate.correction))
    return record


def _quoted_text(answer: ParsedAnswer, candidate: Candidate) -> str:
    """The text a candidate quotes: the answer's, or for a figure a correction changed, the
    answer's as first given (its ``correction_original`` flag)."""
    if candidate.correction is not None:
        return original_text(answer) or ""
    return answer.answer


def _corrected_event(answer: ParsedAnswer, correction: Correction) -> dict[str, Any]:
    """The ``corrected`` event of a figure a correction changed: the corrected sentence of the
    same answer, with the value it gives, dated the correction."""
    if squash(correction.quote) not in squash(answer.answer):
        raise DraftError(f"corrected quote not found in the answer: {correction.quote[:60]!r}")
    event: dict[str, Any] = {
        "date": correction.date,
        "status": FigureStatus.CORRECTED.value,
        "source": answer.id,
        "quote": correction.quote,
        "value": plain_number(correction.value),
    }
    if correction.value_high is not None:
        event["value_high"] = plain_number(correction.value_high)
    event["note"] = "Draft: the answer was corrected; the corrected value is this event's."
    return event


def default_title(candidate: Candidate) -> str:
    """A figure: ``Reflex: 67 arrests, since April 2001`` (``…, corrected to 70`` when a
    correction changed it); a commitment: its words, shortened."""
    if candidate.kind == "figure":
        prefix = f"{candidate.programmes[0]}: " if candidate.programmes else ""
        counted = candidate.counts or ""
        if candidate.unit == "GBP" or candidate.unit == "percent":
            text = f"{candidate.number} {counted}"
        elif candidate.unit == "years":
            text = f"{counted} of {candidate.number} years"
        else:
            text = f"{candidate.number} {counted}"
        if candidate.period and candidate.unit != "people_per_year":
            text = f"{text}, {candidate.period.words}"
        if candidate.correction is not None and candidate.correction.number:
            text = f"{text}, corrected to {candidate.correction.number}"
        return _shorten(prefix + squash(text), 110)
    return _shorten(squash(candidate.quote).rstrip("."), 110)


def default_id(date: dt.date | None, title: str) -> str:
    stem = slug(title)
    if len(stem) > 70:
        stem = stem[:71].rsplit("-", 1)[0]
    stem = stem.strip("-") or "record"
    return f"{date.isoformat()}-{stem}" if date else stem


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}…"


def unique_id(record_id: str, used: set[str]) -> str:
    """``record_id``, or ``record_id-2``, ``-3`` … when ``used`` holds it; added to ``used``."""
    candidate = record_id
    number = 2
    while candidate in used:
        candidate = f"{record_id}-{number}"
        number += 1
    used.add(candidate)
    return candidate


def dump_yaml(data: Mapping[str, Any]) -> str:
    """YAML text for ``data`` as the data folder writes it, checked to load back the same."""
    text = yaml_bytes(dict(data)).decode("utf-8")
    if yaml.load(text, Loader=yaml.CSafeLoader) != dict(data):
        raise DraftError("the YAML written does not load back to the same data")
    return text


def write_drafts(files: Mapping[str, str], out_dir: Path | str) -> tuple[list[Path], list[Path]]:
    """Write each file under ``out_dir``; return ``(written, skipped because they exist)``.

    Each file is written atomically and never over a file of its name (``write_atomic`` with
    ``overwrite=False``): one that exists is skipped, as it is kept.
    """
    out = Path(out_dir)
    written: list[Path] = []
    skipped: list[Path] = []
    for relative, text in files.items():
        target = out / relative
        if target.exists():
            skipped.append(target)
            continue
        try:
            write_atomic(target, text.encode("utf-8"), overwrite=False)
        except FileExistsError:
            skipped.append(target)
            continue
        written.append(target)
    return written, skipped
