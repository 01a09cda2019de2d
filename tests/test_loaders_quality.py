"""The loaders measured against the bundled dataset's hand-made records (read, never written)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from commitments.folder.load import load_dataset
from commitments.folder.reading import read_registry
from loaders import cli, evaluation, quality
from loaders.quality import compare, hand_made, quote_overlap
from loaders.tagging import Tagger

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "hansard"


@pytest.fixture(scope="module")
def measured():
    registry, problems, valid = read_registry(DATA)
    assert valid and problems == []
    parsed = quality.parse_fixtures(FIXTURES, Tagger.of(registry))
    answers, records = hand_made(load_dataset(DATA))
    return parsed, answers, records


def test_quality_meets_its_targets_on_the_bundled_answers(measured):
    parsed, answers, records = measured
    report = compare(parsed, answers, records)
    assert report.answers == 9
    assert report.figures.expected >= 20 and report.commitments.expected >= 20
    assert report.figures.recall >= 0.95, report.figures.missed
    assert report.figures.precision >= 0.90, report.figures.spurious
    assert report.commitments.recall >= 0.90, report.commitments.missed
    assert report.metadata_right, [c for c in report.metadata if not c.ok]
    assert len(report.metadata) == 9 * 6
    assert quality.meets_targets(report)


def test_a_wrong_field_or_a_lost_figure_is_caught(measured):
    parsed, answers, records = measured
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
    parsed, answers, records = measured
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


@pytest.fixture(scope="module")
def labelled_targets_met() -> bool:
    """Whether the loaders meet their targets on the labelled pages (measured once)."""
    registry, _, _ = read_registry(DATA)
    result = evaluation.evaluate_all(FIXTURES, Tagger.of(registry))
    return evaluation.meets_targets(result.unseen)


def test_the_command_prints_scores_and_throughput(capsys, labelled_targets_met):
    code = cli.main(["quality", "--data", str(DATA), "--fixtures", str(FIXTURES)])
    assert code == (0 if labelled_targets_met else 1)
    out = capsys.readouterr().out
    assert "pages the rules were written against" in out and "by rendering" in out
    assert "figures" in out and "commitments" in out and "answers a second" in out
    assert "metadata right: yes" in out
    assert "recall 100.0% (25/25, target 95%)" in out


def test_the_command_prints_json_and_fails_when_a_target_is_missed(
    tmp_path, capsys, labelled_targets_met
):
    arguments = ["quality", "--data", str(DATA), "--fixtures", str(FIXTURES), "--json"]
    assert cli.main(arguments) == (0 if labelled_targets_met else 1)
    result = json.loads(capsys.readouterr().out)
    assert result["labelled"]["meets_targets"] is labelled_targets_met
    assert result["meets_targets"] is True and result["answers"] == 9
    assert result["figures"]["records"] == 25 and len(result["metadata"]) == 9 * 6
    # measured against a folder whose records are not these answers', recall falls short
    empty = tmp_path / "data"
    (empty / "answers").mkdir(parents=True)
    (empty / "registry.yaml").write_bytes((DATA / "registry.yaml").read_bytes())
    assert cli.main([*arguments[:2], str(empty), *arguments[3:]]) == 1
    assert json.loads(capsys.readouterr().out)["meets_targets"] is False


def test_the_command_needs_a_data_folder(tmp_path, capsys):
    assert cli.main(["quality", "--data", str(tmp_path / "nowhere")]) == 2
    assert "registry.yaml is missing" in capsys.readouterr().err
