"""The registry as the loaders use it: names and aliases to find in text, ministers, metrics.

Read from ``data/registry.yaml`` (format in ``data/README.md``) with the C safe loader, or built
from a dict. A name or alias is found as a whole word; a one-word name is matched with its case
(so "Reflex" is found and "reflex" is not), a longer one in any case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

DEFAULT_PATH = Path("data/registry.yaml")


@dataclass(frozen=True)
class Entity:
    name: str
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    counts: str
    unit: str
    programme: str | None = None


@dataclass(frozen=True)
class Registry:
    programmes: tuple[Entity, ...] = ()
    agencies: tuple[Entity, ...] = ()
    ministers: tuple[Entity, ...] = ()
    minister_departments: Mapping[str, str] = field(default_factory=dict)
    metrics: tuple[Metric, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Registry:
        data = data or {}
        ministers = tuple(_entity(m) for m in data.get("ministers") or [])
        departments: dict[str, str] = {}
        for item in data.get("ministers") or []:
            if item.get("department"):
                for name in _entity(item).names():
                    departments[name] = item["department"]
        return cls(
            programmes=tuple(_entity(p) for p in data.get("programmes") or []),
            agencies=tuple(_entity(a) for a in data.get("agencies") or []),
            ministers=ministers,
            minister_departments=departments,
            metrics=tuple(
                Metric(
                    id=str(m["id"]),
                    label=str(m.get("label", m["id"])),
                    counts=str(m.get("counts", "")),
                    unit=str(m.get("unit", "count")),
                    programme=m.get("programme"),
                )
                for m in data.get("metrics") or []
            ),
        )

    @classmethod
    def from_path(cls, path: Path | str) -> Registry:
        with open(path, encoding="utf-8") as handle:
            return cls.from_dict(yaml.load(handle, Loader=yaml.CSafeLoader))

    def minister_names(self) -> tuple[str, ...]:
        return tuple(name for minister in self.ministers for name in minister.names())

    def department_of(self, minister: str) -> str | None:
        return self.minister_departments.get(minister)

    def programmes_in(self, text: str) -> tuple[str, ...]:
        return self._programme_finder.find(text)

    def agencies_in(self, text: str) -> tuple[str, ...]:
        return self._agency_finder.find(text)

    @cached_property
    def _programme_finder(self) -> _Finder:
        return _Finder(self.programmes)

    @cached_property
    def _agency_finder(self) -> _Finder:
        return _Finder(self.agencies)

    @cached_property
    def _metric_words(self) -> dict[str, tuple[set[str], set[str]]]:
        return {
            m.id: (_content_words(f"{m.counts} {m.label}"), _content_words(m.label))
            for m in self.metrics
        }

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
            wanted, label = self._metric_words[metric.id]
            if not wanted:
                continue
            named = len(counted & wanted)
            if metric.programme and metric.programme not in programmes and named < 2:
                continue
            if unit == "count":
                head = _label_head(metric.label)
                if not named or (head and head not in words):
                    continue
            elif len(words & wanted) < 2:
                continue
            label = label or wanted
            score = len(words & wanted) / len(wanted) + len(words & label) / len(label)
            scored.append((score, metric.id))
        if not scored:
            return None
        scored.sort(reverse=True)
        if len(scored) > 1 and scored[0][0] == scored[1][0]:
            return None
        return scored[0][1]


def load_registry(source: Path | str | Mapping[str, Any] | Registry | None = None) -> Registry:
    """A registry from a path, a dict or nothing (``data/registry.yaml`` when it exists)."""
    if isinstance(source, Registry):
        return source
    if isinstance(source, Mapping):
        return Registry.from_dict(source)
    if source is None:
        return Registry.from_path(DEFAULT_PATH) if DEFAULT_PATH.exists() else Registry()
    return Registry.from_path(source)


def _entity(item: Mapping[str, Any]) -> Entity:
    return Entity(name=str(item["name"]), aliases=tuple(str(a) for a in item.get("aliases") or []))


class _Finder:
    """Every name and alias of some entities in one pattern, for one pass over a text."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.exact: dict[str, str] = {}
        self.folded: dict[str, str] = {}
        alternatives: list[str] = []
        for entity in entities:
            for name in entity.names():
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
