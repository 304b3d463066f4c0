"""A synthetic high-mileage runner: deterministic, realistic training for the demo workspace.

recoverwell may not ship the real sample corpus, so the demo athlete is generated. Everything made
here is labelled synthetic wherever it is shown (the profile's ``synthetic`` flag, the device name
``recoverwell synthetic``). Same seed and end day → the same data, byte for byte.

The week follows docs/science.md §12 (the seed's rhythm scaled to 70–80 mi): easy Monday, intervals
Tuesday (+ an easy double), easy Wednesday, tempo Thursday, short Friday, long Saturday, recovery
Sunday; a cut-back week every fourth week. Runs are simulated at 1 Hz on a rolling course: pace
follows the session plan and the grade, heart rate follows effort through first-order kinetics
with cardiac drift, and a few easy runs stop at traffic lights (moving < elapsed time).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from recoverwell.core.athlete import AthleteProfile, Sex
from recoverwell.core.types import Activity, FloatArray, Lap, SampleStreams, Sport
from recoverwell.core.units import M_PER_MI, UnitSystem

DEVICE = "recoverwell synthetic"
DEMO_SEED = 42
#: The simulated runner's heart rate at threshold pace on the flat, as a share of HR reserve:
#: the LTHR the simulation is built on (``simulate_run``).
SIM_LTHR_FRACTION_OF_HRR = 0.87

DEMO_PROFILE = AthleteProfile(
    name="Demo Runner (synthetic)",
    sex=Sex.FEMALE,
    birth_year=1994,
    body_mass_kg=57.0,
    hr_max_bpm=190.0,
    hr_rest_bpm=44.0,
    lthr_bpm=171.0,  # the simulation's own: 44 + SIM_LTHR_FRACTION_OF_HRR × (190 − 44) = 171.02
    threshold_pace_s_per_km=218.0,  # 3:38/km ≈ 5:51/mi
    timezone="America/Denver",
    units=UnitSystem.MI,
    synthetic=True,
)

#: Planned week: (weekday, hour, kind, share of the week's miles). Shares sum to 1.
WEEK_PLAN: tuple[tuple[int, float, str, float], ...] = (
    (0, 6.25, "easy", 0.090),
    (1, 6.0, "intervals", 0.150),
    (1, 17.5, "double", 0.050),
    (2, 6.25, "easy", 0.125),
    (3, 6.0, "tempo", 0.150),
    (4, 6.5, "easy", 0.085),
    (5, 7.0, "long", 0.235),
    (6, 7.5, "recovery", 0.115),
)
#: Weekly miles of a 4-week block: build, build, build, cut back (−25 %).
BLOCK_MILES = (72.0, 75.0, 79.0, 58.0)
#: Session RPE (CR-10) by run kind.
KIND_RPE = {"easy": 3, "double": 2, "recovery": 2, "intervals": 8, "tempo": 7, "long": 6}
KIND_NAME = {
    "easy": "Easy run",
    "double": "Easy double",
    "recovery": "Recovery run",
    "intervals": "Intervals 6 × 1 km",
    "tempo": "Tempo run",
    "long": "Long run",
}


@dataclass(frozen=True, slots=True)
class _Segment:
    distance_m: float
    pace_s_per_km: float


def _plan_segments(kind: str, distance_m: float, threshold_s_per_km: float) -> list[_Segment]:
    """The session's structure: warm-up, work, recovery jogs, cool-down; paces from threshold."""
    easy = threshold_s_per_km * 1.36
    if kind == "intervals":
        rep, jog = 1000.0, 400.0
        work = [_Segment(rep, threshold_s_per_km * 0.94), _Segment(jog, easy * 1.08)] * 6
        rest = max(distance_m - sum(s.distance_m for s in work), 3000.0)
        return [_Segment(rest * 0.55, easy), *work, _Segment(rest * 0.45, easy)]
    if kind == "tempo":
        tempo = min(6 * M_PER_MI, distance_m * 0.5)
        rest = distance_m - tempo
        return [
            _Segment(rest * 0.5, easy),
            _Segment(tempo, threshold_s_per_km * 1.03),
            _Segment(rest * 0.5, easy),
        ]
    if kind == "long":  # progression: the last quarter at marathon effort
        return [_Segment(distance_m * 0.75, easy * 0.97), _Segment(distance_m * 0.25, easy * 0.86)]
    factor = {"recovery": 1.10, "double": 1.06}.get(kind, 1.0)
    return [_Segment(distance_m, easy * factor)]


