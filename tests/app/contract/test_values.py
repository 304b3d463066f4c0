"""to_json: results, dates, enums, non-finite floats as JSON values; rows in the athlete's units."""

import json
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime

from recoverwell.app.contract.values import MI_KEYS, in_units, jsonable, to_json
from recoverwell.core.units import UnitSystem


@dataclass(frozen=True)
class _Inner:
    day: date
    units: UnitSystem


@dataclass(frozen=True)
class _Outer:
    score: float
    inner: _Inner
    parts: tuple[float, ...]
    by_key: dict[int, float]


def test_a_result_becomes_an_object_of_its_fields_in_json_values() -> None:
    result = _Outer(math.nan, _Inner(date(2026, 11, 23), UnitSystem.MI), (1.5, math.inf), {7: 2.0})
    assert to_json(result) == {
        "score": None,  # NaN: no data
        "inner": {"day": "2026-11-23", "units": "mi"},
        "parts": [1.5, None],  # a non-finite float anywhere is null
        "by_key": {"7": 2.0},  # JSON keys are strings
    }
    json.dumps(to_json(result), allow_nan=False)  # strict JSON: no NaN token left


def test_a_datetime_keeps_its_offset() -> None:
    at = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)
    assert jsonable({"at": at}) == {"at": "2026-11-23T06:30:00+00:00"}


def test_a_km_row_is_renamed_for_miles_in_the_same_order() -> None:
    row = {"day": "2026-11-23", "distance_km": 16.09, "descent_7d_m": 305, "runs": 1}
    assert in_units(row, UnitSystem.KM) is row
    mi = in_units(row, UnitSystem.MI)
    assert list(mi) == ["day", "distance_mi", "descent_7d_ft", "runs"]
    assert list(mi.values()) == list(row.values())  # values are converted by the row's builder


def test_every_mi_key_is_its_km_key_in_miles_or_feet() -> None:
    for km, mi in MI_KEYS.items():
        assert mi == (km[:-2] + "_ft" if km.endswith("_m") else km.replace("_km", "_mi"))
