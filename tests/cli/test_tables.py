"""Tables at 80 and 120 columns and piped: columns drop by priority, nothing is ever cut."""

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from recoverwell.cli import app, output
from recoverwell.cli.exits import EXIT_PARTIAL
from recoverwell.cli.tables import Column, fitted_table, print_table

FIXTURES = Path(__file__).resolve().parents[1] / "ingest" / "fixtures"

COLUMNS = [
    Column("Id", "left", keep=True),
    Column("Important", priority=90),
    Column("Nice to have", priority=10),
    Column("Useful", priority=50),
]
ROWS = [["1234567", "a" * 20, "b" * 30, "c" * 25], ["7", "x", "y", "z"]]


def _render(width: int, terminal: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=terminal, color_system=None)
    print_table(console, fitted_table(console, COLUMNS, ROWS))
    return out.getvalue()


def test_a_narrow_terminal_drops_the_lowest_priority_columns_first_and_says_so():
    text = _render(80, terminal=True)
    assert "Nice to have" not in text and "Useful" in text and "Important" in text
    assert "1 more column(s)" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    narrow = _render(40, terminal=True)
    assert "Useful" not in narrow and "Important" in narrow


def test_ids_are_never_cut_and_a_wide_terminal_shows_everything():
    for width in (20, 80, 120):
        assert "1234567" in _render(width, terminal=True)
    wide = _render(120, terminal=True)
    assert (
        all(h in wide for h in ("Nice to have", "Useful", "b" * 30)) and "more column" not in wide
    )


def test_piped_output_has_every_column_at_its_natural_width():
    text = _render(80, terminal=False)  # a pipe: Rich's default width would be 80
    assert all(cell in text for cell in ("1234567", "a" * 20, "b" * 30, "c" * 25))
    assert "…" not in text and max(len(line) for line in text.splitlines()) > 80


def test_a_wrap_column_wraps_its_words_rather_than_push_the_others_out():
    columns = [Column("Id", keep=True), Column("Day", priority=90), Column("Reason", wrap=True)]
    rows = [["4711", "2026-11-24", "speed over world-record pace for 3:10/mi over an hour " * 2]]
    text = _render_with(columns, rows, 60, terminal=True)
    assert "Day" in text and "more column" not in text  # the reason wrapped; Day stayed
    assert max(len(line) for line in text.splitlines()) <= 60 and "…" not in text
    assert "4711" in text and "2026-11-24" in text
    piped = _render_with(columns, rows, 60, terminal=False)
    assert "speed over world-record pace for 3:10/mi over an hour speed" in piped  # one line


def _render_with(columns, rows, width: int, terminal: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=terminal, color_system=None)
    print_table(console, fitted_table(console, columns, rows))
    return out.getvalue()


# --- every table of the command line (issue 12 item 11) ----------------------------------------

MODES = [(80, True), (120, True), (80, False)]  # terminal widths, then a pipe
MODE_IDS = ["80-columns", "120-columns", "piped"]


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Three weeks of the demo, a second athlete, one excluded run with gear: every table has
    rows."""
    url = f"sqlite:///{tmp_path_factory.mktemp('tables') / 'rw.db'}"
    assert _run("--db", url, "demo", "--weeks", "3", "--end", "2026-11-22").exit_code == 0
    assert _run("--db", url, "athlete", "add", "--name", "Ben").exit_code == 0
    assert _run("--db", url, "activity", "edit", "3", "--athlete", "1", "--gear",
                "Pegasus 40 (second pair, bought in Boulder)").exit_code == 0  # fmt: skip
    edit = _run("--db", url, "activity", "edit", "2", "--athlete", "1", "--exclude",
                "GPS glitch: 3:10/mi for an hour on the track, watch lost its lock")  # fmt: skip
    assert edit.exit_code == 0, edit.output
    return url


def _run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch):
    """Run a command with the CLI's console as a terminal of a width, or as a pipe."""

    def render(url: str, args: list[str], width: int, terminal: bool) -> str:
        monkeypatch.setattr(output.console, "_force_terminal", terminal)
        monkeypatch.setattr(output.console, "_color_system", None)
        monkeypatch.setattr(output.console, "_width", width)
        result = CliRunner().invoke(app, ["--db", url, *args])
        assert result.exit_code in (0, EXIT_PARTIAL), result.output
        return result.stdout

    return render


#: each table, and the ids or whole cells it must show
TABLES = {
    "activities": (["activities", "--athlete", "1"], "ids"),
    "problems": (["activities", "--problems", "--athlete", "1"], "GPS glitch"),
    "metrics": (["metrics", "--athlete", "1"], "2026-11-22"),
    "weeks": (["weeks", "--athlete", "1"], "2026-11-16"),
    "trends": (["trends", "--athlete", "1", "--to", "2026-11-22"], "Sun 22"),
    "nightly": (["nightly"], "Demo Runner (synthetic) (1)"),
    "signals": (["signals", "show", "--athlete", "1", "--to", "2026-11-22"], "hooper_sleep"),
    "readiness": (["readiness", "--athlete", "1", "--day", "2026-11-23"], "Resting HR"),
    "athletes": (["athlete", "list"], "Demo Runner (synthetic)"),
    "gear": (["gear", "--athlete", "1"], "Pegasus 40 (second pair, bought in Boulder)"),
    "laps": (["activity", "show", "1", "--athlete", "1"], "Pace/speed"),
    "demo": (["demo", "--weeks", "3", "--end", "2026-11-22"], "Weekly running volume"),
    "import": (["import", str(FIXTURES / "pmsys_wellness.csv"), "--athlete", "2"], "Records"),
}


@pytest.mark.parametrize(("width", "terminal"), MODES, ids=MODE_IDS)
@pytest.mark.parametrize("name", list(TABLES))
def test_every_table_is_whole_at_80_and_120_columns_and_piped(
    demo_url, shown, name, width, terminal
):
    args, must_show = TABLES[name]
    text = shown(demo_url, args, width, terminal)
    assert "…" not in text, text  # no cell cut short (before: Id shown as … at 80 and piped)
    if terminal:  # table lines fit; a one-line hint or file path may run on (soft wrap)
        assert [ln for ln in text.splitlines() if len(ln) > width and _cells(ln) > 1] == []
    else:
        assert "more column(s)" not in text  # a pipe gets every column
    if must_show == "ids":
        ids = [a["id"] for a in json.loads(_run("--db", demo_url, "activities", "--athlete",
                                                "1", "--json").stdout)]  # fmt: skip
        cells = {cell for line in text.splitlines() for cell in line.split()}
        assert {str(i) for i in ids} <= cells  # every id whole, as --rpe ID= needs it
    else:
        assert must_show in text


def _cells(line: str) -> int:
    """How many cells a line holds: runs of text two or more spaces apart (a table row has
    several; a hint, a message or a file path is one)."""
    return len([cell for cell in line.strip().split("  ") if cell.strip()])


def test_a_narrow_terminal_drops_device_before_it_wraps_it(demo_url, shown):
    # before: Device was folded two characters a line at 80 columns
    narrow = shown(demo_url, ["activities", "--athlete", "1"], 80, True)
    assert "Device" not in narrow and "1 more column(s)" in narrow
    wide = shown(demo_url, ["activities", "--athlete", "1"], 120, True)
    assert "recoverwell synthetic" in wide
    piped = shown(demo_url, ["activities", "--athlete", "1"], 80, False)
    assert "recoverwell synthetic" in piped
