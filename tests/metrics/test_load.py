import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverwell.core.athlete import Sex
from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.load import (
    TRIMP_FEMALE_LITERATURE,
    TRIMP_FEMALE_RUNALYZE,
    TRIMP_MALE,
    TRIMP_UNSPECIFIED,
    FemaleFactor,
    hr_zone,
    hrss,
    srpe,
    trimp,
    trimp_duration_s,
    trimp_edwards,
    trimp_factors,
    trimp_lucia,
    trimp_zonal,
)

RUNALYZE = (
    "Runalyze tests/inc/core/Calculation/Trimp/CalculatorTest.php @5669237 (docs/anchors.md §3.1)"
)
# Runalyze Calculator::DEFAULT_HR_MAX / DEFAULT_HR_REST, used by its tests' default athlete.
DEFAULT_MAX, DEFAULT_REST = 200.0, 60.0
RUNALYZE_HISTOGRAM = {
    120: 30, 125: 60, 130: 120, 135: 120, 140: 300, 145: 300,
    150: 240, 155: 30, 160: 30, 165: 120, 170: 30,
}  # fmt: skip


def session_trimp(histogram, factors, hr_max=DEFAULT_MAX, hr_rest=DEFAULT_REST):
    """TRIMP of a {bpm: seconds} histogram, one 'sample' per bin."""
    hr = np.array(list(histogram), dtype=float)
    seconds = np.array(list(histogram.values()), dtype=float)
    ab = {"a_factor": factors.a, "b_factor": factors.b}
    return trimp(seconds, hr, hr_max_bpm=hr_max, hr_rest_bpm=hr_rest, **ab).sum()


@pytest.mark.reference(source=RUNALYZE + " testReferenceExample (fellrnr)", metric="trimp")
def test_trimp_matches_fellrnrs_worked_example():
    assert session_trimp({130: 1800}, TRIMP_MALE, 200, 40) == pytest.approx(32, rel=0.01)
    assert session_trimp({90: 1800}, TRIMP_MALE, 160, 0) == pytest.approx(32, rel=0.01)
    # 30 min × 0.5625 × 0.64 × e^(1.92 × 0.5625)
    assert session_trimp({130: 1800}, TRIMP_MALE, 200, 40) == pytest.approx(
        30 * 0.5625 * 0.64 * math.exp(1.92 * 0.5625)
    )


@pytest.mark.reference(
    source=RUNALYZE + " testSmallValues, testExponentialIncrease", metric="trimp"
)
def test_trimp_is_zero_below_rest_and_grows_faster_than_time():
    assert round(session_trimp({1: 3600}, TRIMP_UNSPECIFIED)) == 0
    low = session_trimp({130: 3600}, TRIMP_UNSPECIFIED)
    high = session_trimp({120: 3000, 180: 600}, TRIMP_UNSPECIFIED)
    assert high > low * 1.02


@pytest.mark.reference(source=RUNALYZE + " testGenderIndependency", metric="trimp")
def test_normalised_factors_agree_at_full_effort():
    data = {1: 60, DEFAULT_MAX: 60}
    male, female, unknown = (
        session_trimp(data, f) for f in (TRIMP_MALE, TRIMP_FEMALE_RUNALYZE, TRIMP_UNSPECIFIED)
    )
    assert female == pytest.approx(male, rel=0.01)
    assert unknown == pytest.approx(male, rel=0.01)
    # The literature's 0.86 is 4.6 % higher at HRR 100 %: 0.86·e^1.67 / (0.64·e^1.92) (derived)
    literature = session_trimp(data, TRIMP_FEMALE_LITERATURE)
    assert literature / male == pytest.approx(0.86 * math.exp(1.67) / (0.64 * math.exp(1.92)))


