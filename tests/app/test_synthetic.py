"""The synthetic demo runner: deterministic, and realistic where the demo claims it is."""

from datetime import date

import numpy as np
import pytest

from recoverwell.app.synthetic import DEMO_PROFILE, DEVICE, generate_training
from recoverwell.core.timeutil import week_start
from recoverwell.core.units import M_PER_MI

END = date(2026, 11, 22)  # a Sunday: every generated week is complete


@pytest.fixture(scope="module")
def runs():
    return generate_training(DEMO_PROFILE, END, weeks=8)


def test_the_same_seed_gives_the_same_runs(runs):
    again = generate_training(DEMO_PROFILE, END, weeks=8)
    assert [r.start_time for r in again] == [r.start_time for r in runs]
    np.testing.assert_array_equal(again[5].streams.hr_bpm, runs[5].streams.hr_bpm)


def test_build_weeks_are_70_to_80_miles_and_every_fourth_is_a_cutback(runs):
    weekly: dict[date, float] = {}
    for r in runs:
        monday = week_start(r.start_time.astimezone(r.start_time.tzinfo).date())
        weekly[monday] = weekly.get(monday, 0.0) + r.distance_m / M_PER_MI
    miles = list(weekly.values())
    assert len(miles) == 8
    for k, m in enumerate(miles):
        if k % 4 == 3:
            assert 52 <= m <= 64, miles  # 58 mi ± jitter: a −25 % week
        else:
            assert 68 <= m <= 84, miles


def test_runs_are_physiologically_plausible(runs):
    for r in runs:
        s = r.streams
        assert s is not None and s.hr_bpm is not None and s.speed_m_s is not None
        assert (
            DEMO_PROFILE.hr_rest_bpm <= s.hr_bpm.min() and s.hr_bpm.max() <= DEMO_PROFILE.hr_max_bpm
        )
        assert np.all(np.diff(s.distance_m) >= 0)
        assert r.moving_s <= r.elapsed_s
        assert 2.5 < r.distance_m / r.moving_s < 5.5  # 4:50–10:40 per mile on average
        assert r.device == DEVICE and "synthetic" in r.name


def test_hard_sessions_run_at_higher_heart_rates_than_easy_ones(runs):
    easy = np.mean([r.avg_hr_bpm for r in runs if r.name.startswith("Recovery")])
    hard = np.mean([r.streams.hr_bpm.max() for r in runs if r.name.startswith("Intervals")])
    assert hard > easy + 30


def test_laps_add_up_to_the_run(runs):
    for r in runs[:10]:
        assert sum(lap.distance_m for lap in r.laps) == pytest.approx(r.distance_m, abs=0.05)
        assert sum(lap.elapsed_s for lap in r.laps) == r.elapsed_s
