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
from recoverwell.store.engine import writing

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
    first_id = workspace.athlete().id
    other = workspace.create_athlete(
        recoverwell.AthleteProfile(
            name="Second", timezone="Europe/Oslo", hr_max_bpm=185, threshold_pace_s_per_km=225.0
        )
    )
    other_id = other.id
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
    record_checkin(
        workspace.athlete_scope(), CheckIn(day=date(2026, 3, 6), session_rpe={gym_id: 7.0})
    )
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

    def flaky(scope, *args):
        if scope.athlete_id == other:
            raise MetricInputError("session day offsets must lie in 0..0")
        return real(scope, *args)

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


def _gym(day, rpe):
    start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=19)
    return Activity(start_time=start, sport=Sport.OTHER, elapsed_s=2400.0, rpe=rpe)


def _runs_with_rpe(first, last, rpe=5.0):
    return [replace(r, rpe=rpe) for r in _daily_runs(first, last)]


@pytest.fixture
def month(workspace):
    """30 days of daily runs (10 km in 50 min at a 4:00/km threshold: rTSS 53.3) with RPE 5."""
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    workspace.add_activities(_runs_with_rpe(date(2026, 3, 1), date(2026, 3, 30)))
    (update,) = workspace.update_load_states()
    assert update.action is StateAction.REBUILT and update.days_added == 30
    return workspace


def test_a_new_days_rpe_only_session_gets_its_load_from_the_ratio(month):
    # ratio = 53.3 / (5 × 50) = 0.2133 TSS per sRPE unit; the gym: 7 × 40 min × 0.2133 = 59.7
    month.add_activities([_gym(date(2026, 3, 31), 7.0)])
    month.add_activities(_runs_with_rpe(date(2026, 4, 1), date(2026, 4, 1)))
    (update,) = month.update_load_states()
    assert update.action is StateAction.ADVANCED and update.days_added == 2
    (gym_day,) = month.training_table(date(2026, 3, 31), date(2026, 3, 31)).days
    assert gym_day.load_au == pytest.approx(7 * 40 * (50 / 60 * 0.8**2 * 100) / (5 * 50))
    assert_matches_table(month, update)


def test_a_ratio_that_moves_under_an_rpe_only_session_rebuilds(workspace):
    # 4 runs with an RPE: no ratio yet (5 needed), so the gym session on day 5 has no load;
    # a 5th run with an RPE makes the ratio known, and day 5's load with it.
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    runs = _daily_runs(date(2026, 3, 1), date(2026, 3, 30))
    runs = [replace(r, rpe=5.0) if i < 4 else r for i, r in enumerate(runs)]
    workspace.add_activities([*runs, _gym(date(2026, 3, 5), 8.0)])
    workspace.update_load_states()
    workspace.add_activities(_runs_with_rpe(date(2026, 3, 31), date(2026, 3, 31)))
    (update,) = workspace.update_load_states()
    assert update.action is StateAction.REBUILT and "ratio" in update.reason
    assert_matches_table(workspace, update)


def test_a_run_moved_to_another_day_under_the_same_id_is_seen(month):
    # SQLite gives a deleted newest id to the next row: only the day tells the two apart.
    from recoverwell.store.activities import delete_activity

    newest = month.activities()[-1]
    with writing(month.engine) as conn:
        delete_activity(conn, month.athlete().id, newest.id)
    earlier = newest.activity.start_time - timedelta(hours=9)  # the evening before, in Denver
    month.add_activities([replace(newest.activity, start_time=earlier)])
    (update,) = month.update_load_states()
    assert update.action is StateAction.REBUILT
    assert_matches_table(month, update)


def test_swapped_rpes_that_sum_the_same_are_seen(month):
    from recoverwell.store.activities import set_activity_rpe

    month.add_activities([_gym(date(2026, 3, 10), 3.0), _gym(date(2026, 3, 12), 9.0)])
    month.update_load_states()
    gyms = [a for a in month.activities() if a.activity.sport is Sport.OTHER]
    with writing(month.engine) as conn:
        set_activity_rpe(conn, month.athlete().id, gyms[0].id, 9.0)
        set_activity_rpe(conn, month.athlete().id, gyms[1].id, 3.0)
    (update,) = month.update_load_states()
    assert update.action is StateAction.REBUILT and "changed" in update.reason
    assert_matches_table(month, update)


def test_a_settled_day_that_moves_back_rebuilds(month):
    # A reading on Apr 2 makes Mar 31 and Apr 1 rest days; without it they have no data again.
    from recoverwell.core.types import Observation

    month.add_observations([Observation(date(2026, 4, 2), "rhr_bpm", 45.0, "test")])
    (rested,) = month.update_load_states()
    assert rested.through_day == date(2026, 4, 1) and rested.days_added == 2
    month.reset_athlete_data()
    month.add_activities(_runs_with_rpe(date(2026, 3, 1), date(2026, 3, 30)))
    (update,) = month.update_load_states()
    assert update.action is StateAction.REBUILT and update.through_day == date(2026, 3, 30)
    assert_matches_table(month, update)


# --- training segments (issue 11 item 9): a gap of more than 42 days starts history again ---

OLD_RUN = date(2019, 6, 3)
GAP_BATCHES = {
    "old": [OLD_RUN],
    "month": [date(2026, 3, 1) + timedelta(days=d) for d in range(30)],
    "week": [date(2026, 3, 31) + timedelta(days=d) for d in range(7)],
    # every 40 days from the old run: no gap is longer than 42 days any more, one segment
    "filler": [
        OLD_RUN + timedelta(days=d) for d in range(40, (date(2026, 3, 1) - OLD_RUN).days, 40)
    ],
}


