"""``recoverwell athlete show|set|add|list|remove``: profiles, and a coach's athletes."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from recoverwell.app.contract.documents import athlete_removed_json, profile_json
from recoverwell.app.contract.rows import RosterRow, roster_row
from recoverwell.cli.options import (
    AthleteOpt,
    CsvOpt,
    Format,
    FormatOpt,
    JsonOpt,
    ViewFormat,
    ViewFormatOpt,
    athlete_of,
    output_format,
)
from recoverwell.cli.output import console, emit_csv, emit_json, profile_table
from recoverwell.cli.state import command_hint, state
from recoverwell.cli.tables import Column, fitted_table, print_table
from recoverwell.core.athlete import Sex
from recoverwell.core.errors import InvalidValue
from recoverwell.core.units import UnitSystem, parse_mass_kg, parse_pace

app = typer.Typer(
    help="Athletes: show or change a profile; add, list or remove athletes (a coach's).",
    no_args_is_help=True,
)
UnitsOpt = Annotated[UnitSystem | None, typer.Option(help="Display units: mi or km.")]
TimezoneOpt = Annotated[str | None, typer.Option(help="IANA timezone, e.g. America/Denver.")]
CLEARABLE = (
    "birth_year",
    "body_mass_kg",
    "hr_max_bpm",
    "hr_rest_bpm",
    "lthr_bpm",
    "threshold_pace_s_per_km",
    "vt1_hr_bpm",
    "vt2_hr_bpm",
)


@app.command("show")
def show(
    ctx: typer.Context,
    athlete: AthleteOpt = None,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Show the profile; estimated values say they are estimates and how they were made.

    Example:

    \b
        recoverwell athlete show --json
    """
    out = output_format(fmt, json_)
    with state(ctx).open() as ws:
        resolved = ws.resolved_profile(athlete_of(ws, athlete).id)
    _print_profile(resolved, out)


def _print_profile(resolved: Any, out: Format) -> None:
    if out is Format.JSON:
        emit_json(profile_json(resolved))
    else:
        console.print(profile_table(resolved))


@app.command("set")
def set_(
    ctx: typer.Context,
    athlete: AthleteOpt = None,
    name: Annotated[str | None, typer.Option(help="Name.")] = None,
    sex: Annotated[Sex | None, typer.Option(help="female, male or unspecified.")] = None,
    birth_year: Annotated[int | None, typer.Option(help="Year of birth.")] = None,
    mass: Annotated[
        str | None,
        typer.Option(
            help="Body mass: 57kg or 125.5lb; a bare number is in your units (lb for mi)."
        ),
    ] = None,
    hr_max: Annotated[float | None, typer.Option(help="Maximum heart rate, bpm.")] = None,
    hr_rest: Annotated[float | None, typer.Option(help="Resting heart rate, bpm.")] = None,
    lthr: Annotated[float | None, typer.Option(help="Lactate-threshold heart rate, bpm.")] = None,
    threshold_pace: Annotated[
        str | None,
        typer.Option(help="Threshold pace: 3:38/km, 5:51/mi, or m:ss in the athlete's units."),
    ] = None,
    vt1: Annotated[float | None, typer.Option(help="First ventilatory threshold HR, bpm.")] = None,
    vt2: Annotated[float | None, typer.Option(help="Second ventilatory threshold HR, bpm.")] = None,
    timezone: TimezoneOpt = None,
    units: UnitsOpt = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(help=f"Unset a value (back to an estimate): {', '.join(CLEARABLE)}."),
    ] = None,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Change profile values; all are checked first, and a bad one changes nothing.

    Example:

    \b
        recoverwell athlete set --hr-max 188 --hr-rest 44 --mass 126lb --threshold-pace 5:50/mi
    """
    out = output_format(fmt, json_)
    with state(ctx).open() as ws:
        current = athlete_of(ws, athlete)
        changes: dict[str, object] = {
            key: value
            for key, value in {
                "name": name,
                "sex": sex,
                "birth_year": birth_year,
                "body_mass_kg": (
                    parse_mass_kg(mass, units or current.units) if mass is not None else None
                ),
                "hr_max_bpm": hr_max,
                "hr_rest_bpm": hr_rest,
                "lthr_bpm": lthr,
                "threshold_pace_s_per_km": (
                    parse_pace(threshold_pace, units or current.units) if threshold_pace else None
                ),
                "vt1_hr_bpm": vt1,
                "vt2_hr_bpm": vt2,
                "timezone": timezone,
                "units": units,
            }.items()
            if value is not None
        }
        for field in clear or []:
            if field not in CLEARABLE:
                raise InvalidValue("clear", field, f"can clear: {', '.join(CLEARABLE)}")
            changes[field] = None
        if not changes:
            raise InvalidValue("athlete set", "", "nothing to change; see --help")
        ws.update_athlete(current.id, **changes)
        resolved = ws.resolved_profile(current.id)
    _print_profile(resolved, out)


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Option(help="The athlete's name (how --athlete finds them).")],
    units: UnitsOpt = None,
    timezone: TimezoneOpt = None,
    sex: Annotated[Sex, typer.Option(help="female, male or unspecified.")] = Sex.UNSPECIFIED,
    birth_year: Annotated[int | None, typer.Option(help="Year of birth.")] = None,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Add an athlete to the workspace (a coach's squad); their values come with `athlete set`.

    Units default to mi, the timezone to this machine's.

    Example:

    \b
        recoverwell athlete add --name "Ben" --units km --timezone Europe/Madrid
    """
    from recoverwell.app.athletes import add_athlete
    from recoverwell.app.setup import system_timezone

    out = output_format(fmt, json_)
    with state(ctx).open() as ws:
        added = add_athlete(
            ws,
            name,
            units=units or UnitSystem.MI,
            timezone=timezone or system_timezone(),
            sex=sex,
            birth_year=birth_year,
        )
    if out is Format.JSON:
        emit_json(added)
        return
    console.print(f"Added athlete [bold]{escape(added.name)}[/bold] (id {added.id}).")
    hint = command_hint(ctx, "athlete", "set", "--athlete", str(added.id), "--hr-max", "188")
    console.print(f"Next: [bold]{escape(hint)}[/bold]", soft_wrap=True)


