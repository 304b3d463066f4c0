"""``recoverwell activity show|edit|delete ID``: one activity, and the athlete's fixes to it."""

from __future__ import annotations

import dataclasses
import math
from datetime import timedelta, timezone, tzinfo
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from recoverwell.app.activity_fixes import ActivityDetail, ActivityEdit
from recoverwell.app.contract.documents import activity_detail_json
from recoverwell.app.contract.rows import activity_json
from recoverwell.cli.commands.activities import _pace_or_speed
from recoverwell.cli.options import (
    AthleteOpt,
    Format,
    JsonOpt,
    ViewFormat,
    ViewFormatOpt,
    athlete_of,
    output_format,
)
from recoverwell.cli.output import console, emit_json
from recoverwell.cli.state import state
from recoverwell.cli.tables import Column, fitted_table, print_table
from recoverwell.core.timeutil import parse_timezone
from recoverwell.core.types import Activity, Lap, Sport, StoredActivity
from recoverwell.core.units import UnitSystem, distance_in, format_duration

app = typer.Typer(
    help="One activity: show it with its load and problems, edit it, delete it.",
    no_args_is_help=True,
)
NEXT_NIGHTLY = "The stored load state is rebuilt by the next `recoverwell nightly`, saying why."


def _num(value: float | None, fmt: str = "{:.0f}", unit: str = "") -> str:
    return "–" if value is None else fmt.format(value) + unit


def _speed(distance_m: float | None, seconds: float | None) -> float:
    return distance_m / seconds if distance_m and seconds else 0.0


def _zone(a: Activity, tz: tzinfo) -> tzinfo:
    return tz if a.utc_offset_s is None else timezone(timedelta(seconds=a.utc_offset_s))


def _summary(s: StoredActivity) -> str:
    a = s.activity
    name = f" “{a.name}”" if a.name else ""
    return f"activity {s.id}: {a.sport.value} on {s.local_date.isoformat()}{name}"


def totals_table(a: Activity, units: UnitSystem, tz: tzinfo) -> Table:
    """The activity's totals, distance and pace in the athlete's units; the start in the
    device's own offset when the file gives it, else in the athlete's timezone."""
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    seconds = a.moving_s or a.elapsed_s
    moving = format_duration(a.moving_s or math.nan)
    rows = {
        "Start": a.start_time.astimezone(_zone(a, tz)).isoformat(sep=" ", timespec="seconds"),
        "Sport": a.sport.value + (f" ({a.sub_sport})" if a.sub_sport else ""),
        "Time": f"{format_duration(a.elapsed_s)} elapsed, {moving} moving",
        "Distance": _num(a.distance_m and distance_in(a.distance_m, units), "{:.2f}", f" {units}"),
        "Pace/speed": _pace_or_speed(a.sport, _speed(a.distance_m, seconds), units),
        "Heart rate": f"{_num(a.avg_hr_bpm)} avg, {_num(a.max_hr_bpm)} max bpm",
        "Climb": f"+{_num(a.ascent_m)} / −{_num(a.descent_m)} m",
        "Cadence": _num(a.avg_cadence_spm, unit=" spm"),
        "Calories": _num(a.calories_kcal, unit=" kcal"),
        "RPE": _num(a.rpe, "{:g}", " (CR-10)"),
        "Gear": a.gear or "–",
        "Recorded by": " · ".join(x for x in (a.device, a.source_format) if x) or "–",
    }
    for key, value in rows.items():
        table.add_row(key, value)
    return table


ZONE_COLUMNS = (
    Column("Zone", keep=True),
    Column("HR bpm", priority=90),
    Column("Time", keep=True),
    Column("%", priority=80),
)


def zones_table(detail: ActivityDetail) -> Table:
    """Time in each heart-rate zone (fractions of LTHR), with its share of the zoned time."""
    total = sum(detail.zones_s) or 1.0
    first = [math.ceil(e) for e in detail.zone_edges_bpm]  # the first whole bpm of zones 2…5
    rows = []
    for z, seconds in enumerate(detail.zones_s):
        if z == 0:
            span = f"< {first[0]}"
        elif z == len(first):
            span = f"≥ {first[-1]}"
        else:
            span = f"{first[z - 1]}–{first[z] - 1}"
        rows.append([f"Z{z + 1}", span, format_duration(seconds), f"{seconds / total:.0%}"])
    title = "Heart-rate zones (% of LTHR; moving time)"
    return fitted_table(console, ZONE_COLUMNS, rows, title=title)


LAP_COLUMNS = (
    Column("Lap", keep=True),
    Column("Time", priority=90),
    Column("{u}", priority=100),
    Column("Pace/speed", priority=80),
    Column("HR", priority=70),
)


def laps_table(laps: tuple[Lap, ...], sport: Sport, units: UnitSystem) -> Table:
    """One row per lap: time, distance, pace or speed, heart rate."""
    columns = [dataclasses.replace(c, heading=c.heading.format(u=units.value)) for c in LAP_COLUMNS]
    rows = []
    for lap in laps:
        seconds = lap.moving_s or lap.elapsed_s
        rows.append(
            [
                str(lap.index + 1),
                format_duration(seconds),
                _num(lap.distance_m and distance_in(lap.distance_m, units), "{:.2f}"),
                _pace_or_speed(sport, _speed(lap.distance_m, seconds), units),
                _num(lap.avg_hr_bpm),
            ]
        )
    return fitted_table(console, columns, rows, title=f"{len(laps)} laps")


