"""Synthetic recovery signals for the demo athlete, driven by its (synthetic) training.

Everything here is generated, deterministic for a seed, and stored with source ``demo`` (the
athlete is flagged synthetic): overnight HRV (rMSSD), resting HR, sleep periods with naps, a
morning Hooper check-in and body mass. The responses follow the training:

- the session load driving the model is session RPE × minutes (Foster 2001), summed per day;
- a hard day lowers the next morning's HRV and raises RHR, soreness and fatigue a little;
- load above the athlete's chronic level (7- vs 28-day averages) accumulates: HRV trends down,
  RHR creeps up, the check-in worsens;
- the **late block** is scripted: over the last ``LATE_BLOCK_D`` days the athlete skips the
  planned cut-back, adds doubles, and work stress shortens sleep, so the demo's verdict has
  something to say (docs/science.md §8a row 1, "classic accumulated stress").

The model is a plausible picture for a demo, not a physiological simulation to learn from.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from recoverwell.app.synthetic import KIND_RPE, simulate_run
from recoverwell.core.athlete import AthleteProfile
from recoverwell.core.signals import HrvWindow
from recoverwell.core.timeutil import local_day
from recoverwell.core.types import Activity, Observation, SleepPeriod
from recoverwell.core.units import M_PER_MI
from recoverwell.metrics.kernels import alpha_exponential, ewma

Array = npt.NDArray[np.float64]

SOURCE = "demo"
#: The scripted block of accumulating fatigue at the end of the demo.
LATE_BLOCK_D = 12
#: The block comes after the baselines have formed: HRV needs 21 readings (docs/science.md §0).
LATE_BLOCK_MIN_WEEKS = 6
#: Miles a week in the late block (the planned week would be a 58-mi cut-back or ~75 mi).
LATE_BLOCK_MILES = 92.0
#: Late-block plan: (weekday, hour, kind, share of the week's miles); doubles on Mon/Wed/Fri.
LATE_PLAN: tuple[tuple[int, float, str, float], ...] = (
    (0, 6.25, "easy", 0.085),
    (0, 17.5, "double", 0.045),
    (1, 6.0, "intervals", 0.140),
    (1, 17.5, "double", 0.045),
    (2, 6.25, "easy", 0.110),
    (2, 17.5, "double", 0.045),
    (3, 6.0, "tempo", 0.140),
    (4, 6.5, "easy", 0.075),
    (4, 17.5, "double", 0.040),
    (5, 7.0, "long", 0.190),
    (6, 7.5, "recovery", 0.085),
)
# Baselines of the demo runner (a trained female marathoner; HRV from the overnight window).
LN_RMSSD_BASE = 4.25  # rMSSD ≈ 70 ms
RHR_BASE_BPM = 44.0
BODY_MASS_KG = 57.0
BEDTIME_H = 21.25  # 21:15: about 8 h in bed before a 6:00 run
WAKE_BEFORE_RUN_MIN = 35.0
SUNDAY = 6
SATURDAY_LATE_MIN = 60.0  # a later Saturday night before the 7:30 Sunday recovery run


def late_block_runs(
    profile: AthleteProfile, end_day: date, rng: np.random.Generator
) -> list[Activity]:
    """The scripted heavy days ``end_day − LATE_BLOCK_D + 1`` … ``end_day``."""
    tz = ZoneInfo(profile.timezone)
    first = end_day - timedelta(days=LATE_BLOCK_D - 1)
    runs = []
    for offset in range(LATE_BLOCK_D):
        day = first + timedelta(days=offset)
        for weekday, hour, kind, share in LATE_PLAN:
            if weekday != day.weekday():
                continue
            start = datetime.combine(day, time(0), tzinfo=tz) + timedelta(
                hours=hour, seconds=round(float(rng.normal(0, 600)))
            )
            miles = LATE_BLOCK_MILES * share * float(rng.uniform(0.96, 1.04))
            runs.append(simulate_run(start, kind, miles * M_PER_MI, profile, rng))
    return runs


def with_late_block(
    runs: list[Activity], profile: AthleteProfile, end_day: date, seed: int
) -> list[Activity]:
    """``runs`` with the last ``LATE_BLOCK_D`` days replaced by the scripted heavy block."""
    tz = ZoneInfo(profile.timezone)
    first = end_day - timedelta(days=LATE_BLOCK_D - 1)
    kept = [r for r in runs if local_day(r.start_time, tz) < first]
    return kept + late_block_runs(profile, end_day, np.random.default_rng(seed + 1))


def daily_session_load(runs: list[Activity], tz: ZoneInfo, start: date, n: int) -> Array:
    """Session RPE × minutes (Foster 2001), summed per local day; 0 on days without runs."""
    load = np.zeros(n)
    for run in runs:
        i = (local_day(run.start_time, tz) - start).days
        if 0 <= i < n:
            minutes = (run.moving_s or run.elapsed_s) / 60
            load[i] += (run.rpe or KIND_RPE["easy"]) * minutes
    return load


@dataclass(frozen=True, slots=True)
class DemoSignals:
    """What ``generate_recovery`` made, ready for the store."""

    observations: list[Observation]
    sleep: list[tuple[date, SleepPeriod]]
    first_day: date
    last_day: date
    late_block_start: date | None


def _strain(load: Array) -> tuple[Array, Array]:
    """(hard, strain) per morning: yesterday's load vs usual, and acute vs chronic excess."""
    mean = float(load[load > 0].mean()) if (load > 0).any() else 1.0
    acute = ewma(load, alpha_exponential(7), seed=mean)
    chronic = ewma(load, alpha_exponential(28), seed=mean)
    hard = np.concatenate([[0.0], (load[:-1] - mean) / mean])
    excess = np.concatenate([[0.0], (acute[:-1] - chronic[:-1]) / chronic[:-1]])
    return hard, np.clip(excess, 0.0, None)


