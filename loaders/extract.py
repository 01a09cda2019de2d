"""Candidate records from an answer's cleaned text (never from its question or a set-aside
fragment), tagged with the registry's programmes, agencies and metrics.

Every quote is a slice of the cleaned answer and is checked verbatim before it is kept. A table
printed one cell a line is read from its cells (``table_figures``), not sentence by sentence. A
figure that a correction of the answer changed is quoted from the answer as first given, with its
correction (``loaders.corrections``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .commitment_candidates import commitments_in
from .corrections import first_given, with_corrections
from .figures import clause_around, figures_in, table_figures
from .model import Candidate, ParsedAnswer
from .sentences import split_sentences
from .tagging import Tagger

_ANAPHORA = re.compile(
    r"^(?:This|These|It|Its|They|Their|Such)\b|\b(?:this|these|it|its)\s+(?:has|have|had|resulted|led)\b"
)


def extract_candidates(answer: ParsedAnswer, tagger: Tagger | None = None) -> ParsedAnswer:
    """``answer`` with its figure and commitment candidates, in the order they appear, tagged
    with the programmes, agencies and metrics of ``tagger``'s registry."""
    tagger = tagger or Tagger.of()
    found = _candidates_in(answer, tagger)
    first = first_given(answer)
    if first is not None:
        original, corrected_on = first
        found = with_corrections(found, _candidates_in(original, tagger), corrected_on)
    return replace(answer, candidates=tuple(found))


def _candidates_in(answer: ParsedAnswer, tagger: Tagger) -> list[Candidate]:
    """The figure and commitment candidates of the answer's text, in the order they appear."""
    text = answer.answer
    sentences = split_sentences(text)
    end = len(text)
    if (
        not answer.complete
        and sentences
        and not text[: sentences[-1].end].rstrip().endswith((".", "?", "!"))
    ):
        end = sentences[-1].start
        sentences = sentences[:-1]  # an excerpt's last words may stop mid-sentence
    tables, table_spans = table_figures(text, answer.date, end)
    candidates: list[Candidate] = []
    previous_tags: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    previous_paragraph = -1
    previous = None
    for sentence in sentences:
        quote = sentence.text(text)
        if sentence.paragraph != previous_paragraph:
            previous_tags = ((), ())
            previous_paragraph = sentence.paragraph
        programmes = tagger.programmes_in(quote)
        agencies = tagger.agencies_in(quote)
        if not programmes and _ANAPHORA.search(quote):
            programmes = previous_tags[0]
        if not agencies and _ANAPHORA.search(quote):
            agencies = previous_tags[1]
        context = (
            previous.text(text) if previous and previous.paragraph == sentence.paragraph else ""
        )
        in_table = any(
            start <= sentence.start and sentence.end <= stop for start, stop in table_spans
        )
        found = [] if in_table else figures_in(quote, sentence.start, answer.date, context)
        if in_table:
            found += [c for c in tables if sentence.start <= c.offset < sentence.end]
        found += commitments_in(quote, sentence.start, answer.date)
        previous = sentence
        for candidate in found:
            metric = None
            if candidate.kind == "figure":
                clause = clause_around(quote, candidate.number or "")
                metric = tagger.metric_for(candidate.counts, candidate.unit, programmes, clause)
            tagged = replace(candidate, programmes=programmes, agencies=agencies, metric=metric)
            if verbatim(text, tagged):
                candidates.append(tagged)
        if programmes or agencies:
            previous_tags = (programmes, agencies)
    return candidates


def verbatim(text: str, candidate: Candidate) -> bool:
    """Whether the candidate's quote is exactly the answer's text at its offset."""
    return (
        bool(candidate.quote)
        and text[candidate.offset : candidate.offset + len(candidate.quote)] == candidate.quote
    )
