"""``recoverwell metrics``: the daily training-load table, in the athlete's units."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from recoverwell.app.contract.documents import training_table_json
from recoverwell.app.contract.rows import training_day_row
from recoverwell.app.training import TrainingDay, TrainingTable
from recoverwell.cli.options import (
    AthleteOpt,
    CsvOpt,
    Format,
    FormatOpt,
    FromOpt,
    JsonOpt,
    ToOpt,
    athlete_of,
    output_format,
    parse_span,
)
from recoverwell.cli.output import SYNTHETIC_LABEL, console, emit_csv, emit_json
from recoverwell.cli.state import command_hint, state
from recoverwell.cli.tables import Column, fitted_table, print_table
from recoverwell.core.units import UnitSystem
from recoverwell.metrics.pmc import FORM_FLOOR_AU

DEFAULT_DAYS = 28


def _cell(value: Any, digits: int) -> str:
    if value is None or value == "":
        return "–"
    if not isinstance(value, float):
        return str(value)
    return f"{round(value, digits) + 0.0:.{digits}f}"  # + 0.0 turns −0.0 into 0.0


#: The daily table's columns: (heading, record key, decimals, priority). On a narrow terminal the
#: lowest priorities are left out first: the load model, descent, long-run share and the weekly
#: change go before the columns a coach reads first (load, form, fitness, fatigue, ACWR).
LOAD_COLUMNS = (
    ("Day", "day", 0, 0),
    ("Load", "load_au", 0, 100),
    ("Model", "models", 0, 10),
    ("Fitness", "fitness_au", 1, 90),
    ("Fatigue", "fatigue_au", 1, 89),
    ("Form", "form_au", 1, 95),
    ("ACWR", "acwr_ewma", 2, 85),
    ("Mono", "monotony", 2, 70),
    ("Run {u}", "distance_{u}", 1, 80),
    ("7-day {u}", "distance_7d_{u}", 1, 75),
    ("Δ wk %", "distance_change_pct", 0, 40),
    ("Long %", "long_run_share_pct", 0, 30),
    ("Desc 7d {elev}", "descent_7d_{elev}", 0, 20),
)


def load_table(days: tuple[TrainingDay, ...], units: UnitSystem, title: str) -> Table:
    """The daily table for people, fitted to the terminal (tables.py)."""
    names = {"u": units.value, "elev": "ft" if units is UnitSystem.MI else "m"}
    columns = [
        Column(
            heading.format(**names),
            "left" if key in ("day", "models") else "right",
            priority,
            keep=key == "day",
        )
        for heading, key, _, priority in LOAD_COLUMNS
    ]
    rows = []
    for d in days:
        row: dict[str, Any] = dict(training_day_row(d, units))
        rows.append([_cell(row[key.format(**names)], digits) for _, key, digits, _ in LOAD_COLUMNS])
    return fitted_table(console, columns, rows, title=title, padding=(0, 1), pad_edge=False)


def print_notes(table: TrainingTable, fix_command: str | None = None) -> None:
    """The facts needed to read the table: currency, conventions, refusals, estimates; why
    sessions have no load and what to set (``fix_command``: the fix as the user can paste it)."""
    lines = [
        f"Load: {table.currency.value.upper()} scale; sessions by model: "
        + ", ".join(f"{k} {n}" for k, n in sorted(table.sessions_by_model.items())),
        "Form = yesterday's fitness − fatigue (TSB, going into the day); ACWR: Williams' EWMA 7/28 "
        "(the ratio readiness reads; `nightly` shows the rolling 7:28 one).",
    ]
    most = table.days[-1].values.get("max_load_for_form", math.nan) if table.days else math.nan
    if not math.isnan(most):
        lines.append(
            f"Most load on {table.days[-1].day}: {most:.0f} au keeps the next day's form ≥ "
            f"{FORM_FLOOR_AU:g} (docs/science.md §7 L6; max_load_today_au in --json/--csv)."
        )
    if table.estimated:
        lines.append(
            "Estimated profile values used: "
            + ", ".join(table.estimated)
            + " (`recoverwell athlete show` says from what)"
        )
    if table.days and table.days[-1].acwr_note:
        lines.append(f"ACWR not shown on the last day: {table.days[-1].acwr_note}")
    lines += list(table.notes)
    for line in lines:
        console.print(f"[dim]{line}[/dim]")
    if table.load_gap is not None:  # one line, so the command in it pastes as printed
        console.print(f"[dim]{escape(table.load_gap.text(fix_command))}[/dim]", soft_wrap=True)


def metrics(
    ctx: typer.Context,
    start: FromOpt = None,
    end: ToOpt = None,
    athlete: AthleteOpt = None,
    fmt: FormatOpt = Format.TABLE,
    json_: JsonOpt = False,
    csv_: CsvOpt = False,
) -> None:
    """Print the daily training-load table: load, fitness, fatigue, form, ACWR, monotony, volume.

    Without --from/--to: the last 28 days that have data. Rest days show 0; days without data
    show – (never 0).

    Example:

    \b
        recoverwell metrics --from 2026-10-01 --to 2026-10-28 --csv
    """
    (first, last), out = parse_span(start, end), output_format(fmt, json_, csv_)
    with state(ctx).open() as ws:
        profile = athlete_of(ws, athlete)
        recorded = ws.activities(athlete_id=profile.id)
        if first is None and last is None and recorded:  # the last four weeks with data
            last = max(a.local_date for a in recorded)
            first = last - timedelta(days=DEFAULT_DAYS - 1)
        table = ws.training_table(first, last, athlete_id=profile.id)
    if out is Format.JSON:
        emit_json(training_table_json(table, profile.units))
    elif out is Format.CSV:
        emit_csv([training_day_row(d, profile.units) for d in table.days], ("day",))
    else:
        label = f"  {SYNTHETIC_LABEL}" if profile.synthetic else ""
        title = f"Training load: {profile.name}{label}"
        print_table(console, load_table(table.days, profile.units, title))
        gap = table.load_gap
        who = ["--athlete", str(profile.id)] if athlete is not None else []
        fix = command_hint(ctx, *gap.fix_args, *who) if gap and gap.fix_args else None
        print_notes(table, fix)
