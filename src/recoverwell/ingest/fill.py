"""Totals a file leaves out, computed from its samples once they are validated — and reported.

``fill_result`` runs after ``validate.validate_result`` (``registry.read_source``), so a sample
validation dropped never enters an average. The file's own totals always win; a total is
computed only where the file has none (GPX has no totals at all; a FIT session may leave out
average or maximum heart rate, distance, cadence, speed or climb; TCX has no climb). Each
activity that got computed totals carries one ``NOTED`` issue naming every field and value: the
file was not changed, a derived figure was added and is marked as such. A total the file has
but its own samples contradict is replaced only in one case, a session that leaves out its
final lap (below); that is ``REPAIRED``.

Definitions (docs/metrics.md, "Activity totals", says which peers define them otherwise):

- **Pause**: an interval between two samples longer than ``PAUSE_FACTOR`` × the median sample
  interval, and at least ``PAUSE_MIN_S``. Runalyze (``GpxTrack.php``, ``guessLimitForPauses``)
  uses 10 × the *mean* interval; the median is used here so the pauses themselves do not raise
  the limit.
- **Moving time** (``moving_s``, when the file has no timer time): elapsed time minus pauses —
  the timer time a recorder that pauses when nothing is recorded would show, as FIT
  ``total_timer_time`` and TCX ``TotalTimeSeconds`` are. It is *not* time in motion (gpxpy's
  ``get_moving_data``: time of intervals faster than 1 km/h).
- **Averages** are time-weighted and gap-aware: a sample stands for the interval since the one
  before it (Runalyze ``TrackdataAverages.php``), an interval that is a pause stands for
  nothing, and samples without the channel are left out. Heart-rate and cadence zeros do not
  count (a strap without contact, standing still; Runalyze ignores zeros the same way). Average
  speed is distance / moving time (the FIT profile's ``avg_speed``), or the time-weighted speed
  samples when there is no distance.
- **Maximum heart rate**: the largest validated sample.
- **Distance**: the distance samples' last value (they are cumulative), else the great-circle
  length of the positions.
- **Ascent / descent**: Runalyze's default elevation method (``Calculation/Elevation/Strategy/
  Threshold.php``, threshold 3 m from ``Configuration/Category/ActivityView.php``): only turning
  points more than 3 m from the last one kept count, so GPS and barometer jitter does not add
  up to climb.
- **A session without its final lap** (Suunto Ambit, Runalyze issue #1886): the samples run on
  well past the file's elapsed time (more than ``FINAL_LAP_SLACK_S`` and ``FINAL_LAP_SLACK_REL``
  of it). Elapsed time becomes the samples' span, the moving time and distance of the samples
  after it are added, and when the laps add up to the old elapsed time a final lap is appended
  with the rest (Runalyze ``FitActivity::finishParsing`` does the same, for Suunto files only).
"""

from __future__ import annotations

import dataclasses
import math
from datetime import timedelta
from typing import Any

import numpy as np

from recoverwell.core.types import Activity, FloatArray, Lap, SampleStreams
from recoverwell.ingest.assemble import cumulative_distance_m
from recoverwell.ingest.base import ImportIssue, IssueAction, ReadResult

PAUSE_FACTOR = 10.0  # Runalyze GpxTrack::$PAUSE_FACTOR_FROM_AVERAGE_INTERVAL
PAUSE_MIN_S = 10.0  # a gap shorter than this is never a pause (1 s recording: 10 × 1 s)
ELEVATION_THRESHOLD_M = 3.0  # Runalyze ActivityView ELEVATION_TRESHOLD default (Threshold method)
FINAL_LAP_SLACK_S = 60.0  # samples this far past the session's end mean a lap is missing …
FINAL_LAP_SLACK_REL = 0.02  # … and this share of its elapsed time (clocks stop a little late)
LAP_SUM_TOLERANCE_S = 1.0  # laps "add up" to the elapsed time within this
DISTANCE_MATCH_M = 50.0  # a total "stops where the samples at the old end are", within this …
DISTANCE_MATCH_REL = 0.02  # … or this share of it (the corpus tests' stream tolerance)
_SUMMARY_FIELDS = (
    "moving_s",
    "distance_m",
    "avg_hr_bpm",
    "max_hr_bpm",
    "avg_cadence_spm",
    "avg_speed_m_s",
    "ascent_m",
    "descent_m",
)
_UNITS = {"_s": "s", "_m": "m", "_bpm": "bpm", "_spm": "spm", "_m_s": "m/s"}


