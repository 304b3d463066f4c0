"""The demo athlete's recovery signals: deterministic, plausible, and driven by its training."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from recoverwell.app.synthetic import DEMO_PROFILE, generate_training
from recoverwell.app.synthetic_wellness import (
    LATE_BLOCK_D,
    LATE_BLOCK_MILES,
    SOURCE,
    daily_session_load,
    generate_recovery,
    group_by_day,
    with_late_block,
)
from recoverwell.core.signals import SIGNALS
from recoverwell.core.timeutil import local_day
from recoverwell.core.units import M_PER_MI

END = date(2026, 11, 22)
TZ = ZoneInfo(DEMO_PROFILE.timezone)


@pytest.fixture(scope="module")
def demo():
    runs = with_late_block(generate_training(DEMO_PROFILE, END, weeks=10), DEMO_PROFILE, END, 42)
    first = min(local_day(r.start_time, TZ) for r in runs)
    return runs, first, generate_recovery(DEMO_PROFILE, runs, first, END + timedelta(days=1), 42)


def test_the_same_seed_gives_the_same_signals(demo):
    runs, first, signals = demo
    again = generate_recovery(DEMO_PROFILE, runs, first, END + timedelta(days=1), 42)
    assert again.observations == signals.observations
    assert again.sleep == signals.sleep


def test_everything_is_labelled_demo_and_within_the_signal_catalog(demo):
    _, _, signals = demo
    for o in signals.observations:
        spec = SIGNALS[o.signal]
        assert o.source == SOURCE
        assert spec.low <= o.value <= spec.high, o
    assert all(p.source == SOURCE and p.record_ref == "synthetic" for _, p in signals.sleep)


def test_the_late_block_is_heavier_than_any_planned_week(demo):
    runs, _, signals = demo
    block = [r for r in runs if local_day(r.start_time, TZ) > END - timedelta(days=7)]
    miles = sum(r.distance_m for r in block) / M_PER_MI
    assert miles == pytest.approx(LATE_BLOCK_MILES, rel=0.1)
    assert signals.late_block_start == END - timedelta(days=LATE_BLOCK_D - 1)


def test_hard_days_are_followed_by_lower_hrv_before_the_late_block(demo):
    runs, first, signals = demo
    n = (signals.late_block_start - first).days
    load = daily_session_load(runs, TZ, first, n)
    by_day = group_by_day(signals.observations)
    hrv = np.array(
        [
            by_day.get(first + timedelta(days=i + 1), {}).get("hrv_rmssd_ms", np.nan)
            for i in range(n - 1)
        ]
    )
    hard = load[:-1] > np.percentile(load, 75)
    easy = load[:-1] < np.percentile(load, 25)
    assert np.nanmean(hrv[hard]) < np.nanmean(hrv[easy])


def test_the_late_block_lowers_hrv_raises_rhr_and_worsens_the_check_in(demo):
    signals = demo[2]
    by_day = group_by_day(signals.observations)

    def mean(signal, start, days):
        values = [by_day.get(start + timedelta(days=i), {}).get(signal) for i in range(days)]
        return np.nanmean([v for v in values if v is not None])

    before = signals.late_block_start - timedelta(days=28)
    after = signals.last_day - timedelta(days=6)
    assert mean("hrv_rmssd_ms", after, 7) < 0.9 * mean("hrv_rmssd_ms", before, 28)
    assert mean("rhr_bpm", after, 7) > mean("rhr_bpm", before, 28) + 3
    assert mean("hooper_fatigue", after, 7) > mean("hooper_fatigue", before, 28) + 1


def test_naps_are_separate_periods_after_the_long_run(demo):
    _, _, signals = demo
    naps = [(d, p) for d, p in signals.sleep if p.is_nap]
    assert naps
    assert all(p.start.astimezone(TZ).hour >= 12 for _, p in naps)
    saturdays = {d for d, _ in naps if d.weekday() == 5}
    assert len(saturdays) >= 8
    mains = [p for _, p in signals.sleep if not p.is_nap]
    assert all(300 < p.asleep_min < 570 for p in mains)


def test_no_late_block_means_no_scripted_stress():
    runs = generate_training(DEMO_PROFILE, END, weeks=3)
    first = min(local_day(r.start_time, TZ) for r in runs)
    signals = generate_recovery(DEMO_PROFILE, runs, first, END, 42, late_block=False)
    assert signals.late_block_start is None
    stress = [o.value for o in signals.observations if o.signal == "hooper_stress"]
    assert max(stress) <= 4
