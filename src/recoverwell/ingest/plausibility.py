"""Could anyone have done this? An activity's totals against what a human body and sport allow.

A total nobody could produce (a "run" averaging 1:23/mi; Runalyze's ``Power-ns2-extension.tcx``,
a 45-minute ride of 547,469 kcal: its work in joules written as kilocalories) means the file's
totals cannot be trusted. ``validate.py`` reports the activity, keeps it (the athlete can include
it again) and sets ``Activity.excluded``, so it counts in neither load nor volume; ``--strict``
rejects the file.

- **Speed**, per sport: the average over the moving time and over the elapsed time may not beat
  the sport's record for that long an effort, by more than a margin for GPS error. On foot
  (running, walking, hiking) the limit is the men's world record of the longest race that lasts
  no longer than the activity: no one sustains 10,000 m record pace for an hour, so an hour-long
  "run" faster than it is not a run. Cycling and swimming have one limit for every duration.
  Other sports (rowing, skiing, strength, unknown) are not checked: their speeds vary too much.
- **Energy**, the same for every sport: the body, not the sport, bounds how much energy it turns
  over. The ceiling is aerobic (VO2max) expenditure with a margin for estimates that are
  generous, plus an allowance for short efforts that draw on anaerobic energy.

Heart rate is not a reason to exclude a session: a bad strap does not make its distance or time
wrong. Average and maximum HR outside 25–250 bpm, or an average above the maximum, are dropped in
``validate.py``; an HR load over Runalyze's TRIMP limits is refused in ``metrics/session.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from recoverwell.core.types import Activity, Sport
from recoverwell.core.units import (
    UnitSystem,
    format_duration,
    format_pace,
    pace_s_per_km,
    pace_s_per_mi,
)


@dataclass(frozen=True, slots=True)
class Record:
    """A world record: the event, its distance and time."""

    event: str
    distance_m: float
    time_s: float

    @property
    def speed_m_s(self) -> float:
        """The record's average speed."""
        return self.distance_m / self.time_s


#: Men's outdoor world records (World Athletics), the shortest race first.
RUNNING_RECORDS = (
    Record("100 m", 100.0, 9.58),  # Usain Bolt, Berlin 2009
    Record("400 m", 400.0, 43.03),  # Wayde van Niekerk, Rio de Janeiro 2016
    Record("1500 m", 1500.0, 3 * 60 + 26.00),  # Hicham El Guerrouj, Rome 1998
    Record("5000 m", 5000.0, 12 * 60 + 35.36),  # Joshua Cheptegei, Monaco 2020
    Record("10,000 m", 10_000.0, 26 * 60 + 11.00),  # Joshua Cheptegei, Valencia 2020
    Record("marathon", 42_195.0, 2 * 3600 + 35.0),  # Kelvin Kiptum, Chicago 2023 (2:00:35)
)
#: Our choice: GPS overstates distance by a few per cent (more on short, twisty courses), and
#: nobody beats a world record by 10 % in training.
RECORD_SPEED_MARGIN = 1.1
#: UCI hour record, Filippo Ganna, Grenchen, 8 October 2022: 56.792 km.
CYCLING_HOUR_RECORD = Record("hour record", 56_792.0, 3600.0)
#: Our choice: descents and drafting beat the hour record only for part of a ride; a whole
#: activity averaging 1.5 × its speed (85 km/h) was not ridden unpaced on a bike.
CYCLING_RECORD_FACTOR = 1.5
#: 50 m freestyle (long course), César Cielo, São Paulo 2009: 20.91 s.
SWIMMING_50M_RECORD = Record("50 m freestyle", 50.0, 20.91)
#: Our choice: open water adds currents, so twice the fastest pool speed (4.8 m/s).
SWIMMING_RECORD_FACTOR = 2.0

#: Oxygen uptake of the best-endowed endurance athletes, ~7.5 L/min (cross-country skiers and
#: rowers; Bassett & Howley 2000, Med Sci Sports Exerc 32:70), × ~5 kcal per litre of O2
#: (Weir 1949, J Physiol 109:1) × 60 min.
AEROBIC_CEILING_KCAL_PER_H = 7.5 * 5.0 * 60
#: Our choice: device and app estimates (weight × MET tables) run above measured expenditure.
KCAL_MARGIN = 1.5
#: Short efforts draw on anaerobic energy beyond VO2max, and counters round: a 30 s all-out
#: sprint at ~700 W with ~20 % efficiency costs 700 × 30 / 0.2 J ≈ 25 kcal; 100 kcal covers it.
KCAL_ALLOWANCE = 100.0
S_PER_H = 3600.0

