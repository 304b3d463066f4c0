import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.pace import (
    gap_speed_m_s,
    grade,
    intensity_factor,
    minetti_cost,
    ngp_speed_m_s,
    rtss,
    stress_score,
)


def per_km(pace_s_per_km):
    return 1000.0 / pace_s_per_km


ELEVATE = "Elevate activity-computer.spec.ts @9ddddb4 RSS (docs/anchors.md §3.4)"


@pytest.mark.reference(source=ELEVATE, metric=("rtss", "ngp_speed_m_s"))
def test_an_hour_at_threshold_pace_scores_100_and_faster_scores_more():
    dt = np.ones(3600)
    gap = np.full(3600, per_km(300))
    ngp = ngp_speed_m_s(dt, gap)
    assert ngp[-1] == pytest.approx(per_km(300))
    assert rtss(dt, ngp, threshold_speed_m_s=per_km(300))[-1] == pytest.approx(100.0)
    assert rtss(dt, ngp, threshold_speed_m_s=per_km(600))[-1] > 100.0


@pytest.mark.reference(
    source="sweatpy tests/metrics/test_power.py stress_score, relative_intensity"
)
def test_stress_score_and_intensity_match_sweatpy():
    assert float(stress_score(3600, intensity_factor(300, 300))) == 100.0
    assert float(intensity_factor(300, 300)) == 1.0
    with pytest.raises(MetricInputError):
        intensity_factor(3.0, 0.0)


@pytest.mark.reference(
    source="hand calculation: 30 s rolling mean, 4th-power mean", metric="ngp_speed_m_s"
)
def test_normalised_speed_weights_hard_minutes_more_than_the_average():
    # 10 min at 5 m/s then 10 min at 3 m/s, 1 Hz. Windows fully inside one block give v⁴;
    # the 29 windows straddling the change ramp linearly from 5 to 3.
    v = np.r_[np.full(600, 5.0), np.full(600, 3.0)]
    got = ngp_speed_m_s(np.ones(1200), v)[-1]
    ramp = [(5 * (30 - k) + 3 * k) / 30 for k in range(1, 30)]
    fourth = [5.0**4] * 571 + [r**4 for r in ramp] + [3.0**4] * 571
    assert got == pytest.approx((sum(fourth) / len(fourth)) ** 0.25)
    assert got > v.mean()


@pytest.mark.reference(
    source="Minetti et al. 2002 polynomial (docs/anchors.md §2.1)", metric="gap_speed_m_s"
)
def test_minetti_cost_on_the_flat_and_uphill():
    assert float(minetti_cost(0.0)) == pytest.approx(3.6)
    # C(0.1) = 155.4e-5 − 30.4e-4 − 43.3e-3 + 46.3e-2 + 1.95 + 3.6
    want = 155.4e-5 - 30.4e-4 - 43.3e-3 + 46.3e-2 + 1.95 + 3.6
    assert float(minetti_cost(0.1)) == pytest.approx(want)
    np.testing.assert_allclose(gap_speed_m_s(np.array([3.0]), np.array([0.1])), 3.0 * want / 3.6)
    assert float(minetti_cost(0.9)) == float(minetti_cost(0.45))  # clipped to Minetti's range


@pytest.mark.reference(source="hand calculation: a constant 5 % slope", metric="grade")
def test_grade_of_a_steady_hill():
    d = np.arange(0.0, 500.0, 3.0)
    alt = 1600 + 0.05 * d
    np.testing.assert_allclose(grade(d, alt), 0.05, atol=1e-12)
    flat = grade(np.zeros(4), np.arange(4.0))
    np.testing.assert_array_equal(flat, 0.0)  # no distance covered: no gradient


@given(st.floats(0.5, 8.0), st.integers(31, 400))
def test_constant_speed_normalises_to_itself_and_gap_is_identity_on_the_flat(v, n):
    speed = np.full(n, v)
    gap = gap_speed_m_s(speed, np.zeros(n))
    np.testing.assert_allclose(gap, speed)
    ngp = ngp_speed_m_s(np.ones(n), gap)
    assert np.isnan(ngp[28]) and ngp[-1] == pytest.approx(v)