@pytest.mark.reference(
    source=RUNALYZE + " testHRmaxIndependency, testHRrestIndependency", metric="trimp"
)
def test_trimp_is_similar_when_the_histogram_moves_with_hrmax_or_hrrest():
    base = session_trimp(RUNALYZE_HISTOGRAM, TRIMP_UNSPECIFIED)
    scaled = {hr * 180 / DEFAULT_MAX: t for hr, t in RUNALYZE_HISTOGRAM.items()}
    assert session_trimp(scaled, TRIMP_UNSPECIFIED, hr_max=180) == pytest.approx(base, rel=0.1)
    shifted = {hr - 0.5 * (DEFAULT_REST - 40): t for hr, t in RUNALYZE_HISTOGRAM.items()}
    assert session_trimp(shifted, TRIMP_UNSPECIFIED, hr_rest=40) == pytest.approx(base, rel=0.1)


@pytest.mark.reference(
    source="Runalyze InverseCalculatorTest.php (docs/anchors.md §3.1)", metric="trimp"
)
def test_the_inverse_gives_the_time_back():
    t = trimp_duration_s(32, 90, hr_max_bpm=160, hr_rest_bpm=0, factors=TRIMP_MALE)
    assert t == pytest.approx(1800, rel=0.01)


@given(st.floats(40, 210), st.floats(1, 7200), st.sampled_from([TRIMP_MALE, TRIMP_FEMALE_RUNALYZE]))
def test_inverse_round_trip_and_trimp_is_non_negative(hr, seconds, factors):
    value = session_trimp({hr: seconds}, factors, 200, 40)
    assert value >= 0
    if hr > 40:
        back = trimp_duration_s(value, hr, hr_max_bpm=200, hr_rest_bpm=40, factors=factors)
        assert back == pytest.approx(seconds, rel=1e-9)


def _oracle_trimp(seconds, hr, hr_max, hr_rest, a, b):
    total = 0.0
    for t, h in zip(seconds, hr, strict=True):
        if math.isnan(h):
            continue
        x = max((h - hr_rest) / (hr_max - hr_rest), 0.0)
        total += t / 60 * x * a * math.exp(b * x)
    return total


@given(st.lists(st.tuples(st.floats(0, 10), st.floats(30, 220) | st.just(math.nan)), max_size=50))
def test_trimp_matches_a_pure_python_oracle(samples):
    seconds = np.array([s for s, _ in samples])
    hr = np.array([h for _, h in samples])
    got = np.nansum(trimp(seconds, hr, hr_max_bpm=195, hr_rest_bpm=45))
    want = _oracle_trimp(seconds, hr, 195, 45, TRIMP_UNSPECIFIED.a, TRIMP_UNSPECIFIED.b)
    assert got == pytest.approx(want, rel=1e-12, abs=1e-12)


def test_sex_picks_the_documented_factors():
    assert trimp_factors(Sex.MALE) is TRIMP_MALE
    assert trimp_factors(Sex.FEMALE) is TRIMP_FEMALE_RUNALYZE
    assert trimp_factors(Sex.FEMALE, FemaleFactor.LITERATURE) is TRIMP_FEMALE_LITERATURE
    assert trimp_factors(Sex.UNSPECIFIED) is TRIMP_UNSPECIFIED
    # Runalyze normalisation: 0.64·e^1.92 = 0.821776·e^1.67
    # = 0.725215·e^1.795 (docs/anchors.md §2.1)
    assert 0.821776 * math.exp(1.67) == pytest.approx(0.64 * math.exp(1.92), rel=1e-6)
    assert 0.725215 * math.exp(1.795) == pytest.approx(0.64 * math.exp(1.92), rel=1e-6)


def test_trimp_refuses_an_impossible_heart_rate_reserve():
    with pytest.raises(MetricInputError, match="HRmax > HRrest"):
        trimp(np.ones(2), np.ones(2), hr_max_bpm=50, hr_rest_bpm=60)


ELEVATE = "Elevate activity-computer.spec.ts @9ddddb4 (docs/anchors.md §3.4)"


