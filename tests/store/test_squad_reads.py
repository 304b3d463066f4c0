"""The squad reads (one query per table for many athletes) give each athlete what the
per-athlete reads give (issue 13 item 3: a coach's squad of verdicts)."""

from datetime import UTC, date, datetime

import numpy as np

from recoverwell.core.niggles import Niggle, Side
from recoverwell.core.types import Activity, Observation, SleepPeriod, Sport
from recoverwell.store.activities import insert_activity
from recoverwell.store.athletes import last_signal_day
from recoverwell.store.engine import reading, writing
from recoverwell.store.load_windows import (
    LoadWindow,
    load_generation,
    load_keys,
    put_load_window,
)
from recoverwell.store.niggles import list_niggles, niggles_by_athlete, upsert_niggle
from recoverwell.store.observations import (
    list_observations,
    observations_by_athlete,
    upsert_observations,
)
from recoverwell.store.sleep_periods import (
    list_sleep_periods,
    sleep_periods_by_athlete,
    upsert_sleep_periods,
)

D1, D2, D3 = date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3)


def _night(day: date) -> SleepPeriod:
    return SleepPeriod(
        start=datetime(day.year, day.month, day.day - 1, 22, tzinfo=UTC),
        end=datetime(day.year, day.month, day.day, 6, tzinfo=UTC),
        source="oura",
        asleep_min=440.0,
    )


def test_each_athletes_rows_come_back_as_the_per_athlete_reads_give_them(engine, two_athletes):
    a, b = (p.id for p in two_athletes)
    with writing(engine) as conn:
        upsert_observations(
            conn,
            a,
            [
                Observation(D1, "rhr_bpm", 44.0, "checkin"),
                Observation(D3, "hrv_rmssd_ms", 80.0, "oura"),
            ],
        )
        upsert_observations(conn, b, [Observation(D2, "rhr_bpm", 51.0, "garmin")])
        upsert_sleep_periods(conn, a, [(D2, _night(D2))])
        upsert_niggle(conn, b, Niggle(D2, "calf", Side.LEFT, 3, changes_gait=False))
        insert_activity(
            conn, a, Activity(datetime(2026, 11, 2, 7, tzinfo=UTC), Sport.RUNNING, 3000.0), D2
        )
    with reading(engine) as conn:
        obs = observations_by_athlete(conn, [a, b], D1, D2)  # D3 is outside
        nights = sleep_periods_by_athlete(conn, [a, b], D1, D3)
        hurts = niggles_by_athlete(conn, [a, b], D1, D3)
        keys = load_keys(conn, [a, b], 2)
        for i in (a, b):
            lean = [(o.day, o.signal, o.value, o.source, o.context) for o in obs[i]]
            full = list_observations(conn, i, None, D1, D2)
            assert lean == [(o.day, o.signal, o.value, o.source, o.context) for o in full]
            assert nights[i] == list_sleep_periods(conn, i, D1, D3)
            assert hurts[i] == list_niggles(conn, i, D1, D3)
            last_run = {a: D2, b: None}[i]  # a ran on D2; b never did
            assert keys[i] == (load_generation(conn, i), last_run, last_signal_day(conn, i), None)
    assert [o.value for o in obs[a]] == [44.0] and [o.value for o in obs[b]] == [51.0]
    assert keys[a].last_day == D2 and keys[b].last_day is None and keys[b].generation == 0
    assert (keys[a].last_signal, keys[b].last_signal) == (D3, D2)


def test_the_stored_windows_come_back_with_their_keys(engine, two_athletes):
    a, b = (p.id for p in two_athletes)
    window = LoadWindow(3, "k" * 64, 42, D2, D1, np.array([[1.0, 2.0], [np.nan, 4.0]]))
    with writing(engine) as conn:
        put_load_window(conn, a, window)
    with reading(engine) as conn:
        keys = load_keys(conn, [a, b], 2)
        alone = load_keys(conn, [a], 2)[a].window
    stored = keys[a].window
    assert stored is not None and alone is not None and keys[b].window is None
    assert (stored.generation, stored.tracked_through, stored.start_day) == (3, D2, D1)
    np.testing.assert_array_equal(stored.series, alone.series)