def _oracle_ngp(v):
    """1 Hz, every sample counted: plain 30-sample means, then the 4th-power mean."""
    windows = [sum(v[i - 29 : i + 1]) / 30 for i in range(29, len(v))]
    return (sum(w**4 for w in windows) / len(windows)) ** 0.25 if windows else math.nan


@given(st.lists(st.floats(0, 7).map(lambda v: round(v, 3)), min_size=1, max_size=120))
def test_ngp_matches_a_pure_python_oracle_and_is_at_least_the_mean(values):
    v = np.array(values)
    before = v.copy()
    got = ngp_speed_m_s(np.ones(len(v)), v)[-1]
    want = _oracle_ngp(values)
    if math.isnan(want):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(want, rel=1e-9, abs=1e-12)
        windows_mean = np.convolve(v, np.ones(30) / 30, mode="valid").mean()
        assert got >= windows_mean - 1e-9  # power mean ≥ arithmetic mean
    np.testing.assert_array_equal(v, before)


def test_pauses_do_not_count_towards_normalised_speed():
    # The same 60 s at 4 m/s, once with a 20-sample stop (dt = 0) in the middle.
    v = np.r_[np.full(30, 4.0), np.zeros(20), np.full(30, 4.0)]
    dt = np.r_[np.ones(30), np.zeros(20), np.ones(30)]
    assert ngp_speed_m_s(dt, v)[-1] == pytest.approx(4.0)
    assert rtss(dt, ngp_speed_m_s(dt, v), threshold_speed_m_s=4.0)[-1] == pytest.approx(100 / 60)


def _oracle_grade(d, alt, w=20.0):
    pts = sorted(dict(zip(d, alt, strict=True)).items())
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]

    def at(q):
        for i in range(len(xs) - 1):
            if xs[i] <= q <= xs[i + 1]:
                return ys[i] + (ys[i + 1] - ys[i]) * (q - xs[i]) / (xs[i + 1] - xs[i])
        return ys[0] if q <= xs[0] else ys[-1]

    out = []
    for di in d:
        lo, hi = max(di - w / 2, xs[0]), min(di + w / 2, xs[-1])
        out.append((at(hi) - at(lo)) / (hi - lo) if hi > lo else 0.0)
    return out


@given(
    st.lists(st.tuples(st.floats(0.5, 6), st.floats(-3, 3)), min_size=2, max_size=60),
    st.floats(-500, 500),
)
def test_grade_matches_an_oracle_and_ignores_the_altitude_datum(steps, datum):
    d = np.cumsum([s for s, _ in steps])
    alt = 1000 + np.cumsum([a for _, a in steps])
    got = grade(d, alt)
    np.testing.assert_allclose(got, _oracle_grade(list(d), list(alt)), atol=1e-9)
    np.testing.assert_allclose(grade(d, alt + datum), got, atol=1e-9)


@given(st.lists(st.tuples(st.floats(0, 7), st.floats(-0.6, 0.6)), min_size=1, max_size=50))
def test_gap_and_rtss_match_pure_python_oracles(samples):
    v = np.array([s for s, _ in samples])
    g = np.array([x for _, x in samples])

    def cost(i):
        i = min(max(i, -0.45), 0.45)
        return 155.4 * i**5 - 30.4 * i**4 - 43.3 * i**3 + 46.3 * i**2 + 19.5 * i + 3.6

    want = [s * cost(i) / 3.6 for s, i in samples]
    np.testing.assert_allclose(gap_speed_m_s(v, g), want, rtol=1e-12, atol=1e-12)
    dt = np.ones(len(v))
    ngp = ngp_speed_m_s(dt, v)
    score = rtss(dt, ngp, threshold_speed_m_s=4.0)
    hours = np.arange(1, len(v) + 1) / 3600
    np.testing.assert_allclose(score, hours * (ngp / 4.0) ** 2 * 100)
