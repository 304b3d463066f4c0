"""The root command: global options, the error policy, and the registered sub-commands.

Exit codes (also in docs/cli.md):

- 0: success
- 1: a user or data error; one line on stderr says what and where
- 2: a usage error (unknown option, bad argument type); Click prints the usage
- 3: partial: ``import --strict`` rejected at least one file (the others were imported), or
  ``nightly`` could not update at least one athlete (the others were updated)
- 70: an internal error (a bug in recoverwell): one line on stderr asks for a report;
  ``RECOVERWELL_DEBUG=1`` shows the traceback instead
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from recoverwell import __version__
from recoverwell.cli.commands import (
    activities,
    activity,
    athlete,
    checkin,
    db,
    demo,
    gear,
    import_,
    init,
    metrics,
    nightly,
    readiness,
    signals,
    trends,
    weeks,
)
from recoverwell.cli.output import err_console
from recoverwell.cli.state import CliState
from recoverwell.core.errors import RecoverwellError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_PARTIAL = import_.EXIT_PARTIAL
EXIT_INTERNAL = 70  # sysexits.h EX_SOFTWARE: a bug, not the user's input
DEBUG_ENV = "RECOVERWELL_DEBUG"


class RecoverwellGroup(TyperGroup):
    """Turns any RecoverwellError raised by a command into one line on stderr and exit code 1;
    anything else that escapes (a bug) into one line and exit code 70, never a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RecoverwellError as err:
            err_console.print(f"Error: {err}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(EXIT_ERROR) from err
        except (typer.TyperException, typer.Exit, typer.Abort):  # usage errors, exits: Click's
            raise
        except BrokenPipeError as err:  # `recoverwell trends | head`: the reader left; go quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # nothing more to flush at exit
            raise typer.Exit(EXIT_ERROR) from err
        except Exception as err:
            if os.environ.get(DEBUG_ENV):
                raise
            err_console.print(
                f"Internal error: {type(err).__name__}: {err}. This is a bug in recoverwell: "
                f"please report it (run again with {DEBUG_ENV}=1 for the traceback).",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from err


app = typer.Typer(
    cls=RecoverwellGroup,
    name="recoverwell",
    help="Recovery monitoring and advice for high-mileage runners and their coaches.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"recoverwell {__version__}")
        raise typer.Exit


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="RECOVERWELL_DB",
            help="Database URL (sqlite:///file.db or postgresql+psycopg://…). "
            "Default: recoverwell.db in the data directory.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Recovery monitoring and advice for high-mileage runners and their coaches.

    Example:

        recoverwell init --name "Ana" --units mi --timezone America/Denver
    """
    ctx.obj = CliState(db=db)


app.command("init")(init.init)
app.command("demo")(demo.demo)
app.command("import")(import_.import_)
app.command("activities")(activities.activities)
app.command("checkin")(checkin.checkin)
app.command("readiness")(readiness.readiness)
app.command("trends")(trends.trends)
app.command("metrics")(metrics.metrics)
app.command("nightly")(nightly.nightly)
app.command("weeks")(weeks.weeks)
app.command("gear")(gear.gear)
app.add_typer(activity.app, name="activity")
app.add_typer(athlete.app, name="athlete")
app.add_typer(db.app, name="db")
app.add_typer(signals.app, name="signals")
