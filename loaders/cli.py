"""The loaders' command line: ``python -m loaders``.

    python -m loaders parse FILE [--format text|twfy-xml|wq-json] [--date YYYY-MM-DD]
                                 [--house commons|lords] [--url URL] [--excerpt] [--json]
    python -m loaders ingest FILES... --out DIR [same options]
    python -m loaders bulk FOLDER --out DIR [--workers N] [--format F]
    python -m loaders quality [--fixtures tests/fixtures/hansard] [--json] [--notes]
    python -m loaders fetch --out DIR [--body NAME_OR_ID] [--house commons|lords]
                            [--answered-from D] [--answered-to D] [--tabled-from D] [--tabled-to D]
                            [--search WORDS] [--member NAME_OR_ID] [--uin UIN] [--api URL]
                            [--members-api URL] [--cache DIR] [--rate N] [--take N]
    python -m loaders watch --out DIR [--words WORDS ...] [--state FILE] [--reports DIR]
                            [--api URL] [--since D] [--until D] [--cache DIR] [--rate N]
    python -m loaders propose FILE [same options as parse] [--json] [--queue]
    python -m loaders review [DATA_DIR] [--accept ID | --reject ID] [--status S]
                             [--effective D] [--precision day|month|year] [--record ID] [--new]

Every subcommand takes the data folder as ``--data DATA_DIR`` (default ``data``): ``parse`` and
``ingest`` tag candidates with its registry, validated as ``python -m commitments validate`` does;
``quality`` measures the loaders against its hand-made records. ``parse`` prints each answer found,
with its flags and candidates (``--json`` for the full form). ``ingest`` writes draft answer and
record YAML files under DIR (``answers/``, ``records/``), status ``needs_review``, never over an
existing file. FILE may be ``-`` for standard input. ``quality`` prints, for the pages the
rules were written against and for the rest, recall and precision for figures and commitments,
how many metadata fields came out right and the answers the data does not record, then the
throughput and the same against hand labels (``--notes`` lists every miss); it exits 1 when a
target is missed. ``fetch`` asks the Written Questions service (``loaders.fetch``) for the
answers its filters find, whole, and writes their drafts as ``ingest`` does, once the whole fetch
has succeeded. ``watch`` (``loaders.watch``) fetches what was answered since its last run for
the registry's programmes and agencies and the words given, drafts it, puts its proposals on the
data folder's records in that folder's review queue and writes a dated report.

``bulk`` (``loaders.bulk``) ingests every file of a folder on every core; stopped, it goes on
from where it was on the next run.

``propose`` (``loaders.proposals``) says what the answers in FILE say of the data folder's records:
a status event, a new point on a metric, a restatement or a new record, each with its quote and
why; ``--queue`` writes the answer into the data folder (as ``ingest`` does) and puts the
proposals in its review queue (``loaders.queue``). ``review`` lists the queue, and accepts (with
edits) or rejects one proposal.

``python -m loaders.hansard parse|ingest`` runs the same code (``loaders.hansard``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from commitments.folder.layout import REGISTRY_FILE, DataFolder
from commitments.folder.load import load_dataset
from commitments.folder.reading import read_registry
from commitments.folder.writing import write_atomic

from . import bulk, evaluation, fetch, quality, queue, watch
from .drafts import DraftError, build_drafts, write_drafts
from .model import Extent, ParsedAnswer
from .pipeline import FORMATS, load_answers
from .proposals import ProposalIndex, propose
from .tagging import Tagger
from .twfy_xml import UnsafeXMLError

PROG = "python -m loaders"
DEFAULT_DATA = Path("data")
DEFAULT_FIXTURES = Path("tests/fixtures/hansard")


def main(
    argv: Sequence[str] | None = None,
    *,
    prog: str = PROG,
    commands: Sequence[str] | None = None,
    registry_option: bool = False,
) -> int:
    """Run one subcommand; its exit code. ``commands`` limits the subcommands offered (all by
    default); ``registry_option`` adds ``--registry FILE``, the older way to name the registry."""
    args = parser(prog, commands, registry_option).parse_args(argv)
    return args.run(args)


def parser(
    prog: str = PROG, commands: Sequence[str] | None = None, registry_option: bool = False
) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description="Parse written answers, draft records from them, and measure it."
    )
    subcommands = parser.add_subparsers(dest="command", required=True)
    for name in commands or COMMANDS:
        command = COMMANDS[name](subcommands)
        _data_option(command, registry_option)
    return parser


def _add_parse(subcommands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parse = subcommands.add_parser("parse", help="print the answers, flags and candidates in FILE")
    parse.add_argument("file", help="a text, XML or JSON file, or - for standard input")
    _input_options(parse)
    parse.add_argument("--json", action="store_true", help="print the full parse as JSON")
    parse.set_defaults(run=_parse)
    return parse


def _add_ingest(subcommands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    ingest = subcommands.add_parser(
        "ingest", help="write draft YAML files for the answers in FILES"
    )
    ingest.add_argument("files", nargs="+", help="text, XML or JSON files")
    ingest.add_argument(
        "--out", required=True, type=Path, help="folder to write answers/ and records/ into"
    )
    _input_options(ingest)
    ingest.set_defaults(run=_ingest)
    return ingest


def _add_bulk(subcommands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    command = subcommands.add_parser(
        "bulk",
        help="ingest every file of a folder on every core; stopped, the next run goes on",
    )
    command.add_argument(
        "folder", type=Path, help="a folder of saved API responses (JSON) or parlparse XML files"
    )
    command.add_argument(
        "--out", required=True, type=Path, help="folder to write answers/ and records/ into"
    )
    command.add_argument(
        "--workers",
        type=_positive(int),
        help=f"processes to parse in (default: every core, {os.cpu_count()} here)",
    )
    command.add_argument(
        "--format", choices=FORMATS, help="input format (default: from name and content)"
    )
    command.set_defaults(run=_bulk)
    return command


def _add_quality(subcommands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    measure = subcommands.add_parser(
        "quality",
        help="recall and precision of the loaders against the data folder's records",
        description=(
            "Parse each real page listed in the fixtures' manifest (with its address, and "
            "whether the copy is an excerpt, as a user would give them), extract candidates, and "
            "compare each answer with the data folder's reviewed answer and records: whether its "
            "citation, date, house, question numbers, asker, minister and completeness came out "
            "right, recall and precision for figures and for commitments, the answers the data "
            "does not record; per page, and apart for the pages the rules were written against "
            "and the rest; then the parse-and-extract throughput. Then the same against the hand "
            "labels of every real page (tests/fixtures/hansard/labels), per rendering and per "
            "page, apart for the pages the rules were written against and the rest. Exits 1 when "
            "a target is missed: on the bundled answers of the pages the rules were written "
            "against figures 95% recall and 90% precision, commitments 90% recall, every answer "
            "in the data and every metadata field right; on the labelled pages the rules were "
            "not written against metadata 95%, figure recall 90%, at most one wrong figure per "
            "five answers, commitment recall 80%, no foreign text or furniture left."
        ),
    )
    measure.add_argument(
        "--fixtures",
        type=Path,
        default=DEFAULT_FIXTURES,
        help=f"folder of answers with their {quality.MANIFEST} (default {DEFAULT_FIXTURES})",
    )
    measure.add_argument("--json", action="store_true", help="print the results as JSON")
    measure.add_argument(
        "--notes",
        action="store_true",
        help="under each page, what was missed, proposed in excess or left in",
    )
    measure.set_defaults(run=_quality)
    return measure


def _add_fetch(subcommands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    command = subcommands.add_parser(
        "fetch",
        help="fetch answers from the Written Questions service and write their drafts",
        description=(
            "Ask the Written Questions service for every answer its filters find (page by page "
            "to the end), take the whole text of each answer the list cuts short from its detail, "
            "then write draft answers and candidate records under --out as ingest does (never "
            "over an existing file). Responses are cached: a run that stops with an error is "
            "resumed by the next run of the same filters (within a day) without fetching again "
            "what it had; any other run asks for the lists again, so it finds answers given "
            "since (the whole texts it has are still taken from the cache). Drafts are written "
            "only once the whole fetch has succeeded."
        ),
    )
    command.add_argument(
        "--out", required=True, type=Path, help="folder to write answers/ and records/ into"
    )
    command.add_argument(
        "--body",
        type=_body,
        metavar="NAME_OR_ID",
        help="answering body, by the service's id or its name",
    )
    command.add_argument("--house", choices=["commons", "lords"], help="the House asked")
    for name in ("answered", "tabled"):
        command.add_argument(f"--{name}-from", type=_date, metavar="YYYY-MM-DD")
        command.add_argument(f"--{name}-to", type=_date, metavar="YYYY-MM-DD")
    command.add_argument("--search", metavar="WORDS", help="words the question or answer holds")
    command.add_argument(
        "--member",
        type=_member,
        metavar="NAME_OR_ID",
        help=(
            "questions asked or answered by this member (the service's members filter): their "
            'id, or their name as the Members API knows it ("Jess Phillips", "Lord Randall of '
            'Uxbridge"; case and spacing do not matter), looked up there; a name that matches '
            "several members is refused with their ids (--house narrows them)"
        ),
    )
    command.add_argument("--uin", help="the question's UIN")
    command.add_argument(
        "--members-api",
        metavar="URL",
        help=(
            f"the Members API's search address, to find --member by name (default: "
            f"${fetch.MEMBERS_API_SETTING}, else {fetch.DEFAULT_MEMBERS_API})"
        ),
    )
    _service_options(command)
    command.set_defaults(run=_fetch)
    return command


def _add_watch(subcommands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    command = subcommands.add_parser(
        "watch",
        help="fetch what was answered since the last run for the watch list, draft it, report",
        description=(
            "Ask the Written Questions service, once per term of the watch list (the registry's "
            "programmes and agencies with their aliases, and --words), for the answers given from "
            "the day after the last run to --until (default yesterday); draft them as fetch does, "
            "put their proposals on the records of the data folder (--data) in its review queue "
            "(with the answer written into it, never over a file, for an accept to find it) and "
            "write a dated report. The last day covered is kept in the state file, written "
            "only once the run has succeeded (a run that fails is resumed by the next, which asks "
            "only for what it lacked). Exit 0 when it ran (even with nothing new), 1 on an "
            "error, 2 on bad arguments. Runs unattended: it never asks anything."
        ),
    )
    command.add_argument(
        "--out", required=True, type=Path, help="folder to write answers/ and records/ into"
    )
    command.add_argument(
        "--words",
        nargs="+",
        action="extend",
        default=[],
        metavar="WORDS",
        help='search words of your own, each one term ("modern slavery")',
    )
    command.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help=f"the last day covered (default DATA_DIR/../{watch.STATE_FILE}, beside the data)",
    )
    command.add_argument(
        "--reports",
        type=Path,
        metavar="DIR",
        help=f"folder of the reports (default DATA_DIR/../{watch.REPORTS_DIR})",
    )
    command.add_argument(
        "--since", type=_date, metavar="YYYY-MM-DD", help="the first day to watch (first run only)"
    )
    command.add_argument(
        "--until", type=_date, metavar="YYYY-MM-DD", help="last day to watch (default yesterday)"
    )
    _service_options(command)
    command.set_defaults(run=_watch)
    return command


def _add_propose(subcommands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    command = subcommands.add_parser(
        "propose",
        help="what the answers in FILE say of the data folder's records, for review",
        description=(
            "Read the answers in FILE as parse does and match each sentence against the records "
            "of the data folder (--data): a status event on a commitment, a new point on a "
            "metric, the same figure or commitment said again, or a new record; each with its "
            "quote, the words that justify it, why its target was matched and a score. "
            "Proposals rejected before, or whose words are on file already, are left out. "
            "Nothing is written unless --queue is given: it writes the answer into the data "
            "folder (as ingest does, never over a file) and adds the proposals to the review "
            "queue (DATA_DIR/review/pending/), for python -m loaders review or the dashboard's "
            "Review tab."
        ),
    )
    command.add_argument("file", help="a text, XML or JSON file, or - for standard input")
    _input_options(command)
    command.add_argument("--json", action="store_true", help="print the proposals as JSON")
    command.add_argument(
        "--queue",
        action="store_true",
        help="write the answer into the data folder and add the proposals to its review queue",
    )
    command.set_defaults(run=_propose)
    return command


def _add_review(subcommands: argparse._SubParsersAction) -> argparse.ArgumentParser:
    command = subcommands.add_parser(
        "review",
        help="list the review queue; accept (with edits) or reject a proposal",
        description=(
            "List the proposals waiting in DATA_DIR/review/pending/, oldest first, or act on "
            "one: --accept adds its event to the target record's history in date order (only "
            "those lines are added to the file) or writes its new record; --reject remembers it in "
            "review/rejected.yaml, so it is never proposed again. An accept is checked as "
            "python -m commitments validate would check it and refused, with nothing written, "
            "when the record would fail its checks or its file changed since the proposal was "
            "made. Exit 1 when an action is refused."
        ),
    )
    command.add_argument(
        "folder", nargs="?", type=Path, metavar="DATA_DIR", help="the data folder (or --data)"
    )
    act = command.add_mutually_exclusive_group()
    act.add_argument("--accept", metavar="ID", help="accept this proposal")
    act.add_argument("--reject", metavar="ID", help="reject this proposal")
    command.add_argument("--status", help="accept with this status instead")
    command.add_argument(
        "--effective",
        metavar="YYYY-MM-DD",
        help="accept with this effective date instead ('none' for none)",
    )
    command.add_argument(
        "--precision", choices=queue.PRECISIONS, help="how precise the effective date is"
    )
    command.add_argument("--record", metavar="ID", help="add the event to this record instead")
    command.add_argument("--new", action="store_true", help="accept it as a new record instead")
    command.add_argument("--json", action="store_true", help="list the queue as JSON")
    command.set_defaults(run=_review)
    return command


COMMANDS: dict[str, Callable[[argparse._SubParsersAction], argparse.ArgumentParser]] = {
    "parse": _add_parse,
    "ingest": _add_ingest,
    "bulk": _add_bulk,
    "quality": _add_quality,
    "fetch": _add_fetch,
    "watch": _add_watch,
    "propose": _add_propose,
    "review": _add_review,
}
"""Each subcommand and what adds it (with its options and the function it runs)."""


def _data_option(command: argparse.ArgumentParser, registry_option: bool) -> None:
    command.add_argument(
        "--data",
        type=Path,
        metavar="DATA_DIR",
        help=(
            f"the data folder (default {DEFAULT_DATA}): its {REGISTRY_FILE} tags the candidates, "
            "and quality is measured against its records"
        ),
    )
    if registry_option:
        command.add_argument(
            "--registry",
            type=Path,
            help=f"a data folder's {REGISTRY_FILE} (the same as --data with its folder)",
        )


def _service_options(command: argparse.ArgumentParser) -> None:
    """The Written Questions service's address, and how fetch and watch ask it."""
    command.add_argument(
        "--api",
        metavar="URL",
        help=(
            f"the service's questions address (default: ${fetch.API_SETTING}, else "
            f"{fetch.DEFAULT_API})"
        ),
    )
    command.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="folder of cached responses (default ~/.cache/commitments/written-questions)",
    )
    command.add_argument(
        "--rate",
        type=_positive(float),
        default=2.0,
        metavar="N",
        help="requests a second, at most (default 2)",
    )
    command.add_argument(
        "--take",
        type=_positive(int),
        default=fetch.DEFAULT_TAKE,
        metavar="N",
        help=f"results a page (default {fetch.DEFAULT_TAKE})",
    )


