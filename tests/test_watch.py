"""``python -m loaders watch`` against a local service that searches real recorded answers.

The service is ``tests/test_fetch.py``'s local ``ThreadingHTTPServer``, serving four real
records of the Written Questions service (answered 13, 14 and 15 January 2025) and answering
the list endpoint as the service does for a watch: only the answers given between
``answeredWhenFrom`` and ``answeredWhenTo`` whose heading, question or answer holds
``searchTerm``. Waits are recorded, never slept; no test touches the network, none writes into
``data/``: each run's data folder is a copy of it in the test's own folder, since a watch puts
its proposals in the data folder's review queue.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from commitments.folder.reading import read_registry
from loaders import cli, fetch, queue, watch
from tests.test_fetch import (
    PATH,
    Fault,
    Service,
    _handler,
    _Server,
    one_line_error,
    serving,
    whole,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
MODERN = (
    ROOT / "tests/fixtures/hansard/modern/"
    "writtenquestions_api_list_records_commons_slavery_trafficking_bsc_2023-12_to_2026-04.json"
)
DAYS = ("2025-01-13", "2025-01-14", "2025-01-15")
RECORDS = [
    item["value"]
    for item in json.loads(MODERN.read_bytes())
    if (item["value"]["dateAnswered"] or "")[:10] in DAYS
]
WORDS = ["Border Security Command", "human trafficking"]
REGISTRY, _, _ = read_registry(DATA)
TERMS = len(watch.search_terms(watch.watch_list(REGISTRY, WORDS)))


class Search(Service):
    """The list endpoint filtered by answer day and search term, as the real service does."""

    def respond(self, method: str, target: str) -> Fault:
        url = urlsplit(target)
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        if url.path != PATH or "searchTerm" not in query:
            return super().respond(method, target)
        term = query["searchTerm"].casefold()
        first, last = query["answeredWhenFrom"], query["answeredWhenTo"]
        kept = [
            record
            for record in self.records
            if first <= record["dateAnswered"][:10] <= last
            and term
            in " ".join(
                [record["heading"], record["questionText"], whole(record)["answerText"]]
            ).casefold()
        ]
        searched = Service(kept, faults=self.faults, requests=self.requests, lock=self.lock)
        searched.broken_after = self.broken_after
        return searched.respond(method, target)


@pytest.fixture
def service() -> Iterator[Search]:
    served = Search(RECORDS)
    with serving(_Server(("127.0.0.1", 0), _handler(served))) as server:
        served.port = server.server_address[1]
        yield served


@pytest.fixture(autouse=True)
def waits(monkeypatch) -> list[float]:
    recorded: list[float] = []
    policy = fetch.Policy(timeout=0.5, tries=2, backoff=0.01, max_wait=1.0, sleep=recorded.append)
    monkeypatch.setattr(cli, "FETCH_POLICY", policy)
    return recorded


def data_copy(tmp_path: Path) -> Path:
    """The bundled data folder, copied once into the test's folder."""
    copy = tmp_path / "data"
    if not copy.exists():
        shutil.copytree(DATA, copy)
    return copy


def run(service: Service, tmp_path: Path, *extra: str, cache: str = "cache") -> int:
    return cli.main(
        [
            "watch",
            "--data",
            str(data_copy(tmp_path)),
            "--out",
            str(tmp_path / "out"),
            "--state",
            str(tmp_path / "state.json"),
            "--reports",
            str(tmp_path / "reports"),
            "--api",
            service.api,
            "--cache",
            str(tmp_path / cache),
            "--rate",
            "10000",
            "--words",
            *WORDS,
            *extra,
        ]
    )


def state(tmp_path: Path) -> str | None:
    path = tmp_path / "state.json"
    return json.loads(path.read_text())["last_day"] if path.exists() else None


def list_windows(service: Service) -> list[tuple[str, str]]:
    """The days each search request asked for."""
    windows = []
    for target in service.targets(f"{PATH}?"):
        query = parse_qs(urlsplit(target).query)
        windows.append((query["answeredWhenFrom"][0], query["answeredWhenTo"][0]))
    return windows


def drafted_uins(tmp_path: Path) -> set[str]:
    answers = (tmp_path / "out" / "answers").glob("*.yaml")
    return {str(u) for path in answers for u in yaml.safe_load(path.read_text())["uins"]}


def report(tmp_path: Path, day: str) -> str:
    return (tmp_path / "reports" / f"watch-{day}.md").read_text()


