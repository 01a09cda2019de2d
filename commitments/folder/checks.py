"""Checks across records: sources exist, quotes are verbatim, figures are in their quotes."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from dataclasses import replace

from commitments.folder.dataset import Dataset, Located, capped, short_repr
from commitments.folder.problems import CONFLICT, Problem, Severity
from commitments.folder.yamlfile import YamlDocument
from commitments.record.citations import (
    format_citation,
    format_written_question_citation,
    format_written_statement_citation,
    written_question_page,
    written_statement_page,
)
from commitments.record.due import resolve_due
from commitments.record.model import (
    SET_ASIDE,
    UNCLASSIFIED_METRIC,
    Answer,
    Figure,
    FlagKind,
    House,
    Record,
    Registry,
    Span,
    Unit,
    standing_values,
)
from commitments.record.numbers import states
from commitments.record.registry import Names, name_key
from commitments.record.status import DRAFT_STATUS, RESTATED, FigureStatus


def normalise_space(text: str) -> str:
    """Whitespace folded, and typographic quotes and dashes kept as they are.

    ``str.split()`` splits on exactly the characters ``\\s`` matches (``str.isspace``), so this
    is ``re.sub(r"\\s+", " ", text).strip()``, several times faster.
    """
    return " ".join(text.split())


def check_dataset(
    dataset: Dataset, check_names: bool = True, today: dt.date | None = None
) -> list[Problem]:
    """The problems across the records of ``dataset``: sources, quotes, values, dates, names (only
    with ``check_names``: against a registry that is itself valid) and conflicting figures."""
    today = today or dt.date.today()
    texts = {aid: normalise_space(a.item.answer) for aid, a in dataset.answers.items()}
    found: list[Problem] = []
    for located in dataset.answers.values():
        found.extend(capped(_check_answer(located, today)))
    listed: dict[tuple[str, str], bool] = {}  # names repeat across records: look each up once
    for located in dataset.records.values():
        found.extend(capped(_check_record(located, dataset, texts, today, check_names, listed)))
    found.extend(_conflicting_figures(dataset))
    return found


def _problem(located: Located, loc: tuple, message: str, hint: str, warn: bool = False):
    return Problem(
        located.path,
        located.line(*loc),
        located.item.id,
        message,
        hint,
        Severity.WARNING if warn else Severity.ERROR,
    )


def _check_answer(located: Located[Answer], today: dt.date) -> list[Problem]:
    answer = located.item
    found: list[Problem] = []
    if answer.date > today:
        found.append(
            _problem(located, ("date",), f"date {answer.date} is in the future", "check the year")
        )
    if answer.written_question is not None:
        found.extend(_check_written_question(located, today))
    elif answer.written_statement is not None:
        found.extend(_check_written_statement(located))
    else:
        found.extend(_check_printed(located))
    length = len(answer.answer)
    for i, flag in enumerate(answer.flags):
        if flag.kind in SET_ASIDE and not flag.text:
            spliced = flag.kind == "spliced_fragment"
            what = "a spliced fragment" if spliced else f"a {flag.kind} flag"
            found.append(
                _problem(
                    located,
                    ("flags", i),
                    f"{what} must keep its text",
                    "copy the fragment into `text:` so nothing is lost"
                    if spliced
                    else "copy the text set aside into `text:` so nothing is lost",
                )
            )
        if flag.offset is not None and flag.offset > length:
            found.append(
                _problem(
                    located,
                    ("flags", i, "offset"),
                    "flag offset is past the end of the answer",
                    "offsets count characters of `answer` from 0",
                )
            )
    return found


def _check_printed(located: Located[Answer]) -> list[Problem]:
    """A printed Hansard answer: its citation from its parts, its column breaks in its columns."""
    answer = located.item
    parts = answer.citation_parts
    assert parts is not None
    found: list[Problem] = []
    if (parts.first_column is None) != (parts.last_column is None):
        found.append(
            _problem(
                located,
                ("citation_parts", "first_column" if parts.first_column is None else "last_column"),
                "a citation gives both its first and last column, or neither",
                "give both (the same number for a single column), or null for both when the "
                "page prints no column",
            )
        )
    elif parts.first_column and parts.last_column and parts.last_column < parts.first_column:
        found.append(
            _problem(
                located,
                ("citation_parts", "last_column"),
                f"last column {parts.last_column} is before first column {parts.first_column}",
                "swap first_column and last_column",
            )
        )
    expected = format_citation(
        answer.house, answer.date, parts.volume, parts.first_column, parts.last_column, parts.series
    )
    if answer.citation != expected:
        found.append(
            _problem(
                located,
                ("citation",),
                f"citation {short_repr(answer.citation)} does not match its parts and date "
                f"({expected!r})",
                "correct the citation or its citation_parts",
            )
        )
    length = len(answer.answer)
    for i, brk in enumerate(answer.column_breaks):
        if brk.offset > length:
            found.append(
                _problem(
                    located,
                    ("column_breaks", i, "offset"),
                    f"column break offset {brk.offset} is past the end of the answer ({length})",
                    "offsets count characters of `answer` from 0",
                )
            )
        if (
            parts.first_column is None
            or parts.last_column is None
            or not parts.first_column <= brk.column <= parts.last_column
        ):
            found.append(
                _problem(
                    located,
                    ("column_breaks", i, "column"),
                    f"column {brk.column} is outside the citation's columns",
                    "a column break lies within the citation's column range",
                )
            )
    return found


_UIN_FORMS = {House.LORDS: re.compile(r"HL\d+"), House.COMMONS: re.compile(r"\d+")}
_UIN_HINTS = {
    House.LORDS: "a Lords UIN starts HL (HL3235), as the service prints it",
    House.COMMONS: "a Commons UIN is digits only (58924), as the service prints it",
}
_AGREEING = (
    ("uins", "uins"),
    ("url", "url"),
    ("asker", "asking_member"),
    ("minister", "answering_member"),
    ("department", "answering_body"),
)
"""The answer's own fields that say again what its ``written_question`` gives."""


