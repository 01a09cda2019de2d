"""Figures a correction of their answer changed: found in the answer as first given, each keeps
that quote and value, with the corrected sentence and value as its ``correction``.

An answer of the Written Questions service that was corrected keeps the corrected text as its
answer and the text first given in a ``correction_original`` flag (``loaders.wq_json``). A
figure of the first text that the corrected text gives with another value (the same thing
counted, over the same period) becomes one candidate: quoted as first given, corrected on the
date of the correction. A figure the correction leaves alone is the corrected text's, as it
would be without a correction; so is every figure when the text first given is not held.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from commitments.record.model import FlagKind

from .model import Candidate, Correction, Extent, ParsedAnswer, is_complete


def original_text(answer: ParsedAnswer) -> str | None:
    """The answer's text as first given, before its correction, where it is held."""
    for flag in answer.flags:
        if flag.kind == FlagKind.CORRECTION_ORIGINAL and flag.text:
            return flag.text
    return None


def first_given(answer: ParsedAnswer) -> tuple[ParsedAnswer, dt.date] | None:
    """The answer as first given (its text the ``correction_original`` flag's, ended as that
    text ends) and the date it was corrected; None unless both are known."""
    asked = answer.written_question
    corrected_on = asked.corrected if asked is not None else None
    text = original_text(answer)
    if corrected_on is None or text is None:
        return None
    first = replace(
        answer,
        answer=text,
        complete=is_complete(text, Extent.UNKNOWN),
        flags=(),
        candidates=(),
    )
    return first, corrected_on


def with_corrections(
    found: Sequence[Candidate], first: Sequence[Candidate], corrected_on: dt.date
) -> list[Candidate]:
    """``found`` (the corrected text's candidates), each figure whose value the correction
    changed replaced by the figure as ``first`` given, with its ``correction``.

    A figure of the first text is matched to one of the corrected text counting the same thing
    (``counts``, unit and period words): first to one of the same value (the correction left it
    alone), then to one of another value (the correction changed it), each matched once.
    """
    unmatched = [c for c in found if c.kind == "figure"]
    changed: list[Candidate] = []
    for old in (c for c in first if c.kind == "figure"):
        same = next((c for c in unmatched if _alike(c, old) and _value(c) == _value(old)), None)
        if same is not None:
            unmatched.remove(same)
        else:
            changed.append(old)
    replaced: dict[int, Candidate] = {}
    for old in changed:
        new = next((c for c in unmatched if _alike(c, old)), None)
        if new is None:
            continue  # not in the corrected text (or past where its copy ends): not drafted
        unmatched.remove(new)
        correction = Correction(
            date=corrected_on,
            quote=new.quote,
            value=new.value,
            value_high=new.value_high,
            number=new.number,
        )
        replaced[id(new)] = replace(old, correction=correction)
    return [replaced.get(id(candidate), candidate) for candidate in found]


def _alike(one: Candidate, other: Candidate) -> bool:
    """Whether two figures count the same thing over the same period (values aside)."""
    return (one.counts, one.unit, _period(one), one.basis) == (
        other.counts,
        other.unit,
        _period(other),
        other.basis,
    )


def _period(candidate: Candidate) -> str | None:
    return candidate.period.words if candidate.period else None


def _value(candidate: Candidate) -> tuple[float | None, float | None, bool]:
    return candidate.value, candidate.value_high, candidate.lower_bound
