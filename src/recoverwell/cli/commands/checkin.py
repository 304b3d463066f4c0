"""``recoverwell checkin``: the 30-second morning check-in, asked or given as flags."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer

from recoverwell.app import Workspace
from recoverwell.app.checkin import (
    HOOPER_ITEMS,
    CheckIn,
    activities_to_rate,
    last_answers,
    parse_niggle,
    parse_rpe,
    parse_volume_ml,
    record_checkin,
)
from recoverwell.cli.output import console, emit_json
from recoverwell.cli.state import state
from recoverwell.core.errors import InvalidValue
from recoverwell.core.niggles import Niggle
from recoverwell.core.units import distance_in, format_duration, parse_mass_kg

Scale = Annotated[int | None, typer.Option(min=1, max=7)]
_LABELS = ("sleep quality", "fatigue", "stress", "soreness", "mood", "motivation")


def _number(text: str, field: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise InvalidValue(field, text, "not a number") from None


def _ask_hooper(answers: dict[str, float | None], last: dict[str, float]) -> None:
    missing = [s for s in HOOPER_ITEMS if answers[s] is None]
    if not missing:
        return
    default = " ".join(f"{last[s]:g}" if s in last else "-" for s in missing)
    labels = ", ".join(_LABELS[HOOPER_ITEMS.index(s)] for s in missing)
    text = typer.prompt(f"{labels} (1 = very good … 7 = very bad; - skips)", default=default)
    values = text.split()
    if len(values) != len(missing):
        raise InvalidValue("answers", text, f"give {len(missing)} numbers or - for each")
    for signal, value in zip(missing, values, strict=True):
        answers[signal] = None if value == "-" else _number(value, signal)


def _ask(
    ws: Workspace,
    day: date,
    answers: dict[str, float | None],
    rpe: dict[int, float],
    niggles: list[Niggle] | None,
) -> list[Niggle] | None:
    """Ask what the flags did not give; Enter keeps the default. Returns the niggles."""
    last = last_answers(ws, day)
    _ask_hooper(answers, last)
    units = ws.athlete().units
    for stored in activities_to_rate(ws, day):
        if stored.id in rpe:
            continue
        a = stored.activity
        what = f"{stored.local_date} {a.name or a.sport.value} {format_duration(a.elapsed_s)}"
        if a.distance_m:
            what += f" {distance_in(a.distance_m, units):.1f} {units.value}"
        text = typer.prompt(f"Session RPE for {what} (0–10, Enter skips)", default="")
        if text:
            rpe[stored.id] = _number(text, f"rpe for activity {stored.id}")
    if answers["body_mass_kg"] is None:
        mass = typer.prompt("Morning body mass (57kg, 126lb; Enter skips)", default="")
        answers["body_mass_kg"] = parse_mass_kg(mass) if mass else None
    if niggles is None:
        text = typer.prompt(
            "Niggles (calf,left,3[,gait]; several with ; ; Enter = none)", default=""
        )
        niggles = [parse_niggle(t, day) for t in text.split(";") if t.strip()]
    return niggles


def checkin(
    ctx: typer.Context,
    day: Annotated[str | None, typer.Option(help="Day, YYYY-MM-DD (default: today).")] = None,
    sleep: Scale = None,
    fatigue: Scale = None,
    stress: Scale = None,
    soreness: Scale = None,
    mood: Scale = None,
    motivation: Scale = None,
    rpe: Annotated[list[str] | None, typer.Option(help="Session RPE, ACTIVITY_ID=0–10.")] = None,
    mass: Annotated[str | None, typer.Option(help="Morning body mass: 57kg or 126lb.")] = None,
    mass_pre: Annotated[str | None, typer.Option(help="Body mass before a run.")] = None,
    mass_post: Annotated[str | None, typer.Option(help="Body mass after it.")] = None,
    drank_during: Annotated[str | None, typer.Option(help="Fluid drunk in that run.")] = None,
    fluids: Annotated[str | None, typer.Option(help="Fluids today: 2500, 2.5l, 84oz.")] = None,
    carbs: Annotated[float | None, typer.Option(help="Carbohydrate, g.")] = None,
    protein: Annotated[float | None, typer.Option(help="Protein, g.")] = None,
    niggle: Annotated[
        list[str] | None, typer.Option(help="location,side,pain[,gait], e.g. calf,left,3.")
    ] = None,
    no_niggles: Annotated[bool, typer.Option(help="Record that nothing hurts.")] = False,
    ill: Annotated[bool | None, typer.Option("--ill/--not-ill", help="Feeling ill?")] = None,
    travel: Annotated[bool | None, typer.Option("--travel/--no-travel", help="Travelled?")] = None,
    alcohol: Annotated[float | None, typer.Option(help="Alcohol, standard drinks.")] = None,
    cycle_day: Annotated[int | None, typer.Option(help="Menstrual-cycle day.")] = None,
    ask: Annotated[
        bool | None,
        typer.Option("--ask/--no-ask", help="Ask for missing answers (default: on a terminal)."),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print what was stored as JSON.")] = False,
) -> None:
    """Record today's check-in: Hooper items, session RPE, body mass, food, niggles.

    Asked interactively on a terminal (Enter keeps yesterday's answers); every item is also a
    flag for scripts. Hooper scale: 1 = very, very good … 7 = very, very bad.

    Example:

        recoverwell checkin --sleep 2 --fatigue 4 --stress 3 --soreness 5 --mood 2 \\
            --motivation 2 --mass 57.2kg --niggle calf,left,3 --rpe 12=6 --no-ask
    """
    with state(ctx).open() as ws:
        the_day = date.fromisoformat(day) if day else ws.today()
        answers: dict[str, float | None] = dict(
            zip(HOOPER_ITEMS, (sleep, fatigue, stress, soreness, mood, motivation), strict=True)
        )
        answers["body_mass_kg"] = parse_mass_kg(mass) if mass else None
        rpes = dict(parse_rpe(r) for r in rpe or [])
        niggles = [parse_niggle(n, the_day) for n in niggle or []] or ([] if no_niggles else None)
        if ask if ask is not None else sys.stdin.isatty():
            niggles = _ask(ws, the_day, answers, rpes, niggles)
        entry = CheckIn(
            the_day,
            **answers,
            session_rpe=rpes,
            body_mass_pre_run_kg=parse_mass_kg(mass_pre) if mass_pre else None,
            body_mass_post_run_kg=parse_mass_kg(mass_post) if mass_post else None,
            fluid_during_run_ml=parse_volume_ml(drank_during) if drank_during else None,
            fluid_ml=parse_volume_ml(fluids) if fluids else None,
            carbohydrate_g=carbs,
            protein_g=protein,
            alcohol_drinks=alcohol,
            illness=ill,
            travel=travel,
            menstrual_cycle_day=cycle_day,
            niggles=niggles,
        )
        if not entry.observations() and not rpes and niggles is None:
            raise InvalidValue(
                "checkin", "", "nothing to record: answer the questions or see --help"
            )
        result = record_checkin(ws, entry)
    if json_:
        emit_json({"result": result, "observations": entry.observations()})
    else:
        console.print(
            f"Check-in for {result.day}: {result.new} new, {result.changed} changed, "
            f"{len(result.rpe_set)} session RPE, {result.niggles} niggles."
        )
