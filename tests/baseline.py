"""One small valid dataset, built in code, that tests change one field at a time."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

ANSWER_TEXT = (
    "The UK has posted nine Immigration Liaison Officers to disrupt trafficking and organised "
    "immigration crime in and around the Balkans region. European Union (EU) partners have made "
    "similar deployments. We co-operate directly or through Europol with EU law enforcement "
    "agencies and those in EU accession states. Since April 2001 this has resulted in the "
    "disruption of 14 trafficking organisations and 67 arrests. 323 individual facilitators have "
    "been arrested.\n\n"
    "Project Immpact, a UK led EU immigration initiative to assist the Bosnia State Border "
    "Service, "
    "has reduced the flow of illegal migrants through Sarejevo airport by 90 per cent.\n\n"
    "The Danish presidency will promote an EU-wide project against the trafficking of women "
    "co-ordinated by the European Police Chiefs Taskforce in the second half of this year."
)

LATER_TEXT = (
    "The National Criminal Intelligence Service manages an expanding network of Immigration "
    "Liaison Officers (currently 12) operating in key overseas posts."
)

REGISTRY: dict[str, Any] = {
    "programmes": [
        {"name": "Reflex", "aliases": ["Project Reflex"]},
        {"name": "Immpact", "aliases": ["Project Immpact", "Impact 1 and 2"]},
        {"name": "Immigration Liaison Officers", "aliases": ["ILO network"]},
    ],
    "agencies": [
        {"name": "Europol"},
        {
            "name": "National Crime Squad",
            "aliases": ["NCS"],
            "successor": "Serious Organised Crime Agency",
            "until": dt.date(2006, 3, 31),
        },
        {
            "name": "National Criminal Intelligence Service",
            "aliases": ["NCIS"],
            "successor": "Serious Organised Crime Agency",
            "until": dt.date(2006, 3, 31),
        },
        {
            "name": "Serious Organised Crime Agency",
            "aliases": ["SOCA"],
            "from": dt.date(2006, 4, 1),
        },
    ],
    "ministers": [
        {"name": "Beverley Hughes", "department": "Home Office"},
        {"name": "Baroness Scotland of Asthal", "department": "Home Office"},
    ],
    "departments": [{"name": "Home Office"}],
    "metrics": [
        {
            "id": "reflex-arrests",
            "label": "Reflex: arrests",
            "counts": "people arrested",
            "unit": "count",
            "programme": "Reflex",
        },
        {
            "id": "immigration-liaison-officers",
            "label": "Immigration Liaison Officers posted",
            "counts": "officers posted abroad",
            "unit": "count",
        },
        {
            "id": "immpact-migrant-flow-reduction",
            "label": "Immpact: fall in illegal migrants through Sarajevo airport",
            "counts": "per cent fall",
            "unit": "percent",
            "programme": "Immpact",
        },
    ],
}

ANSWER: dict[str, Any] = {
    "id": "hc-2002-07-08-65708",
    "house": "Commons",
    "date": dt.date(2002, 7, 8),
    "citation": "HC Deb 08 July 2002 vol 388 cc741-2W",
    "citation_parts": {
        "volume": 388,
        "first_column": 741,
        "last_column": 742,
        "series": "W",
        "inferred": [],
    },
    "uins": ["65708"],
    "asker": "Mr. Spring",
    "minister": "Beverley Hughes",
    "department": "Home Office",
    "heading": "Human Trafficking",
    "question": "To ask the Secretary of State for the Home Department what measures …",
    "answer": ANSWER_TEXT,
    "column_breaks": [],
    "url": "https://api.parliament.uk/historic-hansard/written-answers/2002/jul/08/human-trafficking",
    "complete": False,
    "flags": [
        {
            "kind": "spliced_fragment",
            "detail": "Part of an answer on Prison Service staff [66434]",
            "text": "The information is contained in the table.",
            "offset": 0,
        }
    ],
}

LATER_ANSWER: dict[str, Any] = {
    "id": "hl-2004-05-04-107wa",
    "house": "Lords",
    "date": dt.date(2004, 5, 4),
    "citation": "HL Deb 04 May 2004 c107WA",
    "citation_parts": {"volume": None, "first_column": 107, "last_column": 107, "series": "WA"},
    "uins": [],
    "asker": "Lord Patten",
    "minister": "Baroness Scotland of Asthal",
    "department": "Home Office",
    "heading": "UK Frontiers: Security against Organised Crime and Illegal Immigration",
    "question": "Whether the frontiers of the United Kingdom are secure.",
    "answer": LATER_TEXT,
    "url": "https://www.theyworkforyou.com/wrans/?id=2004-05-04a.107.3",
    "complete": False,
    "flags": [{"kind": "missing_uin", "detail": "no question number printed"}],
}

WRITTEN_TEXT = (
    "In July 2021, the government created a £7 million fund to support employers set up and "
    "expand FJAAs. £4.5 million of grant allocations have been awarded, and 97% (£4.3 million) "
    "of the grant allocations have been spent.\n\n"
    "There are now 44 FJAAs supporting the delivery of apprenticeships in sectors such as "
    "creative, construction, agriculture and digital, across every region in England."
)

WRITTEN_ANSWER: dict[str, Any] = {
    "id": "hc-2024-01-10-7926",
    "house": "Commons",
    "date": dt.date(2024, 1, 10),
    "citation": "UIN 7926, tabled 5 January 2024, answered 10 January 2024",
    "written_question": {
        "uins": ["7926"],
        "date_tabled": dt.date(2024, 1, 5),
        "date_answered": dt.date(2024, 1, 10),
        "holding_answer_date": None,
        "corrected": None,
        "answering_body": "Department for Education",
        "answering_member": None,
        "asking_member": None,
        "attachments": [],
        "url": "https://questions-statements.parliament.uk/written-questions/detail/2024-01-05/7926",
        "api_id": 1679416,
    },
    "uins": ["7926"],
    "asker": None,
    "minister": None,
    "department": "Department for Education",
    "heading": "Apprentices: Employment Agencies",
    "question": "To ask the Secretary of State for Education, how many (a) starts and (b) "
    "completions of flexi-job apprenticeships there have been …",
    "answer": WRITTEN_TEXT,
    "url": "https://questions-statements.parliament.uk/written-questions/detail/2024-01-05/7926",
    "complete": False,
    "flags": [],
}
"""An answer of the Written Questions service (real: UIN 7926), cut to two paragraphs; not in
``fresh()``: a test adds it (``with_written_answer``)."""

WRITTEN_FIGURE: dict[str, Any] = {
    "id": "fjaa-agencies-2024",
    "kind": "figure",
    "title": "44 flexi-job apprenticeship agencies",
    "quote": "There are now 44 FJAAs supporting the delivery of apprenticeships",
    "source": "hc-2024-01-10-7926",
    "programmes": [],
    "agencies": [],
    "tags": [],
    "metric": "fjaa-agencies",
    "value": 44,
    "unit": "count",
    "period": {"words": "now", "start": dt.date(2024, 1, 10), "end": dt.date(2024, 1, 10)},
    "basis": "point_in_time",
    "history": [
        {"date": dt.date(2024, 1, 10), "status": "reported", "source": "hc-2024-01-10-7926"}
    ],
}


FIGURE: dict[str, Any] = {
    "id": "reflex-arrests-since-april-2001",
    "kind": "figure",
    "title": "Reflex co-operation led to 67 arrests since April 2001",
    "quote": "Since April 2001 this has resulted in the disruption of 14 trafficking "
    "organisations and 67 arrests.",
    "source": "hc-2002-07-08-65708",
    "programmes": ["Project Reflex"],
    "agencies": ["Europol"],
    "tags": ["arrests"],
    "metric": "reflex-arrests",
    "value": 67,
    "value_high": None,
    "lower_bound": False,
    "unit": "count",
    "period": {
        "words": "since April 2001",
        "start": dt.date(2001, 4, 1),
        "end": dt.date(2002, 7, 8),
    },
    "basis": "cumulative",
    "history": [
        {
            "date": dt.date(2002, 7, 8),
            "status": "reported",
            "source": "hc-2002-07-08-65708",
            "quote": "67 arrests",
            "note": "First reported.",
        }
    ],
}

ILO_FIGURE: dict[str, Any] = {
    "id": "ilo-nine-balkans",
    "kind": "figure",
    "title": "Nine Immigration Liaison Officers posted in the Balkans",
    "quote": "The UK has posted nine Immigration Liaison Officers to disrupt trafficking and "
    "organised immigration crime in and around the Balkans region.",
    "source": "hc-2002-07-08-65708",
    "programmes": ["Immigration Liaison Officers"],
    "agencies": ["NCIS"],
    "tags": [],
    "metric": "immigration-liaison-officers",
    "value": 9,
    "unit": "count",
    "period": {"words": "July 2002", "start": dt.date(2002, 7, 8), "end": dt.date(2002, 7, 8)},
    "basis": "point_in_time",
    "history": [
        {"date": dt.date(2002, 7, 8), "status": "reported", "source": "hc-2002-07-08-65708"},
        {
            "date": dt.date(2004, 5, 4),
            "status": "superseded",
            "source": "hl-2004-05-04-107wa",
            "quote": "(currently 12)",
        },
    ],
}

COMMITMENT: dict[str, Any] = {
    "id": "danish-presidency-eu-project",
    "kind": "commitment",
    "title": "EU-wide project against trafficking of women under the Danish presidency",
    "quote": "The Danish presidency will promote an EU-wide project against the trafficking of "
    "women co-ordinated by the European Police Chiefs Taskforce in the second half of this year.",
    "source": "hc-2002-07-08-65708",
    "programmes": [],
    "agencies": [],
    "tags": ["EU"],
    "due": {
        "words": "in the second half of this year",
        "start": dt.date(2002, 7, 1),
        "end": dt.date(2002, 12, 31),
    },
    "responsible": "Danish EU presidency",
    "history": [
        {
            "date": dt.date(2002, 7, 8),
            "status": "announced",
            "source": "hc-2002-07-08-65708",
            "quote": "will promote an EU-wide project",
        }
    ],
}


def fresh() -> dict[str, Any]:
    """A deep copy of every baseline item, so a test may change one field."""
    return copy.deepcopy(
        {
            "registry": REGISTRY,
            "answers": [ANSWER, LATER_ANSWER],
            "records": [FIGURE, ILO_FIGURE, COMMITMENT],
        }
    )


def with_written_answer() -> dict[str, Any]:
    """The baseline with the Written Questions service's answer and a figure quoting it."""
    items = fresh()
    items["answers"].append(copy.deepcopy(WRITTEN_ANSWER))
    items["records"].append(copy.deepcopy(WRITTEN_FIGURE))
    items["registry"]["metrics"].append(
        {
            "id": "fjaa-agencies",
            "label": "Flexi-job apprenticeship agencies",
            "counts": "agencies on the register",
            "unit": "count",
        }
    )
    return items


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def write_dataset(root: Path, items: dict[str, Any] | None = None) -> Path:
    """Write ``items`` (default: the baseline) as a data folder under ``root``."""
    items = items if items is not None else fresh()
    (root / "answers").mkdir(parents=True, exist_ok=True)
    (root / "records").mkdir(parents=True, exist_ok=True)
    (root / "registry.yaml").write_text(dump(items["registry"]), encoding="utf-8")
    for answer in items["answers"]:
        (root / "answers" / f"{answer['id']}.yaml").write_text(dump(answer), encoding="utf-8")
    for record in items["records"]:
        (root / "records" / f"{record['id']}.yaml").write_text(dump(record), encoding="utf-8")
    return root


