"""``recoverwell nightly``: the scheduled job that brings every stored load state up to date."""

from __future__ import annotations

import math
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from recoverwell.app.contract.documents import load_state_updates_json
from recoverwell.app.contract.rows import load_state_update_row
from recoverwell.app.load_state import LoadStateUpdate, StateAction
from recoverwell.cli.exits import EXIT_PARTIAL
from recoverwell.cli.options import (
    CsvOpt,
    Format,
    FormatOpt,
    JsonOpt,
    athlete_id_of,
    output_format,
    parse_day,
)
from recoverwell.cli.output import console, emit_csv, emit_json
from recoverwell.cli.state import state
from recoverwell.cli.tables import Column, fitted_table, print_table

ACTION_STYLE = {
    StateAction.ADVANCED: "green",
    StateAction.REBUILT: "yellow",
    StateAction.UP_TO_DATE: "dim",
    StateAction.NO_TRAINING: "dim",
    StateAction.NOT_YET: "dim",
    StateAction.FAILED: "red",
}


#: the nightly state keeps the rolling windows, not the EWMAs: say which ratio this is
ACWR_LEGEND = (
    "ACWR 7:28: 7-day ÷ 28-day rolling mean load (coupled); `metrics` and `readiness` read "
    "Williams' EWMA ratio, which differs"
)


def _num(value: float, fmt: str = "{:.0f}") -> str:
    return "–" if math.isnan(value) else fmt.format(value)


def _days(u: LoadStateUpdate) -> str:
    if u.action is StateAction.ADVANCED:
        return f"+{u.days_added}"
    if u.action is StateAction.REBUILT:
        return f"{u.days_added} (all)"
    return "–"


UPDATE_COLUMNS = (  # priority: lower = left out sooner on a narrow terminal
    Column("Athlete", "left", keep=True),
    Column("Done", "left", keep=True),
    Column("Through", priority=90),
    Column("Days", priority=60),
    Column("Fitness", priority=70),
    Column("Fatigue", priority=69),
    Column("Form→", priority=80),
    Column("ACWR 7:28", priority=50),
)


def updates_table(updates: list[LoadStateUpdate]) -> Table:
    """One row per athlete: what was done, the through day and its load values."""
    rows = []
    for u in updates:
        style = ACTION_STYLE[u.action]
        rows.append(
            [
                escape(f"{u.name} ({u.athlete_id})"),
                f"[{style}]{u.action.value}[/{style}]",
                u.through_day.isoformat() if u.through_day else "–",
                _days(u),
                _num(u.fitness_au),
                _num(u.fatigue_au),
                _num(u.form_next_au, "{:+.0f}"),
                _num(u.acwr_coupled, "{:.2f}"),
            ]
        )
    return fitted_table(
        console,
        UPDATE_COLUMNS,
        rows,
        box=None,
        header_style="bold underline",
        padding=(0, 1),
        pad_edge=False,
    )


def nightly(
    ctx: typer.Context,
    through: Annotated[
        str | None,
        typer.Option(
            "--through",
            help="Last day to add, YYYY-MM-DD (default: each athlete's last settled"
            " day: trained on, or tracked through by a reading the morning after).",
        ),
    ] = None,
    athlete: Annotated[
        str | None,
        typer.Option(
            "--athlete", metavar="ID|NAME", help="Only this athlete (default: every athlete)."
        ),
    ] = None,
    fmt: FormatOpt = Format.TABLE,
    json_: JsonOpt = False,
    csv_: CsvOpt = False,
) -> None:
    """Advance every athlete's stored training-load state to its last settled day.

    Run it once a day (cron, systemd timer). New days are added to the stored fitness, fatigue
    and 28-day window without recomputing history; an athlete whose earlier data changed (a late
    import, a deleted run, an RPE entered afterwards, a profile change) is rebuilt, and the
    reason is printed. Days: "+N" days added, "N (all)" when rebuilt. Form→ is the form going
    into the next day (fitness − fatigue); ACWR 7:28 is the coupled rolling ratio (not the
    EWMA ratio `metrics` shows). An athlete whose
    history cannot be read is reported as failed, with the reason; the others are still
    updated, and the job exits 3 (partial) so a scheduler sees it. A session whose load cannot
    be computed does not fail its athlete: it counts without load (`activities --problems`).

    Example:

    \b
        recoverwell nightly
        recoverwell nightly --through 2026-11-24 --json
    """
    day, out = parse_day(through, "--through"), output_format(fmt, json_, csv_)
    with state(ctx).open() as ws:
        ids = None if athlete is None else [athlete_id_of(ws, athlete)]
        updates = ws.update_load_states(day, ids)
    rows = [load_state_update_row(u) for u in updates]
    if out is Format.JSON:
        emit_json(load_state_updates_json(rows))
    elif out is Format.CSV:
        emit_csv(rows, ("athlete_id",))
    else:
        render_updates(updates)
    if any(u.action is StateAction.FAILED for u in updates):
        raise typer.Exit(EXIT_PARTIAL)


def render_updates(updates: list[LoadStateUpdate]) -> None:
    """The table, then why each athlete was rebuilt, failed or not updated yet."""
    print_table(console, updates_table(updates))
    console.print(f"[dim]{ACWR_LEGEND}[/dim]", highlight=False)
    for u in updates:
        text = escape(f"{u.name}: {u.reason}")
        if u.action is StateAction.REBUILT:
            text = escape(f"{u.name}: rebuilt because {u.reason}")
            console.print(f"[dim]{text}[/dim]", highlight=False)
        elif u.action in (StateAction.FAILED, StateAction.NOT_YET):
            style = ACTION_STYLE[u.action]
            console.print(f"[{style}]{text}[/{style}]", highlight=False)
