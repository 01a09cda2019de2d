"""Properties of reading and writing data files, over generated records and damaged files.

- Any valid record or answer, written as YAML and loaded again, is unchanged.
- Any damage to a valid file (a key dropped, a value's type changed, bytes cut off or replaced)
  gives either a clean load or problems located in that file, never an exception, and every other
  record still loads.
- Any state the page can hold survives its address, and an address in the old parameter names
  (``from``, ``to``, ``q``) opens the same state as its new-style equivalent; a new name wins.
"""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.address import OLD_NAMES, PageState, from_params, to_params
from app.views import VIEWS
from commitments.folder.load import load_dataset
from commitments.folder.writing import write_yaml
from commitments.folder.yamlfile import read_yaml
from commitments.record.model import Answer, Commitment, Figure
from commitments.record.status import CommitmentStatus, FigureStatus
from commitments.tables.filters import Filters
from tests.baseline import fresh, write_dataset

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------------------------------------
# Valid records


ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,40}", fullmatch=True)
text = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=80)
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=80)
dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
numbers = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
)
addresses = st.from_regex(r"https?://[a-z0-9.-]{1,20}/[A-Za-z0-9/._~%-]{0,30}", fullmatch=True)


@st.composite
def spans(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.none() | dates)
    end = draw(st.none() | dates)
    if start and end and end < start:
        start, end = end, start
    return {"words": draw(text), "start": start, "end": end}


@st.composite
def events(draw: st.DrawFn, statuses: list[str]) -> dict[str, Any]:
    event: dict[str, Any] = {"date": draw(dates), "status": draw(st.sampled_from(statuses))}
    if draw(st.booleans()):
        event["source"] = draw(ids)
    else:
        event["document"] = {
            "title": draw(text),
            "url": draw(st.none() | addresses),
            "date": draw(st.none() | dates),
        }
    for key, strategy in (("quote", text), ("note", any_text), ("effective", dates)):
        if draw(st.booleans()):
            event[key] = draw(strategy)
    return event


def _common(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    return {
        "id": draw(ids),
        "kind": kind,
        "title": draw(text),
        "quote": draw(text),
        "source": draw(ids),
        "programmes": draw(st.lists(text, max_size=3)),
        "agencies": draw(st.lists(text, max_size=3)),
        "tags": draw(st.lists(text, max_size=3)),
    }


@st.composite
def figures(draw: st.DrawFn) -> dict[str, Any]:
    record = _common(draw, "figure")
    value = draw(numbers)
    high = draw(st.none() | numbers)
    if high is not None and high < value:
        value, high = high, value
    record.update(
        metric=draw(ids),
        value=value,
        value_high=high,
        lower_bound=draw(st.booleans()),
        unit=draw(st.sampled_from(["count", "GBP", "percent", "years", "people_per_year"])),
        period=draw(spans()),
        basis=draw(st.sampled_from(["cumulative", "within_period", "point_in_time"])),
        history=draw(st.lists(events([s.value for s in FigureStatus]), min_size=1, max_size=3)),
    )
    return record


@st.composite
def commitments(draw: st.DrawFn) -> dict[str, Any]:
    record = _common(draw, "commitment")
    record.update(
        due=draw(st.none() | spans()),
        responsible=draw(st.none() | text),
        history=draw(st.lists(events([s.value for s in CommitmentStatus]), min_size=1, max_size=3)),
    )
    return record


@st.composite
def answers(draw: st.DrawFn) -> dict[str, Any]:
    first = draw(st.integers(1, 3000))
    return {
        "id": draw(ids),
        "house": draw(st.sampled_from(["Commons", "Lords"])),
        "date": draw(dates),
        "citation": draw(text),
        "citation_parts": {
            "volume": draw(st.none() | st.integers(1, 800)),
            "first_column": first,
            "last_column": first + draw(st.integers(0, 5)),
            "series": draw(st.sampled_from(["W", "WA", "WS", "WH"])),
            "inferred": draw(st.lists(st.sampled_from(["volume", "first_column"]), unique=True)),
        },
        "uins": draw(st.lists(text, max_size=3)),
        "asker": draw(st.none() | text),
        "minister": draw(st.none() | text),
        "department": draw(st.none() | text),
        "heading": draw(st.none() | text),
        "question": draw(any_text),
        "answer": draw(st.text(st.characters(exclude_categories=["Cs"]), min_size=1)),
        "column_breaks": draw(
            st.lists(
                st.fixed_dictionaries({"column": st.integers(1, 3000), "offset": st.integers(0)}),
                max_size=2,
            )
        ),
        "url": draw(st.none() | addresses),
        "complete": draw(st.booleans()),
        "flags": draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "kind": st.sampled_from(["spliced_fragment", "holding_answer"]),
                        "detail": text,
                        "text": st.none() | any_text,
                        "offset": st.none() | st.integers(0),
                    }
                ),
                max_size=2,
            )
        ),
    }


def _write(data: Path, folder: str, item: dict[str, Any]) -> Path:
    path = data / folder / f"{item['id']}.yaml"
    write_yaml(path, item)
    return path


def _empty_data(root: Path) -> Path:
    data = root / "data"
    for folder in ("answers", "records"):
        (data / folder).mkdir(parents=True)
    (data / "registry.yaml").write_text("programmes: []\n", encoding="utf-8")
    return data


@SETTINGS
@given(st.one_of(figures(), commitments()))
def test_any_valid_record_survives_write_and_load(record):
    model = Figure if record["kind"] == "figure" else Commitment
    expected = model.model_validate(record)
    with tempfile.TemporaryDirectory() as tmp:
        data = _empty_data(Path(tmp))
        _write(data, "records", record)
        dataset = load_dataset(data)
        read_back = read_yaml(data / "records" / f"{record['id']}.yaml").data
    located = dataset.records.get(record["id"])
    assert located is not None, [str(p) for p in dataset.problems]
    assert located.item == expected
    assert read_back == record


