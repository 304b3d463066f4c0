"""``recoverwell init``: create the workspace and its athlete."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from recoverwell.app.setup import init_workspace
from recoverwell.cli.output import console, emit_json
from recoverwell.cli.state import command_hint, state
from recoverwell.core.units import UnitSystem


def init(
    ctx: typer.Context,
    name: Annotated[str, typer.Option(help="The athlete's name.")] = "Runner",
    units: Annotated[UnitSystem, typer.Option(help="Display units: mi or km.")] = UnitSystem.MI,
    timezone: Annotated[
        str | None,
        typer.Option(
            help="IANA timezone of the athlete's days, e.g. Europe/London. Default: this machine's."
        ),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Create the workspace (database + schema) and its athlete; safe to run again.

    Example:

    \b
        recoverwell init --name "Ana" --units mi --timezone America/Denver
    """
    result = init_workspace(state(ctx).db, name=name, units=units, timezone=timezone)
    if json_:
        emit_json(result)
        return
    verb = "Created" if result.created_athlete else "Workspace already has"
    console.print(f"Workspace: {result.url}")
    console.print(f"{verb} athlete [bold]{result.athlete.name}[/bold] (id {result.athlete.id})")
    hint = command_hint(ctx, "athlete", "set", "--hr-max", "188", "--hr-rest", "45")
    console.print(f"Next: [bold]{escape(hint)}[/bold]", soft_wrap=True)
