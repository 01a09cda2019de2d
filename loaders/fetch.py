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
  address (a file named by its SHA-256), written atomically; a request already in the cache is
  never sent again, so a run stopped midway resumes where it stopped.
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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from commitments.folder.writing import write_atomic

DEFAULT_API = "https://questions-statements-api.parliament.uk/api/writtenquestions/questions"
API_SETTING = "WRITTEN_QUESTIONS_API"
"""The environment variable naming the service's address (a mirror, a test server)."""
DEFAULT_TAKE = 100
CUT = "..."

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


def api_address(given: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The service's address: the one given, else ``WRITTEN_QUESTIONS_API``, else the real one."""
    address = (given or environ.get(API_SETTING) or DEFAULT_API).strip().rstrip("/")
    url = httpx.URL(address)
    if url.scheme not in ("http", "https") or not url.host:
        raise FetchError(f"{address}: not an http(s) address of the service")
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
    """GETs JSON from the service at ``api`` (its questions address), through the cache."""

    def __init__(
        self,
        api: str,
        cache_dir: Path,
        policy: Policy | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.api = api.rstrip("/")
        self.cache_dir = Path(cache_dir)
        self.policy = policy or Policy()
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

    def get_json(self, url: str, check: Callable[[str, Any], None]) -> Any:
        """The JSON at ``url``, from the cache or the service; ``check`` raises ``FetchError``
        on a shape that is not expected, and only what passes it is cached."""
        self._within(url)
        cached = self._cached(url)
        if cached is not None:
            self.from_cache += 1
            return cached
        data = self._request(url)
        check(url, data)
        self._store(url, data)
        return data

    def _cache_path(self, url: str) -> Path:
        return self.cache_dir / f"{hashlib.sha256(f'GET {url}'.encode()).hexdigest()}.json"

    def _cached(self, url: str) -> Any:
        path = self._cache_path(url)
        try:
            entry = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None  # not there, or unreadable: fetched again
        if not isinstance(entry, dict) or entry.get("url") != url or "response" not in entry:
            return None
        return entry["response"]

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


def is_cut(record: Mapping[str, Any]) -> bool:
    """Whether the list cut this record's answer short (it ends ``...``)."""
    return str(record.get("answerText") or "").rstrip().endswith(CUT)


# --- a whole fetch ----------------------------------------------------------------------------


def fetch_questions(client: Client, query: Query, *, take: int = DEFAULT_TAKE) -> Fetched:
    """Every question the query finds, each answer whole: ``[{"value": record}, …]``.

    Pages are asked for in turn until ``totalResults`` are had; each record whose answer the
    list cut is then replaced by its detail. Raises ``FetchError`` on the first thing that
    goes wrong; what was fetched before it stays in the cache for the next run.
    """
    base = [*query.params(), ("expandMember", "true"), ("take", str(take))]
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
            detail = client.get_json(url, _check_detail)["value"]
            if str(detail.get("id")) != str(record.get("id")):
                raise FetchError(f"{url}: unexpected shape: the detail is of another question")
            fetched.details += 1
            record = detail
        fetched.document.append({"value": record})
    fetched.from_cache = client.from_cache
    fetched.sent = client.sent
    return fetched
