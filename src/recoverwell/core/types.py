"""The neutral records every layer speaks: activities with laps and sample streams, wellness rows.

Readers (ingest) produce them, the store keeps them, metrics compute on their arrays. Fields carry
their unit in the name (``duration_s``, ``distance_m``, ``hr_bpm``); datetimes are timezone-aware.
Records are frozen. Those holding numpy arrays compare by identity (``eq=False``): two activities
are "the same run" by the import rules, not by array equality.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from recoverwell.core.errors import InvalidValue

FloatArray = npt.NDArray[np.float64]


class Sport(StrEnum):
    """Activity sport, using the FIT profile's names where they exist."""

    RUNNING = "running"
    WALKING = "walking"
    HIKING = "hiking"
    CYCLING = "cycling"
    SWIMMING = "swimming"
    CROSS_COUNTRY_SKIING = "cross_country_skiing"
    ROWING = "rowing"
    STRENGTH = "strength_training"
    TRAINING = "training"
    OTHER = "other"


#: Stream channels in their canonical order; every channel is float64, NaN where a sample lacks it.
STREAM_CHANNELS: tuple[str, ...] = (
    "time_s",
    "hr_bpm",
    "speed_m_s",
    "distance_m",
    "altitude_m",
    "cadence_spm",
    "lat_deg",
    "lon_deg",
    "power_w",
)


@dataclass(frozen=True, slots=True, eq=False)
class SampleStreams:
    """Per-sample channels of one activity as equal-length float64 arrays.

    ``time_s`` is seconds since the activity start and is always present; the other channels are
    ``None`` when the recording has no such sensor, and hold NaN for single missing samples.
    Cadence is in steps per minute (both feet), as runners count it.
    """

    time_s: FloatArray
    hr_bpm: FloatArray | None = None
    speed_m_s: FloatArray | None = None
    distance_m: FloatArray | None = None
    altitude_m: FloatArray | None = None
    cadence_spm: FloatArray | None = None
    lat_deg: FloatArray | None = None
    lon_deg: FloatArray | None = None
    power_w: FloatArray | None = None

    def __post_init__(self) -> None:
        n = len(self.time_s)
        for name, array in self.items():
            if array.ndim != 1 or len(array) != n:
                raise InvalidValue(
                    name, f"shape {array.shape}", f"every stream must have shape ({n},) like time_s"
                )

    def __len__(self) -> int:
        return len(self.time_s)

    def items(self) -> Iterator[tuple[str, FloatArray]]:
        """(channel, array) for every channel present, in canonical order."""
        for f in fields(self):
            array = getattr(self, f.name)
            if array is not None:
                yield f.name, array

    @property
    def channels(self) -> tuple[str, ...]:
        """Names of the channels present."""
        return tuple(name for name, _ in self.items())

    @classmethod
    def from_mapping(cls, columns: Mapping[str, FloatArray]) -> SampleStreams:
        """Build from a {channel: array} mapping; unknown channel names are an error."""
        unknown = set(columns) - set(STREAM_CHANNELS)
        if unknown:
            raise InvalidValue("channels", sorted(unknown), f"known: {', '.join(STREAM_CHANNELS)}")
        if "time_s" not in columns:
            raise InvalidValue("channels", sorted(columns), "time_s is required")
        return cls(**{k: np.asarray(v, dtype=np.float64) for k, v in columns.items()})


@dataclass(frozen=True, slots=True)
class Lap:
    """One lap (or split) of an activity, with the totals the device recorded for it."""

    index: int
    start_time: datetime
    elapsed_s: float
    moving_s: float | None = None
    distance_m: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    calories_kcal: float | None = None
    trigger: str | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Activity:
    """One recorded session: totals, laps, sample streams and (when recorded) RR intervals.

    ``start_time`` is timezone-aware. ``utc_offset_s`` is the device's own offset from UTC at the
    start, when the file says it; it decides the local training day over the profile timezone.
    ``excluded`` says why the session is kept out of load and volume (implausible totals found at
    import, or the athlete's own choice); ``None`` = it counts.
    """

    start_time: datetime
    sport: Sport
    elapsed_s: float
    sub_sport: str | None = None
    moving_s: float | None = None
    distance_m: float | None = None
    ascent_m: float | None = None
    descent_m: float | None = None
    calories_kcal: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    avg_speed_m_s: float | None = None
    avg_cadence_spm: float | None = None
    name: str | None = None
    device: str | None = None
    source_format: str | None = None
    utc_offset_s: int | None = None
    rpe: float | None = None
    laps: tuple[Lap, ...] = ()
    streams: SampleStreams | None = None
    rr_ms: FloatArray | None = None
    excluded: str | None = None
    gear: str | None = None  # the shoe (or bike) it was done in, as the source or athlete names it

    def __post_init__(self) -> None:
        if self.start_time.tzinfo is None:
            raise InvalidValue("start_time", self.start_time.isoformat(), "must be timezone-aware")
        if not math.isfinite(self.elapsed_s) or self.elapsed_s < 0:
            raise InvalidValue("elapsed_s", self.elapsed_s, "must be a non-negative number")
        if self.rpe is not None and not 0 <= self.rpe <= 10:
            raise InvalidValue("rpe", self.rpe, "session RPE is on the CR-10 scale, 0–10")


