"""Garmin ``*_sleepData.json`` nights → sleep periods, for every generation (formats.md §1).

One record per night; ``calendarDate`` is the wake-up day; ``sleep*TimestampGMT`` are GMT (any
shape of ``garmin_dates``); stage durations in seconds; asleep = deep + light + REM.

**Confirmation types** (``sleepWindowConfirmationType``, compared without case, ``_`` or ``-``):

- ``OFF_WRIST``: the watch was not worn; the night is dropped (noted).
- ``UNCONFIRMED``: Garmin did not confirm the window; only the in-bed window is kept (real rows
  carry no stages: ferhat00/garmin_sleep_analysis ``v3/outputs/sleep_data_processed.csv``).
- ``ENHANCED_CONFIRMED_FINAL``, ``ENHANCED_CONFIRMED``, ``AUTO_CONFIRMED_FINAL``,
  ``AUTO_CONFIRMED`` (the same file, 1,353 real nights 2021–2026), ``MANUALLY_CONFIRMED`` (a
  loader of a real export, public code index), the Connect API's lower-case spellings
  (``enhanced_confirmed_final``), and the Health API's ``validation`` names ``MANUAL``,
  ``DEVICE``, ``AUTO_TENTATIVE``, ``AUTO_FINAL``, ``AUTO_MANUAL``, ``ENHANCED_TENTATIVE``,
  ``ENHANCED_FINAL`` (Garmin Health API specification §7.8, quoted by parsers in the public code
  index): the night is read with its stages. A missing type (nights before the field existed)
  reads the same; any other value too, noted.

**REM left out when zero.** The export never writes ``remSleepSeconds: 0``: in ferhat00's 1,353
nights no REM value is 0, and a REM-capable watch's nights without REM simply lack the key
(2024-03, 2025-02 there); AlexBatrakov/wearable-analytics ``reports/data_dictionary.md`` shows
the same (``remSleepSeconds`` 80.5 % present, never 0, against 81.7 % for the other stages,
while ``sleepRemScore`` is 81.2 % present). So a staged night without the key has **0 min REM**
when the device is known to stage REM: the night has a REM sub-score (``sleepScores.remScore``)
or an earlier night of the file reported REM. Otherwise (watches without REM staging, 2019–2023
in ferhat00's file) REM is unknown. Either way asleep = deep + light (+ REM).

**Naps** (``napList`` of a day's record) are nap periods of that day. A record with neither
window, stages nor naps is a placeholder (noted, nothing kept); two records of one day in a file
keep the first (noted).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from recoverwell.core.types import SleepPeriod
from recoverwell.ingest.garmin_dates import parse_day, parse_moment
from recoverwell.ingest.tabular import Collector

_S_PER_MIN = 60.0
_STAGES = ("deep", "light", "rem", "awake")
#: normalised (upper case, no ``_``/``-``) confirmation types
OFF_WRIST = "OFFWRIST"
UNCONFIRMED = "UNCONFIRMED"
CONFIRMED = frozenset(
    t.replace("_", "")
    for t in (
        "ENHANCED_CONFIRMED_FINAL",
        "ENHANCED_CONFIRMED",
        "AUTO_CONFIRMED_FINAL",
        "AUTO_CONFIRMED",
        "MANUALLY_CONFIRMED",
        "MANUAL",
        "DEVICE",
        "AUTO_TENTATIVE",
        "AUTO_FINAL",
        "AUTO_MANUAL",
        "ENHANCED_TENTATIVE",
        "ENHANCED_FINAL",
    )
)


def confirmation(record: dict[str, Any]) -> str:
    """The record's confirmation type, normalised ('' when absent)."""
    text = str(record.get("sleepWindowConfirmationType") or "")
    return text.upper().replace("_", "").replace("-", "")


def number(value: Any) -> float | None:
    """A JSON number (or ``{"value": n}``) as float; anything else None."""
    if isinstance(value, dict):
        value = value.get("value")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _seconds(record: dict[str, Any]) -> dict[str, float | None]:
    return {k: number(record.get(f"{k}SleepSeconds")) for k in _STAGES}


def _scores(record: dict[str, Any]) -> dict[str, Any]:
    scores = record.get("sleepScores")
    return scores if isinstance(scores, dict) else {}


def _overall(scores: dict[str, Any]) -> float | None:
    """``overallScore`` as a number or ``{"value": n}``; the Connect API's ``overall.value``."""
    value = number(scores.get("overallScore"))
    return value if value is not None else number(scores.get("overall"))


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / _S_PER_MIN


def day_of(
    c: Collector, i: int, record: dict[str, Any], plausible: Callable[[date, int], bool]
) -> date | None:
    """The record's ``calendarDate`` when it is readable and plausible (else reported, None)."""
    if "calendarDate" not in record:
        c.problem("no calendarDate", record=i, field="calendarDate")
        return None
    try:
        day = parse_day(record["calendarDate"])
    except (ValueError, TypeError) as err:
        c.problem(str(err), record=i, field="calendarDate")
        return None
    return day if plausible(day, i) else None


