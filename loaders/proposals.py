"""Proposals: what a new answer says about the records already on file, sentence by sentence.

Each candidate the loaders find in an answer (``extract``) is matched against the records of a
data folder, offline, by the registry's names (aliases and successors: an answer about SOCA's
work can continue a Reflex record), metrics and periods, and the words the two share (TF-IDF
cosine over an inverted index built once). It becomes one proposal:

- ``status``: a status event on an existing commitment, with the status its words support and
  the effective date they give ("On 10 March this year", "since March 2003" month-precise);
- ``figure``: a new point on an existing metric, saying when its basis differs from the series'
  and when the same period already has another value (a conflict to show, never settled);
- ``restated``: the same figure or commitment said again;
- ``new``: nothing on file matches; a new draft record, as ingest makes today.

Every proposal carries its verbatim quote (checked against the answer's text), its target, the
words that justify its status, why the target was matched and a score. Nothing here writes: a
proposal is applied only after an analyst's review (``loaders.queue``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from commitments.record.model import (
    UNCLASSIFIED_METRIC,
    Commitment,
    CommitmentEvent,
    Figure,
    FigureEvent,
    Record,
    Registry,
)
from commitments.record.registry import Names, name_key
from commitments.record.status import standing_index

from .citations import MONTH_NAMES, MONTHS
from .model import Candidate, ParsedAnswer, plain_number
from .sentences import split_sentences
from .tagging import Tagger


@dataclass(frozen=True)
class Matching:
    """How near a sentence must be to a record on file to speak of it."""

    match_at: float = 0.35
    """The least score at which a sentence is matched to a record on file: the words shared
    (cosine, 0 to 1), raised by half when they share a programme (``NAMED_PROGRAMME``) or a
    quarter when they share an agency (``NAMED_AGENCY``), so a name alone, said in most answers
    of a field, never makes a match. Chosen on the answers of 2002–2010; the replay reports
    those since 2014 apart."""
    restated_at: float = 0.5
    """A sentence that makes no commitment and says nothing done or under way speaks to a
    record on file only when its words are this near: it can only say the same thing again."""
    near_best: float = 0.9
    """A sentence speaks to every commitment scoring at least this share of the best one's."""
    most_targets: int = 3
    """At most this many commitments for one sentence."""


MATCHING = Matching()
"""The thresholds proposals are made with."""
NAMED_PROGRAMME = 1.5
NAMED_AGENCY = 1.25

_STOP = frozenset(
    """a about above after again all also am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself me more most my no nor
    not of off on once only or other our ours out over own same she should so some such than that
    the their theirs them then there these they this those through to too under until up very was
    we were what when where which while who whom why will with would you your yours hon right
    friend member asked secretary state department government minister ministers house""".split()
)
_WORD = re.compile(r"[a-z][a-z'’-]+|\d[\d,.]*")


def words_of(text: str) -> list[str]:
    """The content words of ``text``, lower-cased and crudely stemmed, numbers kept."""
    found = []
    for word in _WORD.findall(text.casefold()):
        word = word.strip("'’-.,")
        if not word or word in _STOP:
            continue
        if word[0].isdigit():
            found.append(word.replace(",", ""))
            continue
        for suffix in ("ing", "ed", "es", "s"):
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        found.append(word)
    return found


@dataclass(frozen=True)
class Proposal:
    """What one sentence of an answer says of the records on file (see the module's list)."""

    kind: str
    answer: str
    quote: str
    offset: int
    record: str | None = None
    metric: str | None = None
    status: str | None = None
    value: float | None = None
    effective: dt.date | None = None
    precision: str = "day"
    words: str | None = None
    """The words that justify the status or value."""
    reason: str = ""
    score: float = 0.0
    candidate: Candidate | None = None
    alternatives: tuple[str, ...] = ()
    """The next records on file by score, best first, for an analyst to choose another."""

    @property
    def id(self) -> str:
        """Stable across runs: the answer, the target and the quote make it."""
        key = "\x1f".join([self.answer, self.kind, self.record or self.metric or "", self.quote])
        return "p-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "answer": self.answer,
            "record": self.record,
            "metric": self.metric,
            "status": self.status,
            "value": plain_number(self.value),
            "effective": self.effective.isoformat() if self.effective else None,
            "precision": self.precision,
            "quote": self.quote,
            "offset": self.offset,
            "words": self.words,
            "reason": self.reason,
            "score": round(self.score, 3),
            "alternatives": list(self.alternatives),
        }


