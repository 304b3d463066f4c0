"""Plausibility checks on what readers return: lenient mode drops and reports, strict mode raises.

Runs after every reader (``registry.read_source``), on every activity. A value that fails a check
is dropped (set to NaN, or the whole sample left out when its time is wrong) and an
``ImportIssue`` says what, where (sample number = record, channel = field) and how many. In
strict mode the first failing check raises ``ParseError`` naming file, record and field.

Three things are repaired, never silently: the time axis (``time_axis.py``: samples before the
start move the start back, a device clock jump is closed), and texts longer than their store
column. Sentinels (FIT's altitude −500 m) are missing values, dropped without failing
``--strict``. An activity whose totals no athlete could produce (``plausibility.py``) is kept but
excluded from load and volume (``Activity.excluded``). Gaps in heart rate (strap dropouts) are
reported but nothing is changed: the samples stay NaN.

Sample numbers are 1-based positions in the activity's streams as the reader produced them.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo

import numpy as np

from recoverwell.core.config import EARLIEST_RECORD_DAY
from recoverwell.core.errors import ParseError
from recoverwell.core.signals import SIGNALS
from recoverwell.core.timeutil import local_day, today_in
from recoverwell.core.types import (
    Activity,
    FloatArray,
    Lap,
    Observation,
    SampleStreams,
    SleepPeriod,
    Sport,
)
from recoverwell.ingest.base import ImportIssue, IssueAction, ReadResult
from recoverwell.ingest.localtime import is_floating
from recoverwell.ingest.plausibility import implausible_totals
from recoverwell.ingest.tabular import base_name
from recoverwell.ingest.time_axis import repair_time_axis

HR_MIN_BPM = 25.0  # below any recorded human heart rate; issue #4 range 25–250
HR_MAX_BPM = 250.0  # above any recorded adult maximum (issue #4)
HR_SPIKE_BPM = 40.0  # a single sample this far above or below both neighbours is an artefact
HR_DROPOUT_S = 30.0  # no heart rate for this long inside a recording = a strap dropout
CADENCE_MAX_SPM = 300.0  # elite sprint cadence is ~270 steps/min (Mann & Hagy 1980)
POWER_MAX_W = 3000.0  # above track-sprint peak power (~2,500 W, Dorel et al. 2005)
ALTITUDE_MIN_M = -500.0  # Dead Sea shore is −430 m
#: FIT writes altitude as raw / 5 − 500 m, and raw 0 where it has none; Runalyze reads raw 0 as
#: no altitude (FitActivity.php:588, `altitude != 0`). Other formats copy it from FIT.
ALTITUDE_SENTINEL_M = -500.0
ALTITUDE_MAX_M = 9000.0  # above Everest (8,849 m)
SPEED_SPIKE_M_S = 5.0  # a single sample this far above both neighbours is a GPS glitch
START_SLACK = timedelta(days=1)  # device clocks a little ahead of ours are not an error
#: top plausible speed per sport, m/s (running: Bolt's 12.4 m/s peak, Berlin 2009)
SPEED_MAX_M_S = {
    Sport.RUNNING: 12.5,
    Sport.WALKING: 12.5,
    Sport.HIKING: 12.5,
    Sport.SWIMMING: 5.0,
    Sport.CYCLING: 40.0,
}
SPEED_MAX_DEFAULT_M_S = 60.0
#: a lap shorter than this is the empty lap a device writes as it closes a session (Runalyze
#: FitTest.php:649-656: swim-pool-via-iq.fit's 7th lap, 0.01 s "with" 100 m, is not a lap)
LAP_MIN_S = 1.0
#: channels a device without the sensor writes as 0 for every sample (Runalyze FitTest.php:278:
#: HRV-example.fit has no distance); a recording that truly stands still has no samples moving
#: either, so the channel says nothing
NO_SENSOR_IF_ZERO = ("distance_m", "speed_m_s")
#: text lengths of the activities table (store/schema.py): PostgreSQL refuses longer values
NAME_MAX_CHARS = 255
DEVICE_MAX_CHARS = 120
SUB_SPORT_MAX_CHARS = 48
GEAR_MAX_CHARS = 120
_TEXT_LIMITS = (
    ("name", NAME_MAX_CHARS),
    ("gear", GEAR_MAX_CHARS),
    ("device", DEVICE_MAX_CHARS),
    ("sub_sport", SUB_SPORT_MAX_CHARS),
)


@dataclasses.dataclass(frozen=True, slots=True)
class DateRange:
    """The local days any record (activity, reading, sleep) may be dated on, both included."""

    earliest: date
    latest: date
    tz: tzinfo = UTC  # the athlete's zone: the local day of an instant

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.earliest <= day <= self.latest

    def __str__(self) -> str:
        return f"{self.earliest.isoformat()} to {self.latest.isoformat()}"

    def day_of(self, moment: datetime, utc_offset_s: int | None = None) -> date:
        """The local day of an instant (a floating wall-clock time is its own day)."""
        if is_floating(moment):
            return moment.date()
        return local_day(moment, self.tz, utc_offset_s)


def plausible_dates(
    earliest: date = EARLIEST_RECORD_DAY, tz: tzinfo = UTC, today: date | None = None
) -> DateRange:
    """From ``earliest`` (the ``earliest_record_day`` setting) through tomorrow in ``tz``: a
    device clock a little ahead of ours (START_SLACK) is no error, a later date is."""
    return DateRange(earliest, (today or today_in(tz)) + START_SLACK, tz)


def _not_plausible(what: str, dates: DateRange) -> str:
    return f"{what} is not plausible (outside {dates}; setting earliest_record_day)"


@dataclasses.dataclass
class _Checker:
    path: str
    strict: bool
    label: str
    issues: list[ImportIssue] = dataclasses.field(default_factory=list)

    def flag(
        self,
        bad: np.ndarray,
        field: str,
        message: str,
        action: IssueAction = IssueAction.DROPPED,
        *,
        fails_strict: bool | None = None,
    ) -> bool:
        """Report the samples where ``bad`` is True; True if any.

        Strict mode raises on a drop (``fails_strict`` None = the action is DROPPED); repairs,
        notes and sentinels (``fails_strict=False``) are reported in any mode.
        """
        count = int(np.count_nonzero(bad))
        if count == 0:
            return False
        first = int(np.flatnonzero(bad)[0]) + 1
        if fails_strict is None:
            fails_strict = action is IssueAction.DROPPED
        if self.strict and fails_strict:
            raise ParseError(self.path, f"{self.label}{message}", record=first, field=field)
        self.issues.append(
            ImportIssue(self.path, f"{self.label}{message}", action, first, field, count)
        )
        return True

    def flag_total(
        self, field: str, message: str, action: IssueAction = IssueAction.DROPPED
    ) -> None:
        """Report (or, strict, raise on) a bad activity total: it has no sample number."""
        if self.strict:
            raise ParseError(self.path, f"{self.label}{message}", field=field)
        self.issues.append(ImportIssue(self.path, f"{self.label}{message}", action, field=field))


def _isolated_spikes(values: FloatArray, threshold: float, up_only: bool = False) -> np.ndarray:
    """Samples differing from both finite neighbours, in the same direction, by > threshold."""
    bad = np.zeros(len(values), dtype=bool)
    if len(values) < 3:
        return bad
    mid, before, after = values[1:-1], values[:-2], values[2:]
    with np.errstate(invalid="ignore"):
        up = (mid - before > threshold) & (mid - after > threshold)
        down = (before - mid > threshold) & (after - mid > threshold)
    bad[1:-1] = up if up_only else up | down
    return bad


def _dropouts(time_s: FloatArray, hr: FloatArray) -> np.ndarray:
    """First sample of every HR gap of at least HR_DROPOUT_S between two heart-rate samples."""
    marks = np.zeros(len(hr), dtype=bool)
    have = np.flatnonzero(np.isfinite(hr))
    if len(have) < 2:
        return marks
    gaps = np.diff(time_s[have])
    starts = have[:-1][gaps >= HR_DROPOUT_S] + 1
    marks[starts] = True
    return marks


def _check_streams(
    streams: SampleStreams, sport: Sport, elapsed_s: float, check: _Checker
) -> tuple[SampleStreams | None, float]:
    """The streams without the values that fail a check, and how far the start moved back."""
    arrays = {name: array.copy() for name, array in streams.items()}
    others = [np.isfinite(v) for name, v in arrays.items() if name != "time_s"]
    has_value = np.logical_or.reduce(others) if others else np.zeros(len(streams), dtype=bool)
    axis = repair_time_axis(arrays["time_s"], has_value, elapsed_s, check.flag)
    arrays["time_s"] = axis.time_s
    if not axis.keep.all():
        arrays = {name: array[axis.keep] for name, array in arrays.items()}
    t = arrays["time_s"]

    def drop(name: str, bad_of: Callable[[FloatArray], np.ndarray], message: str) -> None:
        values = arrays.get(name)
        if values is None:
            return
        with np.errstate(invalid="ignore"):
            bad = bad_of(values) & np.isfinite(values)
        if check.flag(bad, name, message):
            values[bad] = np.nan

    drop("hr_bpm", lambda v: v == 0, "heart rate 0 bpm (strap without contact)")
    drop(
        "hr_bpm",
        lambda v: (v < HR_MIN_BPM) | (v > HR_MAX_BPM),
        f"heart rate outside {HR_MIN_BPM:g}–{HR_MAX_BPM:g} bpm",
    )
    drop("hr_bpm", lambda v: _isolated_spikes(v, HR_SPIKE_BPM), "heart-rate spike")
    top = SPEED_MAX_M_S.get(sport, SPEED_MAX_DEFAULT_M_S)
    drop("speed_m_s", lambda v: (v < 0) | (v > top), f"speed outside 0–{top:g} m/s for {sport}")
    drop("speed_m_s", lambda v: _isolated_spikes(v, SPEED_SPIKE_M_S, True), "speed spike")
    drop("distance_m", lambda v: v < 0, "negative distance")
    drop("cadence_spm", lambda v: (v < 0) | (v > CADENCE_MAX_SPM), "cadence outside 0–300 spm")
    drop("power_w", lambda v: (v < 0) | (v > POWER_MAX_W), "power outside 0–3000 W")
    altitude = arrays.get("altitude_m")
    if altitude is not None:
        sentinel = altitude == ALTITUDE_SENTINEL_M
        message = "altitude −500 m: FIT's raw 0, no altitude (read as missing)"
        if check.flag(sentinel, "altitude_m", message, fails_strict=False):
            altitude[sentinel] = np.nan
    drop(
        "altitude_m",
        lambda v: (v < ALTITUDE_MIN_M) | (v > ALTITUDE_MAX_M),
        "altitude outside −500–9000 m",
    )
    lat, lon = arrays.get("lat_deg"), arrays.get("lon_deg")
    if lat is not None and lon is not None:
        with np.errstate(invalid="ignore"):
            bad = (np.abs(lat) > 90) | (np.abs(lon) > 180) | ((lat == 0) & (lon == 0))
        if check.flag(bad & np.isfinite(lat), "lat_deg", "impossible position (or 0°, 0°)"):
            lat[bad] = np.nan
            lon[bad] = np.nan
    hr = arrays.get("hr_bpm")
    if hr is not None:
        check.flag(
            _dropouts(t, hr),
            "hr_bpm",
            f"heart-rate strap dropout: no heart rate for {HR_DROPOUT_S:g} s or more",
            IssueAction.NOTED,
        )
    if len(t) == 0:
        return None, axis.start_shift_s
    for name in NO_SENSOR_IF_ZERO:  # 0 from start to end: the device had no such sensor
        values = arrays.get(name)
        if values is not None and len(values) > 1:
            finite = values[np.isfinite(values)]
            if finite.size > 1 and not finite.any():
                message = f"{name} is 0 throughout: no such sensor, so no {name} channel"
                check.flag(np.ones(1, dtype=bool), name, message, IssueAction.NOTED)
                arrays[name] = np.full(len(values), np.nan)
    columns = {k: v for k, v in arrays.items() if k == "time_s" or np.isfinite(v).any()}
    return SampleStreams.from_mapping(columns), axis.start_shift_s


def _check_totals(activity: Activity, check: _Checker) -> dict[str, float | None]:
    changes: dict[str, float | None] = {}
    for name in ("avg_hr_bpm", "max_hr_bpm"):
        value = getattr(activity, name)
        if value is not None and not HR_MIN_BPM <= value <= HR_MAX_BPM:
            check.flag_total(name, f"{name} {value:g} outside 25–250 bpm")
            changes[name] = None
    avg, top = activity.avg_hr_bpm, activity.max_hr_bpm
    if "avg_hr_bpm" not in changes and "max_hr_bpm" not in changes and avg and top and avg > top:
        check.flag_total("avg_hr_bpm", f"average HR {avg:g} above the maximum {top:g} bpm")
        changes["avg_hr_bpm"] = changes["max_hr_bpm"] = None
    for name in ("distance_m", "moving_s", "calories_kcal", "ascent_m", "descent_m"):
        value = getattr(activity, name)
        if value is not None and (not math.isfinite(value) or value < 0):
            check.flag_total(name, f"{name} {value:g} is negative")
            changes[name] = None
    return changes


def _exclusion(activity: Activity, check: _Checker) -> str | None:
    """Why the activity is kept out of load and volume, or None when its totals are plausible."""
    found = implausible_totals(activity)
    for field, reason in found:
        check.flag_total(field, reason + "; kept out of load and volume", IssueAction.EXCLUDED)
    reasons = [reason for _, reason in found]
    if activity.excluded:
        reasons.insert(0, activity.excluded)
    return "; ".join(reasons) if reasons else None


def _check_laps(activity: Activity, check: _Checker) -> tuple[Lap, ...] | None:
    """The laps without the empty ones a device closes a session with (under LAP_MIN_S and
    covering distance no one covers in that time), renumbered; None when nothing changed."""
    empty = np.array([lap.elapsed_s < LAP_MIN_S for lap in activity.laps], dtype=bool)
    if not check.flag(
        empty,
        "laps",
        f"a lap under {LAP_MIN_S:g} s (a device's empty closing lap) left out",
        fails_strict=False,
    ):
        return None
    kept = [lap for lap, bad in zip(activity.laps, empty, strict=True) if not bad]
    return tuple(dataclasses.replace(lap, index=i) for i, lap in enumerate(kept))


def _check_texts(activity: Activity, check: _Checker) -> dict[str, str]:
    """Texts longer than their store column, cut to it (a repair, reported in any mode)."""
    changes = {}
    for name, limit in _TEXT_LIMITS:
        value = getattr(activity, name)
        if value is not None and len(value) > limit:
            changes[name] = value[:limit]
            check.issues.append(
                ImportIssue(
                    check.path,
                    f"{check.label}{name} of {len(value)} characters cut to {limit}",
                    IssueAction.REPAIRED,
                    field=name,
                )
            )
    return changes


def validate_activity(
    activity: Activity,
    path: str,
    *,
    strict: bool = False,
    number: int = 1,
    of: int = 1,
    dates: DateRange | None = None,
) -> tuple[Activity, list[ImportIssue]]:
    """Check one activity; returns the activity without the dropped values, and the issues.

    A start whose local day is outside ``dates`` (default: ``plausible_dates()``) is a
    ParseError in any mode: nothing of such an activity can be kept."""
    label = f"activity {number}: " if of > 1 else ""
    check = _Checker(path, strict, label)
    dates = dates or plausible_dates()
    if dates.day_of(activity.start_time, activity.utc_offset_s) not in dates:
        what = f"{label}start time {activity.start_time.isoformat()}"
        raise ParseError(path, _not_plausible(what, dates), field="start_time")
    changes: dict[str, object] = dict(_check_totals(activity, check))
    changes["excluded"] = _exclusion(activity, check)
    changes.update(_check_texts(activity, check))
    laps = _check_laps(activity, check)
    if laps is not None:
        changes["laps"] = laps
    if activity.streams is not None:
        streams, shift_s = _check_streams(
            activity.streams, activity.sport, activity.elapsed_s, check
        )
        changes["streams"] = streams
        if shift_s:
            changes["start_time"] = activity.start_time - timedelta(seconds=shift_s)
    if activity.rr_ms is not None:
        rr = activity.rr_ms
        bad = (rr < 60_000 / HR_MAX_BPM) | (rr > 60_000 / HR_MIN_BPM)
        if check.flag(bad, "rr_ms", "RR interval outside 240–2400 ms (25–250 bpm)"):
            kept = rr[~bad]
            changes["rr_ms"] = kept if len(kept) else None
    return dataclasses.replace(activity, **changes), check.issues  # type: ignore[arg-type]


#: sleep-period field → the daily signal of the catalog (core/signals.py) whose range it must fit
SLEEP_FIELD_SIGNALS = (
    ("asleep_min", "sleep_total_min"),
    ("in_bed_min", "sleep_in_bed_min"),
    ("deep_min", "sleep_deep_min"),
    ("rem_min", "sleep_rem_min"),
    ("light_min", "sleep_light_min"),
    ("awake_min", "sleep_awake_min"),
    ("awakenings", "sleep_awakenings"),
    ("latency_min", "sleep_latency_min"),
    ("score", "sleep_score"),
)


def validate_sleep(
    period: SleepPeriod, path: str, *, strict: bool = False
) -> tuple[SleepPeriod, list[ImportIssue]]:
    """One sleep period without the values outside their signal's range (a tracker left on all
    day: 20 h asleep); each drop is an issue naming the record, strict mode raises."""
    ref = period.record_ref or ""
    record = ref.removeprefix(base_name(path) + ":")  # "sleepdata.csv:7" → line 7
    changes: dict[str, None] = {}
    issues = []
    for name, symbol in SLEEP_FIELD_SIGNALS:
        value = getattr(period, name)
        spec = SIGNALS[symbol]
        if value is None or spec.low <= value <= spec.high:
            continue
        message = f"{symbol} {value:g} outside {spec.low:g}–{spec.high:g} {spec.unit}"
        if strict:
            raise ParseError(path, message, record=record or None, field=symbol)
        issues.append(ImportIssue(path, message, IssueAction.DROPPED, record or None, symbol))
        changes[name] = None
    if changes:
        period = dataclasses.replace(period, **changes)  # type: ignore[arg-type]
    return period, issues


def _record_of(ref: str | None, path: str) -> str | None:
    """The line or record of a ``record_ref`` ("sleepdata.csv:7" → "7")."""
    return (ref or "").removeprefix(base_name(path) + ":") or None


def _dated_observations(
    result: ReadResult, path: str, dates: DateRange
) -> tuple[list[Observation], list[ParseError]]:
    kept, bad = [], []
    for obs in result.observations:
        if obs.day in dates:
            kept.append(obs)
            continue
        what = f"{obs.signal} reading dated {obs.day.isoformat()}"
        record = _record_of(obs.record_ref, path)
        bad.append(ParseError(path, _not_plausible(what, dates), record=record, field="day"))
    return kept, bad


def _dated_sleep(
    result: ReadResult, path: str, dates: DateRange
) -> tuple[list[SleepPeriod], list[ParseError]]:
    kept, bad = [], []
    for period in result.sleep:
        day = period.wake_day or dates.day_of(period.end)
        if day in dates:
            kept.append(period)
            continue
        what = f"sleep period waking on {day.isoformat()}"
        record = _record_of(period.record_ref, path)
        bad.append(ParseError(path, _not_plausible(what, dates), record=record, field="wake_day"))
    return kept, bad


def validate_result(
    result: ReadResult, path: str, *, strict: bool = False, dates: DateRange | None = None
) -> ReadResult:
    """Validate every record of a reader's result; issues are appended to the result's.

    A record dated outside ``dates`` (default: ``plausible_dates()``; an activity by its start,
    a reading by its day, a sleep period by its wake-up day) cannot be kept at all: in strict
    mode it rejects the file, and so it does when nothing else is left of the file; otherwise
    (one row of a vendor export holding years of activities and readings) it is dropped and
    reported, and the rest is kept.
    """
    dates = dates or plausible_dates()
    issues = list(result.issues)
    undated: list[ParseError] = []
    activities = []
    for number, activity in enumerate(result.activities, start=1):
        try:
            checked, found = validate_activity(
                activity, path, strict=strict, number=number, of=len(result.activities), dates=dates
            )
        except ParseError as err:
            if strict:
                raise
            # the message says "activity N: start time …"; N is not a line of a CSV, so no record
            undated.append(ParseError(path, err.reason, field=err.field))
            continue
        activities.append(checked)
        issues.extend(found)
    observations, bad_readings = _dated_observations(result, path, dates)
    periods, bad_sleep = _dated_sleep(result, path, dates)
    undated += bad_readings + bad_sleep
    if undated and (strict or not (activities or observations or periods)):
        raise undated[0]
    issues += [ImportIssue(path, e.reason, IssueAction.DROPPED, e.record, e.field) for e in undated]
    sleep = []
    for period in periods:
        kept, found = validate_sleep(period, path, strict=strict)
        sleep.append(kept)
        issues.extend(found)
    return dataclasses.replace(
        result,
        activities=tuple(activities),
        observations=tuple(observations),
        sleep=tuple(sleep),
        issues=tuple(issues),
    )