def read_nights(
    c: Collector,
    records: Sequence[tuple[int, dict[str, Any]]],
    source: str,
    plausible: Callable[[date, int], bool],
) -> None:
    """Add the file's nights to ``c``; ``plausible(day, record)`` rejects impossible dates."""
    dated: list[tuple[date, int, dict[str, Any]]] = []
    for i, record in records:
        day = day_of(c, i, record, plausible)
        if day is not None:
            dated.append((day, i, record))
    rem_seen = False  # in date order: has an earlier night of the file reported REM?
    days: dict[date, tuple[int, list[SleepPeriod]]] = {}
    for day, i, record in sorted(dated, key=lambda d: (d[0], d[1])):
        try:
            night = _night(c, i, day, record, source, rem_seen)
            periods = ([night] if night else []) + _naps(c, i, day, record, source)
        except (KeyError, ValueError, TypeError) as err:
            c.problem(f"unreadable night: {err}", record=i)
            continue
        if not periods:
            continue
        if day in days:
            c.note(f"a second record for {day} in this file: the first is kept", record=i)
            continue
        days[day] = (i, periods)
        rem_seen = rem_seen or number(record.get("remSleepSeconds")) is not None
    for _, periods in sorted(days.values(), key=lambda d: d[0]):
        c.sleep.extend(periods)


def _naps(
    c: Collector, i: int, day: date, record: dict[str, Any], source: str
) -> list[SleepPeriod]:
    """``napList[]``: ``napStartTimestampGMT``, ``napEndTimestampGMT``, ``napTimeSec`` (read so
    by a loader of real exports in the public code index; another drops the key as unused)."""
    naps = record.get("napList")
    out = []
    for k, nap in enumerate(naps if isinstance(naps, list) else []):
        if not isinstance(nap, dict):
            raise TypeError(f"napList[{k}] is not an object")
        start = parse_moment(nap.get("napStartTimestampGMT"))
        end = parse_moment(nap.get("napEndTimestampGMT"))
        out.append(
            SleepPeriod(
                start=start,
                end=end,
                source=source,
                asleep_min=_minutes(number(nap.get("napTimeSec"))),
                in_bed_min=(end - start).total_seconds() / _S_PER_MIN,
                is_nap=True,
                record_ref=c.ref(f"{i}.napList[{k}]"),
                wake_day=day,
            )
        )
    return out


def _night(
    c: Collector, i: int, day: date, record: dict[str, Any], source: str, rem_seen: bool
) -> SleepPeriod | None:
    kind = confirmation(record)
    if kind == OFF_WRIST:
        c.note("OFF_WRIST night dropped (the watch was not worn)", record=i)
        return None
    seconds = _seconds(record)
    window = [record.get(k) for k in ("sleepStartTimestampGMT", "sleepEndTimestampGMT")]
    if all(w is None for w in window):
        if all(v is None for v in seconds.values()):
            if not record.get("napList"):
                c.note("a night without sleep window or stages: nothing recorded", record=i)
            return None
        raise ValueError("stages without a sleep window (sleepStartTimestampGMT)")
    start, end = (parse_moment(w) for w in window)
    if kind and kind != UNCONFIRMED and kind not in CONFIRMED:
        c.note(
            f"unknown sleepWindowConfirmationType {record['sleepWindowConfirmationType']!r}: "
            "read as a confirmed night",
            record=i,
            field="sleepWindowConfirmationType",
        )
    staged = kind != UNCONFIRMED and (seconds["deep"] is not None or seconds["light"] is not None)
    if not staged:
        seconds = dict.fromkeys(_STAGES)
    elif seconds["rem"] is None and ("remScore" in _scores(record) or rem_seen):
        seconds["rem"] = 0.0  # the key is left out when REM is zero (module docstring)
    asleep = [v for k, v in seconds.items() if k != "awake" and v is not None]
    scores = _scores(record) if kind != UNCONFIRMED else {}
    awakenings = number(record.get("awakeCount")) if staged else None
    return SleepPeriod(
        start=start,
        end=end,
        source=source,
        asleep_min=sum(asleep) / _S_PER_MIN if asleep else None,
        in_bed_min=(end - start).total_seconds() / _S_PER_MIN,
        deep_min=_minutes(seconds["deep"]),
        light_min=_minutes(seconds["light"]),
        rem_min=_minutes(seconds["rem"]),
        awake_min=_minutes(seconds["awake"]),
        awakenings=None if awakenings is None else int(awakenings),
        score=_overall(scores),
        record_ref=c.ref(i),
        wake_day=day,
    )
