"""The root's error policy: every failure is one line with a documented exit code, never a
traceback (issue #12 item 7)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer._click.utils import make_default_short_help
from typer.main import get_command
from typer.testing import CliRunner

from recoverwell.cli import app
from recoverwell.cli import commands as commands_package
from recoverwell.cli.root import COMMANDS as ROOT_COMMANDS
from recoverwell.cli.root import EXIT_INTERNAL

runner = CliRunner()
#: the exit codes docs/cli.md documents for a run that went wrong in a known way
DOCUMENTED_FAILURES = {1, 2, 3}


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env, input="")


def assert_one_line_error(result, code: int = 1) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.fixture(scope="module")
def workspace_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('root') / 'rw.db'}"
    assert run("--db", url, "init", "--name", "Ana").exit_code == 0
    return url


def test_an_impossible_demo_end_day_is_one_line(tmp_path: Path) -> None:
    result = run("--db", f"sqlite:///{tmp_path / 'd.db'}", "demo", "--end", "2026-02-30")
    assert_one_line_error(result)
    assert "--end='2026-02-30'" in result.stderr


def test_a_file_that_is_not_sqlite_is_one_line(tmp_path: Path) -> None:
    other = tmp_path / "passwd"
    other.write_text("root:x:0:0:root:/root:/bin/bash\n" * 20)
    for command in (["db", "status"], ["db", "upgrade"], ["readiness"]):
        result = run("--db", f"sqlite:///{other}", *command)
        assert_one_line_error(result)
        assert "file is not a database" in result.stderr


def test_a_schema_newer_than_this_version_says_so_and_is_not_upgraded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rw.db'}"
    assert run("--db", url, "init", "--name", "Ana").exit_code == 0
    with sqlite3.connect(tmp_path / "rw.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    status = run("--db", url, "db", "status")
    assert status.exit_code == 0 and "newer than this recoverwell" in status.output
    assert "db upgrade" not in status.output  # the advice that used to lead to a traceback
    for command in (["db", "upgrade"], ["readiness"]):
        result = run("--db", url, *command)
        assert_one_line_error(result)
        assert "0099_future, newer than this recoverwell" in result.stderr
    with sqlite3.connect(tmp_path / "rw.db") as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            "0099_future",
        )


def test_a_bug_is_one_line_with_exit_70_and_the_traceback_on_request(
    workspace_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recoverwell.app.workspace import Workspace

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(Workspace, "athletes", broken)
    result = run("--db", workspace_url, "athlete", "show")
    assert_one_line_error(result, EXIT_INTERNAL)
    assert "Internal error: ZeroDivisionError" in result.stderr
    debug = run("--db", workspace_url, "athlete", "show", env={"RECOVERWELL_DEBUG": "1"})
    assert isinstance(debug.exception, ZeroDivisionError)


def test_usage_errors_exit_2() -> None:
    assert run("athlete", "set", "--hr-max", "high").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "recoverwell", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("recoverwell ")


def _leaf_commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every runnable command under ``command`` (Typer's groups and commands, vendored Click)."""
    if hasattr(command, "commands"):
        found = []
        for name, sub in command.commands.items():
            found += _leaf_commands(sub, (*path, name))
        return found
    return [(path, command)]


COMMANDS = _leaf_commands(get_command(app))
#: values a user might type into any option: good, mistyped, out of range, hostile
TYPED = (
    "2026-02-30", "2026-13-01", "0000-00-00", "1900-01-01", "2100-01-01", "2026-11-20",
    "-1", "0", "1", "7", "11", "1e309", "nan", "inf", "-inf", "1.5", "999999999999",
    "", " ", "x", "1=5", "abc=def", "=", "5:50/mi", "126lb", "-3kg", "*", "all",
    "hrv_rmssd_ms", "oura,garmin", ",,,", "../../etc/passwd", "/nonexistent/file.fit",
    "a" * 300, "\u00e9\u00e8\u4e2d", "--json", "mi", "km", "Europe/Nowhere",
)  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(TYPED),
    st.text(max_size=12),
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
)


def _arguments(command: Any, draw: st.DrawFn) -> list[str]:
    args: list[str] = []
    for param in command.params:
        if param.param_type_name == "argument":
            if param.required or draw(st.booleans()):
                args.append(draw(VALUES))
            continue
        if "--help" in param.opts:
            continue
        if not draw(st.booleans()):
            continue
        flag = draw(st.sampled_from(param.opts + param.secondary_opts))
        if param.is_flag or param.count:
            args.append(flag)
        else:
            args += [flag, draw(VALUES)]
    return args


