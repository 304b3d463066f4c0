"""GPX 1.0/1.1 tracks → one ``Activity`` per file (all ``<trk>`` and ``<trkseg>`` in time order).

Reads ``trkpt`` position, ``ele`` and ``time``, and from ``<extensions>`` any element named
``hr``, ``heartrate``, ``cad``, ``cadence``, ``speed``, ``power``, ``watts`` or ``PowerInWatts``
whatever its namespace: Garmin's TrackPointExtension v1 and v2 (``gpxtpx:``/``ns3:``), Garmin's
PowerExtension (``gpxpx:PowerInWatts``), Cluetrust gpxdata (``gpxdata:hr``, ``gpxdata:cadence``:
Movescount/Suunto exports), Strava exports (``<power>``), Apple Health's workout-routes
(``<speed>`` in m/s) and files that forgot the namespace. SportTracks' file-level heart-rate
track (``<extensions><st:activity><st:heartRateTrack><st:heartRate time=… bpm=…/>``, written by
a-rival SpoQ) gives heart rate to the track points at or up to ``ST_HR_HOLD_S`` after each of
its samples, where the points have none of their own.

GPX has no totals: only elapsed time is set here (first to last timed point); everything else
(distance along the track, moving time, climb, averages) is computed after validation by
``ingest/fill.py``, which says so in the report. GPX has no sport either, except a free-text
``<type>``: Garmin's and Strava's names, and Strava's older numeric codes (``9`` run, ``1``
ride, ``16`` swim, ``4`` hike, ``10`` walk: the map in pR0Ps/stravaweblib
``stravaweblib/webclient.py``, ``_gpx_type_from_strava``, after stackoverflow.com/q/61903437).
Unknown types become ``Sport.OTHER``. A track without any ``<type>`` keeps its cadence as steps
(2 × the file's value, which GPS watches write per foot) and the report says so: the sport is
unknown, and a runner's file is the likely case. Routes and waypoints (planned, not recorded)
are not activities.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping

import numpy as np

from recoverwell.core.errors import ParseError
from recoverwell.core.types import Activity, Sport
from recoverwell.ingest.assemble import (
    build_streams,
    cumulative_distance_m,
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
from recoverwell.ingest.fill import PAUSE_MIN_S
from recoverwell.ingest.xmlsafe import child_text, iter_end, local, parse_time, to_float

_GPX_ROOT = re.compile(rb"<(?:\w+:)?gpx[\s>]")
_TYPES: Mapping[str, Sport] = {  # Garmin/Strava names, and Strava's old numeric codes
    "running": Sport.RUNNING,
    "run": Sport.RUNNING,
    "9": Sport.RUNNING,
    "trail_running": Sport.RUNNING,
    "cycling": Sport.CYCLING,
    "biking": Sport.CYCLING,
    "ride": Sport.CYCLING,
    "1": Sport.CYCLING,
    "road_biking": Sport.CYCLING,
    "mountain_biking": Sport.CYCLING,
    "walking": Sport.WALKING,
    "walk": Sport.WALKING,
    "10": Sport.WALKING,
    "hiking": Sport.HIKING,
    "hike": Sport.HIKING,
    "4": Sport.HIKING,
    "swimming": Sport.SWIMMING,
    "swim": Sport.SWIMMING,
    "16": Sport.SWIMMING,
    "rowing": Sport.ROWING,
}
_EXTENSIONS = {"hr": "hr", "heartrate": "hr", "cad": "cad", "cadence": "cad", "speed": "speed"}
_EXTENSIONS |= {"power": "power", "watts": "power", "powerinwatts": "power"}
ST_HR_HOLD_S = PAUSE_MIN_S  # a SportTracks HR sample stands for at most this long (a longer
#: gap is a pause, ingest/fill.py)


def gpx_sport(text: str | None) -> tuple[Sport, str | None]:
    """``<type>`` text → Sport (and the original text as sub-sport when it is not a known one)."""
    if not text:
        return Sport.OTHER, None
    key = text.strip().lower().replace(" ", "_")
    sport = _TYPES.get(key)
    return (sport, None) if sport else (Sport.OTHER, key[:48])


class _Track:
    def __init__(self) -> None:
        self.times: list[float] = []
        self.columns: dict[str, list[float]] = {
            k: [] for k in ("lat", "lon", "ele", "hr", "cad", "speed", "power")
        }
        self.untimed = 0
        self.first_untimed: int | None = None
        self.points = 0


class GpxReader:
    """Reads GPX tracks."""

    format = "gpx"
    traits = ReaderTraits(RecordKind.RECORDING, duplicate_rank=1)  # a track, no totals

    def sniff(self, head: bytes, name: str) -> bool:
        """An XML document whose root element is ``gpx``."""
        return _GPX_ROOT.search(head[:1024]) is not None

    def read(self, source: Source, *, strict: bool = False) -> ReadResult:
        """One activity per track that has timed points."""
        path = source.name
        creator: str | None = None
        tracks: list[tuple[_Track, str | None, str | None]] = []
        current = _Track()
        saw_route = False
        heart_rate_track: list[tuple[float, float]] = []
        with source.open() as stream:
            for element in iter_end(stream, path):
                tag = local(element.tag)
                if tag == "heartRate" and element.get("bpm") is not None:
                    when = parse_time(element.get("time"))
                    if when is not None:
                        heart_rate_track.append((when.timestamp(), to_float(element.get("bpm"))))
                    element.clear()
                elif tag == "trkpt":
                    _point(element, current)
                    element.clear()
                elif tag == "trk":
                    tracks.append(
                        (current, child_text(element, "name"), child_text(element, "type"))
                    )
                    current = _Track()
                    element.clear()
                elif tag in ("rte", "wpt"):
                    saw_route = True
                    element.clear()
                elif tag == "gpx":
                    creator = element.get("creator")
        issues: list[ImportIssue] = []
        merged = _merge(tracks)
        if merged.untimed:
            message = f"{merged.untimed} of {merged.points} track points have no time"
            if strict and merged.times:
                raise ParseError(path, message, record=merged.first_untimed, field="time")
            if merged.times:
                issues.append(
                    ImportIssue(
                        path, message, IssueAction.DROPPED, merged.first_untimed, "time",
                        merged.untimed,
                    )
                )  # fmt: skip
        if not merged.times:
            what = "a route or waypoints only" if saw_route and not tracks else "no timed points"
            raise ParseError(path, f"no recorded track: {what}", field="trk")
        name = next((n for _, n, _ in tracks if n), None)
        type_text = next((t for _, _, t in tracks if t), None)
        if heart_rate_track:
            _merge_heart_rate_track(merged, heart_rate_track, path, issues)
        activity = _activity(merged, name, type_text, creator)
        if type_text is None and activity.streams and activity.streams.cadence_spm is not None:
            issues.append(
                ImportIssue(
                    path,
                    "no <type>: the sport is unknown; cadence is kept as steps per minute "
                    "(2 × the file's per-foot value, as GPS watches write it)",
                    IssueAction.NOTED,
                    field="cadence_spm",
                )
            )
        return ReadResult("gpx", activities=(activity,), issues=tuple(issues))


def _merge(tracks: list[tuple[_Track, str | None, str | None]]) -> _Track:
    """All tracks of a file as one recording, tracks ordered by their first time.

    GPSBabel and some loggers split one outing into many tracks. Points inside a track keep
    their order: a time going backwards there is for validation to report, not to hide.
    """
    merged = _Track()
    ordered = sorted((t for t, _, _ in tracks), key=lambda t: t.times[0] if t.times else math.inf)
    for track in ordered:
        if merged.first_untimed is None and track.first_untimed is not None:
            merged.first_untimed = merged.points + track.first_untimed
        merged.points += track.points
        merged.untimed += track.untimed
        merged.times += track.times
        for key, column in merged.columns.items():
            column += track.columns[key]
    return merged


def _merge_heart_rate_track(
    track: _Track, samples: list[tuple[float, float]], path: str, issues: list[ImportIssue]
) -> None:
    """SportTracks' heart-rate track onto the points: each point without HR takes the latest
    sample at or before its time, when that sample is at most ``ST_HR_HOLD_S`` old."""
    times = np.asarray(track.times)
    hr = np.asarray(track.columns["hr"], dtype=float)
    pairs = np.asarray(samples, dtype=float)
    pairs = pairs[np.argsort(pairs[:, 0], kind="stable")]
    sample_t, sample_v = pairs[:, 0], pairs[:, 1]
    at = np.searchsorted(sample_t, times, side="right") - 1
    ok = at >= 0
    age = np.where(ok, times - sample_t[np.clip(at, 0, None)], np.inf)
    take = ok & (age <= ST_HR_HOLD_S) & np.isnan(hr)
    hr[take] = sample_v[at[take]]
    track.columns["hr"] = hr.tolist()
    issues.append(
        ImportIssue(
            path,
            f"heart rate of {int(take.sum())} track points taken from the file's SportTracks "
            f"heart-rate track ({len(samples)} samples, each held up to {ST_HR_HOLD_S:g} s)",
            IssueAction.NOTED,
            field="hr_bpm",
        )
    )


def _point(element: ET.Element, track: _Track) -> None:
    track.points += 1
    when = None
    values: dict[str, float] = {}
    for child in element.iter():
        tag = local(child.tag)
        if tag == "time":
            when = parse_time(child.text)
        elif tag == "ele":
            values["ele"] = to_float(child.text)
        else:
            key = _EXTENSIONS.get(tag.lower())
            if key is not None and key not in values:
                values[key] = to_float(child.text)
    if when is None:
        track.untimed += 1
        if track.first_untimed is None:
            track.first_untimed = track.points
        return
    track.times.append(when.timestamp())
    values["lat"] = to_float(element.get("lat"))
    values["lon"] = to_float(element.get("lon"))
    for key, column in track.columns.items():
        column.append(values.get(key, math.nan))


def _activity(
    track: _Track, name: str | None, type_text: str | None, creator: str | None
) -> Activity:
    times = np.asarray(track.times)
    start = float(times[0])
    sport, sub_sport = gpx_sport(type_text)
    col = {k: np.asarray(v, dtype=float) for k, v in track.columns.items()}
    distance = cumulative_distance_m(col["lat"], col["lon"])
    cadence_sport = Sport.RUNNING if type_text is None else sport  # no <type>: see docstring
    streams = build_streams(
        times - start,
        {
            "hr_bpm": col["hr"],
            "speed_m_s": col["speed"],
            "distance_m": distance,
            "altitude_m": col["ele"],
            "cadence_spm": steps_per_minute(col["cad"], None, cadence_sport),
            "lat_deg": col["lat"],
            "lon_deg": col["lon"],
            "power_w": col["power"],
        },
    )
    return Activity(
        start_time=utc_from_unix(start),
        sport=sport,
        sub_sport=sub_sport,
        elapsed_s=float(np.nanmax(times) - start),
        name=name.strip()[:255] if name else None,
        device=creator.strip()[:120] if creator else None,
        source_format="gpx",
        streams=streams,
    )
