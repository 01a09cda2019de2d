"""A small dataset for the dashboard and chart tests: the baseline and the victim pilot's story.

It adds to ``tests.baseline`` three real answers (in part) and the records they hold: the victim
support pilot (announced November 2002, work under way March 2003, launched 10 March 2003 as a
November 2003 answer says), a Reflex commitment of the National Crime Squad, two Reflex operation
figures of different counting bases (one a lower bound), and a range.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tests.baseline import fresh, write_dataset

NOV_2002_TEXT = (
    "We are working to tackle the criminal networks involved in people trafficking through "
    "Reflex, the multi-agency response to organised immigration crime. Reflex has co-ordinated "
    "intelligence on the scale and has assisted with planning operations such as Horsley, which "
    "dismantled a group trafficking Thai women into the UK.\n\n"
    "We also recognise the importance of providing protection for the victims of trafficking in "
    "order to encourage them to co-operate with the authorities. We are developing support "
    "arrangements for victims in co-operation with the voluntary sector and plan to establish a "
    "pilot scheme next year."
)
MAR_2003_TEXT = (
    "We are working to tackle the criminal networks involved in people trafficking through "
    "Reflex, the multi-agency response to organised immigration crime. In the last six months "
    "alone, Reflex has had 27 operations which have reached the arrest phase, 16 organised crime "
    "groups have been disrupted and over 60 operations are currently underway.\n\n"
    "We are developing support arrangements for victims in co-operation with the voluntary sector "
    "and will be launching a pilot scheme for victims of trafficking shortly."
)
NOV_2003_TEXT = (
    "The best information we have about possible number of victims of trafficking in the United "
    "Kingdom comes from research published in the report—Stopping Traffic (2002). This estimated "
    "that anything between 140 and 1,400 were trafficked annually into the UK for purposes of "
    "sexual exploitation.\n\n"
    "On 10 March this year, we launched a pilot scheme in the London area."
)


def _answer(
    answer_id: str, date: dt.date, citation: str, first: int, volume: int, uin: str, **more: Any
) -> dict[str, Any]:
    return {
        "id": answer_id,
        "house": "Commons",
        "date": date,
        "citation": citation,
        "citation_parts": {
            "volume": volume,
            "first_column": first,
            "last_column": first + 1,
            "series": "W",
            "inferred": [],
        },
        "uins": [uin],
        "asker": more.pop("asker", "Mr. Prisk"),
        "minister": more.pop("minister", "Beverley Hughes"),
        "department": "Home Office",
        "heading": "People Trafficking",
        "question": "To ask the Secretary of State for the Home Department what steps …",
        "url": f"https://api.parliament.uk/historic-hansard/written-answers/{date:%Y}/x/{uin}",
        "complete": False,
        "flags": [],
        **more,
    }


NOV_2002 = _answer(
    "hc-2002-11-04-77555",
    dt.date(2002, 11, 4),
    "HC Deb 04 November 2002 vol 392 cc108-9W",
    108,
    392,
    "77555",
    answer=NOV_2002_TEXT,
)
MAR_2003 = _answer(
    "hc-2003-03-05-99443",
    dt.date(2003, 3, 5),
    "HC Deb 05 March 2003 vol 400 cc1075-6W",
    1075,
    400,
    "99443",
    asker="Andrew Mackinlay",
    answer=MAR_2003_TEXT,
)
NOV_2003 = _answer(
    "hc-2003-11-05-134356",
    dt.date(2003, 11, 5),
    "HC Deb 05 November 2003 vol 412 cc718-9W",
    718,
    412,
    "134356",
    asker="Mr. Reed",
    minister="Caroline Flint",
    answer=NOV_2003_TEXT,
)

PILOT: dict[str, Any] = {
    "id": "victim-support-pilot",
    "kind": "commitment",
    "title": "Pilot scheme to support victims of trafficking",
    "quote": "We are developing support arrangements for victims in co-operation with the "
    "voluntary sector and plan to establish a pilot scheme next year.",
    "source": NOV_2002["id"],
    "programmes": ["Victim support"],
    "agencies": [],
    "tags": ["victims"],
    "due": {"words": "next year", "start": dt.date(2003, 1, 1), "end": dt.date(2003, 12, 31)},
    "responsible": "Home Office",
    "history": [
        {
            "date": dt.date(2002, 11, 4),
            "status": "announced",
            "source": NOV_2002["id"],
            "quote": "plan to establish a pilot scheme next year",
        },
        {
            "date": dt.date(2003, 3, 5),
            "status": "in_progress",
            "source": MAR_2003["id"],
            "quote": "will be launching a pilot scheme for victims of trafficking shortly",
        },
        {
            "date": dt.date(2003, 11, 5),
            "effective": dt.date(2003, 3, 10),
            "status": "delivered",
            "source": NOV_2003["id"],
            "quote": "On 10 March this year, we launched a pilot scheme in the London area.",
        },
    ],
}

REFLEX_NETWORKS: dict[str, Any] = {
    "id": "reflex-criminal-networks",
    "kind": "commitment",
    "title": "Tackle the criminal networks in people trafficking through Reflex",
    "quote": "We are working to tackle the criminal networks involved in people trafficking "
    "through Reflex, the multi-agency response to organised immigration crime.",
    "source": NOV_2002["id"],
    "programmes": ["Reflex"],
    "agencies": ["NCS"],
    "tags": ["enforcement"],
    "responsible": "Home Office",
    "history": [
        {"date": dt.date(2002, 11, 4), "status": "in_progress", "source": NOV_2002["id"]},
    ],
}


def _operations(record_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": record_id,
        "kind": "figure",
        "source": MAR_2003["id"],
        "programmes": ["Reflex"],
        "agencies": [],
        "tags": ["operations"],
        "metric": "reflex-operations",
        "unit": "count",
        "history": [{"date": dt.date(2003, 3, 5), "status": "reported", "source": MAR_2003["id"]}],
        **fields,
    }


OPERATIONS_ARREST_PHASE = _operations(
    "reflex-operations-arrest-phase",
    title="Reflex: 27 operations reached the arrest phase in six months",
    quote="In the last six months alone, Reflex has had 27 operations which have reached the "
    "arrest phase",
    value=27,
    period={
        "words": "in the last six months",
        "start": dt.date(2002, 9, 5),
        "end": dt.date(2003, 3, 5),
    },
    basis="within_period",
)
OPERATIONS_UNDERWAY = _operations(
    "reflex-operations-underway",
    title="Over 60 Reflex operations under way",
    quote="over 60 operations are currently underway",
    value=60,
    lower_bound=True,
    period={"words": "currently", "start": dt.date(2003, 3, 5), "end": dt.date(2003, 3, 5)},
    basis="point_in_time",
)
VICTIMS_ESTIMATE: dict[str, Any] = {
    "id": "victims-trafficked-estimate",
    "kind": "figure",
    "title": "Between 140 and 1,400 women trafficked into the UK a year",
    "quote": "This estimated that anything between 140 and 1,400 were trafficked annually into "
    "the UK for purposes of sexual exploitation.",
    "source": NOV_2003["id"],
    "programmes": [],
    "agencies": [],
    "tags": ["victims"],
    "metric": "victims-trafficked-a-year",
    "value": 140,
    "value_high": 1400,
    "unit": "people_per_year",
    "period": {"words": "annually (Stopping Traffic, 2002)", "start": None, "end": None},
    "basis": "within_period",
    "history": [{"date": dt.date(2003, 11, 5), "status": "reported", "source": NOV_2003["id"]}],
}

RECORD_IDS = [
    "reflex-arrests-since-april-2001",
    "ilo-nine-balkans",
    "danish-presidency-eu-project",
    "victim-support-pilot",
    "reflex-criminal-networks",
    "reflex-operations-arrest-phase",
    "reflex-operations-underway",
    "victims-trafficked-estimate",
]
REFLEX_IDS = {
    "reflex-arrests-since-april-2001",
    "reflex-criminal-networks",
    "reflex-operations-arrest-phase",
    "reflex-operations-underway",
}


def dashboard_items() -> dict[str, Any]:
    """The baseline with the pilot's answers, records and registry entries added."""
    items = fresh()
    registry = items["registry"]
    registry["programmes"].append({"name": "Victim support", "aliases": ["Victim support pilot"]})
    registry["ministers"].append({"name": "Caroline Flint", "department": "Home Office"})
    registry["metrics"] += [
        {
            "id": "reflex-operations",
            "label": "Reflex: operations",
            "counts": "operations co-ordinated through Reflex",
            "unit": "count",
            "programme": "Reflex",
        },
        {
            "id": "victims-trafficked-a-year",
            "label": "Women trafficked into the UK a year (estimate)",
            "counts": "women trafficked into the UK for sexual exploitation each year",
            "unit": "people_per_year",
        },
    ]
    items["answers"] += [NOV_2002, MAR_2003, NOV_2003]
    items["records"] += [
        PILOT,
        REFLEX_NETWORKS,
        OPERATIONS_ARREST_PHASE,
        OPERATIONS_UNDERWAY,
        VICTIMS_ESTIMATE,
    ]
    return items


def write_dashboard_data(root: Path) -> Path:
    """Write the dashboard dataset under ``root`` (a folder in the test's tmp_path)."""
    return write_dataset(root, dashboard_items())


PAGE = Path(__file__).resolve().parents[1] / "dashboard.py"


def ran(at: Any) -> Any:
    """``at`` run once more, with no exception on the page."""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_opener(data_dir: Path, monkeypatch: Any, timeout: float) -> Any:
    """A function opening the page on ``data_dir`` at the given address parameters."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TRACKER_DATA", str(data_dir))

    def open_page(**params: Any) -> Any:
        at = AppTest.from_file(PAGE, default_timeout=timeout)
        at.query_params.update(params)
        return ran(at)

    return open_page
