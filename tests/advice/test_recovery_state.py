"""The recovery state: input checks, per-source series, and the derived trends."""

from datetime import timedelta

import numpy as np
import pytest

from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.advice.recovery_state import DailySignals, SignalSeries, recovery_state
from recoverwell.core.errors import MetricInputError
from tests.advice.athletes import TODAY, Athlete


def test_series_must_match_the_day_range():
    with pytest.raises(MetricInputError, match="rhr_bpm: expected 5 days"):
        DailySignals(start=TODAY, n_days=5, rhr_bpm=SignalSeries(np.ones(4), "watch"))


def test_days_outside_the_range_are_refused():
    signals = Athlete(days=10).signals()
    assert signals.index(TODAY) == 9
    assert signals.day(0) == TODAY - timedelta(days=9)
    with pytest.raises(MetricInputError, match="outside"):
        signals.index(TODAY + timedelta(days=1))


@pytest.mark.reference(source="hand calculation: pattern mean 4.2, SD 0.1·√(30/59)")
def test_the_hrv_band_is_per_source_and_uses_the_band_width_setting():
    state = recovery_state(Athlete().signals(), ReadinessSettings(hrv_band_width_sd=1.0))
    sd = 0.1 * np.sqrt(30 / 59)
    assert state.hrv.source == "strap/morning_spot"
    assert state.hrv.normal[-1] == pytest.approx(4.2)
    assert state.hrv.band_low[-1] == pytest.approx(4.2 - sd)
    assert state.hrv.band_high[-1] == pytest.approx(4.2 + sd)
    assert state.hrv.trend[-1] == 0


def test_a_sustained_rhr_rise_is_counted_in_days():
    a = Athlete().rhr_up(5, days=6)
    state = recovery_state(a.signals(), ReadinessSettings())
    assert state.rhr.sustained_days[-1] >= 5
    # after six days the 60-day normal has absorbed part of the rise (5 raised days in it)
    assert state.rhr.delta[-1] == pytest.approx(50 - a.rhr[-61:-1].mean())
    assert state.rhr.delta[-1] < 5
    assert state.rhr.marker[-1] == 0
    one_day = recovery_state(Athlete().rhr_up(5).signals(), ReadinessSettings())
    assert one_day.rhr.marker[-1] == 1  # +5 bpm ≥ max(5 bpm, 1 × SD 1.43)


def test_sleep_debt_follows_the_need_setting():
    a = Athlete().sleep(420, days=7)
    state = recovery_state(a.signals(), ReadinessSettings(sleep_need_min=450))
    assert state.sleep.debt_7d_min[-1] == pytest.approx(7 * 30)
    assert state.wellness.high_z_days[-1] == 0


@pytest.mark.reference(source="Open Wearables weights: 0.4·100 + 0.2·100 + 0.2·100 + 0.2·100")
def test_the_sleep_score_comes_with_its_components():
    state = recovery_state(Athlete().signals(), ReadinessSettings())
    parts = {k: v[-1] for k, v in state.sleep.score_parts.items()}
    # 8 h asleep, deep 90 / REM 100, same bedtime every night, WASO 15 with 1 awakening
    assert parts == {"duration": 100, "stages": 100, "consistency": 100, "interruptions": 100}
    assert state.sleep.score[-1] == 100
