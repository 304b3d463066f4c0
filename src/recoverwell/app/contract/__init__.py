"""The result contract: the JSON every interface gives for the app's results.

The frozen result dataclasses (``Readiness``, ``TrainingTable``, ``ImportReport``, …) are the
public API. This module turns them into JSON documents, one shape per result, used by the CLI's
``--json`` (and ``--csv``, which flattens the same rows) and, later, by the REST API, so both
give the same shape. Each document is a ``TypedDict`` below; its values may still be results,
dates, enums or NaN, and ``to_json`` makes them JSON values: a dataclass becomes an object of
its fields, a date an ISO string, an enum its value, a non-finite float ``null``.

Every document has a JSON Schema, generated from these types by ``app/contract_schemas.py``
(pydantic, which is loaded only there: a command's start-up stays light) and committed in
``app/schemas/<document>.json``; ``tests/cli/test_json_contract.py`` validates each command's
``--json`` against its schema (docs/architecture.md, "Results and their JSON").

Rows in the athlete's units (the daily training table, weeks, gear) are declared with their km
keys; for an athlete in miles ``MI_KEYS`` names them (``distance_km`` → ``distance_mi``,
``descent_7d_m`` → ``descent_7d_ft``), values converted, keys in the same order.

Modules: ``values`` (``to_json``, ``in_units``), ``rows`` (the flat records, also the CSV
rows), ``documents`` (one per command), ``generate`` (the schemas; run it after changing a
shape: ``make schemas``). The result types are imported for type checking only: the mapping
reads attributes, so ``recoverwell readiness --json`` loads no import pipeline or check-in
module to map its verdict.
"""