def _hrss_of_trimp(trimp_au, lthr):
    # One sample whose TRIMP is trimp_au: pick the time at HRmax that scores it.
    per_min = TRIMP_MALE.a * math.exp(TRIMP_MALE.b)  # x = 1 at HRmax
    seconds = np.array([60 * trimp_au / per_min])
    ab = {"a_factor": TRIMP_MALE.a, "b_factor": TRIMP_MALE.b}
    return hrss(seconds, np.array([190.0]), hr_max_bpm=190, hr_rest_bpm=60, lthr_bpm=lthr, **ab)[0]


@pytest.mark.reference(source=ELEVATE + ": HRSS for TRIMP 333", metric="hrss")
def test_hrss_matches_elevates_values():
    assert math.floor(_hrss_of_trimp(333, 163)) == 239
    assert _hrss_of_trimp(333, 163) == pytest.approx(239.09, abs=0.01)
    lthr_karvonen = 60 + 0.85 * (190 - 60)  # 170.5
    assert math.floor(_hrss_of_trimp(333, lthr_karvonen)) == 199
    assert _hrss_of_trimp(333, lthr_karvonen) == pytest.approx(199.49, abs=0.01)


@given(st.floats(100, 180))
def test_an_hour_at_lthr_scores_100(lthr):
    score = hrss(
        np.array([3600.0]), np.array([lthr]), hr_max_bpm=190, hr_rest_bpm=50, lthr_bpm=lthr
    )
    assert score.sum() == pytest.approx(100.0)


@pytest.mark.reference(
    source="sweatpy tests/metrics/test_core.py compute_zones", metric="trimp_zonal"
)
def test_lthr_zones_match_sweatpy():
    np.testing.assert_array_equal(hr_zone([0.6, 0.8, 0.9, 1.0, 1.1], lthr_bpm=1.0), [1, 2, 3, 4, 5])


@pytest.mark.reference(source="hand calculation, GC default weights", metric="trimp_zonal")
def test_zonal_trimp_weights_minutes_by_zone():
    # 10 min in Z2 (70 % LTHR) ×1.1 + 5 min in Z5 (110 %) ×5.0
    got = trimp_zonal(np.array([600.0, 300.0]), np.array([112.0, 176.0]), lthr_bpm=160).sum()
    assert got == pytest.approx(10 * 1.1 + 5 * 5.0)


@pytest.mark.reference(source="hand calculation, Edwards 1993 zones", metric="trimp_edwards")
def test_edwards_trimp_counts_minutes_by_percent_of_hrmax():
    hr = np.array([80.0, 110.0, 130.0, 150.0, 170.0, 195.0])  # HRmax 200: <50, 55, 65, 75, 85, 97 %
    got = trimp_edwards(np.full(6, 60.0), hr, hr_max_bpm=200).sum()
    assert got == pytest.approx(0 + 1 + 2 + 3 + 4 + 5)


@pytest.mark.reference(source="hand calculation, Lucia 2003 zones", metric="trimp_lucia")
def test_lucia_trimp_weights_by_ventilatory_thresholds():
    hr = np.array([140.0, 160.0, 175.0, np.nan])
    got = trimp_lucia(np.full(4, 120.0), hr, vt1_hr_bpm=150, vt2_hr_bpm=170)
    np.testing.assert_allclose(got, [2 * 1, 2 * 2, 2 * 3, np.nan])
    with pytest.raises(MetricInputError):
        trimp_lucia(np.ones(1), np.ones(1), vt1_hr_bpm=170, vt2_hr_bpm=150)


@given(st.lists(st.floats(40, 220), min_size=1, max_size=30), st.floats(0.5, 2.0))
def test_zone_trimps_scale_with_time(hr, factor):
    hr = np.array(hr)
    dt = np.full(len(hr), 60.0)
    for f in (
        lambda t: trimp_edwards(t, hr, hr_max_bpm=200),
        lambda t: trimp_zonal(t, hr, lthr_bpm=170),
        lambda t: trimp_lucia(t, hr, vt1_hr_bpm=150, vt2_hr_bpm=175),
    ):
        assert f(dt * factor).sum() == pytest.approx(f(dt).sum() * factor)
        assert f(dt).sum() >= 0


