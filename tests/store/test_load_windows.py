from datetime import UTC, date, datetime

import numpy as np
import pytest

import recoverwell
from recoverwell.core.types import Activity, Sport
from recoverwell.store.activities import delete_activity, insert_activity, set_activity_rpe
from recoverwell.store.engine import reading, writing
from recoverwell.store.load_windows import (
    LoadWindow,
    load_generation,
    load_keys,
    put_load_window,
)

DAY = date(2026, 11, 2)


def _run(day: date) -> Activity:
    start = datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
    return Activity(start_time=start, sport=Sport.RUNNING, elapsed_s=3000.0, source_format="fit")


def test_every_write_to_an_athletes_activities_moves_their_generation(workspace):
    """The triggers of migration 0011 (SQLite and PostgreSQL): insert, update, delete."""
    me = workspace.athlete().id
    other = workspace.create_athlete(recoverwell.AthleteProfile(name="Other")).id

    def generations():
        with reading(workspace.engine) as conn:
            return load_generation(conn, me), load_generation(conn, other)

    assert generations() == (0, 0)
    with writing(workspace.engine) as conn:
        first = insert_activity(conn, me, _run(DAY), DAY)
    inserted = generations()
    assert inserted[0] > 0 and inserted[1] == 0
    with writing(workspace.engine) as conn:
        set_activity_rpe(conn, me, first, 6.0)  # an update, whoever makes it
    updated = generations()
    assert updated[0] > inserted[0] and updated[1] == 0
    with writing(workspace.engine) as conn:
        delete_activity(conn, me, first)
    deleted = generations()
    assert deleted[0] > updated[0] and deleted[1] == 0
    workspace.remove_athlete(other)  # the cascade's deletes touch a row being deleted: no error


def test_the_last_counted_day_leaves_excluded_sessions_out(workspace):
    me = workspace.athlete().id
    workspace.add_activities([_run(DAY), _run(date(2026, 11, 5))])
    later = workspace.activities(date(2026, 11, 5), date(2026, 11, 5))[0].id
    with reading(workspace.engine) as conn:
        assert load_keys(conn, [me], 2)[me].last_day == date(2026, 11, 5)
    from recoverwell.app.activity_fixes import ActivityEdit

    workspace.edit_activity(later, ActivityEdit(exclude="watch left on in the car"))
    with reading(workspace.engine) as conn:
        assert load_keys(conn, [me], 2)[me].last_day == DAY


def test_a_window_is_stored_whole_and_replaced(workspace):
    me = workspace.athlete().id
    series = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, 6.0]])
    window = LoadWindow(7, "k" * 64, 42, DAY, date(2026, 10, 31), series)
    with writing(workspace.engine) as conn:
        put_load_window(conn, me, window)
        put_load_window(conn, me, window)  # replaced, not duplicated
    with reading(workspace.engine) as conn:
        got = load_keys(conn, [me], 2)[me].window
        assert load_keys(conn, [me], 3)[me].window is None  # another layout: not usable
    assert got is not None and (got.generation, got.segment_gap_d, got.n_days) == (7, 42, 3)
    assert got.tracked_through == DAY and got.start_day == date(2026, 10, 31)
    np.testing.assert_array_equal(got.series, series)
    with pytest.raises(AssertionError):
        np.testing.assert_array_equal(got.series, series + 1)
