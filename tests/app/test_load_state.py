import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

import recoverwell
from recoverwell.app import load_state
from recoverwell.app.demo import load_demo
from recoverwell.app.load_state import StateAction
from recoverwell.core.types import Activity, Sport

END = date(2026, 11, 22)
COMPARED = {
    "fitness_au": "fitness",
    "fatigue_au": "fatigue",
    "form_au": "form",
    "acwr_coupled": "acwr_coupled",
    "acwr_uncoupled": "acwr_uncoupled",
    "monotony": "monotony",
}


@pytest.fixture
def demo(sqlite_url):
    with recoverwell.open(sqlite_url, create=True) as ws:
        load_demo(ws, end_day=END, weeks=6)
        yield ws


def assert_matches_table(ws, update):
    """The stored state's values are the daily table's on the through day."""
    table = ws.training_table(update.through_day, update.through_day, update.athlete_id)
    (row,) = table.days
    for mine, theirs in COMPARED.items():
        expected = row.values[theirs]
        got = getattr(update, mine)
        assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(
            expected, rel=1e-9, abs=1e-9
        ), mine


def test_the_state_advances_day_by_day_to_the_tables_values_without_a_recompute(demo, monkeypatch):
    (first,) = demo.update_load_states(through=END - timedelta(days=10))
    assert first.action is StateAction.REBUILT and first.reason == "no stored state yet"
    assert first.days_added == 42 - 10
    assert_matches_table(demo, first)

    def no_recompute(*args, **kwargs):
        raise AssertionError("history was recomputed")

    monkeypatch.setattr(load_state, "initial_state", no_recompute)
    monkeypatch.setattr(load_state, "load_history", no_recompute)  # not even read
    (second,) = demo.update_load_states(through=END)
    assert second.action is StateAction.ADVANCED and second.days_added == 10
    assert second.through_day == END
    assert_matches_table(demo, second)
    (third,) = demo.update_load_states()
    assert third.action is StateAction.UP_TO_DATE and third.days_added == 0
    assert third.fitness_au == second.fitness_au


def _run(start, distance_m=10_000.0):
    return Activity(
        start_time=start,
        sport=Sport.RUNNING,
        elapsed_s=3000.0,
        moving_s=3000.0,
        distance_m=distance_m,
    )


def test_a_late_import_on_an_earlier_day_rebuilds_and_says_why(demo):
    demo.update_load_states(through=END - timedelta(days=1))
    early = datetime.combine(END - timedelta(days=20), datetime.min.time(), UTC)
    demo.add_activities([_run(early + timedelta(hours=18), 5000.0)])
    (update,) = demo.update_load_states(through=END)
    assert update.action is StateAction.REBUILT
    assert "activities up to 2026-11-21 changed" in update.reason
    assert_matches_table(demo, update)


def test_a_state_stored_past_the_asked_day_is_rebuilt_for_it(demo):
    demo.update_load_states(through=END)
    (update,) = demo.update_load_states(through=END - timedelta(days=3))
    assert update.action is StateAction.REBUILT and "after the target day" in update.reason
    assert update.through_day == END - timedelta(days=3)
    assert_matches_table(demo, update)


def test_athletes_stored_on_different_days_advance_together_each_to_its_own_table(workspace):
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    other = workspace.create_athlete(
        recoverwell.AthleteProfile(
            name="Second", timezone="Europe/Oslo", hr_max_bpm=185, threshold_pace_s_per_km=225.0
        )
    )
    other_id = other.id
    first_id = workspace.athlete().id
    base = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
    rng = np.random.default_rng(7)
    for athlete_id in (first_id, other_id):
        runs = [
            _run(base + timedelta(days=d), float(rng.uniform(6000, 20000)))
            for d in range(40)
            if rng.random() > 0.2
        ]
        workspace.add_activities(runs, athlete_id=athlete_id)
    workspace.update_load_states(through=date(2026, 3, 30), athlete_ids=[first_id])
    workspace.update_load_states(through=date(2026, 4, 2), athlete_ids=[other_id])
    updates = workspace.update_load_states(through=date(2026, 4, 8))
    assert [u.athlete_id for u in updates] == [first_id, other_id]
    assert [u.action for u in updates] == [StateAction.ADVANCED] * 2
    assert [u.days_added for u in updates] == [9, 6]
    assert all(u.fitness_au > 0 for u in updates)
    for update in updates:
        assert update.through_day == date(2026, 4, 8)
        assert_matches_table(workspace, update)


def test_an_athlete_without_training_has_no_state_and_a_cleared_one_is_dropped(workspace):
    (update,) = workspace.update_load_states()
    assert update.action is StateAction.NO_TRAINING and update.through_day is None
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    workspace.add_activities([_run(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))])
    (update,) = workspace.update_load_states()
    assert update.action is StateAction.REBUILT and update.days_added == 1
    # One day of data: the seed is its own load, so fitness = fatigue = that load and form 0.
    # 10 km in 50 min at a 4:00/km threshold: IF = 240 / 300 = 0.8; rTSS = 50/60 × 0.8² × 100.
    assert update.fitness_au == pytest.approx(50 / 60 * 0.8**2 * 100)
    assert update.fatigue_au == pytest.approx(update.fitness_au)
    assert update.form_au == 0.0
    workspace.reset_athlete_data()
    (update,) = workspace.update_load_states()
    assert update.action is StateAction.NO_TRAINING