def _rating(x: float) -> float:
    return float(min(max(round(x), 1), 7))


def generate_recovery(
    profile: AthleteProfile,
    runs: list[Activity],
    first_day: date,
    last_day: date,
    seed: int,
    *,
    late_block: bool = True,
) -> DemoSignals:
    """Mornings ``first_day`` … ``last_day`` for an athlete who trained ``runs``.

    The last morning is "today": its check-in is in, its training is not. With ``late_block``
    the last ``LATE_BLOCK_D`` days carry the scripted life stress and late nights.
    """
    tz = ZoneInfo(profile.timezone)
    n = (last_day - first_day).days + 1
    rng = np.random.default_rng(seed + 2)
    load = daily_session_load(runs, tz, first_day, n)
    hard, strain = _strain(load)
    block_start = last_day - timedelta(days=LATE_BLOCK_D)
    first_run: dict[date, datetime] = {}
    long_days = set()
    for run in sorted(runs, key=lambda r: r.start_time):
        day = local_day(run.start_time, tz)
        first_run.setdefault(day, run.start_time.astimezone(tz))
        if run.name and run.name.startswith("Long run"):
            long_days.add(day)
    obs: list[Observation] = []
    sleep: list[tuple[date, SleepPeriod]] = []
    for i in range(n):
        day = first_day + timedelta(days=i)
        ramp = min(max((day - block_start).days / LATE_BLOCK_D, 0.0), 1.0) if late_block else 0.0
        fatigue = 4.0 * strain[i] + ramp
        got_hrv = rng.random() > 0.05  # the watch is off the charger most nights

        period, nap = _night(day, first_run.get(day), ramp, rng, tz)
        sleep.append((day, period))
        if nap is not None:
            sleep.append((day, nap))
        short = max(0.0, (480.0 - (period.asleep_min or 480.0)) / 60.0)

        ln = LN_RMSSD_BASE - 0.05 * hard[i] - 0.12 * fatigue - 0.05 * short
        ln += float(rng.normal(0, 0.06))
        rhr = RHR_BASE_BPM + 1.2 * hard[i] + 4.0 * fatigue + 0.8 * short
        rhr += float(rng.normal(0, 1.0))
        if got_hrv:
            obs.append(
                Observation(
                    day, "hrv_rmssd_ms", round(math.exp(ln), 1), SOURCE, HrvWindow.OVERNIGHT
                )
            )
        obs.append(Observation(day, "rhr_bpm", float(round(rhr)), SOURCE))

        if rng.random() > 0.08:  # a few mornings without a check-in
            after_long = (day - timedelta(days=1)) in long_days
            items = {
                "hooper_sleep": 2.5 + 0.8 * short + float(rng.normal(0, 0.5)),
                "hooper_fatigue": 2.5
                + 0.6 * max(hard[i], 0)
                + 1.6 * fatigue
                + float(rng.normal(0, 0.5)),
                "hooper_stress": 2.0 + 2.5 * ramp + float(rng.normal(0, 0.5)),
                "hooper_soreness": 2.5
                + 1.0 * after_long
                + 1.4 * fatigue
                + float(rng.normal(0, 0.5)),
            }
            obs += [Observation(day, k, _rating(v), SOURCE) for k, v in items.items()]
        if rng.random() > 0.3:  # weighed most mornings
            mass = BODY_MASS_KG - 0.35 * ((day - timedelta(days=1)) in long_days) - 0.3 * ramp
            obs.append(
                Observation(day, "body_mass_kg", round(mass + float(rng.normal(0, 0.2)), 1), SOURCE)
            )
    block = block_start if late_block else None
    return DemoSignals(obs, sleep, first_day, last_day, block)


