"""A client for the Written Questions service: its answers fetched, whole, as one JSON document.

``fetch_questions`` pages through the service's list endpoint (``skip``/``take`` to
``totalResults``) and, for each answer the list cuts short (``...``), takes the whole text from
the detail endpoint (``…/questions/{id}``). What it returns is a document ``parse_wq_json``
reads: the list's records, each cut one replaced by its detail.

The client is a good citizen and robust:

- **Timeouts and retries.** Connection errors, timeouts and 5xx answers are tried again after
  an exponential backoff; 429 and 503 wait as their ``Retry-After`` says (seconds or an HTTP
  date). Every wait is capped (``Policy.max_wait``). Waits go through ``Policy.sleep`` so tests
  can record them instead of sleeping.
- **A limited rate.** At most ``Policy.rate`` requests a second reach the service.
- **A cache.** Each good response is kept under the cache folder, keyed by the full request
  address (a file named by its SHA-256), written atomically. What may change is reused only as
  long as it holds: a list page (or a Members API search) can gain answers later, so it is
  reused only within its run (``Client.run_started``); a detail is reused whenever it is of the
  version of the answer the list shows (a holding answer made final, or a corrected one, keeps
  its id: a detail of another version is fetched again).
- **Resume.** ``resumable`` marks a run unfinished in the cache folder until it ends without an
  error; the next run of the same job (a fetch's query, a watch's days and terms) within
  ``RESUME_WITHIN`` starts where it did, so it reuses the pages that run had and fetches only
  what it lacks. Any other run asks for the lists again (their details still come from the
  cache).
- **Members by name.** ``resolve_member`` finds a member's id from their name with the Members
  API's search (its address a setting like the service's), through the same client.
- **Only GET, only under the base.** Every address is the base's own (its list, or a detail made
  from a numeric id); redirects are not followed.
- **One clear error.** A refused request (4xx other than 429), a response that is not JSON or not
  of the expected shape, or retries run out: ``FetchError``, one line naming the address.
  Nothing of a bad response is cached.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from commitments.folder.writing import write_atomic

DEFAULT_API = "https://questions-statements-api.parliament.uk/api/writtenquestions/questions"
API_SETTING = "WRITTEN_QUESTIONS_API"
"""The environment variable naming the service's address (a mirror, a test server)."""
DEFAULT_MEMBERS_API = "https://members-api.parliament.uk/api/Members/Search"
MEMBERS_API_SETTING = "MEMBERS_API"
"""The environment variable naming the Members API's search address (a mirror, a test server)."""
DEFAULT_TAKE = 100
MEMBERS_TAKE = 20
"""Members a name search lists, at most (more is a name to be given more fully)."""
CUT = "..."
RESUME_WITHIN = dt.timedelta(days=1)
"""How long an unfinished run may be resumed from its list pages; after that the next run
asks for them again (a resumed run sees the lists as they were when it started)."""
UNFINISHED = "unfinished"
"""The cache folder's folder of markers of runs that stopped with an error."""
VERSION_FIELDS = (
    "dateAnswered",
    "answerIsHolding",
    "dateHoldingAnswer",
    "answerIsCorrection",
    "dateAnswerCorrected",
)
"""The fields that change when an answer does (made final, corrected) while its id stays."""
HOUSES = {1: "Commons", 2: "Lords"}
"""The Members API's ``latestHouseMembership.house`` numbers."""

ANSWERING_BODIES = {
    "home office": 1,
    "ministry of defence": 11,
    "department for environment, food and rural affairs": 13,
    "department for transport": 27,
    "ministry of justice": 54,
    "department for education": 60,
    "foreign, commonwealth and development office": 208,
}
"""Answering bodies by name, with the service's ids as its records give them (``--body``
takes any other body by its id)."""


class FetchError(Exception):
    """The service refused a request, answered with what is not the expected JSON, or could not
    be reached after every retry: one line, naming the address."""


class MemberProblem(Exception):
    """A member's name that names no member, or several: one line, with the fix."""


