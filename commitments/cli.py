"""The command line: ``python -m commitments validate|snapshot|export|chart|brief …``.

Every command takes the data folder as ``--data DATA_DIR`` (default ``data``); ``validate``,
``snapshot`` and ``export`` also take it as their first argument, as they always have. The
commands that select records build their view with ``build_view``, as the page does, so the same
filters give the same records, charts and files either way. After writing a file they say on
standard error which unverified records it leaves out (each at ``file:line`` with its problem), or
how many it includes, marked, with ``--include-unverified``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from commitments.folder.dataset import Dataset
from commitments.folder.load import load_dataset
from commitments.folder.writing import write_atomic
from commitments.presenting.charts import CHARTS
from commitments.presenting.charts.timeline import TIMELINE_PAGE_SIZE, timeline, timeline_page
from commitments.presenting.deliverables import briefing_file, chart_file
from commitments.presenting.spreadsheet import view_csv, view_json, view_xlsx
from commitments.serving.cache import CACHE_ENV, default_cache_dir
from commitments.serving.collector import collector_paused
from commitments.serving.snapshot import store_snapshot
from commitments.tables.build import Tables, build_tables
from commitments.tables.filters import Filters, field_names
from commitments.tables.view import View, build_view

DEFAULT_DATA = Path("data")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    args.data = _data_folder(parser, args)
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
    _data_option(validate, positional=True)
    validate.set_defaults(run=_validate)

    snapshot = commands.add_parser(
        "snapshot",
        help="load the folder and store it in the warm-load cache, as the dashboard's first run "
        "does; exit 1 if it cannot be stored",
    )
    _data_option(snapshot, positional=True)
    snapshot.set_defaults(run=_snapshot)

    export = commands.add_parser("export", help="the records with their sources, as CSV/JSON/XLSX")
    _data_option(export, positional=True)
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
    _data_option(chart)
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
    _data_option(brief)
    brief.add_argument("--out", type=Path, required=True, help="the .docx file to write")
    brief.add_argument("--metric", help="also chart this metric's figures")
    add_filter_options(brief)
    brief.set_defaults(run=_brief)
    return parser


def _data_option(parser: argparse.ArgumentParser, positional: bool = False) -> None:
    """``--data DATA_DIR``; with ``positional``, also the folder as the first argument, the way
    these commands took it before every command took ``--data`` (not listed in ``--help``)."""
    parser.add_argument(
        "--data", type=Path, metavar="DATA_DIR", help="the data folder (default: data)"
    )
    if positional:
        parser.add_argument(
            "data_dir", nargs="?", type=Path, metavar="DATA_DIR", help=argparse.SUPPRESS
        )


def _data_folder(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Path:
    """The data folder asked for, whichever way; the default when none is."""
    given = getattr(args, "data_dir", None)
    if given is not None and args.data is not None and given != args.data:
        parser.error(f"two data folders given ({given} and --data {args.data}): give one")
    return args.data or given or DEFAULT_DATA


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """The filters every command that selects records takes, each kept under the name of its
    ``Filters`` field; a filter of several values takes its option once for each."""
    group = parser.add_argument_group("filters (repeat an option to allow several values)")
    several = {"action": "append", "default": []}
    group.add_argument(
        "--programme", dest="programmes", metavar="PROGRAMME", help="programme or alias", **several
    )
    group.add_argument(
        "--agency", dest="agencies", metavar="AGENCY", help="agency, alias or successor", **several
    )
    group.add_argument(
        "--status", dest="statuses", metavar="STATUS", help="e.g. delivered, in_progress", **several
    )
    group.add_argument("--kind", dest="kinds", choices=["commitment", "figure"], **several)
    group.add_argument("--minister", dest="ministers", metavar="MINISTER", **several)
    group.add_argument("--house", dest="houses", choices=["Commons", "Lords"], **several)
    group.add_argument("--since", type=_date, help="answers on or after this date")
    group.add_argument("--until", type=_date, help="answers on or before this date")
    group.add_argument("--text", default="", help="words in the title or quote")
    group.add_argument("--as-at", type=_date, dest="as_at", help="statuses as known on this date")
    group.add_argument(
        "--include-unverified",
        action="store_true",
        dest="include_unverified",
        help="include the records that fail their own checks, each marked UNVERIFIED "
        "(by default they are left out, and listed)",
    )


def filters_from(args: argparse.Namespace) -> Filters:
    """The ``Filters`` of the options given: each option's value is its field's."""
    chosen = {name: getattr(args, name) for name in field_names()}
    return Filters(**{k: tuple(v) if isinstance(v, list) else v for k, v in chosen.items()})


def load_for_command(data_dir: Path) -> tuple[Dataset, Tables]:
    """Load the data; report errors on standard error but go on with the good records."""
    with collector_paused():  # the load's objects all live on: no collection walks them meanwhile
        dataset = load_dataset(data_dir)
        tables = build_tables(dataset)
    for problem in dataset.problems:
        print(problem, file=sys.stderr)
    return dataset, tables


def view_for_command(args: argparse.Namespace) -> View:
    """The view the command's filters choose of its data folder, as the page builds its own."""
    dataset, tables = load_for_command(args.data)
    return build_view(tables, dataset.lookup, filters_from(args), dataset.problems)