def _night(
    wake_day: date,
    run_start: datetime | None,
    ramp: float,
    rng: np.random.Generator,
    tz: ZoneInfo,
) -> tuple[SleepPeriod, SleepPeriod | None]:
    """The main sleep ending on ``wake_day`` (and a nap that afternoon, some days)."""
    midnight = datetime.combine(wake_day, time(0), tzinfo=tz)
    bed = midnight - timedelta(hours=24 - BEDTIME_H)
    bed += timedelta(minutes=float(rng.normal(0, 18)) + 50 * ramp)  # late block: late nights
    if wake_day.weekday() == SUNDAY:
        bed += timedelta(minutes=SATURDAY_LATE_MIN)
    if run_start is not None and run_start.hour < 12:
        wake = run_start - timedelta(minutes=WAKE_BEFORE_RUN_MIN + float(rng.normal(0, 5)))
    else:
        wake = midnight + timedelta(hours=6.5, minutes=float(rng.normal(0, 20)))
    in_bed = (wake - bed).total_seconds() / 60
    latency = float(np.clip(rng.normal(12, 5), 3, 40))
    awake = float(np.clip(rng.normal(18 + 20 * ramp, 8), 2, 90))
    asleep = in_bed - latency - awake
    deep, rem = round(asleep * float(rng.uniform(0.15, 0.21))), round(asleep * 0.22)
    period = SleepPeriod(
        start=bed,
        end=wake,
        source=SOURCE,
        asleep_min=round(asleep, 1),
        in_bed_min=round(in_bed, 1),
        deep_min=float(deep),
        rem_min=float(rem),
        light_min=round(asleep - deep - rem, 1),
        awake_min=round(awake, 1),
        awakenings=int(rng.poisson(1.2 + 1.5 * ramp)),
        latency_min=round(latency, 1),
        record_ref="synthetic",
    )
    nap = None
    if wake_day.weekday() == 5 or rng.random() < 0.12:  # after the long run, and now and then
        start = midnight + timedelta(hours=14, minutes=float(rng.normal(0, 20)))
        length = float(np.clip(rng.normal(28, 6), 15, 50))
        nap = SleepPeriod(
            start=start,
            end=start + timedelta(minutes=length),
            source=SOURCE,
            asleep_min=round(length - 4, 1),
            in_bed_min=round(length, 1),
            is_nap=True,
            record_ref="synthetic",
        )
    return period, nap


def group_by_day(observations: list[Observation]) -> dict[date, dict[str, float]]:
    """{day: {signal: value}} (for summaries and tests)."""
    out: dict[date, dict[str, float]] = defaultdict(dict)
    for o in observations:
        out[o.day][o.signal] = o.value
    return dict(out)
