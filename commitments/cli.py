"""The command line: ``python -m commitments validate|export …``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

from commitments.folder.dataset import Dataset
from commitments.folder.load import load_dataset
from commitments.folder.writing import write_atomic
from commitments.presenting.charts import CHARTS, TIMELINE_PAGE_SIZE, timeline, timeline_page
from commitments.presenting.deliverables import briefing_file, chart_file
from commitments.presenting.spreadsheet import sources_of, to_csv, to_json, to_xlsx
from commitments.serving.cache import CACHE_ENV, default_cache_dir
from commitments.serving.collector import collector_paused
from commitments.serving.snapshot import store_snapshot
from commitments.tables.build import Tables, as_at, build_tables
from commitments.tables.filters import Filters, apply_filters

DEFAULT_DATA = Path("data")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m commitments",
        description="Commitments and figures from UK parliamentary written answers.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check every file; exit 1 on any problem (warnings do not fail)"
    )
    _data_dir(validate)
    validate.set_defaults(run=_validate)

    snapshot = commands.add_parser(
        "snapshot",
        help="load the folder and store it in the warm-load cache, as the dashboard's first run "
        "does; exit 1 if it cannot be stored",
    )
    _data_dir(snapshot)
    snapshot.set_defaults(run=_snapshot)

    export = commands.add_parser("export", help="the records with their sources, as CSV/JSON/XLSX")
    _data_dir(export)
    export.add_argument("--format", choices=["csv", "json", "xlsx"], default="csv")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    add_filter_options(export)
    export.set_defaults(run=_export)

    chart = commands.add_parser(
        "chart",
        help="a dashboard chart as PNG/SVG/PDF, with its title, filters, sources and date",
        description="Charts: "
        + "; ".join(f"{name} ({spec.title})" for name, spec in CHARTS.items())
        + ". The metric chart needs --metric (a metric id from the registry).",
    )
    chart.add_argument(
        "chart", choices=list(CHARTS), metavar="KIND", help="one of: " + ", ".join(CHARTS)
    )
    chart.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="data folder (default: data)"
    )
    chart.add_argument(
        "--format", choices=["png", "svg", "pdf"], help="default: from --out's suffix"
    )
    chart.add_argument("--out", type=Path, required=True, help="file to write")
    chart.add_argument("--metric", help="metric id, for the metric chart")
    chart.add_argument(
        "--page",
        type=int,
        help=f"the timeline's page ({TIMELINE_PAGE_SIZE} records a page, the most recently "
        "changed first; default 1)",
    )
    add_filter_options(chart)
    chart.set_defaults(run=_chart)

    brief = commands.add_parser(
        "brief", help="the Word briefing pack: key charts, the records and their sources"
    )
    brief.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="data folder (default: data)"
    )
    brief.add_argument("--out", type=Path, required=True, help="the .docx file to write")
    brief.add_argument("--metric", help="also chart this metric's figures")
    add_filter_options(brief)
    brief.set_defaults(run=_brief)
    return parser


def _data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "data_dir", nargs="?", type=Path, default=DEFAULT_DATA, metavar="DATA_DIR",
        help="the data folder (default: data)",
    )  # fmt: skip


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The filters every command that selects records takes; each may be repeated."""
    group = parser.add_argument_group("filters (repeat an option to allow several values)")
    group.add_argument("--programme", action="append", default=[], help="programme or alias")
    group.add_argument("--agency", action="append", default=[], help="agency, alias or successor")
    group.add_argument("--status", action="append", default=[], help="e.g. delivered, in_progress")
    group.add_argument("--kind", action="append", default=[], choices=["commitment", "figure"])
    group.add_argument("--minister", action="append", default=[])
    group.add_argument("--house", action="append", default=[], choices=["Commons", "Lords"])
    group.add_argument("--since", type=_date, help="answers on or after this date")
    group.add_argument("--until", type=_date, help="answers on or before this date")
    group.add_argument("--text", default="", help="words in the title or quote")
    group.add_argument("--as-at", type=_date, dest="as_at", help="statuses as known on this date")


def filters_from(args: argparse.Namespace) -> Filters:
    return Filters(
        programmes=tuple(args.programme),
        agencies=tuple(args.agency),
        statuses=tuple(args.status),
        kinds=tuple(args.kind),
        ministers=tuple(args.minister),
        houses=tuple(args.house),
        since=args.since,
        until=args.until,
        text=args.text,
        as_at=args.as_at,
    )


