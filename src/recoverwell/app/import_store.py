"""Store one decoded file in one transaction: activities (with duplicates), readings, sleep.

Duplicates across files: the same session recorded by two devices, exported twice (the FIT and
Strava's GPX of it) or described by a vendor summary (Garmin's summarized activities, Apple
workouts, Polar sessions, Fitbit exercise, Whoop workouts, Strava's CSV rows…) is detected when
the starts are within ``DUPLICATE_START_S`` and the two time spans overlap by at least
``DUPLICATE_OVERLAP`` of the shorter one, with compatible sports (equal, or one of them unknown
= ``other``). A copy whose clock is shifted by a UTC offset in play (an exporter that wrote local
time as UTC, e.g. GoldenCheetah's re-saved FIT) is the same session when its duration and
distance agree within ``SHIFTED_MATCH_REL`` (``clock_shifted``). A date-only summary
(TrainingPeaks' workouts CSV: a day, no start; its made-up midnight is never compared as a
start) is the same session as the closest copy of its local day and sport whose duration and
distance agree within ``DATE_ONLY_MATCH_REL`` (``same_day_copy``), one to one within a file; a
recording (a real start) is always the copy kept. One copy is kept, by
preference: FIT > TCX > GPX > any other format (summaries), then more stream channels (RR
intervals count as one), then more samples; on a tie the one already stored stays. So a file
with streams beats a summary, and a summary never replaces a file. Of a clock-shifted pair where
only one copy is a FIT file that knows its UTC offset (``local_timestamp``), that copy is kept
whatever the preference: the other has the wrong clock. A better newcomer replaces
the stored copy, whose file is then logged as ``duplicate`` once nothing of it is left; a worse
one is not stored.

Enrichment: the copy not kept gives the kept one its **name** and **session RPE** when the kept
one has none (a name or RPE already there, e.g. from the check-in, is never overwritten).
The athlete's own edits (``activities.edited``: sport, name, RPE, exclusion) always stay: a
stored copy whose sport the athlete changed matches a newcomer of any sport, gets nothing of
what the athlete set (or cleared), and a newcomer that replaces it takes the athlete's values. A FIT
and Garmin's summary of it end as the FIT activity with the summary's name, whatever the order
they arrive in. Other summary values (Garmin's training effect, TrainingPeaks' TSS) are not
activity fields and are not merged.

This is the only duplicate check: it runs before every insert, so no INSERT ever fails on the
activities' unique key (on PostgreSQL a failed statement would abort the file's transaction).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo
from typing import TypedDict, cast

from sqlalchemy import Connection

from recoverwell.app.import_report import FileReport, FileStatus, RecordCounts
from recoverwell.app.session_loads import load_failure, store_session_loads
from recoverwell.core.timeutil import local_day
from recoverwell.core.types import Activity, Sport
from recoverwell.ingest.base import ImportIssue, IssueAction, ReadResult
from recoverwell.metrics.session import SessionLoad
from recoverwell.store.activities import (
    ActivityBrief,
    activities_starting_between,
    count_import_activities,
    delete_activity,
    fill_activity,
    insert_activity,
)
from recoverwell.store.activity_edits import mark_edited
from recoverwell.store.import_log import record_import, update_import
from recoverwell.store.observations import upsert_observations
from recoverwell.store.sleep_periods import upsert_sleep_periods
from recoverwell.store.streams import EncodedStreams

DUPLICATE_START_S = 120.0  # two recordings of one run start within ~2 min (formats.md §16.6)
DUPLICATE_OVERLAP = 0.5  # …and share at least half of the shorter one's time span
FORMAT_PREFERENCE = {"fit": 3, "tcx": 2, "gpx": 1}  # device file > lap totals > track > summary
#: A timezone mistake shifts a start by a UTC offset, at most ±14 h (the widest on Earth).
CLOCK_SHIFT_MAX_S = 14 * 3600.0
#: A shifted copy is the same recording re-exported, so it must agree on elapsed time and
#: distance within 0.2 % (or 5 s / 20 m). A double on the same loop 12 h later differs by more:
#: GPS alone scatters a 13 km loop by ~20–50 m, and nobody repeats an hour to the second.
SHIFTED_MATCH_REL = 0.002
SHIFTED_MATCH_MIN_S = 5.0
SHIFTED_MATCH_MIN_M = 20.0
#: Sources that give a workout's day but not its start (TrainingPeaks' workouts CSV): their
#: activities start at a made-up local midnight, so they are matched by day, not by start.
DATE_ONLY_FORMATS = frozenset({"trainingpeaks"})
#: A date-only summary is the same session as a recording on its local day when their durations
#: (elapsed or moving, either side) agree within 2 % or 60 s and, when both know it, their
#: distances within 2 % or 100 m: the summary's totals come from the file, rounded (TrainingPeaks
#: writes hours with a few decimals). Of several such recordings the closest is the one.
DATE_ONLY_MATCH_REL = 0.02
DATE_ONLY_MATCH_MIN_S = 60.0
DATE_ONLY_MATCH_MIN_M = 100.0
#: Stored starts searched around a newcomer's: ±14 h of clock shift, or, for a date-only
#: summary, its local day seen from any offset: a day (24 h) plus the widest offsets on either
#: side (+14 h and −12 h, e.g. a traveller's device offset against a home zone), and a margin.
SEARCH_WINDOW_S = 52 * 3600.0
#: A candidate whose distance cannot be compared ranks behind one whose distance agrees.
UNKNOWN_DISTANCE_GAP = DATE_ONLY_MATCH_REL


@dataclass(frozen=True, slots=True)
class Target:
    """Where a decoded file goes: athlete, timezone, and the file's identity for the log."""

    athlete_id: int
    tz: tzinfo
    name: str
    size_bytes: int
    sha256: str
    note: str | None = None  # what a join did, shown as the report's message
    params_key: str | None = None  # the load parameters the decoded session loads are under


