"""``recoverwell db upgrade|status``: the database schema."""

from __future__ import annotations

import typer

from recoverwell.app.contract.documents import schema_status_json, schema_upgrade_json
from recoverwell.app.workspace import schema_status, upgrade_database
from recoverwell.cli.options import Format, JsonOpt, ViewFormat, ViewFormatOpt, output_format
from recoverwell.cli.output import console, emit_json
from recoverwell.cli.state import state

app = typer.Typer(help="Database schema: status and migrations.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(
    ctx: typer.Context,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Migrate the database to this version's schema (safe to run again).

    Example:

    \b
        recoverwell --db postgresql+psycopg://coach@db.club.org/recoverwell db upgrade
    """
    out = output_format(fmt, json_)
    before = schema_status(state(ctx).db)
    after = upgrade_database(state(ctx).db)
    if out is Format.JSON:
        emit_json(schema_upgrade_json(before, after))
    elif before.current == after.current:
        console.print(f"{after.url}: already at schema {after.current}")
    else:
        console.print(f"{after.url}: schema {before.current or 'empty'} → {after.current}")


@app.command("status")
def status(
    ctx: typer.Context,
    fmt: ViewFormatOpt = ViewFormat.TABLE,
    json_: JsonOpt = False,
) -> None:
    """Show the schema revision of the database and the one this version needs.

    Example:

    \b
        recoverwell db status --json
    """
    out = output_format(fmt, json_)
    current = schema_status(state(ctx).db)
    if out is Format.JSON:
        emit_json(schema_status_json(current))
        return
    if current.newer:
        console.print(current.newer_message())
        return
    note = "up to date" if current.up_to_date else "run `recoverwell db upgrade`"
    console.print(
        f"{current.url}: schema {current.current or 'empty'} (needs {current.head}) {note}"
    )
