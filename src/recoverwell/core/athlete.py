"""The athlete profile: physiological anchors, timezone and display units.

Values the athlete set are kept apart from values recoverwell estimates. ``resolve_profile`` fills
the gaps it can, and every filled value says it is an estimate and by which formula, so a default
is never silent (Runalyze's silent HRmax 200 is the anti-pattern).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from recoverwell.core.errors import InvalidValue
from recoverwell.core.timeutil import parse_timezone, utc_now
from recoverwell.core.units import UnitSystem

#: Tanaka, Monahan & Seals (2001), J Am Coll Cardiol 37:153–156: HRmax = 208 − 0.7 × age.
TANAKA_INTERCEPT_BPM = 208.0
TANAKA_SLOPE_BPM_PER_YEAR = 0.7
#: LTHR estimate as 85 % of heart-rate reserve (Karvonen); Elevate's default (docs/anchors.md §2.1).
LTHR_FRACTION_OF_HRR = 0.85

#: Allowed ranges (inclusive) for profile values; wide enough for any healthy adult runner.
PROFILE_RANGES: dict[str, tuple[float, float, str]] = {
    "hr_max_bpm": (120.0, 230.0, "bpm"),
    "hr_rest_bpm": (25.0, 110.0, "bpm"),
    "lthr_bpm": (90.0, 225.0, "bpm"),
    "vt1_hr_bpm": (80.0, 225.0, "bpm"),
    "vt2_hr_bpm": (90.0, 228.0, "bpm"),
    "body_mass_kg": (30.0, 200.0, "kg"),
    "threshold_pace_s_per_km": (150.0, 720.0, "s/km"),
}
MIN_AGE_Y = 18  # docs/science.md §11.7: no users under 18 without a separate youth review
MAX_AGE_Y = 100


class Sex(StrEnum):
    """Sex as used by sex-specific formulas (TRIMP factors); ``unspecified`` uses neutral ones."""

    FEMALE = "female"
    MALE = "male"
    UNSPECIFIED = "unspecified"


@dataclass(frozen=True, slots=True)
class AthleteProfile:
    """What the athlete has told recoverwell; ``None`` means not set (estimates are separate)."""

    name: str
    id: int | None = None
    sex: Sex = Sex.UNSPECIFIED
    birth_year: int | None = None
    body_mass_kg: float | None = None
    hr_max_bpm: float | None = None
    hr_rest_bpm: float | None = None
    lthr_bpm: float | None = None
    threshold_pace_s_per_km: float | None = None
    vt1_hr_bpm: float | None = None
    vt2_hr_bpm: float | None = None
    timezone: str = "UTC"
    units: UnitSystem = UnitSystem.MI
    synthetic: bool = False

    def with_changes(self, **changes: object) -> AthleteProfile:
        """A validated copy with ``changes`` applied (``None`` clears a value)."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)} - {"id"}
        if unknown:
            raise InvalidValue("profile", sorted(unknown), "unknown profile field(s)")
        updated = dataclasses.replace(self, **changes)  # type: ignore[arg-type]
        validate_profile(updated)
        return updated


Origin = Literal["set", "estimated", "unknown"]


@dataclass(frozen=True, slots=True)
class ProfileValue:
    """A resolved profile value and where it came from (``method`` explains an estimate)."""

    value: float | None
    origin: Origin
    method: str | None = None


@dataclass(frozen=True, slots=True)
class ResolvedProfile:
    """The profile with every gap that can be estimated filled in, and labelled."""

    profile: AthleteProfile
    age_y: int | None
    hr_max_bpm: ProfileValue
    hr_rest_bpm: ProfileValue
    lthr_bpm: ProfileValue
    threshold_pace_s_per_km: ProfileValue
    vt1_hr_bpm: ProfileValue
    vt2_hr_bpm: ProfileValue
    body_mass_kg: ProfileValue

    @property
    def estimated(self) -> tuple[str, ...]:
        """Names of the values that are estimates rather than the athlete's own."""
        return tuple(
            f.name
            for f in dataclasses.fields(self)
            if isinstance(getattr(self, f.name), ProfileValue)
            and getattr(self, f.name).origin == "estimated"
        )


