"""The readiness settings a user may change: component weights and thresholds, with defaults.

Declared once, with help text (STYLE pattern 11); docs/readiness.md's settings table is generated
from this declaration. Defaults are the named constants of ``advice/thresholds.py`` (each with its
source). A workspace reads overrides from the ``readiness`` setting (config file table
``[readiness]`` or ``RECOVERWELL_READINESS`` as JSON); unknown keys are an error.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from recoverwell.advice import thresholds as t
from recoverwell.core.errors import ConfigError


class ReadinessSettings(BaseModel):
    """Weights and thresholds of the daily readiness verdict (docs/readiness.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weight_hrv: float = Field(t.WEIGHT_HRV, ge=0, description="Weight of HRV (ln rMSSD z).")
    weight_rhr: float = Field(t.WEIGHT_RHR, ge=0, description="Weight of resting HR (z).")
    weight_sleep: float = Field(
        t.WEIGHT_SLEEP, ge=0, description="Weight of last night's sleep against your need."
    )
    weight_wellness: float = Field(
        t.WEIGHT_WELLNESS, ge=0, description="Weight of the morning Hooper check-in (z)."
    )
    weight_load: float = Field(
        t.WEIGHT_LOAD, ge=0, description="Weight of training load (ACWR and form)."
    )
    sleep_need_min: float = Field(
        t.SLEEP_NEED_MIN, gt=0, le=720, description="Your nightly sleep need, minutes (S1)."
    )
    hrv_band_width_sd: float = Field(
        t.BAND_WIDTH_SD, gt=0, le=2, description="Half-width of the HRV normal band, in SD (A2)."
    )
    score_neutral: float = Field(
        t.SCORE_NEUTRAL, ge=0, le=100, description="Score of a day where every signal is usual."
    )
    score_per_sd: float = Field(
        t.SCORE_PER_SD, gt=0, description="Score points per SD of the weighted composite."
    )
    green_min: float = Field(t.GREEN_MIN, ge=0, le=100, description="Lowest green score.")
    red_below: float = Field(t.RED_BELOW, ge=0, le=100, description="Scores below this are red.")
    max_age_d: int = Field(
        t.MAX_AGE_D, ge=0, le=7, description="Oldest reading (days) a component may use."
    )
    stale_factor: float = Field(
        t.STALE_FACTOR, ge=0, le=1, description="Weight kept by a reading from an earlier day."
    )
    min_coverage: float = Field(
        t.MIN_COVERAGE, ge=0, le=1, description="Below this share of weight present: no verdict."
    )
    hrv_acute_low_z: float = Field(
        t.HRV_ACUTE_LOW_Z, le=0, description="HRV today at or below this z flags autonomic (A2)."
    )
    rhr_acute_rise_bpm: float = Field(
        t.RHR_ACUTE_RISE_BPM, ge=0, description="RHR rise (bpm) that flags an acute change (A4)."
    )
    rhr_acute_rise_sd: float = Field(
        t.RHR_ACUTE_RISE_SD, ge=0, description="... or this many SD, whichever is larger (A4)."
    )
    rhr_marked_rise_bpm: float = Field(
        t.RHR_MARKED_RISE_BPM, ge=0, description="A marked RHR rise (bpm): the guide's +10."
    )
    sleep_short_mean_min: float = Field(
        t.SLEEP_SHORT_MEAN_MIN, ge=0, description="7-day mean total sleep below this → CAUTION."
    )
    sleep_debt_caution_min: float = Field(
        t.SLEEP_DEBT_CAUTION_MIN, ge=0, description="7-day sleep debt above this → CAUTION (S2)."
    )
    hooper_z_high: float = Field(
        t.HOOPER_Z_HIGH, ge=0, description="Hooper z above this is a worse-than-usual morning."
    )
    acwr_large_jump: float = Field(
        t.ACWR_LARGE_JUMP, gt=0, description="ACWR above this is a 'large jump' (L2)."
    )
    tsb_high_fatigue: float = Field(
        t.TSB_HIGH_FATIGUE, le=0, description="Form (TSB) below this is 'high fatigue' (L6)."
    )

    @model_validator(mode="after")
    def _consistent(self) -> ReadinessSettings:
        weights = (
            self.weight_hrv,
            self.weight_rhr,
            self.weight_sleep,
            self.weight_wellness,
            self.weight_load,
        )
        if sum(weights) <= 0:
            raise ValueError("at least one component weight must be positive")
        if self.red_below > self.green_min:
            raise ValueError("red_below must not exceed green_min")
        return self

    @property
    def weights(self) -> dict[str, float]:
        """Component weights by component key."""
        return {
            "hrv": self.weight_hrv,
            "rhr": self.weight_rhr,
            "sleep": self.weight_sleep,
            "wellness": self.weight_wellness,
            "load": self.weight_load,
        }


def readiness_settings(overrides: dict[str, Any] | None = None) -> ReadinessSettings:
    """Defaults with ``overrides`` applied; ConfigError names the first bad key."""
    try:
        return ReadinessSettings(**(overrides or {}))
    except ValidationError as err:
        first = err.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "readiness"
        raise ConfigError(f"setting readiness.{key}: {first['msg']}") from err