def load_for_command(data_dir: Path) -> tuple[Dataset, Tables]:
    """Load the data; report errors on standard error but go on with the good records."""
    with collector_paused():  # the load's objects all live on: no collection walks them meanwhile
        dataset = load_dataset(data_dir)
        tables = build_tables(dataset)
    for problem in dataset.problems:
        print(problem, file=sys.stderr)
    return dataset, tables


def select(dataset: Dataset, tables: Tables, filters: Filters):
    records = as_at(tables.records, tables.events, filters.as_at)
    return apply_filters(records, filters, dataset.lookup)


def _validate(args: argparse.Namespace) -> int:
    with collector_paused():  # as in the dashboard's load; the dataset is freed before it resumes
        dataset = load_dataset(args.data_dir)
        for problem in dataset.problems:
            print(problem)
        errors, warnings = len(dataset.errors), len(dataset.warnings)
        summary = (
            f"{dataset.files_read} files, {len(dataset.answers)} answers, "
            f"{len(dataset.records)} records: {errors} errors, {warnings} warnings"
        )
        failed = bool(errors) or dataset.files_read == 0
        del dataset
    print(summary, file=sys.stderr)
    return 1 if failed else 0


def _snapshot(args: argparse.Namespace) -> int:
    snapshot, stored = store_snapshot(args.data_dir)
    where = default_cache_dir()
    if not stored:
        print(
            f"could not store the snapshot in {where}: check that it can be written; "
            f"set {CACHE_ENV} to use another folder",
            file=sys.stderr,
        )
        return 1
    errors = sum(p.is_error for p in snapshot.problems)
    print(
        f"{snapshot.files_read} files, {len(snapshot.tables.records)} records, {errors} errors: "
        f"snapshot {'was already' if snapshot.from_cache else 'now'} stored in {where}",
        file=sys.stderr,
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    dataset, tables = load_for_command(args.data_dir)
    records = select(dataset, tables, filters_from(args))
    if args.format == "csv":
        payload = to_csv(records)
    elif args.format == "json":
        payload = to_json(records)
    else:
        if args.out is None:
            print("xlsx needs --out FILE", file=sys.stderr)
            return 2
        payload = to_xlsx(records, sources_of(records, tables.answers))
    emit(payload, args.out)
    return 0


def emit(payload: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    else:
        write_atomic(out, payload)
        print(f"wrote {out} ({len(payload):,} bytes)", file=sys.stderr)


def _chart(args: argparse.Namespace) -> int:
    fmt = args.format or args.out.suffix.lstrip(".").lower()
    if fmt not in {"png", "svg", "pdf"}:
        print(f"cannot tell the format from {args.out.name!r}: give --format", file=sys.stderr)
        return 2
    if CHARTS[args.chart].needs_metric and not args.metric:
        print("the metric chart needs --metric METRIC_ID", file=sys.stderr)
        return 2
    if args.page is not None and (args.chart != "timeline" or args.page < 1):
        print("--page is a page of the timeline chart, from 1", file=sys.stderr)
        return 2
    dataset, tables = load_for_command(args.data)
    if args.metric and args.metric not in dataset.lookup.metrics:
        known = ", ".join(sorted(dataset.lookup.metrics))
        print(f"unknown metric {args.metric!r}; metrics: {known}", file=sys.stderr)
        return 2
    filters = filters_from(args)
    shown = select(dataset, tables, filters)
    fig = None
    if args.chart == "timeline":
        page = timeline_page(shown, tables.events, filters.as_at, args.page or 1)
        if args.page is not None and args.page > page.pages:
            pages = f"{page.pages:,} page{'' if page.pages == 1 else 's'}"
            print(f"the timeline has {pages} of these records", file=sys.stderr)
            return 2
        fig = timeline(shown, tables.events, filters.as_at, page=page.number)
        shown = page.records  # the sources listed are those of the records drawn
    payload = chart_file(
        args.chart, shown, tables.events, replace(filters, metric=args.metric), fmt, fig=fig
    )
    emit(payload, args.out)
    return 0


def _brief(args: argparse.Namespace) -> int:
    dataset, tables = load_for_command(args.data)
    filters = filters_from(args)
    shown = select(dataset, tables, filters)
    payload = briefing_file(
        shown, tables.events, tables.answers, replace(filters, metric=args.metric)
    )
    emit(payload, args.out)
    return 0
