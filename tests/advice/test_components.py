"""Components: the load mapping, freshness and the way contributions add up."""

import math

import pytest

from recoverwell.advice.components import Status, compose, load_z
from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.advice.recovery_state import recovery_state
from tests.advice.athletes import Athlete


@pytest.mark.reference(source="docs/science.md L2/L6 bands; step sizes in advice/thresholds.py")
def test_load_z_is_the_worse_of_acwr_and_form():
    s = ReadinessSettings()
    assert load_z(1.2, -5.0, s) == (0.0, "acwr")  # both in their typical band
    assert load_z(1.5, -5.0, s)[0] == pytest.approx(-(1.5 - 1.3) / 0.2)
    assert load_z(1.0, -30.0, s) == (pytest.approx((-30 + 10) / 20), "form_tsb")
    assert load_z(0.6, 20.0, s)[0] == 0.0  # fresh or detrained earns no credit
    assert math.isnan(load_z(math.nan, math.nan, s)[0])


def _compose(athlete, settings=None):
    s = settings or ReadinessSettings()
    return compose(recovery_state(athlete.signals(), s), athlete.n - 1, s)


def test_the_composite_is_the_weighted_mean_of_present_z_scores():
    a = Athlete().sleep(420)  # sleep z = (420 − 480)/60 = −1
    c = _compose(a)
    assert c.z == pytest.approx(0.2 * -1.0)
    sleep = next(p for p in c.components if p.key == "sleep")
    assert sleep.contribution == pytest.approx(20 * 0.2 * -1.0)


def test_z_is_clipped_so_one_signal_cannot_outvote_the_rest():
    c = _compose(Athlete().sleep(0))  # (0 − 480)/60 = −8 → −3
    assert next(p for p in c.components if p.key == "sleep").z == -3.0
    c = _compose(Athlete().sleep(720))  # +4 → +1: more sleep is not "more ready"
    assert next(p for p in c.components if p.key == "sleep").z == 1.0


def test_a_stale_reading_is_marked_and_weighted_by_the_stale_factor():
    c = _compose(Athlete().drop("sleep", 1), ReadinessSettings(stale_factor=0.25))
    sleep = next(p for p in c.components if p.key == "sleep")
    assert sleep.status is Status.STALE and sleep.age_d == 1
    assert sleep.effective_weight == pytest.approx(0.2 * 0.25)
    assert c.coverage == pytest.approx(1 - 0.2 * 0.75)


def test_load_still_building_says_so_instead_of_too_old():
    """20 days of training data: ACWR (28 days) and form (42 days) are still refused."""
    import dataclasses

    import numpy as np

    a = Athlete()
    sig = a.signals()
    history = np.full(a.n, np.nan)
    history[-20:] = np.arange(1.0, 21.0)
    sig = dataclasses.replace(
        sig, acwr=np.full(a.n, np.nan), form_tsb=np.full(a.n, np.nan), load_history_d=history
    )
    s = ReadinessSettings()
    load = next(
        c for c in compose(recovery_state(sig, s), a.n - 1, s).components if c.key == "load"
    )
    assert load.status is Status.BASELINE_BUILDING
    assert load.note == "19 of 28 days of training data for a load baseline"
    # after the last recorded day the values are simply missing: too old
    history[-3:] = np.nan
    sig = dataclasses.replace(sig, load_history_d=history)
    load = next(
        c for c in compose(recovery_state(sig, s), a.n - 1, s).components if c.key == "load"
    )
    assert load.status is Status.TOO_OLD