def _cache_dir(args: argparse.Namespace) -> Path:
    return args.cache or fetch.default_cache_dir()


def _service_client(
    args: argparse.Namespace, api: str, run_started: dt.datetime | None = None
) -> fetch.Client:
    """The client of ``api`` as the service options ask, its waits from ``FETCH_POLICY``; it
    reuses the lists cached since ``run_started`` (by default, none from before it)."""
    policy = replace(FETCH_POLICY, rate=args.rate)
    return fetch.Client(api, _cache_dir(args), policy, run_started=run_started)


def _input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=FORMATS, help="input format (default: from name and content)"
    )
    parser.add_argument(
        "--date", type=_date, help="date answered, where the text does not print it"
    )
    parser.add_argument("--house", choices=["commons", "lords"], help="where the text does not say")
    parser.add_argument("--url", help="address of the page the text came from")
    parser.add_argument("--excerpt", action="store_true", help="the text is the first part only")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _body(text: str) -> int:
    try:
        return fetch.answering_body(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _member(text: str) -> int | str:
    """A member's id, or their name with its spacing made single (looked up when fetching)."""
    name = fetch.member_name(text)
    if name.isdigit():
        return int(_positive(int)(name))
    if not name:
        raise argparse.ArgumentTypeError("give the member's name or id")
    return name


def _positive(kind: Callable[[str], float]) -> Callable[[str], float]:
    def convert(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
        return value

    return convert


# --- The data folder and its registry ---------------------------------------------------------


def _data_folder(args: argparse.Namespace) -> tuple[Path | None, bool]:
    """The data folder the arguments name (None when they name it wrongly), and whether they
    named it at all (else it is the default)."""
    registry = getattr(args, "registry", None)
    if registry is not None:
        if args.data is not None:
            print(
                "error: give the data folder with --data or --registry, not both", file=sys.stderr
            )
            return None, True
        if registry.name != REGISTRY_FILE:
            print(
                f"error: --registry {registry}: the registry is read as a data folder's "
                f"{REGISTRY_FILE}; give that folder with --data",
                file=sys.stderr,
            )
            return None, True
        return registry.parent, True
    if args.data is not None:
        return args.data, True
    return DEFAULT_DATA, False


def _tagger(args: argparse.Namespace) -> Tagger | None:
    """The tagger of the data folder's registry, once the validator accepts it; None (having
    said why) when it does not.

    A registry with errors is never used: drafts tagged from it would name what the validator
    rejects. Without a data folder named, a missing ``data/registry.yaml`` tags nothing.
    """
    folder, named = _data_folder(args)
    if folder is None:
        return None
    registry, problems, valid = read_registry(folder)
    missing = not DataFolder(folder).registry.exists()
    if valid:
        for problem in problems:
            print(f"warning: {problem}", file=sys.stderr)
        return Tagger.of(registry)
    if missing and not named:
        print(
            f"warning: {DataFolder(folder).registry} not found: no programme, agency, metric or "
            "department will be tagged (give the data folder with --data)",
            file=sys.stderr,
        )
        return Tagger.of()
    for problem in problems:
        print(problem, file=sys.stderr)
    print(
        f"error: the registry of {folder} cannot be used: fix it (python -m commitments validate "
        f"{folder}) or give another data folder with --data",
        file=sys.stderr,
    )
    return None


# --- parse and ingest -------------------------------------------------------------------------


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    return Path(name).read_bytes()


def _load(name: str, args: argparse.Namespace, tagger: Tagger) -> list[ParsedAnswer]:
    return load_answers(
        _read(name),
        fmt=args.format,
        filename=None if name == "-" else name,
        date=args.date,
        house=args.house,
        url=args.url,
        extent=Extent.EXCERPT if args.excerpt else Extent.UNKNOWN,
        tagger=tagger,
    )


def _parse(args: argparse.Namespace) -> int:
    tagger = _tagger(args)
    if tagger is None:
        return 2
    try:
        answers = _load(args.file, args, tagger)
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    except (UnsafeXMLError, ValueError) as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        json.dump(
            {"answers": [a.to_dict() for a in answers]}, sys.stdout, ensure_ascii=False, indent=2
        )
        print()
    else:
        for answer in answers:
            print(summary(answer))
    if not answers:
        print(f"error: no written answer found in {args.file}", file=sys.stderr)
        return 1
    return 0


def summary(answer: ParsedAnswer) -> str:
    """An answer as ``parse`` prints it: id and citation, names, flags, then its candidates."""
    lines = [
        f"{answer.id or '(no id: date or house unknown)'}  {answer.citation or ''}",
        f"  asked by {answer.asker or '?'}, answered by {answer.minister or '?'}"
        f" ({answer.department or 'department not known'});"
        f" questions {', '.join(answer.uins) or 'none'}",
    ]
    for flag in answer.flags:
        lines.append(f"  flag {flag.kind}: {flag.detail}")
    for index, candidate in enumerate(answer.candidates):
        if candidate.kind == "figure":
            period = f" [{candidate.period.words}]" if candidate.period else ""
            what = f"{candidate.number} {candidate.counts or ''} ({candidate.unit}){period}"
        else:
            due = f" [due: {candidate.due.words}]" if candidate.due else ""
            what = f"{candidate.stage}{due}: {candidate.quote[:90]}"
        lines.append(f"  {index:>3} {candidate.kind:10} {what}")
    return "\n".join(lines)


def _ingest(args: argparse.Namespace) -> int:
    if args.url and len(args.files) > 1:
        print("error: --url names one page; give one file with it", file=sys.stderr)
        return 2
    tagger = _tagger(args)
    if tagger is None:
        return 2
    failed = False
    for name in args.files:
        try:
            answers = _load(name, args, tagger)
        except OSError as exc:
            print(f"error: cannot read {name}: {exc.strerror}", file=sys.stderr)
            failed = True
            continue
        except (UnsafeXMLError, ValueError) as exc:
            print(f"error: {name}: {exc}", file=sys.stderr)
            failed = True
            continue
        if not answers:
            print(f"error: no written answer found in {name}", file=sys.stderr)
            failed = True
        for answer in answers:
            failed |= not _draft(answer, args.out, name)
    return 1 if failed else 0


def _draft(answer: ParsedAnswer, out: Path, where: str) -> bool:
    """Write ``answer``'s drafts under ``out`` and say what was written; False, said with
    ``where`` it came from, when it cannot be drafted."""
    try:
        files = build_drafts(answer)
    except DraftError as exc:
        print(f"error: {where}: {answer.id or 'answer'}: {exc}", file=sys.stderr)
        return False
    _say_written(*write_drafts(files, out))
    return True


def _say_written(written: list[Path], kept: list[Path]) -> None:
    for path in written:
        print(f"wrote {path}")
    for path in kept:
        print(f"kept {path} (exists; not overwritten)")


# --- bulk -------------------------------------------------------------------------------------


def _bulk(args: argparse.Namespace) -> int:
    """Report each file as ``ingest`` does, in the folder's order; a failed file is one line on
    standard error and the others go on. Ctrl-C stops the pool and says how to go on."""
    if not args.folder.is_dir():
        print(
            f"error: {args.folder} is not a folder: give a folder of saved answers", file=sys.stderr
        )
        return 2
    tagger = _tagger(args)
    if tagger is None:
        return 2
    progress = bulk.progress_path(args.out)
    todo, before = bulk.pending(bulk.inputs(args.folder), progress)
    drafted = failed = answers = written = kept = 0
    try:
        for outcome in bulk.ingest_folder(
            todo,
            args.out,
            tagger=tagger,
            fmt=args.format,
            workers=args.workers,
            progress=progress,
        ):
            answers += outcome.answers
            written += len(outcome.written)
            kept += len(outcome.kept)
            _say_written(outcome.written, outcome.kept)
            for problem in outcome.problems:
                print(f"error: {problem}", file=sys.stderr)
            failed += outcome.failed
            drafted += not outcome.failed
    except KeyboardInterrupt:
        print(
            f"interrupted: {drafted + failed} of {len(todo)} files done this run, recorded in "
            f"{progress}; run the same command again to go on",
            file=sys.stderr,
        )
        return 130
    print(
        f"bulk: {len(todo) + len(before)} files in {args.folder}: {drafted} drafted, "
        f"{failed} failed, {len(before)} done before (listed in {progress}); "
        f"{answers} answers, {written} draft files written, {kept} kept",
        file=sys.stderr,
    )
    return 1 if failed else 0


# --- quality ----------------------------------------------------------------------------------


def _quality(args: argparse.Namespace) -> int:
    tagger = _tagger(args)
    if tagger is None:
        return 2
    folder = _data_folder(args)[0]
    if not folder.is_dir():
        print(f"error: data folder {folder} not found: give it with --data", file=sys.stderr)
        return 2
    dataset = load_dataset(folder)
    if dataset.errors:
        print(
            f"warning: {len(dataset.errors)} errors in {folder}: the records with them are left "
            f"out (python -m commitments validate {folder})",
            file=sys.stderr,
        )
    answers, records = quality.hand_made(dataset)
    try:
        pages = quality.parse_fixtures(args.fixtures, tagger)
    except OSError as exc:
        print(f"error: cannot read the fixtures in {args.fixtures}: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    measured = quality.measure(pages, answers, records)
    rate = quality.throughput(args.fixtures, tagger)
    labelled = evaluation.evaluate_all(args.fixtures, tagger)
    if args.json:
        out = {**quality.summary(measured, rate), "labelled": evaluation.summary(labelled)}
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for line in quality.report_lines(measured, rate, notes=args.notes):
            print(line)
        print()
        for line in evaluation.report_lines(labelled, notes=args.notes):
            print(line)
    met = quality.meets_targets(measured.written_against) and evaluation.meets_targets(
        labelled.unseen
    )
    return 0 if met else 1


# --- fetch ------------------------------------------------------------------------------------

FETCH_POLICY = fetch.Policy()
"""How ``fetch`` waits and retries (tests put shorter waits here)."""


def _fetch(args: argparse.Namespace) -> int:
    """Fetch the whole result first, then draft it: a grouped set or a question's captures may
    fall on different pages, and parsing them apart would draft one question twice. Until the
    fetch succeeds nothing is drafted; what was fetched is in the cache, so the next run goes on
    from there."""
    tagger = _tagger(args)
    if tagger is None:
        return 2
    try:
        api = fetch.api_address(args.api)
        query = fetch.Query(
            body=args.body,
            house=args.house,
            answered_from=args.answered_from,
            answered_to=args.answered_to,
            tabled_from=args.tabled_from,
            tabled_to=args.tabled_to,
            search=args.search,
            member=_member_id(args),
            uin=args.uin,
        )
        job = fetch.fetch_job(api, query, args.take)
        with (
            fetch.resumable(_cache_dir(args), job) as started,
            _service_client(args, api, started) as client,
        ):
            fetched = fetch.fetch_questions(client, query, take=args.take)
        answers = load_answers(
            json.dumps(fetched.document).encode("utf-8"), fmt="wq-json", tagger=tagger
        )
    except fetch.MemberProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except fetch.FetchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"error: {api}: {exc}", file=sys.stderr)
        return 1
    for note in fetched.notes:
        print(f"warning: {note}", file=sys.stderr)
    print(
        f"fetched {fetched.total} results from {api}: {fetched.pages} pages, "
        f"{fetched.details} whole texts; {fetched.sent} requests sent, "
        f"{fetched.from_cache} taken from the cache; {len(answers)} answers",
        file=sys.stderr,
    )
    drafted = [_draft(answer, args.out, api) for answer in answers]
    return 0 if all(drafted) else 1


def _member_id(args: argparse.Namespace) -> int | None:
    """The id of ``--member``: as given, or found by name in the Members API (the run says
    whom it found). Raises ``MemberProblem`` or ``FetchError``."""
    if not isinstance(args.member, str):
        return args.member
    address = fetch.members_api_address(args.members_api)
    with _service_client(args, address) as members:
        member = fetch.resolve_member(members, args.member, args.house)
    print(f"--member {args.member!r} is {member}, from {address}", file=sys.stderr)
    return member.id


# --- watch ------------------------------------------------------------------------------------


def _watch(args: argparse.Namespace) -> int:
    """Lock, read the state, fetch every term, draft, report, then (only then) move the state
    on: a run that fails anywhere before is tried again from the same day."""
    folder = _data_folder(args)[0]
    if folder is None:
        return 2
    registry, problems, valid = read_registry(folder)
    if not valid:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(
            f"error: the registry of {folder} cannot be used: fix it (python -m commitments "
            f"validate {folder}) or give another data folder with --data",
            file=sys.stderr,
        )
        return 2
    words = [" ".join(w.split()) for w in args.words]
    if not all(words):
        print("error: --words: an empty term cannot be searched for", file=sys.stderr)
        return 2
    state = args.state or folder.resolve().parent / watch.STATE_FILE
    reports = args.reports or folder.resolve().parent / watch.REPORTS_DIR
    try:
        api = fetch.api_address(args.api)
    except fetch.FetchError as exc:
        print(f"error: --api: {exc}", file=sys.stderr)
        return 2
    try:
        with watch.locked(state.with_name(state.name + ".lock")):
            last_day = watch.read_state(state)
            try:
                first, last = watch.window(last_day, args.since, args.until, dt.date.today())
            except ValueError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
            if first > last:
                print(f"nothing to watch: every day up to {last_day} is covered ({state})")
                return 0
            entries = watch.watch_list(registry, words)
            tagger = Tagger.of(registry)
            terms = "; ".join(watch.search_terms(entries))
            job = f"watch {api} {first} to {last}, {args.take} a page: {terms}"
            with (
                fetch.resumable(_cache_dir(args), job) as started,
                _service_client(args, api, started) as client,
            ):
                run = watch.gather(client, entries, first, last, tagger, take=args.take)
            watch.draft(run, args.out)
            if run.found:
                records = [located.item for located in load_dataset(folder).records.values()]
                watch.propose_all(run, records, registry)
                watch.enqueue(run, folder)
            path = reports / watch.report_name(run)
            write_atomic(path, watch.report(run, args.out, folder).encode("utf-8"))
            watch.write_state(state, last)
    except (watch.WatchError, fetch.FetchError, queue.QueueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"error: watch: {exc}", file=sys.stderr)
        return 1
    for note in run.notes:
        print(f"warning: {note}", file=sys.stderr)
    for found in run.found:
        if found.problem:
            print(f"warning: not drafted: {found.answer.id}: {found.problem}", file=sys.stderr)
    written = sum(len(f.written) for f in run.found)
    queued = sum(len(f.queued.added) + len(f.queued.renewed) for f in run.found)
    print(
        f"watched {first} to {last}: {len(run.terms)} terms, {run.sent} requests sent; "
        f"{len(run.found)} new answers, {written} draft files written, {queued} proposals "
        f"queued (python -m loaders review {folder}); report {path}"
    )
    return 0


# --- propose and review -----------------------------------------------------------------------


def _propose(args: argparse.Namespace) -> int:
    """Proposals of each answer in the file against the records on file; with ``--queue``, the
    answer written (as ``ingest`` does) and the proposals enqueued."""
    tagger = _tagger(args)
    if tagger is None:
        return 2
    folder = _data_folder(args)[0]
    if not DataFolder(folder).records.is_dir():
        print(
            f"error: no records folder in {folder}: give the data folder with --data",
            file=sys.stderr,
        )
        return 2
    try:
        answers = _load(args.file, args, tagger)
    except OSError as exc:
        print(f"error: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    except (UnsafeXMLError, ValueError) as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 1
    if not answers:
        print(f"error: no written answer found in {args.file}", file=sys.stderr)
        return 1
    dataset = load_dataset(folder)
    records = [located.item for located in dataset.records.values()]
    index = ProposalIndex.of(records, dataset.lookup.registry)
    shown: list[dict] = []
    queued: list[str] = []
    failed = False
    try:
        for answer in answers:
            if answer.id is None:
                print(
                    f"error: {args.file}: an answer's date or house is not known: give them "
                    "with --date/--house or the page's --url",
                    file=sys.stderr,
                )
                failed = True
                continue
            made = propose(answer, index)
            screened = queue.screen(folder, made)
            shown += screened.fresh + screened.stale
            left = {
                "pending already": len(screened.pending),
                "rejected before": len(screened.rejected),
                "on file already": len(screened.on_file),
            }
            if any(left.values()):
                said = ", ".join(f"{n} {why}" for why, n in left.items() if n)
                print(f"{answer.id}: left out {said}", file=sys.stderr)
            if args.queue:
                written = queue.write_answer(folder, answer)
                if written is not None:
                    print(f"wrote {written}", file=sys.stderr)
                done = queue.enqueue(folder, made)
                queued += done.added + done.renewed
    except DraftError as exc:
        print(f"error: {args.file}: cannot write the answer: {exc}", file=sys.stderr)
        return 1
    except queue.QueueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        out = {"answers": [a.id for a in answers if a.id], "proposals": shown}
        if args.queue:
            out["queued"] = queued
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for entry in shown:
            print(_proposal_lines(entry))
        if args.queue:
            print(
                f"queued {len(queued)} proposals in {folder / queue.PENDING_DIR}; review "
                f"them with: python -m loaders review {folder}"
            )
    return 1 if failed else 0


def _proposal_lines(entry: dict) -> str:
    """A proposal as ``propose`` and ``review`` print it: id, kind, target and status, the
    quote, then why."""
    target = entry.get("record") or (
        f"new record on {entry['metric']}" if entry.get("metric") else "new record"
    )
    status = entry.get("status") or "?"
    if entry.get("effective"):
        status += f" (took effect {entry['effective']}, {entry.get('precision') or 'day'})"
    if entry.get("value") is not None:
        status += f", value {entry['value']}"
    lines = [
        f"{entry['id']}  {entry['kind']:8} {target}: {status}  score {entry.get('score', 0)}",
        f"    “{' '.join(str(entry.get('quote', '')).split())}”",
    ]
    if entry.get("reason"):
        lines.append(f"    why: {entry['reason']}")
    if entry.get("alternatives"):
        lines.append(f"    or: {', '.join(entry['alternatives'])}")
    return "\n".join(lines)


def _review(args: argparse.Namespace) -> int:
    """List the queue, or accept or reject one proposal of it."""
    if args.folder is not None and args.data is not None and args.folder != args.data:
        print("error: give the data folder once (DATA_DIR or --data)", file=sys.stderr)
        return 2
    folder = args.folder or args.data or DEFAULT_DATA
    if not DataFolder(folder).records.is_dir():
        print(f"error: no records folder in {folder}: give the data folder", file=sys.stderr)
        return 2
    edits: dict = {}
    if args.status:
        edits["status"] = args.status
    if args.effective:
        edits["effective"] = None if args.effective.lower() == "none" else args.effective
    if args.precision:
        edits["precision"] = args.precision
    if args.record:
        edits["record"] = args.record
    if args.new:
        edits["new"] = True
    if edits and not args.accept:
        print(
            "error: --status, --effective, --precision, --record and --new edit a proposal "
            "being accepted: give --accept ID",
            file=sys.stderr,
        )
        return 2
    try:
        if args.accept:
            change = queue.accept(folder, args.accept, edits)
        elif args.reject:
            change = queue.reject(folder, args.reject)
        else:
            return _list_queue(folder, args.json)
    except queue.QueueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(change.summary)
    for problem in change.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    return 0


def _list_queue(folder: Path, as_json: bool) -> int:
    items = queue.pending(folder)
    if as_json:
        out = [
            {
                "id": i.id,
                "made": i.made.isoformat() if i.made else None,
                "problem": i.problem,
                "record_file": i.record_file,
                "proposal": i.proposal,
            }
            for i in items
        ]
        json.dump({"pending": out}, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not items:
        print(f"no proposals are waiting in {folder / queue.PENDING_DIR}")
    for item in items:
        if item.problem:
            print(f"{item.id}  cannot be read: {item.problem}")
            continue
        print(f"{_proposal_lines(item.proposal)}\n    made {item.made}, on {item.answer}")
    broken = sum(1 for item in items if item.problem)
    if items:
        print(
            f"{len(items)} waiting ({broken} that cannot be read); accept one with "
            f"python -m loaders review {folder} --accept ID, reject with --reject ID"
        )
    return 0
