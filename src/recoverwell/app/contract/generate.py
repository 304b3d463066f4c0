"""The JSON Schema of every contract document, generated from its types and committed.

``python -m recoverwell.app.contract.generate`` (``make schemas``) writes
``app/contract/schemas/<document>.json``; with ``--check`` it only says which are stale (``make
lint`` and ``tests/app/test_generate.py`` run that). Never imported at run time: pydantic builds
the schemas here (``TypeAdapter(T).json_schema()``), and a command's start-up does not pay for
it.

What the generated schemas add to pydantic's (each checked in the tests):

- every number may be ``null``: ``to_json`` writes a non-finite float (NaN = no data) as null;
- every object lists all its properties as required and allows no others: the mapping always
  writes every field, so a field added to a result without its schema regenerated fails
  ``tests/cli/test_json_contract.py``;
- a document with rows in the athlete's units is ``anyOf`` its km form and its mi form, whose
  keys ``values.MI_KEYS`` renames (``distance_km`` → ``distance_mi``), ``units`` fixed in each;
- no defaults (an output has none; a NaN default is not JSON) and no per-property titles.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from recoverwell.app.contract import documents, rows
from recoverwell.app.contract.values import MI_KEYS

SCHEMA_DIR = Path(__file__).parent / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: the row types whose keys follow the athlete's units (their mi forms are renamed copies)
UNIT_ROWS = ("TrainingDayRow", "WeekRow", "GearRow")


def _bind_type_checking_imports() -> None:
    """Import, into the contract modules, the result types they import for type checking only,
    so pydantic can read their annotations (the run time never needs them)."""
    for module in (rows, documents):
        tree = ast.parse(inspect.getsource(module))
        for node in tree.body:
            if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
                for imp in node.body:
                    if isinstance(imp, ast.ImportFrom) and imp.module:
                        source = importlib.import_module(imp.module)
                        for alias in imp.names:
                            vars(module).setdefault(
                                alias.asname or alias.name, getattr(source, alias.name)
                            )


def _shapes() -> dict[str, tuple[Any, bool]]:
    """Each document's name → (its type, whether its rows follow the athlete's units)."""
    _bind_type_checking_imports()
    from recoverwell.app.activity_fixes import ActivityProblem
    from recoverwell.app.setup import InitResult
    from recoverwell.app.signals import ResolvedValue
    from recoverwell.core.athlete import AthleteProfile

    return {
        "readiness": (documents.ReadinessDoc, False),
        "training_table": (documents.TrainingTableDoc, True),
        "weeks": (documents.WeeksDoc, True),
        "gear": (documents.GearDoc, True),
        "activities": (list[rows.ActivitySummary], False),
        "activity": (rows.ActivitySummary, False),
        "activity_detail": (documents.ActivityDetailDoc, False),
        "activity_problems": (list[ActivityProblem], False),
        "load_state_updates": (documents.LoadStateUpdatesDoc, False),
        "trends": (documents.TrendsDoc, False),
        "signals": (list[ResolvedValue], False),
        "source_priority": (dict[str, tuple[str, ...]], False),
        "checkin": (documents.CheckInDoc, False),
        "profile": (documents.ProfileDoc, False),
        "athlete": (AthleteProfile, False),
        "athletes": (list[rows.RosterRow], False),
        "athlete_removed": (documents.AthleteRemovedDoc, False),
        "import_report": (documents.ImportReportDoc, False),
        "demo": (documents.DemoDoc, True),
        "init": (InitResult, False),
        "schema_status": (documents.SchemaStatusDoc, False),
        "schema_upgrade": (documents.SchemaUpgradeDoc, False),
    }


def _tighten(node: Any) -> Any:
    """Numbers nullable, objects closed and complete, defaults and property titles dropped;
    ``anyOf`` plain types (``float | None``) written as one list of types."""
    if isinstance(node, list):
        return [_tighten(n) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "properties":
            out[key] = {k: _untitled(_tighten(v)) for k, v in value.items()}
            out["required"] = list(value)
        elif key not in ("default", "required"):
            out[key] = _tighten(value)
    if "properties" in out:
        out["additionalProperties"] = False
    members = out.get("anyOf", [])
    if members and all(isinstance(m, dict) and list(m) == ["type"] for m in members):
        del out["anyOf"]
        out["type"] = list(dict.fromkeys(t for m in members for t in _types(m)))
    if "number" in _types(out) and "null" not in _types(out):  # NaN is written as null
        out["type"] = [*_types(out), "null"]
    return out


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("type", [])
    return list(dict.fromkeys([kind] if isinstance(kind, str) else kind))


def _untitled(node: Any) -> Any:
    if isinstance(node, dict):
        node.pop("title", None)
    return node


def _renamed(node: Any, refs: dict[str, str]) -> Any:
    """``node`` with its properties named by ``MI_KEYS`` and its ``refs`` pointed at mi forms."""
    if isinstance(node, list):
        return [_renamed(n, refs) for n in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref":
            out[key] = refs.get(value, value)
        elif key == "properties":
            out[key] = {MI_KEYS.get(k, k): _renamed(v, refs) for k, v in value.items()}
        elif key == "required":
            out[key] = [MI_KEYS.get(k, k) for k in value]
        else:
            out[key] = _renamed(value, refs)
    return out


def _in_units(schema: dict[str, Any]) -> dict[str, Any]:
    """A km-keyed document schema as ``anyOf`` its km and mi forms."""
    defs = schema.pop("$defs", {})
    top: dict[str, Any] = {k: schema.pop(k) for k in ("title", "description") if k in schema}
    refs = {f"#/$defs/{n}": f"#/$defs/{n}Mi" for n in UNIT_ROWS if n in defs}
    mi = _renamed(schema, refs)
    for n in UNIT_ROWS:
        if n in defs:
            defs[f"{n}Mi"] = _renamed(defs[n], refs)
    for form, unit in ((schema, "km"), (mi, "mi")):
        if "units" in form.get("properties", {}):
            form["properties"]["units"] = {"const": unit}
    return {**top, "anyOf": [schema, mi], "$defs": defs}


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the document ``name``."""
    shape, unit_keyed = _shapes()[name]
    generated = _tighten(TypeAdapter(shape).json_schema(mode="serialization"))
    if unit_keyed:
        generated = _in_units(generated)
    generated.pop("title", None)
    return {"$schema": DIALECT, "title": name, **generated}


def names() -> list[str]:
    """Every document's name (its schema is ``SCHEMA_DIR / f"{name}.json"``)."""
    return list(_shapes())


def render(name: str) -> str:
    """The schema file's text: indented, non-ASCII kept, one newline at the end."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"


def stale() -> list[str]:
    """The schema files missing or different from what their document generates, and those
    no document has."""
    known = {f"{n}.json": n for n in names()}
    out = [
        f
        for f, n in known.items()
        if not (p := SCHEMA_DIR / f).exists() or p.read_text() != render(n)
    ]
    return out + sorted(p.name for p in SCHEMA_DIR.glob("*.json") if p.name not in known)


def main(argv: list[str]) -> int:
    """Write every schema, or with ``--check`` list the stale ones (exit 1 if any)."""
    if "--check" in argv:
        for name in stale():
            print(f"{SCHEMA_DIR / name}: stale; run `make schemas`", file=sys.stderr)
        return 1 if stale() else 0
    SCHEMA_DIR.mkdir(exist_ok=True)
    for extra in SCHEMA_DIR.glob("*.json"):
        if extra.stem not in names():
            extra.unlink()
    for name in names():
        (SCHEMA_DIR / f"{name}.json").write_text(render(name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