def preference(fmt: str | None, n_channels: int, n_rr: int, n_samples: int) -> tuple[int, ...]:
    """Sort key of a copy: higher is kept."""
    return (FORMAT_PREFERENCE.get(fmt or "", 0), n_channels + (1 if n_rr else 0), n_samples)


def overlaps(a_start: float, a_len: float, b_start: float, b_len: float) -> bool:
    """Do two spans (start, length in s) share at least DUPLICATE_OVERLAP of the shorter?"""
    shorter = min(a_len, b_len)
    shared = min(a_start + a_len, b_start + b_len) - max(a_start, b_start)
    if shorter <= 0:
        return abs(a_start - b_start) <= DUPLICATE_START_S
    return shared >= DUPLICATE_OVERLAP * shorter


def _compatible(a: Sport, b: Sport) -> bool:
    return a is b or Sport.OTHER in (a, b)


def _close(a: float, b: float, floor: float) -> bool:
    return abs(a - b) <= max(floor, SHIFTED_MATCH_REL * max(abs(a), abs(b)))


def clock_shifted(
    shift_s: float,
    a_elapsed_s: float,
    b_elapsed_s: float,
    a_distance_m: float | None,
    b_distance_m: float | None,
    known_offsets_s: Iterable[float] = (),
) -> bool:
    """Is a start ``shift_s`` away the same session seen through a wrong timezone?

    True when the shift equals (± DUPLICATE_START_S) a UTC offset in play — the device's own
    or the athlete's timezone at either start, the mistake an exporter makes when it writes
    local time as UTC — and both the elapsed times and the distances (both known) agree. A
    double on an identical treadmill program 30 min or 12 h later is not matched unless that
    interval happens to be the athlete's own UTC offset.
    """
    matches_offset = any(
        offset and abs(abs(shift_s) - abs(offset)) <= DUPLICATE_START_S
        for offset in known_offsets_s
    )
    return (
        matches_offset
        and abs(shift_s) <= CLOCK_SHIFT_MAX_S + DUPLICATE_START_S
        and _close(a_elapsed_s, b_elapsed_s, SHIFTED_MATCH_MIN_S)
        and a_distance_m is not None
        and b_distance_m is not None
        and a_distance_m > 0
        and _close(a_distance_m, b_distance_m, SHIFTED_MATCH_MIN_M)
    )


def _offsets_s(tz: tzinfo, *moments: datetime) -> set[float]:
    """The athlete timezone's UTC offsets (s) at the given instants."""
    out = set()
    for moment in moments:
        offset = moment.astimezone(tz).utcoffset()
        if offset is not None:
            out.add(offset.total_seconds())
    return out


