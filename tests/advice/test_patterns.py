"""Pattern rules: domain flags, the §0 fusion (downgrade), and what counts as sustained."""

import pytest

from recoverwell.advice.components import Domain, Status, compose
from recoverwell.advice.findings import Severity
from recoverwell.advice.patterns import evaluate
from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.advice.recovery_state import recovery_state
from tests.advice.athletes import Athlete


def _evaluate(athlete):
    s = ReadinessSettings()
    state = recovery_state(athlete.signals(), s)
    i = athlete.n - 1
    return evaluate(state, i, compose(state, i, s), s)


def _severity(result, rule_id):
    return next(f.severity for f in result.findings if f.rule_id == rule_id)


def test_a_usual_day_flags_nothing():
    result = _evaluate(Athlete())
    assert result.findings == ()
    assert result.flags.flagged == frozenset()


def test_an_objective_caution_alone_is_shown_as_a_nudge():
    result = _evaluate(Athlete().sleep(380, days=7))
    assert result.flags.flagged == {Domain.SLEEP}
    assert _severity(result, "sleep_short_week") is Severity.NUDGE


def test_it_stays_a_caution_when_a_second_domain_agrees():
    result = _evaluate(Athlete().sleep(380, days=7).item("fatigue", 6))
    assert result.flags.flagged == {Domain.SLEEP, Domain.SUBJECTIVE}
    assert _severity(result, "sleep_short_week") is Severity.CAUTION


def test_acute_flags_are_not_sustained_so_no_accumulated_fatigue():
    """One short night and one bad morning: two domains flagged, neither sustained."""
    result = _evaluate(Athlete().sleep(330).item("fatigue", 6))
    assert result.flags.flagged == {Domain.SLEEP, Domain.SUBJECTIVE}
    assert result.flags.sustained == frozenset()
    assert "accumulated_fatigue" not in {f.rule_id for f in result.findings}


def test_a_subjective_caution_stands_on_its_own():
    result = _evaluate(Athlete().item("fatigue", 6, days=4))
    assert result.flags.flagged == {Domain.SUBJECTIVE}
    assert _severity(result, "wellness_worse_3_days") is Severity.CAUTION


def test_a_sustained_rhr_rise_is_a_caution_only_with_a_worse_check_in():
    alone = _evaluate(Athlete().rhr_up(6, days=7))
    assert _severity(alone, "rhr_sustained_rise") is Severity.NUDGE
    with_fatigue = _evaluate(Athlete().rhr_up(6, days=7).item("fatigue", 5, days=7))
    assert _severity(with_fatigue, "rhr_sustained_rise") is Severity.CAUTION


def test_a_load_jump_with_soreness_above_usual_stays_a_caution():
    """docs/science.md L2: combine a load jump with wellness/soreness before CAUTION; the rule is
    that combination. Soreness 4/7 is +1.39 SD on its 28-day normal (SD √(14/27) = 0.72),
    while the Hooper index (12 vs 11, SD 1.44: +0.69) does not flag the subjective domain."""
    result = _evaluate(Athlete().load(acwr=1.6).item("soreness", 4))
    assert result.flags.flagged == {Domain.LOAD}
    assert _severity(result, "load_jump_with_soreness") is Severity.CAUTION
    assert _severity(result, "load_large_jump") is Severity.NUDGE


def _ids(result):
    return {f.rule_id for f in result.findings}


def test_after_a_break_of_a_week_or_more_the_ratio_is_not_read_for_three_weeks():
    """docs/science.md L7: after ≥ 7 days off ACWR reads artificially high (10 days off, back for
    5 days at the old volume: acute 5/7 of it, chronic 18/28 → 1.11, and higher for a fuller
    return); the verdict says so instead of calling it a jump."""
    result = _evaluate(Athlete().load(acwr=1.6).back_from_break(10, ended_days_ago=5))
    assert "load_large_jump" not in _ids(result)
    assert _severity(result, "return_after_break") is Severity.NUDGE
    back = next(f for f in result.findings if f.rule_id == "return_after_break")
    assert back.evidence == {"break_d": 10.0}
    assert Domain.LOAD not in result.flags.flagged


def test_a_break_ended_more_than_three_weeks_ago_or_shorter_than_a_week_changes_nothing():
    # The return is the first trained day after the break, ``ended_days_ago − 1`` days before
    # today; it counts on the 21 mornings after it: ended 22 days ago → back 21 days ago (in),
    # ended 23 days ago → back 22 days ago (out).
    long_ago = _evaluate(Athlete().load(acwr=1.6).back_from_break(10, ended_days_ago=23))
    assert "load_large_jump" in _ids(long_ago) and "return_after_break" not in _ids(long_ago)
    edge = _evaluate(Athlete().load(acwr=1.6).back_from_break(10, ended_days_ago=22))
    assert "return_after_break" in _ids(edge)
    short = _evaluate(Athlete().load(acwr=1.6).back_from_break(6, ended_days_ago=3))
    assert "load_large_jump" in _ids(short) and "return_after_break" not in _ids(short)


def test_a_break_still_going_on_is_not_a_return():
    # Rested through yesterday (ended 1 day ago: today is the first day that could be a run).
    still_off = _evaluate(Athlete().load(acwr=1.6).back_from_break(11, ended_days_ago=1))
    assert "return_after_break" not in _ids(still_off)
    back_yesterday = _evaluate(Athlete().load(acwr=1.6).back_from_break(11, ended_days_ago=2))
    assert "return_after_break" in _ids(back_yesterday)


def test_after_a_break_the_load_component_reads_form_only_and_says_why():
    s = ReadinessSettings()
    athlete = Athlete().load(acwr=1.6, tsb=-30.0).back_from_break(8, ended_days_ago=2)
    state = recovery_state(athlete.signals(), s)
    load = next(c for c in compose(state, athlete.n - 1, s).components if c.key == "load")
    assert load.unit == "TSB" and load.value == -30.0
    assert load.z == (-30.0 - -10.0) / 20.0  # (form − (−10)) / 20 = −1 SD, ACWR ignored
    assert "back from 8 days" in load.note and "L7" in load.note
    no_form = Athlete().load(acwr=1.6).back_from_break(8, ended_days_ago=2)
    no_form.tsb = None
    state = recovery_state(no_form.signals(), s)
    load = next(c for c in compose(state, athlete.n - 1, s).components if c.key == "load")
    assert not load.used and load.status is Status.MISSING
    assert "back from 8 days" in load.note


def test_after_a_break_form_keeps_its_own_reason():
    athlete = Athlete().load(acwr=1.0, tsb=-28.0).back_from_break(8, ended_days_ago=2)
    v = athlete.verdict()
    # TSB −28: z = (−28 + 10) / 20 = −0.9, × .15 × 20 = −2.7 points, explained as usual
    assert v.rule_ids == ("return_after_break", "load_worse_than_usual")
    assert v.score == pytest.approx(70 - 2.7)
