"""The synthetic data folders used for benchmarks: realistic, and clean under every check."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from benchmarks.synthetic import generate, main, write_synthetic
from commitments.folder.layout import DataFolder
from commitments.folder.load import load_dataset
from commitments.folder.writing import yaml_bytes
from commitments.record.model import Commitment, Figure


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return write_synthetic(tmp_path_factory.mktemp("synthetic") / "data", 600, seed=7)


@pytest.fixture(scope="module")
def dataset(folder):
    return load_dataset(folder)


def test_every_record_validates_clean(dataset):
    assert [str(p) for p in dataset.problems] == []
    assert len(dataset.records) == 600
    assert len(dataset.answers) == 150
    assert dataset.files_read == 1 + 150 + 600


@pytest.mark.parametrize("size", [1, 2, 9, 57])
def test_small_sizes_validate_clean(tmp_path, size):
    loaded = load_dataset(write_synthetic(tmp_path / "data", size, seed=size))
    assert [str(p) for p in loaded.problems] == []
    assert len(loaded.records) == size


def test_many_programmes_and_agencies_under_their_aliases(dataset):
    lookup = dataset.lookup
    assert len(lookup.programmes.names()) >= 50
    assert len(lookup.agencies.names()) >= 30
    written = [name for r in dataset.records.values() for name in r.item.programmes]
    canonical = {lookup.programmes.resolve(name) for name in written}
    assert len(canonical) >= 50
    aliases = [name for name in written if name not in canonical]
    assert len(aliases) > 0.1 * len(written)
    # Some agencies were succeeded by others, so filters must find predecessors' records.
    assert lookup.agencies.expand("SOCA") >= {
        "National Crime Squad",
        "Serious Organised Crime Agency",
    }


def test_commitments_move_through_later_answers(dataset):
    commitments = [r.item for r in dataset.records.values() if isinstance(r.item, Commitment)]
    assert len(commitments) > 150
    current = Counter(c.history[-1].status.value for c in commitments)
    assert {"announced", "in_progress", "delivered", "stalled", "dropped"} <= set(current)
    moved = [c for c in commitments if len(c.history) >= 3]
    assert moved
    for commitment in moved:
        sources = [e.source for e in commitment.history if e.source]
        assert len(set(sources)) == len(sources)  # each step comes from a different answer
    assert any(c.history[-1].effective for c in commitments)


def test_figures_form_series_per_metric(dataset):
    figures = [r.item for r in dataset.records.values() if isinstance(r.item, Figure)]
    assert len(figures) > 200
    periods: dict[str, set] = {}
    for figure in figures:
        periods.setdefault(figure.metric, set()).add((figure.period.start, figure.period.end))
    longest = max(len(p) for p in periods.values())
    assert longest >= 4
    statuses = Counter(f.history[-1].status.value for f in figures)
    assert {"reported", "superseded"} <= set(statuses)
    assert {f.unit.value for f in figures} == {
        "count",
        "GBP",
        "percent",
        "years",
        "people_per_year",
    }
    assert {f.basis.value for f in figures} == {"cumulative", "within_period", "point_in_time"}
    assert any(f.value_high is not None for f in figures)
    assert any(f.lower_bound for f in figures)


def test_answers_carry_the_quirks_of_printed_hansard(dataset):
    answers = [a.item for a in dataset.answers.values()]
    kinds = Counter(flag.kind.value for a in answers for flag in a.flags)
    assert kinds["missing_uin"] and kinds["holding_answer"]
    assert any(a.column_breaks for a in answers)
    assert {a.house.value for a in answers} == {"Commons", "Lords"}
    assert sum(len(a.answer) for a in answers) / len(answers) > 1000


def test_files_are_written_as_the_data_folder_writes_them(folder):
    data = generate(600, seed=7)
    written = DataFolder(folder)
    assert written.registry.read_bytes() == yaml_bytes(data.registry)
    for answer in data.answers[:5]:
        assert written.answer(answer["id"]).read_bytes() == yaml_bytes(answer)
    for record in data.records[:5]:
        assert written.record(record["id"]).read_bytes() == yaml_bytes(record)


def test_same_seed_same_data_and_another_seed_differs():
    first, again, other = generate(50, seed=3), generate(50, seed=3), generate(50, seed=4)
    assert first == again
    assert first.records != other.records


def test_never_writes_into_an_existing_data_folder(tmp_path):
    existing = tmp_path / "data"
    existing.mkdir()
    (existing / "registry.yaml").write_text("programmes: []\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_synthetic(existing, 10)
    assert [p.name for p in existing.iterdir()] == ["registry.yaml"]
    assert existing.joinpath("registry.yaml").read_text(encoding="utf-8") == "programmes: []\n"


def test_command_line_writes_a_folder(tmp_path, capsys):
    assert main([str(tmp_path / "out"), "--records", "20", "--seed", "1"]) == 0
    assert len(list((tmp_path / "out" / "records").glob("*.yaml"))) == 20
    assert "20 records" in capsys.readouterr().out