def sample_interval_s(time_s: FloatArray) -> float:
    """The recording's usual sample interval: the median positive step (1 s when none)."""
    steps = np.diff(time_s)
    positive = steps[steps > 0]
    return float(np.median(positive)) if len(positive) else 1.0


def pause_limit_s(time_s: FloatArray) -> float:
    """The interval above which a gap between samples is a pause (see the module docstring)."""
    return max(PAUSE_FACTOR * sample_interval_s(time_s), PAUSE_MIN_S)


def sample_weights_s(time_s: FloatArray) -> FloatArray:
    """Seconds each sample stands for: the interval since the previous one.

    The first sample stands for nothing (Runalyze ``TrackdataAverages``: value × Δt before it),
    and so does the first sample after a pause: the pause is cut out of the time axis, as
    Runalyze's GPX pause detection does (``GpxTrack::parseTrackPoint``).
    """
    steps = np.diff(time_s, prepend=time_s[:1])
    limit = pause_limit_s(time_s)
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(steps) | (steps < 0) | (steps > limit)
    weights: FloatArray = np.where(bad, 0.0, steps)
    return weights


def weighted_mean(
    values: FloatArray | None, weights_s: FloatArray, *, zeros: bool = True
) -> float | None:
    """Time-weighted mean of the finite values (without zeros when ``zeros`` is False)."""
    if values is None:
        return None
    ok = np.isfinite(values)
    if not zeros:
        ok &= values != 0
    if not ok.any():
        return None
    w = weights_s[ok]
    total = float(w.sum())
    if total <= 0:
        return float(values[ok].mean())
    return float((values[ok] * w).sum() / total)


def climb_m(
    altitude_m: FloatArray | None, threshold_m: float = ELEVATION_THRESHOLD_M
) -> tuple[float | None, float | None]:
    """Ascent and descent by Runalyze's threshold method; None without two altitudes.

    Repeated values are collapsed and the turning points found with numpy; the threshold rule
    itself (a maximum is kept when it is more than ``threshold_m`` above the last point kept, a
    minimum when it is more than that below) walks the turning points only. The first and last
    altitudes are always kept, so ascent − descent = last − first.
    """
    if altitude_m is None:
        return None, None
    series = altitude_m[np.isfinite(altitude_m)]
    if len(series) < 2:
        return None, None
    series = series[np.concatenate(([True], np.diff(series) != 0))]
    steps = np.sign(np.diff(series))
    turning = np.flatnonzero(steps[1:] != steps[:-1]) + 1
    kept = [float(series[0])]
    for value, is_max in zip(
        series[turning].tolist(), (steps[turning - 1] > 0).tolist(), strict=True
    ):
        last = kept[-1]
        if (is_max and value > last + threshold_m) or (not is_max and value < last - threshold_m):
            kept.append(value)
    kept.append(float(series[-1]))
    changes = np.diff(np.asarray(kept))
    return float(changes[changes > 0].sum()), float(-changes[changes < 0].sum()) + 0.0  # not -0


def moving_s(time_s: FloatArray) -> float:
    """Elapsed time of the samples minus their pauses."""
    return float(sample_weights_s(time_s).sum())


def covered_m(streams: SampleStreams) -> float | None:
    """Distance covered: the cumulative distance samples, else the length of the positions."""
    distance = streams.distance_m
    if distance is None and streams.lat_deg is not None and streams.lon_deg is not None:
        distance = cumulative_distance_m(streams.lat_deg, streams.lon_deg)
    if distance is None:
        return None
    finite = distance[np.isfinite(distance)]
    return float(finite.max() - min(finite.min(), 0.0)) if len(finite) else None