def line_of(text: str, needle: str, start: int = 1) -> int:
    """The 1-based line of the first line at or after ``start`` that contains ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def conflicting_figure() -> dict[str, Any]:
    """A later answer's figure for the baseline figure's metric and period, with another value:
    two answers disagreeing, which is a warning, never an error."""
    later = fresh()["records"][0]
    later.update(
        id="reflex-arrests-again",
        source="hl-2004-05-04-107wa",
        quote="Immigration Liaison Officers (currently 12)",
        value=12,
        history=[
            {"date": dt.date(2004, 5, 4), "status": "reported", "source": "hl-2004-05-04-107wa"}
        ],
    )
    return later


def one_insertion(old: bytes, new: bytes) -> bytes:
    """The block ``new`` holds besides every byte of ``old``, in order (one insertion only)."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < len(old) - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    assert new[:start] + new[len(new) - end :] == old, "bytes of the old file changed"
    return new[start : len(new) - end]


def proposals_from(data: Path, answer_id: str, stood: bool = False) -> tuple[list, Any]:
    """The proposals of the answer ``answer_id`` of the data folder ``data`` against its
    records (as they stood the day before the answer, with ``stood``), and the answer."""
    from commitments.folder.load import load_dataset
    from loaders.extract import extract_candidates
    from loaders.proposals import ProposalIndex, as_it_stood, propose
    from loaders.replay import parsed
    from loaders.tagging import Tagger

    dataset = load_dataset(data)
    answer = dataset.answers[answer_id].item
    records = [located.item for located in dataset.records.values()]
    if stood:
        records = as_it_stood(records, answer.date)
    index = ProposalIndex.of(records, dataset.lookup.registry)
    made = extract_candidates(parsed(answer), Tagger.of(dataset.lookup.registry))
    return propose(made, index, answer_id=answer.id), answer