def _check_written_question(located: Located[Answer], today: dt.date) -> list[Problem]:
    """An answer from the Written Questions service: its citation as the service prints it,
    UINs of the House's form, dates in order, and the answer's own fields agreeing."""
    answer = located.item
    asked = answer.written_question
    assert asked is not None
    block = "written_question"
    found: list[Problem] = []
    expected = format_written_question_citation(
        asked.uins, asked.date_tabled, asked.date_answered, asked.api_id
    )
    if answer.citation != expected:
        found.append(
            _problem(
                located,
                ("citation",),
                f"citation {short_repr(answer.citation)} does not match its written_question "
                f"({expected!r})",
                "correct the citation or its written_question",
            )
        )
    for i, uin in enumerate(asked.uins):
        if not _UIN_FORMS[answer.house].fullmatch(uin):
            found.append(
                _problem(
                    located,
                    (block, "uins", i),
                    f"UIN {short_repr(uin)} is not a {answer.house.value} UIN",
                    _UIN_HINTS[answer.house],
                )
            )
    flagged = {flag.kind for flag in answer.flags}
    if not asked.uins and FlagKind.MISSING_UIN not in flagged:
        found.append(
            _problem(
                located,
                (block, "uins"),
                "a written question without a UIN must say so with a `missing_uin` flag",
                "give the UIN the service prints, or add a `missing_uin` flag saying the copy "
                "prints none",
            )
        )
    if asked.uins and asked.date_tabled is None:
        found.append(
            _problem(
                located,
                (block, "date_tabled"),
                "a UIN goes with its date tabled (a UIN alone is reused each session)",
                "give `date_tabled` as the service prints it (its page's address holds it)",
            )
        )
    answered = asked.date_answered
    placed_at = answered if answered is not None else asked.date_tabled
    if answered is None and FlagKind.MISSING_DATE not in flagged:
        found.append(
            _problem(
                located,
                (block, "date_answered"),
                "a written question without a date answered must say so with a `missing_date` flag",
                "give `date_answered`, or add a `missing_date` flag saying the copy prints none",
            )
        )
    if placed_at is None:
        found.append(
            _problem(
                located,
                (block, "date_answered"),
                "a written question needs its date answered or its date tabled",
                "give the date the copy prints",
            )
        )
    elif placed_at != answer.date:
        which = "date answered" if answered is not None else "date tabled (no date answered)"
        found.append(
            _problem(
                located,
                (block, "date_answered" if answered is not None else "date_tabled"),
                f"{which} {placed_at} is not the answer's date {answer.date}",
                "the answer's `date` is the date answered, or its date tabled when no date "
                "answered is printed: make them the same",
            )
        )
    tabled = asked.date_tabled
    if tabled is not None and answered is not None and tabled > answered:
        found.append(
            _problem(
                located,
                (block, "date_tabled"),
                f"date tabled {tabled} is after the date answered {answered}",
                "a question is tabled before it is answered: check both dates",
            )
        )
    held = asked.holding_answer_date
    if held is not None and not (tabled or held) <= held <= (answered or held):
        found.append(
            _problem(
                located,
                (block, "holding_answer_date"),
                f"holding answer date {held} is not between the date tabled "
                f"{tabled} and the date answered {answered}",
                "a holding answer comes after the question is tabled and before its answer",
            )
        )
    corrected = asked.corrected
    since = answered or tabled
    if corrected is not None and not (since or corrected) <= corrected <= today:
        found.append(
            _problem(
                located,
                (block, "corrected"),
                f"correction date {corrected} is before the date answered {since}"
                if since is not None and corrected < since
                else f"correction date {corrected} is in the future",
                "an answer is corrected on or after the day it was given",
            )
        )
    if asked.uins and tabled is not None:
        page = written_question_page(tabled, asked.uins[0])
        if asked.url is None or asked.url.rstrip("/") != page:
            found.append(
                _problem(
                    located,
                    (block, "url"),
                    f"url {short_repr(asked.url)} is not the service's page of UIN "
                    f"{asked.uins[0]} tabled {tabled}",
                    f"use {page}",
                )
            )
    for own, theirs in _AGREEING:
        given, again = getattr(asked, theirs), getattr(answer, own)
        if given is not None and again != given:
            found.append(
                _problem(
                    located,
                    (own,),
                    f"{own} {short_repr(again)} is not the written_question's {theirs} "
                    f"{short_repr(given)}",
                    f"make `{own}` what the service gives: {short_repr(given)}",
                )
            )
    for i, _ in enumerate(answer.column_breaks):
        found.append(
            _problem(
                located,
                ("column_breaks", i),
                "an answer from the Written Questions service has no printed columns",
                "remove its column_breaks",
            )
        )
    return found


