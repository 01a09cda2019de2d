"""``python -m loaders bulk``: a folder of real saved answers drafted on several processes,
stopped and resumed, with a broken file reported and the others drafted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from loaders import bulk
from loaders.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "hansard"
REAL = [
    FIXTURES / "written_questions_api_sample.json",
    FIXTURES / "writtenquestions_api_2021-02-01_answered_MoD_list.json",
    FIXTURES / "writtenstatements_api_2021-02-01_HomeOffice_list.json",
    FIXTURES / "parlparse_wrans_2009-10-29_excerpt.xml",
    *sorted((FIXTURES / "modern").glob("writtenquestions_api_list_*.json")),
]
COPIES = 2


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Every real sample under two names each (the copies draft the same answers)."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for source in REAL:
        for copy in range(COPIES):
            shutil.copyfile(source, inbox / f"{source.stem}-copy{copy}{source.suffix}")
    return inbox


def _drafts(out: Path) -> dict[str, str]:
    return {
        str(path.relative_to(out)): path.read_text(encoding="utf-8")
        for path in sorted(out.rglob("*.yaml"))
    }


def _bulk(folder: Path, out: Path, *more: str) -> int:
    return main(["bulk", str(folder), "--out", str(out), "--data", "data", *more])


def test_the_real_samples_are_all_there():
    assert len(REAL) >= 6
    assert all(path.is_file() for path in REAL)


def test_every_file_is_drafted_as_ingesting_them_one_by_one(folder, tmp_path, capsys):
    assert _bulk(folder, tmp_path / "out") == 0
    err = capsys.readouterr().err
    assert f"{len(REAL) * COPIES} drafted, 0 failed" in err
    one_by_one = tmp_path / "one-by-one"
    for path in bulk.inputs(folder):
        assert main(["ingest", str(path), "--out", str(one_by_one), "--data", "data"]) == 0
    drafted = _drafts(tmp_path / "out")
    assert len([name for name in drafted if name.startswith("answers/")]) > 20
    assert drafted == _drafts(one_by_one)


def test_the_progress_file_is_beside_the_output_not_inside_it(folder, tmp_path):
    out = tmp_path / "out"
    _bulk(folder, out)
    progress = bulk.progress_path(out)
    assert progress.parent == tmp_path
    assert len(bulk.read_progress(progress)) == len(REAL) * COPIES
    assert not any(".bulk" in path.name for path in out.rglob("*"))


def test_a_second_run_does_nothing(folder, tmp_path, capsys):
    out = tmp_path / "out"
    _bulk(folder, out)
    before = _drafts(out)
    capsys.readouterr()
    assert _bulk(folder, out) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"0 drafted, 0 failed, {len(REAL) * COPIES} done before" in captured.err
    assert _drafts(out) == before


def test_an_interrupted_run_redoes_only_the_rest(folder, tmp_path, capsys):
    out, whole = tmp_path / "out", tmp_path / "whole"
    files = bulk.inputs(folder)
    half = files[: len(files) // 2]
    for path in half:  # as a run stopped halfway leaves it
        bulk.mark_done(bulk.progress_path(out), path.resolve())
    assert _bulk(folder, out) == 0
    err = capsys.readouterr().err
    assert f"{len(files) - len(half)} drafted, 0 failed, {len(half)} done before" in err
    _bulk(folder, whole)
    # Only the second half's answers were drafted (the copies draft the same answers).
    assert set(_drafts(out)) <= set(_drafts(whole))
    assert len(bulk.read_progress(bulk.progress_path(out))) == len(files)


def test_ctrl_c_leaves_no_half_written_file_and_the_next_run_goes_on(
    folder, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "out"
    marked = []
    real_mark = bulk.mark_done

    def interrupted(progress, done):
        # Ctrl-C after the fourth file's drafts are written, before it is marked done
        if len(marked) == 3:
            raise KeyboardInterrupt
        marked.append(done)
        real_mark(progress, done)

    monkeypatch.setattr(bulk, "mark_done", interrupted)
    assert _bulk(folder, out, "--workers", "2") == 130
    assert "interrupted" in capsys.readouterr().err
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".part") or ".tmp" in p.name]
    done = bulk.read_progress(bulk.progress_path(out))
    assert len(done) == 3
    monkeypatch.setattr(bulk, "mark_done", real_mark)
    assert _bulk(folder, out) == 0
    assert f"{len(done)} done before" in capsys.readouterr().err
    _bulk(folder, tmp_path / "whole")
    assert _drafts(out) == _drafts(tmp_path / "whole")


def test_a_broken_file_is_reported_in_one_line_and_the_others_drafted(folder, tmp_path, capsys):
    broken = folder / "broken.json"
    broken.write_text('{"results": [{"value": ', encoding="utf-8")
    assert _bulk(folder, tmp_path / "out") == 1
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert str(broken) in errors[0]
    assert f"{len(REAL) * COPIES} drafted, 1 failed" in err
    assert str(broken.resolve()) not in bulk.read_progress(bulk.progress_path(tmp_path / "out"))


def test_one_worker_and_two_give_the_same_drafts(folder, tmp_path):
    assert _bulk(folder, tmp_path / "one", "--workers", "1") == 0
    assert _bulk(folder, tmp_path / "two", "--workers", "2") == 0
    one = _drafts(tmp_path / "one")
    assert one
    assert one == _drafts(tmp_path / "two")


def test_a_missing_folder_is_refused(tmp_path, capsys):
    assert _bulk(tmp_path / "nowhere", tmp_path / "out") == 2
    assert "is not a folder" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("", set()),
        ("/a\n/b\n", {"/a", "/b"}),
        ("/a\n/b", {"/a"}),  # a last line cut short by a crash is not counted as done
    ],
)
def test_the_progress_file_counts_only_whole_lines(tmp_path, text, listed):
    path = tmp_path / "progress"
    path.write_text(text, encoding="utf-8")
    assert bulk.read_progress(path) == listed