@st.composite
def invocations(draw: st.DrawFn) -> list[str]:
    path, command = draw(st.sampled_from(COMMANDS))
    args = _arguments(command, draw)
    if path == ("demo",):  # the demo is slow: one short week, whatever else was drawn
        args = [a for a in args if a not in ("--weeks",)] + ["--weeks", "1"]
    return [*path, *args]


@settings(
    max_examples=150,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(invocation=invocations())
def test_no_command_ever_prints_a_traceback(workspace_url: str, invocation: list[str]) -> None:
    result = run("--db", workspace_url, *invocation)
    assert "Traceback" not in result.output, (invocation, result.output)
    assert result.exit_code != EXIT_INTERNAL, (invocation, result.stderr)
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), (invocation, repr(result.exception))
    assert result.exit_code in {0} | DOCUMENTED_FAILURES, (invocation, result.output)


def test_a_reader_that_leaves_early_ends_the_command_quietly(tmp_path: Path) -> None:
    """`recoverwell demo | head -1`: the pipe closes under the command; no error is printed."""
    url = f"sqlite:///{tmp_path / 'd.db'}"
    script = f"{sys.executable} -m recoverwell --db {url} demo --weeks 1 | head -1"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.count("\n") == 1
    assert done.stderr == ""
    assert done.returncode in (0, 1)  # 0 when the output fit in the pipe before head left


# --- start-up: what a command loads (issue 12 item 6) ------------------------------------------

#: never loaded by `recoverwell --version` or `--help`: the app, the store and their libraries
HEAVY_AT_START = (
    "numpy",
    "sqlalchemy",
    "alembic",
    "pydantic_settings",
    "rich.console",
    "rich.table",
    "rich.markdown",
    "recoverwell.app",
    "recoverwell.store",
    "recoverwell.ingest",
    "recoverwell.metrics",
    "recoverwell.advice",
    "recoverwell.cli.commands.readiness",
)
#: never loaded by reading commands (readiness): the import pipeline, readers, migrations
IMPORT_ONLY = (
    "alembic",
    "recoverwell.app.importing",
    "recoverwell.app.contract.generate",  # the JSON Schemas (pydantic) are built offline
    "recoverwell.ingest",
    "openpyxl",
    "defusedxml",
    "gpxpy",
    "fitdecode",
    "fitparse",
)


def _loaded_by(args: list[str], prefixes: tuple[str, ...]) -> tuple[str, list[str]]:
    """Run ``recoverwell ARGS`` in a fresh interpreter; its output (stdout, then stderr) and
    the ``prefixes`` modules it loaded."""
    code = (
        "import json, sys\n"
        "from recoverwell.cli.root import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"prefixes = {prefixes!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules"
        " if any(m == p or m.startswith(p + '.') for p in prefixes))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    *output, loaded = done.stdout.strip().splitlines()
    return "\n".join([*output, done.stderr]), json.loads(loaded)


@pytest.mark.parametrize("args", [["--version"], ["--help"], []], ids=["version", "help", "bare"])
def test_the_root_loads_no_app_store_numpy_rich_or_readers(args: list[str]) -> None:
    output, loaded = _loaded_by(args, HEAVY_AT_START)
    assert loaded == []
    assert ("recoverwell 0.1.0" if args == ["--version"] else "Commands:") in output


def test_readiness_loads_no_import_pipeline_readers_or_migrations(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rw.db'}"
    assert run("--db", url, "init", "--name", "Ana").exit_code == 0
    output, loaded = _loaded_by(["--db", url, "readiness"], IMPORT_ONLY)
    assert loaded == []
    assert "Readiness" in output


def test_the_root_help_lists_every_command_with_its_own_first_line() -> None:
    group = get_command(app)
    listed = run("--help").output
    for name, entry in ROOT_COMMANDS.items():
        command = group.commands[name]  # built from its module now
        assert make_default_short_help(command.help or "", 10_000) == entry.summary, name
        assert f"  {name} " in listed


def test_every_command_module_is_registered() -> None:
    modules = {p.stem for p in Path(commands_package.__file__).parent.glob("*.py")} - {"__init__"}
    assert {entry.module for entry in ROOT_COMMANDS.values()} == modules


def test_help_prints_each_example_line_as_written() -> None:
    """Click's plain help rewraps paragraphs; each example is marked to keep its lines."""
    for path, command in COMMANDS:
        example = (command.help or "").split("Example:", 1)[1]
        lines = [ln.strip() for ln in example.splitlines() if ln.strip().startswith("recoverwell")]
        shown = [ln.strip() for ln in run(*path, "--help").output.splitlines()]
        for line in lines:
            assert line in shown, (path, line)
