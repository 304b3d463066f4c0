"""``recoverwell checkin``: the 30-second morning check-in, asked or given as flags."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from datetime import date
from functools import partial
from typing import Annotated, Any, TypeVar, cast

import typer

from recoverwell.advice.explain import CRISIS_TEXT, finding_text
from recoverwell.advice.findings import Action, Finding, Severity
from recoverwell.app.checkin import (
    HOOPER_ITEMS,
    HOOPER_LABELS,
    SYMPTOM_ITEMS,
    SYMPTOM_QUESTIONS,
    CheckIn,
    activities_to_rate,
    parse_niggle,
    parse_rpe,
    record_checkin,
    red_flags_on,
    symptom_answers,
    tracks_cycle,
)
from recoverwell.app.checkin_answers import (
    DayAnswers,
    MassJump,
    day_answers,
    hooper_text,
    mass_jump,
    niggles_text,
    parse_bone_pain,
    parse_hooper,
    parse_mass,
    parse_niggles,
    parse_rpe_value,
    parse_run_masses,
    parse_which,
)
from recoverwell.app.contract.documents import checkin_json
from recoverwell.app.scope import AthleteScope
from recoverwell.cli.options import (
    AthleteOpt,
    DayOpt,
    Format,
    JsonOpt,
    ViewFormat,
    ViewFormatOpt,
    athlete_scope,
    output_format,
    parse_day,
)
from recoverwell.cli.output import console, emit_json
from recoverwell.cli.state import state
from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.errors import InvalidValue
from recoverwell.core.signals import signal
from recoverwell.core.units import (
    UnitSystem,
    distance_in,
    format_duration,
    format_mass,
    mass_unit,
    parse_volume_ml,
)

T = TypeVar("T")
#: The Hooper flags (``--sleep``) → their items, by name.
HOOPER_FLAGS = {
    "sleep": "hooper_sleep",
    "fatigue": "hooper_fatigue",
    "stress": "hooper_stress",
    "soreness": "hooper_soreness",
    "mood": "mood",
    "motivation": "motivation",
}
#: The "anything unusual?" list, in the order it is shown (missed periods last, and only for
#: athletes who track a cycle, so the other numbers never move).
UNUSUAL = ("bone_pain", *(s for s in SYMPTOM_ITEMS if s != "missed_periods_3m"))
_YES, _NO = ("y", "yes"), ("n", "no")


def _prompt(text: str, parse: Callable[[str], T], default: str = "", kept: object = None) -> T:
    """Ask until the answer parses: a bad answer says why and asks again (nothing is lost).

    ``default`` is shown and Enter takes it; with ``kept`` (today's stored answer, whose text
    ``default`` is) Enter returns that value exactly, not its rounded text read back.
    """

    def checked(value: str) -> T:
        if kept is not None and default and value == default:
            return cast(T, kept)
        try:
            return parse(value)
        except InvalidValue as err:
            raise typer.BadParameter(str(err)) from None

    result: T = typer.prompt(text, default=default, show_default=bool(default), value_proc=checked)
    return result


def _yes_no_enter(text: str) -> str:
    """The "anything unusual?" answer: ``y``, ``n`` or Enter (nothing else is taken as a no)."""
    answer = text.strip().lower()
    if answer not in ("", *_YES, *_NO):
        raise InvalidValue("answer", text, "y or n, or Enter")
    return answer


def _from_flags(p: Mapping[str, Any], day: date, units: UnitSystem) -> dict[str, Any]:
    """The CheckIn fields the flags give (``None`` = not given), read in the athlete's units."""
    for given, none in (("niggle", "no_niggles"), ("bone_pain", "no_bone_pain")):
        if p[given] and p[none]:
            flag = "--" + none.replace("_", "-")
            raise InvalidValue(flag, True, f"--{given.replace('_', '-')} was given too: not both")
    niggles = [parse_niggle(n, day) for n in p["niggle"] or []]
    bones = [parse_niggle(b, day, bone_pain=True) for b in p["bone_pain"] or []]

    def mass(flag: str, field: str) -> float | None:
        return parse_mass(p[flag], units, field) if p[flag] else None

    def volume(flag: str) -> float | None:
        return parse_volume_ml(p[flag], units) if p[flag] else None

    return {
        **{item: p[flag] for flag, item in HOOPER_FLAGS.items()},
        **symptom_answers({name: p[name] for name in SYMPTOM_QUESTIONS}),
        "session_rpe": dict(parse_rpe(r) for r in p["rpe"] or []),
        "body_mass_kg": mass("mass", "body_mass_kg"),
        "body_mass_pre_run_kg": mass("mass_pre", "body_mass_pre_run_kg"),
        "body_mass_post_run_kg": mass("mass_post", "body_mass_post_run_kg"),
        "fluid_during_run_ml": volume("drank_during"),
        "fluid_ml": volume("fluids"),
        "niggles": niggles or ([] if p["no_niggles"] else None),
        "bone_pain_sites": bones or ([] if p["no_bone_pain"] else None),
        "carbohydrate_g": p["carbs"],
        "protein_g": p["protein"],
        "alcohol_drinks": p["alcohol"],
        "illness": p["ill"],
        "travel": p["travel"],
        "menstrual_cycle_day": p["cycle_day"],
        "ferritin_ng_ml": p["ferritin"],
        "haemoglobin_g_dl": p["haemoglobin"],
        "vitamin_d_nmol_l": p["vitamin_d"],
    }