# --- the watch list ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "searched"),
    [
        ("National Referral Mechanism", True),
        ("NRM", True),  # an acronym of three capitals
        ("Europol", True),
        ("Foreign, Commonwealth and Development Office", True),  # a comma between words
        ("Victim-support pilot", True),
        ("Impact 1 and 2", True),
        ("Met", False),  # a three-letter word would find every answer that uses it
        ("Kent", False),  # so would a four-letter one
        ("OSCE/ODIHR", False),  # not words
        ("", False),
    ],
)
def test_a_registry_name_is_searched_only_when_it_is_words(term, searched):
    assert watch.searchable(term) is searched


def test_the_watch_list_holds_the_registry_and_the_words_each_term_once():
    entries = watch.watch_list(REGISTRY, ["modern  slavery", "Modern slavery"])
    kinds = {entry.kind for entry in entries}
    assert kinds == {"programme", "agency", "word"}
    assert [e.name for e in entries if e.kind == "word"] == ["modern slavery"]
    terms = watch.search_terms(entries)
    assert "National Referral Mechanism" in terms and "NRM" in terms and "Met" not in terms
    assert len(terms) == len({t.casefold() for t in terms}) > 100


@pytest.mark.parametrize(
    ("last", "since", "until", "expected"),
    [
        (None, "2025-01-13", None, ("2025-01-13", "2025-01-19")),  # first run: to yesterday
        ("2025-01-14", None, None, ("2025-01-15", "2025-01-19")),  # the day after the last
        ("2025-01-19", None, None, ("2025-01-20", "2025-01-19")),  # nothing left to watch
        ("2025-01-14", None, "2025-01-15", ("2025-01-15", "2025-01-15")),
    ],
)
def test_the_days_watched_follow_the_last_run(last, since, until, expected):
    day = lambda text: dt.date.fromisoformat(text) if text else None  # noqa: E731
    got = watch.window(day(last), day(since), day(until), dt.date(2025, 1, 20))
    assert got == tuple(dt.date.fromisoformat(d) for d in expected)


# --- runs -------------------------------------------------------------------------------------


def test_a_first_run_over_two_days_drafts_and_reports(service, tmp_path, capsys):
    assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-14") == 0
    assert set(list_windows(service)) == {("2025-01-13", "2025-01-14")}
    assert len(list_windows(service)) == TERMS  # one request a term, each one page
    assert drafted_uins(tmp_path) == {"902122", "22141", "22142"}
    assert any((tmp_path / "out" / "records").glob("*.yaml"))
    assert state(tmp_path) == "2025-01-14"
    text = report(tmp_path, "2025-01-14")
    assert "13 January 2025 to 14 January 2025 (2 days)" in text
    assert "wrote" not in capsys.readouterr().err
    # found by several of the registry's words, listed under each, drafted once
    assert text.count("### UIN 902122,") >= 2
    assert len(list((tmp_path / "out" / "answers").glob("*902122*"))) == 1


def test_the_next_day_s_run_covers_only_the_new_day_and_repeats_nothing(service, tmp_path):
    assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-14") == 0
    before = {p: p.read_text() for p in (tmp_path / "out").rglob("*.yaml")}
    asked = len(service.requests)
    assert run(service, tmp_path, "--until", "2025-01-15") == 0
    assert list_windows(service)[TERMS:] == [("2025-01-15", "2025-01-15")] * TERMS
    new = [target for _, target in service.requests[asked:]]
    assert len(new) == TERMS + 1  # a search a term, and 22876's whole text from its detail
    assert [t for t in new if t.startswith(f"{PATH}/")] == [f"{PATH}/1753739?expandMember=true"]
    assert drafted_uins(tmp_path) == {"902122", "22141", "22142", "22876"}
    after = {p: p.read_text() for p in (tmp_path / "out").rglob("*.yaml")}
    assert {p: after[p] for p in before} == before
    text = report(tmp_path, "2025-01-15")
    assert "### UIN 22876," in text and "22141" not in text and "902122" not in text
    assert state(tmp_path) == "2025-01-15"


