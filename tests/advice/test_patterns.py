"""Pattern rules: domain flags, the §0 fusion (downgrade), and what counts as sustained."""

from recoverwell.advice.components import Domain, compose
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
    """science.md L2: combine a load jump with wellness/soreness before CAUTION; the rule is
    that combination. Soreness 4/7 is +1.39 SD on its 28-day normal (SD √(14/27) = 0.72),
    while the Hooper index (12 vs 11, SD 1.44: +0.69) does not flag the subjective domain."""
    result = _evaluate(Athlete().load(acwr=1.6).item("soreness", 4))
    assert result.flags.flagged == {Domain.LOAD}
    assert _severity(result, "load_jump_with_soreness") is Severity.CAUTION
    assert _severity(result, "load_large_jump") is Severity.NUDGE
