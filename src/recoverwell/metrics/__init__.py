"""Metrics: pure, vectorised functions over numpy arrays (no I/O, no store, no web).

Import contract (pyproject.toml, `make lint`): this package imports only ``recoverwell.core`` and
numpy. Each metric declares its spec (symbol, units, inputs, source) and documents its formula.
"""