def _daily_runs(first, last):
    midday = datetime.combine(first, datetime.min.time(), UTC) + timedelta(hours=14)
    return [_run(midday + timedelta(days=d)) for d in range((last - first).days + 1)]


def test_athletes_stored_through_one_day_but_started_on_different_days_advance_together(
    workspace,
):
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    a = workspace.athlete().id
    b = workspace.create_athlete(
        recoverwell.AthleteProfile(name="B", timezone="UTC", threshold_pace_s_per_km=250.0)
    ).id
    workspace.add_activities(_daily_runs(date(2026, 3, 1), date(2026, 3, 20)), athlete_id=a)
    workspace.add_activities(_daily_runs(date(2026, 3, 6), date(2026, 3, 20)), athlete_id=b)
    workspace.update_load_states(through=date(2026, 3, 15))
    updates = workspace.update_load_states(through=date(2026, 3, 16))
    assert [(u.action, u.days_added) for u in updates] == [(StateAction.ADVANCED, 1)] * 2
    for update in updates:
        assert_matches_table(workspace, update)


def test_a_day_before_an_athletes_first_run_keeps_its_state(workspace):
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    workspace.add_activities(_daily_runs(date(2026, 3, 11), date(2026, 3, 20)))
    workspace.update_load_states()
    (update,) = workspace.update_load_states(through=date(2026, 3, 5))
    assert update.action is StateAction.NOT_YET
    assert update.reason == "no training on or before 2026-03-05"
    (again,) = workspace.update_load_states()
    assert again.action is StateAction.UP_TO_DATE  # the stored state was left alone


def test_an_rpe_entered_afterwards_rebuilds_the_state(workspace):
    from recoverwell.app.checkin import CheckIn, record_checkin

    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    # Runs with an RPE give the athlete's TSS per sRPE unit (≥ 5 needed): 53.3 / (4 × 50 min).
    runs = [replace(r, rpe=4.0) for r in _daily_runs(date(2026, 3, 1), date(2026, 3, 10))]
    gym = Activity(
        start_time=datetime(2026, 3, 5, 20, 0, tzinfo=UTC), sport=Sport.OTHER, elapsed_s=2700.0
    )
    workspace.add_activities([*runs, gym])
    (first,) = workspace.update_load_states()
    gym_id = next(a.id for a in workspace.activities() if a.activity.sport is Sport.OTHER)
    record_checkin(workspace, CheckIn(day=date(2026, 3, 6), session_rpe={gym_id: 7.0}))
    (update,) = workspace.update_load_states()
    assert update.action is StateAction.REBUILT and "changed" in update.reason
    assert update.fitness_au != first.fitness_au
    assert_matches_table(workspace, update)


def test_one_athlete_that_cannot_be_read_does_not_stop_the_others(workspace, monkeypatch):
    from recoverwell.core.errors import MetricInputError

    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    workspace.add_activities(_daily_runs(date(2026, 3, 1), date(2026, 3, 10)))
    other = workspace.create_athlete(recoverwell.AthleteProfile(name="Broken")).id
    real = load_state.load_history

    def flaky(ws, athlete_id=None, *args):
        if athlete_id == other:
            raise MetricInputError("session day offsets must lie in 0..0")
        return real(ws, athlete_id, *args)

    monkeypatch.setattr(load_state, "load_history", flaky)
    first, broken = workspace.update_load_states()
    assert first.action is StateAction.REBUILT
    assert broken.action is StateAction.FAILED and "offsets" in broken.reason


def test_a_travellers_earlier_start_on_a_later_local_day_starts_the_series_on_the_earliest_day(
    workspace,
):
    # 20:00 UTC at UTC+5 is 01:00 on Mar 2; 23:00 UTC at UTC−5 is 18:00 on Mar 1.
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    east = replace(_run(datetime(2026, 3, 1, 20, 0, tzinfo=UTC)), utc_offset_s=5 * 3600)
    west = replace(_run(datetime(2026, 3, 1, 23, 0, tzinfo=UTC)), utc_offset_s=-5 * 3600)
    workspace.add_activities([east, west])
    table = workspace.training_table()
    assert table.first_data_day == date(2026, 3, 1)
    assert [d.sessions for d in table.days] == [1, 1]
    (update,) = workspace.update_load_states()
    assert update.action is StateAction.REBUILT and update.through_day == date(2026, 3, 2)
    assert_matches_table(workspace, update)


def test_a_young_state_is_checked_against_its_history_and_still_advanced(workspace):
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    workspace.add_activities(_daily_runs(date(2026, 3, 1), date(2026, 3, 12)))
    workspace.update_load_states(through=date(2026, 3, 10))
    (update,) = workspace.update_load_states()
    assert update.action is StateAction.ADVANCED and update.days_added == 2
    assert_matches_table(workspace, update)


def test_a_profile_change_rebuilds_the_state(demo):
    demo.update_load_states(through=END - timedelta(days=2))
    demo.update_athlete(hr_rest_bpm=52)
    (update,) = demo.update_load_states(through=END)
    assert update.action is StateAction.REBUILT and "profile" in update.reason
    assert_matches_table(demo, update)
