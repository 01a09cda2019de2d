"""The review queue: pending proposals kept in files, accepted as one appended event (every other
byte of the record file kept), rejected for good, refused when the record changed since, and
never losing an event to two accepts at once."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
import yaml

from commitments.folder.load import load_dataset
from loaders import queue, review
from loaders.cli import main
from loaders.extract import extract_candidates
from loaders.proposals import Proposal
from loaders.replay import parsed
from loaders.tagging import Tagger
from tests.baseline import LATER_TEXT, fresh, one_insertion, proposals_from, write_dataset

ROOT = Path(__file__).resolve().parents[1]
LATER = "hl-2004-05-04-107wa"
DANISH = "danish-presidency-eu-project"
PAGE = ROOT / "tests" / "fixtures" / "hansard" / "2003-03-05_HC_99443.txt"
PAGE_URL = (
    "https://api.parliament.uk/historic-hansard/written-answers/2003/mar/05/human-trafficking"
)


def _status(quote: str = LATER_TEXT, status: str = "in_progress", **fields) -> Proposal:
    """A proposal on the baseline's commitment from the later answer, as the engine makes one."""
    fields = {
        "kind": "status",
        "answer": LATER,
        "quote": quote,
        "offset": LATER_TEXT.index(quote),
        "record": DANISH,
        "status": status,
        "reason": "words in common 0.40; the record stands announced",
        "score": 0.4,
        **fields,
    }
    return Proposal(**fields)


def _restated() -> Proposal:
    return _status("Immigration Liaison Officers (currently 12)", "restated", kind="restated")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "data", fresh())


def _record(data: Path, record_id: str = DANISH) -> Path:
    return data / "records" / f"{record_id}.yaml"


def _errors(data: Path) -> list[str]:
    return [str(p) for p in load_dataset(data).problems if p.is_error]


# --- The files, and the data folder's loader --------------------------------------------------


