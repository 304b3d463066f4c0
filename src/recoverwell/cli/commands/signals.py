"""``recoverwell signals show|priority``: daily recovery signals and which source is used."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from recoverwell.app.signals import (
    ResolvedValue,
    daily_signals,
    reset_source_priority,
    set_source_priority,
    source_priority,
)
from recoverwell.cli.options import (
    AthleteOpt,
    CsvOpt,
    Format,
    FormatOpt,
    FromOpt,
    JsonOpt,
    ToOpt,
    ViewFormat,
    ViewFormatOpt,
    athlete_scope,
    output_format,
    parse_span,
)
from recoverwell.cli.output import console, emit_csv, emit_json
from recoverwell.cli.state import state
from recoverwell.cli.tables import Column, fitted_table, print_table
from recoverwell.core.errors import InvalidValue
from recoverwell.core.signals import SIGNALS

app = typer.Typer(help="Daily recovery signals from every source.", no_args_is_help=True)
DEFAULT_DAYS = 7


@app.command("show")
def show(
    ctx: typer.Context,
    start: FromOpt = None,
    end: ToOpt = None,
    signal: Annotated[list[str] | None, typer.Option(help="Only these signals.")] = None,
    athlete: AthleteOpt = None,
    fmt: FormatOpt = Format.TABLE,
    json_: JsonOpt = False,
    csv_: CsvOpt = False,
) -> None:
    """Show each day's signals: the value used, its source and the sources not used.

    Without --from/--to: the last week, to today.

    Example:

    \b
        recoverwell signals show --from 2024-06-01 --signal hrv_rmssd_ms --signal rhr_bpm
    """
    (first, last), out = parse_span(start, end), output_format(fmt, json_, csv_)
    with state(ctx).open() as ws:
        scope = athlete_scope(ws, athlete)
        last = last or scope.today()
        first = first or last - timedelta(days=DEFAULT_DAYS - 1)
        values = daily_signals(scope, first, last, signals=signal)
    if out is Format.JSON:
        emit_json(values)
    elif out is Format.CSV:
        emit_csv([signal_row(v) for v in values], ("day", "signal"))
    else:
        print_table(console, signals_table(values, f"Daily signals {first} → {last}"))


def signal_row(v: ResolvedValue) -> dict[str, Any]:
    """One day's value of one signal as a flat record (``also``: the sources not used)."""
    return {
        "day": v.day.isoformat(),
        "signal": v.signal,
        "window": v.context,
        "value": v.value,
        "source": v.source,
        "also": "; ".join(f"{a.source} {a.value:g}" for a in v.alternatives),
    }


SIGNAL_COLUMNS = (  # priority: lower = left out sooner on a narrow terminal
    Column("Day", "left", keep=True),
    Column("Signal", "left", keep=True),
    Column("Window", "left", priority=30),
    Column("Value", keep=True),
    Column("Source", "left", priority=80),
    Column("Also", "left", priority=50, wrap=True),
)


def signals_table(values: list[ResolvedValue], title: str) -> Table:
    """The signals for people: value with its unit, source, and the values not used."""
    rows = []
    for v in values:
        row = signal_row(v)
        unit = SIGNALS[v.signal].unit if v.signal in SIGNALS else ""
        unit = "" if any(ch.isdigit() for ch in unit) else f" {unit}"  # scales: 1–7, 0/1…
        rows.append(
            [
                row["day"],
                v.signal,
                escape(v.context),
                f"{v.value:.4g}{unit}",
                escape(v.source),
                escape(row["also"]),
            ]
        )
    return fitted_table(console, SIGNAL_COLUMNS, rows, title=title)


@app.command("priority")
def priority(
    ctx: typer.Context,
    signal: Annotated[str | None, typer.Argument(help="A signal symbol, or * for all.")] = None,
    sources: Annotated[
        str | None, typer.Argument(help="Sources, best first, comma-separated.")
    ] = None,
    reset: Annotated[
        bool,
        typer.Option(help="Back to the default order: for SIGNAL, or alone for every signal."),
    ] = False,
    athlete: AthleteOpt = None,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Show or set which source wins when two give the same signal on the same day.

    Example:

    \b
        recoverwell signals priority hrv_rmssd_ms oura,garmin,apple_health
    """
    if reset and sources is not None:
        raise InvalidValue("--reset", sources, "give either sources or --reset, not both")
    out = output_format(fmt, json_)
    with state(ctx).open() as ws:
        scope = athlete_scope(ws, athlete)
        if reset and signal is None:
            reset_source_priority(scope)
            order = source_priority(scope)
        elif signal is not None and (sources is not None or reset):
            given = [] if reset else (sources or "").split(",")
            order = set_source_priority(scope, signal, given)
        else:
            order = source_priority(scope)
    if out is Format.JSON:
        emit_json(order)
        return
    if not order:
        console.print("Default order for every signal (see docs/formats.md).")
    for name, names in sorted(order.items()):
        console.print(f"{name}: {' > '.join(names)}")