def test_a_failed_run_leaves_the_state_and_the_next_covers_the_same_days(service, tmp_path, capsys):
    assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-14") == 0
    capsys.readouterr()
    service.broken_after = len(service.requests) + 10
    assert run(service, tmp_path, "--until", "2025-01-15") == 1
    one_line_error(capsys.readouterr().err, "HTTP 500", "gave up")
    assert state(tmp_path) == "2025-01-14"
    assert not (tmp_path / "reports" / "watch-2025-01-15.md").exists()
    assert "22876" not in drafted_uins(tmp_path)

    service.broken_after = None
    failed = len(service.requests)
    assert run(service, tmp_path, "--until", "2025-01-15") == 0
    retried = list_windows(service)[-(TERMS - 10) :]
    assert set(retried) == {("2025-01-15", "2025-01-15")} and len(service.requests) > failed
    assert state(tmp_path) == "2025-01-15"
    assert "22876" in drafted_uins(tmp_path)
    assert "### UIN 22876," in report(tmp_path, "2025-01-15")


def test_a_failed_run_tried_again_asks_for_nothing_it_had(service, tmp_path, capsys):
    service.broken_after = 10  # ten searches answered, then every request fails
    assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-14") == 1
    one_line_error(capsys.readouterr().err, "gave up")
    had = set(service.targets()[:10])
    service.broken_after = None
    failed = len(service.requests)
    assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-14") == 0
    again = service.targets()[failed:]
    assert not had & set(again)  # resumed: what the failed run had came from the cache
    searches = [t for t in [*had, *again] if t.startswith(f"{PATH}?")]
    assert len(searches) == len(set(searches)) == TERMS  # each term asked for once in all
    assert drafted_uins(tmp_path) == {"902122", "22141", "22142"}


def test_a_first_run_that_fails_needs_since_again_and_drafts_nothing(service, tmp_path, capsys):
    service.once("searchTerm=Reflex", 200, b"{not json")
    assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-14") == 1
    one_line_error(capsys.readouterr().err, "not JSON")
    assert state(tmp_path) is None and not (tmp_path / "out").exists()
    assert run(service, tmp_path, "--until", "2025-01-14") == 2
    assert "--since" in capsys.readouterr().err


def test_a_run_with_nothing_new_says_so_and_moves_on(service, tmp_path, capsys):
    assert run(service, tmp_path, "--since", "2025-01-16", "--until", "2025-01-17") == 0
    text = report(tmp_path, "2025-01-17")
    assert "Nothing new was answered for any programme, agency or word." in text
    assert "- Words: Border Security Command, human trafficking" in text
    assert "Programmes: Reflex, Immpact" in text
    assert not (tmp_path / "out").exists()
    assert state(tmp_path) == "2025-01-17"
    assert "0 new answers" in capsys.readouterr().out


def test_a_run_when_every_day_is_covered_does_nothing(service, tmp_path, capsys):
    assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-14") == 0
    asked = len(service.requests)
    assert run(service, tmp_path, "--until", "2025-01-14") == 0
    assert len(service.requests) == asked
    assert "nothing to watch" in capsys.readouterr().out


def test_a_second_run_at_once_is_refused_by_the_lock(service, tmp_path, capsys):
    lock = tmp_path / "state.json.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-14") == 1
    finally:
        os.close(fd)
    one_line_error(capsys.readouterr().err, "another watch is running")
    assert service.requests == [] and state(tmp_path) is None
    assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-14") == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--until", "2025-01-14"], "give the first day to watch with --since"),
        (["--since", "2025-01-13", "--until", "2999-01-01"], "is not over yet"),
    ],
)
def test_bad_arguments_exit_2_with_the_fix(service, tmp_path, capsys, options, message):
    assert run(service, tmp_path, *options) == 2
    assert message in capsys.readouterr().err and service.requests == []


