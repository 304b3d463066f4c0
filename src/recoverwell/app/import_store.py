"""Store one decoded file in one transaction: activities (with duplicates), readings, sleep.

Which copies of an activity are one session, which copy is kept and what the other gives it are
format rules and live in ``ingest/dedupe.py``, going by the traits each format's reader declares
(``registry.traits_for``: recording or summary, duplicate rank, date-only, a device's own UTC
offset). Here, per activity: the stored copies starting within ``SEARCH_WINDOW_S`` are fetched,
``dedupe`` says which are the same session and whether the newcomer or a stored copy stays, and
the verdict is applied: a worse newcomer is not stored (it may fill the kept copy's name, RPE
and gear, never what the athlete edited); a better one replaces the stored copies, taking the
athlete's edits (``activities.edited``: sport, name, RPE, exclusion), whose file is then logged
as ``duplicate`` once nothing of it is left. A date-only copy's made-up start is moved past a
second another export's workout of its day already holds.

This is the only duplicate check: it runs before every insert, so no INSERT ever fails on the
activities' unique key (on PostgreSQL a failed statement would abort the file's transaction).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import Connection

from recoverwell.app.import_report import FileReport, FileStatus, RecordCounts
from recoverwell.app.session_loads import load_failure, store_session_loads
from recoverwell.core.timeutil import local_day
from recoverwell.core.types import Activity, Sport
from recoverwell.ingest import dedupe
from recoverwell.ingest.base import ImportIssue, IssueAction, ReadResult
from recoverwell.ingest.dedupe import (
    DUPLICATE_OVERLAP,
    DUPLICATE_START_S,
    MADE_UP_START_SPAN,
    SEARCH_WINDOW_S,
    Copy,
    carried_edits,
    clock_shifted,
    enrichment,
    fill_for_stored,
    find_copies,
    free_start,
    in_file_key,
    kept_copy,
    overlaps,
    same_day_copy,
    same_record,
    stored_wins,
    take_over,
)
from recoverwell.ingest.registry import duplicate_ranks, traits_for
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

__all__ = [  # the pure rules are ingest/dedupe.py's, named here for the importer's callers
    "DUPLICATE_OVERLAP",
    "DUPLICATE_START_S",
    "FORMAT_PREFERENCE",
    "Target",
    "clock_shifted",
    "enrichment",
    "overlaps",
    "preference",
    "same_day_copy",
    "store_result",
]

#: format → duplicate rank of the formats ranked above summaries (the readers' traits)
FORMAT_PREFERENCE = duplicate_ranks()


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
    """Sort key of a copy of format ``fmt``: higher is kept (``dedupe.preference``)."""
    return dedupe.preference(traits_for(fmt), n_channels, n_rr, n_samples)


@dataclass
class _Activities:
    ids: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    samples: int = 0
    counts: RecordCounts = field(default_factory=RecordCounts)
    loads: dict[int, SessionLoad] = field(default_factory=dict)  # new id → load decoded with it
    issues: list[ImportIssue] = field(default_factory=list)


def _candidates(
    conn: Connection, athlete_id: int, activity: Activity, import_id: int
) -> list[ActivityBrief]:
    """The stored activities of other imports that may be copies of ``activity``."""
    window = timedelta(seconds=SEARCH_WINDOW_S)
    start = activity.start_time
    found = activities_starting_between(conn, athlete_id, start - window, start + window)
    return [b for b in found if b.import_id != import_id]


def _keep_stored(
    conn: Connection,
    target: Target,
    activity: Activity,
    new: Copy,
    better: list[ActivityBrief],
    out: _Activities,
) -> None:
    """The newcomer loses: it may fill the kept copy's name/RPE; counted, not stored."""
    kept = kept_copy(better, traits_for)
    when = activity.start_time.isoformat(timespec="seconds")
    fill = fill_for_stored(kept, activity)
    if fill:
        fill_activity(conn, target.athlete_id, kept.id, **fill)
        out.counts += RecordCounts(changed=1)
        out.notes.append(
            f"{activity.sport} at {when} is stored as activity {kept.id} from "
            f"{kept.source_path or 'an earlier import'}; this copy gave it its "
            + " and ".join("RPE" if k == "rpe" else k for k in fill)
        )
    elif same_record(kept, new):
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
        activity = take_over(activity, rival)
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


def _free_made_up_start(conn: Connection, athlete_id: int, activity: Activity) -> Activity:
    """A date-only copy with its made-up start moved past the stored starts of its sport
    (``dedupe.free_start``)."""
    start = activity.start_time
    taken = {
        b.start_time
        for b in activities_starting_between(conn, athlete_id, start, start + MADE_UP_START_SPAN)
        if b.sport is activity.sport
    }
    free = free_start(start, taken)
    return activity if free == start else replace(activity, start_time=free)


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
    in_file: set[tuple[datetime, Sport]] = set()
    claimed: set[int] = set()  # recordings paired by day with a summary of this file
    decoded_loads = loads or (None,) * len(result.activities)
    for number, (activity, packed, load) in enumerate(
        zip(result.activities, encoded, decoded_loads, strict=True), start=1
    ):
        decoded_rpe = activity.rpe
        if in_file_key(activity) in in_file:
            out.counts += RecordCounts(duplicate=1)
            when = activity.start_time.isoformat(timespec="seconds")
            out.notes.append(f"{activity.sport} at {when} appears twice in the file; kept once")
            continue
        in_file.add(in_file_key(activity))
        fmt = activity.source_format or result.source_format
        n_channels = len(packed.channels.split(",")) if packed and packed.channels else 0
        n_samples = packed.n_samples if packed else 0
        new = Copy.of(activity, fmt, n_channels, packed.n_rr if packed else 0, n_samples)
        candidates = _candidates(conn, target.athlete_id, activity, import_id)
        rivals = find_copies(new, candidates, target.tz, traits_for, claimed)
        better = [r for r in rivals if stored_wins(new, r, traits_for)]
        if better:
            _keep_stored(conn, target, activity, new, better, out)
            continue
        activity, edited = _replace_rivals(conn, target, activity, rivals, out.notes)
        if traits_for(fmt).date_only:
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
