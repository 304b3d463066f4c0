"""The contract's flat records: values in the athlete's units, keys named for them."""

import math
from datetime import date

import pytest

from recoverwell.app.contract.rows import (
    gear_row,
    load_state_update_row,
    training_day_row,
    week_row,
)
from recoverwell.app.gear import GearUse
from recoverwell.app.load_state import LoadStateUpdate, StateAction
from recoverwell.app.training import TrainingDay
from recoverwell.app.weeks import WeekSummary
from recoverwell.core.units import UnitSystem

DAY_VALUES = [
    "fitness",
    "fatigue",
    "form",
    "ramp_rate",
    "acwr_ewma",
    "acwr_coupled",
    "acwr_uncoupled",
    "monotony",
    "strain",
    "rest_days_to_fresh",
    "max_load_for_form",
    "distance_7d_m",
    "distance_change_pct",
    "distance_acwr",
    "long_run_share",
    "run_spike",
    "descent_7d_m",
    "double_days_7d",
    "min_gap_7d_h",
]


def _day(**values: float) -> TrainingDay:
    return TrainingDay(
        day=date(2026, 11, 23),
        load_au=80.04,
        sessions=1,
        unknown_sessions=0,
        models=("hrss", "srpe"),
        distance_m=16_093.44,  # 10 mi exactly (1609.344 m each)
        values={k: values.get(k, math.nan) for k in DAY_VALUES},
        acwr_note="",
        session_notes=("a", "b"),
    )


@pytest.mark.reference(source="hand calculation: 1 mi = 1609.344 m, 1 ft = 0.3048 m (exact)")
def test_a_training_day_in_miles_has_mile_and_foot_keys_and_values() -> None:
    row = training_day_row(_day(descent_7d_m=304.8, distance_7d_m=80_467.2), UnitSystem.MI)
    assert row["distance_mi"] == 10.0
    assert row["distance_7d_mi"] == 50.0  # 80467.2 / 1609.344
    assert row["descent_7d_ft"] == 1000.0  # 304.8 / 0.3048
    assert "distance_km" not in row
    assert row["load_au"] == 80.0 and row["models"] == "hrss+srpe"
    assert row["session_notes"] == "a; b"
    assert row["fitness_au"] is None  # NaN: no data


@pytest.mark.reference(source="hand calculation: 16093.44 m / 1000 = 16.09344 km")
def test_a_training_day_in_km_keeps_metres_for_descent() -> None:
    row = training_day_row(_day(descent_7d_m=304.8, long_run_share=0.256), UnitSystem.KM)
    assert row["distance_km"] == 16.09 and row["descent_7d_m"] == 305.0
    assert row["long_run_share_pct"] == 26.0  # 0.256 × 100, to a whole per cent


@pytest.mark.reference(source="hand calculation: 10 km in 3000 s = 300 s/km = 482.8 s/mi")
def test_a_weeks_pace_is_per_unit_of_the_athlete() -> None:
    week = WeekSummary(date(2026, 11, 16), 2, 10_000.0, 3000.0, 100.0, 150.4)
    km, mi = week_row(week, UnitSystem.KM), week_row(week, UnitSystem.MI)
    assert km["pace_s_per_km"] == 300.0 and km["ascent_m"] == 100
    assert mi["pace_s_per_mi"] == 483.0  # 300 × 1.609344
    assert mi["ascent_ft"] == 328  # 100 / 0.3048 = 328.08
    assert km["avg_hr_bpm"] == 150.0 and km["distance_change_pct"] is None


def test_gear_in_miles() -> None:
    use = GearUse(
        "Pegasus 40", 3, 2, 32_186.88, 7200.4, date(2026, 1, 1), date(2026, 2, 1), 16_093.44
    )
    row = gear_row(use, UnitSystem.MI)
    assert list(row) == [
        "gear", "distance_mi", "runs", "sessions", "moving_s", "longest_mi", "first_day", "last_day"
    ]  # fmt: skip
    assert row["distance_mi"] == 20.0 and row["moving_s"] == 7200


@pytest.mark.reference(source="hand calculation: form going into the next day = 50 − 62 = −12")
def test_a_nightly_row_adds_the_next_days_form() -> None:
    update = LoadStateUpdate(1, "Ana", StateAction.ADVANCED, "", date(2026, 11, 23), 1, 50.0, 62.0)
    row = load_state_update_row(update)
    assert row["form_next_au"] == -12.0
    assert list(row)[-1] == "form_next_au" and math.isnan(row["monotony"])
