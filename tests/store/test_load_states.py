import math
from datetime import date

import pytest

from recoverwell.store.engine import reading, writing
from recoverwell.store.load_states import (
    drop_load_state,
    get_load_states,
    pack_window,
    put_load_state,
    unpack_window,
)


def test_window_bytes_round_trip_with_nan():
    window = (1.5, math.nan, 0.0, 120.25)
    back = unpack_window(pack_window(window))
    assert len(pack_window(window)) == 4 * 8  # float64, little-endian
    assert back[0] == 1.5 and math.isnan(back[1]) and back[2:] == (0.0, 120.25)


def _row(**changes):
    row = {
        "first_day": date(2026, 1, 1),
        "through_day": date(2026, 2, 1),
        "days": 32,
        "inputs_digest": "a" * 64,
        "params_key": "b" * 64,
        "srpe_ratio": None,
        "seed_au": 60.0,
        "fitness_alpha": 0.0235,
        "fatigue_alpha": 0.1331,
        "fitness_au": 61.0,
        "fatigue_au": 70.5,
        "window_au": pack_window([math.nan] * 27 + [80.0]),
        "load_au": 80.0,
        "form_au": -9.5,
        "acute_mean_7d_au": math.nan,
        "chronic_mean_28d_au": math.nan,
        "acwr_coupled": math.nan,
        "acwr_uncoupled": math.nan,
        "monotony": 1.25,
    }
    return row | changes


def test_a_state_is_stored_replaced_and_dropped_per_athlete(workspace):
    athlete_id = workspace.athlete().id
    with writing(workspace.engine) as conn:
        put_load_state(conn, athlete_id, _row())
        put_load_state(conn, athlete_id, _row(fitness_au=62.0))  # replaces
    with reading(workspace.engine) as conn:
        stored = get_load_states(conn)
        assert get_load_states(conn, [athlete_id + 1]) == {}
    row = stored[athlete_id]
    assert row["fitness_au"] == 62.0 and row["through_day"] == date(2026, 2, 1)
    assert math.isnan(row["acwr_coupled"]) and row["monotony"] == pytest.approx(1.25)
    assert unpack_window(row["window_au"])[-1] == 80.0
    with writing(workspace.engine) as conn:
        assert drop_load_state(conn, athlete_id) is True
        assert drop_load_state(conn, athlete_id) is False


def test_the_fingerprint_changes_with_what_the_daily_loads_are_made_of(workspace):
    from datetime import UTC, datetime

    from recoverwell.core.types import Activity, Sport
    from recoverwell.store.load_states import inputs_fingerprint
    from recoverwell.store.wellness import set_activity_rpe

    athlete_id = workspace.athlete().id
    run = Activity(datetime(2026, 3, 2, 15, tzinfo=UTC), Sport.RUNNING, 3000.0, distance_m=1e4)

    def key(day=date(2026, 3, 5)):
        with reading(workspace.engine) as conn:
            return inputs_fingerprint(conn, athlete_id, day)

    empty = key()
    assert empty.srpe_sessions == 0
    (run_id,) = workspace.add_activities([run])
    one = key()
    assert one != empty and key(date(2026, 3, 1)) == empty  # a later day is not counted
    with writing(workspace.engine) as conn:
        set_activity_rpe(conn, athlete_id, run_id, 5.0)
    assert key() != one
    assert key() == key()  # nothing else moves it