def test_a_malformed_date_exits_2(service, tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        run(service, tmp_path, "--since", "13/01/2025")
    assert exited.value.code == 2 and "is not a date" in capsys.readouterr().err


def test_since_after_a_run_is_refused(service, tmp_path, capsys):
    assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-14") == 0
    capsys.readouterr()
    assert run(service, tmp_path, "--since", "2025-01-15", "--until", "2025-01-15") == 2
    assert "--since is for the first run only" in capsys.readouterr().err
    assert state(tmp_path) == "2025-01-14"


def test_the_report_cites_each_answer_with_its_heading_body_and_link(service, tmp_path):
    assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-15") == 0
    text = report(tmp_path, "2025-01-15")
    assert text.startswith("# Written answers watched: 13 January 2025 to 15 January 2025\n")
    assert "## Trafficking legislation (programme)" in text
    assert "## Border Security Command (word)" in text
    assert "### UIN 22876, tabled 8 January 2025, answered 15 January 2025" in text
    assert "**Human Trafficking: Convictions** — [on the service](" in text
    page = "https://questions-statements.parliament.uk/written-questions/detail/2025-01-08/22876"
    assert f"[on the service]({page})" in text
    assert "comes only from the detail." in text  # the whole text, not the list's cut one
    section = text.split("## Trafficking legislation (programme)")[1].split("\n## ")[0]
    assert "22876" in section and "22141" not in section
    assert "- written: `" in text and "answers/" in text
    nothing = text.split("## Nothing new")[1]
    assert "Reflex" in nothing and "Trafficking legislation" not in nothing.split("\n\n")[1]
    assert "Not searched (not words a search can use): " in text and "Met (Metropolitan" in text


# --- proposals for review ---------------------------------------------------------------------


def proposals_section(text: str) -> str:
    return text.split("## Proposals for review")[1].split("\n## ")[0]


def test_a_run_queues_its_proposals_on_records_and_the_report_names_them(service, tmp_path, capsys):
    data = data_copy(tmp_path)
    records_before = {p.name: p.read_bytes() for p in (data / "records").iterdir()}
    assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-15") == 0
    waiting = queue.pending(data)
    assert waiting and not any(item.problem for item in waiting)
    assert {item.kind for item in waiting} <= set(watch.QUEUED)  # a new one stays a draft
    assert {item.answer for item in waiting} <= {
        "hc-2025-01-13-902122",
        "hc-2025-01-14-22141",
        "hc-2025-01-15-22876",
    }
    section = proposals_section(report(tmp_path, "2025-01-15"))
    assert f"{len(waiting)} went to the review queue" in section
    assert f"    python -m loaders review {data}\n" in section
    for item in waiting:
        assert f"- `{item.id}` {item.kind}: {item.record}, {item.status}: “" in section
    said = [int(m[1]) for m in re.finditer(r"^(\d+) to the review queue", section, re.M)]
    assert len(said) == 3 and sum(said) == len(waiting)  # one line per answer
    assert "new (drafted)" in section and any((tmp_path / "out" / "records").glob("*.yaml"))
    assert f"{len(waiting)} proposals queued" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in (data / "records").iterdir()} == records_before


def test_an_answer_not_in_the_data_folder_is_written_there_so_its_proposals_can_be_accepted(
    service, tmp_path
):
    data = data_copy(tmp_path)
    for name in ("hc-2025-01-13-902122", "hc-2025-01-14-22141", "hc-2025-01-15-22876"):
        (data / "answers" / f"{name}.yaml").unlink()
    # the folder as it stood on the last day watched, so an event from it comes last in a history
    for path in (data / "records").glob("*.yaml"):
        if any(str(e["date"]) > "2025-01-15" for e in yaml.safe_load(path.read_text())["history"]):
            path.unlink()
    assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-15") == 0
    waiting = queue.pending(data)
    assert waiting
    for item in waiting:
        assert queue.answer_file(data, item.answer) is not None
    section = proposals_section(report(tmp_path, "2025-01-15"))
    assert f"The answer was written to `{data / 'answers' / waiting[0].answer}.yaml`" in section
    change = queue.accept(data, waiting[0].id)
    record = yaml.safe_load((data / "records" / f"{waiting[0].record}.yaml").read_text())
    assert record["history"][-1]["source"] == waiting[0].answer and change.record == record["id"]
    assert waiting[0].id not in {item.id for item in queue.pending(data)}


def test_a_proposal_rejected_before_is_not_queued_again(service, tmp_path):
    data = data_copy(tmp_path)
    assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-15") == 0
    waiting = queue.pending(data)
    queue.reject(data, waiting[0].id)
    (tmp_path / "state.json").unlink()  # the same days watched again, from the start
    assert run(service, tmp_path, "--since", "2025-01-13", "--until", "2025-01-15") == 0
    assert {item.id for item in queue.pending(data)} == {item.id for item in waiting[1:]}
    section = proposals_section(report(tmp_path, "2025-01-15"))
    assert "None went to the review queue" in section
    assert section.count(" 1 rejected before") == 1
    assert section.count(" pending already") == len({item.answer for item in waiting[1:]})
    assert f"`{waiting[0].id}`" not in section
