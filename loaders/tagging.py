"""The registry as the loaders use it: its names and aliases found in text, the metric a figure
measures, and the department of a minister.

A ``Tagger`` is made from the validated registry (``commitments.record.model.Registry``: what
``commitments.folder.reading.read_registry`` gives, and what the dashboard holds), never from the
file itself, so a registry the validator rejects tags nothing. A name or alias is found as a whole
word; a one-word name is matched with its case (so "Reflex" is found and "reflex" is not), a longer
one in any case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from commitments.record.model import Entity, Metric, Minister, Registry, Unit


@dataclass(frozen=True)
class _MetricWords:
    """A metric and the words that name it: those of what it counts and its label, and its
    label's alone."""

    id: str
    unit: Unit
    programme: str | None
    label: str
    wanted: frozenset[str]
    labelled: frozenset[str]

    @classmethod
    def of(cls, metric: Metric) -> _MetricWords:
        return cls(
            id=metric.id,
            unit=metric.unit,
            programme=metric.programme,
            label=metric.label,
            wanted=frozenset(_content_words(f"{metric.counts} {metric.label}")),
            labelled=frozenset(_content_words(metric.label)),
        )


@dataclass(frozen=True, eq=False)
class Tagger:
    """The registry made ready for tagging text: one pattern per kind of name, the ministers'
    departments by every name they go by, and the words of each metric."""

    registry: Registry
    programmes: _Finder
    agencies: _Finder
    minister_names: tuple[str, ...]
    """Every minister's name and alias, for telling a name from the text that follows it."""
    departments: Mapping[str, str]
    """A minister's department, by the minister's name or any alias."""
    metrics: tuple[_MetricWords, ...]

    @classmethod
    def of(cls, registry: Registry | None = None) -> Tagger:
        """The tagger of a validated registry (of none: a tagger that finds nothing)."""
        registry = registry or Registry()
        departments: dict[str, str] = {}
        for minister in registry.ministers:
            if minister.department:
                for name in _names(minister):
                    departments[name] = minister.department
        return cls(
            registry=registry,
            programmes=_Finder(registry.programmes),
            agencies=_Finder(registry.agencies),
            minister_names=tuple(name for m in registry.ministers for name in _names(m)),
            departments=departments,
            metrics=tuple(_MetricWords.of(metric) for metric in registry.metrics),
        )

    def department_of(self, minister: str) -> str | None:
        return self.departments.get(minister)

    def programmes_in(self, text: str) -> tuple[str, ...]:
        return self.programmes.find(text)

    def agencies_in(self, text: str) -> tuple[str, ...]:
        return self.agencies.find(text)

    def metric_for(
        self, counts: str | None, unit: str | None, programmes: Iterable[str], clause: str
    ) -> str | None:
        """The registry metric a figure measures, or ``None`` unless one clearly fits.

        A metric fits when its unit is the figure's; its programme is the figure's (or, with no
        programme tagged, the figure's counted words name it in two words at least); and, for a
        count, the thing its label counts ("Reflex: *arrests*") is in the figure's clause. Of
        the metrics that fit, the one sharing most words (its label's counting most) wins; a tie
        gives no metric.
        """
        programmes = set(programmes)
        counted = _content_words(counts or "")
        words = counted | _content_words(clause)
        scored: list[tuple[float, str]] = []
        for metric in self.metrics:
            if unit and metric.unit != unit:
                continue
            wanted = metric.wanted
            if not wanted:
                continue
            named = len(counted & wanted)
            if metric.programme and metric.programme not in programmes and named < 2:
                continue
            if unit == Unit.COUNT:
                head = _label_head(metric.label)
                if not named or (head and head not in words):
                    continue
            elif len(words & wanted) < 2:
                continue
            label = metric.labelled or wanted
            score = len(words & wanted) / len(wanted) + len(words & label) / len(label)
            scored.append((score, metric.id))
        if not scored:
            return None
        scored.sort(reverse=True)
        if len(scored) > 1 and scored[0][0] == scored[1][0]:
            return None
        return scored[0][1]


def _names(entity: Entity | Minister) -> tuple[str, ...]:
    return (entity.name, *entity.aliases)


class _Finder:
    """Every name and alias of some entities in one pattern, for one pass over a text."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.exact: dict[str, str] = {}
        self.folded: dict[str, str] = {}
        alternatives: list[str] = []
        for entity in entities:
            for name in _names(entity):
                words = name.split()
                if not words:
                    continue
                body = r"\s+".join(re.escape(word) for word in words)
                if len(words) == 1:
                    self.exact.setdefault(name, entity.name)
                    alternatives.append(body)
                else:
                    self.folded.setdefault(" ".join(words).casefold(), entity.name)
                    alternatives.append(f"(?i:{body})")
        alternatives.sort(key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")
            if alternatives
            else None
        )

    def find(self, text: str) -> tuple[str, ...]:
        """The canonical names found in ``text``, in the order they first appear."""
        if self.pattern is None:
            return ()
        found: list[str] = []
        position = 0
        while True:
            match = self.pattern.search(text, position)
            if match is None:
                break
            words = " ".join(match.group(0).split())
            name = self.exact.get(words) or self.folded.get(words.casefold())
            if name and name not in found:
                found.append(name)
            position = match.start() + 1
        return tuple(found)


_STOP = set(
    "the a an and or of to in on for by with at from as is are was were be been has have had "
    "through which who that this its their number people".split()
)


def _label_head(label: str) -> str | None:
    """What a metric's label counts: ``Reflex: arrests`` → arrest; ``… posted`` → officer."""
    subject = label.split(":", 1)[-1]
    for word in re.findall(r"[A-Za-z][a-z\-]+", subject):
        if word.lower().endswith("s") and not word.lower().endswith("ss"):
            return _stem(word.lower())
    return None


def _content_words(text: str) -> set[str]:
    text = re.sub(r"\bunder\s*way\b", "underway", text, flags=re.IGNORECASE)
    return {
        _stem(w)
        for w in re.findall(r"[a-z][a-z\-]+", text.lower())
        if w not in _STOP and len(w) > 2
    }


def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "ies", "es", "s", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