def _jump_text(jump: MassJump, units: UnitSystem) -> str:
    return (
        f"Body mass {format_mass(jump.mass_kg, units)} is {jump.change_pct:+.1f} % from "
        f"{format_mass(jump.previous_kg, units)} on {jump.previous_day} "
        f"(over {jump.limit_pct:g} % is rarely the body: a typo, or the other unit?)."
    )


def _ask_mass(
    scope: AthleteScope, fields: dict[str, Any], today: DayAnswers, who: AthleteProfile
) -> None:
    """Morning body mass (today's is the default); a big jump is confirmed or typed again."""
    units = who.units
    kept = today.values.get("body_mass_kg")
    default = format_mass(kept, units) if kept is not None else ""

    def parse(text: str) -> float | None:
        return parse_mass(text, units) if text.strip() else None

    mass = fields["body_mass_kg"]
    if mass is None:
        hint = f"{mass_unit(units)}, or 57kg / 126lb; Enter {'keeps' if kept else 'skips'}"
        mass = _prompt(f"Morning body mass ({hint})", parse, default, kept)
    while mass is not None and mass != kept:
        jump = mass_jump(scope, today.day, mass)
        if jump is None or typer.confirm(f"{_jump_text(jump, units)} Keep it?", default=False):
            break
        mass = _prompt("Morning body mass (Enter skips)", parse)
    fields["body_mass_kg"] = mass


def _ask(
    scope: AthleteScope, fields: dict[str, Any], today: DayAnswers, who: AthleteProfile
) -> None:
    """Ask what the flags did not give; the day's answers are the defaults (Enter keeps them)."""
    units = who.units
    missing = [s for s in HOOPER_ITEMS if fields[s] is None]
    if missing:
        labels = ", ".join(HOOPER_LABELS[s] for s in missing)
        fields |= _prompt(
            f"{labels} (1 = very good … 7 = very bad; - skips)",
            partial(parse_hooper, items=missing),
            hooper_text(today, missing),
        )
    for stored in activities_to_rate(scope, today.day):
        if stored.id in fields["session_rpe"]:
            continue
        a = stored.activity
        what = f"{stored.local_date} {a.name or a.sport.value} {format_duration(a.elapsed_s)}"
        if a.distance_m:
            what += f" {distance_in(a.distance_m, units):.1f} {units.value}"
        field = f"rpe for activity {stored.id}"
        rpe = _prompt(
            f"Session RPE for {what} (0–10, Enter skips)", partial(parse_rpe_value, field=field)
        )
        if rpe is not None:
            fields["session_rpe"][stored.id] = rpe
    _ask_mass(scope, fields, today, who)
    if fields["niggles"] is None:
        aches = list(today.aches)
        hint = "Enter keeps them, - = none" if aches else "Enter = none"
        fields["niggles"] = _prompt(
            f"Niggles (calf,left,3[,gait]; several with ; ; {hint})",
            partial(parse_niggles, day=today.day),
            niggles_text(aches),
            aches or None,
        )


def _ask_unusual(
    scope: AthleteScope, fields: dict[str, Any], today: DayAnswers, who: AthleteProfile, cycle: bool
) -> None:
    """One quick "anything unusual?" question; only a "y" lists the red-flag items.

    What was reported earlier today is shown and kept on Enter; "n" takes it all back, and an
    item left out of a new list is recorded as "no".
    """
    before = [*(("bone_pain",) if today.bone_pain else ()), *today.reported]
    question = "Anything unusual today? (y, Enter = no)"
    if before:
        console.print(f"Reported today: {'; '.join(signal(s).title for s in before)}")
        question = "Anything unusual today? (Enter keeps that, y = change it, n = none now)"
    answer = _prompt(question, _yes_no_enter)
    if answer == "" or (answer in _NO and not before):
        return
    cycle = cycle or tracks_cycle(scope, today.day)
    items = [*UNUSUAL, *(("missed_periods_3m",) if cycle else ())]
    chosen: list[str] = []
    if answer in _YES:
        for number, item in enumerate(items, 1):
            console.print(f"  {number:>2}  {signal(item).title}")
        default = " ".join(str(items.index(s) + 1) for s in before if s in items)
        picks = _prompt(
            "Which? (numbers, e.g. 1 4; - = none)", partial(parse_which, count=len(items)), default
        )
        chosen = [items[n - 1] for n in picks]
    for item in items[1:]:
        if item in chosen:
            fields[item] = True
        elif item in before:
            fields[item] = False  # reported earlier today, taken back now
    if "bone_pain" in chosen:
        fields["bone_pain_sites"] = _prompt(
            "Where is the bone pain? location,side,pain (e.g. shin,left,4)",
            partial(parse_bone_pain, day=today.day),
            niggles_text(today.bone_pain),
            list(today.bone_pain) or None,
        )
    elif "bone_pain" in before:
        fields["bone_pain_sites"] = []  # reported earlier today, taken back now
    if "long_run_symptoms" in chosen:
        _ask_run_masses(fields, today, who.units)