_STATEMENT_REFERENCE = re.compile(r"(?P<house>HC|HL)WS\d+")
_STATEMENT_HOUSES = {"HC": House.COMMONS, "HL": House.LORDS}
_SAID_AGAIN = (
    ("uins", "references"),
    ("url", "url"),
    ("department", "answering_body"),
    ("heading", "title"),
)
"""The answer's own fields that say again what its ``written_statement`` gives."""


def _check_written_statement(located: Located[Answer]) -> list[Problem]:
    """A written ministerial statement: its citation from its references and date, each
    reference of its House's form (``HCWS751`` in the Commons, ``HLWS745`` in the Lords), one a
    House, and the answer's own fields agreeing."""
    answer = located.item
    made = answer.written_statement
    assert made is not None
    block = "written_statement"
    found: list[Problem] = []

    def problem(loc: tuple, message: str, hint: str) -> None:
        found.append(_problem(located, loc, message, hint))

    expected = format_written_statement_citation(made.references, made.date_made)
    if answer.citation != expected:
        problem(
            ("citation",),
            f"citation {short_repr(answer.citation)} does not match its written_statement "
            f"({expected!r})",
            "correct the citation or its written_statement",
        )
    if len(made.houses) != len(made.references):
        problem(
            (block, "houses"),
            f"{len(made.houses)} houses for {len(made.references)} references",
            "give the House of each reference, in the same order",
        )
    for i, (reference, house) in enumerate(zip(made.references, made.houses, strict=False)):
        form = _STATEMENT_REFERENCE.fullmatch(reference)
        if form is None:
            problem(
                (block, "references", i),
                f"reference {short_repr(reference)} is not a written statement's",
                "a statement's reference is HCWS or HLWS and its number (HCWS751), as the "
                "service prints it",
            )
        elif _STATEMENT_HOUSES[form.group("house")] != house:
            problem(
                (block, "houses", i),
                f"reference {reference} is a {_STATEMENT_HOUSES[form.group('house')].value} "
                f"reference, not a {house.value} one",
                "HCWS is a Commons statement, HLWS a Lords one",
            )
    if len(set(made.houses)) != len(made.houses):
        problem(
            (block, "houses"),
            "a House is named twice",
            "a statement made in both Houses has one reference in each; two statements of one "
            "House are two answers",
        )
    if made.members and len(made.members) != len(made.references):
        problem(
            (block, "members"),
            f"{len(made.members)} members for {len(made.references)} references",
            "name who made it in each House, in the references' order (null where not named)",
        )
    if made.houses and answer.house != made.houses[0]:
        problem(
            ("house",),
            f"house {answer.house.value} is not the first reference's ({made.houses[0].value})",
            f"make `house` {made.houses[0].value}",
        )
    if made.date_made != answer.date:
        problem(
            (block, "date_made"),
            f"date made {made.date_made} is not the answer's date {answer.date}",
            "the answer's `date` is the day the statement was made: make them the same",
        )
    page = written_statement_page(made.date_made, made.references[0])
    if made.url.rstrip("/") != page:
        problem(
            (block, "url"),
            f"url {short_repr(made.url)} is not the service's page of {made.references[0]} "
            f"made {made.date_made}",
            f"use {page}",
        )
    pairs = [*_SAID_AGAIN, ("minister", None)]
    for own, theirs in pairs:
        given = getattr(made, theirs) if theirs else (made.members or [None])[0]
        again = getattr(answer, own)
        if given is not None and again != given:
            named = theirs or "first member"
            problem(
                (own,),
                f"{own} {short_repr(again)} is not the written_statement's {named} "
                f"{short_repr(given)}",
                f"make `{own}` what the service gives: {short_repr(given)}",
            )
    for i, _ in enumerate(answer.column_breaks):
        problem(
            ("column_breaks", i),
            "a written statement has no printed columns",
            "remove its column_breaks",
        )
    return found


