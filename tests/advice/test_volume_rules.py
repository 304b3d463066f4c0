"""Running-volume rules (docs/science.md §7 L3 single-run spike, L4 weekly mileage ramp), read after
yesterday's training like the rest of the load domain."""

import dataclasses

import numpy as np
import pytest

from recoverwell.advice.components import Domain
from recoverwell.advice.explain import finding_text
from recoverwell.advice.findings import Severity
from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.advice.recovery_state import recovery_state
from recoverwell.advice.volume_rules import volume_findings
from recoverwell.core.units import UnitSystem
from tests.advice.athletes import Athlete

pytestmark = pytest.mark.reference(source="docs/science.md §7 L3 (Frandsen25), L4 (Nielsen14)")

MI = 1609.344


def _with_volume(athlete, **after_yesterday):
    """Volume series with the given values after yesterday (the morning verdict reads d − 1)."""
    sig = athlete.signals()
    volume = {}
    for key, value in after_yesterday.items():
        series = np.full(athlete.n, np.nan)
        series[-2] = value
        volume[key] = series
    return dataclasses.replace(sig, volume=volume)


def _rules(sig):
    s = ReadinessSettings()
    state = recovery_state(sig, s)
    return volume_findings(state, sig.n_days - 1)


def test_a_run_over_110_percent_of_the_longest_this_month_is_a_spike():
    # 20 mi after a longest of 16 mi in the previous 30 days: 20/16 = 1.25, a small spike
    found, flagged, sustained = _rules(
        _with_volume(Athlete(), run_spike=20 / 16, longest_run_m=20 * MI)
    )
    (f,) = found
    assert f.rule_id == "run_spike" and f.severity is Severity.CAUTION
    assert f.domain is Domain.LOAD
    assert f.evidence["run_spike"] == pytest.approx(1.25)
    assert f.evidence["previous_longest_m"] == pytest.approx(16 * MI)
    assert f.evidence["band"] == "small"
    assert flagged and not sustained  # one run: acute, not a multi-day condition
    text = finding_text(f, units=UnitSystem.MI)
    assert text.startswith("Yesterday's 20.0 mi run was 1.25× your longest of the previous 30")
    assert "16.0 mi" in text and "within 10 %" in text


@pytest.mark.parametrize(
    ("ratio", "band"),
    [(1.10, None), (1.3, "small"), (1.31, "moderate"), (2.0, "moderate"), (2.01, "large")],
)
def test_spike_bands(ratio, band):
    found, _, _ = _rules(_with_volume(Athlete(), run_spike=ratio, longest_run_m=10_000.0))
    assert [f.evidence["band"] for f in found] == ([] if band is None else [band])


def test_a_week_over_1_2_times_the_three_before_is_a_nudge_and_over_1_3_a_caution():
    # 92 mi in 7 days against an average week of 70 mi: 92/70 = 1.314 → CAUTION (sustained)
    found, flagged, sustained = _rules(
        _with_volume(Athlete(), distance_acwr=92 / 70, distance_7d_m=92 * MI)
    )
    (f,) = found
    assert f.rule_id == "mileage_ramp" and f.severity is Severity.CAUTION
    assert f.evidence["chronic_week_m"] == pytest.approx(70 * MI)
    assert flagged and sustained
    text = finding_text(f, units=UnitSystem.MI)
    assert text.startswith("Your last 7 days (92.0 mi) are 1.31× your average week of the 3")
    assert "(70.0 mi)" in text
    km = finding_text(f, units=UnitSystem.KM)  # 92 mi = 148.06 km, 70 mi = 112.65 km
    assert "(148.1 km)" in km and "(112.7 km)" in km
    # 1.25: a NUDGE that flags nothing; 1.2 exactly: nothing
    found, flagged, _ = _rules(_with_volume(Athlete(), distance_acwr=1.25, distance_7d_m=1e5))
    assert [(f.rule_id, f.severity) for f in found] == [("mileage_ramp", Severity.NUDGE)]
    assert not flagged
    assert _rules(_with_volume(Athlete(), distance_acwr=1.2, distance_7d_m=1e5))[0] == []


def test_no_volume_data_no_findings():
    assert _rules(Athlete().signals()) == ([], False, False)
    assert _rules(_with_volume(Athlete(), run_spike=np.nan, distance_acwr=np.nan)) == (
        [],
        False,
        False,
    )


def test_alone_a_spike_is_shown_as_a_nudge_in_the_verdict():
    """§0: an objective-only CAUTION is a NUDGE unless a second domain agrees."""
    from recoverwell.advice.readiness import readiness

    s = ReadinessSettings()
    sig = _with_volume(Athlete(), run_spike=1.25, longest_run_m=32_000.0)
    v = readiness(recovery_state(sig, s), sig.day(sig.n_days - 1), s)
    f = next(f for f in v.findings if f.rule_id == "run_spike")
    assert f.severity is Severity.NUDGE
    a = Athlete().item("soreness", 6)
    sig = _with_volume(a, run_spike=1.25, longest_run_m=32_000.0)
    v = readiness(recovery_state(sig, s), sig.day(sig.n_days - 1), s)
    f = next(f for f in v.findings if f.rule_id == "run_spike")
    assert f.severity is Severity.CAUTION
