"""Tables that stay readable at any width: columns drop by priority, never cut or wrapped.

A command describes its columns (``Column``: heading, alignment, priority) and rows of cell
text; ``fitted_table`` builds the Rich table for the console at hand. On a terminal, columns
are left out from the lowest priority up until the table fits its width, and the caption says
so; a column marked ``keep`` (ids, days) is never left out, and no cell is ever cut short or
wrapped (ids must stay usable: ``--rpe ID=7``). Piped or redirected output is not a terminal:
every column is written at its natural width, for ``grep`` and ``less -S``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rich import box as boxes
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

#: the caption when columns were left out for the width
NARROWED = "{n} more column(s) with a wider terminal, or --json"
UNBOUNDED = 100_000  # a width no table reaches: to measure a table's natural width


@dataclass(frozen=True, slots=True)
class Column:
    """One column: ``priority`` decides which go first when space is short (lower = sooner)."""

    heading: str
    justify: Literal["left", "right", "center"] = "right"
    priority: int = 50
    keep: bool = False


def _build(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    keep: Sequence[int],
    title: str | None,
    caption: str | None,
    table_options: dict[str, Any],
) -> Table:
    table = Table(title=title, caption=caption, **table_options)
    for i in keep:
        c = columns[i]
        table.add_column(c.heading, justify=c.justify, no_wrap=True)
    for row in rows:
        table.add_row(*(row[i] for i in keep))
    return table


def fitted_table(
    console: Console,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    caption: str | None = None,
    box: boxes.Box | None = boxes.SIMPLE_HEAD,
    **table_options: Any,
) -> Table:
    """The table for ``console``: at most its width on a terminal, every column otherwise."""
    options = {"box": box, **table_options}
    shown = list(range(len(columns)))
    table = _build(columns, rows, shown, title, caption, options)
    if not console.is_terminal:
        return table
    droppable = sorted(
        (i for i, c in enumerate(columns) if not c.keep), key=lambda i: (columns[i].priority, -i)
    )
    width = console.width
    while droppable and _natural(console, table) > width:
        shown.remove(droppable.pop(0))
        note = NARROWED.format(n=len(columns) - len(shown))
        table = _build(
            columns, rows, shown, title, f"{caption}\n{note}" if caption else note, options
        )
    return table


def _natural(console: Console, table: Table) -> int:
    return Measurement.get(console, console.options.update(width=UNBOUNDED), table).maximum


def print_table(console: Console, table: Table) -> None:
    """Print ``table``: on a terminal at its width (the table was fitted to it); piped output
    at the table's natural width, so no cell is cut."""
    if console.is_terminal:
        console.print(table)
        return
    width = console.width
    console.width = max(_natural(console, table), 1)
    try:
        console.print(table)
    finally:
        console.width = width
