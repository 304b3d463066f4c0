"""The stored load window gives the verdict exactly what the whole history gives, and is
computed again whenever what it was computed from changed (issue 13 item 3)."""

import json
import math
from datetime import UTC, date, datetime, timedelta

import pytest

import recoverwell
from recoverwell.app import load_window, verdict
from recoverwell.app.activity_fixes import ActivityEdit
from recoverwell.app.contract.values import jsonable
from recoverwell.app.demo import load_demo
from recoverwell.app.training import load_arrays, training_table
from recoverwell.core.config import load_settings
from recoverwell.core.types import Activity, Observation, Sport

END = date(2026, 11, 22)


@pytest.fixture
def demo(db_url):
    with recoverwell.open(db_url, create=True) as ws:
        load_demo(ws, end_day=END, weeks=8)
        yield ws


def _full(scope, day):
    """The verdict with its load from the whole history, as before the window was stored."""
    start = day - timedelta(days=verdict.HISTORY_D - 1)
    load = load_arrays(training_table(scope, start, day), start, day)
    return _text(verdict.readiness(scope, day, load=load))


def _text(readiness):
    return json.dumps(jsonable(readiness), sort_keys=True)


def _same(mine, theirs):
    """The same verdict: every word, level and count equal, every number to 1e-12. (The EWMA
    kernel's closed form and its NaN-aware loop round the last bit differently, and a table
    computed through a later day takes the loop: ``metrics.kernels._ewma_1d``.)"""
    a, b = json.loads(mine), json.loads(theirs)

    def walk(x, y, where):
        if isinstance(x, float) and isinstance(y, float):
            assert math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-12), where
        elif isinstance(x, dict) and isinstance(y, dict):
            assert x.keys() == y.keys(), where
            for k in x:
                walk(x[k], y[k], f"{where}.{k}")
        elif isinstance(x, list) and isinstance(y, list):
            assert len(x) == len(y), where
            for i, (u, v) in enumerate(zip(x, y, strict=True)):
                walk(u, v, f"{where}[{i}]")
        else:
            assert x == y, where

    walk(a, b, "verdict")
    return True


@pytest.fixture
def history_reads(monkeypatch):
    calls = []
    real = load_window.load_history

    def counting(scope, *args, **kwargs):
        calls.append(scope.athlete_id)
        return real(scope, *args, **kwargs)

    monkeypatch.setattr(load_window, "load_history", counting)
    return calls


def test_the_verdict_from_the_window_is_the_one_from_the_history(demo, history_reads):
    scope = demo.athlete_scope()
    for day in (END - timedelta(days=30), END - timedelta(days=3), END, END + timedelta(days=9)):
        assert _same(_text(verdict.readiness(scope, day)), _full(scope, day))
    assert len(history_reads) == 1  # the first verdict stored the window; the others read it
    again = demo.athlete_scope()  # a new command: the stored window, not the history
    assert _same(_text(verdict.readiness(again, END)), _full(again, END))
    assert len(history_reads) == 1


def test_a_day_outside_the_window_reads_the_history(demo, history_reads):
    scope = demo.athlete_scope()
    verdict.readiness(scope, END)
    far = END + timedelta(days=load_window.DAYS_AFTER + 5)
    assert _same(_text(verdict.readiness(scope, far)), _full(scope, far))
    assert len(history_reads) == 2


def _run(day: date, minutes: float = 50.0) -> Activity:
    start = datetime(day.year, day.month, day.day, 7, 0, tzinfo=UTC)
    return Activity(
        start_time=start, sport=Sport.RUNNING, elapsed_s=minutes * 60, distance_m=minutes * 200,
        avg_hr_bpm=150.0, source_format="manual", rpe=5.0,
    )  # fmt: skip


def _changes(ws):
    """Each kind of change that moves the load, and what it does."""
    scope = ws.athlete_scope()
    some = scope.activities(END - timedelta(days=20), END - timedelta(days=14))[0].id
    return {
        "a late import": lambda: ws.add_activities([_run(END - timedelta(days=12))]),
        "an edit": lambda: ws.edit_activity(some, ActivityEdit(exclude="treadmill belt slipped")),
        "a deletion": lambda: ws.delete_activity(some),
        "a profile value": lambda: ws.update_athlete(lthr_bpm=171.0, hr_max_bpm=197.0),
        "a reading that settles a rest day": lambda: ws.add_observations(
            [
                Observation(
                    day=END + timedelta(days=3), signal="rhr_bpm", value=45.0, source="checkin"
                )
            ]
        ),
    }


@pytest.mark.parametrize(
    "change",
    ["a late import", "an edit", "a deletion", "a profile value",
     "a reading that settles a rest day"],
)  # fmt: skip
def test_every_change_to_what_it_was_computed_from_reads_the_history_again(
    demo, history_reads, change
):
    day = END
    before = _text(verdict.readiness(demo.athlete_scope(), day))
    _changes(demo)[change]()
    scope = demo.athlete_scope()
    after = _text(verdict.readiness(scope, day))
    assert len(history_reads) == 2, "the stored window was used after " + change
    assert _same(after, _full(scope, day))
    if change in ("a late import", "an edit", "a deletion"):  # the load itself moved
        assert after != before


def test_another_segment_gap_setting_reads_the_history_again(demo, history_reads):
    verdict.readiness(demo.athlete_scope(), END)
    settings = load_settings(db=demo.url)
    with recoverwell.open(
        demo.url, settings=settings.model_copy(update={"segment_gap_d": 10})
    ) as other:
        scope = other.athlete_scope()
        assert _same(_text(verdict.readiness(scope, END)), _full(scope, END))
    assert len(history_reads) == 2


def test_an_athlete_without_training_has_no_load_and_the_window_says_so(db_url, history_reads):
    with recoverwell.open(db_url, create=True) as ws:
        ws.create_athlete(recoverwell.AthleteProfile(name="New"))
        scope = ws.athlete_scope()
        assert load_window.window_load(scope, END - timedelta(days=89), END) is None
        assert load_window.window_load(scope, END - timedelta(days=89), END) is None
        assert len(history_reads) == 1
        ws.add_activities([_run(END - timedelta(days=1))])
        assert load_window.window_load(scope, END - timedelta(days=89), END) is not None
        assert len(history_reads) == 2
