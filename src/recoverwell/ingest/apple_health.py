"""Apple Health ``export.xml``, streamed at any size (formats.md §4, ecosystem.md §2.5).

The file goes through ``SanitisingStream`` (the internal DTD dropped — this also rules out entity
expansion and XXE — and XML-illegal control bytes deleted, both reported) into
``ElementTree.iterparse``; each top-level element is handled, then cleared, so memory stays flat
for multi-GB exports. Daily values are aggregated per (day, signal, source) on the fly.

Read (source = ``apple_health:<sourceName>``, so Welltory, SleepScore, Pillow, AutoSleep or a
Withings scale stay apart from the Watch):

=========================================  ===================  ===============================
Record type                                signal               per day
=========================================  ===================  ===============================
RestingHeartRate                           ``rhr_bpm``          mean
HeartRateVariabilitySDNN                   ``hrv_sdnn_ms`` spot  mean of the spot readings
BodyMass                                   ``body_mass_kg``     first (morning) reading
RespiratoryRate                            ``respiration_…``    mean
DietaryEnergyConsumed / Carbohydrates /    ``energy_kcal``,     sum
Protein / FatTotal / Water / Caffeine      ``carbohydrate_g``…
MindfulSession (category)                  ``mindful_min``      sum of session minutes
SleepAnalysis (category)                   sleep periods        segments merged per source
=========================================  ===================  ===============================

Sleep: pre-iOS 16 ``InBed``/``Asleep``/``Awake`` and iOS 16+ ``AsleepUnspecified``/``AsleepCore``/
``AsleepDeep``/``AsleepREM`` segments of one source are merged into a period when less than an
hour apart; asleep/deep/REM/light(``Core``)/awake minutes are unions of their segments, so
overlaps are never counted twice, and sources are never summed together. Workouts become
activities (older totals attributes, or iOS 16+ ``WorkoutStatistics``); inline ``Location``
routes become streams, ``FileReference`` routes (``workout-routes/*.gpx``) are returned by
``read_with_routes``; the reader's traits declare the join that attaches them
(``ingest/apple_routes.py``).

Dates carry the phone's offset **at export time**, not the offset where the value was recorded
(a January reading of an export made in July is an hour off in most of Europe and the US). The
local day of a value is therefore taken in ``HKTimeZone`` (metadata of workouts and some sleep
records) when present, else in ``tz`` (the athlete's timezone, which the importer passes), and
only without either in the export's offset. A workout's ``utc_offset_s`` is its ``HKTimeZone``
offset, or None (the export's offset is never the watch's).
Only top-level records are read (children of ``Correlation`` are duplicates of top-level ones).
"""

from __future__ import annotations

import dataclasses
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import BinaryIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

from recoverwell.core.errors import InvalidValue, ParseError
from recoverwell.core.signals import HrvWindow
from recoverwell.core.types import Activity, SampleStreams
from recoverwell.core.units import convert
from recoverwell.ingest.apple_routes import AppleExport
from recoverwell.ingest.apple_routes import attach_route as attach_route  # moved there
from recoverwell.ingest.apple_routes import attach_routes as attach_routes
from recoverwell.ingest.apple_sleep import KNOWN, SleepSegments
from recoverwell.ingest.base import (
    ImportIssue,
    IssueAction,
    ReaderTraits,
    ReadResult,
    RecordKind,
    Source,
)
from recoverwell.ingest.tabular import Collector, base_name, mark_naps, sport_from_name

_CHUNK = 1 << 20
_MAX_DTD = 64 << 20  # a DTD larger than this is not an Apple export
_CONTROL = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_QTY = "HKQuantityTypeIdentifier"
_CAT = "HKCategoryTypeIdentifier"
#: quantity type → (signal, target unit, aggregation, context)
QUANTITIES: dict[str, tuple[str, str, str, str]] = {
    f"{_QTY}RestingHeartRate": ("rhr_bpm", "count/min", "mean", ""),
    f"{_QTY}HeartRateVariabilitySDNN": ("hrv_sdnn_ms", "ms", "mean", HrvWindow.SPOT.value),
    f"{_QTY}BodyMass": ("body_mass_kg", "kg", "first", ""),
    f"{_QTY}RespiratoryRate": ("respiration_rate_brpm", "count/min", "mean", ""),
    f"{_QTY}DietaryEnergyConsumed": ("energy_kcal", "kcal", "sum", ""),
    f"{_QTY}DietaryCarbohydrates": ("carbohydrate_g", "g", "sum", ""),
    f"{_QTY}DietaryProtein": ("protein_g", "g", "sum", ""),
    f"{_QTY}DietaryFatTotal": ("fat_g", "g", "sum", ""),
    f"{_QTY}DietaryWater": ("fluid_ml", "mL", "sum", ""),
    f"{_QTY}DietaryCaffeine": ("caffeine_mg", "mg", "sum", ""),
}
_MINDFUL = f"{_CAT}MindfulSession"
_SLEEP = f"{_CAT}SleepAnalysis"
_DISTANCE_STATS = ("DistanceWalkingRunning", "DistanceCycling", "DistanceSwimming")