@dataclass
class _Entry:
    record: Record
    names: frozenset[str]
    """The record's programmes and agencies, canonical, with every name they succeeded."""
    programme_keys: frozenset[str]
    """Its own programmes, as names compare."""
    title_words: frozenset[str]

    def said_by(self, day: dt.date | None) -> bool:
        """Whether the record was first said on or before ``day`` (an answer of that day can
        speak of it; a record first said later begins after the answer)."""
        return day is None or self.record.history[0].date <= day

    def standing(self, day: dt.date | None) -> CommitmentEvent | FigureEvent:
        """The event that gives the record's standing status (``standing_index``) as it stood
        the day before ``day``, as the replay takes it (a record first said that day: as it
        stood that day; with no day, from every event): an answer read late is read against
        the record as it was when the answer was given, not as later answers left it."""
        history = self.record.history
        if day is not None:
            history = (
                [e for e in history if e.date < day]
                or [e for e in history if e.date <= day]
                or history
            )
        return history[standing_index(history)]


@dataclass
class ProposalIndex:
    """The records of a data folder made ready for matching, built once (``of``)."""

    entries: list[_Entry]
    idf: dict[str, float]
    postings: dict[str, tuple[np.ndarray, np.ndarray]]
    """word → the parts holding it and its weight in each, as arrays."""
    owners: np.ndarray
    """The record of each part."""
    by_metric: dict[str, list[int]]
    programmes: Names
    agencies: Names
    tagger: Tagger

    @classmethod
    def of(cls, records: Iterable[Record], registry: Registry) -> ProposalIndex:
        programmes, agencies = Names.of(registry.programmes), Names.of(registry.agencies)
        metric_labels = {m.id: m.label for m in registry.metrics}
        entries: list[_Entry] = []
        parts: list[tuple[int, Counter[str]]] = []
        for i, record in enumerate(records):
            names = _family(record.programmes, programmes) | _family(record.agencies, agencies)
            entries.append(
                _Entry(
                    record,
                    frozenset(names),
                    frozenset(name_key(p) for p in record.programmes),
                    frozenset(words_of(record.title)),
                )
            )
            head = [record.title, record.quote, *record.programmes, *record.agencies]
            if isinstance(record, Figure):
                head.append(metric_labels.get(record.metric, ""))
            parts.append((i, Counter(words_of(" ".join(head)))))
            for event in record.history:
                if event.quote and event.quote != record.quote:
                    parts.append((i, Counter(words_of(event.quote))))
        frequency: Counter[str] = Counter()
        for _, part in parts:
            frequency.update(part.keys())
        total = max(len(parts), 1)
        idf = {word: math.log((1 + total) / (1 + count)) + 1 for word, count in frequency.items()}
        lists: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        by_metric: dict[str, list[int]] = defaultdict(list)
        for number, (_, part) in enumerate(parts):
            vector = _normalised({w: (1 + math.log(c)) * idf[w] for w, c in part.items()})
            for word, weight in vector.items():
                numbers, weights = lists[word]
                numbers.append(number)
                weights.append(weight)
        postings = {
            word: (np.array(numbers, dtype=np.int64), np.array(weights))
            for word, (numbers, weights) in lists.items()
        }
        owners = np.array([i for i, _ in parts], dtype=np.int64)
        for i, entry in enumerate(entries):
            if isinstance(entry.record, Figure):
                by_metric[entry.record.metric].append(i)
        return cls(
            entries,
            idf,
            postings,
            owners,
            dict(by_metric),
            programmes,
            agencies,
            Tagger.of(registry),
        )

    def similar(self, text: str, context: str = "") -> dict[int, float]:
        """For each record sharing a word with ``text``, the cosine of ``text`` with the
        nearest of its parts (its title and quote, or one event's quote). Words of
        ``context`` (the sentence before) count for half."""
        counts = Counter(words_of(text))
        default = max(self.idf.values(), default=1.0)
        weights = {w: (1 + math.log(c)) * self.idf.get(w, default) for w, c in counts.items()}
        for word, count in Counter(words_of(context)).items():
            if word not in weights:
                weights[word] = 0.5 * (1 + math.log(count)) * self.idf.get(word, default)
        vector = _normalised(weights)
        by_part = np.zeros(len(self.owners))
        for word, weight in vector.items():
            found = self.postings.get(word)
            if found is not None:
                by_part[found[0]] += weight * found[1]  # a word is in a part once
        touched = np.flatnonzero(by_part)
        best = np.zeros(len(self.entries))
        np.maximum.at(best, self.owners[touched], by_part[touched])
        return {int(i): float(best[i]) for i in np.flatnonzero(best)}


