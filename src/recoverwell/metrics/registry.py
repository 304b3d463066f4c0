"""The metric registry: ``@metric`` specs, declared inputs, and a dependency-ordered plan.

A metric is a pure function over numpy arrays. ``@metric(...)`` records its ``MetricSpec`` (the
Python form of GoldenCheetah's RideMetric metadata) and refuses, at import time, a duplicate
symbol or a docstring without ``Formula:``, ``Units:`` and ``Source:`` sections. ``plan()``
resolves the dependency order of the metrics asked for and raises ``MetricInputError`` when a
dependency is missing or cyclic (GoldenCheetah only logs it). ``evaluate()`` runs a plan.

Inputs a metric may depend on are either other metrics or *declared inputs*: the base series the
app layer builds from the store (``declare_input``), e.g. ``daily_load_au`` or ``hr_bpm``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Literal, TypeVar

import numpy as np
import numpy.typing as npt

from recoverwell.core.errors import MetricInputError

Aggregation = Literal["sum", "mean", "max", "last", "none"]
REQUIRED_SECTIONS = ("Formula:", "Units:", "Source:")


class Validity(IntEnum):
    """How well a metric is supported by evidence (after GoldenCheetah's 0–5 validity field)."""

    EXPERIMENTAL = 1  # our own construction, not yet checked against outcomes
    HEURISTIC = 2  # a coaching rule of thumb (TSB zones, ACWR bands)
    USEFUL = 3  # widely used, consistent in practice (TRIMP, sRPE, monotony)
    VALIDATED = 4  # validated against physiological criteria in peer-reviewed work
    STANDARD = 5  # a definition (distance, duration, rMSSD)


@dataclass(frozen=True, slots=True)
class InputSpec:
    """A base series the app layer provides to the metrics."""

    symbol: str
    units: str
    description: str


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """What a metric is: symbol (stable, used in the DB, API and CLI), units, inputs, source."""

    symbol: str
    title: str
    units: str
    inputs: tuple[str, ...]
    aggregation: Aggregation
    validity: Validity
    source: str
    family: str
    func: Callable[..., npt.NDArray[np.float64]]

    @property
    def doc(self) -> str:
        """The function's docstring (formula, units, source)."""
        return inspect.getdoc(self.func) or ""

    @property
    def params(self) -> dict[str, Any]:
        """Keyword parameters and their defaults (every parameter has a unit suffix)."""
        return {
            name: p.default
            for name, p in inspect.signature(self.func).parameters.items()
            if p.kind is inspect.Parameter.KEYWORD_ONLY
        }


METRICS: dict[str, MetricSpec] = {}
INPUTS: dict[str, InputSpec] = {}

F = TypeVar("F", bound=Callable[..., Any])


def declare_input(symbol: str, units: str, description: str) -> None:
    """Declare a base series metrics may take as input (idempotent for identical declarations)."""
    spec = InputSpec(symbol, units, description)
    if INPUTS.get(symbol, spec) != spec:
        raise ValueError(f"input {symbol!r} declared twice with different specs")
    if symbol in METRICS:
        raise ValueError(f"{symbol!r} is already a metric")
    INPUTS[symbol] = spec


def metric(
    *,
    symbol: str,
    title: str,
    units: str,
    inputs: tuple[str, ...],
    aggregation: Aggregation,
    validity: Validity,
    source: str,
) -> Callable[[F], F]:
    """Register a metric function under ``symbol`` (see the module docstring for the rules)."""

    def register(func: F) -> F:
        if symbol in METRICS or symbol in INPUTS:
            raise ValueError(f"metric symbol {symbol!r} registered twice")
        doc = inspect.getdoc(func) or ""
        missing = [s for s in REQUIRED_SECTIONS if s not in doc]
        if missing:
            raise ValueError(f"metric {symbol!r}: docstring lacks {', '.join(missing)}")
        family = func.__module__.rsplit(".", 1)[-1]
        METRICS[symbol] = MetricSpec(
            symbol, title, units, tuple(inputs), aggregation, validity, source, family, func
        )
        return func

    return register


def plan(targets: Iterable[str]) -> list[MetricSpec]:
    """The metrics needed for ``targets``, each after the metrics it depends on.

    Raises MetricInputError naming the symbol when a dependency is neither a metric nor a
    declared input, or when the dependencies form a cycle.
    """
    order: list[MetricSpec] = []
    state: dict[str, Literal["visiting", "done"]] = {}

    def visit(symbol: str, chain: tuple[str, ...]) -> None:
        if symbol in INPUTS or state.get(symbol) == "done":
            return
        if state.get(symbol) == "visiting":
            cycle = " → ".join((*chain[chain.index(symbol) :], symbol))
            raise MetricInputError(f"cyclic metric dependency: {cycle}")
        spec = METRICS.get(symbol)
        if spec is None:
            needed_by = f" (needed by {chain[-1]!r})" if chain else ""
            raise MetricInputError(f"unknown metric or input {symbol!r}{needed_by}")
        state[symbol] = "visiting"
        for dependency in spec.inputs:
            visit(dependency, (*chain, symbol))
        state[symbol] = "done"
        order.append(spec)

    for target in targets:
        visit(target, ())
    return order


def evaluate(
    targets: Iterable[str],
    inputs: Mapping[str, npt.NDArray[np.float64]],
    params: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, npt.NDArray[np.float64]]:
    """Run the plan for ``targets`` on ``inputs``; returns every computed series by symbol.

    ``params[symbol]`` holds keyword parameters for that metric (defaults otherwise).
    """
    values: dict[str, npt.NDArray[np.float64]] = dict(inputs)
    for spec in plan(targets):
        missing = [s for s in spec.inputs if s not in values]
        if missing:
            raise MetricInputError(f"metric {spec.symbol!r} needs input(s) {', '.join(missing)}")
        args = [values[s] for s in spec.inputs]
        values[spec.symbol] = spec.func(*args, **dict((params or {}).get(spec.symbol, {})))
    return values