def _durations(elapsed_s: float, moving_s: float | None) -> tuple[float, ...]:
    return (elapsed_s,) if moving_s is None else (elapsed_s, moving_s)


def same_day_copy(
    a_durations_s: Iterable[float],
    b_durations_s: Iterable[float],
    a_distance_m: float | None,
    b_distance_m: float | None,
) -> float | None:
    """How far apart a date-only summary and a recording of its day are (None: not a match).

    A match needs one pair of durations (elapsed or moving, either side) to agree within
    DATE_ONLY_MATCH_REL (or DATE_ONLY_MATCH_MIN_S) and, when both are known and positive, the
    distances within DATE_ONLY_MATCH_REL (or DATE_ONLY_MATCH_MIN_M). The distance is the sum of
    both relative differences (UNKNOWN_DISTANCE_GAP for a distance that cannot be compared), to
    pick the closest of several candidates.
    """

    def rel(x: float, y: float) -> float:
        return abs(x - y) / max(abs(x), abs(y), 1e-9)

    pairs = [
        (x, y)
        for x in a_durations_s
        for y in b_durations_s
        if abs(x - y) <= max(DATE_ONLY_MATCH_MIN_S, DATE_ONLY_MATCH_REL * max(x, y))
    ]
    if not pairs:
        return None
    distance = UNKNOWN_DISTANCE_GAP
    if a_distance_m and b_distance_m and a_distance_m > 0 and b_distance_m > 0:
        limit = max(DATE_ONLY_MATCH_MIN_M, DATE_ONLY_MATCH_REL * max(a_distance_m, b_distance_m))
        if abs(a_distance_m - b_distance_m) > limit:
            return None
        distance = rel(a_distance_m, b_distance_m)
    return min(rel(x, y) for x, y in pairs) + distance


def _day_distance(
    activity: Activity, fmt: str | None, b: ActivityBrief, tz: tzinfo
) -> float | None:
    """For a date-only summary against another copy (a recording, or a summary of another
    export): their distance, or None when they are not the same session (another local day or
    sport, durations or distances apart). Two copies with real starts are not compared here."""
    if fmt not in DATE_ONLY_FORMATS and b.source_format not in DATE_ONLY_FORMATS:
        return None
    if activity.sport is not b.sport and "sport" not in b.edited:
        return None  # by day, "other" (TrainingPeaks' X-Train) matches no run
    if local_day(activity.start_time, tz, activity.utc_offset_s) != b.local_date:
        return None
    return same_day_copy(
        _durations(activity.elapsed_s, activity.moving_s),
        _durations(b.elapsed_s, b.moving_s),
        activity.distance_m,
        b.distance_m,
    )


def _same_session(activity: Activity, fmt: str | None, b: ActivityBrief, tz: tzinfo) -> bool:
    """Same session by start: within DUPLICATE_START_S and overlapping, or clock-shifted. A
    date-only copy's made-up midnight is no start, so it is only ever matched by day."""
    if fmt in DATE_ONLY_FORMATS or b.source_format in DATE_ONLY_FORMATS:
        return False
    a_start, b_start = activity.start_time.timestamp(), b.start_time.timestamp()
    if abs(a_start - b_start) <= DUPLICATE_START_S:
        return overlaps(a_start, activity.elapsed_s, b_start, b.elapsed_s)
    offsets = _offsets_s(tz, activity.start_time, b.start_time)
    offsets |= {float(o) for o in (activity.utc_offset_s, b.utc_offset_s) if o is not None}
    return clock_shifted(
        b_start - a_start,
        activity.elapsed_s,
        b.elapsed_s,
        activity.distance_m,
        b.distance_m,
        offsets,
    )


