"""``recoverwell readiness``: today's verdict, factor by factor, with the disclaimer."""

from __future__ import annotations

import typer
from rich.console import Group, RenderableType
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
from recoverwell.cli.options import (
    AthleteOpt,
    DayOpt,
    Format,
    JsonOpt,
    ViewFormat,
    ViewFormatOpt,
    athlete_of,
    output_format,
    parse_day,
)
from recoverwell.cli.output import SYNTHETIC_LABEL, console, emit_json
from recoverwell.cli.state import state
from recoverwell.core.athlete import AthleteProfile

#: The table's z is oriented (docs/readiness.md): a high resting HR or a worse check-in is −.
Z_LEGEND = (
    "z: SDs from your normal (sleep: hours from your need), + = better recovered: a high resting "
    "HR or a worse check-in is −"
)
#: from this console width the table also shows each factor's weight
WIDE_COLUMNS = 100
LIGHT_STYLE = {Light.GREEN: "green", Light.AMBER: "yellow", Light.RED: "red", Light.GREY: "dim"}


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
    table = Table(box=None, padding=(0, 1), header_style="bold")
    wide = console.width >= WIDE_COLUMNS
    columns = ("Factor", "Today", "Normal", "z", "Weight", "Points", "Reading")
    for column in columns if wide else tuple(c for c in columns if c != "Weight"):
        table.add_column(column, justify="left" if column in ("Factor", "Reading") else "right")
    table.columns[0].no_wrap = True
    for c in verdict.components:
        weight = (f"{c.weight:.2f}",) if wide else ()
        table.add_row(
            COMPONENT_TITLES[c.key],
            component_value(c),
            component_baseline(c),
            component_z(c),
            *weight,
            f"{c.contribution:+.1f}" if c.used else "–",
            component_reading(c),
        )
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
    with state(ctx).open() as ws:
        profile = athlete_of(ws, athlete)
        verdict = ws.readiness(morning, athlete_id=profile.id)
    if out is Format.JSON:
        words = explain(verdict, profile.units)
        emit_json({"athlete_id": profile.id, "readiness": verdict, "explanation": words})
        return
    console.print(readiness_panel(verdict, profile))
