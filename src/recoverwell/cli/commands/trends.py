"""``recoverwell trends``: HRV against its normal band, resting HR, sleep, check-ins and load."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from recoverwell.advice.explain import DISCLAIMER, hours
from recoverwell.app.contract.documents import trends_json
from recoverwell.app.contract.values import to_json
from recoverwell.app.recovery import TrendRow, TrendSummary, trend_rows, trend_summary
from recoverwell.cli.options import (
    AthleteOpt,
    CsvOpt,
    Format,
    FormatOpt,
    FromOpt,
    JsonOpt,
    athlete_of,
    output_format,
    parse_span,
)
from recoverwell.cli.output import SYNTHETIC_LABEL, console, emit_csv, emit_json
from recoverwell.cli.state import state
from recoverwell.cli.tables import Column, fitted_table, print_table
from recoverwell.core.errors import InvalidValue

DAYS = 21  # three weeks: the default view
MAX_DAYS = 365
HISTORY_PAD_D = 90  # days fetched before the window so every baseline is complete
TREND_MARK = {-1.0: "[red]▼[/red]", 0.0: "[green]●[/green]", 1.0: "[cyan]▲[/cyan]"}
LIGHT_MARK = {"green": "[green]●[/green]", "amber": "[yellow]●[/yellow]", "red": "[red]●[/red]"}


def _num(value: float | None, fmt: str = "{:.0f}") -> str:
    return "–" if value is None else fmt.format(value)


def hm(minutes: float | None) -> str:
    """Minutes as ``7:05`` (h:mm), for narrow columns."""
    if minutes is None:
        return "–"
    h, m = divmod(round(minutes), 60)
    return f"{h}:{m:02d}"


def _hrv_week(r: TrendRow) -> str:
    if r.hrv_7d_ms is None:
        return "–"
    text = f"{r.hrv_7d_ms:.0f}"
    if r.hrv_band_low_ms is not None and r.hrv_band_high_ms is not None:
        text += f" ({r.hrv_band_low_ms:.0f}–{r.hrv_band_high_ms:.0f})"
    mark = TREND_MARK.get(r.hrv_trend) if r.hrv_trend is not None else None
    return text + (f" {mark}" if mark else "")


TREND_COLUMNS = (  # priority: lower = left out sooner on a narrow terminal
    Column("Day", "left", keep=True),
    Column("HRV", priority=90),
    Column("HRV 7d (band)", "left", priority=80),
    Column("RHR Δ", priority=85),
    Column("Sleep", priority=75),
    Column("Debt", priority=50),
    Column("Hooper", priority=70),
    Column("Load", priority=40),
    Column("Score", priority=100),
)


def trends_table(rows: list[TrendRow], title: str) -> Table:
    """One row per day: HRV vs its band, RHR, sleep, check-in, load and the day's verdict.

    HRV in ms (rMSSD; the band is the 60-day normal ± 0.5 SD of ln rMSSD, shown in ms), RHR with
    its difference from normal, sleep and 7-day debt in h:mm, Hooper index with its z.
    """
    cells = []
    for r in rows:
        rhr = _num(r.rhr_bpm) + ("" if r.rhr_delta_bpm is None else f" {round(r.rhr_delta_bpm):+d}")
        hooper = _num(r.hooper_index) + ("" if r.hooper_z is None else f" {r.hooper_z:+.1f}")
        load = "–"
        if r.acwr is not None or r.form_tsb is not None:
            load = f"{_num(r.acwr, '{:.2f}')}/{_num(r.form_tsb)}"
        cells.append(
            [
                f"{r.day:%a %d}",
                _num(r.hrv_rmssd_ms),
                _hrv_week(r),
                rhr,
                hm(r.sleep_min),
                hm(r.sleep_debt_7d_min),
                hooper,
                load,
                f"{LIGHT_MARK.get(r.light, '[dim]○[/dim]')} {_num(r.score)}",
            ]
        )
    return fitted_table(
        console,
        TREND_COLUMNS,
        cells,
        title=title,
        box=None,
        header_style="bold underline",
        padding=(0, 1),
        pad_edge=False,
    )


def summary_lines(s: TrendSummary) -> list[str]:
    """Sources in use, regularity, naps and load availability, one line each."""
    others = [x for x in s.hrv_sources if x != s.hrv_source]
    lines = [
        f"HRV source: {s.hrv_source or '–'}"
        + (f" (also stored, with their own baselines: {', '.join(others)})" if others else ""),
        f"Resting-HR source: {s.rhr_source or '–'}; sleep source: {s.sleep_source or '–'}",
        f"Last night's sleep score {_num(s.sleep_score)} ("
        + ", ".join(f"{k} {_num(v)}" for k, v in s.sleep_score_parts.items())
        + "; stages are shown, never used for advice)",
        f"Sleep regularity (14 days): SRI {_num(s.sleep_regularity_index)}, bedtime SD "
        f"{_num(s.bedtime_sd_min)} min, wake-time SD {_num(s.waketime_sd_min)} min; naps "
        f"(7 days, counted apart) {_num(s.naps_7d_min)} min; 14-day sleep debt "
        f"{hours(s.sleep_debt_14d_min) if s.sleep_debt_14d_min is not None else '–'}",
    ]
    if not s.load_provided:
        lines.append("Training load: not available yet (the verdict's load factor is missing).")
    return lines


def _days_shown(first: date | None, last: date, days: int | None) -> int:
    """How many days end on ``last``: from ``first`` (--from), or ``days`` (--days)."""
    if first is None:
        return days or DAYS
    if days is not None:
        raise InvalidValue("--days", days, "give --from or --days, not both")
    shown = (last - first).days + 1
    if shown > MAX_DAYS:
        raise InvalidValue("--from", first.isoformat(), f"at most {MAX_DAYS} days before --to")
    return shown


def trends(
    ctx: typer.Context,
    days: Annotated[
        int | None, typer.Option(min=1, max=MAX_DAYS, help=f"Days to show (default: {DAYS}).")
    ] = None,
    start: FromOpt = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to", "--end", metavar="YYYY-MM-DD", help="Last day shown (default: today)."
        ),
    ] = None,
    athlete: AthleteOpt = None,
    fmt: FormatOpt = Format.TABLE,
    json_: JsonOpt = False,
    csv_: CsvOpt = False,
) -> None:
    """Recovery trends day by day: HRV against your normal band, resting HR, sleep, load.

    Each signal is compared with your own rolling baseline (60 days; 28 for the check-in).
    The days shown: --from to --to, or --days up to --to (today by default).

    Example:

    \b
        recoverwell trends --days 28
    """
    (first, last), out = parse_span(start, end), output_format(fmt, json_, csv_)
    with state(ctx).open() as ws:
        profile = athlete_of(ws, athlete)
        last = last or ws.today(profile.id)
        shown = _days_shown(first, last, days)
        view = ws.recovery(last, days=shown + HISTORY_PAD_D, athlete_id=profile.id)
        rows, summary = trend_rows(view, shown), trend_summary(view)
    if out is Format.JSON:
        assert profile.id is not None  # a stored athlete
        emit_json(trends_json(profile.id, summary, rows))
        return
    if out is Format.CSV:
        emit_csv(to_json(rows), ("day",))
        return
    title = f"Recovery trends to {last}: {profile.name}"
    if profile.synthetic:
        title += f"  {SYNTHETIC_LABEL}"
    print_table(console, trends_table(rows, title))
    console.print(
        "HRV: rMSSD ms, 7-day mean (normal band) ▼ below ● inside ▲ above · RHR bpm, Δ vs normal"
        " · Sleep and 7-day debt h:mm · Hooper: index 4–28 (lower = better) and its z vs your"
        " normal, + = worse (readiness turns it round: + = better recovered) · Load: ACWR/TSB"
        " after the day before",
        style="dim",
    )
    for line in summary_lines(summary):
        console.print(line, style="dim")
    console.print(DISCLAIMER, style="dim italic")
