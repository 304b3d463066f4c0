"""Metrics: pure, vectorised functions over numpy arrays (no I/O, no store, no web).

Import contract (pyproject.toml, `make lint`): this package imports only ``recoverwell.core`` and
numpy. Each metric declares its spec (symbol, units, inputs, source) and documents its formula.

``load_metric_families()`` imports every family module, so the registry is complete (the docs
and the registry tests walk it).
"""

import importlib

#: Modules whose import registers metrics (one module per family, STYLE.md §2.1 pattern 3).
METRIC_FAMILIES = (
    "load",
    "pace",
    "pmc",
    "acwr",
    "monotony",
    "volume",
    "hrv",
    "rhr",
    "sleep",
    "wellness",
    "body",
    "estimates",
)


def load_metric_families() -> None:
    """Import every metric family so that ``registry.METRICS`` holds all of them."""
    for family in METRIC_FAMILIES:
        importlib.import_module(f"recoverwell.metrics.{family}")