def _check_range(field: str, value: float | None) -> None:
    if value is None:
        return
    low, high, unit = PROFILE_RANGES[field]
    if not math.isfinite(value) or not low <= value <= high:
        raise InvalidValue(field, value, f"out of range {low:g}–{high:g} {unit}")


def validate_profile(profile: AthleteProfile, today: date | None = None) -> None:
    """Raise InvalidValue naming the first field that is out of range or inconsistent."""
    if not profile.name.strip():
        raise InvalidValue("name", profile.name, "must not be empty")
    for field in PROFILE_RANGES:
        _check_range(field, getattr(profile, field))
    if profile.birth_year is not None:
        year = (today or utc_now().date()).year
        if not year - MAX_AGE_Y <= profile.birth_year <= year - MIN_AGE_Y:
            raise InvalidValue(
                "birth_year",
                profile.birth_year,
                f"out of range {year - MAX_AGE_Y}–{year - MIN_AGE_Y} (adults 18–100)",
            )
    parse_timezone(profile.timezone)
    _check_order(profile, ("hr_rest_bpm", "vt1_hr_bpm", "vt2_hr_bpm", "hr_max_bpm"))
    _check_order(profile, ("hr_rest_bpm", "lthr_bpm", "hr_max_bpm"))


def _check_order(profile: AthleteProfile, chain: tuple[str, ...]) -> None:
    present = [
        (name, getattr(profile, name)) for name in chain if getattr(profile, name) is not None
    ]
    for (lo_name, lo), (hi_name, hi) in itertools.pairwise(present):
        if lo >= hi:
            raise InvalidValue(hi_name, hi, f"must be above {lo_name} ({lo:g})")


def _given(value: float | None) -> ProfileValue:
    return ProfileValue(value, "set") if value is not None else ProfileValue(None, "unknown")


def age_predicted_hr_max_bpm(age_y: int) -> float:
    """HRmax predicted from age (Tanaka 2001), rounded to a whole bpm."""
    return float(round(TANAKA_INTERCEPT_BPM - TANAKA_SLOPE_BPM_PER_YEAR * age_y))


#: Values ``resolve_profile`` takes from data-driven estimates (``app/estimates.py``).
ESTIMABLE = ("hr_max_bpm", "lthr_bpm", "threshold_pace_s_per_km")


def resolve_profile(
    profile: AthleteProfile, today: date, estimates: Mapping[str, ProfileValue] | None = None
) -> ResolvedProfile:
    """Fill HRmax, LTHR and threshold pace when unset; label each estimate.

    ``estimates`` (from the runner's own data, worked out in the app layer) come first for a
    value the athlete did not set; then HRmax from age (Tanaka) and LTHR from 85 % HRR
    (Karvonen). A value the athlete set is always kept.
    """
    given = dict(estimates or {})
    unknown = set(given) - set(ESTIMABLE)
    if unknown:
        raise InvalidValue("estimates", sorted(unknown), f"can estimate: {', '.join(ESTIMABLE)}")
    age = today.year - profile.birth_year if profile.birth_year is not None else None

    def own(field: str) -> ProfileValue:
        value = _given(getattr(profile, field))
        return given.get(field, value) if value.origin == "unknown" else value

    hr_max = own("hr_max_bpm")
    if hr_max.value is None and age is not None:
        hr_max = ProfileValue(
            age_predicted_hr_max_bpm(age), "estimated", f"Tanaka 2001: 208 − 0.7 × age {age}"
        )
    hr_rest = _given(profile.hr_rest_bpm)
    lthr = own("lthr_bpm")
    if lthr.value is None and hr_max.value is not None and hr_rest.value is not None:
        lthr = ProfileValue(
            round(hr_rest.value + LTHR_FRACTION_OF_HRR * (hr_max.value - hr_rest.value)),
            "estimated",
            "Karvonen: 85 % of heart-rate reserve",
        )
    return ResolvedProfile(
        profile=profile,
        age_y=age,
        hr_max_bpm=hr_max,
        hr_rest_bpm=hr_rest,
        lthr_bpm=lthr,
        threshold_pace_s_per_km=own("threshold_pace_s_per_km"),
        vt1_hr_bpm=_given(profile.vt1_hr_bpm),
        vt2_hr_bpm=_given(profile.vt2_hr_bpm),
        body_mass_kg=_given(profile.body_mass_kg),
    )
