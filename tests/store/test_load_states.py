import math
from datetime import date

import pytest

from recoverwell.store.engine import reading, writing
from recoverwell.store.load_states import (
    MORE_EDITS,
    STALE_REASON_MAX_CHARS,
    drop_load_state,
    get_load_states,
    mark_load_state_stale,
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


def test_load_rows_are_each_activity_with_its_cached_values_by_day_then_id(workspace):
    from datetime import UTC, datetime

    from recoverwell.core.types import Activity, Sport
    from recoverwell.store.load_states import LoadRow, load_rows
    from recoverwell.store.loads import replace_session_loads

    athlete_id = workspace.athlete().id
    late = Activity(datetime(2026, 3, 3, 15, tzinfo=UTC), Sport.RUNNING, 3000.0)
    early = Activity(datetime(2026, 3, 2, 15, tzinfo=UTC), Sport.RUNNING, 3000.0)
    late_id, early_id = workspace.add_activities([late, early])
    values = {"model": "hrss", "load_au": 60.0, "counted_s": 3000.0, "hrss_au": 60.0}
    with writing(workspace.engine) as conn:
        replace_session_loads(conn, athlete_id, [(early_id, values | {"params_key": "k"})])
    with reading(workspace.engine) as conn:
        rows = load_rows(conn, athlete_id, "k")
        other_key = load_rows(conn, athlete_id, "other")
    assert rows == [
        LoadRow(date(2026, 3, 2), early_id, 60.0, None, None, True),
        LoadRow(date(2026, 3, 3), late_id, None, None, None, False),  # not cached yet
    ]
    assert [r.cached for r in other_key] == [False, False]  # rows of other parameters: stale


def test_an_edit_marks_the_state_stale_with_every_reason_until_it_is_stored_again(workspace):
    athlete_id = workspace.athlete().id
    with writing(workspace.engine) as conn:
        assert not mark_load_state_stale(conn, athlete_id, "activity 1 was deleted")  # none yet
        put_load_state(conn, athlete_id, _row())
        assert mark_load_state_stale(conn, athlete_id, "activity 1 was deleted")
        mark_load_state_stale(conn, athlete_id, "activity 2 was edited: RPE 6")
        mark_load_state_stale(conn, athlete_id, "activity 2 was edited: RPE 6")  # said once
    with reading(workspace.engine) as conn:
        row = get_load_states(conn)[athlete_id]
    assert row["stale_reason"] == "activity 1 was deleted; activity 2 was edited: RPE 6"
    with writing(workspace.engine) as conn:
        for i in range(20):  # a long session of edits is cut, saying so
            mark_load_state_stale(conn, athlete_id, f"activity {i} was edited: renamed")
        long = get_load_states(conn)[athlete_id]["stale_reason"]
        assert long.endswith(MORE_EDITS) and len(long) <= STALE_REASON_MAX_CHARS + len(MORE_EDITS)
        put_load_state(conn, athlete_id, _row(stale_reason=None))  # the job stored it again
        assert get_load_states(conn)[athlete_id]["stale_reason"] is None


def test_load_rows_leave_out_excluded_sessions(workspace):
    from datetime import UTC, datetime

    import recoverwell
    from recoverwell.store.load_states import load_rows

    start = datetime(2026, 5, 4, 12, tzinfo=UTC)
    run = recoverwell.Activity(start, recoverwell.Sport.RUNNING, 3600.0)
    bogus = recoverwell.Activity(start.replace(hour=18), recoverwell.Sport.RUNNING, 2700.0,
                                 excluded="1:23/mi for 45 minutes")  # fmt: skip
    counted, _ = workspace.add_activities([run, bogus])
    with reading(workspace.engine) as conn:
        rows = load_rows(conn, workspace.athlete().id, "k")
    assert [r.activity_id for r in rows] == [counted]