def _normalised(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {w: v / norm for w, v in vector.items()}


def _family(names: Iterable[str], known: Names) -> set[str]:
    """Canonical names with their predecessors, so a successor's record is found too."""
    found: set[str] = set()
    for name in names:
        found |= known.expand(name) or {name}
    return {name_key(n) for n in found}


def propose(
    answer: ParsedAnswer,
    index: ProposalIndex,
    answer_id: str | None = None,
    matching: Matching = MATCHING,
) -> list[Proposal]:
    """The proposals of ``answer`` (its ``candidates`` extracted), sentence by sentence in the
    order they appear: each figure of a sentence, then the commitments on file the sentence
    speaks to (a sentence may speak to several: "An offence … was introduced in the 2002 Act"
    delivers one commitment and restates another), else each commitment it makes as new.
    Every quote is a slice of the answer's text. ``answer_id`` names the answer as the data
    folder does, when it is recorded already."""
    answer_id = answer_id or answer.id
    if answer_id is None:
        raise ValueError("an answer needs its date and house before proposals can be made")
    text = answer.answer
    proposals: list[Proposal] = []
    before = ""
    for sentence in split_sentences(text):
        words = sentence.text(text)
        context, before = before, words
        inside = [
            c
            for c in answer.candidates
            if sentence.start <= c.offset < sentence.end
            and text[c.offset : c.offset + len(c.quote)] == c.quote
        ]
        about = " ".join([context, answer.heading or "", answer.question])
        named = Named(set(index.tagger.programmes_in(words)), set(index.tagger.agencies_in(words)))
        for candidate in inside:
            if candidate.kind == "figure":
                proposals.append(
                    _figure_proposal(answer, candidate, words, named, index, about, matching)
                )
        made = [c for c in inside if c.kind != "figure"]
        says = bool(made or _DONE.search(words) or _UNDER_WAY.search(words))
        matched = _commitments_spoken_of(
            words, named, made, index, matching, context, says, answer.date
        )
        if not matched:
            for candidate in made:
                proposals.append(_new_commitment(answer, candidate))
            continue
        start = sentence.start + (len(words) - len(words.lstrip()))
        quote = words.strip()
        for score, i, shared, cosine in matched:
            entry = index.entries[i]
            proposals.append(_status_proposal(answer, entry, quote, start, score, shared, cosine))
    return [replace(p, answer=answer_id) for p in proposals]


@dataclass(frozen=True)
class Named:
    """The programmes and agencies a sentence names, as the registry's tagger finds them."""

    programmes: set[str]
    agencies: set[str]

    def with_candidates(self, candidates: Iterable[Candidate]) -> Named:
        """With the names tagged on the sentence's candidates too."""
        programmes, agencies = set(self.programmes), set(self.agencies)
        for candidate in candidates:
            programmes |= set(candidate.programmes)
            agencies |= set(candidate.agencies)
        return Named(programmes, agencies)


def _commitments_spoken_of(
    sentence: str,
    named: Named,
    made: list[Candidate],
    index: ProposalIndex,
    matching: Matching,
    context: str = "",
    says: bool = True,
    day: dt.date | None = None,
) -> list[tuple[float, int, list[str], float]]:
    """The commitments on file a sentence (of an answer of ``day``) speaks to: the best by
    score when it reaches the least score (``match_at``; ``restated_at`` when the sentence
    ``says`` nothing done, under way or intended), with any other within ``near_best`` of it
    (at most ``most_targets``)."""
    least = matching.match_at if says else matching.restated_at
    named = named.with_candidates(made)
    ranked = _ranked(
        sentence, named.programmes, named.agencies, index, Commitment, context, least, day
    )
    if not ranked:
        return []
    best = ranked[0][0]
    near = [r for r in ranked if r[0] >= max(least, best * matching.near_best)]
    return near[: matching.most_targets]


def _status_proposal(
    answer: ParsedAnswer,
    entry: _Entry,
    quote: str,
    offset: int,
    score: float,
    shared: list[str],
    cosine: float,
) -> Proposal:
    standing = entry.standing(answer.date)
    stands = str(standing.status)
    status, because = status_of(quote, stands)
    effective, precision, when = effective_date(quote, answer.date)
    if status == "restated" and effective and status_of(quote, "")[0] == stands:
        # the same status, but the words date when it took effect more exactly than the
        # record does ("On 10 March this year" after "since March 2003"): worth its own event
        if standing.effective is None or _PRECISE[precision] > _PRECISE[standing.precision]:
            status = stands
    if status == "restated":
        effective, precision, when = None, "day", None
    return Proposal(
        kind="restated" if status == "restated" else "status",
        answer=answer.id or "",
        quote=quote,
        offset=offset,
        record=entry.record.id,
        status=status,
        effective=effective,
        precision=precision,
        words=when or because,
        reason=_why(shared, cosine, f"the record stands {stands}"),
        score=score,
    )


def _new_commitment(answer: ParsedAnswer, candidate: Candidate) -> Proposal:
    return Proposal(
        kind="new",
        answer=answer.id or "",
        quote=candidate.quote,
        offset=candidate.offset,
        status=candidate.stage,
        reason="no commitment on file matches",
        candidate=candidate,
    )


def _ranked(
    sentence: str,
    programmes: set[str],
    agencies: set[str],
    index: ProposalIndex,
    kind: type,
    context: str = "",
    at_least: float = 0.0,
    day: dt.date | None = None,
) -> list[tuple[float, int, list[str], float]]:
    """Records of ``kind`` scoring ``at_least``, by score: (score, index, names shared,
    cosine), of those first said by ``day`` (an answer's date: a record first said after the
    answer cannot be what it speaks of). A record whose title names the thing the sentence
    says was done or is under way ("we launched *a pilot scheme*": "Pilot scheme to support
    victims") counts as named, as a programme would."""
    thing = thing_done(sentence)
    mine = _family(programmes, index.programmes) | _family(agencies, index.agencies)
    floor = at_least / NAMED_PROGRAMME  # no boost can lift a record under this
    ranked = []
    for i, cosine in index.similar(sentence, context).items():
        entry = index.entries[i]
        if cosine < floor or not isinstance(entry.record, kind) or not entry.said_by(day):
            continue
        shared = sorted(mine & entry.names)
        programme = bool(entry.programme_keys & mine)
        if not programme and thing and thing <= entry.title_words:
            shared = [*shared, " ".join(sorted(thing))]
            programme = True  # the thing done is what the record is called
        boost = NAMED_PROGRAMME if programme else NAMED_AGENCY if shared else 1.0
        if cosine * boost >= at_least:
            ranked.append((cosine * boost, i, shared, cosine))
    ranked.sort(key=lambda item: (-item[0], index.entries[item[1]].record.id))
    return ranked


_OBJECT_ENDS = re.compile(r"[,.;:()]|\b(?:in|to|for|of|on|at|with|by|from|which|that|and)\b")


def thing_done(sentence: str) -> set[str]:
    """The content words of what a sentence says was done or is under way, two at least: the
    words after "launched", "are developing"… up to a preposition or a comma ("On 10 March this
    year, we launched a pilot scheme in the London area": {"pilot", "scheme"}); else none."""
    said = _DONE.search(sentence) or _UNDER_WAY.search(sentence)
    if not said:
        return set()
    after = sentence[said.end() :]
    end = _OBJECT_ENDS.search(after)
    words = set(words_of(after[: end.start()] if end else after))
    return words if len(words) >= 2 else set()


def _why(shared: list[str], cosine: float, extra: str = "") -> str:
    parts = []
    if shared:
        parts.append(f"shares {', '.join(shared)}")
    parts.append(f"words in common {cosine:.2f}")
    if extra:
        parts.append(extra)
    return "; ".join(parts)


_DONE = re.compile(
    r"\b(?:(?:was|were|has|have|had)\s+(?:been\s+)?(?:\w+ly\s+)?|we\s+|government\s+)"
    r"(?:introduced|launched|established|published|set up|created|signed|ratified|implemented"
    r"|completed|opened|appointed|enacted|delivered|passed|agreed|rolled out"
    r"|brought into force|came into force|concluded|adopted)\b"
    r"|\b(?:came|come|comes) into (?:force|effect)\b|\bhas been running since\b",
    re.IGNORECASE,
)
_UNDER_WAY = re.compile(
    r"\b(?:are|is|am|were|was)\s+(?:\w+ly\s+)?(?:now\s+)?(?:developing|working|considering"
    r"|preparing|reviewing|building|funding|supporting|taking|looking|progressing|implementing"
    r"|consulting|drafting|being|running|undertaking|exploring|piloting|rolling)\b"
    r"|\b(?:has|have) been \w+ing\b|\b(?:begun|beginning|started|starting) to\b"
    r"|\bcurrently before\b"
    r"|\bcontinu(?:e|es|ing) to\b|\bunder way\b|\bunderway\b|\bin progress\b",
    re.IGNORECASE,
)
_PARTLY = re.compile(
    r"\b(?:partly|partially|in part|(?:one|two) thirds? of|half of|some of)\b", re.IGNORECASE
)
_PRECISE = {"year": 0, "month": 1, "day": 2}
_STANDING = {"delivered": 3, "partly_delivered": 2, "in_progress": 1}


def status_of(sentence: str, standing: str) -> tuple[str, str | None]:
    """The status a sentence supports for a commitment that stands at ``standing``, and the
    words that say so: done ("was introduced", "we have published") is ``delivered`` (or
    ``partly_delivered`` when it says "partly"); under way ("we are developing", "continue
    to") ``in_progress``; anything else says the intent again, ``restated``. A status the
    record already has, or one behind it (in progress said of a delivered commitment), is a
    restatement too."""
    done = _DONE.search(sentence)
    going = _UNDER_WAY.search(sentence)
    if done:
        status, because = "delivered", done.group(0)
        if _PARTLY.search(sentence):
            status = "partly_delivered"
    elif going:
        status, because = "in_progress", going.group(0)
    else:
        return "restated", None
    if _STANDING.get(status, 0) <= _STANDING.get(standing, 0):
        return "restated", because
    return status, because


def _figure_proposal(
    answer: ParsedAnswer,
    candidate: Candidate,
    sentence: str,
    named: Named,
    index: ProposalIndex,
    about: str = "",
    matching: Matching = MATCHING,
) -> Proposal:
    """A figure said again, a new point on a metric on file (by the candidate's metric, else by
    the figure on file its words are nearest to: a table's row speaks through its question),
    or a new figure. ``about`` is the sentence before, the heading and the question."""
    base = {"answer": answer.id or "", "quote": candidate.quote, "offset": candidate.offset}
    value = candidate.value
    least = matching.match_at
    # the same number said again of a record on file
    named = named.with_candidates([candidate])
    programmes, agencies = named.programmes, named.agencies
    ranked = _ranked(
        sentence, programmes, agencies, index, Figure, about, least / NAMED_PROGRAMME, answer.date
    )
    for score, i, shared, cosine in ranked:
        record = index.entries[i].record
        assert isinstance(record, Figure)
        same = (
            value is not None
            and record.value == value
            and record.value_high == candidate.value_high
            and record.unit == candidate.unit
        )
        if same and _distinctive(value) and score < least:
            score *= NAMED_PROGRAMME  # the same £2.4 million is as telling as a name
        if score < least:
            continue
        if same:
            return Proposal(
                kind="restated",
                record=record.id,
                metric=record.metric,
                status="restated",
                value=value,
                words=candidate.quote,
                reason=_why(shared, cosine, f"the same value {record.value:g}"),
                score=score,
                **base,
            )
    metric = candidate.metric
    nearest = ""
    if not (metric and metric in index.by_metric):
        for score, i, shared, cosine in ranked:
            record = index.entries[i].record
            assert isinstance(record, Figure)
            if score < least:
                break
            if record.unit == candidate.unit and record.metric != UNCLASSIFIED_METRIC:
                metric = record.metric
                nearest = f"nearest on file {record.id} ({_why(shared, cosine)})"
                break
    if metric and metric in index.by_metric:
        series = [index.entries[i].record for i in index.by_metric[metric]]
        notes = []
        period = candidate.period
        same = [
            f
            for f in series
            if isinstance(f, Figure)
            and period is not None
            and (f.period.start, f.period.end) == (period.start, period.end)
            and f.period.start is not None
        ]
        for other in same:
            if other.value != value:
                notes.append(f"conflict: {other.id} gives {other.value:g} for the same period")
        bases = {str(f.basis) for f in series if isinstance(f, Figure)}
        if candidate.basis and bases and candidate.basis not in bases:
            notes.append(
                f"a different basis ({candidate.basis}) from the series' "
                f"({', '.join(sorted(bases))}): said, never joined"
            )
        return Proposal(
            kind="figure",
            record=same[0].id if same else None,
            metric=metric,
            status="reported",
            value=value,
            words=candidate.quote,
            reason="; ".join(
                [f"a new point on metric {metric} ({len(series)} on file)", nearest, *notes]
            ).replace("; ;", ";"),
            score=1.0,
            **base,
        )
    return Proposal(
        kind="new",
        metric=metric,
        status="reported",
        value=value,
        reason="no figure or metric on file matches",
        candidate=candidate,
        **base,
    )


def _distinctive(value: float | None) -> bool:
    """A value unlikely to recur by chance: not a whole number under 100 (a count of days,
    years or places is said of many things)."""
    return value is not None and (value >= 100 or not float(value).is_integer())


_MONTH = f"({'|'.join(MONTH_NAMES)})"
_DAY_DATE = re.compile(
    rf"\b(?:on|from|since)\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}"
    rf"\s*(?:(\d{{4}})|(this|last) year)?",
    re.IGNORECASE,
)
_MONTH_DATE = re.compile(
    rf"\b(?:in|since|from|during)\s+{_MONTH}\s+(?:(\d{{4}})|(this|last) year)", re.IGNORECASE
)


def effective_date(
    sentence: str, answered: dt.date | None
) -> tuple[dt.date | None, str, str | None]:
    """The date the words give the change itself, its precision and the words: "On 10 March
    this year" (said in 2003) is 2003-03-10; "since March 2003" is March 2003, month-precise.
    A date after the answer cannot be when it took effect and gives none."""
    for pattern, precise in ((_DAY_DATE, "day"), (_MONTH_DATE, "month")):
        for match in pattern.finditer(sentence):
            groups = match.groups()
            if precise == "day":
                day, month, year, relative = groups
            else:
                month, year, relative = groups
                day = "1"
            if year:
                year_number = int(year)
            elif relative and answered:
                year_number = answered.year - (1 if relative.casefold() == "last" else 0)
            elif answered:
                year_number = answered.year
            else:
                continue
            try:
                when = dt.date(year_number, MONTHS[month.casefold()], int(day))
            except ValueError:
                continue
            if answered and when > answered:
                continue
            return when, precise, match.group(0)
    return None, "day", None


def as_it_stood(records: Sequence[Record], before: dt.date) -> list[Record]:
    """The records as they stood the day before ``before``: those first said earlier, with
    only their earlier events."""
    stood = []
    for record in records:
        events = [e for e in record.history if e.date < before]
        if events:
            stood.append(record.model_copy(update={"history": events}))
    return stood
