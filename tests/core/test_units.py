import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverwell.core.errors import InvalidValue
from recoverwell.core.units import (
    UnitSystem,
    distance_in,
    format_duration,
    format_pace,
    kg_from_lb,
    m_from_mi,
    mi_from_m,
    ml_from_fl_oz,
    pace_in,
    pace_s_per_km,
    pace_s_per_mi,
    parse_mass_kg,
    parse_pace,
    speed_from_pace,
)


@pytest.mark.reference(source="international mile = 1609.344 m exactly (1959 agreement)")
def test_a_mile_is_1609_344_metres():
    assert m_from_mi(1) == 1609.344
    assert mi_from_m(42_195) == pytest.approx(42_195 / 1609.344)  # 26.2188 mi
    assert distance_in(10_000, UnitSystem.KM) == 10.0


@pytest.mark.reference(source="hand calculation")
def test_pace_conversions_are_arithmetic():
    # 4:00/km is 1000/240 m/s; per mile that is 240 × 1.609344 = 386.24256 s = 6:26/mi
    speed = 1000 / 240
    assert pace_s_per_km(speed) == pytest.approx(240)
    assert pace_s_per_mi(speed) == pytest.approx(240 * 1.609344)
    assert format_pace(pace_in(speed, UnitSystem.MI), UnitSystem.MI) == "6:26/mi"
    assert speed_from_pace(386.24256, UnitSystem.MI) == pytest.approx(speed)


def test_a_standstill_has_no_pace():
    assert math.isinf(pace_s_per_km(0.0))
    assert format_pace(math.inf) == "–"


@pytest.mark.reference(source="1 lb = 0.45359237 kg; 1 US fl oz = 29.5735295625 mL (exact)")
def test_mass_and_volume_conversions():
    assert kg_from_lb(100) == pytest.approx(45.359237)
    assert ml_from_fl_oz(16) == pytest.approx(473.176473)


def test_parse_pace_accepts_both_units_and_the_default():
    assert parse_pace("3:38/km", UnitSystem.MI) == 218
    assert parse_pace("5:51/mi", UnitSystem.KM) == pytest.approx(351 / 1.609344)
    assert parse_pace("5:51", UnitSystem.MI) == pytest.approx(351 / 1.609344)


@pytest.mark.parametrize("text", ["fast", "5:61", "0:00", "5.5"])
def test_parse_pace_names_bad_text(text):
    with pytest.raises(InvalidValue, match="pace"):
        parse_pace(text, UnitSystem.KM)


def test_parse_mass_defaults_to_kilograms():
    assert parse_mass_kg("57") == 57
    assert parse_mass_kg("57kg") == 57
    assert parse_mass_kg("125.5 lb") == pytest.approx(125.5 * 0.45359237)
    with pytest.raises(InvalidValue, match="mass"):
        parse_mass_kg("-5")


@pytest.mark.reference(source="1 lb = 0.45359237 kg (exact); hand arithmetic in the asserts")
def test_a_bare_mass_is_in_the_athletes_unit_and_a_written_unit_wins():
    assert parse_mass_kg("126", UnitSystem.MI) == pytest.approx(126 * 0.45359237)  # 57.15 kg
    assert parse_mass_kg("126", UnitSystem.KM) == 126
    assert parse_mass_kg("57kg", UnitSystem.MI) == 57
    assert parse_mass_kg("126lb", UnitSystem.KM) == pytest.approx(126 * 0.45359237)
    assert parse_mass_kg("126 LBS", UnitSystem.KM) == pytest.approx(126 * 0.45359237)


@pytest.mark.reference(source="1 US fl oz = 29.5735295625 mL, 1 L = 1000 mL (exact)")
def test_a_bare_volume_is_in_the_athletes_unit_and_a_written_unit_wins():
    from recoverwell.core.units import parse_volume_ml

    assert parse_volume_ml("500", UnitSystem.KM) == 500
    assert parse_volume_ml("16", UnitSystem.MI) == pytest.approx(16 * 29.5735295625)
    assert parse_volume_ml("500ml", UnitSystem.MI) == 500
    assert parse_volume_ml("16oz", UnitSystem.KM) == pytest.approx(16 * 29.5735295625)
    assert parse_volume_ml("16 fl oz", UnitSystem.KM) == pytest.approx(16 * 29.5735295625)
    assert parse_volume_ml("2.5L", UnitSystem.MI) == 2.5 * 1000
    with pytest.raises(InvalidValue, match="volume"):
        parse_volume_ml("a glass", UnitSystem.KM)


@pytest.mark.reference(source="57.2 kg × 2.2046226218 lb/kg = 126.10 lb (hand arithmetic)")
def test_a_mass_is_shown_in_the_athletes_unit_in_the_form_it_is_read():
    from recoverwell.core.units import format_mass

    assert format_mass(57.2, UnitSystem.KM) == "57.2kg"
    assert format_mass(57.2, UnitSystem.MI) == "126.1lb"
    assert parse_mass_kg(format_mass(57.2, UnitSystem.MI)) == pytest.approx(57.2, abs=0.05)


def test_format_duration():
    assert format_duration(59) == "0:59"
    assert format_duration(3600 + 62) == "1:01:02"


@given(st.floats(min_value=0.1, max_value=1e6, allow_nan=False))
def test_miles_and_metres_round_trip(distance_m):
    assert m_from_mi(mi_from_m(distance_m)) == pytest.approx(distance_m)


@given(st.floats(min_value=0.5, max_value=12.0))
def test_pace_and_speed_round_trip(speed_m_s):
    for units in UnitSystem:
        assert speed_from_pace(pace_in(speed_m_s, units), units) == pytest.approx(speed_m_s)


def test_convert_between_the_units_exports_use():
    from recoverwell.core.units import convert, kcal_from_kj, m_from_ft, m_from_yd

    assert convert(1, "lb", "kg") == pytest.approx(0.45359237)
    assert convert(16, "fl_oz_us", "mL") == pytest.approx(16 * 29.5735295625)
    assert convert(4184, "kJ", "kcal") == pytest.approx(1000) == kcal_from_kj(4184)
    assert convert(250, "Cal", "kcal") == 250  # Apple's food Calorie is a kilocalorie
    assert convert(2, "h", "min") == 120
    assert m_from_yd(100) == pytest.approx(91.44) and m_from_ft(1) == pytest.approx(0.3048)
    with pytest.raises(InvalidValue, match="cannot convert mass"):
        convert(1, "kg", "km")
    with pytest.raises(InvalidValue, match="furlong"):
        convert(1, "furlong", "m")


def test_elevation_is_in_feet_for_miles_and_metres_for_kilometres():
    from recoverwell.core.units import UnitSystem, elevation_in, ft_from_m

    assert ft_from_m(0.3048) == pytest.approx(1.0)
    assert elevation_in(100.0, UnitSystem.MI) == pytest.approx(100 / 0.3048)
    assert elevation_in(100.0, UnitSystem.KM) == 100.0
