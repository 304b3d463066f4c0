"""Tables that stay readable at any width: columns drop by priority, and no cell is ever cut.

A command describes its columns (``Column``: heading, alignment, priority) and rows of cells;
``fitted_table`` builds the Rich table for the console at hand, and ``print_table`` prints it.

- On a terminal, columns are left out from the lowest priority up until the table fits the
  width, and the caption says how many; a column marked ``keep`` (ids, days, names) is never
  left out. A cell is never cut short (ids must stay whole: ``--rpe ID=7``): a column is on one
  line, except a ``wrap`` column (prose: a reason, a reading), which wraps at words, to no less
  than ``WRAP_MIN_CHARS`` a line, rather than push other columns out.
- Piped or redirected output is not a terminal: every column, every cell on one line, at the
  table's natural width, for ``grep`` and ``less -S``.

Every table of the command line goes through here (tests/cli/test_tables.py renders each at
80 and 120 columns and piped).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from rich import box as boxes
from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.table import Table

#: the caption when columns were left out for the width
NARROWED = "{n} more column(s) with a wider terminal, or --json"
UNBOUNDED = 100_000  # a width no table reaches: to measure a table's natural width
#: the narrowest a wrap column is made on a terminal before other columns are left out: about
#: five words of a reason, so it reads as a phrase and not two characters a line
WRAP_MIN_CHARS = 28


@dataclass(frozen=True, slots=True)
class Column:
    """One column: ``priority`` decides which go first when space is short (lower = sooner);
    ``keep`` never goes; ``wrap`` may wrap its prose on a terminal."""

    heading: str
    justify: Literal["left", "right", "center"] = "right"
    priority: int = 50
    keep: bool = False
    wrap: bool = False


def _build(
    columns: Sequence[Column],
    rows: Sequence[Sequence[RenderableType]],
    shown: Sequence[int],
    *,
    title: str | None,
    caption: str | None,
    table_options: dict[str, Any],
    measuring: bool = False,
) -> Table:
    table = Table(title=title, caption=caption, **table_options)
    for i in shown:
        c = columns[i]
        if c.wrap:  # measured at its narrowest, shown at what the width leaves it
            limit = WRAP_MIN_CHARS if measuring else None
            table.add_column(c.heading, justify=c.justify, overflow="fold", max_width=limit)
        else:
            table.add_column(c.heading, justify=c.justify, no_wrap=True)
    for row in rows:
        table.add_row(*(row[i] for i in shown))
    return table


def fitted_table(
    console: Console,
    columns: Sequence[Column],
    rows: Sequence[Sequence[RenderableType]],
    *,
    title: str | None = None,
    caption: str | None = None,
    box: boxes.Box | None = boxes.SIMPLE_HEAD,
    width: int | None = None,
    **table_options: Any,
) -> Table:
    """The table for ``console``: at most ``width`` (default: the console's) on a terminal,
    every column otherwise. ``width`` is for a table inside a panel or beside a margin."""
    options = {"box": box, **table_options}
    shown = list(range(len(columns)))
    if not console.is_terminal:
        return _build(columns, rows, shown, title=title, caption=caption, table_options=options)
    droppable = sorted(
        (i for i, c in enumerate(columns) if not c.keep), key=lambda i: (columns[i].priority, -i)
    )
    limit = console.width if width is None else width

    def measured() -> int:
        table = _build(
            columns, rows, shown, title=None, caption=None, table_options=options, measuring=True
        )
        return natural_width(console, table)

    while droppable and measured() > limit:
        shown.remove(droppable.pop(0))
    if len(shown) < len(columns):
        note = NARROWED.format(n=len(columns) - len(shown))
        caption = f"{caption}\n{note}" if caption else note
    return _build(columns, rows, shown, title=title, caption=caption, table_options=options)


def natural_width(console: Console, renderable: RenderableType) -> int:
    """The width ``renderable`` takes with no limit: every cell on one line."""
    return Measurement.get(console, console.options.update(width=UNBOUNDED), renderable).maximum


def print_table(
    console: Console, renderable: RenderableType, widest: Table | None = None, margin: int = 0
) -> None:
    """Print a fitted table, or a panel holding one (``widest``, ``margin`` columns narrower
    than the panel): on a terminal at its width; piped, wide enough that no cell is cut (a
    table at its natural width, a panel at least at the console's)."""
    if console.is_terminal:
        console.print(renderable)
        return
    if widest is None and isinstance(renderable, Table):
        needed = natural_width(console, renderable)
    else:
        inner = natural_width(console, widest) + margin if widest is not None else 0
        needed = max(console.width, inner)
    width = console.width
    console.width = max(needed, 1)
    try:
        console.print(renderable)
    finally:
        console.width = width
