"""The contract's flat records: one per day, week, gear, activity, athlete or nightly update.

The same records are the CSV rows (``--csv``) and the rows of the JSON documents; those in the
athlete's units are declared with their km keys (``values.MI_KEYS`` renames them for miles).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import TYPE_CHECKING

from typing_extensions import TypedDict

from recoverwell.app.contract.values import in_units
from recoverwell.core.units import UnitSystem, distance_in, elevation_in, pace_in

if TYPE_CHECKING:
    from recoverwell.app.athletes import RosterEntry
    from recoverwell.app.gear import GearUse
    from recoverwell.app.load_state import LoadStateUpdate, StateAction
    from recoverwell.app.training import TrainingDay
    from recoverwell.app.weeks import WeekSummary
    from recoverwell.core.types import Sport, StoredActivity


def _num(value: float, digits: int = 1) -> float | None:
    return None if math.isnan(value) else round(value, digits)


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


# --- the daily training table (metrics) ------------------------------------------------------


class TrainingDayRow(TypedDict):
    """One day of the training-load table, in the athlete's units (km keys; ``MI_KEYS``)."""

    day: str
    load_au: float | None
    sessions: int
    unknown_sessions: int
    models: str
    fitness_au: float | None
    fatigue_au: float | None
    form_au: float | None
    ramp_au_per_week: float | None
    acwr_ewma: float | None
    acwr_coupled: float | None
    acwr_uncoupled: float | None
    acwr_note: str
    monotony: float | None
    strain_au: float | None
    rest_days_to_fresh_d: float | None
    max_load_today_au: float | None
    distance_km: float | None
    distance_7d_km: float | None
    distance_change_pct: float | None
    distance_acwr: float | None
    long_run_share_pct: float | None
    run_spike: float | None
    descent_7d_m: float | None
    double_days_7d: float | None
    min_gap_7d_h: float | None
    session_notes: str


def training_day_row(d: TrainingDay, units: UnitSystem) -> TrainingDayRow:
    """One day as a flat record in the athlete's units (the CSV and JSON columns)."""
    v = d.values
    row: TrainingDayRow = {
        "day": d.day.isoformat(),
        "load_au": _num(d.load_au),
        "sessions": d.sessions,
        "unknown_sessions": d.unknown_sessions,
        "models": "+".join(d.models),
        "fitness_au": _num(v["fitness"]),
        "fatigue_au": _num(v["fatigue"]),
        "form_au": _num(v["form"]),
        "ramp_au_per_week": _num(v["ramp_rate"]),
        "acwr_ewma": _num(v["acwr_ewma"], 2),
        "acwr_coupled": _num(v["acwr_coupled"], 2),
        "acwr_uncoupled": _num(v["acwr_uncoupled"], 2),
        "acwr_note": d.acwr_note,
        "monotony": _num(v["monotony"], 2),
        "strain_au": _num(v["strain"], 0),
        "rest_days_to_fresh_d": _num(v["rest_days_to_fresh"]),
        "max_load_today_au": _num(v["max_load_for_form"], 0),
        "distance_km": _num(distance_in(d.distance_m, units), 2),
        "distance_7d_km": _num(distance_in(v["distance_7d_m"], units)),
        "distance_change_pct": _num(v["distance_change_pct"]),
        "distance_acwr": _num(v["distance_acwr"], 2),
        "long_run_share_pct": _num(v["long_run_share"] * 100, 0),
        "run_spike": _num(v["run_spike"], 2),
        "descent_7d_m": _num(elevation_in(v["descent_7d_m"], units), 0),
        "double_days_7d": _num(v["double_days_7d"], 0),
        "min_gap_7d_h": _num(v["min_gap_7d_h"]),
        "session_notes": "; ".join(d.session_notes),
    }
    return in_units(row, units)


# --- weeks and gear -------------------------------------------------------------------------


class WeekRow(TypedDict):
    """One Monday-to-Sunday week in the athlete's units (km keys; ``MI_KEYS``)."""

    week_start: str
    runs: int
    distance_km: float
    moving_s: int
    pace_s_per_km: float | None
    longest_run_km: float
    ascent_m: int
    descent_m: int
    avg_hr_bpm: float | None
    sessions: int
    load_au: float | None
    unknown_load_sessions: int
    excluded_sessions: int
    distance_change_pct: float | None


