"""Garmin Connect "Export Your Data" archive: the JSON files of ``DI_CONNECT`` (formats.md §1).

Written from documentation only: no real Garmin JSON export was available (formats.md §17).
Files are recognised by name pattern (they may sit under a UUID-named folder) and content:

- ``UDSFile_*.json`` (daily summaries): ``restingHeartRate`` → ``rhr_bpm``; ``hydration.valueInML``
  → ``fluid_ml``; day = ``calendarDate``.
- ``*_sleepData.json``: one sleep period per night; ``*TimestampGMT`` are GMT ISO strings (or
  ``{"date": …}`` in older exports); ``calendarDate`` is the wake-up day; stage seconds; asleep =
  deep + light + REM; ``awakeCount``; ``sleepScores.overallScore``. ``OFF_WRIST`` nights are
  dropped (noted); ``UNCONFIRMED`` nights keep only the in-bed window.
- ``*_healthStatusData.json``: ``metrics[]`` per night: ``HRV`` → ``hrv_rmssd_ms`` (Garmin's
  overnight average; presumed rMSSD, not verified), ``HR`` → ``rhr_bpm``, ``SPO2`` →
  ``spo2_pct``, ``RESPIRATION`` → ``respiration_rate_brpm``, all ``overnight``; absent values
  skipped.
- ``*_summarizedActivities.json`` (``[{"summarizedActivitiesExport": […]}]``): activities;
  ``duration`` ms, ``distance``/``elevationGain``/``elevationLoss`` cm, ``beginTimestamp`` or
  ``startTimeGmt`` epoch ms UTC, offset from ``startTimeLocal`` − GMT; ``activityType`` as a
  string or ``{typeKey}``.

The FIT originals (``UploadedFiles_*.zip``) go through the activity importer; the import
pipeline's one duplicate check (``app/import_store.py``) keeps the FIT of a run described by both
and gives it the summary's name. Not read: stress, body battery, intensity minutes, steps,
calories (unit not documented), Health Snapshot, training readiness, VO2max, race predictions,
``Activities.csv`` (display units).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from recoverwell.core.signals import HrvWindow
from recoverwell.core.types import Activity, SleepPeriod
from recoverwell.ingest.base import ReadResult, Source
from recoverwell.ingest.tabular import Collector, base_name, decode_text, head_text, sport_from_name

_CM_PER_M = 100.0
_MS_PER_S = 1000.0
_S_PER_MIN = 60.0
_HEALTH = {
    "HRV": "hrv_rmssd_ms",
    "HR": "rhr_bpm",
    "SPO2": "spo2_pct",
    "RESPIRATION": "respiration_rate_brpm",
}


def _kind(name: str) -> str | None:
    lowered = base_name(name).lower()
    if not lowered.endswith(".json"):
        return None
    if lowered.startswith("udsfile_"):
        return "uds"
    for suffix, kind in (
        ("_sleepdata.json", "sleep"),
        ("_healthstatusdata.json", "health"),
        ("_summarizedactivities.json", "activities"),
    ):
        if lowered.endswith(suffix):
            return kind
    return None


def _gmt(value: Any) -> datetime:
    """``"2024-06-14T22:09:00.0"`` or ``{"date": "…"}`` (GMT, no zone) → aware UTC."""
    text = value.get("date") if isinstance(value, dict) else value
    moment = datetime.fromisoformat(str(text))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _number(value: Any) -> float | None:
    if isinstance(value, dict):
        value = value.get("value")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


class GarminConnectReader:
    """One JSON file of a Garmin Connect data export."""

    format = "garmin"
    source = "garmin"

    def sniff(self, head: bytes, name: str) -> bool:
        return _kind(name) is not None and head_text(head).lstrip().startswith("[")

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        c = Collector(source.name, self.format, strict)
        kind = _kind(source.name)
        try:
            records = json.loads(decode_text(source.read_bytes()))
        except json.JSONDecodeError as err:
            c.problem(f"not valid JSON: {err.msg}", record=f"line {err.lineno}")
            return c.result()
        if not isinstance(records, list):
            c.problem("not a JSON array of records", record=1)
            return c.result()
        if kind == "activities":
            records = [
                a
                for wrapper in records
                if isinstance(wrapper, dict)
                for a in wrapper.get("summarizedActivitiesExport", [])
            ]
        handler: Callable[[Collector, int, dict[str, Any]], None] = {
            "uds": self._uds,
            "sleep": self._sleep,
            "health": self._health,
            "activities": self._activity,
        }[kind or "uds"]
        for i, record in enumerate(records):
            if not isinstance(record, dict):
                c.problem("record is not a JSON object", record=i)
                continue
            try:
                handler(c, i, record)
            except (KeyError, ValueError, TypeError, AttributeError) as err:
                c.problem(f"unreadable record: {err!r}", record=i)
        return c.result()

    def _uds(self, c: Collector, i: int, record: dict[str, Any]) -> None:
        day = date.fromisoformat(str(record["calendarDate"]))
        c.add(day, "rhr_bpm", _number(record.get("restingHeartRate")), source=self.source, record=i)
        hydration = record.get("hydration") or {}
        c.add(day, "fluid_ml", _number(hydration.get("valueInML")), source=self.source, record=i)

    def _sleep(self, c: Collector, i: int, record: dict[str, Any]) -> None:
        confirmation = str(record.get("sleepWindowConfirmationType") or "")
        if confirmation == "OFF_WRIST":
            c.note("OFF_WRIST night dropped", record=i)
            return
        start = _gmt(record["sleepStartTimestampGMT"])
        end = _gmt(record["sleepEndTimestampGMT"])
        stages = None if confirmation == "UNCONFIRMED" else record
        seconds = {
            k: _number(stages.get(f"{k}SleepSeconds")) if stages else None
            for k in ("deep", "light", "rem", "awake")
        }
        staged = [v for k, v in seconds.items() if k != "awake" and v is not None]
        c.sleep.append(
            SleepPeriod(
                start=start,
                end=end,
                source=self.source,
                asleep_min=sum(staged) / _S_PER_MIN if staged else None,
                in_bed_min=(end - start).total_seconds() / _S_PER_MIN,
                deep_min=_minutes(seconds["deep"]),
                light_min=_minutes(seconds["light"]),
                rem_min=_minutes(seconds["rem"]),
                awake_min=_minutes(seconds["awake"]),
                awakenings=_count(record.get("awakeCount")) if stages else None,
                score=_number((record.get("sleepScores") or {}).get("overallScore"))
                if stages
                else None,
                record_ref=c.ref(i),
                wake_day=date.fromisoformat(str(record["calendarDate"])),
            )
        )

    def _health(self, c: Collector, i: int, record: dict[str, Any]) -> None:
        day = date.fromisoformat(str(record["calendarDate"]))
        for metric in record.get("metrics") or []:
            signal = _HEALTH.get(str(metric.get("type")))
            if signal is not None:
                c.add(
                    day,
                    signal,
                    _number(metric.get("value")),
                    source=self.source,
                    record=i,
                    context=HrvWindow.OVERNIGHT.value,
                )

    def _activity(self, c: Collector, i: int, record: dict[str, Any]) -> None:
        begin_ms = _number(record.get("beginTimestamp")) or _number(record["startTimeGmt"])
        if begin_ms is None:
            raise ValueError("no start time")
        start = datetime.fromtimestamp(begin_ms / _MS_PER_S, UTC)
        local_ms = _number(record.get("startTimeLocal"))
        gmt_ms = _number(record.get("startTimeGmt")) or begin_ms
        offset = None if local_ms is None else round((local_ms - gmt_ms) / _MS_PER_S)
        kind = record.get("activityType")
        kind = kind.get("typeKey") if isinstance(kind, dict) else kind
        duration = _number(record.get("duration"))
        c.activities.append(
            Activity(
                start_time=start,
                sport=sport_from_name(str(kind or "")),
                sub_sport=str(kind) if kind else None,
                elapsed_s=(duration or 0.0) / _MS_PER_S,
                moving_s=_div(_number(record.get("movingDuration")), _MS_PER_S),
                distance_m=_div(_number(record.get("distance")), _CM_PER_M),
                ascent_m=_div(_number(record.get("elevationGain")), _CM_PER_M),
                descent_m=_div(_number(record.get("elevationLoss")), _CM_PER_M),
                avg_hr_bpm=_number(record.get("avgHr")),
                max_hr_bpm=_number(record.get("maxHr")),
                name=record.get("name"),
                source_format=self.format,
                utc_offset_s=offset,
            )
        )
        if duration is None:
            c.note("activity without duration: elapsed time 0", record=i, field="duration")


def _count(value: Any) -> int | None:
    """A count as an int; 0 stays 0 (a night without awakenings), absent is None."""
    number = _number(value)
    return None if number is None else int(number)


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / _S_PER_MIN


def _div(value: float | None, by: float) -> float | None:
    return None if value is None else value / by
