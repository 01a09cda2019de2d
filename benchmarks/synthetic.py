"""Realistic synthetic data folders, for measuring the tracker at the scale of a decade of answers.

A department's written answers over thirteen years: source answers with column breaks, holding
answers, transfers and spliced fragments; commitments whose status moves on through later answers;
figures that form series per metric (some superseded, corrected or disputed); sixty programmes and
forty agencies (some succeeded by others), written under their aliases as often as their names.
Every record validates clean: quotes are verbatim in their answers, values are stated in their
quotes, dates run in order, and one metric and period always carry one value.

The people, programmes and web addresses are invented; the folder is written to a new or empty
directory (a temporary one), never over an existing data folder::

    python -m benchmarks.synthetic /tmp/tracker-10k --records 10000
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commitments.folder.layout import DataFolder
from commitments.folder.writing import yaml_bytes
from commitments.record.citations import format_citation
from commitments.record.due import resolve_due

FIRST_DAY = dt.date(1997, 5, 6)
LAST_DAY = dt.date(2010, 4, 8)
RECORDS_PER_ANSWER = 4
FIGURE_SHARE = 0.55
DRAFT_SHARE = 0.01

_CODENAMES = [
    "Reflex", "Maxim", "Pentameter", "Paladin", "Bluestone", "Kalkan", "Nexus", "Sentinel",
    "Tiberius", "Lantern", "Meridian", "Beacon", "Compass", "Keystone", "Harbour", "Vigil",
    "Anchor", "Bastion", "Cobalt", "Drumlin", "Ember", "Falcon", "Granite", "Heron", "Juniper",
    "Kestrel", "Larch", "Mistral", "Osprey", "Quartz",
]  # fmt: skip
_SCHEMES = [
    "Victim Support Pilot", "Immigration Liaison Officer Network", "Border Watch",
    "Safe Houses Programme", "Trafficking Toolkit", "Airline Liaison Scheme",
    "Juxtaposed Controls", "Document Fraud Unit", "Carrier Sanctions Scheme",
    "Child Protection Desk", "Returns Programme", "Asset Recovery Scheme", "Sea Ports Initiative",
    "Intelligence Hub", "Prosecutors Network", "Labour Exploitation Taskforce",
    "Overseas Training Fund", "Awareness Campaign", "Forced Marriage Unit",
    "Regional Co-ordinators", "Visa Checks Programme", "Hotline Service",
    "Transit Countries Fund", "Gangmasters Scheme", "Shelter Network", "Interpreters Panel",
    "Cross-Border Teams", "Data Sharing Project", "Research Programme", "Witness Care Scheme",
]  # fmt: skip
_AGENCIES: list[dict[str, Any]] = [
    {"name": "National Crime Squad", "aliases": ["NCS"],
     "successor": "Serious Organised Crime Agency", "until": dt.date(2006, 3, 31)},
    {"name": "National Criminal Intelligence Service", "aliases": ["NCIS"],
     "successor": "Serious Organised Crime Agency", "until": dt.date(2006, 3, 31)},
    {"name": "Serious Organised Crime Agency", "aliases": ["SOCA"],
     "from": dt.date(2006, 4, 1)},
    {"name": "HM Customs and Excise", "aliases": ["HMCE", "Customs"],
     "successor": "HM Revenue and Customs", "until": dt.date(2005, 4, 17)},
    {"name": "HM Revenue and Customs", "aliases": ["HMRC"], "from": dt.date(2005, 4, 18)},
    {"name": "Immigration Service", "aliases": ["UK Immigration Service", "UKIS"],
     "successor": "Border and Immigration Agency", "until": dt.date(2007, 3, 31)},
    {"name": "Border and Immigration Agency", "aliases": ["BIA"],
     "successor": "UK Border Agency", "from": dt.date(2007, 4, 1), "until": dt.date(2008, 3, 31)},
    {"name": "UK Border Agency", "aliases": ["UKBA"], "from": dt.date(2008, 4, 1)},
    {"name": "Europol", "aliases": ["European Police Office"]},
    {"name": "Interpol"},
    {"name": "Crown Prosecution Service", "aliases": ["CPS"]},
    {"name": "Metropolitan Police Service", "aliases": ["Metropolitan Police", "the Met"]},
    {"name": "British Transport Police", "aliases": ["BTP"]},
    {"name": "Security Service", "aliases": ["MI5"]},
    {"name": "UK Human Trafficking Centre", "aliases": ["UKHTC"], "from": dt.date(2006, 10, 3)},
    {"name": "Gangmasters Licensing Authority", "aliases": ["GLA"], "from": dt.date(2005, 4, 1)},
]  # fmt: skip
_FORCES = [
    "Kent", "Essex", "Sussex", "Hampshire", "Thames Valley", "West Midlands", "Greater Manchester",
    "Merseyside", "West Yorkshire", "Northumbria", "Avon and Somerset", "Devon and Cornwall",
    "Lancashire", "Leicestershire", "Nottinghamshire", "South Wales", "Strathclyde",
    "Lothian and Borders", "Cleveland", "Norfolk", "Suffolk", "Cambridgeshire", "Dorset",
    "Cumbria",
]  # fmt: skip
_DEPARTMENTS = [
    "Home Office", "Foreign and Commonwealth Office", "Department for International Development",
    "Department for Constitutional Affairs", "Ministry of Justice", "HM Treasury",
    "Department for Education and Skills", "Department of Health",
]  # fmt: skip
_FIRST_NAMES = [
    "Alex", "Bridget", "Colin", "Deborah", "Edward", "Fiona", "Gordon", "Helen", "Ian", "Joan",
    "Keith", "Linda", "Martin", "Nora", "Oliver", "Patricia", "Quentin", "Rosemary", "Stephen",
    "Teresa", "Vincent", "Wendy",
]  # fmt: skip
_SURNAMES = [
    "Ashdown", "Blackwood", "Carver", "Dunmore", "Ellery", "Fairbairn", "Garside", "Hollins",
    "Ingleby", "Jessop", "Kerslake", "Lindqvist", "Marchbank", "Northcott", "Ormerod",
    "Pemberton", "Quayle", "Rushworth", "Stanhope", "Thwaite", "Underhill", "Varley", "Whitlock",
]  # fmt: skip
_PLACES = [
    "the Western Balkans", "Bosnia", "Romania", "Bulgaria", "Albania", "Ukraine", "Moldova",
    "Lithuania", "Nigeria", "Ghana", "Vietnam", "China", "Turkey", "northern France", "Belgium",
    "the Netherlands", "Kosovo", "Serbia", "Slovakia", "Thailand",
]  # fmt: skip
_TAGS = [
    "enforcement", "arrests", "victims", "EU", "funding", "legislation", "prevention",
    "intelligence", "borders", "children", "prosecutions", "international",
]  # fmt: skip
_MONTHS = {m: calendar.month_name[m] for m in range(1, 13)}


@dataclass(frozen=True)
class _MetricKind:
    slug: str
    label: str
    counts: str
    unit: str
    basis: str
    low: float
    high: float


_METRIC_KINDS = [
    _MetricKind("arrests", "arrests", "people arrested in its operations", "count",
                "cumulative", 5, 4000),
    _MetricKind("operations", "operations at arrest phase",
                "operations that reached the arrest phase", "count", "within_period", 2, 300),
    _MetricKind("groups-disrupted", "crime groups disrupted",
                "organised crime groups disrupted", "count", "within_period", 1, 120),
    _MetricKind("officers", "officers posted", "officers in post overseas", "count",
                "point_in_time", 2, 90),
    _MetricKind("funding", "funding", "money provided by the Government", "GBP",
                "within_period", 20_000, 40_000_000),
    _MetricKind("reduction", "fall in illegal crossings",
                "per cent fall in illegal crossings on the routes it covers", "percent",
                "within_period", 3, 95),
    _MetricKind("victims", "victims identified", "victims of trafficking identified", "count",
                "cumulative", 3, 2500),
    _MetricKind("estimate", "people trafficked a year (estimate)",
                "people estimated to be trafficked into the UK each year", "people_per_year",
                "within_period", 100, 5000),
    _MetricKind("penalty", "maximum penalty", "years of the maximum sentence", "years",
                "point_in_time", 2, 14),
]  # fmt: skip


@dataclass
class SyntheticData:
    """A data folder's contents as plain data: the registry, the answers and the records."""

    registry: dict[str, Any]
    answers: list[dict[str, Any]]
    records: list[dict[str, Any]]


