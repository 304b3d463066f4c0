import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverwell.metrics.monotony import MONOTONY_MAX, monotony, strain

RUNALYZE = "Runalyze tests/inc/core/Sports/Performance/MonotonyTest.php (docs/anchors.md §3.3)"


def week(values):
    return np.array(values, dtype=float)


@pytest.mark.reference(source=RUNALYZE, metric=("monotony", "strain"))
def test_runalyzes_simple_example():
    x = week([0, 20, 10, 10, 10, 10, 10])
    assert monotony(x)[-1] == pytest.approx(10 / math.sqrt(200 / 7))
    assert strain(x, monotony(x))[-1] == pytest.approx(7 * 10 * 10 / math.sqrt(200 / 7))


@pytest.mark.reference(source=RUNALYZE, metric=("monotony", "strain"))
def test_runalyzes_second_example_uses_the_population_sd():
    x = week([5, 15, 20, 20, 20, 25, 35])
    assert monotony(x)[-1] == pytest.approx(20 / 8.45, abs=0.01)
    assert strain(x, monotony(x))[-1] == pytest.approx(7 * 20 * 20 / 8.45, abs=0.1)
    # With the sample SD it would be 2.19 (docs/anchors.md §2.4, derived).
    assert monotony(x, ddof=1)[-1] == pytest.approx(2.19, abs=0.005)


@pytest.mark.reference(
    source=RUNALYZE + " testEmptyArray, testSingleValue, testEmptyDays", metric="monotony"
)
def test_runalyzes_edge_cases():
    assert monotony(week([0] * 7))[-1] == 0  # a week without training (Runalyze's [] → 0)
    assert monotony(week([1] * 7))[-1] == MONOTONY_MAX
    with_zeros = monotony(week([0, 0, 0, 10, 20, 30, 40]))[-1]
    # Runalyze's [10, 20, 30, 40]: days it has no entry for count as rest when allowed.
    without = monotony(week([math.nan] * 3 + [10, 20, 30, 40]), min_valid_d=4)[-1]
    assert with_zeros == pytest.approx(without)
    assert with_zeros == pytest.approx((100 / 7) / math.sqrt(3000 / 7 - (100 / 7) ** 2))


def test_a_week_with_a_day_without_data_is_not_scored_by_default():
    x = week([10, 20, math.nan, 30, 40, 50, 60])
    assert np.isnan(monotony(x)[-1])
    assert np.isnan(monotony(week([10, 20]))).all()


def _oracle(values):
    out = []
    for d in range(len(values)):
        if d < 6:
            out.append(math.nan)
            continue
        w = values[d - 6 : d + 1]
        mean = sum(w) / 7
        sd = math.sqrt(sum((v - mean) ** 2 for v in w) / 7)
        m = mean / sd if sd > 0 else (10.0 if mean > 0 else 0.0)
        out.append(min(max(m, 0.0), 10.0))
    return out


@given(st.lists(st.floats(0, 500).map(lambda v: round(v, 2)), min_size=1, max_size=40))
def test_monotony_matches_a_pure_python_oracle_and_stays_in_range(values):
    got = monotony(np.array(values))
    np.testing.assert_allclose(got, _oracle(values), rtol=1e-6, atol=1e-9)
    weeks = [sum(values[d - 6 : d + 1]) if d >= 6 else math.nan for d in range(len(values))]
    want_strain = [w * m for w, m in zip(weeks, _oracle(values), strict=True)]
    np.testing.assert_allclose(strain(np.array(values), got), want_strain, rtol=1e-6, atol=1e-6)
    assert np.all((got[~np.isnan(got)] >= 0) & (got[~np.isnan(got)] <= 10))


@given(st.lists(st.floats(1, 500), min_size=7, max_size=30), st.floats(0.1, 10))
def test_monotony_ignores_scale_and_strain_scales_with_it(values, k):
    x = np.array(values)
    np.testing.assert_allclose(monotony(x * k), monotony(x), rtol=1e-6)
    np.testing.assert_allclose(
        strain(x * k, monotony(x * k)), k * strain(x, monotony(x)), rtol=1e-6
    )
