"""The shared options (issue 12 item 10): every command takes --athlete (id or name), --day,
--from/--to and --format the same way, and a coach's workspace never falls back to "the first"
athlete."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from recoverwell.cli import app
from recoverwell.cli.exits import ACTION_TEXT
from recoverwell.cli.options import (
    ATHLETE_ENV,
    Format,
    ViewFormat,
    output_format,
    parse_day,
    parse_span,
)
from recoverwell.core.errors import InvalidValue

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None, input: str = ""):
    return runner.invoke(app, list(args), env=env, input=input)


def _leaves(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    if hasattr(command, "commands"):
        return [x for n, sub in command.commands.items() for x in _leaves(sub, (*path, n))]
    return [(path, command)]


LEAVES = dict(_leaves(get_command(app)))
#: commands that are not for one athlete: the workspace, the demo's own athlete, the roster
NOT_FOR_ONE_ATHLETE = {
    ("init",),
    ("demo",),
    ("db", "status"),
    ("db", "upgrade"),
    ("athlete", "add"),
    ("athlete", "list"),
    ("athlete", "remove"),  # the athlete is its argument, never a default
}
#: commands whose output is rows: --format offers csv as well
ROWS = {
    ("activities",),
    ("metrics",),
    ("weeks",),
    ("trends",),
    ("signals", "show"),
    ("gear",),
    ("nightly",),
    ("athlete", "list"),
}


def _option(command: Any, name: str) -> Any:
    return next((p for p in command.params if name in (*p.opts, *p.secondary_opts)), None)


def test_parse_day_names_the_option():
    assert parse_day("2026-11-23") == date(2026, 11, 23)
    assert parse_day(None) is None
    with pytest.raises(InvalidValue, match="--to='23/11/2026': expected a date as YYYY-MM-DD"):
        parse_day("23/11/2026", "--to")


def test_a_span_never_runs_backwards():
    assert parse_span("2026-11-01", "2026-11-30") == (date(2026, 11, 1), date(2026, 11, 30))
    assert parse_span(None, "2026-11-30") == (None, date(2026, 11, 30))
    with pytest.raises(InvalidValue, match="--from='2026-12-01': is after --to 2026-11-30"):
        parse_span("2026-12-01", "2026-11-30")


def test_json_and_csv_are_short_for_format():
    assert output_format() is Format.TABLE
    assert output_format(Format.JSON) is Format.JSON is output_format(json_=True)
    assert output_format(ViewFormat.JSON) is Format.JSON
    assert output_format(csv_=True) is Format.CSV
    assert output_format(Format.JSON, json_=True) is Format.JSON  # the same asked twice
    with pytest.raises(InvalidValue, match="choose one output format"):
        output_format(Format.CSV, json_=True)


def test_the_cli_and_the_app_name_the_same_environment_variable():
    assert ATHLETE_ENV == "RECOVERWELL_ATHLETE"
    assert ATHLETE_ENV in ACTION_TEXT["choose athlete"]  # the error names the same variable


@pytest.mark.parametrize("path", sorted(LEAVES), ids=" ".join)
def test_every_command_takes_the_shared_options(path):
    command = LEAVES[path]
    athlete = _option(command, "--athlete")
    if path in NOT_FOR_ONE_ATHLETE:
        assert athlete is None
    else:
        assert athlete is not None and athlete.metavar == "ID|NAME"
        # every command for one athlete falls back to RECOVERWELL_ATHLETE, except nightly
        assert athlete.envvar == (None if path == ("nightly",) else ATHLETE_ENV)
    fmt = _option(command, "--format")
    assert fmt is not None and _option(command, "--json") is not None
    choices = {f.value for f in fmt.type_descriptor.annotation}
    assert choices == ({"table", "json", "csv"} if path in ROWS else {"table", "json"})
    assert (_option(command, "--csv") is not None) == (path in ROWS)
    for name in ("--from", "--to", "--day", "--date"):
        option = _option(command, name)
        assert option is None or option.metavar == "YYYY-MM-DD", (path, name)


# --- a coach's workspace ----------------------------------------------------------------------


@pytest.fixture
def squad(sqlite_url):
    assert run("--db", sqlite_url, "init", "--name", "Ana", "--timezone", "UTC").exit_code == 0
    added = run("--db", sqlite_url, "athlete", "add", "--name", "Ben", "--timezone", "UTC")
    assert added.exit_code == 0, added.output
    assert "Added athlete Ben (id 2)" in added.stdout
    return sqlite_url


#: one invocation of each command for one athlete (the minimum it needs to run)
FOR_ONE = [
    ["readiness"],
    ["trends", "--days", "3"],
    ["metrics"],
    ["weeks"],
    ["activities"],
    ["gear"],
    ["checkin", "--sleep", "2", "--no-ask"],
    ["signals", "show"],
    ["signals", "priority"],
    ["athlete", "show"],
    ["athlete", "set", "--hr-max", "190"],
    ["activity", "show", "1"],
    ["import", "."],  # an existing folder: the athlete is chosen before anything is read
]


@pytest.mark.parametrize("args", FOR_ONE, ids=" ".join)
def test_without_athlete_a_coachs_workspace_says_which_there_are(squad, args):
    result = run("--db", squad, *args)
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines() == [
        "Error: this workspace has 2 athletes (1 Ana, 2 Ben): say which with --athlete ID or "
        "NAME, or set RECOVERWELL_ATHLETE"
    ]


def test_checkin_and_signals_are_for_the_athlete_named(squad):
    # issue 12 item 10: checkin and signals had no --athlete (they always took athlete 1)
    stored = run("--db", squad, "checkin", "--athlete", "ben", "--day", "2026-11-20",
                 "--sleep", "2", "--no-ask")  # fmt: skip
    assert stored.exit_code == 0, stored.output
    ben = run("--db", squad, "signals", "show", "--athlete", "2", "--from", "2026-11-20",
              "--to", "2026-11-20", "--json")  # fmt: skip
    assert [(v["signal"], v["value"]) for v in json.loads(ben.stdout)] == [("hooper_sleep", 2)]
    ana = run("--db", squad, "signals", "show", "--athlete", "Ana", "--from", "2026-11-20",
              "--to", "2026-11-20", "--json")  # fmt: skip
    assert json.loads(ana.stdout) == []
    order = run("--db", squad, "signals", "priority", "rhr_bpm", "garmin", "--athlete", "Ben")
    assert order.exit_code == 0, order.output
    assert json.loads(run("--db", squad, "signals", "priority", "--athlete", "Ana",
                          "--json").stdout) == {}  # fmt: skip


def test_the_environment_sets_a_default_athlete_and_the_option_wins(squad):
    env = {ATHLETE_ENV: "Ben"}
    shown = json.loads(run("--db", squad, "athlete", "show", "--json", env=env).stdout)
    assert shown["name"] == "Ben"
    chosen = run("--db", squad, "athlete", "show", "--athlete", "1", "--json", env=env)
    assert json.loads(chosen.stdout)["name"] == "Ana"


def test_an_unknown_athlete_is_one_line_listing_those_there_are(squad):
    result = run("--db", squad, "readiness", "--athlete", "Cy")
    assert result.exit_code == 1
    assert result.stderr == "Error: no athlete named 'Cy': this workspace has 1 Ana, 2 Ben\n"


@pytest.mark.parametrize(
    "args",
    [["athlete", "list"], ["metrics", "--athlete", "1"], ["readiness", "--athlete", "1"]],
    ids=" ".join,
)
def test_format_json_is_what_json_prints(squad, args):
    long_form = run("--db", squad, *args, "--format", "json")
    short = run("--db", squad, *args, "--json")
    assert long_form.exit_code == short.exit_code == 0, long_form.output
    assert json.loads(long_form.stdout) == json.loads(short.stdout)


def test_two_formats_at_once_is_one_line(squad):
    result = run("--db", squad, "athlete", "list", "--json", "--csv")
    assert result.exit_code == 1
    assert "choose one output format" in result.stderr


def test_csv_has_a_header_and_a_row_per_record(squad):
    lines = run("--db", squad, "athlete", "list", "--format", "csv").stdout.splitlines()
    assert lines[0] == "id,name,units,timezone,activities,daily_readings,last_activity,synthetic"
    assert [line.split(",")[1] for line in lines[1:]] == ["Ana", "Ben"]


def test_readiness_takes_day_and_keeps_date(squad):
    a = run("--db", squad, "readiness", "--athlete", "1", "--day", "2026-11-23", "--json")
    b = run("--db", squad, "readiness", "--athlete", "1", "--date", "2026-11-23", "--json")
    assert json.loads(a.stdout)["readiness"]["day"] == "2026-11-23"
    assert json.loads(a.stdout) == json.loads(b.stdout)