def render_detail(detail: ActivityDetail, units: UnitSystem, tz: tzinfo) -> None:
    """Totals, laps, the load and its model, then problems and edits."""
    a, load = detail.stored.activity, detail.load
    title = escape(_summary(detail.stored))
    console.print(f"[bold]{title[0].upper()}{title[1:]}[/bold]", highlight=False)
    console.print(totals_table(a, units, tz))
    if a.laps:
        print_table(console, laps_table(a.laps, a.sport, units))
    state_ = "counted" if detail.counted else "[yellow]excluded: no session[/yellow]"
    value = "no load" if load.load_au is None else f"{load.load_au:.1f} au from {load.model}"
    console.print(
        f"\n[bold]Load[/bold] ({state_}): {value}; {format_duration(load.counted_s)} counted; HRSS "
        f"{_num(load.hrss_au, '{:.1f}')}, rTSS {_num(load.rtss_au, '{:.1f}')}, sRPE "
        f"{_num(load.srpe_au, '{:.0f}')}, TRIMP {_num(load.trimp_au, '{:.1f}')}",
        highlight=False,
    )
    for note in load.notes:
        console.print(f"  [dim]{escape(note)}[/dim]", highlight=False)
    if detail.zones_s:
        print_table(console, zones_table(detail))
    for p in detail.problems:
        console.print(
            f"[yellow]Problem ({p.kind.value}):[/yellow] {escape(p.reason)}", highlight=False
        )
    if detail.edited:
        console.print(f"[dim]Edited by you: {', '.join(detail.edited)}[/dim]")


@app.command("show")
def show(
    ctx: typer.Context,
    activity_id: Annotated[int, typer.Argument(help="The activity's id (`activities`).")],
    athlete: AthleteOpt = None,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Show an activity: totals, laps, load and the model used, HR zones, problems, exclusion.

    Example:

    \b
        recoverwell activity show 42 --json
    """
    out = output_format(fmt, json_)
    with state(ctx).open() as ws:
        profile = athlete_of(ws, athlete)
        detail = ws.activity_detail(activity_id, athlete_id=profile.id)
    if out is Format.JSON:
        emit_json(activity_detail_json(detail))
        return
    render_detail(detail, profile.units, parse_timezone(profile.timezone))


@app.command("edit")
def edit(
    ctx: typer.Context,
    activity_id: Annotated[int, typer.Argument(help="The activity's id (`activities`).")],
    sport: Annotated[Sport | None, typer.Option(help="The right sport.")] = None,
    rpe: Annotated[float | None, typer.Option(help="Session RPE, CR-10 (0–10).")] = None,
    name: Annotated[str | None, typer.Option(help='A name ("" clears it).')] = None,
    exclude: Annotated[
        str | None, typer.Option(help="Keep it out of load and volume, for this reason.")
    ] = None,
    include: Annotated[bool, typer.Option("--include", help="Count it again.")] = False,
    gear: Annotated[
        str | None,
        typer.Option(help='The shoes it was run in, for `recoverwell gear` ("" clears).'),
    ] = None,
    athlete: AthleteOpt = None,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Fix an activity: its sport, RPE, name or gear (shoes), or keep it out of load and volume
    (--exclude REASON; --include counts it again). Edits stay when another copy of the session
    is imported, and the next `recoverwell nightly` rebuilds the load state.

    Example:

    \b
        recoverwell activity edit 42 --sport cycling --rpe 6
        recoverwell activity edit 43 --exclude "GPS glitch: 3:10/mi for an hour"
        recoverwell activity edit 44 --gear "Pegasus 40"
    """
    change = ActivityEdit(
        sport=sport, name=name, rpe=rpe, exclude=exclude, include=include, gear=gear
    )
    out = output_format(fmt, json_)
    with state(ctx).open() as ws:
        stored = ws.edit_activity(activity_id, change, athlete_id=athlete_of(ws, athlete).id)
    if out is Format.JSON:
        emit_json(activity_json(stored))
        return
    excluded = stored.activity.excluded
    counted = "counted" if excluded is None else f"excluded ({excluded})"
    console.print(f"Edited {_summary(stored)}, {counted}.", markup=False, soft_wrap=True)
    console.print(f"[dim]{NEXT_NIGHTLY}[/dim]")


@app.command("delete")
def delete(
    ctx: typer.Context,
    activity_id: Annotated[int, typer.Argument(help="The activity's id (`activities`).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
    athlete: AthleteOpt = None,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Delete an activity with its laps and samples. Importing the same file again does not
    bring it back; another export of the session would: to keep a session out for good,
    exclude it instead (`activity edit ID --exclude REASON`).

    Example:

    \b
        recoverwell activity delete 42 --yes
    """
    out = output_format(fmt, json_)
    with state(ctx).open() as ws:
        athlete_id = athlete_of(ws, athlete).id
        if not yes:
            stored = ws.activity(activity_id, athlete_id=athlete_id)
            typer.confirm(f"Delete {_summary(stored)}?", abort=True)
        deleted = ws.delete_activity(activity_id, athlete_id=athlete_id)
    if out is Format.JSON:
        emit_json(activity_json(deleted))
        return
    console.print(f"Deleted {_summary(deleted)}.", markup=False, soft_wrap=True)
    console.print(f"[dim]{NEXT_NIGHTLY}[/dim]")
