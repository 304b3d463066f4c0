"""Every command's ``--json`` is valid against its committed schema (issue 13 item 2).

One demo workspace (synthetic athlete, miles) gets every command that has ``--json``, then the
same athlete in km, a second athlete with a Strava export from the sample corpus, and a fresh
workspace for ``init``. The schemas are the files shipped in ``app/contract/schemas``
(``tests/app/test_generate.py`` checks they are current); a mutated document must fail them.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from recoverwell.app.contract.generate import SCHEMA_DIR, names
from recoverwell.cli import app
from tests.conftest import CORPUS

DEMO_END = "2026-11-23"
STRAVA = "exports/strava/TheNewThinkTank__strava-insights/data/activities.csv"


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _run(db: str, *args: str) -> Any:
    result = CliRunner().invoke(app, ["--db", db, *args, "--json"])
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.stdout)


#: (case, schema, command) in the order they run on the demo workspace
DEMO_CASES = (
    ("readiness", "readiness", ["readiness", "--day", DEMO_END]),
    # from before the demo's first day (2026-09-15): the days without data are null
    ("metrics_mi", "training_table", ["metrics", "--from", "2026-09-08", "--to", DEMO_END]),
    ("weeks_mi", "weeks", ["weeks", "--to", DEMO_END]),
    ("activities", "activities", ["activities", "--from", "2026-11-16", "--to", DEMO_END]),
    ("activity_show", "activity_detail", ["activity", "show", "3"]),
    ("activity_edit", "activity", ["activity", "edit", "3", "--gear", "Pegasus 40", "--rpe", "6"]),
    ("activity_exclude", "activity", ["activity", "edit", "4", "--exclude", "GPS glitch"]),
    ("problems", "activity_problems", ["activities", "--problems"]),
    ("activity_delete", "activity", ["activity", "delete", "5", "--yes"]),
    ("gear_mi", "gear", ["gear"]),
    ("nightly", "load_state_updates", ["nightly", "--through", DEMO_END]),
    ("trends", "trends", ["trends", "--to", DEMO_END, "--days", "7"]),
    ("signals", "signals", ["signals", "show", "--from", "2026-11-20", "--to", DEMO_END]),
    ("priority_set", "source_priority", ["signals", "priority", "hrv_rmssd_ms", "oura,garmin"]),
    ("priority", "source_priority", ["signals", "priority"]),
    (
        "checkin",
        "checkin",
        [
            *("checkin", "--day", DEMO_END, "--sleep", "2", "--fatigue", "4", "--stress", "3"),
            *("--soreness", "5", "--mood", "2", "--motivation", "2", "--mass", "40kg"),
            *("--chest-pain", "--no-ask"),
        ],
    ),
    ("athlete_show", "profile", ["athlete", "show"]),
    ("athlete_set", "profile", ["athlete", "set", "--hr-max", "188", "--units", "km"]),
    ("metrics_km", "training_table", ["metrics", "--from", "2026-10-20", "--to", DEMO_END]),
    ("weeks_km", "weeks", ["weeks", "--to", DEMO_END]),
    ("gear_km", "gear", ["gear"]),
    ("athlete_add", "athlete", ["athlete", "add", "--name", "Ben", "--units", "km"]),
    ("athlete_list", "athletes", ["athlete", "list"]),
    ("db_status", "schema_status", ["db", "status"]),
    ("db_upgrade", "schema_upgrade", ["db", "upgrade"]),
)
SCHEMA_OF = {case: schema for case, schema, _ in DEMO_CASES} | {
    "demo": "demo",
    "import": "import_report",
    "athlete_remove": "athlete_removed",
    "init": "init",
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Each case's parsed ``--json`` output, run in order on the demo workspace."""
    folder = tmp_path_factory.mktemp("contract")
    db = f"sqlite:///{folder / 'demo.db'}"
    done = {"demo": _run(db, "demo", "--weeks", "10", "--end", DEMO_END)}
    for case, _, args in DEMO_CASES:
        done[case] = _run(db, *args)
    if CORPUS is not None:  # the sample corpus (tests/conftest.py); the rest never needs it
        done["import"] = _run(db, "import", "--athlete", "Ben", str(CORPUS / STRAVA))
    done["athlete_remove"] = _run(db, "athlete", "remove", "Ben", "--yes")
    done["init"] = _run(f"sqlite:///{folder / 'fresh.db'}", "init", "--name", "Ana")
    return done


