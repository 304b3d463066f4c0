"""app/signals.py: daily values resolved across sources by the athlete's priority."""

from datetime import UTC, date, datetime

import pytest

from recoverwell.app.signals import (
    DEFAULT_SOURCE_ORDER,
    daily_signals,
    reset_source_priority,
    resolve,
    set_source_priority,
    sleep_observations,
    source_priority,
    source_rank,
)
from recoverwell.core.errors import InvalidValue
from recoverwell.core.types import Observation, SleepPeriod
from recoverwell.store.engine import writing
from recoverwell.store.observations import upsert_observations

DAY = date(2024, 6, 14)


def obs(signal, value, source, context=""):
    return Observation(DAY, signal, value, source, context, record_ref=f"{source}.csv:2")


def test_default_order_prefers_the_checkin_then_wearables():
    values = resolve(
        [
            obs("rhr_bpm", 50, "apple_health:Watch"),
            obs("rhr_bpm", 44, "garmin"),
            obs("rhr_bpm", 47, "checkin"),
        ],
        {},
    )
    (rhr,) = values
    assert (rhr.value, rhr.source) == (47, "checkin")
    assert [a.source for a in rhr.alternatives] == ["garmin", "apple_health:Watch"]
    assert DEFAULT_SOURCE_ORDER[0] == "checkin"


def test_windows_are_never_resolved_against_each_other():
    values = resolve(
        [
            obs("hrv_rmssd_ms", 70, "garmin", "overnight"),
            obs("hrv_rmssd_ms", 55, "hrv4training", "morning_spot"),
        ],
        {},
    )
    assert {(v.context, v.value) for v in values} == {("overnight", 70), ("morning_spot", 55)}
    assert all(v.alternatives == () for v in values)


def test_athlete_order_beats_the_default_and_vendor_prefixes_match():
    order = {"hrv_sdnn_ms": ("apple_health:Welltory",), "*": ("apple_health", "garmin")}
    sdnn = resolve(
        [
            obs("hrv_sdnn_ms", 60, "apple_health:Watch"),
            obs("hrv_sdnn_ms", 72, "apple_health:Welltory"),
        ],
        order,
    )
    assert sdnn[0].source == "apple_health:Welltory"
    rhr = resolve([obs("rhr_bpm", 44, "garmin"), obs("rhr_bpm", 46, "apple_health:Watch")], order)
    assert rhr[0].source == "apple_health:Watch"
    assert source_rank("unknown_app", ()) > source_rank("strava", ())


def test_sleep_periods_give_daily_sleep_signals_with_naps_apart():
    t = datetime(2024, 6, 13, 22, tzinfo=UTC)
    night = SleepPeriod(
        t,
        t.replace(day=14, hour=6),
        "oura",
        asleep_min=420,
        in_bed_min=480,
        deep_min=80,
        awakenings=2,
        score=81,
        record_ref="sleepmodel.csv:2",
    )
    nap = SleepPeriod(
        t.replace(day=14, hour=14), t.replace(day=14, hour=14, minute=30), "oura", is_nap=True
    )
    got = {o.signal: o.value for o in sleep_observations([(DAY, night), (DAY, nap)])}
    assert got["sleep_total_min"] == 420 and got["sleep_in_bed_min"] == 480
    assert got["sleep_efficiency_pct"] == pytest.approx(420 / 480 * 100)
    assert got["nap_min"] == 30 and got["sleep_awakenings"] == 2 and got["sleep_score"] == 81
    assert "sleep_rem_min" not in got


def test_priorities_are_stored_per_athlete_and_used_by_daily_signals(workspace):
    athlete = workspace.athlete().id
    with writing(workspace.engine) as conn:
        upsert_observations(
            conn, athlete, [obs("rhr_bpm", 44, "garmin"), obs("rhr_bpm", 47, "oura")]
        )
    assert daily_signals(workspace.athlete_scope(), DAY, DAY)[0].source == "garmin"
    assert set_source_priority(workspace.athlete_scope(), "rhr_bpm", ["oura", "garmin"]) == {
        "rhr_bpm": ("oura", "garmin")
    }
    (rhr,) = daily_signals(workspace.athlete_scope(), DAY, DAY)
    assert (rhr.source, rhr.value, rhr.alternatives[0].value) == ("oura", 47, 44)
    set_source_priority(workspace.athlete_scope(), "rhr_bpm", [])
    assert source_priority(workspace.athlete_scope()) == {}
    with pytest.raises(InvalidValue, match="not a known signal"):
        set_source_priority(workspace.athlete_scope(), "hrv_magic", ["oura"])
    with pytest.raises(InvalidValue, match="twice"):
        set_source_priority(workspace.athlete_scope(), "*", ["oura", "oura"])


def test_an_unknown_source_is_refused_and_known_ones_are_kept(workspace):
    athlete = workspace.athlete().id
    with writing(workspace.engine) as conn:
        upsert_observations(conn, athlete, [obs("rhr_bpm", 44, "my_sheet")])
    with pytest.raises(InvalidValue, match=r"'ouraa'.*not a known source"):
        set_source_priority(workspace.athlete_scope(), "rhr_bpm", ["garmin", "ouraa"])
    assert source_priority(workspace.athlete_scope()) == {}  # nothing half-written
    # a vendor, a vendor's app (Apple Health keeps the app's name), a source of the athlete's data
    order = ["apple_health:Welltory", "my_sheet", "oura"]
    assert set_source_priority(workspace.athlete_scope(), "rhr_bpm", order) == {
        "rhr_bpm": tuple(order)
    }


def test_reset_alone_forgets_every_order(workspace):
    set_source_priority(workspace.athlete_scope(), "rhr_bpm", ["oura", "garmin"])
    set_source_priority(workspace.athlete_scope(), "*", ["whoop"])
    reset_source_priority(workspace.athlete_scope())
    assert source_priority(workspace.athlete_scope()) == {}
