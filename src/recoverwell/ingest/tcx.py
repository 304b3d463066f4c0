"""Garmin TCX → ``Activity`` records: one per ``<Activity>``, multisport sessions included.

Totals are the laps' own (``TotalTimeSeconds``, ``DistanceMeters``, ``Calories``, average and
maximum heart rate), never recomputed from trackpoints: tcxreader's recomputation differed by
more than 1 % in 25 of 55 corpus files (parsers.md §6). Trackpoints without a position (treadmill,
trainer, pool) are kept: only their position is missing. Speed, running cadence and power come
from the ``TPX`` extension, with or without its namespace. ``Courses`` are plans, not activities.

Activity totals: moving time = Σ lap ``TotalTimeSeconds`` (TCX lap time excludes pauses), elapsed
= from the first lap's start to the end of the last lap or the last trackpoint, distance and
calories = Σ laps, average HR = lap averages weighted by lap time, maximum HR = max of laps.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import numpy as np

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Activity, Lap, Sport
from recoverwell.ingest.assemble import (
    build_streams,
    finite_or_none,
    steps_per_minute,
    utc_from_unix,
)
from recoverwell.ingest.base import (
    ImportIssue,
    IssueAction,
    ReaderTraits,
    ReadResult,
    RecordKind,
    Source,
)
from recoverwell.ingest.xmlsafe import child_text, iter_end, local, parse_time, to_float

_TCX_ROOT = re.compile(rb"<(?:\w+:)?TrainingCenterDatabase[\s>]")
_SPORTS = {"running": Sport.RUNNING, "biking": Sport.CYCLING, "swimming": Sport.SWIMMING}
_POINT_KEYS = ("lat", "lon", "alt", "dist", "hr", "cad", "speed", "power")


@dataclass
class _Pending:
    times: list[float] = field(default_factory=list)
    values: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in _POINT_KEYS})
    laps: list[Lap] = field(default_factory=list)
    untimed: int = 0
    points: int = 0


def _value_of(element: ET.Element) -> float:
    """``<AverageHeartRateBpm><Value>150</Value></…>`` → 150.0."""
    return to_float(child_text(element, "Value"))


def _trackpoint(element: ET.Element, pending: _Pending) -> None:
    pending.points += 1
    when = None
    row = dict.fromkeys(_POINT_KEYS, math.nan)
    for child in element.iter():
        tag = local(child.tag)
        if tag == "Time":
            when = parse_time(child.text)
        elif tag == "LatitudeDegrees":
            row["lat"] = to_float(child.text)
        elif tag == "LongitudeDegrees":
            row["lon"] = to_float(child.text)
        elif tag == "AltitudeMeters":
            row["alt"] = to_float(child.text)
        elif tag == "DistanceMeters":
            row["dist"] = to_float(child.text)
        elif tag == "HeartRateBpm":
            row["hr"] = _value_of(child)
        elif tag in ("Cadence", "RunCadence"):
            if math.isnan(row["cad"]) or tag == "RunCadence":
                row["cad"] = to_float(child.text)
        elif tag == "Speed":
            row["speed"] = to_float(child.text)
        elif tag == "Watts":
            row["power"] = to_float(child.text)
    if when is None:
        pending.untimed += 1
        return
    pending.times.append(when.timestamp())
    for key in _POINT_KEYS:
        pending.values[key].append(row[key])


def _lap(element: ET.Element, index: int) -> Lap | None:
    start = parse_time(element.get("StartTime"))
    if start is None:
        return None
    totals: dict[str, float] = {}
    trigger = None
    for child in element:
        tag = local(child.tag)
        if tag == "TotalTimeSeconds":
            totals["time"] = to_float(child.text)
        elif tag == "DistanceMeters":
            totals["dist"] = to_float(child.text)
        elif tag == "Calories":
            totals["kcal"] = to_float(child.text)
        elif tag == "AverageHeartRateBpm":
            totals["avg_hr"] = _value_of(child)
        elif tag == "MaximumHeartRateBpm":
            totals["max_hr"] = _value_of(child)
        elif tag == "TriggerMethod":
            trigger = (child.text or "").strip() or None
    elapsed = finite_or_none(totals.get("time"))
    return Lap(
        index=index,
        start_time=start,
        elapsed_s=max(elapsed or 0.0, 0.0),
        moving_s=elapsed,
        distance_m=finite_or_none(totals.get("dist")),
        avg_hr_bpm=finite_or_none(totals.get("avg_hr")),
        max_hr_bpm=finite_or_none(totals.get("max_hr")),
        calories_kcal=finite_or_none(totals.get("kcal")),
        trigger=trigger,
    )


class TcxReader:
    """Reads Garmin Training Center (TCX) activities."""

    format = "tcx"
    traits = ReaderTraits(RecordKind.RECORDING, duplicate_rank=2)  # laps with their totals

    def sniff(self, head: bytes, name: str) -> bool:
        """An XML document whose root element is ``TrainingCenterDatabase``."""
        return _TCX_ROOT.search(head[:1024]) is not None

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        """One activity per ``<Activity>`` element."""
        path = source.name
        activities: list[Activity] = []
        issues: list[ImportIssue] = []
        pending = _Pending()
        creator: str | None = None
        with source.open() as stream:
            for element in iter_end(stream, path):
                tag = local(element.tag)
                if tag == "Trackpoint":
                    _trackpoint(element, pending)
                    element.clear()
                elif tag == "Lap":
                    lap = _lap(element, len(pending.laps))
                    if lap is not None:
                        pending.laps.append(lap)
                    element.clear()
                elif tag == "Activity":
                    number = len(activities) + 1
                    activity = _activity(element, pending, path, number, strict, issues)
                    if activity is not None:
                        activities.append(activity)
                    pending = _Pending()
                    element.clear()
                elif tag == "Course":
                    pending = _Pending()
                    element.clear()
                elif tag == "Creator":
                    creator = child_text(element, "Name")
        if not activities:
            raise ParseError(path, "no recorded activity (courses or an empty file)")
        if creator:
            from dataclasses import replace

            activities = [replace(a, device=a.device or creator.strip()[:120]) for a in activities]
        return ReadResult("tcx", activities=tuple(activities), issues=tuple(issues))


def _activity(
    element: ET.Element,
    pending: _Pending,
    path: str,
    number: int,
    strict: bool,
    issues: list[ImportIssue],
) -> Activity | None:
    sport_attr = (element.get("Sport") or "").strip()
    sport = _SPORTS.get(sport_attr.lower(), Sport.OTHER)
    sub_sport = sport_attr.lower()[:48] if sport is Sport.OTHER and sport_attr else None
    if pending.untimed:
        message = f"{pending.untimed} of {pending.points} trackpoints have no time"
        if strict and pending.times:
            raise ParseError(path, message, record=f"activity {number}", field="Time")
        if pending.times:
            issues.append(
                ImportIssue(
                    path, message, IssueAction.DROPPED, f"activity {number}", "Time",
                    pending.untimed,
                )
            )  # fmt: skip
    laps = pending.laps
    start = laps[0].start_time if laps else parse_time(child_text(element, "Id"))
    if start is None and pending.times:
        start = utc_from_unix(pending.times[0])
    if start is None:
        issues.append(
            ImportIssue(path, "activity without a start time", IssueAction.DROPPED, number, "Id")
        )
        return None
    start_unix = start.timestamp()
    streams = None
    end = start_unix + sum(lap.elapsed_s for lap in laps)
    if pending.times:
        times = np.asarray(pending.times)
        v = {k: np.asarray(c, dtype=float) for k, c in pending.values.items()}
        streams = build_streams(
            times - start_unix,
            {
                "hr_bpm": v["hr"],
                "speed_m_s": v["speed"],
                "distance_m": v["dist"],
                "altitude_m": v["alt"],
                "cadence_spm": steps_per_minute(v["cad"], None, sport),
                "lat_deg": v["lat"],
                "lon_deg": v["lon"],
                "power_w": v["power"],
            },
        )
        end = max(end, float(np.nanmax(times)))
    weighted = [(lap.avg_hr_bpm, lap.elapsed_s) for lap in laps if lap.avg_hr_bpm]
    weight = sum(t for _, t in weighted)
    return Activity(
        start_time=start,
        sport=sport,
        sub_sport=sub_sport,
        elapsed_s=max(end - start_unix, 0.0),
        moving_s=sum(lap.elapsed_s for lap in laps) if laps else None,
        distance_m=_lap_sum(laps, "distance_m"),
        calories_kcal=_lap_sum(laps, "calories_kcal"),
        avg_hr_bpm=sum(h * t for h, t in weighted) / weight if weight else None,
        max_hr_bpm=max((lap.max_hr_bpm for lap in laps if lap.max_hr_bpm), default=None),
        source_format="tcx",
        laps=tuple(laps),
        streams=streams,
    )


def _lap_sum(laps: list[Lap], name: str) -> float | None:
    values = [getattr(lap, name) for lap in laps if getattr(lap, name) is not None]
    return float(sum(values)) if values else None