@pytest.mark.reference(source="Foster 2001: RPE × minutes (hand calculation)", metric="srpe")
def test_session_rpe_is_rpe_times_minutes():
    np.testing.assert_allclose(srpe(np.array([7.0, 3.0]), np.array([60.0, 45.0])), [420.0, 135.0])
    with pytest.raises(MetricInputError, match="CR-10"):
        srpe(np.array([11.0]), np.array([10.0]))


@given(st.floats(0, 10), st.floats(0, 300))
def test_session_rpe_is_monotonic_in_both(rpe, minutes):
    base = srpe(np.array([rpe]), np.array([minutes]))[0]
    assert srpe(np.array([rpe]), np.array([minutes + 1]))[0] >= base >= 0


def _oracle_zone_minutes(seconds, hr, edges_bpm, weights):
    total = 0.0
    for t, h in zip(seconds, hr, strict=True):
        zone = sum(1 for e in edges_bpm if h >= e)
        total += t / 60 * weights[zone]
    return total


@given(st.lists(st.tuples(st.floats(0, 10), st.floats(30, 220)), max_size=40))
def test_hrss_zone_trimps_and_srpe_match_pure_python_oracles(samples):
    seconds = np.array([s for s, _ in samples])
    hr = np.array([h for _, h in samples])
    ab = (TRIMP_UNSPECIFIED.a, TRIMP_UNSPECIFIED.b)
    r = (165 - 45) / (195 - 45)
    per_hour = 60 * r * ab[0] * math.exp(ab[1] * r)
    want = 100 * _oracle_trimp(seconds, hr, 195, 45, *ab) / per_hour
    got = hrss(seconds, hr, hr_max_bpm=195, hr_rest_bpm=45, lthr_bpm=165).sum()
    assert got == pytest.approx(want, rel=1e-12, abs=1e-12)
    edwards = _oracle_zone_minutes(seconds, hr, [100, 120, 140, 160, 180], [0, 1, 2, 3, 4, 5])
    assert trimp_edwards(seconds, hr, hr_max_bpm=200).sum() == pytest.approx(edwards, abs=1e-9)
    lucia = _oracle_zone_minutes(seconds, hr, [150, 172], [1, 2, 3])
    got = trimp_lucia(seconds, hr, vt1_hr_bpm=150, vt2_hr_bpm=172).sum()
    assert got == pytest.approx(lucia, abs=1e-9)
    edges = [0.68 * 160, 0.83 * 160, 0.94 * 160, 1.05 * 160]
    zonal = _oracle_zone_minutes(seconds, hr, edges, [0.9, 1.1, 1.2, 2.0, 5.0])
    assert trimp_zonal(seconds, hr, lthr_bpm=160).sum() == pytest.approx(zonal, abs=1e-9)
    rpe = np.linspace(0, 10, len(samples))
    np.testing.assert_allclose(
        srpe(rpe, seconds), [p * m for p, m in zip(rpe, seconds, strict=True)]
    )


@pytest.mark.reference(source="hand calculation; edges 68/83/94/105 % of LTHR (GoldenCheetah)")
def test_time_in_zones_sums_each_samples_seconds_in_its_zone() -> None:
    from recoverwell.metrics.load import time_in_zones_s

    # LTHR 170: zone 2 from 115.6, zone 3 from 141.1, zone 4 from 159.8, zone 5 from 178.5 bpm
    hr = np.array([100.0, 120.0, 150.0, 150.0, np.nan, 180.0, 115.0])
    dt = np.array([10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 5.0])
    got = time_in_zones_s(dt, hr, lthr_bpm=170.0)
    assert list(got) == [10.0 + 5.0, 20.0, 30.0 + 40.0, 0.0, 60.0]  # the NaN's 50 s: no zone
    assert got.sum() == dt.sum() - 50.0
