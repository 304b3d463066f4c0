"""The contract's documents: what each command's ``--json`` (and, later, each API route) gives."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from typing_extensions import TypedDict

from recoverwell.app.contract.rows import (
    ActivitySummary,
    GearRow,
    LoadStateUpdateRow,
    TrainingDayRow,
    WeekRow,
    activity_json,
    training_day_row,
)
from recoverwell.app.contract.values import in_units
from recoverwell.core.units import UnitSystem, distance_in

if TYPE_CHECKING:
    from recoverwell.advice.explain import Explanation
    from recoverwell.advice.findings import Finding
    from recoverwell.advice.readiness import Readiness
    from recoverwell.app.activity_fixes import ActivityDetail, ActivityProblem
    from recoverwell.app.checkin import CheckInResult
    from recoverwell.app.checkin_answers import MassJump
    from recoverwell.app.demo import DemoLoad, WeekVolume
    from recoverwell.app.import_report import FileReport, ImportReport, RecordCounts
    from recoverwell.app.load_gaps import LoadGap
    from recoverwell.app.recovery import TrendRow, TrendSummary
    from recoverwell.app.training import TrainingTable
    from recoverwell.app.workspace import SchemaStatus
    from recoverwell.core.athlete import AthleteProfile, ProfileValue, ResolvedProfile, Sex
    from recoverwell.core.types import Lap, Observation
    from recoverwell.metrics.session import LoadCurrency, SessionLoad


# --- readiness -------------------------------------------------------------------------------


class ReadinessDoc(TypedDict):
    """``readiness``: the verdict, its explanation in words, why the load factor is missing."""

    athlete_id: int
    readiness: Readiness
    explanation: Explanation
    load_gap: LoadGap | None


def readiness_json(
    athlete_id: int, verdict: Readiness, words: Explanation, gap: LoadGap | None
) -> ReadinessDoc:
    """The verdict document (``words``: ``advice.explain.explain`` of it)."""
    return {"athlete_id": athlete_id, "readiness": verdict, "explanation": words, "load_gap": gap}


class TrainingTableDoc(TypedDict):
    """``metrics``: what the table is in, how to read it, then one row per day."""

    athlete_id: int
    units: UnitSystem
    currency: LoadCurrency
    srpe_tss_per_au: float | None
    sessions_by_model: dict[str, int]
    surfaces_km: dict[str, float]
    estimated: tuple[str, ...]
    notes: tuple[str, ...]
    load_gap: LoadGap | None
    rows: list[TrainingDayRow]


def training_table_json(table: TrainingTable, units: UnitSystem) -> TrainingTableDoc:
    """The table document, its rows in ``units``."""
    doc: TrainingTableDoc = {
        "athlete_id": table.athlete_id,
        "units": units,
        "currency": table.currency,
        "srpe_tss_per_au": table.srpe_tss_per_au,
        "sessions_by_model": table.sessions_by_model,
        "surfaces_km": {k: round(distance_in(m, units), 2) for k, m in table.surfaces_m.items()},
        "estimated": table.estimated,
        "notes": table.notes,
        "load_gap": table.load_gap,
        "rows": [training_day_row(d, units) for d in table.days],
    }
    return in_units(doc, units)


# --- weeks and gear -------------------------------------------------------------------------


class WeeksDoc(TypedDict):
    """``weeks``: the weeks shown, oldest first."""

    athlete_id: int
    units: UnitSystem
    weeks: list[WeekRow]


def weeks_json(athlete_id: int, units: UnitSystem, rows: list[WeekRow]) -> WeeksDoc:
    """The weeks document (``rows``: ``week_row`` of each week)."""
    return {"athlete_id": athlete_id, "units": units, "weeks": rows}


class GearDoc(TypedDict):
    """``gear``: each gear, most distance first, and the sessions that name none."""

    athlete_id: int
    units: UnitSystem
    gear: list[GearRow]
    sessions_without_gear: int


def gear_json(athlete_id: int, units: UnitSystem, rows: list[GearRow], unnamed: int) -> GearDoc:
    """The gear document (``rows``: ``gear_row`` of each gear)."""
    return {
        "athlete_id": athlete_id,
        "units": units,
        "gear": rows,
        "sessions_without_gear": unnamed,
    }


# --- activities -----------------------------------------------------------------------------


class HrZone(TypedDict):
    """Time in one heart-rate zone; ``from_bpm`` (zone 1) and ``below_bpm`` (zone 5) open."""

    zone: int
    from_bpm: float | None
    below_bpm: float | None
    seconds: float


class ActivityDetailDoc(TypedDict):
    """``activity show``: totals (SI units), laps, load, problems, edits, HR zones."""

    activity: ActivitySummary
    laps: tuple[Lap, ...]
    load: SessionLoad
    counted: bool
    srpe_tss_per_au: float | None
    problems: tuple[ActivityProblem, ...]
    edited: tuple[str, ...]
    hr_zones: list[HrZone]


def activity_detail_json(detail: ActivityDetail) -> ActivityDetailDoc:
    """The activity document."""
    return {
        "activity": activity_json(detail.stored),
        "laps": detail.stored.activity.laps,
        "load": detail.load,
        "counted": detail.counted,
        "srpe_tss_per_au": detail.srpe_tss_per_au,
        "problems": detail.problems,
        "edited": detail.edited,
        "hr_zones": _zones_json(detail),
    }


def _zones_json(detail: ActivityDetail) -> list[HrZone]:
    if not detail.zones_s:
        return []
    lows, highs = (None, *detail.zone_edges_bpm), (*detail.zone_edges_bpm, None)
    return [
        {"zone": z + 1, "from_bpm": lo, "below_bpm": hi, "seconds": s}
        for z, (lo, hi, s) in enumerate(zip(lows, highs, detail.zones_s, strict=True))
    ]


# --- nightly ---------------------------------------------------------------------------------


class LoadStateUpdatesDoc(TypedDict):
    """``nightly``: one row per athlete."""

    updates: list[LoadStateUpdateRow]


def load_state_updates_json(rows: list[LoadStateUpdateRow]) -> LoadStateUpdatesDoc:
    """The nightly document (``rows``: ``load_state_update_row`` of each update)."""
    return {"updates": rows}


# --- recovery trends and the check-in --------------------------------------------------------


class TrendsDoc(TypedDict):
    """``trends``: the sources and regularity summary, then one row per day."""

    athlete_id: int
    summary: TrendSummary
    days: list[TrendRow]


def trends_json(athlete_id: int, summary: TrendSummary, rows: list[TrendRow]) -> TrendsDoc:
    """The trends document."""
    return {"athlete_id": athlete_id, "summary": summary, "days": rows}


class CheckInStored(TypedDict):
    """What a check-in stored (``CheckInResult`` without its observations, listed apart)."""

    day: date
    new: int
    changed: int
    unchanged: int
    rpe_set: tuple[int, ...]
    niggles: int
    niggles_removed: int


class CheckInDoc(TypedDict):
    """``checkin``: what was stored, a body-mass jump to check, the red flags of the day."""

    result: CheckInStored
    observations: tuple[Observation, ...]
    mass_check: MassJump | None
    red_flags: tuple[Finding, ...]
    crisis: str


def checkin_json(
    result: CheckInResult, jump: MassJump | None, flags: tuple[Finding, ...], crisis: str
) -> CheckInDoc:
    """The check-in document (``crisis``: the crisis-line text when a flag calls for it)."""
    stored: CheckInStored = {
        "day": result.day,
        "new": result.new,
        "changed": result.changed,
        "unchanged": result.unchanged,
        "rpe_set": result.rpe_set,
        "niggles": result.niggles,
        "niggles_removed": result.niggles_removed,
    }
    return {
        "result": stored,
        "observations": result.observations,
        "mass_check": jump,
        "red_flags": flags,
        "crisis": crisis,
    }


# --- athletes --------------------------------------------------------------------------------


class ProfileValues(TypedDict):
    """The resolved physiological values, each with its origin (set, estimated, unknown)."""

    body_mass_kg: ProfileValue
    hr_max_bpm: ProfileValue
    hr_rest_bpm: ProfileValue
    lthr_bpm: ProfileValue
    vt1_hr_bpm: ProfileValue
    vt2_hr_bpm: ProfileValue
    threshold_pace_s_per_km: ProfileValue


class ProfileDoc(TypedDict):
    """``athlete show`` / ``athlete set``: the set values, and resolved values with origin."""

    id: int | None
    name: str
    synthetic: bool
    sex: Sex
    birth_year: int | None
    age_y: int | None
    timezone: str
    units: UnitSystem
    values: ProfileValues


def profile_json(resolved: ResolvedProfile) -> ProfileDoc:
    """The profile document."""
    p = resolved.profile
    return {
        "id": p.id,
        "name": p.name,
        "synthetic": p.synthetic,
        "sex": p.sex,
        "birth_year": p.birth_year,
        "age_y": resolved.age_y,
        "timezone": p.timezone,
        "units": p.units,
        "values": {
            "body_mass_kg": resolved.body_mass_kg,
            "hr_max_bpm": resolved.hr_max_bpm,
            "hr_rest_bpm": resolved.hr_rest_bpm,
            "lthr_bpm": resolved.lthr_bpm,
            "vt1_hr_bpm": resolved.vt1_hr_bpm,
            "vt2_hr_bpm": resolved.vt2_hr_bpm,
            "threshold_pace_s_per_km": resolved.threshold_pace_s_per_km,
        },
    }


class AthleteRemovedDoc(TypedDict):
    """``athlete remove``: who was removed, and how many records of each kind."""

    athlete: AthleteProfile
    removed: dict[str, int]


def athlete_removed_json(gone: AthleteProfile, removed: dict[str, int]) -> AthleteRemovedDoc:
    """The removal document."""
    return {"athlete": gone, "removed": removed}


# --- import, demo, database ------------------------------------------------------------------


class ImportReportDoc(TypedDict):
    """``import``: counts of files and records, then every file with its issues."""

    summary: str
    counts: dict[str, int]
    records: dict[str, RecordCounts]
    elapsed_s: float
    bytes: int
    files: tuple[FileReport, ...]


def import_report_json(report: ImportReport) -> ImportReportDoc:
    """The import document: files by status, records by kind (``RECORD_KINDS``)."""
    from recoverwell.app.import_report import RECORD_KINDS, FileStatus  # loaded by import

    return {
        "summary": report.summary(),
        "counts": {s.value: report.count(s) for s in FileStatus},
        "records": {kind: report.records(kind) for kind in RECORD_KINDS},
        "elapsed_s": report.elapsed_s,
        "bytes": report.bytes_read,
        "files": report.files,
    }


class DemoDoc(TypedDict):
    """``demo``: what was loaded, weekly volume (SI), recent days, today's verdict."""

    workspace: str
    load: DemoLoad
    weeks: list[WeekVolume]
    training_load: list[TrainingDayRow]
    readiness: Readiness