def _duplicates_of(
    conn: Connection,
    athlete_id: int,
    activity: Activity,
    fmt: str | None,
    import_id: int,
    tz: tzinfo,
    claimed: set[int],
) -> list[ActivityBrief]:
    """The stored copies of ``activity``. A date-only summary and a recording of its day pair
    only when no copy was found by start, and one to one: the closest recording not yet
    ``claimed`` by another summary of this file (the id is added to ``claimed``)."""
    window = timedelta(seconds=SEARCH_WINDOW_S)
    start = activity.start_time
    found = activities_starting_between(conn, athlete_id, start - window, start + window)
    candidates = [
        b for b in found if b.import_id != import_id and _compatible_with(b, activity.sport)
    ]
    same = [b for b in candidates if _same_session(activity, fmt, b, tz)]
    if same:
        return same
    by_day = [
        (gap, b)
        for b in candidates
        if b.id not in claimed and (gap := _day_distance(activity, fmt, b, tz)) is not None
    ]
    if not by_day:
        return []
    closest = min(by_day, key=lambda pair: pair[0])[1]
    claimed.add(closest.id)
    return [closest]


def _brief_preference(b: ActivityBrief) -> tuple[int, ...]:
    return preference(b.source_format, b.n_channels, b.n_rr, b.n_samples)


def _knows_its_clock(fmt: str | None, utc_offset_s: int | None) -> bool:
    """A device's FIT file with its own UTC offset (``local_timestamp``): its start is right.

    Offsets of other copies do not count: a floating time placed in the athlete's zone (e.g.
    TrainingPeaks' made-up local midnight) gets an offset without its clock being known.
    """
    return fmt == "fit" and utc_offset_s is not None


def _stored_wins(
    activity: Activity, fmt: str | None, mine: tuple[int, ...], rival: ActivityBrief
) -> bool:
    """Does the stored ``rival`` stay, rather than the newcomer ``activity``?"""
    date_only = fmt in DATE_ONLY_FORMATS
    if date_only != (rival.source_format in DATE_ONLY_FORMATS):
        return date_only  # a real start beats a made-up midnight, whatever else either has
    shift = abs(rival.start_time.timestamp() - activity.start_time.timestamp())
    knows = _knows_its_clock(fmt, activity.utc_offset_s)
    rival_knows = _knows_its_clock(rival.source_format, rival.utc_offset_s)
    if shift > DUPLICATE_START_S and knows != rival_knows:
        # a clock-shifted pair: the device's file has the right start; the other wrote local
        # time as UTC (a re-save may add channels, the clock stays wrong)
        return rival_knows
    return _brief_preference(rival) >= mine


class Fill(TypedDict, total=False):
    """Values a copy not kept gives the kept one."""

    name: str
    rpe: float
    gear: str


def enrichment(
    kept_name: str | None, kept_rpe: float | None, other: Activity, kept_gear: str | None = None
) -> Fill:
    """What ``other`` (a copy not kept) adds to the kept copy: name, RPE and gear it lacks."""
    fill: Fill = {}
    if kept_name is None and other.name:
        fill["name"] = other.name
    if kept_rpe is None and other.rpe is not None:
        fill["rpe"] = other.rpe
    if kept_gear is None and other.gear:
        fill["gear"] = other.gear
    return fill


def _compatible_with(b: ActivityBrief, sport: Sport) -> bool:
    """A stored copy whose sport the athlete edited matches whatever sport the file says."""
    return _compatible(b.sport, sport) or "sport" in b.edited


def carried_edits(rival: ActivityBrief) -> dict[str, object]:
    """The values the athlete gave the stored copy a newcomer replaces: they stay."""
    values = {"sport": rival.sport, "name": rival.name, "rpe": rival.rpe, "gear": rival.gear}
    values["excluded"] = rival.excluded
    return {name: values[name] for name in sorted(rival.edited) if name in values}


@dataclass
class _Activities:
    ids: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    samples: int = 0
    counts: RecordCounts = field(default_factory=RecordCounts)
    loads: dict[int, SessionLoad] = field(default_factory=dict)  # new id → load decoded with it
    issues: list[ImportIssue] = field(default_factory=list)


