"""SQLAlchemy tables: the one schema for SQLite and PostgreSQL.

Every physical quantity has its unit in the column name. Times are stored in UTC (``UTCDateTime``)
and every daily row is keyed by the athlete's local ``day``. Sample streams are stored compactly:
one row per activity holding all its channels as a compressed array bundle (``store/streams.py``),
not one row per second per column.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.types import TypeDecorator

from recoverwell.core.errors import StoreError


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as UTC; read back aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise StoreError(f"naive datetime {value.isoformat()} cannot be stored; add a timezone")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if not isinstance(value, datetime):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)


def _created_at() -> Column[datetime]:
    return Column("created_at", UTCDateTime(), nullable=False, server_default=func.now())


users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("display_name", String(120), nullable=False),
    Column("password_hash", String(255)),
    Column("is_admin", Boolean, nullable=False, server_default="0"),
    _created_at(),
)

athletes = Table(
    "athletes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="SET NULL")),
    Column("name", String(120), nullable=False),
    Column("sex", String(16), nullable=False, server_default="unspecified"),
    Column("birth_year", Integer),
    Column("body_mass_kg", Float),
    Column("hr_max_bpm", Float),
    Column("hr_rest_bpm", Float),
    Column("lthr_bpm", Float),
    Column("threshold_pace_s_per_km", Float),
    Column("vt1_hr_bpm", Float),
    Column("vt2_hr_bpm", Float),
    Column("timezone", String(64), nullable=False, server_default="UTC"),
    Column("units", String(2), nullable=False, server_default="mi"),
    Column("synthetic", Boolean, nullable=False, server_default="0"),
    _created_at(),
    Column("updated_at", UTCDateTime()),
    # 0011: bumped by triggers on ``activities`` (any insert, update or delete of the athlete's),
    # so a stored load window knows when what it was computed from changed (store/load_windows)
    Column("load_generation", Integer, nullable=False, server_default="0"),
)

import_log = Table(
    "import_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("source_path", Text, nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("format", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("n_records", Integer, nullable=False, server_default="0"),
    Column("message", Text),
    Column("imported_at", UTCDateTime(), nullable=False, server_default=func.now()),
    UniqueConstraint("athlete_id", "content_sha256"),
)

activities = Table(
    "activities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("import_id", Integer, ForeignKey("import_log.id", ondelete="SET NULL")),
    Column("start_time", UTCDateTime(), nullable=False),
    Column("local_date", Date, nullable=False),
    Column("utc_offset_s", Integer),
    Column("sport", String(32), nullable=False),
    Column("sub_sport", String(48)),
    Column("name", String(255)),
    Column("elapsed_s", Float, nullable=False),
    Column("moving_s", Float),
    Column("distance_m", Float),
    Column("ascent_m", Float),
    Column("descent_m", Float),
    Column("calories_kcal", Float),
    Column("avg_hr_bpm", Float),
    Column("max_hr_bpm", Float),
    Column("avg_speed_m_s", Float),
    Column("avg_cadence_spm", Float),
    Column("rpe", Float),
    Column("device", String(120)),
    Column("source_format", String(32)),
    _created_at(),
    Column("excluded", Text),  # 0008: why it is kept out of load and volume; NULL = it counts
    Column("edited", String(255)),  # 0008: fields the athlete edited, comma-separated
    Column("gear", String(120)),  # 0009: the shoe or bike, as the source or athlete names it
    Index("ix_activities_athlete_day", "athlete_id", "local_date"),
    UniqueConstraint("athlete_id", "start_time", "sport", name="uq_activities_athlete_start_sport"),
)

laps = Table(
    "laps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("activity_id", Integer, ForeignKey("activities.id", ondelete="CASCADE"), nullable=False),
    Column("lap_index", Integer, nullable=False),
    Column("start_time", UTCDateTime(), nullable=False),
    Column("elapsed_s", Float, nullable=False),
    Column("moving_s", Float),
    Column("distance_m", Float),
    Column("avg_hr_bpm", Float),
    Column("max_hr_bpm", Float),
    Column("ascent_m", Float),
    Column("descent_m", Float),
    Column("calories_kcal", Float),
    Column("trigger", String(32)),
    UniqueConstraint("activity_id", "lap_index"),
)

activity_streams = Table(
    "activity_streams",
    metadata,
    Column(
        "activity_id",
        Integer,
        ForeignKey("activities.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("n_samples", Integer, nullable=False),
    Column("channels", String(255), nullable=False),
    Column("n_rr", Integer, nullable=False, server_default="0"),
    Column("codec", String(16), nullable=False),
    Column("payload", LargeBinary, nullable=False),
)

daily_observations = Table(
    "daily_observations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("day", Date, nullable=False),
    Column("signal", String(64), nullable=False),
    Column("value", Float, nullable=False),
    Column("source", String(64), nullable=False),
    Column("context", String(32), nullable=False, server_default=""),
    Column("recorded_at", UTCDateTime()),
    Column("import_id", Integer, ForeignKey("import_log.id", ondelete="SET NULL")),
    Column("record_ref", String(255)),
    _created_at(),
    UniqueConstraint(
        "athlete_id", "day", "signal", "source", "context", name="uq_daily_observations_key"
    ),
    Index("ix_daily_observations_athlete_signal_day", "athlete_id", "signal", "day"),
)

sleep_periods = Table(
    "sleep_periods",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("wake_day", Date, nullable=False),
    Column("start_time", UTCDateTime(), nullable=False),
    Column("end_time", UTCDateTime(), nullable=False),
    Column("source", String(64), nullable=False),
    Column("is_nap", Boolean, nullable=False, server_default="0"),
    Column("asleep_min", Float),
    Column("in_bed_min", Float),
    Column("deep_min", Float),
    Column("rem_min", Float),
    Column("light_min", Float),
    Column("awake_min", Float),
    Column("awakenings", Integer),
    Column("latency_min", Float),
    Column("score", Float),
    Column("import_id", Integer, ForeignKey("import_log.id", ondelete="SET NULL")),
    Column("record_ref", String(255)),
    _created_at(),
    UniqueConstraint("athlete_id", "source", "start_time", name="uq_sleep_periods_key"),
    Index("ix_sleep_periods_athlete_day", "athlete_id", "wake_day"),
)

signal_priorities = Table(
    "signal_priorities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("signal", String(64), nullable=False),
    Column("sources", Text, nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False, server_default=func.now()),
    UniqueConstraint("athlete_id", "signal", name="uq_signal_priorities_key"),
)

niggles = Table(
    "niggles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("day", Date, nullable=False),
    Column("location", String(64), nullable=False),
    Column("side", String(8), nullable=False),
    Column("pain_0_10", Float, nullable=False),
    Column("changes_gait", Boolean, nullable=False),
    Column("note", Text),
    _created_at(),
    Column("bone_pain", Boolean, nullable=False, server_default=false()),  # 0006: R1 item
    UniqueConstraint("athlete_id", "day", "location", "side", name="uq_niggles_key"),
    Index("ix_niggles_athlete_day", "athlete_id", "day"),
)

session_loads = Table(
    "session_loads",
    metadata,
    Column(
        "activity_id",
        Integer,
        ForeignKey("activities.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("params_key", String(64), nullable=False),
    Column("model", String(16), nullable=False),
    Column("load_au", Float),
    Column("counted_s", Float, nullable=False),
    Column("hr_coverage", Float),
    Column("trimp_au", Float),
    Column("trimp_per_h", Float),
    Column("edwards_au", Float),
    Column("lucia_au", Float),
    Column("zonal_au", Float),
    Column("hrss_au", Float),
    Column("rtss_au", Float),
    Column("ngp_speed_m_s", Float),
    Column("intensity_factor", Float),
    Column("srpe_au", Float),
    Column("grade_adjusted", Boolean, nullable=False, server_default="0"),
    Column("notes", Text, nullable=False, server_default=""),
    Column("computed_at", UTCDateTime(), nullable=False, server_default=func.now()),
    Index("ix_session_loads_athlete", "athlete_id"),
)

#: 0007: each athlete's training-load state after the last settled day (metrics.incremental),
#: so the nightly job adds days without recomputing history (``app/load_state.py``).
load_states = Table(
    "load_states",
    metadata,
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True),
    Column("first_day", Date, nullable=False),
    Column("through_day", Date, nullable=False),
    Column("days", Integer, nullable=False),
    Column("inputs_digest", String(64), nullable=False),  # app/load_state.fingerprint
    Column("params_key", String(64), nullable=False),  # the session-load parameters used
    Column("srpe_ratio", Float),  # the TSS/sRPE ratio used (RPE-only sessions), NULL = none
    Column("seed_au", Float, nullable=False),
    Column("fitness_alpha", Float, nullable=False),
    Column("fatigue_alpha", Float, nullable=False),
    Column("fitness_au", Float, nullable=False),
    Column("fatigue_au", Float, nullable=False),
    Column("window_au", LargeBinary, nullable=False),  # the last 28 daily loads, float64 LE
    Column("load_au", Float),  # the through day's values, NULL = not known (NaN)
    Column("form_au", Float),
    Column("acute_mean_7d_au", Float),
    Column("chronic_mean_28d_au", Float),
    Column("acwr_coupled", Float),
    Column("acwr_uncoupled", Float),
    Column("monotony", Float),
    Column("updated_at", UTCDateTime(), nullable=False, server_default=func.now()),
    Column("stale_reason", Text),  # 0008: an edit since it was stored; the next job rebuilds
)

#: 0010: each activity's best efforts (metrics.estimates.session_bests), so the profile's
#: estimates from the runner's own data need no stream read; ``rules`` names how they were found
#: (a change recomputes them). Columns mirror ``store/bests.BEST_COLUMNS``.
session_bests = Table(
    "session_bests",
    metadata,
    Column(
        "activity_id",
        Integer,
        ForeignKey("activities.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("rules", String(255), nullable=False),
    Column("hr_held_max_bpm", Float),  # NULL = no such effort in the session
    Column("hr_20min_bpm", Float),
    Column("hr_60min_bpm", Float),
    Column("gap_10min_m_s", Float),
    Column("gap_20min_m_s", Float),
    Column("gap_30min_m_s", Float),
    Column("gap_60min_m_s", Float),
    Column("grade_adjusted", Boolean, nullable=False, server_default="0"),
    Column("computed_at", UTCDateTime(), nullable=False, server_default=func.now()),
    Index("ix_session_bests_athlete", "athlete_id"),
)


#: 0011: each athlete's training load (the readiness inputs) over days around their last settled
#: day, valid for the ``generation`` of their activities, the session-load parameters and the
#: segment gap it was computed with (``app/load_window.py``).
load_windows = Table(
    "load_windows",
    metadata,
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True),
    Column("generation", Integer, nullable=False),
    Column("params_key", String(64), nullable=False),
    Column("segment_gap_d", Integer, nullable=False),
    Column("tracked_through", Date),  # NULL: no training (the window is empty)
    Column("start_day", Date, nullable=False),
    Column("n_days", Integer, nullable=False),
    Column("series", LargeBinary, nullable=False),  # the series, float64 little-endian, row-major
    Column("computed_at", UTCDateTime(), nullable=False, server_default=func.now()),
)