def demo_json(
    url: str,
    loaded: DemoLoad,
    volume: list[WeekVolume],
    rows: list[TrainingDayRow],
    verdict: Readiness,
) -> DemoDoc:
    """The demo document (``rows``: ``training_day_row`` of the recent days)."""
    return {
        "workspace": url,
        "load": loaded,
        "weeks": volume,
        "training_load": rows,
        "readiness": verdict,
    }


class SchemaStatusDoc(TypedDict):
    """``db status``: the database's schema revision against the one this version needs."""

    url: str
    current: str | None
    head: str
    up_to_date: bool
    newer: bool


def schema_status_json(status: SchemaStatus) -> SchemaStatusDoc:
    """The schema-status document."""
    return {
        "url": status.url,
        "current": status.current,
        "head": status.head,
        "up_to_date": status.up_to_date,
        "newer": status.newer,
    }


#: ``db upgrade``: the revision before and after (``from`` is a keyword: functional form).
SchemaUpgradeDoc = TypedDict("SchemaUpgradeDoc", {"url": str, "from": str | None, "to": str | None})


def schema_upgrade_json(before: SchemaStatus, after: SchemaStatus) -> SchemaUpgradeDoc:
    """The upgrade document."""
    return {"url": after.url, "from": before.current, "to": after.current}
