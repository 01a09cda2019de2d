"""Hansard parsing and extraction throughput, in answers per second.

Two inputs: the real answers in ``tests/fixtures/hansard`` (three renderings of Hansard text, a
TheyWorkForYou XML file and a Written Questions API file) with the bundled registry; and a
sample of a synthetic folder's answers printed as header-style Hansard pages, with that folder's
larger registry. The baseline is parsing alone, without extraction.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from commitments.folder.layout import DataFolder
from commitments.folder.reading import read_registry
from loaders.hansard_text import parse_hansard_text
from loaders.model import Extent
from loaders.pipeline import detect_format, load_answers
from loaders.tagging import Tagger
from loaders.twfy_xml import parse_twfy_xml
from loaders.wq_json import parse_wq_json

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "hansard"
MIN_SECONDS = 2.0


def real_inputs() -> list[dict[str, Any]]:
    """Every fixture file with the options a user would give for it."""
    with open(FIXTURES / "manifest.yaml", encoding="utf-8") as handle:
        manifest = yaml.load(handle, Loader=yaml.CSafeLoader)
    inputs = [
        {
            "raw": (FIXTURES / entry["file"]).read_bytes(),
            "filename": entry["file"],
            "url": entry.get("url"),
            "extent": Extent.EXCERPT if entry.get("excerpt") else Extent.UNKNOWN,
        }
        for entry in manifest["answers"]
    ]
    for extra in sorted(FIXTURES.glob("*.xml")) + sorted(FIXTURES.glob("*.json")):
        inputs.append({"raw": extra.read_bytes(), "filename": extra.name})
    return inputs


def synthetic_inputs(root: Path, sample: int) -> list[dict[str, Any]]:
    """Up to ``sample`` answers of a synthetic folder, each printed as a header-style page."""
    inputs = []
    for path in sorted(DataFolder(root).answers.glob("*.yaml"))[:sample]:
        with open(path, encoding="utf-8") as handle:
            answer = yaml.load(handle, Loader=yaml.CSafeLoader)
        numbers = "".join(f" [{uin}]" for uin in answer["uins"])
        page = (
            f"{answer['citation']}\n{answer['asker']}\n\n{answer['question']}{numbers}\n\n"
            f"{answer['minister']}\n\n{answer['answer']}\n"
        )
        inputs.append(
            {"raw": page.encode("utf-8"), "filename": f"{answer['id']}.txt", "url": answer["url"]}
        )
    return inputs


def parse_only(item: dict[str, Any], tagger: Tagger) -> list:
    fmt = detect_format(item["raw"], item["filename"])
    if fmt == "twfy-xml":
        return parse_twfy_xml(item["raw"], tagger=tagger)
    if fmt == "wq-json":
        return parse_wq_json(item["raw"], tagger=tagger)
    return parse_hansard_text(
        item["raw"],
        url=item.get("url"),
        extent=item.get("extent", Extent.UNKNOWN),
        tagger=tagger,
    )


def parse_and_extract(item: dict[str, Any], tagger: Tagger) -> list:
    return load_answers(
        item["raw"],
        filename=item["filename"],
        url=item.get("url"),
        extent=item.get("extent", Extent.UNKNOWN),
        tagger=tagger,
    )


def throughput(inputs: list[dict[str, Any]], step: Callable[..., list], tagger: Tagger) -> dict:
    """Answers per second over as many passes as fill ``MIN_SECONDS`` (at least one)."""
    answers = candidates = passes = 0
    started = time.perf_counter()
    while True:
        for item in inputs:
            parsed = step(item, tagger)
            answers += len(parsed)
            candidates += sum(len(a.candidates) for a in parsed)
        passes += 1
        elapsed = time.perf_counter() - started
        if elapsed >= MIN_SECONDS:
            break
    return {
        "answers": answers,
        "candidates": candidates,
        "passes": passes,
        "seconds": elapsed,
        "per_second": answers / elapsed,
    }


def measure(inputs: list[dict[str, Any]], tagger: Tagger) -> dict[str, Any]:
    return {
        "ingest": throughput(inputs, parse_and_extract, tagger),
        "parse": throughput(inputs, parse_only, tagger),
        "inputs": len(inputs),
    }


def tagger_of(root: Path) -> Tagger:
    """The tagger of a data folder's registry, which must be valid (the benchmark's inputs are)."""
    registry, problems, valid = read_registry(root)
    if not valid:
        raise ValueError("\n".join(str(problem) for problem in problems))
    return Tagger.of(registry)


def real(data: Path = ROOT / "data") -> dict[str, Any]:
    return measure(real_inputs(), tagger_of(data))


def synthetic(root: Path, sample: int) -> dict[str, Any]:
    return measure(synthetic_inputs(root, sample), tagger_of(root))