def stream_totals(
    streams: SampleStreams, wanted: tuple[str, ...] = _SUMMARY_FIELDS
) -> dict[str, float | None]:
    """The ``wanted`` totals of ``_SUMMARY_FIELDS`` computed from validated samples (None = no
    data); only what is wanted is computed (the climb walks turning points in Python)."""
    t = streams.time_s
    weights = sample_weights_s(t)
    out: dict[str, float | None] = {}
    if "moving_s" in wanted:
        out["moving_s"] = float(weights.sum()) if len(t) > 1 else None
    if "distance_m" in wanted:
        out["distance_m"] = covered_m(streams)
    hr = streams.hr_bpm
    if "avg_hr_bpm" in wanted:
        out["avg_hr_bpm"] = weighted_mean(hr, weights, zeros=False)
    if "max_hr_bpm" in wanted:
        hr_finite = hr[np.isfinite(hr) & (hr > 0)] if hr is not None else np.empty(0)
        out["max_hr_bpm"] = float(hr_finite.max()) if len(hr_finite) else None
    if "avg_cadence_spm" in wanted:
        out["avg_cadence_spm"] = weighted_mean(streams.cadence_spm, weights, zeros=False)
    if "avg_speed_m_s" in wanted:
        out["avg_speed_m_s"] = weighted_mean(streams.speed_m_s, weights)
    if "ascent_m" in wanted or "descent_m" in wanted:
        out["ascent_m"], out["descent_m"] = climb_m(streams.altitude_m)
    return out


def _final_lap(activity: Activity, streams: SampleStreams) -> tuple[dict[str, Any], str] | None:
    """Changes for a session that leaves out its final lap, and what to say; None otherwise."""
    data = np.zeros(len(streams), dtype=bool)
    for name, values in streams.items():
        if name != "time_s":
            data |= np.isfinite(values)
    if not data.any():
        return None
    t = streams.time_s[: int(np.flatnonzero(data)[-1]) + 1]  # up to the last sample with data
    old = activity.elapsed_s
    end = float(t[-1])
    if old <= 0 or end - old <= max(FINAL_LAP_SLACK_S, FINAL_LAP_SLACK_REL * old):
        return None
    after = t > old
    changes: dict[str, Any] = {"elapsed_s": end}
    steps = np.diff(t, prepend=t[:1])
    paused = float((steps - sample_weights_s(t))[after].sum())  # time of pauses after the end
    extra_moving = end - old - paused
    if activity.moving_s is not None and activity.moving_s <= old + LAP_SUM_TOLERANCE_S:
        changes["moving_s"] = min(activity.moving_s + extra_moving, end)  # the timer stopped too
    distance = streams.distance_m[: len(t)] if streams.distance_m is not None else None
    extra_distance = None
    if distance is not None and np.isfinite(distance[after]).any():
        before = distance[~after]
        at_end = float(np.nanmax(before)) if np.isfinite(before).any() else 0.0
        extra_distance = float(np.nanmax(distance[after])) - at_end
        total = activity.distance_m
        if total is not None and abs(total - at_end) <= max(
            DISTANCE_MATCH_M, DISTANCE_MATCH_REL * total
        ):  # the file's distance stops where its elapsed time does
            changes["distance_m"] = total + extra_distance
    lap_sum = sum(lap.elapsed_s for lap in activity.laps)
    added_lap = activity.laps and abs(lap_sum - old) <= LAP_SUM_TOLERANCE_S
    if added_lap:
        lap_distances = [lap.distance_m for lap in activity.laps]
        whole = covered_m(streams)
        lap = Lap(
            index=len(activity.laps),
            start_time=activity.start_time + timedelta(seconds=lap_sum),
            elapsed_s=end - lap_sum,
            moving_s=extra_moving,
            distance_m=(
                whole - sum(d for d in lap_distances if d is not None)
                if whole is not None and extra_distance is not None and None not in lap_distances
                else extra_distance
            ),
            trigger="added: the file leaves this lap out",
        )
        changes["laps"] = (*activity.laps, lap)
    message = (
        f"the samples run {end - old:.0f} s past the file's elapsed time ({old:.0f} s): "
        f"{', '.join(k for k in changes if k != 'laps')} extended to the samples"
        + (f", and a final lap {len(activity.laps) + 1} added" if added_lap else "")
    )
    return changes, message