def _dtd_end(data: bytes, start: int) -> int | None:
    """Index just past the ``<!DOCTYPE …>`` starting at ``start``; None when not all read yet.

    An internal subset (``[ … ]>``) is skipped as a whole: its declarations may be malformed
    (iOS 16's unclosed ``<!ATTLIST VisionPrescription``), so its inner ``>`` are not trusted.
    """
    close, bracket = data.find(b">", start), data.find(b"[", start)
    if bracket >= 0 and (close < 0 or bracket < close):
        end = data.find(b"]>", bracket)
        return None if end < 0 else end + 2
    return None if close < 0 else close + 1


class SanitisingStream(io.RawIOBase):
    """A byte stream without the internal DTD and without XML-illegal control bytes.

    Counts what it removed (``dtd_bytes``, ``control_bytes``) so the reader can report it.
    """

    def __init__(self, raw: BinaryIO, path: str) -> None:
        super().__init__()
        self._raw = raw
        self._path = path
        self._buffer = b""
        self._started = False
        self.dtd_bytes = 0
        self.control_bytes = 0

    def readable(self) -> bool:
        return True

    def _first_chunk(self) -> bytes:
        data = self._raw.read(_CHUNK)
        start = data.find(b"<!DOCTYPE")
        if start < 0:
            return data
        while (end := _dtd_end(data, start)) is None:
            more = self._raw.read(_CHUNK)
            if not more or len(data) > _MAX_DTD:
                raise ParseError(self._path, "unterminated <!DOCTYPE> declaration", record=1)
            data += more
        self.dtd_bytes = end - start
        return data[:start] + data[end:]

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            chunk = self._first_chunk() if not self._started else self._raw.read(_CHUNK)
            self._started = True
            if not chunk:
                return 0
            cleaned = chunk.translate(None, _CONTROL)
            self.control_bytes += len(chunk) - len(cleaned)
            self._buffer = cleaned
        n = min(len(buffer), len(self._buffer))
        buffer[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def parse_apple_time(text: str) -> datetime:
    """``2016-11-14 07:25:41 -0700`` → aware datetime (ValueError when malformed)."""
    moment = datetime.fromisoformat(text.strip().replace(" -", "-").replace(" +", "+"))
    if moment.tzinfo is None:
        raise ValueError(f"no UTC offset in {text!r}")
    return moment


@dataclass(slots=True)
class _Day:
    """A running daily aggregate of one (day, signal, source, context)."""

    value: float
    count: int
    first_ref: str
    at: datetime


def _aggregate(current: _Day | None, value: float, how: str, ref: str, at: datetime) -> _Day:
    if current is None:
        return _Day(value, 1, ref, at)
    if how == "sum":
        current.value += value
    elif how == "mean":
        current.value += (value - current.value) / (current.count + 1)
    elif how == "first" and at < current.at:
        current.value, current.first_ref, current.at = value, ref, at
    current.count += 1
    return current


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long
        return None


def _local(moment: datetime, zone: tzinfo | None) -> datetime:
    return moment.astimezone(zone) if zone is not None else moment


class AppleHealthReader:
    """Apple Health ``export.xml`` (also straight out of ``export.zip``), streamed."""

    format = "apple_health"
    source = "apple_health"

    @property
    def traits(self) -> ReaderTraits:
        """Workouts are summaries (a route makes streams); export.xml joins its routes."""
        return ReaderTraits(RecordKind.SUMMARY, join=AppleExport(self))

    def sniff(self, head: bytes, name: str) -> bool:
        return b"<!DOCTYPE HealthData" in head or b"<HealthData" in head

    def read(self, source: Source, *, strict: bool = False, tz: tzinfo | None = None) -> ReadResult:
        result, routes = self.read_with_routes(source, strict=strict, tz=tz)
        if not routes:
            return result
        note = ImportIssue(
            source.name,
            f"{len(routes)} workout routes in workout-routes/ not attached here "
            "(read_with_routes + attach_routes attach them)",
            IssueAction.NOTED,
        )
        return dataclasses.replace(result, issues=(*result.issues, note))

    def read_with_routes(
        self, source: Source, *, strict: bool = False, tz: tzinfo | None = None
    ) -> tuple[ReadResult, dict[int, str]]:
        """The result, and {index of the activity in it: route file path} for routes kept in
        ``workout-routes/`` (attach them with ``attach_route``). ``tz`` is the athlete's
        timezone: it decides the day of values without ``HKTimeZone`` (see the module doc)."""
        c = Collector(source.name, self.format, strict)
        state = _State(c, tz)
        with source.open() as raw:
            stream = SanitisingStream(raw, source.name)
            try:
                self._parse(io.BufferedReader(stream, _CHUNK), state)
            except ET.ParseError as err:
                line, column = err.position
                raise ParseError(
                    source.name, f"XML not well-formed at column {column}", record=f"line {line}"
                ) from err
        if stream.dtd_bytes:
            c.note(f"internal DTD ({stream.dtd_bytes} bytes) skipped, not parsed")
        if stream.control_bytes:
            c.problem(
                f"{stream.control_bytes} XML-illegal control characters deleted",
                action=IssueAction.REPAIRED,
            )
        state.finish()
        return c.result(), state.routes

    def _parse(self, stream: BinaryIO, state: _State) -> None:
        depth = 0
        root: ET.Element | None = None
        for event, element in ET.iterparse(stream, events=("start", "end")):
            if event == "start":
                depth += 1
                if root is None:
                    root = element
                continue
            depth -= 1
            if depth != 1:
                continue
            state.index += 1
            tag = element.tag
            if tag == "Record":
                state.record(element)
            elif tag == "Workout":
                state.workout(element)
            element.clear()
            if root is not None:
                root.clear()


def _metadata(element: ET.Element, key: str) -> str | None:
    for entry in element.iter("MetadataEntry"):
        if entry.get("key") == key:
            return entry.get("value")
    return None


class _State:
    """What the stream has yielded so far: daily aggregates, sleep segments, workouts."""

    def __init__(self, c: Collector, tz: tzinfo | None = None) -> None:
        self.c = c
        self.tz = tz
        self.index = 0
        self.days: dict[tuple[date, str, str, str], _Day] = {}
        self.segments = SleepSegments()
        self.routes: dict[int, str] = {}
        self.name = base_name(c.path)

    def _ref(self) -> str:
        return f"{self.name}:element {self.index}"

    def _source(self, element: ET.Element) -> str:
        return f"{AppleHealthReader.source}:{element.get('sourceName') or 'unknown'}"[:64]

    def _times(self, element: ET.Element) -> tuple[datetime, datetime, bool] | None:
        """Start and end in the zone of the value's local day; True when HKTimeZone gave it."""
        try:
            start = parse_apple_time(element.get("startDate") or "")
            end = parse_apple_time(element.get("endDate") or "")
        except ValueError as err:
            self.c.problem(
                f"unreadable date: {err}", record=f"element {self.index}", field="startDate"
            )
            return None
        own = _zone(_metadata(element, "HKTimeZone"))
        zone = own if own is not None else self.tz
        return _local(start, zone), _local(end, zone), own is not None

    def record(self, element: ET.Element) -> None:
        kind = element.get("type") or ""
        quantity = QUANTITIES.get(kind)
        if quantity is None and kind not in (_SLEEP, _MINDFUL):
            return
        times = self._times(element)
        if times is None:
            return
        start, end, _own = times
        if kind == _SLEEP:
            stage = element.get("value") or ""
            if stage not in KNOWN:
                self.c.note(
                    f"sleep value {stage!r} unknown; segment skipped",
                    record=f"element {self.index}",
                    field="value",
                )
                return
            if end > start:
                self.segments.add(self._source(element), start, end, stage, self._ref())
            return
        if quantity is None:  # a mindful session
            minutes = (end - start).total_seconds() / 60.0
            self._add(start, ("mindful_min", "min", "sum", ""), minutes, element)
            return
        try:
            value = convert(
                float(element.get("value") or "nan"), element.get("unit") or "", quantity[1]
            )
        except (InvalidValue, ValueError) as err:
            self.c.problem(f"unusable value: {err}", record=f"element {self.index}", field=kind)
            return
        self._add(start, quantity, value, element)

    def _add(
        self, at: datetime, spec: tuple[str, str, str, str], value: float, element: ET.Element
    ) -> None:
        signal, _unit, how, context = spec
        if value != value:  # NaN
            self.c.problem("no value", record=f"element {self.index}", field=signal)
            return
        if how != "sum" and not self.c.in_range(signal, value, record=f"element {self.index}"):
            return
        key = (at.date(), signal, self._source(element), context)
        self.days[key] = _aggregate(self.days.get(key), value, how, f"element {self.index}", at)

    def workout(self, element: ET.Element) -> None:
        times = self._times(element)
        if times is None:
            return
        start, end, own_zone = times
        offset = start.utcoffset() if own_zone else None
        stats = {
            (s.get("type") or "").removeprefix(_QTY): s for s in element.iter("WorkoutStatistics")
        }
        try:
            activity = Activity(
                start_time=start,
                sport=sport_from_name(
                    (element.get("workoutActivityType") or "").removeprefix("HKWorkoutActivityType")
                ),
                elapsed_s=self._amount(element, "duration", "durationUnit", "s")
                or (end - start).total_seconds(),
                distance_m=self._amount(element, "totalDistance", "totalDistanceUnit", "m")
                or self._stat_sum(stats, _DISTANCE_STATS, "m"),
                calories_kcal=self._amount(
                    element, "totalEnergyBurned", "totalEnergyBurnedUnit", "kcal"
                )
                or self._stat_sum(stats, ("ActiveEnergyBurned",), "kcal"),
                avg_hr_bpm=_stat(stats.get("HeartRate"), "average"),
                max_hr_bpm=_stat(stats.get("HeartRate"), "maximum"),
                device=element.get("sourceName"),
                source_format=AppleHealthReader.format,
                utc_offset_s=None if offset is None else int(offset.total_seconds()),
                streams=_inline_route(element, start),
            )
        except InvalidValue as err:
            self.c.problem(f"unusable workout: {err}", record=f"element {self.index}")
            return
        for ref in element.iter("FileReference"):
            if path := ref.get("path"):
                self.routes[len(self.c.activities)] = path.lstrip("/")
        self.c.activities.append(activity)

    def _amount(self, element: ET.Element, attr: str, unit_attr: str, target: str) -> float | None:
        text = element.get(attr)
        if text is None:
            return None
        try:
            return convert(float(text), element.get(unit_attr) or "", target)
        except (InvalidValue, ValueError) as err:
            self.c.problem(f"unusable {attr}: {err}", record=f"element {self.index}", field=attr)
            return None

    def _stat_sum(
        self, stats: dict[str, ET.Element], names: tuple[str, ...], target: str
    ) -> float | None:
        total = None
        for name in names:
            stat = stats.get(name)
            if stat is not None and (value := _stat(stat, "sum")) is not None:
                try:
                    total = (total or 0.0) + convert(value, stat.get("unit") or "", target)
                except InvalidValue as err:
                    self.c.problem(f"unusable {name}: {err}", record=f"element {self.index}")
        return total

    def finish(self) -> None:
        for (day, signal, source, context), agg in self.days.items():
            more = f" (+{agg.count - 1})" if agg.count > 1 else ""
            self.c.add(
                day,
                signal,
                agg.value,
                source=source,
                record=agg.first_ref + more,
                context=context,
                recorded_at=agg.at,
            )
        self.c.sleep.extend(mark_naps(self.segments.periods()))


def _stat(element: ET.Element | None, attr: str) -> float | None:
    text = None if element is None else element.get(attr)
    try:
        return None if text is None else float(text)
    except ValueError:
        return None


def _inline_route(element: ET.Element, start: datetime) -> SampleStreams | None:
    """Older exports embed ``<Location>`` points in ``<WorkoutRoute>``: they become streams."""
    points = []
    for loc in element.iter("Location"):
        try:
            at = parse_apple_time(loc.get("date") or "")
            points.append(
                [(at - start).total_seconds()]
                + [
                    float(loc.get(a) or "nan")
                    for a in ("latitude", "longitude", "altitude", "speed")
                ]
            )
        except ValueError:
            continue
    if not points:
        return None
    table = np.asarray(points, dtype=np.float64)
    return SampleStreams(
        time_s=table[:, 0],
        lat_deg=table[:, 1],
        lon_deg=table[:, 2],
        altitude_m=table[:, 3],
        speed_m_s=table[:, 4],
    )
