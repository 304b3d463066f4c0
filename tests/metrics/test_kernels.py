import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.kernels import (
    alpha_exponential,
    alpha_span,
    ewma,
    lag,
    rolling_max,
    rolling_mean,
    rolling_mean_sd,
    rolling_median,
    rolling_min,
    rolling_sd,
    rolling_sum,
    rolling_valid_count,
    zscore,
)


@pytest.mark.reference(source="docs/anchors.md §3.2: GC constants 1−e^(−1/42), 1−e^(−1/7)")
def test_exponential_alphas_match_goldencheetah():
    assert alpha_exponential(42) == pytest.approx(0.0235283, abs=1e-7)
    assert alpha_exponential(7) == pytest.approx(0.1331221, abs=1e-7)
    assert alpha_span(7) == 2 / 8


@pytest.mark.reference(source="docs/anchors.md §3.2: GC-formula ATL for [100×7, 0×7]")
def test_ewma_reproduces_the_goldencheetah_atl_series():
    load = [100.0] * 7 + [0.0] * 7
    atl = ewma(load, alpha_exponential(7))
    expected = [13.3, 24.9, 34.9, 43.5, 51.0, 57.6, 63.2, 54.8, 47.5, 41.2, 35.7, 30.9, 26.8, 23.3]
    np.testing.assert_allclose(atl, expected, atol=0.05)


def test_ewma_skips_days_without_data_instead_of_decaying():
    out = ewma([10.0, np.nan, 10.0], 0.5)
    # day 0: 0 + 0.5 × 10 = 5; day 1: no data → NaN, state stays 5; day 2: 5 + 0.5 × 5 = 7.5
    np.testing.assert_allclose(out, [5.0, np.nan, 7.5])


def test_ewma_works_across_athletes_and_takes_a_seed():
    x = np.array([[10.0, 10.0], [0.0, 0.0]])
    out = ewma(x, 0.5, seed=np.array([0.0, 8.0]))
    np.testing.assert_allclose(out, [[5.0, 7.5], [4.0, 2.0]])


@pytest.mark.reference(source="sweatpy tests/metrics/test_core.py: rolling_mean([1..5], 2)")
def test_rolling_mean_matches_sweatpy_with_partial_windows():
    np.testing.assert_allclose(
        rolling_mean([1, 2, 3, 4, 5], 2, min_periods=1), [1, 1.5, 2.5, 3.5, 4.5]
    )


def test_rolling_windows_are_nan_until_full_and_count_only_valid_days():
    x = [1.0, 2.0, np.nan, 4.0]
    np.testing.assert_allclose(rolling_mean(x, 2), [np.nan, 1.5, np.nan, np.nan])
    np.testing.assert_allclose(rolling_mean(x, 3, min_periods=2), [np.nan, 1.5, 1.5, 3.0])
    np.testing.assert_allclose(rolling_sum(x, 3, min_periods=1), [1.0, 3.0, 3.0, 6.0])


@pytest.mark.reference(source="hand calculation")
def test_rolling_sd_sample_and_population():
    # [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, population SD 2, sample SD √(32/7)
    x = [2.0, 4, 4, 4, 5, 5, 7, 9]
    assert rolling_sd(x, 8, ddof=0)[-1] == pytest.approx(2.0)
    assert rolling_sd(x, 8, ddof=1)[-1] == pytest.approx(math.sqrt(32 / 7))


def test_a_constant_series_has_zero_sd_and_no_zscore():
    sd = rolling_sd([3.0] * 5, 5, ddof=0)
    assert sd[-1] == 0.0
    assert np.isnan(zscore(3.0, 3.0, sd[-1]))


def test_lag_shifts_later():
    np.testing.assert_allclose(lag([1.0, 2.0, 3.0]), [np.nan, 1.0, 2.0])


def test_bad_parameters_are_metric_input_errors():
    with pytest.raises(MetricInputError):
        ewma([1.0], 1.5)
    with pytest.raises(MetricInputError):
        rolling_mean([1.0], 0)
    with pytest.raises(MetricInputError):
        alpha_exponential(0)


def _oracle(x, w, min_periods):
    """Trailing-window mean and sample SD of the valid values, the slow obvious way."""
    means, sds = [], []
    for t in range(len(x)):
        vals = [v for v in x[max(0, t - w + 1) : t + 1] if not math.isnan(v)]
        m = sum(vals) / len(vals) if vals else math.nan
        means.append(m if len(vals) >= min_periods else math.nan)
        ok = len(vals) >= max(min_periods, 2)
        sds.append(math.sqrt(sum((v - m) ** 2 for v in vals) / (len(vals) - 1)) if ok else math.nan)
    return means, sds


finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
series = arrays(np.float64, st.integers(1, 60), elements=st.one_of(finite, st.just(math.nan)))


@given(series, st.integers(1, 30), st.integers(1, 30))
def test_rolling_mean_and_sd_match_a_pure_python_oracle(x, w, min_periods):
    min_periods = min(min_periods, w)
    means, sds = _oracle(list(x), w, min_periods)
    np.testing.assert_allclose(rolling_mean(x, w, min_periods=min_periods), means, atol=1e-6)
    np.testing.assert_allclose(rolling_sd(x, w, min_periods=min_periods), sds, atol=1e-6)