def _shown(name: str, value: float) -> str:
    """E.g. ``avg_hr_bpm 137.0 bpm``, ``avg_speed_m_s 3.07 m/s``."""
    unit = next((u for suffix, u in sorted(_UNITS.items(), key=lambda kv: -len(kv[0]))
                 if name.endswith(suffix)), "")  # fmt: skip
    return f"{name} {value + 0.0:.{2 if unit == 'm/s' else 1}f} {unit}".rstrip()  # no -0.0


def fill_activity(
    activity: Activity, path: str, label: str = ""
) -> tuple[Activity, list[ImportIssue]]:
    """``activity`` with its missing totals computed from its streams, and the issues saying so."""
    streams = activity.streams
    if streams is None or len(streams) == 0 or not np.isfinite(streams.time_s).all():
        return activity, []
    issues: list[ImportIssue] = []
    if streams.distance_m is None and streams.lat_deg is not None and streams.lon_deg is not None:
        # positions but no distance samples (Garmin Dakota TCX; Runalyze TcxTest.php:113 expects
        # a distance): the great-circle distance between them, as GPX always has it
        track = cumulative_distance_m(streams.lat_deg, streams.lon_deg)
        if np.count_nonzero(np.isfinite(track)) > 1:
            streams = dataclasses.replace(streams, distance_m=track)
            activity = dataclasses.replace(activity, streams=streams)
            issues.append(
                ImportIssue(
                    path,
                    f"{label}no distance samples: computed from the positions (great circle)",
                    IssueAction.NOTED,
                    field="distance_m",
                )
            )
    repair = _final_lap(activity, streams)
    if repair is not None:
        changes, message = repair
        activity = dataclasses.replace(activity, **changes)
        field = ", ".join(k for k in changes if k != "laps")
        issues.append(ImportIssue(path, label + message, IssueAction.REPAIRED, field=field))
    missing = tuple(name for name in _SUMMARY_FIELDS if getattr(activity, name) is None)
    computed = stream_totals(streams, missing) if missing else {}
    filled = {
        name: value
        for name in missing
        if (value := computed.get(name)) is not None and math.isfinite(value)
    }
    distance = filled.get("distance_m", activity.distance_m)
    moving = filled.get("moving_s", activity.moving_s)
    if activity.avg_speed_m_s is None and distance is not None and moving:
        filled["avg_speed_m_s"] = distance / moving  # the FIT profile's avg_speed
    if filled:
        activity = dataclasses.replace(activity, **filled)  # type: ignore[arg-type]
        shown = ", ".join(_shown(name, value) for name, value in filled.items())
        issues.append(
            ImportIssue(
                path,
                f"{label}not in the file, computed from its {len(streams)} samples: {shown}",
                IssueAction.NOTED,
                field=", ".join(filled),
            )
        )
    return activity, issues


def fill_result(result: ReadResult, path: str) -> ReadResult:
    """Fill every activity of a validated result; the issues are appended to the result's."""
    if not result.activities:
        return result
    issues = list(result.issues)
    activities = []
    many = len(result.activities) > 1
    for number, activity in enumerate(result.activities, start=1):
        filled, found = fill_activity(activity, path, f"activity {number}: " if many else "")
        activities.append(filled)
        issues.extend(found)
    return dataclasses.replace(result, activities=tuple(activities), issues=tuple(issues))