@dataclass
class _Answer:
    data: dict[str, Any]
    sentences: list[str] = field(default_factory=list)


def generate(records: int, seed: int = 2002) -> SyntheticData:
    """``records`` records (and a quarter as many answers), the same for the same seed."""
    if records < 1:
        raise ValueError("at least one record is needed")
    return _Generator(random.Random(seed), records).run()


def write_synthetic(root: Path | str, records: int, seed: int = 2002) -> Path:
    """Write a data folder of ``records`` records to ``root``, a new or empty directory."""
    root = Path(root)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise FileExistsError(f"{root} is not a new or empty folder; synthetic data never mixes in")
    data = generate(records, seed)
    folder = DataFolder(root)
    folder.answers.mkdir(parents=True, exist_ok=True)
    folder.records.mkdir(parents=True, exist_ok=True)
    # The YAML is the data folder's own; plain writes suffice in a new folder thrown away after.
    folder.registry.write_bytes(yaml_bytes(data.registry))
    for answer in data.answers:
        folder.answer(answer["id"]).write_bytes(yaml_bytes(answer))
    for record in data.records:
        folder.record(record["id"]).write_bytes(yaml_bytes(record))
    return root


class _Generator:
    def __init__(self, rng: random.Random, records: int) -> None:
        self.rng = rng
        self.n_records = records
        self.n_answers = max(3, records // RECORDS_PER_ANSWER)
        self.registry = self._registry()
        self.answers: list[_Answer] = []
        self.records: list[dict[str, Any]] = []
        self.series: dict[tuple, tuple[float, float | None]] = {}
        self.latest: dict[str, dict[str, Any]] = {}
        """metric id → its latest figure that still stands, to be superseded by the next"""

    # --- the registry ------------------------------------------------------------------------

    def _registry(self) -> dict[str, Any]:
        rng = self.rng
        programmes = []
        for name in _CODENAMES:
            programmes.append(
                {
                    "name": name,
                    "aliases": [f"Project {name}", f"Operation {name}"],
                    "description": f"Multi-agency operation {name} against organised crime.",
                }
            )
        taken: set[str] = set()
        for name in _SCHEMES:
            initials = "".join(word[0] for word in re.split(r"[\s-]+", name) if word[0].isupper())
            aliases = [f"the {name}"]
            if initials not in taken:  # an alias names one programme only
                taken.add(initials)
                aliases.append(f"{initials} scheme")
            programmes.append({"name": name, "aliases": aliases})
        agencies = [dict(a) for a in _AGENCIES]
        for force in _FORCES:
            agencies.append({"name": f"{force} Police", "aliases": [f"{force} Constabulary"]})
        self.ministers = [
            f"{first} {last}"
            for first, last in zip(
                _FIRST_NAMES, rng.sample(_SURNAMES, len(_FIRST_NAMES)), strict=False
            )
        ]
        ministers = [
            {
                "name": name,
                "aliases": [f"{rng.choice(['Mr.', 'Ms.', 'Mrs.'])} {name}"],
                "department": _DEPARTMENTS[i % 3],
            }
            for i, name in enumerate(self.ministers)
        ]
        metrics = []
        self.metrics_of: dict[str, list[dict[str, Any]]] = {}
        for programme in programmes:
            name = programme["name"]
            for kind in rng.sample(_METRIC_KINDS, 3):
                metric = {
                    "id": f"{_slug(name)}-{kind.slug}",
                    "label": f"{name}: {kind.label}",
                    "counts": f"{kind.counts}, under {name}",
                    "unit": kind.unit,
                    "programme": name,
                }
                metrics.append(metric)
                self.metrics_of.setdefault(name, []).append(metric | {"_kind": kind})
        self.programmes = programmes
        self.agencies = agencies
        return {
            "programmes": programmes,
            "agencies": agencies,
            "ministers": ministers,
            "departments": [{"name": d} for d in _DEPARTMENTS],
            "metrics": metrics,
        }

    # --- answers -----------------------------------------------------------------------------

    def run(self) -> SyntheticData:
        self._answers()
        for i in range(self.n_records):
            index = i * self.n_answers // self.n_records
            if self.rng.random() < FIGURE_SHARE:
                self._figure(i, index)
            else:
                self._commitment(i, index)
        for answer in self.answers:
            self._compose(answer)
        return SyntheticData(
            registry=self.registry,
            answers=[a.data for a in self.answers],
            records=self.records,
        )

    def _answers(self) -> None:
        rng = self.rng
        span = (LAST_DAY - FIRST_DAY).days
        dates = sorted(
            FIRST_DAY + dt.timedelta(days=rng.randrange(span)) for _ in range(self.n_answers)
        )
        used: set[str] = set()
        uin = 10_000
        lords_uin = 100
        for date in dates:
            date = date - dt.timedelta(days=max(0, date.weekday() - 3))  # Monday to Thursday
            date = max(date, FIRST_DAY)
            lords = rng.random() < 0.2
            uin += rng.randint(1, 40)
            lords_uin += rng.randint(1, 5)
            series = "WA" if lords else "W"
            first = rng.randint(1, 1400)
            last = first + rng.choice([0, 0, 1, 1, 1, 2, 3])
            volume = (
                (570 + (date - FIRST_DAY).days // 60 if rng.random() > 0.1 else None)
                if lords
                else 294 + (date - FIRST_DAY).days // 40
            )
            flags: list[dict[str, Any]] = []
            uins = [f"HL{lords_uin}" if lords else str(uin)]
            if rng.random() < 0.05:
                uins.append(f"HL{lords_uin + 1}" if lords else str(uin + 1))
            if lords and rng.random() < 0.2:
                uins = []
                flags.append({"kind": "missing_uin", "detail": "no question number printed"})
            prefix = "hl" if lords else "hc"
            suffix = uins[0].lower() if uins else f"{first}{series.lower()}"
            answer_id = f"{prefix}-{date.isoformat()}-{suffix}"
            while answer_id in used:
                answer_id += "-b"
            used.add(answer_id)
            minister = rng.choice(self.registry["ministers"])
            if rng.random() < 0.08:
                holding = date - dt.timedelta(days=rng.randint(1, 6))
                flags.append(
                    {"kind": "holding_answer", "detail": f"holding answer {_long(holding)}"}
                )
            if rng.random() < 0.05:
                flags.append(
                    {"kind": "transferred", "detail": "Question put to the Minister for Women"}
                )
            topic = rng.choice(self.programmes)["name"]
            data: dict[str, Any] = {
                "id": answer_id,
                "house": "Lords" if lords else "Commons",
                "date": date,
                "citation": format_citation(
                    "Lords" if lords else "Commons", date, volume, first, last, series
                ),
                "citation_parts": {
                    "volume": volume,
                    "first_column": first,
                    "last_column": last,
                    "series": series,
                    "inferred": ["volume"] if lords and volume is None else [],
                },
                "uins": uins,
                "asker": f"{rng.choice(['Mr.', 'Mrs.', 'Ms.', 'Lord', 'Baroness'])} "
                f"{rng.choice(_SURNAMES)}",
                "minister": _as_written(rng, minister),
                "department": minister["department"],
                "heading": rng.choice(
                    [
                        "Human Trafficking",
                        "People Trafficking",
                        "Organised Immigration Crime",
                        f"{topic}",
                        "Illegal Immigration",
                        "Border Controls",
                    ]
                ),
                "question": (
                    f"To ask the Secretary of State for the Home Department what progress has "
                    f"been made by {topic} against trafficking in {rng.choice(_PLACES)}; and if "
                    f"he will make a statement."
                ),
                "answer": "",
                "column_breaks": [],
                "url": f"https://example.org/hansard/written-answers/{date.isoformat()}/"
                f"{answer_id}",
                "complete": rng.random() < 0.7,
                "flags": flags,
            }
            self.answers.append(_Answer(data))

    def _compose(self, answer: _Answer) -> None:
        """Join the answer's sentences into paragraphs; place its column break and splices."""
        rng = self.rng
        data = answer.data
        sentences = [_opening(rng, data), *answer.sentences]
        paragraphs = [
            " ".join([*sentences[i : i + 3], *rng.sample(_FILLER, 2)])
            for i in range(0, len(sentences), 3)
        ]
        paragraphs[1:1] = rng.sample(_BACKGROUND, rng.randint(1, 3))
        text = "\n\n".join(paragraphs)
        data["answer"] = text
        parts = data["citation_parts"]
        starts = [m.end() for m in re.finditer(r"\n\n", text)]
        if parts["last_column"] > parts["first_column"] and starts:
            data["column_breaks"] = [{"column": parts["first_column"] + 1, "offset": starts[0]}]
        if rng.random() < 0.03:
            offset = rng.choice(starts) if starts else len(text)
            data["flags"].append(
                {
                    "kind": "spliced_fragment",
                    "detail": "Part of another answer on prison staffing, printed mid-answer",
                    "text": "(b) left the Prison Service in each of the last five years. "
                    "The information is contained in the table.",
                    "offset": offset,
                }
            )

    def _later(self, index: int) -> int | None:
        """An answer after answer ``index`` (up to about eighteen months on), or None."""
        step = 1 + int(self.rng.random() * max(2, self.n_answers // 9))
        later = index + step
        return later if later < self.n_answers else None

    # --- figures -----------------------------------------------------------------------------

    def _figure(self, number: int, index: int) -> None:
        rng = self.rng
        answer = self.answers[index]
        date = answer.data["date"]
        programme = rng.choice(self.programmes)
        metric = rng.choice(self.metrics_of[programme["name"]])
        kind: _MetricKind = metric["_kind"]
        words, start, end = _period(rng, kind.basis, date, metric["id"])
        key = (metric["id"], start, end) if (start, end) != (None, None) else (metric["id"], words)
        if key in self.series:
            value, high = self.series[key]
        else:
            value, high = _value(rng, kind)
            self.series[key] = (value, high)
        lower_bound = high is None and kind.unit == "count" and rng.random() < 0.08
        name = _as_written(rng, programme)
        quote = _figure_sentence(kind, name, words, value, high, lower_bound)
        answer.sentences.append(quote)
        record_id = f"{metric['id']}-{number:06d}"
        history: list[dict[str, Any]] = [
            {
                "date": date,
                "status": "needs_review" if rng.random() < DRAFT_SHARE else "reported",
                "source": answer.data["id"],
                "quote": quote,
                "note": "First reported.",
            }
        ]
        record = {
            "id": record_id,
            "kind": "figure",
            "title": f"{programme['name']}: {_value_words(kind, value, high, lower_bound)} "
            f"({words})",
            "quote": quote,
            "source": answer.data["id"],
            "programmes": [name],
            "agencies": self._agencies(date),
            "tags": rng.sample(_TAGS, rng.randint(0, 3)),
            "metric": metric["id"],
            "value": _plain(value),
            "value_high": _plain(high) if high is not None else None,
            "lower_bound": lower_bound,
            "unit": kind.unit,
            "period": {"words": words, "start": start, "end": end},
            "basis": kind.basis,
            "history": history,
        }
        previous = self.latest.get(metric["id"])
        if (
            previous is not None
            and kind.basis != "within_period"
            and previous["history"][-1]["status"] == "reported"
            and previous["history"][-1]["date"] <= date
            and previous["source"] != answer.data["id"]
        ):
            previous["history"].append(
                {
                    "date": date,
                    "status": "superseded",
                    "source": answer.data["id"],
                    "quote": quote,
                    "note": "A later answer gives a newer figure.",
                }
            )
        if history[0]["status"] == "reported":
            self._figure_later(record, index, kind)
            if record["history"][-1]["status"] == "reported":
                self.latest[metric["id"]] = record
        self.records.append(record)

    def _figure_later(self, record: dict[str, Any], index: int, kind: _MetricKind) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.04:
            later = self._later(index)
            if later is None:
                return
            answer = self.answers[later]
            sentence = (
                f"The figure for {kind.label} given in my answer of "
                f"{_long(record['history'][0]['date'])} should have been qualified; the total "
                f"{record['period']['words']} is under review."
            )
            answer.sentences.append(sentence)
            record["history"].append(
                {
                    "date": answer.data["date"],
                    "status": "corrected",
                    "source": answer.data["id"],
                    "quote": sentence,
                }
            )
        elif roll < 0.07:
            date = record["history"][0]["date"] + dt.timedelta(days=rng.randint(30, 400))
            if date > LAST_DAY:
                return
            record["history"].append(
                {
                    "date": date,
                    "status": "disputed",
                    "document": {
                        "title": f"Select Committee report on {rng.choice(_PLACES)}",
                        "url": f"https://example.org/committees/report-{record['id']}",
                        "date": date,
                    },
                    "note": "The committee gives a different total for the same period.",
                }
            )

    def _agencies(self, date: dt.date) -> list[str]:
        rng = self.rng
        active = [
            a for a in self.agencies if a.get("from", FIRST_DAY) <= date <= a.get("until", LAST_DAY)
        ]
        chosen = rng.sample(active, rng.randint(0, 3))
        return [_as_written(rng, a) for a in chosen]

    # --- commitments -------------------------------------------------------------------------

    def _commitment(self, number: int, index: int) -> None:
        rng = self.rng
        answer = self.answers[index]
        date = answer.data["date"]
        programme = rng.choice(self.programmes)
        name = _as_written(rng, programme)
        place = rng.choice(_PLACES)
        action, done = rng.choice(_ACTIONS)
        action = action.format(p=name, place=place, n=rng.randint(2, 30))
        done = done.format(p=name, place=place)
        due = _due(rng, date)
        quote = f"We will {action}{' ' + due['words'] if due else ''}."
        answer.sentences.append(quote)
        record_id = f"{_slug(programme['name'])}-commitment-{number:06d}"
        history: list[dict[str, Any]] = [
            {
                "date": date,
                "status": "needs_review" if rng.random() < DRAFT_SHARE else "announced",
                "source": answer.data["id"],
                "quote": f"We will {action}",
            }
        ]
        if history[0]["status"] == "announced":
            self._commitment_later(history, index, action, done)
        self.records.append(
            {
                "id": record_id,
                "kind": "commitment",
                "title": f"{action[0].upper()}{action[1:]}",
                "quote": quote,
                "source": answer.data["id"],
                "programmes": [name],
                "agencies": self._agencies(date),
                "tags": rng.sample(_TAGS, rng.randint(0, 3)),
                "due": due,
                "responsible": answer.data["department"],
                "history": history,
            }
        )

    def _commitment_later(
        self, history: list[dict[str, Any]], index: int, action: str, done: str
    ) -> None:
        rng = self.rng
        steps = rng.choice([0, 1, 1, 2, 2, 3])
        for step in range(steps):
            later = self._later(index)
            if later is None:
                return
            index = later
            answer = self.answers[later]
            date = answer.data["date"]
            final = step == steps - 1
            status = (
                rng.choice(["delivered", "delivered", "partly_delivered", "stalled", "dropped"])
                if final
                else "in_progress"
            )
            event: dict[str, Any] = {"date": date, "status": status, "source": answer.data["id"]}
            if status == "in_progress":
                sentence = f"Work is under way to {action}."
            elif status == "delivered":
                effective = history[-1]["date"] + (date - history[-1]["date"]) / 2
                sentence = f"On {_long(effective)} we {done}."
                event["effective"] = effective
            elif status == "partly_delivered":
                sentence = f"We have begun to {action}, though not yet in every area."
            elif status == "stalled":
                sentence = f"It has not yet been possible to {action}."
            else:
                sentence = f"We no longer intend to {action}; the work has been replaced."
            answer.sentences.append(sentence)
            event["quote"] = sentence
            history.append(event)
        if steps == 0 and rng.random() < 0.1:
            history.append(
                {
                    "date": history[-1]["date"] + dt.timedelta(days=400),
                    "status": "cannot_check",
                    "document": {"title": "Departmental annual report"},
                    "note": "No later answer or report says whether it happened.",
                }
            )
            if history[-1]["date"] > LAST_DAY:
                history.pop()


_ACTIONS = [
    ("establish a pilot scheme for victims of trafficking under {p}",
     "launched the pilot scheme for victims of trafficking under {p}"),
    ("post {n} further liaison officers to {place} through {p}",
     "posted further liaison officers to {place} through {p}"),
    ("publish a toolkit on trafficking for practitioners through {p}",
     "published the toolkit on trafficking for practitioners through {p}"),
    ("extend {p} to {place}", "extended {p} to {place}"),
    ("introduce legislation creating an offence of trafficking for labour exploitation",
     "introduced the offence of trafficking for labour exploitation"),
    ("review the funding of {p}", "completed the review of the funding of {p}"),
    ("open a joint investigation team with {place} under {p}",
     "opened the joint investigation team with {place} under {p}"),
    ("train border staff in {place} to identify victims, through {p}",
     "trained border staff in {place} to identify victims, through {p}"),
    ("set up a helpline for victims as part of {p}",
     "set up the helpline for victims as part of {p}"),
    ("evaluate {p} and publish the findings", "published the evaluation of {p}"),
]  # fmt: skip

_BACKGROUND = [
    "The introduction of legislation forms part of a comprehensive Government strategy for "
    "addressing trafficking of men, women and children. This strategy recognises the need for a "
    "multi-faceted response covering enforcement, prevention, protection for victims and "
    "international co-operation.",
    "We also recognise the importance of providing protection for the victims of trafficking in "
    "order to encourage them to co-operate with the authorities. Support arrangements are being "
    "developed with the voluntary sector, and practitioners are being trained to treat victims "
    "appropriately.",
    "Our work overseas concentrates on source and transit countries. Liaison officers work with "
    "local law enforcement and with our European Union partners to disrupt the criminal networks "
    "that organise illegal migration, and to return those with no right to remain.",
    "The multi-agency task force brings together the Immigration Service, the police, the "
    "intelligence agencies and the Crown Prosecution Service. Its remit is to co-ordinate "
    "operations against organised immigration crime and to develop the intelligence and "
    "strategic planning to underpin them.",
    "Research published last year gives the best information we have about the scale of the "
    "problem, although by its nature trafficking is hidden and any estimate is uncertain. We will "
    "keep the evidence under review as better information becomes available.",
    "Prevention matters as much as enforcement. Awareness campaigns in source countries warn those "
    "at risk of the dangers of accepting offers of work abroad from people they do not know, and "
    "tell them where help can be found.",
]

_FILLER = [
    "We continue to work closely with our international partners.",
    "Tackling organised immigration crime remains a priority for the Government.",
    "The multi-agency approach has proved its worth.",
    "We keep these arrangements under review.",
    "Further details will be placed in the Library of the House.",
    "Intelligence sharing with source and transit countries is central to this work.",
]


def _opening(rng: random.Random, data: dict[str, Any]) -> str:
    earlier = data["date"] - dt.timedelta(days=rng.randint(20, 200))
    return rng.choice(
        [
            "The Government are committed to tackling trafficking in all its forms.",
            f"I refer the honourable Member to my answer of {_long(earlier)}.",
            "We set out a comprehensive approach in the White Paper.",
            "This is a matter of great concern to the Government.",
        ]
    )


def _period(
    rng: random.Random, basis: str, date: dt.date, metric_id: str
) -> tuple[str, dt.date | None, dt.date | None]:
    """The words of a period and the dates they resolve to, as answers give them."""
    if basis == "point_in_time":
        return rng.choice(["currently", "at present", "now"]), date, date
    if basis == "cumulative":
        launch = dt.date(1996 + sum(map(ord, metric_id)) % 6, 4, 1)
        if launch >= date:  # the series had not begun: count from the April before last
            launch = dt.date(date.year - 1, 4, 1)
        return f"since April {launch.year}", launch, date
    choice = rng.random()
    if choice < 0.4:
        year = date.year - 1 if date.month >= 4 else date.year - 2
        return (
            f"in {year}-{str(year + 1)[2:]}",
            dt.date(year, 4, 1),
            dt.date(year + 1, 3, 31),
        )
    if choice < 0.7:
        quarter_end_month = ((date.month - 1) // 3) * 3  # the last complete quarter
        year = date.year
        if quarter_end_month == 0:
            quarter_end_month, year = 12, year - 1
        end = dt.date(year, quarter_end_month, calendar.monthrange(year, quarter_end_month)[1])
        start = dt.date(year, quarter_end_month - 2, 1)
        return f"in the quarter to {_MONTHS[quarter_end_month]} {year}", start, end
    return "in the last six months", date - dt.timedelta(days=182), date


def _value(rng: random.Random, kind: _MetricKind) -> tuple[float, float | None]:
    if kind.unit == "GBP":
        if rng.random() < 0.5:
            return float(rng.randint(2, 400) * 50_000), None
        return float(rng.randint(1, 90) * 500_000), None
    if kind.unit == "people_per_year":
        low = rng.randint(int(kind.low), int(kind.high) // 4)
        return float(low), float(low * rng.randint(2, 10))
    return float(rng.randint(int(kind.low), int(kind.high))), None


def _plain(value: float) -> int | float:
    return int(value) if value == int(value) else value


def _number(value: float) -> str:
    return f"{int(value):,}"


def _money(value: float) -> str:
    if value >= 1_000_000 and value % 500_000 == 0:  # halves: exact in binary, as the check needs
        return f"£{value / 1_000_000:g} million"
    return f"£{int(value):,}"


def _value_words(kind: _MetricKind, value: float, high: float | None, lower: bool) -> str:
    if kind.unit == "GBP":
        return _money(value)
    if kind.unit == "percent":
        return f"{_number(value)} per cent"
    if kind.unit == "years":
        return f"{_number(value)} years"
    if high is not None:
        return f"between {_number(value)} and {_number(high)} a year"
    return f"{'over ' if lower else ''}{_number(value)} {kind.label}"


def _figure_sentence(
    kind: _MetricKind, name: str, words: str, value: float, high: float | None, lower: bool
) -> str:
    when = words[0].upper() + words[1:]
    n = f"{'over ' if lower else ''}{_number(value)}"
    if kind.slug == "arrests":
        return f"{when}, work under {name} has resulted in {n} arrests."
    if kind.slug == "operations":
        return f"{when}, {name} has had {n} operations which have reached the arrest phase."
    if kind.slug == "groups-disrupted":
        return f"{when}, {n} organised crime groups have been disrupted through {name}."
    if kind.slug == "officers":
        return f"There are {words} {n} officers posted overseas under {name}."
    if kind.slug == "funding":
        return f"{when}, we provided a total of {_money(value)} to fund {name}."
    if kind.slug == "reduction":
        return f"{when}, {name} has reduced illegal crossings on its routes by {n} per cent."
    if kind.slug == "victims":
        return f"{when}, {n} victims of trafficking have been identified through {name}."
    if kind.slug == "estimate":
        assert high is not None
        return (
            f"Research for {name} estimated that between {_number(value)} and {_number(high)} "
            f"people were trafficked into the UK a year {words}."
        )
    return f"The offence covered by {name} {words} carries a maximum penalty of {n} years."


def _due(rng: random.Random, date: dt.date) -> dict[str, Any] | None:
    """Due words for a commitment said on ``date``, with the span the one rule gives them
    (``commitments.record.due``), so the checks find every synthetic span right."""
    roll = rng.random()
    if roll < 0.15:
        return None
    if roll < 0.35:
        words = "shortly"
    elif roll < 0.6:
        words = "next year"
    elif roll < 0.75 and date.month < 7:
        words = "in the second half of this year"
    else:
        month = date.month + rng.randint(2, 14)
        year = date.year + (month - 1) // 12
        words = f"by {_MONTHS[(month - 1) % 12 + 1]} {year}"
    span = resolve_due(words, date)
    assert span is not None, words  # every phrase above is one the rule knows, and still due
    return {"words": words, "start": span[0], "end": span[1]}


def _as_written(rng: random.Random, entity: dict[str, Any]) -> str:
    """An entity's name, or one of its aliases as an answer might write it."""
    aliases = entity.get("aliases") or []
    if aliases and rng.random() < 0.3:
        return rng.choice(aliases)
    return entity["name"]


def _long(date: dt.date) -> str:
    return f"{date.day} {_MONTHS[date.month]} {date.year}"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synthetic",
        description="Write a synthetic data folder of realistic records (for benchmarks).",
    )
    parser.add_argument("out", type=Path, help="a new or empty folder (never data/)")
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2002)
    args = parser.parse_args(argv)
    root = write_synthetic(args.out, args.records, args.seed)
    print(f"wrote {args.records:,} records to {root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
