"""The loaders measured against the bundled dataset's hand-made records (read, never written)."""

from __future__ import annotations

import dataclasses
import importlib.util
from pathlib import Path

import pytest

from loaders.quality import compare, load_dataset, quote_overlap
from loaders.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "hansard"


def _script():
    spec = importlib.util.spec_from_file_location(
        "loader_quality", ROOT / "scripts" / "loader_quality.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def measured():
    script = _script()
    registry = load_registry(DATA / "registry.yaml")
    parsed = script.parse_fixtures(FIXTURES, registry)
    answers, records = load_dataset(DATA)
    return script, parsed, answers, records


def test_quality_meets_its_targets_on_the_bundled_answers(measured):
    script, parsed, answers, records = measured
    report = compare(parsed, answers, records)
    assert report.answers == 9
    assert report.figures.expected >= 20 and report.commitments.expected >= 20
    assert report.figures.recall >= 0.95, report.figures.missed
    assert report.figures.precision >= 0.90, report.figures.spurious
    assert report.commitments.recall >= 0.90, report.commitments.missed
    assert report.metadata_right, [c for c in report.metadata if not c.ok]
    assert len(report.metadata) == 9 * 6
    assert script.meets_targets(report)


def test_a_wrong_field_or_a_lost_figure_is_caught(measured):
    _script_module, parsed, answers, records = measured
    broken = list(parsed)
    first = broken[0]
    figures = [c for c in first.candidates if c.kind == "figure"]
    broken[0] = dataclasses.replace(
        first,
        asker="Mr. Someone Else",
        candidates=tuple(c for c in first.candidates if c not in figures),
    )
    report = compare(broken, answers, records)
    wrong = [(c.answer, c.field) for c in report.metadata if not c.ok]
    assert wrong == [(first.id, "asker")]
    assert report.figures.found == report.figures.expected - len(figures) > 0


def test_a_volume_the_page_does_not_print_is_not_counted_wrong(measured):
    _script_module, parsed, answers, records = measured
    section = next(a for a in parsed if a.id == "hc-2003-03-05-99443")
    (check,) = [c for c in compare([section], answers, records).metadata if c.field == "citation"]
    assert check.ok and "volume" in check.note
    wrong_columns = dataclasses.replace(
        section, columns=dataclasses.replace(section.columns, first=1074)
    )
    (check,) = [
        c for c in compare([wrong_columns], answers, records).metadata if c.field == "citation"
    ]
    assert not check.ok


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (
            "plan to establish a pilot scheme next year",
            (
                "We are developing support arrangements and plan to establish a pilot "
                "scheme next year."
            ),
            1.0,
        ),
        (
            "A third team is to be established shortly.",
            "Reflex also funds two immigration crime teams in the UK.",
            0.0,
        ),
        ("", "anything", 0.0),
    ],
)
def test_quote_overlap(left, right, expected):
    assert quote_overlap(left, right) == pytest.approx(expected)


def test_script_prints_scores_and_throughput(capsys):
    assert _script().main([]) == 0
    out = capsys.readouterr().out
    assert "figures" in out and "commitments" in out and "answers a second" in out
    assert "metadata right: yes" in out