def _check_record(
    located: Located[Record],
    dataset: Dataset,
    texts: dict[str, str],
    today: dt.date,
    check_names: bool,
    listed: dict[tuple[str, str], bool],
) -> list[Problem]:
    record = located.item
    found: list[Problem] = []
    source = dataset.answers.get(record.source)
    if source is None:
        found.append(_missing_answer(located, ("source",), record.source, dataset))
    else:
        found.extend(
            _check_quote_or_original(
                located, ("quote",), record.quote, source, texts, _corrected_after(record, 0)
            )
        )
    if isinstance(record, Figure):
        found.extend(_check_figure(located, dataset, check_names))
    elif record.due and source:
        found.extend(_check_due(located, record.due, source.item.date))
    found.extend(_check_history(located, dataset, texts, today, source))
    if isinstance(record, Figure):
        found.extend(_check_corrections(located))
    if check_names:
        found.extend(_check_names(located, dataset, listed))
    return found


def _check_due(located: Located[Record], due: Span, answered: dt.date) -> list[Problem]:
    """A due span may open before its answer ("in the second half of this year", said in July)
    but not close before it; and due words the rule of ``commitments.record.due`` knows have the
    rule's dates, said on the answer's date."""
    field, falls_due = ("end", due.end) if due.end else ("start", due.start)
    if falls_due and falls_due < answered:
        return [
            _problem(
                located,
                ("due", field),
                f"due date {falls_due} is before its answer ({answered})",
                "a commitment falls due after it is made; check the year",
            )
        ]
    meant = resolve_due(due.words, answered)
    if meant is None or meant == (due.start, due.end):
        return []
    start, end = meant
    return [
        _problem(
            located,
            ("due", "start" if due.start != start else "end"),
            f"due {_span_words(due.start, due.end)} is not what {short_repr(due.words)} means",
            f"{short_repr(due.words)} said {answered} means {_span_words(start, end)}; "
            f"set its start: {start} and end: {end or 'null'}",
        )
    ]


def _span_words(start: dt.date | None, end: dt.date | None) -> str:
    if start is None and end is None:
        return "with no dates"
    if end is None:
        return f"{start} with no end"
    return f"{start or 'no start'} to {end}"


