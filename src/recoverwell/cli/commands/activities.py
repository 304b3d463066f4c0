"""``recoverwell activities``: the stored activities, in the athlete's units."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from recoverwell.app.activity_fixes import ActivityProblem
from recoverwell.app.contract.rows import activity_json
from recoverwell.app.contract.values import to_json
from recoverwell.cli.options import (
    AthleteOpt,
    CsvOpt,
    Format,
    FormatOpt,
    FromOpt,
    JsonOpt,
    ToOpt,
    athlete_id_of,
    output_format,
    parse_span,
)
from recoverwell.cli.output import console, emit_csv, emit_json
from recoverwell.cli.state import state
from recoverwell.cli.tables import Column, fitted_table, print_table
from recoverwell.core.types import Sport, StoredActivity
from recoverwell.core.units import (
    S_PER_H,
    UnitSystem,
    distance_in,
    format_duration,
    format_pace,
    pace_in,
)

#: Sports whose athletes read speed rather than pace.
SPEED_SPORTS = frozenset({Sport.CYCLING, Sport.CROSS_COUNTRY_SKIING, Sport.ROWING})


def activities(
    ctx: typer.Context,
    from_: FromOpt = None,
    to: ToOpt = None,
    athlete: AthleteOpt = None,
    fmt: FormatOpt = Format.TABLE,
    json_: JsonOpt = False,
    csv_: CsvOpt = False,
    problems: Annotated[
        bool,
        typer.Option(
            "--problems",
            help="Only sessions the numbers leave out (excluded) or count without load "
            "(load failed, no load model), with the reason.",
        ),
    ] = False,
) -> None:
    """List activities by local training day, with distance and pace in the athlete's units.

    With --problems: the sessions that are excluded from load and volume (they count as no
    session), whose load could not be computed, or to which no load model applies (they count
    without load), each with its reason; fix one with `recoverwell activity edit ID`.

    Example:

    \b
        recoverwell activities --from 2024-01-01 --to 2024-03-31
        recoverwell activities --problems
    """
    (start, end), out = parse_span(from_, to), output_format(fmt, json_, csv_)
    with state(ctx).open() as ws:
        athlete_id = athlete_id_of(ws, athlete)
        units = ws.athlete(athlete_id).units
        if problems:
            found: list[Any] = ws.activity_problems(start, end, athlete_id=athlete_id)
        else:
            found = ws.activities(start, end, athlete_id=athlete_id)
    if out is Format.TABLE:
        if not found:  # an empty table says less than a sentence
            console.print(NO_PROBLEMS if problems else NO_ACTIVITIES)
            return
        print_table(console, problems_table(found) if problems else activities_table(found, units))
        if problems:
            console.print(f"[dim]{escape(FIX_HINT)}[/dim]")
        return
    rows = to_json(found if problems else [activity_json(s) for s in found])
    if out is Format.JSON:
        emit_json(rows)
    else:
        emit_csv(rows, ("id",))


FIX_HINT = (
    "Fix one: recoverwell activity edit ID --rpe 6 | --sport SPORT | --exclude REASON | "
    "--include; or recoverwell activity delete ID"
)
PROBLEM_COLUMNS = (
    Column("Id", keep=True),
    Column("Day", "left", keep=True),
    Column("Sport", "left", priority=40),
    Column("Problem", "left", priority=90),
    Column("Reason", "left", keep=True, wrap=True),
)


NO_PROBLEMS = "No session has a problem: every one is counted with a load."
NO_ACTIVITIES = "No activities in this span. Import some: recoverwell import FILES"


def problems_table(found: list[ActivityProblem]) -> Table:
    """The sessions with a problem, and how to fix one."""
    rows = [
        [
            str(p.activity_id),
            p.local_date.isoformat(),
            p.sport.value,
            p.kind.value,
            escape(p.reason),
        ]
        for p in found
    ]
    return fitted_table(
        console,
        PROBLEM_COLUMNS,
        rows,
        title=f"{len(found)} sessions with a problem",
    )


ACTIVITY_COLUMNS = (  # priority: lower = left out sooner on a narrow terminal
    Column("Id", keep=True),
    Column("Day", "left", keep=True),
    Column("Sport", "left", priority=80),
    Column("{u}", priority=100),
    Column("Time", priority=90),
    Column("Pace/speed", priority=70),
    Column("HR", priority=60),
    Column("Device", "left", priority=10),
)


def activities_table(stored: list[StoredActivity], units: UnitSystem) -> Table:
    """The activities as a table: distance in km or mi; pace on foot, speed on wheels."""
    columns = [replace(c, heading=c.heading.format(u=units.value)) for c in ACTIVITY_COLUMNS]
    rows = []
    for s in stored:
        a = s.activity
        seconds = a.moving_s or a.elapsed_s
        distance = a.distance_m or 0.0
        speed = distance / seconds if distance > 0 and seconds > 0 else 0.0
        rows.append(
            [
                str(s.id),
                s.local_date.isoformat(),
                a.sport.value,
                f"{distance_in(distance, units):.2f}" if a.distance_m else "–",
                format_duration(seconds),
                _pace_or_speed(a.sport, speed, units),
                f"{a.avg_hr_bpm:.0f}" if a.avg_hr_bpm else "–",
                escape(a.device or a.source_format or ""),
            ]
        )
    return fitted_table(console, columns, rows, title=f"{len(stored)} activities")


def _pace_or_speed(sport: Sport, speed_m_s: float, units: UnitSystem) -> str:
    """Runners and walkers read pace (per km or mi); cyclists and skiers read speed."""
    if speed_m_s <= 0:
        return "–"
    if sport in SPEED_SPORTS:
        per_hour = "mph" if units is UnitSystem.MI else "km/h"
        return f"{speed_m_s * S_PER_H / units.metres:.1f} {per_hour}"
    return format_pace(pace_in(speed_m_s, units), units)
