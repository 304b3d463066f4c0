"""The options every command shares, declared once: ``--athlete``, ``--day``, ``--from/--to``,
``--format table|json|csv`` (``--json`` and ``--csv`` are its short forms), and how they are read.

``--athlete`` takes an id or a name; without it a command is for the workspace's only athlete,
and on a workspace with several it stops with one line listing them (``RECOVERWELL_ATHLETE``
sets a default for a shell). ``athlete_of`` is the one place the CLI resolves it.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from recoverwell.core.errors import InvalidValue

if TYPE_CHECKING:
    from recoverwell.app.scope import AthleteScope
    from recoverwell.app.workspace import Workspace
    from recoverwell.core.athlete import AthleteProfile

#: the environment variable an ``--athlete`` falls back to (app/athletes.py ATHLETE_ENV)
ATHLETE_ENV = "RECOVERWELL_ATHLETE"


class Format(StrEnum):
    """How a command prints: a table for people, JSON or CSV for scripts."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class ViewFormat(StrEnum):
    """How a command without rows prints (a verdict, a profile, a report): table or JSON."""

    TABLE = "table"
    JSON = "json"


AthleteOpt = Annotated[
    str | None,
    typer.Option(
        "--athlete",
        envvar=ATHLETE_ENV,
        metavar="ID|NAME",
        help="Athlete id or name (default: the workspace's only athlete; with several, "
        "required unless RECOVERWELL_ATHLETE is set).",
    ),
]
DayOpt = Annotated[
    str | None,
    typer.Option("--day", "--date", metavar="YYYY-MM-DD", help="The day (default: today)."),
]
FromOpt = Annotated[
    str | None, typer.Option("--from", metavar="YYYY-MM-DD", help="First day, YYYY-MM-DD.")
]
ToOpt = Annotated[
    str | None, typer.Option("--to", metavar="YYYY-MM-DD", help="Last day, YYYY-MM-DD.")
]
FormatOpt = Annotated[
    Format, typer.Option("--format", help="table (for people), json or csv (for scripts).")
]
ViewFormatOpt = Annotated[
    ViewFormat, typer.Option("--format", help="table (for people) or json (for scripts).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="Same as --format csv.")]


def parse_day(text: str | None, option: str = "--day") -> date | None:
    """A YYYY-MM-DD option value (None when not given); InvalidValue names the option."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as err:
        raise InvalidValue(option, text, "expected a date as YYYY-MM-DD") from err


def parse_span(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """``--from`` and ``--to`` as days; InvalidValue when the span runs backwards."""
    first, last = parse_day(start, "--from"), parse_day(end, "--to")
    if first is not None and last is not None and first > last:
        raise InvalidValue("--from", start, f"is after --to {end}")
    return first, last


def output_format(
    chosen: Format | ViewFormat = Format.TABLE, json_: bool = False, csv_: bool = False
) -> Format:
    """The format asked for by ``--format`` or its short forms; two different ones is an error."""
    asked = {Format(chosen.value)} if chosen.value != Format.TABLE else set()
    asked |= {Format.JSON} if json_ else set()
    asked |= {Format.CSV} if csv_ else set()
    if len(asked) > 1:
        raise InvalidValue("--format", "/".join(sorted(asked)), "choose one output format")
    return asked.pop() if asked else Format.TABLE


def athlete_of(ws: Workspace, given: str | None) -> AthleteProfile:
    """The athlete a command is for: ``--athlete`` (id or name, or RECOVERWELL_ATHLETE), else
    the workspace's only athlete; with several and none given, NotFound lists them."""
    from recoverwell.app.athletes import find_athlete  # not at start-up (root.py)

    return find_athlete(ws, given)


def athlete_scope(ws: Workspace, given: str | None) -> AthleteScope:
    """The scope of the athlete a command is for (``athlete_of``), as this workspace's actor:
    the one place a command turns ``--athlete`` into the object its use cases take."""
    athlete = athlete_of(ws, given)
    if athlete.id is None:  # pragma: no cover - stored athletes have ids
        raise InvalidValue("--athlete", given, "that athlete is not stored")
    return ws.scope(ws.actor, athlete.id)


def athlete_id_of(ws: Workspace, given: str | None) -> int:
    """``athlete_of``'s id (a stored athlete always has one)."""
    athlete = athlete_of(ws, given)
    if athlete.id is None:  # pragma: no cover - stored athletes have ids
        raise InvalidValue("--athlete", given, "that athlete is not stored")
    return athlete.id