def _missing_answer(located: Located, loc: tuple, answer_id: str, dataset: Dataset) -> Problem:
    close = difflib.get_close_matches(answer_id, list(dataset.answers), n=1)
    hint = f"did you mean {close[0]!r}?" if close else "add the answer to answers/ first"
    return _problem(located, loc, f"source answer {answer_id!r} not found", hint)


def _check_quote(
    located: Located, loc: tuple, quote: str, source: Located[Answer], texts: dict[str, str]
) -> list[Problem]:
    wanted = normalise_space(quote)
    if wanted in texts[source.item.id]:
        return []
    for flag in source.item.flags:
        if flag.kind in SET_ASIDE and flag.text and wanted in normalise_space(flag.text):
            where = source.item.id
            if flag.kind == "spliced_fragment":
                message = f"quote comes from a fragment of another answer spliced into {where}"
                hint = (
                    "a spliced fragment is never attributed to the answer; quote the answer itself"
                )
            else:
                message = f"quote comes from text set aside from {where} ({flag.kind})"
                hint = "text set aside is never attributed to the answer; quote the answer itself"
            return [_problem(located, loc, message, hint)]
    return [
        _problem(
            located,
            loc,
            f"quote not found verbatim in answer {source.item.id}",
            "copy the words exactly from the answer's text (line breaks and spaces aside)",
        )
    ]


_RISE = re.compile(r"\b(?:increase[sd]?|rise[sn]?|rose|higher|grew|growth)\b", re.IGNORECASE)
"""Words of a rise, which can be more than 100 per cent ("a 628% increase since 2014"), where
a share cannot."""


def _corrected_after(record: Record, index: int) -> bool:
    """Whether a ``corrected`` event comes after the event at ``index`` of the record's history
    (index 0: the record's own quote, first said there)."""
    return any(event.status == FigureStatus.CORRECTED for event in record.history[index + 1 :])


def _is_draft(figure: Figure) -> bool:
    """A loader's draft, not yet reviewed: its last event ``needs_review``, or followed only by
    the ``corrected`` events the loader drafted with it (a figure whose answer was corrected)."""
    for event in reversed(figure.history):
        if event.status != FigureStatus.CORRECTED:
            return event.status == DRAFT_STATUS
    return False


def _check_quote_or_original(
    located: Located,
    loc: tuple,
    quote: str,
    source: Located[Answer],
    texts: dict[str, str],
    corrected_later: bool,
) -> list[Problem]:
    """``_check_quote``, except that a quote said before a ``corrected`` event of its record
    (``corrected_later``) may come from the text that correction replaced: the answer's
    ``correction_original`` flag. Without such an event, that text stays set aside."""
    if corrected_later:
        wanted = normalise_space(quote)
        for flag in source.item.flags:
            if flag.kind == FlagKind.CORRECTION_ORIGINAL and flag.text:
                if wanted in normalise_space(flag.text):
                    return []
    return _check_quote(located, loc, quote, source, texts)


def _check_corrections(located: Located[Figure]) -> list[Problem]:
    """Each ``corrected`` event's value is stated in the event's own quote (as a figure's value is
    in its quote), and is a count or share that can be."""
    figure = located.item
    found: list[Problem] = []
    for i, event in enumerate(figure.history):
        for field in ("value", "value_high"):
            value = getattr(event, field)
            if value is None:
                continue
            where = ("history", i, field)
            if not event.quote:
                found.append(
                    _problem(
                        located,
                        where,
                        f"corrected {field} {value:g} has no quote to appear in",
                        "give the corrected words as the event's `quote`",
                    )
                )
            elif not states(event.quote, value):
                found.append(
                    _problem(
                        located,
                        where,
                        f"corrected {field} {value:g} does not appear in its quote",
                        "the event's quote must state it in numerals or words; fix the value "
                        "or the quote",
                    )
                )
        share = figure.unit == Unit.PERCENT and not _RISE.search(event.quote or "")
        if event.value is not None and share and event.value > 100:  # a rise can be over 100
            found.append(
                _problem(
                    located,
                    ("history", i, "value"),
                    f"corrected percentage {event.value:g} is over 100",
                    "a share is at most 100 per cent; check the value and unit",
                )
            )
        if event.value is not None and event.value < 0:
            found.append(
                _problem(
                    located,
                    ("history", i, "value"),
                    f"corrected value {event.value:g} is negative",
                    "counts are never negative",
                )
            )
    return found