#: The sports whose speed is checked, and the limit (m/s, basis) for a duration in seconds.
SpeedLimit = Callable[[float], tuple[float, str]]
ON_FOOT = (Sport.RUNNING, Sport.WALKING, Sport.HIKING)


def foot_speed_limit(duration_s: float) -> tuple[float, str]:
    """The record of the longest race lasting no longer than ``duration_s``, with the margin.

    Shorter than the 100 m record, the 100 m's speed is the limit.
    """
    chosen = RUNNING_RECORDS[0]
    for record in RUNNING_RECORDS:
        if record.time_s <= duration_s:
            chosen = record
    time = f"{chosen.time_s:g} s" if chosen.time_s < 60 else format_duration(chosen.time_s)
    basis = f"{chosen.event} world record, {time}, + {RECORD_SPEED_MARGIN - 1:.0%}"
    return chosen.speed_m_s * RECORD_SPEED_MARGIN, basis


def _flat_limit(record: Record, factor: float) -> SpeedLimit:
    def limit(duration_s: float) -> tuple[float, str]:
        return record.speed_m_s * factor, f"{factor:g} × the {record.event} record"

    return limit


SPEED_LIMITS: dict[Sport, SpeedLimit] = {
    **dict.fromkeys(ON_FOOT, foot_speed_limit),
    Sport.CYCLING: _flat_limit(CYCLING_HOUR_RECORD, CYCLING_RECORD_FACTOR),
    Sport.SWIMMING: _flat_limit(SWIMMING_50M_RECORD, SWIMMING_RECORD_FACTOR),
}


def kcal_limit(duration_s: float) -> float:
    """The most energy an activity of ``duration_s`` can plausibly have used, kcal."""
    return AEROBIC_CEILING_KCAL_PER_H * KCAL_MARGIN * duration_s / S_PER_H + KCAL_ALLOWANCE


def _speed_text(speed_m_s: float, sport: Sport) -> str:
    text = f"{speed_m_s:.1f} m/s"
    if sport in ON_FOOT:
        km = format_pace(pace_s_per_km(speed_m_s), UnitSystem.KM)
        mi = format_pace(pace_s_per_mi(speed_m_s), UnitSystem.MI)
        text += f" ({km}, {mi})"
    return text


def _speeds(activity: Activity) -> list[tuple[float, float, str]]:
    """(speed, duration, what) for every average the totals state or imply."""
    out = []
    for name, duration in (("moving", activity.moving_s), ("elapsed", activity.elapsed_s)):
        if activity.distance_m and duration and duration > 0:
            out.append((activity.distance_m / duration, duration, f"over the {name} time"))
    duration = activity.moving_s or activity.elapsed_s
    if activity.avg_speed_m_s and duration:
        out.append((activity.avg_speed_m_s, duration, "(the file's average)"))
    return out


def implausible_totals(activity: Activity) -> list[tuple[str, str]]:
    """(field, reason) for each total no athlete could have produced; empty when all fit."""
    found = []
    limit_of = SPEED_LIMITS.get(activity.sport)
    if limit_of is not None:
        for speed, duration, what in _speeds(activity):
            limit, basis = limit_of(duration)
            if speed > limit:
                found.append(
                    (
                        "distance_m",
                        f"average speed {_speed_text(speed, activity.sport)} {what} of "
                        f"{format_duration(duration)} is over the {activity.sport} limit of "
                        f"{limit:.2f} m/s ({basis})",
                    )
                )
                break
    duration = max(activity.elapsed_s, activity.moving_s or 0.0)
    kcal = activity.calories_kcal
    if kcal is not None and kcal > kcal_limit(duration):
        found.append(
            (
                "calories_kcal",
                f"{kcal:,.0f} kcal in {format_duration(duration)} is over the "
                f"{kcal_limit(duration):,.0f} kcal any athlete could use in that time "
                f"({AEROBIC_CEILING_KCAL_PER_H * KCAL_MARGIN:,.0f} kcal/h + "
                f"{KCAL_ALLOWANCE:g} kcal)",
            )
        )
    return found