@SETTINGS
@given(answers())
def test_any_valid_answer_survives_write_and_load(answer):
    expected = Answer.model_validate(answer)
    with tempfile.TemporaryDirectory() as tmp:
        data = _empty_data(Path(tmp))
        _write(data, "answers", answer)
        dataset = load_dataset(data)
        read_back = read_yaml(data / "answers" / f"{answer['id']}.yaml").data
    located = dataset.answers.get(answer["id"])
    assert located is not None, [str(p) for p in dataset.problems]
    assert located.item == expected
    assert read_back == answer


# ------------------------------------------------------------------------------------------------
# Damaged files


BASE = fresh()
TARGETS = [
    ("registry.yaml", BASE["registry"]),
    *((f"answers/{a['id']}.yaml", a) for a in BASE["answers"]),
    *((f"records/{r['id']}.yaml", r) for r in BASE["records"]),
]
OTHER_VALUES = st.one_of(
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.booleans(),
    st.none(),
    st.dates(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.just("x" * 5000),
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found.extend(_paths(inner, (*prefix, key)))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            found.extend(_paths(inner, (*prefix, i)))
    return found


def _parent(item: Any, path: tuple) -> Any:
    for part in path[:-1]:
        item = item[part]
    return item


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    """One baseline file, damaged in one way."""
    dest, original = draw(st.sampled_from(TARGETS))
    item = copy.deepcopy(original)
    how = draw(st.sampled_from(["drop", "retype", "cut", "overwrite", "insert"]))
    if how in {"drop", "retype"}:
        path = draw(st.sampled_from(_paths(item)))
        parent = _parent(item, path)
        if how == "drop":
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(OTHER_VALUES)
        return dest, yaml.safe_dump(item, sort_keys=False, allow_unicode=True).encode("utf-8")
    raw = yaml.safe_dump(item, sort_keys=False, allow_unicode=True, width=100).encode("utf-8")
    at = draw(st.integers(0, len(raw)))
    if how == "cut":
        return dest, raw[:at]
    chunk = draw(st.binary(min_size=1, max_size=8))
    if how == "overwrite":
        return dest, raw[:at] + chunk + raw[at + len(chunk) :]
    return dest, raw[:at] + chunk + raw[at:]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_any_damage_gives_a_clean_load_or_a_located_problem(case):
    dest, payload = case
    with tempfile.TemporaryDirectory() as tmp:
        data = write_dataset(Path(tmp) / "data")
        path = data / dest
        path.write_bytes(payload)
        dataset = load_dataset(data)  # must not raise
    lines = payload.count(b"\n") + 1
    mine = [p for p in dataset.problems if p.path == str(path)]
    others = [p for p in dataset.problems if p.path != str(path)]
    for problem in mine:
        assert 1 <= problem.line <= lines, str(problem)
        assert problem.record and problem.message and problem.hint, str(problem)
        assert "\n" not in str(problem), str(problem)
    for problem in others:
        # a damaged answer or registry may leave other records with a dangling reference
        assert problem.path.endswith(".yaml") and problem.hint, str(problem)
    item_id = BASE_IDS.get(dest)
    loaded = item_id in dataset.records or item_id in dataset.answers
    if dest != "registry.yaml":
        assert loaded or mine, "a file that did not load has a problem of its own"
    untouched = {r["id"] for r in BASE["records"]} - {item_id}
    assert untouched <= set(dataset.records), "every other record still loads"


BASE_IDS = {dest: item.get("id") for dest, item in TARGETS}


# ------------------------------------------------------------------------------------------------
# The page address


SLUGS = [v.slug for v in VIEWS]
NAMES = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12)
DATES = st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))


@st.composite
def page_states(draw: st.DrawFn) -> PageState:
    def names() -> tuple[str, ...]:
        return tuple(draw(st.lists(NAMES.filter(str.strip), max_size=3, unique=True)))

    filters = Filters(
        programmes=names(), agencies=names(), statuses=names(), kinds=names(),
        ministers=names(), houses=names(), since=draw(DATES), until=draw(DATES),
        text=draw(NAMES.filter(lambda t: t == "" or t.strip())), as_at=draw(DATES),
        include_unverified=draw(st.booleans()),
    )  # fmt: skip
    return PageState(
        filters=filters,
        changed_since=draw(DATES),
        view=draw(st.sampled_from(SLUGS)),
        metric=draw(st.none() | NAMES.filter(bool)),
        record=draw(st.none() | NAMES.filter(bool)),
    )


@SETTINGS
@given(page_states())
def test_every_page_state_survives_its_address(state):
    assert from_params(to_params(state)) == state


@SETTINGS
@given(page_states(), st.sets(st.sampled_from(sorted(OLD_NAMES))))
def test_an_address_in_the_old_names_opens_the_state_of_its_new_style_equivalent(state, renamed):
    new_style = to_params(state)
    old_style = dict(new_style)
    for old in renamed:  # any mix of old and new names, as a link edited by hand may have
        if OLD_NAMES[old] in old_style:
            old_style[old] = old_style.pop(OLD_NAMES[old])
    assert not set(old_style) & {OLD_NAMES[old] for old in renamed}
    assert from_params(old_style) == from_params(new_style) == state


@SETTINGS
@given(page_states(), page_states())
def test_a_new_name_wins_over_its_old_name_in_the_same_address(state, other):
    params, stale = to_params(state), to_params(other)
    old_values = {
        old: stale[new] for old, new in OLD_NAMES.items() if new in params and new in stale
    }
    assert from_params({**old_values, **params}) == state
    assert from_params({**params, **old_values}) == state  # wherever the old name stands
