"""``recoverwell athlete show|set``: the athlete profile."""

from __future__ import annotations

from typing import Annotated

import typer

from recoverwell.cli.output import console, emit_json, profile_json, profile_table
from recoverwell.cli.state import state
from recoverwell.core.athlete import Sex
from recoverwell.core.errors import InvalidValue
from recoverwell.core.units import UnitSystem, parse_mass_kg, parse_pace

app = typer.Typer(help="Show or change the athlete profile.", no_args_is_help=True)

AthleteOpt = Annotated[
    int | None, typer.Option("--athlete", help="Athlete id (default: the workspace's first).")
]
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
    json_: Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")] = False,
) -> None:
    """Show the profile; estimated values say they are estimates and how they were made.

    Example:

    \b
        recoverwell athlete show --json
    """
    with state(ctx).open() as ws:
        resolved = ws.resolved_profile(athlete)
    if json_:
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
    timezone: Annotated[
        str | None, typer.Option(help="IANA timezone, e.g. America/Denver.")
    ] = None,
    units: Annotated[UnitSystem | None, typer.Option(help="Display units: mi or km.")] = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(help=f"Unset a value (back to an estimate): {', '.join(CLEARABLE)}."),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the new profile as JSON.")] = False,
) -> None:
    """Change profile values; all are checked first, and a bad one changes nothing.

    Example:

    \b
        recoverwell athlete set --hr-max 188 --hr-rest 44 --mass 126lb --threshold-pace 5:50/mi
    """
    with state(ctx).open() as ws:
        current = ws.athlete(athlete)
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
    if json_:
        emit_json(profile_json(resolved))
    else:
        console.print(profile_table(resolved))
