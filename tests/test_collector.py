"""The cycle collector is paused while a folder loads, on the page and on the command line alike,
and left as it was found."""

from __future__ import annotations

import gc

import pytest

from commitments import cli
from commitments.serving.collector import collector_paused
from commitments.serving.snapshot import load_snapshot
from tests.baseline import write_dataset


@pytest.fixture
def data(tmp_path):
    return write_dataset(tmp_path / "data")


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        gc.enable() if was else gc.disable()


@pytest.mark.parametrize(
    ("command", "shows"),
    [
        (["validate"], "3 records: 0 errors, 0 warnings"),
        (["export", "--format", "json"], '"id": "danish-presidency-eu-project"'),
    ],
)
def test_the_command_line_loads_with_the_collector_paused(
    data, collector_on, command, shows, capsys, monkeypatch
):
    seen: list[bool] = []
    original = cli.load_dataset

    def load_and_look(root):
        dataset = original(root)
        seen.append(gc.isenabled())
        return dataset

    monkeypatch.setattr(cli, "load_dataset", load_and_look)
    assert cli.main([command[0], str(data), *command[1:]]) == 0
    assert seen == [False], "the collector ran during the load"
    assert gc.isenabled(), "and runs again after it"
    out = capsys.readouterr()
    assert shows in out.out + out.err


@pytest.mark.parametrize("enabled", [True, False])
def test_the_command_line_leaves_the_collector_as_it_found_it(data, enabled, capsys):
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        assert cli.main(["validate", str(data)]) == 0
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_pauses_on_several_threads_end_with_the_last(data, collector_on):
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "the outer load is still running"
        load_snapshot(data, use_cache=False)
        assert not gc.isenabled()
    assert gc.isenabled()
