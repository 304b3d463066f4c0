"""``recoverwell checkin``: the 30-second morning check-in, asked or given as flags."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer

from recoverwell.advice.explain import CRISIS_TEXT, finding_text
from recoverwell.advice.findings import Action, Finding, Severity
from recoverwell.app import Workspace
from recoverwell.app.checkin import (
    HOOPER_ITEMS,
    SYMPTOM_ITEMS,
    CheckIn,
    activities_to_rate,
    last_answers,
    parse_niggle,
    parse_rpe,
    parse_volume_ml,
    record_checkin,
    red_flags_on,
    tracks_cycle,
)
from recoverwell.cli.commands.readiness import parse_day
from recoverwell.cli.output import console, emit_json
from recoverwell.cli.state import state
from recoverwell.core.errors import InvalidValue
from recoverwell.core.niggles import Niggle
from recoverwell.core.signals import signal
from recoverwell.core.units import distance_in, format_duration, parse_mass_kg

Scale = Annotated[int | None, typer.Option(min=1, max=7)]
Flag = Annotated[bool, typer.Option()]
_LABELS = ("sleep quality", "fatigue", "stress", "soreness", "mood", "motivation")
#: The "anything unusual?" list, in the order it is shown (missed periods last, and only for
#: athletes who track a cycle, so the other numbers never move).
UNUSUAL = ("bone_pain", *(s for s in SYMPTOM_ITEMS if s != "missed_periods_3m"))


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
    for item, value in zip(missing, values, strict=True):
        answers[item] = None if value == "-" else _number(value, item)


def _ask_unusual(
    ws: Workspace,
    day: date,
    symptoms: dict[str, bool | None],
    masses: dict[str, str | None],
    cycle: bool,
) -> list[Niggle]:
    """One quick "anything unusual?" question; only a "y" lists the red-flag items.

    Returns the bone-pain niggles (with their locations); sets the other items in ``symptoms``.
    """
    text = typer.prompt("Anything unusual today? (y, Enter = no)", default="", show_default=False)
    if text.strip().lower() not in ("y", "yes"):
        return []
    cycle = cycle or tracks_cycle(ws, day)
    items = [*UNUSUAL, *(("missed_periods_3m",) if cycle else ())]
    for number, item in enumerate(items, 1):
        console.print(f"  {number:>2}  {signal(item).title}")
    text = typer.prompt("Which? (numbers, e.g. 1 4)")
    chosen = []
    for word in text.replace(",", " ").split():
        if not word.isdigit() or not 1 <= int(word) <= len(items):
            raise InvalidValue("which", word, f"a number 1–{len(items)}")
        chosen.append(items[int(word) - 1])
    bones = []
    for item in chosen:
        if item == "bone_pain":
            where = typer.prompt("Where is the bone pain? location,side,pain (e.g. shin,left,4)")
            bones.append(parse_niggle(where, day, bone_pain=True))
        else:
            symptoms[item] = True
    if "long_run_symptoms" in chosen and not (masses["pre"] and masses["post"]):
        text = typer.prompt(
            "Body mass before and after that run (e.g. 57.2kg 57.6kg; Enter skips)", default=""
        )
        if text.strip():
            parts = text.split()
            if len(parts) != len(masses):
                raise InvalidValue("masses", text, "give the mass before and after the run")
            masses["pre"], masses["post"] = parts
    return bones


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


def _show_flags(flags: tuple[Finding, ...]) -> None:
    """Red flags straight after the check-in: "see a professional", or the crisis text first."""
    if any(f.action is Action.CRISIS_LINE for f in flags):
        console.print(f"[bold red]{CRISIS_TEXT}[/bold red]")
    for f in flags:
        label = "URGENT" if f.severity is Severity.URGENT else "See a professional"
        words = finding_text(f, with_action=f.action is not Action.CRISIS_LINE)
        console.print(f"[bold red]{label}:[/bold red] {words}")
    if flags:
        console.print("Run [bold]recoverwell readiness[/bold] for the full card.")


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
    bone_pain: Annotated[
        list[str] | None,
        typer.Option(help="Bone pain (hurts to press, worse running/at night): shin,left,4."),
    ] = None,
    sudden_pop: Flag = False,
    chest_pain: Annotated[
        bool, typer.Option(help="Chest pain, fainting, palpitations with dizziness, …")
    ] = False,
    fever: Annotated[
        bool, typer.Option(help="Fever, chills, body aches, chest cough, vomiting/diarrhoea.")
    ] = False,
    head_cold: Annotated[bool, typer.Option(help="Cold symptoms above the neck only.")] = False,
    heat_signs: Annotated[
        bool, typer.Option(help="Confusion, collapse, no sweating, very hot skin (heat).")
    ] = False,
    long_run_symptoms: Annotated[
        bool, typer.Option(help="Headache, nausea, confusion, swelling after a long run.")
    ] = False,
    missed_periods: Annotated[bool, typer.Option(help="No period for 3 months or more.")] = False,
    low_mood: Annotated[
        bool, typer.Option(help="Low mood, no interest or anxiety most days for 2+ weeks.")
    ] = False,
    self_harm_thoughts: Annotated[
        bool, typer.Option(help="Thoughts of harming yourself, or feeling hopeless.")
    ] = False,
    unexplained_signs: Annotated[
        bool, typer.Option(help="Unexplained weight loss, night sweats, blood in urine/stool.")
    ] = False,
    ferritin: Annotated[float | None, typer.Option(help="Ferritin result, ng/mL.")] = None,
    haemoglobin: Annotated[float | None, typer.Option(help="Haemoglobin result, g/dL.")] = None,
    vitamin_d: Annotated[float | None, typer.Option(help="25(OH)D result, nmol/L.")] = None,
    ask: Annotated[
        bool | None,
        typer.Option("--ask/--no-ask", help="Ask for missing answers (default: on a terminal)."),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print what was stored as JSON.")] = False,
) -> None:
    """Record today's check-in: Hooper items, session RPE, body mass, food, niggles, symptoms.

    Asked interactively on a terminal (Enter keeps yesterday's answers; one "anything unusual?"
    question, Enter = no); every item is also a flag for scripts. Hooper scale: 1 = very, very
    good … 7 = very, very bad. Symptoms that need a professional are shown right away.

    Example:

        recoverwell checkin --sleep 2 --fatigue 4 --stress 3 --soreness 5 --mood 2 \\
            --motivation 2 --mass 57.2kg --niggle calf,left,3 --rpe 12=6 --no-ask
    """
    reported = (
        sudden_pop,
        chest_pain,
        fever,
        head_cold,
        heat_signs,
        long_run_symptoms,
        missed_periods,
        low_mood,
        self_harm_thoughts,
        unexplained_signs,
    )
    symptoms: dict[str, bool | None] = {
        item: True if flag else None for item, flag in zip(SYMPTOM_ITEMS, reported, strict=True)
    }
    with state(ctx).open() as ws:
        the_day = parse_day(day, "--day") or ws.today()
        answers: dict[str, float | None] = dict(
            zip(HOOPER_ITEMS, (sleep, fatigue, stress, soreness, mood, motivation), strict=True)
        )
        answers["body_mass_kg"] = parse_mass_kg(mass) if mass else None
        rpes = dict(parse_rpe(r) for r in rpe or [])
        niggles = [parse_niggle(n, the_day) for n in niggle or []] or ([] if no_niggles else None)
        bones = [parse_niggle(b, the_day, bone_pain=True) for b in bone_pain or []]
        masses = {"pre": mass_pre, "post": mass_post}
        if ask if ask is not None else sys.stdin.isatty():
            niggles = _ask(ws, the_day, answers, rpes, niggles)
            if not bones and not any(reported):
                bones = _ask_unusual(ws, the_day, symptoms, masses, cycle_day is not None)
        if bones:
            niggles = [*(niggles or []), *bones]
        entry = CheckIn(
            the_day,
            **answers,
            session_rpe=rpes,
            body_mass_pre_run_kg=parse_mass_kg(masses["pre"]) if masses["pre"] else None,
            body_mass_post_run_kg=parse_mass_kg(masses["post"]) if masses["post"] else None,
            fluid_during_run_ml=parse_volume_ml(drank_during) if drank_during else None,
            fluid_ml=parse_volume_ml(fluids) if fluids else None,
            carbohydrate_g=carbs,
            protein_g=protein,
            alcohol_drinks=alcohol,
            illness=ill,
            travel=travel,
            menstrual_cycle_day=cycle_day,
            niggles=niggles,
            ferritin_ng_ml=ferritin,
            haemoglobin_g_dl=haemoglobin,
            vitamin_d_nmol_l=vitamin_d,
            sudden_pop=symptoms["sudden_pop"],
            cardiac_symptoms=symptoms["cardiac_symptoms"],
            illness_systemic=symptoms["illness_systemic"],
            head_cold=symptoms["head_cold"],
            heat_illness_signs=symptoms["heat_illness_signs"],
            long_run_symptoms=symptoms["long_run_symptoms"],
            missed_periods_3m=symptoms["missed_periods_3m"],
            low_mood_2w=symptoms["low_mood_2w"],
            self_harm_thoughts=symptoms["self_harm_thoughts"],
            unexplained_signs=symptoms["unexplained_signs"],
        )
        if not entry.observations() and not rpes and niggles is None:
            raise InvalidValue(
                "checkin", "", "nothing to record: answer the questions or see --help"
            )
        result = record_checkin(ws, entry)
        flags = red_flags_on(ws, the_day)
    if json_:
        crisis = CRISIS_TEXT if any(f.action is Action.CRISIS_LINE for f in flags) else ""
        emit_json(
            {
                "result": result,
                "observations": entry.observations(),
                "red_flags": flags,
                "crisis": crisis,
            }
        )
        return
    console.print(
        f"Check-in for {result.day}: {result.new} new, {result.changed} changed, "
        f"{len(result.rpe_set)} session RPE, {result.niggles} niggles."
    )
    _show_flags(flags)