@given(series, st.floats(min_value=0.01, max_value=1.0))
def test_ewma_matches_a_pure_python_oracle_and_never_mutates(x, alpha):
    before = x.copy()
    state, want = 0.0, []
    for v in x:
        if math.isnan(v):
            want.append(math.nan)
        else:
            state += alpha * (v - state)
            want.append(state)
    np.testing.assert_allclose(ewma(x, alpha), want, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(x, before)


def test_rolling_valid_count_counts_valid_days_only():
    np.testing.assert_array_equal(rolling_valid_count([1.0, np.nan, 3.0, 4.0], 2), [1, 1, 1, 2])


@pytest.mark.reference(source="hand calculation")
def test_rolling_median_skips_missing_days_and_needs_min_periods():
    x = [5.0, 1.0, np.nan, 3.0, 100.0]
    # windows of 3: [5], [5,1], [5,1,·], [1,·,3], [·,3,100] → medians with ≥ 2 values
    np.testing.assert_allclose(rolling_median(x, 3, min_periods=2), [np.nan, 3.0, 3.0, 2.0, 51.5])


@given(series, st.integers(1, 20))
def test_rolling_median_matches_numpy_on_every_window(x, w):
    got = rolling_median(x, w, min_periods=1)
    for t in range(len(x)):
        window = x[max(0, t - w + 1) : t + 1]
        want = np.nanmedian(window) if (~np.isnan(window)).any() else np.nan
        np.testing.assert_allclose(got[t], want)


@pytest.mark.reference(source="hand calculation")
def test_rolling_max_and_min_skip_missing_days():
    x = [3.0, np.nan, 1.0, 5.0]
    # windows of 2: [3], [3, –], [–, 1], [1, 5]
    np.testing.assert_allclose(rolling_max(x, 2), [3.0, 3.0, 1.0, 5.0])
    np.testing.assert_allclose(rolling_min(x, 2, min_periods=2), [np.nan, np.nan, np.nan, 1.0])


def test_rolling_mean_sd_equals_the_separate_kernels():
    rng = np.random.default_rng(5)
    x = rng.gamma(2.0, 40.0, (3, 50))
    x[1, 10:14] = np.nan
    both = rolling_mean_sd(x, 7, ddof=0, min_periods=5)
    np.testing.assert_allclose(both.mean, rolling_mean(x, 7, min_periods=5), rtol=1e-12)
    np.testing.assert_allclose(both.sd, rolling_sd(x, 7, ddof=0, min_periods=5), rtol=1e-12)


def test_matrices_in_many_blocks_match_series_one_by_one(monkeypatch):
    from recoverwell.metrics import kernels

    monkeypatch.setattr(kernels, "EWMA_BLOCK_ROWS", 3)
    monkeypatch.setattr(kernels, "EWMA_LOOP_ROWS", 0)  # the vectorised day loop, not per series
    monkeypatch.setattr(kernels, "WINDOW_BLOCK_ROWS", 2)
    monkeypatch.setattr(kernels, "TRANSPOSE_STRIP", 2)
    rng = np.random.default_rng(6)
    x = rng.gamma(2.0, 40.0, (7, 40))
    x[2, 5] = np.nan
    before = x.copy()
    rows = [
        (ewma(r, 0.1, seed=r[0]), rolling_sd(r, 7), rolling_max(r, 5), rolling_sum(r, 3)) for r in x
    ]
    whole = (ewma(x, 0.1, seed=x[:, 0]), rolling_sd(x, 7), rolling_max(x, 5), rolling_sum(x, 3))
    for i, row in enumerate(rows):
        for got, want in zip(whole, row, strict=True):
            np.testing.assert_allclose(got[i], want, rtol=1e-12)
    np.testing.assert_array_equal(x, before)


def test_a_window_made_constant_after_big_values_has_exactly_zero_sd():
    # Cumulative sums carry the large early values; the exact recomputation removes the residue.
    x = np.r_[np.random.default_rng(7).gamma(2.0, 400.0, 3650), [5.5] * 28]
    assert rolling_sd(x, 28)[-1] == 0.0


def test_a_few_series_take_the_per_series_loop_with_the_same_result(monkeypatch):
    from recoverwell.metrics import kernels

    x = np.random.default_rng(8).gamma(2.0, 40.0, (3, 30))
    x[1, 4] = np.nan
    looped = ewma(x, 0.2, seed=np.array([1.0, 2.0, 3.0]))
    monkeypatch.setattr(kernels, "EWMA_LOOP_ROWS", 0)
    np.testing.assert_allclose(looped, ewma(x, 0.2, seed=np.array([1.0, 2.0, 3.0])), rtol=1e-12)


@given(
    arrays(np.float64, st.integers(1, 900), elements=st.floats(-1e3, 1e3)),
    st.floats(0.001, 0.5),
    st.floats(-100, 100),
)
def test_the_closed_form_ewma_of_a_long_series_equals_the_loop(x, alpha, seed):
    from recoverwell.metrics import kernels

    closed = kernels._ewma_closed_form(x, alpha, seed)
    loop = kernels._ewma_loop(x, alpha, seed)
    scale = max(np.abs(x).max(), abs(seed), 1.0)
    np.testing.assert_allclose(closed, loop, rtol=1e-10, atol=1e-10 * scale)