def test_the_review_folder_is_never_read_as_data(data):
    before = load_dataset(data)
    queue.enqueue(data, [_status()])
    (data / queue.PENDING_DIR / "p-000000000000.yaml").write_text("id: [broken\n")
    after = load_dataset(data)
    assert (data / queue.PENDING_DIR).is_dir() and (data / queue.LOCK_FILE).exists()
    assert after.files_read == before.files_read == 6
    assert after.problems == before.problems == []
    result = subprocess.run(
        [sys.executable, "-m", "commitments", "validate", "--data", str(data)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stderr


def test_a_pending_file_holds_the_proposal_its_record_file_and_that_files_sha256(data):
    proposal = _status()
    (added,) = queue.enqueue(data, [proposal]).added
    doc = yaml.safe_load((data / queue.PENDING_DIR / f"{added}.yaml").read_text())
    assert added == proposal.id == doc["id"] == doc["proposal"]["id"]
    assert doc["answer"] == LATER and doc["record_file"] == f"records/{DANISH}.yaml"
    assert doc["record_sha256"] == queue.sha256_of(_record(data))
    assert doc["proposal"]["quote"] == LATER_TEXT and doc["made"]


# --- Accepting --------------------------------------------------------------------------------


def test_accepting_appends_exactly_the_new_event_and_keeps_every_other_byte(data):
    path = _record(data)
    old = path.read_bytes()
    (pid,) = queue.enqueue(data, [_status()]).added
    change = queue.accept(data, pid)
    new = path.read_bytes()
    block = one_insertion(old, new)
    assert block.decode() == change.added
    assert yaml.safe_load(block) == [
        {
            "date": yaml.safe_load("2004-05-04"),
            "status": "in_progress",
            "source": LATER,
            "quote": LATER_TEXT,
            "note": "words in common 0.40; the record stands announced",
        }
    ]
    assert queue.pending(data) == []
    assert _errors(data) == []


def test_an_answer_read_late_lands_among_the_records_later_events(tmp_path):
    # the bundled pilot record without the event of 5 November 2003, as if that answer had not
    # been read: proposing from it now, against the record with its events up to 2024, and
    # accepting puts the event back in its place, between September 2003 and October 2006
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("review"))
    path = _record(data, "2002-11-04-victim-support-pilot")
    text = path.read_text()
    start = text.index("- date: 2003-11-05\n")
    without = text[:start] + text[text.index("- date: 2006-10-18\n") :]
    path.write_text(without)
    proposals, _ = proposals_from(data, "hc-2003-11-05-134356")
    (pilot,) = [p for p in proposals if p.record == "2002-11-04-victim-support-pilot"]
    (pid,) = queue.enqueue(data, [pilot]).added
    change = queue.accept(data, pid)
    new = path.read_text()
    # exactly the event's lines, where the event was: before the events of 2006 on
    assert new == without[:start] + change.added + without[start:]
    assert change.added.startswith("- date: 2003-11-05\n  effective: 2003-03-10\n")
    dates = [e["date"] for e in yaml.safe_load(new)["history"]]
    assert dates == sorted(dates)
    assert _errors(data) == []


def test_accepting_with_edits_changes_status_effective_date_and_target(data):
    (pid,) = queue.enqueue(data, [_status(alternatives=("ilo-nine-balkans",))]).added
    edits = {"status": "restated", "record": "ilo-nine-balkans"}
    queue.accept(data, pid, {**edits, "effective": None})
    events = yaml.safe_load(_record(data, "ilo-nine-balkans").read_text())["history"]
    assert events[-1]["status"] == "restated" and "effective" not in events[-1]
    (pid,) = queue.enqueue(data, [_status(effective=None)]).added
    queue.accept(data, pid, {"effective": "2004-03-17", "precision": "month"})
    event = yaml.safe_load(_record(data).read_text())["history"][-1]
    assert (str(event["effective"]), event["precision"]) == ("2004-03-01", "month")
    assert _errors(data) == []


def test_a_record_that_would_fail_its_checks_is_refused_and_nothing_is_written(data):
    path = _record(data)
    old = path.read_bytes()
    (pid,) = queue.enqueue(data, [_status()]).added
    with pytest.raises(queue.QueueError, match="would fail its checks, so nothing was written"):
        queue.accept(data, pid, {"status": "reported"})  # a figure's status, not a commitment's
    assert path.read_bytes() == old
    assert [item.id for item in queue.pending(data)] == [pid]


def test_accept_needs_the_answer_in_the_data_folder(data):
    (pid,) = queue.enqueue(data, [_status()]).added
    (data / "answers" / f"{LATER}.yaml").unlink()
    with pytest.raises(queue.QueueError, match=f"the answer {LATER} is not in the data folder"):
        queue.accept(data, pid)
    assert [item.id for item in queue.pending(data)] == [pid]


def test_accepting_a_figure_writes_a_new_record_on_its_metric(data):
    tagger = Tagger.of(load_dataset(data).lookup.registry)
    answer = load_dataset(data).answers[LATER].item
    (figure,) = [c for c in extract_candidates(parsed(answer), tagger).candidates if c.value == 12]
    proposal = Proposal(
        kind="figure",
        answer=LATER,
        quote=figure.quote,
        offset=figure.offset,
        metric="immigration-liaison-officers",
        status="reported",
        value=12,
        reason="a new point on metric immigration-liaison-officers (1 on file)",
    )
    (pid,) = queue.enqueue(data, [proposal]).added
    change = queue.accept(data, pid)
    written = yaml.safe_load((data / next(iter(change.files))).read_text())
    assert (written["kind"], written["metric"], written["value"]) == (
        "figure",
        "immigration-liaison-officers",
        12,
    )
    assert written["source"] == LATER and written["history"][0]["status"] == "reported"
    assert _errors(data) == []
    # the same words are on file now: proposing them again adds nothing; another figure of
    # the same sentence is another proposal
    assert queue.enqueue(data, [proposal]).on_file == [pid]
    other = Proposal(**{**proposal.__dict__, "value": 3, "metric": "reflex-arrests"})
    assert queue.enqueue(data, [other]).added == [other.id]


def test_a_status_proposal_can_be_made_a_new_record(data):
    (pid,) = queue.enqueue(data, [_status()]).added
    change = queue.accept(data, pid, {"new": True})
    (path,) = change.files
    assert path.startswith("records/") and change.replaces == {path: None}
    assert yaml.safe_load((data / path).read_text())["kind"] == "commitment"
    assert _errors(data) == []


# --- Rejecting, and what is never proposed again ----------------------------------------------


def test_a_rejected_proposal_is_never_proposed_or_enqueued_again(data):
    first, second = _status(), _restated()
    assert queue.enqueue(data, [first, second]).added == [first.id, second.id]
    queue.reject(data, first.id)
    assert [item.id for item in queue.pending(data)] == [second.id]
    again = queue.enqueue(data, [first, second])
    assert (again.added, again.rejected, again.pending) == ([], [first.id], [second.id])
    assert [e["id"] for e in queue.screen(data, [first]).rejected] == [first.id]
    rejected = yaml.safe_load((data / queue.REJECTED_FILE).read_text())["rejected"]
    assert [(r["answer"], r["quote"], r["record"]) for r in rejected] == [
        (LATER, LATER_TEXT, DANISH)
    ]
    # the same words proposed for another record are another proposal
    elsewhere = _status(record="reflex-arrests-since-april-2001")
    assert queue.enqueue(data, [elsewhere]).added == [elsewhere.id]


def test_pending_proposals_survive_a_fresh_process(data):
    ids = queue.enqueue(data, [_status(), _restated()]).added
    script = (
        "import json, sys; from loaders import queue; items = queue.pending(sys.argv[1]); "
        "print(json.dumps([[i.id, i.record, i.quote, i.problem] for i in items]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(data)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    assert json.loads(result.stdout) == [
        [ids[0], DANISH, LATER_TEXT, None],
        [ids[1], DANISH, "Immigration Liaison Officers (currently 12)", None],
    ]


def test_a_broken_pending_file_is_reported_and_the_others_still_listed(data):
    ids = queue.enqueue(data, [_status(), _restated()]).added
    pending = data / queue.PENDING_DIR
    (pending / "p-0000000000aa.yaml").write_text("id: [not closed\n")
    (pending / "p-0000000000bb.yaml").write_text("- a list\n")
    items = queue.pending(data)
    assert sorted(item.id for item in items if not item.problem) == sorted(ids)
    problems = {item.id: item.problem for item in items if item.problem}
    assert set(problems) == {"p-0000000000aa", "p-0000000000bb"}
    assert problems["p-0000000000aa"].startswith("review/pending/p-0000000000aa.yaml:")
    assert "not a mapping" in problems["p-0000000000bb"]
    assert all("hint: remove the file" in problem for problem in problems.values())
    with pytest.raises(queue.QueueError, match="p-0000000000aa"):
        queue.accept(data, "p-0000000000aa")
    queue.accept(data, ids[0])  # the good ones still work


# --- Changed since, and two accepts at once ---------------------------------------------------


def test_a_record_changed_since_the_proposal_is_refused_with_nothing_written(data):
    (pid,) = queue.enqueue(data, [_status()]).added
    path = _record(data)
    path.write_bytes(path.read_bytes() + b"# an analyst's note\n")
    edited = path.read_bytes()
    with pytest.raises(queue.ChangedSince, match=f"records/{DANISH}.yaml has changed since"):
        queue.accept(data, pid)
    assert path.read_bytes() == edited
    assert [item.id for item in queue.pending(data)] == [pid]
    # proposed again, it is made against the record as it is now
    assert queue.enqueue(data, [_status()]).renewed == [pid]
    queue.accept(data, pid)
    one_insertion(edited, path.read_bytes())


def _accept(data: str, pid: str, barrier=None) -> str:
    if barrier is not None:
        barrier.wait()
    try:
        queue.accept(data, pid)
    except queue.ChangedSince as exc:
        return f"refused: {exc}"
    return "accepted"


@pytest.mark.parametrize("how", ["threads", "processes"])
def test_two_accepts_on_one_record_at_once_lose_no_event(data, how):
    proposals = [_status(), _restated()]
    ids = queue.enqueue(data, proposals).added
    old = _record(data).read_bytes()
    if how == "threads":
        barrier = threading.Barrier(2)
        results: dict[str, str] = {}

        def run(pid: str) -> None:
            results[pid] = _accept(str(data), pid, barrier)

        threads = [threading.Thread(target=run, args=(pid,)) for pid in ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        outcomes = [results[pid] for pid in ids]
    else:
        with ProcessPoolExecutor(2) as pool:
            outcomes = list(pool.map(_accept, [str(data)] * 2, ids))
    history = yaml.safe_load(_record(data).read_text())["history"]
    accepted = [p for p, outcome in zip(proposals, outcomes, strict=True) if outcome == "accepted"]
    assert sorted(e["quote"] for e in history[1:]) == sorted(p.quote for p in accepted)
    still = [item.id for item in queue.pending(data)]
    for pid, outcome in zip(ids, outcomes, strict=True):
        assert outcome == "accepted" or ("has changed since" in outcome and pid in still)
    assert accepted  # at least one, and with the queue's own moves, both
    assert len(accepted) == 2, outcomes
    one_insertion(old, _record(data).read_bytes())
    assert _errors(data) == []


# --- Appending as text: the layouts a record file may have ------------------------------------

EVENT = {"date": yaml.safe_load("2004-05-04"), "status": "restated", "source": "a", "quote": "q"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # as the dumper writes it: the list not indented under its key
        (
            "id: r\nhistory:\n- date: 2002-07-08\n  status: announced\n",
            "id: r\nhistory:\n- date: 2002-07-08\n  status: announced\n"
            "- date: 2004-05-04\n  status: restated\n  source: a\n  quote: q\n",
        ),
        # indented under its key, as data/README.md shows it, with a key after the history
        (
            "history:\n  - date: 2002-07-08\n    status: announced\ntitle: t\n",
            "history:\n  - date: 2002-07-08\n    status: announced\n"
            "  - date: 2004-05-04\n    status: restated\n    source: a\n    quote: q\ntitle: t\n",
        ),
        # the last value a folded block: after its last line, not after the blank line
        (
            "history:\n- date: 2002-07-08\n  note: >-\n    a long\n    note\n\n# end\n",
            "history:\n- date: 2002-07-08\n  note: >-\n    a long\n    note\n"
            "- date: 2004-05-04\n  status: restated\n  source: a\n  quote: q\n\n# end\n",
        ),
        # a block keeping its trailing lines (|+): they are its own, so after them
        (
            "history:\n- date: 2002-07-08\n  note: |+\n    kept\n\nz: 1\n",
            "history:\n- date: 2002-07-08\n  note: |+\n    kept\n\n"
            "- date: 2004-05-04\n  status: restated\n  source: a\n  quote: q\nz: 1\n",
        ),
        # a comment under the last item stays with it
        (
            "history:\n- date: 2002-07-08\n  status: announced # said\n  # more\n",
            "history:\n- date: 2002-07-08\n  status: announced # said\n  # more\n"
            "- date: 2004-05-04\n  status: restated\n  source: a\n  quote: q\n",
        ),
        # no newline at the end of the file: none is added there
        (
            "history:\n- date: 2002-07-08\n  quote: the end.",
            "history:\n- date: 2002-07-08\n  quote: the end.\n"
            "- date: 2004-05-04\n  status: restated\n  source: a\n  quote: q",
        ),
        # Windows line ends are kept, and the event's lines get them too
        (
            "history:\r\n- date: 2002-07-08\r\n  status: announced\r\n",
            "history:\r\n- date: 2002-07-08\r\n  status: announced\r\n"
            "- date: 2004-05-04\r\n  status: restated\r\n  source: a\r\n  quote: q\r\n",
        ),
        # a flow list as the last value ends at its bracket, on a later line
        (
            "history:\n- date: 2002-07-08\n  tags: [a,\n    b]\n",
            "history:\n- date: 2002-07-08\n  tags: [a,\n    b]\n"
            "- date: 2004-05-04\n  status: restated\n  source: a\n  quote: q\n",
        ),
    ],
)
def test_an_event_is_appended_as_lines_in_the_files_own_layout(text, expected):
    new, _added = queue.append_event(text, EVENT)
    assert new == expected


def test_an_older_answers_event_goes_in_date_order_and_nothing_else_moves():
    text = (
        "id: r\nhistory:\n- date: 2002-07-08\n  status: announced\n"
        "  # the analyst's comment stays with its item\n"
        "- date: 2009-01-13\n  status: delivered\n  quote: >-\n    later\n"
    )
    new, added = queue.append_event(text, EVENT)  # EVENT is of 2004-05-04
    assert new == text.replace("- date: 2009-01-13", added + "- date: 2009-01-13")
    dates = [e["date"] for e in yaml.safe_load(new)["history"]]
    assert dates == sorted(dates)
    assert new.replace(added, "", 1) == text  # only the event's lines were added


def test_an_event_on_the_day_of_the_last_goes_after_it():
    text = "history:\n- date: 2004-05-04\n  status: announced\n"
    new, added = queue.append_event(text, EVENT)
    assert new == text + added


def test_an_event_older_than_the_records_first_is_refused_with_a_hint():
    text = "history:\n- date: 2006-01-01\n  status: announced\n"
    with pytest.raises(queue.QueueError, match=r"older than the record's first event.*new record"):
        queue.append_event(text, EVENT)


@pytest.mark.parametrize(
    "text",
    [
        "history: [{date: 2002-07-08}]\n",  # flow style: no lines to add to
        "history:\n- 2002-07-08\n",  # items that are not mappings
        "title: no history\n",
    ],
)
def test_a_history_that_cannot_take_lines_is_refused(text):
    with pytest.raises(queue.QueueError):
        queue.append_event(text, EVENT)


# --- The command line -------------------------------------------------------------------------


def test_propose_prints_proposals_as_json_and_queues_them_with_their_answer(data, capsys):
    args = ["propose", str(PAGE), "--url", PAGE_URL, "--data", str(data), "--json"]
    assert main(args) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["answers"] == ["hc-2003-03-05-99443"]
    assert shown["proposals"], "the answer holds figures and commitments"
    registry = load_dataset(data).lookup.registry
    (answer,) = review.read_answers(PAGE.read_text(encoding="utf-8"), registry, url=PAGE_URL)
    keys = {"id", "kind", "record", "metric", "status", "value", "effective", "quote", "reason"}
    for proposal in shown["proposals"]:
        assert keys | {"score"} <= set(proposal)
        assert proposal["kind"] in queue.KINDS
        assert proposal["quote"] in answer.answer  # verbatim
    assert not (data / "answers" / "hc-2003-03-05-99443.yaml").exists()  # nothing written
    assert queue.pending(data) == []

    assert main([*args, "--queue"]) == 0
    queued = json.loads(capsys.readouterr().out)["queued"]
    assert (data / "answers" / "hc-2003-03-05-99443.yaml").is_file()
    assert sorted(queued) == sorted(item.id for item in queue.pending(data))
    assert _errors(data) == []
    # proposing again adds nothing: all of it is pending already
    assert main([*args, "--queue"]) == 0
    assert json.loads(capsys.readouterr().out)["queued"] == []


def test_review_lists_accepts_and_rejects_on_the_command_line(data, capsys):
    first, second = queue.enqueue(data, [_status(), _restated()]).added
    assert main(["review", str(data)]) == 0
    listed = capsys.readouterr().out
    assert first in listed and second in listed and "2 waiting" in listed
    assert main(["review", str(data), "--accept", first, "--status", "in_progress"]) == 0
    assert f"accepted {first}: added a in_progress event from {LATER}" in capsys.readouterr().out
    assert main(["review", "--data", str(data), "--reject", second]) == 0
    assert f"rejected {second}" in capsys.readouterr().out
    assert main(["review", str(data), "--accept", second]) == 1
    assert f"error: no proposal {second} is pending" in capsys.readouterr().err
    assert main(["review", str(data), "--status", "delivered"]) == 2  # an edit needs --accept
    assert queue.pending(data) == []