def api_address(given: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The service's address: the one given, else ``WRITTEN_QUESTIONS_API``, else the real one."""
    return _address(given or environ.get(API_SETTING) or DEFAULT_API, "the service")


def members_api_address(given: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The Members API's search address: the one given, else ``MEMBERS_API``, else the real
    one."""
    return _address(
        given or environ.get(MEMBERS_API_SETTING) or DEFAULT_MEMBERS_API, "the Members API search"
    )


def _address(given: str, what: str) -> str:
    address = given.strip().rstrip("/")
    url = httpx.URL(address)
    if url.scheme not in ("http", "https") or not url.host:
        raise FetchError(f"{address}: not an http(s) address of {what}")
    return address


def default_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """``$XDG_CACHE_HOME/commitments/written-questions`` (``~/.cache`` when it is not set)."""
    root = environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "commitments" / "written-questions"


def answering_body(name_or_id: str) -> int:
    """The service's id of an answering body given by id or by name (``Home Office``)."""
    text = name_or_id.strip()
    if text.isdigit():
        return int(text)
    found = ANSWERING_BODIES.get(" ".join(text.lower().split()))
    if found is None:
        known = ", ".join(name.title() for name in ANSWERING_BODIES)
        raise ValueError(
            f"answering body {name_or_id!r} is not known by name (hint: give its id, as the "
            f"service's answeringBodyId; known by name: {known})"
        )
    return found


@dataclass(frozen=True)
class Query:
    """The service's filters, as ``python -m loaders fetch`` takes them."""

    body: int | None = None
    house: str | None = None  # "commons" or "lords"
    answered_from: dt.date | None = None
    answered_to: dt.date | None = None
    tabled_from: dt.date | None = None
    tabled_to: dt.date | None = None
    search: str | None = None
    member: int | None = None
    uin: str | None = None

    def list_params(self, take: int) -> list[tuple[str, str]]:
        """The list endpoint's query parameters for a page of ``take`` (``skip`` apart)."""
        return [*self.params(), ("expandMember", "true"), ("take", str(take))]

    def params(self) -> list[tuple[str, str]]:
        """The list endpoint's query parameters for these filters (paging apart)."""
        named: list[tuple[str, object]] = [
            ("answeringBodies", self.body),
            ("house", self.house.capitalize() if self.house else None),
            ("answeredWhenFrom", self.answered_from),
            ("answeredWhenTo", self.answered_to),
            ("tabledWhenFrom", self.tabled_from),
            ("tabledWhenTo", self.tabled_to),
            ("searchTerm", self.search),
            ("members", self.member),
            ("uIN", self.uin),
        ]
        return [(key, _param(value)) for key, value in named if value is not None]


def _param(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


@dataclass(frozen=True)
class Policy:
    """How patiently the client asks: timeouts, retries, waits and rate."""

    timeout: float = 30.0
    """Seconds to connect, and to wait for each read."""
    tries: int = 5
    """Attempts at one request before giving up."""
    backoff: float = 1.0
    """The first wait after a failure; each later one doubles it."""
    max_wait: float = 60.0
    """No wait, backoff or ``Retry-After``, is longer."""
    rate: float = 2.0
    """Requests a second, at most."""
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic


@dataclass
class Fetched:
    """What a fetch gathered: the document to parse, and how it was had."""

    document: list[dict[str, Any]]
    total: int
    pages: int = 0
    details: int = 0
    from_cache: int = 0
    sent: int = 0
    notes: list[str] = field(default_factory=list)


class Client:
    """GETs JSON from the service at ``api`` (its questions address, or the Members API's
    search address), through the cache."""

    def __init__(
        self,
        api: str,
        cache_dir: Path,
        policy: Policy | None = None,
        *,
        run_started: dt.datetime | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.api = api.rstrip("/")
        self.cache_dir = Path(cache_dir)
        self.policy = policy or Policy()
        self.run_started = run_started or dt.datetime.now(dt.UTC)
        """Responses that may change are reused only when fetched since (``resumable`` gives
        an unfinished run's start; by default, this client's)."""
        self.sent = 0
        self.from_cache = 0
        self._next_turn = 0.0
        self._http = httpx.Client(
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            headers={"Accept": "application/json", "User-Agent": "commitments-tracker/fetch"},
            transport=transport,
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # --- addresses ----------------------------------------------------------------------------

    def list_url(self, params: list[tuple[str, str]]) -> str:
        return str(httpx.URL(self.api).copy_merge_params(params))

    def detail_url(self, question_id: object) -> str:
        if not re.fullmatch(r"\d+", str(question_id)):
            raise FetchError(f"{self.api}: unexpected shape: a result's id {question_id!r}")
        url = httpx.URL(f"{self.api}/{question_id}").copy_merge_params({"expandMember": "true"})
        return str(url)

    def _within(self, url: str) -> None:
        base, asked = httpx.URL(self.api), httpx.URL(url)
        if (asked.scheme, asked.host, asked.port) != (base.scheme, base.host, base.port) or not (
            asked.path == base.path or asked.path.startswith(base.path.rstrip("/") + "/")
        ):
            raise FetchError(f"{url}: outside the service's address {self.api}; not fetched")

    # --- one request --------------------------------------------------------------------------

    def get_json(
        self,
        url: str,
        check: Callable[[str, Any], None],
        *,
        holds: Callable[[Any], bool] | None = None,
    ) -> Any:
        """The JSON at ``url``, from the cache or the service; ``check`` raises ``FetchError``
        on a shape that is not expected, and only what passes it is cached.

        A cached response is reused when ``holds`` says it still holds (a detail of the
        answer's version); without ``holds`` (a list, a search: they change), only when it was
        fetched in this run (since ``run_started``).
        """
        self._within(url)
        cached = self._cached(url, check)
        if cached is not None:
            data, fetched = cached
            if holds(data) if holds else fetched >= self.run_started:
                self.from_cache += 1
                return data
        data = self._request(url)
        check(url, data)
        self._store(url, data)
        return data

    def _cache_path(self, url: str) -> Path:
        return self.cache_dir / f"{_digest(f'GET {url}')}.json"

    def _cached(
        self, url: str, check: Callable[[str, Any], None]
    ) -> tuple[Any, dt.datetime] | None:
        """The cached response and when it was fetched; None when there is none that can be
        read, is of ``url`` and of the expected shape (it is then fetched again)."""
        path = self._cache_path(url)
        try:
            entry = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("url") != url or "response" not in entry:
            return None
        fetched = _instant(entry.get("fetched"))
        try:
            check(url, entry["response"])
        except FetchError:
            return None
        return (entry["response"], fetched) if fetched else None

    def _store(self, url: str, data: Any) -> None:
        entry = {"url": url, "fetched": dt.datetime.now(dt.UTC).isoformat(), "response": data}
        write_atomic(self._cache_path(url), json.dumps(entry, ensure_ascii=False).encode())

    def _wait_turn(self) -> None:
        now = self.policy.clock()
        if self._next_turn > now:
            self.policy.sleep(self._next_turn - now)
            now = self._next_turn
        self._next_turn = now + 1 / self.policy.rate

    def _request(self, url: str) -> Any:
        policy = self.policy
        problem = ""
        for attempt in range(policy.tries):
            wait = policy.backoff * 2**attempt
            self._wait_turn()
            self.sent += 1
            try:
                response = self._http.get(url)
            except httpx.TimeoutException:
                problem = f"no answer within {policy.timeout:g} s"
            except httpx.TransportError as exc:
                problem = f"cannot connect ({type(exc).__name__}: {exc})"
            else:
                status = response.status_code
                if status < 300:
                    return _json(url, response)
                if status in (429, 503):
                    wait = _retry_after(response.headers.get("Retry-After"), wait)
                    problem = f"HTTP {status} {response.reason_phrase}"
                elif status >= 500:
                    problem = f"HTTP {status} {response.reason_phrase}"
                elif status < 400:
                    where = response.headers.get("Location", "elsewhere")
                    raise FetchError(f"{url}: redirected to {where}; redirects are not followed")
                else:
                    raise FetchError(
                        f"{url}: refused: HTTP {status} {response.reason_phrase}{_detail(response)}"
                    )
            if attempt + 1 < policy.tries:
                policy.sleep(min(max(wait, 0.0), policy.max_wait))
        raise FetchError(f"{url}: gave up after {policy.tries} tries: {problem}")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _instant(text: object) -> dt.datetime | None:
    """A time the cache wrote (ISO, with its zone); None for anything else."""
    try:
        when = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return when if when.tzinfo else None


def _json(url: str, response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except UnicodeDecodeError:
        raise FetchError(f"{url}: the response is not JSON (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        raise FetchError(
            f"{url}: the response is not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from None


def _detail(response: httpx.Response) -> str:
    text = " ".join(response.text.split())[:200]
    return f": {text}" if text else ""


def _retry_after(value: str | None, otherwise: float) -> float:
    """Seconds to wait from a ``Retry-After`` header: seconds, or an HTTP date."""
    if not value:
        return otherwise
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return otherwise
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max((when - dt.datetime.now(dt.UTC)).total_seconds(), 0.0)


# --- the shapes expected ----------------------------------------------------------------------


def _check_list(url: str, data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise FetchError(f"{url}: unexpected shape: no results list in the response")
    if not isinstance(data.get("totalResults"), int):
        raise FetchError(f"{url}: unexpected shape: no totalResults number in the response")
    for index, item in enumerate(data["results"]):
        if not isinstance(item, dict) or not isinstance(item.get("value"), dict):
            raise FetchError(f"{url}: unexpected shape: result {index} has no value")


def _check_detail(url: str, data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("value"), dict):
        raise FetchError(f"{url}: unexpected shape: no value in the response")


def _check_members(url: str, data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FetchError(f"{url}: unexpected shape: no items list in the response")
    if not isinstance(data.get("totalResults", 0), int):
        raise FetchError(f"{url}: unexpected shape: totalResults is not a number")
    for index, item in enumerate(data["items"]):
        value = item.get("value") if isinstance(item, dict) else None
        if not isinstance(value, dict):
            raise FetchError(f"{url}: unexpected shape: item {index} has no value")
        if type(value.get("id")) is not int or not isinstance(value.get("nameDisplayAs"), str):
            raise FetchError(f"{url}: unexpected shape: item {index} has no id and name")


def is_cut(record: Mapping[str, Any]) -> bool:
    """Whether the list cut this record's answer short (it ends ``...``)."""
    return str(record.get("answerText") or "").rstrip().endswith(CUT)


def same_version(detail: Mapping[str, Any], record: Mapping[str, Any]) -> bool:
    """Whether a detail is of the answer's version the list record shows (``VERSION_FIELDS``,
    those both hold, agree)."""
    return all(
        detail[key] == record[key] for key in VERSION_FIELDS if key in detail and key in record
    )


# --- members by name --------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A member of either House as the Members API gives them."""

    id: int
    name: str
    """Their name as displayed (``nameDisplayAs``: "Lord Randall of Uxbridge")."""
    list_name: str = ""
    """Their name as listed (``nameListAs``: "Randall of Uxbridge, Lord")."""
    house: str | None = None
    """Their latest House, "Commons" or "Lords"; None when the API does not say."""

    def __str__(self) -> str:
        return f"{self.name} (id {self.id}, {self.house or 'House not known'})"

    @classmethod
    def from_members_api(cls, value: Mapping[str, Any]) -> Member:
        """From one ``value`` of a Members API search (its shape checked)."""
        membership = value.get("latestHouseMembership")
        house = membership.get("house") if isinstance(membership, dict) else None
        return cls(
            value["id"],
            value["nameDisplayAs"],
            str(value.get("nameListAs") or ""),
            HOUSES.get(house),
        )


def member_name(text: str) -> str:
    """A name as given, its spacing made single (case is the search's business)."""
    return " ".join(text.split())


def search_members(client: Client, name: str) -> tuple[list[Member], int]:
    """The members a Members API search for ``name`` finds (the first ``MEMBERS_TAKE``), and
    how many it found in all."""
    params = [("Name", member_name(name)), ("skip", "0"), ("take", str(MEMBERS_TAKE))]
    data = client.get_json(client.list_url(params), _check_members)
    found = [Member.from_members_api(item["value"]) for item in data["items"]]
    return found, max(data.get("totalResults", 0), len(found))


def choose_member(
    name: str, found: Sequence[Member], total: int | None = None, house: str | None = None
) -> Member:
    """The one member a search for ``name`` means: the only one found; else the only one so
    named exactly ("Baroness Hayman", not "Baroness Hayman of Ullock"); else the only one of
    ``house``. Raises ``MemberProblem`` naming the name, or listing those it could be."""
    total = max(total or 0, len(found))
    if not found:
        raise MemberProblem(
            f"--member {name!r}: the Members API knows no member by that name (hint: check the "
            "spelling, or give the member's id: the number in the address of their page on "
            "members.parliament.uk)"
        )
    candidates, how = list(found), ""
    exact = [m for m in candidates if _folded(name) in (_folded(m.name), _folded(m.list_name))]
    if len(candidates) > 1 and exact:
        candidates, how = exact, "named exactly so"
    if len(candidates) > 1 and house:
        of_house = [m for m in candidates if (m.house or "").casefold() == house.casefold()]
        if of_house:
            candidates, how = of_house, f"of the {house.title()}"
    if len(candidates) == 1:
        return candidates[0]
    match = f"{total} members match" + (f", {len(candidates)} of them {how}" if how else "")
    more = f"; and {total - len(found)} more" if total > len(found) and not how else ""
    narrow = "" if house else ", or narrow them with --house"
    raise MemberProblem(
        f"--member {name!r}: {match}: {'; '.join(str(m) for m in candidates)}{more} (hint: give "
        f"the id of the one meant, as --member {candidates[0].id}{narrow})"
    )


def _folded(name: str) -> str:
    return member_name(name).casefold()


def resolve_member(client: Client, name: str, house: str | None = None) -> Member:
    """The member ``name`` means, asked of the Members API at ``client``'s address."""
    found, total = search_members(client, name)
    return choose_member(name, found, total, house)


# --- a whole fetch ----------------------------------------------------------------------------


def fetch_job(api: str, query: Query, take: int = DEFAULT_TAKE) -> str:
    """A fetch's job, as ``resumable`` knows it: its list address, paging apart."""
    return f"fetch {httpx.URL(api).copy_merge_params(query.list_params(take))}"


@contextmanager
def resumable(
    cache_dir: Path, job: str, *, within: dt.timedelta = RESUME_WITHIN
) -> Iterator[dt.datetime]:
    """When this run of ``job`` started, for ``Client(run_started=…)``: the start of an
    unfinished run of the same job (one that stopped with an error less than ``within`` ago),
    else now. The run is marked unfinished in the cache folder until the block ends without an
    error, so the next run of the job resumes it with the list pages it had."""
    path = Path(cache_dir) / UNFINISHED / f"{_digest(job)}.json"
    started = _unfinished(path, job, within)
    if started is None:
        started = dt.datetime.now(dt.UTC)
        marker = {"job": job, "started": started.isoformat()}
        write_atomic(path, json.dumps(marker, ensure_ascii=False).encode())
    yield started
    path.unlink(missing_ok=True)


def _unfinished(path: Path, job: str, within: dt.timedelta) -> dt.datetime | None:
    try:
        marker = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict) or marker.get("job") != job:
        return None
    started = _instant(marker.get("started"))
    if started is None or not dt.timedelta(0) <= dt.datetime.now(dt.UTC) - started < within:
        return None
    return started


def fetch_questions(client: Client, query: Query, *, take: int = DEFAULT_TAKE) -> Fetched:
    """Every question the query finds, each answer whole: ``[{"value": record}, …]``.

    Pages are asked for in turn until ``totalResults`` are had; each record whose answer the
    list cut is then replaced by its detail. Raises ``FetchError`` on the first thing that
    goes wrong; what was fetched before it stays in the cache for the next run (its pages
    reused only by a run that resumes this one: see ``resumable``).
    """
    base = query.list_params(take)
    records: list[dict[str, Any]] = []
    fetched = Fetched(document=[], total=0)
    skip = 0
    while True:
        page = client.get_json(client.list_url([*base, ("skip", str(skip))]), _check_list)
        fetched.pages += 1
        fetched.total = page["totalResults"]
        results = [item["value"] for item in page["results"]]
        records.extend(results)
        skip += len(results)
        if skip >= fetched.total:
            break
        if not results:
            fetched.notes.append(
                f"the service gave no results at skip {skip} of its {fetched.total}: stopped there"
            )
            break
    for record in records:
        if is_cut(record) and record.get("answerText"):
            url = client.detail_url(record.get("id"))
            detail = client.get_json(
                url, _check_detail, holds=lambda data, r=record: same_version(data["value"], r)
            )["value"]
            if str(detail.get("id")) != str(record.get("id")):
                raise FetchError(f"{url}: unexpected shape: the detail is of another question")
            fetched.details += 1
            record = detail
        fetched.document.append({"value": record})
    fetched.from_cache = client.from_cache
    fetched.sent = client.sent
    return fetched
