"""``recoverwell readiness``: today's verdict, factor by factor, with the disclaimer."""

from __future__ import annotations

from datetime import timedelta

import typer
from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from recoverwell.advice.component_words import (
    CLIPPED_NOTE,
    component_baseline,
    component_reading,
    component_value,
    component_z,
)
from recoverwell.advice.explain import COMPONENT_TITLES, DISCLAIMER, explain
from recoverwell.advice.readiness import Light, Readiness
from recoverwell.app.contract.documents import readiness_json
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
from recoverwell.cli.output import SYNTHETIC_LABEL, console, emit_json
from recoverwell.cli.state import command_hint, state
from recoverwell.cli.tables import Column, fitted_table, print_table
from recoverwell.core.athlete import AthleteProfile

#: The table's z is oriented (docs/readiness.md): a high resting HR or a worse check-in is −.
Z_LEGEND = (
    "z: SDs from your normal (sleep: hours from your need), + = better recovered: a high resting "
    "HR or a worse check-in is −"
)
#: the panel's border and padding: the factor table gets the console's width less these
PANEL_MARGIN = 4
FACTOR_COLUMNS = (  # priority: lower = left out sooner on a narrow terminal
    Column("Factor", "left", keep=True),
    Column("Today", priority=90),
    Column("Normal", priority=80),
    Column("z", priority=85),
    Column("Weight", priority=10),
    Column("Points", priority=70),
    Column("Reading", "left", keep=True, wrap=True),
)
#: The days before the verdict whose sessions without load are explained (the ACWR's 28 days).
LOAD_GAP_D = 28
LIGHT_STYLE = {Light.GREEN: "green", Light.AMBER: "yellow", Light.RED: "red", Light.GREY: "dim"}


def factors_table(verdict: Readiness) -> Table:
    """Each factor: today's value, its normal, z, weight, points and the reading in words;
    fitted to the panel it goes in."""
    rows = [
        [
            COMPONENT_TITLES[c.key],
            component_value(c),
            component_baseline(c),
            component_z(c),
            f"{c.weight:.2f}",
            f"{c.contribution:+.1f}" if c.used else "–",
            component_reading(c),
        ]
        for c in verdict.components
    ]
    return fitted_table(
        console,
        FACTOR_COLUMNS,
        rows,
        box=None,
        padding=(0, 1),
        header_style="bold",
        width=console.width - PANEL_MARGIN,
    )


def print_readiness(verdict: Readiness, athlete: AthleteProfile) -> None:
    """The panel on the console; piped, wide enough for every factor's cells."""
    print_table(
        console, readiness_panel(verdict, athlete), factors_table(verdict), margin=PANEL_MARGIN
    )


def readiness_panel(verdict: Readiness, athlete: AthleteProfile) -> Panel:
    """The verdict as a Rich panel: light and score, reasons, components, coverage, disclaimer."""
    words = explain(verdict, athlete.units)
    style = LIGHT_STYLE[verdict.light]
    score = "–" if verdict.score is None else f"{verdict.score:.0f}/100"
    head = Text.assemble(
        ("● ", style), (f"{verdict.light.value.upper()}  ", f"bold {style}"), (score, "bold")
    )
    head.append(f"   {words.headline}")
    reasons = Text("\n".join(f"• {line}" for line in words.reasons) or "• All signals usual.")
    title = f"Readiness {verdict.day.isoformat()}: {athlete.name}"
    if athlete.synthetic:
        title += f"  {SYNTHETIC_LABEL}"
    crisis = [Text(words.crisis, style="bold red"), Text("")] if words.crisis else []
    if words.urgent:  # stop and seek care: no score, no factors, no training advice
        body = [head, Text(""), *crisis, reasons, Text(""), Text(DISCLAIMER, style="dim italic")]
        return Panel(Group(*body), title=title, title_align="left", border_style=style)
    table = factors_table(verdict)
    sources = " · ".join(
        f"{COMPONENT_TITLES[c.key]} {c.source}" for c in verdict.components if c.source
    )
    notes = [f"{COMPONENT_TITLES[c.key]}: {c.note}" for c in verdict.components if c.note]
    clipped = any(component_z(c).endswith("*") for c in verdict.components)
    legend = [f"Sources: {sources or '–'}", Z_LEGEND, *([CLIPPED_NOTE] if clipped else [])]
    footer = "\n".join([words.coverage, *notes, *legend])
    parts: list[RenderableType] = [head, Text(""), *crisis, reasons, Text(""), table]
    parts.append(Text(footer, style="dim"))
    if words.actions:
        todo = "\n".join(f"→ {line}" for line in words.actions)
        parts += [Text(""), Text("Recovery actions today", style="bold"), Text(todo)]
    if words.more:
        more = Text("\n".join(f"· {line}" for line in words.more), style="dim")
        parts += [Text(""), more]
    parts += [Text(""), Text(DISCLAIMER, style="dim italic")]
    return Panel(Group(*parts), title=title, title_align="left", border_style=style)


def readiness(
    ctx: typer.Context,
    day: DayOpt = None,
    athlete: AthleteOpt = None,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Today's readiness: a 0–100 score, a traffic light, the reasons, and each factor's part.

    HRV, resting HR, sleep, the morning check-in and training load are each compared with your
    own normal; the data coverage says how much of that evidence is present.

    Example:

    \b
        recoverwell readiness --day 2026-11-23
    """
    morning, out = parse_day(day), output_format(fmt, json_)
    from recoverwell.app import verdict as verdicts  # the advice engine: only when asked

    with state(ctx).open() as ws:
        scope = athlete_scope(ws, athlete)
        profile = scope.profile
        verdict = verdicts.readiness(scope, morning)
        load = next((c for c in verdict.components if c.key == "load"), None)
        since = verdict.day - timedelta(days=LOAD_GAP_D)
        used = load is not None and load.used
        gap = None if used else verdicts.load_gap(scope, since, verdict.day)
    if out is Format.JSON:
        emit_json(readiness_json(scope.athlete_id, verdict, explain(verdict, profile.units), gap))
        return
    print_readiness(verdict, profile)
    if gap is not None:  # why the load factor is missing, and what to set
        who = ["--athlete", str(profile.id)] if athlete is not None else []
        command = command_hint(ctx, *gap.fix_args, *who) if gap.fix_args else None
        console.print(f"[dim]Training load: {escape(gap.text(command))}[/dim]", soft_wrap=True)