def _check_figure(located: Located[Figure], dataset: Dataset, check_names: bool) -> list[Problem]:
    figure = located.item
    found: list[Problem] = []
    for field, value in (("value", figure.value), ("value_high", figure.value_high)):
        if value is not None and not states(figure.quote, value):
            found.append(
                _problem(
                    located,
                    (field,),
                    f"{field} {value:g} does not appear in the quote",
                    "the quote must state it in numerals or words; fix the value or the quote",
                )
            )
    if figure.unit == Unit.PERCENT and figure.value > 100 and not _RISE.search(figure.quote):
        found.append(
            _problem(
                located,
                ("value",),
                f"percentage {figure.value:g} is over 100",
                "a share is at most 100 per cent; check the value and unit",
            )
        )
    if figure.value < 0:
        found.append(
            _problem(
                located,
                ("value",),
                f"value {figure.value:g} is negative",
                "counts are never negative",
            )
        )
    metric = dataset.lookup.metrics.get(figure.metric)
    draft = _is_draft(figure)
    if check_names and metric is None and not (draft and figure.metric == UNCLASSIFIED_METRIC):
        close = difflib.get_close_matches(figure.metric, list(dataset.lookup.metrics), n=1)
        found.append(
            _problem(
                located,
                ("metric",),
                f"metric {figure.metric!r} is not in the registry",
                f"did you mean {close[0]!r}?"
                if close
                else "add it under `metrics:` in registry.yaml",
            )
        )
    elif metric is not None and metric.unit != figure.unit:
        found.append(
            _problem(
                located,
                ("unit",),
                f"unit {figure.unit.value!r} differs from its metric's ({metric.unit.value!r})",
                f"use {metric.unit.value!r}, or choose another metric",
            )
        )
    return found


def _check_history(
    located: Located[Record],
    dataset: Dataset,
    texts: dict[str, str],
    today: dt.date,
    source: Located[Answer] | None,
) -> list[Problem]:
    found: list[Problem] = []
    previous: dt.date | None = None
    for i, event in enumerate(located.item.history):
        if event.date > today:
            found.append(
                _problem(
                    located,
                    ("history", i, "date"),
                    f"event date {event.date} is in the future",
                    "date the event by when its source was given; check the year",
                )
            )
        if previous and event.date < previous:
            found.append(
                _problem(
                    located,
                    ("history", i, "date"),
                    f"status events out of order: {event.date} comes after {previous}",
                    "list status events oldest first",
                )
            )
        previous = event.date
        if i == 0 and event.status == RESTATED:
            found.append(
                _problem(
                    located,
                    ("history", 0, "status"),
                    "a history cannot open with `restated`: there is nothing yet to restate",
                    "the first event gives the record's status when first said "
                    "(announced, reported…)",
                )
            )
        if source and event.date < source.item.date:
            found.append(
                _problem(
                    located,
                    ("history", i, "date"),
                    f"event date {event.date} is before the record's answer ({source.item.date})",
                    "no status before the record was first said; check the date or the source",
                )
            )
        if event.source:
            event_answer = dataset.answers.get(event.source)
            if event_answer is None:
                found.append(
                    _missing_answer(located, ("history", i, "source"), event.source, dataset)
                )
            else:
                if event.date < event_answer.item.date and event.source != located.item.source:
                    found.append(
                        _problem(
                            located,
                            ("history", i, "date"),
                            f"event date {event.date} is before its source answer "
                            f"({event_answer.item.date})",
                            "date the event by when its source answer was given",
                        )
                    )
                if event.quote:
                    found.extend(
                        _check_quote_or_original(
                            located,
                            ("history", i, "quote"),
                            event.quote,
                            event_answer,
                            texts,
                            _corrected_after(located.item, i),
                        )
                    )
    return found