def week_row(w: WeekSummary, units: UnitSystem) -> WeekRow:
    """One week as a flat record in the athlete's units (the CSV and JSON columns)."""
    pace = pace_in(w.distance_m / w.moving_s, units) if w.distance_m and w.moving_s else None
    row: WeekRow = {
        "week_start": w.week_start.isoformat(),
        "runs": w.runs,
        "distance_km": round(distance_in(w.distance_m, units), 2),
        "moving_s": round(w.moving_s),
        "pace_s_per_km": _round(pace, 0),
        "longest_run_km": round(distance_in(w.longest_run_m, units), 2),
        "ascent_m": round(elevation_in(w.ascent_m, units)),
        "descent_m": round(elevation_in(w.descent_m, units)),
        "avg_hr_bpm": _round(w.avg_hr_bpm, 0),
        "sessions": w.sessions,
        "load_au": _round(w.load_au, 0),
        "unknown_load_sessions": w.unknown_load_sessions,
        "excluded_sessions": w.excluded,
        "distance_change_pct": _round(w.distance_change_pct, 0),
    }
    return in_units(row, units)


class GearRow(TypedDict):
    """One pair of shoes (or bike) in the athlete's units (km keys; ``MI_KEYS``)."""

    gear: str
    distance_km: float
    runs: int
    sessions: int
    moving_s: int
    longest_km: float
    first_day: str
    last_day: str


def gear_row(g: GearUse, units: UnitSystem) -> GearRow:
    """One gear as a flat record in the athlete's units."""
    row: GearRow = {
        "gear": g.gear,
        "distance_km": round(distance_in(g.distance_m, units), 1),
        "runs": g.runs,
        "sessions": g.sessions,
        "moving_s": round(g.moving_s),
        "longest_km": round(distance_in(g.longest_m, units), 1),
        "first_day": g.first_day.isoformat(),
        "last_day": g.last_day.isoformat(),
    }
    return in_units(row, units)


# --- activities ------------------------------------------------------------------------------


class ActivitySummary(TypedDict):
    """One activity's summary in SI units (no streams): ``activities``, ``activity edit``,
    ``activity delete``."""

    id: int | None
    local_date: date
    start_time: datetime
    sport: Sport
    sub_sport: str | None
    elapsed_s: float
    moving_s: float | None
    distance_m: float | None
    avg_hr_bpm: float | None
    max_hr_bpm: float | None
    ascent_m: float | None
    device: str | None
    source_format: str | None
    name: str | None
    rpe: float | None
    excluded: str | None


def activity_json(stored: StoredActivity) -> ActivitySummary:
    """One activity's summary in SI units (no streams)."""
    a = stored.activity
    return {
        "id": stored.id,
        "local_date": stored.local_date,
        "start_time": a.start_time,
        "sport": a.sport,
        "sub_sport": a.sub_sport,
        "elapsed_s": a.elapsed_s,
        "moving_s": a.moving_s,
        "distance_m": a.distance_m,
        "avg_hr_bpm": a.avg_hr_bpm,
        "max_hr_bpm": a.max_hr_bpm,
        "ascent_m": a.ascent_m,
        "device": a.device,
        "source_format": a.source_format,
        "name": a.name,
        "rpe": a.rpe,
        "excluded": a.excluded,
    }


class RosterRow(TypedDict):
    """One athlete of ``athlete list``."""

    id: int | None
    name: str
    units: UnitSystem
    timezone: str
    activities: int
    daily_readings: int
    last_activity: date | None
    synthetic: bool


def roster_row(entry: RosterEntry) -> RosterRow:
    """One athlete of ``athlete list`` as a flat record."""
    a = entry.athlete
    return {
        "id": a.id,
        "name": a.name,
        "units": a.units,
        "timezone": a.timezone,
        "activities": entry.activities,
        "daily_readings": entry.daily_readings,
        "last_activity": entry.last_activity,
        "synthetic": a.synthetic,
    }


# --- nightly ---------------------------------------------------------------------------------


class LoadStateUpdateRow(TypedDict):
    """One athlete's stored load state after ``nightly`` (values of its through day), with the
    form going into the next day."""

    athlete_id: int
    name: str
    action: StateAction
    reason: str
    through_day: date | None
    days_added: int
    fitness_au: float
    fatigue_au: float
    form_au: float
    acwr_coupled: float
    acwr_uncoupled: float
    monotony: float
    form_next_au: float


def load_state_update_row(u: LoadStateUpdate) -> LoadStateUpdateRow:
    """One athlete's update as a flat record (the CSV and JSON columns)."""
    return {
        "athlete_id": u.athlete_id,
        "name": u.name,
        "action": u.action,
        "reason": u.reason,
        "through_day": u.through_day,
        "days_added": u.days_added,
        "fitness_au": u.fitness_au,
        "fatigue_au": u.fatigue_au,
        "form_au": u.form_au,
        "acwr_coupled": u.acwr_coupled,
        "acwr_uncoupled": u.acwr_uncoupled,
        "monotony": u.monotony,
        "form_next_au": u.form_next_au,
    }
