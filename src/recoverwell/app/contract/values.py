"""JSON values: results, dates, enums and non-finite floats as JSON, rows in the athlete's units."""

from __future__ import annotations

import dataclasses
import math
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar, cast

from recoverwell.core.units import UnitSystem

T = TypeVar("T")

#: The keys of a km row (and of the training table) as an athlete in miles gets them.
MI_KEYS = {
    "distance_km": "distance_mi",
    "distance_7d_km": "distance_7d_mi",
    "descent_7d_m": "descent_7d_ft",
    "pace_s_per_km": "pace_s_per_mi",
    "longest_run_km": "longest_run_mi",
    "ascent_m": "ascent_ft",
    "descent_m": "descent_ft",
    "longest_km": "longest_mi",
    "surfaces_km": "surfaces_mi",
}


def jsonable(value: Any) -> Any:
    """``value`` with dataclasses, dates, enums and non-finite floats made JSON-friendly."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def to_json(document: object) -> Any:
    """A document (or a bare result) as JSON values, ready for ``json.dumps``."""
    return jsonable(document)


def in_units(row: T, units: UnitSystem) -> T:
    """A km-keyed row as ``units`` names it: in miles, ``MI_KEYS`` renames (order kept)."""
    if units is UnitSystem.KM:
        return row
    return cast(T, {MI_KEYS.get(k, k): v for k, v in cast(dict[str, Any], row).items()})