def _check_names(
    located: Located[Record], dataset: Dataset, listed: dict[tuple[str, str], bool]
) -> list[Problem]:
    """Every programme and agency is in the registry; ``listed`` remembers the names looked up."""
    found: list[Problem] = []
    lookup = dataset.lookup
    for field, names in (("programmes", lookup.programmes), ("agencies", lookup.agencies)):
        for i, name in enumerate(getattr(located.item, field)):
            in_registry = listed.get((field, name))
            if in_registry is None:
                in_registry = listed[(field, name)] = names.resolve(name) is not None
            if not in_registry:
                close = difflib.get_close_matches(name[:200], names.names(), n=1)
                found.append(
                    _problem(
                        located,
                        (field, i),
                        f"{field[:-1] if field == 'programmes' else 'agency'} "
                        f"{short_repr(name)} is not in the registry",
                        f"did you mean {close[0]!r}?"
                        if close
                        else f"add it (or an alias) under `{field}:` in registry.yaml",
                    )
                )
    return found


def _conflicting_figures(dataset: Dataset) -> list[Problem]:
    """Two answers giving different values for the same metric and period: a warning."""
    groups: dict[tuple, list[Located[Figure]]] = defaultdict(list)
    for located in dataset.records.values():
        figure = located.item
        if isinstance(figure, Figure) and figure.metric != UNCLASSIFIED_METRIC:
            period = (figure.period.start, figure.period.end)
            if period == (None, None):
                period = (normalise_space(figure.period.words).casefold(),)
            groups[(figure.metric, period)].append(located)
    found: list[Problem] = []
    for members in groups.values():
        stands = [standing_values(m.item)[-1] for m in members]  # after any correction
        if len(set(stands)) < 2 or len({m.item.source for m in members}) < 2:
            continue
        for located, (mine, _) in zip(members, stands, strict=True):
            others = [
                m.item.id for m, (value, _) in zip(members, stands, strict=True) if value != mine
            ]
            if others:
                problem = _problem(
                    located,
                    ("value",),
                    f"metric {located.item.metric!r} for the same period has a different value "
                    f"in {', '.join(others)}",
                    "check both answers; mark one `disputed` or `corrected` if it is wrong",
                    warn=True,
                )
                found.append(replace(problem, code=CONFLICT))
    return found


_SINGULAR = {
    "programmes": "programme",
    "agencies": "agency",
    "departments": "department",
    "ministers": "minister",
}


def check_registry(registry: Registry, doc: YamlDocument, where: str) -> list[Problem]:
    """The registry's own problems: a name or alias naming two entities of a kind (a filter on
    it would find only the first), a successor that names no entity (its predecessors would drop
    out of the filter), and successors that run in a circle."""
    found: list[Problem] = []

    def problem(loc: tuple, message: str, hint: str) -> None:
        found.append(Problem(where, doc.line_of(loc), "registry", message, hint))

    for kind, noun in _SINGULAR.items():
        entities = getattr(registry, kind)
        owner: dict[str, str] = {}
        for i, entity in enumerate(entities):
            for j, name in enumerate([entity.name, *entity.aliases]):
                other = owner.setdefault(name_key(name), entity.name)
                if other != entity.name:
                    problem(
                        (kind, i, "name") if j == 0 else (kind, i, "aliases", j - 1),
                        f"{noun} name {short_repr(name)} of {entity.name!r} already names "
                        f"{other!r}",
                        "a name or alias names one entity; remove or change one of them",
                    )
        if kind == "ministers":
            continue
        names = Names.of(entities)
        for i, entity in enumerate(entities):
            if entity.successor and names.resolve(entity.successor) is None:
                close = difflib.get_close_matches(entity.successor[:200], names.names(), n=1)
                problem(
                    (kind, i, "successor"),
                    f"successor {short_repr(entity.successor)} of {entity.name!r} is not "
                    f"{'an' if noun[0] in 'aeiou' else 'a'} {noun} in the registry",
                    f"did you mean {close[0]!r}?" if close else f"add it under `{kind}:`",
                )
            elif entity.successor and _in_a_circle(entity.name, names, entities):
                problem(
                    (kind, i, "successor"),
                    f"the successors of {entity.name!r} run in a circle back to it",
                    "a successor comes after its predecessor; remove one link of the circle",
                )
    return found


def _in_a_circle(name: str, names: Names, entities: list) -> bool:
    successor_of = {e.name: names.resolve(e.successor) for e in entities if e.successor}
    seen: set[str] = set()
    current: str | None = name
    while current is not None and current not in seen:
        seen.add(current)
        current = successor_of.get(current)
    return current == name