def _import(ws, name):
    ws.add_activities(
        [
            _run(datetime.combine(d, datetime.min.time(), UTC) + timedelta(hours=14))
            for d in GAP_BATCHES[name]
        ]
    )


@pytest.mark.parametrize(
    "order",
    [
        ("old", "month", "week"),  # the new segment begins in a nightly run's new days
        ("month", "old", "week"),  # an old file under a stored state: nothing it shows changes
        ("month", "week", "old"),
        ("old", "month", "filler", "week"),  # a gap filled afterwards: back to one segment
        ("month", "filler", "old", "week"),
    ],
)
def test_after_a_long_gap_the_nightly_state_is_the_tables_after_any_import_order(workspace, order):
    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    updates = []
    for name in order:
        _import(workspace, name)
        (update,) = workspace.update_load_states()
        assert_matches_table(workspace, update)
        updates.append(update)
    segments = workspace.training_table().segments
    assert len(segments) == (1 if "filler" in order else 2)
    assert updates[-1].through_day == date(2026, 4, 6)
    if "filler" not in order:  # the 2026 segment alone, whatever came before it: 37 days
        assert segments[-1].start == date(2026, 3, 1)
        # 10 km in 50 min every day at a 4:00/km threshold: rTSS 53.3, the seed; fitness and
        # fatigue stay there, form 0
        assert updates[-1].fitness_au == pytest.approx(50 / 60 * 0.8**2 * 100)
        assert updates[-1].form_au == pytest.approx(0.0, abs=1e-9)
    if order[:2] == ("old", "month"):
        assert updates[1].action is StateAction.REBUILT
        assert updates[1].reason == "its training segment now starts on 2026-03-01"
    if order[:2] == ("month", "old"):
        assert updates[1].action is StateAction.REBUILT  # the inputs changed, the values not
        assert updates[1].fitness_au == pytest.approx(updates[0].fitness_au, rel=1e-12)


def test_tracked_rest_that_becomes_a_gap_rebuilds_the_state(workspace):
    from recoverwell.core.types import Observation

    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    workspace.add_activities(_daily_runs(date(2026, 1, 1), date(2026, 1, 10)))
    mornings = [date(2026, 1, 11) + timedelta(days=d) for d in range(51)]  # through Mar 2
    workspace.add_observations([Observation(d, "rhr_bpm", 45.0, "test") for d in mornings])
    (rested,) = workspace.update_load_states()
    assert rested.through_day == date(2026, 3, 1) and rested.fitness_au > 0  # 50 rest days
    assert_matches_table(workspace, rested)
    # a run on Mar 2 after 50 days without one: those days were a gap, not rest
    workspace.add_activities(_daily_runs(date(2026, 3, 2), date(2026, 3, 2)))
    (update,) = workspace.update_load_states()
    assert update.action is StateAction.REBUILT
    assert update.reason == "its training segment now starts on 2026-03-02"
    assert update.days_added == 1 and update.form_au == 0.0
    assert_matches_table(workspace, update)
    rest_day = workspace.training_table(date(2026, 2, 1), date(2026, 2, 1)).days[0]
    assert math.isnan(rest_day.load_au)


def test_an_edit_or_a_delete_rebuilds_the_next_job_saying_what_was_done_issue_11(demo):
    from recoverwell.app.activity_fixes import ActivityEdit

    (first,) = demo.update_load_states()
    assert first.action is StateAction.REBUILT
    run = demo.activities()[5]
    demo.edit_activity(run.id, ActivityEdit(exclude="strap on the dog"))
    (update,) = demo.update_load_states()
    when = run.local_date.isoformat()
    assert update.action is StateAction.REBUILT
    assert (
        update.reason
        == f"activity {run.id} (running on {when}) was edited: excluded (strap on the dog)"
    )
    assert_matches_table(demo, update)  # the excluded run counts as no session in both
    assert update.fitness_au != first.fitness_au
    (again,) = demo.update_load_states()
    assert again.action is StateAction.UP_TO_DATE  # the stored state holds again
    # an edit that changes no load (a name) still rebuilds: every edit does
    other = demo.activities()[6]
    demo.edit_activity(other.id, ActivityEdit(name="Tempo"))
    demo.delete_activity(run.id)
    (update,) = demo.update_load_states()
    assert update.action is StateAction.REBUILT
    assert update.reason.endswith(f"activity {run.id} (running on {when}) was deleted")
    assert "was edited: renamed" in update.reason
    assert_matches_table(demo, update)


def test_a_session_whose_load_cannot_be_computed_does_not_fail_its_athlete_issue_11(
    workspace, monkeypatch
):
    from recoverwell.app import session_loads
    from recoverwell.core.errors import MetricInputError

    workspace.update_athlete(threshold_pace_s_per_km=240.0)
    runs = _daily_runs(date(2026, 3, 1), date(2026, 3, 10))
    workspace.add_activities(runs)
    real = session_loads.session_load

    def failing(activity, params):
        if activity.start_time == runs[4].start_time:
            raise MetricInputError("time_s must not go backwards")
        return real(activity, params)

    monkeypatch.setattr(session_loads, "session_load", failing)
    (update,) = workspace.update_load_states()
    assert update.action is StateAction.REBUILT and update.through_day == date(2026, 3, 10)
    assert_matches_table(workspace, update)
