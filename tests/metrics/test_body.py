"""Body mass: morning trend, and fluid loss / sweat rate from weighing before and after a run."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.body import (
    body_mass_7d_kg,
    body_mass_change_pct,
    fluid_loss_ml,
    mass_change_kg,
    mass_loss_pct,
    rehydration_ml,
    sweat_rate_ml_h,
)


@pytest.mark.reference(source="docs/science.md H1 worked by hand: 1 kg ≈ 1 L")
def test_sweat_rate_from_pre_and_post_mass_and_what_was_drunk():
    # 60.0 → 58.8 kg over 90 min, 500 mL drunk, 100 mL urine: (1.2 × 1000 + 500 − 100) / 1.5 h
    assert fluid_loss_ml(60.0, 58.8, 500.0, 100.0) == pytest.approx(1600)
    assert sweat_rate_ml_h(60.0, 58.8, 5400.0, 500.0, 100.0) == pytest.approx(1600 / 1.5)
    assert mass_loss_pct(60.0, 58.8) == pytest.approx(1.2 / 60 * 100)


@pytest.mark.reference(
    source="docs/science.md H4: 1.25–1.5 L per kg lost ('lost 1.8 kg: ~2.3–2.7 L')"
)
def test_rehydration_range_matches_the_science_example():
    low, high = rehydration_ml(60.0, 58.2)
    assert low == pytest.approx(1.8 * 1250)
    assert high == pytest.approx(1.8 * 1500)
    assert rehydration_ml(60.0, 60.3) == (0.0, 0.0)  # gained mass: nothing to replace


def test_a_mass_gain_during_a_run_is_positive_and_vectorised_over_runs():
    np.testing.assert_allclose(mass_change_kg([60.0, 60.0], [59.0, 60.4]), [-1.0, 0.4])
    assert np.isnan(sweat_rate_ml_h(60.0, 59.0, 0.0))
    with pytest.raises(MetricInputError, match="mismatched"):
        fluid_loss_ml([60.0, 61.0], [59.0, 60.0, 58.0])


@pytest.mark.reference(
    source="hand calculation", metric=("body_mass_7d_kg", "body_mass_change_pct")
)
def test_the_mass_trend_compares_this_week_with_the_four_weeks_before():
    x = np.append(np.full(28, 57.0), np.full(7, 56.43))
    week = body_mass_7d_kg(x)
    assert week[-1] == pytest.approx(56.43)
    assert body_mass_change_pct(x, week)[-1] == pytest.approx((56.43 / 57.0 - 1) * 100)


@given(st.floats(40, 120), st.floats(-3, 0.5), st.floats(0, 2000), st.floats(600, 18000))
def test_drinking_more_raises_the_estimated_sweat_rate(pre, change, drunk, seconds):
    base = sweat_rate_ml_h(pre, pre + change, seconds, drunk)
    more = sweat_rate_ml_h(pre, pre + change, seconds, drunk + 250)
    assert more > base
