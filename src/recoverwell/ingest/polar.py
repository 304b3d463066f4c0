"""Polar Flow "Download your data" archive: one JSON file per item (formats.md §2).

Written from documentation only: no real Polar export was available (formats.md §17); the keys
are those reported by two parsers of real exports. Files are recognised by name prefix:

- ``training-session-*.json``: ``exercises[]`` → activities. ``startTime`` is UTC (the parsers
  add ``timezoneOffset`` minutes to get local time, kept as the activity's offset); ``duration``
  ISO-8601 (``PT1H2M3.4S``); ``kiloCalories``; ``heartRate.avg/max``; ``sport``.
- ``nightly_recovery*.json`` (Nightly Recharge): ``meanNightlyRecoveryRmssd`` → ``hrv_rmssd_ms``
  (first ~4 h of sleep, ``overnight``); sleeping HR = 60000 / ``meanNightlyRecoveryRri`` →
  ``rhr_bpm``; breathing rate = 60000 / ``meanNightlyRecoveryRespirationInterval``. Upper-case
  ``…RRI``/``…RMSSD`` spellings and the API's ``sleepResultDate`` are accepted.
- ``sleep_result*.json``: ``sleepResult.hypnogram.sleepStart`` + ``evaluation.sleepSpan`` → the
  period, ``evaluation.asleepDuration`` → asleep minutes; naive times are local (floating).
- ``sleep_score*.json``: ``sleepScoreResult.sleepScore`` → ``sleep_score`` on the ``night`` date.

Each file may hold one object or a list of them. Whether ``night`` is the evening or the wake-up
date is not documented: recovery values and scores use it as given; sleep periods use the wake
date of their own end time. Not read: 24/7 HR, PPI (RR) samples, activity days, ANS charge,
hypnogram stages, sleep-wake state changes, tips.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from recoverwell.core.signals import HrvWindow
from recoverwell.core.types import Activity, SleepPeriod
from recoverwell.ingest.base import ReaderTraits, ReadResult, RecordKind, Source
from recoverwell.ingest.localtime import floating
from recoverwell.ingest.tabular import Collector, base_name, decode_text, sport_from_name

_ISO_DURATION = re.compile(
    r"^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
_MS_PER_MIN = 60_000.0
_PREFIXES = (
    ("training-session", "training"),
    ("nightly_recovery_blob", None),
    ("nightly_recovery", "recovery"),
    ("sleep_result", "sleep"),
    ("sleep_score", "score"),
)


def iso_duration_s(text: str) -> float:
    """``PT1H2M3.4S`` → 3723.4 seconds; ValueError for anything else."""
    match = _ISO_DURATION.match(text.strip())
    if match is None or not any(match.groups()):
        raise ValueError(f"not an ISO-8601 duration: {text!r}")
    d, h, m, s = (float(g) if g else 0.0 for g in match.groups())
    return ((d * 24 + h) * 60 + m) * 60 + s


def _kind(name: str) -> str | None:
    lowered = base_name(name).lower()
    if not lowered.endswith(".json"):
        return None
    return next((kind for prefix, kind in _PREFIXES if lowered.startswith(prefix)), None)


def _get(record: dict[str, Any], *names: str) -> Any:
    return next((record[n] for n in names if record.get(n) is not None), None)


def _time(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class PolarFlowReader:
    """One JSON file of a Polar Flow data export."""

    format = "polar"
    traits = ReaderTraits(RecordKind.SUMMARY)
    source = "polar"

    def sniff(self, head: bytes, name: str) -> bool:
        return _kind(name) is not None and head.lstrip()[:1] in (b"{", b"[")

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        c = Collector(source.name, self.format, strict)
        kind = _kind(source.name)
        try:
            data = json.loads(decode_text(source.read_bytes()))
        except json.JSONDecodeError as err:
            c.problem(f"not valid JSON: {err.msg}", record=f"line {err.lineno}")
            return c.result()
        handler: Callable[[Collector, int, dict[str, Any]], None] = {
            "training": self._training,
            "recovery": self._recovery,
            "sleep": self._sleep,
            "score": self._score,
        }[kind or "score"]
        for i, record in enumerate(data if isinstance(data, list) else [data]):
            if record is None:  # exports pad arrays with null (as Fitbit's do): nothing to read
                c.note("null records (padding in the export) skipped", record=i)
                continue
            if not isinstance(record, dict):
                c.problem("record is not a JSON object", record=i)
                continue
            try:
                handler(c, i, record)
            except (KeyError, ValueError, TypeError, AttributeError, ZeroDivisionError) as err:
                c.problem(f"unreadable record: {err!r}", record=i)
        return c.result()

    def _training(self, c: Collector, i: int, session: dict[str, Any]) -> None:
        for exercise in session.get("exercises") or []:
            start = _time(str(exercise["startTime"]))
            offset_min = exercise.get("timezoneOffset")
            hr = exercise.get("heartRate") or {}
            c.activities.append(
                Activity(
                    start_time=start,
                    sport=sport_from_name(str(exercise.get("sport") or "")),
                    sub_sport=exercise.get("sport"),
                    elapsed_s=iso_duration_s(str(exercise["duration"])),
                    calories_kcal=_float(exercise.get("kiloCalories")),
                    avg_hr_bpm=_float(hr.get("avg")),
                    max_hr_bpm=_float(hr.get("max")),
                    source_format=self.format,
                    utc_offset_s=None if offset_min is None else int(offset_min) * 60,
                )
            )

    def _night(self, record: dict[str, Any]) -> date:
        return date.fromisoformat(str(_get(record, "night", "sleepResultDate"))[:10])

    def _recovery(self, c: Collector, i: int, record: dict[str, Any]) -> None:
        day, window = self._night(record), HrvWindow.OVERNIGHT.value
        rmssd = _float(_get(record, "meanNightlyRecoveryRmssd", "meanNightlyRecoveryRMSSD"))
        rri = _float(_get(record, "meanNightlyRecoveryRri", "meanNightlyRecoveryRRI"))
        breath = _float(record.get("meanNightlyRecoveryRespirationInterval"))
        for signal, value in (
            ("hrv_rmssd_ms", rmssd),
            ("rhr_bpm", None if not rri else _MS_PER_MIN / rri),
            ("respiration_rate_brpm", None if not breath else _MS_PER_MIN / breath),
        ):
            c.add(day, signal, value, source=self.source, record=i, context=window)

    def _sleep(self, c: Collector, i: int, record: dict[str, Any]) -> None:
        hypnogram = (record.get("sleepResult") or {}).get("hypnogram") or {}
        evaluation = record.get("evaluation") or {}
        start = datetime.fromisoformat(str(hypnogram["sleepStart"]))
        start = floating(start) if start.tzinfo is None else start
        end = start + timedelta(seconds=iso_duration_s(str(evaluation["sleepSpan"])))
        asleep = evaluation.get("asleepDuration")
        c.sleep.append(
            SleepPeriod(
                start=start,
                end=end,
                source=self.source,
                in_bed_min=(end - start).total_seconds() / 60,
                asleep_min=None if asleep is None else iso_duration_s(str(asleep)) / 60,
                record_ref=c.ref(i),
                wake_day=end.date(),
            )
        )

    def _score(self, c: Collector, i: int, record: dict[str, Any]) -> None:
        score = _float((record.get("sleepScoreResult") or {}).get("sleepScore"))
        c.add(self._night(record), "sleep_score", score, source=self.source, record=i)


def _float(value: Any) -> float | None:
    return None if value is None or isinstance(value, bool) else float(value)
