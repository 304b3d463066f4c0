"""The contract's documents: each command's JSON, from the results it maps."""

import json
from datetime import date

import pytest

from recoverwell.app.checkin import CheckInResult
from recoverwell.app.contract.documents import (
    checkin_json,
    import_report_json,
    profile_json,
    schema_upgrade_json,
    training_table_json,
)
from recoverwell.app.contract.values import to_json
from recoverwell.app.import_report import FileReport, FileStatus, ImportReport
from recoverwell.app.training import TrainingTable
from recoverwell.app.workspace import SchemaStatus
from recoverwell.core.athlete import AthleteProfile, ProfileValue, ResolvedProfile
from recoverwell.core.types import Observation
from recoverwell.core.units import UnitSystem
from recoverwell.metrics.session import LoadCurrency


def _table() -> TrainingTable:
    return TrainingTable(
        athlete_id=1,
        currency=LoadCurrency.TSS,
        days=(),
        first_data_day=None,
        last_data_day=None,
        srpe_tss_per_au=None,
        sessions_by_model={"hrss": 3},
        surfaces_m={"road": 16_093.44, "trail": 1609.344},
        estimated=("hr_max_bpm",),
        notes=(),
    )


@pytest.mark.reference(source="hand calculation: 16093.44 m = 10 mi = 16.09344 km")
def test_the_training_table_names_its_surfaces_in_the_athletes_units() -> None:
    mi = to_json(training_table_json(_table(), UnitSystem.MI))
    km = to_json(training_table_json(_table(), UnitSystem.KM))
    assert mi["surfaces_mi"] == {"road": 10.0, "trail": 1.0} and "surfaces_km" not in mi
    assert km["surfaces_km"] == {"road": 16.09, "trail": 1.61}
    assert list(mi) == [k.replace("_km", "_mi") for k in km]  # same order
    assert mi["units"] == "mi" and mi["currency"] == "tss" and mi["load_gap"] is None


def test_a_checkins_observations_are_listed_apart_from_what_it_stored() -> None:
    seen = Observation(date(2026, 11, 23), "hooper_sleep", 2.0, "checkin")
    result = CheckInResult(date(2026, 11, 23), 1, 0, 0, (12,), 0, 0, (seen,))
    doc = to_json(checkin_json(result, None, (), ""))
    assert list(doc) == ["result", "observations", "mass_check", "red_flags", "crisis"]
    assert "observations" not in doc["result"] and doc["result"]["rpe_set"] == [12]
    assert doc["observations"][0]["signal"] == "hooper_sleep"


def test_the_profile_gives_each_value_with_its_origin() -> None:
    unknown = ProfileValue(None, "unknown")
    resolved = ResolvedProfile(AthleteProfile(name="Ana", id=1), None, *[unknown] * 7)
    doc = to_json(profile_json(resolved))
    assert doc["units"] == "mi" and doc["sex"] == "unspecified"
    assert list(doc["values"]) == [
        "body_mass_kg", "hr_max_bpm", "hr_rest_bpm", "lthr_bpm", "vt1_hr_bpm", "vt2_hr_bpm",
        "threshold_pace_s_per_km",
    ]  # fmt: skip


def test_an_import_report_counts_files_by_status_and_records_by_kind() -> None:
    files = (FileReport("a.fit", FileStatus.NEW), FileReport("b.gpx", FileStatus.REJECTED))
    doc = to_json(import_report_json(ImportReport(1, files, 0.5, 2048)))
    assert doc["counts"]["new"] == 1 and doc["counts"]["rejected"] == 1
    assert set(doc["records"]) == {"activities", "observations", "sleep"}
    assert doc["bytes"] == 2048 and [f["path"] for f in doc["files"]] == ["a.fit", "b.gpx"]


def test_a_schema_upgrade_says_from_and_to() -> None:
    doc = schema_upgrade_json(
        SchemaStatus("sqlite://", None, "0009"), SchemaStatus("x", "0009", "0009")
    )
    assert json.dumps(to_json(doc)) == '{"url": "x", "from": null, "to": "0009"}'
