"""``recoverwell demo``: load the synthetic demo athlete and show what recoverwell sees."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from recoverwell.app import open_workspace
from recoverwell.app.contract.documents import demo_json
from recoverwell.app.contract.rows import training_day_row
from recoverwell.app.demo import DEMO_WEEKS, WeekVolume, load_demo, weekly_volume
from recoverwell.cli.commands.metrics import load_table, print_notes
from recoverwell.cli.commands.readiness import print_readiness
from recoverwell.cli.options import (
    Format,
    JsonOpt,
    ViewFormat,
    ViewFormatOpt,
    output_format,
    parse_day,
)
from recoverwell.cli.output import SYNTHETIC_LABEL, console, emit_json, profile_table
from recoverwell.cli.state import command_hint, state
from recoverwell.cli.tables import Column, fitted_table, print_table
from recoverwell.core.units import (
    UnitSystem,
    distance_in,
    elevation_in,
    format_duration,
    format_pace,
    pace_in,
)

#: Weeks of the daily load table the demo shows.
DEMO_LOAD_WEEKS = 3


def demo(
    ctx: typer.Context,
    weeks: Annotated[int, typer.Option(min=1, max=104, help="Weeks of training.")] = DEMO_WEEKS,
    end: Annotated[
        str | None, typer.Option(help="Last day of data, YYYY-MM-DD (default: yesterday).")
    ] = None,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Create the workspace if needed and (re)load the synthetic demo athlete.

    Everything it loads is generated (deterministic seed) and labelled synthetic: runs, then
    HRV, resting HR, sleep, check-ins and body mass, ending with today's readiness verdict.

    Example:

    \b
        recoverwell --db sqlite:///demo/recoverwell.db demo --weeks 16
    """
    end_day, out = parse_day(end, "--end"), output_format(fmt, json_)
    with open_workspace(state(ctx).db, create=True) as ws:
        loaded = load_demo(ws, end_day=end_day, weeks=weeks)
        athlete = loaded.athlete
        volume = weekly_volume(ws.activities(athlete_id=athlete.id))
        shown_from = loaded.last_day - timedelta(weeks=DEMO_LOAD_WEEKS) + timedelta(days=1)
        training = ws.training_table(shown_from, loaded.last_day, athlete_id=athlete.id)
        resolved = ws.resolved_profile(athlete.id, loaded.last_day)
        url = ws.display_url
        verdict = ws.readiness(loaded.today, athlete_id=athlete.id)
        several = len(ws.athletes()) > 1
    recent = training.days
    if out is Format.JSON:
        rows = [training_day_row(d, athlete.units) for d in recent]
        emit_json(demo_json(url, loaded, volume, rows, verdict))
        return
    units = athlete.units
    console.rule(f"recoverwell demo  {SYNTHETIC_LABEL}")
    console.print(f"Workspace: {url}")
    console.print(profile_table(resolved))
    console.print(
        f"\nLoaded [bold]{loaded.activities}[/bold] synthetic runs, "
        f"{loaded.first_day} → {loaded.last_day} (athlete id {athlete.id}).\n"
    )
    print_table(console, volume_table(volume, loaded.first_day, loaded.last_day, units))
    title = f"Training load, last {DEMO_LOAD_WEEKS} weeks  [synthetic]"
    print_table(console, load_table(recent, units, title))
    print_notes(training)
    block = loaded.late_block_start
    console.print(
        f"Also loaded: {loaded.observations} synthetic recovery readings (HRV, resting HR, "
        f"check-ins, body mass) and {loaded.sleep_periods} sleep periods"
        + (f"; from {block} on, a scripted block of accumulating fatigue." if block else ".")
        + "\n"
    )
    print_readiness(verdict, athlete)
    hints = (["trends"], ["readiness", "--day", loaded.today.isoformat()], ["metrics"])
    who = ["--athlete", str(athlete.id)] if several else []  # a workspace with other athletes
    console.print("Next:")
    for args in (*hints, ["athlete", "show"]):
        console.print(f"  [bold]{escape(command_hint(ctx, *args, *who))}[/bold]", soft_wrap=True)


WEEK_D = 7
VOLUME_COLUMNS = (
    Column("Week of", keep=True),
    Column("Runs", priority=60),
    Column("Distance ({u})", priority=100),
    Column("Time", priority=80),
    Column("Avg pace", priority=70),
    Column("Climb ({elev})", priority=20),
    Column("Avg HR", priority=40),
)


def volume_table(volume: list[WeekVolume], first: date, last: date, units: UnitSystem) -> Table:
    """The demo's weekly running volume; a week the data covers only in part is starred."""
    names = {"u": units.value, "elev": "ft" if units is UnitSystem.MI else "m"}
    columns = [replace(c, heading=c.heading.format(**names)) for c in VOLUME_COLUMNS]
    rows, part_weeks = [], []
    for week in volume:
        days = _days_with_data(week.week_start, first, last)
        if days < WEEK_D:
            part_weeks.append(f"* week to {min(last, _sunday(week))}: {days} of 7 days")
        rows.append(
            [
                week.week_start.isoformat() + ("*" if days < WEEK_D else ""),
                str(week.runs),
                f"{distance_in(week.distance_m, units):.1f}",
                format_duration(week.moving_s),
                _pace(week.distance_m, week.moving_s, units),
                f"{elevation_in(week.ascent_m, units):.0f}",
                f"{week.avg_hr_bpm:.0f}" if week.avg_hr_bpm else "–",
            ]
        )
    title = f"Weekly running volume ({units.value})  [synthetic]"
    caption = "\n".join(part_weeks) or None
    return fitted_table(console, columns, rows, title=title, caption=caption)


def _sunday(week: WeekVolume) -> date:
    return week.week_start + timedelta(days=WEEK_D - 1)


def _days_with_data(monday: date, first: date, last: date) -> int:
    """Days of the Monday-to-Sunday week inside the loaded span [first, last]."""
    start, end = max(monday, first), min(monday + timedelta(days=WEEK_D - 1), last)
    return max((end - start).days + 1, 0)


def _pace(distance_m: float, moving_s: float, units: UnitSystem) -> str:
    if distance_m <= 0 or moving_s <= 0:
        return "–"
    return format_pace(pace_in(distance_m / moving_s, units), units)