def _keep_stored(
    conn: Connection,
    target: Target,
    activity: Activity,
    fmt: str | None,
    better: list[ActivityBrief],
    out: _Activities,
) -> None:
    """The newcomer loses: it may fill the kept copy's name/RPE; counted, not stored."""
    kept = max(better, key=_brief_preference)
    when = activity.start_time.isoformat(timespec="seconds")
    offered = enrichment(kept.name, kept.rpe, activity, kept.gear)
    # what the athlete set (or cleared) stays so
    fill = cast(Fill, {k: v for k, v in offered.items() if k not in kept.edited})
    if fill:
        fill_activity(conn, target.athlete_id, kept.id, **fill)
        out.counts += RecordCounts(changed=1)
        out.notes.append(
            f"{activity.sport} at {when} is stored as activity {kept.id} from "
            f"{kept.source_path or 'an earlier import'}; this copy gave it its "
            + " and ".join("RPE" if k == "rpe" else k for k in fill)
        )
    elif (kept.source_format, kept.start_time, kept.elapsed_s) == (
        fmt,
        activity.start_time,
        activity.elapsed_s,
    ) and (kept.sport is activity.sport or "sport" in kept.edited):
        out.counts += RecordCounts(unchanged=1)  # the same record, from another copy of a source
    else:
        out.counts += RecordCounts(duplicate=1)
        out.notes.append(
            f"{activity.sport} at {when} is already stored as activity {kept.id} "
            f"from {kept.source_path or 'an earlier import'} (kept: preferred copy)"
        )


def _replace_rivals(
    conn: Connection,
    target: Target,
    activity: Activity,
    rivals: list[ActivityBrief],
    notes: list[str],
) -> tuple[Activity, frozenset[str]]:
    """The newcomer wins: the rivals go (their files marked duplicate when emptied). What the
    athlete edited on a rival (sport, name, RPE, exclusion) is carried over; returns the
    newcomer and the fields so carried."""
    when = activity.start_time.isoformat(timespec="seconds")
    edited: frozenset[str] = frozenset()
    for rival in rivals:
        delete_activity(conn, target.athlete_id, rival.id)
        kept = carried_edits(rival)
        notes.append(
            f"{activity.sport} at {when} replaces activity {rival.id} from "
            f"{rival.source_path or 'an earlier import'} (this copy is preferred)"
            + (f"; your edits ({', '.join(kept)}) are kept" if kept else "")
        )
        taken = enrichment(activity.name, activity.rpe, _named(rival), activity.gear)
        activity = replace(activity, **taken)
        activity = replace(activity, **kept)  # type: ignore[arg-type]
        edited |= rival.edited
        if rival.import_id is None:
            continue
        if count_import_activities(conn, target.athlete_id, rival.import_id) == 0:
            update_import(
                conn,
                target.athlete_id,
                rival.import_id,
                status=FileStatus.DUPLICATE.value,
                message=f"replaced by {target.name}",
            )
    return activity, edited


def _named(rival: ActivityBrief) -> Activity:
    """The rival's name, RPE and gear as an Activity, for ``enrichment``."""
    return Activity(
        rival.start_time, rival.sport, rival.elapsed_s, name=rival.name, rpe=rival.rpe,
        gear=rival.gear,
    )  # fmt: skip


def _free_made_up_start(conn: Connection, athlete_id: int, activity: Activity) -> Activity:
    """A date-only copy's made-up start (midnight + n − 1 s), moved on by whole seconds past
    any stored activity of its sport at that second: a new workout listed first in a later
    export takes the second an earlier export gave another workout of that day."""
    start = activity.start_time
    taken = {
        b.start_time
        for b in activities_starting_between(conn, athlete_id, start, start + timedelta(hours=1))
        if b.sport is activity.sport
    }
    while start in taken:
        start += timedelta(seconds=1)
    return activity if start == activity.start_time else replace(activity, start_time=start)


def _load_issue(target: Target, label: str, activity_id: int, load: SessionLoad) -> ImportIssue:
    """The report's note on a session whose load could not be computed."""
    return ImportIssue(
        target.name,
        f"{label}load not computed ({load_failure(load)}): stored as activity {activity_id}, "
        "counted as a session without load (`recoverwell activities --problems`)",
        IssueAction.NOTED,
    )


