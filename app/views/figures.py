"""Figures: one metric's values over time, each over the period it covers."""

from __future__ import annotations

import streamlit as st

from commitments.presenting.charts.metric import metric_figures, metric_notes, metric_points

from ..address import METRIC
from ..downloads import show_chart
from ..selection import CHECKS, Selection, figures_table
from ..state import asked_for, seed_choice
from .common import checks_column, date_column


def metric_options(selection: Selection) -> dict[str, str]:
    """Metric id → its label and how many of the view's records are its figures."""
    records = selection.view.records
    counts = records.loc[records["kind"] == "figure", "metric"].value_counts()
    labels = {m.id: m.label for m in selection.snapshot.lookup.metrics.values()}
    for metric in counts.index:
        labels.setdefault(metric, metric)
    ordered = sorted(labels, key=lambda m: (-counts.get(m, 0), labels[m].casefold()))
    return {m: f"{labels[m]} ({counts.get(m, 0)})" for m in ordered}


def render(selection: Selection) -> None:
    options = metric_options(selection)
    if not options:
        st.info("The registry defines no metrics, and no figure names one.")
        return
    seed_choice(METRIC, asked_for().metric, options)
    metric = st.selectbox(
        "Metric",
        list(options),
        format_func=options.get,
        key=METRIC,
        persist_state="session",
        help="Each metric counts one thing; the number of figures shown is in brackets.",
    )
    points = metric_points(selection.view, metric)
    fig = metric_figures(selection.view, metric)
    show_chart(fig, "metric", selection, key="chart_metric", metric=metric)
    if points.empty:
        return
    for note in metric_notes(points):
        st.caption(note)
    st.dataframe(
        figures_table(points, selection.view.included),
        key="figures_table",
        hide_index=True,
        column_config={
            "id": "Record",
            CHECKS: checks_column(),
            "From": date_column("From"),
            "To": date_column("To"),
            "Conflict": st.column_config.CheckboxColumn("Conflict"),
        },
    )
