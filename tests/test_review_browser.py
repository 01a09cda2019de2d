"""The Review tab in a real browser, on a copy of the bundled data with two proposals waiting:
accept one and reject the other; the accepted record's file gains exactly the new event, and
neither proposal comes back when the same proposals are enqueued again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from commitments.folder.load import load_dataset
from loaders import queue
from loaders.extract import extract_candidates
from loaders.proposals import ProposalIndex, propose
from loaders.replay import parsed
from loaders.tagging import Tagger
from tests.baseline import one_insertion
from tests.browser_support import PAGE, chromium, running_server

pytestmark = pytest.mark.browser

WAIT_MS = 30_000
BUNDLED = Path(__file__).resolve().parents[1] / "data"


def _two_proposals(data_dir: Path, scratch: Path) -> list[dict]:
    """Two proposals the engine makes from the bundled answers that can be accepted as they
    are (status events or restatements on two records), newest answers first; found by
    queueing them in a scratch copy of the folder."""
    dataset = load_dataset(data_dir)
    registry = dataset.lookup.registry
    index = ProposalIndex.of([located.item for located in dataset.records.values()], registry)
    tagger = Tagger.of(registry)
    shutil.copytree(data_dir, scratch)
    chosen: list[dict] = []
    answers = sorted(
        (located.item for located in dataset.answers.values()), key=lambda a: (a.date, a.id)
    )
    for answer in reversed(answers):
        made = propose(extract_candidates(parsed(answer), tagger), index, answer_id=answer.id)
        made = [p for p in made if p.kind in {"status", "restated"}]
        for pid in queue.enqueue(scratch, made).added:
            item = queue.find(scratch, pid)
            if item.record in {c["record"] for c in chosen}:
                continue
            try:
                queue.plan(scratch, pid)
            except queue.QueueError:
                continue
            chosen.append(item.proposal)
            if len(chosen) == 2:
                return chosen
    raise AssertionError("the bundled data gave fewer than two proposals that can be accepted")


def test_review_tab_accepts_one_proposal_and_rejects_the_other(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(BUNDLED, data_dir, ignore=shutil.ignore_patterns("review"))
    proposals = _two_proposals(data_dir, tmp_path / "scratch")
    assert queue.enqueue(data_dir, proposals).added == [p["id"] for p in proposals]
    first, second = queue.pending(data_dir)  # the page opens on the oldest
    record = data_dir / first.record_file
    old = record.read_bytes()
    expected = queue.plan(data_dir, first.id)
    env = {"COMMITMENTS_CACHE_DIR": str(tmp_path / "cache"), "TRACKER_ALLOW_SAVE": "1"}
    with running_server(PAGE, data_dir, tmp_path, env=env) as server, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{server.url}?view=review")
        page.get_by_role("tab", name="Review", selected=True).wait_for(timeout=WAIT_MS)
        page.get_by_text(first.id, exact=True).wait_for(timeout=WAIT_MS)
        page.locator(".st-key-review_answer_text").wait_for(timeout=WAIT_MS)
        page.screenshot(path=tmp_path / "review.png")

        page.locator(".st-key-review_accept").get_by_role("button").click()
        page.get_by_text(f"accepted {first.id}: added a {first.status} event").wait_for(
            timeout=WAIT_MS
        )
        page.get_by_text(second.id, exact=True).wait_for(timeout=WAIT_MS)

        page.locator(".st-key-review_reject").get_by_role("button").click()
        page.get_by_text(f"rejected {second.id}").wait_for(timeout=WAIT_MS)
        page.get_by_text("No proposals are waiting for review.").wait_for(timeout=WAIT_MS)
    assert server.process.poll() is not None  # the server this test started has stopped

    # the accepted record's file: every old byte, and the new event's lines inserted
    new = record.read_bytes()
    assert new == expected.files[first.record_file]
    (event,) = yaml.safe_load(one_insertion(old, new))
    assert (event["status"], event["source"], event["quote"]) == (
        first.status,
        first.answer,
        first.quote,
    )
    touched = {first.record, second.record}
    problems = load_dataset(data_dir).problems
    assert [str(p) for p in problems if p.is_error and p.record in touched] == []
    # neither comes back: one is on file, the other rejected
    again = queue.enqueue(data_dir, proposals)
    assert (again.added, again.renewed) == ([], [])
    assert (again.on_file, again.rejected) == ([first.id], [second.id])
    assert queue.pending(data_dir) == []
