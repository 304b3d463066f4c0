"""``recoverwell init``: create the workspace and its athlete; on a re-run, say what it did."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from recoverwell.app.setup import InitResult, init_workspace
from recoverwell.cli.options import Format, JsonOpt, ViewFormat, ViewFormatOpt, output_format
from recoverwell.cli.output import console, emit_json
from recoverwell.cli.state import command_hint, state
from recoverwell.core.units import UnitSystem


def init(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Option(help="The first athlete's name (default: Runner).")
    ] = None,
    units: Annotated[
        UnitSystem | None, typer.Option(help="Display units: mi or km (default: mi).")
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            help="IANA timezone of the athlete's days, e.g. Europe/London. Default: this machine's."
        ),
    ] = None,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Create the workspace (database + schema) and its first athlete; safe to run again.

    Run again, it brings the schema up to date and says so; options that match an existing
    athlete change nothing, options that match none are refused (exit 1, nothing applied): add
    athletes with `athlete add`, change one with `athlete set`.

    Example:

    \b
        recoverwell init --name "Ana" --units mi --timezone America/Denver
    """
    out = output_format(fmt, json_)
    result = init_workspace(state(ctx).db, name=name, units=units, timezone=timezone)
    if out is Format.JSON:
        emit_json(result)
        return
    for line in init_lines(result):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    who = [] if len(result.athletes) == 1 else ["--athlete", "ID"]
    hint = command_hint(ctx, "athlete", "set", *who, "--hr-max", "188", "--hr-rest", "45")
    console.print(f"Next: [bold]{escape(hint)}[/bold]", soft_wrap=True)


def init_lines(r: InitResult) -> list[str]:
    """What init did, one line each: the database and its schema, then the athlete(s)."""
    if r.created_database:
        schema = f"Created workspace {r.url} (schema {r.schema_to})."
    elif r.schema_from != r.schema_to:
        schema = f"Workspace {r.url}: schema upgraded {r.schema_from} → {r.schema_to}."
    else:
        schema = f"Workspace {r.url} exists (schema {r.schema_to}, up to date)."
    if r.created_athlete and r.athlete is not None:
        who = f"Created athlete {r.athlete.name} (id {r.athlete.id})."
    else:
        listed = ", ".join(f"{a.id} {a.name}" for a in r.athletes)
        who = f"Athletes: {listed}; none changed (athlete add / athlete set do that)."
    return [schema, who]
