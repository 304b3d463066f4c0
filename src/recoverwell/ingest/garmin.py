"""Garmin Connect "Export Your Data" archive: the JSON files of ``DI_CONNECT`` (formats.md §1).

No real Garmin JSON export is in the corpus (formats.md §17): each variant below is taken from
public parsers of real exports and tested on fixtures that imitate it. Files are recognised by
**name**, never by folder: the daily summaries sat under ``DI-Connect-User/`` in 2022–2023
exports (adam1brownell/garmin_data ``parse_garmin_connect.py``) and sit under
``DI-Connect-Aggregator/`` now; the export may sit below a UUID-named folder.

- ``UDSFile_*.json`` (daily summaries): ``currentDayRestingHeartRate`` → ``rhr_bpm``; older
  generations without it give ``restingHeartRate`` (noted: in current exports that key is
  Garmin's rolling 7-day mean, see ``_uds``); ``hydration.valueInML`` → ``fluid_ml``, except
  ``0``: the hydration block of a day without logged intake, written for an activity's sweat
  loss (a real 2023–2026 export has ``valueInML`` 0 on all 254 days with a block while
  ``sweatLossInML`` varies: AlexBatrakov/wearable-analytics ``reports/data_dictionary.md``);
  day = ``calendarDate``, a string or an older export's ``{"date": "Jun 1, 2019 12:00:00 AM"}``.
- ``*_sleepData.json``: see ``garmin_sleep``.
- ``*_healthStatusData.json``: ``metrics[]`` per night: ``HRV`` → ``hrv_rmssd_ms`` (Garmin's
  overnight average; presumed rMSSD, not verified), ``HR`` → ``rhr_bpm``, ``SPO2`` →
  ``spo2_pct``, ``RESPIRATION`` → ``respiration_rate_brpm``, all ``overnight``; absent values
  skipped.
- ``*_summarizedActivities.json`` (``[{"summarizedActivitiesExport": […]}]``): activities;
  ``duration`` ms, ``distance``/``elevationGain``/``elevationLoss`` cm, ``beginTimestamp`` or
  ``startTimeGmt`` epoch ms UTC, offset from ``startTimeLocal`` − GMT; ``activityType`` as a
  string or ``{typeKey}``.

Daily and nightly summaries dated before ``WELLNESS_ERA_START`` come from a watch whose clock was
never set (exports carry such files dated 2005/2006): each such record is dropped and reported, a
file made only of them is skipped with one issue. The other JSON files of the export
and the files of the download tools are skipped, saying what they are (``garmin_files``).

The Connect API's per-day answers, as tcgoetz/GarminDB keeps them (``sleep_<day>.json``…), are
read by ``garmin_api``. The FIT originals (``UploadedFiles_*.zip``) go through the activity
importer; the import
pipeline's one duplicate check (``ingest/dedupe.py``, by the readers' traits: a FIT is a
recording ranked above this reader's summaries) keeps the FIT of a run described by both and
gives it the summary's name.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from recoverwell.core.errors import NothingToImport
from recoverwell.core.signals import HrvWindow
from recoverwell.core.types import Activity
from recoverwell.ingest.base import ReaderTraits, ReadResult, RecordKind, Source
from recoverwell.ingest.garmin_api import API_LABELS, api_kind, read_api
from recoverwell.ingest.garmin_dates import parse_day
from recoverwell.ingest.garmin_files import LABELS, file_kind, not_read_reason
from recoverwell.ingest.garmin_sleep import day_of, number, read_nights
from recoverwell.ingest.tabular import Collector, decode_text, sport_from_name

_HEAD_BYTES = 1024  # what the registry sniffs
_CM_PER_M = 100.0
_MS_PER_S = 1000.0
_HEALTH = {
    "HRV": "hrv_rmssd_ms",
    "HR": "rhr_bpm",
    "SPO2": "spo2_pct",
    "RESPIRATION": "respiration_rate_brpm",
}
#: Garmin's first all-day (steps, sleep) tracker, the vívofit, shipped in Q1 2014 ("our first
#: venture into full-day activity tracking", a Garmin spokesperson, FierceMobileIT 2014-05-07;
#: clubic.com CES 2014 report): no daily or nightly summary can be older.
WELLNESS_ERA_START = date(2014, 1, 1)
_WELLNESS = frozenset({"uds", "sleep", "health"})


class GarminConnectReader:
    """One JSON file of a Garmin Connect data export (or of GarminDB's Connect downloads)."""

    format = "garmin"
    traits = ReaderTraits(RecordKind.SUMMARY)  # FIT twins meet it in ingest/dedupe.py
    source = "garmin"

    def sniff(self, head: bytes, name: str) -> bool:
        return (
            file_kind(name) is not None
            or api_kind(name) is not None
            or not_read_reason(name, head) is not None
        )

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        kind = file_kind(source.name)
        api = api_kind(source.name)
        if kind is None and api is None:
            with source.open() as stream:
                head = stream.read(_HEAD_BYTES)
            raise NothingToImport(source.name, not_read_reason(source.name, head) or "not read")
        c = Collector(source.name, self.format, strict)
        label = LABELS[kind] if kind else API_LABELS[api or ""]
        try:
            records = json.loads(decode_text(source.read_bytes()))
        except json.JSONDecodeError as err:
            c.problem(f"{label}: not valid JSON: {err.msg}", record=f"line {err.lineno}")
            return c.result()
        if api is not None:
            if not isinstance(records, dict):
                c.problem(f"{label}: not a JSON object", record=1)
            else:
                try:
                    read_api(c, api, records, self.source, _era_check(c))
                except (ValueError, TypeError, AttributeError, IndexError) as err:
                    c.problem(f"{label}: unreadable: {err}", record=0)
            return c.result()
        if not isinstance(records, list):
            c.problem(f"{label}: not a JSON array of records", record=1)
            return c.result()
        if kind == "activities":
            records = [
                a
                for wrapper in records
                if isinstance(wrapper, dict)
                for a in wrapper.get("summarizedActivitiesExport", [])
            ]
        objects = []
        for i, record in enumerate(records):
            if isinstance(record, dict):
                objects.append((i, record))
            else:
                c.problem("record is not a JSON object", record=i)
        if kind in _WELLNESS and _before_the_era(c, label, objects):
            return c.result()
        plausible = _era_check(c)
        if kind == "sleep":
            read_nights(c, objects, self.source, plausible)
            return c.result()
        for i, record in objects:
            try:
                if kind == "activities":
                    self._activity(c, i, record)
                elif (day := day_of(c, i, record, plausible)) is not None:
                    (self._uds if kind == "uds" else self._health)(c, i, record, day)
            except (KeyError, ValueError, TypeError, AttributeError) as err:
                c.problem(f"unreadable record: {err!r}", record=i)
        return c.result()

    def _uds(self, c: Collector, i: int, record: dict[str, Any], day: date) -> None:
        # ``restingHeartRate`` of current exports is a rolling 7-day mean: its first values in a
        # real export are 63, 54, 50, 48 where ``currentDayRestingHeartRate`` is 63, 44, 43, 40
        # (mean(63, 44) = 53.5, mean(63, 44, 43) = 50, mean(63, 44, 43, 40) = 47.5), std 3.6 vs
        # 4.1 bpm (AlexBatrakov/wearable-analytics reports/data_dictionary.csv). The day's own
        # value is the current-day key; older generations without it have only the other.
        if "currentDayRestingHeartRate" in record:
            rhr = number(record["currentDayRestingHeartRate"])
        else:
            rhr = number(record.get("restingHeartRate"))
            if rhr is not None:
                c.note(
                    "no currentDayRestingHeartRate: restingHeartRate read as the day's value",
                    field="restingHeartRate",
                    record=i,
                )
        c.add(day, "rhr_bpm", rhr, source=self.source, record=i)
        hydration = record.get("hydration")
        if not isinstance(hydration, dict):
            return
        intake = number(hydration.get("valueInML"))
        if intake == 0:
            sweat = number(hydration.get("sweatLossInML"))
            c.note(
                "hydration valueInML 0 is no intake logged"
                + (" (a sweat-loss entry)" if sweat else "")
                + ", not water drunk: not kept",
                record=i,
                field="fluid_ml",
            )
            return
        c.add(day, "fluid_ml", intake, source=self.source, record=i)

    def _health(self, c: Collector, i: int, record: dict[str, Any], day: date) -> None:
        for metric in record.get("metrics") or []:
            signal = _HEALTH.get(str(metric.get("type")))
            if signal is not None:
                c.add(
                    day,
                    signal,
                    number(metric.get("value")),
                    source=self.source,
                    record=i,
                    context=HrvWindow.OVERNIGHT.value,
                )

    def _activity(self, c: Collector, i: int, record: dict[str, Any]) -> None:
        begin_ms = number(record.get("beginTimestamp")) or number(record["startTimeGmt"])
        if begin_ms is None:
            raise ValueError("no start time")
        start = datetime.fromtimestamp(begin_ms / _MS_PER_S, UTC)
        local_ms = number(record.get("startTimeLocal"))
        gmt_ms = number(record.get("startTimeGmt")) or begin_ms
        offset = None if local_ms is None else round((local_ms - gmt_ms) / _MS_PER_S)
        kind = record.get("activityType")
        kind = kind.get("typeKey") if isinstance(kind, dict) else kind
        duration = number(record.get("duration"))
        c.activities.append(
            Activity(
                start_time=start,
                sport=sport_from_name(str(kind or "")),
                sub_sport=str(kind) if kind else None,
                elapsed_s=(duration or 0.0) / _MS_PER_S,
                moving_s=_div(number(record.get("movingDuration")), _MS_PER_S),
                distance_m=_div(number(record.get("distance")), _CM_PER_M),
                ascent_m=_div(number(record.get("elevationGain")), _CM_PER_M),
                descent_m=_div(number(record.get("elevationLoss")), _CM_PER_M),
                avg_hr_bpm=number(record.get("avgHr")),
                max_hr_bpm=number(record.get("maxHr")),
                name=record.get("name"),
                source_format=self.format,
                utc_offset_s=offset,
            )
        )
        if duration is None:
            c.note("activity without duration: elapsed time 0", record=i, field="duration")


_UNSET_CLOCK = "before Garmin's first all-day tracker (2014): a watch whose clock was never set"


def _record_day(record: dict[str, Any]) -> date | None:
    try:
        return parse_day(record.get("calendarDate"))
    except (ValueError, TypeError):
        return None


def _before_the_era(c: Collector, label: str, objects: list[tuple[int, dict[str, Any]]]) -> bool:
    """True (with one issue) when every dated record of the file is older than the era."""
    days = [d for d in (_record_day(r) for _, r in objects) if d is not None]
    if not days or max(days) >= WELLNESS_ERA_START:
        return False
    c.problem(
        f"{label}: every record is dated {min(days)}…{max(days)}, {_UNSET_CLOCK}; file skipped",
        field="calendarDate",
    )
    return True


def _era_check(c: Collector) -> Callable[[date, int], bool]:
    def plausible(day: date, record: int) -> bool:
        if day >= WELLNESS_ERA_START:
            return True
        c.problem(
            f"dated before {WELLNESS_ERA_START}, {_UNSET_CLOCK}",
            record=record,
            field="calendarDate",
        )
        return False

    return plausible


def _div(value: float | None, by: float) -> float | None:
    return None if value is None else value / by