def _course_altitude(distance_m: FloatArray, rng: np.random.Generator) -> FloatArray:
    """A rolling course: a few sine hills on top of Boulder's 1,650 m."""
    alt = np.full_like(distance_m, 1650.0)
    for wavelength, amplitude in ((3200.0, 14.0), (1100.0, 4.0), (420.0, 1.0)):
        phase = rng.uniform(0, 2 * math.pi)
        alt += amplitude * np.sin(2 * math.pi * distance_m / wavelength + phase)
    return alt


def _first_order(
    target: FloatArray, start: float, tau_up_s: float, tau_down_s: float
) -> FloatArray:
    out = np.empty_like(target)
    value = start
    up, down = 1 - math.exp(-1 / tau_up_s), 1 - math.exp(-1 / tau_down_s)
    for i, t in enumerate(target):
        value += (t - value) * (up if t > value else down)
        out[i] = value
    return out


def simulate_run(
    start: datetime,
    kind: str,
    distance_m: float,
    profile: AthleteProfile,
    rng: np.random.Generator,
) -> Activity:
    """One run at 1 Hz: time, HR, speed, distance, altitude, cadence and position, with laps."""
    threshold = profile.threshold_pace_s_per_km or 240.0
    hr_max, hr_rest = profile.hr_max_bpm or 190.0, profile.hr_rest_bpm or 50.0
    segments = _plan_segments(kind, distance_m, threshold)

    # Plan a nominal speed for each metre-ish step, then integrate second by second.
    edges = np.cumsum([s.distance_m for s in segments])
    plan_speed = np.array([1000.0 / s.pace_s_per_km for s in segments])
    v_thr = 1000.0 / threshold
    n_est = int(sum(s.distance_m * s.pace_s_per_km / 1000 for s in segments) * 1.15) + 120
    noise = np.cumsum(rng.normal(0, 0.004, n_est))
    noise -= np.convolve(noise, np.ones(60) / 60, mode="same")  # AR-ish wobble, no drift
    stops = rng.integers(0, 3) if kind in ("easy", "recovery", "double") else 0
    stop_at = set(rng.integers(300, max(301, n_est // 2), size=stops).tolist())

    hills = _course_altitude(np.arange(0, edges[-1] + 2000, 1.0), rng)
    speed = np.zeros(n_est)
    dist = np.zeros(n_est)
    d, i, pause = 0.0, 0, 0
    while d < edges[-1] and i < n_est - 1:
        if i in stop_at:
            pause = int(rng.integers(15, 45))
        if pause > 0:
            pause -= 1
            v = 0.0
        else:
            seg = min(int(np.searchsorted(edges, d, side="right")), len(segments) - 1)
            grade = (hills[int(d) + 5] - hills[int(d)]) / 5.0
            slow = 1 + (4.5 * grade if grade > 0 else 2.0 * grade)
            v = plan_speed[seg] / slow * (1 + noise[i])
        speed[i] = v
        d += v
        dist[i] = d
        i += 1
    n = i
    speed, dist = speed[:n], dist[:n]
    time_s = np.arange(n, dtype=np.float64)
    altitude = np.round(hills[dist.astype(int)], 1)

    # Heart rate: effort → %HRR, with kinetics, drift and beat-to-beat noise.
    hrr_lt = SIM_LTHR_FRACTION_OF_HRR
    moving = speed > 0.5
    rel = np.where(moving, speed / v_thr, 0.0)
    grade = np.gradient(altitude) / np.maximum(np.gradient(dist), 0.5)
    frac = np.clip(hrr_lt * rel + 2.0 * np.clip(grade, -0.05, 0.08), 0.15, 1.0)
    drift = np.maximum(time_s / 60 - 30, 0) * 0.04 / (hr_max - hr_rest)
    target = hr_rest + (hr_max - hr_rest) * np.minimum(frac + drift, 0.99)
    target = np.where(moving, target, hr_rest + 0.35 * (hr_max - hr_rest)).astype(np.float64)
    hr = _first_order(target, hr_rest + 40, 25.0, 45.0) + rng.normal(0, 1.2, n)
    hr = np.round(np.clip(hr, hr_rest, hr_max)).astype(np.float64)

    cadence = np.where(moving, np.round(150 + 9 * speed + rng.normal(0, 1.5, n)), 0.0)
    heading = np.cumsum(rng.normal(0, 0.02, n)) + np.linspace(0, 2 * math.pi, n)
    lat0, lon0 = 40.015, -105.270
    north = np.cumsum(speed * np.cos(heading))
    east = np.cumsum(speed * np.sin(heading))
    lat = np.round(lat0 + north / 111_320.0, 7)
    lon = np.round(lon0 + east / (111_320.0 * math.cos(math.radians(lat0))), 7)
    speed = np.round(speed, 3)
    dist = np.round(dist, 2)

    streams = SampleStreams(
        time_s=time_s,
        hr_bpm=hr,
        speed_m_s=speed,
        distance_m=dist,
        altitude_m=altitude,
        cadence_spm=cadence,
        lat_deg=lat,
        lon_deg=lon,
    )
    laps = _auto_laps(start, time_s, dist, speed, hr, altitude, M_PER_MI)
    climb = np.diff(altitude)
    return Activity(
        start_time=start,
        sport=Sport.RUNNING,
        sub_sport="road",
        name=f"{KIND_NAME[kind]} (synthetic)",
        elapsed_s=float(n),
        moving_s=float(moving.sum()),
        distance_m=float(dist[-1]),
        ascent_m=float(np.round(climb[climb > 0].sum(), 1)),
        descent_m=float(np.round(-climb[climb < 0].sum(), 1)),
        calories_kcal=round((profile.body_mass_kg or 60.0) * dist[-1] / 1000.0),
        avg_hr_bpm=float(np.round(hr.mean())),
        max_hr_bpm=float(hr.max()),
        avg_speed_m_s=float(dist[-1] / max(moving.sum(), 1)),
        avg_cadence_spm=float(np.round(cadence[moving].mean())),
        device=DEVICE,
        source_format="synthetic",
        rpe=float(np.clip(KIND_RPE[kind] + rng.integers(-1, 2), 1, 10)),
        laps=laps,
        streams=streams,
    )


def _auto_laps(
    start: datetime,
    time_s: FloatArray,
    distance_m: FloatArray,
    speed_m_s: FloatArray,
    hr_bpm: FloatArray,
    altitude_m: FloatArray,
    lap_m: float,
) -> tuple[Lap, ...]:
    """Auto-laps every ``lap_m`` metres, with the totals a watch would record for each."""
    lap_no = (distance_m // lap_m).astype(int)
    out = []
    for k in np.unique(lap_no):
        idx = np.flatnonzero(lap_no == k)
        lo, hi = idx[0], idx[-1]
        climb = np.diff(altitude_m[lo : hi + 1])
        prev_d = distance_m[lo - 1] if lo > 0 else 0.0
        out.append(
            Lap(
                index=int(k),
                start_time=start + timedelta(seconds=float(time_s[lo])),
                elapsed_s=float(hi - lo + 1),
                moving_s=float((speed_m_s[lo : hi + 1] > 0.5).sum()),
                distance_m=float(np.round(distance_m[hi] - prev_d, 2)),
                avg_hr_bpm=float(np.round(hr_bpm[lo : hi + 1].mean())),
                max_hr_bpm=float(hr_bpm[lo : hi + 1].max()),
                ascent_m=float(np.round(climb[climb > 0].sum(), 1)),
                descent_m=float(np.round(-climb[climb < 0].sum(), 1)),
                trigger="distance",
            )
        )
    return tuple(out)


def weekly_miles(week_index: int, rng: np.random.Generator) -> float:
    """Planned miles for a week of the 4-week block, ±3 % day-to-day life."""
    return BLOCK_MILES[week_index % len(BLOCK_MILES)] * float(rng.uniform(0.97, 1.03))


def generate_training(
    profile: AthleteProfile,
    end_day: date,
    weeks: int = 16,
    seed: int = DEMO_SEED,
) -> list[Activity]:
    """Runs for ``weeks`` Monday-to-Sunday weeks, the last one containing ``end_day``.

    Days after ``end_day`` are not generated: the demo ends on the day asked for.
    """
    rng = np.random.default_rng(seed)
    tz = ZoneInfo(profile.timezone)
    first_monday = end_day - timedelta(days=end_day.weekday()) - timedelta(weeks=weeks - 1)
    runs: list[Activity] = []
    for week in range(weeks):
        miles = weekly_miles(week, rng)
        monday = first_monday + timedelta(weeks=week)
        for weekday, hour, kind, share in WEEK_PLAN:
            day = monday + timedelta(days=weekday)
            jitter_s = round(float(rng.normal(0, 720)))
            if day > end_day:
                continue
            local = datetime.combine(day, time(0), tzinfo=tz) + timedelta(
                hours=hour, seconds=jitter_s
            )
            distance = miles * share * M_PER_MI * float(rng.uniform(0.96, 1.04))
            runs.append(simulate_run(local, kind, distance, profile, rng))
    return runs