def _validate(args: argparse.Namespace) -> int:
    with collector_paused():  # as in the dashboard's load; the dataset is freed before it resumes
        dataset = load_dataset(args.data)
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
    snapshot, stored = store_snapshot(args.data)
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
    view = view_for_command(args)
    if args.format == "csv":
        payload = view_csv(view)
    elif args.format == "json":
        payload = view_json(view)
    else:
        if args.out is None:
            print("xlsx needs --out FILE", file=sys.stderr)
            return 2
        payload = view_xlsx(view)
    emit(payload, args.out)
    report_unverified(view, "the export")
    return 0


def emit(payload: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
    else:
        write_atomic(out, payload)
        print(f"wrote {out} ({len(payload):,} bytes)", file=sys.stderr)


def report_unverified(view: View, what: str) -> None:
    """Say on standard error which unverified records ``what`` (the file just written) leaves
    out, one ``file:line: id: problem`` line each; or how many it includes, marked. Nothing when
    the view's filters chose none."""
    count = len(view.unverified)
    if not count:
        return
    records = f"{count} unverified record{'' if count == 1 else 's'}"
    if view.filters.include_unverified:
        print(f"{records} included, marked UNVERIFIED", file=sys.stderr)
        return
    print(f"{records} left out of {what}:", file=sys.stderr)
    for row in view.left_out.itertuples(index=False):
        print(f"{row.path}:{row.line}: {row.id}: {row.problem}", file=sys.stderr)


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
    view = view_for_command(args)
    if args.metric and args.metric not in view.lookup.metrics:
        metrics = ", ".join(sorted(view.lookup.metrics))
        print(f"unknown metric {args.metric!r}; metrics: {metrics}", file=sys.stderr)
        return 2
    fig = None
    if args.chart == "timeline":
        page = timeline_page(view, args.page or 1)
        if args.page is not None and args.page > page.pages:
            pages = f"{page.pages:,} page{'' if page.pages == 1 else 's'}"
            print(f"the timeline has {pages} of these records", file=sys.stderr)
            return 2
        fig = timeline(view, page=page.number)
        view = page.view  # the sources listed are those of the records drawn
    payload = chart_file(args.chart, view, fmt, metric=args.metric, fig=fig)
    emit(payload, args.out)
    report_unverified(view, "the chart")
    return 0


def _brief(args: argparse.Namespace) -> int:
    view = view_for_command(args)
    payload = briefing_file(view, args.metric)
    emit(payload, args.out)
    report_unverified(view, "the briefing pack")
    return 0
