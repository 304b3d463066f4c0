from datetime import date

import pytest

from recoverwell.core.athlete import AthleteProfile, Sex, resolve_profile, validate_profile
from recoverwell.core.errors import InvalidValue

TODAY = date(2026, 11, 25)


@pytest.mark.reference(source="Tanaka, Monahan & Seals 2001: HRmax = 208 − 0.7 × age")
def test_hrmax_is_estimated_from_age_and_says_so():
    resolved = resolve_profile(AthleteProfile(name="A", birth_year=1994), TODAY)
    # age 32: 208 − 0.7 × 32 = 185.6 → 186 bpm
    assert resolved.hr_max_bpm.value == 186
    assert resolved.hr_max_bpm.origin == "estimated"
    assert "Tanaka" in (resolved.hr_max_bpm.method or "")
    assert resolved.estimated == ("hr_max_bpm",)


@pytest.mark.reference(source="Karvonen 85 % HRR, Elevate default (anchors.md §2.1)")
def test_lthr_is_estimated_from_heart_rate_reserve():
    profile = AthleteProfile(name="A", hr_max_bpm=190, hr_rest_bpm=44)
    resolved = resolve_profile(profile, TODAY)
    # 44 + 0.85 × (190 − 44) = 44 + 124.1 = 168.1 → 168 bpm
    assert resolved.lthr_bpm.value == 168
    assert resolved.lthr_bpm.origin == "estimated"
    assert resolved.hr_max_bpm.origin == "set"


def test_values_the_athlete_set_are_never_replaced_by_estimates():
    profile = AthleteProfile(
        name="A", birth_year=1994, hr_max_bpm=201, hr_rest_bpm=40, lthr_bpm=180
    )
    resolved = resolve_profile(profile, TODAY)
    assert (resolved.hr_max_bpm.value, resolved.lthr_bpm.value) == (201, 180)
    assert resolved.estimated == ()


def test_nothing_is_invented_without_inputs():
    resolved = resolve_profile(AthleteProfile(name="A"), TODAY)
    assert resolved.hr_max_bpm.origin == "unknown"
    assert resolved.lthr_bpm.value is None
    assert resolved.threshold_pace_s_per_km.origin == "unknown"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hr_max_bpm": 400}, "hr_max_bpm"),
        ({"body_mass_kg": -5}, "body_mass_kg"),
        ({"hr_rest_bpm": 5}, "hr_rest_bpm"),
        ({"birth_year": 2020}, "birth_year"),
        ({"timezone": "Nowhere/Land"}, "timezone"),
        ({"threshold_pace_s_per_km": 60}, "threshold_pace_s_per_km"),
        ({"body_mass_kg": float("nan")}, "body_mass_kg"),
        ({"name": "  "}, "name"),
    ],
)
def test_out_of_range_values_are_refused_with_their_name(changes, field):
    with pytest.raises(InvalidValue) as err:
        AthleteProfile(name="A").with_changes(**changes)
    assert err.value.field == field
    assert field in str(err.value)


def test_heart_rates_must_be_ordered():
    with pytest.raises(InvalidValue, match="hr_max_bpm"):
        AthleteProfile(name="A", hr_rest_bpm=60).with_changes(hr_max_bpm=160, lthr_bpm=170)
    with pytest.raises(InvalidValue, match="vt2_hr_bpm"):
        validate_profile(AthleteProfile(name="A", vt1_hr_bpm=160, vt2_hr_bpm=150))


def test_with_changes_returns_a_new_validated_profile():
    profile = AthleteProfile(name="A")
    updated = profile.with_changes(sex=Sex.FEMALE, hr_max_bpm=188)
    assert profile.hr_max_bpm is None
    assert updated.hr_max_bpm == 188
    with pytest.raises(InvalidValue, match="unknown profile field"):
        profile.with_changes(hr_maximum=188)
