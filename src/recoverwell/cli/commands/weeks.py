"""``recoverwell weeks``: running volume and training load week by week."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Annotated, Any

import typer
from rich.table import Table

from recoverwell.app.contract.documents import weeks_json
from recoverwell.app.contract.rows import week_row
from recoverwell.app.weeks import DEFAULT_WEEKS, WeekSummary, weekly_summary
from recoverwell.cli.options import (
    AthleteOpt,
    CsvOpt,
    Format,
    FormatOpt,
    JsonOpt,
    athlete_scope,
    output_format,
    parse_span,
)
from recoverwell.cli.output import SYNTHETIC_LABEL, console, emit_csv, emit_json
from recoverwell.cli.state import state
from recoverwell.cli.tables import Column, fitted_table, print_table
from recoverwell.core.errors import InvalidValue
from recoverwell.core.units import (
    UnitSystem,
    format_duration,
    format_pace,
)

MAX_WEEKS = 520  # ten years


WEEK_COLUMNS = (  # heading, priority (lower = left out sooner on a narrow terminal)
    Column("Week of", "left", keep=True),
    Column("Runs", priority=80),
    Column("{u}", priority=100),
    Column("Time", priority=70),
    Column("Pace", priority=40),
    Column("Long {u}", priority=60),
    Column("Climb {elev}", priority=20),
    Column("HR", priority=30),
    Column("Load", priority=90),
    Column("Δ %", priority=50),
)


def _rows(weeks: list[WeekSummary], units: UnitSystem) -> list[list[str]]:
    u, elev = units.value, ("ft" if units is UnitSystem.MI else "m")
    rows = []
    for w in weeks:
        r: dict[str, Any] = dict(week_row(w, units))
        pace = r[f"pace_s_per_{u}"]
        load = "–" if w.load_au is None else f"{w.load_au:.0f}"
        if w.unknown_load_sessions:
            load += f" +{w.unknown_load_sessions}?"
        change = r["distance_change_pct"]
        rows.append(
            [
                r["week_start"],
                str(w.runs),
                f"{r[f'distance_{u}']:.1f}",
                format_duration(w.moving_s),
                format_pace(pace, units) if pace else "–",
                f"{r[f'longest_run_{u}']:.1f}",
                str(r[f"ascent_{elev}"]),
                "–" if w.avg_hr_bpm is None else f"{w.avg_hr_bpm:.0f}",
                load,
                "–" if change is None else f"{change:+.0f}",
            ]
        )
    return rows


def weeks_table(weeks: list[WeekSummary], units: UnitSystem, title: str) -> Table:
    """The weeks for people, fitted to the console (tables.py)."""
    u, elev = units.value, ("ft" if units is UnitSystem.MI else "m")
    columns = [
        dataclasses.replace(c, heading=c.heading.format(u=u, elev=elev)) for c in WEEK_COLUMNS
    ]
    return fitted_table(console, columns, _rows(weeks, units), title=title)


def weeks(
    ctx: typer.Context,
    count: Annotated[
        int | None,
        typer.Option(
            "--weeks", min=1, max=MAX_WEEKS, help=f"Weeks to show (default: {DEFAULT_WEEKS})."
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--from", metavar="YYYY-MM-DD", help="A day of the first week shown."),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            "--end",
            metavar="YYYY-MM-DD",
            help="A day of the last week shown (default: the last run's).",
        ),
    ] = None,
    athlete: AthleteOpt = None,
    fmt: FormatOpt = Format.TABLE,
    json_: JsonOpt = False,
    csv_: CsvOpt = False,
) -> None:
    """Week by week (Monday to Sunday): runs, distance, time, pace, longest run, climb, HR, load.

    Load counts every sport (the week's daily loads summed; "+2?" = two sessions without a
    load); the distance change is against the week before. Sessions you excluded are left out.
    The weeks shown: --from to --to, or --weeks up to --to.

    Example:

    \b
        recoverwell weeks --weeks 8 --csv
    """
    (first, last), out = parse_span(start, end), output_format(fmt, json_, csv_)
    with state(ctx).open() as ws:
        scope = athlete_scope(ws, athlete)
        profile = scope.profile
        if first is not None and last is None:  # --from alone: to the last run's week
            last = _last_run_day(ws, scope.athlete_id)
        span = _weeks_shown(first, last, count)
        found = weekly_summary(scope, weeks=span, end=last)
    rows = [week_row(w, profile.units) for w in found]
    if out is Format.JSON:
        emit_json(weeks_json(scope.athlete_id, profile.units, rows))
    elif out is Format.CSV:
        emit_csv(rows, ("week_start",))
    elif not found:
        console.print("No activities yet: recoverwell import FILES")
    else:
        label = f"  {SYNTHETIC_LABEL}" if profile.synthetic else ""
        print_table(console, weeks_table(found, profile.units, f"Weeks: {profile.name}{label}"))


def _last_run_day(ws: Any, athlete_id: int) -> date | None:
    stored = ws.activities(athlete_id=athlete_id)
    return max((a.local_date for a in stored), default=None)


def _weeks_shown(first: date | None, last: date | None, count: int | None) -> int:
    """How many Monday-to-Sunday weeks end with ``last``'s: from ``first``'s, or ``count``."""
    if first is None:
        return count or DEFAULT_WEEKS
    if count is not None:
        raise InvalidValue("--weeks", count, "give --from or --weeks, not both")
    if last is None:
        return 1
    shown = (_monday(last) - _monday(first)).days // 7 + 1
    if shown > MAX_WEEKS:
        raise InvalidValue("--from", first.isoformat(), f"at most {MAX_WEEKS} weeks before --to")
    return shown


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())
