"""The committed JSON Schemas are the ones the contract's types generate, and say what it writes."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from recoverwell.app.contract import generate
from recoverwell.app.contract.values import MI_KEYS


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def test_the_committed_schemas_are_current() -> None:
    assert generate.stale() == [], "run `make schemas`"


@pytest.mark.parametrize("name", generate.names())
def test_each_schema_is_valid_json_schema_closed_and_complete(name: str) -> None:
    schema = generate.schema(name)
    Draft202012Validator.check_schema(schema)
    for node in _nodes(schema):
        if "properties" in node:  # the mapping writes every field, and only those
            assert node["required"] == list(node["properties"]) and not node["additionalProperties"]
        kinds = node.get("type", [])
        assert "number" not in kinds or "null" in kinds  # NaN is written as null
        assert "default" not in node


def test_a_number_may_be_null_but_a_count_may_not() -> None:
    validator = Draft202012Validator(generate.schema("load_state_updates"))
    row = {
        "athlete_id": 1, "name": "Ana", "action": "advanced", "reason": "", "through_day": None,
        "days_added": 0, "fitness_au": None, "fatigue_au": None, "form_au": None,
        "acwr_coupled": None, "acwr_uncoupled": None, "monotony": None, "form_next_au": None,
    }  # fmt: skip
    assert validator.is_valid({"updates": [row]})
    assert not validator.is_valid({"updates": [row | {"days_added": None}]})


def test_a_document_in_units_is_its_km_form_or_its_mi_form() -> None:
    schema = generate.schema("gear")
    km, mi = schema["anyOf"]
    assert km["properties"]["units"] == {"const": "km"} and mi["properties"]["units"] == {
        "const": "mi"
    }
    km_row, mi_row = schema["$defs"]["GearRow"], schema["$defs"]["GearRowMi"]
    assert list(mi_row["properties"]) == [MI_KEYS.get(k, k) for k in km_row["properties"]]


def test_every_unit_key_of_a_row_has_its_mile_name() -> None:
    """A new column in km or metres without an MI_KEYS entry would keep its km name in miles."""
    for name in ("training_table", "weeks", "gear"):
        defs = generate.schema(name)["$defs"]
        for row in generate.UNIT_ROWS:
            for key in defs.get(row, {}).get("properties", {}):
                if key.endswith(("_km", "_m")) or "_km_" in key:
                    assert key in MI_KEYS, (row, key)


def test_check_names_a_stale_or_unknown_schema_and_writing_fixes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(generate, "SCHEMA_DIR", tmp_path)
    assert generate.main([]) == 0 and generate.main(["--check"]) == 0
    (tmp_path / "gear.json").write_text(json.dumps({"type": "object"}))
    (tmp_path / "gone.json").write_text("{}")
    assert generate.main(["--check"]) == 1
    assert "gear.json: stale" in capsys.readouterr().err
    assert generate.stale() == ["gear.json", "gone.json"]
    assert generate.main([]) == 0 and generate.stale() == []