@app.command("list")
def list_(
    ctx: typer.Context,
    fmt: FormatOpt = Format.TABLE,
    json_: JsonOpt = False,
    csv_: CsvOpt = False,
) -> None:
    """List the workspace's athletes: id, name, units, timezone, how much data, last activity.

    Example:

    \b
        recoverwell athlete list --csv
    """
    from recoverwell.app.athletes import roster

    out = output_format(fmt, json_, csv_)
    with state(ctx).open() as ws:
        entries = roster(ws)
    rows = [roster_row(e) for e in entries]
    if out is Format.JSON:
        emit_json(rows)
    elif out is Format.CSV:
        emit_csv(rows, ("id",))
    else:
        print_roster(rows)


ROSTER_COLUMNS = (  # priority: lower = left out sooner on a narrow terminal
    Column("Id", keep=True),
    Column("Name", "left", keep=True),
    Column("Units", "left", priority=40),
    Column("Timezone", "left", priority=30),
    Column("Activities", priority=80),
    Column("Readings", priority=70),
    Column("Last activity", "left", priority=90),
)


def print_roster(rows: list[RosterRow]) -> None:
    """The roster for people."""
    cells = [
        [
            str(r["id"]),
            escape(r["name"]) + (" [yellow](synthetic)[/yellow]" if r["synthetic"] else ""),
            r["units"].value,
            r["timezone"],
            str(r["activities"]),
            str(r["daily_readings"]),
            r["last_activity"].isoformat() if r["last_activity"] else "–",
        ]
        for r in rows
    ]
    title = f"{len(rows)} athletes"
    print_table(console, fitted_table(console, ROSTER_COLUMNS, cells, title=title))


@app.command("remove")
def remove(
    ctx: typer.Context,
    athlete: Annotated[str, typer.Argument(metavar="ID|NAME", help="The athlete to remove.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Remove an athlete and all their data: activities, daily readings, sleep, niggles,
    imports. Asks first (--yes does not); it cannot be undone.

    Example:

    \b
        recoverwell athlete remove Ben --yes
    """
    out = output_format(fmt, json_)
    with state(ctx).open() as ws:
        gone = athlete_of(ws, athlete)
        assert gone.id is not None  # a stored athlete
        if not yes:
            what = _counts_text(ws.athlete_data(gone.id))
            typer.confirm(
                f"Remove athlete {gone.id} {gone.name} and all their data ({what})?",
                abort=True,
            )
        removed = ws.remove_athlete(gone.id)
    if out is Format.JSON:
        emit_json(athlete_removed_json(gone, removed))
        return
    console.print(
        f"Removed athlete {gone.id} {gone.name} with {_counts_text(removed)}.",
        markup=False,
        soft_wrap=True,
    )


def _counts_text(counts: dict[str, int]) -> str:
    """``120 activities, 840 daily readings``; kinds with none left out."""
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n) or "no recorded data"
