"""Canonical names: every alias resolves to one name, and successors find their predecessors."""

from __future__ import annotations

from dataclasses import dataclass, field

from commitments.record.model import Entity, Metric, Minister, Registry


def name_key(name: str) -> str:
    """A name as the registry compares names: case, dots and spacing aside."""
    return " ".join(name.casefold().replace(".", "").split())


@dataclass
class Names:
    """Canonical names of one kind of entity (programmes, agencies, …), found by any alias."""

    canonical: dict[str, str] = field(default_factory=dict)
    """alias key → canonical name"""
    predecessors: dict[str, list[str]] = field(default_factory=dict)
    """canonical name → the canonical names it succeeded (transitively)"""

    @classmethod
    def of(cls, entities: list[Entity] | list[Minister]) -> Names:
        names = cls()
        for entity in entities:
            for alias in [entity.name, *entity.aliases]:
                names.canonical.setdefault(name_key(alias), entity.name)
        direct: dict[str, list[str]] = {}
        for entity in entities:
            successor = getattr(entity, "successor", None)
            if successor:
                direct.setdefault(names.resolve(successor) or successor, []).append(entity.name)
        for name in direct:
            names.predecessors[name] = _closure(name, direct)
        return names

    def resolve(self, name: str) -> str | None:
        """The canonical name for ``name`` or any of its aliases; None when unknown."""
        return self.canonical.get(name_key(name))

    def expand(self, name: str) -> set[str]:
        """What a filter on ``name`` matches: its canonical name and every predecessor's."""
        canonical = self.resolve(name)
        if canonical is None:
            return set()
        return {canonical, *self.predecessors.get(canonical, [])}

    def names(self) -> list[str]:
        return sorted(set(self.canonical.values()))


def _closure(name: str, direct: dict[str, list[str]]) -> list[str]:
    seen: list[str] = []
    stack = list(direct.get(name, []))
    while stack:
        item = stack.pop()
        if item not in seen and item != name:
            seen.append(item)
            stack.extend(direct.get(item, []))
    return seen


@dataclass
class Lookup:
    """The registry made searchable."""

    registry: Registry
    programmes: Names
    agencies: Names
    ministers: Names
    departments: Names
    metrics: dict[str, Metric]

    @classmethod
    def of(cls, registry: Registry) -> Lookup:
        return cls(
            registry=registry,
            programmes=Names.of(registry.programmes),
            agencies=Names.of(registry.agencies),
            ministers=Names.of(registry.ministers),
            departments=Names.of(registry.departments),
            metrics={metric.id: metric for metric in registry.metrics},
        )
