"""The loaders' command line.

    python -m loaders.hansard parse FILE [--format text|twfy-xml|wq-json] [--date YYYY-MM-DD]
                                         [--house commons|lords] [--url URL] [--excerpt] [--json]
    python -m loaders.hansard ingest FILES... --out DIR [same options]

``parse`` prints each answer found, with its flags and candidates (``--json`` for the full
form). ``ingest`` writes draft answer and record YAML files under DIR (``answers/``,
``records/``), status ``needs_review``, never over an existing file. FILE may be ``-`` for
standard input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .drafts import DraftError, build_drafts, write_drafts
from .model import ParsedAnswer
from .pipeline import FORMATS, load_answers
from .registry import DEFAULT_PATH, Registry, load_registry
from .twfy_xml import UnsafeXMLError


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        registry = load_registry(args.registry)
    except (OSError, ValueError) as exc:
        print(
            f"error: cannot read the registry {args.registry or DEFAULT_PATH}: {exc}",
            file=sys.stderr,
        )
        return 2
    return args.run(args, registry)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m loaders.hansard",
        description="Parse written answers and draft records from them.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="print the answers, flags and candidates in FILE")
    parse.add_argument("file", help="a text, XML or JSON file, or - for standard input")
    _options(parse)
    parse.add_argument("--json", action="store_true", help="print the full parse as JSON")
    parse.set_defaults(run=_parse)
    ingest = commands.add_parser("ingest", help="write draft YAML files for the answers in FILES")
    ingest.add_argument("files", nargs="+", help="text, XML or JSON files")
    ingest.add_argument(
        "--out", required=True, type=Path, help="folder to write answers/ and records/ into"
    )
    _options(ingest)
    ingest.set_defaults(run=_ingest)
    return parser


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=FORMATS, help="input format (default: from name and content)"
    )
    parser.add_argument(
        "--date", type=_date, help="date answered, where the text does not print it"
    )
    parser.add_argument("--house", choices=["commons", "lords"], help="where the text does not say")
    parser.add_argument("--url", help="address of the page the text came from")
    parser.add_argument("--excerpt", action="store_true", help="the text is the first part only")
    parser.add_argument(
        "--registry", type=Path, help=f"registry file for tags and metrics (default {DEFAULT_PATH})"
    )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    return Path(name).read_bytes()


def _load(name: str, args: argparse.Namespace, registry: Registry) -> list[ParsedAnswer]:
    return load_answers(
        _read(name),
        fmt=args.format,
        filename=None if name == "-" else name,
        date=args.date,
        house=args.house,
        url=args.url,
        complete=False if args.excerpt else None,
        registry=registry,
    )


def _parse(args: argparse.Namespace, registry: Registry) -> int:
    try:
        answers = _load(args.file, args, registry)
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
            print(_summary(answer))
    if not answers:
        print(f"error: no written answer found in {args.file}", file=sys.stderr)
        return 1
    return 0


def _summary(answer: ParsedAnswer) -> str:
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


def _ingest(args: argparse.Namespace, registry: Registry) -> int:
    if args.url and len(args.files) > 1:
        print("error: --url names one page; give one file with it", file=sys.stderr)
        return 2
    failed = False
    for name in args.files:
        try:
            answers = _load(name, args, registry)
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
            try:
                files = build_drafts(answer)
            except DraftError as exc:
                print(f"error: {name}: {answer.id or 'answer'}: {exc}", file=sys.stderr)
                failed = True
                continue
            written, skipped = write_drafts(files, args.out)
            for path in written:
                print(f"wrote {path}")
            for path in skipped:
                print(f"kept {path} (exists; not overwritten)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