@dataclass(frozen=True, slots=True)
class Observation:
    """One daily recovery signal value with its provenance.

    ``signal`` is a snake_case symbol with a unit suffix (``rhr_bpm``, ``hrv_rmssd_ms``,
    ``sleep_total_min``, ``hooper_fatigue``); ``source`` names where it came from (``checkin``,
    ``garmin``, ``demo``); ``context`` separates readings of one signal that must never be mixed,
    e.g. an overnight HRV from a morning spot reading. ``day_from_recorded_at``: the reader knew
    the instant (``recorded_at``, aware) but not the athlete's timezone, so ``day`` is its UTC
    date until the importer moves it to the local date (``ingest/localtime.py``).
    """

    day: date
    signal: str
    value: float
    source: str
    context: str = ""
    recorded_at: datetime | None = None
    record_ref: str | None = None
    day_from_recorded_at: bool = False


@dataclass(frozen=True, slots=True)
class SleepPeriod:
    """One sleep period (main sleep or nap) as a device or app recorded it.

    Belongs to the local day the sleeper woke up on (formats.md §16.2). Stage minutes are ``None``
    when the source has no staging. ``efficiency_pct`` = asleep / in bed × 100 when not given.
    ``wake_day`` is that day when the source states it (Garmin ``calendarDate``, Fitbit
    ``dateOfSleep``, Oura ``day``) or knows the local wall clock; ``None`` lets the importer
    derive it from ``end`` in the athlete's timezone.
    """

    start: datetime
    end: datetime
    source: str
    asleep_min: float | None = None
    in_bed_min: float | None = None
    deep_min: float | None = None
    rem_min: float | None = None
    light_min: float | None = None
    awake_min: float | None = None
    awakenings: int | None = None
    latency_min: float | None = None
    score: float | None = None
    is_nap: bool = False
    record_ref: str | None = None
    wake_day: date | None = None

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise InvalidValue("sleep start/end", self.start.isoformat(), "must be timezone-aware")
        if self.end <= self.start:
            raise InvalidValue("sleep end", self.end.isoformat(), "must be after the start")


@dataclass(frozen=True, slots=True)
class DailyWellness:
    """The day's main recovery signals from one source, as a wide row (None = not recorded).

    Hooper items use the 1–7 scale (Hooper & Mackinnon 1995; 1 = very, very good / low,
    7 = very, very bad / high); mood and motivation use the same 1–7 direction (7 = worst).
    """

    day: date
    source: str
    resting_hr_bpm: float | None = None
    hrv_rmssd_ms: float | None = None
    sleep_total_min: float | None = None
    sleep_in_bed_min: float | None = None
    hooper_sleep: float | None = None
    hooper_fatigue: float | None = None
    hooper_stress: float | None = None
    hooper_soreness: float | None = None
    mood: float | None = None
    motivation: float | None = None
    body_mass_kg: float | None = None
    extra: Mapping[str, float] = field(default_factory=dict)

    def observations(self) -> list[Observation]:
        """The row as long-format observations, one per recorded signal."""
        out = [
            Observation(self.day, f.name, float(getattr(self, f.name)), self.source)
            for f in fields(self)
            if f.name not in {"day", "source", "extra"} and getattr(self, f.name) is not None
        ]
        out += [Observation(self.day, k, float(v), self.source) for k, v in self.extra.items()]
        return out


@dataclass(frozen=True, slots=True, eq=False)
class StoredActivity:
    """An activity as kept in the store: id, the athlete's local training day, the record."""

    id: int
    athlete_id: int
    local_date: date
    activity: Activity
