"""Units and conversions: the one place where metres become miles and m/s becomes min/mi.

Everything is stored and computed in SI or base units (m, s, m/s, bpm, kg, mL). Conversion to the
athlete's display units happens here, at display time, and nowhere else.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum

from recoverwell.core.errors import InvalidValue

M_PER_KM = 1000.0
M_PER_MI = 1609.344  # international mile, exact by definition (1959)
S_PER_MIN = 60.0
S_PER_H = 3600.0
LB_PER_KG = 2.204_622_621_8  # 1 lb = 0.453 592 37 kg exactly
ML_PER_US_FL_OZ = 29.573_529_562_5  # 1 US fl oz = 29.5735… mL exactly
M_PER_FT = 0.3048  # exact
M_PER_YD = 0.9144  # exact (1959)
KJ_PER_KCAL = 4.184  # thermochemical kilocalorie, the one nutrition labels and devices use
ML_PER_L = 1000.0


class UnitSystem(StrEnum):
    """The athlete's display units: kilometres or miles (most high-mileage runners count miles)."""

    KM = "km"
    MI = "mi"

    @property
    def metres(self) -> float:
        """Metres in one distance unit of this system."""
        return M_PER_KM if self is UnitSystem.KM else M_PER_MI


def km_from_m(distance_m: float) -> float:
    """Metres → kilometres."""
    return distance_m / M_PER_KM


def mi_from_m(distance_m: float) -> float:
    """Metres → statute miles."""
    return distance_m / M_PER_MI


def m_from_km(distance_km: float) -> float:
    """Kilometres → metres."""
    return distance_km * M_PER_KM


def m_from_mi(distance_mi: float) -> float:
    """Statute miles → metres."""
    return distance_mi * M_PER_MI


def ft_from_m(length_m: float) -> float:
    """Metres → feet (elevation for runners who count miles)."""
    return length_m / M_PER_FT


def elevation_in(length_m: float, units: UnitSystem) -> float:
    """Metres → the athlete's elevation unit: feet with miles, metres with kilometres."""
    return ft_from_m(length_m) if units is UnitSystem.MI else length_m


def distance_in(distance_m: float, units: UnitSystem) -> float:
    """Metres → the athlete's distance unit (km or mi)."""
    return distance_m / units.metres


def pace_s_per_km(speed_m_s: float) -> float:
    """Speed in m/s → pace in seconds per kilometre (inf for a standstill)."""
    return math.inf if speed_m_s <= 0 else M_PER_KM / speed_m_s


def pace_s_per_mi(speed_m_s: float) -> float:
    """Speed in m/s → pace in seconds per mile (inf for a standstill)."""
    return math.inf if speed_m_s <= 0 else M_PER_MI / speed_m_s


def pace_in(speed_m_s: float, units: UnitSystem) -> float:
    """Speed in m/s → pace in seconds per the athlete's distance unit."""
    return math.inf if speed_m_s <= 0 else units.metres / speed_m_s


def speed_from_pace(pace_s: float, units: UnitSystem) -> float:
    """Pace in seconds per km or mi → speed in m/s."""
    if pace_s <= 0:
        raise InvalidValue("pace", pace_s, "must be positive")
    return units.metres / pace_s


def kg_from_lb(mass_lb: float) -> float:
    """Pounds → kilograms."""
    return mass_lb / LB_PER_KG


def lb_from_kg(mass_kg: float) -> float:
    """Kilograms → pounds."""
    return mass_kg * LB_PER_KG


def ml_from_fl_oz(volume_fl_oz: float) -> float:
    """US fluid ounces → millilitres."""
    return volume_fl_oz * ML_PER_US_FL_OZ


def kcal_from_kj(energy_kj: float) -> float:
    """Kilojoules → kilocalories (thermochemical)."""
    return energy_kj / KJ_PER_KCAL


def m_from_yd(distance_yd: float) -> float:
    """Yards → metres (pool lengths in yard pools)."""
    return distance_yd * M_PER_YD


def m_from_ft(distance_ft: float) -> float:
    """Feet → metres."""
    return distance_ft * M_PER_FT


#: unit spelling → (dimension, size in the dimension's base unit); used by ``convert``.
#: Spellings are those of the exports we read (Apple ``count/min``, ``fl_oz_us``, ``Cal`` = kcal).
_UNITS: dict[str, tuple[str, float]] = {
    "kg": ("mass", 1.0),
    "g": ("mass", 1e-3),
    "mg": ("mass", 1e-6),
    "lb": ("mass", 1 / LB_PER_KG),
    "lbs": ("mass", 1 / LB_PER_KG),
    "m": ("length", 1.0),
    "km": ("length", M_PER_KM),
    "mi": ("length", M_PER_MI),
    "yd": ("length", M_PER_YD),
    "ft": ("length", M_PER_FT),
    "ml": ("volume", 1.0),
    "l": ("volume", ML_PER_L),
    "fl_oz_us": ("volume", ML_PER_US_FL_OZ),
    "fl oz": ("volume", ML_PER_US_FL_OZ),
    "kcal": ("energy", 1.0),
    "Cal": ("energy", 1.0),  # Apple's food Calorie = kcal
    "kj": ("energy", 1 / KJ_PER_KCAL),
    "s": ("time", 1.0),
    "min": ("time", S_PER_MIN),
    "h": ("time", S_PER_H),
    "hr": ("time", S_PER_H),
    "ms": ("milliseconds", 1.0),
    "count/min": ("rate_per_min", 1.0),
    "bpm": ("rate_per_min", 1.0),
    "%": ("percent", 1.0),
}