def test_every_schema_has_a_command_whose_json_it_checks() -> None:
    assert sorted(set(SCHEMA_OF.values())) == sorted(names())


@pytest.mark.parametrize("case", sorted(SCHEMA_OF))
def test_the_commands_json_is_valid_against_its_schema(case: str, outputs: dict[str, Any]) -> None:
    if case not in outputs:
        pytest.skip("sample corpus not found (set RECOVERWELL_CORPUS)")
    errors = [e.message for e in _validator(SCHEMA_OF[case]).iter_errors(outputs[case])]
    assert errors == []


def test_the_cases_reach_the_values_they_are_meant_to(outputs: dict[str, Any]) -> None:
    """The documents are not trivially valid: rows, nulls, both unit forms, flags, problems."""
    assert (
        outputs["metrics_mi"]["units"] == "mi" and "distance_mi" in outputs["metrics_mi"]["rows"][0]
    )
    assert "distance_km" in outputs["metrics_km"]["rows"][0]
    assert "surfaces_km" in outputs["metrics_km"]
    assert any(g["gear"] == "Pegasus 40" for g in outputs["gear_km"]["gear"])
    assert outputs["problems"] and outputs["checkin"]["red_flags"]
    assert outputs["checkin"]["mass_check"] is not None
    assert outputs["activity_show"]["hr_zones"] and outputs["activity_show"]["laps"] is not None
    rows = outputs["metrics_mi"]["rows"]
    assert any(v is None for row in rows for v in row.values())  # NaN → null, allowed
    assert outputs["nightly"]["updates"][0]["form_next_au"] is not None


def _mutations(outputs: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(why, schema, document) that must be rejected."""
    readiness = outputs["readiness"]
    wrong_type = copy.deepcopy(readiness)
    wrong_type["readiness"]["score"] = "high"
    missing = copy.deepcopy(readiness)
    del missing["explanation"]
    extra = copy.deepcopy(readiness)
    extra["readiness"]["components"][0]["colour"] = "red"
    bad_enum = copy.deepcopy(readiness)
    bad_enum["readiness"]["light"] = "purple"
    km_as_mi = copy.deepcopy(outputs["metrics_km"])
    km_as_mi["units"] = "mi"  # the keys still say km
    mixed = copy.deepcopy(outputs["weeks_mi"])
    mixed["weeks"][0]["distance_km"] = mixed["weeks"][0].pop("distance_mi")
    bad_day = copy.deepcopy(outputs["activities"])
    bad_day[0]["local_date"] = "23/11/2026"
    not_null = copy.deepcopy(outputs["athlete_list"])
    not_null[0]["activities"] = None  # a count is never NaN, so never null
    return [
        ("a number as a string", "readiness", wrong_type),
        ("a required key missing", "readiness", missing),
        ("a key the shape does not have", "readiness", extra),
        ("a value outside its enum", "readiness", bad_enum),
        ("km keys with units mi", "training_table", km_as_mi),
        ("a km key in a mi row", "weeks", mixed),
        ("a date not in ISO form", "activities", bad_day),
        ("null for an integer", "athletes", not_null),
    ]


def test_a_mutated_document_is_rejected(outputs: dict[str, Any]) -> None:
    accepted = [
        why
        for why, schema, document in _mutations(outputs)
        if _validator(schema).is_valid(document)
    ]
    assert accepted == []
