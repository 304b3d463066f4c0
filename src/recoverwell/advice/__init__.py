"""Advice: rules over metric results that return findings as data (no I/O, no store, no web).

Import contract (pyproject.toml, `make lint`): this package imports only ``recoverwell.core``,
``recoverwell.metrics`` and numpy.
"""
