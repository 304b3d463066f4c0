"""``recoverwell signals show|priority``: daily recovery signals and which source is used."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer
from rich.table import Table

from recoverwell.app.signals import (
    daily_signals,
    reset_source_priority,
    set_source_priority,
    source_priority,
)
from recoverwell.cli.commands.readiness import parse_day
from recoverwell.cli.output import console, emit_json
from recoverwell.cli.state import state
from recoverwell.core.errors import InvalidValue
from recoverwell.core.signals import SIGNALS

app = typer.Typer(help="Daily recovery signals from every source.", no_args_is_help=True)
DEFAULT_DAYS = 7


@app.command("show")
def show(
    ctx: typer.Context,
    start: Annotated[
        str | None, typer.Option("--from", help="First day (default: a week ago).")
    ] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day (default: today).")] = None,
    signal: Annotated[list[str] | None, typer.Option(help="Only these signals.")] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show each day's signals: the value used, its source and the sources not used.

    Example:

    \b
        recoverwell signals show --from 2024-06-01 --signal hrv_rmssd_ms --signal rhr_bpm
    """
    with state(ctx).open() as ws:
        last = parse_day(end, "--to") or ws.today()
        first = parse_day(start, "--from") or last - timedelta(days=DEFAULT_DAYS - 1)
        values = daily_signals(ws, first, last, signals=signal)
    if json_:
        emit_json(values)
        return
    table = Table(title=f"Daily signals {first} → {last}")
    for column in ("Day", "Signal", "Window", "Value", "Source", "Also"):
        table.add_column(column)
    for v in values:
        also = ", ".join(f"{a.source} {a.value:g}" for a in v.alternatives)
        unit = SIGNALS[v.signal].unit if v.signal in SIGNALS else ""
        unit = "" if any(ch.isdigit() for ch in unit) else f" {unit}"  # scales: 1–7, 0/1…
        table.add_row(str(v.day), v.signal, v.context, f"{v.value:.4g}{unit}", v.source, also)
    console.print(table)


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
    json_: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show or set which source wins when two give the same signal on the same day.

    Example:

    \b
        recoverwell signals priority hrv_rmssd_ms oura,garmin,apple_health
    """
    if reset and sources is not None:
        raise InvalidValue("--reset", sources, "give either sources or --reset, not both")
    with state(ctx).open() as ws:
        if reset and signal is None:
            reset_source_priority(ws)
            order = source_priority(ws)
        elif signal is not None and (sources is not None or reset):
            order = set_source_priority(ws, signal, [] if reset else (sources or "").split(","))
        else:
            order = source_priority(ws)
    if json_:
        emit_json(order)
        return
    if not order:
        console.print("Default order for every signal (see docs/formats.md).")
    for name, names in sorted(order.items()):
        console.print(f"{name}: {' > '.join(names)}")
