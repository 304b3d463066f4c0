"""Garmin Connect's own per-day JSON, as tcgoetz/GarminDB downloads and keeps it (one object a day).

GarminDB (``garmindb/download.py``) saves the Connect API's answers as ``sleep_<day>.json``,
``rhr_<day>.json``, ``hrv_<day>.json``, ``daily_summary_<day>.json``, ``hydration_<day>.json``
and ``weight_<day>.json``; ``garmindb/import_monitoring.py`` reads them (line numbers at
bbcd102ecbc6), and so does this module, key for key:

- ``sleep``: ``dailySleepDTO`` (lines 165–205) is a night of the export's shape with epoch-ms
  GMT timestamps, lower-case confirmation types and ``sleepScores.overall.value``; it goes
  through ``garmin_sleep``. The top-level ``remSleepData`` (line 179) says whether the device
  stages REM: when true, a missing ``remSleepSeconds`` is 0 min REM.
- ``rhr``: ``allMetrics.metricsMap.WELLNESS_RESTING_HEART_RATE[0].value`` on
  ``statisticsStartDate`` (lines 250–255) → ``rhr_bpm``.
- ``hrv``: ``hrvSummary.lastNightAvg`` on its ``calendarDate`` (lines 504–515) →
  ``hrv_rmssd_ms``, ``overnight`` (the same nightly average as the export's health status).
- ``daily_summary``: ``restingHeartRate`` on ``calendarDate`` (lines 409–412) → ``rhr_bpm``;
  the API's daily summary carries the day's value (its 7-day mean is a key of its own).
- ``hydration``: ``valueInML`` on ``calendarDate`` (lines 469–473) → ``fluid_ml``; 0 is no
  intake logged, as in the export.
- ``weight``: ``dateWeightList[0].weight`` in grams on ``startDate`` (lines 48–53) →
  ``body_mass_kg``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from recoverwell.core.signals import HrvWindow
from recoverwell.ingest.garmin_dates import parse_day
from recoverwell.ingest.garmin_sleep import number, read_nights
from recoverwell.ingest.tabular import Collector, base_name

_G_PER_KG = 1000.0
_API_FILE = re.compile(
    r"^(?P<kind>sleep|rhr|hrv|daily_summary|hydration|weight)_\d{4}-\d{2}-\d{2}\.json$"
)
#: kind → what the file is, for messages
API_LABELS = {
    "sleep": "Garmin Connect sleep (GarminDB sleep_<day>.json)",
    "rhr": "Garmin Connect resting heart rate (GarminDB rhr_<day>.json)",
    "hrv": "Garmin Connect HRV (GarminDB hrv_<day>.json)",
    "daily_summary": "Garmin Connect daily summary (GarminDB daily_summary_<day>.json)",
    "hydration": "Garmin Connect hydration (GarminDB hydration_<day>.json)",
    "weight": "Garmin Connect weight (GarminDB weight_<day>.json)",
}


def api_kind(name: str) -> str | None:
    """The kind of a GarminDB download (``sleep``, ``rhr``…) from its name, or None."""
    match = _API_FILE.match(base_name(name).lower())
    return match["kind"] if match else None


def read_api(
    c: Collector,
    kind: str,
    payload: dict[str, Any],
    source: str,
    plausible: Callable[[date, int], bool],
) -> None:
    """One day's API answer into ``c`` (record 0 is the file's one object)."""
    if kind == "sleep":
        _sleep(c, payload, source, plausible)
        return
    day_key, value, signal, context = _DAILY[kind](payload)
    if day_key is None:
        c.note(f"{API_LABELS[kind]}: no day in the answer: nothing recorded", record=0)
        return
    day = parse_day(day_key)
    if not plausible(day, 0):
        return
    if kind == "hydration" and value == 0:
        c.note("hydration valueInML 0 is no intake logged: not kept", record=0, field="fluid_ml")
        return
    c.add(day, signal, value, source=source, record=0, context=context)


def _sleep(
    c: Collector, payload: dict[str, Any], source: str, plausible: Callable[[date, int], bool]
) -> None:
    night = payload.get("dailySleepDTO")
    if not isinstance(night, dict):
        c.note("no dailySleepDTO: nothing recorded", record=0)
        return
    if payload.get("remSleepData") is True and number(night.get("remSleepSeconds")) is None:
        night = night | {"remSleepSeconds": 0}  # a REM-staging device without REM that night
    read_nights(c, [(0, night)], source, plausible)


def _rhr(payload: dict[str, Any]) -> tuple[Any, float | None, str, str]:
    metrics = ((payload.get("allMetrics") or {}).get("metricsMap") or {}).get(
        "WELLNESS_RESTING_HEART_RATE"
    ) or [{}]
    return payload.get("statisticsStartDate"), number(metrics[0].get("value")), "rhr_bpm", ""


def _hrv(payload: dict[str, Any]) -> tuple[Any, float | None, str, str]:
    summary = payload.get("hrvSummary") or {}
    return (
        summary.get("calendarDate"),
        number(summary.get("lastNightAvg")),
        "hrv_rmssd_ms",
        HrvWindow.OVERNIGHT.value,
    )


def _daily(payload: dict[str, Any]) -> tuple[Any, float | None, str, str]:
    return payload.get("calendarDate"), number(payload.get("restingHeartRate")), "rhr_bpm", ""


def _hydration(payload: dict[str, Any]) -> tuple[Any, float | None, str, str]:
    return payload.get("calendarDate"), number(payload.get("valueInML")), "fluid_ml", ""


def _weight(payload: dict[str, Any]) -> tuple[Any, float | None, str, str]:
    weights = payload.get("dateWeightList") or [{}]
    grams = number(weights[0].get("weight"))
    mass = None if grams is None else grams / _G_PER_KG
    return payload.get("startDate"), mass, "body_mass_kg", ""


_DAILY: dict[str, Callable[[dict[str, Any]], tuple[Any, float | None, str, str]]] = {
    "rhr": _rhr,
    "hrv": _hrv,
    "daily_summary": _daily,
    "hydration": _hydration,
    "weight": _weight,
}
