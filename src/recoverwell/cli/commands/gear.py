"""``recoverwell gear``: miles on each pair of shoes (and each bike)."""

from __future__ import annotations

from typing import Any

import typer

from recoverwell.app.contract.documents import gear_json
from recoverwell.app.contract.rows import gear_row
from recoverwell.app.gear import gear_summary
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
from recoverwell.core.units import format_duration

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
        emit_json(gear_json(scope.athlete_id, profile.units, rows, unnamed))
        return
    if not uses:
        console.print("No gear recorded yet: Strava's export names it, or set it with "
                      '`recoverwell activity edit ID --gear "Pegasus 40"`.')  # fmt: skip
        return
    u = profile.units.value
    columns = [Column(c.heading.format(u=u), c.justify, c.priority, c.keep) for c in COLUMNS]
    flat: list[dict[str, Any]] = [dict(r) for r in rows]  # keys in the athlete's units
    cells = [
        [str(v) if k != "moving_s" else format_duration(v) for k, v in r.items()] for r in flat
    ]
    print_table(console, fitted_table(console, columns, cells, title=f"Gear: {profile.name}"))
    if unnamed:
        console.print(f"[dim]{unnamed} sessions name no gear.[/dim]")
