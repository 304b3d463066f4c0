"""The root command: global options, the error policy, and the sub-commands, loaded lazily.

Exit codes (also in docs/cli.md; the constants are in cli/exits.py):

- 0: success
- 1: a user or data error; one line on stderr says what and where
- 2: a usage error (unknown option, bad argument type); Click prints the usage
- 3: partial: ``import --strict`` rejected at least one file (the others were imported), or
  ``nightly`` could not update at least one athlete (the others were updated)
- 70: an internal error (a bug in recoverwell): one line on stderr asks for a report;
  ``RECOVERWELL_DEBUG=1`` shows the traceback instead

Start-up time (issue 12 item 6): this module imports Typer and nothing of the app. A
sub-command's module is imported when that command runs or its help is shown, so
``recoverwell --version`` and ``--help`` load no store, numpy, Rich or readers
(tests/cli/test_root.py; ``bench/cli_bench.py`` measures it). Help is Click's plain text:
Typer's Rich help would load Rich's Markdown renderer on every ``--help``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass
from importlib import import_module
from typing import Annotated, Any

import typer
from typer._click import Command, Context, HelpFormatter
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup
from typer.main import get_command_from_info, get_group_from_info
from typer.models import CommandInfo, TyperInfo

from recoverwell import __version__
from recoverwell.cli.exits import (
    EXIT_ERROR,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    error_text,
)
from recoverwell.cli.state import CliState
from recoverwell.core.errors import RecoverwellError

DEBUG_ENV = "RECOVERWELL_DEBUG"
COMMANDS_PACKAGE = "recoverwell.cli.commands"
#: the width Click gives short help beside the command names (its own default)
SHORT_HELP_PAD = 6


@dataclass(frozen=True, slots=True)
class LazyCommand:
    """A sub-command imported only when it runs or its help is shown.

    ``attr`` names the command function, or the sub-command group's ``typer.Typer``, in
    ``recoverwell.cli.commands.<module>``; ``summary`` is the first line of its help, which
    ``recoverwell --help`` lists without importing it (a test checks it is the command's own).
    """

    module: str
    attr: str
    summary: str


#: Every sub-command, in the order ``recoverwell --help`` lists them.
COMMANDS: dict[str, LazyCommand] = {
    "init": LazyCommand(
        "init",
        "init",
        "Create the workspace (database + schema) and its first athlete; safe to run again.",
    ),
    "demo": LazyCommand(
        "demo",
        "demo",
        "Create the workspace if needed and (re)load the synthetic demo athlete.",
    ),
    "import": LazyCommand(
        "import_",
        "import_",
        "Import activity files and recovery exports: files, folders, .zip and .gz, in place.",
    ),
    "activities": LazyCommand(
        "activities",
        "activities",
        "List activities by local training day, with distance and pace in the athlete's units.",
    ),
    "checkin": LazyCommand(
        "checkin",
        "checkin",
        "Record today's check-in: Hooper items, session RPE, body mass, food, niggles, symptoms.",
    ),
    "readiness": LazyCommand(
        "readiness",
        "readiness",
        "Today's readiness: a 0–100 score, a traffic light, the reasons, and each factor's part.",
    ),
    "trends": LazyCommand(
        "trends",
        "trends",
        "Recovery trends day by day: HRV against your normal band, resting HR, sleep, load.",
    ),
    "metrics": LazyCommand(
        "metrics",
        "metrics",
        "Print the daily training-load table: load, fitness, fatigue, form, ACWR, monotony, "
        "volume.",
    ),
    "nightly": LazyCommand(
        "nightly",
        "nightly",
        "Advance every athlete's stored training-load state to its last settled day.",
    ),
    "weeks": LazyCommand(
        "weeks",
        "weeks",
        "Week by week (Monday to Sunday): runs, distance, time, pace, longest run, climb, HR, "
        "load.",
    ),
    "gear": LazyCommand(
        "gear",
        "gear",
        "Miles on each pair of shoes (and each bike): sessions, distance, time, first and last "
        "use.",
    ),
    "activity": LazyCommand(
        "activity", "app", "One activity: show it with its load and problems, edit it, delete it."
    ),
    "athlete": LazyCommand(
        "athlete",
        "app",
        "Athletes: show or change a profile; add, list or remove athletes (a coach's).",
    ),
    "db": LazyCommand("db", "app", "Database schema: status and migrations."),
    "signals": LazyCommand("signals", "app", "Daily recovery signals from every source."),
}


class _Commands(MutableMapping[str, Command]):
    """The root's commands by name (``COMMANDS`` order); each is built on first access."""

    def __init__(self, load: Callable[[str], Command]) -> None:
        self._load = load
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = self._load(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        yield from COMMANDS
        yield from (name for name in self._built if name not in COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS.keys() | self._built.keys())


def _err_line(text: str) -> None:
    """One line on stderr (Rich's console, so a long line wraps at the terminal)."""
    from recoverwell.cli.output import err_console  # here: Rich loads only on an error

    err_console.print(text, markup=False, highlight=False, soft_wrap=True)


class RecoverwellGroup(TyperGroup):
    """The root group: sub-commands built from ``COMMANDS`` on first use; any RecoverwellError
    a command raises becomes one line on stderr and exit code 1, anything else that escapes (a
    bug) one line and exit code 70, never a traceback."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(self._build)

    def _build(self, name: str) -> Command:
        entry = COMMANDS[name]
        target = getattr(import_module(f"{COMMANDS_PACKAGE}.{entry.module}"), entry.attr)
        if isinstance(target, typer.Typer):
            return get_group_from_info(
                TyperInfo(target, name=name),
                pretty_exceptions_short=False,
                suggest_commands=self.suggest_commands,
                rich_markup_mode=self.rich_markup_mode,
            )
        return get_command_from_info(
            CommandInfo(name=name, callback=target),
            pretty_exceptions_short=False,
            rich_markup_mode=self.rich_markup_mode,
        )

    def list_commands(self, ctx: Context) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The command list from the summaries: ``--help`` imports no command module."""
        limit = formatter.width - SHORT_HELP_PAD - max(len(name) for name in COMMANDS)
        rows = [(name, make_default_short_help(c.summary, limit)) for name, c in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RecoverwellError as err:
            _err_line(f"Error: {error_text(err)}")
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
            _err_line(
                f"Internal error: {type(err).__name__}: {err}. This is a bug in recoverwell: "
                f"please report it (run again with {DEBUG_ENV}=1 for the traceback)."
            )
            raise typer.Exit(EXIT_INTERNAL) from err


app = typer.Typer(
    cls=RecoverwellGroup,
    name="recoverwell",
    help="Recovery monitoring and advice for high-mileage runners and their coaches.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
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

    \b
        recoverwell init --name "Ana" --units mi --timezone America/Denver
    """
    ctx.obj = CliState(db=db)


__all__ = [
    "COMMANDS",
    "EXIT_ERROR",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_PARTIAL",
    "EXIT_USAGE",
    "LazyCommand",
    "app",
]