def _ask_run_masses(fields: dict[str, Any], today: DayAnswers, units: UnitSystem) -> None:
    """Body mass before and after the run, for R7 (today's pair is the default)."""
    if fields["body_mass_pre_run_kg"] is not None and fields["body_mass_post_run_kg"] is not None:
        return
    pre, post = (today.values.get(s) for s in ("body_mass_pre_run_kg", "body_mass_post_run_kg"))
    default, kept = "", None
    if pre is not None and post is not None:
        default, kept = f"{format_mass(pre, units)} {format_mass(post, units)}", (pre, post)
    masses = _prompt(
        "Body mass before and after that run (e.g. 57.2kg 57.6kg; Enter "
        f"{'keeps them' if kept else 'skips'})",
        partial(parse_run_masses, units=units),
        default,
        kept,
    )
    if masses is not None:
        fields["body_mass_pre_run_kg"], fields["body_mass_post_run_kg"] = masses


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


def _yes_no(name: str, text: str) -> Any:
    """A red-flag question as ``--name`` (yes) / ``--no-name`` (no: takes back today's yes)."""
    return typer.Option(f"--{name}/--no-{name}", help=text)


YesNo = bool | None


def checkin(
    ctx: typer.Context,
    day: DayOpt = None,
    athlete: AthleteOpt = None,
    sleep: Annotated[int | None, typer.Option(min=1, max=7, help="Sleep quality, 1–7.")] = None,
    fatigue: Annotated[int | None, typer.Option(min=1, max=7, help="Fatigue, 1–7.")] = None,
    stress: Annotated[int | None, typer.Option(min=1, max=7, help="Stress, 1–7.")] = None,
    soreness: Annotated[int | None, typer.Option(min=1, max=7, help="Soreness, 1–7.")] = None,
    mood: Annotated[
        int | None, typer.Option(min=1, max=7, help="Mood, 1–7 (7 = very low).")
    ] = None,
    motivation: Annotated[
        int | None, typer.Option(min=1, max=7, help="Motivation, 1–7 (7 = none).")
    ] = None,
    rpe: Annotated[list[str] | None, typer.Option(help="Session RPE, ACTIVITY_ID=0–10.")] = None,
    mass: Annotated[
        str | None,
        typer.Option(help="Morning body mass in your unit (kg, or lb with miles), or 57kg/126lb."),
    ] = None,
    mass_pre: Annotated[str | None, typer.Option(help="Body mass before a run.")] = None,
    mass_post: Annotated[str | None, typer.Option(help="Body mass after it.")] = None,
    drank_during: Annotated[str | None, typer.Option(help="Fluid drunk in that run.")] = None,
    fluids: Annotated[
        str | None,
        typer.Option(
            help="Fluids today in your unit (mL, or US fl oz with miles), or 500ml/16oz/2.5l."
        ),
    ] = None,
    carbs: Annotated[float | None, typer.Option(help="Carbohydrate, g.")] = None,
    protein: Annotated[float | None, typer.Option(help="Protein, g.")] = None,
    niggle: Annotated[
        list[str] | None, typer.Option(help="location,side,pain[,gait], e.g. calf,left,3.")
    ] = None,
    no_niggles: Annotated[
        bool, typer.Option("--no-niggles", help="Nothing hurts (takes back today's niggles).")
    ] = False,
    ill: Annotated[bool | None, typer.Option("--ill/--not-ill", help="Feeling ill?")] = None,
    travel: Annotated[bool | None, typer.Option("--travel/--no-travel", help="Travelled?")] = None,
    alcohol: Annotated[float | None, typer.Option(help="Alcohol, standard drinks.")] = None,
    cycle_day: Annotated[int | None, typer.Option(help="Menstrual-cycle day.")] = None,
    bone_pain: Annotated[
        list[str] | None,
        typer.Option(help="Bone pain (hurts to press, worse running/at night): shin,left,4."),
    ] = None,
    no_bone_pain: Annotated[
        bool, typer.Option("--no-bone-pain", help="No bone pain (takes back today's report).")
    ] = False,
    sudden_pop: Annotated[
        YesNo, _yes_no("sudden-pop", "Sudden pop/snap in calf or Achilles, joint giving way.")
    ] = None,
    chest_pain: Annotated[
        YesNo, _yes_no("chest-pain", "Chest pain, fainting, palpitations with dizziness, …")
    ] = None,
    fever: Annotated[
        YesNo, _yes_no("fever", "Fever, chills, body aches, chest cough, vomiting/diarrhoea.")
    ] = None,
    head_cold: Annotated[YesNo, _yes_no("head-cold", "Cold symptoms above the neck only.")] = None,
    heat_signs: Annotated[
        YesNo, _yes_no("heat-signs", "Confusion, collapse, no sweating, very hot skin (heat).")
    ] = None,
    long_run_symptoms: Annotated[
        YesNo,
        _yes_no("long-run-symptoms", "Headache, nausea, confusion, swelling after a long run."),
    ] = None,
    missed_periods: Annotated[
        YesNo, _yes_no("missed-periods", "No period for 3 months or more.")
    ] = None,
    low_mood: Annotated[
        YesNo, _yes_no("low-mood", "Low mood, no interest or anxiety most days for 2+ weeks.")
    ] = None,
    self_harm_thoughts: Annotated[
        YesNo, _yes_no("self-harm-thoughts", "Thoughts of harming yourself, or feeling hopeless.")
    ] = None,
    unexplained_signs: Annotated[
        YesNo,
        _yes_no(
            "unexplained-signs", "Unexplained weight loss, night sweats, blood in urine/stool."
        ),
    ] = None,
    ferritin: Annotated[float | None, typer.Option(help="Ferritin result, ng/mL.")] = None,
    haemoglobin: Annotated[float | None, typer.Option(help="Haemoglobin result, g/dL.")] = None,
    vitamin_d: Annotated[float | None, typer.Option(help="25(OH)D result, nmol/L.")] = None,
    ask: Annotated[
        bool | None,
        typer.Option("--ask/--no-ask", help="Ask for missing answers (default: on a terminal)."),
    ] = None,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Record today's check-in: Hooper items, session RPE, body mass, food, niggles, symptoms.

    Asked interactively on a terminal: today's answers are the defaults (else yesterday's
    Hooper answers), so Enter keeps them; a bad answer is asked again; one "anything unusual?"
    question, Enter = no. Every item is also a flag for scripts; a red-flag flag has a "no"
    (--no-chest-pain) that takes back that day's "yes". Body mass and fluids are in your units
    unless you write one. Hooper scale: 1 = very, very good … 7 = very, very bad. Symptoms that
    need a professional are shown right away.

    Example:

    \b
        recoverwell checkin --sleep 2 --fatigue 4 --stress 3 --soreness 5 --mood 2 \\
            --motivation 2 --mass 57.2kg --niggle calf,left,3 --rpe 12=6 --no-ask
    """
    # The options are read by name from ctx.params (one keyed table per group, no positions).
    out = output_format(fmt, json_)
    with state(ctx).open() as ws:
        scope = athlete_scope(ws, athlete)
        who = scope.profile
        the_day = parse_day(day) or scope.today()
        units = who.units
        fields = _from_flags(ctx.params, the_day, units)
        today = day_answers(scope, the_day)
        jump = None
        if ask if ask is not None else sys.stdin.isatty():
            _ask(scope, fields, today, who)
            if fields["bone_pain_sites"] is None and all(fields[s] is None for s in SYMPTOM_ITEMS):
                _ask_unusual(scope, fields, today, who, cycle_day is not None)
        elif fields["body_mass_kg"] not in (None, today.values.get("body_mass_kg")):
            jump = mass_jump(scope, the_day, fields["body_mass_kg"])
        result = record_checkin(scope, CheckIn(the_day, **fields))
        flags = red_flags_on(scope, the_day)
    if out is Format.JSON:
        crisis = CRISIS_TEXT if any(f.action is Action.CRISIS_LINE for f in flags) else ""
        emit_json(checkin_json(result, jump, flags, crisis))
        return
    removed = f" ({result.niggles_removed} taken back)" if result.niggles_removed else ""
    console.print(
        f"Check-in for {result.day}: {result.new} new, {result.changed} changed, "
        f"{len(result.rpe_set)} session RPE, {result.niggles} niggles{removed}."
    )
    if jump is not None:
        console.print(f"[yellow]Stored, but check it:[/yellow] {_jump_text(jump, units)}")
    _show_flags(flags)
