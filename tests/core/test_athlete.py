from datetime import date

import pytest

from recoverwell.core.athlete import (
    AthleteProfile,
    ProfileValue,
    Sex,
    resolve_profile,
    validate_profile,
)
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


@pytest.mark.reference(source="Karvonen 85 % HRR, Elevate default (docs/anchors.md §2.1)")
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


def test_data_estimates_fill_unset_values_first_and_never_a_set_one():
    data = {
        "hr_max_bpm": ProfileValue(193.0, "estimated", "highest HR held 10 s"),
        "lthr_bpm": ProfileValue(172.0, "estimated", "best 20-min HR × 0.95"),
        "threshold_pace_s_per_km": ProfileValue(230.0, "estimated", "Daniels T pace"),
    }
    profile = AthleteProfile(name="A", birth_year=1994, hr_rest_bpm=44, lthr_bpm=170)
    resolved = resolve_profile(profile, TODAY, data)
    assert resolved.hr_max_bpm == data["hr_max_bpm"]  # before Tanaka's 186
    assert resolved.threshold_pace_s_per_km == data["threshold_pace_s_per_km"]
    assert resolved.lthr_bpm == ProfileValue(170, "set")
    assert resolved.estimated == ("hr_max_bpm", "threshold_pace_s_per_km")
    # without a data LTHR, Karvonen reads the data HRmax: 44 + 0.85 × (193 − 44) = 170.65 → 171
    no_lthr = resolve_profile(profile.with_changes(lthr_bpm=None), TODAY, data | {})
    assert no_lthr.lthr_bpm.value == 172.0
    karvonen = resolve_profile(
        profile.with_changes(lthr_bpm=None), TODAY, {"hr_max_bpm": data["hr_max_bpm"]}
    )
    assert karvonen.lthr_bpm.value == 171
    with pytest.raises(InvalidValue, match="hr_rest_bpm"):
        resolve_profile(profile, TODAY, {"hr_rest_bpm": ProfileValue(50.0, "estimated")})


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
