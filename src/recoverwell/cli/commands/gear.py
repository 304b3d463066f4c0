"""``recoverwell gear``: miles on each pair of shoes (and each bike)."""

from __future__ import annotations

from typing import Any

import typer

from recoverwell.app.gear import GearUse, gear_summary
from recoverwell.cli.options import (
    AthleteOpt,
    CsvOpt,
    Format,
    FormatOpt,
    JsonOpt,
    athlete_scope,
    output_format,
)
from recoverwell.cli.output import console, emit_csv, emit_json
from recoverwell.cli.state import state
from recoverwell.cli.tables import Column, fitted_table, print_table
from recoverwell.core.units import UnitSystem, distance_in, format_duration

COLUMNS = (
    Column("Gear", "left", keep=True),
    Column("{u}", priority=100),
    Column("Runs", priority=60),
    Column("Sessions", priority=20),
    Column("Time", priority=40),
    Column("Longest {u}", priority=30),
    Column("First", priority=10),
    Column("Last", priority=80),
)


def gear_row(g: GearUse, units: UnitSystem) -> dict[str, Any]:
    """One gear as a flat record in the athlete's units."""
    u = units.value
    return {
        "gear": g.gear,
        f"distance_{u}": round(distance_in(g.distance_m, units), 1),
        "runs": g.runs,
        "sessions": g.sessions,
        "moving_s": round(g.moving_s),
        f"longest_{u}": round(distance_in(g.longest_m, units), 1),
        "first_day": g.first_day.isoformat(),
        "last_day": g.last_day.isoformat(),
    }


def gear(
    ctx: typer.Context,
    athlete: AthleteOpt = None,
    fmt: FormatOpt = Format.TABLE,
    json_: JsonOpt = False,
    csv_: CsvOpt = False,
) -> None:
    """Miles on each pair of shoes (and each bike): sessions, distance, time, first and last use.

    Gear comes from Strava's export (its `Activity Gear`) or from you: `recoverwell activity
    edit ID --gear "Pegasus 40"`. Sessions you excluded are left out.

    Example:

    \b
        recoverwell gear --json
    """
    out = output_format(fmt, json_, csv_)
    with state(ctx).open() as ws:
        scope = athlete_scope(ws, athlete)
        profile = scope.profile
        uses, unnamed = gear_summary(scope)
    rows = [gear_row(g, profile.units) for g in uses]
    if out is Format.CSV:
        emit_csv(rows, ("gear",))
        return
    if out is Format.JSON:
        emit_json({"athlete_id": profile.id, "units": profile.units.value, "gear": rows,
                   "sessions_without_gear": unnamed})  # fmt: skip
        return
    if not uses:
        console.print("No gear recorded yet: Strava's export names it, or set it with "
                      '`recoverwell activity edit ID --gear "Pegasus 40"`.')  # fmt: skip
        return
    u = profile.units.value
    columns = [Column(c.heading.format(u=u), c.justify, c.priority, c.keep) for c in COLUMNS]
    cells = [
        [str(v) if k != "moving_s" else format_duration(v) for k, v in r.items()] for r in rows
    ]
    print_table(console, fitted_table(console, columns, cells, title=f"Gear: {profile.name}"))
    if unnamed:
        console.print(f"[dim]{unnamed} sessions name no gear.[/dim]")
