"""Red flags fire on their own, within their lookback, and carry their evidence."""

from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.advice.recovery_state import recovery_state
from recoverwell.advice.red_flags import RULES, red_flags
from tests.advice.athletes import Athlete


def _flags(athlete):
    state = recovery_state(athlete.signals(), ReadinessSettings())
    return red_flags(state, athlete.n - 1)


def test_illness_today_refers_and_reports_the_rhr_change():
    (flag,) = _flags(Athlete().illness().rhr_up(11))
    assert flag.rule_id == "r5_illness"
    assert flag.evidence["days_ago"] == 0
    assert flag.evidence["rhr_delta_bpm"] == 11
    assert flag.severity.value == "refer"


def test_the_lookback_is_the_r5_window():
    assert RULES[0].lookback_d == 2
    assert _flags(Athlete().illness(days_ago=2))[0].evidence["days_ago"] == 2
    assert _flags(Athlete().illness(days_ago=3)) == []
    assert _flags(Athlete()) == []
