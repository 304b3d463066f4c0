import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverwell.core.errors import MetricInputError
from recoverwell.metrics.pmc import (
    FORM_FLOOR_AU,
    Decay,
    banister_fatigue,
    banister_fitness,
    banister_performance,
    decay_alpha,
    fatigue,
    fitness,
    form,
    form_same_day,
    max_load_for_form,
    pmc_params,
    pmc_seed,
    ramp_rate,
    rest_days_to_fresh,
)
from recoverwell.metrics.registry import evaluate

TSB = "Runalyze tests/inc/core/Sports/Performance/Model/TsbModelTest.php (docs/anchors.md §3.2)"
BANISTER = "Runalyze BanisterModelTest.php (docs/anchors.md §3.2)"
GC = "GoldenCheetah PMCData.cpp formula, derived checks in docs/anchors.md §3.2"
SPAN = {"convention": Decay.SPAN}


def loads(mapping, n):
    x = np.zeros(n)
    for day, value in mapping.items():
        x[day] = value
    return x


def runalyze(x):
    ctl, atl = fitness(x, **SPAN), fatigue(x, **SPAN)
    return ctl, atl, form_same_day(ctl, atl)


@pytest.mark.reference(
    source=TSB, metric=("fitness", "fatigue", "form_same_day", "rest_days_to_fresh")
)
def test_a_single_big_day_matches_runalyze():
    ctl, atl, tsb = runalyze(loads({0: 1000}, 101))
    assert (ctl[0], atl[0], tsb[0]) == (
        pytest.approx(47, abs=0.5),
        pytest.approx(250, abs=0.5),
        pytest.approx(-203, abs=0.5),
    )
    rest = rest_days_to_fresh(ctl[:1], atl[:1], **SPAN)[0]
    assert rest == pytest.approx(7.0, abs=0.5)
    future_ctl = [44, 42, 37, 29, 23, 18, 11, 7, 4, 3, 2, 1, 1, 0]
    days = [1, 2, 5, 10, 15, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    np.testing.assert_allclose(ctl[days], future_ctl, atol=0.5)
    np.testing.assert_allclose(
        atl[[1, 2, 5, 10, 15, 20, 22]], [188, 141, 59, 14, 3, 1, 0], atol=0.5
    )


@pytest.mark.reference(source=TSB, metric=("fitness", "fatigue", "form_same_day"))
def test_a_week_of_varied_load_matches_runalyze():
    ctl, atl, tsb = runalyze(loads({0: 150, 1: 50, 2: 40, 5: 60, 6: 30, 7: 100}, 8))
    np.testing.assert_allclose(ctl, [7, 9, 10, 10, 9, 12, 13, 17], atol=0.5)
    np.testing.assert_allclose(atl, [38, 41, 40, 30, 23, 32, 32, 49], atol=0.5)
    assert tsb[0] == pytest.approx(-31, abs=0.5)


@pytest.mark.reference(
    source=TSB, metric=("fitness", "fatigue", "form_same_day", "rest_days_to_fresh")
)
def test_a_block_then_rest_matches_runalyze():
    ctl, atl, tsb = runalyze(loads(dict.fromkeys(range(7), 100), 14))
    np.testing.assert_allclose(
        ctl, [5, 9, 13, 17, 21, 25, 28, 27, 26, 25, 23, 22, 21, 20], atol=0.5
    )
    np.testing.assert_allclose(
        atl, [25, 44, 58, 68, 76, 82, 87, 65, 49, 37, 27, 21, 15, 12], atol=0.5
    )
    want_tsb = [-20, -35, -44, -51, -55, -57, -58, -38, -23, -12, -4, 2, 6, 9]
    np.testing.assert_allclose(tsb, want_tsb, atol=0.5)
    # Runalyze computes restDays from the rounded CTL/ATL it shows.
    rest = rest_days_to_fresh(np.round(ctl), np.round(atl), **SPAN)
    want = [6.7, 6.6, 6.2, 5.8, 5.4, 4.9, 4.7, 3.7, 2.6, 1.6, 0.7, 0.0, 0.0, 0.0]
    np.testing.assert_allclose(rest, want, atol=0.05)


@pytest.mark.reference(source=TSB + " (steady state)", metric=("fitness", "fatigue"))
def test_a_constant_load_converges_to_itself():
    ctl, atl, _ = runalyze(np.full(101, 50.0))
    assert ctl[100] == pytest.approx(50, abs=0.5) and atl[100] == pytest.approx(50, abs=0.5)
    for day, tol in ((70, 2.5), (50, 5), (42, 7.5)):
        assert ctl[day] == pytest.approx(50, abs=tol)
    for day, tol in ((14, 2.5), (10, 5), (7, 7.5)):
        assert atl[day] == pytest.approx(50, abs=tol)


@pytest.mark.reference(
    source=TSB + " equal time constants", metric=("rest_days_to_fresh", "max_load_for_form")
)
def test_equal_time_constants_give_zero_like_runalyze():
    kw = {"fitness_tau_d": 14, "fatigue_tau_d": 14, "convention": Decay.SPAN}
    assert rest_days_to_fresh(np.array([50.0]), np.array([100.0]), **kw)[0] == 0
    # Yesterday's CTL 50, ATL 100 (the function reads the previous day).
    got = max_load_for_form(np.array([50.0, 0.0]), np.array([100.0, 0.0]), **kw)
    assert got[1] == 0


@pytest.mark.reference(source=GC, metric=("fitness", "fatigue", "form"))
def test_exponential_decay_matches_goldencheetahs_formula():
    x = loads(dict.fromkeys(range(7), 100), 14)
    ctl, atl = fitness(x), fatigue(x)
    want_ctl = [2.4, 4.7, 6.9, 9.1, 11.2, 13.3, 15.4, 15.0, 14.6, 14.3, 14.0, 13.6, 13.3, 13.0]
    want_atl = [13.3, 24.9, 34.9, 43.5, 51.0, 57.6, 63.2, 54.8, 47.5, 41.2, 35.7, 30.9, 26.8, 23.3]
    np.testing.assert_allclose(ctl, want_ctl, atol=0.05)
    np.testing.assert_allclose(atl, want_atl, atol=0.05)
    np.testing.assert_allclose(form(ctl, atl)[:4], [0, -11.0, -20.2, -28.0], atol=0.05)
    assert decay_alpha(42) == pytest.approx(0.0235283, abs=1e-7)


@pytest.mark.reference(
    source=BANISTER, metric=("banister_fitness", "banister_fatigue", "banister_performance")
)
def test_banister_impulse_response_matches_runalyze():
    x = loads({0: 1000}, 101)
    g, h = banister_fitness(x), banister_fatigue(x)
    assert (g[0], h[0]) == (pytest.approx(1000), pytest.approx(1000))
    assert banister_performance(g, h)[0] == pytest.approx(-1000)
    np.testing.assert_allclose(g[[1, 10, 25, 50, 75, 100]], [976, 788, 551, 304, 168, 92], atol=0.5)
    np.testing.assert_allclose(h[[1, 5, 10, 15, 20, 25]], [867, 490, 240, 117, 57, 28], atol=0.5)

    x = loads({0: 150, 1: 50, 2: 40, 5: 60, 6: 30, 7: 100}, 8)
    g, h = banister_fitness(x), banister_fatigue(x)
    np.testing.assert_allclose(g[1:], [196, 232, 226, 221, 276, 299, 392], atol=0.5)
    np.testing.assert_allclose(h[1:], [180, 196, 170, 147, 188, 193, 267], atol=0.5)
    assert banister_performance(g, h)[1] == pytest.approx(-164, abs=0.5)

    g, h = banister_fitness(np.full(51, 100.0)), banister_fatigue(np.full(51, 100.0))
    np.testing.assert_allclose(g[[10, 20, 30, 40, 50]], [979, 1672, 2219, 2649, 2988], atol=0.5)
    np.testing.assert_allclose(h[[10, 20, 30, 40, 50]], [595, 714, 742, 749, 751], atol=0.5)


@pytest.mark.reference(source="GoldenCheetah PMCData.cpp rr (hand calculation)", metric="ramp_rate")
def test_ramp_rate_is_the_fitness_change_over_a_week():
    ctl = np.arange(10.0) * 2
    np.testing.assert_allclose(ramp_rate(ctl), [np.nan] * 7 + [14.0, 14.0, 14.0])


@pytest.mark.reference(
    source="hand calculation: solve tomorrow's form = X", metric="max_load_for_form"
)
def test_the_max_load_today_lands_form_exactly_on_the_floor():
    a_c, a_a = 1 - math.exp(-1 / 42), 1 - math.exp(-1 / 7)
    ctl, atl = np.array([60.0, 0.0]), np.array([70.0, 0.0])
    # T = ((1 − a_c)·60 − (1 − a_a)·70 + 20) / (a_a − a_c) for a floor of −20
    want = ((1 - a_c) * 60 - (1 - a_a) * 70 + 20) / (a_a - a_c)
    got = max_load_for_form(ctl, atl, form_floor_au=-20)[1]
    assert got == pytest.approx(want)
    assert (60 + a_c * (got - 60)) - (70 + a_a * (got - 70)) == pytest.approx(-20)


# Daily loads as recorded: 0–400 au at 0.001 resolution (a load of 1e-308 is not a training day).
loads_lists = st.lists(st.floats(0, 400).map(lambda v: round(v, 3)), min_size=1, max_size=80)


@given(loads_lists, st.floats(-40, 20))
def test_max_load_keeps_form_at_or_above_the_floor(values, floor):
    x = np.array(values)
    ctl, atl = fitness(x), fatigue(x)
    t = max_load_for_form(np.r_[ctl, 0.0], np.r_[atl, 0.0], form_floor_au=floor)[-1]
    nxt = np.r_[x, t]
    tomorrow = fitness(nxt)[-1] - fatigue(nxt)[-1]
    if t > 0:  # the most load that keeps form ≥ floor puts it exactly on the floor
        assert tomorrow == pytest.approx(floor, abs=1e-6)
    else:  # even a rest day leaves form below the floor
        assert tomorrow <= floor + 1e-6


@given(loads_lists, st.sampled_from(list(Decay)))
def test_pmc_matches_a_pure_python_oracle(values, convention):
    ctl_y = atl_y = 0.0
    a_c, a_a = decay_alpha(42, convention), decay_alpha(7, convention)
    want_ctl, want_atl, want_form = [], [], []
    for v in values:
        want_form.append(ctl_y - atl_y)
        ctl_y += a_c * (v - ctl_y)
        atl_y += a_a * (v - atl_y)
        want_ctl.append(ctl_y)
        want_atl.append(atl_y)
    x = np.array(values)
    ctl, atl = fitness(x, convention=convention), fatigue(x, convention=convention)
    np.testing.assert_allclose(ctl, want_ctl, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(atl, want_atl, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(form(ctl, atl), want_form, rtol=1e-9, atol=1e-9)


@given(loads_lists)
def test_rest_days_bring_form_back_to_zero(values):
    x = np.array(values)
    ctl, atl = fitness(x), fatigue(x)
    n = rest_days_to_fresh(ctl, atl)[-1]
    assert n >= 0
    if n > 0 and ctl[-1] >= 1:
        a_c, a_a = decay_alpha(42), decay_alpha(7)
        after = ctl[-1] * (1 - a_c) ** n - atl[-1] * (1 - a_a) ** n
        assert after == pytest.approx(0.0, abs=1e-6 * max(atl[-1], 1))


def test_days_without_data_hold_fitness_and_blank_tomorrows_form():
    x = np.array([100.0, np.nan, 100.0])
    ctl = fitness(x)
    assert np.isnan(ctl[1]) and ctl[2] == pytest.approx(ctl[0] + decay_alpha(42) * (100 - ctl[0]))
    assert np.isnan(form(ctl, fatigue(x))[2])


def test_fatigue_faster_than_fitness_is_required():
    with pytest.raises(MetricInputError):
        max_load_for_form(np.ones(2), np.ones(2), fitness_tau_d=3, fatigue_tau_d=7)


@given(loads_lists, st.floats(0.5, 3), st.floats(0.5, 4))
def test_banister_ramp_and_same_day_form_match_pure_python_oracles(values, k1, k2):
    g = h = 0.0
    want_g, want_h = [], []
    for v in values:
        g = v + math.exp(-1 / 42) * g
        h = v + math.exp(-1 / 7) * h
        want_g.append(g)
        want_h.append(h)
    x = np.array(values)
    bg, bh = banister_fitness(x), banister_fatigue(x)
    np.testing.assert_allclose(bg, want_g, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(bh, want_h, rtol=1e-9, atol=1e-9)
    want_p = [k1 * a - k2 * b for a, b in zip(want_g, want_h, strict=True)]
    np.testing.assert_allclose(banister_performance(bg, bh, k1=k1, k2=k2), want_p, atol=1e-6)
    ctl, atl = fitness(x), fatigue(x)
    np.testing.assert_allclose(
        form_same_day(ctl, atl), [c - a for c, a in zip(ctl, atl, strict=True)]
    )
    want_rr = [math.nan] * min(7, len(values)) + [
        ctl[d] - ctl[d - 7] for d in range(7, len(values))
    ]
    np.testing.assert_allclose(ramp_rate(ctl), want_rr)
    a_c, a_a = decay_alpha(42), decay_alpha(7)
    want_rest = [
        max(math.log(max(c, 1) / a) / math.log((1 - a_a) / (1 - a_c)), 0.0) if a > 0 else 0.0
        for c, a in zip(ctl, atl, strict=True)
    ]
    np.testing.assert_allclose(rest_days_to_fresh(ctl, atl), want_rest, rtol=1e-9, atol=1e-9)
    assert np.all(bg >= 0) and np.all(bh >= 0)


@pytest.mark.reference(source="hand calculation")
def test_fitness_and_fatigue_start_at_the_first_four_weeks_mean_load():
    # 28 days at 60 au then 20 days at 90 au: the seed is the first 28 days' mean, 60 au/day,
    # so steady training reads as form 0 from the start instead of deep fatigue.
    load = np.r_[np.full(28, 60.0), np.full(20, 90.0)]
    assert pmc_seed(load) == 60.0
    out = evaluate(["form"], {"daily_load_au": load}, pmc_params(60.0))
    assert out["form"][27] == pytest.approx(0.0)  # fitness = fatigue = 60 throughout
    assert out["form"][-1] < 0  # the step up to 90 au/day shows as fatigue, as it should
    assert pmc_seed(np.array([np.nan, np.nan])) == 0.0


@pytest.mark.reference(source="docs/science.md §7 L6: form below −30 is high fatigue")
def test_the_form_floor_reaches_max_load_for_form():
    # pmc_params passes FORM_FLOOR_AU (−30,
    # docs/science.md §7 L6 "high fatigue") to max_load_for_form
    assert pmc_params(60.0)["max_load_for_form"]["form_floor_au"] == FORM_FLOOR_AU == -30.0
