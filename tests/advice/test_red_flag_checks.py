"""The pattern checks behind the red-flag table, one level below the rules."""

from recoverwell.advice import red_flag_checks as c
from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.advice.recovery_state import recovery_state
from tests.advice.athletes import Athlete


def _state(athlete):
    return recovery_state(athlete.signals(), ReadinessSettings()), athlete.n - 1


def test_reported_returns_the_latest_report_and_every_item_of_that_day():
    state, i = _state(Athlete().report("sudden_pop", 2).report("head_cold", 1).report("x", 1))
    assert c.reported(state, i, ("sudden_pop", "head_cold", "x"), 2) == [
        {"head_cold": 1.0, "x": 1.0, "days_ago": 1.0}
    ]
    assert c.reported(state, i, ("sudden_pop",), 1) == []


def test_illness_reads_the_illness_field_when_no_symptom_series_is_given():
    state, i = _state(Athlete().illness(days_ago=1))
    assert c.symptom(state, "illness") is not None
    assert c.illness(state, i, (), 2)[0]["illness"] == 1


def test_a_head_cold_with_feeling_ill_on_another_day_is_still_illness():
    state, i = _state(Athlete().report("head_cold").illness(days_ago=1))
    assert c.illness(state, i, (), 2)[0]["days_ago"] == 1
    assert c.head_cold(state, i, ("head_cold",), 2) == []


def test_worse_mornings_counts_strict_rises_on_consecutive_days_only():
    athlete = Athlete().niggle("calf", 1, 4).niggle("calf", 2, 3).niggle("calf", 3, 1)
    athlete.niggle("calf", 4, 0)
    state, i = _state(athlete)
    by_day = c._niggles_by_day(state)
    # day 2 ago is missing: the run of consecutive mornings is 1 ago → today
    assert c._worse_mornings(state, by_day, ("calf", "left"), i) == 2


def test_an_episode_survives_unanswered_days_up_to_a_week():
    athlete = Athlete().niggle("knee", 2, 16).niggle("knee", 2, 9).niggle("knee", 2, 2)
    athlete.niggle("knee", 2, 0)
    state, i = _state(athlete)
    start = c._episode_start(state, c._niggles_by_day(state), ("knee", "left"), i)
    assert i - start == 16
    gap = Athlete().niggle("knee", 2, 16).niggle("knee", 2, 8).niggle("knee", 2, 0)
    state, i = _state(gap)  # 8 days without an answer: today starts a new episode
    assert c._episode_start(state, c._niggles_by_day(state), ("knee", "left"), i) == i


def test_another_side_is_another_niggle():
    athlete = Athlete()
    for ago in range(20):
        athlete.niggle("calf", 2, ago, side="left" if ago % 2 else "right")
    state, i = _state(athlete)
    assert c.niggle(state, i, (), 2) == []


def test_lab_checks_compare_against_their_limits():
    state, i = _state(Athlete().value("ferritin_ng_ml", 30.0))
    assert c.lab_below(35.0)(state, i, ("ferritin_ng_ml",), 14)[0]["limit"] == 35.0
    assert c.lab_between(20.0, 30.0)(state, i, ("ferritin_ng_ml",), 14) == []
    assert c.lab_between(30.0, 40.0)(state, i, ("ferritin_ng_ml",), 14)[0]["ferritin_ng_ml"] == 30
