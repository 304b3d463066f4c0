"""Tables at 80 and 120 columns and piped: columns drop by priority, nothing is ever cut."""

import io

from rich.console import Console

from recoverwell.cli.tables import Column, fitted_table, print_table

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
