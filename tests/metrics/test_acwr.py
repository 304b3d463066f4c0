import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverwell.metrics.acwr import (
    ACWR_REASONS,
    AcwrStatus,
    acwr_coupled,
    acwr_ewma,
    acwr_status,
    acwr_uncoupled,
)
from recoverwell.metrics.pmc import Decay

PITFALL = "docs/anchors.md §2.3 seeding pitfall (derived from Williams 2017 / Windt & Gabbett 2018)"
STEP = np.r_[np.full(28, 50.0), np.full(7, 100.0)]


@pytest.mark.reference(source=PITFALL, metric=("acwr_coupled", "acwr_uncoupled"))
def test_rolling_ratios_on_a_step_from_50_to_100():
    # coupled: 100 / ((21 × 50 + 7 × 100) / 28); uncoupled: 100 / 50
    assert acwr_coupled(STEP)[-1] == pytest.approx(100 / ((21 * 50 + 7 * 100) / 28))
    assert acwr_coupled(STEP)[-1] == pytest.approx(1.60)
    assert acwr_uncoupled(STEP)[-1] == pytest.approx(2.00)


@pytest.mark.reference(source=PITFALL, metric="acwr_ewma")
def test_williams_ewma_seeded_with_the_first_load_and_the_zero_seed_pitfall():
    # acute: 100 − 50·0.75⁷ = 93.33; chronic: 100 − 50·(1 − 2/29)⁷ = 69.68
    want = (100 - 50 * 0.75**7) / (100 - 50 * (1 - 2 / 29) ** 7)
    assert acwr_ewma(STEP)[-1] == pytest.approx(want)
    assert acwr_ewma(STEP)[-1] == pytest.approx(1.339, abs=5e-4)
    # 7/42 e^(−1/τ) EWMAs seeded at 0 read 81.27 / 35.95 = 2.26: CTL has not converged.
    zero = acwr_ewma(
        STEP,
        acute_n_d=7,
        chronic_n_d=42,
        convention=Decay.EXPONENTIAL,
        acute_seed_au=0.0,
        chronic_seed_au=0.0,
    )
    assert zero[-1] == pytest.approx(2.26, abs=0.005)


def test_no_ratio_is_shown_before_the_chronic_window_is_full_and_it_says_why():
    x = np.r_[np.full(3, np.nan), np.full(40, 50.0)]
    for ratio in (acwr_coupled(x), acwr_uncoupled(x), acwr_ewma(x)):
        assert np.isnan(ratio[: 3 + 27]).all()
        assert ratio[3 + 27] == pytest.approx(1.0)
        status = acwr_status(x, ratio)
        assert status[3 + 26] == AcwrStatus.SHORT_HISTORY
        assert status[-1] == AcwrStatus.OK
    assert ACWR_REASONS[AcwrStatus.SHORT_HISTORY].startswith("not enough history")


def test_a_gap_or_a_zero_chronic_load_is_named():
    x = np.r_[np.full(30, 40.0), [np.nan], np.full(10, 40.0)]
    status = acwr_status(x, acwr_coupled(x))
    assert status[-1] == AcwrStatus.MISSING_DAYS
    zeros = np.zeros(35)
    assert acwr_status(zeros, acwr_coupled(zeros))[-1] == AcwrStatus.NO_CHRONIC_LOAD


def _oracle(values, acute, chronic, uncoupled):
    out = []
    for d in range(len(values)):
        if d + 1 < chronic:
            out.append(math.nan)
            continue
        a = sum(values[d - acute + 1 : d + 1]) / acute
        c_win = (
            values[d - chronic + 1 : d - acute + 1]
            if uncoupled
            else values[d - chronic + 1 : d + 1]
        )
        c = sum(c_win) / len(c_win)
        out.append(a / c if c > 0 else math.nan)
    return out


@given(st.lists(st.floats(0, 300).map(lambda v: round(v, 2)), min_size=1, max_size=70))
def test_rolling_ratios_match_a_pure_python_oracle(values):
    x = np.array(values)
    np.testing.assert_allclose(acwr_coupled(x), _oracle(values, 7, 28, False), rtol=1e-7)
    np.testing.assert_allclose(acwr_uncoupled(x), _oracle(values, 7, 28, True), rtol=1e-7)


@given(st.floats(1, 500), st.integers(28, 60), st.floats(0.1, 10))
def test_a_steady_load_has_a_ratio_of_one_and_ratios_ignore_scale(level, n, scale):
    x = np.full(n, level)
    for f in (acwr_coupled, acwr_uncoupled, acwr_ewma):
        assert f(x)[-1] == pytest.approx(1.0)
    y = np.random.default_rng(n).gamma(2, level, n)
    for f in (acwr_coupled, acwr_uncoupled, acwr_ewma):
        np.testing.assert_allclose(f(y * scale), f(y), rtol=1e-9)


@given(st.lists(st.floats(0, 300).map(lambda v: round(v, 2)), min_size=28, max_size=70))
def test_williams_ewma_matches_a_pure_python_oracle(values):
    acute = chronic = values[0]
    want = []
    for d, v in enumerate(values):
        acute += 2 / 8 * (v - acute)
        chronic += 2 / 29 * (v - chronic)
        ok = d + 1 >= 28 and chronic > 0
        want.append(acute / chronic if ok else math.nan)
    np.testing.assert_allclose(acwr_ewma(np.array(values)), want, rtol=1e-9)
