"""Shared output: JSON for scripts, Rich tables and panels for people, units at display time."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from recoverwell.app.contract.values import to_json
from recoverwell.core.athlete import ProfileValue, ResolvedProfile
from recoverwell.core.units import UnitSystem, format_pace, lb_from_kg

console = Console()
err_console = Console(stderr=True)

SYNTHETIC_LABEL = "[yellow]synthetic data[/yellow]"


def emit_json(data: Any) -> None:
    """Print a contract document (app/contract) as JSON on stdout."""
    typer.echo(json.dumps(to_json(data), indent=2, ensure_ascii=False))


def emit_csv(rows: Sequence[Mapping[str, Any]], empty: tuple[str, ...] = ()) -> None:
    """Print ``rows`` as CSV on stdout: one column per key (in first-seen order; ``empty`` is
    the header when there are no rows); a list or mapping cell is written as JSON."""
    fields = list(dict.fromkeys(k for row in rows for k in row)) or list(empty)
    writer = csv.DictWriter(sys.stdout, fieldnames=fields)
    writer.writeheader()
    for row in rows:
        cells = to_json(row)
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                for k, v in cells.items()
            }
        )


def _value_text(pv: ProfileValue, unit: str) -> str:
    if pv.value is None:
        return _not_set(pv)
    return f"{pv.value:g} {unit}" + _origin(pv)


def _not_set(pv: ProfileValue) -> str:
    """An unknown value, with why no estimate was made when one was tried."""
    return "[dim]not set[/dim]" + (f" [dim]({escape(pv.method)})[/dim]" if pv.method else "")


def _origin(pv: ProfileValue) -> str:
    if pv.origin != "estimated":
        return ""
    return f"  [yellow]estimated[/yellow] [dim]({escape(pv.method or '')})[/dim]"


def profile_table(resolved: ResolvedProfile) -> Table:
    """The profile as a two-column table in the athlete's units, estimates labelled."""
    p = resolved.profile
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    title = p.name + (f"  {SYNTHETIC_LABEL}" if p.synthetic else "")
    table.add_row("Athlete", title)
    table.add_row("Sex", p.sex.value)
    age = f"{resolved.age_y} (born {p.birth_year})" if resolved.age_y is not None else None
    table.add_row("Age", age or "[dim]not set[/dim]")
    mass = resolved.body_mass_kg
    mass_text = _value_text(mass, "kg")
    if mass.value is not None and p.units is UnitSystem.MI:
        mass_text += f" ({lb_from_kg(mass.value):.1f} lb)"
    table.add_row("Body mass", mass_text)
    table.add_row("HRmax", _value_text(resolved.hr_max_bpm, "bpm"))
    table.add_row("HRrest", _value_text(resolved.hr_rest_bpm, "bpm"))
    table.add_row("LTHR", _value_text(resolved.lthr_bpm, "bpm"))
    table.add_row(
        "VT1 / VT2",
        f"{_value_text(resolved.vt1_hr_bpm, 'bpm')} / {_value_text(resolved.vt2_hr_bpm, 'bpm')}",
    )
    pace = resolved.threshold_pace_s_per_km.value
    if pace is None:
        table.add_row("Threshold pace", _not_set(resolved.threshold_pace_s_per_km))
    else:
        per_unit = pace * p.units.metres / 1000.0
        other = UnitSystem.KM if p.units is UnitSystem.MI else UnitSystem.MI
        table.add_row(
            "Threshold pace",
            f"{format_pace(per_unit, p.units)} ({format_pace(pace * other.metres / 1000, other)})"
            + _origin(resolved.threshold_pace_s_per_km),
        )
    table.add_row("Timezone", p.timezone)
    table.add_row("Units", "miles" if p.units is UnitSystem.MI else "kilometres")
    return table
