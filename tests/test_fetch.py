"""The Written Questions client against a local service serving the real recorded responses.

The service is a ``ThreadingHTTPServer`` on 127.0.0.1 started by the ``service`` fixture (and
stopped by it): it pages the recorded Ministry of Defence list (20 records, 19 of them cut
short) by ``skip``/``take`` (only those asked or answered by ``members``, when given), and serves
for each record a detail with its whole text, made from the list record by adding a sentence
only the detail holds. It also stands in for the Members API's search (``MEMBERS_PATH``): its
members are those who asked and answered the recorded questions, each value made from the
member the recorded responses carry (``askingMember``/``answeringMember``: id, name, list name,
party, seat), its House the House of the question. Faults (a 429, a 500, a slow answer, broken
JSON…) are queued on it per request. Waits are recorded, never slept; no test touches the
network.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import email.utils
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from loaders import cli, fetch
from loaders.pipeline import load_answers

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
MOD_LIST = ROOT / "tests/fixtures/hansard/writtenquestions_api_2021-02-01_answered_MoD_list.json"
PATH = "/api/writtenquestions/questions"
MEMBERS_PATH = "/api/Members/Search"
RECORDS = [item["value"] for item in json.loads(MOD_LIST.read_bytes())["results"]]
CUT_IDS = [r["id"] for r in RECORDS if r["answerText"].rstrip().endswith("...")]
PAGES = 3  # 20 records, 7 a page
CLEAN_RUN = PAGES + len(CUT_IDS)  # requests a run from nothing sends


def only_in_detail(question_id: int) -> str:
    return f"This sentence of answer {question_id} comes only from the detail."


def whole(record: dict) -> dict:
    """The detail's record: the list's, with its answer whole."""
    detail = copy.deepcopy(record)
    cut = detail["answerText"].rstrip().removesuffix("...")
    detail["answerText"] = f"{cut} {only_in_detail(record['id'])}</p>"
    return detail


def members_of(records: list[dict]) -> list[dict]:
    """The Members API's search values of the members who asked and answered ``records``, made
    from the members the recorded responses carry."""
    found: dict[int, dict] = {}
    for record in records:
        for member in (record["askingMember"], record["answeringMember"]):
            if member:
                found.setdefault(
                    member["id"],
                    {
                        "id": member["id"],
                        "nameListAs": member["listAs"],
                        "nameDisplayAs": member["name"],
                        "latestParty": {
                            "name": member["party"],
                            "abbreviation": member["partyAbbreviation"],
                            "backgroundColour": member["partyColour"],
                        },
                        "latestHouseMembership": {
                            "membershipFrom": member["memberFrom"],
                            "house": {"Commons": 1, "Lords": 2}[record["house"]],
                        },
                        "thumbnailUrl": member["thumbnailUrl"],
                    },
                )
    return list(found.values())


MEMBERS = members_of(RECORDS)


@dataclass
class Fault:
    match: str
    status: int = 500
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Service:
    """What the local service serves, its queued faults, and the log of what it was asked."""

    records: list[dict]
    port: int = 0
    members: list[dict] = field(default_factory=lambda: MEMBERS)
    faults: list[Fault] = field(default_factory=list)
    broken_after: int | None = None
    """Requests after this many get a 500 each."""
    requests: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}{PATH}"

    @property
    def members_api(self) -> str:
        return f"http://127.0.0.1:{self.port}{MEMBERS_PATH}"

    def once(self, match: str, status: int = 500, body: bytes = b"", **options) -> None:
        """Answer the next request whose address holds ``match`` so, once."""
        self.faults.append(Fault(match, status, body, **options))

    def targets(self, part: str = "") -> list[str]:
        return [target for _, target in self.requests if part in target]

    def respond(self, method: str, target: str) -> Fault:
        with self.lock:
            self.requests.append((method, target))
            if self.broken_after is not None and len(self.requests) > self.broken_after:
                return Fault(target, 500, b"broken")
            for fault in self.faults:
                if fault.match in target:
                    self.faults.remove(fault)
                    return fault
        url = urlsplit(target)
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        skip, take = int(query.get("skip", 0)), int(query.get("take", 20))
        if url.path == PATH:
            records = self.records
            if "members" in query:
                ids = {int(query["members"])}
                records = [
                    r for r in records if {r["askingMemberId"], r["answeringMemberId"]} & ids
                ]
            page = [{"value": r} for r in records[skip : skip + take]]
            body = {"totalResults": len(records), "results": page}
            return Fault(target, 200, json.dumps(body).encode())
        if url.path == MEMBERS_PATH:
            name = query.get("Name", "").casefold()
            found = [m for m in self.members if name in m["nameDisplayAs"].casefold()]
            items = [{"value": m, "links": []} for m in found[skip : skip + take]]
            body = {"items": items, "totalResults": len(found), "skip": skip, "take": take}
            return Fault(target, 200, json.dumps(body).encode())
        by_id = {f"{PATH}/{r['id']}": r for r in self.records}
        if url.path in by_id:
            body = {"value": whole(by_id[url.path]), "links": []}
            return Fault(target, 200, json.dumps(body).encode())
        return Fault(target, 404, b"not found")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up on a slow answer closed its socket: nothing to say


def _handler(service: Service) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer(service.respond("GET", self.path))

        def _refuse(self) -> None:
            service.respond(self.command, self.path)
            self._answer(Fault(self.path, 405, b"GET only"))

        do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _refuse

        def _answer(self, fault: Fault) -> None:
            if fault.delay:
                time.sleep(fault.delay)
            try:
                self.send_response(fault.status)
                for name, value in {"Content-Type": "application/json", **fault.headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(fault.body)))
                self.end_headers()
                self.wfile.write(fault.body)
            except OSError:
                pass

        def log_message(self, *args) -> None:
            pass

    return Handler


@contextlib.contextmanager
def serving(server: ThreadingHTTPServer) -> Iterator[ThreadingHTTPServer]:
    """``server`` answering on its own thread until the block ends, then stopped and closed:
    the tests stop exactly the server they started."""
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def service() -> Iterator[Service]:
    served = Service(RECORDS)
    with serving(_Server(("127.0.0.1", 0), _handler(served))) as server:
        served.port = server.server_address[1]
        yield served


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """Every wait the command asks for, recorded instead of slept; short timeouts."""
    recorded: list[float] = []
    policy = fetch.Policy(timeout=0.5, tries=3, backoff=0.01, max_wait=5.0, sleep=recorded.append)
    monkeypatch.setattr(cli, "FETCH_POLICY", policy)
    return recorded


def run(service: Service, tmp_path: Path, *extra: str) -> int:
    return cli.main(
        [
            "fetch",
            "--out",
            str(tmp_path / "out"),
            "--data",
            str(DATA),
            "--api",
            service.api,
            "--members-api",
            service.members_api,
            "--cache",
            str(tmp_path / "cache"),
            "--take",
            "7",
            "--rate",
            "1000",
            *extra,
        ]
    )


def drafts(tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "out"
    return {str(p.relative_to(out)): p.read_text() for p in sorted(out.rglob("*")) if p.is_file()}


def ingested_answers() -> int:
    """How many answers ingest drafts from the recorded list itself (its grouped set is one)."""
    return len(load_answers(MOD_LIST.read_bytes(), fmt="wq-json"))


def one_line_error(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "Traceback" not in err
    for word in words:
        assert word in lines[0]


# --- paging and whole texts -------------------------------------------------------------------


def test_fetch_pages_to_the_end_and_takes_each_cut_text_whole(service, tmp_path, waits, capsys):
    assert run(service, tmp_path) == 0
    assert service.targets("skip=0")
    skips = [parse_qs(urlsplit(t).query)["skip"] for t in service.targets(f"{PATH}?")]
    assert skips == [["0"], ["7"], ["14"]]
    details = {urlsplit(t).path.rsplit("/", 1)[1] for t in service.targets(f"{PATH}/")}
    assert details == {str(i) for i in CUT_IDS} and len(CUT_IDS) == 19
    assert len(service.requests) == CLEAN_RUN

    files = drafts(tmp_path)
    answers = [yaml.safe_load(text) for name, text in files.items() if name.startswith("answers")]
    assert len(answers) == ingested_answers() == 16
    assert any(name.startswith("records/") for name in files)
    texts = " ".join(a["answer"] for a in answers)
    wholes = [i for i in CUT_IDS if only_in_detail(i) in texts]
    # the grouped set (143686–143690) is one answer, drafted from its lowest UIN's record
    assert len(wholes) == 19 - 4
    assert all(a["complete"] for a in answers)
    assert "fetched 20 results" in capsys.readouterr().err


def test_the_filters_become_the_service_s_parameters(service, tmp_path, waits):
    options = ["--body", "ministry of  defence", "--house", "lords", "--answered-from"]
    options += ["2021-02-01", "--answered-to", "2021-02-02", "--tabled-from", "2021-01-01"]
    options += ["--tabled-to", "2021-01-31", "--search", "value for money", "--member", "400"]
    assert run(service, tmp_path, *options, "--uin", "143690") == 0
    query = parse_qs(urlsplit(service.targets(f"{PATH}?")[0]).query)
    assert query == {
        "answeringBodies": ["11"],
        "house": ["Lords"],
        "answeredWhenFrom": ["2021-02-01"],
        "answeredWhenTo": ["2021-02-02"],
        "tabledWhenFrom": ["2021-01-01"],
        "tabledWhenTo": ["2021-01-31"],
        "searchTerm": ["value for money"],
        "members": ["400"],
        "uIN": ["143690"],
        "expandMember": ["true"],
        "take": ["7"],
        "skip": ["0"],
    }
    assert not service.targets(MEMBERS_PATH)  # an id is not looked up


# --- a member by name --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "options", "member_id", "name"),
    [
        ("John Healey", [], 400, "John Healey"),  # asked five of the questions
        ("  jeremy   QUIN ", [], 4507, "Jeremy Quin"),  # answered nine; case and spacing forgiven
        ("Lord Wallace of Saltaire", [], 1816, "Lord Wallace of Saltaire"),  # a peer, by title
        ("wallace", ["--house", "commons"], 1539, "Mr Ben Wallace"),  # two Wallaces: --house
    ],
)
def test_a_member_given_by_name_is_found_and_their_id_asked_for(
    service, tmp_path, waits, capsys, given, options, member_id, name
):
    assert run(service, tmp_path, "--member", given, *options) == 0
    (search,) = service.targets(MEMBERS_PATH)
    assert parse_qs(urlsplit(search).query)["Name"] == [" ".join(given.split())]
    pages = service.targets(f"{PATH}?")
    assert pages and all(parse_qs(urlsplit(t).query)["members"] == [str(member_id)] for t in pages)
    err = capsys.readouterr().err
    assert f"--member {' '.join(given.split())!r} is {name} (id {member_id}," in err
    answers = [yaml.safe_load(text) for n, text in drafts(tmp_path).items() if n[:8] == "answers/"]
    assert answers and all(name in (a["asker"], a["minister"]) for a in answers)


def test_a_name_no_member_has_is_refused_with_a_hint_to_give_the_id(
    service, tmp_path, waits, capsys
):
    assert run(service, tmp_path, "--member", "Jeremy Corbyn") == 2
    one_line_error(capsys.readouterr().err, "'Jeremy Corbyn'", "no member", "give the member's id")
    assert service.targets(MEMBERS_PATH) and not service.targets(PATH + "?")
    assert drafts(tmp_path) == {}


def test_a_name_several_members_have_is_refused_listing_them(service, tmp_path, waits, capsys):
    assert run(service, tmp_path, "--member", "Wallace") == 2
    err = capsys.readouterr().err
    one_line_error(err, "'Wallace'", "2 members match", "--house")
    assert "Lord Wallace of Saltaire (id 1816, Lords)" in err
    assert "Mr Ben Wallace (id 1539, Commons)" in err
    assert not service.targets(PATH + "?") and drafts(tmp_path) == {}


@pytest.mark.parametrize(
    ("status", "body", "words"),
    [
        (403, b"Forbidden", "refused: HTTP 403"),
        (200, b'{"items": [', "not JSON"),
        (200, b'{"items": [{"value": {"id": "400"}}]}', "item 0 has no id and name"),
    ],
)
def test_a_members_api_that_fails_is_one_clear_line(
    service, tmp_path, waits, capsys, status, body, words
):
    service.once(MEMBERS_PATH, status, body)
    assert run(service, tmp_path, "--member", "John Healey") == 1
    one_line_error(capsys.readouterr().err, service.members_api, words)
    assert not service.targets(PATH + "?")


HEALEY, QUIN, SALTAIRE, BEN_WALLACE = (
    fetch.Member.from_members_api(next(m for m in MEMBERS if m["id"] == i))
    for i in (400, 4507, 1816, 1539)
)


@pytest.mark.parametrize(
    ("name", "found", "house", "chosen"),
    [
        ("healey", [HEALEY], None, HEALEY),
        ("Wallace", [SALTAIRE, BEN_WALLACE], "lords", SALTAIRE),
        # the one named exactly so, though the other's name holds it (as Baroness Hayman and
        # Baroness Hayman of Ullock both match "Baroness Hayman")
        (
            "lord  wallace",
            [SALTAIRE, replace(SALTAIRE, id=1, name="Lord Wallace")],
            None,
            replace(SALTAIRE, id=1, name="Lord Wallace"),
        ),
        ("wallace, mr ben", [SALTAIRE, BEN_WALLACE], None, BEN_WALLACE),  # its listed name
        ("Wallace", [SALTAIRE, BEN_WALLACE], None, None),  # two, and no House to choose by
        ("Wallace", [SALTAIRE, replace(SALTAIRE, id=2)], "lords", None),  # two of that House
        ("Quinn", [], None, None),
        ("Quin", [QUIN], "lords", QUIN),  # one found is the one, whatever its House
    ],
)
def test_the_member_a_name_means(name, found, house, chosen):
    if chosen is None:
        with pytest.raises(fetch.MemberProblem, match=f"--member {name!r}: .*hint: "):
            fetch.choose_member(name, found, len(found), house)
    else:
        assert fetch.choose_member(name, found, len(found), house) == chosen


def test_more_members_than_a_search_lists_are_counted(service):
    with pytest.raises(fetch.MemberProblem, match=r"40 members match: .*; and 38 more"):
        fetch.choose_member("Wallace", [SALTAIRE, BEN_WALLACE], 40)


def test_the_members_api_is_members_api_else_the_environment_else_the_real_one(service):
    assert fetch.members_api_address(None, {}) == fetch.DEFAULT_MEMBERS_API
    setting = {fetch.MEMBERS_API_SETTING: service.members_api}
    assert fetch.members_api_address(None, setting) == service.members_api
    assert fetch.members_api_address("http://127.0.0.1:9/m", setting) == "http://127.0.0.1:9/m"
    with pytest.raises(fetch.FetchError, match="not an http"):
        fetch.members_api_address("members-api.parliament.uk")


def test_an_answering_body_unknown_by_name_asks_for_its_id(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["fetch", "--out", str(tmp_path), "--body", "Ministry of Magic"])
    assert exit_.value.code == 2
    assert "hint: give its id" in capsys.readouterr().err


def test_the_address_is_api_else_the_environment_else_the_real_service(service, monkeypatch):
    assert fetch.api_address(None, {}) == fetch.DEFAULT_API
    assert fetch.api_address(None, {fetch.API_SETTING: service.api + "/"}) == service.api
    assert fetch.api_address(service.api, {fetch.API_SETTING: "http://127.0.0.1:9/x"}) == (
        service.api
    )
    with pytest.raises(fetch.FetchError, match="not an http"):
        fetch.api_address("file:///etc/passwd")


def test_the_environment_names_the_service_when_api_is_not_given(
    service, tmp_path, waits, monkeypatch
):
    monkeypatch.setenv(fetch.API_SETTING, service.api)
    argv = ["fetch", "--out", str(tmp_path / "out"), "--data", str(DATA)]
    argv += ["--cache", str(tmp_path / "cache"), "--rate", "1000"]
    assert cli.main(argv) == 0
    assert len(service.requests) == 1 + len(CUT_IDS)  # one page of 100


# --- retries ----------------------------------------------------------------------------------


def test_a_429_waits_as_retry_after_says_then_succeeds(service, tmp_path, waits):
    service.once("skip=7", 429, headers={"Retry-After": "3"})
    assert run(service, tmp_path) == 0
    assert 3.0 in waits
    assert len(service.targets("skip=7")) == 2
    assert len(service.requests) == CLEAN_RUN + 1


def test_a_503_s_retry_after_as_an_http_date_is_honoured_and_capped(service, tmp_path, waits):
    later = email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(hours=1), True)
    service.once("skip=0", 503, headers={"Retry-After": later})
    assert run(service, tmp_path) == 0
    assert 5.0 in waits  # an hour, capped at the policy's max_wait
    assert len(service.targets("skip=0")) == 2


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("120", 120.0),
        ("", 4.0),  # none: the backoff
        ("soon", 4.0),  # neither seconds nor a date: the backoff
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # a date gone by: no wait
    ],
)
def test_retry_after_reads_seconds_or_an_http_date(header, expected):
    assert fetch._retry_after(header, 4.0) == expected


def test_a_500_then_success_backs_off_and_goes_on(service, tmp_path, waits):
    service.once(f"{PATH}/{CUT_IDS[3]}", 500)
    assert run(service, tmp_path) == 0
    assert 0.01 in waits  # the first backoff
    assert len(service.requests) == CLEAN_RUN + 1


def test_a_timeout_then_success(service, tmp_path, waits):
    service.once("skip=14", 200, b"{}", delay=1.5)  # past the 0.5 s timeout
    assert run(service, tmp_path) == 0
    assert len(service.targets("skip=14")) == 2
    assert len(drafts(tmp_path)) > 0


def test_backoff_doubles_and_retries_run_out_with_one_clear_line(service, tmp_path, waits, capsys):
    service.broken_after = 0
    assert run(service, tmp_path) == 1
    one_line_error(capsys.readouterr().err, service.api, "gave up after 3 tries", "HTTP 500")
    assert [w for w in waits if w >= 0.005] == [0.01, 0.02]
    assert drafts(tmp_path) == {}


def test_the_rate_is_limited(service, tmp_path):
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    policy = fetch.Policy(rate=2.0, sleep=sleep, clock=lambda: now[0])
    with fetch.Client(service.api, tmp_path, policy) as client:
        for skip in range(3):
            client.get_json(client.list_url([("skip", str(skip))]), fetch._check_list)
    assert slept == [0.5, 0.5]


# --- clear errors, nothing half-written -------------------------------------------------------


def test_malformed_json_is_one_clear_line_exit_1_and_nothing_written(
    service, tmp_path, waits, capsys
):
    service.once("skip=7", 200, b'{"totalResults": 20, "results": [')
    assert run(service, tmp_path) == 1
    one_line_error(capsys.readouterr().err, "skip=7", service.api, "not JSON")
    assert drafts(tmp_path) == {}
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1  # the first page; not the bad one


def test_a_refused_request_is_one_clear_line_and_not_tried_again(service, tmp_path, waits, capsys):
    service.once(f"{PATH}/{CUT_IDS[0]}", 403, b"Forbidden")
    assert run(service, tmp_path) == 1
    one_line_error(capsys.readouterr().err, f"{PATH}/{CUT_IDS[0]}", "refused: HTTP 403")
    assert len(service.targets(f"{PATH}/{CUT_IDS[0]}")) == 1
    assert drafts(tmp_path) == {}


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"totalResults": 20, "items": []}, "no results list"),
        ({"results": []}, "no totalResults"),
        ({"totalResults": 20, "results": [{"id": 1}]}, "result 0 has no value"),
        ([1, 2], "no results list"),
    ],
)
def test_an_unexpected_shape_is_one_clear_line(service, tmp_path, waits, capsys, body, words):
    service.once("skip=0", 200, json.dumps(body).encode())
    assert run(service, tmp_path) == 1
    one_line_error(capsys.readouterr().err, "unexpected shape", words, service.api)
    assert drafts(tmp_path) == {}
    assert list((tmp_path / "cache").glob("*.json")) == []


def test_a_detail_without_value_is_an_unexpected_shape(service, tmp_path, waits, capsys):
    service.once(f"{PATH}/{CUT_IDS[-1]}", 200, b'{"id": 1}')
    assert run(service, tmp_path) == 1
    one_line_error(capsys.readouterr().err, "unexpected shape: no value", str(CUT_IDS[-1]))


# --- only GET, only under the base ------------------------------------------------------------


def test_a_redirect_is_not_followed(service, tmp_path, waits, capsys):
    service.once("skip=0", 302, headers={"Location": "http://example.org/elsewhere"})
    assert run(service, tmp_path) == 1
    one_line_error(capsys.readouterr().err, "example.org", "not followed")
    assert len(service.requests) == 1


def test_an_id_that_is_not_a_number_never_becomes_an_address(service, tmp_path, waits, capsys):
    odd = [{**RECORDS[0], "id": "../../../admin"}, *RECORDS[1:]]
    service.records = odd
    assert run(service, tmp_path) == 1
    one_line_error(capsys.readouterr().err, "unexpected shape", "admin")
    assert not service.targets("admin")


def test_nothing_outside_the_base_is_fetched(service, tmp_path):
    with fetch.Client(service.api, tmp_path) as client:
        for url in ("http://example.org" + PATH, service.api.replace(PATH, "/api/other")):
            with pytest.raises(fetch.FetchError, match="outside the service"):
                client.get_json(url, fetch._check_list)
    assert service.requests == []


def test_every_request_is_a_get(service, tmp_path, waits):
    assert run(service, tmp_path) == 0
    assert {method for method, _ in service.requests} == {"GET"}


# --- the cache and an interrupted run ---------------------------------------------------------


def test_a_second_run_asks_only_for_the_list_again_and_writes_no_duplicate(
    service, tmp_path, waits, capsys
):
    assert run(service, tmp_path) == 0
    first = drafts(tmp_path)
    sent = len(service.requests)
    capsys.readouterr()
    assert run(service, tmp_path) == 0
    again = [target for _, target in service.requests[sent:]]
    assert len(again) == PAGES and all(t.startswith(f"{PATH}?") for t in again)  # details cached
    out = capsys.readouterr().out
    assert "wrote" not in out and out.count("kept") == len(first)
    assert drafts(tmp_path) == first


def gained(record: dict, question_id: int, uin: str) -> dict:
    """A recorded answer given again as another question of the same day (a new id and UIN)."""
    return {**copy.deepcopy(record), "id": question_id, "uin": uin}


def test_a_new_run_finds_an_answer_the_list_gained_since(service, tmp_path, waits, capsys):
    assert run(service, tmp_path) == 0
    sent = len(service.requests)
    late = gained(next(r for r in RECORDS if r["id"] == CUT_IDS[-1]), 1299999, "999999")
    service.records = [*RECORDS, late]  # answered the same day, published after the first run
    assert run(service, tmp_path) == 0
    again = [target for _, target in service.requests[sent:]]
    assert [t for t in again if t.startswith(f"{PATH}/")] == [f"{PATH}/1299999?expandMember=true"]
    assert len(again) == PAGES + 1
    late_answer = yaml.safe_load((tmp_path / "out/answers/hc-2021-02-01-999999.yaml").read_text())
    assert only_in_detail(1299999) in late_answer["answer"]
    assert "fetched 21 results" in capsys.readouterr().err


def test_a_corrected_answer_s_detail_is_fetched_again(service, tmp_path):
    policy = fetch.Policy(rate=1000, sleep=lambda _: None)
    with fetch.Client(service.api, tmp_path, policy) as client:
        fetch.fetch_questions(client, fetch.Query(), take=7)
    record = next(r for r in RECORDS if r["id"] == CUT_IDS[5])
    corrected = {
        **record,
        "answerIsCorrection": True,
        "dateAnswerCorrected": "2021-02-08T00:00:00",
        "answerText": "Corrected: " + record["answerText"],
    }
    service.records = [corrected if r is record else r for r in RECORDS]
    sent = len(service.requests)
    with fetch.Client(service.api, tmp_path, policy) as client:
        got = fetch.fetch_questions(client, fetch.Query(), take=7)
    details = service.targets(f"{PATH}/")[len(CUT_IDS) :]
    assert details == [f"{PATH}/{record['id']}?expandMember=true"]
    assert len(service.requests) - sent == PAGES + 1
    (value,) = [item["value"] for item in got.document if item["value"]["id"] == record["id"]]
    assert value["answerText"].startswith("Corrected: ") and value["answerIsCorrection"]


def test_an_interrupted_run_resumes_fetching_only_what_it_lacks(service, tmp_path, waits, capsys):
    service.broken_after = 10  # three pages and seven details, then every request fails
    assert run(service, tmp_path) == 1
    one_line_error(capsys.readouterr().err, "gave up")
    assert drafts(tmp_path) == {}  # nothing drafted from half a fetch
    first_run = len(service.requests)
    assert first_run == 10 + 3  # the eleventh request, tried three times

    service.broken_after = None
    assert run(service, tmp_path) == 0
    resumed = service.requests[first_run:]
    assert len(resumed) == CLEAN_RUN - 10
    assert not [t for _, t in resumed if f"{PATH}?" in t]  # every page came from the cache

    files = drafts(tmp_path)
    answers = [name for name in files if name.startswith("answers/")]
    assert len(answers) == ingested_answers()
    clean = tmp_path / "clean"
    clean.mkdir()
    assert run(service, clean) == 0  # a fresh folder and cache: the same drafts, no more
    assert drafts(clean) == files

    finished = len(service.requests)
    assert run(service, tmp_path) == 0  # the run was finished: a new one asks for the pages
    assert len(service.requests) - finished == PAGES


def test_an_unfinished_run_older_than_a_day_is_not_resumed(service, tmp_path, waits, capsys):
    service.broken_after = PAGES + 2  # every page and two details, then every request fails
    assert run(service, tmp_path) == 1
    (marker,) = (tmp_path / "cache" / fetch.UNFINISHED).glob("*.json")
    stopped = json.loads(marker.read_text())
    assert stopped["job"].startswith(f"fetch {service.api}?")
    old = dt.datetime.fromisoformat(stopped["started"]) - fetch.RESUME_WITHIN
    marker.write_text(json.dumps({**stopped, "started": old.isoformat()}))

    service.broken_after = None
    failed = len(service.requests)
    assert run(service, tmp_path) == 0
    again = [target for _, target in service.requests[failed:]]
    assert len([t for t in again if t.startswith(f"{PATH}?")]) == PAGES  # asked for again
    assert len([t for t in again if t.startswith(f"{PATH}/")]) == len(CUT_IDS) - 2  # kept
    assert list((tmp_path / "cache" / fetch.UNFINISHED).glob("*.json")) == []


def test_a_run_stopped_by_an_error_is_resumed_and_a_finished_one_is_not(tmp_path):
    with pytest.raises(KeyboardInterrupt), fetch.resumable(tmp_path, "job") as first:
        raise KeyboardInterrupt
    with fetch.resumable(tmp_path, "another job") as other:
        assert other > first
    with fetch.resumable(tmp_path, "job") as resumed:
        assert resumed == first
    with fetch.resumable(tmp_path, "job") as new:
        assert new > first