def convert(value: float, unit: str, target: str) -> float:
    """``value`` in ``unit`` expressed in ``target``; InvalidValue for unknown or unlike units.

    Unit names are matched as written, then lower-case (``Cal`` stays the food Calorie).
    """

    def look(name: str) -> tuple[str, float]:
        found = _UNITS.get(name) or _UNITS.get(name.lower())
        if found is None:
            raise InvalidValue("unit", name, f"unknown; known: {', '.join(_UNITS)}")
        return found

    (dim_from, size_from), (dim_to, size_to) = look(unit.strip()), look(target.strip())
    if dim_from != dim_to:
        raise InvalidValue("unit", unit, f"cannot convert {dim_from} to {dim_to} ({target})")
    return value * size_from / size_to


def format_duration(duration_s: float) -> str:
    """Seconds → ``h:mm:ss`` (or ``m:ss`` under an hour); ``–`` for missing values."""
    if duration_s is None or not math.isfinite(duration_s):
        return "–"
    total = round(duration_s)
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_pace(pace_s: float, units: UnitSystem | None = None) -> str:
    """Seconds per unit → ``m:ss`` (with ``/km`` or ``/mi`` when units are given)."""
    if pace_s is None or not math.isfinite(pace_s) or pace_s <= 0:
        return "–"
    m, s = divmod(round(pace_s), 60)
    text = f"{m}:{s:02d}"
    return f"{text}/{units.value}" if units is not None else text


_PACE_RE = re.compile(r"^\s*(\d{1,2}):([0-5]\d)(?:\s*/\s*(km|mi))?\s*$")


def parse_pace(text: str, default_units: UnitSystem) -> float:
    """Parse ``"3:35/km"``, ``"5:46/mi"`` or ``"5:46"`` (in ``default_units``) → seconds per km.

    Raises InvalidValue naming the text when it is not a pace.
    """
    match = _PACE_RE.match(text)
    if match is None:
        raise InvalidValue("pace", text, "expected m:ss, m:ss/km or m:ss/mi")
    minutes, seconds, unit = match.groups()
    units = UnitSystem(unit) if unit else default_units
    pace_s = int(minutes) * 60 + int(seconds)
    if pace_s == 0:
        raise InvalidValue("pace", text, "must be positive")
    return pace_s * M_PER_KM / units.metres


def mass_unit(units: UnitSystem) -> str:
    """The body-mass unit that goes with the athlete's distance unit: kg with km, lb with miles."""
    return "lb" if units is UnitSystem.MI else "kg"


def volume_unit(units: UnitSystem) -> str:
    """The fluid unit that goes with the athlete's distance unit: mL with km, US fl oz with mi."""
    return "oz" if units is UnitSystem.MI else "ml"


def mass_in(mass_kg: float, units: UnitSystem) -> float:
    """Kilograms → the athlete's mass unit (kg or lb)."""
    return lb_from_kg(mass_kg) if units is UnitSystem.MI else mass_kg


def format_mass(mass_kg: float, units: UnitSystem) -> str:
    """``57.2kg`` or ``126.1lb``: the athlete's unit, one decimal (as ``parse_mass_kg`` reads)."""
    return f"{mass_in(mass_kg, units):.1f}{mass_unit(units)}"


_MASS_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(kg|lb|lbs)?\s*$", re.IGNORECASE)


def parse_mass_kg(text: str, default_units: UnitSystem = UnitSystem.KM) -> float:
    """Parse a body mass → kilograms: ``"57kg"``, ``"125.5lb"``, or a bare number in the unit
    that goes with ``default_units`` (kg for km, lb for miles; ``mass_unit``)."""
    match = _MASS_RE.match(text)
    if match is None:
        raise InvalidValue("mass", text, "expected a number with an optional kg or lb suffix")
    value, unit = float(match.group(1)), (match.group(2) or mass_unit(default_units)).lower()
    return value if unit == "kg" else kg_from_lb(value)


_VOLUME_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ml|l|oz|fl\s*oz)?\s*$", re.IGNORECASE)


def parse_volume_ml(text: str, default_units: UnitSystem = UnitSystem.KM) -> float:
    """Parse a fluid volume → millilitres: ``"500ml"``, ``"2.5l"``, ``"16oz"`` (US fl oz), or a
    bare number in the unit that goes with ``default_units`` (mL for km, US fl oz for miles)."""
    match = _VOLUME_RE.match(text)
    if match is None:
        raise InvalidValue("volume", text, "expected a number with an optional ml, l or oz")
    unit = (match.group(2) or volume_unit(default_units)).lower()
    value = float(match.group(1))
    if unit == "l":
        return value * ML_PER_L
    return value if unit == "ml" else ml_from_fl_oz(value)