def _store_activities(
    conn: Connection,
    target: Target,
    result: ReadResult,
    encoded: tuple[EncodedStreams | None, ...],
    import_id: int,
    loads: tuple[SessionLoad | None, ...] = (),
) -> _Activities:
    out = _Activities()
    in_file: set[tuple[object, Sport]] = set()
    claimed: set[int] = set()  # recordings paired by day with a summary of this file
    decoded_loads = loads or (None,) * len(result.activities)
    for number, (activity, packed, load) in enumerate(
        zip(result.activities, encoded, decoded_loads, strict=True), start=1
    ):
        decoded_rpe = activity.rpe
        if (activity.start_time, activity.sport) in in_file:
            out.counts += RecordCounts(duplicate=1)
            when = activity.start_time.isoformat(timespec="seconds")
            out.notes.append(f"{activity.sport} at {when} appears twice in the file; kept once")
            continue
        in_file.add((activity.start_time, activity.sport))
        fmt = activity.source_format or result.source_format
        n_channels = len(packed.channels.split(",")) if packed and packed.channels else 0
        n_samples = packed.n_samples if packed else 0
        mine = preference(fmt, n_channels, packed.n_rr if packed else 0, n_samples)
        rivals = _duplicates_of(
            conn, target.athlete_id, activity, fmt, import_id, target.tz, claimed
        )
        better = [r for r in rivals if _stored_wins(activity, fmt, mine, r)]
        if better:
            _keep_stored(conn, target, activity, fmt, better, out)
            continue
        activity, edited = _replace_rivals(conn, target, activity, rivals, out.notes)
        if fmt in DATE_ONLY_FORMATS:
            activity = _free_made_up_start(conn, target.athlete_id, activity)
        day = local_day(activity.start_time, target.tz, activity.utc_offset_s)
        new_id = insert_activity(conn, target.athlete_id, activity, day, import_id, packed)
        if edited:
            mark_edited(conn, target.athlete_id, new_id, edited)
        out.ids.append(new_id)
        out.counts += RecordCounts(new=1)
        out.samples += n_samples
        # the load decoded with it holds while its RPE (its sRPE) and its exclusion are the file's
        if load is not None and activity.rpe == decoded_rpe and activity.excluded is None:
            out.loads[new_id] = load
            if load_failure(load) is not None:
                label = f"activity {number}: " if len(result.activities) > 1 else ""
                out.issues.append(_load_issue(target, label, new_id, load))
    return out


def store_result(
    conn: Connection,
    target: Target,
    result: ReadResult,
    encoded: tuple[EncodedStreams | None, ...],
    loads: tuple[SessionLoad | None, ...] = (),
) -> FileReport:
    """Log the file and store everything of ``result``; its FileReport (in one transaction).

    ``loads`` (one per activity, computed when it was decoded under ``target.params_key``) are
    stored in the session-load cache with the new activities; a session whose load could not be
    computed is a note of the report."""
    athlete_id = target.athlete_id
    import_id = record_import(
        conn,
        athlete_id,
        content_sha256=target.sha256,
        source_path=target.name,
        size_bytes=target.size_bytes,
        format=result.source_format,
        status=FileStatus.NEW.value,
        n_records=result.n_records,
    )
    acts = _store_activities(conn, target, result, encoded, import_id, loads)
    if acts.loads and target.params_key is not None:
        store_session_loads(conn, athlete_id, target.params_key, acts.loads)
    observations = RecordCounts(
        *upsert_observations(conn, athlete_id, result.observations, import_id)
    )
    periods = [(p.wake_day or local_day(p.end, target.tz), p) for p in result.sleep]
    sleep = RecordCounts(*upsert_sleep_periods(conn, athlete_id, periods, import_id))
    stored = acts.counts.stored + observations.stored + sleep.stored
    if stored:
        status = FileStatus.NEW
    elif acts.counts.duplicate:
        status = FileStatus.DUPLICATE
    else:
        status = FileStatus.UNCHANGED
    notes = ([target.note] if target.note else []) + acts.notes
    message = "; ".join(notes) if notes else None
    if status is not FileStatus.NEW or message:
        update_import(conn, athlete_id, import_id, status=status.value, message=message)
    return FileReport(
        target.name,
        status,
        format=result.source_format,
        size_bytes=target.size_bytes,
        new_records=stored,
        activity_ids=tuple(acts.ids),
        samples=acts.samples + len(result.observations) + len(result.sleep),
        message=message,
        issues=(*result.issues, *acts.issues),
        duplicates=tuple(acts.notes),
        activities=acts.counts,
        observations=observations,
        sleep=sleep,
    )
